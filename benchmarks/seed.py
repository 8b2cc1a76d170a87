"""Fill a fresh (benchmark) database: the demo region, then bulk initiatives up to a total.

Run by benchmarks/web.py in a subprocess, with the benchmark environment (DATABASE_URL pointing
at a throw-away SQLite file):

    python -m benchmarks.seed --initiatives 10000 --result seed.json

Never run this against a real database: it adds thousands of invented initiatives.
The result file says which initiative the detail page benchmark should fetch.
"""

import argparse
import json
import os
import random
import sys
import time
from datetime import timedelta


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.bench_settings")
    import django

    django.setup()


WORDS_A = [
    "Groene",
    "Open",
    "Gedeelde",
    "Tijdelijke",
    "Levendige",
    "Nieuwe",
    "Kleine",
    "Stille",
    "Samen",
    "Buurt",
    "Zomer",
    "Winter",
    "Avond",
    "Markt",
    "Water",
]
WORDS_B = [
    "moestuin",
    "buurtkamer",
    "speelplek",
    "werkplaats",
    "markt",
    "bibliotheek",
    "tafel",
    "repair café",
    "crèche",
    "sportavond",
    "stadsstrand",
    "podium",
    "gevelgroen",
    "boomgaard",
    "fietsenmakerij",
    "kookclub",
    "expositie",
    "dansavond",
]
PLACES = [
    "aan de Oude Markt",
    "in het leegstaande pand",
    "bij het station",
    "op het plein",
    "langs de singel",
    "in de binnentuin",
    "achter de kerk",
    "in de oude school",
    "aan het water",
    "in de winkelstraat",
]
SENTENCES = [
    "Bewoners en ondernemers werken samen aan een levendige binnenstad.",
    "We zoeken mensen die een paar uur per week willen helpen.",
    "Het pand staat al jaren leeg en verdient een tweede leven.",
    "Voor jong en oud, elke zaterdag van tien tot vier.",
    "We hebben een kleine bijdrage nodig voor materiaal en een vergunning.",
    "De buurt heeft zelf het plan gemaakt tijdens drie avonden aan de keukentafel.",
    "Alles wat we opbrengen gaat terug naar de buurt.",
]
STATUS_WEIGHTS = {
    "idea": 30,
    "looking_for_partners": 15,
    "in_werkatelier": 8,
    "applied": 8,
    "granted": 6,
    "not_granted": 3,
    "running": 15,
    "realised": 10,
    "stopped": 5,
}


def seed(total: int, rng: random.Random) -> dict:
    from django.db import transaction
    from django.utils import timezone

    from spontaan.accounts.models import User
    from spontaan.core.demo import load_demo
    from spontaan.initiatives.kinds import EventKey
    from spontaan.initiatives.models import (
        Category,
        Function,
        Initiative,
        NewsItem,
        TimelineEvent,
    )
    from spontaan.places.models import Municipality

    started = time.monotonic()
    # The demo loader refuses to run in production only through its management command;
    # calling it directly is fine for a throw-away benchmark database.
    load_demo()
    demo_ids = list(Initiative.objects.values_list("pk", flat=True))
    demo_count = len(demo_ids)

    municipalities = list(Municipality.objects.all())
    functions = list(Function.objects.all())
    with transaction.atomic():
        now = timezone.now()
        residents = User.objects.bulk_create(
            User(
                email=f"bewoner{i}@bench.spontaan.invalid",
                display_name=f"Bewoner {i} (bench)",
                password="!",
                email_verified_at=now,
            )
            for i in range(200)
        )
        to_create = max(0, total - demo_count)
        categories = list(Category.values)
        statuses = list(STATUS_WEIGHTS)
        weights = list(STATUS_WEIGHTS.values())
        objs = []
        for i in range(to_create):
            municipality = rng.choice(municipalities)
            title = f"{rng.choice(WORDS_A)} {rng.choice(WORDS_B)} {rng.choice(PLACES)} #{i + 1}"
            summary = " ".join(rng.sample(SENTENCES, 2))[:300]
            story = "\n\n".join(rng.sample(SENTENCES, 4))
            objs.append(
                Initiative(
                    municipality=municipality,
                    title=title[:140],
                    summary=summary,
                    story=story,
                    story_html="".join(f"<p>{p}</p>" for p in story.split("\n\n")),
                    category=rng.choice(categories),
                    status=rng.choices(statuses, weights)[0],
                    address=f"{rng.choice(['Markt', 'Kerkstraat', 'Haven', 'Stationsplein'])} "
                    f"{rng.randint(1, 120)}, {municipality.name}",
                    latitude=(municipality.latitude or 52.25) + rng.uniform(-0.02, 0.02),
                    longitude=(municipality.longitude or 6.8) + rng.uniform(-0.03, 0.03),
                    created_by=rng.choice(residents),
                    is_hidden=rng.random() < 0.01,
                )
            )
        created = Initiative.objects.bulk_create(objs, batch_size=1000)

        # Spread the history over the past three years, ids rising with time (bulk_update does
        # not apply auto_now/auto_now_add, so the dates stick).
        span = 3 * 365 * 24 * 3600
        offsets = sorted((rng.uniform(0, span) for _ in created), reverse=True)
        for initiative, offset in zip(created, offsets, strict=True):
            moment = now - timedelta(seconds=offset)
            initiative.created_at = moment
            initiative.updated_at = moment + timedelta(days=rng.uniform(0, 30))
            initiative.status_changed_at = initiative.updated_at
        Initiative.objects.bulk_update(
            created, ["created_at", "updated_at", "status_changed_at"], batch_size=500
        )

        through = Initiative.functions.through
        links = []
        for initiative in created:
            for function in rng.sample(functions, rng.randint(1, 3)):
                links.append(through(initiative_id=initiative.pk, function_id=function.pk))
        through.objects.bulk_create(links, batch_size=2000)

        events = []
        for initiative in created:
            events.append(
                TimelineEvent(
                    initiative=initiative, kind=EventKey.CREATED, user_id=initiative.created_by_id
                )
            )
            if initiative.status != "idea":
                events.append(
                    TimelineEvent(
                        initiative=initiative,
                        kind=EventKey.STATUS,
                        user_id=initiative.created_by_id,
                        text="",
                        data={"from": "idea", "to": initiative.status},
                    )
                )
        # Team news (0-2 items each), on the page and on the timeline as the team posts it.
        news = [
            NewsItem(
                initiative=initiative,
                author_id=initiative.created_by_id,
                title=f"Nieuws {n + 1}",
                text=(sentence := rng.choice(SENTENCES)),
                text_html=f"<p>{sentence}</p>",
            )
            for initiative in created
            for n in range(rng.randint(0, 2))
        ]
        NewsItem.objects.bulk_create(news, batch_size=2000)
        for item in news:
            events.append(
                TimelineEvent(
                    initiative_id=item.initiative_id,
                    kind=EventKey.NEWS,
                    user_id=item.author_id,
                    data={"news": item.pk, "title": item.title},
                )
            )
        TimelineEvent.objects.bulk_create(events, batch_size=2000)

    from django.db import connection
    from django.db.models import Count

    # A bulk load leaves PostgreSQL without statistics until autovacuum analyses the tables,
    # within a minute or so in production; without them it plans a broad search as if it
    # matched a few rows. Measure the steady state.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    # The detail page: the demo initiative with the richest history (events, team, asks,
    # an answer clock), as a real visitor would most likely open.
    detail = (
        Initiative.objects.filter(is_hidden=False, pk__in=demo_ids)
        .annotate(n_events=Count("events", distinct=True), n_asks=Count("asks", distinct=True))
        .order_by("-n_events", "pk")
        .first()
    )
    return {
        "initiatives": Initiative.objects.count(),
        "visible_initiatives": Initiative.objects.filter(is_hidden=False).count(),
        "demo_initiatives": demo_count,
        "function_links": through.objects.count(),
        "timeline_events": TimelineEvent.objects.count(),
        "detail_id": detail.pk,
        "detail_title": detail.title,
        "detail_events": detail.n_events,
        "detail_asks": detail.n_asks,
        "seconds": round(time.monotonic() - started, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=10_000)
    parser.add_argument("--result", required=True, help="write the JSON result here")
    parser.add_argument("--random-seed", type=int, default=20260101)
    args = parser.parse_args(argv)
    _setup()
    result = seed(args.initiatives, random.Random(args.random_seed))
    with open(args.result, "w", encoding="utf-8") as fh:
        json.dump(result, fh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
