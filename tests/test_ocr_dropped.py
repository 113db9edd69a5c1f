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

    return Recogniser(session=None, chars=CHARS)._decode(p)[:3]


def test_each_character_keeps_its_probability_through_the_decoding():
    """One probability a character of the text read, a character put back (、) with its own, a mark trimmed
    from the end with its own: what the review weighs character by character."""
    from extractors.ocr.recognize import Recogniser, _chars_of

    text, conf, _, probs, _ = Recogniser(session=None, chars=CHARS)._decode(
        _frames({"年": 0.99}, {}, {"丶": 0.25}, {}, {"年": 0.95}))
    assert text == "年、年" and probs == pytest.approx((0.99, 0.25, 0.95)) and conf == pytest.approx(sum(probs) / 3)
    assert _chars_of(" 年年 ", "年年", (0.5, 0.9, 0.8, 0.5)) == (0.9, 0.8)  # the spaces stripped with theirs
    assert _chars_of("年年", "年年", None) is None and _chars_of("年年", "年年", (0.9,)) is None


def test_a_comparator_nearly_read_before_the_number_is_noted():
    text, conf, note = _decode(_frames({"≥": 0.15}, {}, {"2": 0.99}, {}, {"0": 0.98}, {"%": 0.97}))
    assert text == "20%" and conf > 0.97  # the line reads well: only the dropped frame tells
    assert note == "OCR提示：本格可能漏识一个字符“≥”（识别概率0.15，未采用），请人工核对"


def test_a_comparator_nearly_read_in_front_of_a_number_is_put_back_as_the_slanted_sign():
    text, conf, note = _decode(_frames({"≥": 0.3}, {}, {"2": 0.99}, {}, {"0": 0.98}, {"%": 0.97}))
    assert text == "≥20%" and conf < 0.9 and note == "OCR修正：数值前漏识的“≥”已补入（读作“≥”，识别概率0.30）"
    assert _decode(_frames({"-": 0.3}, {"2": 0.99}))[0] == "2"  # a hyphen is not a comparator: noted only
    text, _, note = _decode(_frames({"2": 0.99}, {"≥": 0.3}, {"0": 0.99}))  # inside the number: noted only
    assert text == "20" and "未采用" in note
    text, _, note = _decode(_frames({"≥": 0.3}, {"年": 0.99}))  # not before a digit: noted only
    assert text == "年" and "未采用" in note


def test_a_list_comma_nearly_read_is_noted_as_the_comma():
    text, _, note = _decode(_frames({"年": 0.99}, {}, {"丶": 0.15}, {}, {"2": 0.99}))
    assert text == "年2" and "“、”" in note and "未采用" in note


def test_a_list_comma_nearly_read_between_a_chinese_character_and_another_is_put_back_and_noted():
    text, conf, note = _decode(_frames({"年": 0.99}, {}, {"丶": 0.25}, {}, {"年": 0.99}))
    assert text == "年、年" and note == "OCR修正：两字之间漏识的顿号“、”已补入（识别概率0.25）"
    assert conf < 0.8  # the comma's own probability counts in the line's confidence: the row is flagged
    assert _decode(_frames({"年": 0.99}, {}, {"丶": 0.25}, {}, {"2": 0.99}))[0] == "年、2"
    # not after a digit, nor at either end of the line: noted only
    for frames in (({"2": 0.99}, {"丶": 0.3}, {"年": 0.99}), ({"丶": 0.3}, {"年": 0.99}), ({"年": 0.99}, {"丶": 0.3})):
        text, _, note = _decode(_frames(*frames))
        assert "、" not in text and "未采用" in note


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


def test_clean_paper_whitens_the_grain_and_keeps_the_print():
    from extractors.ocr.recognize import clean_paper

    rng = np.random.default_rng(5)
    crop = np.clip(rng.normal(240, 10, (30, 60)), 0, 255).astype(np.uint8)  # grainy paper
    crop[5:25, 10:13] = 60  # a thin 1
    crop[5:25, 30:40] = 20  # a character's stroke
    crop[14:16, 44:56] = 150  # a thin pale bar (a ≥'s stroke)
    out = clean_paper(crop)
    paper = np.ones(crop.shape, dtype=bool)
    paper[5:25, 10:13] = paper[5:25, 30:40] = paper[14:16, 44:56] = False
    assert (out[paper] >= 250).mean() > 0.97
    assert (out[~paper] == crop[~paper]).all()


def test_a_line_read_with_low_confidence_is_read_again_on_clean_paper(monkeypatch):
    """A stub recogniser reads a crop with grain as 人 (the thin 1 dropped), a clean one as 1人; a line read
    confidently is not read again, and a second reading that is less sure, or is not the first with characters
    added, is not taken."""
    from extractors.ocr import recognize

    def stub(crops):
        out = []
        for c in crops:
            clean = ((c > 180) & (c < 255)).mean() < 0.01  # no grain left
            kind = int(c[12, 12])  # what the line is, told by a pixel of its print
            if kind == 60:  # the 1人 cell
                out.append(("1人", 0.99, None) if clean else ("人", 0.72, None))
            elif kind == 61:  # a blot: the clean reading is no surer
                out.append(("*", 0.7, None) if clean else ("7", 0.3, None))
            elif kind == 62:  # a clean reading that drops a character
                out.append(("人", 0.99, None) if clean else ("1人", 0.8, None))
            elif kind == 63:  # a clean reading that changes one (a lone 0 read as o)
                out.append(("o", 0.95, None) if clean else ("0", 0.76, None))
            else:
                out.append(("满意度", 0.97, None) if not clean else ("不该读到", 0.999, None))
        return out

    monkeypatch.setattr(recognize, "engine", lambda: stub)
    rng = np.random.default_rng(1)
    gray = np.clip(rng.normal(240, 10, (40, 500)), 0, 254).astype(np.uint8)
    xs = (0, 100, 200, 300, 400)
    for k, x in enumerate(xs):
        gray[10:30, x + 10:x + 20] = (60, 61, 62, 20, 63)[k]
    words = recognize.recognise(gray, [(x + 2, 2, x + 90, 38) for x in xs], 0.36)
    assert [(w.text, w.conf) for w in words] == [("1人", 0.99), ("7", 0.3), ("1人", 0.8), ("满意度", 0.97), ("0", 0.76)]
    # the reading taken on clean paper adds a character to what the first one saw: said, so its row is checked
    assert words[0].mended == "OCR修正：去除纸纹后重读，“人”读作“1人”，请人工核对"
    assert [w.mended for w in words[1:]] == [None, None, None, None]


def test_each_character_keeps_its_runner_up():
    """A character's runner-up is the character its frame gave the next most probability — not the blank, nor
    the character read, nor one the reader reads as it (丶 for 、) — with that probability; a character put back
    has none; a mark trimmed from the end takes its own along."""
    from extractors.ocr.recognize import Recogniser

    rec = Recogniser(session=None, chars=CHARS)
    _, _, _, probs, alts = rec._decode(_frames({"年": 0.7, "2": 0.2}, {}, {"丶": 0.25}, {}, {"年": 0.9, "0": 0.05}))
    assert [a for a, _ in alts] == ["2", "", "0"] and [q for _, q in alts] == pytest.approx([0.2, 0.0, 0.05])
    _, _, _, _, alts = rec._decode(_frames({"年": 0.5, "%": 0.1}))
    assert alts[0][0] == "%" and alts[0][1] == pytest.approx(0.1)  # the blank (0.4) is no runner-up
    both = Recogniser(session=None, chars=[*CHARS, "、"])
    p = np.zeros((1, len(CHARS) + 1), dtype=np.float32)
    p[0, [len(CHARS), CHARS.index("丶"), CHARS.index("%"), 0]] = 0.6, 0.3, 0.05, 0.05
    assert both._decode(p)[4] == (("%", pytest.approx(0.05)),)  # 丶 is read as 、: no other character
