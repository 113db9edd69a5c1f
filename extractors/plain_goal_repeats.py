"""Plain pdftotext, a goal column whose merged cells a template prints again on every row: the same goal
statement row after row, each time before the row's 一级 and 二级 labels. Each printing is the goal column's
cell, never a row of its own, wherever the converter put it (the first rows' cells may come after their names).
"""
from __future__ import annotations

from collections import Counter
from typing import Protocol

from .plain_lines import Tok
from .plain_words import TEXT_NOTE_HEADS
from .vocab import label_of


class _Item(Protocol):  # plain_kinds.Item
    tok: Tok
    kind: str


_STATEMENT_LEN = 8  # a goal statement's first line is a phrase at least (保证单位工作正常运行), longer than many names


def repeated_goal_lines(items: list[_Item]) -> set[str]:
    """The keys of the first lines of goal statements printed on several rows: a name line of 8 characters or
    more that opens its block (a wrapped cell's lines share a block), printed as such twice or more in
    the table, mostly with a 一级 label right after its block (a row printed whole: goal, 一级, 二级, name …), not a
    value (a goal cell printed after its rows may meet the next row's number) nor a 二级 label alone (a note
    column's cell printed on every row is followed by the next row's labels only where they change). None in a
    table with a text note column (备注, 指标解释 …), whose cells may repeat just so."""
    if any(it.kind == "header" and it.tok.k in TEXT_NOTE_HEADS for it in items):
        return set()  # a note column's cell may say the same on several rows, before their labels too
    before_label: Counter[str] = Counter()
    before_other: Counter[str] = Counter()
    i = 0
    while i < len(items):
        it = items[i]
        opens = it.kind == "name" and (i == 0 or items[i - 1].tok.block != it.tok.block or items[i - 1].kind != "name")
        if not opens or len(it.tok.k) < _STATEMENT_LEN:
            i += 1
            continue
        j = i + 1
        while j < len(items) and items[j].kind == "name" and items[j].tok.block == it.tok.block:
            j += 1
        nxt = items[j] if j < len(items) else None
        (before_label if nxt is not None and _is_level1(nxt) else before_other)[it.tok.k] += 1
        i = j
    return {k for k, n in before_label.items() if n >= 2 and n > before_other[k]}


def _is_level1(it: _Item) -> bool:
    lab = label_of(it.tok.k) if it.kind == "label" else None
    return lab is not None and lab.level1 is not None
