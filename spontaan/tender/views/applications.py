"""Pages of applications: apply, edit, submit, withdraw, assess, decide, pay, report.

Thin, like the initiative pages: forms parse input, the services decide, the templates show.
A form with errors shows the page again with status 400 and the errors at their fields.
Who may see what comes from selectors.access_application (404 for everyone else); who may do
what is checked here first (403) and again by the services.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from spontaan.core.forms import apply_errors
from spontaan.initiatives.models import Category
from spontaan.initiatives.selectors import access_initiative
from spontaan.places.selectors import city_profile_themes

from .. import selectors, services
from ..forms.applications import (
    ApplicationForm,
    AttachmentForm,
    BudgetLineFormSet,
    ConflictDeclareForm,
    DecisionForm,
    LedgerForm,
    ReleaseForm,
    ReviewForm,
    SpendingReportForm,
    SubmitForm,
    WithdrawForm,
)
from ..models import Application, ApplicationStatus, Outcome
from ..rules import EDITABLE_STATUSES, OPEN_STATUSES, budget_totals
from ..selectors import CONFLICTED, MANAGER, PANEL, STAFF, TEAM

__all__ = [
    "my_applications",
    "apply_view",
    "application_view",
    "application_edit",
    "application_submit_view",
    "application_withdraw_view",
    "review_view",
    "conflict_view",
    "decide_view",
    "pay_view",
    "release_view",
    "report_view",
    "attachment_add_view",
    "attachment_view",
    "attachment_remove_view",
]

READERS = {TEAM, PANEL, MANAGER, STAFF}  # may open the attachments


def _access(request, pk) -> tuple[Application, set[str]]:
    return selectors.access_application(user=request.user, application_id=pk)


def _require(roles: set[str], role: str) -> None:
    if role not in roles:
        raise PermissionDenied


# --- my applications and applying ------------------------------------------------------------


@login_required
@require_GET
def my_applications(request):
    applications = list(selectors.user_applications(user=request.user))
    clocks = selectors.application_open_clocks(application_ids=[a.pk for a in applications])
    for application in applications:
        application.clock = clocks.get(application.pk)
    return render(request, "tender/my_applications.html", {"applications": applications})


@login_required
@require_POST
def apply_view(request, slug, initiative_id):
    initiative = access_initiative(user=request.user, initiative_id=initiative_id)
    scheme = selectors.access_scheme(user=request.user, slug=slug)
    try:
        application = services.application_create(
            user=request.user, initiative=initiative, scheme=scheme
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(initiative)
    messages.success(
        request,
        _(
            "Your draft application has been started. Fill it in; you "
            "submit it when it is complete."
        ),
    )
    return redirect("tender:application_edit", application.pk)


# --- editing and submitting -------------------------------------------------------------------


def _profile_themes(application: Application) -> list[str]:
    return city_profile_themes(municipality_id=application.initiative.municipality_id)


def _checklist(application: Application, problems: dict, has_themes: bool) -> list[dict]:
    """What the application needs before it can be submitted, item by item."""
    items = [
        ("plan", _("A plan: what you will do with the money")),
        ("amount_requested", _("The amount you ask for, within the scheme's maximum")),
        ("budget_lines", _("A budget plan that adds up, with enough co-financing")),
    ]
    if has_themes:
        items.append(("themes", _("The themes of the city profile it strengthens")))
    items.append(("scheme", _("The scheme is open to this initiative")))
    checklist = [
        {"label": label, "problems": problems.get(key, []), "done": key not in problems}
        for key, label in items
    ]
    known = {key for key, _label in items}
    for key, found in problems.items():  # anything else the service finds
        if key not in known:
            checklist.append({"label": key, "problems": found, "done": False})
    return checklist


def _category_labels(scheme) -> list[str]:
    return [Category(c).label for c in scheme.eligible_categories if c in Category.values]


def _render_edit(
    request,
    application: Application,
    *,
    form=None,
    lines=None,
    lines_errors=(),
    submit_form=None,
    attachment_form=None,
    submit_failed=False,
    status=200,
):
    returned = application.status == ApplicationStatus.RETURNED
    themes = _profile_themes(application)
    saved_lines = selectors.application_budget_lines(application=application)
    if form is None:
        form = ApplicationForm(
            prefix="application",
            themes=themes,
            initial={
                "amount_requested": application.amount_requested or None,
                "plan": application.plan,
                "themes": application.themes,
                "wants_pitch": application.wants_pitch,
            },
        )
    if lines is None:
        lines = BudgetLineFormSet(
            prefix="lines",
            initial=[
                {
                    "item": line.item,
                    "amount_euros": line.amount_euros,
                    "source": line.source,
                    "funder": line.funder,
                }
                for line in saved_lines
            ],
        )
    scheme = application.scheme
    problems = services.eligibility_problems(application)
    questions = selectors.application_questions(application=application) if returned else None
    context = {
        "application": application,
        "scheme": scheme,
        "initiative": application.initiative,
        "form": form,
        "lines": lines,
        "lines_errors": list(lines_errors),
        "totals": budget_totals(saved_lines),
        "saved_lines": saved_lines,
        "checklist": _checklist(application, problems, bool(themes)),
        "ready": not problems,
        "submit_form": submit_form or SubmitForm(prefix="submit", returned=returned),
        "attachment_form": attachment_form or AttachmentForm(prefix="attachment"),
        "attachments": selectors.application_attachments(application=application),
        "max_attachments": services.MAX_ATTACHMENTS,
        "questions": questions,
        "returned": returned,
        "submit_failed": submit_failed,
        "categories": _category_labels(scheme),
    }
    return render(request, "tender/application_edit.html", context, status=status)


def _editable(request, pk) -> Application | None:
    """The application for its team, or None (with a message) when it can no longer change."""
    application, roles = _access(request, pk)
    _require(roles, TEAM)
    if application.status not in EDITABLE_STATUSES:
        messages.info(
            request,
            _("This application has been submitted or decided; it can no longer be changed."),
        )
        return None
    return application


def _save(request, application: Application):
    """Parse and save the edit form. Returns (application, None) or (None, the bound forms
    with their errors)."""
    themes = _profile_themes(application)
    form = ApplicationForm(request.POST, prefix="application", themes=themes)
    lines = BudgetLineFormSet(request.POST, prefix="lines")
    form_ok, lines_ok = form.is_valid(), lines.is_valid()
    lines_errors: list[str] = list(lines.non_form_errors()) if lines.is_bound else []
    if form_ok and lines_ok:
        data = form.cleaned_data
        update = {
            "amount_requested": data["amount_requested"],
            "plan": data["plan"],
            "wants_pitch": data["wants_pitch"],
            "budget_lines": [f.line for f in lines.forms if f.line],
        }
        if "themes" in form.fields:
            update["themes"] = data["themes"]
        try:
            saved = services.application_update(
                user=request.user, application=application, data=update
            )
        except ValidationError as exc:
            errors = dict(exc.message_dict) if hasattr(exc, "error_dict") else {None: exc.messages}
            lines_errors += errors.pop("budget_lines", [])
            for field, found in errors.items():
                for message in found:
                    form.add_error(field if field in form.fields else None, message)
        else:
            return saved, None
    return None, {"form": form, "lines": lines, "lines_errors": lines_errors}


@login_required
def application_edit(request, pk):
    application = _editable(request, pk)
    if application is None:
        return redirect("tender:application", pk)
    if request.method == "POST":
        saved, failed = _save(request, application)
        if saved is not None:
            messages.success(request, _("Your changes have been saved."))
            return redirect("tender:application_edit", pk)
        return _render_edit(request, application, **failed, status=400)
    return _render_edit(request, application)


@login_required
@require_POST
def application_submit_view(request, pk):
    """Submit (or answer the questions). Pressed in the edit form, it saves the form first."""
    application = _editable(request, pk)
    if application is None:
        return redirect("tender:application", pk)
    returned = application.status == ApplicationStatus.RETURNED
    submit_form = SubmitForm(request.POST, prefix="submit", returned=returned)
    edited = False
    if "lines-TOTAL_FORMS" in request.POST:
        saved, failed = _save(request, application)
        if saved is None:
            submit_form.is_valid()
            return _render_edit(
                request,
                application,
                **failed,
                submit_form=submit_form,
                submit_failed=True,
                status=400,
            )
        application, edited = saved, True
    if submit_form.is_valid():
        try:
            services.application_submit(
                user=request.user,
                application=application,
                answer_to_questions=submit_form.cleaned_data.get("answer_to_questions", ""),
            )
        except ValidationError as exc:
            answer = (
                exc.message_dict.get("answer_to_questions", [])
                if hasattr(exc, "error_dict")
                else []
            )
            for message in answer:
                if "answer_to_questions" in submit_form.fields:
                    submit_form.add_error("answer_to_questions", message)
        else:
            messages.success(
                request,
                _(
                    "Your application has been submitted. The "
                    "municipality has been told and the clock for its "
                    "decision is running."
                ),
            )
            return redirect("tender:application", pk)
    if edited:
        messages.info(request, _("Your changes have been saved."))
    application.refresh_from_db()
    return _render_edit(
        request, application, submit_form=submit_form, submit_failed=True, status=400
    )


@login_required
@require_POST
def attachment_add_view(request, pk):
    application = _editable(request, pk)
    if application is None:
        return redirect("tender:application", pk)
    form = AttachmentForm(request.POST, request.FILES, prefix="attachment")
    if form.is_valid():
        try:
            services.attachment_add(
                user=request.user, application=application, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The attachment has been added."))
            return redirect("tender:application_edit", pk)
    return _render_edit(request, application, attachment_form=form, status=400)


@login_required
@require_POST
def attachment_remove_view(request, pk, attachment_id):
    application = _editable(request, pk)
    if application is None:
        return redirect("tender:application", pk)
    attachment = selectors.access_attachment(application=application, attachment_id=attachment_id)
    try:
        services.attachment_remove(user=request.user, attachment=attachment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The attachment “%(name)s” has been removed.") % {"name": attachment.name}
        )
    return redirect("tender:application_edit", pk)


@require_GET
def attachment_view(request, pk, attachment_id):
    """The file, only for the team, the panel and the municipality's staff (404 for others,
    so no one learns which attachments exist)."""
    application, roles = _access(request, pk)
    if not roles & READERS:
        raise Http404("No such attachment.")
    attachment = selectors.access_attachment(application=application, attachment_id=attachment_id)
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the application page ---------------------------------------------------------------------


def _history(detail: dict) -> list[dict]:
    """Submissions and decisions in the order they happened."""
    items = [{"kind": "submission", "at": s.submitted_at, "item": s} for s in detail["submissions"]]
    items += [{"kind": "decision", "at": d.decided_at, "item": d} for d in detail["decisions"]]
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
    detail = selectors.application_detail(user=user, application=application, roles=roles)
    criteria = detail["criteria"]
    scheme = application.scheme
    state = application.status
    is_team, is_manager = TEAM in roles, MANAGER in roles
    is_panel = PANEL in roles and CONFLICTED not in roles
    sees_private = bool(roles & READERS)
    for review in detail["reviews"]:
        by_criterion = {s.criterion_id: s for s in review.scores.all()}
        review.rows = [(c, by_criterion.get(c.pk)) for c in criteria]
    decided = [d for d in detail["decisions"] if d.outcome != Outcome.RETURNED]
    grant, report = detail["grant"], detail["report"]
    release_hint = detail["releasable"] or None
    own_review = detail["own_review"]
    can_review = is_panel and state == ApplicationStatus.SUBMITTED
    can_decide = is_manager and state == ApplicationStatus.SUBMITTED
    granted = state == ApplicationStatus.GRANTED
    context = {
        "application": application,
        "scheme": scheme,
        "initiative": application.initiative,
        **detail,
        "roles": roles,
        "is_team": is_team,
        "is_manager": is_manager,
        "is_panel": is_panel,
        "is_conflicted": CONFLICTED in roles and PANEL in roles,
        "sees_private": sees_private,
        "final_decision": decided[-1] if decided else None,
        "history": _history(detail) if sees_private else [],
        "clock": selectors.application_open_clock(application=application)
        if state == ApplicationStatus.SUBMITTED
        else None,
        "show_means": application.is_decided or detail["score_view"] == "all",
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
        "budget": selectors.scheme_budget(scheme=scheme) if is_manager else None,
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
        "categories": _category_labels(scheme),
    }
    return render(request, "tender/application_detail.html", context, status=status)


@require_GET
def application_view(request, pk):
    application, roles = _access(request, pk)
    return _render_application(request, application, roles)


def _action(
    request, pk, *, role: str, form_class, key: str, action, success: str, form_kwargs=None
):
    """Shared handling of the application page's forms: check the role, validate, call the
    service, redirect on success, or show the page again with the errors (status 400)."""
    application, roles = _access(request, pk)
    _require(roles, role)
    kwargs = form_kwargs(application) if callable(form_kwargs) else (form_kwargs or {})
    form = form_class(request.POST, prefix=key, **kwargs)
    if form.is_valid():
        try:
            action(application, form.cleaned_data, form)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(application)
    return _render_application(request, application, roles, forms={key: form}, status=400)


@login_required
@require_POST
def application_withdraw_view(request, pk):
    return _action(
        request,
        pk,
        role=TEAM,
        form_class=WithdrawForm,
        key="withdraw",
        action=lambda a, d, f: services.application_withdraw(
            user=request.user, application=a, reason=d["reason"]
        ),
        success=_("The application has been withdrawn."),
    )


@login_required
@require_POST
def review_view(request, pk):
    return _action(
        request,
        pk,
        role=PANEL,
        form_class=ReviewForm,
        key="review",
        form_kwargs=lambda a: {
            "criteria": selectors.scheme_criteria(scheme=a.scheme),
            "score_max": a.scheme.score_max,
        },
        action=lambda a, d, f: services.review_save(
            user=request.user, application=a, scores=f.scores(), comment=d["comment"]
        ),
        success=_("Your assessment has been saved. You can revise it until the decision."),
    )


@login_required
@require_POST
def conflict_view(request, pk):
    return _action(
        request,
        pk,
        role=PANEL,
        form_class=ConflictDeclareForm,
        key="conflict",
        action=lambda a, d, f: services.review_declare_conflict(
            user=request.user, application=a, note=d["note"]
        ),
        success=_(
            "Your conflict of interest has been noted. You no longer assess this application."
        ),
    )


@login_required
@require_POST
def decide_view(request, pk):
    return _action(
        request,
        pk,
        role=MANAGER,
        form_class=DecisionForm,
        key="decide",
        action=lambda a, d, f: services.application_decide(
            user=request.user,
            application=a,
            outcome=d["outcome"],
            reasoning=d["reasoning"],
            amount=d["amount"],
            conditions=d["conditions"],
        ),
        success=_("The decision has been recorded and the initiative has been told."),
    )


@login_required
@require_POST
def pay_view(request, pk):
    return _action(
        request,
        pk,
        role=MANAGER,
        form_class=LedgerForm,
        key="pay",
        action=lambda a, d, f: services.grant_pay(
            user=request.user, application=a, amount=d["amount"], note=d["note"]
        ),
        success=_("The payment has been booked."),
    )


@login_required
@require_POST
def release_view(request, pk):
    return _action(
        request,
        pk,
        role=MANAGER,
        form_class=ReleaseForm,
        key="release",
        action=lambda a, d, f: services.grant_release(
            user=request.user, application=a, amount=d["amount"], note=d["note"]
        ),
        success=_("The money has been released to the scheme's budget."),
    )


@login_required
@require_POST
def report_view(request, pk):
    return _action(
        request,
        pk,
        role=TEAM,
        form_class=SpendingReportForm,
        key="report",
        action=lambda a, d, f: services.spending_report_submit(
            user=request.user, application=a, realised_euros=d["realised_euros"], text=d["text"]
        ),
        success=_("Your spending report has been sent to the municipality."),
    )
