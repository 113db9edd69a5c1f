#!/usr/bin/env python3
"""Reader throughput: PDF pages per second on one core, workbooks and text conversions, and how
`pikg extract --jobs N` scales over the machine's cores.

Usage: python benchmarks/reader_benchmark.py [--pdf-dir DIR] [--text FILE ...]
       (default: the PDFs and workbooks of ../shared/fixtures, and data/corpus/*.txt)
Targets (issue 8): ≥ 10 PDF pages/s per core; ≥ 1 MB/s of text.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pdf-dir", type=Path, default=ROOT.parent / "shared" / "fixtures")
    ap.add_argument("--text", nargs="*", type=Path)
    a = ap.parse_args()
    import pdfplumber

    from extractors.batch import default_jobs
    from extractors.engine import extract_document

    pdfs = sorted(a.pdf_dir.glob("*.pdf"))
    books = sorted(a.pdf_dir.glob("*.xlsx"))
    texts = a.text or sorted((ROOT / "data" / "corpus").glob("*.txt"))
    pages = 0
    for p in pdfs:
        with pdfplumber.open(p) as pdf:
            pages += len(pdf.pages)
    t0 = time.perf_counter()
    rows = sum(sum(r["type"] == "indicator" for r in extract_document(p)[0]) for p in pdfs)
    dt = time.perf_counter() - t0
    print(f"PDF, one core: {len(pdfs)} files, {pages} pages, {rows} rows in {dt:.2f} s: {pages / dt:.1f} pages/s")
    t0 = time.perf_counter()
    rows = sum(sum(r["type"] == "indicator" for r in extract_document(p)[0]) for p in books)
    dt = time.perf_counter() - t0
    print(f"xlsx, one core: {len(books)} workbooks, {rows} rows in {dt:.2f} s: {len(books) / dt:.1f} workbooks/s")
    size = sum(p.stat().st_size for p in texts)
    t0 = time.perf_counter()
    for _ in range(5):
        for p in texts:
            extract_document(p)
    dt = (time.perf_counter() - t0) / 5
    print(f"text, one core: {len(texts)} files, {size / 1e6:.2f} MB in {dt:.2f} s: {size / 1e6 / dt:.2f} MB/s")
    with tempfile.TemporaryDirectory() as tmp:
        for jobs in sorted({1, 2, default_jobs()}):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, str(ROOT / "pikg.py"), "extract", "-q", "--jobs", str(jobs), *map(str, pdfs),
                            "-o", str(Path(tmp) / "out.jsonl")], check=True)
            dt = time.perf_counter() - t0
            print(f"`pikg extract --jobs {jobs}` on the {len(pdfs)} PDFs: {dt:.2f} s wall, {pages / dt:.1f} pages/s")


if __name__ == "__main__":
    main()
