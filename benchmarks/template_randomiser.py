#!/usr/bin/env python3
"""Template randomiser benchmark (issue 32, part 3): print the gold records of the shared seed documents in
randomly drawn templates, extract them with pikg and score each against its own gold.

Each document draws its template with a seeded random.Random, every axis independently: template family
(goal placement: caption, cell_pair, numbered_cell, goal_column, export), producer (reportlab ruled or
reporting-tool PDF, HTML printed by headless Chromium where installed, xlsx, csv, docx, HTML, one-sheet export as xlsx or csv), column sets, orders and header
synonyms (单位 among them), split or joined targets, 前年/上年 as words or years (前年完成值 | 上年预计完成值,
2023年实际 | 2024年预计 …), before or after the target or absent, basis and extra columns, goal numbers (1. 1、
目标1： 目标一： （一）), form labels (主管部门及代码, a 其他资金 line), period formats, money in 万元 or 元 (and where the
unit is said, in （） or ()), the export's own column names (目标类型 / 期限, 目标序号 / 目标编号, 绩效目标 / 目标名称 …),
their order and its horizon words (长期目标 or 长期), merged cells top- or middle-aligned, page sizes and breaks. PDFs are also converted with pdftotext -layout and plain and
pdfplumber's layout text, each its own document. Every document's gold is adjusted to what it prints.

Usage: python benchmarks/template_randomiser.py --seed N --count 30 --out DIR [--pikg PATH]
           [--families caption,export] [--producers pdf_ruled,xlsx] [--conversions layout,plain,plumber]
Writes DIR/docs (inputs), DIR/gold (STEM.{indicators,goals,projects}.jsonl), DIR/templates.jsonl (each
document's template), DIR/pred.jsonl, DIR/report.txt (with pikg's warnings and errors by code per producer,
and its exit status), DIR/pikg-stderr.txt and DIR/failures.txt; progress on stderr.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.templates.convert import CONVERSIONS  # noqa: E402
from benchmarks.templates.generate import generate, unavailable_producers  # noqa: E402
from benchmarks.templates.problems import problems_by_doc, short  # noqa: E402
from benchmarks.templates.score import load_scorer, read_jsonl, report, run_pikg, score_docs, scorer_detail  # noqa: E402
from benchmarks.templates.source import load_sources, shared_dir  # noqa: E402
from benchmarks.templates.template import FAMILIES, PRODUCERS  # noqa: E402


def _names(s: str | None, allowed: tuple[str, ...], what: str) -> tuple[str, ...]:
    if not s:
        return allowed
    if s.strip() == "none":
        return ()
    got = tuple(x.strip() for x in s.split(",") if x.strip())
    bad = [x for x in got if x not in allowed]
    if bad:
        raise SystemExit(f"unknown {what}: {', '.join(bad)} (choose from {', '.join(allowed)})")
    return got


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=30, help="templates to draw (documents before conversions)")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--pikg", default=str(ROOT / ".venv" / "bin" / "pikg"))
    ap.add_argument("--families", help=f"comma-separated, of {', '.join(FAMILIES)}")
    ap.add_argument("--producers", help=f"comma-separated, of {', '.join(PRODUCERS)}")
    ap.add_argument("--conversions", help=f"comma-separated, of {', '.join(CONVERSIONS)} (default all; none for none)")
    ap.add_argument("--max-projects", type=int, default=3)
    ap.add_argument("--shared", help="the shared folder (default ../shared of the repo)")
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args(argv)
    fams, prods = _names(a.families, FAMILIES, "family"), _names(a.producers, PRODUCERS, "producer")
    missing = unavailable_producers()
    for p, why in missing.items():
        if p in prods:
            if a.producers:
                raise SystemExit(f"producer {p} asked for but {why}")
            print(f"skipping producer {p}: {why}", file=sys.stderr)
    prods = tuple(p for p in prods if p not in missing)
    convs = _names(a.conversions, CONVERSIONS, "conversion")
    if not shutil.which(a.pikg) and not Path(a.pikg).exists():
        raise SystemExit(f"no pikg at {a.pikg} (make the venv: python3 -m venv .venv && .venv/bin/pip install -e '.[test]', or pass --pikg)")
    shared = shared_dir(a.shared)
    print("LibreOffice is not used (optional): workbooks are read as written, not printed by an office suite", file=sys.stderr)
    if a.out.exists():
        shutil.rmtree(a.out)
    t0 = time.perf_counter()
    made = generate(load_sources(shared), a.out, a.seed, a.count, fams, prods, convs, a.max_projects)
    t1 = time.perf_counter()
    print(f"generated {len(made)} documents in {t1 - t0:.1f} s; extracting with {a.pikg}", file=sys.stderr)
    pred = a.out / "pred.jsonl"
    res = run_pikg(a.pikg, [g.path for g in made], pred, a.jobs)
    t2 = time.perf_counter()
    print(f"pikg extract exit {res.returncode} in {t2 - t1:.1f} s", file=sys.stderr)
    (a.out / "pikg-stderr.txt").write_text(res.stderr, encoding="utf-8")
    problems, unplaced = problems_by_doc(res.stderr, [(g.path, g.stem) for g in made])
    if unplaced:
        print(f"problems pikg named no generated document for: {short(unplaced)}", file=sys.stderr)
    if res.returncode:
        errors = [ln for ln in res.stderr.splitlines() if ln.startswith("错误：")]
        print("\n".join(errors[-40:]), file=sys.stderr)
    sc = load_scorer(shared)
    per_doc = score_docs(sc, a.out / "gold", read_jsonl(pred), [g.stem for g in made])
    text = report(made, per_doc, problems, res.returncode)
    (a.out / "report.txt").write_text(text + "\n", encoding="utf-8")
    with open(a.out / "failures.txt", "w", encoding="utf-8") as f:
        for g in made:
            c = per_doc[g.stem]
            if c["exact"] < c["rows"] or c["goals_ok"] < c["goals"] or c["fields_ok"] < c["fields"]:
                f.write(f"==== {g.stem} ({g.path.name}, from {g.source})\n{g.template.features()}\n")
                f.write(scorer_detail(sc, a.out / "gold", pred, g.stem) + "\n")
    print(f"seed {a.seed}, {a.count} templates, {len(made)} documents (generation {t1 - t0:.0f} s, extraction {t2 - t1:.0f} s)")
    print(text)
    print(f"\nfailures with the scorer's examples: {a.out / 'failures.txt'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
