"""What moderation keeps about a person, in "export my data": the reports they made and the
objections they wrote. Not who reported their content (that stays with the moderators)."""

from spontaan.accounts.export import register_exporter
from spontaan.accounts.models import User

from .models import Case, Report


def moderation_export(user: User) -> dict:
    return {
        "reports": list(
            Report.objects.filter(reporter=user).values(
                "case__kind", "case__object_id", "reason", "note", "created_at", "outcome"
            )
        ),
        "objections": list(
            Case.objects.filter(author=user, objected_at__isnull=False).values(
                "kind", "object_id", "objection", "objected_at"
            )
        ),
    }


def register() -> None:
    register_exporter("moderation", moderation_export)
