from django.urls import path

from . import location, team_views, views

app_name = "initiatives"
urlpatterns = [
    path("", views.initiative_list_view, name="list"),
    path("kaart/", views.initiative_map, name="map"),
    path("nieuw/", views.initiative_new, name="new"),
    path("plek-zoeken/", location.place_search, name="place_search"),
    path("<int:pk>/", views.initiative_detail_view, name="detail"),
    path("<int:pk>/bewerken/", views.initiative_edit, name="edit"),
    path("<int:pk>/volgen/", views.follow, name="follow"),
    path("<int:pk>/status/", views.transition, name="transition"),
    path("<int:pk>/reactie/", views.respond, name="respond"),
    path("<int:pk>/vraag/", views.ask_new, name="ask_new"),
    path("<int:pk>/regel/", views.conflict_new, name="conflict_new"),
    path("<int:pk>/team/", team_views.team_add, name="team_add"),
    path(
        "<int:pk>/team/uitnodiging/<int:invitation_id>/intrekken/",
        team_views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("<int:pk>/teamnieuws/", views.news_new, name="news_new"),
    path("<int:pk>/team/<int:member_id>/verwijderen/", team_views.team_remove, name="team_remove"),
    path("uitnodigingen/", team_views.invitations, name="invitations"),
    path(
        "uitnodigingen/<int:invitation_id>/", team_views.invitation_answer, name="invitation_answer"
    ),
    path("vraag/<int:item_id>/antwoord/", views.ask_answer_view, name="ask_answer"),
    path("regel/<int:item_id>/antwoord/", views.conflict_answer_view, name="conflict_answer"),
]
