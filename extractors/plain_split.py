"""Plain pdftotext, a split target (指标性质 | 指标值 | 度量单位): comparators and units printed as cells of
their own, given to their rows.
"""
from __future__ import annotations

import re

from .plain_kinds import BARE_NUMBER, Item
from .plain_lines import Tok, kind_of
from .plain_rows import Row
from .unit_fit import align_units
from .values import is_quantitative, is_unit


# 拆分的指标值：指标性质（比较符、定性）一栏与度量单位一栏的单元
_CMP_CELL = re.compile(r"^(≥|≤|=|>|<|＞|＜|定性|定量)$")
LONE_CMP = frozenset({"≥", "≤", "=", ">", "<", "＞", "＜"})
_CMP_TAIL = re.compile(r"^(.+?) (≥|≤|=|>|<|＞|＜|定性)$")


def cmp_tails(toks: list[Tok]) -> list[Tok]:
    """A name printed with its row's comparator on its line (参展企业满意度 ≥): the comparator a cell of its own."""
    out: list[Tok] = []
    for t in toks:
        m = _CMP_TAIL.match(t.text)
        if m and kind_of(t) == "name":
            out.extend([Tok(m.group(1), t.line, t.page, t.block), Tok(m.group(2), t.line, t.page, t.block)])
        else:
            out.append(t)
    return out


def split_kinds(items: list[Item]) -> None:
    """In a table with a split target: comparators (≥, =, 定性) are cells of the 指标性质 column and a
    unit alone (家, 亿元, %) a cell of the 度量单位 column, not names or values."""
    for it in items:
        if it.kind in ("name", "value") and _CMP_CELL.match(it.tok.k):
            it.kind = "cmp"
        elif it.kind in ("name", "value") and is_unit(it.tok.k) and not re.search(r"\d", it.tok.k):
            it.kind = "unit"
    _qualitative_rows(items)


def _qualitative_rows(items: list[Item]) -> None:
    """A qualitative row printed name | 定性 | target right after its label (社会效益指标 | 保障各项工作完成 | 定性 |
    有效保障, 时效指标 | 按规定时间 | 定性 | 按规定时间): a word before 定性 read as a value is the row's name, the word
    after it its target."""
    for i in range(2, len(items) - 1):
        before, it, after = items[i - 1], items[i], items[i + 1]
        if it.kind == "cmp" and it.tok.k == "定性" and items[i - 2].kind == "label" and before.kind == "value" \
                and after.kind in ("name", "value") and not is_quantitative(before.tok.text):
            before.kind, after.kind = "name", "value"


def _under(a: Item, b: Item | None) -> bool:
    """b is printed on the line right under a, in its block."""
    return b is not None and a.tok.block == b.tok.block and a.tok.page == b.tok.page and b.tok.line == a.tok.line + 1


def note_tails(items: list[Item]) -> None:
    """A unit read alone (分, 次) on the line right under a text note's line, in its block, is the rest of
    the note's wrapped text (达到目标值得满分，未达到按比例扣 / 分), not a cell of the 度量单位 column, when the
    note's line is printed twice or more in the table and every time with that same unit under it: a rule
    wrapped alike on every row. A note line printed once, or elsewhere with nothing under it (反映规定时间内
    发放情况, 达到目标值得满分，未达到按比例扣分), is whole: a unit under it is a row's 度量单位 cell."""
    pairs = list(zip(items, items[1:] + [None]))
    tails: dict[str, list[str | None]] = {}
    for a, b in pairs:
        if a.kind == "note":
            tails.setdefault(a.tok.k, []).append(b.tok.k if b is not None and b.kind == "unit" and _under(a, b) else None)
    for prev, it in pairs:
        if it is not None and it.kind == "unit" and prev.kind == "note" and _under(prev, it):
            seen = tails[prev.tok.k]
            if len(seen) >= 2 and all(t == it.tok.k for t in seen):
                it.kind = "note"


def split_parts(items: list[Item], rows: list[Row], targets: list[Item | None]) -> dict[tuple[int, str], Item]:
    """The comparator and unit cells of the rows: (0-based row, "cmp" or "unit") → the cell.
    A comparator printed right after a name is its row's; the others, and the units, go in printed order
    to the rows that print a bare number (the empty cells the converter dropped): a 定性 row takes none, and
    where units are fewer than such rows, the rows left without are those the units fit least (a bare 0, a
    name asking for another kind of unit: unit_fit.align_units)."""
    owner = {id(g): r for r, row in enumerate(rows) for g in row.names}
    out: dict[tuple[int, str], Item] = {}
    loose: list[Item] = []
    for k, it in enumerate(items):
        if it.kind != "cmp":
            continue
        before = items[k - 1] if k else None
        r = owner.get(id(before)) if before is not None else None
        if r is not None and (r, "cmp") not in out:
            out[(r, "cmp")] = it
        else:
            loose.append(it)
    numeric = [r for r, v in enumerate(targets) if v is not None and BARE_NUMBER.match(v.tok.k)]
    # a comparator printed right before a row's bare-number target (labels or header words between the
    # name and it: ≥ | 95) is that row's
    target_row = {id(v): r for r in numeric if (v := targets[r]) is not None}
    at = {id(it): k for k, it in enumerate(items)}
    for it in list(loose):
        k = at[id(it)] + 1
        r = target_row.get(id(items[k])) if k < len(items) else None
        if r is not None and (r, "cmp") not in out:
            out[(r, "cmp")] = it
            loose.remove(it)
    open_cmp = [r for r in numeric if (r, "cmp") not in out]
    if loose and len(loose) == len(open_cmp):
        out.update({(r, "cmp"): it for r, it in zip(open_cmp, loose)})
    units = [it for it in items if it.kind == "unit"]
    named = [("".join(g.tok.text for g in rows[r].names), targets[r].tok.k) for r in numeric]
    out.update({(numeric[a], "unit"): units[b] for a, b in align_units(named, [u.tok.k for u in units])})
    return {k: v for k, v in sorted(out.items())}
