"""Pages of the team's own applications: the list, applying, editing, attachments and
submitting. Thin: forms parse input, the services decide, the templates show."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from spontaan.core.forms import apply_errors
from spontaan.initiatives.selectors import access_initiative
from spontaan.places.selectors import city_profile_themes
from spontaan.tender.applications import eligibility
from spontaan.tender.applications import selectors as application_selectors
from spontaan.tender.applications import services as application_services
from spontaan.tender.applications.selectors import TEAM
from spontaan.tender.schemes import selectors as scheme_selectors

from ..models import Application, ApplicationStatus
from ..rules import EDITABLE_STATUSES, budget_totals
from .forms import (
    ApplicationForm,
    AttachmentForm,
    BudgetLineFormSet,
    SubmitForm,
)
from .views import access, require_role

# --- my applications and applying ------------------------------------------------------------


@login_required
@require_GET
def my_applications(request):
    applications = list(application_selectors.user_applications(user=request.user))
    clocks = application_selectors.application_open_clocks(
        application_ids=[a.pk for a in applications]
    )
    for application in applications:
        application.clock = clocks.get(application.pk)
    return render(request, "tender/my_applications.html", {"applications": applications})


@login_required
@require_POST
def apply_view(request, slug, initiative_id):
    initiative = access_initiative(user=request.user, initiative_id=initiative_id)
    scheme = scheme_selectors.access_scheme(user=request.user, slug=slug)
    try:
        application = application_services.application_create(
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
    saved_lines = application_selectors.application_budget_lines(application=application)
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
    problems = eligibility.eligibility_problems(application)
    questions = (
        application_selectors.application_questions(application=application) if returned else None
    )
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
        "attachments": application_selectors.application_attachments(application=application),
        "max_attachments": application_services.MAX_ATTACHMENTS,
        "questions": questions,
        "returned": returned,
        "submit_failed": submit_failed,
        "categories": scheme_selectors.scheme_category_labels(scheme=scheme),
    }
    return render(request, "tender/application_edit.html", context, status=status)


def _editable(view):
    """Give the view the application, for its team (403 for others), while it can change;
    otherwise send them to the application's page with a message."""

    @wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        application, roles = access(request, pk)
        require_role(roles, TEAM)
        if application.status not in EDITABLE_STATUSES:
            messages.info(
                request,
                _("This application has been submitted or decided; it can no longer be changed."),
            )
            return redirect("tender:application", pk)
        return view(request, application, *args, **kwargs)

    return wrapper


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
            saved = application_services.application_update(
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
@_editable
def application_edit(request, application):
    if request.method == "POST":
        saved, failed = _save(request, application)
        if saved is not None:
            messages.success(request, _("Your changes have been saved."))
            return redirect("tender:application_edit", application.pk)
        return _render_edit(request, application, **failed, status=400)
    return _render_edit(request, application)


@login_required
@require_POST
@_editable
def application_submit_view(request, application):
    """Submit (or answer the questions). Pressed in the edit form, it saves the form first."""
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
            application_services.application_submit(
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
            return redirect("tender:application", application.pk)
    if edited:
        messages.info(request, _("Your changes have been saved."))
    application.refresh_from_db()
    return _render_edit(
        request, application, submit_form=submit_form, submit_failed=True, status=400
    )


@login_required
@require_POST
@_editable
def attachment_add_view(request, application):
    form = AttachmentForm(request.POST, request.FILES, prefix="attachment")
    if form.is_valid():
        try:
            application_services.attachment_add(
                user=request.user, application=application, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The attachment has been added."))
            return redirect("tender:application_edit", application.pk)
    return _render_edit(request, application, attachment_form=form, status=400)


@login_required
@require_POST
@_editable
def attachment_remove_view(request, application, attachment_id):
    attachment = application_selectors.access_attachment(
        application=application, attachment_id=attachment_id
    )
    try:
        application_services.attachment_remove(user=request.user, attachment=attachment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The attachment “%(name)s” has been removed.") % {"name": attachment.name}
        )
    return redirect("tender:application_edit", application.pk)
