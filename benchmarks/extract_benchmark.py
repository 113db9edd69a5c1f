#!/usr/bin/env python3
"""Extraction throughput on the corpus: MB/s and rows/s on one core, and the wall time of `pikg extract`.

Usage: python benchmarks/extract_benchmark.py [--repeat N] [FILE ...]   (default: data/corpus/*.txt)
Targets (issue 2): ≥ 1 MB/s on one core; `pikg extract` on the five corpus documents under 1.5 s wall.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=20, help="extraction passes over the files (default 20)")
    a = ap.parse_args()
    files = a.files or sorted((ROOT / "data" / "corpus").glob("*.txt"))
    from extractors import extract_document

    size = sum(f.stat().st_size for f in files)
    rows = 0
    t0 = time.perf_counter()
    for _ in range(a.repeat):
        for f in files:
            recs, _ = extract_document(f)
            rows += sum(1 for r in recs if r["type"] == "indicator")
    dt = time.perf_counter() - t0
    print(f"files: {len(files)}, {size / 1e6:.2f} MB, {rows // a.repeat} indicator rows a pass, {a.repeat} passes")
    print(f"in-process: {size * a.repeat / 1e6 / dt:.2f} MB/s, {rows / dt:,.0f} rows/s, {dt / a.repeat * 1000:.0f} ms a pass")
    walls = []
    tmp = tempfile.mkdtemp()
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "pikg.py"), "extract", "-q", *map(str, files), "-o", str(Path(tmp) / "out.jsonl")], check=True)
        walls.append(time.perf_counter() - t0)
    shutil.rmtree(tmp)
    print(f"`pikg extract` on {len(files)} files, wall: best {min(walls):.2f} s, worst {max(walls):.2f} s")


if __name__ == "__main__":
    main()
