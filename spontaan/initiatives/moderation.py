"""Initiatives and team news as moderatable content (moderation.kinds): how moderation sees
them, and the one write it asks of this app, setting the hidden flag with its reason.

The moderation app checks the moderator's role, keeps the reports and decisions and writes
the audit trail; these functions are called only through the registry."""

from datetime import datetime

from django.db.models import Q
from django.http import Http404
from django.utils.text import Truncator

from spontaan.core.validation import parse_id
from spontaan.moderation.kinds import Content

from .effects import touch_initiative
from .models import Initiative, NewsItem
from .selectors import access_initiative, access_news

INITIATIVE = "initiative"
NEWS = "news"
_REASON_MAX = 300


def _period(field: str, since: datetime | None, before: datetime | None) -> Q:
    condition = Q()
    if since is not None:
        condition &= Q(**{f"{field}__gte": since})
    if before is not None:
        condition &= Q(**{f"{field}__lt": before})
    return condition


def _initiative_content(i: Initiative) -> Content:
    return Content(
        kind=INITIATIVE,
        object_id=str(i.pk),
        title=i.title,
        url=i.get_absolute_url(),
        municipality_id=i.municipality_id,
        author_id=i.created_by_id,
        excerpt=Truncator(f"{i.summary}\n\n{i.story}").chars(600),
        is_hidden=i.is_hidden,
    )


def initiative_access(user, object_id: str) -> Content | None:
    pk = parse_id(object_id)
    try:
        return _initiative_content(access_initiative(user=user, initiative_id=pk)) if pk else None
    except Http404:
        return None


def initiative_describe(ids: list[str]) -> dict[str, Content]:
    pks = [n for n in map(parse_id, ids) if n is not None]
    return {str(i.pk): _initiative_content(i) for i in Initiative.objects.filter(pk__in=pks)}


def initiative_set_hidden(object_id: str, hidden: bool, reason: str) -> None:
    Initiative.objects.filter(pk=int(object_id)).update(
        is_hidden=hidden, hidden_reason=reason[:_REASON_MAX]
    )
    for initiative in Initiative.objects.filter(pk=int(object_id)).select_related("municipality"):
        touch_initiative(initiative)


def initiative_authored(user_id: int, since: datetime | None, before: datetime | None) -> int:
    return Initiative.objects.filter(
        _period("created_at", since, before), created_by_id=user_id, is_hidden=False
    ).count()


def _news_content(n: NewsItem) -> Content:
    return Content(
        kind=NEWS,
        object_id=str(n.pk),
        title=n.title,
        url=n.get_absolute_url(),
        municipality_id=n.initiative.municipality_id,
        author_id=n.author_id,
        excerpt=Truncator(n.text).chars(600),
        is_hidden=n.is_hidden,
    )


def news_access(user, object_id: str) -> Content | None:
    pk = parse_id(object_id)
    try:
        return _news_content(access_news(user=user, news_id=pk)) if pk else None
    except Http404:
        return None


def news_describe(ids: list[str]) -> dict[str, Content]:
    pks = [n for n in map(parse_id, ids) if n is not None]
    found = NewsItem.objects.filter(pk__in=pks).select_related("initiative")
    return {str(n.pk): _news_content(n) for n in found}


def news_set_hidden(object_id: str, hidden: bool, reason: str) -> None:
    NewsItem.objects.filter(pk=int(object_id)).update(
        is_hidden=hidden, hidden_reason=reason[:_REASON_MAX]
    )
    for item in NewsItem.objects.filter(pk=int(object_id)).select_related(
        "initiative__municipality"
    ):
        touch_initiative(item.initiative)


def news_authored(user_id: int, since: datetime | None, before: datetime | None) -> int:
    return NewsItem.objects.filter(
        _period("created_at", since, before), author_id=user_id, is_hidden=False
    ).count()
