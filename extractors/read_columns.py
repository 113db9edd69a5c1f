"""Column-aligned text (``pdftotext -layout`` and converters like it) → a cell grid.

Such text has no rules: a table is rebuilt from where its words stand.
1. ``page_lines``: the text split into lines with their page (form feeds) and words (runs of non-space
   characters, with their text columns).
2. A header line (目标名称 | 一级指标 | … | 指标值确定依据) and the lines above and below it that hold only
   header words (指标值 over 前年 | 上年 | 预计当年实现) give the columns. ``column_model`` puts each boundary
   between two header words in the body's gap, where the next column's text starts. A table that goes on at the
   top of the next page without a header gets its columns from that page's gaps, matched in order to the
   columns of the part before (``continuation_model``).
3. Rows come from the cells that belong to one row (三级指标, values, basis): a converter prints a
   wrapped cell's lines above and below the line of the row's one-line cells, so every cell of a row is
   centred on the same line. ``segment_rows`` partitions the lines into rows by that symmetry.
4. Merged labels (目标名称, 一级, 二级) are printed once, centred on the rows they span:
   ``assign_labels`` gives each label the run of rows whose middle is the label's middle. A table cut
   by page breaks is read as one body (``build_tables``): its parts' lines are numbered on over the
   gap, so that a label printed in the middle of its whole range, on either page, finds its rows.
Lines outside tables become text lines (one chunk) or one-row tables of their chunks (form fields).

The steps have modules of their own: columns_lines (a line's words and chunks), columns_pages (1),
columns_header and columns_model, columns_bounds (2), columns_rows (3), columns_labels and columns_tables (4),
columns_goals (goal statements under their heads); this module finds the tables and ties the steps together.
"""
from __future__ import annotations

import re

from .captions import caption_of
from .columns import role_of
from .columns_bounds import column_model, continuation_model
from .columns_goals import goal_list, is_goal_list_header, is_overview_header, overview_list
from .columns_header import header_span
from .columns_labels import assign_labels, label_clusters, row_height_warp
from .columns_lines import PageLine, is_goal_caption, next_nonblank
from .columns_model import ColumnModel, Fragment, fragments
from .columns_pages import page_lines
from .columns_rows import alignment, segment_rows
from .columns_tables import TablePart, build_tables, read_tables
from .grid import Cell, Grid, Source, Table, Text
from .projects import form_field, is_signature_line
from .text import key
from .values import value_score
from .vocab import basis_of

# the reader and its steps that callers and tests use, named here as before the steps had modules of their own
__all__ = ["is_columns_layout", "read_text", "page_lines", "header_span", "ColumnModel", "Fragment", "fragments",
           "column_model", "continuation_model", "segment_rows", "alignment", "label_clusters", "assign_labels",
           "row_height_warp"]

_STOP = re.compile(r"^(长期|年度)目标\d+[:：]|^(长期|年度)绩效目标表|^表\d+(-\d+)?|^项目名称|项目(支出)?绩效目标表$|^项目申报表")

PARAGRAPH = 30  # a one-chunk line this long, not in a table's columns, is running text


def is_columns_layout(text: str) -> bool:
    """True for column-aligned text: its indicator headers stand on one line, cells apart by spaces (the
    line naming 一级指标 or, where that head wraps over lines (一级指 | 标), 二级 or 三级指标; where every
    indicator head wraps, the line of their first parts with the two lines below it)."""
    # 表头各格之间留有两个以上空格（转换器把一行的格排在各自的列上），而非每格一行；表头折行时（一级指 | 标），
    # 其下两行里的表头词一并计入（这样的行只在对齐时计数）
    heads = [m for m in _HEAD_LINE.finditer(text)
             if re.search(r"(?:一级|二级|三级)指标", m.group()) or _aligned_head(text, m)]
    aligned = [m for m in heads if _aligned_head(text, m)]
    return len(heads) > 0 and len(aligned) * 2 >= len(heads)


def _aligned_head(text: str, m: re.Match) -> bool:
    return bool(re.search(r"\S {2,}\S", m.group().strip())) and _head_words(text, m) >= 3


# 一级指标, its wrapped first part 一级指, or the short head 一级 of a header cell (一级 | 二级 | 指标内容)
_HEAD_LINE = re.compile(r"^.*(?:一级|二级|三级)(?:指|[ \t]|$).*$", re.M)


# an indicator head printed whole (一级指标), not wrapped: its line names the columns by itself
_WHOLE_HEAD = re.compile(r"(?:一级|二级|三级)指标")


def _head_words(text: str, m: re.Match) -> int:
    """The header words on the line of match m, or, where its heads wrap (一级指 over 标), on it and the two
    lines below it."""
    n = sum(1 for w in m.group().split() if role_of(w) is not None)
    if n >= 3 or _WHOLE_HEAD.search(m.group()):
        return n
    below = text[m.end() + 1:].split("\n", 2)[:2]
    return n + sum(1 for ln in below for w in ln.split() if role_of(w) is not None)


def _stops_table(ln: PageLine, left: int) -> bool:
    """A line that cannot be part of a table body: a title, a caption (中长期绩效指标（目标3）), a form, a line
    of labels without values (a signature line), running text."""
    chunks = ln.chunks
    if not chunks:
        return False
    k = key(chunks[0])
    if len(ln.words) >= 2 and is_signature_line(ln.raw):
        return True  # a form's signature line, its labels without values (单位负责人： 填报人： 联系电话：)
    if _STOP.search(k) or _is_indicator_caption(ln) or len(chunks) == 1 and (is_goal_caption(chunks[0]) or _is_table_title(ln)):
        return True
    return len(chunks) == 1 and len(k) >= PARAGRAPH and ln.words[0].start <= left + 2


def _body_end(lines: list[PageLine], i: int, left: int) -> int:
    """The end (exclusive) of the table body that starts at line index i: the page's end, a new
    header, a title or running text. Trailing blank lines are left out."""
    page = lines[i].page if i < len(lines) else None
    k = i
    while k < len(lines):
        ln = lines[k]
        if ln.page != page or header_span(lines, k) or _stops_table(ln, left):
            break
        k += 1
    while k > i and lines[k - 1].blank:
        k -= 1
    return k


def read_text(text: str, file: str) -> Grid:
    """A grid from column-aligned text."""
    return _TextReader(page_lines(text), file).read()


class _TextReader:
    """One pass over a text's lines, item by item: tables (one part per page), captions, overview and goal
    lists, form pairs and other lines, into a grid."""

    def __init__(self, lines: list[PageLine], file: str) -> None:
        self.lines, self.file = lines, file
        self.grid = Grid(file)
        self.parts: list[TablePart] = []  # the table being read, one part per page
        self.last_caption: str | None = None  # the text of the last caption read (goal caption or table caption)
        self.repeated_until = -1  # a repeated caption opening the page ends before this line index
        self.repeated_at = -1  # the line index of that caption

    def read(self) -> Grid:
        """The grid of all the lines."""
        lines, i = self.lines, 0
        while i < len(lines):
            ln = lines[i]
            if ln.blank:
                i += 1
                continue
            goes_on = bool(self.parts) and self.parts[-1].at_page_end  # the next page may continue the table
            nxt = self._repeated_caption(i) if goes_on else None
            if nxt is not None:
                i = nxt
                continue
            span = header_span(lines, i)
            if span:
                i = self._table_part(span, goes_on)
                continue
            end = _body_end(lines, i, 0) if goes_on and not _stops_table(ln, 0) else i
            if end > i and _holds_values(lines[i:end]):
                model = continuation_model(self.parts[-1].model, lines[i:end])
                self.parts.append(TablePart(model, [], lines[i:end], _at_page_end(lines, end)))
                i = max(end, i + 1)
                continue
            self._close_table()
            i = self._other_item(i)
        self._close_table()
        return self.grid

    def _close_table(self, continues: bool = False) -> None:
        if self.parts:
            self.grid.items.extend(build_tables(self.parts, self.file, continues))
            self.parts.clear()

    def _repeated_caption(self, i: int) -> int | None:
        """The line after a caption repeated at a page top over the header of a table going on from the page
        before (the table's next part, not a new table), or None where line i is no such caption."""
        lines, ln = self.lines, self.lines[i]
        if not (_opens_page(lines, i) and (len(ln.chunks) == 1 and is_goal_caption(ln.chunks[0]) or _is_table_caption(ln))):
            return None
        text, after = _caption_lines(lines, i)
        nxt = next_nonblank(lines, after - 1)
        if key(text) == self.last_caption and nxt is not None and header_span(lines, nxt):
            self.repeated_until, self.repeated_at = nxt, i
            return after
        return None

    def _table_part(self, span: tuple[int, int], goes_on: bool) -> int:
        """A table part from its header lines `span` and the body under them; the index to go on from."""
        lines, parts = self.lines, self.parts
        first, last = span
        hdr = [x for x in lines[first:last + 1] if not x.blank]
        left = min(w.start for x in hdr for w in x.words)
        end = _body_end(lines, last + 1, left)
        model = column_model(hdr, lines[last + 1:end])
        # a header repeated at the top of the next page goes on with the table
        opens = _opens_page(lines, first) or first == self.repeated_until
        part = TablePart(model, hdr, lines[last + 1:end], _at_page_end(lines, end))
        if goes_on and first == self.repeated_until and model.roles == parts[-1].model.roles:
            own = _own_table(parts, part, self.file)
            if own is not None:
                self.grid.items.extend(own)
                parts.clear()
                at, self.repeated_until = self.repeated_at, -1
                return at  # the caption read again, as the new table's
        if not (goes_on and opens and model.roles == parts[-1].model.roles):
            self._close_table(goes_on and opens)
        parts.append(part)
        return max(end, last + 1)

    def _other_item(self, i: int) -> int:
        """The item line i opens outside a table (an overview or goal list, a caption, a form pair, a title or
        a row of cells); the index to go on from."""
        lines, grid, ln = self.lines, self.grid, self.lines[i]
        if is_overview_header(ln):
            end = i + 1
            while end < len(lines) and not (header_span(lines, end) or _stops_table(lines[end], 0) or _is_table_caption(lines[end])):
                end += 1
            grid.items.append(overview_list(ln, lines[i + 1:end], self.file))
            return end
        if is_goal_list_header(ln):
            end = _body_end(lines, i + 1, 0)
            grid.items.append(goal_list(ln, lines[i + 1:end], self.file))
            return max(end, i + 1)
        src = Source(self.file, ln.no, ln.page)
        chunks = ln.chunks
        if len(chunks) == 1 and is_goal_caption(chunks[0], with_text=True):
            text, nxt = _caption_lines(lines, i)
            self.last_caption = key(text)
            grid.items.append(Text(text, src))
            return nxt
        pair = _form_pair(ln)
        if pair:
            grid.items.append(Table([Cell(c, 0, k, source=src) for k, c in enumerate(pair)], 1, 2, src, [src]))
        elif len(chunks) == 1 or _is_title(chunks):
            if _is_table_caption(ln):
                self.last_caption = key(chunks[0])
            grid.items.append(Text(" ".join(chunks), src))
        else:
            grid.items.append(Table([Cell(c, 0, k, source=src) for k, c in enumerate(chunks)], 1, len(chunks), src, [src]))
        return i + 1


def _own_table(parts: list[TablePart], part: TablePart, file: str) -> list[Table] | None:
    """A table's caption and header repeated at the top of a page: over the table going on from the page
    before, or over a table of its own under the same caption (per-goal tables all captioned 中长期绩效目标表).
    Both readings are compared: the part is a table of its own where the table before and the part read
    apart fit their lines (labels, then rows) better than read as one table (a goal label centred on its own
    page's rows, not on the rows of both pages). Returns the tables before where the part is its own."""
    if not _new_goal_label(parts, part):
        return None
    tables, before = read_tables(parts, file)
    alone = read_tables([part], file)[1]
    joined = read_tables(parts + [part], file)[1]
    return tables if (before[0] + alone[0], before[1] + alone[1]) < joined else None


def _new_goal_label(parts: list[TablePart], part: TablePart) -> bool:
    """The part's goal column prints a text the parts before do not print there (目标6：… under 目标5：…): a
    goal of its own or the rest of a goal cut by the break, not a goal label repeated on every page."""
    col = part.model.roles.index("goal") if "goal" in part.model.roles else None
    if col is None:
        return False
    before = {key(f.text) for p in parts for f in fragments(p.model, p.body) if f.col == col}
    return any(f.col == col and key(f.text) not in before for f in fragments(part.model, part.body))


def _form_pair(ln: PageLine) -> list[str] | None:
    """A project form's label and its value one space apart on a line of their own (项目名称： 网络建设运转维护经费):
    the label's cell and the value's, as where the converter leaves two spaces between them."""
    if len(ln.chunks) != 1 or len(ln.words) < 2:
        return None
    label = ln.words[0].text
    if not label.endswith((":", "：")) or form_field(label) is None:
        return None
    return [label, " ".join(w.text for w in ln.words[1:])]


def _is_table_caption(ln: PageLine) -> bool:
    """A line that is a table's caption alone (长期绩效指标, 中长期绩效指标（目标2）): a horizon and no statement."""
    chunks = ln.chunks
    if len(chunks) != 1:
        return False
    cap = caption_of(key(chunks[0]))
    return cap is not None and cap.horizon is not None and cap.text is None


def _is_table_title(ln: PageLine) -> bool:
    """A table's caption naming a table (中长期绩效目标表, 年度绩效目标表2), not a goal cell of the label column
    (年度绩效目标, 长期目标 2)."""
    return _is_table_caption(ln) and "表" in key(ln.chunks[0])


def _is_indicator_caption(ln: PageLine) -> bool:
    """An indicator table's caption alone (中长期绩效指标（目标3）, 年度绩效指标): it ends the table above; a
    goal cell of the label column (长期目标 2, 年度绩效目标) names no 指标 and does not."""
    return _is_table_caption(ln) and "指标" in key(ln.chunks[0])


_TITLE = re.compile(r"^表\d+(-\d+)?$")


def _caption_lines(lines: list[PageLine], i: int) -> tuple[str, int]:
    """A goal caption ("年度目标 2：…") and the lines its text wraps onto: one-chunk lines right under it that
    start no further right than it does and are no title, caption (年度绩效指标) or header. Returns (text,
    next index)."""
    first = lines[i]
    parts = [first.chunks[0]]
    j = i + 1
    while j < len(lines):
        ln = lines[j]
        if ln.blank or len(ln.chunks) != 1 or ln.words[0].start > first.words[0].start or header_span(lines, j):
            break
        if _STOP.search(key(ln.chunks[0])) or is_overview_header(ln) or is_goal_list_header(ln) or _is_table_caption(ln):
            break
        parts.append(ln.chunks[0])
        j += 1
    return "\n".join(parts), j


def _is_title(chunks: list[str]) -> bool:
    """A table title printed apart from its number ("表11   部门整体支出绩效目标表")."""
    return len(chunks) <= 3 and bool(_TITLE.match(key(chunks[0])))


def _holds_values(lines: list[PageLine]) -> bool:
    """Some line has three cells, or a 指标值 or a basis beside another cell: the lines can be a table's
    rows (a title or running text at the top of the next page cannot)."""
    return any(len(ln.chunks) >= 3 or len(ln.chunks) == 2 and (value_score(ln.chunks[1]) >= 0.7 or basis_of(ln.chunks[1]))
               for ln in lines)


def _opens_page(lines: list[PageLine], i: int) -> bool:
    """Nothing but blank lines stands before line index i on its page."""
    k = i - 1
    while k >= 0 and lines[k].page == lines[i].page:
        if not lines[k].blank:
            return False
        k -= 1
    return True


def _at_page_end(lines: list[PageLine], i: int) -> bool:
    """True when nothing but blank lines stands between line index i and the next page."""
    page = lines[i - 1].page if i else 1
    for ln in lines[i:]:
        if ln.page != page:
            return True
        if not ln.blank:
            return False
    return False
