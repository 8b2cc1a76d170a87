"""What keeps an application from being submitted, checked at submission and shown while
the team edits it."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from spontaan.initiatives.rules import ENDED
from spontaan.places.selectors import city_profile_themes
from spontaan.tender.money.selectors import grant_room_left
from spontaan.tender.schemes.selectors import scheme_municipality_ids

from ..models import Application, ApplicationStatus, Mode, Scheme, SchemeStatus, Tranche
from ..rules import TRANCHE_OPEN, TRANCHE_UPCOMING, budget_totals, tranche_state


def current_tranche(scheme: Scheme, day: date | None = None) -> Tranche | None:
    """The tranche that takes applications on `day` (today by default), or None."""
    day = day or timezone.localdate()
    return next((t for t in scheme.tranches.all() if tranche_state(t, day) == TRANCHE_OPEN), None)


def eligibility_problems(application: Application, *, day: date | None = None) -> dict:
    """Everything that keeps the application from being submitted, by field, with reasons."""
    scheme, initiative = application.scheme, application.initiative
    errors: dict = {}
    if scheme.status != SchemeStatus.OPEN:
        errors.setdefault("scheme", []).append(_("The scheme is not open for applications."))
    if (
        scheme.mode == Mode.TRANCHES
        and application.status == ApplicationStatus.DRAFT
        and current_tranche(scheme, day) is None
    ):
        upcoming = next(
            (
                t
                for t in scheme.tranches.all()
                if tranche_state(t, day or timezone.localdate()) == TRANCHE_UPCOMING
            ),
            None,
        )
        message = _("No tranche is open: the last one has closed.")
        if upcoming:
            message = _("No tranche is open now; the next one, %(name)s, opens on %(date)s.") % {
                "name": upcoming.name,
                "date": upcoming.opens_on.strftime("%d-%m-%Y"),
            }
        errors.setdefault("scheme", []).append(message)
    if initiative.municipality_id not in scheme_municipality_ids(scheme):
        errors.setdefault("scheme", []).append(
            _("The scheme does not cover %(municipality)s.")
            % {"municipality": initiative.municipality.name},
        )
    if scheme.eligible_categories and initiative.category not in scheme.eligible_categories:
        errors.setdefault("scheme", []).append(
            _("Initiatives of the category “%(category)s” cannot apply to this scheme.")
            % {"category": initiative.get_category_display()},
        )
    if initiative.status in ENDED:
        errors.setdefault("scheme", []).append(_("A realised or stopped initiative cannot apply."))
    if initiative.is_hidden:
        errors.setdefault("scheme", []).append(_("The initiative is hidden by a moderator."))
    if not application.plan.strip():
        errors.setdefault("plan", []).append(_("Describe what you will do with the money."))
    if application.amount_requested <= 0:
        errors.setdefault("amount_requested", []).append(_("Say how much you ask for."))
    elif application.amount_requested > scheme.max_per_initiative_euros:
        errors.setdefault("amount_requested", []).append(
            _("The scheme gives at most € %(max)s per initiative.")
            % {"max": scheme.max_per_initiative_euros},
        )
    elif application.amount_requested > (room := grant_room_left(application=application)):
        errors.setdefault("amount_requested", []).append(
            _(
                "The scheme gives at most € %(max)s per initiative, and € %(had)s of it "
                "was granted to this initiative before: you can ask for € %(room)s."
            )
            % {
                "max": scheme.max_per_initiative_euros,
                "had": scheme.max_per_initiative_euros - room,
                "room": room,
            },
        )
    lines = list(application.budget_lines.all())
    if not lines:
        errors.setdefault("budget_lines", []).append(
            _("Add a budget plan: what it costs and who pays what.")
        )
    else:
        totals = budget_totals(lines)
        if totals["asked"] != application.amount_requested:
            errors.setdefault("budget_lines", []).append(
                _(
                    "The lines asked from the scheme add up to € %(asked)s, but you ask "
                    "for € %(amount)s."
                )
                % {"asked": totals["asked"], "amount": application.amount_requested},
            )
        # Compare exactly: the rounded percentage would let 19.96% pass for 20%.
        if 100 * totals["cofinancing"] < scheme.min_cofinancing_percent * totals["total"]:
            errors.setdefault("budget_lines", []).append(
                _("The scheme asks for at least %(min)s%% co-financing; your plan has %(pct)s%%.")
                % {
                    "min": scheme.min_cofinancing_percent,
                    "pct": int(1000 * totals["cofinancing"] / totals["total"]) / 10,
                },
            )
    if city_profile_themes(municipality_id=initiative.municipality_id) and not application.themes:
        errors.setdefault("themes", []).append(
            _("Say which themes of the city profile the initiative strengthens.")
        )
    return errors
