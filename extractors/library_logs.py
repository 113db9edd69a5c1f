"""Messages the libraries under a reader log (pdfminer's "Could not get FontBBox …"), caught while one file
is read and handed back as that file's warnings, each kind once with its count, instead of lines on stderr."""
from __future__ import annotations

import logging
from collections import Counter
from contextlib import contextmanager
from typing import Iterator

from .problems import Problem

LIBRARY_LOGGERS = ("pdfminer", "pdfplumber")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        self.seen[f"{record.name.split('.')[0]}: {record.getMessage()}"] += 1


@contextmanager
def library_warnings(where: str) -> Iterator[list[Problem]]:
    """Within the block, the libraries' warnings are collected (not printed); the list fills when it ends."""
    found: list[Problem] = []
    handler = _Collect()
    loggers = [logging.getLogger(name) for name in LIBRARY_LOGGERS]
    saved = [(lg.propagate, lg.level) for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.propagate = False  # not also to the root logger's last-resort handler (stderr)
        if lg.level == logging.NOTSET or lg.level > logging.WARNING:
            lg.setLevel(logging.WARNING)
    try:
        yield found
    finally:
        for lg, (propagate, level) in zip(loggers, saved):
            lg.removeHandler(handler)
            lg.propagate, lg.level = propagate, level
        found.extend(Problem("warning", "library-warning", "程序库提示 " + message + (f"（共 {n} 次）" if n > 1 else ""), where)
                     for message, n in handler.seen.items())
