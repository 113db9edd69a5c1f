"""A table printed over one or more pages (``TablePart``s) read as one body and turned into grid tables
(``build_tables``): rows, merged labels over the rows of all parts, cells aligned to the middle or the top."""
from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import accumulate

from .columns_labels import place_labels
from .columns_lines import PageLine
from .columns_model import ColumnModel, Fragment, fragments
from .columns_rows import alignment, free_names, segment_rows
from .grid import Cell, Source, Table
from .text import key

LABEL_ROLES = ("goal", "level1", "level2")


def _spans(rows: list[list[Fragment]]) -> list[tuple[int, int]]:
    return [(min(f.line for f in row), max(f.line for f in row)) for row in rows]


def _row_texts(rows: list[list[Fragment]], name_col: int | None, target_col: int | None) -> list[tuple[str, str]]:
    """Each row's 三级指标 and target as printed (pieces joined)."""
    def text(row: list[Fragment], col: int | None) -> str:
        return "".join(f.text for f in row if f.col == col)
    return [(text(row, name_col), text(row, target_col)) for row in rows]


@dataclass
class TablePart:
    """One page's piece of a table: its columns, its header lines (none where the page does not repeat
    them) and its body; `at_page_end`: nothing follows it on its page."""

    model: ColumnModel
    hdr: list[PageLine]
    body: list[PageLine]
    at_page_end: bool = False


def _joined_fragments(parts: list[TablePart], name_col: int | None, value_cols: set[int],
                      label_cols: list[int]) -> list[list[Fragment]]:
    """Each part's fragments, their lines numbered on from the part before (the page gap dropped: a
    part's first row follows the last line before it), so that the parts of a table cut by page breaks
    read as one body. A label printed above a continued part's first row that the part before prints
    in the same column is a clipped copy of a label cut by the break (a spreadsheet's print): dropped."""
    out: list[list[Fragment]] = []
    next_line: int | None = None
    for part in parts:
        frs = free_names(fragments(part.model, part.body), name_col, value_cols)
        rows_at = [f.line for f in frs if f.col not in label_cols]
        if frs and next_line is not None:
            top = min(rows_at, default=min(f.line for f in frs))
            before = {(f.col, key(f.text)) for f in out[-1]}
            frs = [replace(f, line=f.line - top + next_line) for f in frs
                   if not (f.line < top and f.col in label_cols and (f.col, key(f.text)) in before)]
        if frs and part is not parts[-1]:
            # labels below the part's last row are the halves of labels cut at the page's bottom edge
            # (below its footer, even): the edge is where the next part begins
            last_row = max((f.line for f in frs if f.col not in label_cols), default=None)
            if last_row is not None:
                frs = [replace(f, line=last_row + 1) if f.line > last_row else f for f in frs]
        if frs:
            next_line = max(f.line for f in frs) + 1
        out.append(frs)
    return out


def build_tables(parts: list[TablePart], file: str, continues: bool = False) -> list[Table]:
    """The grid tables of a table printed over one or more pages (``read_tables`` without its misfit)."""
    return read_tables(parts, file, continues)[0]


def read_tables(parts: list[TablePart], file: str, continues: bool = False) -> tuple[list[Table], tuple[float, float]]:
    """A table printed over one or more pages: one grid table per part (a header row where the part
    prints one, then its rows), the merged labels placed over the rows of all parts at once.
    `continues`: the next page opens with a header of other columns, which may still go on with it.

    Cells are taken as aligned to the middle of their rows unless both the rows (every line has a
    三级指标) and the labels (each fits the top of its rows better) say they are aligned to the top. Returns
    the tables and the misfit of the reading: the labels' and the rows'."""
    roles = parts[0].model.roles
    n = len(roles)
    label_cols = sorted(k for k, r in enumerate(roles) if r in LABEL_ROLES)
    key_cols = set(range(n)) - set(label_cols)
    name_col = next((k for k, r in enumerate(roles) if r == "name"), None)
    target_col = next((k for k, r in enumerate(roles) if r == "target"), None)
    kinds = parts[0].model.kinds
    whole_cols = frozenset(k for k, r in enumerate(kinds) if r in ("value", "basis"))
    part_frs = _joined_fragments(parts, name_col, {k for k, r in enumerate(kinds) if r in ("value", "cmp", "unit")}, label_cols)
    all_frs = [f for frs in part_frs for f in frs]

    segmentations: dict[str, list] = {}  # the rows by cell alignment: the top-aligned rows serve both label alignments

    def layout(align: str, label_align: str | None = None):
        if align not in segmentations:
            segmentations[align] = [segment_rows(frs, name_col, key_cols, align, whole_cols) for frs in part_frs]
        segmented = segmentations[align]
        part_rows = [rows for rows, _ in segmented]
        rows = [r for pr in part_rows for r in pr]
        breaks = list(accumulate(len(pr) for pr in part_rows))[:-1]
        labels, misfit = place_labels(all_frs, label_cols, roles, _spans(rows), label_align or align, continues,
                                 _row_texts(rows, name_col, target_col), breaks)
        # the labels' misfit decides; where they fit both ways alike, the rows' own
        return part_rows, labels, (misfit, sum(cost for _, cost in segmented))

    part_rows, labels, misfit = layout("middle")
    # the alignment read from the columns of a role: a note column's wrapped text (指标解释: …200万元（含）以)
    # can look like a value on a line of its own
    if all_frs and alignment(all_frs, name_col, {k for k in key_cols if kinds[k] is not None}) == "top":
        # cells at the top of their rows, merged labels at the top too or in the middle of their rows
        for top in (layout("top"), layout("top", "middle")):
            if top[2] < misfit:
                part_rows, labels, misfit = top
    tables, first = [], 0
    for part, rows in zip(parts, part_rows):
        tables.append(_part_table(part, rows, labels, first, name_col, n, file))
        first += len(rows)
    return tables, misfit


def _part_table(part: TablePart, rows: list[list[Fragment]], labels: dict[int, list[tuple[int, int, list[Fragment]]]],
                first: int, name_col: int | None, n: int, file: str) -> Table:
    """The grid table of one part: its header row, its rows (`first` is the index of its first row in
    the whole table) and the part of each label that lies over them."""
    cells: list[Cell] = []
    row_sources: list[Source | None] = []
    page = (part.hdr or part.body)[0].page
    offset = 0
    if part.hdr:
        src = Source(file, part.hdr[0].no, page)
        cells.extend(Cell(h, 0, k, source=src) for k, h in enumerate(part.model.headers))
        row_sources.append(src)
        offset = 1
    for r, row in enumerate(rows):
        by_col: dict[int, list[Fragment]] = {}
        for f in row:
            by_col.setdefault(f.col, []).append(f)
        name = min(by_col.get(name_col, row), key=lambda f: f.line)
        row_sources.append(Source(file, name.no, name.page))
        for col, fs in sorted(by_col.items()):
            cells.append(Cell("\n".join(f.text for f in fs), offset + r, col, source=Source(file, fs[0].no, fs[0].page)))
    last = first + len(rows) - 1
    for col, placed in labels.items():
        for top, bottom, pieces in placed:
            lo, hi = max(top, first), min(bottom, last)
            if lo <= hi:
                cells.append(Cell("\n".join(p.text for p in pieces), offset + lo - first, col, rowspan=hi - lo + 1,
                                  source=Source(file, pieces[0].no, pieces[0].page)))
    return Table(cells, offset + len(rows), n, Source(file, (part.hdr or part.body)[0].no, page), row_sources)
