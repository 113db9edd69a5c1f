"""Where an indicator row was printed, as the desk shows it: the PDF page (rendered with the row's cells
outlined), the workbook's sheet and cells, the Word table, row and columns, or the lines of a text file —
and, when the source file has moved or changed since the build, that instead of the wrong page.

The places come from the provenance in the graph (graph.query.provenance); the file's state from its hash.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

MOVED = "源文件已移动或已更改：无法显示原文位置，请按文件名和页码（或行号）查阅原件"
STATE_TEXT = {"missing": "源文件已移动或已更改（找不到文件）", "changed": "源文件已移动或已更改（文件内容与建库时不同）"}
CONTEXT_LINES = 4


class SourceError(Exception):
    """A source the desk cannot show (no page, a file gone); the message is Chinese."""


@dataclass
class RowSource:
    """One row's place in its source file and the file's state (ok, missing, changed)."""

    use: str
    path: str
    state: str
    kind: str  # page, sheet, table, line, none
    page: int | None = None
    boxes: dict[str, list[float]] = field(default_factory=dict)
    sheet: str = ""
    cells: dict[str, str] = field(default_factory=dict)
    table: int | None = None
    row: int | None = None
    line: int | None = None

    def as_json(self, image_prefix: str, use: str) -> dict:
        """What the desk's page draws: the place in Chinese, the image URL or the text lines."""
        import urllib.parse

        out = {"kind": self.kind, "state": self.state, "file": Path(self.path).name if self.path else "",
               "place": self.place()}
        if self.state != "ok":
            out["message"] = STATE_TEXT.get(self.state, MOVED)
            return out
        if self.kind == "page":
            out["image"] = image_prefix + urllib.parse.quote(use, safe="")
        elif self.kind == "line" and self.line:
            out["lines"] = text_lines(self.path, self.line)
        return out

    def place(self) -> str:
        """The place in words: 第 3 页, 工作表「表12」C7、E7, 第 2 个表格第 5 行, 第 118 行."""
        if self.kind == "page":
            return f"第 {self.page} 页"
        if self.kind == "sheet":
            cells = "、".join(f"{c}（{'指标名称' if k == 'name' else '指标值'}）" for k, c in self.cells.items())
            return f"工作表「{self.sheet}」 {cells}".strip()
        if self.kind == "table":
            cols = "、".join(f"第 {c} 列（{'指标名称' if k == 'name' else '指标值'}）" for k, c in self.cells.items())
            return f"第 {self.table} 个表格 第 {self.row} 行 {cols}".strip()
        if self.kind == "line":
            return f"第 {self.line} 行"
        return "出处未记录"


def _kind(p) -> str:
    if getattr(p, "page", None) is not None:
        return "page"
    if getattr(p, "sheet", None):
        return "sheet"
    if getattr(p, "table", None) is not None:
        return "table"
    return "line" if getattr(p, "line", None) else "none"


def row_sources(store, uses: list[str]) -> dict[str, RowSource]:
    """The place of each of these rows (IRIs) and the state of its source file."""
    from graph.query.provenance import provenance_of, source_state

    out = {}
    states: dict[tuple[str, str], str] = {}
    for use, p in provenance_of(store, uses).items():
        path, digest = p.path or "", p.hash or ""
        if (path, digest) not in states:
            states[path, digest] = source_state(path, digest) if path else "missing"
        out[use] = RowSource(use, path, states[path, digest], _kind(p), p.page, dict(p.boxes or {}), p.sheet or "",
                             {k: str(v) for k, v in (p.cells or {}).items()}, p.table, p.row, p.line)
    return out


def page_png(src: RowSource) -> bytes:
    """The PDF page of a row with its cells outlined (cached: a reviewer goes back and forth between rows)."""
    if src.kind != "page":
        raise SourceError("这一行不是从 PDF 页面读出的，没有页面图像")
    if src.state != "ok":
        raise SourceError(STATE_TEXT.get(src.state, MOVED))
    boxes = tuple(sorted((k, tuple(v)) for k, v in src.boxes.items()))
    return _render(src.path, Path(src.path).stat().st_mtime_ns, src.page, boxes)


@functools.lru_cache(maxsize=64)
def _render(path: str, _mtime: int, page: int, boxes: tuple) -> bytes:
    from graph.output.page_image import render_page

    return render_page(path, page, {k: list(v) for k, v in boxes})


def text_lines(path: str, line: int, around: int = CONTEXT_LINES) -> list[dict]:
    """The lines of a text source around `line` (1-based), as [{"n": …, "text": …, "here": bool}]."""
    from extractors.decoding import decode_text

    text, _ = decode_text(Path(path).read_bytes(), path)
    lines = text.splitlines()
    lo, hi = max(1, line - around), min(len(lines), line + around)
    return [{"n": n, "text": lines[n - 1], "here": n == line} for n in range(lo, hi + 1)]
