"""Asks and conflicts with rules: what an initiative addresses to the municipality, answered
once (and perhaps revised) through one path."""

from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spontaan.accounts.models import User
from spontaan.clock.services import clock_answer, clock_start
from spontaan.core import validation
from spontaan.core.audit import audit_log

from .effects import (
    answer_initiative_clock,
    notify_people,
    notify_staff,
    record_event,
    require_login,
    require_staff,
    require_team,
)
from .kinds import ClockKey, EventKey, NoticeKey
from .models import (
    ASK_AMOUNT_MAX,
    AddressedToMunicipality,
    Ask,
    AskOutcome,
    ConflictOutcome,
    Facilitation,
    Initiative,
    RuleConflict,
    RuleKind,
)


@transaction.atomic
def ask_create(
    *,
    user: User,
    initiative: Initiative,
    kind: str,
    title: str,
    text: str = "",
    is_small: bool = False,
    amount: int | None = None,
) -> Ask:
    require_login(user)
    require_team(user, initiative)
    with validation.collect() as check:
        if kind not in Facilitation.values:
            check.add("kind", _("Choose a kind of facilitation."))
        title = check.text("title", title, model=Ask, label=_("Your ask"))
        text = check.text("text", text, model=Ask, label=_("Explanation"))
        amount = check.whole_number(
            "amount",
            amount,
            label=_("Amount"),
            maximum=ASK_AMOUNT_MAX,
            messages=dict.fromkeys(
                ("invalid", "min_value", "max_value"),
                _("The amount must be a whole number of euros, 0 or more."),
            ),
        )
        limit = initiative.municipality.fast_lane_max_euros
        if is_small and amount is not None and amount > limit:
            check.add(
                "amount",
                _("A small ask is at most € %(limit)s; this ask goes the normal way.")
                % {"limit": limit},
            )
    ask = Ask.objects.create(
        initiative=initiative,
        kind=kind,
        title=title,
        text=text,
        is_small=bool(is_small),
        amount=amount,
        created_by=user,
    )
    _put(
        user=user,
        item=ask,
        kind=_ASK,
        text=ask.title,
        data={"kind": kind, "small": ask.is_small},
        is_fast_lane=ask.is_small,
    )
    return ask


@transaction.atomic
def ask_answer(*, user: User, ask: Ask, answer: str, outcome: str) -> Ask:
    return _answer(user=user, item=ask, answer=answer, outcome=outcome, kind=_ASK)


@transaction.atomic
def conflict_create(
    *, user: User, initiative: Initiative, rule_kind: str, rule: str, description: str
) -> RuleConflict:
    require_login(user)
    require_team(user, initiative)
    with validation.collect() as check:
        if rule_kind not in RuleKind.values:
            check.add("rule_kind", _("Choose the kind of rule."))
        rule = check.text("rule", rule, model=RuleConflict, label=_("Which rule"))
        description = check.text(
            "description", description, model=RuleConflict, label=_("Where it conflicts")
        )
    conflict = RuleConflict.objects.create(
        initiative=initiative,
        rule_kind=rule_kind,
        rule=rule,
        description=description,
        created_by=user,
    )
    _put(
        user=user,
        item=conflict,
        kind=_CONFLICT,
        text=conflict.description,
        data={"rule": conflict.rule, "rule_kind": rule_kind},
    )
    return conflict


@transaction.atomic
def conflict_answer(
    *, user: User, conflict: RuleConflict, answer: str, outcome: str
) -> RuleConflict:
    return _answer(user=user, item=conflict, answer=answer, outcome=outcome, kind=_CONFLICT)


@dataclass(frozen=True)
class _Answerable:
    """What differs between the kinds of things the municipality answers."""

    model: type[AddressedToMunicipality]
    outcomes: type[models.TextChoices]
    clock: str  # a ClockKey
    event: str  # an EventKey
    notification: str  # a NoticeKey
    answered_event: str  # an EventKey
    answered_notification: str  # a NoticeKey
    key: str  # its id's key in timeline and notification data, and the audit action's prefix
    audit_type: str
    title_key: str  # the key and attribute of its title in the timeline event's data


_ASK = _Answerable(
    model=Ask,
    outcomes=AskOutcome,
    clock=ClockKey.ASK,
    event=EventKey.ASK,
    notification=NoticeKey.ASK,
    answered_event=EventKey.ASK_ANSWERED,
    answered_notification=NoticeKey.ASK_ANSWERED,
    key="ask",
    audit_type="ask",
    title_key="title",
)
_CONFLICT = _Answerable(
    model=RuleConflict,
    outcomes=ConflictOutcome,
    clock=ClockKey.CONFLICT,
    event=EventKey.CONFLICT,
    notification=NoticeKey.CONFLICT,
    answered_event=EventKey.CONFLICT_ANSWERED,
    answered_notification=NoticeKey.CONFLICT_ANSWERED,
    key="conflict",
    audit_type="rule_conflict",
    title_key="rule",
)


def _put(
    *,
    user: User,
    item: AddressedToMunicipality,
    kind: _Answerable,
    text: str,
    data: dict,
    is_fast_lane: bool = False,
) -> None:
    """A new ask or conflict is put to the municipality: its answer clock starts, the timeline
    shows it and the municipality's staff hear of it."""
    initiative = item.initiative
    clock_start(
        municipality=initiative.municipality,
        kind=kind.clock,
        subject_id=item.pk,
        initiative_id=initiative.pk,
        title=getattr(item, kind.title_key),
        is_fast_lane=is_fast_lane,
    )
    record_event(initiative, kind.event, user, text=text, data={kind.key: item.pk, **data})
    notify_staff(initiative, kind.notification, actor=user, data={kind.key: item.pk})


def _answer(
    *,
    user: User,
    item: AddressedToMunicipality,
    answer: str,
    outcome: str,
    kind: _Answerable,
) -> AddressedToMunicipality:
    """A connector answers (or revises the answer to) an ask or a conflict: the answer is
    recorded, the answer clocks stop, the timeline shows it, the audit trail keeps it and the
    team and followers hear of it. The caller runs in a transaction."""
    require_login(user)
    item = (
        kind.model.objects.select_for_update()
        .select_related("initiative__municipality")
        .get(pk=item.pk)
    )
    initiative = item.initiative
    require_staff(user, initiative)
    with validation.collect() as check:
        if outcome not in kind.outcomes.values:
            check.add("outcome", _("Choose an outcome."))
        answer = check.text("answer", answer, model=kind.model, label=_("Answer"), required=True)
    revised = item.is_answered
    item.answer, item.outcome = answer, outcome
    item.answered_by, item.answered_at = user, timezone.now()
    item.save(update_fields=["answer", "outcome", "answered_by", "answered_at"])
    clock_answer(kind=kind.clock, subject_id=item.pk, user=user)
    answer_initiative_clock(initiative, user)
    record_event(
        initiative,
        kind.answered_event,
        user,
        text=answer,
        municipal=True,
        data={
            kind.key: item.pk,
            kind.title_key: getattr(item, kind.title_key),
            "outcome": outcome,
            "revised": revised,
        },
    )
    audit_log(
        actor=user,
        action=f"{kind.key}.answer",
        object_type=kind.audit_type,
        object_id=item.pk,
        municipality_id=initiative.municipality_id,
        changes={"outcome": outcome},
    )
    notify_people(initiative, kind.answered_notification, actor=user, data={kind.key: item.pk})
    return item
