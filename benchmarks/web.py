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
import asyncio
import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Throughput targets as a fraction of the trivial view: anonymous visitors (page cache) and
# people who are signed in (every page rendered).
MIN_RATIO = {"anonymous": 0.6, "signed_in": 0.15}
MAX_P95_MS = 100.0
HOST = "127.0.0.1"
# Who measures: demo accounts (spontaan/accounts/demo.py) with the demo password.
ACCOUNTS = {
    "resident": "bewoner@demo.spontaan.nl",
    "connector": "verbinder.enschede@demo.spontaan.nl",
}
DEMO_PASSWORD = "spontaan-demo-2026"  # spontaan.core.demo.DEMO_PASSWORD


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --- the load generator ------------------------------------------------------------------


class Run:
    """Counters of one endpoint's run, shared by its connections (one asyncio thread)."""

    def __init__(self, measure_from: float, end: float) -> None:
        self.measure_from = measure_from
        self.end = end
        self.latencies: list[float] = []  # seconds, 200 responses begun and finished in window
        self.ok = 0
        self.non_200: dict[str, int] = {}
        self.failures = 0  # connection reset / closed mid-response
        self.connects = 0
        self.answered_all = 0  # every response, warm-up included (for CPU per request)
        self.first_error = ""


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one response; return its status and whether the connection may be reused."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    version, status_text = lines[0].split(" ", 2)[:2]
    status = int(status_text)
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip().lower()
    keep_alive = version == "HTTP/1.1" and headers.get("connection") != "close"
    if headers.get("transfer-encoding", "") == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                # trailers (usually none) end with an empty line
                while (await reader.readuntil(b"\r\n")) != b"\r\n":
                    pass
                break
            await reader.readexactly(size + 2)
    elif "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    else:
        await reader.read()  # body until the server closes
        keep_alive = False
    return status, keep_alive


async def _connection(port: int, request: bytes, run: Run) -> None:
    reader = writer = None
    try:
        while True:
            began = time.perf_counter()
            if began >= run.end:
                return
            try:
                if writer is None:
                    # With sync workers gunicorn answers "Connection: close"; then the next
                    # request reconnects, and the connect is part of that request's latency.
                    reader, writer = await asyncio.open_connection(HOST, port)
                    run.connects += 1
                writer.write(request)
                status, keep_alive = await _read_response(reader)
            except (
                OSError,
                asyncio.IncompleteReadError,
                asyncio.LimitOverrunError,
                ValueError,
            ) as exc:
                if began >= run.measure_from:
                    run.failures += 1
                    run.first_error = run.first_error or f"{type(exc).__name__}: {exc}"
                if writer is not None:
                    writer.close()
                reader = writer = None
                await asyncio.sleep(0.01)
                continue
            finished = time.perf_counter()
            run.answered_all += 1
            if began >= run.measure_from and finished <= run.end:
                if status == 200:
                    run.ok += 1
                    run.latencies.append(finished - began)
                else:
                    run.non_200[str(status)] = run.non_200.get(str(status), 0) + 1
            if not keep_alive:
                writer.close()
                reader = writer = None
    finally:
        if writer is not None:
            writer.close()


def _percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), int(-(-fraction * len(sorted_values) // 1))))
    return sorted_values[rank - 1]


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes (Linux /proc), in seconds."""
    total = 0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def _machine_busy_seconds() -> float:
    """CPU seconds all processes on the machine have used since boot (Linux /proc/stat)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return float("nan")
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _worker_pids(master_pid: int) -> list[int]:
    try:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    except OSError:
        return []
    return [int(pid) for pid in children]


def load(
    port: int,
    path: str | list[str],
    *,
    connections: int,
    warmup: float,
    seconds: float,
    server_pids: list[int],
    cookie: str = "",
) -> dict:
    """Closed-loop load on one path, or on several: connection i asks for paths[i % n] (many
    cached pages at once, as visitors across the region ask for them)."""
    requests = [
        (
            f"GET {one} HTTP/1.1\r\nHost: {HOST}:{port}\r\nUser-Agent: spontaan-bench\r\n"
            + (f"Cookie: {cookie}\r\n" if cookie else "")
            + "Accept: */*\r\nAccept-Encoding: identity\r\n\r\n"
        ).encode("ascii")
        for one in ([path] if isinstance(path, str) else path)
    ]

    async def main() -> Run:
        start = time.perf_counter()
        run = Run(measure_from=start + warmup, end=start + warmup + seconds)
        await asyncio.gather(
            *(_connection(port, requests[i % len(requests)], run) for i in range(connections))
        )
        return run

    # CPU used while measuring; the warm-up is included (the ratio is what matters).
    client_cpu = time.process_time()
    server_cpu = _cpu_seconds(server_pids)
    machine_cpu = _machine_busy_seconds()
    wall = time.perf_counter()
    run = asyncio.run(main())
    wall = time.perf_counter() - wall
    client_cpu = time.process_time() - client_cpu
    server_cpu = _cpu_seconds(server_pids) - server_cpu
    machine_cpu = _machine_busy_seconds() - machine_cpu
    # Everything else the machine did meanwhile (other people's tests, browsers, ...).
    other_cpu = max(0.0, machine_cpu - client_cpu - (server_cpu if server_pids else 0.0))
    total_requests = run.ok + sum(run.non_200.values()) + run.failures
    return {
        "latencies": run.latencies,
        "ok": run.ok,
        "non_200": run.non_200,
        "failures": run.failures,
        "first_error": run.first_error,
        "seconds": seconds,
        "connects": run.connects,
        "answered_all": run.answered_all,
        "total": total_requests,
        "client_cpu_share": client_cpu / wall,
        "server_cpu_share": server_cpu / wall if server_pids else None,
        "server_cpu_s": server_cpu if server_pids else None,
        "other_cpu_share": other_cpu / wall,
    }


def summarise(runs: list[dict]) -> dict:
    """Pool one or more runs of an endpoint into requests/s and latency percentiles."""
    latencies = sorted(x for r in runs for x in r["latencies"])
    seconds = sum(r["seconds"] for r in runs)
    ok = sum(r["ok"] for r in runs)
    non_200: dict[str, int] = {}
    for r in runs:
        for status, n in r["non_200"].items():
            non_200[status] = non_200.get(status, 0) + n
    failures = sum(r["failures"] for r in runs)
    result = {
        "rps": round(ok / seconds, 1),
        "p50_ms": round(_percentile(latencies, 0.50) * 1000, 2),
        "p95_ms": round(_percentile(latencies, 0.95) * 1000, 2),
        "p99_ms": round(_percentile(latencies, 0.99) * 1000, 2),
        "requests": ok,
        "errors": sum(non_200.values()) + failures,
    }
    if non_200:
        result["non_200"] = non_200
    if failures:
        result["connection_failures"] = failures
        result["first_failure"] = next(r["first_error"] for r in runs if r["first_error"])
    if len(runs) > 1:
        result["rps_per_run"] = [round(r["ok"] / r["seconds"], 1) for r in runs]
    # CPU shares are in cores (the machine has os.cpu_count() of them), averaged over the runs.
    result["client_cpu_share"] = round(sum(r["client_cpu_share"] for r in runs) / len(runs), 2)
    other = [r["other_cpu_share"] for r in runs if r["other_cpu_share"] == r["other_cpu_share"]]
    if other:
        result["other_processes_cpu_share"] = round(sum(other) / len(other), 2)
    if all(r["server_cpu_share"] is not None for r in runs):
        result["server_cpu_share"] = round(sum(r["server_cpu_share"] for r in runs) / len(runs), 2)
        answered = sum(r["answered_all"] for r in runs)
        if answered:
            # CPU of both workers per answered request, over warm-up and measurement alike.
            cpu = sum(r["server_cpu_s"] for r in runs)
            result["server_cpu_ms_per_request"] = round(cpu / answered * 1000, 2)
    return result


# --- the environment: database, static files, data, server -------------------------------


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.tmp = Path(tempfile.mkdtemp(prefix="spontaan-bench-"))
        self.server: subprocess.Popen | None = None
        self.server_log = self.tmp / "gunicorn.log"
        venv_bin = ROOT / ".venv" / "bin"
        self.bin = venv_bin if (venv_bin / "python").exists() else Path(sys.executable).parent
        self.python = str(self.bin / "python")
        self.pg_database = ""
        self.database_url = self._database()
        self.database = "postgresql" if self.pg_database else "sqlite"
        self.env = self._env()
        self.warnings: list[str] = []

    def _database(self) -> str:
        """A fresh SQLite file, or a fresh database on the PostgreSQL server that
        DATABASE_URL names (created here, dropped in cleanup)."""
        given = os.environ.get("DATABASE_URL", "")
        if not given.startswith(("postgres://", "postgresql://")):
            return f"sqlite:///{self.tmp / 'bench.sqlite3'}"
        import psycopg

        self.pg_database = f"spontaan_bench_{secrets.token_hex(4)}"
        with psycopg.connect(given, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.pg_database}"')
        parts = urllib.parse.urlsplit(given)
        return urllib.parse.urlunsplit(parts._replace(path="/" + self.pg_database))

    def _drop_database(self) -> None:
        if not self.pg_database:
            return
        import psycopg

        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.pg_database}" WITH (FORCE)')
        self.pg_database = ""

    def _env(self) -> dict:
        env = {
            k: v
            for k, v in os.environ.items()
            if k
            not in {
                "REDIS_URL",
                "MEDIA_ROOT",
                "DJANGO_SETTINGS_MODULE",
                "EMAIL_HOST",
                "SECURE_SSL_REDIRECT",
                "USE_X_FORWARDED_PROTO",
                "CONN_MAX_AGE",
            }
        }
        env.update(
            {
                "SPONTAAN_ENV": "production",
                "DEBUG": "0",
                "SECRET_KEY": secrets.token_urlsafe(50),
                "ALLOWED_HOSTS": HOST,
                "SECURE_HSTS_SECONDS": "0",
                "DATABASE_URL": self.database_url,
                "SPONTAAN_VAR_DIR": str(self.tmp / "var"),
                "LOG_LEVEL": "WARNING",
                "PYTHONPATH": os.pathsep.join(
                    [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
                ),
                "PYTHONDONTWRITEBYTECODE": "1",
            }
        )
        return env

    def _run(self, argv: list[str], *, settings: str, what: str, check: bool = True) -> str:
        """Run a command in the benchmark environment; return "" or, unchecked, its error."""
        env = dict(self.env, DJANGO_SETTINGS_MODULE=settings)
        started = time.monotonic()
        done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            output = (done.stdout[-4000:] + done.stderr[-4000:]).strip()
            if not check:
                return output or f"exit {done.returncode}"
            sys.stderr.write(output + "\n")
            raise RuntimeError(f"{what} failed (exit {done.returncode})")
        log(f"{what}: {time.monotonic() - started:.1f} s")
        return ""

    def _stub_missing_source_maps(self) -> list[str]:
        """Copy build/vendor into the temp dir, with an empty source map wherever a vendored
        file names one that is not there (whitenoise's manifest storage refuses those)."""
        vendor = self.tmp / "vendor"
        shutil.copytree(ROOT / "build" / "vendor", vendor)
        stubbed = []
        for file in sorted(vendor.rglob("*")):
            if file.suffix not in {".js", ".css"}:
                continue
            text = file.read_text(encoding="utf-8", errors="replace")
            for name in re.findall(r"sourceMappingURL=([^\s*'\"]+)", text):
                target = file.parent / name
                if ":" not in name and not target.exists():
                    target.write_text('{"version":3,"sources":[],"names":[],"mappings":""}')
                    stubbed.append(str(target.relative_to(vendor)))
        self.env["BENCH_STATIC_VENDOR_DIR"] = str(vendor)
        return stubbed

    def prepare(self) -> dict:
        (self.tmp / "var").mkdir()
        if not (ROOT / "build" / "vendor" / ".built").exists():
            log("build/vendor is missing: make assets")
            subprocess.run(["make", "-C", str(ROOT), "assets"], check=True, stdout=sys.stderr)
        spontaan = (
            [str(self.bin / "spontaan")]
            if (self.bin / "spontaan").exists()
            else [self.python, "-m", "spontaan.cli"]
        )
        self._run(
            [*spontaan, "migrate", "--noinput", "-v", "0"],
            settings="spontaan.settings",
            what="migrate",
        )
        collectstatic = [*spontaan, "collectstatic", "--noinput", "-v", "0"]
        error = self._run(
            collectstatic, settings="spontaan.settings", what="collectstatic", check=False
        )
        if error:
            # Known failure mode: a vendored file names a source map `make assets` did not copy.
            stubbed = self._stub_missing_source_maps()
            if not stubbed:
                sys.stderr.write(error + "\n")
                raise RuntimeError("collectstatic failed")
            problem = error.strip().splitlines()
            problem = next((line for line in problem if "Error" in line), problem[-1])
            self.warnings.append(
                "collectstatic with the production settings FAILS: "
                f"{problem.strip()} The benchmark collected from a temporary copy of build/vendor "
                f"with empty stand-ins for {', '.join(stubbed)}; the app itself is unchanged."
            )
            log("WARNING: " + self.warnings[-1])
            self._run(
                collectstatic,
                settings="benchmarks.bench_settings",
                what="collectstatic (with stand-in source maps)",
            )
        result_file = self.tmp / "seed.json"
        self._run(
            [
                self.python,
                "-m",
                "benchmarks.seed",
                "--initiatives",
                str(self.args.initiatives),
                "--result",
                str(result_file),
            ],
            settings="benchmarks.bench_settings",
            what=f"seed {self.args.initiatives} initiatives",
        )
        return json.loads(result_file.read_text())

    def sql_profile(self, paths: dict[str, str], user: str = "") -> dict:
        result_file = self.tmp / "sql.json"
        argv = [self.python, "-m", "benchmarks.sql_profile", "--result", str(result_file)]
        if user:
            argv += ["--user", user]
        for name, path in paths.items():
            argv += ["--path", f"{name}={path}"]
        self._run(argv, settings="benchmarks.bench_settings", what="SQL profile (test client)")
        return json.loads(result_file.read_text())

    def start_server(self) -> int:
        with socket.socket() as sock:
            sock.bind((HOST, 0))
            port = sock.getsockname()[1]
        argv = [
            self.python,
            "-m",
            "gunicorn",
            "benchmarks.bench_wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(self.args.workers),
            "--worker-class",
            self.args.worker_class,
            "--keep-alive",
            "5",
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
            "--log-level",
            "warning",
            "--chdir",
            str(ROOT),
        ]
        if self.args.worker_class == "gthread":
            argv += ["--threads", str(self.args.threads)]
        env = dict(self.env, DJANGO_SETTINGS_MODULE="benchmarks.bench_settings")
        with open(self.server_log, "wb") as out:
            # Its own session: a Ctrl-C in the terminal reaches us, and we stop it in order.
            self.server = subprocess.Popen(
                argv,
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise RuntimeError("gunicorn exited:\n" + self.server_log.read_text()[-4000:])
            with contextlib.suppress(OSError, http.client.HTTPException):
                if self.get(port, "/healthz")[0] == 200:
                    log(f"gunicorn up on {HOST}:{port} (pid {self.server.pid})")
                    return port
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    @staticmethod
    def get(port: int, path: str, cookie: str = "") -> tuple[int, bytes]:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        try:
            conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def server_pids(self) -> list[int]:
        return _worker_pids(self.server.pid) if self.server else []

    def stop_server(self) -> None:
        server, self.server = self.server, None
        if server is None or server.poll() is not None:
            return
        server.send_signal(signal.SIGTERM)  # graceful: workers finish their request
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)  # its own process group (started above)
            server.wait(timeout=5)
        log("gunicorn stopped")

    def cleanup(self) -> None:
        self.stop_server()
        with contextlib.suppress(Exception):
            self._drop_database()
        if self.args.keep:
            log(f"kept {self.tmp}")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)


def login(port: int, email: str) -> str:
    """Log in through the real login form; the Cookie header of the session."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", "/account/inloggen/")
        response = conn.getresponse()
        page = response.read().decode("utf-8", "replace")
        cookies = _cookies(response.getheaders())
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if response.status != 200 or not token or "csrftoken" not in cookies:
            raise RuntimeError(f"login page answered {response.status} without a CSRF token")
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token.group(1), "email": email, "password": DEMO_PASSWORD}
        )
        conn.request(
            "POST",
            "/account/inloggen/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookies['csrftoken']}",
                "Origin": f"http://{HOST}:{port}",
                "Referer": f"http://{HOST}:{port}/account/inloggen/",
            },
        )
        response = conn.getresponse()
        response.read()
        cookies.update(_cookies(response.getheaders()))
    finally:
        conn.close()
    if response.status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"logging in as {email} failed ({response.status})")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def _cookies(headers: list[tuple[str, str]]) -> dict[str, str]:
    """name → value of the Set-Cookie headers of a response."""
    found = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            pair = value.split(";", 1)[0]
            key, _, val = pair.partition("=")
            found[key.strip()] = val.strip()
    return found


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
            paths["personal"] = "/account/"
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
    text = json.dumps(output, indent=2, ensure_ascii=False)
    print(text)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")

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
