"""Where an indicator row was printed, as the desk shows it: the PDF page (rendered with the row's cells
outlined), the workbook's sheet and cells, the Word table, row and columns, or the lines of a text file —
and, when the source file has moved or changed since the build, that instead of the wrong page.

The places come from the provenance in the graph (graph.query.provenance); the file's state from its hash.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from graph.output.page_image import IMAGE_SUFFIXES

MOVED = "源文件已移动或已更改：无法显示原文位置，请按文件名和页码（或行号）查阅原件"
STATE_TEXT = {"missing": "源文件已移动或已更改（找不到文件）", "changed": "源文件已移动或已更改（文件内容与建库时不同）"}
CONTEXT_LINES = 4
DPI = 110  # the page image's resolution: 1 point is DPI/72 pixels


class SourceError(Exception):
    """A source the desk cannot show (no page, a file gone); the message is Chinese."""


@dataclass
class RowSource:
    """One row's place in its source file and the file's state (ok, missing, changed)."""

    use: str
    path: str
    state: str
    kind: str  # page (a PDF's), scan (an image's page), sheet, table, line, none
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
            out["scale"] = DPI / 72
            out["box"] = self.focus()
        elif self.kind == "line" and self.line:
            out["lines"] = text_lines(self.path, self.line)
        elif self.kind in ("sheet", "table"):
            out["cells"] = printed_row(self)
        return out

    def focus(self) -> list[float] | None:
        """The part of the page the desk zooms to: from the name's cell to the target's (the row's band
        when one of them is not known), [x0, top, x1, bottom] in points."""
        name, target, row = (self.boxes.get(k) for k in ("name", "target", "row"))
        if name and target:
            return [min(name[0], target[0]), min(name[1], target[1]), max(name[2], target[2]), max(name[3], target[3])]
        return row or target or name

    def place(self) -> str:
        """The place in words: 第 3 页, 工作表「表12」C7、E7, 第 2 个表格第 5 行, 第 118 行."""
        if self.kind in ("page", "scan"):
            return f"第 {self.page} 页"
        if self.kind == "sheet":
            cells = "、".join(f"{c}（{'指标名称' if k == 'name' else '指标值'}）" for k, c in self.cells.items())
            return (f"工作表「{self.sheet}」 " if self.sheet else "") + cells
        if self.kind == "table":
            cols = "、".join(f"第 {c} 列（{'指标名称' if k == 'name' else '指标值'}）" for k, c in self.cells.items())
            return f"第 {self.table} 个表格 第 {self.row} 行 {cols}".strip()
        if self.kind == "line":
            return f"第 {self.line} 行"
        return "出处未记录"


PAGE_SUFFIXES = frozenset({".pdf"}) | IMAGE_SUFFIXES  # a page the desk draws: a PDF's, or a scanned image's
KINDS = {"pdf": "page", "workbook": "sheet", "word": "table", "text": "line"}


def _place(p) -> tuple[str, dict, dict]:
    """The desk's kind of place (page, sheet, table, line; none when the reader recorded no place), the
    boxes and the cells of a graph.query.provenance.Provenance."""
    kind = KINDS.get(p.kind, "none")
    boxes = {k: list(b) for k, b in (("row", p.row_box), ("name", p.name_box), ("target", p.target_box)) if b}
    if kind == "page" and (p.page is None or Path(p.source_path or "").suffix.lower() not in PAGE_SUFFIXES):
        kind = "line" if p.kind == "text" else "scan" if p.page is not None else "none"
    if kind == "sheet":
        cells = {k: c for k, c in (("name", p.name_cell), ("target", p.target_cell)) if c}
    elif kind == "table":
        cells = {k: str(c) for k, c in (("name", p.name_column), ("target", p.target_column)) if c is not None}
    else:
        cells = {}
    if kind == "line" and not p.line:
        kind = "none"
    return kind, boxes, cells


def row_sources(store, uses: list[str]) -> dict[str, RowSource]:
    """The place of each of these rows (IRIs) and the state of its source file."""
    from graph.query.provenance import provenance_of, source_state

    out = {}
    states: dict[tuple[str, str], str] = {}
    for use, p in provenance_of(store, uses).items():
        path, digest = p.source_path or "", p.source_hash or ""
        if (path, digest) not in states:
            states[path, digest] = source_state(path, digest)
        kind, boxes, cells = _place(p)
        out[use] = RowSource(use, path, states[path, digest], kind, p.page, boxes, p.sheet or "", cells, p.table,
                             p.row, p.line)
    return out


def page_png(src: RowSource) -> bytes:
    """The PDF page of a row with its cells outlined (cached: a reviewer goes back and forth between rows)."""
    if src.kind != "page":
        raise SourceError("这一行不是从 PDF 或扫描图像的页面读出的，没有页面图像")
    if src.state != "ok":
        raise SourceError(STATE_TEXT.get(src.state, MOVED))
    boxes = tuple(sorted((k, tuple(v)) for k, v in src.boxes.items()))
    return _render(src.path, Path(src.path).stat().st_mtime_ns, src.page, boxes)


@functools.lru_cache(maxsize=64)
def _render(path: str, _mtime: int, page: int, boxes: tuple) -> bytes:
    from graph.output.page_image import render_page

    return render_page(path, page, [tuple(v) for _, v in boxes], dpi=DPI)


def text_lines(path: str, line: int, around: int = CONTEXT_LINES) -> list[dict]:
    """The lines of a text source around `line` (1-based), as [{"n": …, "text": …, "here": bool}]."""
    from extractors.decoding import decode_text

    text, _ = decode_text(Path(path).read_bytes(), path)
    lines = text.splitlines()
    lo, hi = max(1, line - around), min(len(lines), line + around)
    return [{"n": n, "text": lines[n - 1], "here": n == line} for n in range(lo, hi + 1)]


MAX_COLUMNS = 30


def printed_row(src: RowSource) -> list[dict]:
    """The cells of the row as the workbook or the Word table holds them, each {"ref", "text", "role"}
    (role name or target for the cells the row was read from); [] where the file type gives none."""
    suffix = Path(src.path).suffix.lower()
    try:
        if src.kind == "table" and suffix == ".docx" and src.table and src.row:
            texts = _word_row(src.path, src.table, src.row)
            roles = {int(c): k for k, c in src.cells.items()}
            return [{"ref": f"第 {i} 列", "text": t, "role": roles.get(i, "")} for i, t in enumerate(texts, 1)]
        if src.kind == "sheet" and src.cells:
            from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, get_column_letter

            number = coordinate_from_string(next(iter(src.cells.values())))[1]
            roles = {column_index_from_string(coordinate_from_string(c)[0]): k for k, c in src.cells.items()}
            texts = _csv_row(src.path, number) if suffix in (".csv", ".tsv") else _sheet_row(src.path, src.sheet, number) if suffix in (".xlsx", ".xlsm") else []
            return [{"ref": f"{get_column_letter(i)}{number}", "text": t, "role": roles.get(i, "")} for i, t in enumerate(texts, 1)]
    except (OSError, ValueError, KeyError, IndexError):
        return []
    return []


def _clip(texts: list) -> list[str]:
    out = ["" if t is None else str(t).strip()[:200] for t in texts[:MAX_COLUMNS]]
    while out and not out[-1]:
        out.pop()
    return out


def _word_row(path: str, table: int, row: int) -> list[str]:
    import docx

    cells = docx.Document(path).tables[table - 1].rows[row - 1].cells
    return _clip([c.text for c in cells])


def _sheet_row(path: str, sheet: str, number: int) -> list[str]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb[sheet] if sheet else wb.worksheets[0]
        for values in ws.iter_rows(min_row=number, max_row=number, max_col=MAX_COLUMNS, values_only=True):
            return _clip(list(values))
        return []
    finally:
        wb.close()


def _csv_row(path: str, number: int) -> list[str]:
    import csv

    from extractors.decoding import decode_text

    text, _ = decode_text(Path(path).read_bytes(), path)
    dialect = csv.excel_tab if path.lower().endswith(".tsv") else csv.excel
    for n, values in enumerate(csv.reader(text.splitlines(), dialect), 1):
        if n == number:
            return _clip(values)
    return []
