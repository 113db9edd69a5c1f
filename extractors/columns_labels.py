"""Merged labels (目标名称, 一级, 二级) placed over the rows: a label column's pieces joined into labels
(``label_clusters``), each label given the run of rows it is centred on (``assign_labels``), the 二级 labels
first so that the 一级 ones agree with the framework."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from itertools import accumulate
from typing import NamedTuple

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
    top_aligned = align == "top"
    scale = _warped_tops(spans)
    warp = _warp_of(spans, scale)
    break_lines = [spans[b][0] for b in breaks if b < R]  # a break after the last row opens no row
    table = _Table([warp(c[0].line if top_aligned else (c[0].line + c[-1].line) / 2) for c in clusters],
                   *_warped_rows(spans, scale, warp), top_aligned, continues,
                   _first_breaks(breaks, R), _mismatch_counts(clusters, parents) if parents else None,
                   _regret_counts(clusters, rows) if rows else None,
                   list(accumulate((p is not None for p in parents or [None] * R), initial=0)),
                   [0.0 if break_lines and _copy_over_break(clusters, k, break_lines) else SKIP for k in range(K)])
    floor = _label_floors(table)
    # a trial bound that holds the least misfit gives the same choices and ties as no bound (see
    # ``_least_misfits``); the misfits are mostly small, so small bounds are tried first, then larger ones,
    # up to the misfit of dropping every label and leaving every row empty, which always holds it
    most = _all_dropped(table)
    for trial in BOUNDS:
        if trial >= most:
            break
        cost, back = _least_misfits(table, floor, trial + 1e-9)
        if cost[K][R] <= trial:
            return _traced_back(back, clusters, R, K), cost[K][R]
    cost, back = _least_misfits(table, floor, most + 1e-9)
    return _traced_back(back, clusters, R, K), cost[K][R]


BOUNDS = (1.0, 3.0, 9.0, 27.0, 81.0)  # assign_labels' trial bounds, smallest first


def _all_dropped(t: _Table) -> float:
    """The misfit of one whole placement, summed as ``_least_misfits`` sums it: every label dropped, then
    every row left without a label."""
    total = 0.0
    for s in t.skips:
        total += s
    return total + LEAD + UNLABELLED * t.known[-1]


class _Table(NamedTuple):
    """assign_labels' input on the warped scale: labels' centres, rows' tops and bottoms, and the costs."""

    centres: list[float]
    tops: list[float]
    bottoms: list[float]
    top_aligned: bool
    continues: bool
    first_break: list[int]  # the first page break after each row (see ``_first_breaks``)
    wrong: list[list[int] | None] | None  # per label, prefix counts of rows of another 一级 (``_mismatch_counts``)
    regret: list[list[float]] | None  # per label, prefix sums of the rows' words' regret (``_regret_counts``)
    known: list[int]  # prefix counts of rows whose 一级 is known
    skips: list[float]  # each label's cost of being dropped


SKIP, EMPTY, LEAD = 3.0, 2.5, 1.0  # a label dropped; rows left without a label (at the top of the table)


def _least_misfits(t: _Table, floor: list[list[float]], bound: float) -> tuple[list[list[float]], list[list]]:
    """assign_labels' dynamic programme: cost[k][i], the least misfit of the rows before i given the labels
    before k, and back[k][i], the step there. A state whose cost and floor (``_label_floors``) sum above
    `bound` is left out, and so is a step to such a state: when no whole placement is dearer than
    `bound`, none of them is on a least-cost path or ties with one, so the choices and ties stay the same."""
    R, K = len(t.tops), len(t.centres)
    inf = float("inf")
    cost = [[inf] * (R + 1) for _ in range(K + 1)]
    back: list[list[tuple | None]] = [[None] * (R + 1) for _ in range(K + 1)]
    cost[0][0] = 0.0
    known, skips, wrong, regret = t.known, t.skips, t.wrong, t.regret
    # the empty-row step from a row below which no row has a known 一级 costs the same for every j: kept as
    # a running minimum per label count (pend, its step pend_step) and given to cost[k][i] when row i is
    # reached, exactly as the pushes it replaces would have left it (on a tie the earlier step stays)
    pend, pend_step = [inf] * (K + 1), [None] * (K + 1)
    lowest, reached = 0, 0
    for i in range(R + 1):
        gap = LEAD if i == 0 else EMPTY  # rows at the top of a table may belong to a label printed before it
        cut = t.first_break[i]
        flat, known_i = known[i] == known[R], known[i]
        while floor[lowest][i] > bound:  # the floors fall with k and do not fall with i
            lowest += 1
        k = lowest - 1
        while k < reached:  # no state above `reached` has a cost yet (a skip below raises it)
            k += 1
            here, steps = cost[k], back[k]
            e = pend[k]
            if e < here[i] or e == here[i] != inf and pend_step[k][1] < steps[i][1]:
                here[i], steps[i] = e, pend_step[k]  # the pending empty-row step wins, or ties from an earlier row
            base = here[i]
            if base + floor[k][i] > bound:  # unreached, or on no least-cost path
                continue
            if k < K:
                reached = max(reached, k + 1)
                if i < R:
                    _relax_label(cost[k + 1], back[k + 1], base, i, k, t, cut, floor[k + 1], bound)
                if base + skips[k] < cost[k + 1][i]:  # a label printed twice or outside any row: dropped
                    cost[k + 1][i], back[k + 1][i] = base + skips[k], ("skip", i, k)
            # rows i..j left without a label
            start = base + gap
            if flat:  # no row below i has a known 一级: the same cost for every j
                if start < pend[k]:
                    pend[k], pend_step[k] = start, ("empty", i, k)
                continue
            step, fl = ("empty", i, k), floor[k]
            for j in range(i, R):
                c = start + UNLABELLED * (known[j + 1] - known_i)
                if c + fl[j + 1] > bound:  # dearer still for every later j
                    break
                if c < here[j + 1]:
                    here[j + 1], steps[j + 1] = c, step
    return cost, back


def _label_floors(t: _Table) -> list[list[float]]:
    """floor[k][i]: no more than the misfit of labels k.. given rows i.. (each label's least cost of a run
    of rows from i on, by position alone, or of being dropped). A label more than a line above row i's top
    costs its distance and 5 on any run from i on, more than dropping it; one at or below it, or below
    the table, may cost nothing. Each floor[k] does not fall with i (from i = 1 on)."""
    R, K = len(t.tops), len(t.centres)
    tops, last = t.tops, t.bottoms[-1]
    floor = [[0.0] * (R + 1)]
    for k in range(K - 1, -1, -1):
        c, s, below = t.centres[k], t.skips[k], floor[0]
        if c > last:  # below the table: it may reach the last row
            floor.insert(0, below[:R] + [below[R] + s])
            continue
        # rows 1..a-1 start at or above c (cost nothing), a..b-1 less than a line below it (their distance)
        a = max(bisect_right(tops, c), 1)
        b = a
        while b < R and not c < tops[b] - 1:
            b += 1
        row = below[:a] + [x + min(s, top - c) for x, top in zip(below[a:b], tops[a:b])]
        row += [x + s for x in below[b:]]  # and the rest, and no row at all, its drop
        floor.insert(0, row)
    return floor


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


def _within(t: _Table, i: int, c: float, cut: int, slack: float, above: bool, below: bool) -> tuple[int, int]:
    """The rows j (lo <= j < hi) where a label centred at c over rows i..j may cost no more than `slack` by
    position: those whose middle lies within it of c, and those the page-break and table-edge rules of
    ``_relax_label`` may make cheaper (margins of 1e-6 keep the rows a rounding might admit)."""
    tops, bottoms, R = t.tops, t.bottoms, len(t.tops)
    top = tops[i]
    if not above and not t.top_aligned:
        lo = bisect_left(bottoms, 2 * (c - slack) - top - 1e-6, i)
        hi = bisect_right(bottoms, 2 * (c + slack) - top + 1e-6, lo)
        if cut < R and min(abs(top - c), abs((top + bottoms[cut - 1]) / 2 - c)) <= slack + 1e-6:
            lo, hi = min(lo, cut), R  # past the break the label may stand at the top or the first part's middle
        if t.continues or below:
            lo, hi = min(lo, R - 1), R  # the last row's step may cost less than the distance
        return lo, hi
    if not above and abs(top - c) > slack + 1e-6:  # top-aligned: every run from i costs its top's distance
        return (R - 1, R) if below else (i, i)
    return i, R


def _relax_label(cost: list[float], back: list[tuple | None], base: float, i: int, k: int, t: _Table, cut: int,
                 floor: list[float], bound: float) -> None:
    """assign_labels' step for label k over the rows i..j, for every j: its cost by position (and by the
    rows' 一级 and words) relaxes cost[j + 1] (the costs after label k). Only the j whose step can stay
    within `bound` (its cost and floor[j + 1], the next label's floor) are tried: the floor does not
    fall with j, and a label's distance from the middle of rows i..j grows as j moves away from it."""
    tops, bottoms, top_aligned, continues = t.tops, t.bottoms, t.top_aligned, t.continues
    c = t.centres[k]
    wrong = t.wrong[k] if t.wrong is not None else None
    regret = t.regret[k] if t.regret is not None else None
    R = len(tops)
    above = i == 0 and c < tops[0]
    below = c > bottoms[-1]
    top = tops[i]
    step = ("label", i, k)
    slack = bound - base  # a step dearer than this by itself is left out
    last = min(R, bisect_right(floor, slack + 1e-9, i + 1) - 1)  # j < last: floor[j + 1] within the slack
    plain = not (above or below or continues or top_aligned or cut < R)
    lo, hi = _within(t, i, c, cut, slack, above, below)
    hi = min(hi, last)
    if plain and wrong is None and regret is None:  # the common case, kept short (as in the loop below)
        early = c < top - 1
        for j1, bottom in enumerate(bottoms[lo:hi], lo + 1):  # j1: the row after the label's last
            d = abs((top + bottom) / 2 - c)
            if early or c > bottom + 1:
                d += 5.0
            d += base
            if d < cost[j1]:
                cost[j1], back[j1] = d, step
        return
    for j in range(lo, hi):
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
            extra = MISMATCH * (wrong[j + 1] - wrong[i])
            if extra > slack:  # more rows only add to it
                break
            d += extra
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
    return _warp_of(spans, _warped_tops(spans))


def _warped_tops(spans: list[tuple[int, int]]) -> tuple[list[int], list[float], float]:
    """The rows' top lines, their tops on ``row_height_warp``'s scale and the table's usual step."""
    steps = sorted(t - b for (_, b), (t, _) in zip(spans, spans[1:]))
    usual = steps[len(steps) // 2] if steps else 1
    tops = [t for t, _ in spans]
    # at[k]: row k's top on the warped scale
    at = [float(tops[0])]
    for t, b in spans[:-1]:
        at.append(at[-1] + (b - t) * WRAPPED_LINE + usual)
    return tops, at, usual


def _warp_of(spans: list[tuple[int, int]], scale: tuple[list[int], list[float], float]) -> Callable[[float], float]:
    """``row_height_warp``'s map, given the rows' tops on its scale (``_warped_tops``)."""
    tops, at, usual = scale

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


def _warped_rows(spans: list[tuple[int, int]], scale: tuple[list[int], list[float], float],
                 warp: Callable[[float], float]) -> tuple[list[float], list[float]]:
    """The rows' tops and bottoms on the warped scale, warp(top) and warp(bottom): at once where each row
    starts below the bottom of the one before it (its top and bottom then fall in its own span)."""
    at = scale[1]
    if all(t <= b for t, b in spans) and all(b < t for (_, b), (t, _) in zip(spans, spans[1:])):
        return at, [a + (b - t) * WRAPPED_LINE for a, (t, b) in zip(at, spans)]
    return [warp(t) for t, _ in spans], [warp(b) for _, b in spans]


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
