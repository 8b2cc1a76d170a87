from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("inloggen/", views.login_view, name="login"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("registreren/", views.register, name="register"),
    path("registreren/controleer-je-mail/", views.register_done, name="register_done"),
    path("bevestigen/opnieuw/", views.verify_resend, name="verify_resend"),
    path("bevestigen/<str:token>/", views.verify, name="verify"),
    path("wachtwoord-vergeten/", views.password_reset, name="password_reset"),
    path("wachtwoord-vergeten/verstuurd/", views.password_reset_done, name="password_reset_done"),
    path(
        "wachtwoord-herstellen/klaar/",
        views.password_reset_complete,
        name="password_reset_complete",
    ),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("profiel/", views.profile_update, name="profile"),
    path("wachtwoord-wijzigen/", views.password_change, name="password_change"),
    path("tokens/", views.token_create, name="token_create"),
    path("tokens/<int:token_id>/intrekken/", views.token_revoke, name="token_revoke"),
    path("mijn-gegevens/", views.export, name="export"),
    path("verwijderen/", views.delete, name="delete"),
]
