"""Plain pdftotext, an indicator table's cells: which are names and which values, bases, goal cells or
row numbers, where the line alone does not tell (a word target read like a name, a name like a value).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .captions import goal_cell_number
from .columns import is_year_head, role_of
from .label_affinity import concept_of
from .plain_goal_repeats import repeated_goal_lines
from .plain_lines import Tok
from .plain_words import GOAL_LABEL, is_goal_head, is_value_header
from .values import PLACEHOLDERS, is_quantitative, normalise
from .vocab import label_of


# ---- indicator tables ------------------------------------------------------------------------------
@dataclass
class Item:
    tok: Tok
    kind: str
    pos: int  # index in the table's reading order


def _groups(items: list[Item]) -> list[list[Item]]:
    """Runs of names and values between bases, labels and header words."""
    out: list[list[Item]] = [[]]
    for it in items:
        if it.kind in ("name", "value"):
            out[-1].append(it)
        elif out[-1]:
            out.append([])
    return [g for g in out if g]


def _lone_value_runs(items: list[Item], per_row: int) -> list[tuple[list[Item], bool]]:
    """Runs of at most one row's worth of values (a name and `per_row` values) that follow no name,
    with only labels, goal labels and header words between them; each with whether its first must be
    a name: the run is exactly one row's worth closed by the row's basis, or a single word that no
    row can own (the name after it has values of its own)."""
    rows = [it for it in items if it.kind in ("name", "value", "basis")] + [Item(Tok("", 0, 0, 0), "end", len(items))]
    out: list[tuple[list[Item], bool]] = []
    run: list[Item] = []
    after_name = False
    for i, it in enumerate(rows):
        if it.kind == "value":
            run.append(it)
            continue
        if run and not after_name and len(run) <= per_row + 1:
            whole_row = it.kind == "basis" and len(run) == per_row + 1
            orphan = len(run) == 1 and it.kind == "name" and i + 1 < len(rows) and rows[i + 1].kind == "value"
            out.append((run, whole_row or orphan))
        after_name, run = it.kind == "name", []
    return out


def _names_between_labels(items: list[Item], per_row: int) -> None:
    """A table printed as a block of labels and names, then a block of all the values (more than its
    names can hold): a cell alone between labels in the first block is a name, even when it reads like
    a target (经济成本指标 | 预算内 | 数量指标, 时效指标 | 规定时间内完成 | 效益指标)."""
    last_name = max((it.pos for it in items if it.kind == "name"), default=None)
    if last_name is None:
        return
    names = sum(1 for it in items if it.kind == "name")
    trailing = sum(1 for it in items[last_name + 1:] if it.kind == "value")
    if trailing <= per_row * names:
        return
    for i in range(1, last_name):
        it = items[i]
        if it.kind == "value" and items[i - 1].kind == "label" and items[i + 1].kind == "label":
            it.kind = "name"


def _values_of_a_bare_name(items: list[Item], per_row: int) -> set[int]:
    """Values that follow a name with none of its own, with only header words between (预算内 |
    指标值 | 指标值确定依据 | 不超预算 | 预算内): they are that name's, not a new row's. One more value than a
    row holds, the last a word, is the row's 依据 printed as a literal (预算内): it becomes a basis.
    Returns the id() of the values so owned."""
    owned: set[int] = set()
    seq = [it for it in items if it.kind in ("name", "value", "basis")]
    for i, it in enumerate(seq[:-1]):
        if it.kind != "name" or seq[i + 1].kind != "value":
            continue
        between = items[it.pos + 1:seq[i + 1].pos]
        if not between or any(b.kind != "header" for b in between):
            continue  # a name followed at once by its values (or after labels) is read as usual
        run = []
        for nxt in seq[i + 1:]:
            if nxt.kind != "value":
                break
            run.append(nxt)
        owned.update(id(v) for v in run)
        last = run[-1]
        if len(run) == per_row + 1 and not is_quantitative(last.tok.text) and normalise(last.tok.text) not in PLACEHOLDERS:
            last.kind = "basis"
    return owned


def settle_kinds(items: list[Item], per_row: int) -> None:
    """A run of values with no name, whose first is not a number, starts with the row's name (预算内 |
    不超预算): a run between bases, labels and header words whose first differs from the rest, or one
    row's worth (a name and `per_row` values) with only labels, goal labels and header words between
    them, whose first differs from the rest or which its basis closes (按规定时间 | 按规定时间 | 计划标准),
    or a lone word before a row that has its values (its own values are printed elsewhere); a framework
    label followed by a value is a row's name (服务对象满意度 | ≥90%) when the label column already has
    that label, unless a name waiting for its value stands before it.

    In order: a cell read between 三级指标 and the value headers is a name; so is a cell alone between
    labels in a table whose values all come after its names (``_names_between_labels``), and a word on
    a label's line; values after a bare name with only header words between are its own
    (``_values_of_a_bare_name``); then the runs above; then the labels taken for names."""
    prev: Item | None = None  # the last item before `it` that is not a label or goal label
    for it, nxt in zip(items, items[1:]):
        # a cell read between the 三级指标 header (maybe with labels between) and the value columns'
        # headers is in the name column
        if it.kind == "value" and prev is not None and prev.kind == "header" and role_of(prev.tok.k) == "name" \
                and nxt.kind == "header" and is_value_header(nxt.tok.k):
            it.kind = "name"
        if it.kind not in ("label", "goal"):
            prev = it
    _names_between_labels(items, per_row)
    for prev, it in zip(items, items[1:]):
        # a word printed on one line after a framework label (社会效益指标 保障各项工作完成) stands in the
        # column beside the labels: the name's
        if it.kind == "value" and prev.kind == "label" and prev.tok.line == it.tok.line and not is_quantitative(it.tok.text):
            it.kind = "name"
    owned = _values_of_a_bare_name(items, per_row)
    at = {id(it): i for i, it in enumerate(items)}
    # a run of the same word twice right after a framework label printed in line with its rows: the row's
    # name and its target, printed alike (时效指标 | 按规定时间 | 按规定时间)
    runs = [(g, len(g) == 2 and g[0].tok.k == g[1].tok.k and at[id(g[0])] > 0 and items[at[id(g[0])] - 1].kind == "label"
             and items[at[id(g[0])] - 1].tok.line != g[0].tok.line)
            for g in _groups(items)] + _lone_value_runs(items, per_row)
    for g, must in runs:
        if not must and (len(g) < 2 or any(it.kind == "name" for it in g)) or id(g[0]) in owned:
            continue
        first = g[0]
        if first.kind != "value" or is_quantitative(first.tok.text) or normalise(first.tok.text) in PLACEHOLDERS:
            continue
        if must or all(it.tok.k != first.tok.k for it in g[1:]):
            first.kind = "name"
    for i, it in enumerate(items[:-1]):
        nxt = items[i + 1]
        if i and items[i - 1].kind == "name":
            continue  # a label printed between a name and its value (时效 row | 服务对象满意度指标 | ≤30分钟)
        if it.kind == "label" and nxt.kind == "value" and not nxt.tok.k == it.tok.k:
            lab = label_of(it.tok.k)
            # the same 二级 label printed elsewhere (a label that may stand at 一级 too does not count)
            same = [x for x in items if x.kind == "label" and x is not it and concept_of(x.tok.k) == concept_of(it.tok.k)
                    and (x.tok.k == it.tok.k or label_of(x.tok.k).level1 is None)]
            if same and lab is not None and lab.level2:
                it.kind = "name"


def constant_column(items: list[Item]) -> None:
    """A short text printed on three rows or more of one table, where names differ row by row, is a
    column's constant: the basis of every row (a template's own 依据 such as "链路" or "年度计划"); not a name
    that several goals' rows share (群众满意度), printed, as names are, right after its row's 二级 label on
    most of its rows."""
    counts: dict[str, int] = {}
    after_label: dict[str, int] = {}
    for prev, it in zip([None] + items, items):
        if it.kind == "name":
            counts[it.tok.k] = counts.get(it.tok.k, 0) + 1
            if prev is not None and prev.kind == "label":
                after_label[it.tok.k] = after_label.get(it.tok.k, 0) + 1
    for it in items:
        if it.kind == "name" and counts[it.tok.k] >= 3 and len(it.tok.k) <= 8 \
                and 2 * after_label.get(it.tok.k, 0) <= counts[it.tok.k]:
            it.kind = "basis"


_GOAL_NUMBER_START = frozenset("0123456789目(（一二三四五六七八九十")  # how a goal's number opens its cell


_GOAL_CELL_LEN = 12  # an unnumbered goal statement's first line is at least this long (a sentence, not a name)


def _unnumbered_goal_cell(it: Item, nxt: Item | None, last: Item | None, before: list[Item]) -> bool:
    """A goal statement with no number (a project's one goal), a sentence-long line printed before any label,
    value or basis of the table: right after the goal column's head word, or after another header word (the goal
    head among those before) where it wraps in its column (the next line in its block goes on with it) or ends
    its sentence (。) — a long row name printed before the goal cell does neither."""
    if last is None or last.kind != "header" or len(it.tok.k) < _GOAL_CELL_LEN:
        return False
    wraps = nxt is not None and nxt.kind == "name" and nxt.tok.block == it.tok.block
    if not (is_goal_head(last.tok.k) or wraps or it.tok.k.endswith("。")):
        return False
    return not any(x.kind in ("label", "value", "basis", "goal") for x in before) \
        and any(x.kind == "header" and is_goal_head(x.tok.k) for x in before)


def goal_cells(items: list[Item]) -> list[Item]:
    """In a table with a goal column (目标名称, 绩效目标 …), a cell that opens with a goal's number (1、…,
    目标2：…, （三）…) is that column's merged cell, not a row's name, and so is an unnumbered statement right
    under the column's head (_unnumbered_goal_cell) and its first line wherever printed again (a goal cell
    repeated on every row); the lines after it in its block carry on its statement."""
    if not any(it.kind == "header" and is_goal_head(it.tok.k) for it in items):
        return items
    out: list[Item] = []
    opened: Item | None = None  # the last goal cell, while only labels printed on its first line follow it
    unnumbered = repeated_goal_lines(items)  # the first lines of the unnumbered goal cells (read so far, or repeated)
    for i, it in enumerate(items):
        last = out[-1] if out else None
        if it.kind == "name" and opened is not None and last is not None and last.kind == "label" \
                and last.tok.line == opened.tok.line and opened.tok.block == it.tok.block:
            last = opened  # the labels printed beside a goal cell's first line stand between it and its other lines
        if it.kind == "name" and last is not None and last.kind == "goal" and last.tok.block == it.tok.block \
                and goal_cell_number(it.tok.text)[0] is None and not GOAL_LABEL.match(last.tok.k):
            t = last.tok
            last.tok = Tok(t.text + "\n" + it.tok.text, t.line, t.page, t.block)
            continue
        if it.kind == "name" and len(it.tok.k) > 4 and it.tok.k[0] in _GOAL_NUMBER_START \
                and goal_cell_number(it.tok.text)[0] is not None:
            it.kind = "goal"
        elif it.kind == "name" and (it.tok.k in unnumbered or _unnumbered_goal_cell(it, items[i + 1] if i + 1 < len(items) else None, last, out)):
            it.kind = "goal"  # an unnumbered goal cell, or its first line printed again in a later row
            unnumbered.add(it.tok.k)
        out.append(it)
        if it.kind == "goal" or it.kind != "label" or opened is None or it.tok.line != opened.tok.line:
            opened = it if it.kind == "goal" else None
    return out


_ROW_NO = re.compile(r"^[1-9]\d{0,2}$")
_ROW_NO_SIDES = ("name", "label", "header", "basis", "goal", "note", "number_note")


def _row_no_side(it: Item) -> bool:
    """What may stand before a row number: a name, label, header word, basis, goal or note, or a row's last
    cell, its target: a word (有效保障) or a number with its unit or comparator (≤25万元, ≥40次, 100%); never a
    bare number, a comparator or a unit alone (the parts of a split target)."""
    if it.kind in _ROW_NO_SIDES:
        return True
    k = it.tok.k
    if it.kind != "value" or len(k) < 2:
        return False
    return not re.search(r"\d", k) or (re.search(r"[^\d.,\s]", k) is not None and not BARE_NUMBER.match(k))


def mark_row_numbers(items: list[Item]) -> None:
    """A 序号 column printed among the labels: runs of bare whole numbers with a name, label, header word
    or basis on both sides (before them also a word target; never a comparator, unit or number), whose numbers read on through the table
    (3 | 4 5 6 | 7, one number at most missing between two), at least three in a chain, are the
    rows' numbers, not values; the 序号 header word itself is no row's name. In a table whose header prints
    序号 and no past value column after the basis (_lone_row_numbers), a number alone between a row's basis
    and the next row's name is a row number too, wherever it falls in the order."""
    for it in items:
        if it.kind == "name" and it.tok.k == "序号":  # the column's header word, not a row
            it.kind = "header"
    runs: list[list[Item]] = []
    lone: list[Item] = []  # a number alone between a row's basis and the next row's name or label
    k = 0
    while k < len(items):
        j = k
        while j < len(items) and items[j].kind == "value" and _ROW_NO.match(items[j].tok.k):
            j += 1
        if j > k and k > 0 and j < len(items) and _row_no_side(items[k - 1]) and items[j].kind in _ROW_NO_SIDES:
            runs.append(items[k:j])
            if j == k + 1 and items[k - 1].kind == "basis" and items[j].kind in ("name", "label", "goal"):
                lone.append(items[k])
        k = max(j, k + 1)
    numbers = [it for run in runs for it in run]
    chain: list[Item] = []
    for it in numbers + [None]:
        if it is not None and (not chain or 0 < int(it.tok.k) - int(chain[-1].tok.k) <= 2):
            chain.append(it)
            continue
        if len(chain) >= 3:
            for x in chain:
                x.kind = "row_no"
        chain = [it] if it is not None else []
    # a number alone between a row's basis (its last cell) and the next row's name or label is no value of
    # either row, whatever the order the converter printed the numbers in (4 | 5 | … | 2)
    if _lone_row_numbers([it.tok.k for it in items if it.kind == "header"]):
        for it in lone:
            it.kind = "row_no"


def _past_head(k: str) -> bool:
    """A past year's value column head: 上年, 前年完成值, 2024年实际完成 (a year head not naming a target)."""
    return role_of(k) in ("prev1", "prev2") or is_year_head(k) and not re.search(r"目标|指标|预期", k)


def _past_after_basis(heads: list[str]) -> int:
    """How many past value columns the header prints right after the basis's head, not before it too and with
    no value head after them (指标值确定依据 | 上年, where 指标值确定依据 | 前年 | 上年 | 预计当年实现 is a wrapped
    header's value group printed after the basis): 0 when none."""
    for i, k in enumerate(heads):
        if role_of(k) == "basis" and not any(_past_head(h) for h in heads[:i]):
            n = 0
            while i + 1 + n < len(heads) and _past_head(heads[i + 1 + n]):
                n += 1
            if n and not any(is_value_header(h) for h in heads[i + 1 + n:]):
                return n
    return 0


def past_after_basis(items: list[Item]) -> list[Item]:
    """A table whose past value columns (上年 …) are printed after the basis: each row's values printed after its
    basis, up to the next name, moved before the row's own values (past years first, as value_heads orders them
    when no head stands next to the target), so the basis ends its row as elsewhere."""
    n = _past_after_basis([it.tok.k for it in items if it.kind == "header"])
    if not n:
        return items
    out: list[Item] = []
    i = 0
    while i < len(items):
        it = items[i]
        j = i + 1
        while it.kind == "basis" and j < len(items) and j - i - 1 < n and items[j].kind == "value":
            j += 1
        if j == i + 1:
            out.append(it)
            i += 1
            continue
        s = len(out)
        while s > 0 and out[s - 1].kind == "value":
            s -= 1
        out[s:] = items[i + 1:j] + out[s:] + [it]
        i = j
    return out


def _lone_row_numbers(heads: list[str]) -> bool:
    """Whether a number alone after a row's basis may be taken for a row number: the header prints a 序号
    column, and no past value column right after the basis's head that is not printed before it too (指标值确定依据
    | 上年: the number after each row's basis is its 上年 value)."""
    return "序号" in heads and not _past_after_basis(heads)


# a bare number, no comparator or unit (权重 and 分值 cells, a split target's number)
BARE_NUMBER = re.compile(r"^-?[\d,]+(\.\d+)?$")
