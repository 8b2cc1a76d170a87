"""What the tender contributes to "export my data" and to account deletion."""

from spontaan.accounts.erasure import register_eraser
from spontaan.accounts.export import register_exporter
from spontaan.accounts.models import User

from .models import Application, Review, SpendingReport, Submission


def tender_export(user: User) -> dict:
    return {
        "applications_started": list(
            Application.objects.filter(created_by=user).values(
                "id",
                "scheme__name",
                "initiative_id",
                "status",
                "amount_requested",
                "plan",
                "themes",
                "created_at",
                "first_submitted_at",
            )
        ),
        "submissions": list(
            Submission.objects.filter(submitted_by=user).values(
                "application_id", "number", "submitted_at", "answer_to_questions"
            )
        ),
        "reviews": [
            {
                "application": r.application_id,
                "conflict_of_interest": r.conflict_of_interest,
                "conflict_note": r.conflict_note,
                "comment": r.comment,
                "submitted_at": r.submitted_at,
                "scores": [
                    {"criterion": s.criterion.name, "value": s.value, "motivation": s.motivation}
                    for s in r.scores.all()
                ],
            }
            for r in Review.objects.filter(reviewer=user).prefetch_related("scores__criterion")
        ],
        "spending_reports": list(
            SpendingReport.objects.filter(submitted_by=user).values(
                "application_id", "realised_euros", "text", "submitted_at"
            )
        ),
    }


def tender_erase(user: User) -> None:
    """Applications, reviews and decisions are records of public money: they stay, under the
    pseudonym the account gets. Nothing here serves only the person."""


def register() -> None:
    register_exporter("tender", tender_export)
    register_eraser("tender", tender_erase)
