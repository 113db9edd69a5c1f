"""Plain pdftotext: a ruled table printed column by column ("jigsaw"), put back into rows.

A converter may print a ruled table's left-hand part (labels and names, one row a line, the 指标性质 of a row
beside its name) as one block, and then each column to its right as a run of its own: the values, the
units, the bases, each run opened by the header words printed late (指标值 | 20 | 90 … | 度量单位 指标值确定依据 |
家 | 亿元 … | 计划标准 …), or the right-hand part after it row by row. Read in that order, the rows lose their
values. Here such a table part is found (between captions and titles on one page) and its lines are put in
the order the rest of the reader reads (the header words, then each row's labels, name, 指标性质, values,
unit and basis), the k-th cell of each column run being row k.

Only a part that can be rebuilt with confidence is: as many bases as rows (or as many values, with no
basis column), the values whole columns (printed as columns or as rows, told apart by what stands between
their runs), the names as many as the rows once a name's wrapped end is joined to it. A right-hand part
printed row by row places its units, bases and comparators by where they stand; printed as columns, units
and comparators go one a row, or one to each row whose value is a bare number (定性 to the word rows);
units that fit neither are left as a run after the rows for the split-target reader to give out by fit,
where a 度量单位 header lets it. A part that looks printed column by column but fails those counts is left
to the reader as it was, with a warning naming its page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .columns import role_of
from .plain_captions import goal_caption, is_title
from .plain_lines import CELL_WORDS, Tok, kind_of
from .plain_words import form_label
from .problems import Problem
from .values import is_unit
from .wrapped_rows import unwrap_row

# what a comparator column (指标性质 / 计算符号) prints alone on a line
_SIGNS = frozenset({"≥", "≤", "=", ">", "<", "＞", "＜", "定性", "定量"})
_BARE_NUMBER = re.compile(r"^[-+]?\d[\d,]*(\.\d+)?$")
_WRAPPED_END = 3  # a name's wrapped end is at most this many characters (…服务覆 / 盖率)
_AFTER = ("value", "unit", "sign", "basis", "header")  # what a column run after the names may hold


def cell_kind(t: Tok) -> str:
    """The line's kind for this step: header, label, goal, sign (a lone comparator or 定性), unit, value,
    basis or name."""
    if t.k in _SIGNS:
        return "sign"
    kind = kind_of(t)
    if kind == "name" and is_unit(t.k):
        return "unit"
    return kind


@dataclass
class _Part:
    """A table part printed column by column: what precedes its names, its rows' left-hand lines, and the
    column runs after them."""

    before: list[Tok]
    left: list[tuple[Tok, str]]
    after: list[tuple[Tok, str]]


_PHASES = (("header", "label"), ("name", "label", "sign"), _AFTER)  # before the names, among them, after them


def _kinds_in_order(toks: list[Tok]) -> list[str] | None:
    """The lines' kinds (cell_kind) when they come in the order header and labels | names, labels and signs
    | column runs; None at the first line out of that order (most parts: a row's value before the next
    row's name), so that a part printed row by row costs a few lines' kinds only."""
    kinds: list[str] = []
    phase = 0
    for t in toks:
        k = cell_kind(t)
        if phase == 0 and k == "name":
            phase = 1
        elif phase == 1 and k not in _PHASES[1]:
            phase = 2
        if k not in _PHASES[phase]:
            return None
        kinds.append(k)
    return kinds


def _split_part(toks: list[Tok]) -> _Part | None:
    """The part's lines as header and labels | names (with labels and signs among them) | column runs,
    or None when the part is not printed so (a value or basis among the names, a name after the values,
    no header word naming the name column, a form label)."""
    if not any(role_of(t.k) == "name" for t in toks):
        return None  # no 三级指标 / 指标名称 header: no indicator table's part (a form, a goal list)
    kinds = _kinds_in_order(toks)
    if kinds is None or any(form_label(t.k) for t in toks):
        return None
    names = [i for i, k in enumerate(kinds) if k == "name"]
    if len(names) < 2 or not any(k == "header" and role_of(t.k) == "name" for t, k in zip(toks, kinds)):
        return None
    first, last = names[0], names[-1]
    while first > 0 and kinds[first - 1] == "label":
        first -= 1  # the first row's labels, printed before its name
    if last + 1 < len(kinds) and kinds[last + 1] == "sign" and "sign" in kinds[first:last]:
        last += 1  # the last row's sign, printed beside its name as the other rows' are
    if any(k not in _AFTER for k in kinds[last + 1:]) or sum(1 for k in kinds[last + 1:] if k == "value") < 2:
        return None  # a label after the last name belongs to no row
    return _Part(toks[:first], _unwrapped(list(zip(toks[first:last + 1], kinds[first:last + 1]))),
                 list(zip(toks[last + 1:], kinds[last + 1:])))


def _unwrapped(left: list[tuple[Tok, str]]) -> list[tuple[Tok, str]]:
    """The left-hand lines with a line of several cells side by side and the wrapped rest of some of them on
    the next line of its block (服务对象满意 参展企业对拓展市场效果的满意 ≥ / 度指标 度) made those cells."""
    out: list[tuple[Tok, str]] = []
    i = 0
    while i < len(left):
        t = left[i][0]
        nxt = left[i + 1][0] if i + 1 < len(left) else None
        cells = unwrap_row([t.text, nxt.text], CELL_WORDS) \
            if nxt is not None and " " in t.text and nxt.block == t.block and nxt.line == t.line + 1 else None
        if cells is None:
            out.append(left[i])
            i += 1
            continue
        for c in cells:
            x = Tok(c, t.line, t.page, t.block)
            out.append((x, cell_kind(x)))
        i += 2
    return out


@dataclass
class _Row:
    """One row of the left-hand part: the labels printed before its name, its name, the sign beside it."""

    labels: list[Tok]
    name: Tok
    sign: Tok | None = None


def _name_blocks(left: list[tuple[Tok, str]]) -> set[int]:
    """The blocks of the left-hand part that hold name pieces only (a converter printing a cell a block, or
    a column of names)."""
    kinds: dict[int, set[str]] = {}
    for t, k in left:
        kinds.setdefault(t.block, set()).add(k)
    return {b for b, ks in kinds.items() if ks == {"name"}}


def _rows(left: list[tuple[Tok, str]], n: int, wide: bool = False) -> list[_Row] | None:
    """The left-hand lines as n rows: each name with the labels before it and the sign after it; a name
    piece right under another name in its block is that name's wrapped end when it is short (≤3 characters),
    and, with ``wide``, when the block holds names only and the line above is as wide as the longest name
    line (the column's width: …即为 / 满意度100%). None when the names do not make exactly n rows so, or a
    sign comes before any name or a second one after a name."""
    names_only = _name_blocks(left) if wide else set()
    full = max((len(t.k) for t, k in left if k == "name"), default=0) - 1  # a line as wide as the column

    def goes_on(a: Tok, ka: str, b: Tok, kb: str) -> bool:
        return ka == kb == "name" and a.block == b.block and \
            (len(b.k) <= _WRAPPED_END or (b.block in names_only and len(a.k) >= full))

    pieces = sum(1 for _, k in left if k == "name")
    if pieces - sum(1 for (a, ka), (b, kb) in zip(left, left[1:]) if goes_on(a, ka, b, kb)) != n:
        return None
    rows: list[_Row] = []
    labels: list[Tok] = []
    prev: tuple[Tok, str] | None = None
    for t, k in left:
        if k == "label":
            labels.append(t)
        elif k == "sign":
            if not rows or rows[-1].sign is not None:
                return None
            rows[-1].sign = t
        elif prev is not None and rows and goes_on(*prev, t, k):
            a = rows[-1].name
            rows[-1].name = Tok(a.text + t.text, a.line, a.page, a.block)
        else:
            rows.append(_Row(labels, t))
            labels = []
        prev = (t, k)
    return rows if not labels else None


def _spread(cells: list[Tok], fitting: list[int], n: int) -> list[Tok | None] | None:
    """Cells of one column printed as a run (units, signs), given to rows: one a row, or one to each of the
    rows they fit (``fitting``, in order); None when neither."""
    if not cells:
        return [None] * n
    if len(cells) == n:
        return list(cells)
    if len(cells) != len(fitting):
        return None
    out: list[Tok | None] = [None] * n
    for i, c in zip(fitting, cells):
        out[i] = c
    return out


_WORD_SIGNS = frozenset({"定性", "定量"})


def _signs(cells: list[Tok], values: list[Tok], n: int,
           placed: list[Tok | None] | None = None) -> list[Tok | None] | None:
    """The 指标性质 cells printed as a run, given to rows: one a row; else 定性 to the rows whose target is a
    word and the comparators (or those ``placed`` already) to the rows whose target is a number, one a row
    of its kind. None when they do not fit so."""
    if len(cells) == n and placed is None:
        return list(cells)
    words = [c for c in cells if c.k in _WORD_SIGNS]
    worded = [i for i, v in enumerate(values) if not re.search(r"\d", v.k)]
    out = list(placed) if placed is not None else \
        _spread([c for c in cells if c.k not in _WORD_SIGNS], [i for i in range(n) if i not in worded], n)
    if out is None or (words and len(words) != len(worded)) or any(out[i] is not None for i in worded if words):
        return None
    for i, c in zip(worded, words):
        out[i] = c
    return out


def _value_columns(after: list[tuple[Tok, str]], n: int) -> list[list[Tok]] | None:
    """The values as columns of n rows, left to right. With one value column the values' printed order is
    the rows' order, whatever is printed between them. With k columns the runs of values are either the
    columns, one a run with only header words between them (前年 | 8 | 3 | 上年 | 9 | 4), or the rows, n runs of
    k values each with the row's other cells (unit, basis) between them. None when they are neither."""
    runs: list[list[Tok]] = []
    gaps: list[set[str]] = []  # the kinds printed between a run and the next
    for t, k in after:
        if k == "value":
            if runs and not gaps[-1]:
                runs[-1].append(t)
            else:
                runs.append([t])
                gaps.append(set())
        elif runs:
            gaps[-1].add(k)
    flat = [t for r in runs for t in r]
    if not n or len(flat) % n:
        return None
    k = len(flat) // n
    if k == 1:
        return [flat]
    between = gaps[:-1]
    if len(runs) == k and all(len(r) == n for r in runs) and all(g == {"header"} for g in between):
        return runs
    if len(runs) == n and all(len(r) == k for r in runs) and all(g - {"header"} for g in between):
        return [list(col) for col in zip(*runs)]
    return None


def _by_place(after: list[tuple[Tok, str]], n: int) -> dict[str, list[Tok | None]] | None:
    """The right-hand part printed row by row (each row's values, then its unit and basis; a comparator
    before the value it goes with): each unit and basis is the row of the values before it, each comparator
    the row of the values after it. None when the values are no n runs (one a row) with other cells between
    them, or a row would get two cells of a kind or a cell no row."""
    runs, apart = 0, 0  # value runs, and those with a unit, sign or basis printed before the next
    prev = ""
    for _, k in after:
        if k == "value" and prev != "value":
            runs += 1
        elif k != "value" and k != "header" and prev == "value":
            apart += 1
        if k != "header":
            prev = k
    if runs != n or n < 2 or apart < runs - 1:
        return None
    got: dict[str, list[Tok | None]] = {"unit": [None] * n, "sign": [None] * n, "basis": [None] * n}
    row, pending, prev = -1, None, ""
    for t, k in after:
        if k == "value" and prev != "value":
            row += 1
            if pending is not None:
                got["sign"][row], pending = pending, None
        elif k == "sign" and t.k not in _WORD_SIGNS:
            if pending is not None:
                return None
            pending = t
        elif k in ("unit", "basis"):
            if row < 0 or got[k][row] is not None:
                return None
            got[k][row] = t
        if k != "header":
            prev = k
    return got if pending is None else None


def _rebuilt(part: _Part) -> list[Tok] | None:
    """The part's lines in row order, or None when the counts leave a doubt."""
    of = {k: [t for t, kk in part.after if kk == k] for k in _AFTER}
    n = len(of["basis"]) or len(of["value"])
    columns = _value_columns(part.after, n)
    rows = _rows(part.left, n) or _rows(part.left, n, wide=True)  # a wide line's wrap only where it makes n rows
    if columns is None or rows is None:
        return None
    targets = columns[-1]
    if of["sign"] and any(r.sign is not None for r in rows):
        return None
    placed = _by_place(part.after, n)
    if placed is not None:
        units: list[Tok | None] | None = placed["unit"]
        signs = _signs([t for t in of["sign"] if t.k in _WORD_SIGNS], targets, n, placed["sign"])
    else:
        units = _spread(of["unit"], [i for i, v in enumerate(targets) if _BARE_NUMBER.match(v.k)], n)
        signs = _signs(of["sign"], targets, n)
    if signs is None or (units is None and "unit" not in {role_of(t.k) for t in part.before + of["header"]}):
        return None  # signs whose rows are not known; units left over with no 度量单位 header to be read by
    bases = of["basis"] or [None] * n
    out = part.before + of["header"]
    for i, row in enumerate(rows):
        cells = [*row.labels, row.name, row.sign or signs[i], *(col[i] for col in columns),
                 units[i] if units else None, bases[i]]
        out.extend(c for c in cells if c is not None)
    return out + (of["unit"] if units is None else [])


def _parts(toks: list[Tok]) -> list[tuple[int, int]]:
    """The stretches of lines between captions, titles and page breaks: (start, end) indexes."""
    bounds = [0]
    for i in range(1, len(toks)):
        t = toks[i]
        if t.page != toks[i - 1].page or goal_caption(t.k) is not None or is_title(t):
            bounds.append(i)
    bounds.append(len(toks))
    return list(zip(bounds, bounds[1:]))


def rebuild_jigsaws(toks: list[Tok], file: str) -> tuple[list[Tok], list[Problem]]:
    """The lines with each table part printed column by column put back in row order; a warning for each
    such part left as it was because its counts leave a doubt."""
    out: list[Tok] = []
    notes: list[Problem] = []
    for a, b in _parts(toks):
        chunk = toks[a:b]
        start = 1 if chunk and (goal_caption(chunk[0].k) is not None or is_title(chunk[0])) else 0
        part = _split_part(chunk[start:])
        rows = _rebuilt(part) if part is not None else None
        if part is not None and rows is None:
            first = part.left[0][0]
            notes.append(Problem("warning", "plain-jigsaw",
                                 f"第{first.page}页的表格按列打印，各列格数对不上，无法可靠拼回各行，按原顺序读取，请核对",
                                 f"{file}:{first.line} (p.{first.page})"))
        out.extend(chunk[:start] + rows if rows is not None else chunk)
    return out, notes
