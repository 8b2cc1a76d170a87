from django.urls import path

from .applications import edit_views
from .applications import views as application_views
from .schemes import views as scheme_views

# The application page's forms, all served by one view (application_views.ACTIONS).
ACTION_PATHS = {
    "withdraw": "intrekken",
    "review": "beoordeling",
    "conflict": "belangenverstrengeling",
    "decide": "besluit",
    "pay": "betaling",
    "release": "vrijgeven",
    "report": "verantwoording",
}

app_name = "tender"
urlpatterns = [
    path("", scheme_views.scheme_list_view, name="list"),
    path("nieuw/", scheme_views.scheme_new, name="scheme_new"),
    path("beoordelen/", scheme_views.review_queue_view, name="review_queue"),
    path("mijn-aanvragen/", edit_views.my_applications, name="mine"),
    path("aanvragen/<int:pk>/", application_views.application_view, name="application"),
    path("aanvragen/<int:pk>/bewerken/", edit_views.application_edit, name="application_edit"),
    path("aanvragen/<int:pk>/indienen/", edit_views.application_submit_view, name="submit"),
    path("aanvragen/<int:pk>/bijlagen/", edit_views.attachment_add_view, name="attachment_add"),
    path(
        "aanvragen/<int:pk>/bijlagen/<int:attachment_id>/",
        application_views.attachment_view,
        name="attachment",
    ),
    path(
        "aanvragen/<int:pk>/bijlagen/<int:attachment_id>/verwijderen/",
        edit_views.attachment_remove_view,
        name="attachment_remove",
    ),
    *(
        path(
            f"aanvragen/<int:pk>/{segment}/",
            application_views.application_action_view,
            {"action": action},
            name=action,
        )
        for action, segment in ACTION_PATHS.items()
    ),
    path("<slug:slug>/", scheme_views.scheme_view, name="scheme"),
    path("<slug:slug>/aanvragen/<int:initiative_id>/", edit_views.apply_view, name="apply"),
    path("<slug:slug>/beheer/", scheme_views.manage_view, name="manage"),
    path("<slug:slug>/instellingen/", scheme_views.scheme_settings, name="settings"),
]
