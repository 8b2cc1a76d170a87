from django.urls import path

from . import views

app_name = "city_profiles"
urlpatterns = [
    path("<slug:slug>/profiel/", views.profile_edit, name="edit"),
]
