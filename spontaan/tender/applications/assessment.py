"""Writes of the panel and the programme manager: reviews, conflicts of interest and
decisions."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spontaan.accounts.models import Role, User
from spontaan.accounts.selectors import (
    role_holder_ids,
    user_roles,
)
from spontaan.clock.services import clock_answer
from spontaan.core.audit import audit_log
from spontaan.core.validation import FieldErrors, sample
from spontaan.initiatives.models import Status
from spontaan.initiatives.rules import may_follow_process
from spontaan.initiatives.services import initiative_follow_process, initiative_record_event
from spontaan.tender.checks import (
    lock_application,
    lock_scheme,
    panel_user_ids,
    require_decider,
    require_login,
    whole_number,
)
from spontaan.tender.fairness import (
    CONFLICT,
    TEAM,
    counted_reviews,
    excluded_user_ids,
    exclusion,
)
from spontaan.tender.money.selectors import grant_room_left
from spontaan.tender.money.services import book_entry
from spontaan.tender.schemes.selectors import scheme_municipality_ids

from ..changes import application_changed
from ..kinds import ClockKey, EventKey, NoticeKey
from ..models import (
    Application,
    ApplicationStatus,
    Decision,
    EntryKind,
    Outcome,
    Review,
    Reviewer,
    Score,
)


def _require_panel(user: User, application: Application) -> None:
    require_login(user)
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
    application = lock_application(application)
    _require_panel(user, application)
    excluded = exclusion(user=user, application=application)
    if excluded == TEAM:
        raise PermissionDenied(
            _("You are or were on this initiative's team, so you cannot assess it.")
        )
    if excluded == CONFLICT:
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
    errors = FieldErrors()
    if not isinstance(scores, dict):
        raise ValidationError({"scores": _("Give a score per criterion.")})
    known = {c.pk for c in criteria}
    unknown = [key for key in scores if str(key) not in {str(k) for k in known}]
    if unknown:
        errors.add("scores", _("Unknown criterion: %(key)s.") % {"key": sample(unknown)})
    cleaned = {}
    top = application.scheme.score_max
    for criterion in criteria:
        entry = scores.get(criterion.pk, scores.get(str(criterion.pk)))
        if entry is None:
            if submit:
                errors.add(
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
            errors.add(
                f"score_{criterion.pk}",
                _("A score for “%(name)s” is a whole number from 1 to %(top)s.")
                % {"name": criterion.name, "top": top},
            )
        motivation = errors.text(
            f"motivation_{criterion.pk}",
            entry.get("motivation") if isinstance(entry, dict) else "",
            label=_("The motivation for “%(name)s”") % {"name": criterion.name},
            max_length=4000,
            required=True,
        )
        cleaned[criterion.pk] = (value, motivation)
    comment = errors.text("comment", comment, label=_("Comment"), max_length=8000, required=False)
    errors.raise_if_any()
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
    application_changed(application)
    return review


@transaction.atomic
def review_declare_conflict(*, user: User, application: Application, note: str) -> Review:
    """A panel member steps aside. Any scores they gave are removed: they do not count."""
    application = lock_application(application)
    _require_panel(user, application)
    if application.is_decided:
        raise ValidationError({"note": _("This application has already been decided.")})
    errors = FieldErrors()
    note = errors.text("note", note, label=_("What the conflict is"), max_length=400, required=True)
    errors.raise_if_any()
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
    application_changed(application)
    return review


def _answer_clock(application: Application, user: User) -> None:
    submission = application.submissions.order_by("-number").first()
    if submission is not None:
        clock_answer(kind=ClockKey.APPLICATION, subject_id=submission.pk, user=user)


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
    require_decider(user, application)
    scheme = lock_scheme(application.scheme_id)
    application = lock_application(application)
    initiative = application.initiative
    errors = FieldErrors()
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
        errors.add("outcome", _("Choose a decision."))
    label = _("Your questions") if outcome == Outcome.RETURNED else _("Public reasoning")
    reasoning = errors.text("reasoning", reasoning, label=label, max_length=8000, required=True)
    conditions = errors.text(
        "conditions",
        conditions,
        label=_("Conditions"),
        max_length=8000,
        required=False,
    )
    if outcome != Outcome.GRANTED:
        conditions = ""  # conditions belong to a grant only
    if outcome == Outcome.GRANTED:
        amount = whole_number(
            errors,
            "amount",
            amount,
            label=_("The amount granted"),
            minimum=1,
            maximum=application.amount_requested,
        )
        if amount and amount > (room := grant_room_left(application=application)):
            errors.add(
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
            errors.add(
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
            and not counted_reviews(Review.objects.filter(application=application)).exists()
        ):
            errors.add("outcome", _("No panel member has assessed this application yet."))
    errors.raise_if_any()
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
        book_entry(scheme, application, EntryKind.COMMIT, amount, user)
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
    application_changed(application)
    return decision


def _eligible_assessor_count(application: Application) -> int:
    """Panel members who may assess this application (see _require_panel and
    tender.fairness): they hold the reviewer role and are not excluded. Counting the others would block the decision on a review that cannot come."""
    panel = set(panel_user_ids(application.scheme))
    with_role = role_holder_ids(
        role=Role.REVIEWER,
        municipality_ids=scheme_municipality_ids(application.scheme),
        user_ids=panel,
    )
    return len((panel & with_role) - excluded_user_ids(application))
