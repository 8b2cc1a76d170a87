import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from spontaan.clock.models import Clock
from spontaan.initiatives import asks, services
from spontaan.initiatives.kinds import EventKey
from spontaan.initiatives.models import Ask, Initiative, Status, TimelineEvent
from spontaan.initiatives.rules import TRANSITIONS
from spontaan.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_starting_an_initiative_opens_the_timeline_the_clock_and_tells_the_connector(
    resident, municipality, connector
):
    initiative = services.initiative_create(
        user=resident,
        municipality=municipality,
        title="Buurtkamer",
        summary="Een plek.",
        category="activity",
        story="Hallo <script>x</script>",
        latitude=52.26,
        longitude=6.79,
    )
    assert initiative.status == Status.IDEA
    assert "<script>" not in initiative.story_html
    assert list(initiative.events.values_list("kind", flat=True)) == [EventKey.CREATED]
    clock = Clock.objects.get(kind="initiative", subject_id=initiative.pk)
    assert clock.is_open and clock.municipality == municipality
    assert Notification.objects.filter(user=connector, kind="new_initiative").exists()
    assert initiative.team.get().actor.user == resident


@pytest.mark.parametrize(
    "field,value",
    [
        ("title", ""),
        ("title", "x" * 141),
        ("summary", ""),
        ("category", "nonsense"),
        ("latitude", 40.0),
    ],
)
def test_bad_input_writes_nothing(resident, municipality, field, value):
    data = {
        "title": "Goed",
        "summary": "Prima",
        "category": "activity",
        "latitude": 52.2,
        "longitude": 6.8,
    }
    data[field] = value
    with pytest.raises(ValidationError) as exc:
        services.initiative_create(user=resident, municipality=municipality, **data)
    assert field in exc.value.message_dict
    assert Initiative.objects.count() == 0
    assert Clock.objects.count() == 0 and TimelineEvent.objects.count() == 0


def test_an_unverified_account_cannot_start_an_initiative(resident, municipality):
    resident.email_verified_at = None
    with pytest.raises(PermissionDenied):
        services.initiative_create(
            user=resident, municipality=municipality, title="T", summary="S", category="other"
        )
    assert Initiative.objects.count() == 0


def test_only_the_team_edits(initiative, resident, other_resident, connector):
    services.initiative_update(user=resident, initiative=initiative, data={"title": "Nieuw"})
    assert Initiative.objects.get(pk=initiative.pk).title == "Nieuw"
    for outsider in (other_resident, connector):
        with pytest.raises(PermissionDenied):
            services.initiative_update(
                user=outsider, initiative=initiative, data={"title": "Gekaapt"}
            )
    assert Initiative.objects.get(pk=initiative.pk).title == "Nieuw"
    assert initiative.events.filter(kind=EventKey.UPDATED).count() == 1


def test_lifecycle_rules_who_may_move_what(
    initiative, resident, connector, programme_manager, other_connector
):
    # the connector may put it in the werkatelier; the initiator may not
    with pytest.raises(PermissionDenied):
        services.initiative_transition(
            user=resident, initiative=initiative, to_status=Status.IN_WERKATELIER
        )
    with pytest.raises(PermissionDenied):
        services.initiative_transition(
            user=other_connector, initiative=initiative, to_status=Status.IN_WERKATELIER
        )
    services.initiative_transition(
        user=connector, initiative=initiative, to_status=Status.IN_WERKATELIER
    )
    # applying and granting are not moves anyone makes by hand: the tender makes them
    for user, target in (
        (resident, Status.APPLIED),
        (programme_manager, Status.GRANTED),
        (programme_manager, Status.NOT_GRANTED),
    ):
        with pytest.raises(ValidationError) as exc:
            services.initiative_transition(
                user=user, initiative=initiative, to_status=target, note="Met de hand"
            )
        assert "status" in exc.value.message_dict
    services.initiative_transition(user=resident, initiative=initiative, to_status=Status.RUNNING)
    # an impossible move is refused with a clear reason
    with pytest.raises(ValidationError) as exc:
        services.initiative_transition(user=resident, initiative=initiative, to_status=Status.IDEA)
    assert "status" in exc.value.message_dict
    statuses = [e.data["to"] for e in initiative.events.filter(kind=EventKey.STATUS)]
    assert statuses == [Status.IN_WERKATELIER, Status.RUNNING]
    assert Initiative.objects.get(pk=initiative.pk).status == Status.RUNNING


def test_every_transition_target_is_a_real_status_and_finals_are_reachable():
    statuses = set(Status.values)
    for (frm, to), roles in TRANSITIONS.items():
        assert frm in statuses and to in statuses and roles
    reachable = {to for (_frm, to) in TRANSITIONS}
    assert {Status.REALISED, Status.STOPPED, Status.RUNNING} <= reachable
    # the tender, not a hand, moves an initiative to these
    assert not {Status.APPLIED, Status.GRANTED, Status.NOT_GRANTED} & reachable


def test_a_connector_transition_answers_the_initiative_clock(initiative, connector):
    services.initiative_transition(
        user=connector, initiative=initiative, to_status=Status.LOOKING_FOR_PARTNERS
    )
    clock = Clock.objects.get(kind="initiative", subject_id=initiative.pk)
    assert clock.first_answered_by == connector
    assert clock.answer_working_days == 0


def test_followers_are_notified_of_a_status_change(initiative, resident, other_resident, connector):
    services.initiative_follow(user=other_resident, initiative=initiative)
    services.initiative_transition(
        user=resident, initiative=initiative, to_status=Status.LOOKING_FOR_PARTNERS
    )
    assert Notification.objects.filter(user=other_resident, kind="status").count() == 1
    assert not Notification.objects.filter(user=resident, kind="status").exists()


def test_ask_and_answer_run_and_stop_the_clock_and_mail_the_initiator_at_once(
    initiative, resident, connector, other_connector, django_capture_on_commit_callbacks
):
    ask = asks.ask_create(
        user=resident,
        initiative=initiative,
        kind="legal_planning",
        title="Vergunning voor een hek",
        is_small=True,
        amount=300,
    )
    clock = Clock.objects.get(kind="ask", subject_id=ask.pk)
    assert clock.is_fast_lane and clock.is_open
    with pytest.raises(PermissionDenied):
        asks.ask_answer(user=other_connector, ask=ask, answer="Ja", outcome="yes")
    with pytest.raises(PermissionDenied):
        asks.ask_answer(user=resident, ask=ask, answer="Ja", outcome="yes")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        asks.ask_answer(user=connector, ask=ask, answer="Ja, dat mag.", outcome="yes")
    clock.refresh_from_db()
    assert not clock.is_open and clock.first_answered_by == connector
    assert Ask.objects.get(pk=ask.pk).answer == "Ja, dat mag."
    assert initiative.events.filter(kind=EventKey.ASK_ANSWERED).count() == 1
    assert [m.to for m in mail.outbox] == [[resident.email]]


def test_ask_bad_input_writes_nothing(initiative, resident):
    before = (Ask.objects.count(), Clock.objects.count())
    for kwargs in (
        {"kind": "wishes", "title": "x"},
        {"kind": "financial", "title": ""},
        {"kind": "financial", "title": "Geld", "amount": -5},
        {"kind": "financial", "title": "Geld", "is_small": True, "amount": 1_000_000},
    ):
        with pytest.raises(ValidationError):
            asks.ask_create(user=resident, initiative=initiative, **kwargs)
    assert (Ask.objects.count(), Clock.objects.count()) == before


def test_only_the_team_asks(initiative, other_resident):
    with pytest.raises(PermissionDenied):
        asks.ask_create(
            user=other_resident, initiative=initiative, kind="question", title="Mag ik?"
        )


def test_conflict_with_a_rule_gets_a_recorded_answer(initiative, resident, connector):
    conflict = asks.conflict_create(
        user=resident,
        initiative=initiative,
        rule_kind="zoning_plan",
        rule="Bestemmingsplan Centrum",
        description="Het plan staat geen horeca toe.",
    )
    with pytest.raises(ValidationError):
        asks.conflict_answer(user=connector, conflict=conflict, answer="", outcome="adjust")
    asks.conflict_answer(
        user=connector, conflict=conflict, answer="Tijdelijke ontheffing.", outcome="room_given"
    )
    conflict.refresh_from_db()
    assert conflict.outcome == "room_given" and conflict.answered_by == connector
    assert not Clock.objects.get(kind="conflict", subject_id=conflict.pk).is_open


def test_every_mistake_in_a_new_initiative_is_reported_at_once(resident, municipality):
    with pytest.raises(ValidationError) as exc:
        services.initiative_create(
            user=resident,
            municipality=municipality,
            title="",
            summary="x" * 301,
            category="nonsense",
            functions=["no-such-function"],
            latitude=40.0,
            longitude=6.8,
        )
    assert set(exc.value.message_dict) == {
        "title",
        "summary",
        "category",
        "functions",
        "latitude",
    }
    assert Initiative.objects.count() == 0


def test_every_mistake_in_an_ask_is_reported_at_once(initiative, resident):
    with pytest.raises(ValidationError) as exc:
        asks.ask_create(
            user=resident, initiative=initiative, kind="wishes", title="", amount="veel"
        )
    assert set(exc.value.message_dict) == {"kind", "title", "amount"}
    assert Ask.objects.count() == 0


@pytest.mark.parametrize("kind", ["ask", "conflict"])
def test_asks_and_conflicts_are_answered_the_same_way(kind, initiative, resident, connector):
    # given something the team put to the municipality
    from spontaan.core.models import AuditEntry

    if kind == "ask":
        item = asks.ask_create(
            user=resident, initiative=initiative, kind="question", title="Mag dit?"
        )
        answer = lambda **kw: asks.ask_answer(user=connector, ask=item, **kw)  # noqa: E731
        outcome, event_kind, audit_type = "yes", EventKey.ASK_ANSWERED, "ask"
    else:
        item = asks.conflict_create(
            user=resident,
            initiative=initiative,
            rule_kind="permit",
            rule="APV",
            description="Hier.",
        )
        answer = lambda **kw: asks.conflict_answer(user=connector, conflict=item, **kw)  # noqa: E731
        outcome, event_kind, audit_type = "adjust", EventKey.CONFLICT_ANSWERED, "rule_conflict"
    # when the connector answers, with mistakes first
    with pytest.raises(ValidationError) as exc:
        answer(answer="", outcome="nonsense")
    assert set(exc.value.message_dict) == {"answer", "outcome"}
    answer(answer="Ja, graag.", outcome=outcome)
    answer(answer="Toch anders.", outcome=outcome)
    # then the answer, its clock, the timeline, the audit trail and the team all show it
    item.refresh_from_db()
    assert item.is_answered and item.answer == "Toch anders." and item.answered_by == connector
    assert not Clock.objects.get(kind=kind, subject_id=item.pk).is_open
    events = initiative.events.filter(kind=event_kind).order_by("id")
    assert [e.data["revised"] for e in events] == [False, True]
    assert all(e.on_behalf_of_municipality and e.data[kind] == item.pk for e in events)
    audits = AuditEntry.objects.filter(action=f"{kind}.answer", object_type=audit_type)
    assert audits.count() == 2
    assert Notification.objects.filter(user=resident, kind=f"{kind}_answered").count() == 2
