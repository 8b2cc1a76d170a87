from django.db.models import QuerySet

from spontaan.accounts.models import User
from spontaan.core.rows import CompiledSelect

from .models import Notification

# On every page of someone logged in (the badge in the header); index (user, read_at).
_UNREAD = CompiledSelect(Notification, (), where=(("user", "="), ("read_at", "IS NULL")))


def notification_unread_count(*, user: User) -> int:
    return _UNREAD.count(user.pk)


def notification_list(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")
