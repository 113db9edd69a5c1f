"""Connected pieces' stats gathered over the mask's pixels (ocr.components) are OpenCV's; binarize drops the
specks it always did; a page's ink is made once and kept only where it is the ink of its gray (ocr.pages)."""
from __future__ import annotations

import numpy as np
import pytest

from extractors.ocr import ocr_available

needs_ocr = pytest.mark.skipif(not ocr_available(), reason="the OCR extra is not installed (pip install -e '.[ocr]')")


@needs_ocr
def test_components_match_opencvs_stats():
    import cv2

    from extractors.ocr.components import components

    rng = np.random.default_rng(11)
    masks = [np.zeros((9, 12), np.uint8), np.full((9, 12), 255, np.uint8),
             np.where(rng.random((60, 80)) < 0.3, 255, 0).astype(np.uint8)]
    one = np.zeros((9, 12), np.uint8)
    one[0, 11] = one[8, 0] = one[4, 4:9] = 255  # pieces at the corners and a bar
    masks.append(one)
    for mask in masks:
        n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        m, mine_labels, mine = components(mask)
        assert m == n and np.array_equal(mine_labels, labels) and np.array_equal(mine[1:], stats[1:])


@needs_ocr
def test_binarize_drops_specks_of_three_pixels_or_fewer():
    from extractors.ocr.pages import binarize

    gray = np.full((30, 40), 230, np.uint8)
    gray[2, 2] = 10  # one pixel
    gray[5, 5:8] = 10  # three in a row
    gray[10, 10] = gray[11, 11] = gray[12, 12] = 10  # three on a diagonal (8-connected)
    gray[20, 20:24] = 10  # four: kept
    gray[25:28, 30:36] = 10  # a stroke: kept
    ink = binarize(gray)
    assert ink[2, 2] == ink[5, 6] == ink[11, 11] == 0
    assert (ink[20, 20:24] == 255).all() and (ink[25:28, 30:36] == 255).all()


@needs_ocr
def test_a_page_keeps_its_ink_only_where_it_is_the_ink_of_its_gray(tmp_path):
    """A straight page keeps the ink found on the way (binarize of its gray); a turned page makes it anew."""
    from PIL import Image, ImageDraw

    from extractors.ocr.pages import binarize, load_page

    for angle, name in ((0.0, "straight.png"), (1.0, "turned.png")):
        img = Image.new("L", (1200, 900), 255)
        d = ImageDraw.Draw(img)
        for y in range(100, 800, 70):
            d.line((100, y, 1100, y), fill=0, width=3)
        for x in (100, 400, 1100):
            d.line((x, 100, x, 780), fill=0, width=3)
        img.rotate(angle, fillcolor=255).save(tmp_path / name, dpi=(200, 200))
        page = load_page(tmp_path / name, 1)
        assert (page.ink is None) == (angle != 0.0)
        assert np.array_equal(page.binarized(), binarize(page.gray))
