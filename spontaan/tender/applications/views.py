"""The application page and its forms: withdraw, assess, declare a conflict, decide, pay,
release, report; and the attachments' downloads.

Thin, like the initiative pages: forms parse input, the services decide, the templates show.
A form with errors shows the page again with status 400 and the errors at their fields.
Who may see what comes from applications.selectors.access_application (404 for everyone
else); who may do what is checked here first (403) and again by the services.
"""

from collections.abc import Callable
from dataclasses import dataclass, fields

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from spontaan.core.forms import apply_errors
from spontaan.core.uploads import MEDIA_CSP
from spontaan.tender.applications import assessment
from spontaan.tender.applications import selectors as application_selectors
from spontaan.tender.applications import services as application_services
from spontaan.tender.applications.selectors import (
    CONFLICTED,
    MANAGER,
    PANEL,
    STAFF,
    TEAM,
    ApplicationDetail,
)
from spontaan.tender.money import selectors as money_selectors
from spontaan.tender.money import services as money_services
from spontaan.tender.schemes import selectors as scheme_selectors

from ..models import Application, ApplicationStatus, Outcome
from ..rules import EDITABLE_STATUSES, OPEN_STATUSES
from .forms import (
    ConflictDeclareForm,
    DecisionForm,
    LedgerForm,
    ReleaseForm,
    ReviewForm,
    SpendingReportForm,
    WithdrawForm,
)

READERS = {TEAM, PANEL, MANAGER, STAFF}  # may open the attachments


def access(request, pk) -> tuple[Application, set[str]]:
    return application_selectors.access_application(user=request.user, application_id=pk)


def require_role(roles: set[str], role: str) -> None:
    if role not in roles:
        raise PermissionDenied


@require_GET
def attachment_view(request, pk, attachment_id):
    """The file, only for the team, the panel and the municipality's staff (404 for others,
    so no one learns which attachments exist)."""
    application, roles = access(request, pk)
    if not roles & READERS:
        raise Http404("No such attachment.")
    attachment = application_selectors.access_attachment(
        application=application, attachment_id=attachment_id
    )
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CSP
    return response


# --- the application page ---------------------------------------------------------------------


def _history(detail: ApplicationDetail) -> list[dict]:
    """Submissions and decisions in the order they happened."""
    items = [{"kind": "submission", "at": s.submitted_at, "item": s} for s in detail.submissions]
    items += [{"kind": "decision", "at": d.decided_at, "item": d} for d in detail.decisions]
    return sorted(items, key=lambda i: i["at"])


def _review_initial(review) -> dict:
    if review is None or review.conflict_of_interest:
        return {}
    initial = {"comment": review.comment}
    for score in review.scores.all():
        initial[f"score_{score.criterion_id}"] = str(score.value)
        initial[f"motivation_{score.criterion_id}"] = score.motivation
    return initial


def _render_application(
    request,
    application: Application,
    roles: set[str],
    *,
    forms: dict | None = None,
    status: int = 200,
):
    user = request.user
    forms = forms or {}
    detail = application_selectors.application_detail(
        user=user, application=application, roles=roles
    )
    criteria = detail.criteria
    scheme = application.scheme
    state = application.status
    is_team, is_manager = TEAM in roles, MANAGER in roles
    is_panel = PANEL in roles and CONFLICTED not in roles
    sees_private = bool(roles & READERS)
    for review in detail.reviews:
        by_criterion = {s.criterion_id: s for s in review.scores.all()}
        review.rows = [(c, by_criterion.get(c.pk)) for c in criteria]
    decided = [d for d in detail.decisions if d.outcome != Outcome.RETURNED]
    grant, report = detail.grant, detail.report
    release_hint = detail.releasable or None
    own_review = detail.own_review
    can_review = is_panel and state == ApplicationStatus.SUBMITTED
    can_decide = is_manager and state == ApplicationStatus.SUBMITTED
    granted = state == ApplicationStatus.GRANTED
    context = {
        "application": application,
        "scheme": scheme,
        "initiative": application.initiative,
        **{f.name: getattr(detail, f.name) for f in fields(detail)},
        "roles": roles,
        "is_team": is_team,
        "is_manager": is_manager,
        "is_panel": is_panel,
        "is_conflicted": CONFLICTED in roles and PANEL in roles,
        "sees_private": sees_private,
        "final_decision": decided[-1] if decided else None,
        "history": _history(detail) if sees_private else [],
        "clock": application_selectors.application_open_clock(application=application)
        if state == ApplicationStatus.SUBMITTED
        else None,
        "show_means": application.is_decided or detail.score_view == "all",
        "release_hint": release_hint,
        "error_in": next(iter(forms), None),
        "review_form": forms.get("review")
        or (
            ReviewForm(
                prefix="review",
                criteria=criteria,
                score_max=scheme.score_max,
                initial=_review_initial(own_review),
            )
            if can_review
            else None
        ),
        "conflict_form": forms.get("conflict")
        or (
            ConflictDeclareForm(prefix="conflict")
            if is_panel and state in OPEN_STATUSES - {ApplicationStatus.DRAFT}
            else None
        ),
        "decide_form": forms.get("decide")
        or (
            DecisionForm(prefix="decide", initial={"amount": application.amount_requested})
            if can_decide
            else None
        ),
        "budget": money_selectors.scheme_budget(scheme=scheme) if is_manager else None,
        "pay_form": forms.get("pay")
        or (
            LedgerForm(prefix="pay", initial={"amount": grant.open or None})
            if is_manager and granted and grant
            else None
        ),
        "release_form": forms.get("release")
        or (
            ReleaseForm(prefix="release", initial={"amount": release_hint})
            if is_manager and granted
            else None
        ),
        "withdraw_form": forms.get("withdraw")
        or (WithdrawForm(prefix="withdraw") if is_team and state in OPEN_STATUSES else None),
        "report_form": forms.get("report")
        or (
            SpendingReportForm(
                prefix="report",
                initial={
                    "realised_euros": report.realised_euros,
                    "text": report.text,
                }
                if report
                else {},
            )
            if is_team and granted
            else None
        ),
        "can_edit": is_team and state in EDITABLE_STATUSES,
        "categories": scheme_selectors.scheme_category_labels(scheme=scheme),
    }
    return render(request, "tender/application_detail.html", context, status=status)


@require_GET
def application_view(request, pk):
    application, roles = access(request, pk)
    return _render_application(request, application, roles)


@dataclass(frozen=True)
class Action:
    """One of the application page's forms: who may send it, which form parses it, the service
    it calls (with the user, the application and the form's ``fields``, plus what
    ``arguments(form)`` adds) and what is said on success."""

    role: str
    form_class: type
    service: Callable
    fields: tuple[str, ...]
    success: str
    arguments: Callable | None = None  # (form) -> more keyword arguments of the service
    form_kwargs: Callable | None = None  # (application) -> extra keyword arguments of the form


# Keyed by the form's prefix, which is also the name of its URL.
ACTIONS = {
    "withdraw": Action(
        TEAM,
        WithdrawForm,
        application_services.application_withdraw,
        ("reason",),
        _("The application has been withdrawn."),
    ),
    "review": Action(
        PANEL,
        ReviewForm,
        assessment.review_save,
        ("comment",),
        _("Your assessment has been saved. You can revise it until the decision."),
        arguments=lambda form: {"scores": form.scores()},
        form_kwargs=lambda a: {
            "criteria": scheme_selectors.scheme_criteria(scheme=a.scheme),
            "score_max": a.scheme.score_max,
        },
    ),
    "conflict": Action(
        PANEL,
        ConflictDeclareForm,
        assessment.review_declare_conflict,
        ("note",),
        _("Your conflict of interest has been noted. You no longer assess this application."),
    ),
    "decide": Action(
        MANAGER,
        DecisionForm,
        assessment.application_decide,
        ("outcome", "reasoning", "amount", "conditions"),
        _("The decision has been recorded and the initiative has been told."),
    ),
    "pay": Action(
        MANAGER,
        LedgerForm,
        money_services.grant_pay,
        ("amount", "note"),
        _("The payment has been booked."),
    ),
    "release": Action(
        MANAGER,
        ReleaseForm,
        money_services.grant_release,
        ("amount", "note"),
        _("The money has been released to the scheme's budget."),
    ),
    "report": Action(
        TEAM,
        SpendingReportForm,
        money_services.spending_report_submit,
        ("realised_euros", "text"),
        _("Your spending report has been sent to the municipality."),
    ),
}


@login_required
@require_POST
def application_action_view(request, pk, action: str):
    """The application page's forms (ACTIONS): check the role, validate, call the service,
    redirect on success, or show the page again with the errors (status 400)."""
    spec = ACTIONS[action]
    application, roles = access(request, pk)
    require_role(roles, spec.role)
    kwargs = spec.form_kwargs(application) if spec.form_kwargs else {}
    form = spec.form_class(request.POST, prefix=action, **kwargs)
    if form.is_valid():
        try:
            spec.service(
                user=request.user,
                application=application,
                **{name: form.cleaned_data[name] for name in spec.fields},
                **(spec.arguments(form) if spec.arguments else {}),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, str(spec.success))
            return redirect(application)
    return _render_application(request, application, roles, forms={action: form}, status=400)
