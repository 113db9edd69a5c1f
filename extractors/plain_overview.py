"""Plain pdftotext, the 表11 overview: goal statements under their horizon heads (长期目标 | 年度目标), printed
row by row, column by column, side by side or run on in one cell.
"""
from __future__ import annotations

import re

from .captions import goal_cell_number, horizon_of_head
from .columns import OVERVIEW_GOAL
from .grid import Cell, Source, Table
from .plain_captions import goal_caption, is_table_caption, is_title, opens_table
from .plain_lines import Tok, kind_of
from .plain_words import GOAL_LABEL, form_label
from .side_by_side import is_side_by_side, split_columns


def is_overview_head(toks: list[Tok], i: int) -> bool:
    """The 表11 overview's column heads: 长期目标 and 年度目标 alone on their lines, before any table."""
    return len(overview_heads(toks, i)) == 2


def overview_heads(toks: list[Tok], i: int) -> list[int]:
    """Index i and that of the other head, printed before the next caption or table (right after the
    first, or after the first column's goals). A head is any goal column head of a horizon
    (captions.horizon_of_head: 长期目标, 中长期目标, 年度绩效目标 …); the two name different horizons."""
    first = horizon_of_head(toks[i].k)
    if first is None:
        return []
    for j in range(i + 1, min(i + OVERVIEW_REACH, len(toks))):
        h = horizon_of_head(toks[j].k)
        if h is not None and h != first:
            return [i, j]
        if _ends_overview(toks, j):
            break
    return [i]


def _ends_overview(toks: list[Tok], j: int) -> bool:
    """A line the overview cannot hold: a caption, a title, a table's header word or goal label."""
    t = toks[j]
    return bool(goal_caption(t.k) or is_title(t) or opens_table(toks, j) or GOAL_LABEL.match(t.k)
                or is_table_caption(t.k))


OVERVIEW_REACH = 80  # lines: how far after the first overview head the second may be printed


def read_overview(toks: list[Tok], i: int, file: str) -> tuple[Table, int]:
    """The 表11 overview from its heads at index i: the "目标 N：…" lines that follow (over a page
    break too), up to the first caption or table. Returns the overview as a table (heads, then a row
    per goal number) and the index after it. See ``overview_columns`` for which column a goal is in."""
    heads = overview_heads(toks, i)
    side = _side_by_side(toks, heads, file)
    if side is not None:
        return side
    j = i + 1  # goal lines may come before the second head
    printed: list[list[Tok]] = []  # each goal's lines
    switches: dict[int, int] = {0: 0}  # goal index → the column whose head was printed just before it
    while j < len(toks):
        t = toks[j]
        if _ends_overview(toks, j):
            break
        if j in heads:
            # heads printed one after the other are the header row: the goals under it start in the first column
            switches.setdefault(len(printed), heads.index(j))
        elif _overview_goal(t) is not None:
            printed.append([t])
        elif printed and t.block == printed[-1][-1].block and kind_of(t) == "name":
            printed[-1].append(t)  # the statement wrapped onto the next line
        j += 1
    numbers = [_overview_goal(g[0]) or 0 for g in printed]
    goals: dict[int, dict[int, list[Tok]]] = {}
    for g, n, col in zip(printed, numbers, overview_columns(numbers, switches, len(heads))):
        if col is not None:
            goals.setdefault(n, {}).setdefault(col, g)
    src = Source(file, toks[i].line, toks[i].page)
    cells = [Cell(toks[h].text, 0, c, source=Source(file, toks[h].line, toks[h].page)) for c, h in enumerate(heads)]
    sources: list[Source | None] = [src]
    if not printed or any(_RUN_ON_GOAL.search(t.text) for g in printed for t in g):
        # a cell a head, each a block of its own under the heads in column order: one unnumbered goal, or
        # goals run on in one cell (目标1：…；目标2：…), which the assembler splits
        blocks: dict[int, list[Tok]] = {}
        for k in range(i + 1, j):
            t = toks[k]
            if k not in heads and kind_of(t) in ("name", "value") and not GOAL_ROW_LABEL.match(t.k):
                blocks.setdefault(t.block, []).append(t)
        if len(blocks) == len(heads):
            for c, parts in enumerate(blocks.values()):
                cells.append(Cell("".join(p.text for p in parts), 1, c, source=Source(file, parts[0].line, parts[0].page)))
            return Table(cells, 2, len(heads), src, [src, src]), j
    if printed and not OVERVIEW_GOAL.match(printed[0][0].k):
        return _listed_overview(goals, cells, src, len(heads), file), j
    for r, (n, by_col) in enumerate(sorted(goals.items()), 1):
        for c, parts in sorted(by_col.items()):
            cells.append(Cell("".join(p.text for p in parts), r, c, source=Source(file, parts[0].line, parts[0].page)))
        first = min(by_col.values(), key=lambda parts: parts[0].line)[0]
        sources.append(Source(file, first.line, first.page))
    return Table(cells, len(goals) + 1, len(heads), src, sources), j


# the next goal of a cell that lists its goals run on (…履职；目标2：…); goals side by side join with a space
_RUN_ON_GOAL = re.compile(r"[；;。]\s*目标\s*\d+\s*[:：]")


def _listed_overview(goals: dict[int, dict[int, list[Tok]]], cells: list[Cell], src: Source, n_cols: int, file: str) -> Table:
    """An overview whose goal cells list their goals numbered 1.… 2.… (no 目标N： prefix): one cell a column,
    its goals a line each, as printed; the assembler splits the list."""
    for c in range(n_cols):
        parts = [by_col[c] for _, by_col in sorted(goals.items()) if c in by_col]
        if parts:
            first = parts[0][0]
            cells.append(Cell("\n".join("".join(p.text for p in g) for g in parts), 1, c, source=Source(file, first.line, first.page)))
    return Table(cells, 2, n_cols, src, [src, src])


def _overview_goal(t: Tok) -> int | None:
    """The number of an overview goal that starts on this line: 目标N：…, or a numbered item (1.…, 2、…,
    （三）…) of a goal cell printed one goal a line."""
    m = OVERVIEW_GOAL.match(t.k)
    if m:
        return int(m.group(1))
    n, rest = goal_cell_number(t.text)
    return n if n is not None and len(rest) >= 4 and kind_of(t) == "name" else None


# 目标栏旁的标签（整体绩效目标、总体目标、项目绩效总目标）：不是目标正文
GOAL_ROW_LABEL = re.compile(r"^[\u4e00-\u9fff]{0,6}目标$")


def _overview_end(toks: list[Tok], i: int) -> int:
    """The index of the first line after the overview whose heads start at index i."""
    j = i + 1
    while j < len(toks) and not _ends_overview(toks, j):
        j += 1
    return j


def _side_by_side(toks: list[Tok], heads: list[int], file: str) -> tuple[Table, int] | None:
    """The overview when its goal cells stand side by side under the heads and the converter joined their
    lines (1.…；2.… | 1.…；2.…): the lines after the last head, split into one column per head by
    geometry (see side_by_side). None when the lines are not printed so."""
    if len(heads) < 2:
        return None
    end = _overview_end(toks, heads[-1])
    by_line: dict[int, list[Tok]] = {}
    for t in toks[heads[-1] + 1:end]:
        if not (GOAL_ROW_LABEL.match(t.k) or form_label(t.k) or kind_of(t) == "value"):
            by_line.setdefault(t.line, []).append(t)
    lines = [" ".join(x.text for x in ts) for ts in by_line.values()]
    if not is_side_by_side(lines):
        return None
    firsts = [ts[0] for ts in by_line.values()]
    src = Source(file, toks[heads[0]].line, toks[heads[0]].page)
    cells = [Cell(toks[h].text, 0, c, source=Source(file, toks[h].line, toks[h].page)) for c, h in enumerate(heads)]
    for c, parts in enumerate(split_columns(lines, len(heads))):
        if parts:
            cells.append(Cell("\n".join(parts), 1, c, source=Source(file, firsts[0].line, firsts[0].page)))
    row_src = Source(file, firsts[0].line, firsts[0].page)
    return Table(cells, 2, len(heads), src, [src, row_src]), end


def overview_columns(numbers: list[int], switches: dict[int, int], n_cols: int) -> list[int | None]:
    """The column of each overview goal, from the goal numbers in printed order. A converter prints
    the overview row by row (目标 1 of each column, then 目标 2 …: every number twice in a row), or
    column by column a page at a time (runs of numbers going up). Row by row, a number's first print is
    the first column's; column by column, a goal stays in the column being printed (a head printed
    before it names that column) while its numbers go on one by one, and else goes to the column whose
    numbers it goes on."""
    pairs = sum(1 for a, b in zip(numbers, numbers[1:]) if a == b)
    out: list[int | None] = []
    seen: dict[int, set[int]] = {}
    if n_cols > 1 and 2 * pairs >= len(numbers) - 1:
        for n in numbers:
            have = seen.setdefault(n, set())
            col = next((c for c in range(n_cols) if c not in have), None)
            if col is not None:
                have.add(col)
            out.append(col)
        return out
    last = [0] * n_cols
    current = 0
    for k, n in enumerate(numbers):
        current = switches.get(k, current)
        have = seen.setdefault(n, set())
        if last[current] != n - 1 or current in have:
            current = next((c for c in range(n_cols) if last[c] == n - 1 and c not in have),
                           next((c for c in range(n_cols) if c not in have), current))
        if current in have:
            out.append(None)
            continue
        have.add(current)
        last[current] = n
        out.append(current)
    return out
