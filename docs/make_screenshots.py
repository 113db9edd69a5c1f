"""Screenshots of the query page (a named query run) and of the report, in headless Chromium.

    python docs/make_screenshots.py [--chromium /usr/bin/chromium]

Builds the five sample documents into a temporary store, serves it with `pikg serve`, clicks a named
query, and renders `pikg report`; writes docs/screenshots/query-page.png and report.png.
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
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    pikg = [sys.executable, str(ROOT / "pikg.py")]
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        subprocess.run(pikg + ["build", *map(str, sorted((ROOT / "data" / "corpus").glob("*.txt"))), "--store", str(store), "-q"], check=True)
        subprocess.run(pikg + ["report", "--store", str(store), "-o", str(Path(tmp) / "report.html")], check=True)
        port = free_port()
        server = subprocess.Popen(pikg + ["serve", "--store", str(store), "--port", str(port)], stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}/"
            for _ in range(100):
                try:
                    urllib.request.urlopen(base, timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
