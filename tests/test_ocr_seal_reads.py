"""Lines under a gray seal are read twice (read_scan._softer_reads): from the page without the seal and from
the page with only its ring and star lifted; the more confident reading is kept, but not a shorter one. A stub recogniser stands in
for the model: it reads a crop by its gray, as told here."""
from __future__ import annotations

import numpy as np
import pytest

from extractors.ocr import ocr_available

pytestmark = pytest.mark.skipif(not ocr_available(), reason="the OCR extra is not installed (pip install -e '.[ocr]')")


def _stub(readings: dict[int, tuple[str, float]]):
    """A recogniser reading each crop by its darkest gray (rounded to tens), as `readings` says."""
    def run(crops):
        return [(*readings[int(c.min()) // 10 * 10], None) for c in crops]
    return run


def test_a_line_under_a_seal_keeps_the_more_confident_of_its_two_readings(monkeypatch):
    from extractors.ocr import recognize
    from extractors.ocr.pages import PageImage
    from extractors.read_scan import _softer_reads

    gray = np.full((130, 200), 255, dtype=np.uint8)
    soft = gray.copy()
    gray[20:30, 20:80] = 100  # the code line: its letters' lift took a T's thin bar (1 read, even surely) …
    soft[20:30, 20:80] = 50  # … which the soft page kept: one character differs, and that reading is sure
    gray[60:70, 20:80] = 120  # the name line: the soft page's seal letter spoils it
    soft[60:70, 20:80] = 70
    gray[40:50, 20:80] = 160  # a line whose letter, left in, makes the soft reading drop a character
    soft[40:50, 20:80] = 30
    gray[20:30, 84:88] = 110  # a value whose thin ≥ the letters' rule lifted: read confidently without it
    soft[20:30, 84:88] = 80
    gray[80:90, 20:80] = 170  # a label whose seal letter's stub, lifted badly, is read as a mark at its end
    soft[80:90, 20:80] = 65
    gray[100:110, 20:80] = 180  # a name whose soft reading, a seal letter left in, is sure and one character off
    soft[100:110, 20:80] = 205
    gray[60:70, 120:180] = 140  # a line off the seal: read once
    soft[60:70, 120:180] = 90
    gray[20:30, 130:160] = soft[20:30, 130:160] = 130  # a value whose ≥ went whole with the letters: its box …
    soft[20:30, 118:126] = 40  # … found without it, so the line is read again widened within its cell
    seal = np.zeros(gray.shape, dtype=bool)
    seal[10:115, 10:90] = True
    seal[15:35, 110:170] = True
    page = PageImage(1, gray, 200.0, seal=seal, soft=soft)
    readings = {100: ("420105T0681", 0.998), 50: ("420105T068T", 0.97), 120: ("社区照明经费", 0.99),
                70: ("社区照朋经费", 0.90), 140: ("满意度", 0.97), 90: ("不该读到", 0.999),
                160: ("临聘人员劳务保障经费", 0.93), 30: ("临聘人员劳务障经费", 0.99), 110: ("99%", 0.998),
                80: ("≥99%", 0.78), 130: ("90%", 0.999), 40: ("≥90%", 0.8), 170: ("项目名称！", 0.95),
                60: ("项目名称", 0.99), 180: ("数据治理服务", 0.97), 200: ("数据流理服务", 0.99)}
    monkeypatch.setattr(recognize, "engine", lambda: _stub(readings))
    boxes = [(18, 18, 82, 32), (18, 58, 82, 72), (118, 58, 182, 72), (18, 38, 82, 52), (83, 18, 89, 32),
             (130, 18, 160, 32), (18, 78, 82, 92), (18, 98, 82, 112)]
    words = recognize.recognise(gray, boxes, page.scale)
    assert [w.text for w in words] == ["420105T0681", "社区照明经费", "满意度", "临聘人员劳务保障经费", "99%", "90%",
                                       "项目名称！", "数据治理服务"]
    rooms = [(18, 82), (18, 82), None, (18, 82), (83, 89), (100, 170), (18, 82), (18, 82)]
    kept = _softer_reads(page, np.zeros(gray.shape, dtype=np.uint8), boxes, rooms, words)
    assert [(w.text, round(w.conf, 2)) for w in kept] == [("420105T068T", 0.97), ("社区照明经费", 0.99), ("满意度", 0.97),
                                                          ("临聘人员劳务保障经费", 0.93),  # never a shorter reading
                                                          ("≥99%", 0.78),  # the sign the letters' rule lifted
                                                          ("≥90%", 0.8), ("项目名称", 0.99),  # shorter by a mark
                                                          ("数据治理服务", 0.97)]  # one Chinese character off: kept
    assert [(w.x0, w.x1) for w in kept] == [(w.x0, w.x1) for w in words]  # each in its line's place
    # a second reading taken says both readings; a first reading kept says nothing
    assert "印章下两次识别为“420105T0681”“420105T068T”，取“420105T068T”" in kept[0].mended
    assert "“99%”“≥99%”" in kept[4].mended
    assert not any("两次识别" in (w.mended or "") for w in (kept[1], kept[2], kept[3], kept[7]))


def test_a_line_under_a_seal_is_read_again_in_its_own_box_too(monkeypatch):
    """Widened, the soft page's crop takes a seal letter's piece beside the line, which spoils its reading
    (4G read 46 again); read in its own box the line is read right, and that more confident reading is kept."""
    from extractors.ocr import recognize
    from extractors.ocr.pages import PageImage
    from extractors.read_scan import _softer_reads

    gray = np.full((60, 200), 255, dtype=np.uint8)
    soft = gray.copy()
    gray[20:30, 60:80] = 190  # the code: its G's bar went with the letters (read 46)
    soft[20:30, 60:80] = 210  # the soft page keeps it …
    soft[20:30, 50:54] = 20  # … and a seal letter's piece beside the line, inside the widened box
    gray[40:50, 120:140] = 150  # a line whose own box gives nothing better: its first reading stays
    soft[40:50, 120:140] = 170
    seal = np.zeros(gray.shape, dtype=bool)
    seal[10:55, 40:150] = True
    page = PageImage(1, gray, 200.0, seal=seal, soft=soft)
    readings = {190: ("46", 0.81), 210: ("4G", 0.93), 20: ("46", 0.82), 150: ("7", 0.9), 170: ("1", 0.85)}
    monkeypatch.setattr(recognize, "engine", lambda: _stub(readings))
    boxes = [(58, 18, 82, 32), (118, 38, 142, 52)]
    words = recognize.recognise(gray, boxes, page.scale)
    kept = _softer_reads(page, np.zeros(gray.shape, dtype=np.uint8), boxes, [(40, 100), (100, 160)], words)
    assert [(w.text, round(w.conf, 2)) for w in kept] == [("4G", 0.93), ("7", 0.9)]
    assert "“46”“4G”，取“4G”" in kept[0].mended
