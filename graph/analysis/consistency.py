"""Consistency findings: annual vs long-term targets, cost indicators vs the project budget, last year's value vs
last year's target, and a target's change against last year judged by its standard indicator's direction.

Change against last year (one row's 上年 and 当年 values, units converted by data/units.json):
- lowered: the target asks for less — a lower number on a 正向 indicator, a higher ceiling on a 反向 one
  (costs, times, failures: lower is better); raised: it asks for more;
- unit-changed: the two values are in units that cannot be converted (个 and 次): no comparison is made;
- flat: 前年 = 上年 = 当年, raised only for a number that could be raised — not for a fixed limit (100%, 0, 无)
  or a text value (yes/no words such as 是, 完成; vague words are vagueness findings already), nor for a
  成本指标 ceiling (the budget kept).
One finding per project (or department table), standard indicator and kind (the change kinds counting as
one): rows of both horizons and of several tables are gathered under the worst one (pi:alsoAbout); department rows restating a project's are not passed in.

Severity (高 / 中 / 低):
- lowered: 高 when the target moves by ≥ 20% of last year's value, 中 by 5–20%, 低 by < 5%; one level lower
  (at most 中) when a side prints no unit and the other's is assumed;
- unit-changed 中; raised 低; flat 低;
- cost-differs-from-budget: 高 when the cost ceiling is above this year's budget, else 中; cost-matches-budget 低;
- baseline-differs-from-last-target 中; annual-vs-long-term 中; no-basis 低; number-in-name 低;
- level2-not-under-level1 中: the row's 二级 category is not one of its 一级 category's in the framework
  (graph/model/framework.py: 产出指标 / 社会效益指标), a filing error `pikg validate` lets pass; one per
  project (or department table) and standard indicator, like the change findings.
Every finding carries one Chinese sentence a reviewer can paste into an opinion (Finding.opinion).
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from graph.model.framework import level2_parent
from graph.model.tallies import flat_over_three_years
from graph.model.terms import norm_name
from graph.analysis.usetable import Use, Value

UNITS = Path(__file__).with_name("data") / "units.json"
SEVERITY_ZH = {"high": "高", "medium": "中", "low": "低"}
_RANK = {"low": 0, "medium": 1, "high": 2}
# within one project and standard indicator, the change finding shown is the worst
_CHANGE_PRIORITY = {"lowered": 3, "unit-changed": 2, "raised": 1}
_YUAN = {"万元": 10_000, "元": 1, "亿元": 100_000_000, "万": 10_000, "亿": 100_000_000, "千元": 1000}


@dataclass
class Finding:
    """One finding: its kind (fw:finding-<kind>), the use it is about, a detail, the thing it compares with,
    its severity (high | medium | low), a sentence for an opinion, and further rows it gathers."""

    kind: str  # annual-vs-long-term | cost-* | baseline-differs-from-last-target | lowered | raised | unit-changed | flat | no-basis | number-in-name | level2-not-under-level1
    use: str
    detail: str
    related: str | None = None
    severity: str = "low"
    opinion: str = ""
    also: list[str] = field(default_factory=list)


def subject(u: Use) -> str:
    """Whose indicator it is, for a sentence: 项目「X」 or 部门「D」整体支出."""
    if u.project:
        return f"项目「{u.project_name or ''}」"
    return f"部门「{u.dept_label or u.doc}」整体支出"


def baseline_findings(uses: list[Use], links: list[tuple[str, str]], close: set[tuple[str, str]],
                      std_of: dict[str, str] | None = None) -> list[Finding]:
    """A later year's 上年 value against the earlier year's 当年 target of the same (standard) indicator in the
    same (linked) project: what the department reports as last year's value should be last year's target or result."""
    std_of = std_of or {}
    out: list[Finding] = []
    by_project: dict[str, list[Use]] = defaultdict(list)
    for u in uses:
        if u.project and u.horizon == "annual":
            by_project[u.project].append(u)
    for earlier, later in links:
        for lu in by_project.get(later, []):
            if not lu.prev1.raw or lu.prev1.kind and lu.prev1.kind.endswith("placeholder"):
                continue
            for eu in by_project.get(earlier, []):
                same = (norm_name(eu.name) == norm_name(lu.name) or (eu.indicator, lu.indicator) in close
                        or std_of.get(eu.indicator, eu.indicator) == std_of.get(lu.indicator, lu.indicator))
                if not same or not eu.target.raw or (eu.year and lu.year and lu.year - eu.year != 1):
                    continue
                if norm_name(eu.target.raw) != norm_name(lu.prev1.raw):
                    out.append(Finding("baseline-differs-from-last-target", lu.iri,
                                       f"上年值 {lu.prev1.raw}，上年目标 {eu.target.raw}（{eu.doc} 第 {eu.line} 行）", eu.iri, "medium",
                                       f"{subject(lu)}的指标「{lu.name}」本年填报的上年值（{lu.prev1.raw}）与上年预算中的当年目标"
                                       f"（{eu.target.raw}）不一致，建议核对并说明。"))
                break
    return out



@lru_cache(maxsize=1)
def unit_table() -> dict:
    return json.loads(UNITS.read_text(encoding="utf-8"))


def unit_scale(unit: str | None) -> tuple[str, Decimal] | None:
    """A unit's dimension and factor to its base unit (万元 → money, 10^4; 万件 → 件, 10^4; 个 → 个, 1);
    None for no unit."""
    if not unit:
        return None
    t = unit_table()
    if unit in t["units"]:
        dim, f = t["units"][unit]
        return dim, Decimal(str(f))
    for p, f in t["prefixes"].items():
        if unit.startswith(p) and len(unit) > 1:
            rest = unit_scale(unit[len(p):])
            if rest:
                return rest[0], rest[1] * Decimal(f)
        if unit == p:
            return "", Decimal(f)  # a bare 万 / 亿: a multiplier of the row's own unit
    return f"unit:{unit}", Decimal(1)


@dataclass(frozen=True)
class Change:
    """A target against last year's value: both in one base unit, or units that cannot be compared."""

    target: Decimal | None
    last: Decimal | None
    assumed: bool = False  # one side printed no unit (or a bare 万) and was read in the other's
    incomparable: bool = False


def compare(target: Value, last: Value) -> Change | None:
    """Last year's value and this year's target in one unit (None when either has no number)."""
    if target.number is None or last.number is None:
        return None
    a, b = unit_scale(target.unit), unit_scale(last.unit)
    dims = {s[0] for s in (a, b) if s and s[0]}
    if len(dims) > 1:
        return Change(None, None, incomparable=True)
    dim = dims.pop() if dims else ""
    assumed = bool(dim) and any(s is None or not s[0] for s in (a, b))
    # a side without a unit is read in the other's unit (上年 78.4 beside ≤30万元 is 78.4 万元)
    a, b = a or b or (dim, Decimal(1)), b or a or (dim, Decimal(1))
    a, b = (dim, a[1]), (dim, b[1])
    return Change(Decimal(str(target.number)) * a[1], Decimal(str(last.number)) * b[1], assumed)


def is_fixed_limit(v: Value) -> bool:
    """A target that cannot be raised: 100% (or more), 0, 无 — flat over three years is no finding."""
    raw = norm_name(v.raw or "")
    if raw in ("无", "零", "0", "0%"):
        return True
    if v.number is None:
        return False
    n = Decimal(str(v.number))
    return n == 0 or (v.unit in ("%", "％") and n >= 100 and v.comparator not in ("≤", "<"))


def _step(ratio: Decimal) -> str:
    return "high" if ratio >= Decimal("0.2") else "medium" if ratio >= Decimal("0.05") else "low"


def change_finding(u: Use, direction: str) -> Finding | None:
    """The row's target against its 上年 value, judged by the standard indicator's direction."""
    t, p = u.target, u.prev1
    c = compare(t, p)
    if c is None:
        return None
    who = f"{subject(u)}的指标「{u.name}」"
    if c.incomparable:
        return Finding("unit-changed", u.iri, f"上年 {p.raw} → 当年 {t.raw}（单位 {p.unit} → {t.unit}，不可换算）", None, "medium",
                       f"{who}上年值（{p.raw}）与当年目标值（{t.raw}）计量单位不同，无法比较，建议统一计量单位并说明目标变化。")
    if c.target == c.last:
        return None
    negative = direction == "negative"
    weaker = (c.target > c.last) if negative else (c.target < c.last)
    ratio = abs(c.target - c.last) / abs(c.last) if c.last else Decimal(1)
    sev = _step(ratio)
    if c.assumed:
        sev = "medium" if sev == "high" else "low"
    word = "反向指标（越低越好）" if negative else "正向指标"
    note = "（一方未印单位，按另一方单位读）" if c.assumed else ""
    detail = f"{word}：上年 {p.raw} → 当年 {t.raw}，变动 {ratio:.0%}{note}"
    if weaker:
        how = "高于上年" if negative else "低于上年"
        what = "要求放宽" if negative else "目标降低"
        return Finding("lowered", u.iri, detail, None, sev,
                       f"{who}当年目标值（{t.raw}）{how}（{p.raw}），{what}，建议说明理由或恢复。")
    how = "低于上年" if negative else "高于上年"
    return Finding("raised", u.iri, detail, None, "low",
                   f"{who}当年目标值（{t.raw}）{how}（{p.raw}），目标提高，建议确认可实现并说明依据。")


def flat_finding(u: Use) -> Finding | None:
    """前年 = 上年 = 当年 on a number that could be raised: not a fixed limit, not a text value (yes/no words
    such as 是 or 完成 cannot be raised; vague words are vagueness findings already), not a 成本指标 ceiling."""
    t = u.target
    if not flat_over_three_years(u.prev2.raw, u.prev1.raw, t.raw) or t.number is None or is_fixed_limit(t):
        return None
    if (u.level1 or "").endswith("/cost"):
        return None  # a cost ceiling kept is the budget kept, not a target that asks for no progress
    return Finding("flat", u.iri, f"前年 = 上年 = 当年 = {t.raw}", None, "low",
                   f"{subject(u)}的指标「{u.name}」前年、上年、当年目标值均为{t.raw}，三年未变，建议结合上年完成情况说明是否应提高。")


def one_per_indicator(found: list[tuple[Use, Finding]], std_of: dict[str, str]) -> list[Finding]:
    """One change finding and one of each other kind per project (or department table) and standard indicator:
    the worst is kept (lowered over unit-changed over raised, then by severity, then the earliest row) and
    the other rows are gathered in its `also`. A department table's finding that a project of the same
    document has too (same kind, same standard indicator) is dropped."""
    groups: dict[tuple[str, str, str], list[tuple[Use, Finding]]] = defaultdict(list)
    for u, f in found:
        group = "change" if f.kind in _CHANGE_PRIORITY else f.kind
        groups[(u.owner, std_of.get(u.indicator, u.indicator), group)].append((u, f))
    out = []
    # a department-table row that nearly restates a project's row of the same document (the same finding on
    # the same standard indicator, the target printed a little differently) is not repeated
    in_projects = {(u.doc, std, f.kind) for (owner, std, _), ms in groups.items() for u, f in ms if u.project}
    for (owner, std, _), members in list(groups.items()):
        if not members[0][0].project and all((u.doc, std, f.kind) in in_projects for u, f in members):
            del groups[(owner, std, _)]
    for members in groups.values():
        members.sort(key=lambda uf: (-_CHANGE_PRIORITY.get(uf[1].kind, 0), -_RANK[uf[1].severity],
                                     uf[0].horizon != "annual", uf[0].doc, uf[0].line))
        best = members[0][1]
        best.also = [f.use for _, f in members[1:]]
        out.append(best)
    return out


def findings(uses: list[Use], projects: list[dict], std_of: dict[str, str] | None = None,
             direction_of: dict[str, str] | None = None) -> list[Finding]:
    """Annual vs long-term, cost vs budget, and change against last year (`std_of`: indicator → standard
    indicator; `direction_of`: indicator → positive | negative)."""
    std_of, direction_of = std_of or {}, direction_of or {}
    out: list[Finding] = []
    budget = {p["project"]: p for p in projects}
    lt: dict[tuple[str, str], Use] = {}
    for u in uses:
        if u.horizon == "long_term":
            lt.setdefault((u.owner, norm_name(u.name)), u)
    changes: list[tuple[Use, Finding]] = []
    for u in uses:
        changes += [(u, f) for f in level_mismatch(u)]
        if u.horizon == "annual":
            out += _annual_vs_long_term(u, lt.get((u.owner, norm_name(u.name))))
        p = budget.get(u.project or "")
        if p:
            changes += [(u, f) for f in _cost_vs_budget(u, p)]
        for f in (change_finding(u, direction_of.get(u.indicator, "positive")), flat_finding(u)):
            if f:
                changes.append((u, f))
    return out + one_per_indicator(changes, std_of)


def level_mismatch(u: Use) -> list[Finding]:
    """A 二级 category that does not belong to the row's 一级 category in the framework (产出指标 / 社会效益指标)."""
    parent = level2_parent(u.level2)
    if not u.level1 or not parent or parent[0] == u.level1:
        return []
    l1, l2 = u.level1_label or "", u.level2_label or ""
    return [Finding("level2-not-under-level1", u.iri, f"一级 {l1}，二级 {l2}（指标体系中属于{parent[1]}）", None, "medium",
                    f"{subject(u)}的指标「{u.name}」所填二级指标「{l2}」不属于一级指标「{l1}」（按绩效指标体系应属于"
                    f"{parent[1]}），建议调整指标分类。")]


def _annual_vs_long_term(u: Use, other: Use | None) -> list[Finding]:
    """The annual target against the long-term target of the same indicator and project."""
    t = u.target
    if not other or not other.target.raw or not t.raw or norm_name(other.target.raw) == norm_name(t.raw):
        return []
    same_unit = (other.target.unit or "") == (t.unit or "")
    if t.number is not None and other.target.number is not None and same_unit:
        differs = t.number != other.target.number
    else:
        differs = t.quantitative != other.target.quantitative or not same_unit
    if not differs:
        return []
    return [Finding("annual-vs-long-term", u.iri, f"年度 {t.raw}，长期 {other.target.raw}", other.iri, "medium",
                    f"{subject(u)}的指标「{u.name}」年度目标（{t.raw}）与长期目标（{other.target.raw}）不一致，建议核对两者的衔接。")]


def _plain(v: object) -> str:
    """A number as printed, whatever type the store gave it (800, 800.0 and Decimal('800') are 800)."""
    try:
        return format(Decimal(str(v)).normalize(), "f")
    except ArithmeticError:
        return str(v)


def _cost_vs_budget(u: Use, p: dict) -> list[Finding]:
    """A cost indicator (一级 成本指标) against the budget, units converted: an annual target against this
    year's budget; a long-term one against the total budget or, for a yearly ceiling, this year's."""
    t = u.target
    is_cost = (u.level1 or "").endswith("/cost") or "/cost-" in (u.level2 or "")
    if not is_cost or t.number is None:
        return []
    unit = t.unit or p.get("money_unit")  # a bare number is read in the table's unit
    keys = ["year_budget"] if u.horizon == "annual" else ["total_budget", "year_budget"]
    budgets = [(k, p.get(f"{k}_yuan"), p.get(k)) for k in keys if p.get(f"{k}_yuan") is not None]
    if not budgets or unit not in _YUAN:
        return []
    yuan = Decimal(str(t.number)) * _YUAN[unit]
    assumed = "" if t.unit else f"（未印单位，按{unit}读）"
    hit = [b for b in budgets if abs(yuan - Decimal(b[1])) <= max(Decimal(1), Decimal("0.0001") * Decimal(b[1]))]
    money = p.get("money_unit") or ""
    shown = "；".join(f"{'当年预算' if k == 'year_budget' else '总预算'} {_plain(v)}{money}" for k, _, v in budgets)
    who = f"{subject(u)}的成本指标「{u.name}」"
    if hit:
        return [Finding("cost-matches-budget", u.iri, f"指标值 {t.raw}，{shown}{assumed}", u.project, "low",
                        f"{who}（{t.raw}）等于项目预算金额，未体现成本控制要求，建议按成本测算设定。")]
    above = any(k == "year_budget" and yuan > Decimal(y) for k, y, _ in budgets)
    return [Finding("cost-differs-from-budget", u.iri, f"指标值 {t.raw}，{shown}{assumed}", u.project,
                    "high" if above else "medium",
                    f"{who}（{t.raw}）与项目预算（{shown}）不符{'，且高于当年预算' if above else ''}，建议核对。")]


ROW_FINDING_DETAIL = {"no-basis": "未填写指标值确定依据（计划标准、行业标准、历史标准或其他标准）",
                      "number-in-name": "指标名称中含有目标值：{name}"}


def row_finding(kind: str, u: Use) -> Finding:
    """A finding of the vagueness pass about one row (no-basis, number-in-name), with severity 低."""
    who = f"{subject(u)}的指标「{u.name}」"
    opinion = {"no-basis": f"{who}未填写指标值确定依据，建议注明计划标准、行业标准、历史标准或其他标准。",
               "number-in-name": f"{who}名称中含有目标值，建议将目标值移至指标值栏、名称只写指标本身。"}[kind]
    return Finding(kind, u.iri, ROW_FINDING_DETAIL[kind].format(name=u.name), None, "low", opinion)
