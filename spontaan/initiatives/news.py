"""Team news: team members post a title and a Markdown text on their initiative. It goes on
the initiative page, on the timeline, to the followers, in the API and in the search, and it
is moderatable (kind "news", see moderation.py)."""

from django.db import transaction
from django.utils.translation import gettext as _

from spontaan.accounts.models import User
from spontaan.core import validation
from spontaan.core.markdown import render_markdown
from spontaan.moderation.selectors import account_is_new, require_contribution_allowed

from .effects import notify_people, record_event, require_login, require_team
from .kinds import EventKey, NoticeKey
from .models import Initiative, NewsItem


@transaction.atomic
def news_post(*, user: User, initiative: Initiative, title: str, text: str) -> NewsItem:
    """A team member posts news; followers and the team hear of it."""
    require_login(user)
    require_team(user, initiative)
    with validation.collect() as check:
        title = check.text("title", title, model=NewsItem, single_line=True, label=_("Title"))
        text = check.text("text", text, model=NewsItem, label=_("Text"))
    require_contribution_allowed(user=user)
    item = NewsItem.objects.create(
        initiative=initiative,
        author=user,
        title=title,
        text=text,
        # Links of accounts that have not taken part yet are not clickable (spam).
        text_html=render_markdown(text, links=not account_is_new(user=user)),
    )
    record_event(initiative, EventKey.NEWS, user, data={"news": item.pk, "title": item.title})
    notify_people(initiative, NoticeKey.NEWS, actor=user, data={"news": item.pk})
    return item
