"""Extraction engine: one document → project, goal and indicator records (../shared/docs/records.md)."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from .assemble import assemble
from .errors import InputError, check_input
from .grid import Grid
from .library_logs import library_warnings
from .limits import cut_long_fields
from .problems import Problem
from .read_markup import read_csv, read_html, read_markdown, read_tsv
from .readers import read_text
from .structured import grid_reader_for


# Text layouts that mark their cells (layout → reader of text and file name).
MARKUP_READERS = {"html": read_html, "markdown": read_markdown, "tsv": read_tsv, "csv": read_csv}


def extract_grid(grid: Grid, doc: str, layout: str) -> tuple[list[dict], list[Problem]]:
    """Records and problems of a document already read into a cell grid; `layout` names the reader
    (pdf, xlsx, xls, docx) on the project records, as the text layouts do."""
    records, problems = assemble(grid, doc)
    review = getattr(grid, "review_records", None)  # a grid read by OCR flags and notes what it is unsure of
    if review is not None:
        review(records)
    if not any(r["type"] in ("indicator", "project") for r in records):
        raise InputError(grid.file, None, "未找到绩效目标表（表11 部门整体或表12 项目）")
    for r in records:
        if r["type"] == "project":
            r["layout"] = layout
    return records, grid.problems + cut_long_fields(records, grid.file) + problems


def extract_document(path: str | Path, layout: str | None = None, ocr=None) -> tuple[list[dict], list[Problem]]:
    """Extract every performance-target table of one document. Returns (records, problems).

    Each problem names the file and line; an error (Problem.is_error) means the document is damaged (a
    truncated table, a row without a value) though its other records were extracted.
    Raises InputError for a file that cannot be read or holds no performance-target table. `ocr`
    (extractors.ocr.OcrOptions, default: auto) says how pages without a text layer and images are read.
    """
    p = Path(path)
    check_input(p)
    structured = grid_reader_for(p) if layout is None else None
    if structured is not None:
        grid_reader, name = structured
        with library_warnings(str(p)) as logged:
            if name in ("pdf", "image"):
                from .ocr import OcrOptions  # light: no OCR library is imported for a PDF with text
                grid = grid_reader(p, ocr or OcrOptions())
            else:
                grid = grid_reader(p)
        grid.problems.extend(logged)
        return extract_grid(grid, p.stem, name)
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
