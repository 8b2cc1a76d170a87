"""Searching initiatives at scale: the trigram-indexed search against the search it replaced
(three `LIKE '%word%'` scans over title, summary and address), in the same run.

    .venv/bin/python benchmarks/search.py [--initiatives 10000 100000] [--repeat 20]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python benchmarks/search.py

For each size it fills a fresh database (a SQLite file in a temporary directory, or a fresh
PostgreSQL database on the server DATABASE_URL names, dropped afterwards) with
benchmarks/seed.py, then times, in one process, what the list page asks for a search: the
COUNT and the first page of 20, for a few terms. Per term and size: median and p95 in ms for
`indexed` (today's `initiative_list` with an exact count), `indexed_count_capped` (the same
with the count stopped at the list page's cap, as the list page counts a search) and `scan`
(the old filter), whether both found the same initiatives, and the ratio. One JSON object on stdout (and --output).
"""

import argparse
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.loadgen import emit_json  # noqa: E402

TERMS = ["moestuin", "buurt", "markt 12", "zomer", "zz"]


def _measure(repeat: int) -> dict:
    """Runs inside the seeded database's process."""
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.db.models import Q

    from spontaan.initiatives.listing import SEARCH_COUNT_CAP
    from spontaan.initiatives.selectors import (
        InitiativeFilters,
        initiative_list,
        initiative_list_public,
    )

    user = AnonymousUser()

    def indexed(term):
        return initiative_list(user=user, filters=InitiativeFilters(q=term))

    def scan(term):
        qs = initiative_list_public(user=user)
        for word in term.split()[:8]:
            qs = qs.filter(
                Q(title__icontains=word) | Q(summary__icontains=word) | Q(address__icontains=word)
            )
        return qs

    def timed(build, term, cap=None):
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            qs = build(term)
            (qs[: cap + 1] if cap else qs).count()
            list(qs.values_list("pk", flat=True)[:20])
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        return {
            "median_ms": round(statistics.median(times), 2),
            "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 2),
        }

    result = {"database": connection.vendor, "terms": {}}
    for term in TERMS:
        same = set(indexed(term).values_list("pk", flat=True)) == set(
            scan(term).values_list("pk", flat=True)
        )
        a, b = timed(indexed, term), timed(scan, term)
        capped = timed(indexed, term, cap=SEARCH_COUNT_CAP)
        result["terms"][term] = {
            "matches": indexed(term).count(),
            "same_results_as_scan": same,
            "indexed": a,
            "indexed_count_capped": capped,
            "scan": b,
            "speedup": round(b["median_ms"] / a["median_ms"], 2) if a["median_ms"] else None,
        }
    return result


def _run_size(n: int, repeat: int) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="spontaan-search-"))
    given = os.environ.get("DATABASE_URL", "")
    pg_name = ""
    if given.startswith(("postgres://", "postgresql://")):
        import psycopg

        pg_name = f"spontaan_search_{secrets.token_hex(4)}"
        with psycopg.connect(given, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{pg_name}"')
        url = urllib.parse.urlunsplit(urllib.parse.urlsplit(given)._replace(path="/" + pg_name))
    else:
        url = f"sqlite:///{tmp / 'search.sqlite3'}"
    env = dict(
        os.environ,
        DATABASE_URL=url,
        SPONTAAN_VAR_DIR=str(tmp),
        DJANGO_SETTINGS_MODULE="benchmarks.bench_settings",
        PYTHONPATH=str(ROOT),
        LOG_LEVEL="WARNING",
    )
    python = str(ROOT / ".venv" / "bin" / "python")
    try:
        subprocess.run(
            [python, "-m", "django", "migrate", "--noinput", "-v", "0"], env=env, check=True
        )
        subprocess.run(
            [python, "-m", "benchmarks.seed", "--initiatives", str(n), "--result", str(tmp / "s")],
            env=env,
            check=True,
        )
        done = subprocess.run(
            [python, __file__, "--measure", "--repeat", str(repeat)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        return {"initiatives": n, **json.loads(done.stdout)}
    finally:
        if pg_name:
            import psycopg

            with psycopg.connect(given, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--output")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(_measure(args.repeat)))
        return 0
    random.seed(0)
    sizes = [_run_size(n, args.repeat) for n in args.initiatives]
    output = {
        "repeat": args.repeat,
        "sizes": sizes,
        "note": "One process, no HTTP: the list page's COUNT and first page of 20 for a search. "
        "`scan` is the filter used before the trigram index, measured in the same run.",
    }
    emit_json(output, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
