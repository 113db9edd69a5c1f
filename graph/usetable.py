"""Read indicator uses and projects back from a store as plain Python rows (for analysis and exports)."""
from __future__ import annotations

from dataclasses import dataclass

from .stores import GraphStore
from .terms import sparql_prefixes

USES = sparql_prefixes() + """
SELECT ?use ?doc_id ?year ?dept ?dept_label ?project ?project_name ?goal ?horizon ?goal_n ?name ?ind ?ind_label
       ?l1 ?l2 ?l1_label ?l2_label ?basis ?basis_label ?line
       ?t ?t_raw ?t_num ?t_unit ?t_cmp ?t_kind ?t_q ?p1 ?p1_raw ?p1_num ?p1_unit ?p1_kind ?p1_q ?p2 ?p2_raw ?p2_num ?p2_unit ?p2_kind ?p2_q
WHERE {
  ?use a pi:IndicatorUse ; pi:name ?name ; pi:indicator ?ind ; pi:goal ?goal ; pi:inDocument ?doc ; pi:sourceLine ?line .
  ?doc dcterms:identifier ?doc_id .
  OPTIONAL { ?doc pi:fiscalYear ?year }
  OPTIONAL { ?doc pi:department ?dept . ?dept rdfs:label ?dept_label }
  OPTIONAL { ?ind skos:prefLabel ?ind_label }
  ?goal pi:goalNumber ?goal_n .
  BIND(IF(EXISTS { ?goal a pi:LongTermGoal }, "long_term", "annual") AS ?horizon)
  OPTIONAL { ?use pi:project ?project . ?project pi:name ?project_name }
  OPTIONAL { ?use pi:level1 ?l1 } OPTIONAL { ?use pi:level2 ?l2 }
  OPTIONAL { ?use pi:level1Label ?l1_label } OPTIONAL { ?use pi:level2Label ?l2_label }
  OPTIONAL { ?use pi:basis ?basis } OPTIONAL { ?use pi:basisLabel ?basis_label }
  OPTIONAL { ?use pi:target ?t . ?t pi:raw ?t_raw ; pi:isQuantitative ?t_q . OPTIONAL { ?t pi:number ?t_num }
             OPTIONAL { ?t pi:unit ?t_unit } OPTIONAL { ?t pi:comparator/skos:notation ?t_cmp } OPTIONAL { ?t pi:valueKind ?t_kind } }
  OPTIONAL { ?use pi:prev1 ?p1 . ?p1 pi:raw ?p1_raw ; pi:isQuantitative ?p1_q . OPTIONAL { ?p1 pi:number ?p1_num }
             OPTIONAL { ?p1 pi:unit ?p1_unit } OPTIONAL { ?p1 pi:valueKind ?p1_kind } }
  OPTIONAL { ?use pi:prev2 ?p2 . ?p2 pi:raw ?p2_raw ; pi:isQuantitative ?p2_q . OPTIONAL { ?p2 pi:number ?p2_num }
             OPTIONAL { ?p2 pi:unit ?p2_unit } OPTIONAL { ?p2 pi:valueKind ?p2_kind } }
}"""

PROJECTS = sparql_prefixes() + """
SELECT ?project ?name ?code ?doc_id ?year ?dept ?dept_label ?year_budget_yuan ?total_budget_yuan ?money_unit ?year_budget ?total_budget ?line
WHERE {
  ?project a pi:Project ; pi:name ?name ; pi:inDocument ?doc ; pi:sourceLine ?line .
  ?doc dcterms:identifier ?doc_id .
  OPTIONAL { ?doc pi:fiscalYear ?year }
  OPTIONAL { ?doc pi:department ?dept . ?dept rdfs:label ?dept_label }
  OPTIONAL { ?project pi:code ?code }
  OPTIONAL { ?project pi:yearBudgetYuan ?year_budget_yuan }
  OPTIONAL { ?project pi:yearBudget ?year_budget }
  OPTIONAL { ?project pi:totalBudgetYuan ?total_budget_yuan }
  OPTIONAL { ?project pi:totalBudget ?total_budget }
  OPTIONAL { ?project pi:moneyUnit ?money_unit }
}"""


@dataclass
class Value:
    node: str | None
    raw: str | None
    number: float | None
    unit: str | None
    comparator: str | None
    kind: str | None
    quantitative: bool

    def as_dict(self) -> dict | None:
        """The shape of an extraction record's *_value field (for the vagueness classifier)."""
        if self.raw is None:
            return None
        return {"text": self.raw, "number": self.number, "unit": self.unit, "comparator": self.comparator,
                "kind": (self.kind or "").rsplit("kind-", 1)[-1] or None, "quantitative": self.quantitative}


@dataclass
class Use:
    iri: str
    doc: str
    year: int | None
    dept: str | None
    dept_label: str | None
    project: str | None
    project_name: str | None
    goal: str
    horizon: str
    goal_n: int
    name: str
    indicator: str
    indicator_label: str | None
    level1: str | None
    level2: str | None
    level1_label: str | None
    level2_label: str | None
    basis: str | None
    basis_label: str | None
    line: int
    target: Value
    prev1: Value
    prev2: Value

    @property
    def owner(self) -> str:
        """The project, or the department table of the document (表11)."""
        return self.project or f"{self.doc}#department"


def _val(r: dict, p: str) -> Value:
    return Value(r.get(p), r.get(f"{p}_raw"), r.get(f"{p}_num"), r.get(f"{p}_unit"), r.get(f"{p}_cmp"),
                 r.get(f"{p}_kind"), bool(r.get(f"{p}_q")))


def read_uses(store: GraphStore) -> list[Use]:
    out = []
    for r in store.query(USES).dicts():
        out.append(Use(r["use"], r["doc_id"], r.get("year"), r.get("dept"), r.get("dept_label"), r.get("project"),
                       r.get("project_name"), r["goal"], r["horizon"], int(r["goal_n"]), r["name"], r["ind"],
                       r.get("ind_label"), r.get("l1"), r.get("l2"), r.get("l1_label"), r.get("l2_label"),
                       r.get("basis"), r.get("basis_label"), int(r["line"]), _val(r, "t"), _val(r, "p1"), _val(r, "p2")))
    out.sort(key=lambda u: (u.doc, u.line, u.iri))
    return out


def read_projects(store: GraphStore) -> list[dict]:
    return sorted(store.query(PROJECTS).dicts(), key=lambda r: (r["doc_id"], r["line"]))
