#!/usr/bin/env python3
"""Output commands at scale: every query each output command sends to the store, timed, and each command's slowest.

The commands run as `pikg` runs them (report_html, export, run_query), on a store wrapped so that each call of
query/ask/count is timed and named by the code that made it (the named query's name, else the module and
function of graph/output that asked). Per command it prints the wall time, the number of queries, the slowest
query and its time; with --all, every query. Each command runs --runs times and each query keeps its best time
(the first run warms the store's caches as a user's second command would find them).

`pikg lint` is not here: it reads a file, not the store. `pikg validate` has its own figures in
benchmarks/scale_benchmark.py.

Usage:
  python benchmarks/output_benchmark.py --store DIR [--runs 2] [--all] [--only report,export-catalogue]
  python benchmarks/output_benchmark.py --triples 1000000 --work DIR   (generates and builds the store first)
A store of about 1M triples: python benchmarks/synth_corpus.py DIR/corpus --triples 1000000 &&
pikg build DIR/corpus --store DIR/store
Goal (issue 37): no query of an output command over ~2 s at 1M triples.
"""
from __future__ import annotations

import argparse
import inspect
import json
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

_TIMED = ("query", "ask", "count")


class TimedStore:
    """A store whose query, ask and count calls are timed and named by their caller; everything else passes."""

    def __init__(self, store) -> None:
        self._store = store
        self.calls: list[tuple[str, float]] = []

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._store, name)
        if name not in _TIMED:
            return attr

        def timed(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return attr(*args, **kwargs)
            finally:
                self.calls.append((_caller(name), time.perf_counter() - t0))
        return timed


def _caller(method: str) -> str:
    """Who asked: the named query being run, else the first function of graph/ (outside graph/store) on the stack."""
    graph = ROOT / "graph"
    for frame in inspect.stack()[2:]:
        q = frame.frame.f_locals.get("q")
        if Path(frame.filename).name == "named.py" and getattr(q, "name", None):
            return f"query {q.name}" + (" (page count)" if frame.function == "count_pages" else "")
        path = Path(frame.filename)
        if graph in path.parents and "store" not in path.parts and frame.function != "remembered":  # report's cache
            return f"{path.relative_to(ROOT).with_suffix('')}.{frame.function}:{frame.lineno}".replace("/", ".")
    return method


def commands(params: dict[str, dict[str, str]]) -> dict[str, Callable[[Any], Any]]:
    """Each output command as a function of the store: report, the exports, and `pikg query NAME` per named query."""
    from graph.output.export import export
    from graph.output.report import report_html
    from graph.query.named import named_queries, run_query

    out: dict[str, Callable[[Any], Any]] = {
        "report": report_html,
        "export catalogue": lambda st: export(st, "catalogue", "csv", None),
        "export uses": lambda st: export(st, "uses", "csv", None),
    }
    for name, q in named_queries().items():
        out[f"query {name}"] = lambda st, q=q: run_query(st, q, params.get(q.name, {})).rows
    return out


def run(store_dir: Path, runs: int, only: list[str] | None) -> list[dict]:
    """Time every command on the store at `store_dir`: per command its wall time and each query's best time."""
    from graph.store.oxigraph import OxigraphStore
    from scale_benchmark import query_params

    store = OxigraphStore(store_dir, read_only=True)
    params = query_params(store)
    triples = store.count()
    results = []
    for name, command in commands(params).items():
        if only and name not in only:
            continue
        best: dict[str, float] = {}
        wall = []
        for _ in range(runs):
            timed = TimedStore(store)
            t0 = time.perf_counter()
            command(timed)
            wall.append(time.perf_counter() - t0)
            seen: dict[str, float] = defaultdict(float)
            for label, dt in timed.calls:  # a label asked twice in one run (two figures from one function) adds up
                seen[label] += dt
            for label, dt in seen.items():
                best[label] = min(best.get(label, dt), dt)
        slowest = max(best.items(), key=lambda kv: kv[1]) if best else ("-", 0.0)
        results.append({"command": name, "triples": triples, "wall_seconds": round(min(wall), 3), "queries": len(best),
                        "query_seconds": round(sum(best.values()), 3), "slowest": slowest[0],
                        "slowest_seconds": round(slowest[1], 3),
                        "all": {k: round(v, 3) for k, v in sorted(best.items(), key=lambda kv: -kv[1])}})
        print(json.dumps(results[-1], ensure_ascii=False), flush=True)
    store.close()
    return results


def table(results: list[dict], every: bool) -> str:
    """The results as a markdown table (with --all, each command's queries under it)."""
    lines = [f"{results[0]['triples']:,} triples in the store" if results else "no commands run", "",
             "| command | wall s | queries | all queries s | slowest query | its s |", "|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['command']} | {r['wall_seconds']} | {r['queries']} | {r['query_seconds']} | {r['slowest']} | "
                     f"{r['slowest_seconds']} |")
        if every:
            lines += [f"|  | | | | {label} | {s} |" for label, s in list(r["all"].items())[1:]]
    return "\n".join(lines)


def build_store(triples: int, work: Path) -> Path:
    """A synthetic corpus of about `triples` data triples built into work/store (reused when it is there)."""
    store = work / "store"
    if (store / "CURRENT").exists():
        return store
    corpus = work / "corpus"
    if not (corpus / "gold.jsonl").exists():
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "synth_corpus.py"), str(corpus), "--triples", str(triples)],
                       check=True)
    subprocess.run([sys.executable, str(ROOT / "pikg.py"), "build", str(corpus), "--store", str(store), "-q"], check=True)
    return store


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--store", type=Path, help="an Oxigraph store built by `pikg build`")
    g.add_argument("--triples", type=int, help="generate and build a synthetic store of about this many triples in --work")
    ap.add_argument("--work", type=Path, help="with --triples: the folder for the corpus and the store (kept)")
    ap.add_argument("--runs", type=int, default=2, help="runs of each command; each query keeps its best time (default 2)")
    ap.add_argument("--only", help="comma-separated commands, e.g. 'report,query findings'")
    ap.add_argument("--all", action="store_true", help="list every query of each command, not only the slowest")
    a = ap.parse_args()
    if a.triples and not a.work:
        ap.error("--triples needs --work: the folder for the corpus and the store")
    store = a.store or build_store(a.triples, a.work)
    results = run(store, a.runs, a.only.split(",") if a.only else None)
    print(table(results, a.all), file=sys.stderr)


if __name__ == "__main__":
    main()
