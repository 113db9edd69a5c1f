"""The reviewer's desk in a real headless browser (Debian's chromium, driven by Playwright) at 1366×768: open a
project of a fixture PDF, click a flagged row, see its page with the row outlined, decide; after a rebuild of
the store the decision is still there, and `pikg review` writes it into the .xlsx and the .docx."""
from __future__ import annotations

import io
import shutil
import urllib.request

import pytest

from graph.build.builder import build
from tests.helpers import ROOT, run_pikg
from tests.helpers.serve import Server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")]
PDF = ROOT / "tests" / "data" / "fixtures" / "001_163e4aab9eba8502.s2.pdf"
COMMENT = "请说明下调理由"


def _outlined(png: bytes) -> int:
    """Pixels of the outline's red in a page image."""
    import numpy as np
    from PIL import Image

    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    return int(((rgb[..., 0] > 200) & (rgb[..., 1] < 40) & (rgb[..., 2] < 40)).sum())


def _until(page, expression: str, timeout_s: float = 30) -> None:
    """Wait until a JavaScript expression is true in the page (page.evaluate, which the page's Content
    Security Policy allows; Playwright's wait_for_function evaluates strings in the page, which it forbids)."""
    import time

    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"not true within {timeout_s} s: {expression}"
        time.sleep(0.1)


def _open_first_flagged_row(page) -> tuple[str, str]:
    """Open the first project with flagged rows and click its first flagged row: (project, row's line)."""
    page.wait_for_selector("#projects li")
    item = page.locator("#projects li", has_text="标记").filter(has_not_text="标记 0 行").first
    project = item.get_attribute("data-project")
    item.click()
    row = page.locator("tr.row.flagged").first
    row.wait_for()
    line = row.get_attribute("data-line")
    row.click()
    page.wait_for_selector("#detail .flag")
    return project, line


def test_desk_source_decision_rebuild_and_opinion(tmp_path):
    from playwright.sync_api import sync_playwright

    pdf = tmp_path / PDF.name
    shutil.copy(PDF, pdf)
    store = tmp_path / "store"
    assert not build([pdf], store=str(store)).failed
    server = Server(store, "--decisions")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            try:
                page = browser.new_page(viewport={"width": 1366, "height": 768})
                page.goto(server.base + "/review")
                project, line = _open_first_flagged_row(page)
                assert page.inner_text("#mode") == "可记录审核意见"
                # the page image, loaded, with the row's cells outlined in red
                _until(page, "!!document.querySelector('#page-image') && document.querySelector('#page-image').complete"
                             " && document.querySelector('#page-image').naturalWidth > 0")
                assert "第 " in page.inner_text("#source h3") and pdf.name in page.inner_text("#source h3")
                src = page.get_attribute("#page-image", "src")
                assert _outlined(urllib.request.urlopen(server.base + src, timeout=30).read()) > 200
                # the layout fits the screen: the three columns side by side, nothing wider than the window
                assert page.evaluate("document.documentElement.scrollWidth") <= 1366
                flag = page.locator("#detail .flag").first
                code = flag.get_attribute("data-flag")
                flag.locator("textarea").fill(COMMENT)
                flag.locator("button[data-decision=accept]").click()
                _until(page, "document.querySelector('#detail .flag .saved').textContent.startsWith('已记录：采纳')")

                assert not build([pdf], store=str(store)).failed  # a rebuild replaces every graph
                page.reload()  # the address brings back the document, the project and the row
                page.wait_for_selector("#detail .flag")
                assert page.get_attribute("tr.row.on", "data-line") == line
                assert page.get_attribute("#projects li.on", "data-project") == project
                flag = page.locator(f"#detail .flag[data-flag='{code}']")
                assert flag.locator("button.chosen").inner_text() == "采纳"
                assert flag.locator("textarea").input_value() == COMMENT
                assert "✓" in page.locator(f"tr.row[data-line='{line}'] [data-flag='{code}']").inner_text()
                assert page.is_hidden("#lost")  # nothing unmatched: the decision found its row again
                page.keyboard.press("ArrowDown")  # the next row, from the keyboard
                assert int(page.get_attribute("tr.row.on", "data-line")) > int(line)
                # the source file moved away: the desk says so instead of drawing a page
                pdf.rename(tmp_path / "moved.pdf")
                page.reload()
                page.wait_for_selector("#source .moved")
                assert "源文件已移动或已更改" in page.inner_text("#source .moved")
                assert page.locator("#page-image").count() == 0
                (tmp_path / "moved.pdf").rename(pdf)
            finally:
                browser.close()
    finally:
        server.stop()
    for suffix in ("xlsx", "docx"):
        out = tmp_path / f"审核意见.{suffix}"
        r = run_pikg("review", "--store", str(store), "-o", str(out))
        assert r.returncode == 0, r.stderr.decode()
        assert any(COMMENT in cell and "采纳" in row for row in _rows(out) for cell in row)


def _rows(path) -> list[tuple[str, ...]]:
    if path.suffix == ".xlsx":
        import openpyxl

        ws = openpyxl.load_workbook(path)["审核意见"]
        return [tuple("" if v is None else str(v) for v in r) for r in ws.iter_rows(values_only=True)]
    import docx

    return [tuple(c.text for c in r.cells) for t in docx.Document(str(path)).tables for r in t.rows]
