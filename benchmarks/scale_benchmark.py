#!/usr/bin/env python3
"""Scale benchmark: a synthetic province through the whole pipeline, Oxigraph and Virtuoso side by side.

For each size (data triples, default 1M): generate a seeded synthetic corpus (benchmarks/synth_corpus.py),
`pikg build` it into a fresh on-disk store with shards written beside it, and report
- per-phase wall times of the build (extract = waiting for workers, load, prune, analyze, optimize) and
  the workers' summed times (extract, rdf, validate, write), peak RSS of the build process and its workers;
- the size of the data graphs and of the analysis graph;
- `pikg validate` (shapes compiled to SPARQL) over the whole store;
- every named query on Oxigraph (best of 3): the whole answer, a listing for one document, and a paged
  listing's first and middle page of 100 documents; with a plan check from `oxigraph query --explain`: the most
  rows any step of the plan produced and whether a step scanned every triple;
- the same queries on Virtuoso (when virtuoso-opensource is installed): a private server bulk-loads the
  same shards with its own loader, plus the ontology, framework and analysis graphs.

Usage:
  python benchmarks/scale_benchmark.py --triples 1000000 [--triples 5000000 ...] [--jobs N] [--work DIR] [--keep]
  python benchmarks/scale_benchmark.py --triples 10000000 --work DIR --queries-only   (the queries again)
Results: one JSON object per size on stdout, and a table on stderr. Run it alone: on 2 cores, anything else
running inflates the extract and load phases (a test run beside the 10M build made it 2.4x the 5M time).
Goals (issue 11): build + analyze ≤ 2.2× time for 2× data; peak RSS < 3 GB at 10M; every named query ≤ 1 s
at 10M on Oxigraph and ≤ 0.2 s on Virtuoso; analysis graph ≤ data graph; validation of 10M ≤ 2 minutes.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BUILD = """
import json, resource, sys
sys.path.insert(0, {root!r})
from graph.build.builder import build
rep = build([{corpus!r}], store={store!r}, jobs={jobs}, shard_dir={shards!r})
self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({{"documents": len(rep.documents), "failed": len(rep.failed), "violations": len(rep.violations),
                  "triples": rep.total_triples, "phases": rep.phases, "workers": rep.worker_seconds,
                  "peak_rss_mb": round(self_kb / 1024), "worker_peak_rss_mb": round(children_kb / 1024)}}))
"""


def graph_sizes(store) -> dict:
    r = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    data = analysis = other = 0
    for g, n in r.rows:
        if "/graph/doc/" in g or g.endswith("/catalogue"):
            data += n
        elif g.endswith("/analysis"):
            analysis += n
        else:
            other += n
    return {"data": data, "analysis": analysis, "ontology_and_framework": other}


def query_params(store) -> dict[str, dict[str, str]]:
    """Parameters a user would give: a commonly reused indicator (the one at the top 1% of use counts, not
    the single most used: 成本控制 in every project is everybody's worst case), and the project name that
    recurs most."""
    counts = store.query("PREFIX pi: <https://w3id.org/pikg/ontology#> SELECT ?name (COUNT(*) AS ?n) WHERE { ?u pi:name ?name ; pi:indicator ?i } "
                         "GROUP BY ?name ORDER BY DESC(?n) ?name").rows
    indicator = counts[len(counts) // 100][0]
    proj = store.query("PREFIX pi: <https://w3id.org/pikg/ontology#> SELECT ?name (COUNT(*) AS ?n) WHERE { ?p a pi:Project ; pi:name ?name } "
                       "GROUP BY ?name ORDER BY DESC(?n) ?name LIMIT 1").rows[0][0]
    from graph.store.base import Param

    doc = store.query("PREFIX pi: <https://w3id.org/pikg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "
                      "SELECT ?id WHERE { ?p a pi:Project ; pi:name ?name ; pi:inDocument ?d . ?d dcterms:identifier ?id } "
                      "ORDER BY ?id LIMIT 1", {"name": Param(proj)}).rows[0][0]
    return {"indicator-history": {"indicator": indicator}, "project-tree": {"project": proj}, "_document": {"document": doc}}


def time_queries(store, params: dict, runs: int = 3) -> dict[str, dict]:
    """Each named query (best of `runs`): the whole answer; a listing with a document parameter also for
    one document (seeded); a listing that pages also its first and its middle page (the page's count of
    documents timed with it, as `pikg query --page` runs both)."""
    from graph.query.named import count_pages, named_queries, run_query

    out = {}
    for name, q in named_queries().items():
        given = params.get(name, {})
        runs_of = [(name, lambda g=given: run_query(store, q, g).rows)]
        if any(p.name == "document" for p in q.params):  # the same listing for one document (seeded)
            one = {**given, **params.get("_document", {})}
            runs_of.append((f"{name} document=", lambda g=one: run_query(store, q, g).rows))
        if q.page is not None:
            middle = (count_pages(store, q, given).count + 1) // 2
            for n in sorted({1, middle}):
                runs_of.append((f"{name} page={n}",
                                lambda g=given, n=n: count_pages(store, q, g, n) and run_query(store, q, g, page=n).rows))
        for label, run in runs_of:
            best, n = None, -1
            for _ in range(runs):
                t0 = time.perf_counter()
                n = len(run())
                dt = time.perf_counter() - t0
                best = dt if best is None else min(best, dt)
                if dt > 10:
                    break
            out[label] = {"seconds": round(best, 3), "rows": n}
    return out


def explain(store_dir: Path, params: dict) -> dict[str, dict]:
    """`oxigraph query --explain --stats` of each named query: the largest intermediate result and whether
    any step was a pattern with nothing bound (a scan of every triple)."""
    from graph.query.named import named_queries
    from graph.store.base import bind_values

    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, q in named_queries().items():
            text = bind_values(q.seeded(params.get(name, {})), q.bind(params.get(name, {})))
            qf, plan = Path(tmp) / "q.rq", Path(tmp) / "plan.json"
            qf.write_text(text, encoding="utf-8")
            r = subprocess.run([binary, "query", "--location", str(store_dir), "--query-file", str(qf), "--results-file",
                                str(Path(tmp) / "r.tsv"), "--explain-file", str(plan), "--stats", "--union-default-graph"],
                               capture_output=True, text=True)
            if r.returncode:
                out[name] = {"error": r.stderr.strip()[-300:]}
                continue
            steps = []

            def walk(node):
                steps.append((node.get("name", ""), node.get("number of results", 0)))
                for c in node.get("children", []):
                    walk(c)

            walk(json.loads(plan.read_text())["plan"])
            biggest = max(steps, key=lambda s: s[1])
            full_scan = any(s[0].startswith("QuadPattern(?") and s[0].count("?") >= 3 and "<" not in s[0] for s in steps)
            out[name] = {"largest_step_rows": biggest[1], "largest_step": biggest[0][:80], "full_scan": full_scan}
    return out


def virtuoso_side(work: Path, shards: Path, ox_store, params: dict) -> dict:
    from graph.store.registry import open_store
    from graph.model.terms import ANALYSIS_GRAPH, FRAMEWORK_GRAPH, ONTOLOGY_GRAPH
    from graph.store.virtuoso import LocalVirtuoso

    if not LocalVirtuoso.available():
        return {"skipped": "virtuoso-opensource is not installed"}
    folder, shared = work / "virtuoso", work / "shared-graphs"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(shared, ignore_errors=True)
    shared.mkdir()
    for g in (ONTOLOGY_GRAPH, FRAMEWORK_GRAPH, ANALYSIS_GRAPH):  # the graphs the build made itself, as N-Quads
        (shared / f"{g.rsplit('/', 1)[-1]}.nq").write_bytes(_graph_nquads(ox_store, g))
    with LocalVirtuoso(folder, memory_mb=4000, allowed_dirs=(shards, shared)) as v:
        t0 = time.perf_counter()
        v.bulk_load(shards)
        load_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        v.bulk_load(shared)
        shared_s = time.perf_counter() - t0
        st = open_store(None, v.endpoint)
        queries = time_queries(st, params)
        return {"bulk_load_seconds": round(load_s, 1), "shared_graphs_seconds": round(shared_s, 1), "triples": st.count(),
                "queries": queries}


def _graph_nquads(ox_store, graph: str) -> bytes:
    ox = ox_store.ox
    return ox.serialize(ox_store.store.quads_for_pattern(None, None, None, ox.NamedNode(graph)), format=ox.RdfFormat.N_QUADS)


def run_size(triples: int, work: Path, jobs: int, seed: int, years: int) -> dict:
    import synth_corpus

    from graph.store.oxigraph import OxigraphStore
    from graph.validate.validator import validate_store

    corpus = work / f"corpus-{triples}"
    districts = synth_corpus.districts_for(triples, years)
    if not (corpus / "gold.jsonl").exists():
        t0 = time.perf_counter()
        gen = synth_corpus.generate(corpus, districts, years, seed=seed, max_documents=synth_corpus.documents_for(triples))
        gen["seconds"] = round(time.perf_counter() - t0, 1)
    else:
        gen = {"documents": len(list(corpus.glob("*.md"))), "reused": True}
    store, shards = work / f"store-{triples}", work / f"shards-{triples}"
    shutil.rmtree(store, ignore_errors=True)
    shutil.rmtree(shards, ignore_errors=True)
    shards.mkdir(parents=True)
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", BUILD.format(root=str(ROOT), corpus=str(corpus), store=str(store), jobs=jobs,
                                                          shards=str(shards))], capture_output=True, text=True)
    if r.returncode:
        raise SystemExit(f"build failed:\n{r.stderr[-2000:]}")
    built = json.loads(r.stdout.strip().splitlines()[-1])
    built["wall_seconds"] = round(time.perf_counter() - t0, 1)
    ox = OxigraphStore(store, read_only=True)
    sizes = graph_sizes(ox)
    t0 = time.perf_counter()
    rep = validate_store(ox)
    validation = {"seconds": round(time.perf_counter() - t0, 1), "violations": len(rep.violations), "triples": rep.triples}
    params = query_params(ox)
    queries = time_queries(ox, params)
    result = {"target_triples": triples, "districts": districts, "generated": gen, "build": built, "graphs": sizes, "params": params,
              "validation": validation, "oxigraph_queries": queries}
    print(json.dumps({k: result[k] for k in ("target_triples", "build", "graphs", "validation", "oxigraph_queries")}),
          file=sys.stderr, flush=True)
    virt = virtuoso_side(work, shards, ox, params)
    ox.close()
    result["explain"] = explain(store, params)
    result["virtuoso"] = virt
    return result


def queries_only(triples: int, work: Path) -> dict:
    """The query part of a run again, on the store and the Virtuoso database an earlier run left in `work`."""
    from graph.store.oxigraph import OxigraphStore
    from graph.store.registry import open_store
    from graph.store.virtuoso import LocalVirtuoso

    store = work / f"store-{triples}"
    if not store.is_dir():
        raise SystemExit(f"{store}: no store of this size here; run without --queries-only first")
    ox = OxigraphStore(store, read_only=True)
    params = query_params(ox)
    result = {"target_triples": triples, "params": params, "oxigraph_queries": time_queries(ox, params)}
    triples_in_store = ox.count()
    ox.close()
    result["explain"] = explain(store, params)
    result["virtuoso"] = {"skipped": "no Virtuoso database in the work folder"}
    folder = work / "virtuoso"
    if LocalVirtuoso.available() and (folder / "virtuoso.db").exists():
        with LocalVirtuoso(folder, memory_mb=4000) as v:
            st = open_store(None, v.endpoint)
            if st.count() != triples_in_store:  # the folder holds the last size a run loaded
                result["virtuoso"] = {"skipped": f"the Virtuoso database holds {st.count():,} triples, the store {triples_in_store:,}"}
            else:
                result["virtuoso"] = {"triples": triples_in_store, "queries": time_queries(st, params)}
    return result


def table(results: list[dict]) -> str:
    lines = []
    for r in results:
        if "build" in r:
            b = r["build"]
            ph = ", ".join(f"{k} {v:.1f}" for k, v in b["phases"].items())
            wk = ", ".join(f"{k} {v:.1f}" for k, v in b["workers"].items())
            lines += [f"## {r['target_triples']:,} target triples: {b['documents']} documents, {b['triples']:,} triples in the store",
                      f"build wall {b['wall_seconds']} s (phases: {ph}); workers summed: {wk}",
                      f"peak RSS: build {b['peak_rss_mb']} MB, largest worker {b['worker_peak_rss_mb']} MB",
                      f"graphs: data {r['graphs']['data']:,}, analysis {r['graphs']['analysis']:,}",
                      f"validate: {r['validation']['seconds']} s, {r['validation']['violations']} violations"]
        else:
            lines.append(f"## {r['target_triples']:,} target triples: queries only, on the store of an earlier run")
        lines += ["| query | Oxigraph s | rows | Virtuoso s | rows | largest plan step | full scan |", "|---|---|---|---|---|---|---|"]
        vq = r["virtuoso"].get("queries", {})
        for name, q in r["oxigraph_queries"].items():
            v = vq.get(name, {})
            e = r["explain"].get(name, {})
            lines.append(f"| {name} | {q['seconds']} | {q['rows']} | {v.get('seconds', '-')} | {v.get('rows', '-')} | "
                         f"{e.get('largest_step_rows', '-')} | {e.get('full_scan', '-')} |")
        if "bulk_load_seconds" in r["virtuoso"]:
            lines.append(f"Virtuoso: bulk load of the shards {r['virtuoso']['bulk_load_seconds']} s, "
                         f"shared graphs {r['virtuoso']['shared_graphs_seconds']} s, {r['virtuoso']['triples']:,} triples")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--triples", type=int, action="append", help="target data triples (repeatable; default 1,000,000)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--years", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", type=Path, help="folder for corpora, stores and shards (default: a temporary folder)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("--queries-only", action="store_true",
                    help="time the queries again on the store and Virtuoso database an earlier run left in --work")
    a = ap.parse_args()
    if a.queries_only and not a.work:
        ap.error("--queries-only needs --work: the folder of an earlier run")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    work = a.work or Path(tempfile.mkdtemp(prefix="pikg-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        for n in a.triples or [1_000_000]:
            res = queries_only(n, work) if a.queries_only else run_size(n, work, a.jobs, a.seed, a.years)
            results.append(res)
            print(json.dumps(res, ensure_ascii=False), flush=True)
            print(table([res]), file=sys.stderr, flush=True)
    finally:
        if not a.keep and not a.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
