"""Spontaan's URLs plus /bench/trivial: the cheapest possible Django view.

The trivial view goes through the same WSGI handler and the same middleware stack as every
page (security headers, whitenoise, sessions, CSRF, auth, language, messages), but does no
database work and renders no template. It is the baseline for "how fast can this server answer
at all"; the pages are reported as a fraction of it.
"""

from django.http import HttpResponse
from django.urls import path

from spontaan.site.urls import urlpatterns as spontaan_urlpatterns


def trivial(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/trivial", trivial, name="bench_trivial"), *spontaan_urlpatterns]
