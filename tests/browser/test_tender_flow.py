"""The tender's main flow, end to end in Chromium, on the demo region.

An initiator applies for a grant from the initiative's page; two reviewers of the panel score
it; the programme manager grants it; the public scheme page shows the decision, its reasoning
and the budget that is left. Every page, and the pages shown after each form, is checked with
axe-core.
"""

import re

import pytest
from playwright.sync_api import expect

from spontaan.core.demo import DEMO_PASSWORD
from spontaan.initiatives.models import Initiative
from spontaan.tender.models import Application, ApplicationStatus, Scheme
from spontaan.tender.money.selectors import scheme_budget

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INITIATOR = "initiatiefnemer@demo.spontaan.nl"
REVIEWERS = ["beoordelaar@demo.spontaan.nl", "beoordelaar.hengelo@demo.spontaan.nl"]
MANAGER = "programma@demo.spontaan.nl"
TITLE = "Moestuin aan de Hengelose Es"
PLAN = "Twaalf moestuinbakken met de basisschool; de buurt onderhoudt ze daarna zelf."
REASONING = (
    "Versterkt het stadsprofiel: jongeren en ontmoeting, en de buurt zorgt zelf voor het onderhoud."
)
LOGOUT_FORM = 'header form[action="/account/uitloggen/"]'


def _path(page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)


def _submit(page, button) -> None:
    with page.expect_navigation():
        button.click()


def _log_in(page, live_server, email) -> None:
    page.goto(f"{live_server.url}/account/inloggen/")
    page.fill('input[name="email"]', email)
    page.fill('input[name="password"]', DEMO_PASSWORD)
    _submit(page, page.locator('main form[action="/account/inloggen/"] button[type="submit"]'))
    expect(page.locator(LOGOUT_FORM)).to_be_visible()


def _log_out(page) -> None:
    _submit(page, page.locator(f"{LOGOUT_FORM} button[type='submit']"))
    expect(page.locator(LOGOUT_FORM)).to_have_count(0)


def _euros(n: int) -> str:
    return f"{n:,}".replace(",", ".")  # Dutch thousands separator


def test_apply_assess_grant_and_the_public_sees_it(demo_region, page, live_server, axe_audit):
    audit = axe_audit
    scheme = Scheme.objects.get(slug="spontane-binnenstad")
    left_before = scheme_budget(scheme=scheme).available
    initiative = Initiative.objects.get(title=TITLE)

    # --- the initiator applies from the initiative's page --------------------------------
    _log_in(page, live_server, INITIATOR)
    page.goto(f"{live_server.url}{initiative.get_absolute_url()}")
    audit.check(page, "initiative page with an open scheme")
    _submit(
        page,
        page.locator(f'form[action="/regelingen/{scheme.slug}/aanvragen/{initiative.pk}/"] button'),
    )
    application = Application.objects.get(initiative=initiative)
    assert _path(page) == f"/regelingen/aanvragen/{application.pk}/bewerken/"
    audit.check(page, "new application (draft)")

    page.fill("#id_application-amount_requested", "6000")
    page.fill("#id_application-plan", PLAN)
    page.locator('input[name="application-themes"]').first.check()
    for row, (item, amount, source) in enumerate(
        [
            ("Moestuinbakken en aarde", "5000", "scheme"),
            ("Zaaigoed en gereedschap", "1000", "scheme"),
            ("Uren van vrijwilligers", "2000", "own"),
        ]
    ):
        page.fill(f"#id_lines-{row}-item", item)
        page.fill(f"#id_lines-{row}-amount_euros", amount)
        page.select_option(f"#id_lines-{row}-source", source)
    # a mistake first: the amount asked does not match the lines
    page.fill("#id_application-amount_requested", "7000")
    _submit(page, page.locator('button[formaction$="/indienen/"]'))
    expect(page.locator(".errorlist").first).to_be_visible()
    audit.check(page, "application with an error")
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.DRAFT

    page.fill("#id_application-amount_requested", "6000")
    _submit(page, page.locator('button[formaction$="/indienen/"]'))
    assert _path(page) == f"/regelingen/aanvragen/{application.pk}/"
    audit.check(page, "submitted application (initiator)")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    _log_out(page)

    # --- two reviewers of the panel score it -----------------------------------------------
    criteria = list(scheme.criteria.all())
    for value, reviewer in zip((4, 3), REVIEWERS, strict=True):
        _log_in(page, live_server, reviewer)
        page.goto(f"{live_server.url}/regelingen/beoordelen/")
        audit.check(page, f"review queue of {reviewer}")
        _submit(page, page.locator(f'main a[href="/regelingen/aanvragen/{application.pk}/"]').first)
        audit.check(page, f"application for {reviewer}")
        for criterion in criteria:
            page.check(f'input[name="review-score_{criterion.pk}"][value="{value}"]')
            page.fill(
                f"#id_review-motivation_{criterion.pk}",
                f"{criterion.name}: onderbouwd door {reviewer.split('@')[0]}.",
            )
        _submit(page, page.locator('form[action$="/beoordeling/"] button[type="submit"]'))
        assert _path(page) == f"/regelingen/aanvragen/{application.pk}/"
        audit.check(page, f"application after scoring ({reviewer})")
        _log_out(page)

    # --- the programme manager grants ------------------------------------------------------
    _log_in(page, live_server, MANAGER)
    page.goto(f"{live_server.url}/regelingen/{scheme.slug}/beheer/")
    audit.check(page, "pipeline of the programme manager")
    page.goto(f"{live_server.url}/regelingen/aanvragen/{application.pk}/")
    audit.check(page, "application for the programme manager")
    page.check('input[name="decide-outcome"][value="granted"]')
    page.fill("#id_decide-amount", "5000")
    page.fill("#id_decide-reasoning", REASONING)
    _submit(page, page.locator('form[action$="/besluit/"] button[type="submit"]'))
    audit.check(page, "granted application (programme manager)")
    application.refresh_from_db()
    assert (application.status, application.amount_granted) == (ApplicationStatus.GRANTED, 5000)
    _log_out(page)

    # --- the public sees the decision and the budget left ----------------------------------
    page.goto(f"{live_server.url}/regelingen/{scheme.slug}/")
    audit.check(page, "public scheme page")
    main = page.locator("main")
    expect(main).to_contain_text(REASONING)
    expect(main).to_contain_text(TITLE)
    expect(main).to_contain_text(_euros(left_before - 5000))
    # the panel's scores stay private; only the means per criterion are public
    expect(main).not_to_contain_text("onderbouwd door")
    page.goto(f"{live_server.url}/regelingen/aanvragen/{application.pk}/")
    audit.check(page, "public decision of the application")
    expect(page.locator("main")).to_contain_text("3,5")  # the panel's mean (4 and 3)
    audit.assert_clean()
