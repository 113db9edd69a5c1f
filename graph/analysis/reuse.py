"""Reuse: counts per canonical indicator, near-duplicate names and their clusters, copied indicator sets."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import Callable

from graph.model.terms import norm_name
from graph.analysis.usetable import Use


@dataclass
class IndicatorStats:
    indicator: str
    uses: int
    projects: int
    departments: int
    years: int


def reuse_counts(uses: list[Use], key: Callable[[Use], str] | None = None) -> dict[str, IndicatorStats]:
    """Uses, owners (projects or department tables), departments and budget years per canonical indicator
    (or per `key`, e.g. the standard indicator)."""
    acc: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for u in uses:
        a = acc[key(u) if key else u.indicator]
        a["uses"].add(u.iri)
        a["owners"].add(u.owner)
        a["depts"].add(u.dept or u.doc)
        if u.year:
            a["years"].add(u.year)
    return {i: IndicatorStats(i, len(a["uses"]), len(a["owners"]), len(a["depts"]), len(a["years"])) for i, a in acc.items()}


OPPOSITES = {frozenset(p) for p in ("上下", "前后", "增减", "多少", "高低", "内外", "长短", "大小", "出入", "正负", "年月", "年季", "月季")}


def _opposed(a: str, b: str) -> bool:
    """Names that differ only where one has 上 and the other 下 (互联网上行/下行带宽) name different things."""
    from difflib import SequenceMatcher

    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b).get_opcodes():
        if tag == "replace" and i2 - i1 == 1 and j2 - j1 == 1 and frozenset(a[i1] + b[j1]) in OPPOSITES:
            return True
    return False


def _similar(a: str, b: str, threshold: float) -> float:
    """Similarity of two normalised names (0 … 1): rapidfuzz ratio, or containment of a long-enough name."""
    from rapidfuzz import fuzz

    score = fuzz.ratio(a, b) / 100
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 4 and short in long_ and len(short) / len(long_) >= 0.6:
        score = max(score, 0.9)
    return score if score >= threshold else 0.0


def _bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1)} or {s}


def near_duplicates(uses: list[Use], threshold: float = 0.85) -> list[tuple[str, str, float]]:
    """Pairs of canonical indicators with near-identical names, compared within one 二级 category.

    Candidates come from an inverted index of character bigrams (names that share at least half of the
    shorter name's bigrams), so the work grows with the number of similar names, not with its square.
    """
    from rapidfuzz import fuzz

    names: dict[str, str] = {}
    groups: dict[str | None, set[str]] = defaultdict(set)
    for u in uses:
        names[u.indicator] = norm_name(u.name)
        groups[u.level2].add(u.indicator)
    pairs: dict[tuple[str, str], float] = {}
    for members in groups.values():
        items = sorted(members)
        grams = [_bigrams(names[i]) for i in items]
        index: dict[str, list[int]] = defaultdict(list)
        for k, gs in enumerate(grams):
            for g in gs:
                index[g].append(k)
        for k, gs in enumerate(grams):
            shared: dict[int, int] = defaultdict(int)
            for g in gs:
                for j in index[g]:
                    if j > k:
                        shared[j] += 1
            for j, n in shared.items():
                if n * 2 < min(len(gs), len(grams[j])):
                    continue
                a, b = names[items[k]], names[items[j]]
                score = max(fuzz.ratio(a, b) / 100, _similar(a, b, threshold))
                if score >= threshold:
                    pairs[(items[k], items[j])] = score
    return sorted((a, b, round(s, 3)) for (a, b), s in pairs.items() if not _opposed(names[a], names[b]))


def clusters(pairs: list[tuple[str, str, float]]) -> list[set[str]]:
    """Connected groups of near-duplicate indicators (networkx), largest first."""
    import networkx as nx

    g = nx.Graph()
    g.add_weighted_edges_from(pairs)
    return sorted((set(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), sorted(c)))


@dataclass
class SetCopy:
    a: str  # goal IRI (one indicator table)
    b: str
    jaccard: float
    shared: int


@dataclass
class SetGroup:
    """Indicator tables (goals) of different projects or department tables with the same set of indicators."""

    goals: list[str]
    size: int


# A near copy: at least 3 shared indicators and Jaccard ≥ 0.6. Boilerplate copied between two projects' tables
# of four or five rows typically differs in one row each way: 4 of 5 shared is 4/6 = 0.67, 3 of 4 is 3/5 = 0.6,
# while two tables that share only a satisfaction and a cost row (2 of 5) stay at 0.25.
NEAR_COPY = 0.6


def restatements(uses: list[Use], std_of: dict[str, str] | None = None) -> dict[str, str]:
    """Department-table (表11) uses that restate a project's use of the same document: same (standard) indicator,
    same horizon and the same target as printed. Each maps to the project's use it restates."""
    std_of = std_of or {}
    key = lambda u: (u.doc_iri, u.horizon, std_of.get(u.indicator, u.indicator), norm_name(u.target.raw or ""))
    project_use: dict[tuple, str] = {}
    for u in uses:
        if u.project:
            project_use.setdefault(key(u), u.iri)
    return {u.iri: project_use[key(u)] for u in uses if not u.project and key(u) in project_use}


def copied_sets(uses: list[Use], threshold: float = NEAR_COPY, min_rows: int = 3, top_k: int = 5,
                std_of: dict[str, str] | None = None) -> tuple[list[SetGroup], list[SetCopy]]:
    """Copied indicator sets between different projects (a department table restates its projects by design):
    groups of tables with identical sets of standard indicators (stored as membership, linear in the tables),
    and near copies (≥ 3 shared, Jaccard ≥ threshold, < 1) as pairs, at most top_k per table. Tables of one
    project are never compared (its long-term and annual tables share by design)."""
    std_of = std_of or {}
    sets: dict[str, set[str]] = defaultdict(set)
    owner: dict[str, str] = {}
    for u in uses:
        if not u.project:
            continue
        sets[u.goal].add(std_of.get(u.indicator, norm_name(u.name)))
        owner[u.goal] = u.owner
    same: dict[frozenset[str], list[str]] = defaultdict(list)
    for goal, names in sets.items():
        if len(names) >= min_rows:
            same[frozenset(names)].append(goal)
    groups = [SetGroup(sorted(gs), len(k)) for k, gs in same.items() if len({owner[g] for g in gs}) >= 2]
    groups.sort(key=lambda g: (-len(g.goals), -g.size, g.goals))
    by_name: dict[str, set[str]] = defaultdict(set)
    for goal, names in sets.items():
        for n in names:
            by_name[n].add(goal)
    candidates: set[tuple[str, str]] = set()
    for goals in by_name.values():
        if len(goals) <= 200:
            candidates.update(combinations(sorted(goals), 2))
    best: dict[str, list[SetCopy]] = defaultdict(list)
    for a, b in sorted(candidates):
        sa, sb = sets[a], sets[b]
        if owner[a] == owner[b] or min(len(sa), len(sb)) < min_rows or sa == sb:
            continue  # same owner by design; identical sets are in the groups
        inter = len(sa & sb)
        j = inter / len(sa | sb)
        if j >= threshold and inter >= min_rows:
            cp = SetCopy(a, b, round(j, 3), inter)
            best[a].append(cp)
            best[b].append(cp)
    keep: dict[tuple[str, str], SetCopy] = {}
    for cps in best.values():
        for cp in sorted(cps, key=lambda c: (-c.jaccard, -c.shared, c.a, c.b))[:top_k]:
            keep[(cp.a, cp.b)] = cp
    return groups, sorted(keep.values(), key=lambda c: (c.a, c.b))
