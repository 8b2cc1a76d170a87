"""Background tasks for account e-mail. Safe to retry: sending twice does no harm."""

from django_tasks import task

from . import mail
from .models import User


def _recipient(user_id: int) -> User | None:
    return User.objects.filter(pk=user_id, is_active=True, deleted_at__isnull=True).first()


@task()
def send_verification_email(user_id: int) -> bool:
    user = _recipient(user_id)
    if user is None or user.email_verified_at is not None:
        return False
    mail.send_verification_email(user)
    return True


@task()
def send_signup_attempt_email(user_id: int) -> bool:
    user = _recipient(user_id)
    if user is None:
        return False
    mail.send_signup_attempt_email(user)
    return True
