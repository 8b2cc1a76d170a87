"""Reads about accounts and the roles people hold per municipality."""

from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from spontaan.core.rows import CompiledSelect, all_fields

from .models import ApiToken, Role, RoleGrant, User

AnyUser = User | AnonymousUser

_ACCOUNT = CompiledSelect(User, all_fields(User), where=(("id", "="),))
_TOKENS = CompiledSelect(
    ApiToken,
    ("id", "user", "name", "prefix", "created_at", "last_used_at"),
    where=(("user", "="),),
    order_by=("-created_at", "-id"),
)
_ROLES = CompiledSelect(RoleGrant, ("municipality", "role"), where=(("user", "="),))


def user_by_id(*, user_id: int) -> User | None:
    """The account with this id, fully loaded, or None (for loading the session's account)."""
    found = _ACCOUNT.instances(user_id)
    return found[0] if found else None


def require_verified_user(user: AnyUser) -> None:
    """Writes need an account whose e-mail address has been confirmed (against spam)."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Log in first."))
    if not user.email_verified_at:
        raise PermissionDenied(_("Confirm your e-mail address first; we sent you a link."))


def user_roles(*, user: AnyUser) -> dict[int, set[str]]:
    """Municipality id → the roles the user holds there. Cached on the user object."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_spontaan_roles", None)
    if cached is None:
        cached = {}
        for municipality_id, role in _ROLES.rows(user.pk):
            cached.setdefault(municipality_id, set()).add(role)
        user._spontaan_roles = cached
    return cached


def user_has_role(*, user: AnyUser, municipality_id: int, role: str) -> bool:
    return role in user_roles(user=user).get(municipality_id, set())


def user_has_any_role(*, user: AnyUser, municipality_id: int, roles: set[str]) -> bool:
    return bool(roles & user_roles(user=user).get(municipality_id, set()))


def user_is_staff_member(*, user: AnyUser) -> bool:
    """Does the user hold any municipal role anywhere (connector, reviewer, …)?"""
    return bool(user_roles(user=user))


def user_municipalities_with_role(*, user: AnyUser, roles: set[str]) -> list[int]:
    return [m for m, held in user_roles(user=user).items() if held & roles]


MUNICIPAL_ROLES = {Role.CONNECTOR, Role.PROGRAMME_MANAGER}


def user_api_tokens(*, user: User) -> QuerySet[ApiToken]:
    """One's own personal API tokens, newest first (metadata only; hashes are never shown)."""
    return (
        ApiToken.objects.filter(user=user)
        .only("pk", "user_id", "name", "prefix", "created_at", "last_used_at")
        .order_by("-created_at", "-pk")
    )


def user_api_token_list(*, user: User) -> list[ApiToken]:
    """`user_api_tokens` as a list, read without compiling a queryset (the account page)."""
    return _TOKENS.instances(user.pk)


def user_role_grants(*, user: User) -> QuerySet[RoleGrant]:
    return (
        RoleGrant.objects.filter(user=user)
        .select_related("municipality")
        .order_by("municipality__name", "role")
    )


def users_with_role(*, municipality_id: int, roles: set[str]) -> list[int]:
    """The ids of the people who hold one of these roles in the municipality now."""
    return list(
        RoleGrant.objects.filter(municipality_id=municipality_id, role__in=roles)
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
    )


def user_by_email(*, email: str) -> User | None:
    """The account with this e-mail address, if it exists and is not deleted."""
    return User.objects.filter(email=email.strip().lower(), deleted_at__isnull=True).first()


def user_get(*, user_id: int) -> User:
    return User.objects.get(pk=user_id)


def user_email_modes(*, user_ids: set[int]) -> dict[int, str]:
    """How each of these active accounts wants e-mail (deleted and inactive ones left out)."""
    return dict(
        User.objects.filter(pk__in=user_ids, is_active=True, deleted_at__isnull=True).values_list(
            "pk", "email_mode"
        )
    )


def users_due_a_digest(*, email_mode: str, last_before: datetime) -> QuerySet[User]:
    """Active accounts with this digest setting whose last digest went before `last_before`."""
    return User.objects.filter(
        email_mode=email_mode, is_active=True, deleted_at__isnull=True
    ).filter(Q(last_digest_at__isnull=True) | Q(last_digest_at__lte=last_before))


def role_holder_ids(
    *, role: str, municipality_ids: Iterable[int], user_ids: Iterable[int] | None = None
) -> set[int]:
    """The ids of the accounts that hold `role` in one of these municipalities (only among
    `user_ids` when given)."""
    grants = RoleGrant.objects.filter(role=role, municipality_id__in=list(municipality_ids))
    if user_ids is not None:
        grants = grants.filter(user_id__in=list(user_ids))
    return set(grants.values_list("user_id", flat=True))


def role_holder_by_email(*, email: str, role: str, municipality_ids: Iterable[int]) -> User | None:
    """The live account with this e-mail address that holds `role` in one of these
    municipalities, or None."""
    grant = (
        RoleGrant.objects.filter(
            user__email=email,
            user__deleted_at__isnull=True,
            role=role,
            municipality_id__in=list(municipality_ids),
        )
        .select_related("user")
        .first()
    )
    return grant.user if grant else None
