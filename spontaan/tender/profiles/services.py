"""Writes of city profiles: the programme manager edits what the scheme's criteria refer to."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from spontaan.accounts.models import Role, User
from spontaan.accounts.selectors import user_has_role
from spontaan.core.pagecache import touch
from spontaan.places.models import CityProfile, Municipality
from spontaan.places.services import city_profile_save


def city_profile_may_edit(*, user: User, municipality: Municipality) -> bool:
    return user_has_role(user=user, municipality_id=municipality.pk, role=Role.PROGRAMME_MANAGER)


@transaction.atomic
def city_profile_update(
    *, user: User, municipality: Municipality, text: str, themes: list[str], goals: str
) -> CityProfile:
    """Only the municipality's programme manager edits its city profile."""
    if not city_profile_may_edit(user=user, municipality=municipality):
        raise PermissionDenied(_("Only a programme manager of this municipality may do this."))
    touch("schemes")  # the schemes' pages show what their criteria refer to
    return city_profile_save(
        user=user, municipality=municipality, text=text, themes=themes, goals=goals
    )
