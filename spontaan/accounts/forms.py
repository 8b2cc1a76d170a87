"""Forms for accounts. They collect and shape input; the rules live in services.py.

They are rendered by `includes/field.html` and `includes/form_errors.html`, which add the NL
Design System classes and tie help text and errors to their inputs."""

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from spontaan.core.forms import RendersAlike
from spontaan.core.validation import max_length

from .models import ApiToken, EmailMode, User


def _language_choices():
    """Each language in its own name (Nederlands, English), as the language switch shows them."""
    return User._meta.get_field("language").choices


_EMAIL_ATTRS = {"autocomplete": "email", "spellcheck": "false"}


def _display_name_field(help_text="") -> forms.CharField:
    return forms.CharField(
        label=_("Your name as others see it"),
        max_length=max_length(User, "display_name"),
        help_text=help_text,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )


def _email_field(help_text="", **attrs) -> forms.EmailField:
    return forms.EmailField(
        label=_("E-mail address"),
        max_length=max_length(User, "email"),
        help_text=help_text,
        widget=forms.EmailInput(attrs={**_EMAIL_ATTRS, **attrs}),
    )


def _password_field(label, autocomplete: str, help_text="") -> forms.CharField:
    """`autocomplete` is "current-password" or "new-password"."""
    return forms.CharField(
        label=label,
        strip=False,
        help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


class _NewPasswordTwice:
    """A form in which a new password is typed twice (`password_fields`: the two names)."""

    password_fields: tuple[str, str]

    def clean(self):
        cleaned = super().clean()
        new, again = (cleaned.get(name) for name in self.password_fields)
        if new and again and new != again:
            self.add_error(self.password_fields[1], _("The two passwords are not the same."))
        return cleaned


class RegisterForm(_NewPasswordTwice, forms.Form):
    password_fields = ("password", "password_again")

    display_name = _display_name_field(
        _("Your own name or a nickname. Your e-mail address is never shown.")
    )
    email = _email_field(_("We send a link to this address to confirm it."))
    password = _password_field(
        _("Password"), "new-password", help_text=password_validators_help_text_html
    )
    password_again = _password_field(_("Password again"), "new-password")
    accepted_privacy = forms.BooleanField(
        label=_("I have read the privacy statement and agree with it"),
        required=True,
        error_messages={
            "required": _("You can only create an account if you agree with the privacy statement.")
        },
    )


class LoginForm(forms.Form):
    email = _email_field(autofocus=True)
    password = _password_field(_("Password"), "current-password")


class ProfileForm(forms.Form):
    display_name = _display_name_field()
    language = forms.ChoiceField(
        label=_("Language"),
        choices=_language_choices,
        help_text=_("The language of the site and of the e-mail we send you."),
    )
    email_mode = forms.ChoiceField(
        label=_("E-mail about notifications"),
        choices=EmailMode.choices,
        help_text=_(
            "Answers to you, replies and mentions always come at once, unless you choose no e-mail."
        ),
    )

    @classmethod
    def for_user(cls, user: User, data=None) -> "ProfileForm":
        return cls(
            data,
            prefix="profile",
            initial={
                "display_name": user.display_name,
                "language": user.language,
                "email_mode": user.email_mode,
            },
        )


class PasswordChangeForm(RendersAlike, _NewPasswordTwice, forms.Form):
    prefix = "password"
    password_fields = ("new_password", "new_password_again")

    old_password = _password_field(_("Current password"), "current-password")
    new_password = _password_field(
        _("New password"), "new-password", help_text=password_validators_help_text_html
    )
    new_password_again = _password_field(_("New password again"), "new-password")


class TokenCreateForm(RendersAlike, forms.Form):
    prefix = "token"

    name = forms.CharField(
        label=_("Name of the new token"),
        max_length=max_length(ApiToken, "name"),
        help_text=_("So you recognise it later, e.g. the script or program that uses it."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class DeleteAccountForm(forms.Form):
    password = _password_field(
        _("Your password"),
        "current-password",
        help_text=_("To confirm that it is you who deletes this account."),
    )


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, styled, with the mail in the account holder's language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")
        self.fields["email"].widget.attrs.update(_EMAIL_ATTRS)

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        user = context.get("user")
        language = getattr(user, "language", None) or settings.LANGUAGE_CODE
        with translation.override(language):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class SetPasswordForm(auth_forms.SetPasswordForm):
    """Choose a new password from a reset link; saving goes through the service."""

    def save(self, commit=True):
        from .services import user_password_reset

        return user_password_reset(user=self.user, new_password=self.cleaned_data["new_password1"])
