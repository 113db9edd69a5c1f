"""Merged labels (目标名称, 一级, 二级) placed over the rows: a label column's pieces joined into labels
(``label_clusters``), each label given the run of rows it is centred on (``assign_labels``), the 二级 labels
first so that the 一级 ones agree with the framework."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from itertools import accumulate

from .columns_model import Fragment
from .label_affinity import level2_affinity
from .text import key
from .vocab import label_of, level1_for_level2

_COMPLETE_LEVEL = re.compile(r"(指标|类)$")
_GOAL_START = re.compile(r"^(?:(长期|年度)?(绩效)?目标|\d{1,2}[.、．](?!\d))")  # 目标1, 长期目标 …, or a goal number 1.
_COMPLETE_GOAL = re.compile(r"目标\s*\d+$|^\d+$|[。；;]$")


def _complete(text: str, role: str | None) -> bool:
    k = key(text)
    if role in ("level1", "level2"):
        return bool(_COMPLETE_LEVEL.search(k))
    if role == "goal":
        return bool(_COMPLETE_GOAL.search(k))
    return True


def label_clusters(frs: list[Fragment], role: str | None) -> list[list[Fragment]]:
    """The pieces of a label column joined into labels: a piece that does not end a label (服务对象满意)
    goes on with the next piece one or two lines below, unless it is a whole label already that the next
    piece does not continue (服务对象满意度 over 数量指标) or, in a goal column, the next piece starts the goal
    again (a goal printed on every row, wrapped or not: 1.保障单位运 | 转 over 1.保障单位运 | 转)."""
    out: list[list[Fragment]] = []
    for f in sorted(frs, key=lambda f: f.line):
        if out:
            cur = out[-1]
            text = "".join(x.text for x in cur)
            starts_new = role == "goal" and bool(_GOAL_START.match(key(f.text))) and bool(_GOAL_START.match(key(text)))
            # a goal printed on every row (not merged): its first piece again starts the next row's goal
            starts_new = starts_new or role == "goal" and key(f.text) == key(cur[0].text)
            # a whole label the next piece does not go on (服务对象满意度, then 数量指标) is complete
            whole = role in ("level1", "level2") and label_of(text) is not None and label_of(text + f.text) is None
            if f.line - cur[-1].line <= 2 and not _complete(text, role) and not starts_new and not whole:
                cur.append(f)
                continue
        out.append([f])
    return out


def assign_labels(spans: list[tuple[int, int]], clusters: list[list[Fragment]], align: str = "middle",
                  parents: list[str | None] | None = None, continues: bool = False,
                  rows: list[tuple[str, str]] | None = None,
                  breaks: list[int] = ()) -> tuple[list[tuple[int, int, list[Fragment]]], float]:
    """Give each label the run of rows it is centred on (or starts at, for top-aligned labels). spans
    are the rows' (top, bottom) lines. Returns [(first row, last row, label pieces)] and the misfit.
    A label above the first row (or below the last) is the rest of a label cut by a page break: it
    reaches the edge of the table.

    `breaks` are the rows that open a page of a table cut by page breaks (its parts' lines numbered on
    over the gap). A label over rows on both sides of a break may stand at the middle of its whole
    range (a spreadsheet's print, which adds a clipped copy at the top of the next page), at the top of
    its range or at the middle of its rows on the first page (report printers). `continues`: the
    table may go on past its last row (the next page opens with another header), so its last label may
    have been cut the same way.

    `parents` (for a 一级 column) is each row's 一级 concept as its 二级 label implies in the framework
    (None where unknown): a 一级 label over rows whose 二级 belongs elsewhere costs MISMATCH per row, and
    such rows left without a 一级 cost UNLABELLED each.

    `rows` (for a 二级 column: each row's name and value) breaks ties of position: a label printed
    between two rows, equally far from the middles of either range, goes with the rows whose words fit
    it (see ``label_affinity``); a word's weight is well below one line of position."""
    R, K = len(spans), len(clusters)
    if R == 0:
        return [], 0.0  # labels with no row to give them to
    wrong = _mismatch_counts(clusters, parents) if parents else None
    regret = _regret_counts(clusters, rows) if rows else None
    known = list(accumulate((p is not None for p in parents or [None] * R), initial=0))
    inf = float("inf")
    empty, lead, skip = 2.5, 1.0, 3.0
    # cost[k][i]: the least misfit of rows before i given the labels before k; back: the step there
    cost = [[inf] * (R + 1) for _ in range(K + 1)]
    back: list[list[tuple | None]] = [[None] * (R + 1) for _ in range(K + 1)]
    cost[0][0] = 0.0
    top_aligned = align == "top"
    warp = row_height_warp(spans)
    centres = [warp(c[0].line if top_aligned else (c[0].line + c[-1].line) / 2) for c in clusters]
    tops = [warp(t) for t, _ in spans]
    bottoms = [warp(b) for _, b in spans]
    first_break = _first_breaks(breaks, R)
    break_lines = [spans[b][0] for b in breaks if b < R]  # a break after the last row opens no row
    skips = [0.0 if _copy_over_break(clusters, k, break_lines) else skip for k in range(K)]
    # the empty-row step from a row below which no row has a known 一级 costs the same for every j: kept as
    # a running minimum per label count (pend, its step pend_step) and given to cost[k][i] when row i is
    # reached, exactly as the pushes it replaces would have left it (on a tie the earlier step stays)
    pend, pend_step = [inf] * (K + 1), [None] * (K + 1)
    label_args = (centres, tops, bottoms, top_aligned, continues, first_break, wrong, regret)
    bound = min(_placement_cost(owner, label_args, skips, known, lead, empty)
                for owner in _owners(centres, tops, bottoms, top_aligned)) + 1e-9
    for i in range(R + 1):
        gap = lead if i == 0 else empty  # rows at the top of a table may belong to a label printed before it
        cut = first_break[i]
        for k in range(K + 1):  # row i is reached by no push from now on but the skips, which come last
            _settle_empty(cost, back, pend, pend_step, i, k)
        flat, known_i = known[i] == known[R], known[i]
        for k in range(K + 1):
            base = cost[k][i]
            if base > bound:  # unreached, or dearer than a whole placement: on no least-cost path
                continue
            if k < K and i < R:
                _relax_label(cost[k + 1], back[k + 1], base, i, k, centres[k], tops, bottoms, top_aligned, continues,
                             cut, wrong[k] if wrong is not None else None, regret[k] if regret is not None else None)
            if k < K and base + skips[k] < cost[k + 1][i]:  # a label printed twice or outside any row: dropped
                cost[k + 1][i], back[k + 1][i] = base + skips[k], ("skip", i, k)
            # rows i..j left without a label
            start = base + gap
            if flat:  # no row below i has a known 一级: the same cost for every j
                if start < pend[k]:
                    pend[k], pend_step[k] = start, ("empty", i, k)
                continue
            here, steps, step = cost[k], back[k], ("empty", i, k)
            for j in range(i, R):
                c = start + UNLABELLED * (known[j + 1] - known_i)
                if c < here[j + 1]:
                    here[j + 1], steps[j + 1] = c, step
    return _traced_back(back, clusters, R, K), cost[K][R]


def _traced_back(back: list[list[tuple | None]], clusters: list[list[Fragment]], R: int,
                 K: int) -> list[tuple[int, int, list[Fragment]]]:
    """The labels' runs of rows, [(first row, last row, label pieces)], read back from the least-cost steps."""
    out = []
    i, k = R, K
    while (i, k) != (0, 0):
        step = back[k][i]
        assert step is not None
        kind, pi, pk = step
        if kind == "label":
            out.append((pi, i - 1, clusters[pk]))
        i, k = pi, pk
    return out[::-1]


def _first_breaks(breaks: list[int], R: int) -> list[int]:
    """The first page break after each row 0..R (rows i..j are cut when it is ≤ j); R + 1 where none."""
    ordered = sorted(breaks)
    return [ordered[n] if n < len(ordered) else R + 1 for n in (bisect_right(ordered, i) for i in range(R + 1))]


def _owners(centres: list[float], tops: list[float], bottoms: list[float], top_aligned: bool) -> list[list[int]]:
    """Two guesses of each row's label (-1: none), for ``_placement_cost``: the label nearest the row's
    middle (top, for top-aligned labels), and the last label printed at or above the row's top (a label
    at the top of its range, as report printers place one cut by a page break)."""
    K = len(centres)
    if K == 0:
        return [[-1] * len(tops)]
    nearest = [min(range(K), key=lambda k: abs((t if top_aligned else (t + b) / 2) - centres[k]))
               for t, b in zip(tops, bottoms)]
    starts = [max(bisect_right(centres, t) - 1, 0) for t in tops] if centres == sorted(centres) else nearest
    return [nearest, starts]


def _placement_cost(owner: list[int], label_args: tuple, skips: list[float], known: list[int], lead: float,
                    empty: float) -> float:
    """The misfit of one whole placement (row r given label owner[r]), summed as assign_labels sums it,
    so no less than its least: rows of no label left empty, labels with no row dropped; a placement out
    of order counts every row empty and every label dropped. A state of assign_labels dearer than this is
    on no least-cost path: its steps can only offer dearer costs than the ones kept, so skipping it
    changes no choice and no tie."""
    centres, tops, bottoms, top_aligned, continues, first_break, wrong, regret = label_args
    R, K = len(tops), len(centres)
    if any(a > b for a, b in zip(owner, owner[1:])):
        owner = [-1] * R
    total, i, scratch, back = 0.0, 0, [float("inf")] * (R + 1), [None] * (R + 1)
    for k in range(K):
        run = [r for r in range(i, R) if owner[r] == k]
        if not run:
            total += skips[k]
            continue
        if run[0] > i:  # rows i.. before the label's run left empty
            total = total + (lead if i == 0 else empty) + UNLABELLED * (known[run[0]] - known[i])
            i = run[0]
        scratch[i + 1:] = [float("inf")] * (R - i)
        _relax_label(scratch, back, total, i, k, centres[k], tops, bottoms, top_aligned, continues, first_break[i],
                     wrong[k] if wrong is not None else None, regret[k] if regret is not None else None)
        total, i = scratch[run[-1] + 1], run[-1] + 1
    if i < R:
        total = total + (lead if i == 0 else empty) + UNLABELLED * (known[R] - known[i])
    return total


def _settle_empty(cost: list[list[float]], back: list[list[tuple | None]], pend: list[float],
                  pend_step: list[tuple | None], i: int, k: int) -> None:
    """cost[k][i] given the best pending empty-row step (from a row above i): it wins when cheaper, or
    equally cheap and taken from an earlier row than the step there (the order the pushes came in)."""
    e = pend[k]
    if e == float("inf"):
        return
    cur, step = cost[k][i], back[k][i]
    if e < cur or e == cur and pend_step[k][1] < step[1]:
        cost[k][i], back[k][i] = e, pend_step[k]


def _copy_over_break(clusters: list[list[Fragment]], k: int, break_lines: list[int]) -> bool:
    """Label k has a twin of the same text next to it on the other side of a page break: the two are the
    halves of one label cut by the break (a spreadsheet's print draws a merged cell's text on both pages,
    a report printer centres it on its rows on each page), so dropping one of them costs nothing: the
    second, or the first where it stands below the last row of its page (clipped at the bottom edge). Not
    both: the rows of both would be left without the label, which costs little at a table's top."""
    text = "".join(f.text for f in clusters[k])
    for n in (k - 1, k + 1):
        if 0 <= n < len(clusters) and "".join(f.text for f in clusters[n]) == text:
            lo, hi = sorted((clusters[k][0].line, clusters[n][0].line))
            cut = [b for b in break_lines if lo < b <= hi]
            # the first twin stands right above the break (below its page's last row: see _joined_fragments)
            if cut and (n == k - 1 or clusters[k][-1].line >= cut[0] - 1):
                return True
    return False


def _relax_label(cost: list[float], back: list[tuple | None], base: float, i: int, k: int, c: float,
                 tops: list[float], bottoms: list[float], top_aligned: bool, continues: bool, cut: int,
                 wrong: list[int] | None, regret: list[float] | None) -> None:
    """assign_labels' step for label k (centred at c) over the rows i..j, for every j: its cost by
    position (and by the rows' 一级 and words) relaxes cost[j + 1] (the costs after label k)."""
    R = len(tops)
    above = i == 0 and c < tops[0]
    below = c > bottoms[-1]
    top = tops[i]
    step = ("label", i, k)
    plain = not (above or below or continues or top_aligned or cut < R)
    if plain and wrong is None and regret is None:  # the common case, kept short (as in the loop below)
        early = c < top - 1
        for j1, bottom in enumerate(bottoms[i:], i + 1):  # j1: the row after the label's last
            d = abs((top + bottom) / 2 - c)
            if early or c > bottom + 1:
                d += 5.0
            d += base
            if d < cost[j1]:
                cost[j1], back[j1] = d, step
        return
    for j in range(i, R):
        if plain:  # the label's distance from the middle of rows i..j
            bottom = bottoms[j]
            d = abs((top + bottom) / 2 - c)
            if c < top - 1 or c > bottom + 1:
                d += 5.0
        else:
            mid = top if top_aligned else (top + bottoms[j]) / 2
            if above:
                d = 0.0 if j < R - 1 or R == 1 else abs(mid - c)
            elif below and j == R - 1:
                d = 0.0
            else:
                d = abs(mid - c)
                if cut <= j and not top_aligned:
                    d = min(d, abs(top - c), abs((top + bottoms[cut - 1]) / 2 - c))
                if continues and j == R - 1 and not top_aligned:
                    # a label whose range runs on past the page break: some printers put it at the
                    # top of its range, others in the middle of the whole range (below this part's)
                    d = min(abs(top - c), max(0.0, mid - c))
                if c < top - 1 or c > bottoms[j] + 1:
                    d += 5.0
        if wrong is not None:
            d += MISMATCH * (wrong[j + 1] - wrong[i])
        if regret is not None:
            d += AFFINITY * (regret[j + 1] - regret[i])
        if base + d < cost[j + 1]:
            cost[j + 1], back[j + 1] = base + d, step

MISMATCH = 2.0  # cost of a row whose 二级 label belongs to another 一级 than the one given to it
UNLABELLED = 1.0  # cost of a row whose 二级 label implies a 一级 but that is given none


WRAPPED_LINE = 0.5  # the height of a row's wrapped line, in one-line rows (a row's padding counts once)


def row_height_warp(spans: list[tuple[int, int]]) -> Callable[[float], float]:
    """A map from line numbers to heights down the table in which each row's wrapped lines count
    WRAPPED_LINE each (a three-line row is not three rows high) and every step from one row to the next
    is the table's usual step, however many lines a converter put between them (a line of its own for a
    label printed between two rows is not a row's height): a merged label stands in the middle of the
    rows' real heights. `spans` are the rows' (top, bottom) lines, in order."""
    if not spans:
        return lambda y: y
    steps = sorted(t - b for (_, b), (t, _) in zip(spans, spans[1:]))
    usual = steps[len(steps) // 2] if steps else 1
    tops = [t for t, _ in spans]
    # at[k]: row k's top on the warped scale
    at = [float(tops[0])]
    for t, b in spans[:-1]:
        at.append(at[-1] + (b - t) * WRAPPED_LINE + usual)

    def warp(y: float) -> float:
        k = bisect_right(tops, y) - 1  # the last row that starts at or above y
        if k < 0:
            return y
        t, b = spans[k]
        if y <= b:
            return at[k] + (y - t) * WRAPPED_LINE
        bottom = at[k] + (b - t) * WRAPPED_LINE
        if k + 1 == len(spans):
            return bottom + (y - b)
        return bottom + usual * (y - b) / (tops[k + 1] - b)  # between two rows: a share of one step
    return warp


AFFINITY = 0.1  # cost per point by which a row's words fit another of the column's labels better


def _regret_counts(clusters: list[list[Fragment]], rows: list[tuple[str, str]]) -> list[list[float]]:
    """Per label: prefix sums over the rows of how much better the row's words fit the best of the
    column's labels than this one."""
    labels = ["".join(f.text for f in c) for c in clusters]
    fit = [[level2_affinity(name, value, lab) for lab in labels] for name, value in rows]
    tops = [max(row, default=0.0) for row in fit]  # a column without labels: no regrets
    out = []
    for k in range(len(labels)):
        acc = [0.0]
        for row, top in zip(fit, tops):
            acc.append(acc[-1] + top - row[k])
        out.append(acc)
    return out


def _mismatch_counts(clusters: list[list[Fragment]], parents: list[str | None]) -> list[list[int] | None]:
    """Per label: prefix counts of rows whose 二级 label's 一级 concept differs from the label's."""
    out: list[list[int] | None] = []
    for c in clusters:
        lab = label_of("".join(f.text for f in c))
        concept = lab.level1 if lab is not None else None
        if concept is None:
            out.append(None)
            continue
        acc = [0]
        for p in parents:
            acc.append(acc[-1] + (1 if p is not None and p != concept else 0))
        out.append(acc)
    return out


def _row_parents(placed: list[tuple[int, int, list[Fragment]]], n_rows: int) -> list[str | None]:
    """Each row's 一级 concept as the 二级 label placed over it implies (None where unknown)."""
    out: list[str | None] = [None] * n_rows
    for first, last, pieces in placed:
        lab = label_of("".join(f.text for f in pieces))
        parent = level1_for_level2(lab.level2) if lab is not None and lab.level2 else None
        for r in range(first, last + 1):
            out[r] = parent
    return out


def place_labels(frs: list[Fragment], label_cols: list[int], roles: list[str | None], spans: list[tuple[int, int]], align: str,
            continues: bool = False, rows: list[tuple[str, str]] | None = None, breaks: list[int] = ()):
    """Each label column's labels placed on the rows, and the total misfit. `rows`: each row's name and
    value, for the 二级 column's ties."""
    out, total = {}, 0.0
    parents = None
    # 二级 first: the 一级 labels are then placed in agreement with the framework where the geometry allows
    for col in sorted(label_cols, key=lambda c: roles[c] != "level2"):
        clusters = label_clusters([f for f in frs if f.col == col], roles[col])
        placed, cost = assign_labels(spans, clusters, align, parents if roles[col] == "level1" else None, continues,
                                     rows if roles[col] == "level2" else None, breaks)
        if roles[col] == "level2":
            parents = _row_parents(placed, len(spans))
        out[col] = placed
        total += cost
    return out, total
