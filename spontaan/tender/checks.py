"""What the tender's writes share: input checks, permission checks and locks.

Who may do what:
- a programme manager of every municipality a scheme covers sets the scheme up (budget,
  co-funders, criteria, tranches, panel, mode);
- the team of an initiative applies, answers questions, withdraws and reports spending;
- a panel member (who holds the reviewer role in one of the scheme's municipalities) scores,
  unless they declared a conflict of interest or are on the initiative's team;
- a programme manager of the initiative's municipality decides and books payments and
  releases.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from spontaan.accounts.models import Role, User
from spontaan.accounts.selectors import (
    require_verified_user,
    role_holder_ids,
    user_has_role,
    user_roles,
)
from spontaan.core.validation import FieldErrors
from spontaan.initiatives.models import Initiative
from spontaan.initiatives.selectors import initiative_is_team_member
from spontaan.tender.fairness import exclusion
from spontaan.tender.schemes.selectors import scheme_municipality_ids

from .models import Application, Reviewer, Scheme

MAX_EUROS = 100_000_000  # a sanity bound on any amount typed in


require_login = require_verified_user


# The tender's amounts: whole euros, required unless said otherwise, with messages that speak
# of euros. Other numbers (percentages, days, weights) use FieldErrors.whole_number directly.
EURO_MESSAGES = {
    "invalid": _lazy("%(label)s must be a whole number of euros."),
    "min_value": _lazy("%(label)s must be at least € %(min)s."),
    "max_value": _lazy("%(label)s may be at most € %(max)s."),
}


def whole_number(
    errors: FieldErrors,
    field: str,
    value,
    *,
    label: str,
    minimum: int = 0,
    maximum: int = MAX_EUROS,
    required: bool = True,
    euros: bool = True,
) -> int | None:
    """A whole number (of euros, unless `euros` is False) through the one input check."""
    return errors.whole_number(
        field,
        value,
        label=label,
        minimum=minimum,
        maximum=maximum,
        required=required,
        messages={k: str(v) for k, v in EURO_MESSAGES.items()} if euros else None,
    )


def require_scheme_manager(user: User, scheme: Scheme) -> None:
    """Setting up a scheme needs the programme-manager role in every municipality it covers."""
    require_login(user)
    held = user_roles(user=user)
    ids = scheme_municipality_ids(scheme)
    if not ids or any(Role.PROGRAMME_MANAGER not in held.get(m, set()) for m in ids):
        raise PermissionDenied(
            _("Only a programme manager of every municipality in this scheme may change it.")
        )


def require_decider(user: User, application: Application) -> None:
    """A programme manager of the initiative's municipality, who is not excluded by a
    conflict of interest (see tender.fairness)."""
    require_login(user)
    if exclusion(user=user, application=application):
        raise PermissionDenied(
            _(
                "You are or were on this initiative's team, or declared a conflict of "
                "interest, so another programme manager decides on it and books its money."
            )
        )
    if not user_has_role(
        user=user,
        municipality_id=application.initiative.municipality_id,
        role=Role.PROGRAMME_MANAGER,
    ):
        raise PermissionDenied(
            _("Only a programme manager of %(municipality)s may decide on this application.")
            % {"municipality": application.initiative.municipality.name}
        )


def require_team(user: User, initiative: Initiative) -> None:
    require_login(user)
    if not initiative_is_team_member(user=user, initiative=initiative):
        raise PermissionDenied(_("Only the initiative's team may do this."))


def lock_application(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("scheme", "initiative__municipality", "tranche")
        .get(pk=application.pk)
    )


def lock_scheme(scheme_id: int) -> Scheme:
    """Every write that can change what is committed takes this lock first."""
    return Scheme.objects.select_for_update().get(pk=scheme_id)


def panel_user_ids(scheme: Scheme) -> list[int]:
    return list(Reviewer.objects.filter(scheme=scheme).values_list("user_id", flat=True))


def manager_user_ids(municipality_id: int) -> set[int]:
    return role_holder_ids(role=Role.PROGRAMME_MANAGER, municipality_ids=[municipality_id])
