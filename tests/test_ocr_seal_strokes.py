"""A stroke a seal drew is no ruling line (extractors/ocr/cells.without_seal_strokes): a character's upright
lengthened by a seal letter over it is as long as a short rule and would split its cell in two. On rules drawn
here (one point a pixel): a piece touching seal ink that stops inside a cell, short of the rule it is headed
for, is dropped and its pixels given back to the text; a rule broken by faint toner, a table cut by a page
break, a piece crossing a rule and any piece away from seal ink are kept."""
from __future__ import annotations

import pytest

from extractors.ocr import ocr_available
from extractors.read_pdf import Rule

needs_ocr = pytest.mark.skipif(not ocr_available(), reason="the OCR extra is not installed (pip install -e '.[ocr]')")
pytestmark = needs_ocr
TOL = 2.0


def _form() -> list[Rule]:
    """A form of two rows (y 10–40, 40–70) and two columns (x 0–100, 100–300)."""
    return [Rule(True, y, 0.0, 300.0) for y in (10.0, 40.0, 70.0)] + [Rule(False, x, 10.0, 70.0) for x in (0.0, 100.0, 300.0)]


def _mask(rules: list[Rule]):
    """The line mask of the rules (255 on their pixels, a pixel either side)."""
    import numpy as np

    m = np.zeros((100, 320), dtype=np.uint8)
    for r in rules:
        p, lo, hi = int(r.pos), int(r.lo), int(r.hi)
        if r.horizontal:
            m[max(0, p - 1):p + 2, lo:hi + 1] = 255
        else:
            m[lo:hi + 1, max(0, p - 1):p + 2] = 255
    return m


def _seal_at(x0: int, x1: int, y0: int, y1: int):
    import numpy as np

    seal = np.zeros((100, 320), dtype=bool)
    seal[y0:y1, x0:x1] = True
    return seal


def _run(rules: list[Rule], seal):
    from extractors.ocr.cells import without_seal_strokes

    return without_seal_strokes(rules, _mask(rules), seal, 1.0, TOL)


def test_a_stroke_under_a_seal_that_stops_inside_its_cell_is_no_rule():
    stroke = Rule(False, 180.0, 10.0, 32.0)  # from the row's top rule down to 8 points short of its bottom rule
    rules = _form() + [stroke]
    kept, lines = _run(rules, _seal_at(176, 186, 12, 20))  # a seal letter over its top
    assert not any(r is stroke for r in kept) and len(kept) == len(rules) - 1
    assert not lines[16:32, 178:183].any()  # its pixels are the text's again …
    assert lines[10, 178:183].all() and lines[40, 150:250].all()  # … the rules' own stay in the mask


def test_the_same_stroke_away_from_seal_ink_is_kept():
    stroke = Rule(False, 180.0, 10.0, 32.0)
    rules = _form() + [stroke]
    kept, lines = _run(rules, _seal_at(250, 290, 50, 65))  # a seal elsewhere on the page
    assert any(r is stroke for r in kept)
    assert lines[14:32, 179:182].all()


def test_a_rule_broken_by_faint_toner_under_a_seal_is_kept():
    upper, lower = Rule(False, 180.0, 10.0, 30.0), Rule(False, 180.5, 33.0, 40.0)  # one line, a gap in it
    rules = _form() + [upper, lower]
    kept, _ = _run(rules, _seal_at(176, 186, 12, 38))
    assert any(r is upper for r in kept) and any(r is lower for r in kept)


def test_a_table_cut_by_a_page_break_keeps_its_open_rules_under_a_seal():
    cut = Rule(False, 180.0, 70.0, 88.0)  # running on past the last horizontal rule towards the break
    rules = _form() + [cut]
    kept, _ = _run(rules, _seal_at(176, 186, 72, 86))
    assert any(r is cut for r in kept)


def test_a_piece_crossing_a_rule_is_kept_under_a_seal():
    piece = Rule(False, 180.0, 10.0, 60.0)  # across the rule at 40, short of the one at 70
    rules = _form() + [piece]
    kept, _ = _run(rules, _seal_at(176, 186, 12, 58))
    assert any(r is piece for r in kept)


def test_a_horizontal_stroke_under_a_seal_that_stops_inside_its_cell_is_no_rule():
    stroke = Rule(True, 25.0, 100.0, 160.0)  # from the column's left rule, far short of the right one at 300
    rules = _form() + [stroke]
    kept, _ = _run(rules, _seal_at(140, 158, 22, 28))
    assert not any(r is stroke for r in kept)


def test_a_page_without_seal_ink_keeps_every_rule():
    stroke = Rule(False, 180.0, 10.0, 32.0)
    rules = _form() + [stroke]
    kept, lines = _run(rules, None)
    assert kept == rules


def test_a_piece_beside_the_table_under_a_seal_is_left_alone():
    above = Rule(False, 180.0, 0.0, 7.0)  # above the table's top rule (a seal's arc over a title): no cell to split
    rules = _form() + [above]
    kept, _ = _run(rules, _seal_at(176, 186, 0, 7))
    assert any(r is above for r in kept)


def test_a_rule_whose_end_a_seal_hides_is_kept():
    """A real rule whose end the seal hid (its ink over the gap to the rule it runs to, taken out with the seal)
    is kept: dropping it would join the two rows' cells it divides. A stroke whose gap the seal leaves open (a
    letter over its other end, or over part of the gap) is still dropped."""
    split = Rule(True, 55.0, 100.0, 260.0)  # splits the right column's second row; the table's edge is at 300
    rules = _form() + [split]
    kept, _ = _run(rules, _seal_at(240, 310, 45, 66))  # the seal over the table's right edge
    assert any(r is split for r in kept)
    kept, _ = _run(rules, _seal_at(240, 275, 45, 66))  # the seal over its end, most of the gap open: a stroke
    assert not any(r is split for r in kept)
