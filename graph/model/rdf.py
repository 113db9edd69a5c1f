"""Extraction records → RDF in the pikg ontology's terms, one named graph per source document.

Nodes shared across documents (canonical indicators, departments) go to the catalogue graph, so that a
union query sees each of their triples once; everything derived from one document goes to its own graph,
which a re-build replaces whole.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from extractors.ocr.trust import review_reason
from extractors.vocab import basis_of

from graph.model.framework import basis_iri, comparator_iri, kind_iri, level1_iri, level2_iri
from graph.model.source import absolute_path, add_row_place, file_hash
from graph.model.tallies import DocumentTally, is_flat
from graph.model.terms import DCT, ID, ORG, PI, PROV, RDF, RDFS, SKOS, Triples, display_name, doc_graph, hashed, norm_name, slug

_YUAN = {"万元": 10000, "元": 1}


@dataclass
class DocumentTriples:
    """The triples of one document: its own graph and its contribution to the catalogue graph."""

    stem: str
    graph: str
    own: Triples = field(default_factory=Triples)
    catalogue: Triples = field(default_factory=Triples)


def indicator_iri(name: str) -> str:
    return hashed("indicator", name)


def department_iri(name: str) -> str:
    return hashed("org", name)


def _department(t: Triples, name: str | None) -> str | None:
    if not name:
        return None
    d = department_iri(name)
    t.add_iri(d, RDF + "type", PI + "Department")
    t.add_iri(d, RDF + "type", ORG + "Organization")
    t.add_lit(d, RDFS + "label", name, "zh")
    t.add_lit(d, SKOS + "prefLabel", name, "zh")
    return d


def _value(t: Triples, node: str, v: dict | None, raw: str | None) -> None:
    t.add_iri(node, RDF + "type", PI + "Value")
    t.add_lit(node, PI + "raw", raw)
    v = v or {}
    t.add_lit(node, PI + "isQuantitative", bool(v.get("quantitative")))
    t.add_iri(node, PI + "valueKind", kind_iri(v.get("kind")))
    t.add_iri(node, PI + "comparator", comparator_iri(v.get("comparator")))
    if v.get("number") is not None:
        t.add_lit(node, PI + "number", Decimal(v["number"]))
    t.add_lit(node, PI + "unit", v.get("unit"))


def document_triples(stem: str, records: list[dict], source_file: str | None = None, layout: str | None = None,
                     source_hash: str | None = None) -> DocumentTriples:
    """Turn one document's records into triples (see the module docstring for the graphs). With a
    `source_file`, the document node also carries its absolute path and the hash of its bytes
    (`source_hash`, else read here once)."""
    out = DocumentTriples(stem, doc_graph(stem))
    t, cat = out.own, out.catalogue
    doc, dept = _document_node(t, cat, stem, records, source_file, layout)
    if source_file:
        t.add_lit(doc, PI + "sourcePath", absolute_path(source_file))
        t.add_lit(doc, PI + "sourceHash", source_hash or _hash_if_there(source_file))
    projects, budgets_yuan = _project_nodes(t, cat, stem, doc, records)
    goals = _Goals(t, cat, stem, doc, dept, projects)
    for r in records:
        if r["type"] == "goal":
            g = goals.node(r["scope"], r.get("project_line"), r["horizon"], _goal_number(r))
            t.add_lit(g, PI + "statement", r.get("text"), "zh")
            if r.get("line"):
                t.add_lit(g, PI + "sourceLine", int(r["line"]))

    tally = DocumentTally()
    seen_use: dict[str, int] = defaultdict(int)
    for r in records:
        if r["type"] != "indicator":
            continue
        g = goals.node(r["scope"], r.get("project_line"), r["horizon"], _goal_number(r), _undecided_note(r))
        base = f"{ID}use/{slug(stem)}/{r['line']}"
        seen_use[base] += 1
        u = base if seen_use[base] == 1 else f"{base}-{seen_use[base]}"
        basis = _indicator_use(t, cat, u, g, doc, r, projects)
        tally.add_row(r, projects.get(r.get("project_line")) if r["scope"] == "project" else None, basis)
    tally.add_projects(budgets_yuan)
    tally.goals = len(goals.nodes)
    tally.write(t, doc, stem)
    return out


def _hash_if_there(path: str) -> str | None:
    """The file's hash, or None when it is not there to read (records built long after extraction)."""
    try:
        return file_hash(path)
    except OSError:
        return None


def _document_node(t: Triples, cat: Triples, stem: str, records: list[dict], source_file: str | None,
                   layout: str | None) -> tuple[str, str | None]:
    """The document itself and its department (in the catalogue): (document node, department node)."""
    doc = f"{ID}doc/{slug(stem)}"
    t.add_iri(doc, RDF + "type", PI + "BudgetDocument")
    t.add_iri(doc, RDF + "type", PROV + "Entity")
    t.add_lit(doc, DCT + "identifier", stem)
    t.add_lit(doc, PI + "sourceFile", source_file)
    first = records[0] if records else {}
    t.add_lit(doc, PI + "layout", layout or next((r.get("layout") for r in records if r.get("layout")), None))
    if first.get("fiscal_year"):
        t.add_lit(doc, PI + "fiscalYear", int(first["fiscal_year"]))
    dept_name = first.get("department_name") or next((r.get("department") for r in records if r["type"] == "project"), None)
    dept = _department(cat, dept_name)
    t.add_iri(doc, PI + "department", dept)
    t.add_lit(doc, RDFS + "label", f"{dept_name or stem} {first.get('fiscal_year') or ''}年部门预算".strip(), "zh")
    return doc, dept


def _project_nodes(t: Triples, cat: Triples, stem: str, doc: str,
                   records: list[dict]) -> tuple[dict[int, str], dict[str, Decimal | None]]:
    """A node per project record: (project node by its line, each project's year budget in 元 or None)."""
    projects: dict[int, str] = {}
    budgets_yuan: dict[str, Decimal | None] = {}
    for r in records:
        if r["type"] != "project":
            continue
        p = f"{ID}project/{slug(stem)}/{r['line']}"
        projects[r["line"]] = p
        t.add_iri(p, RDF + "type", PI + "Project")
        t.add_lit(p, RDFS + "label", r.get("project"), "zh")
        t.add_lit(p, PI + "name", r.get("project"))
        t.add_lit(p, PI + "code", r.get("code"))
        t.add_iri(p, PI + "department", _department(cat, r.get("department")))
        t.add_iri(p, PI + "executor", _department(cat, r.get("executor")))
        t.add_lit(p, PI + "category", r.get("category"))
        for key, prop in (("start_year", "startYear"), ("end_year", "endYear")):
            if isinstance(r.get(key), int):
                t.add_lit(p, PI + prop, r[key])
        unit = r.get("money_unit")
        t.add_lit(p, PI + "moneyUnit", unit)
        for key, prop in (("total_budget", "totalBudget"), ("year_budget", "yearBudget")):
            if r.get(key) is not None:
                amount = Decimal(r[key])  # exact from the printed digits; 万元 → 元 by exact scaling
                t.add_lit(p, PI + prop, amount)
                if unit in _YUAN:
                    t.add_lit(p, PI + prop + "Yuan", amount * _YUAN[unit])
                    if key == "year_budget":
                        budgets_yuan[p] = amount * _YUAN[unit]
        budgets_yuan.setdefault(p, None)
        _budget_history(t, p, r.get("budget_history") or [])
        t.add_iri(p, PI + "inDocument", doc)
        t.add_iri(p, PROV + "wasDerivedFrom", doc)
        t.add_lit(p, PI + "sourceLine", int(r["line"]))
        _ocr_review(t, p, r)
    return projects, budgets_yuan


def _budget_history(t: Triples, project: str, history: list[dict]) -> None:
    """The budgets the project's form prints for earlier years (项目前两年预算及当年预算变动情况): one
    pi:PrintedBudget per year, the amount exact as printed and in 元, with the printed text."""
    for h in history:
        n = f"{project}/budget/{int(h['year'])}"
        amount = Decimal(str(h["amount"]))
        t.add_iri(project, PI + "budgetHistory", n)
        t.add_iri(n, RDF + "type", PI + "PrintedBudget")
        t.add_lit(n, PI + "budgetYear", int(h["year"]))
        t.add_lit(n, PI + "amount", amount)
        t.add_lit(n, PI + "budgetUnit", h.get("unit"))
        if h.get("unit") in _YUAN:
            t.add_lit(n, PI + "amountYuan", amount * _YUAN[h["unit"]])
        t.add_lit(n, PI + "printedText", h.get("raw"))


class _Goals:
    """The goal nodes of one document, each made at its first mention (a goal record or an indicator row)."""

    def __init__(self, t: Triples, cat: Triples, stem: str, doc: str, dept: str | None, projects: dict[int, str]) -> None:
        self.t, self.cat, self.stem, self.doc, self.dept, self.projects = t, cat, stem, doc, dept, projects
        self.nodes: dict[tuple, str] = {}

    def node(self, scope: str, project_line: int | None, horizon: str, n: int | None, note: str | None = None) -> str:
        """The node of goal `n` of a project's (or the department's) table of one horizon; for n None (the
        document does not say which goal its table serves) one pi:UndecidedGoal of the horizon, with no
        goal number and the extractor's note."""
        t, k = self.t, (scope, project_line, horizon, n)
        if k in self.nodes:
            return self.nodes[k]
        owner = f"project/{project_line}" if scope == "project" else "department"
        g = f"{ID}goal/{slug(self.stem)}/{owner}/{horizon}/{n if n is not None else 'undecided'}"
        self.nodes[k] = g
        t.add_iri(g, RDF + "type", PI + "Goal")
        t.add_iri(g, RDF + "type", PI + ("LongTermGoal" if horizon == "long_term" else "AnnualGoal"))
        if n is None:
            t.add_iri(g, RDF + "type", PI + "UndecidedGoal")
            t.add_lit(g, RDFS + "comment", note or "文件未印出本表所服务的目标：目标编号未定", "zh")
        else:
            t.add_lit(g, PI + "goalNumber", int(n))
        if scope == "project" and project_line in self.projects:
            t.add_iri(g, PI + "ofProject", self.projects[project_line])
        else:
            t.add_iri(g, PI + "ofDepartment", self.dept or department_iri(self.stem))
            if not self.dept:
                _department(self.cat, self.stem)
        t.add_iri(g, PI + "inDocument", self.doc)
        t.add_iri(g, PROV + "wasDerivedFrom", self.doc)
        return g


def _extras(t: Triples, u: str, extras: dict[str, str]) -> None:
    """A row's columns of no known role (指标解释, 评分标准, 备注, 权重 …) as pi:extra nodes: the printed
    header as rdfs:label, the cell's text as rdf:value."""
    for k, (header, text) in enumerate(sorted(extras.items()), 1):
        if not header or text is None or text == "":
            continue
        x = f"{u}/extra/{k}"
        t.add_iri(u, PI + "extra", x)
        t.add_iri(x, RDF + "type", PI + "ExtraField")
        t.add_lit(x, RDFS + "label", header, "zh")
        t.add_lit(x, RDF + "value", str(text))


def _goal_number(r: dict) -> int | None:
    """A record's goal number, or None where the document does not say (records.md: never a guess)."""
    g = r.get("goal")
    return None if g is None else int(g)


def _undecided_note(r: dict) -> str | None:
    """The note an extractor left on a row whose goal it could not decide."""
    return next((n for n in r.get("notes") or [] if "目标" in n and "留空" in n), None) if r.get("goal") is None else None


def _indicator_use(t: Triples, cat: Triples, u: str, g: str, doc: str, r: dict, projects: dict[int, str]) -> str | None:
    """One indicator row as the use `u` of goal `g`, its values, and its indicator in the catalogue; the
    framework concept of its basis is handed back."""
    t.add_iri(u, RDF + "type", PI + "IndicatorUse")
    t.add_iri(u, PI + "goal", g)
    if r["scope"] == "project" and r.get("project_line") in projects:
        t.add_iri(u, PI + "project", projects[r["project_line"]])
    name = r.get("name") or ""
    ind = indicator_iri(name)
    t.add_iri(u, PI + "indicator", ind)
    if is_flat(r):
        t.add_lit(u, PI + "flatTarget", True)
    t.add_lit(u, PI + "name", name)
    t.add_lit(u, RDFS + "label", name, "zh")
    t.add_lit(u, PI + "level1Label", r.get("level1"))
    t.add_lit(u, PI + "level2Label", r.get("level2"))
    t.add_iri(u, PI + "level1", level1_iri(r.get("level1_concept")))
    t.add_iri(u, PI + "level2", level2_iri(r.get("level2_concept")))
    _use_values(t, u, r)
    _extras(t, u, r.get("extras") or {})
    _ocr_review(t, u, r)
    basis = basis_iri(basis_of(r["basis"])) if r.get("basis") else None
    t.add_lit(u, PI + "basisLabel", r.get("basis"))
    t.add_iri(u, PI + "basis", basis)
    t.add_iri(u, PROV + "wasDerivedFrom", doc)
    t.add_iri(u, PI + "inDocument", doc)
    t.add_lit(u, PI + "sourceLine", int(r["line"]))
    add_row_place(t, u, r)
    cat.add_iri(ind, RDF + "type", PI + "Indicator")
    cat.add_iri(ind, RDF + "type", SKOS + "Concept")
    cat.add_iri(ind, SKOS + "inScheme", PI + "catalogue")
    cat.add_lit(ind, SKOS + "prefLabel", display_name(name) or "(unnamed)", "zh")
    cat.add_lit(ind, PI + "normalizedName", norm_name(name))
    return basis


def _ocr_review(t: Triples, u: str, r: dict) -> None:
    """A row or project read by OCR: whether a reviewer must check it (pi:ocrLowConfidence) and why
    (pi:ocrReviewNote)."""
    if "ocr_low_confidence" in r:
        t.add_lit(u, PI + "ocrLowConfidence", bool(r["ocr_low_confidence"]))
        t.add_lit(u, PI + "ocrReviewNote", review_reason(r), "zh")


def _use_values(t: Triples, u: str, r: dict) -> None:
    """The target and the two years' values of a use, each a value node (an empty one for a missing target)."""
    for key, prop in (("target", "target"), ("prev1", "prev1"), ("prev2", "prev2")):
        if key == "target" and r.get(key) is None:
            # a row without a target (a damaged table) still gets an empty target value, so that
            # "targets without a number" finds it with the others
            node = f"{u}/target"
            t.add_iri(u, PI + "target", node)
            t.add_iri(node, RDF + "type", PI + "Value")
            t.add(node, PI + "raw", '""')
            t.add_lit(node, PI + "isQuantitative", False)
            t.add_iri(node, PI + "valueKind", kind_iri("empty"))
            continue
        if r.get(key) is not None:
            node = f"{u}/{key}"
            t.add_iri(u, PI + prop, node)
            t.add_lit(u, PI + prop + "Raw", r.get(key))  # shortcut for queries: the printed value on the use
            _value(t, node, r.get(f"{key}_value"), r.get(key))
