"""The environment of the web benchmarks: a throw-away production installation (database,
static files, data) served by gunicorn, and logging in through the real login form."""

import argparse
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

from benchmarks.loadgen import HOST, _worker_pids, log

ROOT = Path(__file__).resolve().parent.parent
# Who measures: demo accounts (spontaan/accounts/demo.py) with the demo password.
ACCOUNTS = {
    "resident": "bewoner@demo.spontaan.nl",
    "connector": "verbinder.enschede@demo.spontaan.nl",
}
DEMO_PASSWORD = "spontaan-demo-2026"  # spontaan.core.demo.DEMO_PASSWORD


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
