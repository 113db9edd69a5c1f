"""Read indicator uses and projects back from a store as plain Python rows (for analysis and exports)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from graph.store.base import GraphStore
from graph.model.terms import PI, SKOS, sparql_prefixes

# Uses are read property by property and joined here: one query with many OPTIONAL groups is slow on a
# large on-disk Oxigraph store, while each property is a single index scan.
_P = sparql_prefixes()
DOCS = _P + """SELECT ?doc ?doc_id ?year ?dept ?dept_label WHERE { ?doc a pi:BudgetDocument ; dcterms:identifier ?doc_id .
  OPTIONAL { ?doc pi:fiscalYear ?year } OPTIONAL { ?doc pi:department ?dept . ?dept rdfs:label ?dept_label } }"""
# every goal, also one the document does not number (pi:UndecidedGoal: no pi:goalNumber)
GOALS = _P + ("SELECT ?goal ?n ?lt WHERE { ?goal a pi:Goal . OPTIONAL { ?goal pi:goalNumber ?n } "
              "OPTIONAL { ?goal a ?lt . FILTER(?lt = pi:LongTermGoal) } }")
NAMES = _P + "SELECT ?s ?o WHERE { ?s a pi:Project ; pi:name ?o }"
PROPS = ("project", "level1", "level2", "level1Label", "level2Label", "basis", "basisLabel")
VALUE_PROPS = {"number": "number", "unit": "unit", "cmp": "comparator"}
PROJECTS = sparql_prefixes() + """
SELECT ?project ?name ?code ?doc_id ?year ?dept ?dept_label ?year_budget_yuan ?total_budget_yuan ?money_unit ?year_budget ?total_budget ?line ?source_file
WHERE {
  ?project a pi:Project ; pi:name ?name ; pi:inDocument ?doc ; pi:sourceLine ?line .
  ?doc dcterms:identifier ?doc_id .
  OPTIONAL { ?doc pi:sourceFile ?source_file }
  OPTIONAL { ?doc pi:fiscalYear ?year }
  OPTIONAL { ?doc pi:department ?dept . ?dept rdfs:label ?dept_label }
  OPTIONAL { ?project pi:code ?code }
  OPTIONAL { ?project pi:yearBudgetYuan ?year_budget_yuan }
  OPTIONAL { ?project pi:yearBudget ?year_budget }
  OPTIONAL { ?project pi:totalBudgetYuan ?total_budget_yuan }
  OPTIONAL { ?project pi:totalBudget ?total_budget }
  OPTIONAL { ?project pi:moneyUnit ?money_unit }
}"""


@dataclass(slots=True)
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


@dataclass(slots=True)
class Use:
    iri: str
    doc: str  # the document's identifier (its file stem, as printed)
    doc_iri: str
    year: int | None
    dept: str | None
    dept_label: str | None
    project: str | None
    project_name: str | None
    goal: str
    horizon: str
    goal_n: int | None  # None: the document does not say which goal (pi:UndecidedGoal)
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
    ocr_low: bool | None = None  # read by OCR: True where a reviewer must check the row; None for other readers
    ocr_note: str | None = None  # why (pi:ocrReviewNote)

    @property
    def owner(self) -> str:
        """The project, or the department table of the document (表11)."""
        return self.project or f"{self.doc}#department"


def _pairs(store: GraphStore, sparql: str) -> dict:
    return {r[0]: r[1] for r in store.query(sparql).rows}


def read_uses(store: GraphStore) -> list[Use]:
    """Every indicator use with its document, goal, labels and values (read property by property: each is
    one index scan, and IRIs are shared strings, so memory grows with the uses, not with the lookups)."""
    docs = {r["doc"]: r for r in store.query(DOCS).dicts()}
    goals = {r[0]: (None if r[1] is None else int(r[1]), "long_term" if r[2] else "annual") for r in store.query(GOALS).rows}
    so = store.subject_objects
    labels = so(SKOS + "prefLabel")
    pnames = _pairs(store, NAMES)
    props = {p: so(PI + p) for p in PROPS}
    notation = so(SKOS + "notation")
    vprops = {k: so(PI + p) for k, p in VALUE_PROPS.items()}
    raw, quant, kinds = so(PI + "raw"), so(PI + "isQuantitative"), so(PI + "valueKind")
    core = {p: so(PI + p) for p in ("name", "indicator", "goal", "inDocument", "sourceLine")}
    vals: dict[str, dict[str, Value]] = {}
    for role in ("target", "prev1", "prev2"):
        vals[role] = {use: Value(v, raw.get(v), vprops["number"].get(v), vprops["unit"].get(v),
                                 notation.get(vprops["cmp"].get(v)), kinds.get(v), bool(quant.get(v)))
                      for use, v in so(PI + role).items() if v in raw and v in quant and v in kinds}
    empty = Value(None, None, None, None, None, None, False)
    ocr_low, ocr_note = so(PI + "ocrLowConfidence"), so(PI + "ocrReviewNote")
    out = []
    for use in store.subjects_of_type(PI + "IndicatorUse"):
        fields = [core[p].get(use) for p in ("name", "indicator", "goal", "inDocument", "sourceLine")]
        if any(f is None for f in fields):
            continue  # not a complete use (validation reports it)
        name, ind, goal, doc, line = fields
        d = docs.get(doc, {})
        n, horizon = goals.get(goal, (1, "annual"))
        project = props["project"].get(use)
        out.append(Use(use, d.get("doc_id", doc), doc, d.get("year"), d.get("dept"), d.get("dept_label"), project,
                       pnames.get(project), goal, horizon, n, name, ind, labels.get(ind),
                       props["level1"].get(use), props["level2"].get(use), props["level1Label"].get(use),
                       props["level2Label"].get(use), props["basis"].get(use), props["basisLabel"].get(use), int(line),
                       vals["target"].get(use, empty), vals["prev1"].get(use, empty), vals["prev2"].get(use, empty),
                       None if use not in ocr_low else bool(ocr_low[use]), ocr_note.get(use)))
    out.sort(key=lambda u: (u.doc, u.line, u.iri))
    return out


def read_projects(store: GraphStore) -> list[dict]:
    return sorted(store.query(PROJECTS).dicts(), key=lambda r: (r["doc_id"], r["line"]))


HISTORIES = sparql_prefixes() + """
SELECT ?project ?year ?yuan WHERE { ?project pi:budgetHistory ?h . ?h pi:budgetYear ?year ; pi:amountYuan ?yuan }"""


def read_budget_histories(store: GraphStore) -> dict[str, dict[int, Decimal]]:
    """Project IRI → the budgets its form prints for earlier years (pi:budgetHistory), in 元 by year."""
    out: dict[str, dict[int, Decimal]] = {}
    for r in store.query(HISTORIES).dicts():
        out.setdefault(r["project"], {})[int(r["year"])] = Decimal(str(r["yuan"]))
    return out
