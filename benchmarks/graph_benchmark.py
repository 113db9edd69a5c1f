#!/usr/bin/env python3
"""Graph benchmark: load speed and named-query latency on Oxigraph and rdflib, side by side.

The corpus is built first; then its records are replicated with varied document, department, project and
(half of the) indicator names until the graph holds at least --triples triples (default 1,000,000), and
loaded into a fresh on-disk Oxigraph store and into rdflib's in-memory store. Every named query runs on
both (rdflib queries that take longer than --rdflib-timeout seconds are cut off and reported as such).

Usage: python benchmarks/graph_benchmark.py [--triples N] [--rdflib-timeout S] [--skip-rdflib]
Targets (issue 3): load ≥ 100k triples/s; every named query under 1 s at 1M triples on Oxigraph.
"""
from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors import extract_document  # noqa: E402
from graph.build.builder import load_into, BuildReport  # noqa: E402
from graph.query.named import named_queries, run_query  # noqa: E402
from graph.model.rdf import document_triples  # noqa: E402
from graph.build.shards import shard_of  # noqa: E402
from graph.store.memory import MemoryStore  # noqa: E402
from graph.store.oxigraph import OxigraphStore

PARAMS = {"project-tree": {"project": "产业促进经费"}, "indicator-history": {"indicator": "全年发布信息数量"}}


def corpus_records() -> list[tuple[str, list[dict]]]:
    out = []
    for p in sorted((ROOT / "data" / "corpus").glob("*.txt")):
        recs, _ = extract_document(p)
        out.append((p.stem, recs))
    return out


def variant(stem: str, records: list[dict], k: int) -> tuple[str, list[dict]]:
    """Copy k of a document: another department, other project names, half of the indicators renamed."""
    if k == 0:
        return stem, records
    out = []
    for r in records:
        r = dict(r)
        for f in ("department_name", "department", "executor"):
            if r.get(f):
                r[f] = f"{r[f]}（样本{k}）"
        if r.get("project"):
            r["project"] = f"{r['project']}·{k}"
        if r["type"] == "indicator" and r.get("name") and r["line"] % 2:
            r["name"] = f"{r['name']}（{k % 50}）"
        if r.get("fiscal_year"):
            r["fiscal_year"] = int(r["fiscal_year"]) + (k % 5)
        out.append(r)
    return f"{stem}-s{k}", out


def synthetic_docs(target: int):
    base = corpus_records()
    per_copy = sum(len(document_triples(s, r).own) for s, r in base)  # catalogue triples are shared
    copies = max(1, -(-target // per_copy) + 1)
    docs = []
    for k in range(copies):
        for stem, recs in base:
            s, r = variant(stem, recs, k)
            docs.append(shard_of(document_triples(s, r)))
    return docs


def time_queries(store, timeout: float | None = None, runs: int = 3) -> dict[str, tuple[float | None, int]]:
    """Best of `runs` runs of each named query (the first run also warms the store's caches)."""
    out = {}
    for name, q in named_queries().items():
        best, n = None, -1
        for _ in range(runs):
            if timeout:
                signal.signal(signal.SIGALRM, _alarm)
                signal.setitimer(signal.ITIMER_REAL, timeout)
            t0 = time.perf_counter()
            try:
                n = len(run_query(store, q, PARAMS.get(name, {})).rows)
                dt = time.perf_counter() - t0
                best = dt if best is None else min(best, dt)
            except TimeoutError:
                break
            finally:
                if timeout:
                    signal.setitimer(signal.ITIMER_REAL, 0)
            if dt > 5:
                break  # slow enough that more runs tell nothing
        out[name] = (best, n)
    return out


def _alarm(*_):
    raise TimeoutError


def rdflib_side(target: int, timeout: float) -> tuple[int, float, dict]:
    """Load and query rdflib's in-memory store (run in its own process so its memory is given back)."""
    docs = synthetic_docs(target)
    st = MemoryStore()
    rep = BuildReport()
    t0 = time.perf_counter()
    load_into(st, docs, rep)
    dt = time.perf_counter() - t0
    print(f"rdflib: loaded {rep.total_triples:,} triples in {dt:.1f} s", file=sys.stderr, flush=True)
    return rep.total_triples, dt, time_queries(st, timeout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--rdflib-timeout", type=float, default=60, help="seconds before an rdflib query is cut off")
    ap.add_argument("--skip-rdflib", action="store_true")
    ap.add_argument("--rdflib-only", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.rdflib_only:
        print(json.dumps(rdflib_side(a.triples, a.rdflib_timeout)))
        return

    docs = synthetic_docs(a.triples)
    with tempfile.TemporaryDirectory() as tmp:
        ox = OxigraphStore(Path(tmp) / "store")
        rep = BuildReport()
        t0 = time.perf_counter()
        load_into(ox, docs, rep)
        ox.store.optimize()  # as `pikg build` does
        ox.flush()
        ox_load = time.perf_counter() - t0
        ox_q = time_queries(ox)
        ox_n = rep.total_triples
        ox.close()

    print(f"Oxigraph: loaded {ox_n:,} triples in {ox_load:.1f} s", file=sys.stderr, flush=True)
    rd = None
    if not a.skip_rdflib:
        out = subprocess.run([sys.executable, __file__, "--rdflib-only", "--triples", str(a.triples),
                              "--rdflib-timeout", str(a.rdflib_timeout)], stdout=subprocess.PIPE, check=True)
        n, dt, qs = json.loads(out.stdout)
        rd = (n, dt, {k: tuple(v) for k, v in qs.items()})

    print(f"documents: {len(docs)} (the corpus's 5 replicated), triples: {ox_n:,}")
    print(f"load   Oxigraph (on disk): {ox_load:6.1f} s  {ox_n / ox_load:10,.0f} triples/s")
    if rd:
        print(f"load   rdflib (memory):    {rd[1]:6.1f} s  {rd[0] / rd[1]:10,.0f} triples/s")
    print(f"\nbest of 3 runs of each named query:\n{'query':26s} {'rows':>6s} {'Oxigraph':>10s} {'rdflib':>10s}")
    for name, (dt, n) in ox_q.items():
        r = rd[2][name] if rd else None
        rtxt = "-" if r is None else (f">{a.rdflib_timeout:.0f} s" if r[0] is None else f"{r[0]:8.3f} s")
        print(f"{name:26s} {n:6d} {dt:8.3f} s {rtxt:>10s}")


if __name__ == "__main__":
    main()
