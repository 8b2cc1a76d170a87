from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list_view, name="list"),
    path("gelezen/", views.mark_read, name="mark_read"),
]
