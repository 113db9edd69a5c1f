"""HTML tables (pikg reads .html directly; Chromium prints them to PDF where it is installed)."""
from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from pathlib import Path

from .layout import Grid, Printed, Text
from .template import Template


def html_text(p: Printed, t: Template) -> str:
    """A page per section: titles and captions as paragraphs, grids as bordered tables with rowspan/colspan
    (header rows in <thead> where the template says: a browser prints them again at the top of every page)."""
    va = "top" if t.valign == "top" else "middle"
    out = ["<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8"><title>绩效目标表</title>',
           f"<style>table{{border-collapse:collapse;width:100%;margin:6px 0}}td,th{{border:1px solid #000;padding:2px 4px;"
           f"vertical-align:{va};font-size:{t.font_size}pt}}.title{{text-align:center;font-weight:bold}}"
           ".unit{text-align:right}.sec{page-break-before:always}</style></head><body>"]
    for si, sec in enumerate(p.sections):
        out.append(f'<div class="{"sec" if si else ""}">')
        for it in sec.items:
            if isinstance(it, Text):
                cls = "title" if it.style in ("title", "subtitle") else it.style
                out.append(f'<p class="{cls}">{html.escape(it.text).replace(chr(10), "<br>")}</p>')
                continue
            out.append("<table>")
            head = t.html_head and it.header_rows > 0
            for r, cells in enumerate(it.rows):
                if head and r in (0, it.header_rows):
                    out.append("<thead>" if r == 0 else "</thead><tbody>")
                tag = "th" if r < it.header_rows else "td"
                tds = []
                for c in cells:
                    if c is None:
                        continue
                    span = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (f' colspan="{c.colspan}"' if c.colspan > 1 else "")
                    tds.append(f"<{tag}{span}>{html.escape(c.text).replace(chr(10), '<br>')}</{tag}>")
                out.append("<tr>" + "".join(tds) + "</tr>")
            out.append("</tbody></table>" if head and len(it.rows) > it.header_rows else "</thead></table>" if head else "</table>")
        out.append("</div>")
    out.append("</body></html>")
    return "\n".join(out)


def write_html(p: Printed, t: Template, path: Path) -> None:
    path.write_text(html_text(p, t), encoding="utf-8")


def chromium() -> str | None:
    """Debian's chromium (or chromium-browser), or None when it is not installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def write_chromium_pdf(p: Printed, t: Template, path: Path) -> None:
    """The HTML printed to PDF by headless Chromium (A4, landscape or portrait as the template says)."""
    exe = chromium()
    if not exe:
        raise RuntimeError("chromium is not installed")
    orient = "portrait" if t.page == "A4P" else "landscape"
    page = "A3" if t.page == "A3L" else "A4"
    text = html_text(p, t).replace("</style>", f"@page{{size:{page} {orient};margin:12mm}}</style>", 1)
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "doc.html"
        src.write_text(text, encoding="utf-8")
        subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--user-data-dir={d}/profile", f"--print-to-pdf={path.resolve()}", src.as_uri()],
                       check=True, capture_output=True, timeout=120)
