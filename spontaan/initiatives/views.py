"""HTML pages of initiatives. Thin: forms parse input, services decide, templates show."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spontaan.accounts.models import Role
from spontaan.accounts.selectors import require_verified_user, user_has_role
from spontaan.clock.selectors import clock_open_for_initiative
from spontaan.core.forms import act_on_form
from spontaan.core.fragments import render_part, shared

from . import asks, news, rules, services
from .forms import (
    AskAnswerForm,
    AskForm,
    ConflictAnswerForm,
    ConflictForm,
    InitiativeForm,
    NewsForm,
    TeamMemberForm,
    TextForm,
    TransitionForm,
    parse_filters,
)
from .listing import initiative_page
from .location import place_name
from .selectors import (
    access_ask,
    access_conflict,
    access_initiative,
    initiative_addressed,
    initiative_follower_count,
    initiative_is_followed,
    initiative_roles,
    initiative_team_now,
    initiative_timeline_shown,
    team_invitations_pending,
)
from .sharing import list_scope


def _results(request, template: str, *, extra: dict | None = None) -> str:
    """The filtered, paged initiatives as `template` shows them: a part many people see alike
    (core.fragments), varying on the query string and what of the hidden initiatives the
    person may see."""

    def render_results() -> str:
        _, filters = parse_filters(request.GET, with_choices=False)
        page = initiative_page(user=request.user, filters=filters, number=request.GET.get("pagina"))
        query = request.GET.copy()
        query.pop("pagina", None)
        context = {
            "page": page,
            "query": query.urlencode(),
            "filtered": any(vars(filters).values()),
            **(extra or {}),
        }
        return render_to_string(template, context)

    # An htmx answer also says, out of band, how many were found (a short status for the
    # live region beside the list, instead of reading the whole list again).
    announce = _results_only(request)
    extra = {**(extra or {}), "announce": announce}
    scope = list_scope(request)
    return shared(
        request,
        "initiatives.results",
        [template, request.get_full_path(), scope, announce],
        render_results,
    )


def _filter_form(request) -> str:
    """The filter form as the query string fills it in (the same for everyone)."""

    def render_form() -> str:
        form = parse_filters(request.GET)[0]
        return render_to_string("initiatives/_filters.html", {"form": form, "request": request})

    return shared(request, "initiatives.filters", [request.get_full_path()], render_form)


def _list_query(request) -> str:
    query = request.GET.copy()
    query.pop("pagina", None)
    return query.urlencode()


def _results_only(request) -> bool:
    """An htmx request of the filter form: answer with the results alone, not the page."""
    return bool(request.headers.get("HX-Request") and not request.headers.get("HX-Boosted"))


@require_GET
def initiative_list_view(request):
    results = _results(request, "initiatives/_results.html")
    if _results_only(request):
        return HttpResponse(results)
    return render(
        request,
        "initiatives/list.html",
        {"results": results, "filter_form": _filter_form(request), "query": _list_query(request)},
    )


GEOJSON_PATH = "/api/v1/initiatives/geojson"


@require_GET
def initiative_map(request):
    """The map and, below it, the same initiatives as a list. The filter form's htmx request
    gets the list alone, with the GeoJSON URL of the new filters for the map script."""
    query = _list_query(request)
    geojson_url = GEOJSON_PATH + ("?" + query if query else "")
    results = _results(request, "initiatives/_map_results.html", extra={"geojson_url": geojson_url})
    if _results_only(request):
        return HttpResponse(results)
    return render(
        request,
        "initiatives/map.html",
        {"results": results, "filter_form": _filter_form(request), "geojson_url": geojson_url},
    )


def _render_detail(request, initiative, *, forms: dict | None = None, status: int = 200):
    """The initiative's page. What is the same for everyone who may see the initiative is
    rendered once and shared (core.fragments); the follow button, the team's tools and the
    staff's forms are rendered for the person, and a form only for someone who can use it."""
    user = request.user
    pk = initiative.pk
    roles = initiative_roles(user=user, initiative=initiative)
    targets = rules.allowed_targets(initiative.status, roles)
    is_team = rules.TEAM in roles
    is_staff = rules.CONNECTOR in roles
    is_author = user.is_authenticated and initiative.created_by_id == user.pk
    forms = forms or {}

    def form(key, form_class, allowed: bool):
        return forms.get(key) or (form_class(prefix=key) if allowed else None)

    def part(name: str, template: str, vary: list, context) -> str:
        return shared(
            request,
            f"initiatives.{name}",
            [pk, *vary],
            lambda: render_part(template, {"initiative": initiative, **context()}),
        )

    def personal(template: str, context: dict) -> str:
        return render_to_string(template, {"initiative": initiative, **context}, request=request)

    head = part(
        "head",
        "initiatives/_detail_head.html",
        [initiative.is_hidden and is_author],
        lambda: {"functions": list(initiative.functions.all()), "is_author": is_author},
    )
    story = part(
        "story",
        "initiatives/_detail_story.html",
        [],
        lambda: {"waiting": clock_open_for_initiative(initiative_id=pk)},
    )
    if is_staff:
        addressed = initiative_addressed(initiative=initiative)
        addressed_html = personal(
            "initiatives/_detail_addressed.html",
            {
                **addressed,
                "is_team": is_team,
                "answer_forms": {
                    ask.pk: forms.get("answers", {}).get(ask.pk)
                    or AskAnswerForm(prefix=f"ask{ask.pk}")
                    for ask in addressed["asks"]
                },
                "conflict_answer_forms": {
                    c.pk: forms.get("conflict_answers", {}).get(c.pk)
                    or ConflictAnswerForm(prefix=f"conflict{c.pk}")
                    for c in addressed["conflicts"]
                },
            },
        )
    else:
        addressed_html = part(
            "addressed",
            "initiatives/_detail_addressed.html",
            [is_team],  # the team gets a link to ask
            lambda: {**initiative_addressed(initiative=initiative), "is_team": is_team},
        )
    if is_team and forms:  # after a failed post: the forms show what was sent
        team_panel = personal(
            "initiatives/_detail_team.html",
            {
                "team": initiative_team_now(initiative=initiative),
                "is_team": True,
                "invitations": team_invitations_pending(initiative=initiative),
                "team_form": form("team", TeamMemberForm, True),
                "error_in": next(iter(forms), None),
            },
        )
    elif is_team:  # each member's own ("leave the team" on their own line)
        team_panel = part(
            "team",
            "initiatives/_detail_team.html",
            ["member", user.pk],
            lambda: {
                "team": initiative_team_now(initiative=initiative),
                "is_team": True,
                "invitations": team_invitations_pending(initiative=initiative),
                "team_form": TeamMemberForm(prefix="team"),
                "user": user,
            },
        )
    else:
        team_panel = part(
            "team",
            "initiatives/_detail_team.html",
            ["public"],
            lambda: {"team": initiative_team_now(initiative=initiative), "is_team": False},
        )

    def render_timeline() -> str:
        events = initiative_timeline_shown(initiative=initiative)
        return render_part(
            "initiatives/_timeline.html", {"events": events, "initiative": initiative}
        )

    def tools_context() -> dict:
        return {
            "transition_form": forms.get("transition")
            or (TransitionForm(targets=targets, prefix="transition") if targets else None),
            "respond_form": form("respond", TextForm, is_staff),
            "news_form": form("news", NewsForm, is_team),
            "is_team": is_team,
            "is_staff": is_staff,
            "error_in": next(iter(forms), None),
        }

    if not (targets or is_team or is_staff):
        tools = ""  # a visitor: no form is built
    elif forms:  # after a failed post: the forms show what was sent
        tools = personal("initiatives/_detail_tools.html", tools_context())
    else:  # the same for everyone with these roles on an initiative in this status
        tools = part(
            "tools",
            "initiatives/_detail_tools.html",
            [sorted(roles), initiative.status],
            tools_context,
        )

    context = {
        "initiative": initiative,
        "head": head,
        "story": story,
        "addressed": addressed_html,
        "team_panel": team_panel,
        "timeline": shared(request, "initiatives.timeline", [pk], render_timeline),
        "tools": tools,
        "follower_count": part(
            "followers",
            "initiatives/_detail_followers.html",
            [],
            lambda: {"follower_count": initiative_follower_count(initiative=initiative)},
        ),
        "is_following": initiative_is_followed(user=user, initiative=initiative),
        "is_moderator": user_has_role(
            user=user, municipality_id=initiative.municipality_id, role=Role.MODERATOR
        ),
        "is_author": is_author,
        "is_team": is_team,
        "ask_leads": rules.ask_leads(initiative.status),
        "place_name": place_name(
            address=initiative.address, municipality=initiative.municipality.name
        ),
    }
    return render(request, "initiatives/detail.html", context, status=status)


@require_GET
def initiative_detail_view(request, pk):
    initiative = access_initiative(user=request.user, initiative_id=pk)
    return _render_detail(request, initiative)


def _require_verified(request) -> None:
    require_verified_user(request.user)


def _initiative_fields(cleaned: dict) -> dict:
    """The initiative form's data as the services take it: functions by slug."""
    return {**cleaned, "functions": [f.slug for f in cleaned["functions"]]}


@login_required
def initiative_new(request):
    _require_verified(request)
    if request.method == "POST":
        form = InitiativeForm(request.POST, request.FILES)

        def create(cleaned):
            initiative = services.initiative_create(
                user=request.user, **_initiative_fields(cleaned)
            )
            messages.success(
                request,
                _(
                    "Your initiative is online. The municipality has "
                    "been told and the answer clock is running."
                ),
            )
            return redirect(initiative)

        if done := act_on_form(form, create):
            return done
        status = 400
    else:
        form = InitiativeForm(initial={"municipality": request.GET.get("gemeente")})
        status = 200
    return render(
        request, "initiatives/form.html", {"form": form, "initiative": None}, status=status
    )


@login_required
def initiative_edit(request, pk):
    initiative = access_initiative(user=request.user, initiative_id=pk)
    if rules.TEAM not in initiative_roles(user=request.user, initiative=initiative):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = InitiativeForm(
            request.POST, request.FILES, editing=True, has_photo=bool(initiative.photo)
        )

        def update(cleaned):
            data = _initiative_fields(cleaned)
            photo = data.pop("photo")
            remove_photo = data.pop("remove_photo", False)
            services.initiative_update(
                user=request.user,
                initiative=initiative,
                data=data,
                photo=photo or None,
                remove_photo=remove_photo,
            )
            messages.success(request, _("Your changes have been saved."))
            return redirect(initiative)

        if done := act_on_form(form, update):
            return done
        status = 400
    else:
        form = InitiativeForm(
            editing=True,
            has_photo=bool(initiative.photo),
            initial={
                **{field: getattr(initiative, field) for field in services.EDITABLE_FIELDS},
                "functions": list(initiative.functions.values_list("slug", flat=True)),
            },
        )
    return render(
        request, "initiatives/form.html", {"form": form, "initiative": initiative}, status=status
    )


def _post_action(request, pk, form_class, key, action, success, form_kwargs=None):
    """Shared handling of the detail page's small forms: validate, call the service,
    redirect on success, or show the page again with the errors (status 400)."""
    initiative = access_initiative(user=request.user, initiative_id=pk)
    form = form_class(request.POST, prefix=key, **(form_kwargs or {}))

    def act(data):
        action(initiative, data)
        messages.success(request, success)
        return redirect(initiative)

    return act_on_form(form, act) or _render_detail(
        request, initiative, forms={key: form}, status=400
    )


@login_required
@require_POST
def follow(request, pk):
    initiative = access_initiative(user=request.user, initiative_id=pk)
    wants = request.POST.get("follow") != "0"
    services.initiative_follow(user=request.user, initiative=initiative, follow=wants)
    if request.headers.get("HX-Request"):
        # counted now, not from the page's shared part: that is stale until this commits
        count = initiative_follower_count(initiative=initiative)
        return render(
            request,
            "initiatives/_follow_answer.html",
            {"initiative": initiative, "is_following": wants, "follower_count": count},
        )
    if wants:
        messages.success(request, _("You follow this initiative. You will hear about its news."))
    else:
        messages.success(request, _("You no longer follow this initiative."))
    return redirect(initiative)


@login_required
@require_POST
def transition(request, pk):
    initiative = access_initiative(user=request.user, initiative_id=pk)
    targets = rules.allowed_targets(
        initiative.status, initiative_roles(user=request.user, initiative=initiative)
    )
    if not targets:
        raise PermissionDenied
    return _post_action(
        request,
        pk,
        TransitionForm,
        "transition",
        lambda i, d: services.initiative_transition(
            user=request.user, initiative=i, to_status=d["status"], note=d["note"]
        ),
        _("The status has been changed."),
        {"targets": targets},
    )


@login_required
@require_POST
def respond(request, pk):
    return _post_action(
        request,
        pk,
        TextForm,
        "respond",
        lambda i, d: services.initiative_respond(user=request.user, initiative=i, text=d["text"]),
        _("Your response is on the timeline."),
    )


def _put_view(form_class, key: str, create, success, *, template: str):
    """The page on which the team puts an ask or a conflict to the municipality: the form
    alone with what it needs explained (GET), sent (POST), or shown again with its errors."""

    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request, pk):
        initiative = access_initiative(user=request.user, initiative_id=pk)
        if rules.TEAM not in initiative_roles(user=request.user, initiative=initiative):
            raise PermissionDenied
        _require_verified(request)
        status = 200
        if request.method == "POST":
            form = form_class(request.POST, prefix=key)

            def act(data):
                create(user=request.user, initiative=initiative, **data)
                messages.success(request, success)
                return redirect(initiative)

            if done := act_on_form(form, act):
                return done
            status = 400
        else:
            form = form_class(prefix=key)
        context = {
            "initiative": initiative,
            "form": form,
            "fast_lane_max": initiative.municipality.fast_lane_max_euros,
        }
        return render(request, template, context, status=status)

    return view


ask_new = _put_view(
    AskForm,
    "ask",
    asks.ask_create,
    gettext_lazy("Your ask has been sent to the municipality. The answer clock is running."),
    template="initiatives/ask.html",
)
conflict_new = _put_view(
    ConflictForm,
    "conflict",
    asks.conflict_create,
    gettext_lazy("The conflict has been put to the municipality."),
    template="initiatives/conflict.html",
)


@login_required
@require_POST
def news_new(request, pk):
    return _post_action(
        request,
        pk,
        NewsForm,
        "news",
        lambda i, d: news.news_post(
            user=request.user, initiative=i, title=d["title"], text=d["text"]
        ),
        _("Your news is on the initiative's page."),
    )


def _answer_view(key: str, form_class, forms_key: str, access, answer):
    """The view in which the municipality answers an ask or a conflict: back to the
    initiative, or the page again with the form's errors."""

    @login_required
    @require_POST
    def view(request, item_id):
        item = access(user=request.user, **{f"{key}_id": item_id})
        form = form_class(request.POST, prefix=f"{key}{item.pk}")

        def act(data):
            answer(user=request.user, **{key: item}, **data)
            messages.success(request, _("Your answer is on the timeline."))
            return redirect(item.initiative)

        if done := act_on_form(form, act):
            return done
        initiative = access_initiative(user=request.user, initiative_id=item.initiative_id)
        return _render_detail(request, initiative, forms={forms_key: {item.pk: form}}, status=400)

    return view


ask_answer_view = _answer_view("ask", AskAnswerForm, "answers", access_ask, asks.ask_answer)
conflict_answer_view = _answer_view(
    "conflict", ConflictAnswerForm, "conflict_answers", access_conflict, asks.conflict_answer
)
