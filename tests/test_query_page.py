"""The query page in a real headless browser (Debian's chromium, driven by Playwright): a named query is
one click, its answer a table with Chinese headers; a federated query typed by hand is refused."""
from __future__ import annotations

import shutil

import pytest

from tests.helpers import CORPUS
from graph.build.builder import build
from tests.helpers.serve import Server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")]


@pytest.fixture(scope="module")
def page_server(tmp_path_factory):
    path = tmp_path_factory.mktemp("page") / "store"
    assert not build([CORPUS / "001_163e4aab9eba8502.txt"], store=str(path)).failed
    s = Server(path)
    yield s
    s.stop()


def test_named_query_one_click_and_a_refused_service(page_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(page_server.base + "/")
            page.click("#q-department-summary")
            page.wait_for_selector("#result table")
            headers = page.locator("#result th").all_inner_texts()
            assert headers[:4] == ["文件", "部门", "年度", "项目数"]
            cells = page.locator("#result td").all_inner_texts()
            assert "武昌区经济信息化和科技创新局" in cells and "13,905,400.00" in cells  # money as money
            # a listing that pages says where the page stands; one document is one page
            assert page.inner_text("#status") == "第 1/1 页（每页 100 个文件，共 1 个文件），本页 1 行"
            assert page.is_visible("#pager") and page.is_disabled("#next") and page.is_disabled("#prev")
            page.click("#q-indicator-reuse")  # a listing that does not page: its row count alone
            page.wait_for_function("document.querySelector('#status').textContent.startsWith('共 ')")
            assert not page.is_visible("#pager")
            page.fill("#sparql", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
            page.click("#run")
            page.wait_for_selector("#result .err")
            assert "--allow-federated" in page.inner_text("#result")
        finally:
            browser.close()
