"""Page images: PDF pages rendered with pypdfium2, image files (.png, .jpg, .tif) loaded with Pillow, each as
a grayscale array without its seals' ink (a seal told by its shape, ocr.seals: a thick ring with a hollow
inside; on a colour page its red pixels, told by their hue and saturation in HSV, are read by their brightest
channel, on a gray page its strokes are divided by their own gray, so that the seal turns to paper while the
print under it stays dark; red printed text, which is no ring, is read as print), deskewed (the angle from the
long ruling lines, else from the text lines' profile)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from . import DPI
from .components import components, ink_points
from .seals import find_seals, lift_gray_seal, seal_regions

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"})
_MAX_SKEW = 3.0  # degrees: a scan more skewed than this is not straightened by search
# seal ink: red hues (OpenCV's hue runs 0–180, red wraps round 0), saturated and not dark (print under a seal
# is dark whatever its tint)
_RED_HUES = ((0, 12), (160, 180))
_SEAL_SATURATION = 70
_SEAL_EDGE = (40, 150)  # a seal stroke's blurred edge: paler red, lighter (saturation, brightness at least)
_SEAL_BRIGHTNESS = 90
_PRINT_PERCENTILE = 25  # a seal's letters must be paler than this share of the page's ink to be told from print
_SEAL_STROKE = (150, 235)  # bounds of a seal stroke's brightness in its brightest channel (lifted to paper)


@dataclass
class PageImage:
    """One page as a grayscale image (0 ink … 255 paper), its number and resolution, and the skew removed."""

    number: int
    gray: np.ndarray
    dpi: float
    skew: float = 0.0
    seal: np.ndarray | None = None  # where seal ink was taken out (True), deskewed like `gray`; None: none
    # the page with only its gray seals' rings and stars lifted (their letters, and pale print the letters' rule
    # would take, left in): lines under a seal are read from both (read_scan); None where no gray seal was lifted
    soft: np.ndarray | None = None
    ink: np.ndarray | None = None  # binarize(gray) where it was made on the way (a page not turned); None: not yet

    def binarized(self) -> np.ndarray:
        """The page's ink (:func:`binarize` of its gray), made once."""
        if self.ink is None:
            self.ink = binarize(self.gray)
        return self.ink

    @property
    def scale(self) -> float:
        """PDF points per pixel."""
        return 72.0 / self.dpi


def page_count(path: Path) -> int:
    """How many pages a PDF or (multi-page) image file has."""
    if path.suffix.lower() in IMAGE_SUFFIXES:
        from PIL import Image
        with Image.open(path) as im:
            return getattr(im, "n_frames", 1)
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def load_page(path: Path, number: int, dpi: float = DPI) -> PageImage:
    """Page `number` (1-based) of a PDF (rendered at `dpi`) or of an image file, deskewed."""
    if path.suffix.lower() in IMAGE_SUFFIXES:
        from PIL import Image
        with Image.open(path) as im:
            im.seek(number - 1)
            res = im.info.get("dpi", (dpi, dpi))[0] or dpi
            pixels = np.asarray(im.convert("RGB"))[..., ::-1] if im.mode not in ("L", "1", "I;16") \
                else np.asarray(im.convert("L"))
        if res < 100 or res > 1200:  # a resolution the file does not really carry
            res = dpi
        gray, seal, soft, ink = _seal_free(pixels, res)
    else:
        import pypdfium2 as pdfium
        pdf = pdfium.PdfDocument(str(path))
        try:
            page = pdf[number - 1]
            pixels = page.render(scale=dpi / 72.0).to_numpy()  # BGR(x)
            page.close()
        finally:
            pdf.close()
        res = dpi
        gray, seal, soft, ink = _seal_free(pixels[..., :3] if pixels.ndim == 3 else pixels, res)
    ink = binarize(gray) if ink is None else ink
    angle = skew_angle(gray, ink)
    if abs(angle) >= 0.05:
        ink = None  # the turned page is binarised again (rotate blends pixels)
        gray = rotate(gray, angle)
        seal = None if seal is None else rotate(np.where(seal, np.uint8(0), np.uint8(255)), angle) < 128
        soft = None if soft is None else rotate(soft, angle)
    return PageImage(number, gray, float(res), angle, seal, soft, ink)


def without_seals(pixels: np.ndarray, dpi: float = DPI) -> tuple[np.ndarray, np.ndarray | None]:
    """A page (BGR colour or grayscale) as grayscale without its seals — red seals by :func:`seal_ink`, then
    seals of any ink found by their shape in the gray (ocr.seals) — and the mask of the seal ink taken out
    (None where there was none)."""
    return seal_free(pixels, dpi)[:2]


def seal_free(pixels: np.ndarray, dpi: float = DPI) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
    """As :func:`without_seals`, and the page with only its gray seals' rings and stars lifted (None where no
    gray seal was lifted): a gray seal's letters are told from print by their gray, which thin print shares."""
    return _seal_free(pixels, dpi)[:3]


def _seal_free(pixels: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None,
                                                         np.ndarray | None]:
    """As :func:`seal_free`, and the ink of the gray returned (:func:`binarize`) where no gray seal changed it
    (else None)."""
    if pixels.ndim == 3:
        gray, seal = seal_ink(pixels, dpi)
    else:
        gray, seal = np.array(pixels), None
    ink = binarize(gray)
    seals = find_seals(ink, dpi)
    print_gray = float(np.percentile(gray[ink > 0], _PRINT_PERCENTILE)) if seals else 0.0
    soft = gray.copy() if seals else None
    lifted_any = False
    for found in seals:
        lifted = lift_gray_seal(gray, ink, found, dpi, print_gray, soft)
        if lifted is not None:
            lifted_any = True
            seal = lifted if seal is None else seal | lifted
    return gray, seal, soft if lifted_any else None, None if lifted_any else ink


def without_seal_ink(bgr: np.ndarray, dpi: float = DPI) -> np.ndarray:
    """A colour page (BGR) as grayscale with the red seal ink taken out (see :func:`seal_ink`)."""
    return seal_ink(bgr, dpi)[0]


def seal_ink(bgr: np.ndarray, dpi: float = DPI) -> tuple[np.ndarray, np.ndarray | None]:
    """A colour page (BGR) as grayscale with the red ink of its seals taken out: the saturated, not dark, red
    pixels inside a seal's ring — a seal told by its shape (ocr.seals), so that red printed text, which is no
    ring, stays as it is read, dark — are read by their brightest channel, lifted so that a seal's stroke is
    paper: seal ink multiplies the print under it, so the brightest channel divided by the stroke's own
    brightness (the median over the seal) gives back the print's gray — black print stays dark, a glyph's
    blurred edge stays gray; every other pixel by its ordinary gray. With the gray, the mask of the seal's
    pixels (None where the page has none)."""
    gray = cv2.cvtColor(np.ascontiguousarray(bgr), cv2.COLOR_BGR2GRAY)
    hsv = cv2.cvtColor(np.ascontiguousarray(bgr), cv2.COLOR_BGR2HSV)
    hue, sat, val = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    red = np.zeros(hue.shape, dtype=bool)
    for lo, hi in _RED_HUES:
        red |= (hue >= lo) & (hue <= hi)
    red &= ((sat >= _SEAL_SATURATION) & (val >= _SEAL_BRIGHTNESS)) | ((sat >= _SEAL_EDGE[0]) & (val >= _SEAL_EDGE[1]))
    if not red.any():
        return gray, None
    regions = seal_regions(find_seals(np.where(red, np.uint8(255), np.uint8(0)), dpi), red.shape)
    seal = red & regions if regions is not None else None
    if seal is None or not seal.any():
        return gray, None
    stroke = float(np.clip(np.median(val[seal]), *_SEAL_STROKE))
    gray[seal] = np.minimum(255, val[seal] * (255 / stroke)).astype(np.uint8)
    return gray, seal


def binarize(gray: np.ndarray) -> np.ndarray:
    """Ink as 255 on 0 by Otsu's threshold, specks of scanner noise (a few pixels) removed."""
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    n, labels = cv2.connectedComponents(ink, connectivity=8)
    xs, ys = ink_points(ink)
    of = labels[ys, xs]
    speck = np.bincount(of, minlength=n) <= 3
    speck[0] = False  # the background
    at = speck[of]
    ink[ys[at], xs[at]] = 0
    return ink


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    """The image turned by `angle` degrees (counter-clockwise) about its centre, paper filling the corners."""
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def skew_angle(gray: np.ndarray, ink: np.ndarray | None = None) -> float:
    """The angle (degrees) that straightens the page: from its long horizontal lines where it has some, else
    the angle at which the rows of a reduced image are sharpest (text lines). `ink`: binarize(gray), if made."""
    ink = binarize(gray) if ink is None else ink
    h, w = ink.shape
    k = max(20, w // 40)
    horiz = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    horiz = cv2.dilate(horiz, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 3)))
    n, labels, stats = components(horiz)
    angles, weights = [], []
    for i in range(1, n):
        x, y, cw, ch, _ = stats[i]
        if cw < w / 4:
            continue
        ys, xs = np.nonzero(ink[y:y + ch, x:x + cw] & (labels[y:y + ch, x:x + cw] == i).astype(np.uint8) * 255)
        if len(xs) < cw // 2:
            continue
        slope = np.polyfit(xs.astype(float), ys.astype(float), 1)[0]
        angles.append(np.degrees(np.arctan(slope)))
        weights.append(cw)
    if len(angles) >= 2:
        order = np.argsort(angles)
        cum = np.cumsum(np.asarray(weights)[order])
        return float(np.asarray(angles)[order][np.searchsorted(cum, cum[-1] / 2)])
    return _profile_angle(ink)


def _profile_angle(ink: np.ndarray) -> float:
    """The skew of a page of text: the rotation whose row profile has the most contrast (coarse, then fine)."""
    small = cv2.resize(ink, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    if small.sum() == 0:
        return 0.0

    def sharpness(a: float) -> float:
        prof = rotate(255 - small, a)
        rows = (255 - prof).sum(axis=1).astype(float)
        return float(np.sum(np.diff(rows) ** 2))

    best = max(np.arange(-_MAX_SKEW, _MAX_SKEW + 1e-9, 0.25), key=sharpness)
    return float(max(np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05), key=sharpness))
