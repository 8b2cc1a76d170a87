from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The home page: a welcome, then the sections the apps contribute (core.sections)."""
    return render(request, "site/home.html")
