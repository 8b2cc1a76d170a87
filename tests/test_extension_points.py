"""The extension points as the whole platform uses them, and as a new capability uses them:
tests/extension_app adds a page section, an event kind, a clock kind and a notification kind
without touching any other app."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from spontaan.clock.kinds import clock_kinds
from spontaan.clock.services import clock_start
from spontaan.core.workdays import add_working_days
from spontaan.initiatives.events import event_kinds
from spontaan.initiatives.services import initiative_follow, initiative_record_event
from spontaan.notifications.kinds import notification_kinds
from spontaan.notifications.models import Notification
from tests.extension_app.registrations import NEWS, REQUEST, VISIT


def test_the_platform_registers_every_kind_in_use():
    assert {"initiative", "ask", "conflict", "application"} <= set(clock_kinds.keys())
    assert {"created", "status", "decision", "report"} <= set(event_kinds.keys())
    assert notification_kinds.get("decision").instant
    assert not notification_kinds.get("status").instant


@pytest.mark.django_db
def test_a_new_app_adds_an_event_a_notification_and_a_section(
    client, initiative, resident, other_resident, django_capture_on_commit_callbacks
):
    # given: someone follows the initiative (and gets every answer-like kind at once)
    initiative_follow(user=other_resident, initiative=initiative)
    page = client.get(initiative.get_absolute_url())
    assert page.status_code == 200 and "Site visits" not in page.content.decode()
    # when: the new app records its own kind of event, with its own notification kind
    with django_capture_on_commit_callbacks(execute=True):
        initiative_record_event(
            initiative=initiative,
            kind=VISIT,
            user=resident,
            data={"day": "3 March"},
            notify_kind=NEWS,
        )
    # then: the timeline renders it with the app's template, its section shows up
    page = client.get(initiative.get_absolute_url())
    body = page.content.decode()
    assert page.status_code == 200
    assert "planned a site visit on 3 March" in body
    assert "Site visits" in body and "Visited on 3 March" in body
    # and the follower is notified with the app's label, by e-mail at once (an instant kind)
    notification = Notification.objects.get(user=other_resident, kind=NEWS)
    assert notification.kind_label == "visit news"
    assert any("Visit news" in message.body for message in mail.outbox)
    client.force_login(other_resident)
    listing = client.get("/meldingen/")
    assert listing.status_code == 200 and "Visit news" in listing.content.decode()


@pytest.mark.django_db
def test_a_new_app_adds_a_clock_kind_with_its_own_service_level(
    client, initiative, municipality, connector
):
    opened = timezone.now()
    clock = clock_start(
        municipality=municipality,
        kind=REQUEST,
        subject_id=1,
        title="Visit request",
        initiative_id=initiative.pk,
        opened_at=opened,
    )
    assert clock.due_on == add_working_days(timezone.localdate(opened), 2)
    client.force_login(connector)
    queue = client.get("/reactiesnelheid/werkvoorraad/")
    assert queue.status_code == 200 and "visit request: Visit request" in queue.content.decode()


@pytest.mark.django_db
def test_the_new_app_needs_no_migration_anywhere():
    # makemigrations --check exits non-zero when any app (the lower ones included) needs one.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_a_new_app_adds_a_figure_and_demo_data(client):
    # when the demo loads (twice: loaders are idempotent), the app's loader runs in its order
    call_command("demo", stdout=StringIO())
    call_command("demo", stdout=StringIO())
    # then its figure is on the list of municipalities, counted from its own events
    response = client.get("/gemeenten/")
    assert response.status_code == 200
    assert "Site visits: <strong>1</strong>" in response.text  # Hengelo
    assert response.text.count("Site visits: <strong>") == 5  # every municipality, 0 where none
