"""Notifications in the site and by e-mail.

`notify` writes the in-site notifications in the caller's transaction and, once that commits,
queues e-mail for the people who get this kind at once. Everyone else gets it in the next
digest, which `notifications.mail.send_digests` builds only for people with something new.
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from spontaan.accounts.models import EmailMode, User
from spontaan.accounts.selectors import user_email_modes

from .kinds import notification_kinds
from .models import Notification


def notify(
    *,
    user_ids: Iterable[int],
    kind: str,
    title: str,
    url: str,
    data: dict | None = None,
    exclude_user_id: int | None = None,
) -> list[Notification]:
    instant_kind = notification_kinds.get(kind).instant  # an unknown kind is a programming error
    ids = {uid for uid in user_ids if uid is not None and uid != exclude_user_id}
    if not ids:
        return []
    modes = user_email_modes(user_ids=ids)
    notifications = Notification.objects.bulk_create(
        [
            Notification(user_id=uid, kind=kind, title=title[:200], url=url, data=data or {})
            for uid in sorted(modes)
        ]
    )
    instant_ids = [
        n.pk
        for n in notifications
        if modes[n.user_id] == EmailMode.INSTANT
        or (instant_kind and modes[n.user_id] != EmailMode.NONE)
    ]
    if instant_ids:
        from .tasks import send_instant_notifications

        transaction.on_commit(lambda: send_instant_notifications.enqueue(instant_ids))
    return notifications


@transaction.atomic
def notification_mark_read(*, user: User, notification_id: int | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())
