"""The tender API: schemes, decisions and the ledger (public reads), applications (the team),
reviews (the panel), decisions and bookings (the programme manager).

Every endpoint is tried by whom it is for (it works) and by whom it is not (401/403/404,
nothing written), with bad input (400/422 naming the field, nothing written), for personal
data in public output, and for SQL queries that do not grow with the rows."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spontaan.accounts.tokens import token_create
from spontaan.tender.applications import assessment
from spontaan.tender.applications import services as application_services
from spontaan.tender.models import (
    Application,
    ApplicationStatus,
    BudgetLine,
    Decision,
    EntryKind,
    LedgerEntry,
    LineSource,
    Mode,
    Outcome,
    Review,
    Scheme,
    SchemeStatus,
    Score,
    SpendingReport,
    Submission,
)
from spontaan.tender.money import services as money_services
from spontaan.tender.schemes import services as scheme_services
from tests.api import MISSING, accepted, api, send
from tests.api import refused as api_refused

from .conftest import GOOD_LINES, GRANT_REASONING, score_all
from .helpers import complete_draft, decide, new_initiative

SCHEMES = "/api/v1/schemes"
APPS = "/api/v1/applications"

EMAILS = (
    "anna@example.org",
    "bram@example.org",
    "carla@example.org",
    "pien@example.org",
    "rosa@example.org",
    "otto@example.org",
    "ria@example.org",
    "sem@example.org",
)
REVIEWER_NAMES = ("Ria Reviewer", "Sem Scoort")


def session(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def state() -> tuple:
    """Everything the writes can change, to check that a refused write changed nothing."""
    return (
        list(
            Application.objects.order_by("pk").values_list(
                "pk",
                "status",
                "amount_requested",
                "amount_granted",
                "plan",
                "themes",
                "wants_pitch",
            )
        ),
        list(
            BudgetLine.objects.order_by("pk").values_list(
                "application_id", "item", "amount_euros", "source"
            )
        ),
        Submission.objects.count(),
        list(
            Review.objects.order_by("pk").values_list(
                "pk", "conflict_of_interest", "submitted_at", "comment"
            )
        ),
        list(Score.objects.order_by("pk").values_list("pk", "value", "motivation")),
        Decision.objects.count(),
        list(LedgerEntry.objects.order_by("pk").values_list("kind", "amount_euros")),
        list(SpendingReport.objects.values_list("realised_euros", "text")),
    )


def refused(client: Client, method: str, path: str, body, status: int, field=None) -> dict:
    return api_refused(client, method, path, body, status, field, snapshot=state)


def assert_no_personal_data(response, *, reviewers: bool = True) -> None:
    body = response.content.decode()
    for email in EMAILS:
        assert email not in body
    assert "@example.org" not in body
    assert '"email"' not in body
    if reviewers:
        for name in REVIEWER_NAMES:
            assert name not in body
        assert "Motivatie" not in body  # the reviewers' motivations per score


def second_application(user, municipality, title="Speelplek De Es", amount=4000):
    """Another Hengelo initiative of `user` with a complete submitted application."""
    initiative = new_initiative(user, municipality, title=title, category="public_space")
    lines = [
        {"item": "Toestellen", "amount_euros": amount, "source": LineSource.SCHEME},
        {"item": "Eigen uren", "amount_euros": amount, "source": LineSource.OWN},
    ]
    application = complete_draft(
        user, initiative, Scheme.objects.get(), amount, plan="Een speelplek.", lines=lines
    )
    return application_services.application_submit(user=user, application=application)


# --- the OpenAPI document ------------------------------------------------------------------


def test_openapi_lists_the_tender_paths(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    paths = document["paths"]
    expected = {
        "/api/v1/schemes": {"get"},
        "/api/v1/schemes/{slug}": {"get"},
        "/api/v1/schemes/{slug}/decisions": {"get"},
        "/api/v1/schemes/{slug}/ledger": {"get"},
        "/api/v1/schemes/{slug}/ledger/entries": {"get"},
        "/api/v1/applications": {"get", "post"},
        "/api/v1/applications/{application_id}": {"get", "patch"},
        "/api/v1/applications/{application_id}/submit": {"post"},
        "/api/v1/applications/{application_id}/withdraw": {"post"},
        "/api/v1/applications/{application_id}/reviews": {"get"},
        "/api/v1/applications/{application_id}/review": {"put"},
        "/api/v1/applications/{application_id}/conflict": {"post"},
        "/api/v1/applications/{application_id}/decision": {"post"},
        "/api/v1/applications/{application_id}/payments": {"post"},
        "/api/v1/applications/{application_id}/releases": {"post"},
        "/api/v1/applications/{application_id}/report": {"post"},
        "/api/v1/initiatives": {"get", "post"},  # the other routers are still there
    }
    for path, methods in expected.items():
        assert path in paths, path
        assert methods <= set(paths[path]), (path, set(paths[path]))
    schemas = document["components"]["schemas"]
    for name in (
        "SchemeOut",
        "SchemeDetailOut",
        "PublicDecisionOut",
        "LedgerEntryOut",
        "ApplicationOut",
        "ApplicationListItemOut",
        "DecisionOut",
        "SubmissionOut",
    ):
        properties = set(schemas[name]["properties"])
        assert not properties & {
            "email",
            "user",
            "user_id",
            "created_by",
            "decided_by",
            "submitted_by",
            "reviewer",
            "reviews",
        }, name


# --- schemes -------------------------------------------------------------------------------


def test_anonymous_lists_schemes_with_budget_and_counts(
    granted, programme_manager, resident, municipality, reviewer
):
    # given a granted application (5,000 of 100,000), a payment, and a refused one
    money_services.grant_pay(user=programme_manager, application=granted, amount=1000)
    other = second_application(resident, municipality)
    score_all(reviewer, other, 2)
    decide(programme_manager, other, Outcome.NOT_GRANTED, reasoning="Past niet.", amount=None)

    # when a visitor lists the schemes
    response = Client().get(SCHEMES)

    # then the scheme is there with its budget and counts
    assert response.status_code == 200, response.content
    [scheme] = response.json()
    assert scheme["slug"] == "spontane-binnenstad"
    assert scheme["name"] == "Spontane Binnenstad"
    assert (scheme["status"], scheme["mode"]) == ("open", "rolling")
    assert sorted(scheme["municipalities"], key=lambda m: m["slug"]) == [
        {"slug": "borne", "name": "Borne"},
        {"slug": "hengelo", "name": "Hengelo"},
    ]
    assert scheme["budget"] == {
        "budget": 100_000,
        "committed": 5000,
        "paid": 1000,
        "released": 0,
        "available": 95_000,
    }
    assert scheme["counts"] == {
        "received": 2,
        "granted": 1,
        "not_granted": 1,
        "granted_euros": 5000,
    }
    assert scheme["url"] == "http://127.0.0.1:8000/regelingen/spontane-binnenstad/"
    assert_no_personal_data(response)


def test_a_draft_scheme_is_only_for_its_managers(
    scheme, draft_scheme, resident, reviewer, programme_manager, other_manager, regional_manager
):
    def slugs(client):
        response = client.get(SCHEMES)
        assert response.status_code == 200
        return sorted(s["slug"] for s in response.json())

    detail = f"{SCHEMES}/{draft_scheme.slug}"
    # the public, residents and reviewers see only the open scheme; the draft is 404
    for client in (Client(), api(resident), api(reviewer)):
        assert slugs(client) == ["spontane-binnenstad"]
        assert client.get(detail).status_code == 404
        assert client.get(f"{detail}/decisions").status_code == 404
        assert client.get(f"{detail}/ledger").status_code == 404
    # a programme manager of any of its municipalities sees it
    for user in (programme_manager, other_manager, regional_manager):
        assert slugs(api(user)) == ["geheime-regeling", "spontane-binnenstad"]
        response = api(user).get(detail)
        assert response.status_code == 200
        assert response.json()["status"] == "draft"


def test_scheme_detail(scheme, regional_manager, granted):
    scheme_services.scheme_update(
        user=regional_manager,
        scheme=scheme,
        data={"purpose": "Voor **de** binnenstad.<script>x()</script>"},
    )

    response = Client().get(f"{SCHEMES}/{scheme.slug}")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["purpose"].startswith("Voor **de** binnenstad.")
    assert "<strong>de</strong>" in body["purpose_html"]
    assert "<script>" not in body["purpose_html"]
    assert body["max_per_initiative_euros"] == 10_000
    assert body["min_cofinancing_percent"] == 20
    assert body["score_max"] == 5
    assert body["decision_days"] == 20
    assert body["eligible_categories"] == []
    assert [c["weight"] for c in body["criteria"]] == [25, 30, 15, 15, 15]
    assert body["criteria"][0]["name"] == "Past bij het stadsprofiel"
    assert all(c["id"] for c in body["criteria"])
    assert body["funders"] == [
        {"name": "Provincie Overijssel", "amount": 50_000},
        {"name": "Gemeenten", "amount": 50_000},
    ]
    assert body["tranches"] == []
    [phase] = body["phases"]
    assert (phase["mode"], phase["ended_at"], phase["received"], phase["granted"]) == (
        "rolling",
        None,
        1,
        1,
    )
    assert body["budget"]["committed"] == 5000
    assert body["counts"]["granted_euros"] == 5000
    assert_no_personal_data(response)


def test_scheme_detail_lists_tranches_and_phases(scheme, regional_manager):
    today = timezone.localdate()
    scheme_services.scheme_switch_mode(
        user=regional_manager, scheme=scheme, mode=Mode.TRANCHES, note="Terug naar rondes."
    )
    scheme_services.tranche_add(
        user=regional_manager,
        scheme=scheme,
        name="Ronde 1",
        opens_on=today,
        closes_on=today,
        decide_by=today + timedelta(days=30),
    )

    body = Client().get(f"{SCHEMES}/{scheme.slug}").json()

    assert body["mode"] == "tranches"
    [tranche] = body["tranches"]
    assert tranche["name"] == "Ronde 1"
    assert tranche["opens_on"] == today.isoformat()
    assert (tranche["received"], tranche["granted"]) == (0, 0)
    assert [p["mode"] for p in body["phases"]] == ["rolling", "tranches"]
    assert body["phases"][0]["ended_at"] is not None
    assert body["phases"][1]["note"] == "Terug naar rondes."


@pytest.mark.parametrize("suffix", ["", "/decisions", "/ledger", "/ledger/entries"])
def test_an_unknown_scheme_is_404(scheme, regional_manager, suffix):
    client = api(regional_manager)
    response = client.get(f"{SCHEMES}/bestaat-niet{suffix}")
    assert response.status_code == 404
    assert response.json()["message"]
    # and a slug that cannot be one is refused as input
    response = client.get(f"{SCHEMES}/{'x' * 81}{suffix}")
    assert response.status_code == 422
    assert "slug" in response.json()["fields"]


# --- public decisions ----------------------------------------------------------------------


def test_public_decisions(
    granted, programme_manager, resident, municipality, reviewer, second_reviewer, scheme
):
    # given a granted, a not granted and a returned application
    turned_down = second_application(resident, municipality, title="Speelplek Noord")
    score_all(reviewer, turned_down, 2)
    decide(
        programme_manager,
        turned_down,
        Outcome.NOT_GRANTED,
        reasoning="Te weinig draagvlak.",
        amount=None,
    )
    returned = second_application(resident, municipality, title="Bankjes Oost")
    decide(
        programme_manager, returned, Outcome.RETURNED, reasoning="Wie onderhoudt ze?", amount=None
    )

    # when a visitor reads the decisions
    response = Client().get(f"{SCHEMES}/{scheme.slug}/decisions")

    # then the two decided ones are there, newest first, with the public part only
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["count"], body["page"], body["page_size"]) == (2, 1, 20)
    first, second = body["results"]
    assert first["application_id"] == turned_down.pk
    assert first["outcome"] == "not_granted"
    assert first["amount_granted"] is None
    assert first["reasoning"] == "Te weinig draagvlak."
    assert first["initiative"]["title"] == "Speelplek Noord"
    assert second["application_id"] == granted.pk
    assert second["outcome"] == "granted"
    assert (second["amount_requested"], second["amount_granted"]) == (6000, 5000)
    assert second["reasoning"] == GRANT_REASONING
    assert second["conditions"] == "Foto's achteraf."
    assert second["initiative"] == {
        "id": granted.initiative_id,
        "title": "Buurtmoestuin Hengelose Es",
        "municipality": "hengelo",
        "municipality_name": "Hengelo",
    }
    assert second["decided_at"]
    assert second["url"] == f"http://127.0.0.1:8000/regelingen/aanvragen/{granted.pk}/"
    means = second["criterion_means"]
    assert len(means) == 5
    assert all(m["mean"] == 3.5 and m["n"] == 2 for m in means)
    assert second["weighted_score"] == 3.5
    # never the returned one's questions, a reviewer, a score per reviewer or an e-mail address
    assert "Wie onderhoudt ze?" not in response.content.decode()
    assert_no_personal_data(response)


def test_decisions_are_paged_and_leave_out_hidden_initiatives(
    granted, programme_manager, resident, municipality, reviewer, scheme
):
    other = second_application(resident, municipality)
    score_all(reviewer, other, 3)
    decide(programme_manager, other, Outcome.NOT_GRANTED, reasoning="Nee.", amount=None)
    url = f"{SCHEMES}/{scheme.slug}/decisions"

    page1 = Client().get(url, {"page_size": 1}).json()
    page2 = Client().get(url, {"page_size": 1, "page": 2}).json()
    beyond = Client().get(url, {"page_size": 1, "page": 3}).json()
    assert page1["count"] == page2["count"] == 2
    assert [r["application_id"] for r in page1["results"] + page2["results"]] == [
        other.pk,
        granted.pk,
    ]
    assert beyond["results"] == []
    for params in ({"page": 0}, {"page": "een"}, {"page_size": 101}):
        response = Client().get(url, params)
        assert response.status_code == 422
        assert set(params) <= set(response.json()["fields"])

    # when a moderator hides the initiative, its decision leaves the public list
    other.initiative.is_hidden = True
    other.initiative.save(update_fields=["is_hidden"])
    body = Client().get(url).json()
    assert [r["application_id"] for r in body["results"]] == [granted.pk]
    assert Client().get(f"{APPS}/{other.pk}").status_code == 404


# --- the ledger ----------------------------------------------------------------------------


def test_public_ledger_summary(granted, programme_manager, scheme):
    money_services.grant_pay(user=programme_manager, application=granted, amount=3000)
    money_services.grant_release(
        user=programme_manager, application=granted, amount=500, note="Goedkoper uitgevallen."
    )

    response = Client().get(f"{SCHEMES}/{scheme.slug}/ledger")

    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in ("budget", "committed", "paid", "released", "available")} == {
        "budget": 100_000,
        "committed": 4500,
        "paid": 3000,
        "released": 500,
        "available": 95_500,
    }
    assert sorted((f["name"], f["amount"]) for f in body["funders"]) == [
        ("Gemeenten", 50_000),
        ("Provincie Overijssel", 50_000),
    ]
    assert_no_personal_data(response)


def test_ledger_entries_only_for_the_schemes_programme_managers(
    granted,
    programme_manager,
    other_manager,
    regional_manager,
    resident,
    reviewer,
    connector,
    scheme,
):
    money_services.grant_pay(
        user=programme_manager, application=granted, amount=2000, note="Eerste termijn"
    )
    url = f"{SCHEMES}/{scheme.slug}/ledger/entries"

    # anonymous: authentication required; others without the role: forbidden
    assert Client().get(url).status_code == 401
    for user in (resident, reviewer, connector):
        response = api(user).get(url)
        assert response.status_code == 403, user
        assert response.json()["message"]
    # programme managers of any of the scheme's municipalities read the entries
    for user in (programme_manager, other_manager, regional_manager):
        response = api(user).get(url)
        assert response.status_code == 200, response.content
    body = session(programme_manager).get(url).json()
    assert body["count"] == 2
    pay, commit = body["results"]  # newest first
    assert (pay["kind"], pay["amount"], pay["application_id"], pay["note"]) == (
        "pay",
        2000,
        granted.pk,
        "Eerste termijn",
    )
    assert (commit["kind"], commit["amount"]) == ("commit", 5000)
    assert commit["created_at"]
    assert_no_personal_data(api(programme_manager).get(url))


# --- applications: reading -----------------------------------------------------------------


def test_my_applications(draft, resident, other_resident, scheme):
    assert Client().get(APPS).status_code == 401

    body = api(resident).get(APPS).json()
    assert body["count"] == 1
    [item] = body["results"]
    assert (item["id"], item["status"], item["amount_requested"]) == (draft.pk, "draft", 6000)
    assert item["scheme"] == {"slug": scheme.slug, "name": scheme.name}
    assert item["initiative"]["municipality"] == "hengelo"

    assert api(resident).get(APPS, {"scheme": scheme.slug}).json()["count"] == 1
    assert api(resident).get(APPS, {"scheme": "een-andere"}).json()["count"] == 0
    assert api(other_resident).get(APPS).json()["count"] == 0
    response = api(resident).get(APPS, {"scheme": "geen slug!"})
    assert response.status_code == 422
    assert "scheme" in response.json()["fields"]


def test_a_draft_is_only_for_its_team(
    draft, resident, other_resident, reviewer, programme_manager, connector
):
    url = f"{APPS}/{draft.pk}"
    response = api(resident).get(url)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert body["plan"] == "Groen op het Marktplein."
    assert body["themes"] == ["groen"]
    assert [line["item"] for line in body["budget_lines"]] == [g["item"] for g in GOOD_LINES]
    assert body["totals"] == {
        "total": 8500,
        "asked": 6000,
        "cofinancing": 2500,
        "cofinancing_percent": 29.4,
    }
    assert body["roles"] == ["team"]
    assert session(resident).get(url).status_code == 200
    # everyone else: as if it did not exist
    assert Client().get(url).status_code == 404
    for user in (other_resident, reviewer, programme_manager, connector):
        assert api(user).get(url).status_code == 404, user


def test_a_submitted_application_for_panel_and_staff(
    submitted,
    resident,
    other_resident,
    reviewer,
    programme_manager,
    connector,
    other_manager,
    regional_manager,
):
    url = f"{APPS}/{submitted.pk}"
    for user, roles in (
        (resident, ["team"]),
        (reviewer, ["panel"]),
        (connector, ["staff"]),
        (programme_manager, ["manager", "staff"]),
        (regional_manager, ["manager", "staff"]),
    ):
        response = api(user).get(url)
        assert response.status_code == 200, (user, response.content)
        body = response.json()
        assert body["roles"] == roles
        assert body["status"] == "submitted"
        assert len(body["budget_lines"]) == 3
        assert [s["number"] for s in body["submissions"]] == [1]
        assert body["panel_size"] == 2
    # not for the public, other residents or a manager of another municipality
    assert Client().get(url).status_code == 404
    assert api(other_resident).get(url).status_code == 404
    assert api(other_manager).get(url).status_code == 404


def test_a_decided_application_shows_the_public_its_public_part(
    granted, resident, reviewer, programme_manager
):
    url = f"{APPS}/{granted.pk}"
    response = Client().get(url)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["amount_granted"]) == ("granted", 5000)
    assert body["plan"] is None and body["themes"] is None and body["wants_pitch"] is None
    assert body["budget_lines"] == [] and body["totals"] is None
    assert body["attachments"] == [] and body["submissions"] == []
    assert [d["outcome"] for d in body["decisions"]] == ["granted"]
    assert body["decisions"][0]["reasoning"] == GRANT_REASONING
    assert body["score_view"] == ""
    assert body["weighted_score"] == 3.5
    assert body["grant"] == {"committed": 5000, "paid": 0, "open": 5000}
    assert [e["kind"] for e in body["ledger"]] == ["commit"]
    assert body["roles"] == []
    assert_no_personal_data(response)
    # the team still sees everything
    assert api(resident).get(url).json()["plan"] == "Groen op het Marktplein."


def test_attachments_are_listed_by_name_and_size_only(draft, resident, other_resident):
    application_services.attachment_add(
        user=resident,
        application=draft,
        upload=SimpleUploadedFile(
            "begroting.pdf", b"%PDF-1.4 test", content_type="application/pdf"
        ),
    )

    body = api(resident).get(f"{APPS}/{draft.pk}").json()
    [attachment] = body["attachments"]
    assert attachment["name"] == "begroting.pdf"
    assert attachment["size"] == 13
    assert set(attachment) == {"id", "name", "size", "uploaded_at"}


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/999999", 404),
        ("/0", 422),
        ("/abc", 422),
        (f"/{2**63}", 422),
        ("/999999/reviews", 404),
    ],
)
def test_an_unknown_application(db, resident, path, status):
    response = api(resident).get(f"{APPS}{path}")
    assert response.status_code == status
    assert response.json()["message"]


# --- applications: the team writes ---------------------------------------------------------


def test_the_team_starts_an_application(initiative, scheme, resident):
    response = accepted(
        api(resident),
        "post",
        APPS,
        {"initiative": initiative.pk, "scheme": scheme.slug},
        status=201,
    )

    body = response.json()
    application = Application.objects.get(pk=body["id"])
    assert (application.initiative, application.scheme) == (initiative, scheme)
    assert application.created_by == resident
    assert body["status"] == "draft"
    assert body["roles"] == ["team"]

    # a second open application to the same scheme is refused
    response = send(
        api(resident), "post", APPS, {"initiative": initiative.pk, "scheme": scheme.slug}
    )
    assert response.status_code == 400
    assert "scheme" in response.json()["fields"]
    assert Application.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "change", "status", "field"),
    [
        ("anonymous", {}, 401, None),
        ("other_resident", {}, 403, None),
        ("resident", {"initiative": 999_999}, 400, "initiative"),
        ("resident", {"scheme": "bestaat-niet"}, 400, "scheme"),
        ("resident", {"scheme": "geheime-regeling"}, 400, "scheme"),  # a draft scheme
        ("resident", {"initiative": MISSING}, 422, "initiative"),
        ("resident", {"scheme": MISSING}, 422, "scheme"),
        ("resident", {"initiative": "een"}, 422, "initiative"),
        ("resident", {"initiative": 0}, 422, "initiative"),
        ("resident", {"status": "granted"}, 422, "status"),
    ],
)
def test_starting_an_application_refused(
    initiative, scheme, draft_scheme, resident, other_resident, who, change, status, field
):
    body = {
        k: v
        for k, v in {"initiative": initiative.pk, "scheme": scheme.slug, **change}.items()
        if v is not MISSING
    }
    client = {"anonymous": api(), "resident": api(resident), "other_resident": api(other_resident)}[
        who
    ]

    refused(client, "post", APPS, body, status, field)


def test_the_team_changes_a_draft(draft, resident):
    lines = [
        {"item": "Bakken", "amount_euros": 4000, "source": "scheme"},
        {"item": "Sponsor", "amount_euros": 2000, "source": "other", "funder": "Bakker Jansen"},
    ]
    response = accepted(
        api(resident),
        "patch",
        f"{APPS}/{draft.pk}",
        {"amount_requested": 4000, "budget_lines": lines, "wants_pitch": True},
    )

    body = response.json()
    assert body["amount_requested"] == 4000
    assert body["wants_pitch"] is True
    assert body["plan"] == "Groen op het Marktplein."  # not sent: unchanged
    assert body["budget_lines"] == [{**lines[0], "funder": ""}, lines[1]]
    assert body["totals"]["cofinancing_percent"] == 33.3
    draft.refresh_from_db()
    assert draft.amount_requested == 4000


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"amount_requested": -5}, 400, "amount_requested"),
        ({"amount_requested": 10**12}, 400, "amount_requested"),
        ({"amount_requested": "veel"}, 422, "amount_requested"),
        ({"amount_requested": 1.5}, 422, "amount_requested"),
        (
            {"amount_requested": 5000, "budget_lines": GOOD_LINES},
            400,
            "budget_lines",
        ),  # the lines ask for 6,000
        (
            {"budget_lines": [{"item": "Bakken", "amount_euros": 7000, "source": "scheme"}]},
            400,
            "budget_lines",
        ),  # 7,000 asked in the lines, 6,000 requested
        (
            {"budget_lines": [{"item": "Bakken", "amount_euros": -6000, "source": "scheme"}]},
            400,
            "budget_lines",
        ),
        (
            {"budget_lines": [{"item": "Bakken", "amount_euros": "zes", "source": "scheme"}]},
            422,
            "budget_lines.0.amount_euros",
        ),
        (
            {"budget_lines": [{"item": "Bakken", "amount_euros": 6000, "source": "subsidie"}]},
            422,
            "budget_lines.0.source",
        ),
        (
            {"budget_lines": [{"item": "Sponsor", "amount_euros": 6000, "source": "other"}]},
            400,
            "budget_lines",
        ),  # another funder without a name
        (
            {"budget_lines": [{"amount_euros": 6000, "source": "scheme"}]},
            422,
            "budget_lines.0.item",
        ),
        ({"budget_lines": "alles"}, 422, "budget_lines"),
        ({"budget_lines": None}, 400, "budget_lines"),
        ({"themes": ["ruimtevaart"]}, 400, "themes"),
        ({"plan": "p" * 20001}, 400, "plan"),
        ({"plan": "nul\x00teken"}, 422, "plan"),
        ({"status": "submitted"}, 422, "status"),
    ],
)
def test_changing_a_draft_refuses_bad_input(draft, resident, change, status, field):
    refused(api(resident), "patch", f"{APPS}/{draft.pk}", change, status, field)


def test_changing_an_application_refused(
    draft, resident, other_resident, reviewer, programme_manager
):
    url = f"{APPS}/{draft.pk}"
    body = {"plan": "Overgenomen."}
    refused(api(), "patch", url, body, 401)
    # a draft of another team does not exist for them
    for user in (other_resident, reviewer, programme_manager):
        refused(api(user), "patch", url, body, 404)

    # once submitted: the panel sees it but may not change it, nor may the team
    application_services.application_submit(user=resident, application=draft)
    refused(api(reviewer), "patch", url, body, 403)
    refused(api(programme_manager), "patch", url, body, 403)
    refused(api(resident), "patch", url, body, 400, "status")


def test_submit_and_withdraw(draft, resident, other_resident, reviewer):
    url = f"{APPS}/{draft.pk}"
    # others cannot submit it
    assert send(api(), "post", f"{url}/submit").status_code == 401
    assert send(api(other_resident), "post", f"{url}/submit").status_code == 404
    assert Submission.objects.count() == 0

    # the team submits it without a body
    response = accepted(api(resident), "post", f"{url}/submit")
    body = response.json()
    assert body["status"] == "submitted"
    assert [s["number"] for s in body["submissions"]] == [1]
    # not twice
    response = send(api(resident), "post", f"{url}/submit", {})
    assert response.status_code == 400
    assert "status" in response.json()["fields"]

    # the panel may not withdraw it; the team may
    refused(api(reviewer), "post", f"{url}/withdraw", {"reason": "x"}, 403)
    refused(api(), "post", f"{url}/withdraw", MISSING, 401)
    response = accepted(api(resident), "post", f"{url}/withdraw", {"reason": "Andere subsidie."})
    assert response.json()["status"] == "withdrawn"
    response = send(api(resident), "post", f"{url}/withdraw")
    assert response.status_code == 400


def test_submitting_an_incomplete_draft_names_what_is_missing(
    initiative, scheme, resident, profile
):
    application = application_services.application_create(
        user=resident, initiative=initiative, scheme=scheme
    )

    error = refused(api(resident), "post", f"{APPS}/{application.pk}/submit", {}, 400)

    assert {"plan", "amount_requested", "budget_lines", "themes"} <= set(error["fields"])


def test_answering_the_questions_of_a_returned_application(submitted, resident, programme_manager):
    decide(
        programme_manager,
        submitted,
        Outcome.RETURNED,
        reasoning="Wie onderhoudt de bakken?",
        amount=None,
    )
    url = f"{APPS}/{submitted.pk}"
    body = api(resident).get(url).json()
    assert body["status"] == "returned"
    assert body["decisions"][-1]["reasoning"] == "Wie onderhoudt de bakken?"

    refused(api(resident), "post", f"{url}/submit", {}, 400, "answer_to_questions")

    response = accepted(
        api(resident), "post", f"{url}/submit", {"answer_to_questions": "De buurtvereniging."}
    )
    body = response.json()
    assert body["status"] == "submitted"
    assert [(s["number"], s["answer_to_questions"]) for s in body["submissions"]] == [
        (1, ""),
        (2, "De buurtvereniging."),
    ]


# --- reviews -------------------------------------------------------------------------------


def _scores(application, value=4, motivation="Goed plan."):
    return {
        str(c.pk): {"value": value, "motivation": motivation}
        for c in application.scheme.criteria.all()
    }


def test_a_panel_member_reviews(submitted, reviewer):
    url = f"{APPS}/{submitted.pk}"
    # before scoring: only their own (none yet)
    response = api(reviewer).get(f"{url}/reviews")
    assert response.status_code == 200, response.content
    assert response.json() == {"view": "own", "reviews": []}

    # a draft review first, with one score
    [first, *_rest] = submitted.scheme.criteria.all()
    response = accepted(
        api(reviewer),
        "put",
        f"{url}/review",
        {"scores": {str(first.pk): {"value": 3, "motivation": "Redelijk."}}, "submit": False},
    )
    review = response.json()
    assert review["submitted_at"] is None
    assert review["reviewer"] == "Ria Reviewer"
    assert review["is_own"] is True
    assert review["scores"] == [
        {"criterion_id": first.pk, "criterion": first.name, "value": 3, "motivation": "Redelijk."}
    ]

    # then all criteria, submitted
    response = accepted(
        api(reviewer),
        "put",
        f"{url}/review",
        {"scores": _scores(submitted), "comment": "Sterk plan."},
    )
    review = response.json()
    assert review["submitted_at"] is not None
    assert len(review["scores"]) == 5
    assert Review.objects.get(reviewer=reviewer).scores.count() == 5
    assert api(reviewer).get(url).json()["score_view"] == "all"


def test_who_reads_the_reviews(
    submitted,
    resident,
    other_resident,
    reviewer,
    second_reviewer,
    programme_manager,
    regional_manager,
    other_manager,
    connector,
):
    score_all(reviewer, submitted, 4)
    url = f"{APPS}/{submitted.pk}/reviews"

    # programme managers read all, by public name
    for user in (programme_manager, regional_manager):
        body = api(user).get(url).json()
        assert body["view"] == "all"
        assert [r["reviewer"] for r in body["reviews"]] == ["Ria Reviewer"]
        assert "ria@example.org" not in str(body)
    # a panel member who scored reads all; one who did not, only their own
    assert api(reviewer).get(url).json()["view"] == "all"
    body = api(second_reviewer).get(url).json()
    assert body == {"view": "own", "reviews": []}
    # the team and the connector see the application, not the scores
    for user in (resident, connector):
        response = api(user).get(url)
        assert response.status_code == 403, user
        assert response.json()["message"]
    # others do not see the application at all
    assert api(other_resident).get(url).status_code == 404
    assert api(other_manager).get(url).status_code == 404
    assert Client().get(url).status_code == 401
    # nor do the public once it is decided
    decide(programme_manager, submitted, Outcome.NOT_GRANTED, reasoning="Nee.", amount=None)
    assert Client().get(url).status_code == 401
    assert api(other_resident).get(url).status_code == 403


def test_a_conflict_of_interest_shuts_the_scores(
    submitted, reviewer, second_reviewer, programme_manager
):
    score_all(second_reviewer, submitted, 3)
    url = f"{APPS}/{submitted.pk}"
    # declared through the service: no more reading or scoring
    assessment.review_declare_conflict(
        user=reviewer, application=submitted, note="Mijn buurvrouw doet mee."
    )
    assert api(reviewer).get(f"{url}/reviews").status_code == 403
    refused(api(reviewer), "put", f"{url}/review", {"scores": _scores(submitted)}, 403)
    # the programme manager sees the declaration
    body = api(programme_manager).get(f"{url}/reviews").json()
    conflicted = next(r for r in body["reviews"] if r["reviewer"] == "Ria Reviewer")
    assert conflicted["conflict_of_interest"] is True
    assert conflicted["scores"] == []
    assert api(reviewer).get(url).json()["roles"] == ["conflicted", "panel"]


def test_declaring_a_conflict_through_the_api(scored, reviewer, resident):
    url = f"{APPS}/{scored.pk}/conflict"
    refused(api(reviewer), "post", url, {"note": ""}, 400, "note")
    refused(api(resident), "post", url, {"note": "Ik?"}, 403)
    refused(api(), "post", url, {"note": "Ik?"}, 401)

    response = accepted(api(reviewer), "post", url, {"note": "Familie van de initiatiefnemer."})
    body = response.json()
    assert body["conflict_of_interest"] is True
    assert body["scores"] == []  # the scores given before no longer count
    assert Review.objects.get(reviewer=reviewer).scores.count() == 0


def test_only_the_panel_reviews(submitted, resident, programme_manager, connector, other_resident):
    url = f"{APPS}/{submitted.pk}/review"
    body = {"scores": _scores(submitted)}
    for user in (resident, programme_manager, connector):
        refused(api(user), "put", url, body, 403)
    refused(api(other_resident), "put", url, body, 404)
    refused(api(), "put", url, body, 401)


def _bad_review(kind, application):
    criteria = list(application.scheme.criteria.all())
    scores = _scores(application)
    key = str(criteria[0].pk)
    if kind == "zero":
        scores[key]["value"] = 0
        return {"scores": scores}, 400, f"score_{key}"
    if kind == "too_high":
        scores[key]["value"] = 6
        return {"scores": scores}, 400, f"score_{key}"
    if kind == "not_a_number":
        scores[key]["value"] = "hoog"
        return {"scores": scores}, 422, f"scores.{key}.value"
    if kind == "no_motivation":
        scores[key]["motivation"] = " "
        return {"scores": scores}, 400, f"motivation_{key}"
    if kind == "missing":
        del scores[key]
        return {"scores": scores}, 400, f"score_{key}"
    if kind == "unknown_criterion":
        scores["999999"] = {"value": 3, "motivation": "?"}
        return {"scores": scores}, 400, "scores"
    if kind == "not_a_dict":
        return {"scores": [3, 4]}, 422, "scores"
    if kind == "no_scores":
        return {"comment": "Alleen commentaar"}, 422, "scores"
    raise AssertionError(kind)


@pytest.mark.parametrize(
    "kind",
    [
        "zero",
        "too_high",
        "not_a_number",
        "no_motivation",
        "missing",
        "unknown_criterion",
        "not_a_dict",
        "no_scores",
    ],
)
def test_a_review_refuses_bad_input(submitted, reviewer, kind):
    body, status, field = _bad_review(kind, submitted)
    refused(api(reviewer), "put", f"{APPS}/{submitted.pk}/review", body, status, field)


# --- decisions -----------------------------------------------------------------------------


def test_the_programme_manager_grants(scored, programme_manager, scheme):
    url = f"{APPS}/{scored.pk}/decision"
    response = accepted(
        api(programme_manager),
        "post",
        url,
        {
            "outcome": "granted",
            "amount": 5000,
            "reasoning": "Goed voor de stad.",
            "conditions": "Verantwoording met foto's.",
        },
        status=201,
    )

    body = response.json()
    assert (body["status"], body["amount_granted"]) == ("granted", 5000)
    assert body["decisions"][-1]["conditions"] == "Verantwoording met foto's."
    assert body["grant"] == {"committed": 5000, "paid": 0, "open": 5000}
    ledger = Client().get(f"{SCHEMES}/{scheme.slug}/ledger").json()
    assert (ledger["committed"], ledger["available"]) == (5000, 95_000)

    # a second decision on a decided application is refused
    again = {"outcome": "not_granted", "reasoning": "Toch niet."}
    refused(api(programme_manager), "post", url, again, 400, "outcome")


def test_the_regional_manager_may_decide_too(scored, regional_manager):
    response = accepted(
        session(regional_manager),
        "post",
        f"{APPS}/{scored.pk}/decision",
        {"outcome": "not_granted", "reasoning": "Past niet in de regeling."},
        status=201,
    )
    assert response.json()["status"] == "not_granted"


def test_who_may_not_decide(scored, resident, reviewer, connector, other_manager, other_resident):
    url = f"{APPS}/{scored.pk}/decision"
    body = {"outcome": "granted", "amount": 5000, "reasoning": "Ja."}
    refused(api(), "post", url, body, 401)
    for user in (resident, reviewer, connector):
        refused(api(user), "post", url, body, 403)
    # the programme manager of Borne does not even see a Hengelo application being assessed
    refused(api(other_manager), "post", url, body, 404)
    refused(api(other_resident), "post", url, body, 404)


def test_the_manager_of_another_municipality_may_not_decide_or_pay(granted, other_manager):
    # a decided Hengelo application is public, so the Borne manager sees it, but may not act
    url = f"{APPS}/{granted.pk}"
    assert api(other_manager).get(url).status_code == 200
    decision = {"outcome": "not_granted", "reasoning": "Nee."}
    error = refused(api(other_manager), "post", f"{url}/decision", decision, 403)
    assert "Hengelo" in error["message"]
    refused(api(other_manager), "post", f"{url}/payments", {"amount": 100}, 403)
    refused(api(other_manager), "post", f"{url}/releases", {"amount": 100, "note": "Terug"}, 403)


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"outcome": "misschien"}, 422, "outcome"),
        ({"outcome": MISSING}, 422, "outcome"),
        ({"reasoning": MISSING}, 400, "reasoning"),
        ({"reasoning": "   "}, 400, "reasoning"),
        ({"amount": MISSING}, 400, "amount"),
        ({"amount": None}, 400, "amount"),
        ({"amount": -100}, 400, "amount"),
        ({"amount": 0}, 400, "amount"),
        ({"amount": 6001}, 400, "amount"),  # more than requested
        ({"amount": 10**30}, 400, "amount"),
        ({"amount": "veel"}, 422, "amount"),
        ({"reasoning": "r" * 8001}, 400, "reasoning"),
        ({"decided_by": 1}, 422, "decided_by"),
    ],
)
def test_a_decision_refuses_bad_input(scored, programme_manager, change, status, field):
    body = {
        k: v
        for k, v in {"outcome": "granted", "amount": 5000, "reasoning": "Ja.", **change}.items()
        if v is not MISSING
    }
    refused(api(programme_manager), "post", f"{APPS}/{scored.pk}/decision", body, status, field)


def test_a_decision_waits_for_the_panel(submitted, programme_manager):
    body = {"outcome": "granted", "amount": 5000, "reasoning": "Ja."}
    refused(api(programme_manager), "post", f"{APPS}/{submitted.pk}/decision", body, 400, "outcome")


# --- payments, releases and the spending report --------------------------------------------


def test_payments_releases_and_report(granted, programme_manager, resident):
    def post(user, path, body, status=201) -> dict:
        return accepted(api(user), "post", f"{APPS}/{granted.pk}/{path}", body, status).json()

    body = post(programme_manager, "payments", {"amount": 3000, "note": "Voorschot"})
    assert body["grant"] == {"committed": 5000, "paid": 3000, "open": 2000}

    body = post(resident, "report", {"realised_euros": 4200, "text": "Bakken geplaatst."}, 200)
    assert body["report"]["realised_euros"] == 4200

    post(programme_manager, "payments", {"amount": 1200})
    body = post(programme_manager, "releases", {"amount": 800, "note": "Niet besteed."})
    assert body["grant"] == {"committed": 4200, "paid": 4200, "open": 0}
    assert [e["kind"] for e in body["ledger"]] == ["commit", "pay", "pay", "release"]


@pytest.mark.parametrize(
    ("path", "body", "status", "field"),
    [
        ("payments", {"amount": -1}, 400, "amount"),
        ("payments", {"amount": 0}, 400, "amount"),
        ("payments", {"amount": 5001}, 400, "amount"),  # more than committed
        ("payments", {"amount": 10**20}, 400, "amount"),
        ("payments", {"amount": "duizend"}, 422, "amount"),
        ("payments", {}, 422, "amount"),
        ("payments", {"amount": 10, "note": "n" * 301}, 400, "note"),
        ("releases", {"amount": 100}, 400, "note"),
        ("releases", {"amount": 5001, "note": "Te veel"}, 400, "amount"),
        ("releases", {"amount": -5, "note": "Negatief"}, 400, "amount"),
        ("report", {"realised_euros": 5001, "text": "Meer uitgegeven"}, 400, "realised_euros"),
        ("report", {"realised_euros": -1, "text": "Negatief"}, 400, "realised_euros"),
        ("report", {"realised_euros": "alles", "text": "?"}, 422, "realised_euros"),
        ("report", {"realised_euros": 100}, 400, "text"),
    ],
)
def test_bookings_and_report_refuse_bad_input(
    granted, programme_manager, resident, path, body, status, field
):
    user = resident if path == "report" else programme_manager
    refused(api(user), "post", f"{APPS}/{granted.pk}/{path}", body, status, field)


def test_who_may_not_book_or_report(
    granted, resident, reviewer, connector, programme_manager, other_resident
):
    url = f"{APPS}/{granted.pk}"
    for user in (resident, reviewer, connector, other_resident):
        refused(api(user), "post", f"{url}/payments", {"amount": 100}, 403)
        refused(api(user), "post", f"{url}/releases", {"amount": 100, "note": "x"}, 403)
    for user in (programme_manager, reviewer, other_resident):
        refused(api(user), "post", f"{url}/report", {"realised_euros": 100, "text": "x"}, 403)
    for path, body in (
        ("payments", {"amount": 1}),
        ("releases", {"amount": 1, "note": "x"}),
        ("report", {"realised_euros": 1, "text": "x"}),
    ):
        refused(api(), "post", f"{url}/{path}", body, 401)


def test_nothing_to_pay_before_a_grant(scored, programme_manager):
    payment = {"amount": 100}
    refused(api(programme_manager), "post", f"{APPS}/{scored.pk}/payments", payment, 400, "amount")


# --- authentication ------------------------------------------------------------------------


def test_a_session_write_needs_the_csrf_token(initiative, scheme, resident):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    body = {"initiative": initiative.pk, "scheme": scheme.slug}
    response = client.post(APPS, body, content_type="application/json")
    assert response.status_code == 403
    assert Application.objects.count() == 0

    secret = _get_new_csrf_string()
    client.cookies[settings.CSRF_COOKIE_NAME] = secret
    response = client.post(
        APPS, body, content_type="application/json", headers={"X-CSRFToken": secret}
    )
    assert response.status_code == 201, response.content


def test_session_reads_need_no_csrf_token(granted, resident, programme_manager, scheme):
    for user, path in (
        (resident, APPS),
        (resident, f"{APPS}/{granted.pk}"),
        (programme_manager, f"{APPS}/{granted.pk}/reviews"),
        (programme_manager, f"{SCHEMES}/{scheme.slug}/ledger/entries"),
    ):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        assert client.get(path).status_code == 200, path


def test_a_wrong_token_is_refused_also_on_public_reads(scheme):
    client = Client(headers={"Authorization": "Bearer spt_not-a-real-token"})
    assert client.get(SCHEMES).status_code == 401
    assert client.get(f"{SCHEMES}/{scheme.slug}/decisions").status_code == 401


def test_an_unverified_account_may_not_write(initiative, scheme, resident):
    resident.email_verified_at = None
    resident.save(update_fields=["email_verified_at"])
    response = send(
        api(resident), "post", APPS, {"initiative": initiative.pk, "scheme": scheme.slug}
    )
    assert response.status_code == 403
    assert Application.objects.count() == 0


# --- queries do not grow with the rows -----------------------------------------------------


def _commit_grants(applications, user) -> None:
    """Books the commitment of every granted application in its scheme's ledger."""
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                scheme=a.scheme,
                application=a,
                kind=EntryKind.COMMIT,
                amount_euros=a.amount_granted,
                created_by=user,
            )
            for a in applications
            if a.amount_granted
        ]
    )


def _make_decided(n: int, scheme, initiative, user, reviewers) -> None:
    """n decided applications with a decision and two submitted reviews each, via the ORM."""
    now = timezone.now()
    applications = Application.objects.bulk_create(
        [
            Application(
                scheme=scheme,
                initiative=initiative,
                created_by=user,
                status=ApplicationStatus.GRANTED if i % 2 else ApplicationStatus.NOT_GRANTED,
                amount_requested=1000,
                amount_granted=900 if i % 2 else None,
                mode=Mode.ROLLING,
                first_submitted_at=now,
                submitted_at=now,
                decided_at=now,
            )
            for i in range(n)
        ]
    )
    Decision.objects.bulk_create(
        [
            Decision(
                application=a,
                outcome=a.status,
                amount_euros=a.amount_granted,
                reasoning=f"Besluit {a.pk}",
                decided_by=user,
            )
            for a in applications
        ]
    )
    _commit_grants(applications, user)
    reviews = Review.objects.bulk_create(
        [
            Review(application=a, reviewer=r, submitted_at=now, comment="Commentaar")
            for a in applications
            for r in reviewers
        ]
    )
    criteria = list(scheme.criteria.all())
    Score.objects.bulk_create(
        [
            Score(review=r, criterion=c, value=3, motivation="Motivatie")
            for r in reviews
            for c in criteria
        ]
    )


def _make_schemes(n: int, template: Scheme, initiative, user, prefix: str) -> None:
    """n open schemes like the template, each with a granted application in its ledger and a
    submitted one."""
    schemes = Scheme.objects.bulk_create(
        [
            Scheme(
                region=template.region,
                name=f"Regeling {prefix} {i}",
                slug=f"{prefix}-{i}",
                purpose="Doel",
                budget_euros=10_000,
                max_per_initiative_euros=1000,
                status=SchemeStatus.OPEN,
                mode=Mode.ROLLING,
                created_by=user,
            )
            for i in range(n)
        ]
    )
    through = Scheme.municipalities.through
    through.objects.bulk_create(
        [
            through(scheme_id=s.pk, municipality_id=m.pk)
            for s in schemes
            for m in template.municipalities.all()
        ]
    )
    applications = Application.objects.bulk_create(
        [
            Application(
                scheme=s,
                initiative=initiative,
                created_by=user,
                status=status,
                amount_requested=500,
                amount_granted=500 if status == ApplicationStatus.GRANTED else None,
            )
            for s in schemes
            for status in (ApplicationStatus.GRANTED, ApplicationStatus.SUBMITTED)
        ]
    )
    _commit_grants(applications, user)


def _count_queries(client: Client, path: str, params=None) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, params or {})
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()


def _client(who: str, user) -> Client:
    if who == "anonymous":
        return Client()
    if who == "token":
        return Client(headers={"Authorization": f"Bearer {token_create(user=user, name='q')[1]}"})
    return session(user)


@pytest.mark.parametrize("who", ["anonymous", "token", "session"])
def test_decision_queries_do_not_grow_with_the_rows(
    scheme, initiative, resident, programme_manager, reviewer, second_reviewer, who
):
    client = _client(who, programme_manager)
    path = f"{SCHEMES}/{scheme.slug}/decisions"
    _count_queries(client, path)  # warm up (token last used, session)
    _make_decided(3, scheme, initiative, resident, [reviewer, second_reviewer])

    with_3, body = _count_queries(client, path, {"page_size": 100})
    assert body["count"] == 3
    _make_decided(27, scheme, initiative, resident, [reviewer, second_reviewer])
    with_30, body = _count_queries(client, path, {"page_size": 100})

    assert body["count"] == 30
    assert len(body["results"]) == 30
    assert body["results"][0]["criterion_means"][0] == {
        **body["results"][0]["criterion_means"][0],
        "mean": 3.0,
        "n": 2,
    }
    assert with_3 == with_30
    assert with_30 <= 10


@pytest.mark.parametrize("who", ["anonymous", "token", "session"])
def test_scheme_list_queries_do_not_grow_with_the_rows(
    scheme, initiative, resident, programme_manager, who
):
    client = _client(who, programme_manager)
    _count_queries(client, SCHEMES)  # warm up
    _make_schemes(2, scheme, initiative, resident, "weinig")

    with_3, body = _count_queries(client, SCHEMES)
    assert len(body) == 3
    _make_schemes(27, scheme, initiative, resident, "veel")
    with_30, body = _count_queries(client, SCHEMES)

    assert len(body) == 30
    one = next(s for s in body if s["slug"] == "veel-0")
    assert one["budget"] == {
        "budget": 10_000,
        "committed": 500,
        "paid": 0,
        "released": 0,
        "available": 9500,
    }
    assert one["counts"] == {"received": 2, "granted": 1, "not_granted": 0, "granted_euros": 500}
    assert sorted(m["slug"] for m in one["municipalities"]) == ["borne", "hengelo"]
    assert with_3 == with_30
    assert with_30 <= 8


@pytest.mark.parametrize("path", ["applications", "entries"])
def test_other_list_queries_do_not_grow_with_the_rows(
    scheme, initiative, resident, programme_manager, reviewer, second_reviewer, path
):
    user = resident if path == "applications" else programme_manager
    url = APPS if path == "applications" else f"{SCHEMES}/{scheme.slug}/ledger/entries"
    client = _client("token", user)
    _count_queries(client, url)  # warm up
    _make_decided(4, scheme, initiative, resident, [reviewer])
    few, _body = _count_queries(client, url, {"page_size": 100})
    _make_decided(40, scheme, initiative, resident, [reviewer])
    many, body = _count_queries(client, url, {"page_size": 100})
    assert body["count"] == (44 if path == "applications" else 22)  # commitments: half
    assert len(body["results"]) == body["count"]
    assert few == many
