"""Writes of places. Who may write is the caller's rule (places knows no roles): the tender
lets a programme manager edit the city profile through `city_profile_save`."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from spontaan.core.audit import audit_log

from .models import CityProfile, Municipality


@transaction.atomic
def city_profile_save(
    *, user, municipality: Municipality, text: str, themes: list[str], goals: str
) -> CityProfile:
    """Validate and store a city profile, with an audit entry of what changed."""
    text, goals = (text or "").strip(), (goals or "").strip()
    themes = [t.strip() for t in themes if t and t.strip()]
    errors = {}
    if len(text) > 10000:
        errors["text"] = [_("The profile is at most 10,000 characters.")]
    if len(goals) > 5000:
        errors["goals"] = [_("The goals are at most 5,000 characters.")]
    if len(themes) > 20 or any(len(t) > 60 for t in themes):
        errors["themes"] = [_("At most 20 themes of at most 60 characters each.")]
    if errors:
        raise ValidationError(errors)
    profile, _created = CityProfile.objects.select_for_update().get_or_create(
        municipality=municipality
    )
    before = {"text": profile.text, "themes": profile.themes, "goals": profile.goals}
    profile.text, profile.themes, profile.goals, profile.updated_by = text, themes, goals, user
    profile.save()
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
