"""The tallies written with each document's graph (graph/model/tallies.py) give the named queries that read them
the same rows as the queries that aggregate every indicator row, which they replaced for speed.

REFERENCE holds those aggregating queries: the definitions the tallies must keep. The store holds the five
corpus documents and a small synthetic province (benchmarks/synth_corpus.py), whose copied-forward,
lowered and ≤-bounded targets the corpus alone has few of. targets-flat and targets-lowered list the
analysis's findings: they must give exactly the rows of the flat and lowered findings.
"""
from decimal import Decimal

import pytest

from benchmarks import synth_corpus
from tests.helpers import CORPUS
from graph.build.builder import build
from graph.query.named import named_queries, run_query
from graph.store.registry import open_store

REFERENCE = {
    "department-summary": """
PREFIX pi: <https://w3id.org/pikg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?doc_id ?department ?year ?projects ?goals ?rows ?quantitative_share ?project_budget_yuan
WHERE {
  ?doc a pi:BudgetDocument ; dcterms:identifier ?doc_id .
  OPTIONAL { ?doc pi:fiscalYear ?year }
  OPTIONAL { ?doc pi:department ?d . ?d rdfs:label ?department }
  OPTIONAL { SELECT ?doc (COUNT(?p) AS ?projects) (SUM(COALESCE(?b, 0)) AS ?project_budget_yuan)
             WHERE { ?p a pi:Project ; pi:inDocument ?doc . OPTIONAL { ?p pi:yearBudgetYuan ?b } } GROUP BY ?doc }
  OPTIONAL { SELECT ?doc (COUNT(?g) AS ?goals) WHERE { ?g a pi:Goal ; pi:inDocument ?doc } GROUP BY ?doc }
  OPTIONAL { SELECT ?doc (COUNT(?u) AS ?rows) (SUM(IF(COALESCE(?q, false), 1, 0)) AS ?quant)
             WHERE { ?u a pi:IndicatorUse ; pi:inDocument ?doc . OPTIONAL { ?u pi:target ?t . ?t pi:isQuantitative ?q } } GROUP BY ?doc }
  BIND(IF(COALESCE(?rows, 0) > 0, ROUND(1000 * xsd:decimal(?quant) / ?rows) / 1000, 0) AS ?quantitative_share)
}
ORDER BY ?doc_id
""",
    "basis-distribution": """
PREFIX pi: <https://w3id.org/pikg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?doc_id ?basis ?rows
WHERE {
  {
    SELECT ?doc_id ?basis (COUNT(?use) AS ?rows)
    WHERE {
      ?use a pi:IndicatorUse ; pi:inDocument ?doc .
      ?doc dcterms:identifier ?doc_id .
      OPTIONAL { ?use pi:basis ?b . ?b skos:prefLabel ?bl . FILTER(LANG(?bl) = "zh") }
      OPTIONAL { ?use pi:basisLabel ?printed }
      BIND(COALESCE(?bl, ?printed, "（未填写）") AS ?basis)  # no CONCAT: Virtuoso 7.2 garbles a Chinese constant joined to data
    }
    GROUP BY ?doc_id ?basis
  }
}
ORDER BY ?doc_id DESC(?rows)
""",
    "projects-missing-level1": """
PREFIX pi: <https://w3id.org/pikg/ontology#>
PREFIX fw: <https://w3id.org/pikg/framework/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?doc_id ?project ?line ?rows ?has_benefit ?has_satisfaction
WHERE {
  {
    SELECT ?p (COUNT(DISTINCT ?use) AS ?rows)
           (MAX(IF(?l1 = fw:benefit, 1, 0)) AS ?b) (MAX(IF(?l1 = fw:satisfaction, 1, 0)) AS ?s)
    WHERE { ?use a pi:IndicatorUse ; pi:project ?p . OPTIONAL { ?use pi:level1 ?l1 } }
    GROUP BY ?p
  }
  FILTER(?b = 0 || ?s = 0)
  ?p pi:name ?project ; pi:sourceLine ?line ; pi:inDocument ?doc .
  ?doc dcterms:identifier ?doc_id .
  BIND(xsd:boolean(?b = 1) AS ?has_benefit)
  BIND(xsd:boolean(?s = 1) AS ?has_satisfaction)
}
ORDER BY ?doc_id ?line
""",
    "indicator-reuse": """
PREFIX pi: <https://w3id.org/pikg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?indicator ?uses ?projects ?departments ?years ?variants
WHERE {
  {
    SELECT ?std (COUNT(DISTINCT ?use) AS ?uses) (COUNT(DISTINCT ?owner) AS ?projects)
           (COUNT(DISTINCT ?dept) AS ?departments) (COUNT(DISTINCT ?year) AS ?years)
    WHERE {
      ?use pi:indicator ?ind ; pi:inDocument ?doc .
      ?ind pi:standardIndicator ?std .
      ?doc pi:department ?dept .
      OPTIONAL { ?doc pi:fiscalYear ?year }
      OPTIONAL { ?use pi:project ?p }
      BIND(COALESCE(?p, ?doc) AS ?owner)
      FILTER NOT EXISTS { ?use pi:restates ?restated }
    }
    GROUP BY ?std
  }
  FILTER(?projects >= ?min_projects)
  ?std skos:prefLabel ?indicator ; pi:variantLabels ?variants .
}
ORDER BY DESC(?projects) DESC(?uses) ?indicator
""",}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tallies")
    synth_corpus.generate(folder / "synthetic", districts=2, years=2, departments=4, seed=3)
    files = sorted(CORPUS.glob("*.txt")) + sorted((folder / "synthetic").glob("*.md"))
    rep = build(files, store=str(folder / "store"))
    assert not rep.failed
    st = open_store(str(folder / "store"), read_only=True)
    yield st
    st.close()


def _rows(result) -> list[str]:
    return sorted(repr([v.normalize() if isinstance(v, Decimal) else v for v in row]) for row in result.rows)


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_tallied_query_gives_the_rows_of_its_aggregating_definition(store, name):
    q = named_queries()[name]
    fast = run_query(store, q)
    reference = store.query(q.text.split("PREFIX", 1)[0] + REFERENCE[name], q.bind({}))
    assert fast.vars == reference.vars
    assert len(fast.rows) >= 5, f"{name}: too few rows for the comparison to mean anything"
    assert _rows(fast) == _rows(reference)


@pytest.mark.parametrize("name, kind", [("targets-flat", "flat"), ("targets-lowered", "lowered")])
def test_the_target_listings_are_the_findings(store, name, kind):
    """targets-flat / targets-lowered list one row per flat / lowered finding, the row it is about."""
    pre = "PREFIX pi: <https://w3id.org/pikg/ontology#>\nPREFIX fw: <https://w3id.org/pikg/framework/>\nPREFIX dcterms: <http://purl.org/dc/terms/>\n"
    found = store.query(pre + f"""SELECT ?doc_id ?line WHERE {{ ?f pi:findingType fw:finding-{kind} ; pi:about ?u .
        ?u pi:sourceLine ?line ; pi:inDocument/dcterms:identifier ?doc_id }}""").rows
    listed = run_query(store, named_queries()[name]).dicts()
    assert len(found) >= 5
    assert sorted((r["doc_id"], r["line"]) for r in listed) == sorted((d, l) for d, l in found)


def test_the_flat_flag_and_the_flat_finding_are_one_definition(store):
    """pi:flatTarget (written with each document) marks every row the analysis's 'flat' findings gather; a flagged
    row without a finding is a fixed limit, a text value or a cost ceiling, restates a project's row, or is a
    department-table row whose project has the same finding."""
    from graph.analysis.consistency import flat_finding
    from graph.analysis.usetable import read_uses

    pre = "PREFIX pi: <https://w3id.org/pikg/ontology#>\nPREFIX fw: <https://w3id.org/pikg/framework/>\n"
    flagged = {r[0] for r in store.query(pre + "SELECT ?u WHERE { ?u pi:flatTarget true }").rows}
    found = {r[0] for r in store.query(pre + "SELECT ?u WHERE { ?f pi:findingType fw:finding-flat ; pi:about|pi:alsoAbout ?u }").rows}
    restating = {r[0] for r in store.query(pre + "SELECT ?u WHERE { ?u pi:restates ?p }").rows}
    uses = {u.iri: u for u in read_uses(store)}
    assert len(found) >= 5 and found <= flagged - restating
    for u in flagged - restating - found:
        assert flat_finding(uses[u]) is None or uses[u].project is None, u


def test_flat_compares_the_printed_values_as_read():
    from graph.model.tallies import is_flat
    assert is_flat({"prev2": "≥95%", "prev1": "≥ 95%", "target": "≥９５％"})  # a space, full-width digits: one value
    assert not is_flat({"prev2": "≥95%", "prev1": "≥95%", "target": "≥96%"})
    assert not is_flat({"prev2": None, "prev1": "完成", "target": "完成"})  # 前年 not printed: nothing to call flat
