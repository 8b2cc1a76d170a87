from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("taal/<str:code>/", views.language, name="language"),
]
