import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from spontaan.accounts import views as account_views
from spontaan.core.views import healthz, serve_media
from spontaan.site import views
from spontaan.site.api import api

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("beheer/", admin.site.urls),
    path("account/", include("spontaan.accounts.urls")),
    path("mijn-spontaan/", account_views.personal, name="personal"),
    path("initiatieven/", include("spontaan.initiatives.urls")),
    path("gemeenten/", include("spontaan.tender.profiles.urls")),
    path("gemeenten/", include("spontaan.places.urls")),
    path("reactiesnelheid/", include("spontaan.clock.urls")),
    path("meldingen/", include("spontaan.notifications.urls")),
    path("regelingen/", include("spontaan.tender.urls")),
    path("", views.home, name="home"),
    path("zoeken/", views.search, name="search"),
    path("open-data/", views.open_data, name="open_data"),
    path("moderatie/", include("spontaan.moderation.urls")),
    path("", include("spontaan.core.urls")),
]
if settings.SERVE_MEDIA:
    # Uploaded photos, with the headers that keep anything in them from running.
    urlpatterns.append(
        re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$", serve_media)
    )
