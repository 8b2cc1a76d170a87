"""Writes of a grant's money: payments and releases in the ledger (under a lock on the
scheme, see ADR 6), and the team's spending report."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from spontaan.accounts.models import User
from spontaan.core.audit import audit_log
from spontaan.core.validation import FieldErrors
from spontaan.initiatives.kinds import NoticeKey as InitiativeNoticeKey
from spontaan.initiatives.services import initiative_record_event
from spontaan.notifications.services import notify
from spontaan.tender.checks import (
    lock_application,
    lock_scheme,
    manager_user_ids,
    require_decider,
    require_team,
    whole_number,
)
from spontaan.tender.money.selectors import scheme_ledger_state

from .. import ledger
from ..changes import application_changed
from ..kinds import EventKey
from ..models import Application, ApplicationStatus, EntryKind, LedgerEntry, Scheme, SpendingReport


def book_entry(
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


def _require_grant(application: Application) -> None:
    if application.status != ApplicationStatus.GRANTED:
        raise ValidationError(
            {"amount": _("Only a granted application has money to pay or release.")}
        )


@transaction.atomic
def grant_book(
    *, user: User, application: Application, kind: str, amount: int, note: str = ""
) -> LedgerEntry:
    """Book a payment on a grant, or release unspent money of it back to the scheme's
    budget (which needs a note saying why). The ledger's rules decide what fits."""
    if kind not in {EntryKind.PAY, EntryKind.RELEASE}:
        raise ValueError(f"Not a booking on a grant: {kind}")
    require_decider(user, application)
    scheme = lock_scheme(application.scheme_id)
    application = lock_application(application)
    _require_grant(application)
    errors = FieldErrors()
    amount = whole_number(errors, "amount", amount, label=_("Amount"), minimum=1)
    note = errors.text(
        "note",
        note,
        label=_("Note"),
        max_length=300,
        required=kind == EntryKind.RELEASE,
    )
    errors.raise_if_any()
    entry = book_entry(scheme, application, kind, amount, user, note)
    audit_log(
        actor=user,
        action=f"ledger.{kind}",
        obj=application,
        municipality_id=application.initiative.municipality_id,
        changes={"amount": amount, "note": note},
    )
    application_changed(application)
    return entry


def grant_pay(*, user: User, application: Application, amount: int, note: str = "") -> LedgerEntry:
    return grant_book(
        user=user, application=application, kind=EntryKind.PAY, amount=amount, note=note
    )


def grant_release(
    *, user: User, application: Application, amount: int, note: str = ""
) -> LedgerEntry:
    return grant_book(
        user=user, application=application, kind=EntryKind.RELEASE, amount=amount, note=note
    )


@transaction.atomic
def spending_report_submit(
    *, user: User, application: Application, realised_euros: int, text: str
) -> SpendingReport:
    """At the end the initiative says what it spent of the grant; it can correct it later."""
    application = lock_application(application)
    require_team(user, application.initiative)
    _require_grant(application)
    errors = FieldErrors()
    realised = whole_number(
        errors,
        "realised_euros",
        realised_euros,
        label=_("What you spent of the grant"),
        maximum=application.amount_granted or 0,
    )
    text = errors.text(
        "text",
        text,
        label=_("What was done with the money"),
        max_length=8000,
        required=True,
    )
    errors.raise_if_any()
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
        user_ids=manager_user_ids(application.initiative.municipality_id),
        kind=InitiativeNoticeKey.UPDATE,
        title=application.initiative.title,
        url=application.get_absolute_url(),
        data={"report": application.pk},
        exclude_user_id=user.pk,
    )
    application_changed(application)
    return report
