"""Helpers shared by the tests of accounts and of the apps that follow them."""

from spontaan.accounts.models import EmailMode


def profile_data(display_name="Anna B", language="en", email_mode=EmailMode.NONE) -> dict:
    """What the profile form posts."""
    return {
        "profile-display_name": display_name,
        "profile-language": language,
        "profile-email_mode": email_mode,
    }
