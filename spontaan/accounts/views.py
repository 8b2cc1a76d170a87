"""Account pages: sign-up, verification, login and logout, password reset, the account page.

Thin: forms collect input, services.py decides.
"""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spontaan.core.forms import act_on_form, apply_errors
from spontaan.core.language import remember_language
from spontaan.core.ratelimit import client_address

from . import forms, selectors, services
from .export import user_export_data
from .models import ApiToken

AUTH_BACKEND = "spontaan.accounts.backends.EmailBackend"
TOO_MANY_REQUESTS = 429
TOKENS_REVOKED = gettext_lazy(
    "Your personal API tokens have been revoked, because your password changed. Programs that "
    "used them stop working until you give them a new token."
)


def _safe_next(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(default)


def _status(form) -> int:
    if form.has_error(NON_FIELD_ERRORS, code="throttled"):
        return TOO_MANY_REQUESTS
    return 200


# --- sign-up and verification -------------------------------------------------------------


@sensitive_post_parameters("password", "password_again")
@csrf_protect
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        messages.info(request, _("You already have an account and are logged in."))
        return redirect("accounts:account")
    form = forms.RegisterForm(request.POST if request.method == "POST" else None)

    def register(data) -> HttpResponse:
        services.user_register(
            email=data["email"],
            password=data["password"],
            display_name=data["display_name"],
            accepted_privacy=data["accepted_privacy"],
            language=request.LANGUAGE_CODE,
            address=client_address(request),
        )
        request.session["accounts_registered_email"] = data["email"].strip().lower()
        return redirect("accounts:register_done")

    if request.method == "POST" and (done := act_on_form(form, register)):
        return done
    return render(request, "accounts/register.html", {"form": form}, status=_status(form))


@require_GET
def register_done(request: HttpRequest) -> HttpResponse:
    email = request.session.pop("accounts_registered_email", "")
    return render(request, "accounts/register_done.html", {"email": email})


@never_cache
@require_GET
def verify(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user = services.user_verify_email(token=token)
    except ValidationError as exc:
        expired = any(e.code == "expired" for e in exc.error_dict.get("token", []))
        return render(request, "accounts/verify_failed.html", {"expired": expired}, status=400)
    if request.user.pk != user.pk:
        login(request, user, backend=AUTH_BACKEND)
    messages.success(request, _("Thank you, your e-mail address is confirmed."))
    return remember_language(redirect("accounts:account"), user.language)


@login_required
@require_POST
def verify_resend(request: HttpRequest) -> HttpResponse:
    try:
        services.user_resend_verification(user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("We have sent a new link to %(email)s. It may take a few minutes to arrive.")
            % {"email": request.user.email},
        )
    return redirect("accounts:account")


# --- logging in and out -------------------------------------------------------------------


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = forms.LoginForm(request.POST if request.method == "POST" else None)
    next_url = _safe_next(request, settings.LOGIN_REDIRECT_URL)

    def log_in(data) -> HttpResponse:
        user = services.user_authenticate(
            email=data["email"], password=data["password"], address=client_address(request)
        )
        login(request, user, backend=AUTH_BACKEND)
        if user.email_verified_at is None:
            messages.warning(
                request,
                _(
                    "Your e-mail address is not confirmed yet. Until it is, you cannot take "
                    "part. Use the link we mailed you, or ask for a new one on your "
                    "account page."
                ),
            )
        return remember_language(redirect(next_url), user.language)

    if request.method == "POST" and (done := act_on_form(form, log_in)):
        return done
    context = {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")}
    if context["next"] and next_url != context["next"]:
        context["next"] = ""  # never echo an unsafe target back into the form
    return render(request, "accounts/login.html", context, status=_status(form))


@require_http_methods(["GET", "POST"])
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        if not request.user.is_authenticated:
            return redirect(settings.LOGOUT_REDIRECT_URL)
        return render(request, "accounts/logout.html")
    logout(request)
    messages.info(request, _("You have been logged out."))
    return redirect(_safe_next(request, settings.LOGOUT_REDIRECT_URL))


# --- password reset (Django's views, our templates and forms) -----------------------------


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    form_class = forms.PasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        self.extra_email_context = {"site_url": settings.SITE_URL}
        try:
            services.password_reset_check(address=client_address(self.request))
        except ValidationError as exc:
            apply_errors(form, exc)
            return self.render_to_response(
                self.get_context_data(form=form), status=TOO_MANY_REQUESTS
            )
        return super().form_valid(form)


password_reset = PasswordResetView.as_view()
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = forms.SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        had_tokens = selectors.user_api_tokens(user=form.user).exists()
        response = super().form_valid(form)  # saves the password and revokes the tokens
        if had_tokens:
            messages.warning(self.request, TOKENS_REVOKED)
        return response


password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


# --- Mijn Spontaan: what is someone's own and what waits on them --------------------------


@login_required
@require_GET
def personal(request: HttpRequest) -> HttpResponse:
    """The personal start page: the sections the apps register for it (the person's
    initiatives, applications, what they follow, what waits on them in their roles, their
    latest notifications), each of which decides for itself whether it shows."""
    return render(request, "accounts/personal.html")


# --- the account page ---------------------------------------------------------------------


def _account_page(request: HttpRequest, status: int = 200, **overrides) -> HttpResponse:
    user = request.user
    context = {
        "profile_form": forms.ProfileForm.for_user(user),
        "password_form": forms.PasswordChangeForm(),
        "token_form": forms.TokenCreateForm(),
        "tokens": selectors.user_api_token_list(user=user),
        # The header's menu has read the roles already: no query for those who hold none.
        "role_grants": list(selectors.user_role_grants(user=user))
        if selectors.user_is_staff_member(user=user)
        else [],
        "new_token": None,
        **overrides,
    }
    response = render(request, "accounts/account.html", context, status=status)
    if context["new_token"]:
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    return _account_page(request)


def _account_form(request: HttpRequest, section: str, make_form, act) -> HttpResponse:
    """A form of the account page. A GET goes back to its section; a valid POST returns what
    `act(cleaned_data)` returns, unless the service refuses: then, as for an invalid form, the
    page again with the form's errors (`make_form()` makes the bound form)."""
    if request.method == "GET":
        return redirect(reverse("accounts:account") + f"#{section}")
    form = make_form()
    return act_on_form(form, act) or _account_page(request, **{f"{form.prefix}_form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile_update(request: HttpRequest) -> HttpResponse:
    def save(data) -> HttpResponse:
        user = services.user_update(user=request.user, **data)
        messages.success(request, _("Your profile has been saved."))
        return remember_language(redirect("accounts:account"), user.language)

    return _account_form(
        request,
        "profile",
        lambda: forms.ProfileForm.for_user(request.user, data=request.POST),
        save,
    )


@sensitive_post_parameters(
    "password-old_password", "password-new_password", "password-new_password_again"
)
@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    def change(data) -> HttpResponse:
        had_tokens = selectors.user_api_tokens(user=request.user).exists()
        user = services.user_password_change(
            user=request.user,
            old_password=data["old_password"],
            new_password=data["new_password"],
        )
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password has been changed."))
        if had_tokens:
            messages.warning(request, TOKENS_REVOKED)
        return redirect("accounts:account")

    return _account_form(
        request, "password", lambda: forms.PasswordChangeForm(request.POST), change
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_create(request: HttpRequest) -> HttpResponse:
    def create(data) -> HttpResponse:
        token, raw = services.api_token_create(user=request.user, name=data["name"])
        return _account_page(request, new_token=raw, new_token_name=token.name)

    return _account_form(request, "tokens", lambda: forms.TokenCreateForm(request.POST), create)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        services.api_token_revoke(user=request.user, token_id=token_id)
    except ApiToken.DoesNotExist:
        raise Http404 from None
    messages.success(request, _("The token has been revoked. Programs using it stop working."))
    return redirect(reverse("accounts:account") + "#tokens")


@never_cache
@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    data = user_export_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"spontaan-my-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest) -> HttpResponse:
    form = forms.DeleteAccountForm(request.POST if request.method == "POST" else None)

    def delete_account(data) -> HttpResponse:
        services.user_delete(user=request.user, password=data["password"])
        logout(request)
        messages.success(
            request,
            _(
                "Your account has been deleted. What you contributed stays, under "
                "“former participant”."
            ),
        )
        return redirect(settings.LOGOUT_REDIRECT_URL)

    if request.method == "POST" and (done := act_on_form(form, delete_account)):
        return done
    status = 429 if form.has_error("password", code="throttled") else 200
    return render(request, "accounts/delete.html", {"form": form}, status=status)
