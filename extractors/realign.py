"""Put a row's cells back under the columns they belong to, when a converter lost their places.

Markdown and tab-separated conversions keep a row's cells in order but may drop the empty cells in front
of them ("| 满意度指标 | 服务对象满意度 | 群众满意度 | ≥90% |" under a header that starts with 目标名称) or
add one (a stray tab). For such tables (``Table.loose``) each row is read again by content: every cell is
classed (a goal label, a 一级 or 二级 framework label, a basis type, a value, other text) and the cells are
matched, in order, to the header's columns so that classes fit roles best; cells moved together count as
a bonus, so a row that already fits keeps its places and a shifted row moves back as a whole.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from .grid import Cell
from .text import key
from .values import value_score
from .vocab import basis_of, label_of

_GOAL_LABEL = re.compile(r"^(?:(?:长期|年度)(?:绩效)?目标(?:表)?\d*|目标名称)[:：]?$")
# how well a cell class fits a column role (a missing pair counts as _MISFIT)
_FIT: dict[str, dict[str, float]] = {
    "goal": {"goal": 3, "text": 0.5},
    "level1": {"l1": 3, "l12": 3, "l2": -1},
    "level2": {"l2": 3, "l12": 3, "l1": -1, "text": -1},
    "name": {"text": 3, "word": 2, "l1": 0.5, "l2": 0.5, "l12": 0.5, "value": 0.5, "basis": -1},  # every row has a name
    "value": {"value": 2, "word": 1.5, "text": 0.5, "basis": -1},
    "basis": {"basis": 3, "text": 0.3, "word": 0, "value": -1},
    "cmp": {"value": 1, "word": 0.5, "text": 0},
    "unit": {"value": 1, "word": 0.5, "text": 0},
    "note": {"text": 0.3, "word": 0, "value": 0, "basis": 0, "l1": -1, "l2": -1, "l12": -1},
    "covered": {},  # a column a cell from a row above spans
    None: {},
}
_MISFIT = -3.0
_SAME_SHIFT = 1.0  # the bonus for a cell moved as far as the one before it (the first: not moved)
_JOIN = 0.5  # the price of joining two pieces into one cell
_MOST_PIECES = 3
_VALUE_ROLES = {"prev2": "value", "prev1": "value", "target": "value"}


@lru_cache(maxsize=65536)
def cell_class(text: str) -> str:
    """goal, l1, l2, l12 (a label printed at either level), basis, value, word (a short qualitative
    target such as 有效保障) or text."""
    k = key(text)
    if _GOAL_LABEL.match(k):
        return "goal"
    lab = label_of(k)
    if lab is not None:
        if lab.level1 and lab.level2:
            return "l12"
        return "l1" if lab.level1 else "l2"
    if basis_of(k):
        return "basis"
    score = value_score(k)
    if score >= 1:
        return "value"
    return "word" if score > 0 else "text"


def _fit(cls: str, role: str | None) -> float:
    kind = _VALUE_ROLES.get(role or "", role)
    if kind is None:
        return -0.5
    return _FIT.get(kind, _FIT["note"]).get(cls, _MISFIT)


def _joined(pieces: list[Cell]) -> str:
    out = ""
    for c in pieces:
        t = c.text.strip()
        out += (" " if out and out[-1].isascii() and out[-1].isalnum() and t[:1].isascii() and t[:1].isalnum() else "") + t
    return out


def realign(cells: list[Cell], roles: list[str | None], split: bool = False) -> list[Cell]:
    """The row's non-empty single cells placed, in order, on the columns whose roles fit them best.

    ``roles[k]`` is column k's role (None for a column without one; "note" for a named note column).
    With ``split`` a cell may have been printed as up to three pieces (a stray tab inside it: "经济成本 |
    指标", "≤30 | 万元"); pieces joined into one cell pay a small price, so they are joined only where the
    whole reads better. Returns new cells (the input is not changed).
    """
    cells = sorted((c for c in cells if c.text.strip()), key=lambda c: c.col)
    n, m = len(cells), len(roles)
    if n == 0:
        return cells
    most = _MOST_PIECES if split else 1
    neg = float("-inf")
    # best[i][j]: the best score of cells[:i] with the last group (ending at cell i - 1) on column j. A
    # group keeps the shift of the piece before it (the first: no shift) for a bonus, so a row moved as a
    # whole moves back whole.
    best = [[neg] * m for _ in range(n + 1)]
    back: list[list[tuple[int, int]]] = [[(-1, -1)] * m for _ in range(n + 1)]
    for i in range(1, n + 1):
        for t in range(1, min(most, i) + 1):
            a = i - t
            group = cells[a:i]
            text = group[0].text if t == 1 else _joined(group)
            cls = cell_class(text)
            # joined pieces that make a label, a value, a basis or a goal name read better than apart;
            # joined plain text pays for the join
            price = (t - 1) * (-_JOIN if cls not in ("text", "word") else 2 * _JOIN)
            for j in range(m):
                fit = _fit(cls, roles[j]) - price
                if a == 0:
                    score = fit + (_SAME_SHIFT if j == cells[0].col else 0.0)
                    if score > best[i][j]:
                        best[i][j], back[i][j] = score, (0, -1)
                    continue
                for k in range(j):
                    if best[a][k] == neg:
                        continue
                    same = j - cells[a].col == k - cells[a - 1].col
                    score = best[a][k] + fit + (_SAME_SHIFT if same else 0.0)
                    if score > best[i][j]:
                        best[i][j], back[i][j] = score, (a, k)
    j = max(range(m), key=lambda k: (best[n][k], -abs(k - cells[-1].col)))
    if best[n][j] == neg:
        return cells  # more cells than columns, even joined
    out: list[Cell] = []
    i = n
    while i > 0:
        a, k = back[i][j]
        group = cells[a:i]
        out.append(replace(group[0], col=j) if len(group) == 1 else replace(group[0], text=_joined(group), col=j))
        i, j = a, k
    return out[::-1]
