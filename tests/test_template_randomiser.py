"""A slice of the template randomiser (benchmarks/template_randomiser.py): one document per producer that needs
no LibreOffice, Chromium or poppler, drawn with fixed seeds from fixture 001's gold (tests/data/template_gold).

Each document must agree with its own gold (what it prints is what its gold says); pikg's extractor is then
scored on it. The bars of issue 32 (rows ≥ 99% exact, goals and project fields ≥ 98%) are expected failures
where today's extractor misses them (another change is improving it): strict=False, so a fix shows as XPASS.
"""
from __future__ import annotations

import collections
import io
import json
import re
from pathlib import Path

import pytest

from benchmarks.templates.check import name_counts
from benchmarks.templates.generate import generate
from benchmarks.templates.layout import split_target
from benchmarks.templates.source import ROOT, load_source, shared_dir
from benchmarks.templates.template import PDF_PRODUCERS

pytestmark = pytest.mark.slow  # about 7 s: eight documents generated, read back and extracted

GOLD = ROOT / "tests" / "data" / "template_gold"


def _scorer() -> Path | None:
    """The shared scorer (../shared of the checkout, or of its parent), or None."""
    try:
        return shared_dir() / "tools" / "score_extraction.py"
    except SystemExit:
        return None


SCORER = _scorer()
# producer → seed: chosen so that the slice covers every family (which family a seed draws is fixed)
SEEDS = {"xlsx": 120, "csv": 111, "docx": 122, "html": 123, "pdf_ruled": 124, "pdf_report": 105, "export_xlsx": 106, "export_csv": 117}
FAMILY = {"xlsx": "caption", "csv": "cell_pair", "docx": "numbered_cell", "html": "goal_column", "pdf_ruled": "goal_column",
          "pdf_report": "cell_pair", "export_xlsx": "export", "export_csv": "export"}
# what today's extractor misses, per (producer, measure); measures met today are asserted plainly
TODAY = {
    ("xlsx", "rows"): "caption family: a goal caption with an ASCII colon (中长期目标3:…) is not taken, its rows fall under the table before",
    ("xlsx", "goals"): "caption family: 中长期目标N:/当年目标N: captions give no goal records",
    ("xlsx", "fields"): "caption family form: 项目期限 2026年1月-2026年12月, 年度指标值 forms, budgets under 项目总预算（万元） not read",
    ("csv", "rows"): "cell_pair family: tables captioned 中长期绩效指标（目标N） as csv — rows filed under the wrong goal/horizon",
    ("csv", "goals"): "cell_pair family: the 中长期目标 | 年度目标 cell pair with 目标N： prefixes gives no goals in csv",
    ("csv", "fields"): "cell_pair family form in csv: an empty 项目编码 cell takes the next label as the code; 资金总额/财政拨款 in 元 not read",
    ("docx", "goals"): "numbered_cell family: goals listed in one cell per horizon (1.…；2.…) are not read",
    ("docx", "fields"): "numbered_cell family form: 年度资金总额 and 项目期限 2026年至2026年 not read",
    ("html", "rows"): "goal_column family: a 目标名称 column with 目标N： cells is not used for the goal",
    ("html", "goals"): "goal_column family: goals in a goal column are not read",
    ("html", "fields"): "goal_column family form: 总额 / 项目期限 labels not read from HTML",
    ("pdf_ruled", "rows"): "goal_column family: rows of a per-horizon table with a goal column filed under goal 1 / the wrong block",
    ("pdf_ruled", "fields"): "goal_column family form: budgets and 起止年度 not read",
    ("pdf_report", "rows"): "cell_pair family, reporting-tool PDF: the 当年指标值/目标值 column not taken as the target; tables after the cell pair misfiled",
    ("pdf_report", "goals"): "cell_pair family, reporting-tool PDF: annual goals of the cell pair missed",
    ("pdf_report", "fields"): "cell_pair family, reporting-tool PDF: the project form is not found (the project is not matched)",
    ("export_xlsx", "rows"): "export family: the row's own 目标类型 / 目标序号 are ignored (rows filed as goal 1)",
    ("export_xlsx", "goals"): "export family: one goal per 目标类型/目标序号 not made",
    ("export_csv", "rows"): "export family: the row's own 目标类型 / 目标序号 are ignored (rows filed as goal 1)",
    ("export_csv", "goals"): "export family: one goal per 目标类型/目标序号 not made",
}


@pytest.fixture(scope="module")
def slice_docs(tmp_path_factory) -> dict:
    """producer → (generated document, its gold by kind, pikg's records), all under one tmp folder."""
    from extractors import extract_document

    src = load_source(GOLD, "001_163e4aab9eba8502")
    base = tmp_path_factory.mktemp("template_slice")
    out = {}
    for prod, seed in SEEDS.items():
        g = generate([src], base / prod, seed, 1, producers=(prod,), conversions=(), log=io.StringIO())[0]
        gold = {k: [json.loads(x) for x in (base / prod / "gold" / f"{g.stem}.{k}.jsonl").read_text(encoding="utf-8").splitlines()]
                for k in ("indicators", "goals", "projects")}
        recs, _ = extract_document(g.path)
        out[prod] = (g, gold, recs)
    return out


def _norm(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


@pytest.mark.parametrize("prod", list(SEEDS))
def test_document_agrees_with_its_gold(slice_docs, prod):
    g, gold, _ = slice_docs[prod]
    t = g.template
    assert g.family == FAMILY[prod] and t.producer == prod
    inds = gold["indicators"]
    assert inds and len(inds) == g.rows
    assert all(r["doc"] == g.stem == g.path.stem for k in gold for r in gold[k])
    # every gold row's name is printed at least as often as the gold has it (names can also be values)
    cells = name_counts(g.path)
    want = collections.Counter(_norm(r["name"]) for r in inds)
    short = {n: (k, cells.get(n, 0)) for n, k in want.items() if cells.get(n, 0) < k}
    assert not short, f"gold rows not printed: {list(short.items())[:5]}"
    if t.prev == "absent" and t.family != "export":
        assert all(r["prev2"] is None and r["prev1"] is None for r in inds)
    if not t.basis_header:
        assert all(r["basis"] is None for r in inds)
    if t.split_target:
        for r in inds:
            sign, val, unit = split_target(r["target"])
            assert (val if sign == "定性" else sign + val + unit) == (r["target"] or "")
            if prod not in PDF_PRODUCERS and val:
                assert cells.get(_norm(val)), f"target cell {val!r} of {r['name']!r} not printed"
    if t.family == "export":
        assert all(p["total_budget"] is None and p["start_year"] is None for p in gold["projects"])
    else:
        assert all(p["money_unit"] == t.money_unit for p in gold["projects"])
        if not t.code_label:
            assert all(p["code"] is None for p in gold["projects"])
    if t.family == "numbered_cell" and t.tables == "per_horizon":
        assert {r["goal"] for r in inds} == {1} and all(x["goal"] == 1 for x in gold["goals"])


@pytest.mark.parametrize("prod", list(SEEDS))
def test_extractor_reads_every_printed_row(slice_docs, prod):
    """Met today by every producer of the slice: each gold row's name comes back (wherever it is filed)."""
    g, gold, recs = slice_docs[prod]
    got = collections.Counter(_norm(r.get("name")) for r in recs if r.get("type") == "indicator")
    want = collections.Counter(_norm(r["name"]) for r in gold["indicators"])
    missing = {n: k - got.get(n, 0) for n, k in want.items() if got.get(n, 0) < k}
    assert not missing, f"{g.stem} ({g.template.features()}): rows not extracted: {list(missing)[:5]}"


def _scores(slice_docs, prod) -> dict[str, float]:
    import importlib.util

    from benchmarks.templates.score import score_docs

    spec = importlib.util.spec_from_file_location("score_extraction", SCORER)
    sc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sc)
    g, _, recs = slice_docs[prod]
    c = score_docs(sc, g.path.parents[1] / "gold", recs, [g.stem])[g.stem]
    return {"rows": c["exact"] / c["rows"] if c["rows"] else 1.0, "goals": c["goals_ok"] / c["goals"] if c["goals"] else 1.0,
            "fields": c["fields_ok"] / c["fields"] if c["fields"] else 1.0}


BARS = {"rows": 0.99, "goals": 0.98, "fields": 0.98}


def _cases():
    for prod in SEEDS:
        for m in BARS:
            reason = TODAY.get((prod, m))
            marks = [pytest.mark.xfail(strict=False, reason=reason)] if reason else []
            yield pytest.param(prod, m, marks=marks, id=f"{prod}-{FAMILY[prod]}-{m}")


@pytest.mark.skipif(SCORER is None, reason="the shared scorer is not beside this checkout")
@pytest.mark.parametrize("prod,measure", list(_cases()))
def test_extractor_meets_issue_32_bars(slice_docs, prod, measure):
    g, _, _ = slice_docs[prod]
    got = _scores(slice_docs, prod)[measure]
    assert got >= BARS[measure], f"{g.stem}: {measure} {got:.1%} < {BARS[measure]:.0%} ({g.template.features()})"
