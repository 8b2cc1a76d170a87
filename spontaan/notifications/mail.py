"""Composing and sending notification e-mail (instant and digest)."""

from datetime import timedelta
from itertools import groupby

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone, translation

from spontaan.accounts.models import EmailMode, User
from spontaan.accounts.selectors import users_due_a_digest
from spontaan.accounts.services import user_digest_sent

from .models import Notification

DIGEST_INTERVAL = {
    EmailMode.DAILY_DIGEST: timedelta(days=1),
    EmailMode.WEEKLY_DIGEST: timedelta(days=7),
}


def _groups(notifications: list[Notification]) -> list[tuple[str, list[Notification]]]:
    """Group by subject (title and link), groups ordered by their newest notification."""
    groups: dict[tuple[str, str], list[Notification]] = {}
    for n in notifications:  # already newest first
        groups.setdefault((n.title, n.url), []).append(n)
    return [(title, items) for (title, _url), items in groups.items()]


def _send(user: User, notifications: list[Notification], template: str) -> None:
    with translation.override(user.language or "nl"):
        context = {
            "user": user,
            "notifications": notifications,
            "site_url": settings.SITE_URL,
            "groups": _groups(notifications),
        }
        subject = render_to_string(f"notifications/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"notifications/email/{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def send_instant(notification_ids: list[int]) -> int:
    sent = 0
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update()
            .filter(pk__in=notification_ids, emailed_at__isnull=True)
            .select_related("user")
            .order_by("user_id", "-created_at")
        )
        for _user_id, group in groupby(pending, key=lambda n: n.user_id):
            items = list(group)
            _send(items[0].user, items, "instant")
            sent += len(items)
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(
            emailed_at=timezone.now()
        )
    return sent


def send_digests(now=None) -> int:
    """One grouped, newest-first e-mail per person whose digest is due and who has news.

    Only people with un-mailed notifications are read, so the work grows with the news,
    not with the number of accounts.
    """
    now = now or timezone.now()
    sent = 0
    for mode, interval in DIGEST_INTERVAL.items():
        has_news = Notification.objects.filter(user=OuterRef("pk"), emailed_at__isnull=True)
        due_users = users_due_a_digest(email_mode=mode, last_before=now - interval).filter(
            Exists(has_news)
        )
        for user in due_users.iterator(chunk_size=500):
            with transaction.atomic():
                items = list(
                    Notification.objects.select_for_update()
                    .filter(user=user, emailed_at__isnull=True)
                    .order_by("-created_at", "-id")[:200]
                )
                if not items:
                    continue
                _send(user, items, "digest")
                Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=now)
                user_digest_sent(user_id=user.pk, at=now)
                sent += 1
    return sent
