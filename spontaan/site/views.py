from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from spontaan.accounts.models import Role
from spontaan.accounts.selectors import user_municipalities_with_role
from spontaan.core.audit import audit_entries
from spontaan.core.moderation import hidden_content, moderation_actions, moderation_log
from spontaan.core.opendata import open_data_sets
from spontaan.core.search import MAX_QUERY, MIN_QUERY, search_all


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The home page: a welcome, then the sections the apps contribute (core.sections)."""
    return render(request, "site/home.html")


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """One search over every registered kind of content (core.search)."""
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY]
    too_short = 0 < len(query) < MIN_QUERY
    results = search_all(request.user, query) if query and not too_short else []
    return render(
        request,
        "site/search.html",
        {"q": query, "results": results, "too_short": too_short, "min_query": MIN_QUERY},
    )


@require_GET
def open_data(request: HttpRequest) -> HttpResponse:
    return render(request, "site/open_data.html", {"sets": list(open_data_sets)})


@login_required
@require_GET
def moderation(request: HttpRequest) -> HttpResponse:
    """For moderators: what is hidden in their municipalities, and the moderation log."""
    municipality_ids = user_municipalities_with_role(user=request.user, roles={Role.MODERATOR})
    if not municipality_ids:
        raise PermissionDenied
    log = audit_entries(actions=moderation_actions(), municipality_ids=municipality_ids)
    page = Paginator(log, 25).get_page(request.GET.get("pagina"))
    return render(
        request,
        "site/moderation.html",
        {
            "hidden": hidden_content(municipality_ids),
            "page": page,
            "rows": moderation_log(list(page.object_list)),
        },
    )
