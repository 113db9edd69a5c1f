"""Official seals on a page image, told by their shape rather than by their colour alone: a seal is a ring of
ink (round or oval, 10–60 mm across) drawn with a stroke much thicker than print (about a millimetre), hollow
between the ring and its centre but for a star and a line of small text. A red heading or a red value is
printed in thin strokes and is no ring, so its ink stays; a seal scanned in grayscale is found the same way.

1. the candidate ink (red ink on a colour page, all ink on a gray one) opened with a disc about 0.6 mm wide:
   thin strokes (print, ruling lines, a seal's text) go, a seal's ring and star stay;
2. the thick pieces grouped (gaps where print crossed the ring bridged), each group's box taken as an ellipse,
   and circles found by the Hough transform (a ring merged with a bold title, a ring in pieces);
3. an ellipse is a seal when the thick ink runs round its outline (most angles) and stops there (little of it
   just outside), and its inside is hollow; the largest first, one inside a seal found is none.

A seal scanned in gray is then lifted to paper (:func:`lift_gray_seal`): its ink multiplies the print, so a
pixel of its thick strokes divided by the ring's own gray gives the print's gray back (black print under the
seal stays dark); its letters, between the middle and the ring — pieces of ink whose darkest pixels are no
darker than the ring less three of its deviations (print has darker cores), and, where a letter touches print,
its pixels off the print's dark strokes — are divided too and turn to paper. A thin, pale stroke of print in
that band (a slanted ≥) can go with them; the rows under a seal are flagged for a reviewer (read_scan).
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .components import components

_MM = 25.4  # millimetres an inch
_STROKE_MM = 0.6  # a seal's ring and star are at least this thick; print strokes are thinner
_SIZE_MM = (10.0, 60.0)  # a seal's diameter (or an oval's axes), smallest and largest
_BRIDGE_MM = 1.2  # gaps in a ring (print crossing it, faint ink) bridged when its pieces are grouped
_ANGLES = 36  # sectors of the outline that are checked for ring ink
_RING_COVER = 0.75  # share of the sectors that must hold ring ink
_OUTLINE = (0.82, 1.12)  # the ring's band, in radii of the ellipse
_OUTSIDE = (1.2, 1.5)  # the band just outside the ring …
_OUTSIDE_COVER = 0.25  # … where at most this share of the sectors holds thick ink
_HOLLOW = (0.35, 0.72)  # the band inside the ring that holds only the seal's thin text …
_HOLLOW_FILL = 0.2  # … so its thick ink fills at most this share of it
_GROW = 1.08  # the region of a seal: its ellipse grown by this factor (the ring's outer half, blur)
_MIN_STROKE_GRAY = 60  # a gray ring darker than this is print (a black ring), not lifted
# a piece of ink inside a seal is its text when its darkest pixels (this percentile) are no darker than the ring's
# gray less this many of the ring's deviations (print has darker cores); a thick piece is its stroke when its
# median is (bold print is dark)
_PALE_QUANTILE = 5
_PALE_SPREAD = 3.0
_OFF_PRINT = 1.5  # pixels from print's dark strokes beyond which a pale pixel of a seal letter over it is lifted
_TEXT_BAND = 0.45  # a seal's text runs round the ring outside this share of its radius (print in the middle stays)


@dataclass(frozen=True)
class Seal:
    """A seal's ellipse on the page: centre and semi-axes in pixels."""

    cx: float
    cy: float
    a: float
    b: float

    def region(self, shape: tuple[int, ...], grow: float = _GROW) -> np.ndarray:
        """The seal's ellipse (grown by `grow`) as a boolean mask of an image of `shape`."""
        mask = np.zeros(shape[:2], dtype=np.uint8)
        axes = (round(self.a * grow), round(self.b * grow))
        cv2.ellipse(mask, (round(self.cx), round(self.cy)), axes, 0, 0, 360, 1, -1)
        return mask.astype(bool)

    def box(self, shape: tuple[int, ...], grow: float = _GROW) -> tuple[int, int, int, int] | None:
        """(y0, y1, x0, x1) of the seal's grown ellipse inside an image of `shape` (None when outside it)."""
        y0, y1 = max(0, int(self.cy - self.b * grow) - 1), min(shape[0], int(self.cy + self.b * grow) + 2)
        x0, x1 = max(0, int(self.cx - self.a * grow) - 1), min(shape[1], int(self.cx + self.a * grow) + 2)
        return (y0, y1, x0, x1) if y1 > y0 and x1 > x0 else None

    def rho(self, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        """Each point's distance from the centre in radii of the ellipse (1 on the outline)."""
        return np.hypot((xs - self.cx) / self.a, (ys - self.cy) / self.b)


def thick_ink(ink: np.ndarray, dpi: float) -> np.ndarray:
    """The ink (255 on 0) whose strokes are at least about 0.6 mm thick."""
    k = max(3, int(round(_STROKE_MM * dpi / _MM)) | 1)
    return cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))


def find_seals(ink: np.ndarray, dpi: float) -> list[Seal]:
    """The seals in an ink image (255 ink on 0): rings of thick ink with a hollow inside (see the module)."""
    thick = thick_ink(ink, dpi)
    if not thick.any():
        return []
    lo, hi = (mm * dpi / _MM / 2 for mm in _SIZE_MM)
    found: list[Seal] = []
    candidates = sorted([*_grouped(thick, dpi, lo, hi), *_circles(thick, lo, hi)], key=lambda s: -s.a * s.b)
    for seal in candidates:  # the largest first: seals do not nest, so one inside a seal found is none
        if not any(f.rho(np.float32(seal.cx), np.float32(seal.cy)) < 1 for f in found) and _is_ring(thick, seal):
            found.append(seal)
    return found


def _grouped(thick: np.ndarray, dpi: float, lo: float, hi: float) -> list[Seal]:
    """The ellipse in the box of each group of thick pieces of a seal's size (its ring's gaps bridged)."""
    k = max(3, int(round(_BRIDGE_MM * dpi / _MM)) | 1)
    grouped = cv2.dilate(thick, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    n, _, stats = components(grouped)
    out = []
    for x, y, w, h, _ in stats[1:]:
        a, b = (w - k + 1) / 2, (h - k + 1) / 2  # the box less the dilation's growth
        if lo <= a <= hi and lo <= b <= hi and max(a, b) <= 2 * min(a, b):
            out.append(Seal(x + w / 2, y + h / 2, a, b))
    return out


def _circles(thick: np.ndarray, lo: float, hi: float) -> list[Seal]:
    """Round seals found by the Hough transform of the thick ink."""
    small = cv2.resize(thick, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    found = cv2.HoughCircles(cv2.GaussianBlur(small, (5, 5), 0), cv2.HOUGH_GRADIENT, dp=1.5, minDist=lo,
                             param1=120, param2=25, minRadius=int(lo / 2), maxRadius=int(hi / 2) + 1)
    if found is None:
        return []
    return [Seal(2 * float(x), 2 * float(y), 2 * float(r), 2 * float(r)) for x, y, r in found[0][:20]]


def _is_ring(thick: np.ndarray, seal: Seal) -> bool:
    """True when thick ink runs round the ellipse's outline in most sectors, few sectors hold thick ink just
    outside it, and its inside is hollow."""
    h, w = thick.shape
    x0, x1 = max(0, int(seal.cx - seal.a * 1.5)), min(w, int(seal.cx + seal.a * 1.5) + 1)
    y0, y1 = max(0, int(seal.cy - seal.b * 1.5)), min(h, int(seal.cy + seal.b * 1.5) + 1)
    if x1 <= x0 or y1 <= y0:
        return False
    ys, xs = np.mgrid[y0:y1, x0:x1]
    rho = seal.rho(xs.astype(np.float32), ys.astype(np.float32))
    on = thick[y0:y1, x0:x1] > 0
    band = (rho >= _OUTLINE[0]) & (rho <= _OUTLINE[1])
    angle = np.arctan2((ys - seal.cy) / seal.b, (xs - seal.cx) / seal.a) + np.pi
    sector = (angle / (2 * np.pi) * _ANGLES).astype(int) % _ANGLES
    need = max(3.0, 0.5 * 2 * np.pi * max(seal.a, seal.b) / _ANGLES)  # half a sector's arc, one pixel thick
    if (np.bincount(sector[band & on], minlength=_ANGLES) >= need).mean() < _RING_COVER:
        return False
    outside = (rho >= _OUTSIDE[0]) & (rho <= _OUTSIDE[1])  # a seal's ring is its edge: thick ink stops there
    if (np.bincount(sector[outside & on], minlength=_ANGLES) >= need).mean() > _OUTSIDE_COVER:
        return False
    inner = (rho >= _HOLLOW[0]) & (rho <= _HOLLOW[1])
    return bool(on[inner].mean() <= _HOLLOW_FILL) if inner.any() else False


def seal_regions(seals: list[Seal], shape: tuple[int, ...]) -> np.ndarray | None:
    """The union of the seals' regions (None when there is none)."""
    if not seals:
        return None
    out = np.zeros(shape[:2], dtype=bool)
    for s in seals:
        out |= s.region(shape)
    return out


def lift_gray_seal(gray: np.ndarray, ink: np.ndarray, seal: Seal, dpi: float,
                   print_gray: float = 0.0, soft: np.ndarray | None = None) -> np.ndarray | None:
    """A gray seal's ink taken out of `gray` (in place): its thick strokes (ring, star) and the pieces of ink
    between the middle and the ring no darker than the ring (its text), divided by the ring's gray, so that the
    seal is paper and the print under it keeps its gray. Its letters stay where that threshold is darker than
    `print_gray` (the gray of a good part of the page's print: a seal nearly as dark as print). `soft` (a copy
    of `gray` as it was) gets only the ring and star lifted: its letters stay, and so does thin pale print that
    the letters' rule would take for them (a serif T's bar, a thin ≥). The mask of the ink lifted, or None when
    the ring is as dark as print."""
    box = seal.box(gray.shape)
    if box is None:
        return None
    y0, y1, x0, x1 = box
    sub, sub_ink = gray[y0:y1, x0:x1], ink[y0:y1, x0:x1]
    region = Seal(seal.cx - x0, seal.cy - y0, seal.a, seal.b).region(sub.shape)
    thick = (thick_ink(sub_ink, dpi) > 0) & region
    ys, xs = np.nonzero(cv2.erode(thick.astype(np.uint8), np.ones((3, 3), np.uint8)))  # strokes less their edges
    rho = np.hypot((xs + x0 - seal.cx) / seal.a, (ys + y0 - seal.cy) / seal.b)
    values = sub[ys, xs][(rho >= _OUTLINE[0]) & (rho <= _OUTLINE[1])].astype(np.float32)
    if len(values) == 0 or (stroke := float(np.median(values))) < _MIN_STROKE_GRAY:
        return None
    spread = max(4.0, 1.4826 * float(np.median(np.abs(values - stroke))))  # the ring's noise, robustly
    darkest = stroke - _PALE_SPREAD * spread
    strokes = _pieces(sub, thick.astype(np.uint8), darkest, 50)  # the seal's thick strokes, not bold print
    strokes = cv2.dilate(strokes.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    apart = cv2.subtract(_without_lines(sub_ink, dpi), strokes.astype(np.uint8) * 255)  # letters off the ring
    band = Seal(seal.cx - x0, seal.cy - y0, seal.a, seal.b).region(sub.shape, _TEXT_BAND)
    if darkest < print_gray:  # too close to the print to tell its letters by their gray
        band = region
    letters = _pieces(sub, apart & (~band).astype(np.uint8) * 255, darkest, _PALE_QUANTILE, within=region)
    letters = cv2.dilate(letters.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    # a letter over print: its pixels as pale as the seal's ink and off the print's dark strokes
    dark = (sub < darkest) & (sub_ink > 0)
    off = cv2.distanceTransform(np.where(dark, 0, 255).astype(np.uint8), cv2.DIST_L2, 3) > _OFF_PRINT
    letters |= (apart > 0) & ~band & off
    lift = region & (strokes | letters)
    if soft is not None:
        soft_sub, only = soft[y0:y1, x0:x1], region & strokes
        soft_sub[only] = np.minimum(255.0, soft_sub[only].astype(np.float32) * (255.0 / stroke)).astype(np.uint8)
    sub[lift] = np.minimum(255.0, sub[lift].astype(np.float32) * (255.0 / stroke)).astype(np.uint8)
    out = np.zeros(gray.shape, dtype=bool)
    out[y0:y1, x0:x1] = lift & (sub_ink > 0)
    return out


def _without_lines(ink: np.ndarray, dpi: float) -> np.ndarray:
    """The ink less its ruling lines (runs longer than about 5 mm), so that a seal letter crossing a rule is a
    piece of its own."""
    k = max(15, int(dpi * 0.2))
    lines = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    lines |= cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, k)))
    return cv2.subtract(ink, cv2.dilate(lines, np.ones((3, 3), np.uint8)))


def _pieces(gray: np.ndarray, ink: np.ndarray, darkest: float, quantile: float,
            within: np.ndarray | None = None) -> np.ndarray:
    """The pieces of ink whose gray at `quantile` (percent, from the darkest) is no darker than `darkest`: a
    seal's own strokes and letters, while print has dark cores (a seal letter touching print is left with it:
    print may be as pale as a seal's ink, pixel by pixel). A piece with dark ink out of `within` (the seal's
    region) is none: it is print the region's edge crosses, whose part inside alone may hold no dark core."""
    n, labels = cv2.connectedComponents((ink > 0).astype(np.uint8), connectivity=8)
    if n <= 1:
        return np.zeros(ink.shape, dtype=bool)
    reaches_out = np.zeros(n, dtype=bool)
    if within is not None:
        reaches_out[np.unique(labels[~within & (labels > 0) & (gray < darkest)])] = True
    flat = labels.ravel()
    order = np.argsort(flat, kind="stable")
    values = gray.ravel()[order]
    starts = np.searchsorted(flat[order], np.arange(n + 1))
    pale = np.zeros(n, dtype=bool)
    for i in range(1, n):
        pale[i] = not reaches_out[i] and np.percentile(values[starts[i]:starts[i + 1]], quantile) >= darkest
    return pale[labels]
