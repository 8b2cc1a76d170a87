"""Writes of moderation: report, hide, restore, dismiss, object. Every one is audited
(`core.audit`, actions `<kind>.report/hide/restore/dismiss/object`)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spontaan.accounts.models import Role, User
from spontaan.accounts.selectors import require_verified_user, user_has_role
from spontaan.core import validation
from spontaan.core.audit import audit_log
from spontaan.core.ratelimit import ratelimit_exceeded, ratelimit_hit
from spontaan.notifications.services import notify

from .kinds import Content, moderatable_kinds
from .models import (
    Case,
    ModerationDecision,
    Reason,
    Report,
    ReportOutcome,
    Verb,
)
from .notices import NoticeKey
from .selectors import access_content, access_moderated_content, describe_case

REPORT_BUCKET = "moderation-report"
REPORT_LIMIT = 10  # reports per person
REPORT_WINDOW_SECONDS = 60 * 60  # per hour


def _require_moderator(user: User, case: Case) -> None:
    require_verified_user(user)
    if not user_has_role(user=user, municipality_id=case.municipality_id, role=Role.MODERATOR):
        raise PermissionDenied(_("Only a moderator of this municipality may do this."))


def _audit(user: User, case: Case, verb: str, changes: dict | None = None) -> None:
    audit_log(
        actor=user,
        action=f"{case.kind}.{verb}",
        object_type=case.kind,
        object_id=case.object_id,
        municipality_id=case.municipality_id,
        changes=changes,
    )


def _case_for(content: Content) -> Case:
    case, _created = Case.objects.select_for_update().get_or_create(
        kind=content.kind,
        object_id=content.object_id,
        defaults={"municipality_id": content.municipality_id, "author_id": content.author_id},
    )
    return case


def _reason(check: validation.FieldErrors, value: str) -> str:
    value = (value or "").strip()
    if value not in Reason.values:
        check.add("reason", _("Choose a reason from the list."))
    return value


@transaction.atomic
def report_create(*, user: User, kind: str, object_id: str, reason: str, note: str = "") -> Report:
    """A signed-in person reports content they can see: once per piece, a few per hour."""
    require_verified_user(user)
    content = access_content(user=user, kind=kind, object_id=object_id)
    if content.author_id == user.pk:
        raise ValidationError(_("This is your own contribution: you cannot report it."))
    with validation.collect() as check:
        reason = _reason(check, reason)
        note = check.text("note", note, model=Report, label=_("Note"))
    if ratelimit_exceeded(
        bucket=REPORT_BUCKET,
        key=str(user.pk),
        limit=REPORT_LIMIT,
        window_seconds=REPORT_WINDOW_SECONDS,
    ):
        raise ValidationError(_("You have sent many reports in a short time. Try again later."))
    case = _case_for(content)
    try:
        with transaction.atomic():  # the constraint decides when two arrive at once
            report = Report.objects.create(case=case, reporter=user, reason=reason, note=note)
    except IntegrityError:
        raise ValidationError(_("You have reported this already.")) from None
    if case.queued_at is None and not case.is_hidden:
        case.queued_at = timezone.now()
        case.save(update_fields=["queued_at"])
    ratelimit_hit(bucket=REPORT_BUCKET, key=str(user.pk))
    _audit(user, case, "report", {"reason": reason})
    return report


def _close_reports(case: Case, outcome: str, *, actor: User) -> None:
    open_reports = list(case.reports.filter(outcome=ReportOutcome.OPEN))
    if not open_reports:
        return
    Report.objects.filter(pk__in=[r.pk for r in open_reports]).update(
        outcome=outcome, closed_at=timezone.now()
    )
    content = describe_case(case)
    notify(
        user_ids=[r.reporter_id for r in open_reports],
        kind=NoticeKey.REPORT_HIDDEN
        if outcome == ReportOutcome.HIDDEN
        else NoticeKey.REPORT_DISMISSED,
        title=content.title if content else case.kind_label,
        url=content.url if content and outcome != ReportOutcome.HIDDEN else "",
        exclude_user_id=actor.pk,
    )


def _notify_author(case: Case, kind: str, *, actor: User) -> None:
    content = describe_case(case)
    if case.author_id and content:
        notify(
            user_ids=[case.author_id],
            kind=kind,
            title=content.title,
            url=content.url,
            exclude_user_id=actor.pk,
        )


def _reason_text(reason: str, note: str) -> str:
    label = str(Reason(reason).label)
    text = f"{label[:1].upper()}{label[1:]}"
    return f"{text}: {note}" if note else text


@transaction.atomic
def case_hide(*, user: User, case: Case, reason: str, note: str = "") -> Case:
    """A moderator of the content's municipality hides it; the author reads why in place."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require_moderator(user, case)
    with validation.collect() as check:
        reason = _reason(check, reason)
        note = check.text("note", note, model=Case, label=_("Explanation for the author"))
    if case.is_hidden:
        raise ValidationError(_("This is hidden already."))
    moderatable_kinds.get(case.kind).set_hidden(case.object_id, True, _reason_text(reason, note))
    case.is_hidden, case.reason, case.note = True, reason, note
    case.hidden_at, case.queued_at = timezone.now(), None
    case.objection, case.objected_at = "", None  # a new hide: the author may object again
    case.save()
    ModerationDecision.objects.create(case=case, verb=Verb.HIDE, reason=reason, moderator=user)
    _close_reports(case, ReportOutcome.HIDDEN, actor=user)
    _notify_author(case, NoticeKey.CONTENT_HIDDEN, actor=user)
    _audit(user, case, "hide", {"reason": reason, "note": note})
    return case


@transaction.atomic
@transaction.atomic
def case_hide_content(
    *, user: User, kind: str, object_id: str, reason: str, note: str = ""
) -> Case:
    """Hide content nobody has reported yet (from the content's own page)."""
    require_verified_user(user)
    content = access_moderated_content(user=user, kind=kind, object_id=object_id)
    return case_hide(user=user, case=_case_for(content), reason=reason, note=note)


@transaction.atomic
def case_restore(*, user: User, case: Case) -> Case:
    """A moderator shows hidden content again (after an objection, or a second look)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require_moderator(user, case)
    if not case.is_hidden:
        raise ValidationError(_("This is not hidden."))
    moderatable_kinds.get(case.kind).set_hidden(case.object_id, False, "")
    case.is_hidden, case.queued_at = False, None
    case.save(update_fields=["is_hidden", "queued_at"])
    ModerationDecision.objects.create(
        case=case, verb=Verb.RESTORE, reason=case.reason, moderator=user
    )
    _close_reports(case, ReportOutcome.DISMISSED, actor=user)
    _notify_author(case, NoticeKey.CONTENT_RESTORED, actor=user)
    _audit(user, case, "restore", {"reason": case.reason})
    return case


@transaction.atomic
def case_dismiss(*, user: User, case: Case) -> Case:
    """A moderator takes the case off the queue and changes nothing: open reports are
    dismissed (the content stays visible), or a pending objection is not upheld."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require_moderator(user, case)
    if case.queued_at is None:
        raise ValidationError(_("Nothing is waiting here."))
    objection = case.objection_pending
    case.queued_at = None
    case.save(update_fields=["queued_at"])
    ModerationDecision.objects.create(case=case, verb=Verb.DISMISS, moderator=user)
    _close_reports(case, ReportOutcome.DISMISSED, actor=user)
    if objection:
        _notify_author(case, NoticeKey.OBJECTION_REJECTED, actor=user)
    _audit(user, case, "dismiss", {"objection": objection})
    return case


@transaction.atomic
def objection_create(*, user: User, case: Case, text: str) -> Case:
    """The author of hidden content objects, once per hide; the case goes back to the queue."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    require_verified_user(user)
    if case.author_id != user.pk:
        raise PermissionDenied(_("Only the author may object."))
    if not case.is_hidden:
        raise ValidationError(_("This is not hidden."))
    if case.objected_at is not None:
        raise ValidationError(_("You have objected already."))
    with validation.collect() as check:
        text = check.text(
            "text", text, model=Case, model_field="objection", label=_("Objection"), required=True
        )
    case.objection, case.objected_at = text, timezone.now()
    case.queued_at = case.objected_at
    case.save(update_fields=["objection", "objected_at", "queued_at"])
    _audit(user, case, "object")
    return case
