"""OCR of scanned pages (extractors/read_scan.py, extractors/ocr/): the value mends and label snaps on strings
written here, the trust review of an OCR'd grid made by hand, the error without the extra, no OCR library
loaded for a text PDF; slow: a scan the test makes of two pages of the fixture PDF read like those pages of
the text PDF, and the example scan s6 scored against its gold."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from extractors.engine import extract_grid
from extractors.errors import InputError
from extractors.grid import Cell, Source, Table, Text
from extractors.ocr import OcrOptions, ocr_available
from extractors.ocr.trust import OcrGrid
from extractors.values import mend_ocr, parse_value
from extractors.vocab import snap_to_vocabulary
from tests.helpers import ROOT, row_fields, row_key

FIXTURE = ROOT / "tests" / "data" / "fixtures" / "001_163e4aab9eba8502.s1.pdf"
SHARED = next((d for d in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if (d / "tools").is_dir()), None)
needs_ocr = pytest.mark.skipif(not ocr_available(), reason="the OCR extra is not installed (pip install -e '.[ocr]')")


# --- the value grammar's OCR mends, one test each -----------------------------------------------------------

def test_mend_fullwidth_greater_equal():
    text, note = mend_ocr("＞=95%")
    assert text == "≥95%" and parse_value(text).comparator == "≥" and "＞=" in note


def test_mend_leading_two_read_for_greater_equal():
    text, note = mend_ocr("295%")
    assert text == "≥95%" and "2" in note
    assert mend_ocr("25%") is None and mend_ocr("≥2G") is None  # values that parse are left alone


def test_mend_percent_read_as_96():
    assert mend_ocr("9596")[0] == "95%"
    assert mend_ocr("=10096")[0] == "=100%"
    assert mend_ocr("≥9096")[0] == "≥90%"
    assert mend_ocr("96") is None  # nothing before the 96: not a percentage


def test_mend_letter_o_read_for_zero():
    assert mend_ocr("O")[0] == "0"
    assert mend_ocr("1O0%")[0] == "100%"
    assert mend_ocr("≥9O%")[0] == "≥90%"
    assert mend_ocr("OA系统") is None and mend_ocr("提升") is None  # words stay words


def test_labels_and_basis_one_character_off_snap_to_the_framework():
    assert snap_to_vocabulary("产出指际") == "产出指标"
    assert snap_to_vocabulary("社会效益指林") == "社会效益指标"
    assert snap_to_vocabulary("服务对象满意度指际") == "服务对象满意度指标"
    assert snap_to_vocabulary("计划标淮") == "计划标准"
    assert snap_to_vocabulary("产出指标") is None  # already a label
    assert snap_to_vocabulary("招商引资签约金额") is None  # far from every label


@needs_ocr
def test_marks_beside_a_chinese_line_read_with_low_probability_are_dropped():
    from extractors.ocr.recognize import _trim_marks

    def trim(text: str, probs: list[float]) -> str:
        return "".join(_trim_marks(list(text), probs)[0])

    assert trim("信息化项目维护ANTZ", [1.0] * 7 + [0.3, 0.2, 0.4, 0.5]) == "信息化项目维护"
    assert trim("D信息化", [0.2, 1.0, 1.0, 1.0]) == "信息化"
    assert trim("90亿元", [0.3, 0.4, 1.0, 1.0]) == "90亿元"  # digits are a number, not a mark
    assert trim("长期目标1", [1.0] * 4 + [0.3]) == "长期目标1"
    assert trim("系统OA", [1.0, 1.0, 0.9, 0.95]) == "系统OA"  # read with confidence: printed


# --- the trust review on a grid made by hand ------------------------------------------------------------------

def _hand_grid() -> OcrGrid:
    src = Source("scan.pdf", page=1, bbox=(0, 0, 10, 10))
    header = ["一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"]
    rows = [header, ["产出指际", "数量指标", "培训人次", "1O0人", "计划标准"],
            ["", "质量指标", "验收合格率", "≥95%", "计划标淮"]]
    cells = [Cell(t, r, c, source=src, confidence=1.0) for r, row in enumerate(rows) for c, t in enumerate(row) if t]
    cells[6].rowspan = 2  # 产出指际 covers both rows
    grid = OcrGrid("scan.pdf", [Text("表11 部门整体支出绩效目标表", src), Text("长期目标1：做好培训。", src),
                                Table(cells, 3, 5, src)])
    value = next(c for c in cells if c.text == "1O0人")
    value.text, value.confidence = "100人", 0.62
    grid.mends[id(value)] = mend_ocr("1O0人")[1]
    return grid


def test_review_flags_low_confidence_rows_notes_mends_and_snaps_labels():
    records, _ = extract_grid(_hand_grid(), "scan", "pdf")
    rows = {r["name"]: r for r in records if r["type"] == "indicator"}
    first, second = rows["培训人次"], rows["验收合格率"]
    assert first["target"] == "100人" and first["ocr_low_confidence"] is True and first["ocr_confidence"] == 0.62
    assert any("OCR修正" in n and "1O0人" in n for n in first["notes"])
    assert any("置信度低" in n for n in first["notes"])
    assert first["level1"] == "产出指标" and first["level1_concept"] == "产出指标"
    assert second["ocr_low_confidence"] is False and second["basis"] == "计划标准" and second["level1"] == "产出指标"
    assert any("计划标淮" in n for n in second["notes"])


def test_other_readers_leave_confidence_none():
    assert Cell("x", 0, 0).confidence is None


# --- without the extra, and never -------------------------------------------------------------------------------

def _blank_pdf(path: Path) -> Path:
    from PIL import Image

    Image.new("L", (400, 300), 255).save(path, "PDF", resolution=72)
    return path


def test_a_scan_without_the_extra_gets_todays_error_and_the_install_command(tmp_path, monkeypatch):
    import extractors.ocr as ocr
    import extractors.read_scan as read_scan
    from extractors.engine import extract_document

    monkeypatch.setattr(ocr, "ocr_available", lambda: False)
    monkeypatch.setattr(read_scan, "ocr_available", lambda: False)
    pdf = _blank_pdf(tmp_path / "scan.pdf")
    with pytest.raises(InputError, match=r"没有文本层.*pip install -e '\.\[ocr\]'"):
        extract_document(pdf)
    with pytest.raises(InputError) as never:
        extract_document(pdf, ocr=OcrOptions("never"))
    assert "没有文本层" in str(never.value) and "[ocr]" not in str(never.value)


@pytest.mark.slow
def test_a_text_pdf_loads_no_ocr_library():
    code = ("import sys; from extractors import extract_document; extract_document(sys.argv[1]); "
            "print([m for m in ('cv2', 'rapidocr_onnxruntime', 'onnxruntime', 'onnx', 'pypdfium2') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code, str(FIXTURE)], capture_output=True, text=True, cwd=ROOT, check=True)
    loaded = out.stdout.strip()
    assert "cv2" not in loaded and "rapidocr" not in loaded and "onnx" not in loaded, loaded


# --- slow: scans read like the text they were made from ---------------------------------------------------------

def _scan_of(pdf: Path, pages: list[int], out: Path, angle: float = 0.3) -> Path:
    """Pages of a text PDF as a scan would give them: 200 dpi grayscale, turned by `angle`°, paper noise, a
    stamp-like blot, wrapped into a PDF without text."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    rng = np.random.default_rng(7)
    doc = pdfium.PdfDocument(str(pdf))
    images = []
    for n in pages:
        img = doc[n - 1].render(scale=200 / 72, grayscale=True).to_pil().convert("L")
        img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
        a = np.asarray(img, dtype=np.int16) + rng.normal(0, 12, (img.height, img.width)).astype(np.int16)
        img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
        stamp = Image.new("L", img.size, 0)
        d = ImageDraw.Draw(stamp)
        cx, cy, r = int(img.width * 0.8), int(img.height * 0.12), 110
        d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=150, width=9)
        d.regular_polygon((cx, cy, 35), 5, fill=150)
        img = Image.composite(Image.new("L", img.size, 120), img, stamp)
        images.append(img)
    doc.close()
    images[0].save(out, "PDF", resolution=200, save_all=True, append_images=images[1:])
    return out


def _text_pages(pdf: Path, pages: list[int], out: Path) -> Path:
    import pypdfium2 as pdfium

    src, dst = pdfium.PdfDocument(str(pdf)), pdfium.PdfDocument.new()
    dst.import_pages(src, [n - 1 for n in pages])
    dst.save(str(out))
    src.close()
    dst.close()
    return out


def _assert_reads_like(scan: list[dict], text: list[dict]) -> None:
    """The scan's indicator rows (at least 15) and project fields are the text PDF's."""
    want = {row_key(r): row_fields(r) for r in text if r["type"] == "indicator"}
    got = {row_key(r): row_fields(r) for r in scan if r["type"] == "indicator"}
    assert len(want) >= 15 and got == want
    fields = ("project", "code", "total_budget", "year_budget", "start_year", "end_year")
    assert [tuple(r[f] for f in fields) for r in scan if r["type"] == "project"] == \
           [tuple(r[f] for f in fields) for r in text if r["type"] == "project"]


@pytest.mark.slow
@needs_ocr
def test_a_rotated_noisy_stamped_scan_reads_like_the_text_pdf(tmp_path):
    from extractors.engine import extract_document

    pages = [10, 11]  # a project's form, its long-term table and the start of its annual table
    text, _ = extract_document(_text_pages(FIXTURE, pages, tmp_path / "text.pdf"))
    scan, _ = extract_document(_scan_of(FIXTURE, pages, tmp_path / "scan.pdf"), ocr=OcrOptions(jobs=2))
    _assert_reads_like(scan, text)
    assert {r["layout"] for r in scan if r["type"] == "project"} == {"pdf"}
    assert all("ocr_low_confidence" in r for r in scan if r["type"] == "indicator")


@pytest.mark.slow
@needs_ocr
def test_a_scan_with_a_red_seal_over_the_project_name_reads_like_the_text_pdf(tmp_path):
    """The seal of benchmarks/scan_maker.py (ring, star, ring text; its ink multiplied over the print) stamped on
    the cell of the project's name, colour JPEG pages: its red ink is taken out before the page is read."""
    from benchmarks.scan_maker import ScanStyle, scan_of
    from extractors.engine import extract_document

    pages = [10, 11]
    text, _ = extract_document(_text_pages(FIXTURE, pages, tmp_path / "text.pdf"))
    scan, _ = extract_document(scan_of(FIXTURE, tmp_path / "scan.pdf", ScanStyle(seal="name", seed=5), pages))
    _assert_reads_like(scan, text)


@needs_ocr
def test_red_seal_ink_is_taken_out_and_the_print_under_it_kept():
    import cv2
    import numpy as np

    from extractors.ocr.pages import without_seal_ink

    page = np.full((300, 400, 3), 245.0)  # paper (BGR)
    page[140:160, 10:390] = 20  # a black bar of print
    ring = np.zeros((300, 400), dtype=np.uint8)
    cv2.circle(ring, (200, 150), 110, 255, 9)  # a seal's red ring (told from red print by its shape) across it
    seal = np.ones((300, 400, 3))
    seal[ring > 0] = (50 / 255, 40 / 255, 220 / 255)  # its ink (BGR) multiplied over the page
    scan = (page * seal).astype(np.uint8)
    gray = without_seal_ink(scan)
    assert gray[40, 200] >= 240 and gray[260, 200] >= 240  # the seal's stroke on paper is paper
    assert gray[150, 90] <= 40 and gray[150, 200] <= 40  # the print under the seal and beside it stays dark
    assert gray[5, 20] == scan[5, 20, 0]  # paper outside the seal as it was
    plain = np.repeat(np.arange(0, 250, 5, dtype=np.uint8)[None, :, None], 3, axis=2)  # a gray ramp: nothing red
    assert (without_seal_ink(plain) == plain[..., 0]).all()
    from extractors.ocr.pages import seal_ink

    _, where = seal_ink(scan)  # where the seal was, for the reader to flag the rows it covered
    assert where is not None and where[40, 200] and where[260, 200] and not where[5, 20] and not where[150, 200]
    assert seal_ink(plain)[1] is None


@pytest.mark.slow
@needs_ocr
@pytest.mark.skipif(SHARED is None, reason="the shared fixtures (../shared) are not beside this checkout")
def test_the_example_scan_s6_against_its_gold(tmp_path):
    scan = SHARED / "fixtures" / "templates" / "001_163e4aab9eba8502.s6.pdf"
    out = tmp_path / "s6.jsonl"
    from tests.helpers import run_pikg

    done = run_pikg("extract", str(scan), "-o", str(out), "-q", "--jobs", "2")
    assert out.exists(), done.stderr.decode()
    gold = tmp_path / "gold"  # this document's gold alone, so that the headline is its own
    gold.mkdir()
    for f in (SHARED / "fixtures" / "templates" / "gold").glob("001_163e4aab9eba8502.s6.*.jsonl"):
        (gold / f.name).write_bytes(f.read_bytes())
    score = subprocess.run([sys.executable, str(SHARED / "tools" / "score_extraction.py"), "--gold",
                            str(gold), "--pred", str(out)],
                           capture_output=True, text=True, check=True).stdout
    exact, gold = map(int, re.search(r"indicator rows exact: (\d+)/(\d+)", score).groups())
    assert exact / gold >= 0.97, score
    for kind in ("goals", "projects"):
        m = re.search(rf"^{kind}: gold (\d+), pred \d+, matched (\d+)", score, re.M)
        assert m and int(m.group(2)) / int(m.group(1)) >= 0.95, score
    flagged = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert all("ocr_confidence" in r for r in flagged if r["type"] == "indicator")


# --- tables from a scan's rules, written here ------------------------------------------------------------------

def _rule(horizontal: bool, pos: float, lo: float, hi: float):
    from extractors.read_pdf import Rule

    return Rule(horizontal, pos, lo, hi)


def _full_table(top: float) -> list:
    """Three horizontal and four vertical rules: a table from `top` down 120 points."""
    return [_rule(True, top + k * 60, 50, 500) for k in range(3)] + [_rule(False, x, top, top + 120) for x in (50, 200, 350, 500)]


def test_a_table_piece_cut_by_the_page_break_at_the_top_is_a_table():
    from extractors.read_scan import table_groups

    cut = [_rule(True, 100, 50, 500)] + [_rule(False, x, 20, 100) for x in (50, 200, 350, 500)]  # open upwards
    groups = table_groups(cut + _full_table(150))
    assert len(groups) == 2 and any(sum(r.horizontal for r in g) == 1 for g in groups)
    hanging = [_rule(True, 100, 50, 500)] + [_rule(False, x, 100, 130) for x in (50, 200, 350, 500)]  # runs down, not to the break
    assert len(table_groups(hanging + _full_table(150))) == 1
    middle = [_rule(True, 330, 50, 500)] + [_rule(False, x, 300, 330) for x in (50, 200, 350, 500)]  # between two tables
    assert len(table_groups(_full_table(100) + middle + _full_table(400))) == 2


@needs_ocr
def test_a_seal_ring_in_gray_gives_no_ruling_line():
    import cv2
    import numpy as np

    from extractors.ocr.cells import page_rules
    from extractors.ocr.pages import PageImage

    gray = np.full((800, 1200), 245, dtype=np.uint8)
    for y in (200, 300, 400, 500):
        gray[y:y + 2, 100:1100] = 30  # the table's rules, in the print's ink
    for x in (100, 400, 700, 1100):
        gray[200:502, x:x + 2] = 30
    cv2.circle(gray, (600, 300), 180, 110, 8)  # a seal's ring, lighter than the print
    rules, _ = page_rules(PageImage(1, gray, 200.0))
    at = lambda px: px * 72 / 200  # noqa: E731
    assert sorted(round(r.pos) for r in rules if r.horizontal) == [round(at(y + 1)) for y in (200, 300, 400, 500)]
    assert sorted(round(r.pos) for r in rules if not r.horizontal) == [round(at(x + 1)) for x in (100, 400, 700, 1100)]


@needs_ocr
def test_thin_pale_rules_beside_dark_vertical_rules_are_rules_and_a_seal_ring_still_none():
    """Thin horizontal rules print paler (gray 60) than a page's many dark vertical rules (gray 5), which set the
    median: a piece no lighter than the palest rule a quarter of the page long is print; the seal's ring
    (gray 110) is still no rule."""
    import cv2
    import numpy as np

    from extractors.ocr.cells import page_rules
    from extractors.ocr.pages import PageImage

    gray = np.full((800, 1200), 245, dtype=np.uint8)
    for y in (200, 300, 400, 500):
        gray[y:y + 2, 100:1100] = 60
    for x in range(100, 1101, 100):
        gray[200:502, x:x + 2] = 5
    gray[250:252, 100:300] = 60  # a short rule of a merged cell, as pale as the long ones
    cv2.circle(gray, (600, 300), 180, 110, 8)
    rules, _ = page_rules(PageImage(1, gray, 200.0))
    at = lambda px: px * 72 / 200  # noqa: E731
    assert sorted(round(r.pos) for r in rules if r.horizontal) == [round(at(y + 1)) for y in (200, 250, 300, 400, 500)]
    assert sorted(round(r.pos) for r in rules if not r.horizontal) == [round(at(x + 1)) for x in range(100, 1101, 100)]


@pytest.mark.slow
@needs_ocr
def test_killing_an_ocr_extract_kills_its_page_workers(tmp_path):
    from benchmarks.scan_maker import ScanStyle, scan_of
    from tests.helpers.serve import kill_leaves_no_workers

    scan = scan_of(FIXTURE, tmp_path / "scan.pdf", ScanStyle(seal=None), [9, 10, 11, 12])
    proc = subprocess.Popen([sys.executable, str(ROOT / "pikg.py"), "extract", str(scan), "-o", str(tmp_path / "out.jsonl"),
                             "--jobs", "2", "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kill_leaves_no_workers(proc, "OCR page workers")
