"""Login storm: anonymous list pages' throughput with and without logins meanwhile.

    .venv/bin/python benchmarks/login_storm.py [--seconds 10] [--connections 16] \
        [--pages 16] [--initiatives 2000] [--interval 1] [--rounds 2] [--output storm.json]

A busy day has many logins; before the page cache was made stale by area, every successful
POST (a login included) made every cached anonymous page stale. This measures what that
costs. It sets up the same throw-away production server as `web.py` (its `Bench`: fresh
SQLite, demo region plus bulk initiatives, gunicorn with 2 sync workers, the page cache on as
in production). Then anonymous visitors ask for --pages distinct pages of the initiatives
list (`/initiatieven/?page=1..N`, connection i asks for page i mod N), in turns: quiet, then
with a login storm (a demo account logs in every --interval seconds: the login form, then the
POST, as a browser does), --rounds times each, alternating, so drift on the machine affects
both alike. A login costs its own password hash either way; what the page cache adds is the
re-rendering of every page after it. One JSON object goes to stdout (and --output): per mode
the pooled requests/s, latency, errors and server CPU per request, the logins done, and the
storm's throughput as a fraction of the quiet one. The machine may be shared: the numbers
are noisy; compare within one run.
"""

import argparse
import http.client
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.loadgen import emit_json, load, log, summarise  # noqa: E402
from benchmarks.server import ACCOUNTS, Bench, login  # noqa: E402

LIST = "/initiatieven/"
LOGIN = "/account/inloggen/"
ACCOUNT = ACCOUNTS["connector"]


def login_once(port: int) -> bool:
    """Fetch the login form and post it, as a browser does; True when the account is in."""
    try:
        login(port, ACCOUNT)
    except RuntimeError:
        return False
    return True


class Storm(threading.Thread):
    """Logs in every `interval` seconds until stopped."""

    def __init__(self, port: int, interval: float) -> None:
        super().__init__(daemon=True)
        self.port = port
        self.interval = interval
        self.stopped = threading.Event()
        self.logins = 0
        self.failed = 0

    def run(self) -> None:
        while not self.stopped.is_set():
            began = time.monotonic()
            try:
                ok = login_once(self.port)
            except (OSError, http.client.HTTPException):
                ok = False
            self.logins += ok
            self.failed += not ok
            self.stopped.wait(max(0.0, self.interval - (time.monotonic() - began)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="measured s per turn")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured s per turn")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--initiatives", type=int, default=2000)
    parser.add_argument("--interval", type=float, default=1.0, help="s between logins")
    parser.add_argument("--rounds", type=int, default=2, help="turns of each mode")
    parser.add_argument(
        "--pages",
        type=int,
        default=16,
        help="distinct list pages asked for at once (?page=1..N; default 16)",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--output", help="also write the JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    args.worker_class, args.threads = "sync", 1

    bench = Bench(args)
    runs: dict[str, list[dict]] = {"quiet": [], "storm": []}
    logins = {"done": 0, "failed": 0}
    try:
        log(f"working in {bench.tmp}")
        seed = bench.prepare()
        port = bench.start_server()
        if not login_once(port):
            raise RuntimeError(f"{ACCOUNT} could not log in")
        paths = [LIST] + [f"{LIST}?page={n}" for n in range(2, args.pages + 1)]
        for path in paths:
            status, _body = bench.get(port, path)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
        for turn in range(args.rounds):
            for mode in ("quiet", "storm"):
                storm = Storm(port, args.interval) if mode == "storm" else None
                if storm:
                    storm.start()
                log(f"round {turn + 1}, {mode}: {args.connections} connections ...")
                run = load(
                    port,
                    paths,
                    connections=args.connections,
                    warmup=args.warmup,
                    seconds=args.seconds,
                    server_pids=bench.server_pids(),
                )
                if storm:
                    storm.stopped.set()
                    storm.join()
                    logins["done"] += storm.logins
                    logins["failed"] += storm.failed
                runs[mode].append(run)
                log(f"  {run['ok'] / args.seconds:.0f} req/s")
    finally:
        bench.cleanup()

    results = {mode: summarise(r) for mode, r in runs.items()}
    quiet = results["quiet"]["rps"]
    out = {
        "paths": f"{LIST}?page=1..{args.pages}",
        "initiatives": seed["initiatives"],
        "connections": args.connections,
        "seconds_per_turn": args.seconds,
        "rounds": args.rounds,
        "login_interval_s": args.interval,
        "logins": logins,
        "results": results,
        "storm_to_quiet": round(results["storm"]["rps"] / quiet, 3) if quiet else None,
        "note": "a shared machine: the numbers are noisy; compare within one run",
    }
    emit_json(out, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
