"""What the desk and the review opinion show of one document, read from the store: its projects, each goal's
indicator rows as printed, each row's vagueness verdict (reasons, advice), its findings (severity, opinion),
its standard indicator and last year's target through the project's lineage.

The same functions serve `pikg serve` (through the server's SPARQL child) and `pikg review` (any store):
each takes an object with ``query(sparql) -> QueryResult``.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Protocol

from graph.model.labels import concept_labels, placeholder
from graph.model.terms import sparql_prefixes
from graph.review.decisions import FlagKey
from graph.review.earlier import Earlier, earlier_targets
from graph.store.base import Param, QueryResult

VAGUE = "vague"
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


class Queryable(Protocol):
    """A store, or the server's SPARQL child: what graph.review reads through."""

    def query(self, sparql: str, params: dict[str, Param] | None = None) -> QueryResult: ...


DOCUMENTS = sparql_prefixes() + """
SELECT ?doc_id ?year ?department ?source ?rows WHERE {
  ?doc a pi:BudgetDocument ; dcterms:identifier ?doc_id .
  OPTIONAL { ?doc pi:fiscalYear ?year }
  OPTIONAL { ?doc pi:department ?d . ?d rdfs:label ?department }
  OPTIONAL { ?doc pi:sourceFile ?source }
  OPTIONAL { ?doc pi:indicatorRowTotal ?rows }
} ORDER BY ?department ?year ?doc_id"""

ROWS = sparql_prefixes() + """
SELECT ?use ?line ?name ?level1 ?level2 ?prev2 ?prev1 ?target ?basis ?horizon ?goal ?statement ?project
       ?project_line ?vague ?advice ?standard ?p ?i ?s WHERE {
  ?doc dcterms:identifier ?document .
  ?use pi:inDocument ?doc ; a pi:IndicatorUse ; pi:name ?name ; pi:sourceLine ?line ; pi:goal ?g ; pi:indicator ?i .
  # one pattern per OPTIONAL, each looked up from the row's own nodes (a larger OPTIONAL makes Oxigraph build
  # a table of the whole store first: seconds a document on a store of a million triples)
  OPTIONAL { ?g a pi:LongTermGoal . BIND("long_term" AS ?long_term) }
  BIND(COALESCE(?long_term, "annual") AS ?horizon)
  OPTIONAL { ?g pi:goalNumber ?goal }
  OPTIONAL { ?g pi:statement ?statement }
  OPTIONAL { ?use pi:project ?p }
  BIND(COALESCE(?p, pi:noProject) AS ?owner)
  OPTIONAL { ?owner pi:name ?project }
  OPTIONAL { ?owner pi:sourceLine ?project_line }
  OPTIONAL { ?use pi:level1Label ?level1 }
  OPTIONAL { ?use pi:level2Label ?level2 }
  OPTIONAL { ?use pi:prev2Raw ?prev2 }
  OPTIONAL { ?use pi:prev1Raw ?prev1 }
  OPTIONAL { ?use pi:targetRaw ?target }
  OPTIONAL { ?use pi:basisLabel ?basis }
  OPTIONAL { ?use pi:isVague ?vague }
  OPTIONAL { ?use pi:vaguenessAdvice ?advice }
  OPTIONAL { ?i pi:standardIndicator ?s }
  BIND(COALESCE(?s, pi:noStandard) AS ?std)
  OPTIONAL { ?std skos:prefLabel ?standard }
} ORDER BY ?line ?use"""

REASONS = sparql_prefixes() + """
SELECT ?use ?reason WHERE {
  ?doc dcterms:identifier ?document .
  ?use pi:inDocument ?doc ; pi:vaguenessReason ?r .
  BIND(STRAFTER(STR(?r), "vague-") AS ?reason)
} ORDER BY ?use ?reason"""

FINDINGS = sparql_prefixes() + """
SELECT ?use ?type ?severity ?opinion ?detail WHERE {
  ?doc dcterms:identifier ?document .
  ?use pi:inDocument ?doc .
  ?f pi:about ?use ; a pi:Finding ; pi:findingType ?t ; pi:severity ?s .
  OPTIONAL { ?f pi:opinion ?opinion }
  OPTIONAL { ?f rdfs:comment ?detail }
  BIND(STRAFTER(STR(?t), "finding-") AS ?type)
  BIND(STRAFTER(STR(?s), "severity-") AS ?severity)
} ORDER BY ?use ?type"""

@dataclass
class Document:
    """A budget document in the store: its file stem, department, year, source file and indicator rows."""

    id: str
    department: str
    year: int | None
    source: str
    rows: int

    @property
    def label(self) -> str:
        """How the desk names it: 部门 2026年 (the file stem when the document names no department)."""
        return f"{self.department} {self.year}年" if self.year else self.department


VAGUE_LABEL = "目标模糊"


def flag_label(code: str) -> str:
    """A flag's Chinese label: 目标模糊 for `vague`, the finding type's label for `finding-…`."""
    return VAGUE_LABEL if code == VAGUE else concept_labels().get(code, code)


@dataclass
class Flag:
    """One thing the reviewer decides on: the row's vagueness (code vague) or a finding (finding-KIND)."""

    code: str
    label: str
    severity: str = ""  # high / medium / low for findings
    text: str = ""  # the reasons of a vague target, the detail of a finding
    advice: str = ""  # the advice on a vague target, the opinion sentence of a finding

    @property
    def severity_label(self) -> str:
        return concept_labels().get("severity-" + self.severity, "") if self.severity else ""


@dataclass
class Row:
    """One indicator row as printed, with its verdict, findings, standard indicator and last year's target."""

    use: str
    document: str
    line: int
    scope: str
    project: str
    project_line: int | None
    horizon: str
    goal: int | None
    statement: str
    level1: str
    level2: str
    name: str
    prev2: str
    prev1: str
    target: str
    basis: str
    standard: str
    vague: bool
    reasons: list[str] = field(default_factory=list)
    advice: str = ""
    flags: list[Flag] = field(default_factory=list)
    earlier: Earlier | None = None  # last year's target, through the project's lineage

    def key(self, flag: str) -> FlagKey:
        """The key of a decision on one of this row's flags."""
        return FlagKey(self.document, self.scope, self.project, self.horizon, "" if self.goal is None else str(self.goal),
                       self.name, flag)

    @property
    def reason_labels(self) -> list[str]:
        return [concept_labels().get("vague-" + r, r) for r in self.reasons]


def _text(v) -> str:
    return "" if v is None else str(v)


def documents(store: Queryable) -> list[Document]:
    """Every document of the store, by department and year."""
    out = []
    for d in store.query(DOCUMENTS).dicts():
        out.append(Document(d["doc_id"], _text(d["department"]) or d["doc_id"], d["year"], _text(d["source"]), int(d["rows"] or 0)))
    return out


def document_rows(store: Queryable, document: str) -> list[Row]:
    """Every indicator row of one document, in the order the document prints them, with its flags."""
    bound = {"document": Param(document)}
    reasons: dict[str, list[str]] = defaultdict(list)
    for d in store.query(REASONS, bound).dicts():
        reasons[d["use"]].append(d["reason"])
    findings: dict[str, list[Flag]] = defaultdict(list)
    for d in store.query(FINDINGS, bound).dicts():
        findings[d["use"]].append(Flag("finding-" + d["type"], flag_label("finding-" + d["type"]),
                                       d["severity"], _text(d["detail"]), _text(d["opinion"])))
    found = store.query(ROWS, bound).dicts()
    last = earlier_targets(store, document, [(d["use"], d["p"], d["i"], d["s"], d["horizon"]) for d in found])
    rows = []
    for d in found:
        rows.append(_row(document, d, sorted(set(reasons[d["use"]]), key=reasons[d["use"]].index),
                         findings[d["use"]], last.get(d["use"])))
    return rows


def _row(document: str, d: dict, reasons: list[str], findings: list[Flag], earlier: Earlier | None) -> Row:
    project = _text(d["project"])
    row = Row(d["use"], document, int(d["line"]), "project" if project else "department", project,
              d["project_line"], d["horizon"], d["goal"], _text(d["statement"]), _text(d["level1"]), _text(d["level2"]),
              d["name"], _text(d["prev2"]), _text(d["prev1"]), _text(d["target"]), _text(d["basis"]), _text(d["standard"]),
              bool(d["vague"]), reasons, _text(d["advice"]), [], earlier)
    if row.vague:
        row.flags.append(Flag(VAGUE, VAGUE_LABEL, "", "、".join(row.reason_labels), row.advice))
    row.flags += sorted(findings, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.code))
    return row


@dataclass
class Project:
    """One project of a document (or the department's own table, project ''), its rows in order."""

    name: str
    line: int | None
    rows: list[Row]

    @property
    def title(self) -> str:
        return self.name or placeholder("department-table")

    @property
    def flagged(self) -> int:
        return sum(bool(r.flags) for r in self.rows)


def projects(rows: list[Row]) -> list[Project]:
    """The rows grouped by project, in the order the document prints them (the department's table first
    when it comes first)."""
    groups: dict[str, Project] = {}
    for r in rows:
        groups.setdefault(r.project, Project(r.project, r.project_line, [])).rows.append(r)
    return list(groups.values())


def flag_keys(rows: list[Row]) -> set[FlagKey]:
    """The keys of every flag of these rows: what a decision must match to stay attached."""
    return {r.key(f.code) for r in rows for f in r.flags}
