"""The HTML pages of applications: who sees and does what, bad input, attachments, query
counts, and the initiative page's grants and timeline."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from spontaan.accounts.models import Role, RoleGrant
from spontaan.clock.models import Clock
from spontaan.tender.applications import assessment
from spontaan.tender.applications import services as application_services
from spontaan.tender.kinds import ClockKey
from spontaan.tender.models import (
    Application,
    ApplicationStatus,
    Attachment,
    BudgetLine,
    Decision,
    LedgerEntry,
    LineSource,
    Review,
    Reviewer,
    Score,
)
from spontaan.tender.money import services as money_services
from spontaan.tender.schemes import services as scheme_services

from .conftest import GOOD_LINES, _user, score_all
from .helpers import complete_draft, decide, new_initiative, writes_nothing

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a tiny test file\n"
SECRET = "Geheime motivatie van Sem"


@pytest.fixture(autouse=True)
def english_interface(settings):
    """The tests read the English source texts."""
    settings.LANGUAGE_CODE = "en"
    settings.LANGUAGES = [("en", "English")]


def eur(n: int) -> str:
    """An amount as the `euros` filter writes it in English."""
    return f"€\u00a0{n:,}"


def url(name, *args):
    return reverse(f"tender:{name}", args=args)


def page(client, path, status=200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return response.content.decode()


def as_user(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def edit_data(
    *,
    amount="6000",
    plan="Groen op het Marktplein.",
    themes=("groen",),
    pitch=False,
    lines=None,
    blank_rows=2,
) -> dict:
    """What the edit form posts: the fields and the budget plan as a formset."""
    lines = [
        (line["item"], line["amount_euros"], line["source"], line.get("funder", ""))
        for line in (GOOD_LINES if lines is None else lines)
    ]
    lines += [("", "", "", "")] * blank_rows
    data = {
        "application-amount_requested": amount,
        "application-plan": plan,
        "application-themes": list(themes),
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
    }
    if pitch:
        data["application-wants_pitch"] = "on"
    for n, (item, euros, source, funder) in enumerate(lines):
        data.update(
            {
                f"lines-{n}-item": item,
                f"lines-{n}-amount_euros": str(euros),
                f"lines-{n}-source": source,
                f"lines-{n}-funder": funder,
            }
        )
    return data


def review_data(application, value=4, motivation="Goed plan.", comment="") -> dict:
    data = {"review-comment": comment}
    for criterion in application.scheme.criteria.all():
        data[f"review-score_{criterion.pk}"] = str(value)
        data[f"review-motivation_{criterion.pk}"] = f"{motivation} ({criterion.name})"
    return data


def required_then_saved(client, path, field, answer):
    """Posting `field` empty is refused (400, nothing written); posting `answer` is saved."""
    with writes_nothing():
        response = client.post(path, {field: ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    response = client.post(path, {field: answer})
    assert response.status_code == 302


def sem_scores(second_reviewer, application):
    scores = {c.pk: {"value": 3, "motivation": SECRET} for c in application.scheme.criteria.all()}
    return assessment.review_save(user=second_reviewer, application=application, scores=scores)


def grant(application, reviewer, manager, amount=5000):
    score_all(reviewer, application, 4)
    decide(
        manager,
        application,
        amount=amount,
        reasoning="Versterkt het plein.",
        conditions="Foto's achteraf.",
    )
    application.refresh_from_db()
    return application


def post_decision(client, application, outcome="granted", reasoning="Prima plan.", **fields):
    """Posts the decision form of `application`; `fields` are its other fields (`amount`,
    `conditions`)."""
    data = {"decide-outcome": outcome, "decide-reasoning": reasoning}
    data.update({f"decide-{name}": value for name, value in fields.items()})
    return client.post(url("decide", application.pk), data)


# --- anonymous visitors -----------------------------------------------------------------------


def test_anonymous_visitors_log_in_or_find_nothing(client, submitted, scheme, initiative):
    application = submitted
    attachment_id = 1
    login = reverse("accounts:login")
    for path in (url("mine"), url("application_edit", application.pk)):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith(login)
    for path in (
        url("application", application.pk),
        url("attachment", application.pk, attachment_id),
    ):
        assert client.get(path).status_code == 404
    posts = [
        url(name, application.pk)
        for name in (
            "application_edit",
            "submit",
            "withdraw",
            "review",
            "conflict",
            "decide",
            "pay",
            "release",
            "report",
            "attachment_add",
        )
    ]
    posts += [
        url("attachment_remove", application.pk, attachment_id),
        url("apply", scheme.slug, initiative.pk),
    ]
    with writes_nothing():
        for path in posts:
            response = client.post(path, {})
            assert response.status_code == 302 and response["Location"].startswith(login), path


# --- applying and editing ---------------------------------------------------------------------


def test_the_team_applies_from_the_initiative_page(
    client, resident, other_resident, initiative, scheme, profile
):
    as_user(client, resident)
    html = page(client, initiative.get_absolute_url())
    assert "Apply to Spontane Binnenstad" in html
    response = client.post(url("apply", scheme.slug, initiative.pk))
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("application_edit", application.pk)
    html = page(client, initiative.get_absolute_url())
    assert "Your application to Spontane Binnenstad" in html
    assert url("application_edit", application.pk) in html

    response = client.post(url("apply", scheme.slug, initiative.pk), follow=True)
    assert "already has an open application" in response.content.decode()
    assert Application.objects.count() == 1

    as_user(client, other_resident)
    assert "Apply to" not in page(client, initiative.get_absolute_url())
    assert client.post(url("apply", scheme.slug, initiative.pk)).status_code == 403
    assert client.post(url("apply", "no-such-scheme", initiative.pk)).status_code == 404
    assert Application.objects.count() == 1


def test_the_draft_is_filled_in_through_the_form(client, resident, initiative, scheme, profile):
    application = application_services.application_create(
        user=resident, initiative=initiative, scheme=scheme
    )
    as_user(client, resident)
    html = page(client, url("application_edit", application.pk))
    assert "Before you can submit" in html
    assert "Describe what you will do with the money." in html
    assert "at least 20% of the total cost" in html  # the scheme's rules beside the form
    for theme in ("ontmoeting", "techniek", "groen"):
        assert f'value="{theme}"' in html

    response = client.post(url("application_edit", application.pk), edit_data(pitch=True))
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.amount_requested, application.themes, application.wants_pitch) == (
        6000,
        ["groen"],
        True,
    )
    assert list(
        application.budget_lines.values_list("item", "amount_euros", "source", "funder")
    ) == [
        ("Plantenbakken", 6000, "scheme", ""),
        ("Vrijwilligersuren", 1500, "own", ""),
        ("Bijdrage ondernemers", 1000, "other", "Ondernemersvereniging"),
    ]
    html = page(client, url("application_edit", application.pk))
    assert eur(8500) in html and eur(6000) in html and "29.4%" in html  # totals, server-side
    assert "Everything is there: you can submit the application." in html
    assert 'value="Plantenbakken"' in html  # the saved lines fill the formset


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount": "-5"}, "greater than or equal to 0"),
        ({"amount": "5000"}, "add up to € 6000, but you ask for € 5000"),
        (
            {"lines": [{"item": "Bakken", "amount_euros": -10, "source": "scheme"}]},
            "greater than or equal to 1",
        ),
        (
            {"lines": [{"item": "Sponsor", "amount_euros": 6000, "source": "other"}]},
            "Name the other funder or sponsor.",
        ),
        (
            {"lines": [{"item": "", "amount_euros": 6000, "source": "scheme"}]},
            "Say what this line is for.",
        ),
        ({"themes": ["zwemmen"]}, "Select a valid choice"),
    ],
)
def test_bad_input_in_the_edit_form_is_shown_and_nothing_is_written(
    client, resident, draft, changes, message
):
    as_user(client, resident)
    with writes_nothing():
        response = client.post(url("application_edit", draft.pk), edit_data(**changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html or 'class="errorlist"' in html
    assert BudgetLine.objects.filter(application=draft).count() == 3


def test_others_cannot_edit_and_a_submitted_application_is_not_edited(
    client, resident, other_resident, reviewer, draft
):
    as_user(client, other_resident)
    assert client.get(url("application_edit", draft.pk)).status_code == 404
    with writes_nothing():
        assert client.post(url("application_edit", draft.pk), edit_data()).status_code == 404
    application_services.application_submit(user=resident, application=draft)
    as_user(client, reviewer)
    assert client.get(url("application_edit", draft.pk)).status_code == 403
    as_user(client, resident)
    response = client.get(url("application_edit", draft.pk))
    assert response.status_code == 302 and response["Location"] == url("application", draft.pk)
    with writes_nothing():
        client.post(url("application_edit", draft.pk), edit_data(plan="Later veranderd"))


# --- submitting -------------------------------------------------------------------------------


def test_an_incomplete_draft_is_not_submitted(client, resident, initiative, scheme, profile):
    application = application_services.application_create(
        user=resident, initiative=initiative, scheme=scheme
    )
    as_user(client, resident)
    with writes_nothing():
        response = client.post(url("submit", application.pk), {})
    assert response.status_code == 400
    html = response.content.decode()
    assert "The application has not been submitted yet." in html
    assert "Describe what you will do with the money." in html
    assert "Add a budget plan" in html


def test_submitting_from_the_edit_form_saves_first(
    client, resident, initiative, scheme, profile, programme_manager
):
    application = application_services.application_create(
        user=resident, initiative=initiative, scheme=scheme
    )
    as_user(client, resident)
    response = client.post(url("submit", application.pk), edit_data())
    assert response.status_code == 302 and response["Location"] == url(
        "application", application.pk
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.budget_lines.count() == 3
    clock = Clock.objects.get(kind=ClockKey.APPLICATION)
    html = page(client, url("application", application.pk))
    assert "Waiting on Hengelo since" in html
    assert f"A decision is due by {clock.due_on:%-d %B %Y}" in html
    assert "Edit and submit" not in html


def test_a_returned_application_is_answered_and_submitted_again(
    client, resident, submitted, programme_manager, reviewer
):
    as_user(client, programme_manager)
    response = post_decision(
        client, submitted, "returned", "Wie onderhoudt de bakken?", amount="", conditions=""
    )
    assert response.status_code == 302
    as_user(client, resident)
    html = page(client, url("application_edit", submitted.pk))
    assert "Wie onderhoudt de bakken?" in html and "Answer to the questions" in html
    required_then_saved(
        client, url("submit", submitted.pk), "submit-answer_to_questions", "De buurtvereniging."
    )
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED
    as_user(client, reviewer)
    html = page(client, url("application", submitted.pk))
    assert "Wie onderhoudt de bakken?" in html and "De buurtvereniging." in html
    assert "answered the questions and submitted it again" in html


# --- who sees the application -----------------------------------------------------------------


def test_a_draft_is_only_for_the_team(
    client, draft, resident, other_resident, reviewer, programme_manager, other_manager, connector
):
    assert page(as_user(client, resident), url("application", draft.pk))
    for user in (other_resident, reviewer, programme_manager, other_manager, connector):
        page(as_user(client, user), url("application", draft.pk), status=404)
    assert "Spontane Binnenstad" not in page(
        as_user(client, None), draft.initiative.get_absolute_url()
    )


def test_who_reads_the_submitted_application(
    client,
    submitted,
    resident,
    other_resident,
    reviewer,
    programme_manager,
    other_manager,
    connector,
):
    for user in (resident, reviewer, programme_manager, connector):
        html = page(as_user(client, user), url("application", submitted.pk))
        assert "Groen op het Marktplein." in html and "Plantenbakken" in html
    for user in (None, other_resident, other_manager):
        page(as_user(client, user), url("application", submitted.pk), status=404)
    html = page(as_user(client, connector), url("application", submitted.pk))
    assert 'name="decide-outcome"' not in html and 'name="review-comment"' not in html
    with writes_nothing():
        response = post_decision(client, submitted, reasoning="Ja.", amount="5000")
    assert response.status_code == 403


# --- the panel --------------------------------------------------------------------------------


def test_a_reviewer_sees_the_others_scores_only_after_scoring(
    client, submitted, reviewer, second_reviewer, programme_manager
):
    sem_scores(second_reviewer, submitted)
    as_user(client, reviewer)
    html = page(client, url("application", submitted.pk))
    assert "Assess this application" in html
    assert SECRET not in html
    assert "<legend>Past bij het stadsprofiel" in html  # a fieldset per criterion
    response = client.post(
        url("review", submitted.pk), review_data(submitted, 4, "Sterk", "Mooi initiatief.")
    )
    assert response.status_code == 302
    html = page(client, url("application", submitted.pk))
    assert SECRET in html  # now the others' scores
    assert "Revise your assessment" in html
    assert re.search(r'name="review-score_\d+" value="4"[^>]*checked', html)
    assert "Sterk (" in html and "Mooi initiatief." in html  # prefilled with their own
    # a revision replaces the scores
    response = client.post(url("review", submitted.pk), review_data(submitted, 2, "Zwakker"))
    assert response.status_code == 302
    assert set(Score.objects.filter(review__reviewer=reviewer).values_list("value", flat=True)) == {
        2
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("no_motivation", "Motivate your score for"),
        ("out_of_range", "is a whole number from 1 to 5"),
        ("no_score", "Give a score for"),
    ],
)
def test_bad_scores_are_shown_and_nothing_is_written(client, submitted, reviewer, change, message):
    data = review_data(submitted)
    first = submitted.scheme.criteria.first()
    if change == "no_motivation":
        data[f"review-motivation_{first.pk}"] = "  "
    elif change == "out_of_range":
        data[f"review-score_{first.pk}"] = "9"
    else:
        del data[f"review-score_{first.pk}"]
    as_user(client, reviewer)
    with writes_nothing():
        response = client.post(url("review", submitted.pk), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Review.objects.exists()


def test_a_reviewer_with_a_conflict_sees_no_scores(client, submitted, reviewer, second_reviewer):
    sem_scores(second_reviewer, submitted)
    as_user(client, reviewer)
    required_then_saved(
        client, url("conflict", submitted.pk), "conflict-note", "Ik ben de buurvrouw van Anna."
    )
    html = page(client, url("application", submitted.pk))
    assert SECRET not in html
    assert "You declared a conflict of interest" in html
    assert 'name="review-comment"' not in html and 'name="conflict-note"' not in html
    with writes_nothing():
        assert client.post(url("review", submitted.pk), review_data(submitted)).status_code == 403
    # the attachments they may still read; the scores they may not
    assert "Groen op het Marktplein." in html


def test_a_reviewer_on_the_team_gets_a_notice(
    client, submitted, resident, regional_manager, municipality, second_reviewer
):
    RoleGrant.objects.create(user=resident, municipality=municipality, role=Role.REVIEWER)
    scheme_services.reviewer_add(
        user=regional_manager, scheme=submitted.scheme, email=resident.email
    )
    sem_scores(second_reviewer, submitted)
    html = page(as_user(client, resident), url("application", submitted.pk))
    assert "You are on this initiative's team" in html
    assert SECRET not in html and 'name="review-comment"' not in html


# --- deciding, paying, releasing, reporting --------------------------------------------------


def test_the_programme_manager_sees_all_scores_and_decides(
    client, submitted, reviewer, second_reviewer, programme_manager, other_manager
):
    as_user(client, programme_manager)
    html = page(client, url("application", submitted.pk))
    assert 'name="decide-outcome"' in html and 'value="6000"' in html  # amount prefilled
    assert "Budget left in Spontane Binnenstad" in html and eur(100_000) in html
    with writes_nothing():
        response = post_decision(client, submitted, reasoning="", amount="5000")
    assert (
        response.status_code == 400
        and "Write the reasoning of the decision" in response.content.decode()
    )
    with writes_nothing():
        response = post_decision(client, submitted, amount="5000")
    assert response.status_code == 400
    assert "No panel member has assessed this application yet." in response.content.decode()
    with writes_nothing():
        response = post_decision(client, submitted, amount="7000")
    assert response.status_code == 400 and "may be at most € 6000" in response.content.decode()

    score_all(reviewer, submitted, 4)
    sem_scores(second_reviewer, submitted)
    html = page(client, url("application", submitted.pk))
    assert SECRET in html and "Motivatie Past bij het stadsprofiel" in html
    assert "Weighted score" in html and "3.5" in html  # (4 + 3) / 2 on every criterion

    response = post_decision(
        client,
        submitted,
        reasoning="Versterkt het plein.",
        amount="5000",
        conditions="Foto's achteraf.",
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.amount_granted) == (ApplicationStatus.GRANTED, 5000)
    html = page(client, url("application", submitted.pk))
    assert 'name="decide-outcome"' not in html
    assert "Grant and payments" in html and 'name="pay-amount"' in html

    as_user(client, other_manager)  # Borne: reads the public part, decides nothing here
    page(client, url("application", submitted.pk))
    with writes_nothing():
        for name in ("decide", "pay", "release"):
            response = client.post(
                url(name, submitted.pk),
                {
                    f"{name}-outcome": "not_granted",
                    f"{name}-reasoning": "Nee.",
                    f"{name}-amount": "100",
                    f"{name}-note": "x",
                },
            )
            assert response.status_code == 403, name


def test_other_manager_cannot_decide_a_submitted_application(client, submitted, other_manager):
    as_user(client, other_manager)
    with writes_nothing():
        response = post_decision(client, submitted, "not_granted", "Nee.")
    assert response.status_code in (403, 404)
    assert not Decision.objects.exists()


def test_payments_releases_and_the_spending_report(
    client, submitted, reviewer, resident, programme_manager
):
    application = grant(submitted, reviewer, programme_manager, 5000)
    as_user(client, programme_manager)
    with writes_nothing():
        response = client.post(url("pay", application.pk), {"pay-amount": "6000"})
    assert response.status_code == 400
    assert "Only € 5000 of this grant is committed and unpaid." in response.content.decode()
    assert (
        client.post(
            url("pay", application.pk), {"pay-amount": "3000", "pay-note": "Voorschot"}
        ).status_code
        == 302
    )
    with writes_nothing():
        response = client.post(
            url("release", application.pk), {"release-amount": "500", "release-note": ""}
        )
    assert response.status_code == 400

    as_user(client, resident)
    assert client.post(url("pay", application.pk), {"pay-amount": "100"}).status_code == 403
    with writes_nothing():
        response = client.post(
            url("report", application.pk),
            {"report-realised_euros": "9000", "report-text": "Bakken geplaatst."},
        )
    assert response.status_code == 400 and "may be at most € 5000" in response.content.decode()
    assert (
        client.post(
            url("report", application.pk),
            {"report-realised_euros": "4000", "report-text": "Bakken geplaatst."},
        ).status_code
        == 302
    )

    as_user(client, programme_manager)
    html = page(client, url("application", application.pk))
    assert f"{eur(4000)} spent of the {eur(5000)} granted." in html
    assert f"{eur(1000)} of the grant was not spent." in html
    assert 'name="release-amount" value="1000"' in html
    assert (
        client.post(
            url("release", application.pk),
            {"release-amount": "1000", "release-note": "Niet besteed."},
        ).status_code
        == 302
    )
    assert list(LedgerEntry.objects.values_list("kind", "amount_euros")) == [
        ("commit", 5000),
        ("pay", 3000),
        ("release", 1000),
    ]
    html = page(client, url("application", application.pk))
    assert "Voorschot" in html and "Niet besteed." in html


def test_what_can_be_released_counts_earlier_releases(
    client, submitted, reviewer, resident, programme_manager, scheme
):
    """Granted 5,000, paid 3,000, spent 4,000: 1,000 can be released. After releasing 400 of
    it, 600 is left to release, on the application page and on the manage page alike."""
    application = grant(submitted, reviewer, programme_manager, 5000)
    money_services.grant_pay(user=programme_manager, application=application, amount=3000)
    money_services.spending_report_submit(
        user=resident, application=application, realised_euros=4000, text="Bakken geplaatst."
    )
    money_services.grant_release(
        user=programme_manager, application=application, amount=400, note="Deels terug."
    )
    as_user(client, programme_manager)
    html = page(client, url("application", application.pk))
    assert f"{eur(600)} of the grant was not spent." in html
    assert 'name="release-amount" value="600"' in html
    grants = page(client, url("manage", scheme.slug)).split('id="grants"')[1]
    assert eur(600) in grants.split('id="ledger"')[0]
    # what the page offers is what the ledger accepts, and no more
    money_services.grant_release(
        user=programme_manager, application=application, amount=600, note="De rest."
    )
    html = page(client, url("application", application.pk))
    assert "of the grant was not spent." not in html


def test_paid_money_is_not_offered_for_release(
    client, submitted, reviewer, resident, programme_manager, scheme
):
    """Paid in full (5,000) but spent 4,000: nothing can be released through the ledger."""
    application = grant(submitted, reviewer, programme_manager, 5000)
    money_services.grant_pay(user=programme_manager, application=application, amount=5000)
    money_services.spending_report_submit(
        user=resident, application=application, realised_euros=4000, text="Bakken geplaatst."
    )
    as_user(client, programme_manager)
    html = page(client, url("application", application.pk))
    assert f"{eur(4000)} spent of the {eur(5000)} granted." in html
    assert "of the grant was not spent." not in html
    grants = page(client, url("manage", scheme.slug)).split('id="grants"')[1]
    grants = grants.split('id="ledger"')[0]
    cells = [c.split("</td>")[0].strip() for c in grants.split('<td class="num">')[1:]]
    assert cells == [eur(5000), eur(5000), eur(5000), eur(4000), eur(0)]


def test_the_public_sees_the_decision_and_means_but_no_scores(
    client, submitted, reviewer, second_reviewer, programme_manager, other_resident
):
    sem_scores(second_reviewer, submitted)
    for user in (None, other_resident):
        page(as_user(client, user), url("application", submitted.pk), status=404)
    application = grant(submitted, reviewer, programme_manager, 5000)
    for user in (None, other_resident):
        html = page(as_user(client, user), url("application", application.pk))
        assert f"Granted: {eur(5000)}" in html and "Versterkt het plein." in html
        assert "Foto&#x27;s achteraf." in html or "Foto's achteraf." in html
        assert "Weighted score" in html and "3.5" in html
        assert SECRET not in html and "Motivatie" not in html  # no one's scores
        assert "Groen op het Marktplein." not in html and "Plantenbakken" not in html
        assert 'name="decide-' not in html and 'name="pay-' not in html


def test_the_team_withdraws_with_a_confirmation(
    client, submitted, resident, reviewer, other_resident
):
    as_user(client, reviewer)
    assert client.post(url("withdraw", submitted.pk), {"withdraw-confirm": "on"}).status_code == 403
    as_user(client, other_resident)
    assert client.post(url("withdraw", submitted.pk), {"withdraw-confirm": "on"}).status_code == 404
    as_user(client, resident)
    with writes_nothing():
        response = client.post(url("withdraw", submitted.pk), {"withdraw-reason": "Te vroeg"})
    assert response.status_code == 400
    assert "Tick the box to confirm that you withdraw it." in response.content.decode()
    response = client.post(
        url("withdraw", submitted.pk), {"withdraw-reason": "Te vroeg", "withdraw-confirm": "on"}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.WITHDRAWN
    assert not Clock.objects.filter(kind=ClockKey.APPLICATION).exists()
    html = page(client, url("application", submitted.pk))
    assert "The team withdrew it." in html and 'name="withdraw-confirm"' not in html


# --- attachments ------------------------------------------------------------------------------


def _upload(client, application, name, content):
    return client.post(
        url("attachment_add", application.pk),
        {"attachment-file": SimpleUploadedFile(name, content)},
    )


def test_attachments_are_checked_and_only_for_the_team_panel_and_staff(
    client,
    draft,
    resident,
    other_resident,
    reviewer,
    programme_manager,
    other_manager,
    connector,
    second_reviewer,
):
    as_user(client, resident)
    for name, content, message in (
        ("plan.exe", b"MZ...", "Attach a PDF, ODT, ODS, DOCX, XLSX, PNG or JPEG file."),
        ("plan.pdf", b"not a pdf", "does not match its type"),
    ):
        with writes_nothing():
            response = _upload(client, draft, name, content)
        assert response.status_code == 400 and message in response.content.decode()
    response = _upload(client, draft, "offerte.pdf", PDF)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    html = page(client, url("application_edit", draft.pk))
    assert "offerte.pdf" in html and url("attachment", draft.pk, attachment.pk) in html

    download = url("attachment", draft.pk, attachment.pk)
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert "offerte.pdf" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert client.get(url("attachment", draft.pk, attachment.pk + 99)).status_code == 404
    for user in (None, other_resident, reviewer, programme_manager):  # a draft: only the team
        assert as_user(client, user).get(download).status_code == 404

    application_services.application_submit(user=resident, application=draft)
    for user in (reviewer, programme_manager, connector, resident):
        assert as_user(client, user).get(download).status_code == 200
    for user in (None, other_resident, other_manager):
        assert as_user(client, user).get(download).status_code == 404
    # a conflicted panel member may still read the application and its attachments
    assessment.review_declare_conflict(user=second_reviewer, application=draft, note="Buren")
    assert as_user(client, second_reviewer).get(download).status_code == 200

    as_user(client, resident)
    with writes_nothing():
        client.post(url("attachment_remove", draft.pk, attachment.pk))
        response = _upload(client, draft, "nog.pdf", PDF)
    assert response.status_code == 302  # back to the page: submitted, it can no longer change

    grant(draft, reviewer, programme_manager)
    assert as_user(client, None).get(url("application", draft.pk)).status_code == 200
    assert client.get(download).status_code == 404  # public decision, private attachments
    assert as_user(client, other_resident).get(download).status_code == 404


def test_removing_an_attachment_of_a_draft(client, draft, resident, other_resident):
    attachment = application_services.attachment_add(
        user=resident, application=draft, upload=SimpleUploadedFile("a.pdf", PDF)
    )
    as_user(client, other_resident)
    assert client.post(url("attachment_remove", draft.pk, attachment.pk)).status_code == 404
    as_user(client, resident)
    response = client.post(url("attachment_remove", draft.pk, attachment.pk))
    assert response.status_code == 302
    assert not Attachment.objects.exists()


# --- my applications and the initiative page --------------------------------------------------


def test_my_applications_lists_them_with_the_next_step(
    client, draft, resident, other_resident, initiative, scheme, profile
):
    other = application_services.application_create(
        user=resident, initiative=new_initiative(resident, initiative.municipality), scheme=scheme
    )
    html = page(as_user(client, resident), url("mine"))
    assert html.count("Complete and submit it") == 2
    assert "Repair Café Hengelo" in html and "Buurtmoestuin Hengelose Es" in html
    assert url("application_edit", other.pk) in html
    application_services.application_submit(user=resident, application=draft)
    html = page(client, url("mine"))
    assert "Wait for the decision, due by" in html
    html = page(as_user(client, other_resident), url("mine"))
    assert "You have no applications yet." in html
    assert reverse("initiatives:list") in html


def test_the_initiative_page_shows_grants_and_the_timeline(
    client, resident, initiative, scheme, profile, reviewer, programme_manager
):
    application = application_services.application_create(
        user=resident, initiative=initiative, scheme=scheme
    )
    as_user(client, resident)
    client.post(url("submit", application.pk), edit_data(pitch=True))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    anonymous = as_user(client, None)
    html = page(anonymous, initiative.get_absolute_url())
    assert f"applied to Spontane Binnenstad for {eur(6000)}" in html and "wants to pitch" in html
    assert 'id="grants"' not in html  # not decided: not in the public list
    grant(application, reviewer, programme_manager, 5000)
    money_services.spending_report_submit(
        user=resident, application=application, realised_euros=4200, text="Bakken geplaatst."
    )
    html = page(anonymous, initiative.get_absolute_url())
    assert 'id="grants"' in html and application.get_absolute_url() in html
    assert f"Hengelo granted {eur(5000)} from Spontane Binnenstad" in html
    assert "Foto&#x27;s achteraf." in html
    assert f"reported the spending: {eur(4200)} of {eur(5000)} granted" in html

    withdrawn = complete_draft(resident, new_initiative(resident, initiative.municipality), scheme)
    application_services.application_submit(user=resident, application=withdrawn)
    application_services.application_withdraw(
        user=resident, application=withdrawn, reason="Te vroeg"
    )
    html = page(anonymous, withdrawn.initiative.get_absolute_url())
    assert "withdrew the application to Spontane Binnenstad" in html


# --- query counts -----------------------------------------------------------------------------


def _count(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def _application(resident, municipality, scheme, title, n_lines):
    application = application_services.application_create(
        user=resident, initiative=new_initiative(resident, municipality, title=title), scheme=scheme
    )
    half = n_lines // 2
    lines = [
        {"item": f"Post {i}", "amount_euros": 100, "source": LineSource.SCHEME} for i in range(half)
    ]
    lines += [
        {"item": f"Eigen {i}", "amount_euros": 100, "source": LineSource.OWN}
        for i in range(n_lines - half)
    ]
    application_services.application_update(
        user=resident,
        application=application,
        data={
            "amount_requested": 100 * half,
            "plan": "Plan.",
            "themes": ["groen"],
            "budget_lines": lines,
        },
    )
    for n in range(n_lines // 10 + 1):
        application_services.attachment_add(
            user=resident, application=application, upload=SimpleUploadedFile(f"b{n}.pdf", PDF)
        )
    return application


def test_the_pages_use_a_fixed_number_of_queries(
    client,
    resident,
    municipality,
    scheme,
    profile,
    reviewer,
    second_reviewer,
    regional_manager,
    programme_manager,
):
    small = _application(resident, municipality, scheme, "Klein", 2)
    large = _application(resident, municipality, scheme, "Groot", 20)
    as_user(client, resident)
    assert _count(client, url("application_edit", small.pk)) == _count(
        client, url("application_edit", large.pk)
    )
    for application in (small, large):
        application_services.application_submit(user=resident, application=application)
    score_all(reviewer, small)
    extra = [
        _user(f"Panel {n}", f"panel{n}@example.org", [(municipality, Role.REVIEWER)])
        for n in range(3)
    ]
    for user in extra:
        scheme_services.reviewer_add(user=regional_manager, scheme=scheme, email=user.email)
    for user in [reviewer, second_reviewer, *extra]:
        score_all(user, large)
    assert Reviewer.objects.count() == 5
    for user in (programme_manager, reviewer, resident):
        as_user(client, user)
        assert _count(client, url("application", small.pk)) == _count(
            client, url("application", large.pk)
        ), user
    as_user(client, resident)
    assert _count(client, url("mine")) > 0
