"""Forms for accounts. They collect and shape input; the rules live in services.py.

They are rendered by `includes/field.html` and `includes/form_errors.html`, which add the NL
Design System classes and tie help text and errors to their inputs."""

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from spontaan.core.validation import max_length

from .models import ApiToken, EmailMode, User


def _language_choices():
    """Each language in its own name (Nederlands, English), as the language switch shows them."""
    return User._meta.get_field("language").choices


class RegisterForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name as others see it"),
        max_length=max_length(User, "display_name"),
        help_text=_("Your own name or a nickname. Your e-mail address is never shown."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=max_length(User, "email"),
        help_text=_("We send a link to this address to confirm it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=password_validators_help_text_html,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    accepted_privacy = forms.BooleanField(
        label=_("I have read the privacy statement and agree with it"),
        required=True,
        error_messages={
            "required": _("You can only create an account if you agree with the privacy statement.")
        },
    )

    def clean(self):
        cleaned = super().clean()
        password, again = cleaned.get("password"), cleaned.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", _("The two passwords are not the same."))
        return cleaned


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=max_length(User, "email"),
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True, "spellcheck": "false"}
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name as others see it"),
        max_length=max_length(User, "display_name"),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
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


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label=_("New password"),
        strip=False,
        help_text=password_validators_help_text_html,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password_again = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "password")
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        new, again = cleaned.get("new_password"), cleaned.get("new_password_again")
        if new and again and new != again:
            self.add_error("new_password_again", _("The two passwords are not the same."))
        return cleaned


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the new token"),
        max_length=max_length(ApiToken, "name"),
        help_text=_("So you recognise it later, e.g. the script or program that uses it."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "token")
        super().__init__(*args, **kwargs)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        help_text=_("To confirm that it is you who deletes this account."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, styled, with the mail in the account holder's language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})

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
