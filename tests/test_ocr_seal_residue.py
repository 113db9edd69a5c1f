"""A seal letter's piece read as Latin letters is no print (extractors/read_scan.is_seal_residue): under a seal,
a line of three characters or more with Latin letters, no Chinese character and no unit, read unsurely and well
short of the page's print, is left out of its cell's text (kept as unread ink, noted). On lines made here."""
from __future__ import annotations

import pytest

from extractors.ocr import ocr_available

pytestmark = pytest.mark.skipif(not ocr_available(), reason="the OCR extra is not installed (pip install -e '.[ocr]')")


def _line(text: str, conf: float, height: float):
    from extractors.ocr.recognize import OcrWord

    return OcrWord(text, 100.0, 120.0, 50.0, 50.0 + height, height, conf)


def test_the_print_height_is_that_of_the_lines_read_surely_with_chinese():
    from extractors.read_scan import print_line_height

    words = [_line("项目支出绩效", 0.99, 11.0), _line("年度目标", 0.98, 12.0), _line("合格", 0.97, 11.5),
             _line("QZX", 0.99, 4.0), _line("模糊", 0.5, 30.0)]  # no Chinese; read unsurely: not counted
    assert print_line_height(words) == 11.5
    assert print_line_height([_line("QZX", 0.99, 4.0)]) is None


def test_a_short_unsure_latin_line_under_a_seal_is_the_seals_residue():
    from extractors.read_scan import is_seal_residue

    assert is_seal_residue(_line("QZV", 0.45, 5.5), 11.0)  # a letter's stub: 5.5 of 11 points
    assert is_seal_residue(_line("3.kF", 0.5, 3.5), 11.0)
    assert not is_seal_residue(_line("QZV", 0.45, 8.0), 11.0)  # as tall as print's capitals: a line of print
    assert not is_seal_residue(_line("QZV", 0.8, 5.5), 11.0)  # read surely
    assert not is_seal_residue(_line("cm", 0.45, 5.5), 11.0)  # two letters: a short unit stays
    assert not is_seal_residue(_line("Mbps", 0.45, 5.5), 11.0)  # a unit
    assert not is_seal_residue(_line("个QZ", 0.45, 5.5), 11.0)  # a Chinese character: print
    assert not is_seal_residue(_line("0.5%", 0.45, 5.5), 11.0)  # no letter: a value's
    assert not is_seal_residue(_line("QZV", 0.45, 5.5), None)  # the page's print height unknown
