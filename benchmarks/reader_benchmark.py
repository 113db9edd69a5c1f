#!/usr/bin/env python3
"""Reader throughput: PDF pages per second on one core, workbooks (and the same tables as .xls, .docx and .csv),
text conversions, and how
`pikg extract --jobs N` scales over the machine's cores.

Usage: python benchmarks/reader_benchmark.py [--pdf-dir DIR] [--text FILE ...]
       (default: the PDFs and workbooks of ../shared/fixtures; text: data/corpus/*.txt and each kind of
       pdftotext conversion in the fixtures folder, -layout and plain)
Targets (issue 8): ≥ 10 PDF pages/s per core; ≥ 1 MB/s of text. Text is timed on a first pass (the
readers' caches cold, the modules imported before the clock starts) and as the mean of five passes.
One-core figures are measured in CPU time of this process (time.process_time), so that other work on the
machine does not lower them; the `--jobs` figures are wall time, with the load average printed beside them.
"""
from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _cpu(fn):
    """(fn's result, the CPU seconds this process spent on it)."""
    t0 = time.process_time()
    out = fn()
    return out, time.process_time() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pdf-dir", type=Path, default=ROOT.parent / "shared" / "fixtures")
    ap.add_argument("--text", nargs="*", type=Path)
    a = ap.parse_args()
    import pdfplumber

    from extractors.pool import default_jobs
    from extractors.engine import extract_document

    pdfs = sorted(a.pdf_dir.glob("*.pdf"))
    books = sorted(a.pdf_dir.glob("*.xlsx"))
    texts = a.text or sorted((ROOT / "data" / "corpus").glob("*.txt"))
    pages = 0
    for p in pdfs:
        with pdfplumber.open(p) as pdf:
            pages += len(pdf.pages)
    rows, dt = _cpu(lambda: sum(sum(r["type"] == "indicator" for r in extract_document(p)[0]) for p in pdfs))
    print(f"PDF, one core: {len(pdfs)} files, {pages} pages, {rows} rows in {dt:.2f} s: {pages / dt:.1f} pages/s")
    rows, dt = _cpu(lambda: sum(sum(r["type"] == "indicator" for r in extract_document(p)[0]) for p in books))
    print(f"xlsx, one core: {len(books)} workbooks, {rows} rows in {dt:.2f} s: {len(books) / dt:.1f} workbooks/s")
    from tests.helpers.workbooks import xlsx_to_csv, xlsx_to_docx, xlsx_to_xls  # the test helpers (xlwt: pip install -e '.[test]')

    with tempfile.TemporaryDirectory() as tmp:
        for suffix, write in ((".xls", xlsx_to_xls), (".docx", xlsx_to_docx), (".csv", xlsx_to_csv)):
            files = [Path(tmp) / (b.stem + suffix) for b in books]
            for b, f in zip(books, files):
                write(b, f)
            rows, dt = _cpu(lambda: sum(sum(r["type"] == "indicator" for r in extract_document(f)[0]) for f in files))
            print(f"{suffix} (the workbooks written so), one core: {len(files)} files, {rows} rows in {dt:.2f} s: "
                  f"{len(files) / dt:.1f} files/s")
    for module in ("extractors.read_columns", "extractors.read_plain"):
        importlib.import_module(module)  # the engine imports them lazily: start-up, not throughput

    if a.text:
        text_sets = {"given text": a.text}
    else:
        text_sets = {"corpus text": texts,
                     "pdftotext -layout": sorted(a.pdf_dir.glob("*.layout.txt")),
                     "pdftotext (plain)": sorted(a.pdf_dir.glob("*.plain.txt"))}
    for label, files in text_sets.items():
        if not files:
            continue
        size = sum(p.stat().st_size for p in files)
        passes = []
        for _ in range(5):
            passes.append(_cpu(lambda: [extract_document(p) for p in files])[1])
        mb = size / 1e6
        print(f"{label}, one core: {len(files)} files, {mb:.2f} MB: first pass {mb / passes[0]:.2f} MB/s, "
              f"mean of 5 passes {mb * 5 / sum(passes):.2f} MB/s")
    with tempfile.TemporaryDirectory() as tmp:
        for jobs in sorted({1, 2, default_jobs()}):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, str(ROOT / "pikg.py"), "extract", "-q", "--jobs", str(jobs), *map(str, pdfs),
                            "-o", str(Path(tmp) / "out.jsonl")], check=True)
            dt = time.perf_counter() - t0
            print(f"`pikg extract --jobs {jobs}` on the {len(pdfs)} PDFs: {dt:.2f} s wall, {pages / dt:.1f} pages/s "
                  f"(load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
