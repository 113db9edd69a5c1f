"""Run pikg on the generated documents and score them with the shared scorer, per document, family and producer."""
from __future__ import annotations

import collections
import contextlib
import importlib.util
import io
import json
import subprocess
import sys
from pathlib import Path

from .generate import Generated
from .problems import problems_table, short

PROJECT_FIELDS = ("code", "total_budget", "year_budget", "start_year", "end_year")


def load_scorer(shared: Path):
    """The shared scorer as a module (its norm, group_key, match_rows and field_eq)."""
    spec = importlib.util.spec_from_file_location("score_extraction", shared / "tools" / "score_extraction.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def run_pikg(pikg: str, files: list[Path], out: Path, jobs: int = 2) -> subprocess.CompletedProcess:
    """pikg extract FILE… -o out (a file that fails leaves the others extracted), not quiet: its warnings and
    errors on stderr are counted per document (benchmarks.templates.problems)."""
    return subprocess.run([pikg, "extract", "-j", str(jobs), "-o", str(out), *map(str, files)], capture_output=True, text=True)


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def score_docs(sc, gold_dir: Path, pred: list[dict], stems: list[str]) -> dict[str, collections.Counter]:
    """Per stem: gold/exact indicator rows, gold/matched goals (key and text), project fields right of gold's."""
    gold = sc.load_gold(str(gold_dir))
    out = {s: collections.Counter() for s in stems}
    by = lambda recs, typ: collections.defaultdict(list, {})
    g_ind, p_ind = collections.defaultdict(list), collections.defaultdict(list)
    for r in gold["indicator"]:
        if r["doc"] in out:
            g_ind[sc.group_key(r)].append(r)
    preds = collections.defaultdict(list)
    for r in pred:
        if r.get("doc") in out:
            preds[r.get("type")].append(r)
    for r in preds["indicator"]:
        p_ind[sc.group_key(r)].append(r)
    for key in set(g_ind) | set(p_ind):
        c = out[key[0]]
        pairs, _, _ = sc.match_rows(g_ind.get(key, []), p_ind.get(key, []))
        c["rows"] += len(g_ind.get(key, []))
        c["pred_rows"] += len(p_ind.get(key, []))
        c["exact"] += sum(all(sc.field_eq(f, g.get(f), p.get(f)) for f in sc.IND_FIELDS) for g, p in pairs)
    g_goal, p_goal = collections.defaultdict(list), collections.defaultdict(list)
    for r in gold["goal"]:
        if r["doc"] in out:
            g_goal[sc.group_key(r)].append(r)
    for r in preds["goal"]:
        p_goal[sc.group_key(r)].append(r)
    for key, gs in g_goal.items():
        c = out[key[0]]
        c["goals"] += len(gs)
        c["goals_ok"] += sum(sc.norm(g.get("text")) == sc.norm(p.get("text")) for g, p in zip(gs, p_goal.get(key, [])))
    g_proj, p_proj = collections.defaultdict(list), collections.defaultdict(list)
    for r in gold["project"]:
        if r["doc"] in out:
            g_proj[(r["doc"], sc.norm(r.get("project")))].append(r)
    for r in preds["project"]:
        p_proj[(r.get("doc"), sc.norm(r.get("project")))].append(r)
    for key, gs in g_proj.items():
        c = out[key[0]]
        c["fields"] += len(gs) * len(PROJECT_FIELDS)
        for g, p in zip(gs, p_proj.get(key, [])):
            c["fields_ok"] += sum((sc.norm if f == "code" else sc.norm_num)(g.get(f)) == (sc.norm if f == "code" else sc.norm_num)(p.get(f)) for f in PROJECT_FIELDS)
    return out


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:6.1f}%" if b else "     -"


def table(title: str, groups: dict[str, collections.Counter], docs: dict[str, int]) -> str:
    """Exact rows, goals matched and project fields exact, one line a group."""
    lines = [f"{title:<26}{'docs':>5}{'rows':>7}{'exact rows':>11}{'goals':>7}{'goals ok':>10}{'fields':>8}{'fields ok':>10}"]
    tot = collections.Counter()
    for k in sorted(groups):
        c = groups[k]
        tot.update(c)
        lines.append(f"{k:<26}{docs[k]:>5}{c['rows']:>7}{pct(c['exact'], c['rows']):>11}{c['goals']:>7}{pct(c['goals_ok'], c['goals']):>10}"
                     f"{c['fields']:>8}{pct(c['fields_ok'], c['fields']):>10}")
    lines.append(f"{'all':<26}{sum(docs.values()):>5}{tot['rows']:>7}{pct(tot['exact'], tot['rows']):>11}{tot['goals']:>7}"
                 f"{pct(tot['goals_ok'], tot['goals']):>10}{tot['fields']:>8}{pct(tot['fields_ok'], tot['fields']):>10}")
    return "\n".join(lines)


def report(made: list[Generated], per_doc: dict[str, collections.Counter],
           problems: dict[str, collections.Counter] | None = None, exit_status: int | None = None) -> str:
    """Per family and per producer tables, pikg's warnings and errors by code per producer (with its exit
    status and the documents that made it non-zero), then one line a document with its template's features."""
    problems = problems or {}
    out = []
    for title, keyf in (("family", lambda g: g.family), ("producer", lambda g: g.producer)):
        groups: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        docs: dict[str, int] = collections.Counter()
        for g in made:
            groups[keyf(g)].update(per_doc[g.stem])
            docs[keyf(g)] += 1
        out.append(table(title, groups, docs))
    by_producer: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    docs_with: collections.Counter = collections.Counter()
    for g in made:
        c = problems.get(g.stem, collections.Counter())
        by_producer[g.producer].update(c)
        docs_with.update({(g.producer, code) for _, code in c})
    failing = [g.stem for g in made if any(sev == "error" for sev, _ in problems.get(g.stem, ()))]
    status = "" if exit_status is None else f"pikg extract exit status {exit_status}; "
    out.append(f"warnings and errors by code ({status}documents with an error: {len(failing)}"
               + (f": {', '.join(failing)}" if failing else "") + ")\n" + problems_table(by_producer, docs_with))
    out.append("per document (rows exact / goals ok / project fields ok):")
    for g in made:
        c = per_doc[g.stem]
        said = problems.get(g.stem)
        out.append(f"  {g.stem:<44} {pct(c['exact'], c['rows'])} {pct(c['goals_ok'], c['goals'])} {pct(c['fields_ok'], c['fields'])}"
                   f"  (pred {c['pred_rows']} of {c['rows']} rows; from {g.source})" + (f"  [{short(said)}]" if said else ""))
        if "." not in g.stem:  # a conversion has its PDF's template, printed once above it
            out.append(f"      {g.template.features()}")
    out.append("templates: in templates.jsonl; a document's errors: score_extraction.py --gold GOLD --pred PRED --docs STEM")
    return "\n\n".join(out[:3]) + "\n\n" + "\n".join(out[3:])


def scorer_detail(sc, gold_dir: Path, pred_path: Path, stem: str, show: int = 4) -> str:
    """The shared scorer's own report for one document (its first errors of each kind)."""
    argv = sys.argv
    buf = io.StringIO()
    try:
        sys.argv = ["score_extraction.py", "--gold", str(gold_dir), "--pred", str(pred_path), "--docs", stem, "--show", str(show)]
        with contextlib.redirect_stdout(buf):
            sc.main()
    except SystemExit:
        pass
    finally:
        sys.argv = argv
    return buf.getvalue()
