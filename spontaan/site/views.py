from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

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
