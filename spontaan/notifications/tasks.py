"""Background tasks that send notification e-mail. Safe to retry: sent items are marked."""

from django_tasks import task

from .mail import send_digests, send_instant


@task()
def send_instant_notifications(notification_ids: list[int]) -> int:
    return send_instant(notification_ids)


@task()
def send_notification_digests() -> int:
    return send_digests()
