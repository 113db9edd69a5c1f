#!/usr/bin/env python3
"""Issue 35's "every flagged row listed", measured: for scans with a gold (benchmarks/scan_maker.py --out DIR
writes DIR/*.pdf and DIR/gold), each indicator row read is correct or wrong (a field differs from its gold row
after the scorer's normalisation, or it has no gold row) × flagged for review or not; projects the same. Wrong
rows not flagged are listed with their fields and notes; correct rows flagged are counted by what flags them.

    python benchmarks/flag_table.py DIR_OR_PDF... [--cache DIR] [--wrong]

Each scan's OCR'd pages are kept in --cache (pickled; default pikg-flag-pages in the system's temporary folder),
keyed on the scan's bytes and on the code that reads a page (extractors/read_scan.py and the OCR modules other
than the review rules and the mends made across pages), and joined into a grid on each run, so that a change to
the review rules (extractors/ocr/trust.py, settled.py, form_trust.py, plausible.py) or to the mends across pages
(restamped.py) is measured again in seconds, without OCR, and a change to the reading is never measured on stale
pages.
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import importlib.util
import pickle
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.engine import extract_grid  # noqa: E402 - after the path to the project
from extractors.ocr import OcrOptions  # noqa: E402

FIELDS = ("code", "total_budget", "year_budget", "start_year", "end_year")


def _scorer():
    path = ROOT.parent / "shared" / "tools" / "score_extraction.py"
    if not path.exists():
        path = Path("/work/shared/tools/score_extraction.py")
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# the review rules and the mends made across pages: changing them needs no new OCR, changing anything else of
# the reading does
_AFTER_PAGES = {"trust.py", "settled.py", "form_trust.py", "plausible.py", "restamped.py", "runner_up.py",
                "model_store.py"}  # (the folded model cached: the same bytes as folded in memory)


def _pages_key(pdf: Path) -> str:
    """A hash of the scan's bytes and of the code that reads its pages."""
    h = hashlib.sha256(pdf.read_bytes())
    code = [ROOT / "extractors" / "read_scan.py",
            *sorted(p for p in (ROOT / "extractors" / "ocr").glob("*.py") if p.name not in _AFTER_PAGES)]
    for p in code:
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def grid_of(pdf: Path, cache: Path):
    """The scan's OCR'd grid: its pages from the cache or read (and cached), joined."""
    from extractors.ocr.pages import page_count
    from extractors.read_scan import _grid, _ocr_pages

    cached = cache / f"{pdf.stem}.{_pages_key(pdf)}.pages.pkl"
    if cached.exists():
        pages = pickle.loads(cached.read_bytes())
    else:
        pages = list(_ocr_pages(pdf, range(1, page_count(pdf) + 1), OcrOptions()))
        cache.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps(pages))
        tmp.replace(cached)
    return _grid(pdf, *zip(*pages))


def flagged_by(rec: dict) -> list[str]:
    """What flags a record, by kind of note."""
    out = set()
    for n in rec.get("notes") or []:
        if n.startswith("OCR核对") or not n.startswith("OCR"):
            continue
        if "项目的名称" in n:
            out.add("project name")
        elif "印章" in n:
            out.add("seal")
        elif n.startswith("OCR识别置信度低"):
            out.add("low confidence")
        elif n.startswith("OCR修正"):
            out.add("mend of a comparator" if re.search("[≥≤]", n) else "mend")
        else:
            out.add(n[5:15])
    return sorted(out)


def table(pdf: Path, cache: Path, se, show_wrong: bool) -> collections.Counter:
    """The flag counts of one scan (printed as a line; unflagged wrong rows listed)."""
    recs, _ = extract_grid(grid_of(pdf, cache), pdf.stem, "pdf")
    gold = se.load_gold(str(pdf.parent / "gold"))
    c: collections.Counter = collections.Counter()
    gk, pk = collections.defaultdict(list), collections.defaultdict(list)
    for r in gold["indicator"]:
        if r["doc"] == pdf.stem:
            gk[se.group_key(r)].append(r)
    for r in recs:
        if r["type"] == "indicator":
            pk[se.group_key(r)].append(r)
    for k in set(gk) | set(pk):
        pairs, missed, spurious = se.match_rows(gk.get(k, []), pk.get(k, []))
        c["missed"] += len(missed)
        rows = [(p, [f for f in se.IND_FIELDS if not se.field_eq(f, g.get(f), p.get(f))], g) for g, p in pairs]
        for p, bad, g in rows + [(p, ["no gold row"], None) for p in spurious]:
            flag = bool(p.get("ocr_low_confidence"))
            c["wrong" if bad else "correct", flag] += 1
            if flag and not bad:
                c.update(f"by {w}" for w in flagged_by(p))
            if bad and (show_wrong or not flag):
                print(f"  {'flagged' if flag else 'NOT FLAGGED'} wrong row line {p.get('line')} {p.get('name')!r}: "
                      + "; ".join(f"{f} gold {g.get(f)!r} read {p.get(f)!r}" if g else f for f in bad))
    by_name = collections.defaultdict(list)
    for r in gold["project"]:
        if r["doc"] == pdf.stem:
            by_name[se.norm(r.get("project"))].append(r)
    for r in (r for r in recs if r["type"] == "project"):
        same = by_name.get(se.norm(r.get("project"))) or []
        g = same.pop(0) if same else None  # projects of one name pair in document order, as the scorer does
        ok = g is not None and all(se.norm_num(g.get(f)) == se.norm_num(r.get(f)) for f in FIELDS)
        c["project " + ("correct" if ok else "wrong"), bool(r.get("ocr_low_confidence"))] += 1
    print(f"{pdf.stem}: {_line(c)}", flush=True)
    return c


def _line(c: collections.Counter) -> str:
    w, k = c["wrong", True] + c["wrong", False], c["correct", True] + c["correct", False]
    pw, pk = c["project wrong", True] + c["project wrong", False], c["project correct", True] + c["project correct", False]
    return (f"wrong rows flagged {c['wrong', True]}/{w}, correct rows flagged {c['correct', True]}/{k} "
            f"({c['correct', True] / max(k, 1):.1%}), gold rows not read {c['missed']}; projects wrong flagged "
            f"{c['project wrong', True]}/{pw}, correct flagged {c['project correct', True]}/{pk}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dirs", nargs="+", type=Path, help="folders of scans (or scans) with their gold in DIR/gold")
    ap.add_argument("--cache", type=Path, default=None, help="where the OCR'd pages are kept (default: the temporary folder's pikg-flag-pages)")
    ap.add_argument("--wrong", action="store_true", help="list the flagged wrong rows too")
    args = ap.parse_args()
    se = _scorer()
    total: collections.Counter = collections.Counter()
    for d in args.dirs:
        for pdf in [d] if d.is_file() else sorted(d.glob("*.pdf")):
            total.update(table(pdf, args.cache or Path(tempfile.gettempdir()) / "pikg-flag-pages", se, args.wrong))
    print(f"total: {_line(total)}")
    print("correct rows flagged, by what flags them: "
          + ", ".join(f"{k[3:]} {v}" for k, v in total.most_common() if isinstance(k, str) and k.startswith("by ")))


if __name__ == "__main__":
    main()
