"""Screenshots of the query page (a named query run), of the report and of the reviewer's desk, in headless
Chromium.

    python docs/make_screenshots.py [--chromium /usr/bin/chromium] [--only query|review]

Builds the five sample documents into a temporary store, serves it with `pikg serve`, clicks a named
query, and renders `pikg report`; writes docs/screenshots/query-page.png and report.png. For the desk it
builds the fixture PDF, serves it with --decisions, opens a project, clicks a flagged row and records a
decision, at 1366×768: docs/screenshots/review.png.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
sys.path.insert(0, str(ROOT))

from graph.store.child_server import free_port  # noqa: E402 - after the path to the project


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    ap.add_argument("--only", choices=("query", "review"), help="only the query page and report, or only the desk")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.only != "review":
        query_and_report(args.chromium)
    if args.only != "query":
        review_desk(args.chromium)
    return 0


def _serve(pikg: list[str], store: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(pikg + ["serve", "--store", str(store), "--port", str(port), *extra], stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(base, timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    return server, base


def review_desk(chromium: str) -> None:
    """The desk at 1366×768: a project of the fixture PDF, its row with a lowered target, decided."""
    from playwright.sync_api import sync_playwright

    pikg = [sys.executable, str(ROOT / "pikg.py")]
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        pdf = ROOT / "tests" / "data" / "fixtures" / "001_163e4aab9eba8502.s2.pdf"
        subprocess.run(pikg + ["build", str(pdf), "--store", str(store), "-q"], check=True)
        server, base = _serve(pikg, store, "--decisions")
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
                page = browser.new_page(viewport={"width": 1366, "height": 768})
                page.goto(base + "review")
                page.locator("#projects li", has_text="产业促进经费").click()
                row = page.locator("tr.row.flagged", has=page.locator("[data-flag=finding-lowered]")).first
                row.click()
                flag = page.locator("#detail .flag[data-flag=finding-lowered]")
                flag.locator("textarea").fill("目标下调三成，请补充说明理由或恢复上年水平")
                flag.locator("button[data-decision=accept]").click()
                page.wait_for_selector("#page-image")
                page.wait_for_timeout(3000)  # the image loads, the note "已记录" fades (the page's CSP forbids wait_for_function)
                row.scroll_into_view_if_needed()
                page.screenshot(path=str(OUT / "review.png"))
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=15)
    print(f"wrote {OUT / 'review.png'}", file=sys.stderr)


def query_and_report(chromium: str) -> None:
    from playwright.sync_api import sync_playwright

    pikg = [sys.executable, str(ROOT / "pikg.py")]
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        subprocess.run(pikg + ["build", *map(str, sorted((ROOT / "data" / "corpus").glob("*.txt"))), "--store", str(store), "-q"], check=True)
        subprocess.run(pikg + ["report", "--store", str(store), "-o", str(Path(tmp) / "report.html")], check=True)
        server, base = _serve(pikg, store)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.goto(base)
                page.click("#q-indicator-reuse")
                page.wait_for_selector("#result table")
                page.screenshot(path=str(OUT / "query-page.png"), full_page=False)
                page.goto((Path(tmp) / "report.html").as_uri())
                page.screenshot(path=str(OUT / "report.png"), clip={"x": 0, "y": 0, "width": 1400, "height": 2400}, full_page=True)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=15)
    print(f"wrote {OUT / 'query-page.png'} and {OUT / 'report.png'}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
