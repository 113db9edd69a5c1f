"""Pieces: the fragments of table cells as a reader sees them, with the kind of break before each.

A converter breaks one cell into several pieces (``"≥ 259"`` + ``"个"``; ``"全年开展安全生产培"`` + ``"训"``)
and prints several cells on one line. Each piece records the break before it:

- ``cell``: a new cell for sure (a line that follows without a blank line);
- ``space``: the same printed line, split at a space or tab (usually a new cell);
- ``soft``: the next printed line after a blank line (a wrapped cell goes on, or a new cell starts);
- ``page``: after a page break (several blank lines).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lines import Line
from .text import clean_cell, display_width
from .values import is_bare_number, is_comparator, is_quantitative, is_unit, value_score

BREAKS = ("cell", "space", "soft", "page")


@dataclass
class Piece:
    text: str  # as printed (LaTeX already turned into symbols for tsv)
    line: int
    brk: str  # one of BREAKS

    @property
    def clean(self) -> str:
        return clean_cell(self.text)

    @property
    def width(self) -> float:
        return display_width(self.clean)


def wraps_without_blank_line(lines: list[Line]) -> bool:
    """Does this table's converter keep the lines of one wrapped cell together (no blank line between them)?

    Converters differ, even inside one document: some put a blank line between the printed lines of one
    cell and none between cells, others the reverse. Consecutive one-word text lines of which the second is
    no wider than the first are mostly the lines of one wrapped cell; the gap they are printed with most
    often is the table's within-cell gap.
    """
    from .vocab import is_label_prefix, label_of

    votes = {1: 0, 2: 0}
    for a, b in zip(lines, lines[1:]):
        if len(a.cells) != 1 or len(b.cells) != 1 or b.gap not in votes:
            continue
        ta, tb = clean_cell(a.cells[0]), clean_cell(b.cells[0])
        if any(label_of(t) or is_label_prefix(t) or value_score(t) >= 1 for t in (ta, tb)):
            continue
        if display_width(tb) <= display_width(ta) + 0.5 and display_width(ta) >= 2:
            votes[b.gap] += 1
    return votes[1] > votes[2]


_WORD = re.compile(r"\S+")


def _continuation(ln: Line, above: list[tuple[int, int]], out: list[Piece]) -> list[int] | None:
    """For an indented line of a column-aligned conversion (pdftotext -layout), the pieces of the row above
    that each of its words continues (a wrapped cell prints its next line under its first), or None."""
    from .vocab import basis_of, label_of

    raw = ln.raw.expandtabs(8)
    if not above or len(raw) - len(raw.lstrip(" ")) < 4:
        return None
    targets = []
    for m in _WORD.finditer(raw):
        w = m.group(0)
        if label_of(w) or basis_of(w) or (value_score(w) >= 1 and not is_unit(w)):
            return None
        near = [(abs(col - m.start()), k) for col, k in above if abs(col - m.start()) <= 2]
        if not near:
            return None
        targets.append(min(near)[1])
    return targets


def plain_pieces(lines: list[Line]) -> list[Piece]:
    """Pieces of plain-text lines: words of a line are ``space``-separated, lines ``cell``/``soft``/``page``."""
    out: list[Piece] = []
    tight = wraps_without_blank_line(lines)
    above: list[tuple[int, int]] = []  # (start column, piece index) of the last line with several words
    for ln in lines:
        targets = _continuation(ln, above, out)
        if targets is not None:
            for w, k in zip(ln.cells, targets):
                out[k] = Piece(out[k].text + w, out[k].line, out[k].brk)
            continue
        if tight:
            first = "soft" if ln.gap <= 1 else ("cell" if ln.gap == 2 else "page")
        else:
            first = "cell" if ln.gap <= 1 else ("soft" if ln.gap == 2 else "page")
        words = list(_WORD.finditer(ln.raw.expandtabs(8)))
        if len(ln.cells) > 1 and len(words) == len(ln.cells):
            # a cell is a run of words one space apart; its continuation joins the cell's last word
            above = []
            for k, m in enumerate(words):
                if k == 0 or m.start() - words[k - 1].end() > 1:
                    above.append((m.start(), len(out) + k))
                else:
                    above[-1] = (above[-1][0], len(out) + k)
        for k, w in enumerate(ln.cells):
            out.append(Piece(w, ln.no, first if k == 0 else "space"))
    return merge_pieces(out)


_DATEISH = re.compile(r"\d{4}年")
_DATE_NEXT = re.compile(r"^([-—~～至]|\d{1,2}月|月$|\d{1,2}$|\d{1,2}日|日$)")
_CJK_START = re.compile(r"^[\u4e00-\u9fff“（(]")


def _joinable(a: Piece, b: Piece) -> bool:
    """True when b is the rest of the value or word that a starts."""
    ta, tb = a.clean, b.clean
    if not ta or not tb:
        return False
    if is_comparator(ta) and re.match(r"^[-+]?\d", tb):
        return True
    if is_bare_number(ta) and is_unit(tb) and b.brk in ("space", "soft", "page", "cell"):
        return True
    if _DATEISH.search(ta) and (_DATE_NEXT.match(tb) or (ta[-1].isdigit() and tb in ("年", "月", "日"))):
        return True
    if _DATEISH.search(ta) and re.match(r"^[-—~～至]\d{4}年", tb):
        return True
    if re.fullmatch(r"\d{4}", ta) and tb.startswith("年"):
        return True  # "2024" "年底"
    if is_quantitative(ta) and is_unit(tb) and is_quantitative(ta + tb):
        return True  # "≤107.75 万" + "元"
    if b.brk == "space":
        # converters put a space where Han text meets Latin letters or digits: one cell, unless a value starts
        if _CJK_END.search(ta) and _LATIN_START.match(tb) and value_score(tb) == 0:
            return True
        if _LATIN_END.search(ta) and _CJK_START.match(tb) and value_score(ta) == 0:
            return True
    return False


_CJK_END = re.compile(r"[\u4e00-\u9fff]$")
_LATIN_START = re.compile(r"^[A-Za-z0-9]")
_LATIN_END = re.compile(r"[A-Za-z]$")


def merge_pieces(pieces: list[Piece]) -> list[Piece]:
    """Join pieces that are one value or word broken by the converter: ``≥`` ``259`` ``个`` → ``≥259个``."""
    out: list[Piece] = []
    for p in pieces:
        if out and _joinable(out[-1], p):
            prev = out[-1]
            out[-1] = Piece(prev.text + " " + p.text, prev.line, prev.brk)
        else:
            out.append(Piece(p.text, p.line, p.brk))
    return out
