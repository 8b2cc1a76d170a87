"""Where a page spends its time, in one process without an HTTP server or concurrency.

Run by benchmarks/web.py after seeding (same environment, same database):

    python -m benchmarks.sql_profile --path list=/initiatieven/ --result sql.json

For every path, as an anonymous visitor or, with `--user EMAIL`, signed in as that account
(like the load test with `--as`):

* the SQL of one request, captured with Django's test client and CaptureQueriesContext, each
  query timed precisely (a connection execute_wrapper; Django's own `time` is rounded to ms),
  the slowest ones with SQLite's query plan;
* the median time of the whole request through Django's WSGI handler (the production code
  path; the test client adds signal bookkeeping of its own) and of its SQL;
* a cProfile breakdown of those requests: the share of time in template rendering, building
  SQL in the ORM, executing SQL, opening database connections, get_FOO_display(), and the
  functions with the most time of their own.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from contextlib import contextmanager


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.bench_settings")
    import django

    django.setup()


@contextmanager
def _timed_queries(sink: list[float]):
    """Time every query executed inside the block (milliseconds, in execution order)."""
    from django.db import connection

    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sink.append((time.perf_counter() - started) * 1000)

    with connection.execute_wrapper(wrapper):
        yield


def _explain(sql: str) -> list[str]:
    from django.db import connection

    if connection.vendor != "sqlite" or not sql.lstrip().upper().startswith("SELECT"):
        return []
    with connection.cursor() as cursor:
        # The captured SQL has its parameters inlined (Django's last_executed_query).
        try:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
        except Exception as exc:  # noqa: BLE001 - a plan is a nicety, never a failure
            return [f"(no plan: {exc})"]
        return [row[-1] for row in cursor.fetchall()]


def _wsgi_get(handler, path: str, cookie: str = "") -> tuple[int, bytes]:
    from io import BytesIO

    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        **({"HTTP_COOKIE": cookie} if cookie else {}),
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    status = []

    def start_response(line, headers, exc_info=None):
        status.append(int(line.split(" ", 1)[0]))

    body = handler(environ, start_response)
    try:
        content = b"".join(body)
    finally:
        if hasattr(body, "close"):
            body.close()
    return status[0], content


# Function groups for the breakdown: (label, file suffix, function name) of the outermost call.
BREAKDOWN = [
    ("template_rendering", "django/template/backends/django.py", "render"),
    ("orm_building_sql", "django/db/models/sql/compiler.py", "as_sql"),
    ("sql_execution", "django/db/backends/utils.py", "_execute"),
    ("db_connect", "django/db/backends/base/base.py", "connect"),
    ("get_FOO_display", "django/db/models/base.py", "_get_FIELD_display"),
    ("model_instances", "django/db/models/base.py", "from_db"),
    ("url_reverse", "django/urls/base.py", "reverse"),
    ("ninja_response_validation", "ninja/operation.py", "_result_to_response"),
]


def _breakdown(stats: pstats.Stats, total: float, requests: int) -> dict:
    out = {}
    for label, suffix, name in BREAKDOWN:
        cumulative = sum(
            value[3]
            for (filename, _line, function), value in stats.stats.items()
            if filename.endswith(suffix) and function == name
        )
        if cumulative:
            out[label] = {
                "share": round(cumulative / total, 3),
                "ms_per_request_profiled": round(cumulative / requests * 1000, 2),
            }
    return out


def _own_time(stats: pstats.Stats, total: float, limit: int = 10) -> list[dict]:
    rows = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:limit]
    result = []
    for (filename, line, function), value in rows:
        short = filename.split("site-packages/")[-1].replace(os.getcwd() + "/", "")
        result.append(
            {
                "function": f"{short}:{line}({function})",
                "own_share": round(value[2] / total, 3),
                "calls": value[1],
            }
        )
    return result


def profile(path: str, repeat: int, user_email: str = "") -> dict:
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # 1. The queries of one request, with the test client.
    client = Client(HTTP_HOST="127.0.0.1")
    cookie = ""
    if user_email:
        from django.contrib.auth import get_user_model

        client.force_login(get_user_model().objects.get(email=user_email))
        cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    client.get(path)  # warm caches (templates, translations, region name)
    runs = []
    for _ in range(repeat):
        timings: list[float] = []
        with CaptureQueriesContext(connection) as ctx, _timed_queries(timings):
            response = client.get(path)
        runs.append((ctx.captured_queries, timings))
    queries = runs[-1][0]
    per_query = []
    for index, query in enumerate(queries):
        times = [t[index] for _q, t in runs if len(t) > index]
        per_query.append({"ms": round(statistics.median(times), 3), "sql": query["sql"]})
    slowest = sorted(per_query, key=lambda q: q["ms"], reverse=True)[:4]
    for query in slowest:
        query["plan"] = _explain(query["sql"])
        if len(query["sql"]) > 600:
            query["sql"] = query["sql"][:600] + " …"

    # 2. Whole requests through the WSGI handler, as gunicorn calls it.
    handler = WSGIHandler()
    status, body = _wsgi_get(handler, path, cookie)
    request_ms, sql_ms = [], []
    for _ in range(repeat):
        timings = []
        with _timed_queries(timings):
            started = time.perf_counter()
            _wsgi_get(handler, path, cookie)
            request_ms.append((time.perf_counter() - started) * 1000)
        sql_ms.append(sum(timings))

    # 3. A profile of the same.
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        _wsgi_get(handler, path, cookie)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    total = stats.total_tt or 1e-9

    return {
        "path": path,
        "status": status,
        "bytes": len(body),
        "queries": len(queries),
        "request_ms_median": round(statistics.median(request_ms), 2),
        "sql_ms_median": round(statistics.median(sql_ms), 2),
        "slowest_queries": slowest,
        "profile_breakdown": _breakdown(stats, total, repeat),
        "profile_own_time": _own_time(stats, total),
        "test_client_status": response.status_code,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", action="append", default=[], metavar="NAME=PATH")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--result", required=True)
    parser.add_argument("--user", default="", help="profile signed in as this account")
    args = parser.parse_args(argv)
    _setup()
    result = {}
    for item in args.path:
        name, _, path = item.partition("=")
        result[name] = profile(path, args.repeat, args.user)
    with open(args.result, "w", encoding="utf-8") as fh:
        json.dump(result, fh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
