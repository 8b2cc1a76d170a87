from django.urls import path

from . import views

app_name = "tender"
urlpatterns = [
    path("", views.scheme_list_view, name="list"),
    path("nieuw/", views.scheme_new, name="scheme_new"),
    path("beoordelen/", views.review_queue_view, name="review_queue"),
    path("mijn-aanvragen/", views.my_applications, name="mine"),
    path("aanvragen/<int:pk>/", views.application_view, name="application"),
    path("aanvragen/<int:pk>/bewerken/", views.application_edit, name="application_edit"),
    path("aanvragen/<int:pk>/indienen/", views.application_submit_view, name="submit"),
    path("aanvragen/<int:pk>/intrekken/", views.application_withdraw_view, name="withdraw"),
    path("aanvragen/<int:pk>/beoordeling/", views.review_view, name="review"),
    path("aanvragen/<int:pk>/belangenverstrengeling/", views.conflict_view, name="conflict"),
    path("aanvragen/<int:pk>/besluit/", views.decide_view, name="decide"),
    path("aanvragen/<int:pk>/betaling/", views.pay_view, name="pay"),
    path("aanvragen/<int:pk>/vrijgeven/", views.release_view, name="release"),
    path("aanvragen/<int:pk>/verantwoording/", views.report_view, name="report"),
    path("aanvragen/<int:pk>/bijlagen/", views.attachment_add_view, name="attachment_add"),
    path(
        "aanvragen/<int:pk>/bijlagen/<int:attachment_id>/", views.attachment_view, name="attachment"
    ),
    path(
        "aanvragen/<int:pk>/bijlagen/<int:attachment_id>/verwijderen/",
        views.attachment_remove_view,
        name="attachment_remove",
    ),
    path("<slug:slug>/", views.scheme_view, name="scheme"),
    path("<slug:slug>/aanvragen/<int:initiative_id>/", views.apply_view, name="apply"),
    path("<slug:slug>/beheer/", views.manage_view, name="manage"),
    path("<slug:slug>/instellingen/", views.scheme_settings, name="settings"),
]
