"""Consistency findings: annual vs long-term targets, cost indicators vs the project budget, targets lowered
against last year, targets flat over three years."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from graph.model.tallies import asks_for_less, flat_over_three_years
from graph.model.terms import norm_name
from graph.analysis.usetable import Use

_YUAN = {"万元": 10_000, "元": 1, "亿元": 100_000_000, "万": 10_000, "亿": 100_000_000, "千元": 1000}
_COST_NAME = re.compile(r"成本|资金|经费|预算|费用|金额")


@dataclass
class Finding:
    kind: str  # annual-vs-long-term | cost-matches-budget | cost-differs-from-budget | lowered | flat
    use: str
    detail: str
    related: str | None = None


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
                                       f"上年值 {lu.prev1.raw}，上年目标 {eu.target.raw}（{eu.doc} 第 {eu.line} 行）", eu.iri))
                break
    return out


def findings(uses: list[Use], projects: list[dict]) -> list[Finding]:
    out: list[Finding] = []
    budget = {p["project"]: p for p in projects}
    lt: dict[tuple[str, str], Use] = {}
    for u in uses:
        if u.horizon == "long_term":
            lt.setdefault((u.owner, norm_name(u.name)), u)
    for u in uses:
        t, p1, p2 = u.target, u.prev1, u.prev2
        # annual target against the long-term target of the same indicator and project
        if u.horizon == "annual":
            other = lt.get((u.owner, norm_name(u.name)))
            if other and other.target.raw and t.raw and norm_name(other.target.raw) != norm_name(t.raw):
                same_unit = (other.target.unit or "") == (t.unit or "")
                if t.number is not None and other.target.number is not None and same_unit:
                    if t.number != other.target.number:
                        out.append(Finding("annual-vs-long-term", u.iri, f"年度 {t.raw}，长期 {other.target.raw}", other.iri))
                elif t.quantitative != other.target.quantitative or not same_unit:
                    out.append(Finding("annual-vs-long-term", u.iri, f"年度 {t.raw}，长期 {other.target.raw}", other.iri))
        # cost indicators (一级 成本指标) against the budget, units converted: an annual target against this
        # year's budget; a long-term one against the total budget or, for a yearly ceiling, this year's
        p = budget.get(u.project or "")
        is_cost = (u.level1 or "").endswith("/cost") or "/cost-" in (u.level2 or "")
        if p and is_cost and t.number is not None:
            unit = t.unit or p.get("money_unit")  # a bare number is read in the table's unit
            keys = ["year_budget"] if u.horizon == "annual" else ["total_budget", "year_budget"]
            budgets = [(k, p.get(f"{k}_yuan"), p.get(k)) for k in keys if p.get(f"{k}_yuan") is not None]
            if budgets and unit in _YUAN:
                yuan = t.number * _YUAN[unit]
                assumed = "" if t.unit else f"（未印单位，按{unit}读）"
                hit = [b for b in budgets if abs(yuan - Decimal(b[1])) <= max(Decimal(1), Decimal("0.0001") * Decimal(b[1]))]
                shown = "；".join(f"{'当年预算' if k == 'year_budget' else '总预算'} {v}{p.get('money_unit') or ''}" for k, _, v in budgets)
                kind = "cost-matches-budget" if hit else "cost-differs-from-budget"
                out.append(Finding(kind, u.iri, f"指标值 {t.raw}，{shown}{assumed}", u.project))
        # lowered against last year, flat over three years
        if t.number is not None and p1.number is not None:
            if asks_for_less(t.number, p1.number, t.unit, p1.unit, t.comparator):
                out.append(Finding("lowered", u.iri, f"上年 {p1.raw} → 当年 {t.raw}"))
        if flat_over_three_years(p2.raw, p1.raw, t.raw):
            out.append(Finding("flat", u.iri, f"前年 = 上年 = 当年 = {t.raw}"))
    return out
