from django.urls import path

from . import views

app_name = "clock"
urlpatterns = [
    path("", views.responsiveness_index, name="responsiveness_index"),
    path("werkvoorraad/", views.queue, name="queue"),
    path("<slug:slug>/", views.responsiveness_detail, name="responsiveness"),
]
