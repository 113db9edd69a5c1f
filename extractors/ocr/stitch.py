"""Cells cut by a page break, read whole: where a table runs on over a page break, a label printed across the
break is cut in two (the top half of its glyphs on one page, the bottom half on the next), and neither page's
half can be read. The open cell's crop at the bottom of one page and the matching crop at the top of the next
are put one above the other and read as one image; the text goes to the upper cell, and the PDF reader's
``join_pages`` then joins the two cells as it joins any cell cut by a page break.

A pair is stitched only where ink touches the break on both sides (text across the break); a label printed
whole on each page is left to ``join_pages``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..read_pdf import PageItems, PageTable, _union_columns
from .recognize import recognise, text_lines

_EDGE = 3  # rows next to the break in which ink means a glyph was cut


@dataclass
class Strip:
    """An open cell at the top or bottom of a page: its table and unit, its x range (points), its crop."""

    table: PageTable
    key: tuple[int, int, int, int]
    x0: float
    x1: float
    gray: np.ndarray
    ink: np.ndarray
    k: float  # points a pixel


def open_strips(tables: list[PageTable], paper: np.ndarray, text_ink: np.ndarray, k: float,
                inset: int) -> dict[str, list[Strip]]:
    """The open cells in the first row of the page's first table (top) and in the last row of its last
    table (bottom), with their crops (`k` points a pixel, `inset` pixels of the side rules left out)."""
    out: dict[str, list[Strip]] = {"top": [], "bottom": []}
    if not tables:
        return out
    first = min(tables, key=lambda t: t.ys[0])
    last = max(tables, key=lambda t: t.ys[-1])
    for side, t, opened, row in (("top", first, first.top_open, 0), ("bottom", last, last.bottom_open, len(last.ys) - 2)):
        for c, is_open in enumerate(opened):
            key = t.units[(row, c)]
            r, c0, rs, cs = key
            if not is_open or c != c0 or any(s.key == key for s in out[side]):
                continue
            x0, x1 = int(t.xs[c0] / k) + inset, int(t.xs[c0 + cs] / k) - inset
            y0, y1 = int(t.ys[r] / k), int(t.ys[r + rs] / k)
            y0, y1 = (y0 + inset, y1) if side == "bottom" else (y0, y1 - inset)
            if x1 - x0 > 4 and y1 - y0 > 2:
                out[side].append(Strip(t, key, t.xs[c0], t.xs[c0 + cs], paper[y0:y1, x0:x1].copy(), text_ink[y0:y1, x0:x1].copy(), k))
    return out


def stitch(pages: list[PageItems], strips: list[dict[str, list[Strip]]], tol: float) -> None:
    """Read the cells cut by each page break whole (in place: the text goes to the upper page's cell)."""
    for a, b, sa, sb in zip(pages, pages[1:], strips, strips[1:]):
        if not sa["bottom"] or not sb["top"]:
            continue
        ta, tb = sa["bottom"][0].table, sb["top"][0].table
        if _union_columns(ta.xs, tb.xs, tol) is None:
            continue
        for up in sa["bottom"]:
            down = next((s for s in sb["top"] if abs(s.x0 - up.x0) <= 2 * tol and abs(s.x1 - up.x1) <= 2 * tol), None)
            if down is None or not _cut(up, down):
                continue
            old_up, old_down = up.table.words.get(up.key, []), down.table.words.get(down.key, [])
            words = _read_whole(up, down)
            a.words = [w for w in a.words if all(w is not o for o in old_up)] + words
            b.words = [w for w in b.words if all(w is not o for o in old_down)]


def _cut(up: Strip, down: Strip) -> bool:
    """Ink touches the break on both sides, at overlapping places: a line of text was cut by it."""
    w = min(up.ink.shape[1], down.ink.shape[1])
    below = up.ink[-_EDGE:, :w].any(axis=0)
    above = down.ink[:_EDGE, :w].any(axis=0)
    return bool(np.any(below & above))


def _read_whole(up: Strip, down: Strip) -> list:
    """The two crops one above the other, read as one cell: the words go to the upper cell."""
    w = max(up.gray.shape[1], down.gray.shape[1])

    def pad(a: np.ndarray, fill: int) -> np.ndarray:
        return np.pad(a, ((0, 0), (0, w - a.shape[1])), constant_values=fill)

    gray = np.vstack([pad(up.gray, 255), pad(down.gray, 255)])
    ink = np.vstack([pad(up.ink, 0), pad(down.ink, 0)])
    words = [wd for wd in recognise(gray, text_lines(ink, gap=4.0), up.k) if wd.text]  # text only
    top = up.table.ys[up.key[0]]
    for wd in words:  # placed in the upper cell, from its top
        wd.x0, wd.x1 = wd.x0 + up.x0, wd.x1 + up.x0
        wd.top, wd.bottom = wd.top + top, min(wd.bottom + top, up.table.ys[-1])
    up.table.words[up.key] = words
    down.table.words[down.key] = []
    return words
