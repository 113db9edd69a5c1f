"""An on-disk or in-memory Oxigraph store read property by property (OxigraphStore.subject_objects, which the
analyses use for every use of the province) through Oxigraph's own TSV writer: the same values, of the same
Python types, as reading its quads one by one."""
import sys
from decimal import Decimal

import pyoxigraph as ox
import pytest

from tests.helpers import CORPUS
from graph.build.builder import build
from graph.store.base import StoreError
from graph.store.oxigraph import OxigraphStore
from graph.store.tsv import py_from_literal, term_from_tsv

XSD = "http://www.w3.org/2001/XMLSchema#"
P = "urn:pikg-test:p"


def _py(term) -> object:
    """A pyoxigraph term as a Python value, from the term object (the reference for the TSV readings)."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return py_from_literal(term.value, term.datatype.value if term.datatype else None)
    return term.value


def _by_quads(st: OxigraphStore, predicate: str) -> dict:
    """The reference reading: every quad of the predicate as a Python object."""
    return {sys.intern(q.subject.value): _py(q.object) for q in st.store.quads_for_pattern(None, ox.NamedNode(predicate), None, None)}


AWKWARD = [
    ox.Literal("plain"), ox.Literal('tab\there "quoted" back\\slash\\t\nline\rreturn 指标 é'), ox.Literal(""),
    ox.Literal("\u0001\u007f\u2028 control"), ox.Literal("ends with a backslash\\"), ox.Literal('"'),
    ox.Literal("满意度", language="zh"), ox.Literal("x", language="en-GB"),
    ox.Literal("12", datatype=ox.NamedNode(XSD + "integer")), ox.Literal("-0012", datatype=ox.NamedNode(XSD + "integer")),
    ox.Literal("13905400.00", datatype=ox.NamedNode(XSD + "decimal")), ox.Literal("-0.50", datatype=ox.NamedNode(XSD + "decimal")),
    ox.Literal("5", datatype=ox.NamedNode(XSD + "decimal")), ox.Literal("1.5E3", datatype=ox.NamedNode(XSD + "double")),
    ox.Literal("0.5", datatype=ox.NamedNode(XSD + "float")), ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")),
    ox.Literal("0", datatype=ox.NamedNode(XSD + "boolean")), ox.Literal("2024-01-01", datatype=ox.NamedNode(XSD + "date")),
    ox.Literal('a "b"', datatype=ox.NamedNode("urn:pikg-test:dt")),
    ox.NamedNode("https://w3id.org/pikg/id/doc/a%20b#c"), ox.BlankNode("b1"),
]


def test_awkward_literals_read_as_their_quads():
    st = OxigraphStore()
    for k, o in enumerate(AWKWARD):
        st.store.add(ox.Quad(ox.NamedNode(f"urn:pikg-test:s{k}"), ox.NamedNode(P), o, ox.NamedNode("urn:pikg-test:g")))
    st.store.add(ox.Quad(ox.BlankNode("subject"), ox.NamedNode(P), ox.Literal("of a blank node")))
    fast, reference = st.subject_objects(P), _by_quads(st, P)
    assert fast == reference and len(fast) == len(AWKWARD) + 1
    assert all(type(fast[k]) is type(reference[k]) for k in reference)
    assert fast["urn:pikg-test:s10"] == Decimal("13905400") and fast["urn:pikg-test:s9"] == -12  # as the store keeps them


def test_every_property_of_a_built_store_reads_as_its_quads(tmp_path):
    st = OxigraphStore(tmp_path / "st")
    build(sorted(CORPUS.glob("*.txt"))[:2], target=st)
    predicates = [q.predicate.value for q in st.store.quads_for_pattern(None, None, None, None)]
    for p in sorted(set(predicates)):
        assert st.subject_objects(p) == _by_quads(st, p), p
    for cls in ("https://w3id.org/pikg/ontology#IndicatorUse", "https://w3id.org/pikg/ontology#Project"):
        typed = st.subjects_of_type(cls)
        quads = st.store.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(cls), None)
        assert len(typed) == len(set(typed)) and set(typed) == {q.subject.value for q in quads} and typed
    st.close()


def test_a_term_that_is_not_tsv_is_an_error():
    assert term_from_tsv('"a\\u00e9\\U0001F600"') == "aé😀"
    assert term_from_tsv("1.5E3") == 1500.0 and term_from_tsv("-7") == -7 and term_from_tsv(".5") == Decimal("0.5")
    with pytest.raises(StoreError, match="不是 SPARQL TSV 答复中的项"):
        term_from_tsv("nonsense")
    with pytest.raises(StoreError, match="不是 N-Triples 转义"):
        term_from_tsv('"bad \\q escape"')


def _rows_by_objects(st: OxigraphStore, sparql: str) -> list[list]:
    """The reference reading of a SELECT: every solution as pyoxigraph objects, each term through _py."""
    res = st.store.query(sparql, use_default_graph_as_union=True)
    variables = [v.value for v in res.variables]
    return [[_py(sol[v]) for v in variables] for sol in res]


def _same_rows(fast: list[list], reference: list[list]) -> bool:
    return fast == reference and all(type(a) is type(b) for rf, rr in zip(fast, reference) for a, b in zip(rf, rr))


def test_query_rows_read_through_tsv_are_the_solutions_read_as_objects():
    st = OxigraphStore()
    for k, o in enumerate(AWKWARD):
        st.store.add(ox.Quad(ox.NamedNode(f"urn:pikg-test:s{k}"), ox.NamedNode(P), o, ox.NamedNode("urn:pikg-test:g")))
    st.store.add(ox.Quad(ox.BlankNode("subject"), ox.NamedNode(P), ox.Literal("of a blank node")))
    for sparql in (f"SELECT ?s ?o WHERE {{ ?s <{P}> ?o }} ORDER BY ?s",
                   # an unbound cell, a value twice in a row, a column that is only ever unbound
                   f"SELECT ?s ?o ?none ?again WHERE {{ ?s <{P}> ?o OPTIONAL {{ ?s <urn:pikg-test:absent> ?none }} BIND(?o AS ?again) }}",
                   f"SELECT (COUNT(*) AS ?n) (SUM(?o) AS ?sum) WHERE {{ ?s <{P}> ?o FILTER(isNumeric(?o)) }}"):
        rows = st.query(sparql).rows
        assert _same_rows(rows, _rows_by_objects(st, sparql)), sparql
        assert rows
    assert st.query("SELECT * WHERE {}").rows == [[]] and st.query("SELECT ?x WHERE {}").rows == [[None]]
    assert st.query(f"SELECT ?s WHERE {{ ?s <{P}> 'no such value' }}").rows == []
    assert st.query(f"ASK {{ ?s <{P}> ?o }}").rows == [[True]]
    with pytest.raises(StoreError, match="CONSTRUCT"):
        st.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")


def test_named_queries_on_a_built_store_read_through_tsv_as_objects(tmp_path):
    from graph.query.named import named_queries
    from graph.store.base import bind_values

    st = OxigraphStore(tmp_path / "st")
    build(sorted(CORPUS.glob("*.txt"))[:2], target=st)
    indicator = st.query("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX pi: <https://w3id.org/pikg/ontology#> "
                         "SELECT ?l WHERE { ?u pi:indicator ?i . ?i skos:prefLabel ?l } ORDER BY ?l LIMIT 1").rows[0][0]
    project = st.query("PREFIX pi: <https://w3id.org/pikg/ontology#> SELECT ?n WHERE { ?p a pi:Project ; pi:name ?n } ORDER BY ?n LIMIT 1").rows[0][0]
    given = {"indicator-history": {"indicator": indicator}, "project-tree": {"project": project}}
    answered = 0
    for name, q in named_queries().items():
        params = given.get(name, {})
        sparql = bind_values(q.seeded(params), q.bind(params))
        rows = st.query(sparql).rows
        assert _same_rows(rows, _rows_by_objects(st, sparql)), name
        answered += bool(rows)
    assert answered == len(named_queries())  # every query had rows to compare
    st.close()
