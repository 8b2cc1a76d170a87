"""Account e-mail: address verification and the note to an owner about a repeated sign-up.

Rendered in the recipient's language. Sent from tasks (see tasks.py), so the request never
waits on the mail server and no secret link is stored in the task queue: the link is made
when the mail is composed.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import User
from .verification import max_age, verification_url


def _send(user: User, template: str, context: dict) -> None:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {"user": user, "site_url": settings.SITE_URL, **context}
        subject = render_to_string(f"accounts/email/{template}_subject.txt", context)
        body = render_to_string(f"accounts/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [user.email])


def send_verification_email(user: User) -> None:
    _send(
        user,
        "verify",
        {"verify_url": verification_url(user), "valid_hours": max_age() // 3600},
    )


def send_signup_attempt_email(user: User) -> None:
    """Someone tried to register with an address that already has an account."""
    _send(
        user,
        "signup_attempt",
        {
            "login_url": settings.SITE_URL + reverse("accounts:login"),
            "reset_url": settings.SITE_URL + reverse("accounts:password_reset"),
        },
    )
