"""Ruling lines of a page image as the PDF reader's rules (OpenCV morphology), so that the PDF reader's own
steps make the tables: ``rules_to_tables`` groups rules that touch, ``table_units`` finds the cells and their
spans (a merged cell is where a line is missing), and ``join_pages`` continues tables over page breaks.

1. ink opened with a long horizontal (vertical) kernel: the horizontal (vertical) line masks;
2. each mask's connected pieces → one rule each (its centre line and extent), in PDF points;
3. a line piece much lighter than the page's long rules is no rule: a ruling line is printed in the print's
   ink, while a seal scanned in gray (its ring's arcs are straight enough over a few millimetres) is lighter;
4. a table whose horizontal rules run on past its outermost vertical rule (a printer or scanner that lost
   the side border) is closed there by a rule.
"""
from __future__ import annotations

import cv2
import numpy as np

from ..read_pdf import Rule
from .components import components
from .pages import PageImage, binarize


def line_masks(ink: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray]:
    """The horizontal and vertical line masks of an ink image: runs longer than about 5 mm."""
    k = max(15, int(dpi * 0.2))
    horiz = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    vert = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, k)))
    # bridge the gaps that noise and faint toner leave in a line
    horiz = cv2.morphologyEx(horiz, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 1)))
    vert = cv2.morphologyEx(vert, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 9)))
    return horiz, vert


def _segments(mask: np.ndarray, horizontal: bool, min_len: int) -> list[tuple[float, float, float]]:
    """(position, lo, hi) of each line piece of a mask, in pixels; thick pieces (blots) are not lines."""
    n, _, stats = components(mask)
    out = []
    for i in range(1, n):
        x, y, w, h, area = stats[i]
        length, thick = (w, h) if horizontal else (h, w)
        if length < min_len or area / max(length, 1) > 8:
            continue
        if horizontal:
            out.append((y + h / 2, float(x), float(x + w)))
        else:
            out.append((x + w / 2, float(y), float(y + h)))
    return out


def page_rules(page: PageImage, ink: np.ndarray | None = None) -> tuple[list[Rule], np.ndarray]:
    """The page's ruling lines as rules in PDF points, and the mask of their pixels (to keep them out of
    the text)."""
    ink = binarize(page.gray) if ink is None else ink
    horiz, vert = line_masks(ink, page.dpi)
    s = page.scale
    min_len = int(page.dpi * 0.12)
    pieces = [(True, seg) for seg in _segments(horiz, True, min_len)] + [(False, seg) for seg in _segments(vert, False, min_len)]
    rules = [Rule(h, p * s, lo * s, hi * s) for h, (p, lo, hi) in _in_print_ink(page.gray, pieces)]
    lines = cv2.dilate(cv2.bitwise_or(horiz, vert), cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    return rules, lines


def _darkness(gray: np.ndarray, horizontal: bool, seg: tuple[float, float, float]) -> float:
    """How dark a line piece is: the median, along it, of the darkest pixel across it."""
    p, lo, hi = int(round(seg[0])), int(seg[1]), int(seg[2])
    band = gray[max(0, p - 2):p + 3, lo:hi] if horizontal else gray[lo:hi, max(0, p - 2):p + 3].T
    return float(np.median(band.min(axis=0))) if band.size else 255.0


def _in_print_ink(gray: np.ndarray, pieces: list[tuple[bool, tuple[float, float, float]]]) -> list:
    """The line pieces printed in the ink of the page's long rules (a quarter of the page or longer): a piece
    much lighter than those (a seal's arc scanned in gray) is left out. A long rule is print whatever its gray
    (no seal's arc runs straight that far), so a piece no lighter than the palest long rule is kept: thin rules
    print paler than thick ones (a page's dark vertical rules set a strict median). A page without long rules
    keeps all."""
    h, w = gray.shape
    dark = [_darkness(gray, hz, seg) for hz, seg in pieces]
    long_ = [d for (hz, (_, lo, hi)), d in zip(pieces, dark) if hi - lo >= (w if hz else h) / 4]
    if not long_:
        return pieces
    ref, paper = float(np.median(long_)), float(np.median(gray))
    limit = max(ref + max(0.6 * ref, 0.15 * (paper - ref)), max(long_))
    return [piece for piece, d in zip(pieces, dark) if d <= limit]


def close_sides(group: list[Rule], tol: float) -> list[Rule]:
    """A table's rules with a vertical rule added on a side where several horizontal rules run past its
    outermost vertical rule to the same end (the side border is missing)."""
    hs = [r for r in group if r.horizontal]
    vs = [r for r in group if not r.horizontal]
    if len(hs) < 2 or not vs:
        return group
    out = list(group)
    for side in ("left", "right"):
        edge = min(v.pos for v in vs) if side == "left" else max(v.pos for v in vs)
        ends = [r.lo if side == "left" else r.hi for r in hs]
        past = [e for e in ends if (e < edge - 4 * tol if side == "left" else e > edge + 4 * tol)]
        if len(past) < 2:
            continue
        far = min(past) if side == "left" else max(past)
        at = [e for e in past if abs(e - far) <= 4 * tol]
        if len(at) >= max(2, len(hs) // 2):
            pos = float(np.median(at))
            ys = [r.pos for r in hs if abs((r.lo if side == "left" else r.hi) - pos) <= 4 * tol]
            out.append(Rule(False, pos, min(ys), max(ys)))
    return out


def snap_ends(rules: list[Rule], tol: float) -> list[Rule]:
    """Rules whose ends stop just short of a crossing rule (a scanned line's ragged end) extended to it, so
    that the PDF reader's tight tolerances see them touch."""
    hs = [r for r in rules if r.horizontal]
    vs = [r for r in rules if not r.horizontal]
    for a, others in ((hs, vs), (vs, hs)):
        for r in a:
            for o in others:
                if not (o.lo - tol <= r.pos <= o.hi + tol):
                    continue
                if 0 < r.lo - o.pos <= tol:
                    r.lo = o.pos
                if 0 < o.pos - r.hi <= tol:
                    r.hi = o.pos
    return rules


_SEAL_BAND = 3  # pixels either side of a line piece searched for seal ink
_SEAL_TOUCH = 10  # seal pixels in that band that make a piece one the seal may have drawn


def without_seal_strokes(rules: list[Rule], lines: np.ndarray, seal: np.ndarray | None, scale: float,
                         tol: float) -> tuple[list[Rule], np.ndarray]:
    """The rules less the strokes a seal drew: a character's stroke lengthened by a seal letter over it (事's
    upright under a letter) can be as long as a short rule, and splits its cell (综合经济事务管理 read as two
    cells). Such a piece touches seal ink (`seal`, the mask of the seal ink taken out, in pixels; `scale` points
    a pixel), lies within one row (or column) of a table and stops short of a crossing rule it is headed for: a
    ruling line ends on a rule. A piece continued by another on the same line past its free end (a rule broken by faint
    toner) is kept, and so is one with no crossing rule beyond its free end (a table cut by a page break), and so
    is one whose gap to that rule seal ink covers (a real rule whose end the seal hid, taken out with its ink).
    Returns the rules kept and the line mask `lines` without the strokes' pixels (they are the text's again)."""
    if seal is None or not seal.any():
        return rules, lines
    strokes = [r for r in rules if _touches_seal(r, seal, scale)
               and (gaps := _gaps_in_a_cell(r, rules, tol)) and not all(_seal_covers(r, g, seal, scale) for g in gaps)]
    if not strokes:
        return rules, lines
    kept = [r for r in rules if not any(r is s for s in strokes)]
    lines = lines.copy()
    b = _SEAL_BAND + 1  # the mask is dilated by a pixel
    for r in strokes:
        p, lo, hi = (int(round(v / scale)) for v in (r.pos, r.lo, r.hi))
        band = np.zeros(lines.shape, dtype=bool)
        if r.horizontal:
            band[max(0, p - b):p + b + 1, lo:hi + 1] = True
        else:
            band[lo:hi + 1, max(0, p - b):p + b + 1] = True
        for o in kept:  # the crossing rules' own pixels stay in the mask
            q = int(round(o.pos / scale))
            if o.horizontal != r.horizontal:
                if o.horizontal:
                    band[max(0, q - b):q + b + 1, :] = False
                else:
                    band[:, max(0, q - b):q + b + 1] = False
        lines[band] = 0
    return kept, lines


def _gaps_in_a_cell(r: Rule, rules: list[Rule], tol: float) -> list[tuple[float, float]]:
    """Where the rule lies between two crossing rules (in a table, not beside it) and crosses none: the gaps
    (from, to, in points along it) between each end that stops short (by more than `tol`) of the crossing rule
    beyond it, with no piece of its own line between, and that rule; else none."""
    across = [o.pos for o in rules if o.horizontal != r.horizontal and o.lo - tol <= r.pos <= o.hi + tol]
    if any(r.lo + tol < p < r.hi - tol for p in across) or not (any(p <= r.lo + tol for p in across)
                                                                 and any(p >= r.hi - tol for p in across)):
        return []
    same = [o for o in rules if o is not r and o.horizontal == r.horizontal and abs(o.pos - r.pos) <= tol]
    gaps = []
    below = [p for p in across if p > r.hi + tol]
    if not any(abs(p - r.hi) <= tol for p in across) and below:
        nxt = min(below)
        if not any(r.hi - tol <= o.lo < nxt for o in same):
            gaps.append((r.hi, nxt))
    above = [p for p in across if p < r.lo - tol]
    if not any(abs(p - r.lo) <= tol for p in across) and above:
        prev = max(above)
        if not any(prev < o.hi <= r.lo + tol for o in same):
            gaps.append((prev, r.lo))
    return gaps


_HIDDEN_SHARE = 0.8  # a gap this much of whose length has seal ink on the rule's line is the seal's hiding


def _seal_covers(r: Rule, gap: tuple[float, float], seal: np.ndarray, scale: float) -> bool:
    """True when seal ink lies on the rule's line (within a few pixels) along most of `gap` (points along it)."""
    band = _along(seal, r.horizontal, *(int(round(v / scale)) for v in (r.pos, *gap)))
    return band.shape[1] > 0 and float(band.any(axis=0).mean()) >= _HIDDEN_SHARE


def _touches_seal(r: Rule, seal: np.ndarray, scale: float) -> bool:
    """True when seal ink was taken out within a few pixels of the rule."""
    band = _along(seal, r.horizontal, *(int(round(v / scale)) for v in (r.pos, r.lo, r.hi)))
    return int(band.sum()) >= _SEAL_TOUCH


def _along(mask: np.ndarray, horizontal: bool, p: int, lo: int, hi: int) -> np.ndarray:
    """The mask's pixels within _SEAL_BAND of a line at `p` from `lo` to `hi` (pixels), the line's length
    along axis 1."""
    b = _SEAL_BAND
    return mask[max(0, p - b):p + b + 1, lo:hi + 1] if horizontal else mask[lo:hi + 1, max(0, p - b):p + b + 1].T
