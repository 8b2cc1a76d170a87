"""Reports, hiding, restoring, dismissing and objecting: who may, how often, what is logged."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from spontaan.accounts.models import Role, RoleGrant
from spontaan.core.models import AuditEntry
from spontaan.initiatives.models import Initiative
from spontaan.moderation import services
from spontaan.moderation.models import Case, ModerationDecision, Report, ReportOutcome
from spontaan.moderation.selectors import author_history, case_queue
from spontaan.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _report(user, initiative, reason="spam", note=""):
    return services.report_create(
        user=user, kind="initiative", object_id=str(initiative.pk), reason=reason, note=note
    )


def _hide(moderator, initiative, reason="spam", note="Reclame voor een webwinkel."):
    return services.case_hide_content(
        user=moderator, kind="initiative", object_id=str(initiative.pk), reason=reason, note=note
    )


def test_a_report_puts_the_content_on_its_municipalitys_queue(
    initiative, other_resident, moderator
):
    report = _report(other_resident, initiative, note="Dit is een advertentie")
    assert report.case.municipality_id == initiative.municipality_id
    assert report.case.author_id == initiative.created_by_id
    assert [c.pk for c in case_queue(user=moderator)] == [report.case.pk]
    assert AuditEntry.objects.filter(action="initiative.report", actor=other_resident).exists()


def test_one_report_per_person_per_item(initiative, other_resident):
    _report(other_resident, initiative)
    with pytest.raises(ValidationError):
        _report(other_resident, initiative, reason="offensive")
    assert Report.objects.count() == 1


def test_nobody_reports_their_own_contribution(initiative, resident):
    with pytest.raises(ValidationError):
        _report(resident, initiative)
    assert not Report.objects.exists()


def test_a_report_needs_a_reason_from_the_list(initiative, other_resident):
    with pytest.raises(ValidationError) as raised:
        _report(other_resident, initiative, reason="boring")
    assert "reason" in raised.value.message_dict
    assert not Report.objects.exists()


def test_reports_are_rate_limited_per_person(municipality, resident, other_resident):
    from spontaan.initiatives.services import initiative_create

    items = [
        initiative_create(
            user=resident,
            municipality=municipality,
            title=f"Plan {n}",
            summary="Een plan.",
            category="activity",
        )
        for n in range(services.REPORT_LIMIT + 1)
    ]
    for item in items[:-1]:
        _report(other_resident, item)
    with pytest.raises(ValidationError):
        _report(other_resident, items[-1])
    assert Report.objects.count() == services.REPORT_LIMIT


def test_content_one_cannot_see_cannot_be_reported(initiative, moderator, other_resident):
    _hide(moderator, initiative)
    with pytest.raises(Http404):
        _report(other_resident, initiative)
    with pytest.raises(Http404):
        services.report_create(
            user=other_resident, kind="nothing", object_id="1", reason="spam", note=""
        )


def test_a_moderator_of_another_municipality_cannot_act(
    initiative, other_resident, other_municipality
):
    from spontaan.accounts.tests.factories import UserFactory

    elsewhere = UserFactory(display_name="Els Elders")
    RoleGrant.objects.create(user=elsewhere, municipality=other_municipality, role=Role.MODERATOR)
    case = _report(other_resident, initiative).case
    for act in (
        lambda: services.case_hide(user=elsewhere, case=case, reason="spam"),
        lambda: services.case_dismiss(user=elsewhere, case=case),
    ):
        with pytest.raises(PermissionDenied):
            act()
    assert not Initiative.objects.get(pk=initiative.pk).is_hidden
    assert case_queue(user=elsewhere).count() == 0


def test_the_moderator_role_counts_at_the_moment_of_acting(initiative, moderator, other_resident):
    case = _report(other_resident, initiative).case
    RoleGrant.objects.filter(user=moderator).delete()  # no longer a moderator
    with pytest.raises(PermissionDenied):
        services.case_hide(user=moderator, case=case, reason="spam")


def test_hiding_closes_the_reports_and_tells_reporter_and_author(
    initiative, moderator, other_resident, resident
):
    case = _report(other_resident, initiative).case
    services.case_hide(user=moderator, case=case, reason="spam", note="Reclame")
    item = Initiative.objects.get(pk=initiative.pk)
    assert item.is_hidden and item.hidden_reason.endswith(": Reclame")
    assert Report.objects.get().outcome == ReportOutcome.HIDDEN
    assert Notification.objects.filter(user=other_resident, kind="report_hidden").exists()
    assert Notification.objects.filter(user=resident, kind="content_hidden").exists()
    assert case_queue(user=moderator).count() == 0
    entry = AuditEntry.objects.get(action="initiative.hide")
    assert entry.actor == moderator and entry.changes["reason"] == "spam"


def test_dismissing_keeps_the_content_and_tells_the_reporter(initiative, moderator, other_resident):
    case = _report(other_resident, initiative).case
    services.case_dismiss(user=moderator, case=case)
    assert not Initiative.objects.get(pk=initiative.pk).is_hidden
    assert Report.objects.get().outcome == ReportOutcome.DISMISSED
    assert Notification.objects.filter(user=other_resident, kind="report_dismissed").exists()
    assert AuditEntry.objects.filter(action="initiative.dismiss").exists()
    with pytest.raises(ValidationError):  # nothing waits any more
        services.case_dismiss(user=moderator, case=case)


def test_the_author_objects_once_and_the_objection_comes_back_to_the_queue(
    initiative, moderator, resident, other_resident
):
    case = _hide(moderator, initiative)
    with pytest.raises(PermissionDenied):  # only the author
        services.objection_create(user=other_resident, case=case, text="Niet eens")
    with pytest.raises(ValidationError):  # with a text
        services.objection_create(user=resident, case=case, text="  ")
    services.objection_create(user=resident, case=case, text="Het is geen reclame.")
    assert [c.pk for c in case_queue(user=moderator)] == [case.pk]
    with pytest.raises(ValidationError):  # once
        services.objection_create(user=resident, case=case, text="Echt niet.")
    services.case_restore(user=moderator, case=case)
    assert not Initiative.objects.get(pk=initiative.pk).is_hidden
    assert Notification.objects.filter(user=resident, kind="content_restored").exists()
    assert [d.verb for d in ModerationDecision.objects.order_by("id")] == ["hide", "restore"]
    assert AuditEntry.objects.filter(action="initiative.object", actor=resident).exists()
    assert AuditEntry.objects.filter(action="initiative.restore", actor=moderator).exists()


def test_a_rejected_objection_keeps_the_content_hidden(initiative, moderator, resident):
    case = _hide(moderator, initiative)
    services.objection_create(user=resident, case=case, text="Het is geen reclame.")
    services.case_dismiss(user=moderator, case=case)
    assert Initiative.objects.get(pk=initiative.pk).is_hidden
    assert Notification.objects.filter(user=resident, kind="objection_rejected").exists()
    with pytest.raises(ValidationError):
        services.objection_create(user=resident, case=case, text="Nog een keer.")


def test_the_queue_is_oldest_first(municipality, resident, other_resident, moderator):
    from spontaan.initiatives.services import initiative_create

    first, second = (
        initiative_create(
            user=resident, municipality=municipality, title=t, summary="x", category="activity"
        )
        for t in ("Eerste", "Tweede")
    )
    older = _report(other_resident, second).case
    newer = _report(other_resident, first).case
    Case.objects.filter(pk=older.pk).update(queued_at=timezone.now() - timedelta(hours=5))
    assert [c.pk for c in case_queue(user=moderator)] == [older.pk, newer.pk]


def test_the_authors_history_counts_earlier_hides_and_reports(
    municipality, resident, other_resident, moderator
):
    from spontaan.initiatives.services import initiative_create

    earlier, now = (
        initiative_create(
            user=resident, municipality=municipality, title=t, summary="x", category="activity"
        )
        for t in ("Eerder", "Nu")
    )
    _report(other_resident, earlier)
    _hide(moderator, earlier)
    history = author_history(case=_report(other_resident, now).case)
    assert (history.hidden, history.reported) == (1, 1)


def test_ones_own_reports_and_objections_are_in_the_data_export(
    initiative, moderator, resident, other_resident
):
    from spontaan.accounts.export import user_export_data

    _report(other_resident, initiative, note="Reclame")
    case = _hide(moderator, initiative)
    services.objection_create(user=resident, case=case, text="Geen reclame.")
    reporter_data = user_export_data(user=other_resident)["moderation"]
    assert reporter_data["reports"][0]["note"] == "Reclame"
    author_data = user_export_data(user=resident)["moderation"]
    assert author_data["objections"][0]["objection"] == "Geen reclame."
    assert author_data["reports"] == []  # not who reported their content
