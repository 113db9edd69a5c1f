"""The extract loop shared by `pikg extract` and `pikg build`: files (or folders of them) → outcomes, in
input order, in a process pool when there are several files and several jobs."""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .engine import extract_document
from .structured import GRID_SUFFIXES
from .errors import InputError
from .problems import Problem

# Files a folder given as input is searched for.
DOCUMENT_SUFFIXES = (".pdf", ".xlsx", ".xlsm", ".xls", ".docx", ".doc", ".txt", ".md", ".markdown", ".html", ".htm", ".tsv", ".csv")


@dataclass
class Outcome:
    """One file's result: its records and problems, or the error that stopped it."""

    path: str
    records: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    error: str | None = None


def expand_inputs(paths: Iterable[str | Path]) -> list[str]:
    """Files as given; a folder stands for the documents in it (recursively, sorted by name)."""
    out: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend(str(f) for f in sorted(path.rglob("*")) if f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES)
        else:
            out.append(str(p))
    return out


def extract_one(path: str, layout: str | None = None) -> Outcome:
    """Extract one file, turning every failure into an Outcome with an error message naming the file."""
    try:
        records, problems = extract_document(path, layout)
        return Outcome(path, records, problems)
    except InputError as e:
        return Outcome(path, error=str(e))
    except Exception as e:  # a bug in one document must not stop the batch; PIKG_DEBUG=1 re-raises
        if os.environ.get("PIKG_DEBUG"):
            raise
        return Outcome(path, error=f"{path}: internal error while extracting ({type(e).__name__}: {e}); please report it with the file")


def _extract_star(args: tuple[str, str | None]) -> Outcome:
    return extract_one(*args)


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def extract_files(paths: list[str], layout: str | None = None, jobs: int | None = None) -> Iterator[Outcome]:
    """Outcomes of every file in input order; ``jobs`` worker processes (default: the cores) when there are
    several files. Text conversions are so fast that a pool is used only when a PDF or workbook is among them."""
    jobs = default_jobs() if jobs is None else max(1, jobs)
    heavy = any(Path(p).suffix.lower() in GRID_SUFFIXES for p in paths)
    if jobs == 1 or len(paths) < 2 or not heavy:
        for p in paths:
            yield extract_one(p, layout)
        return
    with ProcessPoolExecutor(max_workers=min(jobs, len(paths))) as pool:
        yield from pool.map(_extract_star, [(p, layout) for p in paths], chunksize=1)
