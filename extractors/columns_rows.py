"""A table body's lines partitioned into rows (``segment_rows``): every row has a 三级指标, its cells
aligned to the middle or the top of the row (``alignment``); a 三级指标 the converter pushed into the label
column beside it is taken back (``free_names``)."""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from .columns_model import Fragment
from .values import is_unit, value_score
from .vocab import basis_of, label_of

MAX_ROW_LINES = 12  # the most key lines one table row may take


def free_names(frs: list[Fragment], name_col: int | None, value_cols: set[int]) -> list[Fragment]:
    """A row's 三级指标 that the converter pushed left into the label column beside it: on a line with
    values and no 三级指标, a label-column piece between that column's lines above and below which
    read as one framework label without it (服务对象满意度 | <name> | 指标) is the row's name."""
    if name_col is None or name_col == 0:
        return frs
    col = name_col - 1
    at = {(f.line, f.col): f for f in frs}
    out = []
    for f in frs:
        line = f.line
        above, below = at.get((line - 1, col)), at.get((line + 1, col))
        if (f.col == col and above and below and (line, name_col) not in at
                and any((line, c) in at for c in value_cols)
                and label_of(above.text + below.text) is not None
                and label_of(above.text + f.text + below.text) is None):
            f = replace(f, col=name_col)
        elif f.col == col and above and (line, name_col) not in at and (line - 1, name_col) in at:
            tail = _name_tail(f.text, above.text)
            if tail:
                out.append(replace(f, text=f.text[:-len(tail)].rstrip()))
                f = replace(f, col=name_col, text=tail)
        out.append(f)
    return out


def _name_tail(text: str, above: str) -> str | None:
    """The last word of a label-column piece that is the wrapped end of the 三级指标 beside it ("度指标 度"
    under "服务对象满意 | …满意"): without it the label reads as a framework label with its line above,
    with it not."""
    head, sep, tail = text.rpartition(" ")
    if not sep or not head.strip() or len(tail) > 3:
        return None
    if label_of(above + head.strip()) is not None and label_of(above + text) is None:
        return tail
    return None


ALIGNMENTS = ("middle", "top")


def alignment(frs: list[Fragment], name_col: int | None, key_cols: set[int]) -> str:
    """How the table's cells sit in their rows. With cells aligned to the middle, a wrapped 三级指标
    leaves the row's values on a line of their own between its lines; with cells aligned to the top,
    every row's first line holds its 三级指标 and values, and wrapped text follows below."""
    cols: dict[int, set[int]] = {}
    whole: set[int] = set()  # lines holding a whole value (≥95%, not a unit wrapped from the line above)
    for f in frs:
        if f.col in key_cols:
            cols.setdefault(f.line, set()).add(f.col)
            if f.col != name_col and not is_unit(f.text) and value_score(f.text) >= 0.7:
                whole.add(f.line)
    if name_col is None or any(name_col not in cs and line in whole for line, cs in cols.items()):
        return "middle"
    return "top"


TWO_VALUES = 5.0  # cost of a row that holds two whole values (or basis types) in one column
SHORT_LINE = 0.5  # a name line shorter than this share of the longest is the last line of its cell
SHORT_WRAP = 2.0  # cost of a row whose name goes on below a short line
CUT_NAME = 2.0  # cost of a row ending on a name line as wide as the column, the line below a name alone


def segment_rows(frs: list[Fragment], name_col: int | None, key_cols: set[int], align: str = "middle",
                 value_cols: frozenset[int] = frozenset()) -> tuple[list[list[Fragment]], float]:
    """Partition the lines holding row cells into table rows, for cells aligned to the middle (a
    wrapped cell's lines above and below the row's one-line cells), the top or the bottom of their row.
    Every row has a 三级指标. A cell of a value or basis column (``value_cols``) holds one value: two whole
    values (12份 and =100%, 计划标准 twice) on two lines of one column are two rows' cells. A wrapped name
    fills its column on each line but the last, so a short name line (…达到上级合格 | 要求) ends its row's
    name. Returns each row's fragments (row-cell columns) and the misfit."""
    keyed = [f for f in frs if f.col in key_cols]
    lines = sorted({f.line for f in keyed})
    if not lines:
        return [], 0.0
    on_line: dict[int, list[Fragment]] = {}
    for f in keyed:
        on_line.setdefault(f.line, []).append(f)
    n = len(lines)
    # a wrapped 三级指标 fills its column on every line but its last: a short name line ends its cell
    name_len = {f.line: len(f.text) for f in keyed if f.col == name_col}
    short = SHORT_LINE * max(name_len.values(), default=0)
    full = max(name_len.values(), default=0) - 1
    # with cells aligned to the top, a line holding only part of the line before's columns goes on it,
    # unless it holds a row's start: a 三级指标 beside a whole value (没有单位的 0 那一行不缺格); so does a line
    # holding the columns of a line that goes on itself, where that line's name fills its column (a name
    # wrapped over three lines beside a note's text: the name had not ended)
    goes_on: set[int] = set()
    for k in range(1, n if align == "top" else 1):
        here, before = {f.col for f in on_line[lines[k]]}, {f.col for f in on_line[lines[k - 1]]}
        name_on = lines[k - 1] in goes_on and here <= before and name_len.get(lines[k - 1], 0) >= full > 1
        if (here < before or name_on) and not _starts_row(on_line[lines[k]], name_col):
            goes_on.add(lines[k])
    best = [0.0] + [float("inf")] * n
    back = [0] * (n + 1)
    line_cols = {ln: [f.col for f in fs] for ln, fs in on_line.items()}
    whole = {ln: [f.col for f in fs if f.col in value_cols and _whole_value(f.text)] for ln, fs in on_line.items()}
    # a row cannot end on a name line that fills its column when the next line holds a name and nothing
    # else, unless that name's values follow on a line of their own (the first line of a row centred on them)
    cut_name = [0 < j < n and name_len.get(lines[j - 1], 0) >= full > 1 and set(line_cols[lines[j]]) == {name_col}
                and not (j + 1 < n and name_col not in line_cols[lines[j + 1]]) for j in range(n + 1)]
    for j in range(1, n + 1):
        # the rows ending at line j-1, growing upwards: each column's lines, the columns in the order in
        # which they first appear from the top
        by_col: dict[int, list[int]] = {}
        bottom = lines[j - 1]
        cut = CUT_NAME if cut_name[j] else 0.0
        seen: set[int] = set()  # the value columns holding a whole value so far
        doubled = 0.0
        named_below = False  # a line below this one in the row holds a piece of its name
        for i in range(j - 1, max(0, j - MAX_ROW_LINES) - 1, -1):
            ln = lines[i]
            for col in whole[ln]:
                if col in seen:
                    doubled += TWO_VALUES
                seen.add(col)
            if ln in name_len:
                if named_below and name_len[ln] < short:
                    doubled += SHORT_WRAP
                named_below = True
            here: dict[int, list[int]] = {}
            for col in line_cols[ln]:
                if col in here:
                    here[col].append(ln)
                else:
                    here[col] = [ln]
            for col, ls in by_col.items():
                if col in here:
                    here[col].extend(ls)
                else:
                    here[col] = ls
            by_col = here
            c = best[i] + _row_cost(by_col, ln, bottom, name_col, align) + (5.0 if ln in goes_on else 0.0) + doubled + cut
            if c < best[j]:
                best[j], back[j] = c, i
    rows, j = [], n
    while j > 0:
        i = back[j]
        rows.append([f for ln in lines[i:j] for f in on_line[ln]])
        j = i
    return rows[::-1], best[n]


@lru_cache(maxsize=1 << 14)
def _whole_value(text: str) -> bool:
    """A cell's text that is a whole value or basis type (≥95%, =12份, 计划标准), not a piece of one (a unit
    or word wrapped from the line above). Cached: segment_rows asks it of every cell on each try."""
    t = text.replace(" ", "")
    return basis_of(t) is not None or not is_unit(t) and value_score(t) >= 0.7


def _starts_row(line: list[Fragment], name_col: int | None) -> bool:
    """A line's cells begin a row: it holds a 三级指标 and a whole value (≥95%, 0, 达成; not a lone unit)."""
    if name_col is None or not any(f.col == name_col for f in line):
        return False
    return any(f.col != name_col and not is_unit(f.text) and value_score(f.text) >= 0.7 for f in line)


VALUELESS = 2.0


def _row_cost(by_col: dict[int, list[int]], top: int, bottom: int, name_col: int | None, align: str) -> float:
    """How badly a row fits, given its cells' lines by column: cells off the row's alignment line,
    wrapped cells with a gap, no 三级指标; minus a reward per row, so that rows are not merged without need."""
    cost, gaps, anchors = 0, 0, 0
    centre = (top + bottom) / 2
    top_aligned = align == "top"
    for ls in by_col.values():
        if top_aligned:
            cost += ls[0] - top
            anchors += ls[0] == top
        else:
            cost += abs(sum(ls) / len(ls) - centre)
            anchors += 1
        # a wrapped cell's lines are at most one line apart (another cell's line may sit between them)
        if len(ls) > 1:
            a = ls[0]
            for b in ls:
                if b - a > 2:
                    gaps += 1
                a = b
    cost += 3.0 * gaps
    if name_col is not None and name_col not in by_col:
        cost += 10.0
    if name_col is not None and len(by_col) == 1 and name_col in by_col:
        cost += VALUELESS  # a row prints its values; a name line without them is usually part of a wrapped name
    return cost - (0.5 if anchors >= 2 or (align == "middle" and anchors) else 0.0)
