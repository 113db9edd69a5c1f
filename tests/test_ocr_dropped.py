"""The recogniser's CTC decoding notes a character it nearly read and dropped (a blank frame that gives a
character some probability): the line then carries a note, which flags its row. Probability frames here are
written by hand; no model is loaded."""
from __future__ import annotations

import numpy as np
import pytest

from extractors.ocr import ocr_available

pytestmark = pytest.mark.skipif(not ocr_available(), reason="the OCR extra is not installed (pip install -e '.[ocr]')")

CHARS = ["blank", "2", "0", "年", "丶", "-", "≥", "%", ".", " "]


def _frames(*frames: dict[str, float]) -> np.ndarray:
    """One row per frame: the given characters' probabilities, the rest of the mass on the blank."""
    p = np.zeros((len(frames), len(CHARS)), dtype=np.float32)
    for t, f in enumerate(frames):
        for ch, q in f.items():
            p[t, CHARS.index(ch)] = q
        p[t, 0] = 1.0 - sum(f.values())
    return p


def _decode(p: np.ndarray):
    from extractors.ocr.recognize import Recogniser

    return Recogniser(session=None, chars=CHARS)._decode(p)


def test_a_comparator_nearly_read_before_the_number_is_noted():
    text, conf, note = _decode(_frames({"≥": 0.3}, {}, {"2": 0.99}, {}, {"0": 0.98}, {"%": 0.97}))
    assert text == "20%" and conf > 0.97  # the line reads well: only the dropped frame tells
    assert note == "OCR提示：本格可能漏识一个字符“≥”（识别概率0.30，未采用），请人工核对"


def test_a_list_comma_nearly_read_is_noted_as_the_comma():
    text, _, note = _decode(_frames({"年": 0.99}, {}, {"丶": 0.2}, {}, {"2": 0.99}))
    assert text == "年2" and "“、”" in note


def test_a_characters_own_tail_a_space_or_a_faint_frame_is_no_dropped_character():
    # the frame after a kept 2 that still gives 2 some probability is that 2's tail
    assert _decode(_frames({"2": 0.99}, {"2": 0.4}, {}, {"0": 0.99}))[2] is None
    assert _decode(_frames({"2": 0.99}, {" ": 0.4}, {"0": 0.99}))[2] is None  # a space between words
    assert _decode(_frames({"2": 0.99}, {"-": 0.05}, {"0": 0.99}))[2] is None  # too faint to mean anything
    assert _decode(_frames({"2": 0.99}, {}, {"0": 0.99}))[2] is None
    # a dot needs more: a speck of paper noise looks like one
    assert _decode(_frames({"2": 0.99}, {".": 0.15}, {"0": 0.99}))[2] is None
    assert "“.”" in _decode(_frames({"2": 0.99}, {".": 0.25}, {"0": 0.99}))[2]


def test_the_thin_bars_of_an_equals_sign_are_one_text_line():
    from extractors.ocr.recognize import text_lines

    ink = np.zeros((40, 60), dtype=np.uint8)
    ink[15:17, 20:34] = 255  # = printed with bars two pixels thick, four apart: each bar alone is a speck
    ink[21:23, 20:34] = 255
    assert [(x0, y0, x1, y1) for x0, y0, x1, y1 in text_lines(ink, gap=4.0)] == [(17, 13, 37, 25)]
    speck = np.zeros((40, 60), dtype=np.uint8)
    speck[15:17, 20:34] = 255  # one thin bar is still no line
    assert text_lines(speck, gap=4.0) == []
    line = np.zeros((40, 60), dtype=np.uint8)
    line[5:6, 10:50] = 255  # a thin rule above a text line does not join it
    line[9:25, 10:50] = 255
    assert [(y0, y1) for _, y0, _, y1 in text_lines(line, gap=4.0)] == [(7, 27)]


def test_ink_read_as_nothing_is_a_word_without_text_and_a_note(monkeypatch):
    from extractors.ocr import recognize

    monkeypatch.setattr(recognize, "engine", lambda: lambda crops: [("", 0.4, None), ("95", 0.99, None)][:len(crops)])
    gray = np.full((40, 80), 255, dtype=np.uint8)
    words = recognize.recognise(gray, [(5, 5, 20, 20), (30, 5, 60, 20)], 0.36)
    assert [(w.text, w.conf, w.mended) for w in words] == [("", 0.0, recognize.UNREAD_NOTE), ("95", 0.99, None)]
    assert "未识别出文字" in recognize.UNREAD_NOTE
