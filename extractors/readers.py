"""Text input: decode a converted budget document and detect its converter layout.

Layouts: ``columns`` (pdftotext -layout) and ``stream`` (plain pdftotext) have their own grid readers
(read_columns.py, read_plain.py); ``tsv``, ``markdown`` and ``html`` mark their cells and are read into a
grid by read_markup.py; ``plain`` (wrapped cells broken over lines, cells of one printed line joined by
spaces) is split by lines.py into :class:`Line` objects that keep their 1-based line numbers, which
outline.py and rows.py read and read_broken.py writes as a grid.
"""
from __future__ import annotations

import re
from pathlib import Path

from .decoding import decode_text
from .errors import InputError
from .limits import cut_long_lines
from .problems import Problem

LAYOUTS = ("plain", "columns", "stream", "tsv", "csv", "markdown", "html")
# layouts a file name settles: a spreadsheet's export, whose shape a guess from its lines could miss
SUFFIX_LAYOUTS = {".csv": "csv", ".tsv": "tsv"}


def detect_layout(text: str) -> str:
    """Guess the converter layout from the shape of the lines."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        return "plain"
    if len(re.findall(r"<t[dh][\s>]", text, re.I)) >= 10:
        return "html"
    pipes = sum(1 for ln in lines if (ln.lstrip().startswith("|") and ln.rstrip().endswith("|")) or ln.count(" | ") >= 2)
    tabs = sum(1 for ln in lines if "\t" in ln)
    if pipes >= 0.05 * len(lines) and pipes >= 5:
        return "markdown"
    if tabs >= 0.05 * len(lines) and tabs >= 5:
        return "tsv"
    from .read_columns import is_columns_layout
    from .read_plain import is_plain_layout

    if is_plain_layout(text):
        return "stream"
    if is_columns_layout(text):
        return "columns"
    return "plain"


def read_text(path: str | Path, layout: str | None = None) -> tuple[str, str, list[Problem]]:
    """Read a file: decode it, detect (or take) its layout. Returns (layout, text, problems of damaged bytes
    and cut lines)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(str(p), None, f"无法读取文件：{e.strerror or e}") from e
    text, warnings = decode_text(data, str(p))
    text, cut = cut_long_lines(text, str(p))
    warnings += cut
    lay = layout or SUFFIX_LAYOUTS.get(p.suffix.lower()) or detect_layout(text)
    if lay not in LAYOUTS:
        raise InputError(str(p), None, f"未知的版式 {lay!r}；请从 {'、'.join(LAYOUTS)} 中选择")
    return lay, text, warnings
