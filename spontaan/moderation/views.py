"""Pages of moderation: report, the queue, one item with its actions, the objection form and
the public log. They parse, call the services and selectors, and present."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from spontaan.accounts.selectors import require_verified_user
from spontaan.core.forms import act_on_form

from . import selectors, services
from .forms import HideForm, ObjectionForm, ReportForm
from .kinds import moderatable_kinds

PER_PAGE = 20


def _kind_label(kind: str) -> str:
    entry = moderatable_kinds.find(kind)
    if entry is None:
        raise Http404("No such kind of content.")
    return str(entry.label)


@login_required
@require_http_methods(["GET", "POST"])
def report(request, kind, object_id):
    require_verified_user(request.user)
    content = selectors.access_content(user=request.user, kind=kind, object_id=object_id)
    form = ReportForm(request.POST or None)
    if request.method == "POST":

        def act(data):
            services.report_create(
                user=request.user,
                kind=kind,
                object_id=object_id,
                reason=data["reason"],
                note=data["note"],
            )
            messages.success(
                request, _("Thank you. A moderator will look at it; we will tell you the outcome.")
            )
            return redirect(content.url)

        done = act_on_form(form, act)
        if done:
            return done
    return render(
        request,
        "moderation/report.html",
        {"form": form, "content": content, "kind_label": _kind_label(kind)},
        status=400 if form.errors else 200,
    )


def _case_list(request, cases, template: str):
    """A page of cases with their content, for moderators only."""
    if not selectors.moderator_municipalities(user=request.user):
        raise PermissionDenied
    page = Paginator(cases, PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request, template, {"page": page, "items": selectors.with_content(list(page.object_list))}
    )


@login_required
@require_GET
def queue(request):
    return _case_list(request, selectors.case_queue(user=request.user), "moderation/queue.html")


@login_required
@require_GET
def hidden(request):
    return _case_list(request, selectors.cases_hidden(user=request.user), "moderation/hidden.html")


@login_required
@require_http_methods(["GET", "POST"])
def item(request, kind, object_id):
    """One piece of content for a moderator: its reports, its author's history, and actions."""
    content = selectors.access_moderated_content(user=request.user, kind=kind, object_id=object_id)
    case = selectors.case_for_content(kind=kind, object_id=object_id)
    hide_form = HideForm(request.POST if request.POST.get("action") == "hide" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "hide":
                done = act_on_form(
                    hide_form,
                    lambda d: services.case_hide_content(
                        user=request.user,
                        kind=kind,
                        object_id=object_id,
                        reason=d["reason"],
                        note=d["note"],
                    ),
                )
                if done:
                    messages.success(request, _("Hidden. The author sees why."))
                    return redirect("moderation:queue")
            elif action in ("restore", "dismiss") and case is not None:
                service = services.case_restore if action == "restore" else services.case_dismiss
                service(user=request.user, case=case)
                messages.success(
                    request,
                    _("Visible again.") if action == "restore" else _("Taken off the queue."),
                )
                return redirect("moderation:queue")
            else:
                raise Http404("No such action.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("moderation:item", kind=kind, object_id=object_id)
    history = None
    if case is not None:
        case = selectors.access_case(user=request.user, case_id=case.pk)
        history = selectors.author_history(case=case)
    return render(
        request,
        "moderation/item.html",
        {
            "content": content,
            "kind_label": _kind_label(kind),
            "case": case,
            "reports": selectors.case_reports(case=case) if case else [],
            "decisions": selectors.case_decisions(case=case) if case else [],
            "history": history,
            "history_items": selectors.with_content(history.cases) if history else [],
            "hide_form": hide_form,
        },
        status=400 if hide_form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def objection(request, kind, object_id):
    """The author sees their hidden content with the reason and may object, once."""
    case = selectors.access_objection_case(user=request.user, kind=kind, object_id=object_id)
    content = selectors.describe_case(case)
    if content is None:
        raise Http404("No such content.")
    form = ObjectionForm(request.POST or None)
    if request.method == "POST":

        def act(data):
            services.objection_create(user=request.user, case=case, text=data["text"])
            messages.success(request, _("Your objection has been sent to the moderators."))
            return redirect(content.url)

        done = act_on_form(form, act)
        if done:
            return done
    return render(
        request,
        "moderation/objection.html",
        {"form": form, "case": case, "content": content, "kind_label": _kind_label(kind)},
        status=400 if form.errors else 200,
    )


@require_GET
def public_log_view(request):
    page = Paginator(selectors.public_log(), 50).get_page(request.GET.get("pagina"))
    return render(request, "moderation/log.html", {"page": page})
