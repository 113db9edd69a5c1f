"""A grid from plain ``pdftotext`` output: cells one per line in the converter's reading order.

Plain conversion keeps no positions. A page's cells come as lines, grouped in blocks (a blank line
between blocks); a block holds one cell's wrapped lines or cells stacked in one column. The reading
order keeps each column top to bottom, but may print a table's merged labels before its rows, a row's
values before its name, or the header after the body. So a table is rebuilt from what each line is:

- header words (三级指标, 前年 …), goal labels (长期绩效目标 1), framework labels (产出指标, 数量指标),
  bases (计划标准), values (≥95%, 完成) and names (everything else);
- the names, in order, are the rows (a name wrapped over lines is joined where the rows need it);
- values and bases are given to the rows in order, each row taking at most one per value column,
  near its name in the reading order where the converter kept rows together;
- the merged labels, in order, are split over the rows where the rows' words fit them best
  (:mod:`.label_affinity`), the 一级 labels following the 二级 ones' place in the framework.

Project forms are read as label → value pairs (a value fills the first open label it fits: a code, a
year, an amount), goal lists as "长期绩效目标 N" followed by the statement.

The steps have modules of their own: plain_words (header, goal and form words), plain_lines (lines and
their kinds), plain_captions and plain_pages (titles, captions, running heads), plain_kinds, plain_notes and
plain_split (what each cell of a table is), plain_rows (rows), plain_labels (merged labels), plain_table (one
table), plain_overview (表11), plain_forms (the project form) and plain_jigsaw (a table part printed column by
column put back in row order first); this module reads the document through.
"""
from __future__ import annotations

from .captions import goal_cell_number
from .columns import role_of
from .grid import Grid, Source, Text
from .plain_captions import goal_caption, is_table_caption, is_title, opens_table
from .plain_forms import fit, form_ahead, project_form
from .plain_jigsaw import rebuild_jigsaws
from .plain_kinds import BARE_NUMBER
from .plain_lines import Tok, kind_of, split_cells, tokens
from .plain_overview import is_overview_head, overview_columns, read_overview
from .plain_pages import without_running_heads
from .plain_scrambled import PlainGrid, scrambled_pages, scrambled_warnings
from .plain_table import PlainTable, value_heads
from .plain_words import is_goal_head, is_value_header
from .problems import Problem
from .projects import is_signature_line

# the reader and its steps that callers and tests use, named here as before the steps had modules of their own
__all__ = ["read_text", "is_plain_layout", "tokens", "split_cells", "fit", "is_goal_head", "overview_columns",
           "value_heads"]

RUNNING_TEXT = 36  # a line this long (in characters) is running text, never a table cell


def _body_printed_before(toks: list[Tok], i: int) -> bool:
    """The lines from index i to the next caption or title on the same page hold no value or basis, or
    no value-column header word (三级指标, 指标值): a caption with its labels, whose rows (all of them, or
    those its headers open) were printed before it."""
    page = toks[i - 1].page if i else None
    values = headers = False
    for t in toks[i:]:
        if t.page != page or goal_caption(t.k) or is_title(t):
            break
        values = values or kind_of(t) in ("value", "basis")
        headers = headers or role_of(t.k) == "name" or is_value_header(t.k)
    return not values or not headers


def _goal_cell_of(table: PlainTable, t: Tok) -> bool:
    """A long line that opens with a goal's number (1.推动全区营商环境…) in a table with a goal column: its goal cell,
    not running text."""
    return goal_cell_number(t.text)[0] is not None and any(is_goal_head(x.k) for x in table.toks)


def _waiting_bodies(table: PlainTable | None, waiting: list[PlainTable], toks: list[Tok], after: int) -> list[PlainTable]:
    """The bodies waiting for their captions: those already waiting, else, where the lines after a caption (from
    index ``after``) hold no body of their own, the bodies of other tables printed after this table's rows on
    the caption's page (PlainTable.later_bodies), cut off this table."""
    if table is None or waiting or not _body_printed_before(toks, after):
        return waiting
    return [PlainTable(body) for body in table.later_bodies(toks[after - 1].page)]


def _take_page_tail(table: PlainTable, toks: list[Tok], j: int) -> None:
    """The table's last values, printed after the title at index j - 1 and the page number (_page_tail), moved to
    the table."""
    tail = _page_tail(toks, j)
    if tail:
        table.toks.extend(toks[j:j + tail])
        del toks[j:j + tail]


def _page_tail(toks: list[Tok], j: int) -> int:
    """How many values and bases from index j end their page: the last cells of the table above a
    title, which the converter printed after the title and the page number. 0 when anything else
    comes before the page ends."""
    page = toks[j - 1].page
    n = 0
    while j + n < len(toks) and toks[j + n].page == page:
        if kind_of(toks[j + n]) not in ("value", "basis"):
            return 0
        n += 1
    return n


def _caption(toks: list[Tok], i: int) -> tuple[str, int]:
    """A caption "年度目标 3：…" with the lines of its block that carry on its sentence."""
    parts = [toks[i].text]
    j = i + 1
    while j < len(toks) and toks[j].block == toks[i].block and kind_of(toks[j]) == "name" and not is_title(toks[j]):
        parts.append(toks[j].text)
        j += 1
    return "\n".join(parts), j


def _holds_no_body(table: PlainTable | None) -> bool:
    """The table so far holds the start of a header (two header words at least) and maybe labels and row
    numbers, but no name, value or basis."""
    if table is None or sum(1 for t in table.toks if kind_of(t) == "header") < 2:
        return False
    return all(kind_of(t) in ("header", "label") or BARE_NUMBER.match(t.k) for t in table.toks)


def _body_after_caption(table: PlainTable | None, toks: list[Tok], after: int) -> bool:
    """A goal caption printed inside the table above, between its header (and labels) and its body: that table,
    opened by a caption of its own, holds no body yet (_holds_no_body), and after the caption come its body's
    cells, then a header word it printed already (the next table's header, 序号 or 一级指标 again), before any
    other caption or title."""
    if table is None or table.caption is None or not _holds_no_body(table):
        return False
    own = {t.k for t in table.toks if kind_of(t) == "header"}
    body = False
    for t in toks[after:]:
        if goal_caption(t.k) is not None or is_title(t):
            return False
        if t.k in own:
            return body
        body = body or kind_of(t) in ("value", "basis") and not BARE_NUMBER.match(t.k)
    return False


def _serial_head(toks: list[Tok], i: int) -> bool:
    """The 序号 column's head word, the header's first cell, with a header word that opens a table within the
    next three lines: it opens the table (else it would be read as text, the goal caption's last words)."""
    return toks[i].k == "序号" and any(opens_table(toks, j) for j in range(i + 1, min(len(toks), i + 4)))


def _table_opened_by_caption(head: str, waiting: list[PlainTable], ahead: list[Tok]) -> PlainTable | None:
    """The table a goal caption with the given head opens at once: the first of the bodies printed before it
    (taken off ``waiting``), else a table of the next table's header words printed before it (``ahead``); None
    when its table is still to come."""
    if waiting:
        table = waiting.pop(0)
        table.caption = head
        return table
    return PlainTable(ahead, caption=head) if ahead else None


def read_text(text: str, file: str) -> Grid:
    """A grid from plain pdftotext output; the pages whose table order the converter lost are warned of and
    their rows noted (plain_scrambled)."""
    toks = without_running_heads(tokens(text))
    scrambled = scrambled_pages(toks)
    toks, notes = rebuild_jigsaws(toks, file)
    return _Reader(toks, file, scrambled_warnings(scrambled, file) + notes, frozenset(scrambled)).read()


class _Reader:
    """The document read through: the table open, the bodies waiting for their captions, and the grid so far."""

    def __init__(self, toks: list[Tok], file: str, problems: list[Problem], scrambled: frozenset[int]) -> None:
        self.toks, self.file = toks, file
        self.grid = PlainGrid(file, problems=problems, scrambled=scrambled)
        self.table: PlainTable | None = None
        self.last: PlainTable | None = None
        self.opened_by: str | None = None  # the caption just read: the table that follows is its goal's
        self.waiting: list[PlainTable] = []  # bodies printed before their captions, in order
        self.deferred: tuple[str, Source, str] | None = None  # a caption printed before the body of the table above it
        self.signed: list[Text] = []  # signature lines printed among the open table's cells: they follow the table

    def close(self) -> None:
        """The open table into the grid, then the signature lines read in it and a caption read inside it."""
        if self.table is not None and self.table.toks:
            self.grid.items.append(self.table.build(self.file, self.last))
            self.last = self.table
        self.table = None
        self.grid.items.extend(self.signed)
        self.signed.clear()
        if self.deferred is not None:  # the caption read inside the table: it opens the next table
            self.grid.items.append(Text(self.deferred[0], self.deferred[1]))
            self.opened_by, self.deferred = self.deferred[2], None

    def close_all(self) -> None:
        """The table and the bodies still waiting for a caption that never came."""
        self.close()
        while self.waiting:
            self.table = self.waiting.pop(0)
            self.close()

    def read(self) -> Grid:
        toks, file = self.toks, self.file
        i = 0
        while i < len(toks):
            t = toks[i]
            k = t.k
            head = goal_caption(k)
            if head is not None:
                i = self._caption(i, head)
                continue
            if k.rstrip(":") == "项目名称" and form_ahead(toks, i):
                self.close_all()
                items, i = project_form(toks, i, file)
                self.grid.items.extend(items)
                continue
            if self.table is None and is_overview_head(toks, i):
                self.close_all()
                overview, i = read_overview(toks, i, file)
                self.grid.items.append(overview)
                continue
            if is_title(t) or (len(k) >= RUNNING_TEXT and self.table is not None and not _goal_cell_of(self.table, t)):
                self._title(i)
            else:
                self._cell(i)
            i += 1
        self.close_all()
        return self.grid

    def _caption(self, i: int, head: str) -> int:
        """A goal caption at index i: it closes the table before it and opens its own; the index after it."""
        toks, table = self.toks, self.table
        src = Source(self.file, toks[i].line, toks[i].page)
        if table is not None and table.caption == head:
            return _caption(toks, i)[1]  # the caption printed again over the table's next page
        caption, after = _caption(toks, i)
        if self.deferred is None and not self.waiting and _body_after_caption(table, toks, after):
            self.deferred = (caption, src, head)
            return after
        self.waiting = _waiting_bodies(table, self.waiting, toks, after)
        ahead = table.next_header(toks[after:]) if table is not None and not self.waiting else []
        self.close()
        self.grid.items.append(Text(caption, src))
        self.table = _table_opened_by_caption(head, self.waiting, ahead)
        if self.table is None:
            self.opened_by = head
        return after

    def _title(self, i: int) -> None:
        """A title or running text at index i: it ends the table, or opens the body printed before it."""
        t = self.toks[i]
        src = Source(self.file, t.line, t.page)
        caption = is_table_caption(t.k)
        if self.table is not None:
            _take_page_tail(self.table, self.toks, i + 1)
            if caption:
                self.waiting = _waiting_bodies(self.table, self.waiting, self.toks, i + 1)
        if self.table is not None and caption and self.waiting:
            self.close()  # the caption's table's body, printed before it: the caption opens it
            self.grid.items.append(Text(t.text, src))
            self.table = self.waiting.pop(0)
        else:
            self.close_all()
            self.grid.items.append(Text(t.text, src))

    def _cell(self, i: int) -> None:
        """Any other line at index i: a cell of the open table (maybe opening it), a signature line, or text."""
        t = self.toks[i]
        src = Source(self.file, t.line, t.page)
        if self.deferred is not None and self.table is not None and kind_of(t) == "header" \
                and any(x.k == t.k and kind_of(x) == "header" for x in self.table.toks):
            self.close()  # the next table's header: the caption read inside the table above opens it
            self.table = PlainTable([], caption=self.opened_by)
            self.opened_by = None
        if self.table is None and (opens_table(self.toks, i) or _serial_head(self.toks, i)):
            self.table = PlainTable([], caption=self.opened_by)
            self.opened_by = None
        if self.table is not None and is_signature_line(t.text):
            self.signed.append(Text(t.text, src))  # a signature line printed among the table's last cells: no goal's text
        elif self.table is not None:
            self.table.toks.append(t)
        else:
            self.grid.items.append(Text(t.text, src))


def is_plain_layout(text: str) -> bool:
    """Plain pdftotext: pages split by form feeds, short lines, indicator header words alone on lines."""
    if "\f" not in text:
        return False
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    # 表头词单独成行：按列角色认（三级指标、指标内容、指标名称、二级指标、确定依据 …），不只认一种模板
    alone = sum(1 for ln in lines if len(ln) <= 12 and role_of(ln) in ("level2", "name", "basis"))
    wide = sum(1 for ln in lines if "   " in ln)
    return alone >= 2 and wide < 0.05 * max(1, len(lines))
