from spontaan.accounts.erasure import register_eraser
from spontaan.accounts.export import register_exporter
from spontaan.accounts.models import User

from .models import Notification


def notifications_export(user: User) -> list[dict]:
    return list(
        Notification.objects.filter(user=user).values(
            "kind", "title", "url", "created_at", "read_at", "emailed_at"
        )
    )


def notifications_erase(user: User) -> None:
    Notification.objects.filter(user=user).delete()


def register() -> None:
    register_exporter("notifications", notifications_export)
    register_eraser("notifications", notifications_erase)
