"""Applying: only the team, only to an open scheme that covers the initiative, with a sound
budget plan; submitting starts an answer clock, withdrawing removes it."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from spontaan.clock.models import Clock
from spontaan.core.workdays import add_working_days
from spontaan.initiatives.kinds import ClockKey as InitiativeClockKey
from spontaan.initiatives.models import Initiative, Status
from spontaan.initiatives.tests.factories import join_team
from spontaan.notifications.models import Notification
from spontaan.places.tests.factories import MunicipalityFactory
from spontaan.tender import checks
from spontaan.tender.applications import services as application_services
from spontaan.tender.kinds import ClockKey, EventKey
from spontaan.tender.models import (
    Application,
    ApplicationStatus,
    Attachment,
    LineSource,
    Mode,
    Outcome,
    Scheme,
    SchemeStatus,
    Submission,
    Tranche,
)
from spontaan.tender.rules import budget_totals
from spontaan.tender.schemes import services as scheme_services

from .conftest import score_all
from .helpers import (
    complete_draft,
    decide,
    lines_for,
    new_initiative,
    tranche_scheme,
    writes_nothing,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name="begroting.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# --- the happy path ---------------------------------------------------------------------------


def test_submitting_moves_the_initiative_starts_the_clock_and_tells_the_staff(
    resident, draft, reviewer, second_reviewer, programme_manager, regional_manager, other_manager
):
    assert draft.status == ApplicationStatus.DRAFT
    assert [line.item for line in draft.budget_lines.all()] == [
        "Plantenbakken",
        "Vrijwilligersuren",
        "Bijdrage ondernemers",
    ]
    assert Clock.objects.filter(kind=ClockKey.APPLICATION).count() == 0

    application = application_services.application_submit(user=resident, application=draft)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert (application.mode, application.tranche) == (Mode.ROLLING, None)
    assert application.first_submitted_at == application.submitted_at is not None
    submission = Submission.objects.get(application=application)
    assert (submission.number, submission.submitted_by) == (1, resident)

    initiative = Initiative.objects.get(pk=application.initiative_id)
    assert initiative.status == Status.APPLIED
    clock = Clock.objects.get(kind=ClockKey.APPLICATION)
    assert clock.subject_id == submission.pk and clock.is_open
    assert clock.initiative_id == initiative.pk
    # rolling: the scheme's decision term in working days
    assert clock.due_on == add_working_days(timezone.localdate(), 20)
    event = initiative.events.get(kind=EventKey.APPLICATION)
    assert event.data["amount"] == 6000 and event.data["round"] == 1
    # the panel and the programme managers of Hengelo hear of it; Borne's manager does not
    told = set(Notification.objects.filter(kind="application").values_list("user", flat=True))
    assert told == {reviewer.pk, second_reviewer.pk, programme_manager.pk, regional_manager.pk}
    assert other_manager.pk not in told and resident.pk not in told


def test_a_team_member_may_apply_for_the_initiative(
    resident, other_resident, initiative, scheme, profile
):
    join_team(inviter=resident, initiative=initiative, person=other_resident)
    application = complete_draft(other_resident, initiative, scheme, 4000)
    application_services.application_submit(user=other_resident, application=application)
    assert Application.objects.get(pk=application.pk).created_by == other_resident


# --- who may ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["other_resident", "connector", "programme_manager", "reviewer"])
def test_only_the_team_works_on_an_application(request, who, draft, initiative, scheme):
    outsider = request.getfixturevalue(who)
    with writes_nothing(), pytest.raises(PermissionDenied):
        application_services.application_create(user=outsider, initiative=initiative, scheme=scheme)
    with writes_nothing(), pytest.raises(PermissionDenied):
        application_services.application_update(
            user=outsider, application=draft, data={"plan": "Anders."}
        )
    with writes_nothing(), pytest.raises(PermissionDenied):
        application_services.attachment_add(user=outsider, application=draft, upload=pdf())
    with writes_nothing(), pytest.raises(PermissionDenied):
        application_services.application_submit(user=outsider, application=draft)
    with writes_nothing(), pytest.raises(PermissionDenied):
        application_services.application_withdraw(user=outsider, application=draft)


def test_an_unverified_team_member_cannot_apply(resident, initiative, scheme):
    resident.email_verified_at = None
    with writes_nothing(), pytest.raises(PermissionDenied):
        application_services.application_create(user=resident, initiative=initiative, scheme=scheme)


# --- application_create -----------------------------------------------------------------------


@pytest.mark.parametrize("status", [SchemeStatus.DRAFT, SchemeStatus.CLOSED])
def test_only_an_open_scheme_takes_applications(
    resident, initiative, scheme, regional_manager, status
):
    scheme_services.scheme_set_status(user=regional_manager, scheme=scheme, status=status)
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        application_services.application_create(user=resident, initiative=initiative, scheme=scheme)
    assert "scheme" in exc.value.message_dict


def test_a_scheme_takes_only_initiatives_of_its_municipalities(resident, municipality, scheme):
    almelo = MunicipalityFactory(name="Almelo", slug="almelo", region=municipality.region)
    elsewhere = new_initiative(resident, almelo, "Almelo Bloeit")
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        application_services.application_create(user=resident, initiative=elsewhere, scheme=scheme)
    assert "scheme" in exc.value.message_dict


def test_one_open_application_per_initiative_per_scheme(resident, initiative, scheme, draft):
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        application_services.application_create(user=resident, initiative=initiative, scheme=scheme)
    assert "scheme" in exc.value.message_dict
    application_services.application_submit(user=resident, application=draft)
    with writes_nothing(), pytest.raises(ValidationError):
        application_services.application_create(user=resident, initiative=initiative, scheme=scheme)
    application_services.application_withdraw(user=resident, application=draft, reason="Te vroeg.")
    again = application_services.application_create(
        user=resident, initiative=initiative, scheme=scheme
    )
    assert again.status == ApplicationStatus.DRAFT


def test_a_borne_initiative_applies_without_themes(resident, other_municipality, scheme):
    """Borne has no city profile: no themes are asked, and none can be chosen."""
    borne = new_initiative(resident, other_municipality, "Borne Bloeit")
    with pytest.raises(ValidationError) as exc:
        complete_draft(resident, borne, scheme, 2000, themes=["groen"])
    assert "themes" in exc.value.message_dict
    application = Application.objects.get(initiative=borne)
    application_services.application_update(
        user=resident,
        application=application,
        data={"amount_requested": 2000, "plan": "Bloemen.", "budget_lines": lines_for(2000)},
    )
    application_services.application_submit(user=resident, application=application)
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED


# --- application_update -----------------------------------------------------------------------


def _line(**overrides):
    line = {"item": "Materiaal", "amount_euros": 6000, "source": LineSource.SCHEME}
    line.update(overrides)
    return line


@pytest.mark.parametrize(
    "data,field",
    [
        ({"amount_requested": -1}, "amount_requested"),
        ({"amount_requested": "zesduizend"}, "amount_requested"),
        ({"amount_requested": True}, "amount_requested"),
        ({"amount_requested": 6000.5}, "amount_requested"),
        ({"amount_requested": checks.MAX_EUROS + 1}, "amount_requested"),
        ({"amount_requested": "9" * 5000}, "amount_requested"),
        ({"plan": "x" * 20_001}, "plan"),
        ({"plan": ["een", "lijst"]}, "plan"),
        ({"plan": "nul\x00byte"}, "plan"),
        ({"themes": ["sport"]}, "themes"),
        ({"themes": "groen"}, "themes"),
        ({"themes": [1, 2]}, "themes"),
        ({"budget_lines": "Plantenbakken 6000"}, "budget_lines"),
        ({"budget_lines": [_line()] * (application_services.MAX_BUDGET_LINES + 1)}, "budget_lines"),
        ({"budget_lines": ["Plantenbakken"]}, "budget_lines"),
        ({"budget_lines": [_line(item="")]}, "budget_lines"),
        ({"budget_lines": [_line(item="x" * 161)]}, "budget_lines"),
        ({"budget_lines": [_line(amount_euros=0)]}, "budget_lines"),
        ({"budget_lines": [_line(amount_euros=-6000)]}, "budget_lines"),
        ({"budget_lines": [_line(amount_euros="veel")]}, "budget_lines"),
        ({"budget_lines": [_line(source="")]}, "budget_lines"),
        ({"budget_lines": [_line(source="lottery")]}, "budget_lines"),
        ({"budget_lines": [_line(), _line(source=LineSource.OTHER, funder="")]}, "budget_lines"),
        ({"budget_lines": [_line(amount_euros=5000)]}, "budget_lines"),  # ≠ 6000 asked
        ({"amount_requested": 7000, "budget_lines": [_line()]}, "budget_lines"),
        ({"status": ApplicationStatus.GRANTED}, "status"),
        ({"amount_granted": 6000}, "amount_granted"),
        ({"scheme": 1}, "scheme"),
    ],
)
def test_bad_application_input_is_refused_and_writes_nothing(resident, draft, data, field):
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        application_services.application_update(user=resident, application=draft, data=data)
    assert field in exc.value.message_dict


def test_budget_lines_are_replaced_and_other_funders_named(resident, draft):
    application_services.application_update(
        user=resident,
        application=draft,
        data={
            "amount_requested": 4000,
            "wants_pitch": True,
            "themes": ["groen", "groen", "techniek"],
            "budget_lines": [
                {"item": "Zaden", "amount_euros": 4000, "source": LineSource.SCHEME},
                {
                    "item": "Sponsor",
                    "amount_euros": 2000,
                    "source": LineSource.OTHER,
                    "funder": "  Rabobank ",
                },
                {
                    "item": "Uren",
                    "amount_euros": 500,
                    "source": LineSource.OWN,
                    "funder": "wordt genegeerd",
                },
            ],
        },
    )
    draft.refresh_from_db()
    assert (draft.amount_requested, draft.wants_pitch, draft.themes) == (
        4000,
        True,
        ["groen", "techniek"],
    )
    assert list(draft.budget_lines.values_list("item", "source", "funder", "position")) == [
        ("Zaden", "scheme", "", 0),
        ("Sponsor", "other", "Rabobank", 1),
        ("Uren", "own", "", 2),
    ]
    totals = budget_totals(draft.budget_lines.all())
    assert totals == {
        "total": 6500,
        "asked": 4000,
        "cofinancing": 2500,
        "cofinancing_percent": 38.5,
    }


def test_only_a_draft_or_a_returned_application_can_be_changed(resident, submitted):
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        application_services.application_update(
            user=resident, application=submitted, data={"plan": "Toch anders."}
        )
    assert "status" in exc.value.message_dict


# --- application_submit -----------------------------------------------------------------------


# 1996 of 10,000 is 19.96%: it rounds to 20.0, but it is less than 20%
ALMOST_A_FIFTH_OWN = {
    "amount_requested": 8004,
    "budget_lines": [
        _line(amount_euros=8004),
        _line(item="Uren", amount_euros=1996, source=LineSource.OWN),
    ],
}


@pytest.mark.parametrize(
    "data,field",
    [
        ({"plan": "  "}, "plan"),
        ({"amount_requested": 0, "budget_lines": []}, "amount_requested"),
        ({"budget_lines": []}, "budget_lines"),
        ({"amount_requested": 7000}, "budget_lines"),  # the lines still ask 6000
        ({"themes": []}, "themes"),
        ({"amount_requested": 11_000, "budget_lines": lines_for(11_000)}, "amount_requested"),
        # 1000 of 7000 is 14% co-financing; the scheme asks for 20%
        (
            {
                "budget_lines": [
                    _line(),
                    _line(item="Uren", amount_euros=1000, source=LineSource.OWN),
                ]
            },
            "budget_lines",
        ),
        (ALMOST_A_FIFTH_OWN, "budget_lines"),
    ],
)
def test_an_incomplete_application_cannot_be_submitted(resident, draft, data, field):
    application_services.application_update(user=resident, application=draft, data=data)
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        application_services.application_submit(user=resident, application=draft)
    assert field in exc.value.message_dict


def test_the_co_financing_shown_is_not_rounded_up_to_the_minimum(resident, draft):
    application_services.application_update(
        user=resident, application=draft, data=ALMOST_A_FIFTH_OWN
    )
    with pytest.raises(ValidationError) as exc, translation.override("en"):
        application_services.application_submit(user=resident, application=draft)
    assert exc.value.message_dict["budget_lines"] == [
        "The scheme asks for at least 20% co-financing; your plan has 19.9%."
    ]


def test_exactly_the_minimum_co_financing_is_enough(resident, draft):
    application_services.application_update(
        user=resident,
        application=draft,
        data={
            "amount_requested": 8000,
            "budget_lines": [
                _line(amount_euros=8000),
                _line(item="Uren", amount_euros=2000, source=LineSource.OWN),
            ],
        },
    )
    application_services.application_submit(user=resident, application=draft)
    assert Application.objects.get(pk=draft.pk).status == ApplicationStatus.SUBMITTED


def test_the_scheme_decides_which_categories_may_apply(resident, draft, scheme, regional_manager):
    scheme_services.scheme_update(
        user=regional_manager,
        scheme=scheme,
        data={"eligible_categories": ["activity", "transformation"]},
    )
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        application_services.application_submit(user=resident, application=draft)
    assert "scheme" in exc.value.message_dict
    scheme_services.scheme_update(
        user=regional_manager, scheme=scheme, data={"eligible_categories": ["public_space"]}
    )
    application_services.application_submit(user=resident, application=draft)


def test_a_closed_scheme_takes_no_submissions(resident, draft, scheme, regional_manager):
    scheme_services.scheme_set_status(
        user=regional_manager, scheme=scheme, status=SchemeStatus.CLOSED
    )
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        application_services.application_submit(user=resident, application=draft)
    assert "scheme" in exc.value.message_dict


@pytest.mark.parametrize(
    "change", [{"status": Status.REALISED}, {"status": Status.STOPPED}, {"is_hidden": True}]
)
def test_a_realised_stopped_or_hidden_initiative_cannot_apply(resident, draft, change):
    Initiative.objects.filter(pk=draft.initiative_id).update(**change)
    draft = Application.objects.get(pk=draft.pk)
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        application_services.application_submit(user=resident, application=draft)
    assert "scheme" in exc.value.message_dict


def test_an_application_is_submitted_once(resident, submitted):
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        application_services.application_submit(user=resident, application=submitted)
    assert "status" in exc.value.message_dict


def test_an_initiative_further_along_keeps_its_status(resident, draft):
    Initiative.objects.filter(pk=draft.initiative_id).update(status=Status.RUNNING)
    application_services.application_submit(
        user=resident, application=Application.objects.get(pk=draft.pk)
    )
    assert Initiative.objects.get(pk=draft.initiative_id).status == Status.RUNNING


# --- tranches ---------------------------------------------------------------------------------


def test_a_submission_in_a_tranche_waits_for_its_decision_date(
    programme_manager, municipality, resident, initiative, profile
):
    scheme = tranche_scheme(programme_manager, municipality)
    tranche = Tranche.objects.get(scheme=scheme)
    application = complete_draft(resident, initiative, scheme)
    application_services.application_submit(user=resident, application=application)
    application.refresh_from_db()
    assert (application.tranche, application.mode) == (tranche, Mode.TRANCHES)
    assert Clock.objects.get(kind=ClockKey.APPLICATION).due_on == tranche.decide_by


def test_no_submission_after_the_tranche_closed(
    programme_manager, municipality, resident, initiative, profile
):
    scheme = tranche_scheme(programme_manager, municipality)
    application = complete_draft(resident, initiative, scheme)
    today = timezone.localdate()
    Tranche.objects.filter(scheme=scheme).update(
        opens_on=today - timedelta(days=30), closes_on=today - timedelta(days=1)
    )
    with writes_nothing(), pytest.raises(ValidationError) as exc, translation.override("en"):
        application_services.application_submit(user=resident, application=application)
    assert exc.value.message_dict["scheme"] == ["No tranche is open: the last one has closed."]
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.DRAFT
    assert Initiative.objects.get(pk=initiative.pk).status == Status.IDEA


def test_between_tranches_the_error_names_the_next_one(
    programme_manager, municipality, resident, initiative, profile
):
    scheme = tranche_scheme(
        programme_manager,
        municipality,
        opens_days=-30,
        closes_days=-1,
        decide_days=20,
        status=SchemeStatus.DRAFT,
    )
    next_opens = timezone.localdate() + timedelta(days=7)
    scheme_services.tranche_add(
        user=programme_manager,
        scheme=scheme,
        name="Najaar",
        opens_on=next_opens,
        closes_on=next_opens + timedelta(days=30),
        decide_by=next_opens + timedelta(days=60),
    )
    scheme_services.scheme_set_status(
        user=programme_manager, scheme=scheme, status=SchemeStatus.OPEN
    )
    application = complete_draft(resident, initiative, scheme)
    with writes_nothing(), pytest.raises(ValidationError) as exc, translation.override("en"):
        application_services.application_submit(user=resident, application=application)
    message = exc.value.message_dict["scheme"][0]
    assert message == (
        f"No tranche is open now; the next one, Najaar, opens on {next_opens:%d-%m-%Y}."
    )


def test_questions_can_be_answered_after_the_tranche_closed(
    programme_manager, municipality, resident, initiative, profile
):
    scheme = tranche_scheme(programme_manager, municipality)
    tranche = Tranche.objects.get(scheme=scheme)
    application = complete_draft(resident, initiative, scheme)
    application = application_services.application_submit(user=resident, application=application)
    decide(
        programme_manager,
        application,
        Outcome.RETURNED,
        reasoning="Wie onderhoudt het?",
        amount=None,
    )
    today = timezone.localdate()
    Tranche.objects.filter(pk=tranche.pk).update(
        opens_on=today - timedelta(days=30), closes_on=today - timedelta(days=1)
    )
    application_services.application_submit(
        user=resident, application=application, answer_to_questions="De buurt, met een rooster."
    )
    application.refresh_from_db()
    assert (application.status, application.tranche_id) == (ApplicationStatus.SUBMITTED, tranche.pk)
    # the second clock also runs to the tranche's decision date
    second = Submission.objects.get(application=application, number=2)
    assert (
        Clock.objects.get(kind=ClockKey.APPLICATION, subject_id=second.pk).due_on
        == tranche.decide_by
    )


# --- application_withdraw ---------------------------------------------------------------------


def test_withdrawing_removes_the_open_clock_and_moves_the_initiative_back(resident, submitted):
    assert Clock.objects.filter(kind=ClockKey.APPLICATION).count() == 1
    application_services.application_withdraw(
        user=resident, application=submitted, reason="Ander plan."
    )
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.WITHDRAWN
    assert not Clock.objects.filter(kind=ClockKey.APPLICATION).exists()
    initiative = Initiative.objects.get(pk=submitted.initiative_id)
    assert initiative.status == Status.LOOKING_FOR_PARTNERS
    event = initiative.events.filter(kind=EventKey.APPLICATION).latest("pk")
    assert event.data["withdrawn"] is True and event.text == "Ander plan."
    # the initiative's own clock is not touched
    assert Clock.objects.filter(
        kind=InitiativeClockKey.INITIATIVE, subject_id=initiative.pk
    ).exists()


def test_withdrawing_a_draft_leaves_no_trace_on_the_timeline(resident, draft):
    events = draft.initiative.events.count()
    application_services.application_withdraw(user=resident, application=draft)
    assert Application.objects.get(pk=draft.pk).status == ApplicationStatus.WITHDRAWN
    assert draft.initiative.events.count() == events
    assert Initiative.objects.get(pk=draft.initiative_id).status == Status.IDEA


def test_an_answered_clock_stays_when_a_returned_application_is_withdrawn(
    resident, submitted, programme_manager
):
    decide(
        programme_manager,
        submitted,
        Outcome.RETURNED,
        reasoning="Graag een begroting.",
        amount=None,
    )
    application_services.application_withdraw(user=resident, application=submitted)
    clock = Clock.objects.get(kind=ClockKey.APPLICATION)
    assert not clock.is_open and clock.first_answered_by == programme_manager


def test_the_initiative_stays_applied_while_another_application_waits(
    resident, submitted, regional_manager, municipality, initiative
):
    other = scheme_services.scheme_create(
        user=regional_manager,
        region=municipality.region,
        municipalities=[municipality],
        name="Tweede Regeling",
        purpose="Nog een.",
        budget_euros=10_000,
        max_per_initiative_euros=10_000,
        mode=Mode.ROLLING,
    )
    scheme_services.scheme_set_status(user=regional_manager, scheme=other, status=SchemeStatus.OPEN)
    second = complete_draft(resident, initiative, other, 2000)
    application_services.application_submit(user=resident, application=second)
    application_services.application_withdraw(user=resident, application=submitted)
    assert Initiative.objects.get(pk=initiative.pk).status == Status.APPLIED
    assert Clock.objects.filter(kind=ClockKey.APPLICATION).count() == 1


@pytest.mark.parametrize("outcome", [Outcome.GRANTED, Outcome.NOT_GRANTED])
def test_a_decided_application_cannot_be_withdrawn(
    resident, submitted, reviewer, programme_manager, outcome
):
    score_all(reviewer, submitted)
    decide(
        programme_manager,
        submitted,
        outcome,
        amount=5000 if outcome == Outcome.GRANTED else None,
        reasoning="Besloten.",
    )
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        application_services.application_withdraw(user=resident, application=submitted)
    assert "status" in exc.value.message_dict


def test_a_withdrawn_application_cannot_be_withdrawn_again(resident, submitted):
    application_services.application_withdraw(user=resident, application=submitted)
    with writes_nothing(), pytest.raises(ValidationError):
        application_services.application_withdraw(user=resident, application=submitted)


def test_a_too_long_reason_is_refused(resident, submitted):
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        application_services.application_withdraw(
            user=resident, application=submitted, reason="x" * 1001
        )
    assert "reason" in exc.value.message_dict


# --- attachments ------------------------------------------------------------------------------


def test_the_team_attaches_and_removes_files(resident, draft):
    attachment = application_services.attachment_add(
        user=resident, application=draft, upload=pdf("map/Begroting 2026.PDF")
    )
    assert (attachment.name, attachment.size, attachment.uploaded_by) == (
        "Begroting 2026.PDF",
        len(PDF),
        resident,
    )
    assert attachment.file.read() == PDF
    picture = application_services.attachment_add(
        user=resident,
        application=draft,
        upload=SimpleUploadedFile("schets.png", PNG, content_type="image/png"),
    )
    assert draft.attachments.count() == 2
    application_services.attachment_remove(user=resident, attachment=picture)
    assert list(draft.attachments.all()) == [attachment]


@pytest.mark.parametrize(
    "name,content",
    [
        ("virus.exe", b"MZ\x90\x00"),
        ("begroting", PDF),  # no extension
        ("begroting.pdf", PNG),  # a picture pretending to be a PDF
        ("schets.png", PDF),
        ("begroting.docx", PDF),
        ("leeg.pdf", b""),
    ],
)
def test_attachments_must_be_what_they_say_they_are(resident, draft, name, content):
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        application_services.attachment_add(
            user=resident, application=draft, upload=SimpleUploadedFile(name, content)
        )
    assert "file" in exc.value.message_dict


def test_attachments_are_at_most_10_mb(resident, draft):
    big = PDF + b"0" * (application_services.ATTACHMENT_MAX_BYTES - len(PDF) + 1)
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        application_services.attachment_add(
            user=resident, application=draft, upload=pdf(content=big)
        )
    assert "file" in exc.value.message_dict
    application_services.attachment_add(
        user=resident, application=draft, upload=pdf(content=big[:-1])
    )


def test_at_most_ten_attachments(resident, draft):
    for number in range(application_services.MAX_ATTACHMENTS):
        application_services.attachment_add(
            user=resident, application=draft, upload=pdf(f"{number}.pdf")
        )
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        application_services.attachment_add(user=resident, application=draft, upload=pdf("11.pdf"))
    assert "file" in exc.value.message_dict
    assert (
        Attachment.objects.filter(application=draft).count() == application_services.MAX_ATTACHMENTS
    )


def test_attachments_of_a_submitted_application_stay(resident, draft, other_resident):
    attachment = application_services.attachment_add(user=resident, application=draft, upload=pdf())
    with writes_nothing(), pytest.raises(PermissionDenied):
        application_services.attachment_remove(user=other_resident, attachment=attachment)
    application_services.application_submit(user=resident, application=draft)
    with writes_nothing(), pytest.raises(ValidationError):
        application_services.attachment_add(
            user=resident, application=draft, upload=pdf("nog een.pdf")
        )
    with writes_nothing(), pytest.raises(ValidationError):
        application_services.attachment_remove(user=resident, attachment=attachment)
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_a_scheme_that_is_not_open_keeps_its_drafts(resident, draft, scheme):
    Scheme.objects.filter(pk=scheme.pk).update(status=SchemeStatus.CLOSED)
    application_services.application_update(
        user=resident, application=draft, data={"plan": "Aangepast."}
    )
    assert Application.objects.get(pk=draft.pk).plan == "Aangepast."
