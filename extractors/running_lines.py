"""Running heads and feet of a paginated document: text lines printed at the same place in the top or
bottom band of several pages with the same text, up to numbers (第N页, N/M, - N -, a date).

A reporting tool prints its name and the report's title over every page; a browser prints the page's
title and number. They are not the document's text: a reader drops the feet and does not let a head
stand between a table and its continuation on the next page.
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Callable, Protocol, Sequence

from .captions import caption_of
from .text import key as text_key

BAND = 0.12  # heads and feet are looked for in the top and bottom 12 % of a page
_DIGITS = re.compile(r"\d+")


class _Word(Protocol):
    top: float
    bottom: float
    size: float


class _Page(Protocol):
    number: int
    height: float
    items: list


def line_key(text: str) -> str:
    """The text a running line keeps from page to page: NFKC, without spaces, numbers as ``#``."""
    return _DIGITS.sub("#", "".join(text_key(text).split()))


def running_lines(pages: Sequence[_Page], text_of: Callable[[list], str], band: float = BAND) -> dict[int, str]:
    """The running lines of some pages, as ``id(line) → "top" | "bottom"``. A page's items are tables and
    text lines (lists of words); a line is running when more than half of the pages (two at least) print
    a line with its key (see line_key) in the same band at the same distance from that edge (within half
    a line height). A table's caption (年度绩效目标表, 长期目标2) is never running, though a break may put
    captions at the top of several pages."""
    seen: dict[tuple[str, str], list[tuple[int, float, float, int]]] = defaultdict(list)
    for pg in pages:
        for it in pg.items:
            if not isinstance(it, list) or not it:
                continue
            top, bottom = min(w.top for w in it), max(w.bottom for w in it)
            if top < pg.height * band:
                side, dist = "top", top
            elif bottom > pg.height * (1 - band):
                side, dist = "bottom", pg.height - bottom
            else:
                continue
            text = text_of(it)
            k = line_key(text)
            if k.strip("#") and caption_of(text_key(text)) is None:
                size = max((w.size for w in it), default=10.0)
                seen[(side, k)].append((pg.number, dist, size, id(it)))
    need = max(2, len(pages) // 2 + 1)
    out: dict[int, str] = {}
    for (side, _), entries in seen.items():
        for page, dist, size, ident in entries:
            if len({p for p, d, s, _ in entries if abs(d - dist) <= 0.5 * max(size, s)}) >= need:
                out[ident] = side
    return out
