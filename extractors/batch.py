"""The extract loop of `pikg extract`: files → outcomes, in input order, in a process pool (extractors.pool)
when there are several files and several jobs; `pikg build` extracts each file with `extract_one`."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import partial
from typing import Iterator

from .engine import extract_document
from .errors import InputError, os_error_text
from .pool import default_jobs, has_heavy, ordered_map
from .problems import Problem


@dataclass
class Outcome:
    """One file's result: its records and problems, or the error that stopped it."""

    path: str
    records: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    error: str | None = None


def extract_one(path: str, layout: str | None = None, ocr=None) -> Outcome:
    """Extract one file, turning every failure into an Outcome with an error message naming the file; `ocr`
    (extractors.ocr.OcrOptions) says how scanned pages are read."""
    try:
        records, problems = extract_document(path, layout, ocr)
        return Outcome(path, records, problems)
    except InputError as e:
        return Outcome(path, error=str(e))
    except OSError as e:  # a file the reader could not open or read (permissions, a vanished file)
        return Outcome(path, error=os_error_text(e, path))
    except Exception as e:  # a bug in one document must not stop the batch; PIKG_DEBUG=1 re-raises
        if os.environ.get("PIKG_DEBUG"):
            raise
        return Outcome(path, error=f"{path}：抽取时发生内部错误（{type(e).__name__}: {e}）；请连同该文件报告此问题")


def extract_files(paths: list[str], layout: str | None = None, jobs: int | None = None,
                  ocr_mode: str = "auto", progress: bool = False) -> Iterator[Outcome]:
    """Outcomes of every file in input order; ``jobs`` worker processes (default: the cores) when there are
    several files. Text conversions are so fast that a pool is used only when a PDF or workbook is among them.
    A single file's scanned pages are read by ``jobs`` processes instead (with a bar per page if `progress`)."""
    from .ocr import OcrOptions

    jobs = default_jobs() if jobs is None else max(1, jobs)
    single = len(paths) < 2
    ocr = OcrOptions(ocr_mode, jobs if single else 1, progress and single)
    return ordered_map(partial(extract_one, layout=layout, ocr=ocr), paths, jobs if has_heavy(paths) else 1)
