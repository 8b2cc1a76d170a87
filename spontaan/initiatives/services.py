"""Writes of initiatives. One function per action; each checks permission and rules and runs
in one transaction. The HTML views and the API both call these, and nothing else writes."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spontaan.accounts.models import Role, User
from spontaan.accounts.selectors import require_verified_user, user_by_email, users_with_role
from spontaan.actors.models import Actor, ActorKind
from spontaan.actors.services import actor_for_organisation, actor_for_user
from spontaan.clock.services import clock_answer, clock_start
from spontaan.core import validation
from spontaan.core.audit import audit_log
from spontaan.core.markdown import render_markdown
from spontaan.notifications.services import notify
from spontaan.places.models import Municipality

from . import rules
from .images import validate_photo
from .kinds import ClockKey, EventKey, NoticeKey
from .models import (
    ASK_AMOUNT_MAX,
    MESSAGE_MAX_LENGTH,
    AddressedToMunicipality,
    Ask,
    AskOutcome,
    Category,
    ConflictOutcome,
    Facilitation,
    Follow,
    Function,
    Initiative,
    RuleConflict,
    RuleKind,
    Status,
    TeamMember,
    TimelineEvent,
)
from .selectors import (
    initiative_follower_ids,
    initiative_roles,
    initiative_team_user_ids,
    user_is_municipal_staff_for,
)

EDITABLE_FIELDS = (
    "title",
    "summary",
    "story",
    "category",
    "address",
    "latitude",
    "longitude",
    "offers",
    "photo_alt",
)


_require_login = require_verified_user


def _require_team(user: User, initiative: Initiative) -> None:
    if rules.TEAM not in initiative_roles(user=user, initiative=initiative):
        raise PermissionDenied(_("Only the initiative's team may do this."))


def _require_staff(user: User, initiative: Initiative) -> None:
    if not user_is_municipal_staff_for(user=user, initiative=initiative):
        raise PermissionDenied(
            _("Only a connector of %(municipality)s may do this.")
            % {"municipality": initiative.municipality.name}
        )


def _clean_location(
    check: validation.FieldErrors, latitude, longitude
) -> tuple[float | None, float | None]:
    if latitude in (None, "") and longitude in (None, ""):
        return None, None
    if latitude in (None, "") or longitude in (None, ""):
        check.add("latitude", _("Give both latitude and longitude, or neither."))
        return None, None
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError):
        check.add("latitude", _("The location is not a valid point."))
        return None, None
    # The Netherlands, with a margin; a point elsewhere is almost certainly a mistake.
    if not (50.5 <= lat <= 53.8 and 3.2 <= lon <= 7.3):
        check.add("latitude", _("The location must be in the Netherlands."))
        return None, None
    return round(lat, 6), round(lon, 6)


# The initiative's text fields and their labels in messages; limits are on the model.
_INITIATIVE_TEXTS = {
    "title": gettext_lazy("Title"),
    "summary": gettext_lazy("Summary"),
    "story": gettext_lazy("Story"),
    "offers": gettext_lazy("Offers"),
    "address": gettext_lazy("Address"),
    "photo_alt": gettext_lazy("Photo description"),
}


def _clean_initiative_fields(check: validation.FieldErrors, data: dict) -> dict:
    """The given fields of an initiative, cleaned; mistakes go to `check`."""
    cleaned: dict = {}
    for field, label in _INITIATIVE_TEXTS.items():
        if field in data:
            cleaned[field] = check.text(field, data[field], model=Initiative, label=str(label))
    if "category" in data:
        if data["category"] not in Category.values:
            check.add("category", _("Choose one of the categories."))
        else:
            cleaned["category"] = data["category"]
    if "latitude" in data or "longitude" in data:
        cleaned["latitude"], cleaned["longitude"] = _clean_location(
            check, data.get("latitude"), data.get("longitude")
        )
    return cleaned


def _functions(slugs: Iterable[str] | None) -> list[Function] | None:
    if slugs is None:
        return None
    slugs = list(dict.fromkeys(s for s in slugs if s))
    found = list(Function.objects.filter(slug__in=slugs))
    if len(found) != len(slugs):
        unknown = sorted(set(slugs) - {f.slug for f in found})
        raise ValidationError(
            {"functions": _("Unknown function: %(names)s.") % {"names": ", ".join(unknown)}}
        )
    return found


def _check_photo(check: validation.FieldErrors, photo: UploadedFile, *, alt: str) -> None:
    with check.catch("photo"):
        validate_photo(photo)
    if not alt and "photo_alt" not in check:
        check.add("photo_alt", _("Describe the photo for people who cannot see it."))


def _event(
    initiative: Initiative,
    kind: str,
    user: User | None,
    *,
    text: str = "",
    data: dict | None = None,
    municipal: bool = False,
) -> TimelineEvent:
    return TimelineEvent.objects.create(
        initiative=initiative,
        kind=kind,
        user=user,
        text=text,
        data=data or {},
        on_behalf_of_municipality=municipal,
    )


def _staff_user_ids(municipality_id: int) -> list[int]:
    return users_with_role(
        municipality_id=municipality_id, roles={Role.CONNECTOR, Role.PROGRAMME_MANAGER}
    )


def _notify_people(
    initiative: Initiative, kind: str, *, actor: User | None, data: dict | None = None
) -> None:
    ids = set(initiative_follower_ids(initiative=initiative))
    ids.update(initiative_team_user_ids(initiative=initiative))
    notify(
        user_ids=ids,
        kind=kind,
        title=initiative.title,
        url=initiative.get_absolute_url(),
        data=data,
        exclude_user_id=actor.pk if actor else None,
    )


def _notify_staff(initiative: Initiative, kind: str, *, actor: User, data=None) -> None:
    notify(
        user_ids=_staff_user_ids(initiative.municipality_id),
        kind=kind,
        title=initiative.title,
        url=initiative.get_absolute_url(),
        data=data,
        exclude_user_id=actor.pk,
    )


def _answer_initiative_clock(initiative: Initiative, user: User) -> None:
    clock_answer(kind=ClockKey.INITIATIVE, subject_id=initiative.pk, user=user)


def initiative_record_event(
    *,
    initiative: Initiative,
    kind: str,
    user: User | None,
    text: str = "",
    data: dict | None = None,
    municipal: bool = False,
    notify_kind: str = "",
) -> TimelineEvent:
    """For other apps (the tender): put an event on the timeline and tell the team and
    followers. The caller has checked permission and runs in its own transaction."""
    event = _event(initiative, kind, user, text=text, data=data, municipal=municipal)
    if notify_kind:
        _notify_people(initiative, notify_kind, actor=user, data=data)
    return event


def initiative_follow_process(
    *, initiative: Initiative, to_status: str, user: User, note: str = "", municipal: bool = False
) -> bool:
    """For other apps: move the initiative's status because a process moved it (an
    application submitted, a grant decided). Records the change on the timeline; does nothing
    when the status is already there. The caller has checked permission."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.status == to_status:
        return False
    previous = initiative.status
    initiative.status = to_status
    initiative.status_changed_at = timezone.now()
    initiative.save(update_fields=["status", "status_changed_at", "updated_at"])
    _event(
        initiative,
        EventKey.STATUS,
        user,
        text=note,
        data={"from": previous, "to": to_status},
        municipal=municipal,
    )
    if municipal:
        _answer_initiative_clock(initiative, user)
    return True


@transaction.atomic
def initiative_create(
    *,
    user: User,
    municipality: Municipality,
    title: str,
    summary: str,
    category: str,
    story: str = "",
    functions: Iterable[str] = (),
    address: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    offers: str = "",
    photo: UploadedFile | None = None,
    photo_alt: str = "",
) -> Initiative:
    _require_login(user)
    function_objs: list[Function] = []
    with validation.collect() as check:
        cleaned = _clean_initiative_fields(
            check,
            {
                "title": title,
                "summary": summary,
                "category": category,
                "story": story,
                "address": address,
                "latitude": latitude,
                "longitude": longitude,
                "offers": offers,
                "photo_alt": photo_alt,
            },
        )
        with check.catch("functions"):
            function_objs = _functions(functions) or []
        if photo is not None:
            _check_photo(check, photo, alt=cleaned["photo_alt"])
    initiative = Initiative(municipality=municipality, created_by=user, **cleaned)
    initiative.story_html = render_markdown(initiative.story)
    if photo is not None:
        initiative.photo = photo
    initiative.save()
    initiative.functions.set(function_objs)
    TeamMember.objects.create(initiative=initiative, actor=actor_for_user(user=user))
    Follow.objects.create(initiative=initiative, user=user)
    _event(initiative, EventKey.CREATED, user)
    clock_start(
        municipality=municipality,
        kind=ClockKey.INITIATIVE,
        subject_id=initiative.pk,
        initiative_id=initiative.pk,
        title=initiative.title,
    )
    _notify_staff(initiative, NoticeKey.NEW_INITIATIVE, actor=user)
    return initiative


@transaction.atomic
def initiative_update(
    *, user: User, initiative: Initiative, data: dict, photo: UploadedFile | None = None
) -> Initiative:
    _require_login(user)
    _require_team(user, initiative)
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    unknown = set(data) - set(EDITABLE_FIELDS) - {"functions"}
    if unknown:
        raise ValidationError({f: _("This field cannot be changed.") for f in sorted(unknown)})
    function_objs = None
    with validation.collect() as check:
        cleaned = _clean_initiative_fields(
            check, {k: v for k, v in data.items() if k != "functions"}
        )
        with check.catch("functions"):
            function_objs = _functions(data.get("functions"))
        if photo is not None:
            _check_photo(check, photo, alt=cleaned.get("photo_alt", initiative.photo_alt))
    changed = [f for f, v in cleaned.items() if getattr(initiative, f) != v]
    for field, value in cleaned.items():
        setattr(initiative, field, value)
    if photo is not None:
        initiative.photo = photo
        changed.append("photo")
    if function_objs is not None:
        before = set(initiative.functions.values_list("slug", flat=True))
        if before != {f.slug for f in function_objs}:
            initiative.functions.set(function_objs)
            changed.append("functions")
    if "story" in changed:
        initiative.story_html = render_markdown(initiative.story)
    if changed:
        initiative.save()
        _event(initiative, EventKey.UPDATED, user, data={"fields": sorted(changed)})
    return initiative


@transaction.atomic
def initiative_transition(
    *, user: User, initiative: Initiative, to_status: str, note: str = ""
) -> Initiative:
    _require_login(user)
    initiative = (
        Initiative.objects.select_for_update().select_related("municipality").get(pk=initiative.pk)
    )
    if to_status not in Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    roles = initiative_roles(user=user, initiative=initiative)
    if not roles:
        raise PermissionDenied(_("You may not change the status of this initiative."))
    if to_status == initiative.status:
        raise ValidationError({"status": _("The initiative already has this status.")})
    if (initiative.status, to_status) not in rules.TRANSITIONS:
        raise ValidationError(
            {
                "status": _("From “%(from)s” an initiative cannot go to “%(to)s”.")
                % {"from": initiative.get_status_display(), "to": Status(to_status).label}
            }
        )
    if not rules.may_transition(initiative.status, to_status, roles):
        raise PermissionDenied(_("You may not make this change of status."))
    with validation.collect() as check:
        note = check.text(
            "note",
            note,
            label=_("Explanation"),
            max_length=MESSAGE_MAX_LENGTH,
            required=to_status in rules.NOTE_REQUIRED,
        )
    previous = initiative.status
    initiative.status = to_status
    initiative.status_changed_at = timezone.now()
    initiative.save(update_fields=["status", "status_changed_at", "updated_at"])
    municipal = rules.TEAM not in roles
    _event(
        initiative,
        EventKey.STATUS,
        user,
        text=note,
        data={"from": previous, "to": to_status},
        municipal=municipal,
    )
    if municipal:
        _answer_initiative_clock(initiative, user)
    if to_status == Status.STOPPED and rules.TEAM not in roles:
        audit_log(
            actor=user,
            action=f"initiative.status.{to_status}",
            object_type="initiative",
            object_id=initiative.pk,
            municipality_id=initiative.municipality_id,
            changes={"status": [previous, to_status], "note": note},
        )
    _notify_people(
        initiative, NoticeKey.STATUS, actor=user, data={"from": previous, "to": to_status}
    )
    return initiative


@transaction.atomic
def initiative_follow(*, user: User, initiative: Initiative, follow: bool = True) -> bool:
    _require_login(user)
    if follow:
        Follow.objects.get_or_create(initiative=initiative, user=user)
    else:
        Follow.objects.filter(initiative=initiative, user=user).delete()
    return follow


@transaction.atomic
def initiative_post_update(*, user: User, initiative: Initiative, text: str) -> TimelineEvent:
    """News from the team on the timeline."""
    _require_login(user)
    _require_team(user, initiative)
    with validation.collect() as check:
        text = check.text("text", text, label=_("Message"), max_length=MESSAGE_MAX_LENGTH)
    event = _event(initiative, EventKey.UPDATE_POSTED, user, text=text)
    _notify_people(initiative, NoticeKey.UPDATE, actor=user)
    return event


@transaction.atomic
def initiative_respond(*, user: User, initiative: Initiative, text: str) -> TimelineEvent:
    """A connector responds on behalf of the municipality; the first one stops the clock."""
    _require_login(user)
    _require_staff(user, initiative)
    with validation.collect() as check:
        text = check.text("text", text, label=_("Response"), max_length=MESSAGE_MAX_LENGTH)
    event = _event(initiative, EventKey.RESPONSE, user, text=text, municipal=True)
    _answer_initiative_clock(initiative, user)
    _notify_people(initiative, NoticeKey.RESPONSE, actor=user)
    return event


@transaction.atomic
def team_member_add(
    *,
    user: User,
    initiative: Initiative,
    name: str = "",
    kind: str = "",
    email: str = "",
    role: str = "",
) -> TeamMember:
    """Add a person with an account (by e-mail address) or an organisation (by name)."""
    _require_login(user)
    _require_team(user, initiative)
    with validation.collect() as check:
        role = check.text("role", role, model=TeamMember, label=_("Role"))
    email = (email or "").strip().lower()
    if email:
        member_user = user_by_email(email=email)
        if member_user is None:
            raise ValidationError(
                {
                    "email": _(
                        "There is no account with this e-mail address. "
                        "Ask the person to register first."
                    )
                }
            )
        actor = actor_for_user(user=member_user)
    else:
        with validation.collect() as check:
            name = check.text("name", name, model=Actor, label=_("Name"))
            if kind not in ActorKind.values:
                check.add("kind", _("Choose what kind of party this is."))
        actor = actor_for_organisation(name=name, kind=kind, municipality=initiative.municipality)
    if TeamMember.objects.filter(initiative=initiative, actor=actor).exists():
        raise ValidationError({"email" if email else "name": _("Already in the team.")})
    member = TeamMember.objects.create(initiative=initiative, actor=actor, role=role)
    _event(initiative, EventKey.TEAM, user, data={"added": actor.name})
    if actor.user_id:
        Follow.objects.get_or_create(initiative=initiative, user_id=actor.user_id)
    return member


@transaction.atomic
def team_member_remove(*, user: User, member: TeamMember) -> None:
    initiative = member.initiative
    _require_login(user)
    _require_team(user, initiative)
    if member.actor.user_id == initiative.created_by_id:
        raise ValidationError({"member": _("The initiator cannot be removed from the team.")})
    name = member.actor.name
    member.delete()
    _event(initiative, EventKey.TEAM, user, data={"removed": name})


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
    _require_login(user)
    _require_team(user, initiative)
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
    clock_start(
        municipality=initiative.municipality,
        kind=ClockKey.ASK,
        subject_id=ask.pk,
        initiative_id=initiative.pk,
        title=ask.title,
        is_fast_lane=ask.is_small,
    )
    _event(
        initiative,
        EventKey.ASK,
        user,
        text=ask.title,
        data={"ask": ask.pk, "kind": kind, "small": ask.is_small},
    )
    _notify_staff(initiative, NoticeKey.ASK, actor=user, data={"ask": ask.pk})
    return ask


@transaction.atomic
def ask_answer(*, user: User, ask: Ask, answer: str, outcome: str) -> Ask:
    return _answer(user=user, item=ask, answer=answer, outcome=outcome, kind=_ASK)


@transaction.atomic
def conflict_create(
    *, user: User, initiative: Initiative, rule_kind: str, rule: str, description: str
) -> RuleConflict:
    _require_login(user)
    _require_team(user, initiative)
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
    clock_start(
        municipality=initiative.municipality,
        kind=ClockKey.CONFLICT,
        subject_id=conflict.pk,
        initiative_id=initiative.pk,
        title=conflict.rule,
    )
    _event(
        initiative,
        EventKey.CONFLICT,
        user,
        text=conflict.description,
        data={"conflict": conflict.pk, "rule": conflict.rule, "rule_kind": rule_kind},
    )
    _notify_staff(initiative, NoticeKey.CONFLICT, actor=user, data={"conflict": conflict.pk})
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
    answered_event: str  # an EventKey
    answered_notification: str  # a NoticeKey
    key: str  # its id's key in timeline and notification data, and the audit action's prefix
    audit_type: str
    title_key: str  # the key and attribute of its title in the timeline event's data


_ASK = _Answerable(
    model=Ask,
    outcomes=AskOutcome,
    clock=ClockKey.ASK,
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
    answered_event=EventKey.CONFLICT_ANSWERED,
    answered_notification=NoticeKey.CONFLICT_ANSWERED,
    key="conflict",
    audit_type="rule_conflict",
    title_key="rule",
)


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
    _require_login(user)
    item = (
        kind.model.objects.select_for_update()
        .select_related("initiative__municipality")
        .get(pk=item.pk)
    )
    initiative = item.initiative
    _require_staff(user, initiative)
    with validation.collect() as check:
        if outcome not in kind.outcomes.values:
            check.add("outcome", _("Choose an outcome."))
        answer = check.text("answer", answer, model=kind.model, label=_("Answer"), required=True)
    revised = item.is_answered
    item.answer, item.outcome = answer, outcome
    item.answered_by, item.answered_at = user, timezone.now()
    item.save(update_fields=["answer", "outcome", "answered_by", "answered_at"])
    clock_answer(kind=kind.clock, subject_id=item.pk, user=user)
    _answer_initiative_clock(initiative, user)
    _event(
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
    _notify_people(initiative, kind.answered_notification, actor=user, data={kind.key: item.pk})
    return item


def _require_moderator(user: User, initiative: Initiative) -> None:
    from spontaan.accounts.selectors import user_has_role

    if not user_has_role(
        user=user, municipality_id=initiative.municipality_id, role=Role.MODERATOR
    ):
        raise PermissionDenied(_("Only a moderator of this municipality may do this."))


@transaction.atomic
def initiative_hide(*, user: User, initiative: Initiative, reason: str) -> Initiative:
    """A moderator hides an initiative with a reason the team can read; logged for audit."""
    _require_login(user)
    _require_moderator(user, initiative)
    with validation.collect() as check:
        reason = check.text(
            "reason",
            reason,
            model=Initiative,
            model_field="hidden_reason",
            label=_("Reason"),
            required=True,
        )
    Initiative.objects.filter(pk=initiative.pk).update(is_hidden=True, hidden_reason=reason)
    audit_log(
        actor=user,
        action="initiative.hide",
        object_type="initiative",
        object_id=initiative.pk,
        municipality_id=initiative.municipality_id,
        changes={"reason": reason},
    )
    initiative.is_hidden, initiative.hidden_reason = True, reason
    return initiative


@transaction.atomic
def initiative_restore(*, user: User, initiative: Initiative) -> Initiative:
    _require_login(user)
    _require_moderator(user, initiative)
    Initiative.objects.filter(pk=initiative.pk).update(is_hidden=False, hidden_reason="")
    audit_log(
        actor=user,
        action="initiative.restore",
        object_type="initiative",
        object_id=initiative.pk,
        municipality_id=initiative.municipality_id,
        changes={},
    )
    initiative.is_hidden, initiative.hidden_reason = False, ""
    return initiative
