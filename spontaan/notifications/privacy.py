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
