"""Cells of one printed row that plain ``pdftotext`` put side by side and then wrapped line by line.

A row whose cells all wrap in their narrow columns comes out of a plain conversion as one block: its first
line holds the first line of every cell, separated by spaces (``满意度指 服务对象满 服务对象对项目实施效果``),
and the lines under it hold the rest of some cells (``标``, ``意度指标 满意度``), left to right but without
saying which column each piece belongs to. Positions are gone, so the pieces are given to the columns by
what the joined text becomes: a piece that finishes a framework label, basis, header word or form label
broken in its column (满意度指 + 标) or a quantity's unit (≤48小 + 时) goes there; a piece never goes
where it would break a cell that is already whole (满意度指标 + 意度指标, ≥70亿元 + 元). A block is rebuilt only when some piece finishes such a word; any other
block is left as printed.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .text import key

# how much joining a piece to a column's cell is worth, by what the join makes of the cell
_FINISHES = 3  # a broken known word made whole (满意度指 + 标)
_CONTINUES = 1  # still the start of a known word (服务对象满 + 意度)
_BREAKS = -3  # a whole known word spoilt (满意度指标 + 意度指标)


@dataclass(frozen=True)
class Words:
    """What the reader knows a cell to be: a whole known word (label, basis, header word, form label), the
    start of one broken by its column, and a quantity (≥95%, 10家以上, ≥70亿)."""

    whole: Callable[[str], bool]
    start: Callable[[str], bool]
    quantity: Callable[[str], bool]


_NUMBER_START = re.compile(r"^[≥≤<>＞＜=]?\d")


@lru_cache(maxsize=8192)  # the same broken words come back on every page (计划标 + 准)
def _join_score(cell: str, piece: str, words: Words) -> int:
    kc, kj = key(cell), key(cell + piece)
    if words.quantity(kc):  # ≥70亿 + 元 still a quantity; ≥70亿元 + 元, 10 + 15 are not one
        return _CONTINUES if words.quantity(kj) and not piece[0].isdigit() else _BREAKS
    if words.quantity(kj) and _NUMBER_START.match(kc):
        return _FINISHES  # a quantity's unit broken by its column (≤48小 + 时)
    if words.whole(kc):
        return 0 if words.whole(kj) else _BREAKS
    if words.whole(kj):
        return _FINISHES
    if words.start(kj) and words.start(kc):
        return _CONTINUES
    return 0


def _best_columns(cells: list[str], pieces: list[str], words: Words) -> tuple[int, ...] | None:
    """The columns (left to right) the pieces of one continuation line go to; None when every choice breaks a
    whole word. The best choice has the highest sum of join scores, ties going to the columns whose cells are
    longest (a cell that wraps filled its column's first line), then to the leftmost columns. Pieces keep their
    order, so an order-keeping dynamic programme over (piece, first free column) finds it in
    O(pieces × cells²) steps, not over every combination of columns."""
    n, k = len(cells), len(pieces)
    widths = [len(c) for c in cells]
    memo: dict[tuple[int, int], tuple[tuple[int, int], tuple[int, ...]] | None] = {}

    def best_from(i: int, j: int) -> tuple[tuple[int, int], tuple[int, ...]] | None:
        if i == k:
            return (0, 0), ()
        if (i, j) in memo:
            return memo[(i, j)]
        found = None
        for c in range(j, n - (k - i) + 1):
            score = _join_score(cells[c], pieces[i], words)
            rest = best_from(i + 1, c + 1) if score >= 0 else None
            if rest is None:
                continue
            rank = (score + rest[0][0], widths[c] + rest[0][1])
            if found is None or rank > found[0]:
                found = (rank, (c,) + rest[1])
        memo[(i, j)] = found
        return found

    best = best_from(0, 0)
    return None if best is None else best[1]


def unwrap_row(lines: list[str], words: Words) -> list[str] | None:
    """The cells of a block whose first line prints several cells side by side and whose further lines
    hold the wrapped rest of some of them; None when the block is not one such row (one cell on its first
    line, a further line with more pieces than cells, a piece that fits no column, or no piece that finishes
    a known word)."""
    if len(lines) < 2:
        return None
    cells = lines[0].split()
    if len(cells) < 2:
        return None
    finished = False
    for line in lines[1:]:
        pieces = line.split()
        if len(pieces) > len(cells):
            return None
        found = _best_columns(cells, pieces, words)
        if found is None:
            return None
        for c, p in zip(found, pieces):
            finished = finished or _join_score(cells[c], p, words) == _FINISHES
            cells[c] += p
    return cells if finished else None
