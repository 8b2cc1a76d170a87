from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("logboek/", views.public_log_view, name="log"),
    path("verborgen/", views.hidden, name="hidden"),
    path("melden/<slug:kind>/<str:object_id>/", views.report, name="report"),
    path("bezwaar/<slug:kind>/<str:object_id>/", views.objection, name="object"),
    path("<slug:kind>/<str:object_id>/", views.item, name="item"),
]
