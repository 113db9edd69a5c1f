"""Two or more text columns that plain pdftotext printed side by side: split back into columns.

Where cells of one table row stand beside each other (a 中长期目标 | 年度目标 pair of goal cells), plain
pdftotext joins the lines they share on one printed line with a space between them, and prints the
lines only one column has on lines of their own. The columns are rebuilt from geometry alone:

- a joined line is split at its column gap: a space, but not one inside a numbering (目标 1：, 1 推动);
  where a line has several candidates, the one that makes its first part as wide as the first column's
  other lines;
- a line of its own goes to a column still open (its last line ends no sentence) that is wide enough
  for it, the leftmost first; a line opening a numbered statement (目标N：, N.) goes to the column whose
  numbers it continues.
"""
from __future__ import annotations

import re
from statistics import median

from .text import display_width

__all__ = ["is_side_by_side", "split_columns"]

# 编号内的空格（目标 1：、1 推动）不是列间隙
_NUMBERING = re.compile(r"(^|目标)\d{0,2}[.、．]?$|目标$")
_STARTS_NUMBERED = re.compile(r"^(?:目标\s*)?(\d{1,2})\s*[:：.、．]?")
_CLOSED = re.compile(r"[。；;！!]$")
_GOAL_START = re.compile(r"^(?:目标\s*\d{1,2}\s*[:：]|\d{1,2}[.、．])")


def _gaps(line: str) -> list[int]:
    """Offsets of the spaces in a line that may part two columns."""
    out = []
    for m in re.finditer(r" +", line):
        left, right = line[:m.start()], line[m.end():]
        piece = left.rsplit(" ", 1)[-1]
        if not left or not right or _NUMBERING.search(piece) or left[-1] in ",.;:!?":
            continue
        out.append(m.start())
    return out


def is_side_by_side(lines: list[str]) -> bool:
    """True when a quarter of the lines (one at least) are joined lines of columns printed
    side by side (a space typed after a Latin comma is no gap)."""
    joined = sum(1 for ln in lines if _gaps(ln))
    return joined >= 1 and 4 * joined >= len(lines)


def _split(lines: list[str], n_cols: int) -> list[list[str] | None]:
    """Each line's parts at its column gaps (None for a line of its own)."""
    sure = [display_width(ln[:g[0]]) for ln in lines if len(g := _gaps(ln)) == 1]
    left = median(sure) if sure else None
    out: list[list[str] | None] = []
    for ln in lines:
        gaps = _gaps(ln)
        if not gaps:
            out.append(None)
            continue
        if len(gaps) > n_cols - 1 and left is not None:
            gaps = sorted(sorted(gaps, key=lambda g: abs(display_width(ln[:g]) - left))[:n_cols - 1])
        gaps = gaps[:n_cols - 1]
        bounds = [0, *gaps, len(ln)]
        out.append([ln[a:b].strip() for a, b in zip(bounds, bounds[1:])])
    return out


def _number(part: str) -> int | None:
    m = _GOAL_START.match(part)
    return int(_STARTS_NUMBERED.match(part).group(1)) if m else None


def _column_for(part: str, cols: list[list[str]], widths: list[float]) -> int:
    """The column a line of its own continues (see the module's note)."""
    n = _number(part)
    if n is not None:
        for c, col in enumerate(cols):
            numbers = [x for x in map(_number, col) if x is not None]
            if numbers and numbers[-1] == n - 1 and (not col or _CLOSED.search(col[-1])):
                return c
    open_ = [c for c, col in enumerate(cols) if col and not _CLOSED.search(col[-1])]
    wide = [c for c in open_ if display_width(part) <= widths[c] + 0.5]
    if wide or open_:
        return (wide or open_)[0]
    empty = [c for c, col in enumerate(cols) if not col]
    return empty[0] if empty else 0


def split_columns(lines: list[str], n_cols: int) -> list[list[str]]:
    """The lines of each of ``n_cols`` columns printed side by side, in order."""
    parts = _split(lines, n_cols)
    widths = [0.0] * n_cols
    for p in parts:
        if p is not None:
            for c, s in enumerate(p):
                widths[c] = max(widths[c], display_width(s))
    cols: list[list[str]] = [[] for _ in range(n_cols)]
    for ln, p in zip(lines, parts):
        if p is None:
            cols[_column_for(ln.strip(), cols, widths)].append(ln.strip())
            continue
        for c, s in enumerate(p):
            cols[c].append(s)
    return cols
