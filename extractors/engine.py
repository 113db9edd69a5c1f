"""Extraction engine: one document → project, goal and indicator records (../shared/docs/records.md)."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from .assemble import assemble
from .errors import InputError
from .grid import Grid
from .limits import cut_long_fields
from .read_markup import read_csv, read_html, read_markdown, read_tsv
from .readers import read_text


def _read_xlsx(p: Path):
    from .read_xlsx import read
    return read(p)


def _read_xls(p: Path):
    from .read_xls import read
    return read(p)


def _read_pdf(p: Path):
    from .read_pdf import read
    return read(p)


def _read_docx(p: Path):
    from .read_docx import read
    return read(p)


def _refuse_word97(p: Path):
    raise InputError(str(p), None, "a Word 97–2003 document (.doc) cannot be read: save it as .docx or PDF "
                     "(Word, WPS or LibreOffice: 另存为) and give pikg that file")


# Formats that carry their table structure: read into a cell grid, then assembled (suffix → reader).
GRID_READERS = {".xlsx": _read_xlsx, ".xlsm": _read_xlsx, ".xls": _read_xls, ".docx": _read_docx, ".doc": _refuse_word97,
                ".pdf": _read_pdf}
_ZIP = b"PK\x03\x04"
_COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2, the container of Office 97–2003 files
_OFFICE = {  # suffix → (reader and layout of a zip package, of a compound file)
    ".xlsx": ((_read_xlsx, "xlsx"), (_read_xls, "xls")), ".xlsm": ((_read_xlsx, "xlsx"), (_read_xls, "xls")),
    ".xls": ((_read_xlsx, "xlsx"), (_read_xls, "xls")),
    ".docx": ((_read_docx, "docx"), (_refuse_word97, "doc")), ".doc": ((_read_docx, "docx"), (_refuse_word97, "doc")),
}


# the layout names the grid readers write on project records (the text layouts are readers.LAYOUTS)
GRID_LAYOUTS = ("pdf", "xlsx", "xls", "docx")


def grid_reader_for(p: Path) -> tuple[Callable[[Path], Grid], str] | None:
    """The grid reader of a file and the name of its layout, or None for a text document. An Office file
    is told by its first bytes rather than its name: budget systems save .xlsx workbooks under .xls, and
    HTML or tab-separated tables under .xls or .doc (those are read as text, by their layout)."""
    suffix = p.suffix.lower()
    if suffix == ".pdf":
        return _read_pdf, "pdf"
    if suffix not in _OFFICE:
        return None
    try:
        with open(p, "rb") as f:
            head = f.read(8)
    except OSError:
        head = b""  # the reader names the file and the reason
    package, compound = _OFFICE[suffix]
    if head.startswith(_ZIP):
        return package
    if head.startswith(_COMPOUND_FILE):
        return compound
    return None if suffix in (".xls", ".doc") else package


# Text layouts that mark their cells (layout → reader of text and file name).
MARKUP_READERS = {"html": read_html, "markdown": read_markdown, "tsv": read_tsv, "csv": read_csv}


def extract_grid(grid: Grid, doc: str, layout: str) -> tuple[list[dict], list[str]]:
    """Records and problems of a document already read into a cell grid; `layout` names the reader
    (pdf, xlsx, xls, columns) on the project records, as the text layouts do."""
    records, problems = assemble(grid, doc)
    if not any(r["type"] in ("indicator", "project") for r in records):
        raise InputError(grid.file, None, "no performance-target table (表11 部门整体 or 表12 项目) was found")
    for r in records:
        if r["type"] == "project":
            r["layout"] = layout
    return records, cut_long_fields(records, grid.file) + problems


def extract_document(path: str | Path, layout: str | None = None) -> tuple[list[dict], list[str]]:
    """Extract every performance-target table of one document. Returns (records, problems).

    Each problem is a message naming the file and line; those starting with "error:" mean the document is
    damaged (a truncated table, a row without a value) though its other records were extracted.
    Raises InputError for a file that cannot be read or holds no performance-target table.
    """
    p = Path(path)
    structured = grid_reader_for(p) if layout is None else None
    if structured is not None:
        grid_reader, name = structured
        return extract_grid(grid_reader(p), p.stem, name)
    lay, text, damaged = read_text(p, layout)
    records, problems = extract_grid(text_reader(lay)(text, str(p)), p.stem, lay)
    return records, damaged + problems


def text_reader(layout: str) -> Callable[[str, str], Grid]:
    """The grid reader of a text layout (readers.LAYOUTS): text and file name → grid."""
    if layout in MARKUP_READERS:
        return MARKUP_READERS[layout]
    if layout == "columns":
        from .read_columns import read_text as read_columns
        return read_columns
    if layout == "stream":
        from .read_plain import read_text as read_stream
        return read_stream
    from .read_broken import read_text as read_broken
    return read_broken
