"""Writes of places. Who may write is the caller's rule (places knows no roles): the tender
lets a programme manager edit the city profile through `city_profile_save`."""

from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from spontaan.core import validation
from spontaan.core.audit import audit_log
from spontaan.core.pagecache import area, touch

from .models import THEME_MAX_LENGTH, THEMES_MAX, CityProfile, Municipality


def _limit(field: str) -> dict:
    """A profile field's limit, written as the reader writes numbers (10.000 in Dutch)."""
    return {"n": number_format(validation.max_length(CityProfile, field), force_grouping=True)}


@transaction.atomic
def city_profile_save(
    *, user, municipality: Municipality, text: str, themes: list[str], goals: str
) -> CityProfile:
    """Validate and store a city profile, with an audit entry of what changed."""
    with validation.collect() as check:
        text = check.text(
            "text",
            text,
            model=CityProfile,
            messages={"max_length": _("The profile is at most %(n)s characters.") % _limit("text")},
        )
        goals = check.text(
            "goals",
            goals,
            model=CityProfile,
            messages={"max_length": _("The goals are at most %(n)s characters.") % _limit("goals")},
        )
        themes = [t.strip() for t in themes if t and t.strip()]
        if len(themes) > THEMES_MAX or any(len(t) > THEME_MAX_LENGTH for t in themes):
            check.add(
                "themes",
                _("At most %(n)d themes of at most %(max)d characters each.")
                % {"n": THEMES_MAX, "max": THEME_MAX_LENGTH},
            )
    profile, _created = CityProfile.objects.select_for_update().get_or_create(
        municipality=municipality
    )
    before = {"text": profile.text, "themes": profile.themes, "goals": profile.goals}
    profile.text, profile.themes, profile.goals, profile.updated_by = text, themes, goals, user
    profile.save()
    touch(area("municipality", municipality.slug), "municipalities")
    audit_log(
        actor=user,
        action="city_profile.update",
        object_type="city_profile",
        object_id=profile.pk,
        municipality_id=municipality.pk,
        changes={
            k: [before[k], getattr(profile, k)] for k in before if before[k] != getattr(profile, k)
        },
    )
    return profile
