"""The SHACL shapes compiled to SPARQL give the same violations as pyshacl, on a store with violations
planted in it; shapes the compiler does not cover are refused by name."""
from collections import Counter

import pytest
import rdflib

from tests.helpers import CORPUS
from graph.build.builder import build
from graph.validate.shacl_sparql import UnsupportedShape, compile_shapes, run_checks
from graph.store.memory import MemoryStore
from graph.store.oxigraph import OxigraphStore
from graph.validate.validator import validate_store

PLANTED = """
PREFIX pi: <https://w3id.org/pikg/ontology#>
PREFIX fw: <https://w3id.org/pikg/framework/>
PREFIX id: <https://w3id.org/pikg/id/>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT DATA { GRAPH <https://w3id.org/pikg/graph/doc/planted> {
 id:u1 a pi:IndicatorUse ; pi:name "" ; pi:sourceLine 0 ; pi:level1 fw:nonsense .
 id:g1 a pi:Goal, pi:LongTermGoal, pi:AnnualGoal ; pi:goalNumber "x" .
 id:v1 a pi:Value ; pi:raw "a", "b" ; pi:isQuantitative "yes" ; pi:valueKind fw:kind-odd ; pi:number 3.5e0 .
 id:d1 a pi:BudgetDocument ; dct:identifier "d1" ; pi:fiscalYear 1990 ; pi:layout "scan" .
 id:i1 a pi:Indicator ; pi:normalizedName "n" ; skos:prefLabel "n"@zh .
 id:u2 a pi:IndicatorUse ; pi:level2 fw:cost ; pi:target id:d1 ; pi:flatTarget false .
 id:d1 pi:projectTotal -1 ; pi:basisTally id:t1 .
 id:t1 a pi:BasisTally ; pi:rowTotal 0 ; pi:basis fw:cost .
}}
"""


def _key(rep):
    return Counter((v.focus, v.path or "", v.shape, v.value or "") for v in rep.violations)


@pytest.fixture(scope="module")
def planted() -> OxigraphStore:
    st = OxigraphStore()
    build([CORPUS / "001_163e4aab9eba8502.txt"], target=st)
    st.update(PLANTED)
    return st


def test_both_engines_agree_on_planted_violations(planted):
    fast = validate_store(planted, "sparql")
    ref = validate_store(planted, "pyshacl")
    assert _key(fast) == _key(ref)
    found = {(v.focus, v.path) for v in fast.violations}
    for expected in [("id:u1", "pi:name"), ("id:u1", "pi:sourceLine"), ("id:u1", "pi:level1"), ("id:g1", None),
                     ("id:g1", "pi:goalNumber"), ("id:v1", "pi:raw"), ("id:v1", "pi:isQuantitative"), ("id:v1", "pi:number"),
                     ("id:d1", "pi:fiscalYear"), ("id:d1", "pi:layout"), ("id:i1", "http://www.w3.org/2004/02/skos/core#inScheme"), ("id:u2", "pi:level2"), ("id:u2", "pi:target"),
                     ("id:u2", "pi:flatTarget"), ("id:d1", "pi:projectTotal"), ("id:t1", "pi:rowTotal"), ("id:t1", "pi:basis"),
                     ("id:t1", "pi:inDocument")]:
        assert expected in found, expected


def test_a_clean_store_conforms_with_both(tmp_path):
    st = OxigraphStore()
    build([CORPUS / "004_3af882b25fa8e580.txt"], target=st)
    assert validate_store(st, "sparql").conforms
    assert validate_store(st, "pyshacl").conforms


@pytest.mark.slow
def test_compiled_queries_are_standard_sparql(planted):
    """The same checks answered by rdflib's engine find the same violations as on Oxigraph."""
    mem = MemoryStore()
    mem.add_to_graph("https://w3id.org/pikg/graph/all", planted.dump_ntriples())
    assert _key(validate_store(mem, "sparql")) == _key(validate_store(planted, "sparql"))


def _shapes(ttl: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data="@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://ex/> . " + ttl, format="turtle")


def test_counts_above_one():
    st = OxigraphStore()
    st.update("INSERT DATA { GRAPH <http://ex/g> { <http://ex/a> a <http://ex/C> ; <http://ex/p> 1, 2, 3 . "
              "<http://ex/b> a <http://ex/C> ; <http://ex/p> 1 . } }")
    checks = compile_shapes(_shapes("ex:S a sh:NodeShape ; sh:targetClass ex:C ; "
                                    "sh:property [ sh:path ex:p ; sh:minCount 2 ; sh:maxCount 2 ] ."), {})
    got = {(r.focus, r.component) for r in run_checks(st, checks)}
    assert got == {("http://ex/a", "MaxCountConstraintComponent"), ("http://ex/b", "MinCountConstraintComponent")}


@pytest.mark.parametrize("ttl, component", [
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:pattern \"^a\" ] .", "pattern"),
    ("ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .", "targetNode"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:minCount 1 ] .", "path"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:or ( [ sh:class ex:D ] [ sh:class ex:E ] ) .", "or"),
])
def test_unsupported_features_are_refused_by_name(ttl, component):
    with pytest.raises(UnsupportedShape, match=component):
        compile_shapes(_shapes(ttl), {})


def test_an_on_disk_store_is_checked_in_parallel_with_the_same_results(tmp_path):
    path = tmp_path / "store"
    st = OxigraphStore(path)
    build([CORPUS / "001_163e4aab9eba8502.txt"], target=st)
    st.update(PLANTED)
    st.close()
    ro = OxigraphStore(path, read_only=True)
    serial, parallel = validate_store(ro, "sparql", jobs=1), validate_store(ro, "sparql", jobs=2)
    assert _key(serial) == _key(parallel) and len(serial.violations) > 10


def test_every_layout_a_reader_writes_is_one_the_shapes_allow():
    """A new reader's layout name must be added to shapes.ttl, or every document it reads fails validation."""
    from pathlib import Path

    from extractors.structured import GRID_LAYOUTS
    from extractors.readers import LAYOUTS

    shapes = rdflib.Graph().parse(Path(__file__).parent.parent / "ontology" / "shapes.ttl")
    SH, PI = rdflib.Namespace("http://www.w3.org/ns/shacl#"), rdflib.Namespace("https://w3id.org/pikg/ontology#")
    (prop,) = [p for p in shapes.subjects(SH.path, PI.layout)]
    allowed = {str(v) for v in rdflib.collection.Collection(shapes, shapes.value(prop, SH["in"]))}
    written = set(LAYOUTS) | set(GRID_LAYOUTS)
    assert written <= allowed, sorted(written - allowed)


def _department_table_with_two_goals(tmp_path, horizon: str, rows: list[str], extra_head: str = "") -> OxigraphStore:
    """A store built from a CSV department table whose horizon has two goals and whose one table names none."""
    doc = tmp_path / "某局2026年绩效.csv"
    doc.write_text("\n".join(["表11 部门整体支出绩效目标表", "部门名称,某局", "", f"{horizon}目标1：保障运行。",
                              f"{horizon}目标2：提升质量。", f"{horizon}绩效指标",
                              "一级指标,二级指标,三级指标,指标值,指标值确定依据" + extra_head,
                              *(f"产出指标,数量指标,{r}" for r in rows)]) + "\n", encoding="utf-8")
    st = OxigraphStore()
    build([doc], target=st)
    return st


def test_undecided_goal_and_extra_columns_reach_the_graph(tmp_path):
    """A table that does not say which of its horizon's two goals it serves: its rows hang on one
    pi:UndecidedGoal with no goal number and the extractor's note; a 备注 column's cell is a pi:ExtraField
    (header as rdfs:label, text as rdf:value). The store conforms to the shapes with both engines."""
    st = _department_table_with_two_goals(tmp_path, "年度", ["检查次数,≥4次,计划标准,按季度检查"], ",备注")
    rows = st.query("""PREFIX pi: <https://w3id.org/pikg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?n ?note ?h ?v WHERE { ?u pi:name "检查次数" ; pi:goal ?g ; pi:extra ?x . ?x rdfs:label ?h ; rdf:value ?v .
        ?g a pi:UndecidedGoal, pi:AnnualGoal ; rdfs:comment ?note . OPTIONAL { ?g pi:goalNumber ?n } }""").rows
    assert len(rows) == 1
    n, note, header, value = rows[0]
    assert n is None and "目标编号留空" in str(note) and str(header) == "备注" and str(value) == "按季度检查"
    numbered = st.query("PREFIX pi: <https://w3id.org/pikg/ontology#> SELECT ?n WHERE { ?g pi:goalNumber ?n }").rows
    assert sorted(int(r[0]) for r in numbered) == [1, 2]
    for engine in ("sparql", "pyshacl"):
        rep = validate_store(st, engine)
        assert not rep.violations, (engine, rep.violations[:3])


def test_the_analyses_read_an_undecided_goal_as_undecided(tmp_path):
    """A long-term table that names none of its two goals: the uses table the analyses read keeps its horizon
    and no goal number (not annual goal 1)."""
    from graph.analysis.usetable import read_uses

    st = _department_table_with_two_goals(tmp_path, "长期", ["巡检次数,≥12次,计划标准"])
    [use] = [u for u in read_uses(st) if u.name == "巡检次数"]
    assert (use.horizon, use.goal_n) == ("long_term", None)
