"""Tallies written with each document's graph: counts per document and project, and row flags.

The whole-corpus named queries (department-summary, basis-distribution, projects-missing-level1) read
these few triples per document instead of
aggregating every indicator row of the store, which takes seconds per million triples. They are computed
from the same records as the rest of the document's graph, in the worker that builds it, and are replaced
with it; tests/test_query_tallies.py checks them against the aggregating queries they replace.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from extractors.vocab import framework_data

from graph.model.framework import level1_iri
from graph.model.terms import ID, PI, RDF, Triples, norm_name, slug


def flat_over_three_years(prev2: str | None, prev1: str | None, target: str | None) -> bool:
    """前年, 上年 and 当年 are all printed, the same value (compared NFKC and without spaces): a target
    copied forward. Shared with the consistency findings, so that the flag and the finding agree."""
    return bool(prev2 and prev1 and target) and norm_name(prev2) == norm_name(prev1) == norm_name(target)


def is_flat(record: dict) -> bool:
    """The row's 前年, 上年 and 当年 are flat (see flat_over_three_years)."""
    return flat_over_three_years(record.get("prev2"), record.get("prev1"), record.get("target"))


@dataclass
class DocumentTally:
    """Counts gathered while a document's triples are written; `write` adds them to its graph."""

    projects: int = 0
    goals: int = 0
    rows: int = 0
    quantitative: int = 0
    budget_yuan: Decimal | None = None
    basis: Counter = field(default_factory=Counter)  # ("type", concept) | ("printed", word) | ("none",) → rows
    project_rows: Counter = field(default_factory=Counter)
    project_level1: dict[str, set] = field(default_factory=lambda: defaultdict(set))

    def add_projects(self, year_budgets_yuan: dict[str, Decimal | None]) -> None:
        """The document's projects, each with this year's budget in 元 when it prints one."""
        self.projects += len(year_budgets_yuan)
        for amount in year_budgets_yuan.values():
            if amount is not None:
                self.budget_yuan = (self.budget_yuan or Decimal(0)) + amount

    def add_row(self, record: dict, project: str | None, basis_concept: str | None) -> None:
        """One indicator row, with the project node it belongs to (None in a department table) and the
        framework concept of its basis (None when it prints none or a word that is not a basis type)."""
        self.rows += 1
        if record.get("target") is not None and (record.get("target_value") or {}).get("quantitative"):
            self.quantitative += 1
        printed = record.get("basis")
        self.basis[("type", basis_concept) if basis_concept else ("printed", printed) if printed else ("none",)] += 1
        if project:
            self.project_rows[project] += 1
            concept = level1_iri(record.get("level1_concept"))
            if concept:
                self.project_level1[project].add(concept)

    def write(self, t: Triples, doc: str, stem: str) -> None:
        t.add_lit(doc, PI + "projectTotal", self.projects)
        t.add_lit(doc, PI + "goalTotal", self.goals)
        t.add_lit(doc, PI + "indicatorRowTotal", self.rows)
        t.add_lit(doc, PI + "quantitativeTargetTotal", self.quantitative)
        t.add_lit(doc, PI + "projectBudgetYuanTotal", self.budget_yuan)
        for key, n in sorted(self.basis.items()):
            node = f"{ID}tally/{slug(stem)}/basis/{hashlib.sha1(repr(key).encode('utf-8')).hexdigest()[:12]}"
            t.add_iri(doc, PI + "basisTally", node)
            t.add_iri(node, RDF + "type", PI + "BasisTally")
            t.add_iri(node, PI + "inDocument", doc)
            t.add_lit(node, PI + "rowTotal", n)
            if key[0] == "type":
                t.add_iri(node, PI + "basis", key[1])
            elif key[0] == "printed":
                t.add_lit(node, PI + "basisLabel", key[1])
        every_level1 = [level1_iri(name) for name in framework_data()["level1"]]
        for project, n in self.project_rows.items():
            t.add_lit(project, PI + "indicatorRowTotal", n)
            for concept in every_level1:
                if concept not in self.project_level1[project]:
                    t.add_iri(project, PI + "lacksLevel1", concept)
