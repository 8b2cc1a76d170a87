"""Writes about accounts: sign-up, verification, login checks, profile, tokens, deletion, roles.

Every function is keyword-only, checks its rules and raises `ValidationError` (with a dict of
the fields at fault) or `PermissionDenied`. HTML views, the admin, the API and management
commands all call these.
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spontaan.core import ratelimit, validation
from spontaan.core.audit import audit_log
from spontaan.core.pagecache import SITE, touch

from . import limits
from .erasure import run_erasers
from .models import ApiToken, EmailMode, Role, RoleGrant, User
from .renames import run_renamers
from .tokens import token_create, token_revoke, tokens_revoke_all
from .verification import ExpiredToken, InvalidToken, verification_user

if TYPE_CHECKING:
    from spontaan.places.models import Municipality

TOKENS_PER_USER_MAX = 25
VERIFY_RESEND_LIMIT = 3  # verification mails per account per hour
PASSWORD_RESETS_PER_ADDRESS = 10  # reset requests per client address per hour
_WEB_ADDRESS = re.compile(r"(://|\bwww\.|\.(com|nl|net|org|info|io|ru)\b)", re.IGNORECASE)


# --- helpers ------------------------------------------------------------------------------


def _language_codes() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def _clean_email(check: validation.FieldErrors, email: str) -> str:
    email = check.text(
        "email",
        email,
        model=User,
        messages={
            "required": _("Enter your e-mail address."),
            "max_length": _("This e-mail address is too long."),
        },
    ).lower()
    if email and "email" not in check:
        with check.catch("email"):
            EmailValidator(message=_("Enter a valid e-mail address, like name@example.nl."))(email)
    return email


def _clean_display_name(check: validation.FieldErrors, display_name: str) -> str:
    name = check.text(
        "display_name",
        display_name,
        model=User,
        single_line=True,
        messages={
            "required": _("Enter the name others will see."),
            "max_length": _("Use at most %(max)d characters."),
        },
    )
    if "display_name" not in check and (_WEB_ADDRESS.search(name) or "@" in name):
        check.add(
            "display_name",
            _("A display name cannot contain a web or e-mail address."),
            code="address",
        )
    return name


def _window_minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))


def _login_limits() -> tuple[int, int, int]:
    """(attempts per account, attempts per address, window in seconds)."""
    limit = int(settings.LOGIN_ATTEMPTS_LIMIT)
    per_address = int(getattr(settings, "LOGIN_ATTEMPTS_LIMIT_PER_ADDRESS", limit))
    return limit, per_address, int(settings.LOGIN_ATTEMPTS_WINDOW)


def _throttled_error(window: int) -> ValidationError:
    minutes = _window_minutes(window)
    return ValidationError(
        ngettext(
            "Too many failed attempts to log in. For your safety, logging in is blocked for "
            "a while. Try again in %(minutes)d minute, or reset your password.",
            "Too many failed attempts to log in. For your safety, logging in is blocked for "
            "a while. Try again in %(minutes)d minutes, or reset your password.",
            minutes,
        )
        % {"minutes": minutes},
        code="throttled",
    )


def _check_own_password(*, user: User, password: str, field: str) -> None:
    """Confirm a signed-in person's password; failures count towards the login limit.

    A slot of the account's login limit is taken before the password is checked (so parallel
    attempts cannot all pass a count read before any of them is written), and given back
    when the password is right.
    """
    limit, _per_address, window = _login_limits()
    slot = ratelimit.ratelimit_take(
        bucket=limits.LOGIN_ACCOUNT, key=user.email, limit=limit, window_seconds=window
    )
    if slot is None:
        raise ValidationError({field: _throttled_error(window)})
    if not password or not user.check_password(password):
        raise ValidationError(
            {field: ValidationError(_("That is not your current password."), code="wrong")}
        )
    ratelimit.ratelimit_release(event_id=slot)


def _form_error(message, code: str) -> ValidationError:
    """An error about the form as a whole, not about one of its fields."""
    return ValidationError({NON_FIELD_ERRORS: ValidationError(message, code=code)})


def _count_or_refuse(*, bucket: str, key: str, limit: int, message) -> None:
    """Count one request for `key`, or refuse it when `limit` were counted in the last hour."""
    if ratelimit.ratelimit_take(bucket=bucket, key=key, limit=limit, window_seconds=3600) is None:
        raise _form_error(message, "throttled")


def _enqueue_on_commit(task, *args) -> None:
    transaction.on_commit(lambda: task.enqueue(*args))


# --- sign-up and verification -------------------------------------------------------------


@transaction.atomic
def user_register(
    *,
    email: str,
    password: str,
    display_name: str,
    accepted_privacy: bool,
    address: str,
    language: str = "nl",
) -> User | None:
    """Create an account whose e-mail address still has to be confirmed, and mail the link.

    Does not reveal whether the address already has an account: then nothing is created, the
    owner gets a note that someone tried to register, and the caller shows the same
    "check your mail" page. Returns the new account, or None in that case.
    Limited to `SIGNUP_LIMIT_PER_ADDRESS` attempts per client address per hour.
    """
    from .tasks import send_signup_attempt_email, send_verification_email

    with validation.collect() as check:
        email = _clean_email(check, email)
        display_name = _clean_display_name(check, display_name)
        if not password:
            check.add("password", _("Choose a password."), code="required")
        elif "email" not in check:
            with check.catch("password"):
                validate_password(password, user=User(email=email, display_name=display_name))
        if not accepted_privacy:
            check.add(
                "accepted_privacy",
                _("You can only create an account if you agree with the privacy statement."),
                code="required",
            )
    if language not in _language_codes():
        language = settings.LANGUAGE_CODE

    _count_or_refuse(
        bucket=limits.SIGNUP_ADDRESS,
        key=address,
        limit=int(settings.SIGNUP_LIMIT_PER_ADDRESS),
        message=_(
            "Too many accounts have been created from your internet connection "
            "in the last hour. Please try again later."
        ),
    )

    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        make_password(password)  # the same work as a real sign-up, against timing probes
        if existing.is_active and existing.deleted_at is None:
            _enqueue_on_commit(send_signup_attempt_email, existing.pk)
        return None

    user = User.objects.create_user(
        email, password, display_name=display_name, language=language, email_verified_at=None
    )
    _enqueue_on_commit(send_verification_email, user.pk)
    return user


@transaction.atomic
def user_verify_email(*, token: str) -> User:
    """Confirm the address a verification link was sent to. A link works once."""
    try:
        user = verification_user(token)
    except ExpiredToken:
        raise ValidationError(
            {"token": ValidationError(_("This link has expired."), code="expired")}
        ) from None
    except InvalidToken:
        raise ValidationError(
            {"token": ValidationError(_("This link is not valid (any more)."), code="invalid")}
        ) from None
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return user


@transaction.atomic
def user_resend_verification(*, user: User) -> None:
    """Send the verification link again (at most a few times per hour)."""
    from .tasks import send_verification_email

    if user.email_verified_at is not None:
        raise _form_error(_("Your e-mail address has already been confirmed."), code="verified")
    _count_or_refuse(
        bucket=limits.VERIFY_RESEND,
        key=str(user.pk),
        limit=VERIFY_RESEND_LIMIT,
        message=_(
            "We have sent you several links in the last hour. Please check your mail "
            "(also the spam folder) or try again later."
        ),
    )
    _enqueue_on_commit(send_verification_email, user.pk)


# --- logging in ---------------------------------------------------------------------------


def _take_login_slots(*, email: str, address: str) -> list[int]:
    """Take a slot of the client address's and (with an e-mail address, known or not) of the
    account's login limit; ValidationError, with nothing counted, when either is full."""
    limit, per_address, window = _login_limits()
    taken: list[int] = []
    wanted = [(limits.LOGIN_ADDRESS, address, per_address)]
    if email:
        wanted.append((limits.LOGIN_ACCOUNT, email, limit))
    for bucket, key, bucket_limit in wanted:
        slot = ratelimit.ratelimit_take(
            bucket=bucket, key=key, limit=bucket_limit, window_seconds=window
        )
        if slot is None:
            for event_id in taken:
                ratelimit.ratelimit_release(event_id=event_id)
            raise ValidationError({NON_FIELD_ERRORS: _throttled_error(window)})
        taken.append(slot)
    return taken


def user_authenticate(*, email: str, password: str, address: str) -> User:
    """The account for these credentials, or ValidationError.

    After `LOGIN_ATTEMPTS_LIMIT` failed attempts for an e-mail address or from a client
    address within `LOGIN_ATTEMPTS_WINDOW` seconds, refuses without checking the password.
    Each attempt takes its slot before the password is checked, so parallel attempts cannot
    get more than the limit checked (docs/adr/0008); a failed attempt keeps its slots, a good
    one gives them back and clears the account's count. Not in a transaction on purpose: the
    slots must be visible to parallel attempts at once, and stay counted although this raises.
    """
    email = (email or "").strip().lower()
    slots = _take_login_slots(email=email, address=address)
    user = authenticate(None, email=email, password=password or "") if email else None
    if user is None:
        raise _form_error(
            _("The e-mail address or password is not correct."),
            code="invalid_login",
        )
    for event_id in slots:
        ratelimit.ratelimit_release(event_id=event_id)
    ratelimit.ratelimit_clear(bucket=limits.LOGIN_ACCOUNT, key=email)
    return user


# --- profile and password -----------------------------------------------------------------


@transaction.atomic
def user_update(*, user: User, display_name: str, language: str, email_mode: str) -> User:
    """Change what others see (display name) and one's own preferences."""
    with validation.collect() as check:
        display_name = _clean_display_name(check, display_name)
        if language not in _language_codes():
            check.add("language", _("Choose one of the languages."), code="invalid")
        if email_mode not in EmailMode.values:
            check.add("email_mode", _("Choose one of the options."), code="invalid")
    old_name = user.display_name
    user.display_name = display_name
    user.language = language
    user.email_mode = email_mode
    user.save(update_fields=["display_name", "language", "email_mode"])
    if old_name != display_name:
        run_renamers(user, old_name, display_name)
        touch(SITE)  # the name shows on public pages anywhere
    return user


def user_password_change(*, user: User, old_password: str, new_password: str) -> User:
    """Change one's password after confirming the current one; revokes all API tokens.

    The check of the current password happens before the transaction, so that a wrong one
    is counted towards the login limit.
    """
    _check_own_password(user=user, password=old_password, field="old_password")
    return _user_password_set(user=user, new_password=new_password)


@transaction.atomic
def _user_password_set(*, user: User, new_password: str) -> User:
    if not new_password:
        raise ValidationError(
            {"new_password": ValidationError(_("Choose a new password."), code="required")}
        )
    try:
        validate_password(new_password, user=user)
    except ValidationError as exc:
        raise ValidationError({"new_password": exc.error_list}) from None
    user.set_password(new_password)
    user.save(update_fields=["password"])
    tokens_revoke_all(user=user)
    return user


@transaction.atomic
def user_password_reset(*, user: User, new_password: str) -> User:
    """Set a new password from a reset link (already validated by the reset form).

    The link reached the mailbox, so the address counts as confirmed, and the account's
    failed-login count is cleared. All API tokens are revoked: whoever knew the old password
    may have made one.
    """
    user.set_password(new_password)
    fields = ["password"]
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        fields.append("email_verified_at")
    user.save(update_fields=fields)
    tokens_revoke_all(user=user)
    ratelimit.ratelimit_clear(bucket=limits.LOGIN_ACCOUNT, key=user.email)
    return user


@transaction.atomic
def password_reset_check(*, address: str) -> None:
    """Count a request for a reset link; refuse after too many from one client address."""
    _count_or_refuse(
        bucket=limits.RESET_ADDRESS,
        key=address,
        limit=PASSWORD_RESETS_PER_ADDRESS,
        message=_(
            "Too many reset links have been requested from your internet connection. "
            "Please try again later."
        ),
    )


# --- personal API tokens ------------------------------------------------------------------


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new personal API token; the raw token is returned once and never stored."""
    with validation.collect() as check:
        name = check.text(
            "name",
            name,
            model=ApiToken,
            single_line=True,
            messages={
                "required": _("Give the token a name, e.g. the script that will use it."),
                "max_length": _("Use at most %(max)d characters."),
            },
        )
    if user.deleted_at is not None or not user.is_active:
        raise PermissionDenied(_("This account cannot have API tokens."))
    if user.email_verified_at is None:
        raise _form_error(
            _("Confirm your e-mail address before you create an API token."),
            code="unverified",
        )
    if ApiToken.objects.filter(user=user).count() >= TOKENS_PER_USER_MAX:
        raise _form_error(
            _("You can have at most %(max)d tokens. Revoke one you no longer use first.")
            % {"max": TOKENS_PER_USER_MAX},
            code="too_many",
        )
    return token_create(user=user, name=name)


@transaction.atomic
def api_token_revoke(*, user: User, token_id: int) -> None:
    """Revoke one of one's own tokens; someone else's token is as good as unknown."""
    if not token_revoke(user=user, token_id=token_id):
        raise ApiToken.DoesNotExist


# --- deleting an account ------------------------------------------------------------------


def former_participant_name() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Former participant")


def user_delete(*, user: User, password: str) -> User:
    """Delete one's own account: pseudonymise it and keep the contributions.

    The row stays (initiatives, stories, votes and totals keep pointing at it), but nothing
    identifies the person any more: the e-mail becomes `deleted-<id>@invalid`, the name a
    "former participant" marker, the password unusable. Tokens and roles are removed, the
    apps' registered erasers run (the network renames the person's actor, for example).
    The password is checked before the transaction, so a wrong one counts as a failed login.
    """
    if user.deleted_at is not None:
        raise PermissionDenied(_("This account has already been deleted."))
    _check_own_password(user=user, password=password, field="password")
    return _user_pseudonymise(user=user)


@transaction.atomic
def _user_pseudonymise(*, user: User) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)

    run_erasers(user)
    touch(SITE)  # the name shows on public pages anywhere
    tokens_removed, _ignored = ApiToken.objects.filter(user=user).delete()
    roles_removed, _ignored = RoleGrant.objects.filter(user=user).delete()
    marker = former_participant_name()

    user.email = f"deleted-{user.pk}@invalid"
    user.display_name = marker
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.email_verified_at = None
    user.email_mode = EmailMode.NONE
    user.language = settings.LANGUAGE_CODE
    user.last_login = None
    user.last_digest_at = None
    user.deleted_at = timezone.now()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    audit_log(
        actor=user,
        action="account.delete",
        object_type="accounts.user",
        object_id=user.pk,
        changes={"api_tokens_removed": tokens_removed, "roles_removed": roles_removed},
    )
    return user


# --- roles per municipality ---------------------------------------------------------------


def _check_role_args(*, by: User | None, user: User, role: str, perm: str) -> None:
    if by is not None and not by.has_perm(perm):
        raise PermissionDenied(_("You may not change roles."))
    if role not in Role.values:
        raise ValidationError({"role": ValidationError(_("Unknown role."), code="invalid")})


@transaction.atomic
def role_grant(*, by: User | None, user: User, municipality: Municipality, role: str) -> RoleGrant:
    """Give `user` a staff role in `municipality`; recorded in the audit trail.

    `by` is the administrator (None for the system, e.g. the demo loader). Granting a role
    the person already holds changes nothing.
    """
    _check_role_args(by=by, user=user, role=role, perm="accounts.add_rolegrant")
    if user.deleted_at is not None or not user.is_active:
        raise ValidationError(
            {"user": ValidationError(_("This account is not active."), code="inactive")}
        )
    grant, created = RoleGrant.objects.get_or_create(
        user=user, municipality=municipality, role=role
    )
    if created:
        _audit_role(by=by, user=user, municipality=municipality, role=role, granted=True)
    return grant


@transaction.atomic
def role_revoke(*, by: User | None, user: User, municipality: Municipality, role: str) -> bool:
    """Take a staff role away; recorded in the audit trail. False if it was not held."""
    _check_role_args(by=by, user=user, role=role, perm="accounts.delete_rolegrant")
    deleted, _ignored = RoleGrant.objects.filter(
        user=user, municipality=municipality, role=role
    ).delete()
    if deleted:
        _audit_role(by=by, user=user, municipality=municipality, role=role, granted=False)
    return bool(deleted)


def _audit_role(
    *, by: User | None, user: User, municipality: Municipality, role: str, granted: bool
) -> None:
    audit_log(
        actor=by,
        action="role.grant" if granted else "role.revoke",
        object_type="accounts.user",
        object_id=user.pk,
        municipality_id=municipality.pk,
        changes={"role": role, "granted": granted},
    )


def user_digest_sent(*, user_id: int, at: datetime) -> None:
    """Remember when someone's last digest went out (the digest sender calls this)."""
    User.objects.filter(pk=user_id).update(last_digest_at=at)
