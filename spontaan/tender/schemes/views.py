"""Pages of schemes: public list and page, set-up and settings, the manager's pipeline."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from spontaan.accounts.models import Role
from spontaan.accounts.selectors import user_municipalities_with_role, user_roles
from spontaan.core.forms import apply_errors
from spontaan.core.fragments import shared
from spontaan.core.validation import parse_id
from spontaan.tender.applications import selectors as application_selectors
from spontaan.tender.money import selectors as money_selectors
from spontaan.tender.schemes import selectors as scheme_selectors
from spontaan.tender.schemes import services as scheme_services

from ..models import Mode, Scheme
from ..rules import SCHEME_EDITABLE_FIELDS
from .cases import scheme_cases
from .forms import (
    CRITERION_ROWS,
    FUNDER_ROWS,
    CriteriaForm,
    ModeForm,
    ReviewerForm,
    SchemeForm,
    StatusForm,
    TrancheForm,
)

__all__ = [
    "scheme_list_view",
    "scheme_new",
    "scheme_view",
    "manage_view",
    "scheme_settings",
    "review_queue_view",
]

PAGE_SIZE = 20
DECIDED_PAGE_SIZE = 10  # each decided case is a block with its reasoning and criterion means
LEDGER_PAGE_SIZE = 50


def _managed_municipality_ids(user) -> list[int]:
    """The municipalities where the user is programme manager."""
    return user_municipalities_with_role(user=user, roles={Role.PROGRAMME_MANAGER})


def _is_reviewer(user) -> bool:
    return any(Role.REVIEWER in held for held in user_roles(user=user).values())


# --- public -----------------------------------------------------------------------------------


@require_GET
def scheme_list_view(request):
    page = Paginator(scheme_selectors.scheme_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    schemes = scheme_selectors.scheme_summaries(schemes=list(page.object_list))
    return render(
        request,
        "tender/scheme_list.html",
        {
            "page": page,
            "schemes": schemes,
            "may_create": bool(_managed_municipality_ids(request.user)),
        },
    )


@require_GET
def scheme_view(request, slug):
    user = request.user
    scheme = scheme_selectors.access_scheme(user=user, slug=slug)
    is_manager = scheme_selectors.scheme_is_manager(user=user, scheme=scheme)
    manages_any = scheme_selectors.scheme_manages_any(user=user, scheme=scheme)
    page_number = request.GET.get("pagina")

    def render_body() -> str:
        criteria = scheme_selectors.scheme_criteria(scheme=scheme)
        page = Paginator(
            scheme_selectors.scheme_decided_public(scheme=scheme), DECIDED_PAGE_SIZE
        ).get_page(page_number)
        decided = scheme_selectors.scheme_attach_public(
            applications=list(page.object_list), criteria=criteria
        )
        figures = scheme_selectors.scheme_application_figures(scheme=scheme)
        tranches = scheme_selectors.scheme_tranches(scheme=scheme, figures=figures)
        context = {
            "scheme": scheme,
            "municipalities": sorted(scheme.municipalities.all(), key=lambda m: m.name),
            "budget": money_selectors.scheme_budget(scheme=scheme),
            "counts": scheme_selectors.scheme_counts(scheme=scheme, figures=figures),
            "criteria": criteria,
            "phases": scheme_selectors.scheme_phases(scheme=scheme, figures=figures),
            "tranches": tranches,
            "open_tranche": next((t for t in tranches if t.state == "open"), None),
            "next_tranche": next((t for t in tranches if t.state == "upcoming"), None),
            "categories": scheme_selectors.scheme_category_labels(scheme=scheme),
            "page": page,
            **scheme_cases(scheme=scheme, applications=decided),
            "is_manager": is_manager,
            "manages_any": manages_any,
            "signed_in": user.is_authenticated,
        }
        return render_to_string("tender/_scheme_body.html", context)

    # Everything below the header is the same for everyone with the same sign-in state and
    # management rights: rendered once per page of cases and content version.
    body = shared(
        request,
        "tender.scheme",
        [scheme.pk, page_number, user.is_authenticated, is_manager, manages_any],
        render_body,
    )
    return render(request, "tender/scheme_detail.html", {"scheme": scheme, "body": body})


def _tranches_and_phases(scheme: Scheme) -> dict:
    figures = scheme_selectors.scheme_application_figures(scheme=scheme)
    return {
        "tranches": scheme_selectors.scheme_tranches(scheme=scheme, figures=figures),
        "phases": scheme_selectors.scheme_phases(scheme=scheme, figures=figures),
    }


# --- set-up -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def scheme_new(request):
    municipalities = scheme_selectors.managed_municipalities(user=request.user)
    if not municipalities:
        raise PermissionDenied(_("Only a programme manager can set up a scheme."))
    status = 200
    if request.method == "POST":
        form = SchemeForm(request.POST, municipalities=municipalities)
        if form.is_valid():
            data = form.cleaned_data
            chosen = list(data["municipalities"])
            try:
                scheme = scheme_services.scheme_create(
                    user=request.user,
                    region=chosen[0].region,
                    municipalities=chosen,
                    slug=data["slug"],
                    mode=data["mode"],
                    funders=form.funders_data(),
                    **_editable(data),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "The scheme has been set up. It is not public yet: "
                        "check the criteria, add the panel and open it."
                    ),
                )
                return redirect("tender:settings", scheme.slug)
        status = 400
    else:
        form = SchemeForm(
            municipalities=municipalities,
            initial={
                "municipalities": [m.slug for m in municipalities]
                if len(municipalities) == 1
                else [],
            },
        )
    return render(
        request,
        "tender/scheme_form.html",
        {
            "form": form,
            "default_criteria": scheme_services.default_criteria(),
        },
        status=status,
    )


def _editable(values: dict) -> dict:
    """Of `values`, the scheme's fields that its programme managers can change."""
    return {k: values[k] for k in SCHEME_EDITABLE_FIELDS}


def _basics_form(scheme: Scheme, data=None) -> SchemeForm:
    funders = scheme_selectors.scheme_funders(scheme=scheme)
    return SchemeForm(
        data,
        prefix="basics",
        editing=True,
        funder_rows=max(FUNDER_ROWS, len(funders) + 1),
        initial={
            **{k: getattr(scheme, k) for k in SCHEME_EDITABLE_FIELDS},
            **SchemeForm.funder_initial(funders),
        },
    )


def _criteria_form(scheme: Scheme, data=None) -> CriteriaForm:
    criteria = scheme_selectors.scheme_criteria(scheme=scheme)
    return CriteriaForm(
        data,
        prefix="criteria",
        rows=max(CRITERION_ROWS, len(criteria)),
        initial=CriteriaForm.initial_from(criteria),
    )


def _mode_form(scheme: Scheme, data=None) -> ModeForm:
    other_mode = Mode.ROLLING if scheme.mode == Mode.TRANCHES else Mode.TRANCHES
    return ModeForm(
        data, prefix="mode", initial={"mode": other_mode, "decision_days": scheme.decision_days}
    )


@dataclass(frozen=True)
class Setting:
    """One of the forms of the settings page: its prefix (where the page shows its errors),
    how it is made for the scheme (bound to the data sent, if any), the service it calls with
    ``save(user, scheme, form)``, and what is said on success."""

    prefix: str
    form: Callable
    save: Callable
    success: str


def _plain_form(form_class: type, prefix: str) -> Callable:
    """A settings form that needs nothing of the scheme."""
    return lambda scheme, data=None: form_class(data, prefix=prefix)


def _with_fields(service: Callable) -> Callable:
    """Save by calling `service` with each of the form's fields as a keyword argument."""
    return lambda user, scheme, form: service(user=user, scheme=scheme, **form.cleaned_data)


# Keyed by the value of the submit button ("action") that sends the form.
SETTINGS = {
    "basics": Setting(
        "basics",
        _basics_form,
        lambda user, scheme, form: scheme_services.scheme_update(
            user=user,
            scheme=scheme,
            data=_editable(form.cleaned_data),
            funders=form.funders_data(),
        ),
        gettext_lazy("The scheme has been saved."),
    ),
    "criteria": Setting(
        "criteria",
        _criteria_form,
        lambda user, scheme, form: scheme_services.scheme_set_criteria(
            user=user, scheme=scheme, criteria=form.criteria_data()
        ),
        gettext_lazy("The criteria have been saved."),
    ),
    "tranche": Setting(
        "tranche",
        _plain_form(TrancheForm, "tranche"),
        _with_fields(scheme_services.tranche_add),
        gettext_lazy("The tranche has been added."),
    ),
    "mode": Setting(
        "mode",
        _mode_form,
        _with_fields(scheme_services.scheme_switch_mode),
        gettext_lazy("The mode has been changed."),
    ),
    "reviewer_add": Setting(
        "panel",
        _plain_form(ReviewerForm, "panel"),
        _with_fields(scheme_services.reviewer_add),
        gettext_lazy("The panel member has been added."),
    ),
    "status": Setting(
        "status",
        _plain_form(StatusForm, "status"),
        _with_fields(scheme_services.scheme_set_status),
        gettext_lazy("The status of the scheme has been changed."),
    ),
}


def _render_settings(request, scheme: Scheme, *, forms: dict | None = None, status: int = 200):
    forms = forms or {}

    def form(action: str):
        setting = SETTINGS[action]
        return forms.get(setting.prefix) or setting.form(scheme)

    context = {
        "scheme": scheme,
        "municipalities": sorted(scheme.municipalities.all(), key=lambda m: m.name),
        "basics_form": form("basics"),
        "criteria_form": form("criteria"),
        "criteria_locked": scheme_selectors.scheme_criteria_locked(scheme=scheme),
        "tranche_form": form("tranche"),
        "mode_form": form("mode"),
        "reviewer_form": form("reviewer_add"),
        "status_form": form("status"),
        "panel": scheme_selectors.scheme_panel(scheme=scheme),
        **_tranches_and_phases(scheme),
        "error_in": next(iter(forms), None),
    }
    return render(request, "tender/scheme_settings.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def scheme_settings(request, slug):
    user = request.user
    scheme = scheme_selectors.access_scheme(user=user, slug=slug)
    if not scheme_selectors.scheme_is_manager(user=user, scheme=scheme):
        raise PermissionDenied(
            _("Only a programme manager of every municipality in this scheme may change it.")
        )
    if request.method != "POST":
        return _render_settings(request, scheme)
    action = request.POST.get("action")
    if action == "reviewer_remove":
        reviewer_id = parse_id(request.POST.get("reviewer"))
        if reviewer_id is None:
            raise Http404
        reviewer = scheme_selectors.access_panel_member(scheme=scheme, reviewer_id=reviewer_id)
        scheme_services.reviewer_remove(user=user, reviewer=reviewer)
        messages.success(
            request, _("%(name)s is no longer on the panel.") % {"name": reviewer.user.public_name}
        )
        return redirect("tender:settings", scheme.slug)
    setting = SETTINGS.get(action)
    if setting is None:
        return _render_settings(request, scheme, status=400)
    form = setting.form(scheme, request.POST)
    if form.is_valid():
        try:
            setting.save(user, scheme, form)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, str(setting.success))
            return redirect("tender:settings", scheme.slug)
    return _render_settings(request, scheme, forms={setting.prefix: form}, status=400)


# --- management -------------------------------------------------------------------------------


@login_required
@require_GET
def manage_view(request, slug):
    user = request.user
    scheme = scheme_selectors.access_scheme(user=user, slug=slug)
    if not scheme_selectors.scheme_manages_any(user=user, scheme=scheme):
        raise PermissionDenied(
            _(
                "Only a programme manager of one of the scheme's "
                "municipalities can see its applications here."
            )
        )
    held = user_roles(user=user)
    municipalities = sorted(scheme.municipalities.all(), key=lambda m: m.name)
    mine = [m for m in municipalities if Role.PROGRAMME_MANAGER in held.get(m.pk, set())]
    pipeline = application_selectors.scheme_pipeline(
        scheme=scheme, municipality_ids={m.pk for m in mine}
    )
    for _status, _label, applications in pipeline.columns:
        for application in applications:
            application.scheme = scheme
    ledger = Paginator(
        money_selectors.scheme_ledger(scheme=scheme, user=request.user), LEDGER_PAGE_SIZE
    ).get_page(request.GET.get("pagina"))
    return render(
        request,
        "tender/manage.html",
        {
            "scheme": scheme,
            "mine": mine,
            "all_municipalities": len(mine) == len(municipalities),
            "pipeline": pipeline,
            "decided_n": len(pipeline.decision_days),
            "panel_size": scheme_selectors.scheme_panel_size(scheme=scheme),
            "budget": money_selectors.scheme_budget(scheme=scheme),
            "grants": money_selectors.scheme_grant_report(
                scheme=scheme, municipality_ids={m.pk for m in mine}
            ),
            "page": ledger,
            "is_manager": scheme_selectors.scheme_is_manager(user=user, scheme=scheme),
        },
    )


# --- the panel --------------------------------------------------------------------------------


@login_required
@require_GET
def review_queue_view(request):
    if not _is_reviewer(request.user):
        raise PermissionDenied(
            _("Only panel members (with the reviewer role) assess applications.")
        )
    queue = application_selectors.review_queue(user=request.user)
    return render(
        request,
        "tender/review_queue.html",
        {
            "waiting": queue.waiting,
            "done": queue.done,
            "excluded": queue.excluded,
            "on_panel": scheme_selectors.user_is_on_a_panel(user=request.user),
        },
    )
