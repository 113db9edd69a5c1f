"""Plain pdftotext, an indicator table's rows: names (wrapped over lines or not) paired with their values
and basis, in reading order or, where the converter printed them apart, by count and words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .plain_kinds import Item
from .text import display_width
from .values import is_quantitative, normalise


_SURE_WRAP = 1.4  # a full line with a short rest, or a rest opening with a comma: a count of rows does not undo it
_GOES_ON = re.compile(r"^[，,。.、；;：:）)】」』%％]")


def _wrap_joins(name_runs: list[list[Item]], widest: float, n_rows: int) -> set[int]:
    """Which name lines go on with the line before them (their ``pos``). Candidates are consecutive
    name lines of one block: a line as wide as the table's widest name line was wrapped, more surely
    when the line after it is a short rest. Where the values make ``n_rows`` rows, that count decides
    between a wrap and two names stacked in one block (完成创新单元建设 / 项目建成率): the least wrap-like
    joins are undone, or the most wrap-like lines joined, until the names match the rows."""
    cands: list[tuple[float, int]] = []
    for run in name_runs:
        for a, b in zip(run, run[1:]):
            if a.tok.block == b.tok.block:
                wa, wb = display_width(a.tok.text), display_width(b.tok.text)
                # a wrapped line fills its column and leaves a short rest; stacked names are whole
                score = (wa / widest if widest else 0.0) + (0.5 if wb <= 0.5 * wa else 0.0)
                if _GOES_ON.match(b.tok.text):  # a line opening with a comma or a closing bracket goes on
                    score += 1.0
                cands.append((score, b.pos))
    joins = {pos for score, pos in cands if score >= 0.9}
    if n_rows <= 0:
        return joins
    names = sum(len(run) for run in name_runs)
    by_score = sorted(cands)
    for score, pos in by_score:  # too few names: undo the least wrap-like joins, never a sure one
        if names - len(joins) >= n_rows or score >= _SURE_WRAP:
            break
        joins.discard(pos)
    for score, pos in reversed(by_score):  # too many names: join the most wrap-like lines
        if names - len(joins) <= n_rows or score < 0.5:
            break
        joins.add(pos)
    return joins


def _name_groups(names: list[Item], joins: set[int]) -> list[list[Item]]:
    """Consecutive name lines split into names, a line in `joins` going on with the one before it."""
    out: list[list[Item]] = []
    for n in names:
        if out and n.pos in joins:
            out[-1].append(n)
        else:
            out.append([n])
    return out


def _shape(text: str) -> str:
    """A value's shape: comparator and unit, digits dropped (≥30篇 → ≥#篇)."""
    return re.sub(r"[\d.,\s]+", "#", normalise(text))


def _split_values(vals: list[Item], per_row: int) -> list[list[Item]]:
    """A run of values with no basis between them cut into rows of at most per_row values: alike values
    (≥30篇 ≥30篇 ≥40篇) stay in one row, full rows are preferred."""
    V = len(vals)
    if per_row <= 1:
        return [[v] for v in vals]
    inf = float("inf")
    best = [inf] * (V + 1)
    back = [0] * (V + 1)
    best[0] = 0.0
    for v in range(V):
        if best[v] == inf:
            continue
        for take in range(1, min(per_row, V - v) + 1):
            chunk = vals[v:v + take]
            cost = best[v] + 0.5 * (per_row - take) + 0.6 * (len({_shape(c.tok.text) for c in chunk}) - 1)
            if v + take < V and _shape(vals[v + take].tok.text) == _shape(chunk[-1].tok.text) and take < per_row:
                cost += 0.6  # an alike value left for the next row
            if cost < best[v + take]:
                best[v + take], back[v + take] = cost, take
    out: list[list[Item]] = []
    v = V
    while v > 0:
        out.append(vals[v - back[v]:v])
        v -= back[v]
    return out[::-1]


def _chunks(run: list[Item], per_row: int) -> list[list[Item]]:
    """A run of values and bases cut into rows: a basis ends its row; more values than a row holds
    before it are rows of their own."""
    out: list[list[Item]] = []
    vals: list[Item] = []
    n_vals = next((k for k, it in enumerate(run) if it.kind == "basis"), len(run))
    bases = run[n_vals:]
    if len(bases) >= 2 and all(b.kind == "basis" for b in bases) and n_vals == per_row * len(bases):
        # 指标值一栏印完再印依据一栏：按顺序一行一对
        return [run[k * per_row:(k + 1) * per_row] + [b] for k, b in enumerate(bases)]
    for it in run:
        if it.kind == "basis":
            own = vals[max(0, len(vals) - per_row):] if vals else []
            rest = vals[:len(vals) - len(own)]
            out.extend(_split_values(rest, per_row))
            out.append(own + [it])
            vals = []
        else:
            vals.append(it)
    out.extend(_split_values(vals, per_row))
    return out


@dataclass
class Row:
    names: list[Item]
    cells: list[Item]  # values, then the basis if printed

    @property
    def pos(self) -> int:
        return min(it.pos for it in self.names + self.cells)


def assemble_rows(items: list[Item], per_row: int) -> list[Row]:
    """Rows from names, values and bases in reading order. A name followed by values takes them; names
    and value runs left alone (the converter printed them apart) are paired in order. Rows come in the
    order of their first printed piece."""
    seq = [it for it in items if it.kind in ("name", "value", "basis")]
    names_all = [it for it in seq if it.kind == "name"]
    widest = max((display_width(n.tok.text) for n in names_all), default=0.0)
    runs: list[tuple[str, list[Item]]] = []
    for it in seq:
        kind = "N" if it.kind == "name" else "VB"
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(it)
        else:
            runs.append((kind, [it]))
    n_rows = sum(len(_chunks(run, per_row)) for kind, run in runs if kind == "VB")
    joins = _wrap_joins([run for kind, run in runs if kind == "N"], widest, n_rows)
    rows: list[Row] = []
    lone_names: list[list[Item]] = []
    lone_cells: list[list[Item]] = []
    i = 0
    while i < len(runs):
        kind, run = runs[i]
        if kind == "VB":
            lone_cells.extend(_chunks(run, per_row))
            i += 1
            continue
        groups = _name_groups(run, joins)
        chunks = _chunks(runs[i + 1][1], per_row) if i + 1 < len(runs) else []
        n = min(len(groups), len(chunks))
        if any(_header_between(items, a, b) for a, b in zip(run, run[1:])):
            # a header word among the names: the converter left the names column between them, so
            # the values after the last name are no sure sign of whose they are
            lone_names.extend(groups)
            lone_cells.extend(chunks)
            i += 2 if chunks else 1
            continue
        if len(groups) > len(chunks) and chunks:
            # names printed before their row's values: the last names own the values that follow
            lone_names.extend(groups[:len(groups) - n])
            pairs = zip(groups[len(groups) - n:], chunks)
        elif len(chunks) > len(groups) and lone_names and i + 2 == len(runs) and not lone_cells \
                and any(it.kind == "header" for it in items[run[-1].pos + 1:chunks[0][0].pos]):
            # more values than names at the table's end, all printed after a header word (none next to
            # the names), and no values printed apart before: printed after the body, top to bottom,
            # they are first the values of the names above that have none
            k = min(len(lone_names), len(chunks) - len(groups))
            earlier, lone_names = lone_names[len(lone_names) - k:], lone_names[:len(lone_names) - k]
            pairs = list(zip(earlier + groups, chunks))
            n = len(pairs)
        else:
            pairs = zip(groups[:n], chunks[:n])
            lone_names.extend(groups[n:])
        rows.extend(Row(g, c) for g, c in pairs)
        lone_cells.extend(chunks[n:])
        i += 2 if chunks else 1
    taken = _pair_by_words(lone_names, lone_cells)
    for g, k in zip(lone_names, taken):
        rows.append(Row(g, lone_cells[k] if k is not None else []))
    in_order = _paired_in_order(runs, joins, per_row, rows)
    if in_order is not None:
        return _join_valueless(in_order)
    rows.sort(key=lambda r: r.pos)
    for k, chunk in enumerate(lone_cells):
        if k not in taken:
            _give_to_a_row(chunk, rows, per_row)
    return _join_valueless(rows)


def _header_between(items: list[Item], a: Item, b: Item) -> bool:
    """A header word printed between two names: they are not one block of the names column (the
    converter went on to another part of the page between them)."""
    return any(it.kind == "header" for it in items[a.pos + 1:b.pos])


def _paired_in_order(runs: list[tuple[str, list[Item]]], joins: set[int], per_row: int, rows: list[Row]) -> list[Row] | None:
    """The k-th name with the k-th value row, when the table has as many names as value rows and the
    pairing by neighbourhood crosses itself (a page's first rows printed as values before their names,
    the next names before theirs): a row order that crosses is no reading order, the count is. None
    when the neighbourhood pairing is kept (it does not cross, the counts differ, or it fits the
    names' words better)."""
    if not runs or runs[0][0] != "VB":
        return None
    blocks = [_name_groups(run, joins) if kind == "N" else [] for kind, run in runs]
    if any(len(b) < 2 for (kind, _), b in zip(runs[:-1], blocks) if kind == "N"):
        return None  # a name followed by its values somewhere: the converter printed row by row
    groups = [g for b in blocks for g in b]
    chunks = [c for kind, run in runs if kind == "VB" for c in _chunks(run, per_row)]
    if len(groups) != len(chunks) or len(rows) != len(groups) or any(not r.cells for r in rows):
        return None
    by_name = sorted(rows, key=lambda r: r.names[0].pos)
    firsts = [r.cells[0].pos for r in by_name]
    if all(a < b for a, b in zip(firsts, firsts[1:])):
        return None
    ordered = [Row(g, c) for g, c in zip(groups, chunks)]
    if sum(_word_fit(r.names, r.cells) > 0 for r in ordered) < sum(_word_fit(r.names, r.cells) > 0 for r in rows):
        return None
    return sorted(ordered, key=lambda r: r.pos)


_SATISFIED = re.compile(r"满意")
_PERCENT = re.compile(r"[%％]")
_MAX_PAIRED = 12  # names and value rows paired by their words (a search over subsets): more keep their order


def _word_fit(names: list[Item], cells: list[Item]) -> float:
    """How well a row's value cells fit its name by their words: a word target that repeats two
    characters of the name (提升 for 档案信息化建设水平提升, 有效预防 for 预防和减少…), a percentage
    for a 满意度 name."""
    name = "".join(n.tok.k for n in names)
    fit = 0.0
    for c in cells:
        if c.kind != "value":
            continue
        v = c.tok.k
        if not is_quantitative(c.tok.text) and any(v[i:i + 2] in name for i in range(len(v) - 1)):
            fit += 1.0
        elif _SATISFIED.search(name) and _PERCENT.search(v):
            fit += 1.0
    return fit


def _pair_by_words(names: list[list[Item]], chunks: list[list[Item]]) -> list[int | None]:
    """Which value row each lone name takes (the index into `chunks`, None for none). Names and value
    rows printed apart are paired in order, unless their words pair them otherwise (a name printed after
    the others, as a tall cell may be: 提升 goes with 档案信息化建设水平提升 wherever it stands)."""
    n, m = len(names), len(chunks)
    in_order: list[int | None] = [k if k < m else None for k in range(n)]
    if n < 2 or m < 2 or n > _MAX_PAIRED or m > _MAX_PAIRED:
        return in_order
    fit = [[_word_fit(g, c) - 1e-3 * abs(i - k) for k, c in enumerate(chunks)] for i, g in enumerate(names)]
    # best[mask]: the best total for the first popcount(mask) names taking the chunks in mask
    best: dict[int, tuple[float, list[int]]] = {0: (0.0, [])}
    for i in range(min(n, m)):
        nxt: dict[int, tuple[float, list[int]]] = {}
        for mask, (score, picks) in best.items():
            for k in range(m):
                if mask & (1 << k):
                    continue
                cand = (score + fit[i][k], picks + [k])
                key_ = mask | (1 << k)
                if key_ not in nxt or cand[0] > nxt[key_][0]:
                    nxt[key_] = cand
        best = nxt
    score, picks = max(best.values(), key=lambda v: v[0])
    ordered = sum(fit[i][k] for i, k in enumerate(in_order) if k is not None)
    if score <= ordered + 0.5:
        return in_order  # the words do not clearly pair them otherwise
    return picks + [None] * (n - len(picks))


def _join_valueless(rows: list[Row]) -> list[Row]:
    """Two rows in a row that have no value are one row whose word target reads like a name: a tall
    cell's text is printed apart from its row. `X | 计划标准 | Y` (X closed by the basis, Y alone) is the
    row Y with the target X, printed before its name; `X | Y (| 计划标准)` (X alone) is the row X with
    the target Y."""
    def valueless(r: Row) -> bool:
        return len(r.names) == 1 and not any(c.kind == "value" for c in r.cells)
    out: list[Row] = []
    for row in rows:
        prev = out[-1] if out else None
        if prev is not None and valueless(prev) and valueless(row):
            if prev.cells and not row.cells:
                name, value, cells = row.names, prev.names[0], prev.cells
            elif not prev.cells:
                name, value, cells = prev.names, row.names[0], row.cells
            else:
                out.append(row)
                continue
            value.kind = "value"
            out[-1] = Row(name, [value] + cells)
            continue
        out.append(row)
    return out


def _give_to_a_row(chunk: list[Item], rows: list[Row], per_row: int) -> None:
    """Values no name took (a row's 前年 and 上年 printed before its name, its target after it) go to the
    first row after them with room for them, else the last before them with room."""
    if not chunk or any(c.kind != "value" for c in chunk):
        return
    def room(r: Row) -> bool:
        return sum(1 for c in r.cells if c.kind == "value") + len(chunk) <= per_row
    at = chunk[0].pos
    target = next((r for r in rows if r.pos > at and room(r)), None) or next((r for r in reversed(rows) if r.pos < at and room(r)), None)
    if target is not None:
        target.cells = sorted(target.cells + chunk, key=lambda c: (c.kind == "basis", c.pos))
