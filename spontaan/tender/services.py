"""Writes of the rolling tender. One function per action; each checks permission and the
rules and runs in one transaction. The HTML views and the API both call these.

Who may do what:
- a programme manager of every municipality a scheme covers sets the scheme up (budget,
  co-funders, criteria, tranches, panel, mode);
- the team of an initiative applies, answers questions, withdraws and reports spending;
- a panel member (who holds the reviewer role in one of the scheme's municipalities) scores,
  unless they declared a conflict of interest or are on the initiative's team;
- a programme manager of the initiative's municipality decides and books payments and
  releases.
"""

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from spontaan.accounts.models import Role, User
from spontaan.accounts.selectors import (
    require_verified_user,
    role_holder_by_email,
    role_holder_ids,
    user_has_role,
    user_roles,
)
from spontaan.clock.services import clock_answer, clock_discard, clock_start
from spontaan.core.audit import audit_log
from spontaan.core.markdown import render_markdown
from spontaan.core.workdays import add_working_days
from spontaan.initiatives.kinds import NoticeKey as InitiativeNoticeKey
from spontaan.initiatives.models import Category, Initiative, Status
from spontaan.initiatives.rules import ENDED, may_follow_process
from spontaan.initiatives.selectors import initiative_is_team_member, initiative_team_user_ids
from spontaan.initiatives.services import initiative_follow_process, initiative_record_event
from spontaan.notifications.services import notify
from spontaan.places.models import Municipality, Region
from spontaan.places.selectors import city_profile_themes

from . import ledger
from .kinds import ClockKey, EventKey, NoticeKey
from .models import (
    Application,
    ApplicationStatus,
    Attachment,
    BudgetLine,
    Criterion,
    Decision,
    EntryKind,
    LedgerEntry,
    LineSource,
    Mode,
    Outcome,
    Phase,
    Review,
    Reviewer,
    Scheme,
    SchemeStatus,
    Score,
    SpendingReport,
    Submission,
    Tranche,
)
from .rules import (
    APPLICATION_EDITABLE_FIELDS,
    EDITABLE_STATUSES,
    OPEN_STATUSES,
    SCHEME_EDITABLE_FIELDS,
    TRANCHE_OPEN,
    TRANCHE_UPCOMING,
    budget_totals,
    tranche_state,
)
from .selectors import scheme_criteria_locked, scheme_ledger_state, scheme_municipality_ids

MAX_EUROS = 100_000_000  # a sanity bound on any amount typed in
MAX_BUDGET_LINES = 40
MAX_ATTACHMENTS = 10
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_TYPES = {
    ".pdf": b"%PDF",
    ".png": b"\x89PNG",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".odt": b"PK",
    ".ods": b"PK",
    ".docx": b"PK",
    ".xlsx": b"PK",
}

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


# --- helpers -------------------------------------------------------------------------------

_require_login = require_verified_user


def _errors_add(errors: dict, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _text(errors: dict, value, *, field: str, label: str, max_length: int, required: bool) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else None
    if value is None:
        _errors_add(errors, field, _("%(label)s must be text.") % {"label": label})
        return ""
    if "\x00" in value:
        _errors_add(errors, field, _("%(label)s contains an invalid character.") % {"label": label})
    elif required and not value:
        _errors_add(errors, field, _("%(label)s is required.") % {"label": label})
    elif len(value) > max_length:
        _errors_add(
            errors,
            field,
            _("%(label)s is at most %(n)d characters.") % {"label": label, "n": max_length},
        )
    return value


def _euros(
    errors: dict,
    value,
    *,
    field: str,
    label: str,
    minimum: int = 0,
    maximum: int = MAX_EUROS,
    required: bool = True,
) -> int | None:
    if value in (None, ""):
        if required:
            _errors_add(errors, field, _("%(label)s is required.") % {"label": label})
        return None
    if isinstance(value, bool):
        value = "x"
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        _errors_add(
            errors, field, _("%(label)s must be a whole number of euros.") % {"label": label}
        )
        return None
    if number < minimum:
        _errors_add(
            errors, field, _("%(label)s must be at least € %(n)s.") % {"label": label, "n": minimum}
        )
        return None
    if number > maximum:
        _errors_add(
            errors, field, _("%(label)s may be at most € %(n)s.") % {"label": label, "n": maximum}
        )
        return None
    return number


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _require_scheme_manager(user: User, scheme: Scheme) -> None:
    """Setting up a scheme needs the programme-manager role in every municipality it covers."""
    _require_login(user)
    held = user_roles(user=user)
    ids = scheme_municipality_ids(scheme)
    if not ids or any(Role.PROGRAMME_MANAGER not in held.get(m, set()) for m in ids):
        raise PermissionDenied(
            _("Only a programme manager of every municipality in this scheme may change it.")
        )


def _require_decider(user: User, application: Application) -> None:
    """A programme manager of the initiative's municipality, who is not on its team."""
    _require_login(user)
    if initiative_is_team_member(user=user, initiative=application.initiative):
        raise PermissionDenied(
            _(
                "You are on this initiative's team, so another programme "
                "manager decides on it and books its money."
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


def _require_team(user: User, initiative: Initiative) -> None:
    _require_login(user)
    if not initiative_is_team_member(user=user, initiative=initiative):
        raise PermissionDenied(_("Only the initiative's team may do this."))


def _lock_application(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("scheme", "initiative__municipality", "tranche")
        .get(pk=application.pk)
    )


def _lock_scheme(scheme_id: int) -> Scheme:
    """Every write that can change what is committed takes this lock first."""
    return Scheme.objects.select_for_update().get(pk=scheme_id)


def _panel_user_ids(scheme: Scheme) -> list[int]:
    return list(Reviewer.objects.filter(scheme=scheme).values_list("user_id", flat=True))


def _manager_user_ids(municipality_id: int) -> set[int]:
    return role_holder_ids(role=Role.PROGRAMME_MANAGER, municipality_ids=[municipality_id])


def _notify_staff(application: Application, *, actor: User) -> None:
    notify(
        user_ids={
            *_panel_user_ids(application.scheme),
            *_manager_user_ids(application.initiative.municipality_id),
        },
        kind=NoticeKey.APPLICATION,
        title=application.initiative.title,
        url=application.get_absolute_url(),
        data={"application": application.pk},
        exclude_user_id=actor.pk,
    )


# --- schemes ----------------------------------------------------------------------------------


def _clean_scheme(data: dict, *, creating: bool) -> tuple[dict, dict]:
    errors: dict = {}
    cleaned: dict = {}
    if creating or "name" in data:
        cleaned["name"] = _text(
            errors, data.get("name"), field="name", label=_("Name"), max_length=140, required=True
        )
    if creating or "purpose" in data:
        cleaned["purpose"] = _text(
            errors,
            data.get("purpose"),
            field="purpose",
            label=_("Purpose"),
            max_length=20000,
            required=True,
        )
    if creating or "budget_euros" in data:
        cleaned["budget_euros"] = _euros(
            errors, data.get("budget_euros"), field="budget_euros", label=_("Budget"), minimum=1
        )
    if creating or "max_per_initiative_euros" in data:
        cleaned["max_per_initiative_euros"] = _euros(
            errors,
            data.get("max_per_initiative_euros"),
            field="max_per_initiative_euros",
            label=_("Maximum per initiative"),
            minimum=1,
        )
    if "min_cofinancing_percent" in data:
        pct = _euros(
            errors,
            data.get("min_cofinancing_percent"),
            field="min_cofinancing_percent",
            label=_("Co-financing"),
            maximum=99,
        )
        cleaned["min_cofinancing_percent"] = pct
    if "score_max" in data:
        top = data.get("score_max")
        if top not in (3, 4, 5, 7, 10) and str(top) not in ("3", "4", "5", "7", "10"):
            _errors_add(errors, "score_max", _("Choose a scale of 3, 4, 5, 7 or 10 points."))
        else:
            cleaned["score_max"] = int(top)
    if "decision_days" in data:
        cleaned["decision_days"] = _euros(
            errors,
            data.get("decision_days"),
            field="decision_days",
            label=_("Decision term"),
            minimum=1,
            maximum=130,
        )
    if "eligible_categories" in data:
        raw = data.get("eligible_categories") or []
        if not isinstance(raw, list | tuple) or not all(
            isinstance(c, str) and c in Category.values for c in raw
        ):
            _errors_add(errors, "eligible_categories", _("Unknown category."))
            raw = []
        cleaned["eligible_categories"] = list(dict.fromkeys(raw))
    if creating or "mode" in data:
        mode = data.get("mode") or Mode.TRANCHES
        if mode not in Mode.values:
            _errors_add(errors, "mode", _("Choose tranches or rolling."))
        cleaned["mode"] = mode
    return cleaned, errors


def _clean_funders(errors: dict, funders, budget: int | None) -> list[tuple[str, int]]:
    result: list[tuple[str, int]] = []
    for index, funder in enumerate(funders or []):
        if not isinstance(funder, dict):
            _errors_add(errors, "funders", _("Give each co-funder a name and a share."))
            continue
        name = _text(
            errors,
            funder.get("name"),
            field="funders",
            label=_("Co-funder"),
            max_length=120,
            required=True,
        )
        amount = _euros(
            errors,
            funder.get("amount_euros"),
            field="funders",
            label=_("Share of %(name)s") % {"name": name or index + 1},
            minimum=1,
        )
        if name and amount:
            result.append((name, amount))
    names = [n.lower() for n, _a in result]
    if len(names) != len(set(names)):
        _errors_add(errors, "funders", _("Name each co-funder once."))
    if result and budget and sum(a for _n, a in result) != budget:
        _errors_add(
            errors,
            "funders",
            _(
                "The shares of the co-funders add up to € %(sum)s, not to the budget of "
                "€ %(budget)s."
            )
            % {"sum": sum(a for _n, a in result), "budget": budget},
        )
    return result


def _clean_criteria(errors: dict, criteria) -> list[tuple[str, str, int]]:
    result = []
    for criterion in criteria or []:
        name = _text(
            errors,
            criterion.get("name"),
            field="criteria",
            label=_("Criterion"),
            max_length=120,
            required=True,
        )
        description = _text(
            errors,
            criterion.get("description", ""),
            field="criteria",
            label=_("Explanation"),
            max_length=400,
            required=False,
        )
        weight = _euros(
            errors,
            criterion.get("weight"),
            field="criteria",
            label=_("Weight of “%(name)s”") % {"name": name},
            minimum=1,
            maximum=100,
        )
        if name and weight:
            result.append((name, description, weight))
    if not result:
        _errors_add(errors, "criteria", _("A scheme needs at least one criterion."))
    elif "criteria" not in errors and sum(w for _n, _d, w in result) != 100:
        _errors_add(
            errors,
            "criteria",
            _("The weights add up to %(sum)s%%; they must add up to 100%%.")
            % {"sum": sum(w for *_x, w in result)},
        )
    names = [n.lower() for n, _d, _w in result]
    if len(names) != len(set(names)):
        _errors_add(errors, "criteria", _("Name each criterion once."))
    return result


def default_criteria(language: str = "nl") -> list[dict]:
    return [
        {"name": nl if language == "nl" else en, "description": desc, "weight": weight}
        for nl, en, weight, desc in DEFAULT_CRITERIA
    ]


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
    _require_login(user)
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
        _errors_add(errors, "municipalities", _("Choose the municipalities the scheme covers."))
    elif any(m.region_id != region.pk for m in municipalities):
        _errors_add(errors, "municipalities", _("All municipalities must be in the region."))
    held = user_roles(user=user)
    if municipalities and any(
        Role.PROGRAMME_MANAGER not in held.get(m.pk, set()) for m in municipalities
    ):
        raise PermissionDenied(
            _("You can only set up a scheme for municipalities where you are programme manager.")
        )
    budget = cleaned.get("budget_euros")
    if (
        budget
        and cleaned.get("max_per_initiative_euros")
        and cleaned["max_per_initiative_euros"] > budget
    ):
        _errors_add(
            errors,
            "max_per_initiative_euros",
            _("The maximum per initiative cannot be more than the budget."),
        )
    funder_rows = _clean_funders(errors, list(funders), budget)
    criteria_rows = _clean_criteria(
        errors, list(criteria) if criteria is not None else default_criteria()
    )
    slug = slugify(slug or cleaned.get("name") or "")[:80]
    if not slug:
        _errors_add(errors, "slug", _("Give the scheme a short name for its web address."))
    elif slug in RESERVED_SLUGS:
        _errors_add(errors, "slug", _("This web address is reserved; choose another."))
    elif Scheme.objects.filter(slug=slug).exists():
        _errors_add(errors, "slug", _("Another scheme already uses this web address."))
    _raise(errors)
    scheme = Scheme.objects.create(
        region=region,
        slug=slug,
        created_by=user,
        **cleaned,
        purpose_html=render_markdown(cleaned["purpose"]),
    )
    scheme.municipalities.set(municipalities)
    Funder = scheme.funders.model
    Funder.objects.bulk_create(
        [Funder(scheme=scheme, name=n, amount_euros=a) for n, a in funder_rows]
    )
    Criterion.objects.bulk_create(
        [
            Criterion(scheme=scheme, name=n, description=d, weight=w, position=i)
            for i, (n, d, w) in enumerate(criteria_rows)
        ]
    )
    Phase.objects.create(scheme=scheme, mode=scheme.mode, started_at=timezone.now())
    audit_log(
        actor=user,
        action="scheme.create",
        obj=scheme,
        changes={"budget_euros": scheme.budget_euros, "mode": scheme.mode},
    )
    return scheme


@transaction.atomic
def scheme_update(
    *, user: User, scheme: Scheme, data: dict, funders: Iterable[dict] | None = None
) -> Scheme:
    _require_scheme_manager(user, scheme)
    scheme = _lock_scheme(scheme.pk)
    unknown = set(data) - set(SCHEME_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({f: _("This field cannot be changed.") for f in sorted(unknown)})
    cleaned, errors = _clean_scheme(data, creating=False)
    budget = cleaned.get("budget_euros") or scheme.budget_euros
    if "budget_euros" in cleaned and cleaned["budget_euros"] is not None:
        state = scheme_ledger_state(scheme=scheme)
        if not ledger.budget_change_allowed(state, cleaned["budget_euros"]):
            _errors_add(
                errors,
                "budget_euros",
                _("€ %(committed)s is already committed; the budget cannot be lower.")
                % {"committed": state.committed},
            )
    maximum = cleaned.get("max_per_initiative_euros") or scheme.max_per_initiative_euros
    if maximum and budget and maximum > budget:
        _errors_add(
            errors,
            "max_per_initiative_euros",
            _("The maximum per initiative cannot be more than the budget."),
        )
    if (
        "score_max" in cleaned
        and cleaned["score_max"] != scheme.score_max
        and scheme_criteria_locked(scheme=scheme)
    ):
        _errors_add(
            errors, "score_max", _("Reviewers have already scored; the scale can no longer change.")
        )
    funder_rows = None
    if funders is not None:
        funder_rows = _clean_funders(errors, list(funders), budget)
    elif (
        "budget_euros" in cleaned
        and scheme.funders.exists()
        and sum(scheme.funders.values_list("amount_euros", flat=True)) != budget
    ):
        _errors_add(
            errors, "funders", _("When the budget changes, change the co-funders' shares with it.")
        )
    _raise(errors)
    changes = {f: [getattr(scheme, f), v] for f, v in cleaned.items() if getattr(scheme, f) != v}
    for field, value in cleaned.items():
        setattr(scheme, field, value)
    if "purpose" in changes:
        scheme.purpose_html = render_markdown(scheme.purpose)
    scheme.save()
    if funder_rows is not None:
        Funder = scheme.funders.model
        before = sorted(scheme.funders.values_list("name", "amount_euros"))
        if before != sorted(funder_rows):
            scheme.funders.all().delete()
            Funder.objects.bulk_create(
                [Funder(scheme=scheme, name=n, amount_euros=a) for n, a in funder_rows]
            )
            changes["funders"] = [before, sorted(funder_rows)]
    if changes:
        audit_log(
            actor=user,
            action="scheme.update",
            obj=scheme,
            changes={k: v for k, v in changes.items() if k != "purpose"}
            | ({"purpose": "changed"} if "purpose" in changes else {}),
        )
    return scheme


@transaction.atomic
def scheme_set_criteria(*, user: User, scheme: Scheme, criteria: Iterable[dict]) -> list:
    _require_scheme_manager(user, scheme)
    scheme = _lock_scheme(scheme.pk)
    errors: dict = {}
    rows = _clean_criteria(errors, list(criteria))
    if scheme_criteria_locked(scheme=scheme):
        _errors_add(
            errors,
            "criteria",
            _("Reviewers have already scored against these criteria; they can no longer change."),
        )
    _raise(errors)
    before = list(scheme.criteria.values_list("name", "weight"))
    scheme.criteria.all().delete()
    created = Criterion.objects.bulk_create(
        [
            Criterion(scheme=scheme, name=n, description=d, weight=w, position=i)
            for i, (n, d, w) in enumerate(rows)
        ]
    )
    audit_log(
        actor=user,
        action="scheme.criteria",
        obj=scheme,
        changes={"before": before, "after": [(n, w) for n, _d, w in rows]},
    )
    return created


@transaction.atomic
def scheme_set_status(*, user: User, scheme: Scheme, status: str) -> Scheme:
    _require_scheme_manager(user, scheme)
    scheme = _lock_scheme(scheme.pk)
    if status not in SchemeStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if status == SchemeStatus.OPEN:
        errors: dict = {}
        if not scheme.criteria.exists():
            _errors_add(errors, "status", _("Set the criteria before opening the scheme."))
        if (
            scheme.mode == Mode.TRANCHES
            and not scheme.tranches.filter(closes_on__gte=timezone.localdate()).exists()
        ):
            _errors_add(
                errors,
                "status",
                _(
                    "Add a tranche that has not closed yet, or switch "
                    "to rolling, before opening the scheme."
                ),
            )
        _raise(errors)
    previous = scheme.status
    scheme.status = status
    scheme.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=user, action="scheme.status", obj=scheme, changes={"status": [previous, status]}
    )
    return scheme


@transaction.atomic
def tranche_add(
    *, user: User, scheme: Scheme, name: str, opens_on: date, closes_on: date, decide_by: date
) -> Tranche:
    _require_scheme_manager(user, scheme)
    scheme = _lock_scheme(scheme.pk)
    errors: dict = {}
    name = _text(errors, name, field="name", label=_("Name"), max_length=80, required=True)
    dates_ok = all(
        isinstance(d, date) and not isinstance(d, datetime)
        for d in (opens_on, closes_on, decide_by)
    )
    if not dates_ok:
        _errors_add(errors, "opens_on", _("Give the three dates."))
    else:
        if closes_on < opens_on:
            _errors_add(errors, "closes_on", _("A tranche closes after it opens."))
        if decide_by <= closes_on:
            # decisions may only be taken once the tranche has closed (application_decide)
            _errors_add(errors, "decide_by", _("Decisions come after the tranche closes."))
        if scheme.tranches.filter(opens_on__lte=closes_on, closes_on__gte=opens_on).exists():
            _errors_add(errors, "opens_on", _("This tranche overlaps another one."))
    if name and scheme.tranches.filter(name__iexact=name).exists():
        _errors_add(errors, "name", _("There is already a tranche with this name."))
    _raise(errors)
    tranche = Tranche.objects.create(
        scheme=scheme, name=name, opens_on=opens_on, closes_on=closes_on, decide_by=decide_by
    )
    audit_log(
        actor=user,
        action="scheme.tranche_add",
        obj=scheme,
        changes={"tranche": name, "opens_on": str(opens_on), "closes_on": str(closes_on)},
    )
    return tranche


@transaction.atomic
def scheme_switch_mode(
    *, user: User, scheme: Scheme, mode: str, note: str = "", decision_days: int | None = None
) -> Scheme:
    """Switch between tranches and rolling. Earlier applications keep their tranche; the
    phases record when each mode held and why it changed."""
    _require_scheme_manager(user, scheme)
    scheme = _lock_scheme(scheme.pk)
    errors: dict = {}
    if mode not in Mode.values:
        _errors_add(errors, "mode", _("Choose tranches or rolling."))
    elif mode == scheme.mode:
        _errors_add(errors, "mode", _("The scheme already works this way."))
    note = _text(
        errors, note, field="note", label=_("Reason for the change"), max_length=400, required=True
    )
    if decision_days is not None:
        decision_days = _euros(
            errors,
            decision_days,
            field="decision_days",
            label=_("Decision term"),
            minimum=1,
            maximum=130,
        )
    _raise(errors)
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
    return scheme


@transaction.atomic
def reviewer_add(*, user: User, scheme: Scheme, email: str) -> Reviewer:
    _require_scheme_manager(user, scheme)
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
    return reviewer


@transaction.atomic
def reviewer_remove(*, user: User, reviewer: Reviewer) -> None:
    _require_scheme_manager(user, reviewer.scheme)
    audit_log(
        actor=user,
        action="scheme.reviewer_remove",
        obj=reviewer.scheme,
        changes={"reviewer": reviewer.user.public_name},
    )
    reviewer.delete()


# --- applications -----------------------------------------------------------------------------


@transaction.atomic
def application_create(*, user: User, initiative: Initiative, scheme: Scheme) -> Application:
    _require_team(user, initiative)
    # Lock the initiative: two clicks on "apply" at once would otherwise both find no open
    # application below and both create one.
    Initiative.objects.select_for_update().only("pk").get(pk=initiative.pk)
    scheme = Scheme.objects.get(pk=scheme.pk)
    errors: dict = {}
    if scheme.status != SchemeStatus.OPEN:
        _errors_add(errors, "scheme", _("This scheme is not open for applications."))
    elif initiative.municipality_id not in scheme_municipality_ids(scheme):
        _errors_add(
            errors,
            "scheme",
            _("This scheme does not cover %(municipality)s.")
            % {"municipality": initiative.municipality.name},
        )
    elif Application.objects.filter(
        initiative=initiative, scheme=scheme, status__in=OPEN_STATUSES
    ).exists():
        _errors_add(
            errors, "scheme", _("This initiative already has an open application for this scheme.")
        )
    _raise(errors)
    return Application.objects.create(scheme=scheme, initiative=initiative, created_by=user)


def _clean_lines(errors: dict, lines) -> list[dict]:
    rows = []
    if not isinstance(lines, list | tuple):
        _errors_add(errors, "budget_lines", _("The budget plan must be a list of lines."))
        return rows
    if len(lines) > MAX_BUDGET_LINES:
        _errors_add(
            errors,
            "budget_lines",
            _("A budget plan has at most %(n)d lines.") % {"n": MAX_BUDGET_LINES},
        )
        return rows
    for number, line in enumerate(lines, start=1):
        if not isinstance(line, dict):
            _errors_add(errors, "budget_lines", _("Line %(n)d is not valid.") % {"n": number})
            continue
        line_errors: dict = {}
        item = _text(
            line_errors,
            line.get("item"),
            field="item",
            label=_("Item"),
            max_length=160,
            required=True,
        )
        amount = _euros(
            line_errors, line.get("amount_euros"), field="amount", label=_("Amount"), minimum=1
        )
        source = line.get("source")
        if source not in LineSource.values:
            _errors_add(line_errors, "source", _("Say who pays this line."))
        funder = _text(
            line_errors,
            line.get("funder", ""),
            field="funder",
            label=_("Funder"),
            max_length=120,
            required=source == LineSource.OTHER,
        )
        for messages in line_errors.values():
            for message in messages:
                _errors_add(
                    errors,
                    "budget_lines",
                    _("Line %(n)d: %(message)s") % {"n": number, "message": message},
                )
        if not line_errors:
            rows.append(
                {
                    "item": item,
                    "amount_euros": amount,
                    "source": source,
                    "funder": funder if source == LineSource.OTHER else "",
                }
            )
    return rows


@transaction.atomic
def application_update(*, user: User, application: Application, data: dict) -> Application:
    """Change a draft, or an application that was sent back with questions."""
    application = _lock_application(application)
    _require_team(user, application.initiative)
    if application.status not in EDITABLE_STATUSES:
        raise ValidationError(
            {"status": _("Only a draft or an application that was sent back can be changed.")}
        )
    unknown = set(data) - set(APPLICATION_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({f: _("This field cannot be changed.") for f in sorted(unknown)})
    errors: dict = {}
    cleaned: dict = {}
    if "amount_requested" in data:
        cleaned["amount_requested"] = (
            _euros(
                errors,
                data["amount_requested"],
                field="amount_requested",
                label=_("Amount requested"),
                required=False,
            )
            or 0
        )
    if "plan" in data:
        cleaned["plan"] = _text(
            errors, data["plan"], field="plan", label=_("Plan"), max_length=20000, required=False
        )
    if "themes" in data:
        themes = data["themes"] or []
        if not isinstance(themes, list | tuple) or not all(isinstance(t, str) for t in themes):
            _errors_add(errors, "themes", _("Choose themes from the city profile."))
        else:
            allowed = city_profile_themes(municipality_id=application.initiative.municipality_id)
            unknown_themes = [t for t in themes if t not in allowed]
            if unknown_themes:
                _errors_add(
                    errors,
                    "themes",
                    _("Not a theme of the city profile: %(names)s.")
                    % {"names": ", ".join(t[:60] for t in unknown_themes[:5])},
                )
            cleaned["themes"] = list(dict.fromkeys(themes))
    if "wants_pitch" in data:
        cleaned["wants_pitch"] = bool(data["wants_pitch"])
    lines = None
    if "budget_lines" in data:
        lines = _clean_lines(errors, data["budget_lines"])
    if "budget_lines" not in errors and lines is not None:
        amount = cleaned.get("amount_requested", application.amount_requested)
        asked = budget_totals(lines)["asked"]
        if lines and amount and asked != amount:
            _errors_add(
                errors,
                "budget_lines",
                _(
                    "The lines asked from the scheme add up to € %(asked)s, but you ask "
                    "for € %(amount)s. Make them the same."
                )
                % {"asked": asked, "amount": amount},
            )
    _raise(errors)
    for field, value in cleaned.items():
        setattr(application, field, value)
    application.save()
    if lines is not None:
        application.budget_lines.all().delete()
        BudgetLine.objects.bulk_create(
            [BudgetLine(application=application, position=i, **row) for i, row in enumerate(lines)]
        )
    return application


def _sniff_ok(upload: UploadedFile, extension: str) -> bool:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    return head.startswith(ATTACHMENT_TYPES[extension])


@transaction.atomic
def attachment_add(*, user: User, application: Application, upload: UploadedFile) -> Attachment:
    application = _lock_application(application)
    _require_team(user, application.initiative)
    if application.status not in EDITABLE_STATUSES:
        raise ValidationError(
            {
                "file": _(
                    "Attachments can only be added to a draft or an application that was sent back."
                )
            }
        )
    name = (upload.name or "").rsplit("/", 1)[-1][-160:]
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if extension not in ATTACHMENT_TYPES:
        raise ValidationError({"file": _("Attach a PDF, ODT, ODS, DOCX, XLSX, PNG or JPEG file.")})
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError({"file": _("A file may be at most 10 MB.")})
    if not _sniff_ok(upload, extension):
        raise ValidationError({"file": _("The file's content does not match its type.")})
    if application.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError({"file": _("At most %(n)d attachments.") % {"n": MAX_ATTACHMENTS}})
    return Attachment.objects.create(
        application=application, file=upload, name=name, size=upload.size, uploaded_by=user
    )


@transaction.atomic
def attachment_remove(*, user: User, attachment: Attachment) -> None:
    application = _lock_application(attachment.application)
    _require_team(user, application.initiative)
    if application.status not in EDITABLE_STATUSES:
        raise ValidationError({"file": _("Attachments of a submitted application stay.")})
    file = attachment.file
    attachment.delete()
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: file.storage.delete(file.name))


def _room_left(application: Application) -> int:
    """What the scheme can still give this initiative: the maximum per initiative minus what
    its earlier grants from the scheme still commit (releases give room back)."""
    earlier = LedgerEntry.objects.filter(
        application__scheme_id=application.scheme_id,
        application__initiative_id=application.initiative_id,
    ).exclude(application_id=application.pk)
    committed = ledger.replay(
        0, earlier.values_list("kind", "application_id", "amount_euros")
    ).committed
    return max(application.scheme.max_per_initiative_euros - committed, 0)


def current_tranche(scheme: Scheme, day: date | None = None) -> Tranche | None:
    """The tranche that takes applications on `day` (today by default), or None."""
    day = day or timezone.localdate()
    return next((t for t in scheme.tranches.all() if tranche_state(t, day) == TRANCHE_OPEN), None)


def eligibility_problems(application: Application, *, day: date | None = None) -> dict:
    """Everything that keeps the application from being submitted, by field, with reasons."""
    scheme, initiative = application.scheme, application.initiative
    errors: dict = {}
    if scheme.status != SchemeStatus.OPEN:
        _errors_add(errors, "scheme", _("The scheme is not open for applications."))
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
        _errors_add(errors, "scheme", message)
    if initiative.municipality_id not in scheme_municipality_ids(scheme):
        _errors_add(
            errors,
            "scheme",
            _("The scheme does not cover %(municipality)s.")
            % {"municipality": initiative.municipality.name},
        )
    if scheme.eligible_categories and initiative.category not in scheme.eligible_categories:
        _errors_add(
            errors,
            "scheme",
            _("Initiatives of the category “%(category)s” cannot apply to this scheme.")
            % {"category": initiative.get_category_display()},
        )
    if initiative.status in ENDED:
        _errors_add(errors, "scheme", _("A realised or stopped initiative cannot apply."))
    if initiative.is_hidden:
        _errors_add(errors, "scheme", _("The initiative is hidden by a moderator."))
    if not application.plan.strip():
        _errors_add(errors, "plan", _("Describe what you will do with the money."))
    if application.amount_requested <= 0:
        _errors_add(errors, "amount_requested", _("Say how much you ask for."))
    elif application.amount_requested > scheme.max_per_initiative_euros:
        _errors_add(
            errors,
            "amount_requested",
            _("The scheme gives at most € %(max)s per initiative.")
            % {"max": scheme.max_per_initiative_euros},
        )
    elif application.amount_requested > (room := _room_left(application)):
        _errors_add(
            errors,
            "amount_requested",
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
        _errors_add(
            errors, "budget_lines", _("Add a budget plan: what it costs and who pays what.")
        )
    else:
        totals = budget_totals(lines)
        if totals["asked"] != application.amount_requested:
            _errors_add(
                errors,
                "budget_lines",
                _(
                    "The lines asked from the scheme add up to € %(asked)s, but you ask "
                    "for € %(amount)s."
                )
                % {"asked": totals["asked"], "amount": application.amount_requested},
            )
        # Compare exactly: the rounded percentage would let 19.96% pass for 20%.
        if 100 * totals["cofinancing"] < scheme.min_cofinancing_percent * totals["total"]:
            _errors_add(
                errors,
                "budget_lines",
                _("The scheme asks for at least %(min)s%% co-financing; your plan has %(pct)s%%.")
                % {
                    "min": scheme.min_cofinancing_percent,
                    "pct": int(1000 * totals["cofinancing"] / totals["total"]) / 10,
                },
            )
    if city_profile_themes(municipality_id=initiative.municipality_id) and not application.themes:
        _errors_add(
            errors, "themes", _("Say which themes of the city profile the initiative strengthens.")
        )
    return errors


@transaction.atomic
def application_submit(
    *, user: User, application: Application, answer_to_questions: str = ""
) -> Application:
    """Submit a draft, or answer the questions of an application that was sent back. Either
    way the municipality holds it again and an answer clock starts."""
    application = _lock_application(application)
    _require_team(user, application.initiative)
    if application.status not in EDITABLE_STATUSES:
        raise ValidationError({"status": _("This application has already been submitted.")})
    errors = eligibility_problems(application)
    resubmission = application.status == ApplicationStatus.RETURNED
    answer = _text(
        errors,
        answer_to_questions,
        field="answer_to_questions",
        label=_("Your answer to the questions"),
        max_length=8000,
        required=resubmission,
    )
    _raise(errors)
    scheme, initiative = application.scheme, application.initiative
    now = timezone.now()
    if not resubmission:
        application.mode = scheme.mode
        application.tranche = current_tranche(scheme) if scheme.mode == Mode.TRANCHES else None
        application.first_submitted_at = now
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = now
    application.save()
    number = application.submissions.count() + 1
    submission = Submission.objects.create(
        application=application,
        number=number,
        submitted_by=user,
        submitted_at=now,
        answer_to_questions=answer,
    )
    if application.tranche_id:
        due = application.tranche.decide_by
    else:
        due = add_working_days(timezone.localdate(now), scheme.decision_days)
    clock_start(
        municipality=initiative.municipality,
        kind=ClockKey.APPLICATION,
        subject_id=submission.pk,
        initiative_id=initiative.pk,
        title=_("Application to %(scheme)s") % {"scheme": scheme.name},
        opened_at=now,
        due_on=due,
    )
    if may_follow_process(initiative.status, Status.APPLIED):
        initiative_follow_process(initiative=initiative, to_status=Status.APPLIED, user=user)
    initiative_record_event(
        initiative=initiative,
        kind=EventKey.APPLICATION,
        user=user,
        data={
            "application": application.pk,
            "scheme": scheme.name,
            "amount": application.amount_requested,
            "round": number,
            "pitch": application.wants_pitch,
        },
    )
    _notify_staff(application, actor=user)
    return application


@transaction.atomic
def application_withdraw(*, user: User, application: Application, reason: str = "") -> Application:
    application = _lock_application(application)
    _require_team(user, application.initiative)
    if application.status not in OPEN_STATUSES:
        raise ValidationError(
            {"status": _("A decided or withdrawn application cannot be withdrawn.")}
        )
    errors: dict = {}
    reason = _text(
        errors, reason, field="reason", label=_("Reason"), max_length=1000, required=False
    )
    _raise(errors)
    was_submitted = application.first_submitted_at is not None
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    # The application no longer waits on the municipality: its open clock goes (an answer
    # that never came is not counted as one that came late).
    clock_discard(
        kind=ClockKey.APPLICATION,
        subject_ids=application.submissions.values_list("pk", flat=True),
    )
    if was_submitted:
        initiative = application.initiative
        initiative_record_event(
            initiative=initiative,
            kind=EventKey.APPLICATION,
            user=user,
            text=reason,
            data={
                "application": application.pk,
                "scheme": application.scheme.name,
                "withdrawn": True,
            },
        )
        if (
            may_follow_process(initiative.status, Status.LOOKING_FOR_PARTNERS)
            and not Application.objects.filter(
                initiative=initiative, status=ApplicationStatus.SUBMITTED
            ).exists()
        ):
            initiative_follow_process(
                initiative=initiative, to_status=Status.LOOKING_FOR_PARTNERS, user=user
            )
    return application


# --- assessment -------------------------------------------------------------------------------


def reviewer_exclusion(*, user: User, application: Application) -> str:
    """Why this panel member may not assess this application ("" when they may)."""
    if initiative_is_team_member(user=user, initiative=application.initiative):
        return "team"
    review = (
        Review.objects.filter(application=application, reviewer=user)
        .only("conflict_of_interest")
        .first()
    )
    if review and review.conflict_of_interest:
        return "conflict"
    return ""


def _require_panel(user: User, application: Application) -> None:
    _require_login(user)
    if not Reviewer.objects.filter(scheme_id=application.scheme_id, user=user).exists():
        raise PermissionDenied(_("Only the scheme's assessment panel may do this."))
    held = user_roles(user=user)
    if not any(
        Role.REVIEWER in held.get(m, set()) for m in scheme_municipality_ids(application.scheme)
    ):
        raise PermissionDenied(_("You no longer hold the reviewer role here."))


@transaction.atomic
def review_save(
    *, user: User, application: Application, scores: dict, comment: str = "", submit: bool = True
) -> Review:
    """Score every criterion with a motivation. `scores` maps a criterion id to
    {"value": n, "motivation": text}. Scores can be revised until the decision."""
    application = _lock_application(application)
    _require_panel(user, application)
    exclusion = reviewer_exclusion(user=user, application=application)
    if exclusion == "team":
        raise PermissionDenied(_("You are on this initiative's team, so you cannot assess it."))
    if exclusion == "conflict":
        raise PermissionDenied(_("You declared a conflict of interest for this application."))
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(
            {
                "scores": _(
                    "Only a submitted application that is waiting for a decision can be scored."
                )
            }
        )
    criteria = list(application.scheme.criteria.all())
    errors: dict = {}
    if not isinstance(scores, dict):
        raise ValidationError({"scores": _("Give a score per criterion.")})
    known = {c.pk for c in criteria}
    for key in scores:
        if str(key) not in {str(k) for k in known}:
            _errors_add(errors, "scores", _("Unknown criterion: %(key)s.") % {"key": key})
    cleaned = {}
    top = application.scheme.score_max
    for criterion in criteria:
        entry = scores.get(criterion.pk, scores.get(str(criterion.pk)))
        if entry is None:
            if submit:
                _errors_add(
                    errors,
                    f"score_{criterion.pk}",
                    _("Give a score for “%(name)s”.") % {"name": criterion.name},
                )
            continue
        value = entry.get("value") if isinstance(entry, dict) else None
        try:
            # int(True) is 1 and int(3.7) is 3: only whole numbers (or their text) count
            value = None if isinstance(value, bool) else int(str(value).strip())
        except (TypeError, ValueError):
            value = None
        if value is None or not 1 <= value <= top:
            _errors_add(
                errors,
                f"score_{criterion.pk}",
                _("A score for “%(name)s” is a whole number from 1 to %(top)s.")
                % {"name": criterion.name, "top": top},
            )
        motivation = _text(
            errors,
            entry.get("motivation") if isinstance(entry, dict) else "",
            field=f"motivation_{criterion.pk}",
            label=_("The motivation for “%(name)s”") % {"name": criterion.name},
            max_length=4000,
            required=True,
        )
        cleaned[criterion.pk] = (value, motivation)
    comment = _text(
        errors, comment, field="comment", label=_("Comment"), max_length=8000, required=False
    )
    _raise(errors)
    review, _created = Review.objects.get_or_create(application=application, reviewer=user)
    review.comment = comment
    if submit and not review.submitted_at:
        review.submitted_at = timezone.now()
    review.save()
    review.scores.all().delete()
    Score.objects.bulk_create(
        [
            Score(review=review, criterion_id=cid, value=v, motivation=m)
            for cid, (v, m) in cleaned.items()
        ]
    )
    return review


@transaction.atomic
def review_declare_conflict(*, user: User, application: Application, note: str) -> Review:
    """A panel member steps aside. Any scores they gave are removed: they do not count."""
    application = _lock_application(application)
    _require_panel(user, application)
    if application.is_decided:
        raise ValidationError({"note": _("This application has already been decided.")})
    errors: dict = {}
    note = _text(
        errors, note, field="note", label=_("What the conflict is"), max_length=400, required=True
    )
    _raise(errors)
    review, _created = Review.objects.get_or_create(application=application, reviewer=user)
    review.scores.all().delete()
    review.conflict_of_interest = True
    review.conflict_note = note
    review.submitted_at = None
    review.save()
    audit_log(
        actor=user,
        action="review.conflict",
        obj=application,
        municipality_id=application.initiative.municipality_id,
        changes={"note": note},
    )
    return review


# --- decisions and the ledger -----------------------------------------------------------------


def _answer_clock(application: Application, user: User) -> None:
    submission = application.submissions.order_by("-number").first()
    if submission is not None:
        clock_answer(kind=ClockKey.APPLICATION, subject_id=submission.pk, user=user)


def _book(
    scheme: Scheme, application: Application, kind: str, amount: int, user: User, note: str = ""
) -> LedgerEntry:
    """Check and book one entry. The caller holds the lock on the scheme row."""
    state = scheme_ledger_state(scheme=scheme)
    try:
        ledger.check(state, kind, application.pk, amount)
    except ledger.LedgerError as exc:
        messages = {
            "over_budget": _("Only € %(n)s of the budget is left; this cannot be committed.")
            % {"n": exc.available},
            "over_committed": _("Only € %(n)s of this grant is committed and unpaid.")
            % {"n": exc.available},
            "release_over_open": _("Only € %(n)s of this grant can still be released.")
            % {"n": exc.available},
            "amount_not_positive": _("The amount must be more than € 0."),
        }
        raise ValidationError({"amount": messages.get(exc.code, exc.code)}) from None
    return LedgerEntry.objects.create(
        scheme=scheme,
        application=application,
        kind=kind,
        amount_euros=amount,
        note=note,
        created_by=user,
    )


@transaction.atomic
def application_decide(
    *,
    user: User,
    application: Application,
    outcome: str,
    reasoning: str,
    amount: int | None = None,
    conditions: str = "",
) -> Decision:
    """Grant (the full or a partial amount, with conditions), not grant, or send back with
    questions. A grant commits the amount in the ledger under a lock on the scheme, so the
    sum of commitments never exceeds the budget, whoever decides at the same moment."""
    _require_decider(user, application)
    scheme = _lock_scheme(application.scheme_id)
    application = _lock_application(application)
    initiative = application.initiative
    errors: dict = {}
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(
            {
                "outcome": _(
                    "Only a submitted application can be decided on; this one is “%(status)s”."
                )
                % {"status": application.get_status_display()}
            }
        )
    if outcome not in Outcome.values:
        _errors_add(errors, "outcome", _("Choose a decision."))
    label = _("Your questions") if outcome == Outcome.RETURNED else _("Public reasoning")
    reasoning = _text(
        errors, reasoning, field="reasoning", label=label, max_length=8000, required=True
    )
    conditions = _text(
        errors,
        conditions,
        field="conditions",
        label=_("Conditions"),
        max_length=8000,
        required=False,
    )
    if outcome != Outcome.GRANTED:
        conditions = ""  # conditions belong to a grant only
    if outcome == Outcome.GRANTED:
        amount = _euros(
            errors,
            amount,
            field="amount",
            label=_("The amount granted"),
            minimum=1,
            maximum=application.amount_requested,
        )
        if amount and amount > (room := _room_left(application)):
            _errors_add(
                errors,
                "amount",
                _(
                    "The scheme gives at most € %(max)s per "
                    "initiative; € %(room)s is left for this one."
                )
                % {"max": scheme.max_per_initiative_euros, "room": room},
            )
    else:
        amount = None
    if outcome in {Outcome.GRANTED, Outcome.NOT_GRANTED}:
        if application.tranche_id and timezone.localdate() <= application.tranche.closes_on:
            _errors_add(
                errors,
                "outcome",
                _("Decisions on %(tranche)s come after it closes on %(date)s.")
                % {
                    "tranche": application.tranche.name,
                    "date": application.tranche.closes_on.strftime("%d-%m-%Y"),
                },
            )
        assessors = _eligible_assessor_count(application)
        if (
            assessors
            and not Review.objects.filter(
                application=application, submitted_at__isnull=False, conflict_of_interest=False
            ).exists()
        ):
            _errors_add(errors, "outcome", _("No panel member has assessed this application yet."))
    _raise(errors)
    decision = Decision.objects.create(
        application=application,
        outcome=outcome,
        amount_euros=amount,
        conditions=conditions,
        reasoning=reasoning,
        decided_by=user,
    )
    if outcome == Outcome.GRANTED:
        # No note: the entry's kind and application say it all, in the reader's language.
        _book(scheme, application, EntryKind.COMMIT, amount, user)
        application.status = ApplicationStatus.GRANTED
        application.amount_granted = amount
        application.decided_at = decision.decided_at
    elif outcome == Outcome.NOT_GRANTED:
        application.status = ApplicationStatus.NOT_GRANTED
        application.decided_at = decision.decided_at
    else:
        application.status = ApplicationStatus.RETURNED
    application.save()
    _answer_clock(application, user)
    to_status = {Outcome.GRANTED: Status.GRANTED, Outcome.NOT_GRANTED: Status.NOT_GRANTED}.get(
        outcome
    )
    if to_status and may_follow_process(initiative.status, to_status):
        initiative_follow_process(
            initiative=initiative, to_status=to_status, user=user, municipal=True
        )
    initiative_record_event(
        # Questions and their answers belong to the application, which only the team, the
        # panel and the municipality read until the decision; the timeline says they happened.
        initiative=initiative,
        kind=EventKey.DECISION,
        user=user,
        text="" if outcome == Outcome.RETURNED else reasoning,
        data={
            "application": application.pk,
            "scheme": scheme.name,
            "outcome": outcome,
            "amount": amount,
            "conditions": conditions,
        },
        municipal=True,
        notify_kind=NoticeKey.DECISION,
    )
    audit_log(
        actor=user,
        action=f"application.{outcome}",
        obj=application,
        municipality_id=initiative.municipality_id,
        changes={
            "status": [ApplicationStatus.SUBMITTED, application.status],
            "amount": amount,
            "reasoning": reasoning,
            "conditions": conditions,
        },
    )
    return decision


def _eligible_assessor_count(application: Application) -> int:
    """Panel members who may assess this application (see _require_panel and
    reviewer_exclusion): they hold the reviewer role, are not on the team and declared no
    conflict. Counting the others would block the decision on a review that cannot come."""
    panel = set(_panel_user_ids(application.scheme))
    with_role = role_holder_ids(
        role=Role.REVIEWER,
        municipality_ids=scheme_municipality_ids(application.scheme),
        user_ids=panel,
    )
    conflicted = set(
        Review.objects.filter(application=application, conflict_of_interest=True).values_list(
            "reviewer_id", flat=True
        )
    )
    team = set(initiative_team_user_ids(initiative=application.initiative))
    return len((panel & with_role) - conflicted - team)


def _require_grant(application: Application) -> None:
    if application.status != ApplicationStatus.GRANTED:
        raise ValidationError(
            {"amount": _("Only a granted application has money to pay or release.")}
        )


@transaction.atomic
def grant_pay(*, user: User, application: Application, amount: int, note: str = "") -> LedgerEntry:
    _require_decider(user, application)
    scheme = _lock_scheme(application.scheme_id)
    application = _lock_application(application)
    _require_grant(application)
    errors: dict = {}
    amount = _euros(errors, amount, field="amount", label=_("Amount"), minimum=1)
    note = _text(errors, note, field="note", label=_("Note"), max_length=300, required=False)
    _raise(errors)
    entry = _book(scheme, application, EntryKind.PAY, amount, user, note)
    audit_log(
        actor=user,
        action="ledger.pay",
        obj=application,
        municipality_id=application.initiative.municipality_id,
        changes={"amount": amount, "note": note},
    )
    return entry


@transaction.atomic
def grant_release(
    *, user: User, application: Application, amount: int, note: str = ""
) -> LedgerEntry:
    """Give unspent money back to the scheme's budget."""
    _require_decider(user, application)
    scheme = _lock_scheme(application.scheme_id)
    application = _lock_application(application)
    _require_grant(application)
    errors: dict = {}
    amount = _euros(errors, amount, field="amount", label=_("Amount"), minimum=1)
    note = _text(errors, note, field="note", label=_("Note"), max_length=300, required=True)
    _raise(errors)
    entry = _book(scheme, application, EntryKind.RELEASE, amount, user, note)
    audit_log(
        actor=user,
        action="ledger.release",
        obj=application,
        municipality_id=application.initiative.municipality_id,
        changes={"amount": amount, "note": note},
    )
    return entry


@transaction.atomic
def spending_report_submit(
    *, user: User, application: Application, realised_euros: int, text: str
) -> SpendingReport:
    """At the end the initiative says what it spent of the grant; it can correct it later."""
    application = _lock_application(application)
    _require_team(user, application.initiative)
    _require_grant(application)
    errors: dict = {}
    realised = _euros(
        errors,
        realised_euros,
        field="realised_euros",
        label=_("What you spent of the grant"),
        maximum=application.amount_granted or 0,
    )
    text = _text(
        errors,
        text,
        field="text",
        label=_("What was done with the money"),
        max_length=8000,
        required=True,
    )
    _raise(errors)
    report, created = SpendingReport.objects.update_or_create(
        application=application,
        defaults={"realised_euros": realised, "text": text, "submitted_by": user},
    )
    initiative_record_event(
        initiative=application.initiative,
        kind=EventKey.REPORT,
        user=user,
        text=text,
        data={
            "application": application.pk,
            "scheme": application.scheme.name,
            "realised": realised,
            "granted": application.amount_granted,
            "revised": not created,
        },
    )
    notify(
        user_ids=_manager_user_ids(application.initiative.municipality_id),
        kind=InitiativeNoticeKey.UPDATE,
        title=application.initiative.title,
        url=application.get_absolute_url(),
        data={"report": application.pk},
        exclude_user_id=user.pk,
    )
    return report
