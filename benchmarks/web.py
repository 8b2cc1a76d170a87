"""Web benchmark: Spontaan's pages under load on a production server, against a trivial view.

    .venv/bin/python benchmarks/web.py [--seconds 10] [--connections 32] [--initiatives 10000]
        [--as anonymous|resident|connector]

With `--as resident` or `--as connector` it logs in through the real login form (as a demo
account) before measuring, and every request carries that session: no page cache. With
`DATABASE_URL` pointing to PostgreSQL it creates a fresh database on that server for the run
(and drops it afterwards) instead of SQLite.

What it does (all in a temporary directory, removed afterwards):

1. a fresh SQLite (or PostgreSQL) database, production settings (DEBUG off, whitenoise manifest storage):
   `spontaan migrate`, `spontaan collectstatic`;
2. the demo region plus bulk initiatives up to --initiatives (benchmarks/seed.py);
3. a single-process look at each page with Django's test client: SQL queries, SQL time and
   the slowest queries with their plans (benchmarks/sql_profile.py);
4. gunicorn with 2 workers serving benchmarks.bench_wsgi (the normal Spontaan app plus
   /bench/trivial), bound to 127.0.0.1 on a free port;
5. for each endpoint in turn: --connections concurrent HTTP/1.1 connections, each sending its
   next request as soon as the previous answer is in (closed loop), for --warmup + --seconds
   seconds; only the last --seconds count. The trivial view is measured first and again last,
   and both runs are pooled;
6. one JSON object on stdout (and in --output): requests/s, p50/p95/p99 latency, errors, each
   page's throughput as a fraction of the trivial view's, and whether the targets are met.

It is a measurement: the exit status is 0 even when targets are missed (1 only when the
benchmark itself could not run). Progress and a readable summary go to stderr.
"""

import argparse
import json
import os
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.loadgen import emit_json, load, log, summarise  # noqa: E402
from benchmarks.server import ACCOUNTS, Bench, login  # noqa: E402

# Throughput targets as a fraction of the trivial view: anonymous visitors (page cache) and
# people who are signed in (every page rendered).
MIN_RATIO = {"anonymous": 0.6, "signed_in": 0.15}
MAX_P95_MS = 100.0


# --- main ----------------------------------------------------------------------------------


def _pick_api(bench: Bench, port: int) -> tuple[str, str]:
    status, _ = bench.get(port, "/api/v1/initiatives")
    if status == 200:
        return "/api/v1/initiatives", ""
    return "/api/v1/municipalities", (
        f"/api/v1/initiatives answered {status}; api_list measures /api/v1/municipalities "
        "instead until the initiatives API exists."
    )


def _verify(bench: Bench, port: int, paths: dict[str, str], seed: dict, cookie: str) -> list[str]:
    problems = []
    for name, path in paths.items():
        status, body = bench.get(port, path, cookie)
        if status != 200:
            problems.append(f"{name} {path} answered {status}")
            continue
        if cookie:
            continue  # signed-in people may see hidden initiatives too: no count check
        if name == "api_list" and path == "/api/v1/initiatives":
            count = json.loads(body).get("count")
            if count != seed["visible_initiatives"]:
                problems.append(f"api_list count {count} != {seed['visible_initiatives']} visible")
        if name == "list" and f"{seed['visible_initiatives']}".encode() not in body.replace(
            b".", b""
        ).replace(b",", b""):
            problems.append("list page does not show the number of visible initiatives")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Throughput and latency of Spontaan's pages on gunicorn, against a "
        "trivial Django view on the same server."
    )
    parser.add_argument(
        "--seconds", type=float, default=10.0, help="measured seconds per endpoint (default 10)"
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=2.0,
        help="unmeasured seconds before each measurement (default 2)",
    )
    parser.add_argument(
        "--connections", type=int, default=32, help="concurrent connections (default 32)"
    )
    parser.add_argument(
        "--initiatives",
        type=int,
        default=10_000,
        help="initiatives in the database (default 10000)",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument(
        "--worker-class",
        choices=["sync", "gthread"],
        default="sync",
        help="gunicorn worker class (default sync, gunicorn's default)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=4,
        help="threads per worker with --worker-class gthread (default 4)",
    )
    parser.add_argument(
        "--as",
        dest="role",
        choices=["anonymous", "resident", "connector"],
        default="anonymous",
        help="measure as a visitor (default; gets the page cache) or signed in through the "
        "login form as a demo resident or connector (no page cache)",
    )
    parser.add_argument(
        "--accept-encoding",
        default="gzip",
        help="the requests' Accept-Encoding (default gzip, as browsers send; identity for "
        "uncompressed answers)",
    )
    parser.add_argument("--output", help="also write the JSON here")
    parser.add_argument(
        "--no-sql-profile",
        action="store_true",
        help="skip the single-process SQL profile of each page",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the temporary directory (database, logs) for inspection",
    )
    args = parser.parse_args(argv)

    def on_term(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    started = time.monotonic()
    bench = Bench(args)
    try:
        log(f"working in {bench.tmp}")
        seed = bench.prepare()
        log(
            f"data: {seed['initiatives']} initiatives ({seed['visible_initiatives']} visible), "
            f"{seed['timeline_events']} timeline events; detail page: #{seed['detail_id']} "
            f"({seed['detail_events']} events)"
        )
        port = bench.start_server()
        email = ACCOUNTS.get(args.role, "")
        cookie = login(port, email) if email else ""
        if email:
            log(f"logged in as {email} ({args.role})")
        api_path, api_note = _pick_api(bench, port)
        paths = {
            "trivial": "/bench/trivial",
            "list": "/initiatieven/",
            "search": "/initiatieven/?q=moestuin",
            "map_geojson": "/api/v1/initiatives/geojson?municipality=borne",
            "detail": f"/initiatieven/{seed['detail_id']}/",
            "api_list": api_path,
            # The public page of the demo's scheme: 23 decided cases with criterion means,
            # the budget gauge, phases and tranches.
            "scheme": "/regelingen/spontane-binnenstad/",
            "municipality": "/gemeenten/enschede/",
        }
        if email:
            paths["personal"] = "/mijn-spontaan/"
        if args.role == "connector":
            paths["work_queue"] = "/reactiesnelheid/werkvoorraad/"
        problems = _verify(bench, port, paths, seed, cookie)
        for problem in problems:
            log(f"CHECK FAILED: {problem}")

        pages = [name for name in paths if name != "trivial"]
        order = ["trivial", *pages, "trivial"]
        runs: dict[str, list[dict]] = {name: [] for name in paths}
        for name in order:
            log(
                f"{name} {paths[name]}: {args.connections} connections, "
                f"{args.warmup:g} s warm-up + {args.seconds:g} s ..."
            )
            run = load(
                port,
                paths[name],
                connections=args.connections,
                warmup=args.warmup,
                seconds=args.seconds,
                server_pids=bench.server_pids(),
                cookie=cookie,
                accept_encoding=args.accept_encoding,
            )
            runs[name].append(run)
            log(
                f"  {run['ok'] / args.seconds:.0f} req/s, errors "
                f"{sum(run['non_200'].values()) + run['failures']}"
            )
        bench.stop_server()

        sql = {} if args.no_sql_profile else bench.sql_profile(paths, email)
    except KeyboardInterrupt:
        log("interrupted; stopping")
        bench.cleanup()
        return 130
    except Exception:
        bench.cleanup()
        raise
    bench.cleanup()

    results = {name: summarise(r) for name, r in runs.items()}
    trivial_rps = results["trivial"]["rps"]
    min_ratio = MIN_RATIO["anonymous" if args.role == "anonymous" else "signed_in"]
    passed, missed = {}, []
    for name in pages:
        r = results[name]
        r["ratio_to_trivial"] = round(r["rps"] / trivial_rps, 3) if trivial_rps else None
        # Less sensitive to other load on the machine: server CPU per request, trivial / page.
        trivial_cpu = results["trivial"].get("server_cpu_ms_per_request")
        if trivial_cpu and r.get("server_cpu_ms_per_request"):
            r["cpu_ratio_to_trivial"] = round(trivial_cpu / r["server_cpu_ms_per_request"], 3)
        ratio_ok = r["ratio_to_trivial"] is not None and r["ratio_to_trivial"] >= min_ratio
        p95_ok = r["p95_ms"] < MAX_P95_MS
        errors_ok = r["errors"] == 0
        passed[name] = {
            "ratio": ratio_ok,
            "p95": p95_ok,
            "no_errors": errors_ok,
            "all": ratio_ok and p95_ok and errors_ok,
        }
        if not ratio_ok:
            missed.append(f"{name}: throughput {r['ratio_to_trivial']} of trivial < {min_ratio}")
        if not p95_ok:
            missed.append(f"{name}: p95 {r['p95_ms']} ms >= {MAX_P95_MS:g} ms")
        if not errors_ok:
            missed.append(f"{name}: {r['errors']} errors")
    if results["trivial"]["errors"]:
        missed.append(f"trivial: {results['trivial']['errors']} errors")

    client_share = max(r["client_cpu_share"] for r in results.values())
    worker_note = (
        "gunicorn sync workers close the connection after every response (Connection: close); "
        "the load generator then reconnects, and the connect counts in that request's latency."
        if args.worker_class == "sync"
        else f"gunicorn gthread workers ({args.threads} threads each) keep connections alive."
    )
    note = (
        f"Closed-loop load: {args.connections} connections, each sending its next request when "
        f"the previous answer is in; {args.warmup:g} s warm-up then {args.seconds:g} s measured "
        "per endpoint; only 200 responses count, latency from sending (or connecting) to the "
        "last body byte. "
        f"The load generator (one Python asyncio process, up to {client_share:.0%} of one "
        "core) runs on the same 2-core machine as the 2 gunicorn workers, so all numbers are "
        "lower than on a dedicated server; the ratios to the trivial view (same server, same "
        f"run, measured first and last and pooled) are the meaningful figures; "
        "cpu_ratio_to_trivial (the workers' CPU time per request, trivial / page) is the same "
        f"ratio measured in CPU instead of wall time, and less sensitive to other load. {worker_note} "
        f"{'PostgreSQL' if bench.database == 'postgresql' else 'SQLite'} database made for the run, "
        "production settings (DEBUG off). "
        + (
            f"Signed in as a demo {args.role} through the login form: no page cache."
            if email
            else "Anonymous: pages may come from the page cache."
        )
    )
    if api_note:
        note += " " + api_note
    other = max(r.get("other_processes_cpu_share", 0.0) for r in results.values())
    if other >= 0.1:
        note += (
            f" Other processes on the machine used up to {other:.1f} of its {os.cpu_count()} "
            "cores during the runs (other_processes_cpu_share): absolute numbers are depressed "
            "and noisy; rerun on a quiet machine for absolute figures."
        )
    needed_rps = args.connections / (MAX_P95_MS / 1000)
    note += (
        f" In a closed loop latency is about connections / throughput (Little's law): a p95 "
        f"under {MAX_P95_MS:g} ms at {args.connections} connections needs more than "
        f"~{needed_rps:.0f} req/s, i.e. under ~{args.workers / needed_rps * 1000:.1f} ms of "
        f"server time per request on {args.workers} workers."
    )

    output = {
        "as": args.role,
        "database": bench.database,
        "settings": {
            "as": args.role,
            "account": email or None,
            "database": bench.database,
            "workers": args.workers,
            "worker_class": args.worker_class,
            "connections": args.connections,
            "seconds": args.seconds,
            "warmup_seconds": args.warmup,
            "initiatives": args.initiatives,
            "page_cache": args.role == "anonymous",
            "accept_encoding": args.accept_encoding,
        },
        "initiatives": seed["initiatives"],
        "workers": args.workers,
        "worker_class": args.worker_class,
        **({"threads": args.threads} if args.worker_class == "gthread" else {}),
        "connections": args.connections,
        "seconds": args.seconds,
        "warmup_seconds": args.warmup,
        "paths": paths,
        "results": results,
        "targets": {"min_ratio": min_ratio, "max_p95_ms": MAX_P95_MS},
        "pass": passed,
        "all_pass": not missed,
        "missed": missed,
        "checks_failed": problems,
        "warnings": bench.warnings,
        "data": seed,
        "sql_profile": sql,
        "note": note,
        "total_seconds": round(time.monotonic() - started, 1),
    }
    emit_json(output, args.output)

    print("", file=sys.stderr)
    print(
        f"{'endpoint':<12} {'req/s':>8} {'ratio':>6} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'errors':>6}",
        file=sys.stderr,
    )
    for name, r in results.items():
        ratio = r.get("ratio_to_trivial", 1.0)
        print(
            f"{name:<12} {r['rps']:>8.1f} {ratio:>6.2f} {r['p50_ms']:>8.1f} "
            f"{r['p95_ms']:>8.1f} {r['p99_ms']:>8.1f} {r['errors']:>6}",
            file=sys.stderr,
        )
    if missed:
        print("TARGETS MISSED:", file=sys.stderr)
        for line in missed:
            print(f"  - {line}", file=sys.stderr)
    else:
        print(
            f"All targets met (>= {min_ratio} of trivial, p95 < {MAX_P95_MS:g} ms).",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
