"""The map's GeoJSON per request, in one process, filtered and unfiltered.

    .venv/bin/python benchmarks/geojson.py --initiatives 10000 --output geojson.json

It sets up the same throw-away production database as web.py (migrate, the demo region and
bulk initiatives from seed.py) and then, in a child process with that environment and the
public page cache off (`PUBLIC_PAGE_CACHE_SECONDS=0`), requests the GeoJSON of the map
through Django's `WSGIHandler` as an anonymous visitor, for a few filters. For each it
reports the median time of a request when the answer has to be built ("cold": the caches are
cleared before each request; also its CPU time in this process, which other work on the
machine disturbs less, though SQLite's work counts in it) and when it can be reused ("warm"), the size of the answer, the
number of features (and how many of them are clusters) and the number of SQL queries. It
writes one JSON object to stdout (and to `--output FILE`).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.loadgen import emit_json  # noqa: E402

GEOJSON = "/api/v1/initiatives/geojson"
FILTERS = {
    "all": "",
    "borne": "municipality=borne",
    "borne_idea": "municipality=borne&status=idea",
    "search": "q=moestuin",
}


def _get(handler, path: str, query: str) -> tuple[int, bytes]:
    from benchmarks.sql_profile import _wsgi_get

    return _wsgi_get(handler, f"{path}?{query}" if query else path)


def measure(repeat: int) -> dict:
    """In the benchmark environment: time the GeoJSON for each filter."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.bench_settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    handler = WSGIHandler()
    _get(handler, GEOJSON, "")  # warm up: imports, URL resolver, DB connection
    results = {}
    for name, query in FILTERS.items():
        cold, cold_cpu, warm = [], [], []
        for _ in range(repeat):
            cache.clear()
            started, started_cpu = time.perf_counter(), time.process_time()
            status, body = _get(handler, GEOJSON, query)
            cold.append((time.perf_counter() - started) * 1000)
            cold_cpu.append((time.process_time() - started_cpu) * 1000)
        for _ in range(repeat):
            started = time.perf_counter()
            _get(handler, GEOJSON, query)
            warm.append((time.perf_counter() - started) * 1000)
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            _get(handler, GEOJSON, query)
        features = json.loads(body)["features"]
        results[name] = {
            "query": query,
            "status": status,
            "bytes": len(body),
            "features": len(features),
            "clusters": sum(1 for f in features if f["properties"].get("cluster")),
            "points_in_answer": sum(f["properties"].get("count", 1) for f in features),
            "queries": len(ctx.captured_queries),
            "cold_ms_median": round(statistics.median(cold), 2),
            "cold_cpu_ms_median": round(statistics.median(cold_cpu), 2),
            "warm_ms_median": round(statistics.median(warm), 2),
        }
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--output", help="also write the JSON here")
    parser.add_argument("--keep", metavar="DIR", help="prepare the database in DIR and keep it")
    parser.add_argument("--prepared", metavar="DIR", help="measure on a database kept before")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        json.dump(measure(args.repeat), sys.stdout)
        return 0

    sys.path.insert(0, str(ROOT))
    from benchmarks.server import Bench

    bench = Bench(argparse.Namespace(initiatives=args.initiatives, keep=False))
    shutil.rmtree(bench.tmp)
    if args.prepared or args.keep:
        bench.tmp = Path(args.prepared or args.keep).resolve()
        if not bench.pg_database:  # the SQLite file lives in the kept directory
            bench.database_url = f"sqlite:///{bench.tmp / 'bench.sqlite3'}"
        bench.env = bench._env()
    try:
        if args.prepared:
            seed = json.loads((bench.tmp / "seed.json").read_text())
        else:
            bench.tmp.mkdir(parents=True, exist_ok=bool(args.keep))
            seed = bench.prepare()
        env = dict(
            bench.env,
            DJANGO_SETTINGS_MODULE="benchmarks.bench_settings",
            PUBLIC_PAGE_CACHE_SECONDS="0",
        )
        done = subprocess.run(
            [bench.python, "-m", "benchmarks.geojson", "--measure", "--repeat", str(args.repeat)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        if not (args.prepared or args.keep):
            shutil.rmtree(bench.tmp, ignore_errors=True)
    result = {
        "initiatives": seed["initiatives"],
        "visible_initiatives": seed["visible_initiatives"],
        "repeat": args.repeat,
        "results": json.loads(done.stdout),
    }
    emit_json(result, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
