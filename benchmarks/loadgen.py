"""The load generator of the web benchmarks: closed-loop HTTP/1.1 connections from one asyncio
process, with the CPU the server, the client and the rest of the machine used."""

import asyncio
import json
import os
import sys
import time
from pathlib import Path

HOST = "127.0.0.1"


def emit_json(result: dict, output: str | None) -> None:
    """A benchmark's one JSON object: on stdout, and in `output` when given."""
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if output:
        Path(output).write_text(text + "\n", encoding="utf-8")


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
    accept_encoding: str = "gzip",
) -> dict:
    """Closed-loop load on one path, or on several: connection i asks for paths[i % n] (many
    cached pages at once, as visitors across the region ask for them). Requests say
    `Accept-Encoding: gzip` as browsers do (`identity` asks for uncompressed bodies)."""
    requests = [
        (
            f"GET {one} HTTP/1.1\r\nHost: {HOST}:{port}\r\nUser-Agent: spontaan-bench\r\n"
            + (f"Cookie: {cookie}\r\n" if cookie else "")
            + f"Accept: */*\r\nAccept-Encoding: {accept_encoding}\r\n\r\n"
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
