from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spontaan.accounts.models import EmailMode
from spontaan.accounts.tests.factories import UserFactory
from spontaan.notifications.mail import send_digests
from spontaan.notifications.models import Notification
from spontaan.notifications.services import notify

pytestmark = pytest.mark.django_db


def test_digest_is_grouped_newest_first_and_sent_once(resident):
    notify(user_ids=[resident.pk], kind="status", title="Moestuin", url="/initiatieven/1/")
    notify(user_ids=[resident.pk], kind="update", title="Moestuin", url="/initiatieven/1/")
    notify(user_ids=[resident.pk], kind="status", title="Bankje", url="/initiatieven/2/")
    assert send_digests() == 1
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert body.index("Bankje") < body.index("Moestuin")  # newest first
    assert "3" in mail.outbox[0].subject
    assert send_digests() == 0  # nothing new
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_daily_digest_waits_a_day_and_weekly_a_week(resident, other_resident):
    other_resident.email_mode = EmailMode.WEEKLY_DIGEST
    other_resident.last_digest_at = timezone.now() - timedelta(days=2)
    other_resident.save()
    resident.last_digest_at = timezone.now() - timedelta(hours=2)
    resident.save()
    notify(user_ids=[resident.pk, other_resident.pk], kind="status", title="X", url="/x/")
    assert send_digests() == 0
    assert send_digests(now=timezone.now() + timedelta(days=1)) == 1  # the daily one
    assert send_digests(now=timezone.now() + timedelta(days=6)) == 1  # the weekly one


def test_digest_work_reads_only_people_with_news(db):
    quiet = UserFactory.create_batch(30)
    busy = UserFactory()
    notify(user_ids=[busy.pk], kind="status", title="X", url="/x/")
    with CaptureQueriesContext(connection) as ctx:
        assert send_digests() == 1
    assert len(ctx.captured_queries) < 15
    assert all(u.last_digest_at is None for u in quiet)


def test_answers_are_mailed_at_once_but_not_to_people_who_opted_out(
    resident, other_resident, django_capture_on_commit_callbacks
):
    other_resident.email_mode = EmailMode.NONE
    other_resident.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            user_ids=[resident.pk, other_resident.pk],
            kind="ask_answered",
            title="Vraag",
            url="/initiatieven/1/",
        )
    assert [m.to for m in mail.outbox] == [[resident.email]]
    assert send_digests() == 0  # the opted-out person never gets mail


def test_the_actor_is_not_notified_of_their_own_action(resident):
    assert (
        notify(
            user_ids=[resident.pk], kind="status", title="X", url="/x/", exclude_user_id=resident.pk
        )
        == []
    )


def test_notification_page_and_mark_read(client, resident, other_resident):
    notify(user_ids=[resident.pk], kind="status", title="Moestuin", url="/initiatieven/1/")
    assert client.get("/meldingen/").status_code == 302
    client.force_login(other_resident)
    response = client.get("/meldingen/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nog geen meldingen" in page  # the empty page, not an error page
    assert "Moestuin" not in page
    client.force_login(resident)
    response = client.get("/meldingen/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Moestuin" in page and "Nieuw:" in page
    response = client.post("/meldingen/gelezen/")
    assert response.status_code == 302 and response["Location"] == "/meldingen/"
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert "Nieuw:" not in client.get("/meldingen/").content.decode()


def test_marking_read_leaves_other_peoples_notifications_alone(client, resident, other_resident):
    notify(user_ids=[resident.pk], kind="status", title="Moestuin", url="/initiatieven/1/")
    client.force_login(other_resident)
    response = client.post("/meldingen/gelezen/")
    assert response.status_code == 302
    assert Notification.objects.get(user=resident).read_at is None


def test_send_digests_command(resident, capsys):
    notify(user_ids=[resident.pk], kind="status", title="X", url="/x/")
    call_command("send_digests")
    assert "1 digest" in capsys.readouterr().out


def test_digest_groups_each_subject_once(resident):
    notify(user_ids=[resident.pk], kind="status", title="Moestuin", url="/initiatieven/1/")
    notify(user_ids=[resident.pk], kind="status", title="Bankje", url="/initiatieven/2/")
    notify(user_ids=[resident.pk], kind="update", title="Moestuin", url="/initiatieven/1/")
    send_digests()
    body = mail.outbox[0].body
    assert body.count("Moestuin\n") == 1 and body.count("Bankje\n") == 1
    assert body.index("Moestuin") < body.index("Bankje")  # Moestuin has the newest news
