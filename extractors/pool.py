"""The local process pool that `pikg extract`, `pikg build` and `pikg validate` share: which files a folder
holds, whether a batch is worth a pool (the suffix rule), how many workers, and tasks run in worker
processes with their results in input order, a bounded number in flight."""
from __future__ import annotations

import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Iterator, Protocol, Sequence, TypeVar

from .ocr import INSTALL_HINT, ocr_available
from .process import start_worker
from .structured import GRID_SUFFIXES, IMAGE_SUFFIXES

# Files a folder given as input is searched for (images of table pages too: read by OCR).
DOCUMENT_SUFFIXES = (".pdf", ".xlsx", ".xlsm", ".xls", ".docx", ".doc", ".txt", ".md", ".markdown", ".html", ".htm", ".tsv", ".csv",
                     *sorted(IMAGE_SUFFIXES))

T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S")


class Pending(Protocol[R]):
    """A submitted task (a process pool's or a Dask cluster's future)."""

    def result(self) -> R: ...


def expand_inputs(paths: Iterable[str | Path], skipped: list[str] | None = None) -> list[str]:
    """Files as given; a folder stands for the documents in it (recursively, sorted by name), images of table
    pages among them. Without the OCR extra a folder's images are left out (into `skipped`, when given), so
    that a folder of documents is read as before; an image named as input is always kept (its error names
    the extra)."""
    out: list[str] = []
    ocr = None
    for p in paths:
        path = Path(p)
        if not path.is_dir():
            out.append(str(p))
            continue
        for f in sorted(path.rglob("*")):
            if not f.is_file() or f.suffix.lower() not in DOCUMENT_SUFFIXES:
                continue
            if f.suffix.lower() in IMAGE_SUFFIXES and not (ocr := ocr_available() if ocr is None else ocr):
                if skipped is not None:
                    skipped.append(str(f))
                continue
            out.append(str(f))
    return out


def skipped_images_message(command: str, skipped: list[str]) -> str:
    """What a user reads when a folder's images were left out for want of the OCR extra (in Chinese)."""
    shown = "、".join(Path(f).name for f in skipped[:3]) + ("等" if len(skipped) > 3 else "")
    return (f"{command}：文件夹中有 {len(skipped)} 个图片文件（{shown}）需要OCR识别，但未安装OCR扩展，已跳过；"
            f"安装后再读取：{INSTALL_HINT}")


def has_heavy(paths: Iterable[str]) -> bool:
    """Whether a PDF, workbook or Word file is among the paths: text conversions are so fast that only these
    make a pool pay for its start."""
    return any(Path(p).suffix.lower() in GRID_SUFFIXES for p in paths)


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def chunks(items: Sequence[T], size: int) -> list[list[T]]:
    """The items in runs of `size` (the last one shorter), in order."""
    return [list(items[k:k + size]) for k in range(0, len(items), size)]


def in_order(submit: Callable[[T], Pending[R]], items: Iterable[T], width: int) -> Iterator[Pending[R]]:
    """Submit a task per item and hand back the submitted tasks in input order, at most `width` in flight: the
    next item is submitted as each task is handed back."""
    window: deque[Pending[R]] = deque()
    todo = iter(items)
    for item in todo:
        window.append(submit(item))
        if len(window) >= width:
            break
    while window:
        yield window.popleft()
        nxt = next(todo, None)
        if nxt is not None:
            window.append(submit(nxt))


def ordered_map(fn: Callable[[T], R], items: Sequence[T], jobs: int) -> Iterator[R]:
    """`fn` of every item, in input order: in this process when there is one job or one item, else in a pool
    of up to `jobs` processes."""
    if jobs <= 1 or len(items) < 2:
        return map(fn, items)
    return _pooled(fn, items, jobs)


def ordered_map_with(setup: Callable[[], S], fn: Callable[[S, T], R], items: Sequence[T], jobs: int) -> Iterator[R]:
    """`fn(state, item)` of every item, in input order, in a pool of up to `jobs` processes where each worker
    makes its `state` once with `setup()` (an open store, say) before its first task."""
    return _pooled(partial(_with_worker_state, fn), items, jobs, partial(_set_up_worker, setup))


def _pooled(fn: Callable[[T], R], items: Sequence[T], jobs: int, initializer: Callable[[], None] | None = None) -> Iterator[R]:
    """The pool itself: a worker per job (no more than the items), two tasks per job in flight. Its workers
    die with this process, even when it is killed with SIGKILL."""
    jobs = max(1, jobs)
    start = partial(_start_worker, os.getpid(), initializer)
    with ProcessPoolExecutor(max_workers=min(jobs, len(items)), initializer=start) as pool:
        for task in in_order(partial(pool.submit, fn), items, 2 * jobs):
            yield task.result()


# In a worker process of `ordered_map_with`, the state its `setup` made: a process pool reaches a worker's
# own objects only through its module globals, so this one slot is where they live, passed to each task.
_worker_state: object = None


def _start_worker(parent: int, initializer: Callable[[], None] | None) -> None:
    start_worker(parent)
    if initializer is not None:
        initializer()


def _set_up_worker(setup: Callable[[], object]) -> None:
    global _worker_state
    _worker_state = setup()


def _with_worker_state(fn: Callable[[S, T], R], item: T) -> R:
    return fn(_worker_state, item)  # type: ignore[arg-type]
