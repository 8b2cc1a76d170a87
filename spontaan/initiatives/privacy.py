"""What the initiatives app contributes to "export my data" and to account deletion."""

from spontaan.accounts.erasure import register_eraser
from spontaan.accounts.export import register_exporter
from spontaan.accounts.models import User

from .models import (
    Ask,
    Follow,
    Initiative,
    NewsItem,
    RuleConflict,
    TeamInvitation,
    TimelineEvent,
)


def initiatives_export(user: User) -> dict:
    return {
        "started": list(
            Initiative.objects.filter(created_by=user).values(
                "id",
                "title",
                "summary",
                "story",
                "status",
                "category",
                "address",
                "latitude",
                "longitude",
                "offers",
                "created_at",
            )
        ),
        "team_memberships": list(
            Initiative.objects.filter(team__actor__user=user).values(
                "id", "title", "team__role", "team__added_at", "team__left_at"
            )
        ),
        "team_invitations_received": list(
            TeamInvitation.objects.filter(email__iexact=user.email).values(
                "initiative_id", "role", "status", "created_at", "answered_at"
            )
        ),
        "team_invitations_sent": list(
            TeamInvitation.objects.filter(invited_by=user).values(
                "initiative_id", "email", "role", "status", "created_at"
            )
        ),
        "following": list(Follow.objects.filter(user=user).values("initiative_id", "created_at")),
        "asks": list(
            Ask.objects.filter(created_by=user).values(
                "id", "initiative_id", "kind", "title", "text", "is_small", "amount", "created_at"
            )
        ),
        "conflicts": list(
            RuleConflict.objects.filter(created_by=user).values(
                "id", "initiative_id", "rule_kind", "rule", "description", "created_at"
            )
        ),
        "team_news": list(
            NewsItem.objects.filter(author=user).values(
                "id", "initiative_id", "title", "text", "created_at", "is_hidden", "hidden_reason"
            )
        ),
        "timeline_posts": list(
            TimelineEvent.objects.filter(user=user, kind__in=["update", "response"]).values(
                "initiative_id", "kind", "text", "created_at"
            )
        ),
    }


def initiatives_erase(user: User) -> None:
    """Contributions stay (under the pseudonym); what only served the person goes."""
    Follow.objects.filter(user=user).delete()
    # Invitations name the person's e-mail address; the team's history lives in its terms.
    TeamInvitation.objects.filter(email__iexact=user.email).delete()


def register() -> None:
    register_exporter("initiatives", initiatives_export)
    register_eraser("initiatives", initiatives_erase)
