"""Writes of the team on its application: start, edit, attachments, submit, withdraw."""

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spontaan.accounts.models import User
from spontaan.clock.services import clock_discard, clock_start
from spontaan.core.uploads import (
    DOCUMENT_KINDS,
    delete_file_on_commit,
    detect_document,
    random_name,
)
from spontaan.core.validation import FieldErrors
from spontaan.core.workdays import add_working_days
from spontaan.initiatives.models import Initiative, Status
from spontaan.initiatives.rules import may_follow_process
from spontaan.initiatives.services import (
    initiative_follow_process,
    initiative_lock,
    initiative_record_event,
)
from spontaan.notifications.services import notify
from spontaan.places.selectors import city_profile_themes
from spontaan.tender.applications.eligibility import current_tranche, eligibility_problems
from spontaan.tender.checks import (
    lock_application,
    manager_user_ids,
    panel_user_ids,
    require_team,
    whole_number,
)
from spontaan.tender.schemes.selectors import scheme_municipality_ids

from ..changes import application_changed
from ..kinds import ClockKey, EventKey, NoticeKey
from ..models import (
    Application,
    ApplicationStatus,
    Attachment,
    BudgetLine,
    LineSource,
    Mode,
    Scheme,
    SchemeStatus,
    Submission,
)
from ..rules import APPLICATION_EDITABLE_FIELDS, EDITABLE_STATUSES, OPEN_STATUSES, budget_totals

MAX_BUDGET_LINES = 40


MAX_ATTACHMENTS = 10


ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


# The extensions a person may name an attachment with, and the kind of content each must have
# (detected by core.uploads.detect_document); the stored file gets the kind's own extension.
ATTACHMENT_TYPES = {
    ".pdf": "pdf",
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".odt": "odt",
    ".ods": "ods",
    ".docx": "docx",
    ".xlsx": "xlsx",
}


def _notify_staff(application: Application, *, actor: User) -> None:
    notify(
        user_ids={
            *panel_user_ids(application.scheme),
            *manager_user_ids(application.initiative.municipality_id),
        },
        kind=NoticeKey.APPLICATION,
        title=application.initiative.title,
        url=application.get_absolute_url(),
        data={"application": application.pk},
        exclude_user_id=actor.pk,
    )


@transaction.atomic
def application_create(*, user: User, initiative: Initiative, scheme: Scheme) -> Application:
    require_team(user, initiative)
    # Lock the initiative: two clicks on "apply" at once would otherwise both find no open
    # application below and both create one.
    initiative_lock(initiative_id=initiative.pk)
    scheme = Scheme.objects.get(pk=scheme.pk)
    errors = FieldErrors()
    if scheme.status != SchemeStatus.OPEN:
        errors.add("scheme", _("This scheme is not open for applications."))
    elif initiative.municipality_id not in scheme_municipality_ids(scheme):
        errors.add(
            "scheme",
            _("This scheme does not cover %(municipality)s.")
            % {"municipality": initiative.municipality.name},
        )
    elif Application.objects.filter(
        initiative=initiative, scheme=scheme, status__in=OPEN_STATUSES
    ).exists():
        errors.add("scheme", _("This initiative already has an open application for this scheme."))
    errors.raise_if_any()
    application = Application.objects.create(scheme=scheme, initiative=initiative, created_by=user)
    application_changed(application)
    return application


def _clean_lines(errors: FieldErrors, lines) -> list[dict]:
    rows = []
    if not isinstance(lines, list | tuple):
        errors.add("budget_lines", _("The budget plan must be a list of lines."))
        return rows
    if len(lines) > MAX_BUDGET_LINES:
        errors.add(
            "budget_lines",
            _("A budget plan has at most %(n)d lines.") % {"n": MAX_BUDGET_LINES},
        )
        return rows
    for number, line in enumerate(lines, start=1):
        if not isinstance(line, dict):
            errors.add("budget_lines", _("Line %(n)d is not valid.") % {"n": number})
            continue
        line_errors = FieldErrors()
        item = line_errors.text(
            "item",
            line.get("item"),
            label=_("Item"),
            max_length=160,
            required=True,
        )
        amount = whole_number(
            line_errors, "amount", line.get("amount_euros"), label=_("Amount"), minimum=1
        )
        source = line.get("source")
        if source not in LineSource.values:
            line_errors.add("source", _("Say who pays this line."))
        funder = line_errors.text(
            "funder",
            line.get("funder", ""),
            label=_("Funder"),
            max_length=120,
            required=source == LineSource.OTHER,
        )
        for message in line_errors.messages():
            errors.add(
                "budget_lines", _("Line %(n)d: %(message)s") % {"n": number, "message": message}
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


def _lock_editable(user: User, application: Application, field: str, message) -> Application:
    """Lock the application for a change by its team, which only a draft or an application
    sent back allows; otherwise ``message`` is the error at ``field``."""
    application = lock_application(application)
    require_team(user, application.initiative)
    if application.status not in EDITABLE_STATUSES:
        raise ValidationError({field: message})
    return application


@transaction.atomic
def application_update(*, user: User, application: Application, data: dict) -> Application:
    """Change a draft, or an application that was sent back with questions."""
    application = _lock_editable(
        user,
        application,
        "status",
        _("Only a draft or an application that was sent back can be changed."),
    )
    unknown = set(data) - set(APPLICATION_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({f: _("This field cannot be changed.") for f in sorted(unknown)})
    errors = FieldErrors()
    cleaned: dict = {}
    if "amount_requested" in data:
        cleaned["amount_requested"] = (
            whole_number(
                errors,
                "amount_requested",
                data["amount_requested"],
                label=_("Amount requested"),
                required=False,
            )
            or 0
        )
    if "plan" in data:
        cleaned["plan"] = errors.text(
            "plan", data["plan"], label=_("Plan"), max_length=20000, required=False
        )
    if "themes" in data:
        themes = data["themes"] or []
        if not isinstance(themes, list | tuple) or not all(isinstance(t, str) for t in themes):
            errors.add("themes", _("Choose themes from the city profile."))
        else:
            allowed = city_profile_themes(municipality_id=application.initiative.municipality_id)
            unknown_themes = [t for t in themes if t not in allowed]
            if unknown_themes:
                errors.add(
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
            errors.add(
                "budget_lines",
                _(
                    "The lines asked from the scheme add up to € %(asked)s, but you ask "
                    "for € %(amount)s. Make them the same."
                )
                % {"asked": asked, "amount": amount},
            )
    errors.raise_if_any()
    for field, value in cleaned.items():
        setattr(application, field, value)
    application.save()
    if lines is not None:
        application.budget_lines.all().delete()
        BudgetLine.objects.bulk_create(
            [BudgetLine(application=application, position=i, **row) for i, row in enumerate(lines)]
        )
    application_changed(application)
    return application


@transaction.atomic
def attachment_add(*, user: User, application: Application, upload: UploadedFile) -> Attachment:
    application = _lock_editable(
        user,
        application,
        "file",
        _("Attachments can only be added to a draft or an application that was sent back."),
    )
    name = (upload.name or "").rsplit("/", 1)[-1][-160:]
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if extension not in ATTACHMENT_TYPES:
        raise ValidationError({"file": _("Attach a PDF, ODT, ODS, DOCX, XLSX, PNG or JPEG file.")})
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError({"file": _("A file may be at most 10 MB.")})
    kind = detect_document(upload)
    if kind is None or kind != ATTACHMENT_TYPES[extension]:
        raise ValidationError({"file": _("The file's content does not match its type.")})
    if application.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError({"file": _("At most %(n)d attachments.") % {"n": MAX_ATTACHMENTS}})
    # Stored under a random name with the extension of what it really is; the person's own
    # name is kept only as the name of the download.
    stored = File(upload, name=random_name(DOCUMENT_KINDS[kind]))
    application_changed(application)
    return Attachment.objects.create(
        application=application, file=stored, name=name, size=upload.size, uploaded_by=user
    )


@transaction.atomic
def attachment_remove(*, user: User, attachment: Attachment) -> None:
    _lock_editable(
        user, attachment.application, "file", _("Attachments of a submitted application stay.")
    )
    application_changed(attachment.application)
    file = attachment.file
    attachment.delete()
    # The file goes only once the row is gone for good.
    delete_file_on_commit(file)


@transaction.atomic
def application_submit(
    *, user: User, application: Application, answer_to_questions: str = ""
) -> Application:
    """Submit a draft, or answer the questions of an application that was sent back. Either
    way the municipality holds it again and an answer clock starts."""
    application = _lock_editable(
        user, application, "status", _("This application has already been submitted.")
    )
    errors = FieldErrors()
    for field, messages in eligibility_problems(application).items():
        for message in messages:
            errors.add(field, message)
    resubmission = application.status == ApplicationStatus.RETURNED
    answer = errors.text(
        "answer_to_questions",
        answer_to_questions,
        label=_("Your answer to the questions"),
        max_length=8000,
        required=resubmission,
    )
    errors.raise_if_any()
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
    application_changed(application)
    return application


@transaction.atomic
def application_withdraw(*, user: User, application: Application, reason: str = "") -> Application:
    application = lock_application(application)
    require_team(user, application.initiative)
    if application.status not in OPEN_STATUSES:
        raise ValidationError(
            {"status": _("A decided or withdrawn application cannot be withdrawn.")}
        )
    errors = FieldErrors()
    reason = errors.text("reason", reason, label=_("Reason"), max_length=1000, required=False)
    errors.raise_if_any()
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
    application_changed(application)
    return application
