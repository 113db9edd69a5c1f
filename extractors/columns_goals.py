"""Goal statements in column-aligned text: the overview of a department's goals (长期目标 | 年度目标, each
column's wrapped statements one cell: ``overview_list``) and the 项目绩效总目标 part of a project form
(名称 | 目标说明 rows: ``goal_list``)."""
from __future__ import annotations

import re

from .captions import horizon_of_head
from .columns_bounds import gap_between
from .columns_header import header_pieces
from .columns_lines import CHUNK, PageLine, line_chunks
from .columns_model import ColumnModel, Fragment, fragments
from .columns_rows import segment_rows
from .grid import Cell, Source, Table
from .text import key

_GOAL_LIST_LABEL = "项目绩效总目标"


def is_overview_header(ln: PageLine) -> bool:
    """A line of goal column heads of both horizons (长期目标 | 年度目标, 中长期目标 | 年度目标), perhaps after a
    row label (总体目标): the goal statements stand wrapped in the columns under them."""
    return len({horizon_of_head(key(p.text)) for p in header_pieces(ln)} - {None}) >= 2


def overview_list(hdr: PageLine, body: list[PageLine], file: str) -> Table:
    """Goal statements wrapped in the columns under goal column heads (see ``is_overview_header``), continued
    over a page break: each column's lines become one cell (the assembler splits it into goals). A row label
    printed left of the statements (总体目标, 整体绩效目标, on the heads' line or beside the statements) is a
    cell of its own over both rows, as in a ruled table, never part of a statement."""
    heads = [(p.start, p.end, p.text) for p in header_pieces(hdr)]
    first_head = min((a for a, _, t in heads if horizon_of_head(key(t))), default=0)
    firsts = [_statement_start(ln, first_head) for ln in body if ln.words]
    edge = _statements_edge(firsts, heads[0])
    edge = min([edge, *_covering_starts(body, first_head, heads)])
    left = [w for ln in body for w in ln.words if w.end < edge]
    if left and heads[0][0] >= edge:
        heads.insert(0, (min(c.start for c in left), max(c.end for c in left), ""))
    label = bool(left) or heads[0][1] < edge
    centres = [(a + b) / 2 for a, b, _ in heads]
    bounds = [_statement_bound(body, centres[k], centres[k + 1]) for k in range(len(heads) - 1)]
    if label:
        bounds[0] = edge - 0.5
    model = ColumnModel([t for _, _, t in heads], bounds)
    src = Source(file, hdr.no, hdr.page)
    by_col: dict[int, list[Fragment]] = {}
    # 各列正文起始的字符列：在此处开始的词（哪怕与前词只隔一个空格）属于右边的列
    edges = frozenset(x for b in bounds for x in range(int(b + 0.5), int(b + 0.5) + 3))
    for f in fragments(model, body, edges):
        by_col.setdefault(f.col, []).append(f)
    cells = []
    for k, (_, _, t) in enumerate(heads):
        if k == 0 and label:
            text = "\n".join(x for x in [t, *(f.text for f in by_col.pop(0, []))] if x)
            cells.append(Cell(text, 0, 0, rowspan=2, source=src))
        else:
            cells.append(Cell(t, 0, k, source=src))
    for col, fs in sorted(by_col.items()):
        cells.append(Cell("\n".join(f.text for f in fs), 1, col, source=Source(file, fs[0].no, fs[0].page)))
    return Table(cells, 2, len(heads), src, [src, Source(file, body[0].no, body[0].page) if body else src])


def _covering_starts(body: list[PageLine], first_head: int, heads: list[tuple[int, int, str]]) -> list[int]:
    """Where the words start that reach over the middle of the first goal head (its text column
    ``first_head``) in lines' first chunks: statements, never a row label (a label stands left of the
    statements' heads; one joined to a statement by a single space is a word of its own). With statements
    centred in their cells, no start is shared by most lines, so these bound the edge."""
    end = next(b for a, b, _ in heads if a == first_head)
    centre = (first_head + end) / 2
    return [max(x for x in (cs[0].start, *cs[0].inner) if x < centre)
            for ln in body if (cs := line_chunks(ln)) and cs[0].start < centre < cs[0].end]


LABEL_PIECE = 3  # the longest piece of a row label wrapped in a narrow cell (整体 | 绩效 | 目标)
ROW_LABEL = 8  # the longest row label printed beside goal statements (项目绩效目标, 整体绩效目标)


def _statement_start(ln: PageLine, first_head: int) -> int:
    """Where a line's goal statement may begin: its first chunk, or the second where the first is a short
    row label beside it (项目绩效目标  贯彻执行…), ending left of the first goal head (``first_head``: its
    text column), where a statement that short would stand under its head."""
    chunks = line_chunks(ln)
    first = ln.raw[chunks[0].start:chunks[0].end]
    if len(chunks) >= 2 and len(first) <= ROW_LABEL and chunks[0].end < first_head \
            and not re.search(r"[，。；、,.;:：\d]", first):
        return chunks[1].start
    words = ln.words
    if len(words) >= 2 and words[0].start == chunks[0].start and words[0].end < first_head \
            and len(words[0].text) <= LABEL_PIECE and not re.search(r"[，。；、,.;:：\d]", words[0].text):
        return words[1].start  # a piece of a row label wrapped in a narrow cell, one space from the statement
    return chunks[0].start


DRIFT_COLUMNS = 2  # how far a converter shifts one line's text columns from the next one's


def _statements_edge(firsts: list[int], first_head: tuple[int, int, str]) -> int:
    """The text column where the goal statements begin, from where the body lines' first chunks start:
    where most start (of equally many, the rightmost: a row label stands left of them); but where the
    heads' line holds the row label (项目绩效目标 | 中长期目标 | 年度目标) and no two lines start alike (statements
    centred in their cells), the leftmost start right of that label. A start a column or two left of the
    edge (the converter's drift) moves the edge there."""
    if not firsts:
        return 0
    most = max(firsts.count(x) for x in set(firsts))
    if most == 1 and horizon_of_head(key(first_head[2])) is None:
        return min((x for x in firsts if x > first_head[1]), default=min(firsts))
    edge = max((x for x in set(firsts) if firsts.count(x) == most))
    return min(x for x in firsts if edge - DRIFT_COLUMNS <= x <= edge)  # a converter shifts a line by a column or two


def _statement_bound(body: list[PageLine], lo: float, hi: float) -> float:
    """The boundary between two columns of wrapped statements whose heads are centred at lo and hi: just
    left of where the right column's text begins. On each line that is where a chunk or an inner word
    starts between the heads; a converter shifts it by a column or two from line to line, so the boundary
    is the leftmost of those near their median (a statement's own inner word further left is not one).
    Where a start stands right after a full line of the left column (as wide as another line of it: a
    wrapped statement fills its cell on every line but its last), the boundary is there: a right cell's
    lines centred in it start further right than its full first line, so the median start can be a
    centred one."""
    starts = []
    beside_full: list[tuple[int, int]] = []  # (start, where the text left of it ends)
    for ln in body:
        chunks = line_chunks(ln)
        cuts = [x for c in chunks for x in (c.start, *c.inner) if lo < x <= hi]
        if cuts and any(c.start < cuts[0] for c in chunks):
            starts.append(cuts[0])
            beside_full.append((cuts[0], max(min(c.end, cuts[0] - 1) for c in chunks if c.start < cuts[0])))
    if not starts:
        return (lo + hi) / 2
    reach = _full_reach(body, lo, hi)
    past = [x for x, end in beside_full if reach is not None and abs(end - reach) <= 1 and reach < x <= reach + COLUMN_GAP]
    if past:
        return min(past) - 0.5
    mid = sorted(starts)[len(starts) // 2]
    bound = min(x for x in starts if x >= mid - 3) - 0.5
    # a line's later chunk starting left of the boundary and running past it, with no word starting at the
    # boundary, is the right column's text (a wide statement centred in its cell starts further left)
    crossing = [c.start for ln in body for c in line_chunks(ln)[1:] if lo < c.start < bound < c.end
                and not any(bound < x <= bound + 1 + DRIFT_COLUMNS for x in c.inner)]
    return min(crossing) - 0.5 if crossing else bound


COLUMN_GAP = 4  # the most spaces a converter leaves between a full line of a cell and the next column's text


def _full_reach(body: list[PageLine], lo: float, hi: float) -> int | None:
    """How far the left column's full lines reach: the end of its widest line piece alone (a chunk starting
    left of its head's centre lo, ending left of the right head's centre hi, no inner word between them)
    that another line's piece matches at both ends (a wrapped statement fills its cell's width on every
    line but its last, aligned left or centred). None where no two lines match."""
    pieces = [(ln.no, c.start, c.end) for ln in body for c in line_chunks(ln)
              if c.start < lo and c.end < hi and not any(lo < x <= hi for x in c.inner)]
    full = [b for n, a, b in pieces
            if any(m != n and abs(a - a2) <= 1 and abs(b - b2) <= 1 for m, a2, b2 in pieces)]
    return max(full, default=None)


def is_goal_list_header(ln: PageLine) -> bool:
    """The head line of a project form's 项目绩效总目标 part: 名称 | 目标说明, perhaps after its label."""
    keys = [key(c) for c in ln.chunks]
    return "目标说明" in keys and any(k in ("名称", "目标名称") or k.endswith(_GOAL_LIST_LABEL + "名称") for k in keys) \
        or (len(keys) >= 3 and keys[0] == _GOAL_LIST_LABEL and "目标说明" in keys)


def goal_list(hdr: PageLine, body: list[PageLine], file: str) -> Table:
    """The 项目绩效总目标 part of a project form: 名称 | 目标说明 rows, the goal's name ("长期绩效目标 1") on
    the middle line of its wrapped statement. Read with the table machinery: names are the row key."""
    chunks = list(CHUNK.finditer(hdr.raw))
    name_x = next(m.start() + len(m.group()) / 2 for m in chunks if key(m.group()) != "目标说明" and key(m.group()) != _GOAL_LIST_LABEL)
    text_x = next(m.start() + len(m.group()) / 2 for m in chunks if key(m.group()) == "目标说明")
    label_end = max((m.end() for ln in [hdr, *body] for m in CHUNK.finditer(ln.raw) if key(m.group()) == _GOAL_LIST_LABEL), default=0)
    all_chunks = [c for ln in body for c in line_chunks(ln) if c.start >= label_end]
    bounds = [gap_between(all_chunks, label_end, name_x), gap_between(all_chunks, name_x, text_x)]
    model = ColumnModel([_GOAL_LIST_LABEL, "名称", "目标说明"], bounds)
    frs = [f for f in fragments(model, body) if f.col > 0]
    rows, _ = segment_rows(frs, 1, {1, 2}, "middle")
    page = hdr.page
    src = Source(file, hdr.no, page)
    cells = [Cell(_GOAL_LIST_LABEL, 0, 0, source=src)]
    sources: list[Source | None] = [src]
    for r, row in enumerate(rows, 1):
        for col in (1, 2):
            fs = [f for f in row if f.col == col]
            if fs:
                cells.append(Cell("\n".join(f.text for f in fs), r, col, source=Source(file, fs[0].line, page)))
        sources.append(Source(file, min(f.line for f in row), page))
    return Table(cells, len(rows) + 1, 3, src, sources)
