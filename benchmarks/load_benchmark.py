#!/usr/bin/env python3
"""`pikg serve` under load, beside the Oxigraph child it fronts: the same bursts to both.

Two bursts, each on new connections (one request a connection, as many clients do):
- light: CLIENTS concurrent clients (default 200) asking `ASK { ?s ?p ?o }` (GET /query), REQUESTS in all;
- named: NAMED_CLIENTS concurrent clients (default 50) running named queries (POST /api/run through pikg;
  the same bound query text POSTed form-encoded to the child's /query), NAMED_REQUESTS in all.
For each: answers, errors (refused or reset connections, timeouts, a status other than 200), throughput and
p50/p95 latency. Loopback only; every burst is bounded in count and in time (--max-s), and the server is
stopped at the end. Targets (issue 33): 0 errors, pikg's throughput within 2× of the child alone.
The client runs on the same machine as both servers and takes a share of its cores: the numbers are of one
machine, noisy where others run tests beside it.

Usage: python benchmarks/load_benchmark.py --store DIR [--clients 200] [--requests 1000]
       [--named-clients 50] [--named-requests 100] [--max-s 120]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ASK = "ASK { ?s ?p ?o }"
NAMED = [("department-summary", {}), ("targets-lowered", {}), ("indicator-reuse", {}),
         ("indicator-history", {"indicator": "引育重点企业"}), ("project-tree", {"project": "产业发展专项资金"})]


@dataclass
class Burst:
    """One burst's outcome."""

    name: str
    target: str
    clients: int
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def line(self) -> str:
        n = len(self.latencies)
        ms = sorted(x * 1000 for x in self.latencies) or [0.0]
        p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
        errs = sum(self.errors.values())
        detail = ", ".join(f"{k} {v}" for k, v in sorted(self.errors.items()))
        return (f"{self.name:<6} {self.target:<7} clients {self.clients:>3}  ok {n:>5}  errors {errs:>3}"
                f"{' (' + detail + ')' if detail else ''}  {self.rate:>7.1f} req/s  p50 {statistics.median(ms):>7.1f} ms"
                f"  p95 {p95:>7.1f} ms  ({self.seconds:.1f} s)")

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def request_bytes(port: int, method: str, path: str, body: bytes = b"", ctype: str = "") -> bytes:
    head = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Accept: application/sparql-results+json",
            "Connection: close"]
    if body:
        head += [f"Content-Type: {ctype}", f"Content-Length: {len(body)}"]
    return ("\r\n".join(head) + "\r\n\r\n").encode("utf-8") + body


async def one(port: int, raw: bytes, timeout: float) -> str | None:
    """Send one request on a new connection and read the answer; None when it is a 200, else what went wrong."""
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            try:
                writer.write(raw)
                await writer.drain()
                data = await reader.read()  # Connection: close — the answer ends with the connection
            finally:
                writer.close()
    except TimeoutError:
        return "timeout"
    except OSError as e:
        return type(e).__name__
    status = data.split(b" ", 2)[1] if data.startswith(b"HTTP/1.1 ") else b"garbled"
    return None if status == b"200" else f"status {status.decode('latin-1')}"


async def burst(name: str, target: str, port: int, requests: list[bytes], clients: int, deadline: float,
                timeout: float) -> Burst:
    """`clients` workers sharing the list of requests; stops at the deadline, whatever is left."""
    out = Burst(name, target, clients)
    todo = list(reversed(requests))

    async def worker() -> None:
        while todo and time.monotonic() < deadline:
            raw = todo.pop()
            t0 = time.perf_counter()
            err = await one(port, raw, min(timeout, max(0.1, deadline - time.monotonic())))
            if err is None:
                out.latencies.append(time.perf_counter() - t0)
            else:
                out.errors[err] = out.errors.get(err, 0) + 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    out.seconds = time.perf_counter() - started
    if todo:
        out.errors["not sent (time up)"] = len(todo)
    return out


def named_texts() -> list[tuple[str, dict, str]]:
    """The named queries of the burst: name, parameters and the bound text pikg would send the child."""
    from graph.query.named import named_queries
    from graph.store.base import bind_values

    qs = named_queries()
    return [(n, p, bind_values(qs[n].seeded(p), qs[n].bind(p))) for n, p in NAMED if n in qs]


def child_port(pid: int) -> int:
    """The port of the Oxigraph child of `pikg serve` (from its command line)."""
    for task in Path(f"/proc/{pid}/task").glob("*"):
        for kid in (task / "children").read_text().split():
            args = Path(f"/proc/{kid}/cmdline").read_bytes().split(b"\0")
            if b"--bind" in args:
                return int(args[args.index(b"--bind") + 1].rsplit(b":", 1)[1])
    raise SystemExit("pikg serve has no Oxigraph child")


def start(store: Path) -> tuple[subprocess.Popen, int]:
    from graph.store.child_server import free_port

    port = free_port()
    proc = subprocess.Popen([sys.executable, str(ROOT / "pikg.py"), "serve", "--store", str(store), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).read()
            return proc, port
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("pikg serve did not start within 60 s")


async def run(a: argparse.Namespace, port: int, child: int) -> list[Burst]:
    ask_path = "/query?" + urllib.parse.urlencode({"query": ASK})
    named = named_texts()
    light = {t: [request_bytes(p, "GET", ask_path)] * a.requests for t, p in (("pikg", port), ("child", child))}
    heavy = {
        "pikg": [request_bytes(port, "POST", "/api/run", json.dumps({"name": n, "params": p}).encode(), "application/json")
                 for n, p, _ in named],
        "child": [request_bytes(child, "POST", "/query", urllib.parse.urlencode({"query": t}).encode(),
                                "application/x-www-form-urlencoded") for _, _, t in named],
    }
    heavy = {t: (rs * a.named_requests)[:a.named_requests] for t, rs in heavy.items()}
    ends = time.monotonic() + a.max_s
    results = []
    for target, p in (("child", child), ("pikg", port)):  # warm both: the first answers read the store from disk
        await burst("warm", target, p, heavy[target][:len(named)] + light[target][:5], 1, ends, a.timeout_s)
    for name, reqs, clients in (("light", light, a.clients), ("named", heavy, a.named_clients)):
        for target, p in (("child", child), ("pikg", port)):
            per = max(5.0, (ends - time.monotonic()) / 4)
            b = await burst(name, target, p, reqs[target], clients, time.monotonic() + per, a.timeout_s)
            print(b.line(), flush=True)
            results.append(b)
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, required=True, help="a built store (pikg build … --store DIR)")
    ap.add_argument("--clients", type=int, default=200, help="concurrent clients of the light burst (default 200)")
    ap.add_argument("--requests", type=int, default=1000, help="requests of the light burst (default 1000)")
    ap.add_argument("--named-clients", type=int, default=50, help="concurrent clients of the named burst (default 50)")
    ap.add_argument("--named-requests", type=int, default=100, help="requests of the named burst (default 100)")
    ap.add_argument("--timeout-s", type=float, default=60, help="a request's time limit (default 60)")
    ap.add_argument("--max-s", type=float, default=120, help="the whole benchmark's time limit (default 120)")
    a = ap.parse_args()
    proc, port = start(a.store)
    try:
        child = child_port(proc.pid)
        print(f"pikg serve on 127.0.0.1:{port}, its Oxigraph child on 127.0.0.1:{child}; store {a.store}", flush=True)
        results = asyncio.run(run(a, port, child))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    ok = True
    for name in ("light", "named"):
        child_b, pikg_b = (b for b in results if b.name == name)
        ratio = child_b.rate / pikg_b.rate if pikg_b.rate else float("inf")
        errors = sum(pikg_b.errors.values())
        good = errors == 0 and ratio <= 2
        ok &= good
        print(f"{name}: pikg {pikg_b.rate:.1f} req/s vs child {child_b.rate:.1f} req/s: the child alone is {ratio:.2f}x "
              f"pikg; pikg errors {errors} — {'target met' if good else 'TARGET MISSED'} (0 errors, within 2x)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
