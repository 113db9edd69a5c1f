"""Seals told by their shape (extractors/ocr/seals.py, ocr/pages.py): on pages drawn here, a seal scanned in
grayscale over a table is lifted to paper while the print under it stays dark; on a colour page the red seal
goes and red printed text (a heading, a value) stays; a page of print without a seal is left as it was; and
a table cell under a gray seal is read as printed."""
from __future__ import annotations

import math

import pytest

from extractors.ocr import ocr_available

needs_ocr = pytest.mark.skipif(not ocr_available(), reason="the OCR extra is not installed (pip install -e '.[ocr]')")
CJK_FONTS = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def _table_page(h: int = 700, w: int = 1000):
    """A gray page (paper 245) with a ruled table in black print and thin black 'text' in its cells."""
    import cv2
    import numpy as np

    page = np.full((h, w), 245, dtype=np.uint8)
    for y in (150, 250, 350, 450, 550):
        page[y:y + 2, 80:920] = 25
    for x in (80, 300, 920):
        page[150:552, x:x + 2] = 25
    for i, y in enumerate((210, 310, 410, 510)):
        cv2.putText(page, f"ITEM {i} 12.50", (330, y), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 25, 2, cv2.LINE_AA)
        cv2.putText(page, f"N{i}", (120, y), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 25, 2, cv2.LINE_AA)
    return page


def _seal_tint(shape, centre, radius: int):
    """A seal as a tint in 0..1 (1 no ink): a ring about 1 mm thick, a five-pointed star, small letters round the
    inside of the ring (a seal's curved text) — its ink to be multiplied over a page."""
    import cv2
    import numpy as np

    ink = np.zeros(shape, dtype=np.uint8)
    cx, cy = centre
    cv2.circle(ink, centre, radius, 255, 8)
    star = [(cx + radius / 3.5 * math.cos(math.radians(-90 + k * 144)), cy + radius / 3.5 * math.sin(math.radians(-90 + k * 144)))
            for k in range(5)]
    cv2.fillPoly(ink, [np.array(star, dtype=np.int32)], 255)
    cv2.fillPoly(ink, [np.array([star[k] for k in (0, 2, 4, 1, 3)], dtype=np.int32)], 255)
    for k in range(9):  # letters along an arc at 0.72 of the radius
        a = math.radians(200 + k * 17)
        x, y = int(cx + 0.72 * radius * math.cos(a)) - 9, int(cy + 0.72 * radius * math.sin(a)) + 9
        cv2.putText(ink, "AB"[k % 2], (x, y), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 255, 2, cv2.LINE_AA)
    return ink


@needs_ocr
def test_a_gray_seal_over_a_table_is_lifted_and_the_print_under_it_kept():
    import numpy as np

    from extractors.ocr.pages import binarize, without_seals
    from extractors.ocr.seals import find_seals

    page = _table_page().astype(np.float32)
    ink = _seal_tint(page.shape, (420, 300), 140) / 255.0
    scan = (page * (1 - ink * (1 - 100 / 255))).astype(np.uint8)  # the seal's gray 100 multiplied over the print
    seals = find_seals(binarize(scan), 200.0)
    assert len(seals) == 1 and abs(seals[0].cx - 420) < 8 and abs(seals[0].cy - 300) < 8 and abs(seals[0].a - 140) < 10
    gray, where = without_seals(scan, 200.0)
    ring_on_paper = (420, 300 - 140)  # the top of the ring, on paper below the table's first rule
    star = (420, 300)
    assert scan[ring_on_paper[1], ring_on_paper[0]] < 130 and gray[ring_on_paper[1], ring_on_paper[0]] >= 230
    assert scan[star[1], star[0]] < 130 and gray[star[1], star[0]] >= 230
    assert where is not None and where[star[1], star[0]] and not where[600, 900]
    # the rule under the ring stays black, and so do the rows' text under the star and the ring
    assert gray[250:252, 420 - 20:420 + 20].max() <= 60
    under = (ink > 0) & (page < 60)
    assert under.sum() > 200 and np.median(gray[under]) <= 60
    # no seal letter is left as ink: inside the ring, outside the table's own print, the page is paper
    inside = np.zeros(page.shape, dtype=bool)
    inside[300 - 130:300 + 130, 420 - 130:420 + 130] = True
    assert (binarize(gray)[inside & (page > 200)] > 0).mean() < 0.01


@needs_ocr
def test_red_printed_text_stays_and_a_red_seal_goes():
    import cv2
    import numpy as np

    from extractors.ocr.pages import without_seals

    page = np.full((700, 1000, 3), 245, dtype=np.uint8)  # BGR
    red = (40, 30, 210)
    cv2.putText(page, "2025 BUDGET TARGETS", (80, 100), cv2.FONT_HERSHEY_SIMPLEX, 1.6, red, 3, cv2.LINE_AA)  # a red heading
    cv2.putText(page, "98.5%", (80, 600), cv2.FONT_HERSHEY_SIMPLEX, 1.2, red, 2, cv2.LINE_AA)  # a red value
    cv2.putText(page, "ITEM 12.50", (560, 320), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (25, 25, 25), 2, cv2.LINE_AA)
    tint = _seal_tint(page.shape[:2], (650, 330), 130)[..., None] / 255.0
    scan = (page * (1 - tint * (1 - np.array([50, 40, 220]) / 255))).astype(np.uint8)  # red seal ink multiplied
    gray, where = without_seals(scan, 200.0)
    heading = np.zeros(page.shape[:2], dtype=bool)
    heading[60:110, 80:700] = True
    red_print = heading & (page[..., 2] > 150) & (page[..., 0] < 100)
    assert red_print.sum() > 500 and np.median(gray[red_print]) < 120  # the heading is read as ink
    value = np.zeros(page.shape[:2], dtype=bool)
    value[570:610, 80:300] = True
    assert np.median(gray[value & (page[..., 0] < 100)]) < 120
    seal = (tint[..., 0] > 0.5) & (page[..., 0] > 200)  # the seal on paper
    assert seal.sum() > 2000 and np.median(gray[seal]) >= 230
    black = (page[..., 0] < 60) & (tint[..., 0] > 0.5)  # black print under the seal
    assert black.sum() > 50 and np.median(gray[black]) <= 60
    assert where is not None and not where[red_print].any()


@needs_ocr
def test_a_page_without_a_seal_is_left_as_it_was():
    import cv2
    import numpy as np

    from extractors.ocr.pages import binarize, without_seals
    from extractors.ocr.seals import find_seals

    page = _table_page()
    cv2.putText(page, "TITLE OF THE TABLE", (200, 100), cv2.FONT_HERSHEY_DUPLEX, 1.8, 25, 4, cv2.LINE_AA)  # bold print
    cv2.circle(page, (850, 620), 30, 25, 2)  # a small thin circle of print (a bullet's ring)
    assert find_seals(binarize(page), 200.0) == []
    gray, where = without_seals(page, 200.0)
    assert where is None and (gray == page).all()


@pytest.mark.slow
@needs_ocr
@pytest.mark.skipif(not any(__import__("os").path.exists(f) for f in CJK_FONTS), reason="no CJK font to print with")
def test_a_cell_under_a_gray_seal_reads_as_printed(tmp_path):
    """A two-row form printed with a CJK font, a gray seal stamped over its value cells, saved as a PNG page:
    the OCR reader finds the table's cells and reads the text under the seal as printed."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    from extractors.read_pdf import PageTable
    from extractors.read_scan import SEAL_NOTE, ocr_page

    font = ImageFont.truetype(next(f for f in CJK_FONTS if __import__("os").path.exists(f)), 30)
    img = Image.new("L", (1200, 700), 245)
    d = ImageDraw.Draw(img)
    for y in (200, 280, 360):
        d.line((100, y, 1100, y), fill=20, width=2)
    for x in (100, 400, 1100):
        d.line((x, 200, x, 360), fill=20, width=2)
    d.text((140, 222), "项目名称", font=font, fill=20)
    d.text((430, 222), "城市道路维修养护经费", font=font, fill=20)
    d.text((140, 302), "项目编码", font=font, fill=20)
    d.text((430, 302), "420105250680", font=font, fill=20)
    page = np.asarray(img, dtype=np.float32)
    ink = _seal_tint(page.shape, (560, 270), 150) / 255.0
    scan = (page * (1 - ink * (1 - 105 / 255))).astype(np.uint8)
    Image.fromarray(scan).save(tmp_path / "page.png", dpi=(200, 200))
    items, _ = ocr_page(tmp_path / "page.png", 1)
    table = next(t for t in items.items if isinstance(t, PageTable))
    texts = {key[:2]: "".join(w.text for w in ws) for key, ws in table.words.items()}
    assert texts[(1, 1)] == "420105250680" and texts[(0, 0)] == "项目名称" and texts[(1, 0)] == "项目编码"
    # a seal letter that touches the print is left with it (print is never lifted pixel by pixel: it can be as
    # pale as the seal): the name is read whole, and its cell, under the seal, is marked for a reviewer
    name = next(ws for key, ws in table.words.items() if key[:2] == (0, 1))
    assert "城市道路维修养护经费" in [w.text for w in name]
    assert any(w.mended and SEAL_NOTE in w.mended for w in name)


@needs_ocr
def test_a_seal_nearly_as_dark_as_the_print_keeps_the_pale_print_under_its_letters():
    """A dark gray seal (its ring 70, scanner noise) over thin, pale print: the ring goes, but the seal's letters
    cannot be told from such print by their gray, so the print inside the ring stays ink."""
    import cv2
    import numpy as np

    from extractors.ocr.pages import binarize, without_seals

    page = np.full((700, 1000), 245, dtype=np.uint8)
    for i, y in enumerate((200, 250, 300, 350, 400, 450)):
        cv2.putText(page, f"A{i}B{i}C{i}D{i}E{i}F{i}G{i}", (200, y), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 45, 1, cv2.LINE_AA)
    ink = _seal_tint(page.shape, (420, 320), 150) / 255.0
    noise = np.random.default_rng(3).normal(0, 12, page.shape)
    scan = np.clip(page * (1 - ink * (1 - 70 / 255)) + noise, 0, 255).astype(np.uint8)
    gray, where = without_seals(scan, 200.0)
    ring = np.zeros(page.shape, dtype=np.uint8)
    cv2.circle(ring, (420, 320), 150, 1, 4)
    assert where is not None and np.median(gray[(ring > 0) & (page > 200)]) >= 220  # the ring is taken out
    inside = np.zeros(page.shape, dtype=np.uint8)
    cv2.circle(inside, (420, 320), 135, 1, -1)
    printed = (inside > 0) & (page < 120) & (ink == 0)  # the print inside the ring, off the seal's own ink
    assert printed.sum() > 1000 and (binarize(gray)[printed] > 0).mean() >= 0.9


@needs_ocr
def test_a_glyph_the_seal_regions_edge_crosses_is_no_seal_letter():
    """A print glyph half inside a seal's region — its dark stem outside, its thin pale bar inside — is one piece
    with a dark core, so it stays print; a pale piece wholly inside the region is the seal's letter."""
    import numpy as np

    from extractors.ocr.seals import _pieces

    gray = np.full((60, 80), 245, dtype=np.uint8)
    gray[30:50, 20:23] = 30  # the glyph's dark stem, below the region's edge (row 30)
    gray[26:30, 12:32] = 150  # its pale bar, inside the region
    gray[8:16, 50:60] = 150  # a pale letter of the seal, wholly inside
    ink = np.where(gray < 200, 255, 0).astype(np.uint8)
    within = np.zeros(gray.shape, dtype=bool)
    within[:30, :] = True
    pale = _pieces(gray, ink, darkest=100.0, quantile=5, within=within)
    assert not pale[26:30, 12:32].any() and not pale[30:50, 20:23].any()
    assert pale[8:16, 50:60].all()
    gray[16:20, 54:56] = 150  # the letter's pale tail out of the region: still the seal's
    within[16:, 40:] = False
    assert _pieces(gray, np.where(gray < 200, 255, 0).astype(np.uint8), 100.0, 5, within=within)[8:20, 54:56].all()
    cut = _pieces(gray, np.where(within, ink, 0).astype(np.uint8), darkest=100.0, quantile=5)
    assert cut[26:30, 12:32].all()  # cut at the region's edge, the bar alone looks like seal ink


@needs_ocr
def test_the_soft_page_lifts_only_a_gray_seals_ring_and_star_and_keeps_its_letters_and_thin_print():
    """Besides the page without the seal, seal_free gives the page with only the seal's ring and star lifted:
    its letters stay, and so does a print glyph's thin pale bar in the letters' band, which the letters' rule
    (pale ink off print's dark strokes) may lift with them."""
    import numpy as np

    from extractors.ocr.pages import seal_free

    page = np.full((700, 1000), 245, dtype=np.uint8)
    centre, radius = (500, 350), 150
    stem_x, bar_y = 500 - 15, 350 - 112  # a T inside the ring, in the band where the seal's letters run
    page[bar_y:bar_y + 40, stem_x:stem_x + 5] = 30  # its dark stem …
    page[bar_y:bar_y + 2, stem_x - 14:stem_x + 19] = 140  # … and its bar, thin and as pale as the seal
    tint = _seal_tint(page.shape, centre, radius)
    tint[bar_y - 6:bar_y + 46, stem_x - 20:stem_x + 25] = 0  # no seal letter touches the T
    scan = (page * (1 - tint / 255.0 * (1 - 110 / 255))).astype(np.uint8)
    gray, where, soft = seal_free(scan, 200.0)
    assert where is not None and soft is not None and soft.shape == gray.shape
    ys, xs = np.mgrid[:700, :1000]
    rho = np.hypot(xs - centre[0], ys - centre[1]) / radius
    ring = (tint > 0) & (rho > 0.97)
    assert ring.sum() > 1000 and np.median(soft[ring]) >= 230 and np.median(gray[ring]) >= 230  # ring lifted in both
    letters = (tint > 128) & (rho > 0.5) & (rho < 0.85)  # the letters' band, off the star and the ring
    assert letters.sum() > 300 and np.median(soft[letters]) < 150  # the letters stay in the soft page
    assert (soft[bar_y:bar_y + 2, stem_x - 14:stem_x + 19] < 180).all()  # the T's bar stays whole


@needs_ocr
def test_a_page_without_a_gray_seal_has_no_soft_page():
    from extractors.ocr.pages import seal_free

    assert seal_free(_table_page(), 200.0)[2] is None
