import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from spontaan.core.models import AuditEntry
from spontaan.initiatives import moderation
from spontaan.initiatives.models import Initiative

pytestmark = pytest.mark.django_db


def test_a_moderator_hides_with_a_reason_and_the_public_no_longer_sees_it(
    client, initiative, moderator, resident
):
    client.force_login(moderator)
    response = client.post(
        f"/initiatieven/{initiative.pk}/moderatie/", {"hide-reason": "Reclame voor een webwinkel."}
    )
    assert response.status_code == 302
    client.logout()
    assert client.get(initiative.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/initiatives/{initiative.pk}").status_code == 404
    client.force_login(resident)  # the team still sees it, with the reason
    assert (
        "Reclame voor een webwinkel." in client.get(initiative.get_absolute_url()).content.decode()
    )
    assert AuditEntry.objects.filter(action="initiative.hide", actor=moderator).exists()


def test_hiding_needs_a_reason_and_the_moderator_role(initiative, moderator, connector):
    with pytest.raises(ValidationError):
        moderation.initiative_hide(user=moderator, initiative=initiative, reason=" ")
    with pytest.raises(PermissionDenied):
        moderation.initiative_hide(user=connector, initiative=initiative, reason="Weg ermee")
    assert not Initiative.objects.get(pk=initiative.pk).is_hidden


def test_restore(initiative, moderator):
    moderation.initiative_hide(user=moderator, initiative=initiative, reason="Dubbel")
    moderation.initiative_restore(user=moderator, initiative=initiative)
    assert not Initiative.objects.get(pk=initiative.pk).is_hidden
