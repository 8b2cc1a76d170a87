"""How long pages take to render for logged-in people (no page cache), in one process.

    .venv/bin/python benchmarks/render.py --initiatives 10000 --iterations 200 --output r.json
    .venv/bin/python benchmarks/render.py --prepared /tmp/render-db   # set up once, reuse

It sets up the same throw-away production environment as web.py (migrate, collectstatic, the
demo region plus bulk initiatives from seed.py) in a temporary directory. Then a child process
with that environment and `PUBLIC_PAGE_CACHE_SECONDS=0` logs in (Django's test client with
`force_login`) as a visitor (a resident on no team of the demo), as a resident on the team of
the detail page's initiative and as a connector of its municipality, and
requests every page `--iterations` times after a warm-up. It writes one JSON object: per
person and page the median and p95 in milliseconds of wall-clock time and of the process's
CPU time (`cpu_*`: much less disturbed by other work on a shared machine) and the number of
queries of one request.

With `--prepared DIR` the prepared database is kept in DIR and reused by later runs (each run
works on a copy), which saves the set-up (about a minute for 10,000 initiatives).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.loadgen import emit_json  # noqa: E402

RESIDENT = "bewoner@demo.spontaan.nl"  # on the team of the detail page's initiative
VISITOR = "bewoner0@bench.spontaan.invalid"  # a seeded resident, on no team of the demo
SCHEME = "spontane-binnenstad"


def log(message: str) -> None:
    sys.stderr.write(f"[render] {message}\n")
    sys.stderr.flush()


def _pages(detail_id: int, municipality: str) -> dict[str, str]:
    return {
        "list": "/initiatieven/",
        "list_search": "/initiatieven/?q=moestuin",
        "detail": f"/initiatieven/{detail_id}/",
        "api_list": "/api/v1/initiatives",
        "scheme": f"/regelingen/{SCHEME}/",
        "municipality": f"/gemeenten/{municipality}/",
        "personal": "/mijn-spontaan/",
        "work_queue": "/reactiesnelheid/werkvoorraad/",
    }


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def measure(seed: dict, iterations: int, warmup: int) -> dict:
    """Runs in the child, inside the benchmark environment."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.bench_settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from spontaan.accounts.models import Role, RoleGrant, User
    from spontaan.initiatives.models import Initiative

    detail = Initiative.objects.select_related("municipality").get(pk=seed["detail_id"])
    connector = (
        RoleGrant.objects.filter(municipality=detail.municipality, role=Role.CONNECTOR)
        .select_related("user")
        .order_by("pk")
        .first()
        .user
    )
    people = {
        "visitor": User.objects.get(email=VISITOR),
        "resident": User.objects.get(email=RESIDENT),
        "connector": connector,
    }
    pages = _pages(detail.pk, detail.municipality.slug)
    results: dict = {}
    for who, user in people.items():
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        results[who] = {}
        for name, path in pages.items():
            response = client.get(path)
            if response.status_code != 200:
                results[who][name] = {"path": path, "status": response.status_code}
                continue
            queries: list[str] = []

            def count(execute, sql, params, many, context, sink=queries):
                sink.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                client.get(path)
            for _ in range(warmup):
                client.get(path)
            times, cpu = [], []
            for _ in range(iterations):
                started, started_cpu = time.perf_counter(), time.process_time()
                client.get(path)
                cpu.append((time.process_time() - started_cpu) * 1000)
                times.append((time.perf_counter() - started) * 1000)
            results[who][name] = {
                "path": path,
                "median_ms": round(statistics.median(times), 2),
                "p95_ms": round(_p95(times), 2),
                "cpu_median_ms": round(statistics.median(cpu), 2),
                "cpu_p95_ms": round(_p95(cpu), 2),
                "queries": len(queries),
            }
            log(f"{who:9} {name:12} {results[who][name]}")
    return results


def _prepare(initiatives: int, directory: Path) -> dict:
    """Migrate, collect static files and seed in `directory` (web.py's set-up)."""
    from benchmarks.server import Bench

    bench = Bench(argparse.Namespace(initiatives=initiatives, keep=True))
    try:
        seed = bench.prepare()
        directory.mkdir(parents=True, exist_ok=True)
        for name in ("bench.sqlite3", "var"):
            target = directory / name
            if target.is_dir():
                shutil.rmtree(target)
            source = bench.tmp / name
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, target)
        env = {k: v for k, v in bench.env.items() if k in {"SECRET_KEY", "BENCH_STATIC_VENDOR_DIR"}}
        if "BENCH_STATIC_VENDOR_DIR" in env:
            shutil.copytree(bench.tmp / "vendor", directory / "vendor", dirs_exist_ok=True)
            env["BENCH_STATIC_VENDOR_DIR"] = str(directory / "vendor")
        (directory / "prepared.json").write_text(
            json.dumps({"seed": seed, "initiatives": initiatives, "env": env})
        )
        return seed
    finally:
        shutil.rmtree(bench.tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=10_000)
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--prepared", help="keep/reuse the prepared database in this directory")
    parser.add_argument("--output", help="also write the JSON here")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        spec = json.loads(Path(args.child).read_text())
        result = measure(spec["seed"], args.iterations, args.warmup)
        Path(args.child).with_suffix(".out.json").write_text(json.dumps(result))
        return 0

    scratch = Path(tempfile.mkdtemp(prefix="spontaan-render-"))
    try:
        prepared = Path(args.prepared) if args.prepared else scratch / "prepared"
        info_file = prepared / "prepared.json"
        if info_file.exists():
            info = json.loads(info_file.read_text())
            if info["initiatives"] != args.initiatives:
                log(f"{prepared} holds {info['initiatives']} initiatives, not {args.initiatives}")
                return 1
            log(f"reusing {prepared}")
        else:
            log(f"preparing {args.initiatives} initiatives in {prepared}")
            _prepare(args.initiatives, prepared)
            info = json.loads(info_file.read_text())
        # Work on a copy, so the prepared database stays as seeded.
        shutil.copy2(prepared / "bench.sqlite3", scratch / "bench.sqlite3")
        shutil.copytree(prepared / "var", scratch / "var", dirs_exist_ok=True)
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE", "CONN_MAX_AGE", "MEDIA_ROOT"}
        }
        env.update(
            {
                **info["env"],
                "DJANGO_SETTINGS_MODULE": "benchmarks.bench_settings",
                "SPONTAAN_ENV": "production",
                "DEBUG": "0",
                "ALLOWED_HOSTS": "127.0.0.1",
                "SECURE_HSTS_SECONDS": "0",
                "DATABASE_URL": f"sqlite:///{scratch / 'bench.sqlite3'}",
                "SPONTAAN_VAR_DIR": str(scratch / "var"),
                "LOG_LEVEL": "WARNING",
                "PUBLIC_PAGE_CACHE_SECONDS": "0",
                "PYTHONPATH": str(ROOT),
            }
        )
        spec = scratch / "spec.json"
        spec.write_text(json.dumps({"seed": info["seed"]}))
        subprocess.run(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--child",
                str(spec),
                "--iterations",
                str(args.iterations),
                "--warmup",
                str(args.warmup),
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
        pages = json.loads(spec.with_suffix(".out.json").read_text())
        result = {
            "initiatives": args.initiatives,
            "iterations": args.iterations,
            "warmup": args.warmup,
            "page_cache": "off (PUBLIC_PAGE_CACHE_SECONDS=0)",
            "seed": info["seed"],
            "pages": pages,
        }
        emit_json(result, args.output)
        return 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
