"""Which row a unit printed in a column of its own belongs to, by what the row's name asks for.

A plain conversion of a table with a split target (指标性质 | 指标值 | 度量单位) prints the units apart from
their numbers and drops the empty cells, so a unit's row is not known from its place. Units keep their
order, so they are matched to the rows that print a bare number in order, and where there are fewer units
than such rows the ones left without are those whose names fit no unit (…率 takes %, …时间 an hour, …数量 a
count; data/unit_kinds.json) and rows whose number is 0 (a zero is often printed with no unit).
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

_MATCH = 10  # a unit given to a row is worth more than any fit: as many units as can be placed are


@lru_cache(maxsize=1)
def _kinds() -> dict[str, dict[str, list[str]]]:
    data = json.loads((Path(__file__).with_name("data") / "unit_kinds.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def unit_kind(unit: str) -> str:
    """share | time | money | count."""
    return next((k for k, v in _kinds().items() if unit in v["units"]), "count")


def name_kind(name: str) -> str | None:
    """The kind of unit a row's name asks for, or None when its words do not say. The cue nearest the
    name's end counts (服务满意度 a share, 故障处理时间 a duration, 报告份数 a count)."""
    best: tuple[int, str] | None = None
    for kind, v in _kinds().items():
        for cue in v["name_cues"]:
            at = name.rfind(cue)
            if at >= 0 and (best is None or at + len(cue) > best[0]):
                best = (at + len(cue), kind)
    return best[1] if best else None


def fit(name: str, number: str, unit: str) -> int:
    """How well a unit fits a row: +2 when the name asks for its kind, -1 when it asks for another, -3 for a
    row whose number is 0, -2 for a share over 100."""
    score = 0
    wants = name_kind(name)
    if wants is not None:
        score += 2 if wants == unit_kind(unit) else -1
    try:
        value = float(number.replace(",", ""))
    except ValueError:
        return score
    if value == 0:
        score -= 3
    if unit_kind(unit) == "share" and value > 100:
        score -= 2
    return score


def align_units(rows: list[tuple[str, str]], units: list[str]) -> list[tuple[int, int]]:
    """(row, unit) pairs, both in order, for rows given as (name, bare number): as many as can be made,
    and of those the order-keeping choice that fits best."""
    n, m = len(rows), len(units)
    # best[i][j]: the best score placing units[j:] on rows[i:]
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = _MATCH + fit(*rows[i], units[j]) + best[i + 1][j + 1]
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    out: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        if best[i][j] == _MATCH + fit(*rows[i], units[j]) + best[i + 1][j + 1]:
            out.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return out
