"""Layout readers: a converted budget document → lines of cells that keep their 1-based line numbers.

Three converter layouts are known:
- ``plain``: text with a blank line inside a wrapped cell, cells of one visual line joined by spaces;
- ``tsv``: one table row a line, words split by tabs (LaTeX values such as ``$\\geq 95\\%$``);
- ``markdown``: pipe tables that restart at page breaks, with HTML bits.
Every reader yields :class:`Line` objects; everything after the reader is shared.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .text import delatex, strip_html

LAYOUTS = ("plain", "tsv", "markdown")


@dataclass
class Line:
    """One non-empty input line split into cells.

    ``gap`` counts the line breaks since the previous non-empty line (1: adjacent, 2: one blank line,
    3 or more: a page break or a paragraph gap). ``cells`` are pipe cells (markdown, empty ones kept),
    tab fields (tsv) or space-separated words (plain).
    """

    no: int
    raw: str
    cells: list[str]
    gap: int = 1
    layout: str = "plain"
    text: str = field(init=False)

    def __post_init__(self) -> None:
        self.text = "".join(c for c in self.cells).replace(" ", "")


_MD_SEP = re.compile(r"^\|?\s*:?-{2,}")


def decode(data: bytes, path: str) -> str:
    """Decode bytes as UTF-8, then GB18030; a binary file or an undecodable one raises InputError."""
    if not data.strip():
        raise InputError(path, None, "the file is empty")
    head = data[:4096]
    if b"\x00" in head:
        raise InputError(path, None, "this is a binary file, not a text conversion of a budget document")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError as e:
            err = e
    line = data[: err.start].count(b"\n") + 1
    raise InputError(path, line, "the file is neither UTF-8 nor GB18030 text")


def detect_layout(text: str) -> str:
    """Guess the converter layout from the shape of the lines."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        return "plain"
    pipes = sum(1 for ln in lines if ln.lstrip().startswith("|") and ln.rstrip().endswith("|"))
    tabs = sum(1 for ln in lines if "\t" in ln)
    if pipes >= 0.05 * len(lines) and pipes >= 5:
        return "markdown"
    if tabs >= 0.05 * len(lines) and tabs >= 5:
        return "tsv"
    return "plain"


def _split_markdown(raw: str) -> list[str] | None:
    s = raw.strip()
    if not (s.startswith("|") and s.endswith("|")):
        return None
    return [strip_html(c).strip() for c in s[1:-1].split("|")]


def read_lines(text: str, layout: str) -> list[Line]:
    """Split a document's text into :class:`Line` objects for the given layout."""
    out: list[Line] = []
    gap = 1
    for no, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            gap += 1
            continue
        if layout == "markdown":
            if _MD_SEP.match(raw.strip()) and set(raw.strip()) <= set("|-: "):
                gap += 1
                continue
            cells = _split_markdown(raw)
            if cells is None:
                cells = [strip_html(raw).strip()]
        elif layout == "tsv":
            cells = [delatex(c).strip() for c in raw.split("\t")]
            cells = [c for c in cells if c]
        else:
            cells = raw.split()
        out.append(Line(no, raw, cells, gap, layout))
        gap = 1
    return out


def read_document(path: str | Path, layout: str | None = None) -> tuple[str, list[Line]]:
    """Read a file: decode it, detect (or take) its layout, split it. Returns (layout, lines)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(str(p), None, f"cannot read the file: {e.strerror or e}") from e
    text = decode(data, str(p))
    lay = layout or detect_layout(text)
    if lay not in LAYOUTS:
        raise InputError(str(p), None, f"unknown layout {lay!r}; choose one of {', '.join(LAYOUTS)}")
    return lay, read_lines(text, lay)
