from django.conf import settings
from django.utils.functional import SimpleLazyObject

from spontaan.accounts.models import Role
from spontaan.accounts.selectors import user_is_staff_member, user_roles
from spontaan.notifications.selectors import notification_unread_count
from spontaan.places.selectors import region_name


def _nav(request) -> dict:
    user = request.user
    authenticated = user.is_authenticated
    held = user_roles(user=user).values() if authenticated else []
    return {
        "region_name": region_name(),
        "is_staff": authenticated and user_is_staff_member(user=user),
        "unread": notification_unread_count(user=user) if authenticated else 0,
        "is_reviewer": any(Role.REVIEWER in roles for roles in held),
        "is_moderator": any(Role.MODERATOR in roles for roles in held),
    }


def site(request):
    return {
        "nav": SimpleLazyObject(lambda: _nav(request)),
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
        "GEOCODER_URL": settings.GEOCODER_URL,
    }
