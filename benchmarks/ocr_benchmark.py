"""OCR throughput: pages a second of a scanned PDF read by pikg's OCR reader (extractors/read_scan.py), in one
process and with --jobs N page processes (wall pages/s, and pages/s per core from the CPU time of this process
and its workers), and the peak memory (resource.getrusage of this process and its
children). The machine's load average is printed beside the figures, since other work slows them (CPU time
too, less: a loaded machine's caches are shared), so each figure is measured --repeat times and the best and
the median run are given. The recogniser's load (its model read and folded, ocr.model) is timed on its own.

    python benchmarks/ocr_benchmark.py [SCAN.pdf] [--pages 6-11] [--jobs 2] [--repeat 3]

Default input: ../shared (or ../../shared)/fixtures/templates/001_163e4aab9eba8502.s6.pdf (200 dpi scan), pages 6–11.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _pages(spec: str) -> list[int]:
    lo, _, hi = spec.partition("-")
    return list(range(int(lo), int(hi or lo) + 1))


def _run(path: Path, pages: list[int], jobs: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process and its children) to OCR the pages with `jobs` processes."""
    from extractors.ocr import OcrOptions
    from extractors.read_scan import _ocr_pages

    t0, c0 = time.perf_counter(), _cpu()
    for _ in _ocr_pages(path, pages, OcrOptions(jobs=jobs)):
        pass
    return time.perf_counter() - t0, _cpu() - c0


def _cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    name = Path("shared") / "fixtures" / "templates" / "001_163e4aab9eba8502.s6.pdf"
    default = next((d / name for d in (ROOT.parent, ROOT.parent.parent) if (d / name).exists()), ROOT.parent / name)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scan", nargs="?", default=str(default))
    ap.add_argument("--pages", default="6-11", help="a page or a range, 1-based (default 6-11)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each --jobs setting (default 3)")
    args = ap.parse_args()
    path, pages = Path(args.scan), _pages(args.pages)
    from extractors.ocr.recognize import engine

    c0 = time.process_time()
    engine()  # the model loaded once, outside the timings
    print(f"{path.name}: {len(pages)} pages; cores {os.cpu_count()}; load average before {os.getloadavg()[0]:.2f}; "
          f"recogniser loaded in {time.process_time() - c0:.2f} s CPU")
    for jobs in sorted({1, args.jobs}):
        runs = sorted((_run(path, pages, jobs) for _ in range(max(1, args.repeat))), key=lambda r: r[1])
        for label, (wall, cpu) in (("best", runs[0]), ("median", runs[len(runs) // 2])):
            print(f"--jobs {jobs} {label:6s} of {len(runs)}: {wall:6.1f} s wall, {len(pages) / wall:.2f} pages/s; "
                  f"CPU {cpu / len(pages):.3f} s a page = {len(pages) / cpu:.2f} pages/s per core"
                  + (" (worker start and model load included)" if jobs > 1 else ""))
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: {me:.0f} MB this process, {kids:.0f} MB the largest worker; load average after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
