"""Folders given as input (`pikg extract DIR`, `pikg build DIR`) pick up images of table pages (read by OCR),
and leave them out with one message naming the extra when it is not installed."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.ocr import ocr_available


def _folder(tmp_path: Path) -> Path:
    d = tmp_path / "docs"
    (d / "sub").mkdir(parents=True)
    for name in ("a.txt", "b.PNG", "sub/c.jpeg", "sub/d.tif", "e.docx.bak"):
        (d / name).write_bytes(b"x")
    return d


def test_a_folder_stands_for_its_images_too(tmp_path, monkeypatch):
    import extractors.pool as pool

    monkeypatch.setattr(pool, "ocr_available", lambda: True)
    d = _folder(tmp_path)
    assert [Path(f).relative_to(d).as_posix() for f in pool.expand_inputs([d])] == ["a.txt", "b.PNG", "sub/c.jpeg", "sub/d.tif"]


def test_without_the_extra_a_folders_images_are_skipped_and_said(tmp_path, monkeypatch):
    import extractors.pool as pool

    monkeypatch.setattr(pool, "ocr_available", lambda: False)
    d = _folder(tmp_path)
    skipped: list[str] = []
    assert [Path(f).name for f in pool.expand_inputs([d, d / "b.PNG"], skipped)] == ["a.txt", "b.PNG"]  # named: kept
    assert sorted(Path(f).name for f in skipped) == ["b.PNG", "c.jpeg", "d.tif"]
    message = pool.skipped_images_message("pikg extract", skipped)
    assert "3 个图片文件" in message and "未安装OCR扩展" in message and "pip install -e '.[ocr]'" in message


@pytest.mark.slow
@pytest.mark.skipif(not ocr_available(), reason="the OCR extra is not installed")
def test_pikg_extract_reads_a_page_image_in_a_folder(tmp_path):
    import pypdfium2 as pdfium

    from tests.helpers import ROOT, load_jsonl, run_pikg

    d = tmp_path / "scans"
    d.mkdir()
    pdf = pdfium.PdfDocument(str(ROOT / "tests" / "data" / "fixtures" / "001_163e4aab9eba8502.s1.pdf"))
    pdf[10].render(scale=200 / 72, grayscale=True).to_pil().save(d / "page11.png", dpi=(200, 200))
    pdf.close()
    out = tmp_path / "out.jsonl"
    done = run_pikg("extract", str(d), "-o", str(out), "-q")
    rows = [r for r in load_jsonl(out) if r["type"] == "indicator"]
    assert done.returncode == 0, done.stderr.decode()
    assert len(rows) >= 5 and all(r["doc"] == "page11" and "ocr_low_confidence" in r for r in rows)
