"""Two dates printed over two lines of a cell (2024年1月- | 2024年12月): the dash at the first line's end, against
its crop's edge, is not read, so the reader looks for it in the line's ink (read_scan._dashed_dates)."""
from __future__ import annotations

import numpy as np
import pytest

from extractors.ocr import ocr_available

pytestmark = pytest.mark.skipif(not ocr_available(), reason="the OCR extra is not installed (pip install -e '.[ocr]')")


def _line(end: tuple[int, int, int, int] | None) -> np.ndarray:
    """A line's ink 30 pixels tall: three character-sized blocks and, at `end` (y0, y1, x0, x1), a last piece."""
    ink = np.zeros((30, 120), dtype=np.uint8)
    for x in (2, 30, 58):
        ink[2:28, x:x + 22] = 255
    if end is not None:
        y0, y1, x0, x1 = end
        ink[y0:y1, x0:x1] = 255
    return ink


def test_a_line_ends_in_a_dash_only_where_a_short_bar_sits_at_its_middle_after_the_text():
    from extractors.read_scan import ends_in_dash

    assert ends_in_dash(_line((14, 16, 86, 98)))  # a bar 12 wide, 2 thick, mid-height, after the text
    assert not ends_in_dash(_line(None))  # the text alone
    assert not ends_in_dash(_line((25, 27, 86, 98)))  # at the foot: an underscore or a comma's tail
    assert not ends_in_dash(_line((10, 20, 86, 98)))  # as thick as a character's stroke block: no dash
    assert not ends_in_dash(_line((14, 16, 86, 89)))  # a dot, not a bar
    assert not ends_in_dash(_line((14, 16, 86, 118)))  # a long rule, wider than the line is tall


def test_a_date_ending_a_line_above_a_date_gets_its_dash_and_a_note():
    from extractors.ocr.recognize import OcrWord
    from extractors.read_scan import _dashed_dates

    page = np.zeros((200, 300), dtype=np.uint8)
    page[10:40, 10:130] = _line((14, 16, 86, 98))
    page[50:80, 10:130] = _line(None)
    page[110:140, 10:130] = _line((14, 16, 86, 98))  # the same ink in a cell whose next line is no date
    page[150:180, 10:130] = _line(None)
    boxes = [(10, 10, 130, 40), (10, 50, 130, 80), (10, 110, 130, 140), (10, 150, 130, 180)]
    cell, other = (object(), (5, 4, 1, 1)), (object(), (6, 4, 1, 1))
    texts = ["2024年1月", "2024年12月", "2024年1月", "全年"]
    words = [OcrWord(t, 0, 1, 0, 1, 1.0) for t in texts]
    _dashed_dates(page, boxes, [cell, cell, other, other], words)
    assert [w.text for w in words] == ["2024年1月-", "2024年12月", "2024年1月", "全年"]
    assert "按“2024年1月-”读取" in words[0].mended and words[2].mended is None
    # no dash in the ink: nothing added, even between two dates
    words = [OcrWord(t, 0, 1, 0, 1, 1.0) for t in texts]
    _dashed_dates(np.zeros_like(page), boxes, [cell, cell, other, other], words)
    assert words[0].text == "2024年1月" and words[0].mended is None


def test_dashes_and_one_read_for_each_other_are_put_right_and_noted():
    from extractors.ocr.recognize import OcrWord
    from extractors.read_scan import _dash_misreads

    texts = ["—级指标", "2024年1月一2024年12月", "项目——附加说明", "一期工程", "—、", "≥95%"]
    words = [OcrWord(t, 0, 1, 0, 1, 1.0) for t in texts]
    _dash_misreads(words)
    assert [w.text for w in words] == ["一级指标", "2024年1月-2024年12月", "项目——附加说明", "一期工程", "—、", "≥95%"]
    assert "“—级指标”按“一级指标”读取" in words[0].mended
    assert [w.mended for w in words[2:]] == [None] * 4


def test_a_dash_printed_between_two_names_stays_a_dash():
    from extractors.ocr.recognize import OcrWord
    from extractors.read_scan import _dash_misreads

    words = [OcrWord(t, 0, 1, 0, 1, 1.0) for t in ("中国—东盟博览会参展补助", "—东盟", "—级项目名称", "—级")]
    _dash_misreads(words)
    assert [w.text for w in words] == ["中国—东盟博览会参展补助", "—东盟", "一级项目名称", "一级"]
    assert words[0].mended is None and words[1].mended is None


def test_a_dash_read_between_two_dates_stays_as_read():
    from extractors.ocr.recognize import OcrWord
    from extractors.read_scan import _dash_misreads

    words = [OcrWord("2024年1月—2024年12月", 0, 1, 0, 1, 1.0)]
    _dash_misreads(words)
    assert words[0].text == "2024年1月—2024年12月" and words[0].mended is None


def _two_date_lines(texts: tuple[str, str]) -> list:
    """Two OCR'd lines of one cell, one above the other, through read_scan._dashed_dates on a blank page."""
    from extractors.ocr.recognize import OcrWord
    from extractors.read_scan import _dashed_dates

    page = np.zeros((100, 300), dtype=np.uint8)
    boxes = [(10, 10, 130, 40), (10, 50, 130, 80)]
    cell = (object(), (5, 4, 1, 1))
    words = [OcrWord(t, 0, 1, 0, 1, 1.0) for t in texts]
    _dashed_dates(page, boxes, [cell, cell], words)
    return words


def test_a_month_read_with_one_at_a_line_end_above_a_date_ends_in_a_dash():
    words = _two_date_lines(("2024年1月一", "2024年12月"))
    assert [w.text for w in words] == ["2024年1月-", "2024年12月"] and "行末的“一”" in words[0].mended


def test_a_dash_read_at_a_line_end_above_a_date_stays_as_read():
    words = _two_date_lines(("2023年3月—", "2025年6月"))
    assert [w.text for w in words] == ["2023年3月—", "2025年6月"] and not words[0].mended
