"""Connected pieces of a binary image with their boxes and areas, as OpenCV's connectedComponentsWithStats
gives them, at a fraction of its cost: its labelling is fast, but its stats pass over the whole image costs
several times the labelling, while the pieces' boxes and areas need only the mask's own pixels."""
from __future__ import annotations

import cv2
import numpy as np


def components(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """As cv2.connectedComponentsWithStats(mask, connectivity=8) — how many labels, the labels, each label's
    left, top, width, height and area (the background's row left zero) — but the stats gathered over the
    mask's pixels only: OpenCV's own stats pass over the whole image costs several times its labelling."""
    n, labels = cv2.connectedComponents(mask, connectivity=8)
    stats = np.zeros((n, 5), dtype=np.int32)
    xs, ys = ink_points(mask)
    if n <= 1 or len(xs) == 0:
        return n, labels, stats
    of = labels[ys, xs]
    lo, hi = np.iinfo(np.int32).max, -1
    x0, y0, x1, y1 = (np.full(n, v, dtype=np.int32) for v in (lo, lo, hi, hi))
    np.minimum.at(x0, of, xs)
    np.minimum.at(y0, of, ys)
    np.maximum.at(x1, of, xs)
    np.maximum.at(y1, of, ys)
    stats[1:] = np.stack([x0, y0, x1 - x0 + 1, y1 - y0 + 1, np.bincount(of, minlength=n)], axis=1)[1:]
    return n, labels, stats


def ink_points(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """x and y of a mask's non-zero pixels, row by row (cv2.findNonZero: several times numpy.nonzero's speed)."""
    pts = cv2.findNonZero(mask)
    if pts is None:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32)
    pts = pts.reshape(-1, 2)
    return pts[:, 0], pts[:, 1]
