"""Text of a page region: its text lines found from the ink's row profile (a cell holds one or a few lines,
the space between tables whole lines, cut where a wide gap separates two texts), each line recognised by
RapidOCR's PP-OCRv4 recogniser on ONNX Runtime (the models ship inside the rapidocr_onnxruntime wheel).

A recognised line is a :class:`OcrWord`, the PDF reader's word with the recogniser's confidence, placed in
PDF points, so that the PDF reader's own steps put it in a cell or a text line.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np

from ..glyphs import fix_glyphs
from ..read_pdf import Word

_MIN_INK_ROW = 2  # pixels of ink a row needs to count as part of a text line (specks are noise)
_MIN_LINE_PX = 7  # a text line is at least this tall (at 200 dpi about 2.5 points)
_PAD = 4  # white pixels around a line crop


@dataclass
class OcrWord(Word):
    """A recognised text line in PDF points, with the recogniser's confidence (0 … 1)."""

    conf: float = 1.0


@lru_cache(maxsize=1)
def engine():
    """The RapidOCR engine of this process (one ONNX Runtime thread: pages run in parallel processes)."""
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, use_cls=False, rec_batch_num=8)


def text_lines(ink: np.ndarray, gap: float) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, y0, x1, y1) of the text lines in an ink image (255 ink): rows of ink separated by blank
    rows, each cut where a horizontal gap is wider than `gap` pixels × the line's height."""
    rows = (ink > 0).sum(axis=1)
    on = rows >= _MIN_INK_ROW
    boxes = []
    y = 0
    h = len(on)
    while y < h:
        if not on[y]:
            y += 1
            continue
        y0 = y
        while y < h and on[y]:
            y += 1
        if y - y0 < _MIN_LINE_PX:
            continue
        boxes.extend(_split_line(ink, y0, y, gap))
    return boxes


def _split_line(ink: np.ndarray, y0: int, y1: int, gap: float) -> list[tuple[int, int, int, int]]:
    """The pieces of one text line, cut at gaps wider than `gap` × its height; specks dropped."""
    cols = np.flatnonzero((ink[y0:y1] > 0).sum(axis=0) > 0)
    if len(cols) == 0:
        return []
    height = y1 - y0
    cuts = np.flatnonzero(np.diff(cols) > gap * height)
    out = []
    start = 0
    for c in [*cuts, len(cols) - 1]:
        x0, x1 = int(cols[start]), int(cols[c]) + 1
        piece = ink[y0:y1, x0:x1]
        if (piece > 0).sum() >= max(12, height):  # a speck is no text
            out.append((x0, y0, x1, y1))
        start = c + 1
    return out


def recognise(gray: np.ndarray, boxes: list[tuple[int, int, int, int]], scale: float,
              offset: tuple[int, int] = (0, 0)) -> list[OcrWord]:
    """Recognise each box of a grayscale image: words in PDF points (`scale` points a pixel, boxes relative
    to `offset` in the page); empty results are dropped."""
    if not boxes:
        return []
    crops = []
    for x0, y0, x1, y1 in boxes:
        crop = gray[y0:y1, x0:x1]
        crop = cv2.copyMakeBorder(crop, _PAD, _PAD, _PAD, _PAD, cv2.BORDER_CONSTANT, value=255)
        crops.append(cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR))
    results, _ = engine().text_rec(crops)
    ox, oy = offset
    words = []
    for (x0, y0, x1, y1), (text, conf) in zip(boxes, results):
        text = fix_glyphs(text.strip())
        if not text:
            continue
        size = (y1 - y0) * scale
        words.append(OcrWord(text, (x0 + ox) * scale, (x1 + ox) * scale, (y0 + oy) * scale, (y1 + oy) * scale,
                             size, float(conf)))
    return words
