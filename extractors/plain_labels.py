"""Plain pdftotext, an indicator table's merged labels: 目标名称, 一级 and 二级 labels, printed once each in
the converter's order, spread over the rows their words and the framework fit.
"""
from __future__ import annotations

from bisect import bisect_left

from .captions import goal_cell_number
from .grid import Cell, Source
from .label_affinity import concept_of, framework_orders, level1_framework_orders, level2_affinity, split_runs, split_runs_scored
from .plain_kinds import Item
from .vocab import label_of, level1_for_level2, level2_kinds


def place_labels(items: list[Item], rows: list[list[Item]], row_values: list[list[Item]], cells: list[Cell], file: str) -> None:
    """Merged 目标名称, 一级 and 二级 labels over the rows."""
    if not rows:
        return
    level1: list[Item] = []
    level2: list[Item] = []
    goals: list[Item] = []
    for it in items:
        if it.kind == "goal":
            goals.append(it)
        elif it.kind == "label":
            lab = label_of(it.tok.k)
            assert lab is not None
            is_level1 = lab.level1 is not None and (lab.level2 is None or _after_level1(it, items))
            (level1 if is_level1 else level2).append(it)
    own2, own1, own_goals = (_printed_on_every_row(rows, labels) for labels in (level2, level1, goals))
    if own_goals is None:
        own_goals = _goal_cell_per_row(rows, goals)
    level2 = _collapse(level2)
    level1 = _collapse(level1)
    goals = _collapse(goals)
    per_row2 = own2 if own2 is not None else _level2_rows(items, rows, row_values, level2, _groups_repeat(level1) or len(goals) > 1)
    row_level2 = [it.tok.text for it in per_row2] if per_row2 else [None] * len(rows)
    if per_row2:
        _span_cells(cells, per_row2, 2, file)
    per_row1 = own1 if own1 is not None else _level1_rows(level1, row_level2)
    row_level1 = [it.tok.text for it in per_row1] if per_row1 else [None] * len(rows)
    if per_row1:
        _span_cells(cells, per_row1, 1, file)
    if own_goals is not None:
        _span_cells(cells, own_goals, 0, file)
    elif goals:
        # each goal cell over the rows printed nearest it (a merged cell is printed among its rows)
        runs = _framework_runs(row_level1, row_level2)
        if len(goals) > 1 and max(runs) + 1 == len(goals):
            # the goals' rows are where the framework starts over; the goals in their numbers' order
            ordered = sorted(goals, key=lambda g: (goal_cell_number(g.tok.text)[0] or 0, g.pos))
            _span_cells(cells, [ordered[k] for k in runs], 0, file)
        else:
            aff = [[-abs(grp[0].pos - g.pos) / len(items) for g in goals] for grp in rows]
            _span_cells(cells, [goals[k] for k in split_runs(aff)], 0, file)


def _level2_rows(items: list[Item], rows: list[list[Item]], row_values: list[list[Item]], level2: list[Item],
                 printed_order: bool) -> list[Item]:
    """Each row's 二级 label ([] when the table prints none): the labels split over the rows where the rows' words
    (and labels printed in line with a row) fit them best, in their printed order when ``printed_order`` (several
    goals, or 一级 labels repeated by group), else in an order the framework prints them in."""
    if not level2:
        return []
    if not printed_order:
        # one goal: each 二级 concept once, in an order the framework prints them in (the reading
        # order of a page's labels is not theirs)
        seen: dict[str | None, Item] = {}
        for it in level2:
            seen.setdefault(concept_of(it.tok.text) or it.tok.k, it)
        level2 = list(seen.values())
    names = ["".join(g.tok.text for g in grp) for grp in rows]
    targets = [vals[-1].tok.text if vals else None for vals in row_values]
    orders = framework_orders([it.tok.text for it in level2]) if not printed_order else [list(range(len(level2)))]
    best: tuple[list[int], float, list[int]] | None = None
    inline = _inline_labels(items, rows)
    for order in orders:
        aff = [[level2_affinity(n, t, level2[o].tok.text) + _inline_fit(r, inline.get(_label_key(level2[o]), set()))
                for o in order] for r, (n, t) in enumerate(zip(names, targets))]
        assignment, score = split_runs_scored(aff)
        if best is None or score > best[1]:
            best = (assignment, score, order)
    assert best is not None
    return [level2[best[2][k]] for k in best[0]]


def _level1_rows(level1: list[Item], row_level2: list[str | None]) -> list[Item]:
    """Each row's 一级 label ([] when the table prints none): a 一级 label goes over the rows whose 二级 label
    belongs to it in the framework, wherever the converter printed it; rows with no such 二级 label take the
    order of the 一级 labels."""
    if not level1:
        return []
    by_concept: dict[str, Item] = {}
    for it in level1:
        c = _concept1(it.tok.text)
        if c is not None:
            by_concept.setdefault(c, it)
    parents = [_parent(t) for t in row_level2]
    if all(p is not None and p in by_concept for p in parents):
        return [by_concept[p] for p in parents if p is not None]
    # the labels in their printed order or in an order the framework prints them in,
    # whichever fits the rows' 二级 labels best (a converter may print 满意度 before 产出)
    best1: tuple[float, list[Item]] | None = None
    for order in _level1_orders(level1):
        aff = [[_level1_fit(p, _concept1(it.tok.text)) for it in order] for p in parents]
        assignment, score = split_runs_scored(aff)
        if best1 is None or score > best1[0]:
            best1 = (score, [order[k] for k in assignment])
    assert best1 is not None
    return best1[1]


def _printed_on_every_row(rows: list[list[Item]], labels: list[Item]) -> list[Item] | None:
    """Each row's own label where the table prints one on every row (no merged cells: 产出指标 | 数量指标 | name,
    row by row): the one label printed after the name of the row before and before the row's own name. None
    unless the rows are in printed order and every row has exactly one."""
    if len(rows) < 2 or len(labels) != len(rows):
        return None
    firsts = [grp[0].pos for grp in rows]
    if any(a >= b for a, b in zip(firsts, firsts[1:])):
        return None
    out: list[Item] = []
    after = -1
    for first in firsts:
        mine = [it for it in labels if after < it.pos < first]
        if len(mine) != 1:
            return None
        out.append(mine[0])
        after = first
    return out


def _goal_cell_per_row(rows: list[list[Item]], goals: list[Item]) -> list[Item] | None:
    """Each row's goal cell where the table prints one on (nearly) every row, not one merged cell a goal: three
    quarters of the rows or more have a goal cell, and two goals at least. Each row takes the goal cells printed
    between the row before and its own name (or, where most rows print theirs after the name, between its name
    and the next row's) in turn: a page's cells may come in the converter's order, a few rows' goal cells
    together, and the rows after take the ones left over; a row with none left takes the goal of the row
    before (the first rows: the first goal). None when the table prints goal cells more sparsely."""
    if len(rows) < 2 or len({g.tok.k for g in goals}) < 2 or 4 * len(goals) < 3 * len(rows):
        return None
    firsts = [grp[0].pos for grp in rows]
    spans = _goal_spans(firsts, goals, after=False)
    after = _goal_spans(firsts, goals, after=True)
    if sum(len(s) == 1 for s in after) > sum(len(s) == 1 for s in spans):
        spans = after
    out: list[Item] = []
    queue: list[Item] = []
    for span in spans:
        queue.extend(span)
        out.append(queue.pop(0) if queue else (out[-1] if out else goals[0]))
    return out


def _goal_spans(firsts: list[int], goals: list[Item], after: bool) -> list[list[Item]]:
    """The goal cells printed between the row before's first name and each row's (``after``: between each row's
    first name and the next row's), in order; those outside every span go to the first or last row."""
    out: list[list[Item]] = [[] for _ in firsts]
    for g in sorted(goals, key=lambda g: g.pos):
        r = bisect_left(firsts, g.pos) - (1 if after else 0)
        out[min(max(r, 0), len(firsts) - 1)].append(g)
    return out


def _framework_runs(level1: list[str | None], level2: list[str | None]) -> list[int]:
    """Each row's run, counting from 0: a new run starts where a row's 一级 (or, without one, 二级) label
    changes to one the run has had already (产出 … 效益 … 满意度, then 产出 again: the next goal's rows)."""
    out: list[int] = []
    run, seen = 0, set()
    prev: str | None = None
    for l1, l2 in zip(level1, level2):
        lab = _concept1(l1) if l1 else (concept_of(l2) if l2 else None)
        if lab is not None and lab != prev and lab in seen:
            run, seen = run + 1, set()
        if lab is not None:
            seen.add(lab)
            prev = lab
        out.append(run)
    return out


def _groups_repeat(level1: list[Item]) -> bool:
    """一级标签在表内不相邻地重复出现（产出 … 效益 … 产出）：表格按组重复打印标签，二级标签按打印顺序逐组分配，不去重。"""
    seen: set[str] = set()
    for a, b in zip(level1, level1[1:] + [None]):
        c = _concept1(a.tok.text) or a.tok.k
        if c in seen:
            return True
        if b is None or (_concept1(b.tok.text) or b.tok.k) != c:
            seen.add(c)
    return False


def _label_key(it: Item) -> str:
    return concept_of(it.tok.text) or it.tok.k


def _inline_labels(items: list[Item], rows: list[list[Item]]) -> dict[str, set[int]]:
    """The rows a 二级 label was printed in line with: the label read between one row's last cell (a
    value, basis or note) and the next row's name, or on its name's line. Its merged cell spans that row."""
    row_of = {id(n): r for r, grp in enumerate(rows) for n in grp}
    out: dict[str, set[int]] = {}
    for prev, it, nxt in zip(items, items[1:], items[2:]):
        if it.kind != "label" or nxt.kind != "name" or id(nxt) not in row_of:
            continue
        if prev.kind in ("value", "basis", "note", "number_note", "row_no") or nxt.tok.line == it.tok.line:
            out.setdefault(_label_key(it), set()).add(row_of[id(nxt)])
    return out


def _inline_fit(r: int, rows: set[int]) -> float:
    """Row r under a label printed in line with `rows`: it spans them (+2), and more likely starts at
    one of them than takes the row above in (-0.5)."""
    return 2.0 if r in rows else (-0.5 if r + 1 in rows else 0.0)


def _after_level1(it: Item, items: list[Item]) -> bool:
    """An ambiguous label (满意度指标, 成本指标) is a 一级 label unless a 一级 label with the same concept
    came just before it (then it is the 二级 label under it)."""
    lab = label_of(it.tok.k)
    prev = next((x for x in reversed(items[:it.pos]) if x.kind == "label"), None)
    if prev is None:
        return True
    plab = label_of(prev.tok.k)
    return not (plab is not None and plab.level1 is not None and plab.level1 == (lab.level1 if lab else None) and prev.tok.k != it.tok.k)


def _level1_orders(level1: list[Item]) -> list[list[Item]]:
    """The printed order of the 一级 labels, then the framework's orders of them (成本 first as the
    newer templates print it, or after 产出); a label the framework does not know keeps its place."""
    out = [level1]
    for order in level1_framework_orders([_concept1(it.tok.text) for it in level1]):
        labels = [level1[k] for k in order]
        if labels not in out:
            out.append(labels)
    return out


def _level1_fit(parent: str | None, level1: str | None) -> float:
    """How well a row whose 二级 label belongs to `parent` stands under the printed 一级 label: +1 when
    they agree, -1 when not, and -2 under a 一级 that holds a single 二级 kind in the framework (满意度指标
    holds only 服务对象满意度指标): a document that files a row under the wrong 一级 files it under a broad
    one, not under the satisfaction label."""
    if parent is None:
        return 0.0
    if parent == level1:
        return 1.0
    return -2.0 if level1 is not None and level2_kinds(level1) == 1 else -1.0


def _collapse(labels: list[Item]) -> list[Item]:
    """Labels in order, a label repeated right after itself (printed again on the next page) once."""
    out: list[Item] = []
    for it in labels:
        if out and out[-1].tok.k == it.tok.k:
            continue
        out.append(it)
    return out


def _parent(printed: str | None) -> str | None:
    lab = label_of(printed) if printed else None
    return level1_for_level2(lab.level2) if lab is not None and lab.level2 else None


def _concept1(printed: str) -> str | None:
    lab = label_of(printed)
    return lab.level1 if lab is not None else None


def _span_cells(cells: list[Cell], per_row: list[Item], col: int, file: str) -> None:
    """One merged cell per run of rows that share a label."""
    r = 0
    while r < len(per_row):
        end = r
        while end + 1 < len(per_row) and per_row[end + 1] is per_row[r]:
            end += 1
        t = per_row[r].tok
        cells.append(Cell(t.text, r + 1, col, rowspan=end - r + 1, source=Source(file, t.line, t.page)))
        r = end + 1
