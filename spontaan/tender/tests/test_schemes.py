"""Setting up a scheme: who may, and what is refused (with nothing written when it is)."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from spontaan.accounts.models import Role, RoleGrant
from spontaan.core.models import AuditEntry
from spontaan.places.tests.factories import MunicipalityFactory, RegionFactory
from spontaan.tender import checks
from spontaan.tender.applications import services as application_services
from spontaan.tender.models import (
    Criterion,
    Mode,
    Phase,
    Reviewer,
    Scheme,
    SchemeStatus,
    Tranche,
)
from spontaan.tender.schemes import services as scheme_services

from .conftest import _user, score_all
from .helpers import complete_draft, decide, new_initiative, tranche_scheme, writes_nothing

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def scheme_args(municipality, other_municipality=None, **overrides):
    municipalities = [municipality] + ([other_municipality] if other_municipality else [])
    args = {
        "region": municipality.region,
        "municipalities": municipalities,
        "name": "Groene Wijken",
        "purpose": "Meer **groen** in de wijk.",
        "budget_euros": 20_000,
        "max_per_initiative_euros": 5000,
        "mode": Mode.ROLLING,
    }
    args.update(overrides)
    return args


# --- scheme_create ----------------------------------------------------------------------------


def test_a_manager_of_both_municipalities_sets_up_a_shared_scheme(
    regional_manager, municipality, other_municipality
):
    scheme = scheme_services.scheme_create(
        user=regional_manager,
        **scheme_args(municipality, other_municipality),
        funders=[
            {"name": "Provincie", "amount_euros": 15_000},
            {"name": "Gemeente Hengelo", "amount_euros": 5000},
        ],
    )
    assert scheme.slug == "groene-wijken"
    assert scheme.status == SchemeStatus.DRAFT
    assert "<strong>groen</strong>" in scheme.purpose_html
    assert set(scheme.municipalities.all()) == {municipality, other_municipality}
    assert sorted(scheme.funders.values_list("name", "amount_euros")) == [
        ("Gemeente Hengelo", 5000),
        ("Provincie", 15_000),
    ]
    # the default criteria, weighing 100% together
    weights = list(scheme.criteria.values_list("weight", flat=True))
    assert len(weights) == len(scheme_services.DEFAULT_CRITERIA) and sum(weights) == 100
    assert list(scheme.criteria.values_list("name", flat=True))[0] == "Past bij het stadsprofiel"
    phase = Phase.objects.get(scheme=scheme)
    assert (phase.mode, phase.ended_at) == (Mode.ROLLING, None)
    assert AuditEntry.objects.filter(
        action="scheme.create", object_id=str(scheme.pk), actor=regional_manager
    ).exists()


def test_a_manager_of_one_municipality_sets_up_a_scheme_for_it(programme_manager, municipality):
    scheme = scheme_services.scheme_create(user=programme_manager, **scheme_args(municipality))
    assert list(scheme.municipalities.all()) == [municipality]


@pytest.mark.parametrize(
    "who", ["programme_manager", "other_manager", "resident", "reviewer", "connector"]
)
def test_only_a_manager_of_every_municipality_sets_up_a_shared_scheme(
    request, who, municipality, other_municipality
):
    user = request.getfixturevalue(who)
    with writes_nothing(), pytest.raises(PermissionDenied):
        scheme_services.scheme_create(user=user, **scheme_args(municipality, other_municipality))


def test_an_unverified_manager_cannot_set_up_a_scheme(regional_manager, municipality):
    regional_manager.email_verified_at = None
    with writes_nothing(), pytest.raises(PermissionDenied):
        scheme_services.scheme_create(user=regional_manager, **scheme_args(municipality))


@pytest.mark.parametrize(
    "field,value",
    [
        ("name", ""),
        ("name", "x" * 141),
        ("name", "Nul\x00byte"),
        ("name", 12),
        ("purpose", "   "),
        ("budget_euros", 0),
        ("budget_euros", -100),
        ("budget_euros", "twintigduizend"),
        ("budget_euros", True),
        ("budget_euros", 2.5),
        ("budget_euros", checks.MAX_EUROS + 1),
        ("budget_euros", None),
        ("max_per_initiative_euros", 0),
        ("max_per_initiative_euros", 20_001),  # more than the budget
        ("min_cofinancing_percent", 100),
        ("min_cofinancing_percent", -1),
        ("score_max", 6),
        ("score_max", "veel"),
        ("decision_days", 0),
        ("decision_days", 131),
        ("eligible_categories", ["public_space", "nonsense"]),
        ("mode", "weekly"),
    ],
)
def test_bad_scheme_input_is_refused_and_writes_nothing(
    regional_manager, municipality, other_municipality, field, value
):
    args = scheme_args(municipality, other_municipality, **{field: value})
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        scheme_services.scheme_create(user=regional_manager, **args)
    assert field in exc.value.message_dict


def test_a_scheme_needs_municipalities_of_its_region(regional_manager, municipality):
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        scheme_services.scheme_create(
            user=regional_manager, **{**scheme_args(municipality), "municipalities": []}
        )
    assert "municipalities" in exc.value.message_dict

    elsewhere = MunicipalityFactory(
        name="Zwolle", slug="zwolle", region=RegionFactory(name="IJssel", slug="ijssel")
    )
    RoleGrant.objects.create(
        user=regional_manager, municipality=elsewhere, role=Role.PROGRAMME_MANAGER
    )
    regional_manager._spontaan_roles = None
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        scheme_services.scheme_create(
            user=regional_manager,
            **{**scheme_args(municipality), "municipalities": [municipality, elsewhere]},
        )
    assert "municipalities" in exc.value.message_dict


@pytest.mark.parametrize(
    "funders",
    [
        [{"name": "Provincie", "amount_euros": 10_000}],  # half of the budget
        [{"name": "Provincie", "amount_euros": 15_000}, {"name": "Gemeente", "amount_euros": 6000}],
        [
            {"name": "Provincie", "amount_euros": 10_000},
            {"name": "provincie", "amount_euros": 10_000},
        ],
        [{"name": "Provincie", "amount_euros": 20_000}, {"name": "Gemeente", "amount_euros": 0}],
        [{"name": "", "amount_euros": 20_000}],
        [{"name": "Provincie", "amount_euros": "veel"}],
    ],
)
def test_funder_shares_must_add_up_to_the_budget(regional_manager, municipality, funders):
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        scheme_services.scheme_create(
            user=regional_manager, **scheme_args(municipality), funders=funders
        )
    assert "funders" in exc.value.message_dict


@pytest.mark.parametrize(
    "criteria",
    [
        [],
        [{"name": "Bereik", "weight": 60}, {"name": "Haalbaarheid", "weight": 30}],
        [{"name": "Bereik", "weight": 60}, {"name": "Haalbaarheid", "weight": 50}],
        [{"name": "Bereik", "weight": 50}, {"name": "bereik", "weight": 50}],
        [{"name": "Bereik", "weight": 100}, {"name": "Haalbaarheid", "weight": 0}],
        [{"name": "Bereik", "weight": 101}],
        [{"name": "", "weight": 100}],
        [{"name": "Bereik", "weight": "honderd"}],
        [{"name": "Bereik", "weight": 100, "description": "x" * 401}],
    ],
)
def test_criteria_weights_must_add_up_to_100_with_distinct_names(
    regional_manager, municipality, criteria
):
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        scheme_services.scheme_create(
            user=regional_manager, **scheme_args(municipality), criteria=criteria
        )
    assert "criteria" in exc.value.message_dict


def test_own_criteria_are_stored_in_order(regional_manager, municipality):
    scheme = scheme_services.scheme_create(
        user=regional_manager,
        **scheme_args(municipality),
        criteria=[
            {"name": "Bereik", "weight": 70},
            {"name": "Haalbaarheid", "weight": 30, "description": "Lukt het?"},
        ],
    )
    assert list(scheme.criteria.values_list("name", "weight", "position")) == [
        ("Bereik", 70, 0),
        ("Haalbaarheid", 30, 1),
    ]


@pytest.mark.parametrize("slug", sorted(scheme_services.RESERVED_SLUGS))
def test_reserved_slugs_are_refused(regional_manager, municipality, slug):
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        scheme_services.scheme_create(user=regional_manager, **scheme_args(municipality), slug=slug)
    assert "slug" in exc.value.message_dict


def test_a_slug_is_used_once_and_made_from_the_name(regional_manager, municipality):
    scheme_services.scheme_create(user=regional_manager, **scheme_args(municipality))
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        scheme_services.scheme_create(user=regional_manager, **scheme_args(municipality))
    assert "slug" in exc.value.message_dict
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        scheme_services.scheme_create(
            user=regional_manager, **scheme_args(municipality), slug="Groene Wijken"
        )
    assert "slug" in exc.value.message_dict
    other = scheme_services.scheme_create(
        user=regional_manager, **scheme_args(municipality), slug="groen-2026"
    )
    assert other.slug == "groen-2026"


def test_a_name_without_letters_needs_a_slug(regional_manager, municipality):
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        scheme_services.scheme_create(
            user=regional_manager, **scheme_args(municipality, name="!!!")
        )
    assert "slug" in exc.value.message_dict


# --- scheme_update ----------------------------------------------------------------------------


def _refused_update(user, scheme, data, funders=None) -> dict:
    """Updates the scheme, expecting a refusal that writes nothing; returns the errors."""
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        scheme_services.scheme_update(user=user, scheme=scheme, data=data, funders=funders)
    return exc.value.message_dict


def test_the_regional_manager_updates_the_scheme(scheme, regional_manager):
    scheme_services.scheme_update(
        user=regional_manager,
        scheme=scheme,
        data={
            "name": "Spontane Binnenstad 2026",
            "purpose": "Nu met _nadruk_.",
            "max_per_initiative_euros": 12_000,
            "score_max": 10,
            "eligible_categories": ["activity", "activity"],
            "decision_days": 15,
        },
    )
    scheme.refresh_from_db()
    assert (
        scheme.name,
        scheme.max_per_initiative_euros,
        scheme.score_max,
        scheme.eligible_categories,
        scheme.decision_days,
    ) == ("Spontane Binnenstad 2026", 12_000, 10, ["activity"], 15)
    assert "<em>nadruk</em>" in scheme.purpose_html
    entry = AuditEntry.objects.get(action="scheme.update")
    assert entry.changes["purpose"] == "changed"
    assert entry.changes["name"] == ["Spontane Binnenstad", "Spontane Binnenstad 2026"]


@pytest.mark.parametrize("who", ["programme_manager", "other_manager", "resident", "reviewer"])
def test_only_a_manager_of_every_municipality_updates_the_scheme(request, scheme, who):
    user = request.getfixturevalue(who)
    with writes_nothing(), pytest.raises(PermissionDenied):
        scheme_services.scheme_update(user=user, scheme=scheme, data={"name": "Gekaapt"})
    with writes_nothing(), pytest.raises(PermissionDenied):
        scheme_services.scheme_set_criteria(
            user=user, scheme=scheme, criteria=[{"name": "Alles", "weight": 100}]
        )
    with writes_nothing(), pytest.raises(PermissionDenied):
        scheme_services.scheme_set_status(user=user, scheme=scheme, status=SchemeStatus.CLOSED)
    with writes_nothing(), pytest.raises(PermissionDenied):
        scheme_services.tranche_add(
            user=user,
            scheme=scheme,
            name="Najaar",
            opens_on=TODAY(),
            closes_on=TODAY() + timedelta(days=5),
            decide_by=TODAY() + timedelta(days=30),
        )
    with writes_nothing(), pytest.raises(PermissionDenied):
        scheme_services.scheme_switch_mode(
            user=user, scheme=scheme, mode=Mode.TRANCHES, note="Te druk."
        )
    with writes_nothing(), pytest.raises(PermissionDenied):
        scheme_services.reviewer_add(user=user, scheme=scheme, email="ria@example.org")
    with writes_nothing(), pytest.raises(PermissionDenied):
        scheme_services.reviewer_remove(
            user=user, reviewer=Reviewer.objects.filter(scheme=scheme).first()
        )


def test_the_regional_manager_adds_tranches_and_switches_the_shared_scheme(
    scheme, regional_manager
):
    tranche = scheme_services.tranche_add(
        user=regional_manager,
        scheme=scheme,
        name="Najaar",
        opens_on=TODAY(),
        closes_on=TODAY() + timedelta(days=30),
        decide_by=TODAY() + timedelta(days=60),
    )
    scheme_services.scheme_switch_mode(
        user=regional_manager, scheme=scheme, mode=Mode.TRANCHES, note="Eén moment van beslissen."
    )
    scheme.refresh_from_db()
    assert scheme.mode == Mode.TRANCHES
    assert list(scheme.tranches.all()) == [tranche]


def test_a_manager_of_the_only_municipality_may_change_that_scheme(programme_manager, municipality):
    scheme = scheme_services.scheme_create(user=programme_manager, **scheme_args(municipality))
    scheme_services.scheme_update(user=programme_manager, scheme=scheme, data={"decision_days": 10})
    assert Scheme.objects.get(pk=scheme.pk).decision_days == 10


@pytest.mark.parametrize(
    "data,field",
    [
        ({"mode": Mode.TRANCHES}, "mode"),
        ({"slug": "nieuw-adres"}, "slug"),
        ({"status": "open"}, "status"),
        ({"name": ""}, "name"),
        ({"budget_euros": 0}, "budget_euros"),
        ({"max_per_initiative_euros": 100_001}, "max_per_initiative_euros"),
        ({"score_max": 2}, "score_max"),
        ({"min_cofinancing_percent": "twintig"}, "min_cofinancing_percent"),
        ({"eligible_categories": ["sport"]}, "eligible_categories"),
        ({"decision_days": -3}, "decision_days"),
    ],
)
def test_bad_scheme_updates_are_refused(scheme, regional_manager, data, field):
    assert field in _refused_update(regional_manager, scheme, data)


def test_the_budget_changes_together_with_the_funder_shares(scheme, regional_manager):
    assert "funders" in _refused_update(regional_manager, scheme, {"budget_euros": 80_000})
    assert "funders" in _refused_update(
        regional_manager,
        scheme,
        {"budget_euros": 80_000},
        [{"name": "Provincie", "amount_euros": 50_000}],
    )
    scheme_services.scheme_update(
        user=regional_manager,
        scheme=scheme,
        data={"budget_euros": 80_000},
        funders=[
            {"name": "Provincie", "amount_euros": 50_000},
            {"name": "Gemeenten", "amount_euros": 30_000},
        ],
    )
    scheme.refresh_from_db()
    assert scheme.budget_euros == 80_000
    assert sorted(scheme.funders.values_list("name", "amount_euros")) == [
        ("Gemeenten", 30_000),
        ("Provincie", 50_000),
    ]
    assert AuditEntry.objects.get(action="scheme.update").changes["funders"][1] == [
        ["Gemeenten", 30_000],
        ["Provincie", 50_000],
    ]


def test_the_maximum_per_initiative_stays_within_a_lowered_budget(scheme, regional_manager):
    assert "max_per_initiative_euros" in _refused_update(
        regional_manager,
        scheme,
        {"budget_euros": 9000},
        [{"name": "Provincie", "amount_euros": 9000}],
    )


def _grant(submitted, reviewer, programme_manager, amount=6000):
    score_all(reviewer, submitted)
    decide(programme_manager, submitted, amount=amount, reasoning="Goed plan.")


def test_the_budget_cannot_drop_below_what_is_committed(
    scheme, regional_manager, submitted, reviewer, programme_manager
):
    _grant(submitted, reviewer, programme_manager, 6000)
    scheme_services.scheme_update(
        user=regional_manager, scheme=scheme, data={"max_per_initiative_euros": 5000}
    )
    assert list(
        _refused_update(
            regional_manager,
            scheme,
            {"budget_euros": 5999},
            [{"name": "Provincie", "amount_euros": 5999}],
        )
    ) == ["budget_euros"]
    scheme_services.scheme_update(
        user=regional_manager,
        scheme=scheme,
        data={"budget_euros": 6000},
        funders=[{"name": "Provincie", "amount_euros": 6000}],
    )
    assert Scheme.objects.get(pk=scheme.pk).budget_euros == 6000


def test_the_scale_and_criteria_are_fixed_once_someone_scored(
    scheme, regional_manager, submitted, reviewer
):
    # before any score both may change
    scheme_services.scheme_update(user=regional_manager, scheme=scheme, data={"score_max": 10})
    scheme_services.scheme_update(user=regional_manager, scheme=scheme, data={"score_max": 5})
    scheme_services.scheme_set_criteria(
        user=regional_manager,
        scheme=scheme,
        criteria=[{"name": "Bereik", "weight": 50}, {"name": "Haalbaarheid", "weight": 50}],
    )
    score_all(reviewer, submitted)
    assert "score_max" in _refused_update(regional_manager, scheme, {"score_max": 10})
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        scheme_services.scheme_set_criteria(
            user=regional_manager, scheme=scheme, criteria=[{"name": "Alles", "weight": 100}]
        )
    assert "criteria" in exc.value.message_dict
    # the same scale is no change, so it passes
    scheme_services.scheme_update(user=regional_manager, scheme=scheme, data={"score_max": 5})


# --- scheme_set_criteria ----------------------------------------------------------------------


def test_criteria_are_replaced_and_the_change_is_audited(scheme, regional_manager):
    scheme_services.scheme_set_criteria(
        user=regional_manager,
        scheme=scheme,
        criteria=[
            {"name": "Bereik", "weight": 40, "description": "Hoeveel mensen?"},
            {"name": "Duurzaamheid", "weight": 60},
        ],
    )
    assert list(Criterion.objects.filter(scheme=scheme).values_list("name", "weight")) == [
        ("Bereik", 40),
        ("Duurzaamheid", 60),
    ]
    entry = AuditEntry.objects.get(action="scheme.criteria")
    assert entry.changes["after"] == [["Bereik", 40], ["Duurzaamheid", 60]]
    assert len(entry.changes["before"]) == len(scheme_services.DEFAULT_CRITERIA)


@pytest.mark.parametrize(
    "criteria",
    [
        [{"name": "Bereik", "weight": 40}],
        [{"name": "Bereik", "weight": 50}, {"name": "BEREIK", "weight": 50}],
        [],
    ],
)
def test_bad_criteria_are_refused(scheme, regional_manager, criteria):
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        scheme_services.scheme_set_criteria(user=regional_manager, scheme=scheme, criteria=criteria)
    assert "criteria" in exc.value.message_dict


# --- scheme_set_status ------------------------------------------------------------------------


def test_status_changes_are_audited_and_unknown_ones_refused(scheme, regional_manager):
    scheme_services.scheme_set_status(
        user=regional_manager, scheme=scheme, status=SchemeStatus.CLOSED
    )
    assert Scheme.objects.get(pk=scheme.pk).status == SchemeStatus.CLOSED
    assert AuditEntry.objects.filter(action="scheme.status").latest("pk").changes == {
        "status": ["open", "closed"]
    }
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        scheme_services.scheme_set_status(user=regional_manager, scheme=scheme, status="paused")
    assert "status" in exc.value.message_dict


def test_a_tranche_scheme_opens_only_with_a_tranche_to_come(programme_manager, municipality):
    scheme = scheme_services.scheme_create(
        user=programme_manager, **scheme_args(municipality, mode=Mode.TRANCHES)
    )
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        scheme_services.scheme_set_status(
            user=programme_manager, scheme=scheme, status=SchemeStatus.OPEN
        )
    assert "status" in exc.value.message_dict
    scheme_services.tranche_add(
        user=programme_manager,
        scheme=scheme,
        name="Voorjaar",
        opens_on=TODAY() - timedelta(days=30),
        closes_on=TODAY() - timedelta(days=1),
        decide_by=TODAY() + timedelta(days=20),
    )
    with writes_nothing(), pytest.raises(ValidationError):
        scheme_services.scheme_set_status(
            user=programme_manager, scheme=scheme, status=SchemeStatus.OPEN
        )
    scheme_services.tranche_add(
        user=programme_manager,
        scheme=scheme,
        name="Najaar",
        opens_on=TODAY() + timedelta(days=10),
        closes_on=TODAY() + timedelta(days=40),
        decide_by=TODAY() + timedelta(days=70),
    )
    scheme_services.scheme_set_status(
        user=programme_manager, scheme=scheme, status=SchemeStatus.OPEN
    )
    assert Scheme.objects.get(pk=scheme.pk).status == SchemeStatus.OPEN


# --- tranche_add ------------------------------------------------------------------------------


def _dates(opens, closes, decide):
    today = TODAY()
    return {
        "opens_on": today + timedelta(days=opens),
        "closes_on": today + timedelta(days=closes),
        "decide_by": today + timedelta(days=decide),
    }


def test_tranches_are_added_and_audited(programme_manager, municipality):
    scheme = tranche_scheme(programme_manager, municipality)
    tranche = scheme_services.tranche_add(
        user=programme_manager, scheme=scheme, name="Najaar", **_dates(20, 50, 80)
    )
    assert list(scheme.tranches.values_list("name", flat=True)) == ["Voorjaar", "Najaar"]
    assert AuditEntry.objects.filter(action="scheme.tranche_add").count() == 2
    assert tranche.decide_by == TODAY() + timedelta(days=80)


@pytest.mark.parametrize(
    "name,dates,field",
    [
        ("Najaar", (30, 20, 60), "closes_on"),  # closes before it opens
        ("Najaar", (20, 50, 40), "decide_by"),  # decisions before it closes
        ("Najaar", (20, 50, 50), "decide_by"),  # decisions on the last day to apply
        ("Najaar", (5, 30, 60), "opens_on"),  # overlaps Voorjaar (-10 … 10)
        ("Najaar", (-20, -11, 60), None),  # just before Voorjaar: fine
        ("Najaar", (-20, -10, 60), "opens_on"),  # touches Voorjaar's first day
        ("Najaar", (10, 30, 60), "opens_on"),  # starts on Voorjaar's last day
        ("voorjaar", (20, 50, 80), "name"),  # same name, other case
        ("", (20, 50, 80), "name"),
    ],
)
def test_tranche_dates_in_order_without_overlap(
    programme_manager, municipality, name, dates, field
):
    scheme = tranche_scheme(programme_manager, municipality)
    if field is None:
        scheme_services.tranche_add(
            user=programme_manager, scheme=scheme, name=name, **_dates(*dates)
        )
        assert scheme.tranches.count() == 2
        return
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        scheme_services.tranche_add(
            user=programme_manager, scheme=scheme, name=name, **_dates(*dates)
        )
    assert field in exc.value.message_dict


def test_a_tranche_needs_three_dates(programme_manager, municipality):
    scheme = tranche_scheme(programme_manager, municipality)
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        scheme_services.tranche_add(
            user=programme_manager,
            scheme=scheme,
            name="Najaar",
            opens_on=TODAY(),
            closes_on=None,
            decide_by="2030-01-01",
        )
    assert "opens_on" in exc.value.message_dict


# --- scheme_switch_mode -----------------------------------------------------------------------


def test_switching_from_tranches_to_rolling_keeps_the_history(
    programme_manager, municipality, resident, profile
):
    scheme = tranche_scheme(programme_manager, municipality)
    first = complete_draft(resident, new_initiative(resident, municipality, "Eerste"), scheme)
    first = application_services.application_submit(user=resident, application=first)
    tranche = Tranche.objects.get(scheme=scheme)
    assert (first.tranche, first.mode) == (tranche, Mode.TRANCHES)

    scheme_services.scheme_switch_mode(
        user=programme_manager,
        scheme=scheme,
        mode=Mode.ROLLING,
        note="Te weinig aanvragen per tranche.",
        decision_days=25,
    )
    scheme.refresh_from_db()
    assert (scheme.mode, scheme.decision_days) == (Mode.ROLLING, 25)
    phases = list(Phase.objects.filter(scheme=scheme).order_by("started_at", "id"))
    assert [p.mode for p in phases] == [Mode.TRANCHES, Mode.ROLLING]
    assert phases[0].ended_at is not None and phases[1].ended_at is None
    assert phases[1].note == "Te weinig aanvragen per tranche."
    assert AuditEntry.objects.get(action="scheme.mode").changes["mode"] == ["tranches", "rolling"]

    first.refresh_from_db()
    assert (first.tranche, first.mode) == (tranche, Mode.TRANCHES)
    second = complete_draft(resident, new_initiative(resident, municipality, "Tweede"), scheme)
    second = application_services.application_submit(user=resident, application=second)
    assert (second.tranche, second.mode) == (None, Mode.ROLLING)
    assert Tranche.objects.filter(scheme=scheme).count() == 1

    # and back again: three phases, the earlier two closed
    scheme_services.scheme_switch_mode(
        user=programme_manager, scheme=scheme, mode=Mode.TRANCHES, note="Nieuwe tranche."
    )
    assert list(
        Phase.objects.filter(scheme=scheme, ended_at__isnull=True).values_list("mode", flat=True)
    ) == [Mode.TRANCHES]
    assert Phase.objects.filter(scheme=scheme).count() == 3
    assert Scheme.objects.get(pk=scheme.pk).decision_days == 25


@pytest.mark.parametrize(
    "mode,note,days,field",
    [
        (Mode.ROLLING, "Al rollend.", None, "mode"),  # already rolling
        ("weekly", "Anders.", None, "mode"),
        (Mode.TRANCHES, "", None, "note"),
        (Mode.TRANCHES, "x" * 401, None, "note"),
        (Mode.TRANCHES, "Anders.", 0, "decision_days"),
        (Mode.TRANCHES, "Anders.", "lang", "decision_days"),
    ],
)
def test_bad_mode_switches_are_refused(scheme, regional_manager, mode, note, days, field):
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        scheme_services.scheme_switch_mode(
            user=regional_manager, scheme=scheme, mode=mode, note=note, decision_days=days
        )
    assert field in exc.value.message_dict


# --- the panel --------------------------------------------------------------------------------


def test_the_panel_holds_people_with_the_reviewer_role(
    scheme, regional_manager, reviewer, other_municipality
):
    borne_reviewer = _user("Bo Beoordeelt", "bo@example.org", [(other_municipality, Role.REVIEWER)])
    member = scheme_services.reviewer_add(
        user=regional_manager, scheme=scheme, email="  BO@example.org "
    )
    assert member.user == borne_reviewer
    assert AuditEntry.objects.filter(action="scheme.reviewer_add").count() == 3
    scheme_services.reviewer_remove(user=regional_manager, reviewer=member)
    assert not Reviewer.objects.filter(scheme=scheme, user=borne_reviewer).exists()
    assert AuditEntry.objects.filter(action="scheme.reviewer_remove").count() == 1


def test_the_panel_refuses_others_and_doubles(
    scheme, regional_manager, reviewer, resident, connector, municipality
):
    for email in (resident.email, connector.email, "niemand@example.org", ""):
        with writes_nothing(), pytest.raises(ValidationError) as exc:
            scheme_services.reviewer_add(user=regional_manager, scheme=scheme, email=email)
        assert "email" in exc.value.message_dict
    # a reviewer of a municipality the scheme does not cover
    _user("Ver Weg", "verweg@example.org", [(MunicipalityFactory(name="Almelo"), Role.REVIEWER)])
    with writes_nothing(), pytest.raises(ValidationError):
        scheme_services.reviewer_add(
            user=regional_manager, scheme=scheme, email="verweg@example.org"
        )
    # already on the panel
    with writes_nothing(), pytest.raises(ValidationError) as exc:
        scheme_services.reviewer_add(user=regional_manager, scheme=scheme, email=reviewer.email)
    assert "email" in exc.value.message_dict


def test_a_deleted_account_cannot_join_the_panel(scheme, regional_manager, municipality):
    gone = _user("Weg", "weg@example.org", [(municipality, Role.REVIEWER)])
    gone.deleted_at = timezone.now()
    gone.save(update_fields=["deleted_at"])
    with writes_nothing(), pytest.raises(ValidationError):
        scheme_services.reviewer_add(user=regional_manager, scheme=scheme, email="weg@example.org")


def test_malformed_set_up_input_is_a_clear_error_not_a_crash(regional_manager, municipality):
    base = {
        "user": regional_manager,
        "region": municipality.region,
        "municipalities": [municipality],
        "name": "Vreemde invoer",
        "purpose": "Test.",
        "budget_euros": 1000,
        "max_per_initiative_euros": 500,
    }
    for extra, field in (
        ({"funders": ["Provincie"]}, "funders"),
        ({"eligible_categories": [["public_space"]]}, "eligible_categories"),
        ({"eligible_categories": "public_space"}, "eligible_categories"),
    ):
        with pytest.raises(ValidationError) as exc:
            scheme_services.scheme_create(**base, **extra)
        assert field in exc.value.message_dict
    assert not Scheme.objects.filter(name="Vreemde invoer").exists()
    scheme = scheme_services.scheme_create(**base)
    with pytest.raises(ValidationError) as exc:
        scheme_services.tranche_add(
            user=regional_manager,
            scheme=scheme,
            name="T",
            opens_on=datetime(2030, 1, 1),
            closes_on=datetime(2030, 2, 1),
            decide_by=datetime(2030, 3, 1),
        )
    assert "opens_on" in exc.value.message_dict
