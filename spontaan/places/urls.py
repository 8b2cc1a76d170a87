from django.urls import path

from . import views

app_name = "places"
urlpatterns = [
    path("", views.municipality_list_view, name="list"),
    path("<slug:slug>/", views.municipality_detail, name="municipality"),
]
