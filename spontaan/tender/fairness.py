"""Conflict of interest: who may not assess or decide on an application, and which reviews
count. One rule, used when scoring, when computing the panel's means and when deciding.

A person is excluded from an application when
- they are, or ever were, on its initiative's team (the initiatives app keeps the team's
  history, and joining takes the person's own yes, so leaving the team does not lift the
  exclusion and nobody can be excluded by being put on a team), or
- they declared a conflict of interest for it.

A review counts only when it is submitted and its author is not excluded: a score given before
its author joined the team stops counting the moment they join.
"""

from django.db.models import Count, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from spontaan.accounts.models import User
from spontaan.initiatives.selectors import (
    ever_on_team_condition,
    initiative_ever_team_user_ids,
    initiative_was_team_member,
)

from .models import Application, Review

TEAM = "team"
CONFLICT = "conflict"


def exclusion(*, user: User, application: Application) -> str:
    """Why this person may not assess or decide on this application ("" when they may)."""
    if initiative_was_team_member(user=user, initiative=application.initiative):
        return TEAM
    if Review.objects.filter(
        application=application, reviewer=user, conflict_of_interest=True
    ).exists():
        return CONFLICT
    return ""


def excluded_user_ids(application: Application) -> set[int]:
    """Everyone excluded from this application: ever on the team, or a declared conflict."""
    declared = Review.objects.filter(application=application, conflict_of_interest=True)
    return initiative_ever_team_user_ids(initiative=application.initiative) | set(
        declared.values_list("reviewer_id", flat=True)
    )


def counted_reviews(reviews: QuerySet, *, via: str = "") -> QuerySet:
    """The rows of `reviews` whose review counts. `via` is the lookup from the queryset's
    model to the review ("" for reviews themselves, "review__" for scores)."""
    return reviews.filter(
        **{f"{via}submitted_at__isnull": False, f"{via}conflict_of_interest": False}
    ).exclude(
        ever_on_team_condition(
            user_field=f"{via}reviewer", initiative_field=f"{via}application__initiative"
        )
    )


def counted_review_count() -> Coalesce:
    """An annotation for applications: how many of their reviews count."""
    counted = (
        counted_reviews(Review.objects.filter(application=OuterRef("pk")))
        .order_by()
        .values("application")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(counted), Value(0))
