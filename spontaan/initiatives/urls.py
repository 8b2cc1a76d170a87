from django.urls import path

from . import views

app_name = "initiatives"
urlpatterns = [
    path("", views.initiative_list_view, name="list"),
    path("kaart/", views.initiative_map, name="map"),
    path("nieuw/", views.initiative_new, name="new"),
    path("<int:pk>/", views.initiative_detail_view, name="detail"),
    path("<int:pk>/bewerken/", views.initiative_edit, name="edit"),
    path("<int:pk>/volgen/", views.follow, name="follow"),
    path("<int:pk>/status/", views.transition, name="transition"),
    path("<int:pk>/nieuws/", views.post_update, name="post_update"),
    path("<int:pk>/reactie/", views.respond, name="respond"),
    path("<int:pk>/vraag/", views.ask_new, name="ask_new"),
    path("<int:pk>/regel/", views.conflict_new, name="conflict_new"),
    path("<int:pk>/team/", views.team_add, name="team_add"),
    path("<int:pk>/teamnieuws/", views.news_new, name="news_new"),
    path("<int:pk>/team/<int:member_id>/verwijderen/", views.team_remove, name="team_remove"),
    path("vraag/<int:item_id>/antwoord/", views.ask_answer_view, name="ask_answer"),
    path("regel/<int:item_id>/antwoord/", views.conflict_answer_view, name="conflict_answer"),
]
