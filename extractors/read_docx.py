"""Word reader: a .docx document → a cell grid. Paragraphs become text lines and tables tables, in the order of
the document's body; a cell's horizontal merge (gridSpan) and vertical merge (vMerge) become its spans.
Provenance is Word's own: the table's number in the document, the row in that table and the column on its
grid, all 1-based (表格3 第5行第2列), or the paragraph's number (段落12)."""
from __future__ import annotations

from pathlib import Path

from .errors import InputError
from .grid import Cell, Grid, Source, Table, Text

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(element) -> str:
    """The text of the paragraphs under an element (a paragraph or a cell), paragraphs joined by line breaks."""
    from docx.text.paragraph import Paragraph

    paragraphs = [element] if element.tag == _W + "p" else element.iter(_W + "p")
    return "\n".join(t for t in (Paragraph(p, None).text.strip() for p in paragraphs) if t)


def _attr(element, path: str) -> str | None:
    found = element.find(path)
    return None if found is None else found.get(_W + "val", "")


def _table(tbl, path: str, number: int) -> Table:
    """One Word table: cells placed on the table's grid, merged cells as spans."""
    cells: list[Cell] = []
    open_cells: dict[int, Cell] = {}  # grid column → the cell a vertical merge there goes on from
    rows = tbl.findall(_W + "tr")
    row_sources: list[Source | None] = []
    n_cols = 0
    for r, tr in enumerate(rows):
        col = int(_attr(tr, f"{_W}trPr/{_W}gridBefore") or 0)
        first: Source | None = None
        for tc in tr.findall(_W + "tc"):
            span = int(_attr(tc, f"{_W}tcPr/{_W}gridSpan") or 1)
            merge = _attr(tc, f"{_W}tcPr/{_W}vMerge")
            if merge is not None and merge != "restart" and col in open_cells:
                above = open_cells[col]  # goes on from the cell above: one more row of it
                above.rowspan = r - above.row + 1
            else:
                src = Source(path, table=number, row=r + 1, column=col + 1)
                cell = Cell(_text(tc), r, col, 1, span, src)
                cells.append(cell)
                for c in range(col, col + span):
                    if merge == "restart":
                        open_cells[c] = cell
                    else:
                        open_cells.pop(c, None)
                if first is None and cell.text:
                    first = src
            col += span
        n_cols = max(n_cols, col)
        row_sources.append(first or Source(path, table=number, row=r + 1))
    return Table([c for c in cells if c.text], len(rows), n_cols, Source(path, table=number, row=1), row_sources)


def read(path: str | Path) -> Grid:
    """Read a .docx document's paragraphs and tables, in order, into one grid."""
    try:
        from docx import Document
    except ImportError as e:  # pragma: no cover - python-docx is a dependency
        raise InputError(str(path), None, f"读取 Word 需要 pikg 的依赖 python-docx：请连同依赖安装 pikg（pip install -e .），并在该环境中运行（{e}）") from e
    try:
        with open(path, "rb") as f:  # a stream: python-docx refuses a document by its name
            body = Document(f).element.body
    except OSError as e:
        raise InputError(str(path), None, f"无法读取文件：{e.strerror or e}") from e
    except Exception as e:  # zipfile.BadZipFile, KeyError, ValueError (not a Word package) …
        raise InputError(str(path), None, f"不是可读的 Word 文档（.docx）：{e}") from e
    grid = Grid(str(path))
    tables = paragraphs = 0
    for child in body.iterchildren():
        if child.tag == _W + "p":
            paragraphs += 1
            text = _text(child)
            if text:
                grid.items.append(Text(text, Source(str(path), paragraph=paragraphs)))
        elif child.tag == _W + "tbl":
            tables += 1
            table = _table(child, str(path), tables)
            if table.cells:
                grid.items.append(table)
    return grid
