#!/usr/bin/env python3
"""`pikg serve` on a built store: every named query through /api/run, from the store on disk and from the
in-memory copy (`--memory`), side by side.

Two servers one after the other (never both, so that neither slows the other): a plain `pikg serve`, timed
query by query (best of 3, the whole answer over HTTP: as SPARQL JSON, as the query page gets it, and as TSV,
as a program may ask for it), then `pikg serve --memory`, timed the same way once its copy is made; with the
time the copy took and the memory its server holds.
Parameters as the scale benchmark chooses them (a commonly reused indicator, the commonest project name).

Usage:
  python benchmarks/serve_benchmark.py --store DIR [--runs 3]
  (a store of the scale benchmark: python benchmarks/scale_benchmark.py --triples 10000000 --work W --keep,
   then --store W/store-10000000)
Results: JSON on stdout, a table on stderr.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from extractors.process import children  # noqa: E402 - after the path to the project


def rss_mb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    return 0


class Served:
    """`pikg serve` on a store, for the length of a with-block."""

    def __init__(self, store: Path, *extra: str) -> None:
        from graph.store.child_server import free_port

        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "pikg.py"), "serve", "--store", str(store), "--port",
                                      str(self.port), "--timeout-s", "600", *extra],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def __enter__(self) -> "Served":
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/", timeout=1).read()
                return self
            except OSError:
                time.sleep(0.2)
        raise SystemExit("pikg serve did not come up within a minute")

    def __exit__(self, *exc) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)

    def run(self, name: str, params: dict[str, str], answer: str = "json") -> tuple[str, int, float]:
        """Where the answer came from, its rows and the seconds it took to have them as Python rows: the SPARQL
        JSON parsed, or the TSV answer read as pikg reads Oxigraph's (graph.store.tsv.tsv_answer)."""
        from graph.store.tsv import tsv_answer

        accept = "text/tab-separated-values" if answer == "tsv" else "application/sparql-results+json"
        req = urllib.request.Request(self.base + "/api/run", data=json.dumps({"name": name, "params": params}).encode(),
                                     headers={"Content-Type": "application/json", "Accept": accept})
        t0 = time.perf_counter()
        with urllib.request.urlopen(req, timeout=900) as r:
            body = r.read()
            if answer == "tsv":
                rows = len(tsv_answer(body).rows)
            else:
                rows = len(json.loads(body)["results"]["bindings"])
            return r.headers["X-Pikg-Answered-From"], rows, time.perf_counter() - t0


def time_all(served: Served, params: dict, runs: int, want: str) -> dict[str, dict]:
    """Each named query, best of `runs`, answered as SPARQL JSON (as the query page reads it) and as TSV."""
    from graph.query.named import named_queries

    out = {}
    for name in named_queries():
        out[name] = {}
        for answer in ("json", "tsv"):
            best, rows = None, 0
            for _ in range(runs):
                source, rows, dt = served.run(name, params.get(name, {}), answer)
                if source != want:
                    raise SystemExit(f"{name} was answered from {source}, not {want}")
                best = dt if best is None else min(best, dt)
            out[name] |= {"rows": rows, f"{answer}_seconds": round(best, 3)}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", required=True, type=Path, help="an Oxigraph store directory built by pikg")
    ap.add_argument("--runs", type=int, default=3, help="runs of each query; the best counts (default 3)")
    args = ap.parse_args()

    from graph.store.registry import open_store
    from scale_benchmark import query_params

    st = open_store(str(args.store))
    try:
        params = query_params(st)
        triples = st.count()
    finally:
        st.close()
    result = {"store": str(args.store), "triples": triples, "params": params}
    with Served(args.store) as s:
        result["disk"] = time_all(s, params, args.runs, "disk")
    with Served(args.store, "--memory") as s:
        t0 = time.monotonic()
        while s.run("indicator-reuse", {})[0] != "memory":
            time.sleep(1)
        result["copy_seconds"] = round(time.monotonic() - t0, 1)
        copy = [c for c in children(s.proc.pid) if b"--location" not in Path(f"/proc/{c}/cmdline").read_bytes()]
        result["copy_rss_mb"] = rss_mb(copy[0]) if copy else None
        result["memory"] = time_all(s, params, args.runs, "memory")
    print(json.dumps(result, ensure_ascii=False))
    print(f"{triples:,} triples; the copy in memory took {result['copy_seconds']} s and holds {result['copy_rss_mb']} MB",
          file=sys.stderr)
    print("| query | rows | disk JSON s | disk TSV s | memory JSON s | memory TSV s |\n|---|---|---|---|---|---|", file=sys.stderr)
    for name, d in result["disk"].items():
        m = result["memory"][name]
        print(f"| {name} | {d['rows']} | {d['json_seconds']} | {d['tsv_seconds']} | {m['json_seconds']} | {m['tsv_seconds']} |",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
