"""Writes of schemes: setting up, basics and co-funders, criteria, status, tranches, mode
and panel. Each checks permission and the rules and runs in one transaction."""

from collections.abc import Iterable
from datetime import date, datetime
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from spontaan.accounts.models import Role, User
from spontaan.accounts.selectors import (
    role_holder_by_email,
    user_roles,
)
from spontaan.core.audit import audit_log
from spontaan.core.markdown import render_markdown
from spontaan.core.validation import FieldErrors
from spontaan.initiatives.models import Category
from spontaan.places.models import Municipality, Region
from spontaan.tender.checks import (
    lock_scheme,
    require_login,
    require_scheme_manager,
    whole_number,
)
from spontaan.tender.money.selectors import scheme_ledger_state
from spontaan.tender.schemes.selectors import scheme_criteria_locked, scheme_municipality_ids

from .. import ledger
from ..changes import scheme_changed
from ..models import Criterion, Mode, Phase, Reviewer, Scheme, SchemeStatus, Tranche
from ..rules import SCHEME_EDITABLE_FIELDS

DEFAULT_CRITERIA = [
    (
        "Past bij het stadsprofiel",
        "Fit with the city profile",
        25,
        "Versterkt het initiatief het profiel van de binnenstad?",
    ),
    (
        "Structureel effect op leefbaarheid en aantrekkelijkheid",
        "Structural effect on liveability and attractiveness",
        30,
        "Blijft het effect na afloop van het project?",
    ),
    (
        "Cofinanciering",
        "Co-financing",
        15,
        "Welk deel brengen initiatiefnemers en partners zelf in?",
    ),
    ("Draagvlak en netwerk", "Support and network", 15, "Wie doen er mee, wie steunen het?"),
    ("Haalbaarheid", "Feasibility", 15, "Zijn plan, begroting en planning realistisch?"),
]


# Paths under /regelingen/ that a scheme's slug may not take.
RESERVED_SLUGS = {"nieuw", "beoordelen", "mijn-aanvragen", "aanvragen"}


def _clean_number(
    errors: FieldErrors, cleaned: dict, data: dict, field: str, *, always: bool = False, **bounds
) -> None:
    """Check the whole number `field` when it is given (or `always`) and keep it in `cleaned`."""
    if always or field in data:
        cleaned[field] = whole_number(errors, field, data.get(field), **bounds)


def _clean_scheme(data: dict, *, creating: bool) -> tuple[dict, dict]:
    errors = FieldErrors()
    cleaned: dict = {}
    if creating or "name" in data:
        cleaned["name"] = errors.text(
            "name", data.get("name"), label=_("Name"), max_length=140, required=True
        )
    if creating or "purpose" in data:
        cleaned["purpose"] = errors.text(
            "purpose",
            data.get("purpose"),
            label=_("Purpose"),
            max_length=20000,
            required=True,
        )
    number = partial(_clean_number, errors, cleaned, data)
    number("budget_euros", always=creating, label=_("Budget"), minimum=1)
    number(
        "max_per_initiative_euros", always=creating, label=_("Maximum per initiative"), minimum=1
    )
    number("min_cofinancing_percent", label=_("Co-financing"), maximum=99, euros=False)
    if "score_max" in data:
        top = data.get("score_max")
        if top not in (3, 4, 5, 7, 10) and str(top) not in ("3", "4", "5", "7", "10"):
            errors.add("score_max", _("Choose a scale of 3, 4, 5, 7 or 10 points."))
        else:
            cleaned["score_max"] = int(top)
    number("decision_days", label=_("Decision term"), minimum=1, maximum=130, euros=False)
    if "eligible_categories" in data:
        raw = data.get("eligible_categories") or []
        if not isinstance(raw, list | tuple) or not all(
            isinstance(c, str) and c in Category.values for c in raw
        ):
            errors.add("eligible_categories", _("Unknown category."))
            raw = []
        cleaned["eligible_categories"] = list(dict.fromkeys(raw))
    if creating or "mode" in data:
        mode = data.get("mode") or Mode.TRANCHES
        if mode not in Mode.values:
            errors.add("mode", _("Choose tranches or rolling."))
        cleaned["mode"] = mode
    return cleaned, errors


def _clean_funders(errors: FieldErrors, funders, budget: int | None) -> list[tuple[str, int]]:
    result: list[tuple[str, int]] = []
    for index, funder in enumerate(funders or []):
        if not isinstance(funder, dict):
            errors.add("funders", _("Give each co-funder a name and a share."))
            continue
        name = errors.text(
            "funders",
            funder.get("name"),
            label=_("Co-funder"),
            max_length=120,
            required=True,
        )
        amount = whole_number(
            errors,
            "funders",
            funder.get("amount_euros"),
            label=_("Share of %(name)s") % {"name": name or index + 1},
            minimum=1,
        )
        if name and amount:
            result.append((name, amount))
    names = [n.lower() for n, _a in result]
    if len(names) != len(set(names)):
        errors.add("funders", _("Name each co-funder once."))
    if result and budget and sum(a for _n, a in result) != budget:
        errors.add(
            "funders",
            _(
                "The shares of the co-funders add up to € %(sum)s, not to the budget of "
                "€ %(budget)s."
            )
            % {"sum": sum(a for _n, a in result), "budget": budget},
        )
    return result


def _clean_criteria(errors: FieldErrors, criteria) -> list[tuple[str, str, int]]:
    result = []
    for criterion in criteria or []:
        name = errors.text(
            "criteria",
            criterion.get("name"),
            label=_("Criterion"),
            max_length=120,
            required=True,
        )
        description = errors.text(
            "criteria",
            criterion.get("description", ""),
            label=_("Explanation"),
            max_length=400,
            required=False,
        )
        weight = whole_number(
            errors,
            "criteria",
            criterion.get("weight"),
            label=_("Weight of “%(name)s”") % {"name": name},
            minimum=1,
            maximum=100,
            euros=False,
        )
        if name and weight:
            result.append((name, description, weight))
    if not result:
        errors.add("criteria", _("A scheme needs at least one criterion."))
    elif "criteria" not in errors and sum(w for _n, _d, w in result) != 100:
        errors.add(
            "criteria",
            _("The weights add up to %(sum)s%%; they must add up to 100%%.")
            % {"sum": sum(w for *_x, w in result)},
        )
    names = [n.lower() for n, _d, _w in result]
    if len(names) != len(set(names)):
        errors.add("criteria", _("Name each criterion once."))
    return result


def default_criteria(language: str = "nl") -> list[dict]:
    return [
        {"name": nl if language == "nl" else en, "description": desc, "weight": weight}
        for nl, en, weight, desc in DEFAULT_CRITERIA
    ]


def _lock_managed(user: User, scheme: Scheme) -> Scheme:
    """Check that the user manages the scheme, then take its lock."""
    require_scheme_manager(user, scheme)
    return lock_scheme(scheme.pk)


def _check_maximum(errors: FieldErrors, maximum: int | None, budget: int | None) -> None:
    if maximum and budget and maximum > budget:
        errors.add(
            "max_per_initiative_euros",
            _("The maximum per initiative cannot be more than the budget."),
        )


def _store_funders(scheme: Scheme, rows: list[tuple[str, int]]) -> None:
    Funder = scheme.funders.model
    Funder.objects.bulk_create([Funder(scheme=scheme, name=n, amount_euros=a) for n, a in rows])


def _store_criteria(scheme: Scheme, rows: list[tuple[str, str, int]]) -> list[Criterion]:
    return Criterion.objects.bulk_create(
        [
            Criterion(scheme=scheme, name=n, description=d, weight=w, position=i)
            for i, (n, d, w) in enumerate(rows)
        ]
    )


@transaction.atomic
def scheme_create(
    *,
    user: User,
    region: Region,
    municipalities: Iterable[Municipality],
    name: str,
    purpose: str,
    budget_euros: int,
    max_per_initiative_euros: int,
    slug: str = "",
    min_cofinancing_percent: int = 0,
    eligible_categories: Iterable[str] = (),
    score_max: int = 5,
    mode: str = Mode.TRANCHES,
    decision_days: int = 30,
    funders: Iterable[dict] = (),
    criteria: Iterable[dict] | None = None,
) -> Scheme:
    require_login(user)
    municipalities = list(municipalities)
    cleaned, errors = _clean_scheme(
        {
            "name": name,
            "purpose": purpose,
            "budget_euros": budget_euros,
            "max_per_initiative_euros": max_per_initiative_euros,
            "min_cofinancing_percent": min_cofinancing_percent,
            "eligible_categories": list(eligible_categories),
            "score_max": score_max,
            "mode": mode,
            "decision_days": decision_days,
        },
        creating=True,
    )
    if not municipalities:
        errors.add("municipalities", _("Choose the municipalities the scheme covers."))
    elif any(m.region_id != region.pk for m in municipalities):
        errors.add("municipalities", _("All municipalities must be in the region."))
    held = user_roles(user=user)
    if municipalities and any(
        Role.PROGRAMME_MANAGER not in held.get(m.pk, set()) for m in municipalities
    ):
        raise PermissionDenied(
            _("You can only set up a scheme for municipalities where you are programme manager.")
        )
    budget = cleaned.get("budget_euros")
    _check_maximum(errors, cleaned.get("max_per_initiative_euros"), budget)
    funder_rows = _clean_funders(errors, list(funders), budget)
    criteria_rows = _clean_criteria(
        errors, list(criteria) if criteria is not None else default_criteria()
    )
    slug = slugify(slug or cleaned.get("name") or "")[:80]
    if not slug:
        errors.add("slug", _("Give the scheme a short name for its web address."))
    elif slug in RESERVED_SLUGS:
        errors.add("slug", _("This web address is reserved; choose another."))
    elif Scheme.objects.filter(slug=slug).exists():
        errors.add("slug", _("Another scheme already uses this web address."))
    errors.raise_if_any()
    scheme = Scheme.objects.create(
        region=region,
        slug=slug,
        created_by=user,
        **cleaned,
        purpose_html=render_markdown(cleaned["purpose"]),
    )
    scheme.municipalities.set(municipalities)
    _store_funders(scheme, funder_rows)
    _store_criteria(scheme, criteria_rows)
    Phase.objects.create(scheme=scheme, mode=scheme.mode, started_at=timezone.now())
    audit_log(
        actor=user,
        action="scheme.create",
        obj=scheme,
        changes={"budget_euros": scheme.budget_euros, "mode": scheme.mode},
    )
    scheme_changed(scheme)
    return scheme


@transaction.atomic
def scheme_update(
    *, user: User, scheme: Scheme, data: dict, funders: Iterable[dict] | None = None
) -> Scheme:
    scheme = _lock_managed(user, scheme)
    unknown = set(data) - set(SCHEME_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({f: _("This field cannot be changed.") for f in sorted(unknown)})
    cleaned, errors = _clean_scheme(data, creating=False)
    budget = cleaned.get("budget_euros") or scheme.budget_euros
    if "budget_euros" in cleaned and cleaned["budget_euros"] is not None:
        state = scheme_ledger_state(scheme=scheme)
        if not ledger.budget_change_allowed(state, cleaned["budget_euros"]):
            errors.add(
                "budget_euros",
                _("€ %(committed)s is already committed; the budget cannot be lower.")
                % {"committed": state.committed},
            )
    maximum = cleaned.get("max_per_initiative_euros") or scheme.max_per_initiative_euros
    _check_maximum(errors, maximum, budget)
    if (
        "score_max" in cleaned
        and cleaned["score_max"] != scheme.score_max
        and scheme_criteria_locked(scheme=scheme)
    ):
        errors.add("score_max", _("Reviewers have already scored; the scale can no longer change."))
    funder_rows = None
    if funders is not None:
        funder_rows = _clean_funders(errors, list(funders), budget)
    elif (
        "budget_euros" in cleaned
        and scheme.funders.exists()
        and sum(scheme.funders.values_list("amount_euros", flat=True)) != budget
    ):
        errors.add("funders", _("When the budget changes, change the co-funders' shares with it."))
    errors.raise_if_any()
    changes = {f: [getattr(scheme, f), v] for f, v in cleaned.items() if getattr(scheme, f) != v}
    for field, value in cleaned.items():
        setattr(scheme, field, value)
    if "purpose" in changes:
        scheme.purpose_html = render_markdown(scheme.purpose)
    scheme.save()
    if funder_rows is not None:
        before = sorted(scheme.funders.values_list("name", "amount_euros"))
        if before != sorted(funder_rows):
            scheme.funders.all().delete()
            _store_funders(scheme, funder_rows)
            changes["funders"] = [before, sorted(funder_rows)]
    if changes:
        audit_log(
            actor=user,
            action="scheme.update",
            obj=scheme,
            changes={k: v for k, v in changes.items() if k != "purpose"}
            | ({"purpose": "changed"} if "purpose" in changes else {}),
        )
    scheme_changed(scheme)
    return scheme


@transaction.atomic
def scheme_set_criteria(*, user: User, scheme: Scheme, criteria: Iterable[dict]) -> list:
    scheme = _lock_managed(user, scheme)
    errors = FieldErrors()
    rows = _clean_criteria(errors, list(criteria))
    if scheme_criteria_locked(scheme=scheme):
        errors.add(
            "criteria",
            _("Reviewers have already scored against these criteria; they can no longer change."),
        )
    errors.raise_if_any()
    before = list(scheme.criteria.values_list("name", "weight"))
    scheme.criteria.all().delete()
    created = _store_criteria(scheme, rows)
    audit_log(
        actor=user,
        action="scheme.criteria",
        obj=scheme,
        changes={"before": before, "after": [(n, w) for n, _d, w in rows]},
    )
    scheme_changed(scheme)
    return created


@transaction.atomic
def scheme_set_status(*, user: User, scheme: Scheme, status: str) -> Scheme:
    scheme = _lock_managed(user, scheme)
    if status not in SchemeStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if status == SchemeStatus.OPEN:
        errors = FieldErrors()
        if not scheme.criteria.exists():
            errors.add("status", _("Set the criteria before opening the scheme."))
        if (
            scheme.mode == Mode.TRANCHES
            and not scheme.tranches.filter(closes_on__gte=timezone.localdate()).exists()
        ):
            errors.add(
                "status",
                _(
                    "Add a tranche that has not closed yet, or switch "
                    "to rolling, before opening the scheme."
                ),
            )
        errors.raise_if_any()
    previous = scheme.status
    scheme.status = status
    scheme.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=user, action="scheme.status", obj=scheme, changes={"status": [previous, status]}
    )
    scheme_changed(scheme)
    return scheme


@transaction.atomic
def tranche_add(
    *, user: User, scheme: Scheme, name: str, opens_on: date, closes_on: date, decide_by: date
) -> Tranche:
    scheme = _lock_managed(user, scheme)
    errors = FieldErrors()
    name = errors.text("name", name, label=_("Name"), max_length=80, required=True)
    dates_ok = all(
        isinstance(d, date) and not isinstance(d, datetime)
        for d in (opens_on, closes_on, decide_by)
    )
    if not dates_ok:
        errors.add("opens_on", _("Give the three dates."))
    else:
        if closes_on < opens_on:
            errors.add("closes_on", _("A tranche closes after it opens."))
        if decide_by <= closes_on:
            # decisions may only be taken once the tranche has closed (application_decide)
            errors.add("decide_by", _("Decisions come after the tranche closes."))
        if scheme.tranches.filter(opens_on__lte=closes_on, closes_on__gte=opens_on).exists():
            errors.add("opens_on", _("This tranche overlaps another one."))
    if name and scheme.tranches.filter(name__iexact=name).exists():
        errors.add("name", _("There is already a tranche with this name."))
    errors.raise_if_any()
    tranche = Tranche.objects.create(
        scheme=scheme, name=name, opens_on=opens_on, closes_on=closes_on, decide_by=decide_by
    )
    audit_log(
        actor=user,
        action="scheme.tranche_add",
        obj=scheme,
        changes={"tranche": name, "opens_on": str(opens_on), "closes_on": str(closes_on)},
    )
    scheme_changed(scheme)
    return tranche


@transaction.atomic
def scheme_switch_mode(
    *, user: User, scheme: Scheme, mode: str, note: str = "", decision_days: int | None = None
) -> Scheme:
    """Switch between tranches and rolling. Earlier applications keep their tranche; the
    phases record when each mode held and why it changed."""
    scheme = _lock_managed(user, scheme)
    errors = FieldErrors()
    if mode not in Mode.values:
        errors.add("mode", _("Choose tranches or rolling."))
    elif mode == scheme.mode:
        errors.add("mode", _("The scheme already works this way."))
    note = errors.text(
        "note", note, label=_("Reason for the change"), max_length=400, required=True
    )
    if decision_days is not None:
        decision_days = whole_number(
            errors,
            "decision_days",
            decision_days,
            label=_("Decision term"),
            minimum=1,
            maximum=130,
            euros=False,
        )
    errors.raise_if_any()
    now = timezone.now()
    Phase.objects.filter(scheme=scheme, ended_at__isnull=True).update(ended_at=now)
    Phase.objects.create(scheme=scheme, mode=mode, started_at=now, note=note)
    previous = scheme.mode
    scheme.mode = mode
    if decision_days:
        scheme.decision_days = decision_days
    scheme.save(update_fields=["mode", "decision_days", "updated_at"])
    audit_log(
        actor=user,
        action="scheme.mode",
        obj=scheme,
        changes={"mode": [previous, mode], "note": note},
    )
    scheme_changed(scheme)
    return scheme


@transaction.atomic
def reviewer_add(*, user: User, scheme: Scheme, email: str) -> Reviewer:
    require_scheme_manager(user, scheme)
    email = (email or "").strip().lower()
    candidate = role_holder_by_email(
        email=email, role=Role.REVIEWER, municipality_ids=scheme_municipality_ids(scheme)
    )
    if candidate is None:
        raise ValidationError(
            {
                "email": _(
                    "No one with the reviewer role in this scheme's "
                    "municipalities has this e-mail address. An "
                    "administrator grants the role first."
                )
            }
        )
    reviewer, created = Reviewer.objects.get_or_create(scheme=scheme, user=candidate)
    if not created:
        raise ValidationError({"email": _("Already on the panel.")})
    audit_log(
        actor=user,
        action="scheme.reviewer_add",
        obj=scheme,
        changes={"reviewer": candidate.public_name},
    )
    scheme_changed(scheme)
    return reviewer


@transaction.atomic
def reviewer_remove(*, user: User, reviewer: Reviewer) -> None:
    require_scheme_manager(user, reviewer.scheme)
    audit_log(
        actor=user,
        action="scheme.reviewer_remove",
        obj=reviewer.scheme,
        changes={"reviewer": reviewer.user.public_name},
    )
    scheme_changed(reviewer.scheme)
    reviewer.delete()
