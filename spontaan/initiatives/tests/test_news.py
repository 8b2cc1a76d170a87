"""Team news: posted by the team, on the page, the timeline, the API and in the search, sent
to followers; and moderatable from report to restore, like the initiative itself."""

import pytest
from django.core.exceptions import PermissionDenied

from spontaan.initiatives.models import NewsItem, TimelineEvent
from spontaan.initiatives.news import news_post
from spontaan.initiatives.services import initiative_follow
from spontaan.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _news(resident, initiative, title="Eerste oogst", text="De **bonen** zijn op."):
    return news_post(user=resident, initiative=initiative, title=title, text=text)


def test_the_team_posts_news_and_followers_hear_of_it(initiative, resident, other_resident):
    initiative_follow(user=other_resident, initiative=initiative)
    item = _news(resident, initiative)
    assert "<strong>bonen</strong>" in item.text_html
    assert TimelineEvent.objects.filter(kind="news", data__news=item.pk).exists()
    assert Notification.objects.filter(user=other_resident, kind="news").exists()


def test_only_the_team_posts_news(initiative, other_resident, connector):
    for user in (other_resident, connector):
        with pytest.raises(PermissionDenied):
            _news(user, initiative)
    assert not NewsItem.objects.exists()


def test_news_is_on_the_page_and_the_timeline_with_a_report_link(
    client, initiative, resident, other_resident
):
    item = _news(resident, initiative)
    client.force_login(other_resident)
    body = client.get(initiative.get_absolute_url()).text
    assert f'id="news-{item.pk}"' in body and "Eerste oogst" in body
    assert f'href="#news-{item.pk}"' in body  # the timeline links to it
    assert f"/moderatie/melden/news/{item.pk}/" in body
    assert f"/moderatie/melden/initiative/{initiative.pk}/" in body


def test_the_team_posts_news_through_the_page(client, initiative, resident):
    client.force_login(resident)
    response = client.post(
        f"/initiatieven/{initiative.pk}/teamnieuws/",
        {"news-title": "Open dag", "news-text": "Zaterdag om **tien** uur."},
    )
    assert response.status_code == 302
    assert NewsItem.objects.get().title == "Open dag"
    response = client.post(
        f"/initiatieven/{initiative.pk}/teamnieuws/", {"news-title": "", "news-text": ""}
    )
    assert response.status_code == 400 and NewsItem.objects.count() == 1


def test_news_in_the_api_read_and_write(client, initiative, resident, other_resident):
    _news(resident, initiative)
    response = client.get(f"/api/v1/initiatives/{initiative.pk}/news")
    assert response.status_code == 200
    assert [n["title"] for n in response.json()] == ["Eerste oogst"]
    assert "author" not in response.json()[0] and "email" not in response.text
    client.force_login(other_resident)
    response = client.post(
        f"/api/v1/initiatives/{initiative.pk}/news",
        {"title": "Niet van mij", "text": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403
    client.force_login(resident)
    response = client.post(
        f"/api/v1/initiatives/{initiative.pk}/news",
        {"title": "Van het team", "text": "Hallo"},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["title"] == "Van het team"


def test_news_is_found_by_the_search(client, initiative, resident):
    _news(resident, initiative, title="Pompoenfeest")
    response = client.get("/zoeken/", {"q": "pompoenfeest"})
    assert response.status_code == 200 and "Pompoenfeest" in response.text


def test_news_end_to_end_report_hide_reason_objection_restore(
    client, initiative, resident, other_resident, moderator
):
    item = _news(resident, initiative, title="Koop nu goedkope horloges")
    # A reader reports it.
    client.force_login(other_resident)
    response = client.post(
        f"/moderatie/melden/news/{item.pk}/", {"reason": "spam", "note": "Reclame"}
    )
    assert response.status_code == 302
    # The moderator finds it on the queue and hides it with a reason.
    client.force_login(moderator)
    queue = client.get("/moderatie/")
    assert "Koop nu goedkope horloges" in queue.text
    response = client.post(
        f"/moderatie/news/{item.pk}/", {"action": "hide", "reason": "spam", "note": "Reclame"}
    )
    assert response.status_code == 302
    # It is gone for the public: page, timeline, API, search.
    client.logout()
    page = client.get(initiative.get_absolute_url()).text
    assert "horloges" not in page
    assert "horloges" not in client.get(f"/api/v1/initiatives/{initiative.pk}/news").text
    assert "horloges" not in client.get(f"/api/v1/initiatives/{initiative.pk}/timeline").text
    assert "Koop nu goedkope" not in client.get("/zoeken/", {"q": "horloges"}).text
    # The author sees it with the reason, and objects.
    client.force_login(resident)
    page = client.get(initiative.get_absolute_url()).text
    assert "horloges" in page and "Reclame" in page
    assert f"/moderatie/bezwaar/news/{item.pk}/" in page
    objection_page = client.get(f"/moderatie/bezwaar/news/{item.pk}/")
    assert objection_page.status_code == 200 and "horloges" in objection_page.text
    response = client.post(f"/moderatie/bezwaar/news/{item.pk}/", {"text": "Het is een grap."})
    assert response.status_code == 302
    # The objection is back on the queue; the moderator restores.
    client.force_login(moderator)
    assert "Het is een grap." in client.get("/moderatie/").text
    response = client.post(f"/moderatie/news/{item.pk}/", {"action": "restore"})
    assert response.status_code == 302
    client.logout()
    assert "horloges" in client.get(initiative.get_absolute_url()).text


def test_ones_own_news_is_in_the_data_export(initiative, resident):
    from spontaan.accounts.export import user_export_data

    _news(resident, initiative)
    exported = user_export_data(user=resident)["initiatives"]["team_news"]
    assert [n["title"] for n in exported] == ["Eerste oogst"]
