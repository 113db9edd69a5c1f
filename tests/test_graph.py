"""The knowledge graph: build, named graphs, validation, named queries, stores, the SPARQL server."""
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from decimal import Decimal
from pathlib import Path

import pytest

from tests.helpers import CORPUS, ROOT, run_pikg
from graph.build.builder import build
from graph.store.child_server import free_port
from graph.model.framework import OUT as FRAMEWORK_TTL, framework_turtle
from graph.query.named import QueryError, count_pages, load_query, named_queries, run_query
from graph.output.tables import format_result
from graph.store.base import Param, StoreError
from graph.store.memory import MemoryStore
from graph.store.oxigraph import OxigraphStore
from graph.store.registry import open_store
from graph.model.terms import sparql_prefixes
from graph.validate.validator import validate_store

FILES = sorted(CORPUS.glob("*.txt"))
D1 = "001_163e4aab9eba8502"
D4 = "004_3af882b25fa8e580"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("kg") / "pikg-store"
    rep = build(FILES, store=str(path))
    assert not rep.failed and len(rep.documents) == 5
    return path


@pytest.fixture(scope="module")
def ox(store_path) -> OxigraphStore:
    return open_store(str(store_path), read_only=True)


@pytest.fixture(scope="module")
def mem() -> MemoryStore:
    st = MemoryStore()
    build(FILES, target=st)
    return st


def test_framework_ttl_is_generated_from_the_vocabulary():
    assert FRAMEWORK_TTL.read_text(encoding="utf-8") == framework_turtle(), "run python -m graph.model.framework"


def test_one_named_graph_per_document_plus_ontology(ox):
    names = ox.graph_names()
    assert sum("/graph/doc/" in g for g in names) == 5
    assert {g.rsplit("/", 1)[-1] for g in names if "/graph/doc/" not in g} == {"ontology", "framework", "catalogue", "analysis"}


def test_rebuilding_a_document_replaces_its_graph(store_path):
    before = OxigraphStore(store_path, read_only=True).count()
    rep = build([CORPUS / f"{D1}.txt"], store=str(store_path))
    assert rep.total_triples == before
    assert OxigraphStore(store_path, read_only=True).count() == before


def test_build_never_damages_an_existing_store(store_path, monkeypatch, tmp_path):
    import graph.build.builder as gb

    before = OxigraphStore(store_path, read_only=True).count()

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(gb, "load_into", boom)
    with pytest.raises(RuntimeError):
        build([CORPUS / f"{D1}.txt"], store=str(store_path))
    assert OxigraphStore(store_path, read_only=True).count() == before
    assert not [p for p in store_path.parent.iterdir() if p.name.startswith(".pikg-store.build-")]
    stranger = tmp_path / "notes"
    stranger.mkdir()
    (stranger / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(StoreError, match="不是 Oxigraph 存储"):
        build([CORPUS / f"{D1}.txt"], store=str(stranger))
    assert (stranger / "mine.txt").read_text(encoding="utf-8") == "keep me"
    # a failed build leaves no classifier-loading thread behind: one holding an import lock at a later fork
    # (a process pool's) would leave the forked child waiting forever
    assert not [t for t in threading.enumerate() if t.name == "pikg-load-vagueness"]


def test_validation_has_no_violations(ox):
    rep = validate_store(ox)
    assert rep.conforms, rep.text()
    assert rep.triples > 20000


def test_validation_finds_a_broken_use():
    st = MemoryStore()
    build([CORPUS / f"{D1}.txt"], target=st)
    st.update(sparql_prefixes() + "DELETE { GRAPH ?g { ?u pi:sourceLine ?l } } WHERE { GRAPH ?g { ?u a pi:IndicatorUse ; pi:sourceLine ?l ; pi:name \"引育重点企业\" } }")
    rep = validate_store(st)
    assert not rep.conforms
    assert any("所在行" in v.message and v.path == "pi:sourceLine" for v in rep.violations), rep.text()
    shapes = {v.shape for v in rep.violations}
    assert all(s.startswith(("pi", "fw:")) for s in shapes), shapes  # named shapes, never blank-node ids


def test_provenance_on_every_indicator_use(ox):
    q = sparql_prefixes() + """SELECT (COUNT(?u) AS ?n) WHERE { ?u a pi:IndicatorUse .
        FILTER NOT EXISTS { ?u prov:wasDerivedFrom ?d ; pi:sourceLine ?l } }"""
    assert ox.query(q).rows == [[0]]


def test_how_many_004_projects_use_qunzhong_manyidu(ox):
    # 004 prints 群众满意度 in 表12-1 (l.698/705), 12-2 (757/764), 12-3 (822/833) and 12-14 (1648/1657)
    q = sparql_prefixes() + """SELECT (COUNT(DISTINCT ?p) AS ?projects) (COUNT(DISTINCT ?u) AS ?uses) WHERE {
        ?u pi:name ?name ; pi:project ?p ; pi:inDocument/dcterms:identifier ?doc . }"""
    res = ox.query(q, {"name": Param("群众满意度"), "doc": Param(D4)})
    assert res.rows == [[4, 8]]


def test_lowered_target_in_001(ox):
    res = run_query(ox, "targets-lowered", {"document": D1}).dicts()
    assert [(r["project"], r["indicator"], r["prev1"], r["target"], r["line"]) for r in res] == [
        ("产业促进经费", "引育重点企业", "≥30家", "≥20家", 536)]


def test_named_queries_answer_the_same_on_oxigraph_and_rdflib(ox, mem):
    example = {"project-tree": {"project": "产业促进经费"}, "indicator-history": {"indicator": "全年发布信息数量"}}
    for name, q in named_queries().items():
        params = example.get(name, {})
        a = run_query(ox, q, params)
        b = run_query(mem, q, params)
        assert a.vars == b.vars, name
        exact = lambda rows: sorted(repr([x.normalize() if isinstance(x, Decimal) else x for x in r]) for r in rows)  # noqa: E731
        assert exact(a.rows) == exact(b.rows), name
        assert a.rows, f"{name} returned nothing on the corpus"


def test_reuse_and_summary_queries(ox):
    reuse = {r["indicator"]: r for r in run_query(ox, "indicator-reuse", {"min_projects": "3"}).dicts()}
    assert reuse["成本控制"]["departments"] >= 3  # 000, 001/003, 002 and 004 all print 成本控制
    assert all(r["projects"] >= 3 for r in reuse.values())
    summary = {r["doc_id"]: r for r in run_query(ox, "department-summary").dicts()}
    assert summary[D1]["projects"] == 3 and summary[D1]["rows"] == 105
    assert summary[D1]["department"] == "武昌区经济信息化和科技创新局"
    tree = run_query(ox, "project-tree", {"project": "产业促进经费"}).dicts()
    assert len(tree) == 26 and {r["horizon"] for r in tree} == {"long_term", "annual"}


def test_parameters_are_bound_not_pasted(ox):
    evil = 'x" } } SELECT * WHERE { ?s ?p ?o } #'
    assert run_query(ox, "project-tree", {"project": evil}).rows == []
    with pytest.raises(QueryError, match="不是有效的 integer"):
        run_query(ox, "indicator-reuse", {"min_projects": "2; DROP ALL"})
    with pytest.raises(QueryError, match="未知的参数"):
        run_query(ox, "indicator-reuse", {"nope": "1"})
    with pytest.raises(QueryError, match="必须给出参数"):
        run_query(ox, "project-tree", {})


def test_seeds_start_a_scoped_query_from_its_document_and_change_no_answer(ox):
    """A seed pattern (# seed:) opens the WHERE clause only for a parameter given a value other than its
    default; each seeded query answers what the same query without its seeds answers."""
    seeded = [q for q in named_queries().values() if q.seeds]
    assert {q.name for q in seeded} >= {"targets-flat", "targets-lowered", "targets-without-number", "project-tree"}
    for q in seeded:
        given = {"document": D1} | ({"project": "产业促进经费"} if q.name == "project-tree" else {})
        text = q.seeded(given)
        assert text != q.text and f'dcterms:identifier "{D1}"' in text
        assert ox.query(text, q.bind(given)).rows == ox.query(q.text, q.bind(given)).rows
        if q.name != "project-tree":
            assert q.seeded({}) == q.text  # document left at its default: no seed
    rows = run_query(ox, "targets-without-number", {"document": D1}).rows
    assert rows and {r[0] for r in rows} == {D1}


def test_a_seed_must_be_a_pattern_over_a_parameter(tmp_path):
    from graph.query.named import parse_query_file
    bad = tmp_path / "bad.rq"
    bad.write_text("# name: bad\n# param: document (string, default \"\") — x\n# seed: ?doc ?p ?other .\n"
                   "SELECT * WHERE { ?doc ?p ?o }\n", encoding="utf-8")
    with pytest.raises(QueryError, match="seed"):
        parse_query_file(bad)


def _params(q) -> dict[str, str]:
    return {"project": "产业促进经费"} if q.name == "project-tree" else {"indicator": "全年发布信息数量"} if q.name == "indicator-history" else {}


@pytest.mark.parametrize("store", ["ox", "mem"])
def test_pages_one_after_the_other_are_the_whole_answer(store, request):
    """Every listing with a '# page:' line, paged two documents at a time: the pages joined are the whole
    answer in its order, each page's rows come from two documents of its own (in document order where the
    listing is ordered by document first), and a page past the end is empty."""
    st = request.getfixturevalue(store)
    paged = [q for q in named_queries().values() if q.page]
    assert {q.name for q in paged} >= {"targets-flat", "targets-lowered", "targets-without-number", "projects-missing-level1"}
    docs = sorted(r[0] for r in st.query("PREFIX dcterms: <http://purl.org/dc/terms/> "
                                         "SELECT ?id WHERE { ?d dcterms:identifier ?id }").rows)
    for q in paged:
        whole = run_query(st, q, _params(q)).rows
        pages = count_pages(st, q, _params(q), page_size=2)
        assert (pages.units, pages.count) == (5, 3), q.name
        joined, seen = [], set()
        column = q.text.split("SELECT", 1)[1].split().index("?doc_id")
        for n in range(1, pages.count + 1):
            rows = run_query(st, q, _params(q), page=n, page_size=2).rows
            ids = {r[column] for r in rows}
            assert len(ids) <= 2 and not ids & seen, (q.name, n)
            if q.page.keys == ["?doc_id"]:
                assert ids <= set(docs[2 * n - 2:2 * n]), (q.name, n)
            joined, seen = joined + rows, seen | ids
        assert whole and joined == whole, q.name
        assert run_query(st, q, _params(q), page=4, page_size=2).rows == []


def test_a_page_of_one_document_and_bad_pages(ox):
    q = load_query("targets-without-number")
    assert count_pages(ox, q, {"document": D1}).units == 1  # the seed narrows the units
    assert run_query(ox, q, {"document": D1}, page=1).rows == run_query(ox, q, {"document": D1}).rows
    assert run_query(ox, q, {"document": D1}, page=2).rows == []
    with pytest.raises(QueryError, match="页码从 1 开始"):
        run_query(ox, q, page=0)
    with pytest.raises(QueryError, match="不是可分页的列表"):
        run_query(ox, "indicator-reuse", page=1)


@pytest.mark.slow
def test_cli_query_a_page(store_path):
    from graph.query.named import DEFAULT_PAGE_SIZE
    r = run_pikg("query", "department-summary", "--store", str(store_path), "--page", "2", "--page-size", "2", "-f", "csv")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.decode("utf-8-sig").splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == ["002_1bcb5a5295d439b0", "003_e05c3001711df7b2"]
    assert "第 2 页，共 3 页（每页 2 个文件，共 5 个文件）" in r.stderr.decode("utf-8")
    r = run_pikg("query", "indicator-reuse", "--store", str(store_path), "--page", "1")
    assert r.returncode == 1 and "不是可分页的列表" in r.stderr.decode("utf-8")
    r = run_pikg("query", "department-summary", "--store", str(store_path), "--page-size", "2")
    assert r.returncode == 2 and "--page-size 须与 --page N 一起使用" in r.stderr.decode("utf-8")
    assert f"default {DEFAULT_PAGE_SIZE}" in run_pikg("query", "--help").stdout.decode("utf-8")


def test_a_page_line_must_match_the_order(tmp_path):
    from graph.query.named import parse_query_file
    bad = tmp_path / "bad.rq"
    bad.write_text("# name: bad\n# page: ?doc <urn:id> ?doc_id .\nSELECT * WHERE { ?doc <urn:id> ?doc_id ; <urn:line> ?l }\n"
                   "ORDER BY ?l ?doc_id\n", encoding="utf-8")
    with pytest.raises(QueryError, match="ORDER BY 开头"):
        parse_query_file(bad)
    bad.write_text(bad.read_text().replace("ORDER BY ?l ?doc_id", "ORDER BY DESC(?doc_id) ?l"), encoding="utf-8")
    assert parse_query_file(bad).page.keys == ["DESC(?doc_id)"]


def test_query_output_formats(ox):
    res = run_query(ox, "targets-lowered", {"document": D1})
    assert "引育重点企业" in format_result(res, "table")
    assert format_result(res, "csv").splitlines()[0] == "文件,行号,项目,指标（三级）,上年值,指标值,严重程度,严重程度代码,说明,审核意见"  # for people: Chinese
    assert format_result(res, "table").splitlines()[0].split() == ["文件", "行号", "项目", "指标（三级）", "上年值", "指标值", "严重程度", "严重程度代码", "说明", "审核意见"]
    assert '"indicator": "引育重点企业"' in format_result(res, "json")


@pytest.mark.slow
def test_cli_query_and_validate(store_path):
    r = run_pikg("query", "targets-lowered", "--store", str(store_path), "-p", f"document={D1}", "-f", "csv")
    assert r.returncode == 0, r.stderr
    assert "引育重点企业" in r.stdout.decode("utf-8")
    r = run_pikg("validate", "--store", str(store_path))
    assert r.returncode == 0 and "没有违规" in r.stdout.decode("utf-8")
    r = run_pikg("query", "targets-lowered", "--store", str(store_path.parent / "missing"))
    assert r.returncode == 1 and "这里没有存储" in r.stderr.decode("utf-8")
    r = run_pikg("query", "targets-lowered", "--store", "memory", "--from", str(CORPUS / f"{D1}.txt"))
    assert r.returncode == 0 and "引育重点企业" in r.stdout.decode("utf-8")


def _wait(url: str, seconds: float = 20) -> None:
    end = time.time() + seconds
    while time.time() < end:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not come up")


@pytest.mark.slow
def test_serve_load_through_endpoint_and_query_over_http(tmp_path):
    import pyoxigraph

    store = tmp_path / "served"
    pyoxigraph.Store(str(store)).flush()  # an empty store on disk
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(ROOT / "pikg.py"), "serve", "--store", str(store), "--port", str(port), "--writable"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(base + "/")
        assert b"<html" in urllib.request.urlopen(base + "/").read().lower()  # the built-in query page
        r = run_pikg("build", str(CORPUS / f"{D1}.txt"), "--endpoint", base + "/query")
        assert r.returncode == 0, r.stderr
        r = run_pikg("query", "targets-lowered", "--endpoint", base + "/query", "-f", "csv")
        assert r.returncode == 0 and "引育重点企业" in r.stdout.decode("utf-8"), r.stderr
        # a server without the Graph Store Protocol: the build falls back to SPARQL Update
        r = run_pikg("build", str(CORPUS / "003_e05c3001711df7b2.txt"), "--endpoint", base + "/query",
                     "--store-url", base + "/no-graph-store-here")
        assert r.returncode == 0, r.stderr
        r = run_pikg("query", "department-summary", "--endpoint", base + "/query", "-f", "csv")
        assert "003_e05c3001711df7b2" in r.stdout.decode("utf-8") and "001_163e4aab9eba8502" in r.stdout.decode("utf-8")
        q = "SELECT (COUNT(*) AS ?n) WHERE { ?u a <https://w3id.org/pikg/ontology#IndicatorUse> ; <https://w3id.org/pikg/ontology#inDocument> <https://w3id.org/pikg/id/doc/001_163e4aab9eba8502> }"
        body = urllib.request.urlopen(base + "/query?" + urllib.parse.urlencode({"query": q}),
                                      timeout=10).read().decode("utf-8")
        assert '"105"' in body or ">105<" in body
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_file_is_bulk_loaded_in_chunks_of_whole_lines(tmp_path, monkeypatch):
    import graph.store.oxigraph as stores

    lines = [f'<https://ex.org/s{i}> <https://ex.org/p> "值 {i} 带\\"引号\\"与\\\\n" .' for i in range(500)]
    path = tmp_path / "g.nt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(stores, "BULK_CHUNK_BYTES", 1000)  # about 20 chunks, each cut inside a line
    st = OxigraphStore(tmp_path / "s")
    st.replace_graph_from_file("https://ex.org/g", path)
    st.replace_graph_from_file("https://ex.org/g", path)  # replaces, does not add
    assert st.count() == 500
    assert st.query('SELECT ?o WHERE { <https://ex.org/s499> ?p ?o }').rows == [['值 499 带"引号"与\\n']]
    st.close()


def test_spooled_triples_go_to_the_file_and_are_counted(tmp_path):
    from graph.model.terms import Triples

    with (tmp_path / "t.nt").open("w", encoding="utf-8") as f:
        t = Triples(spool=f)
        t.add_iri("https://ex.org/a", "https://ex.org/p", "https://ex.org/b")
        t.add_lit("https://ex.org/a", "https://ex.org/q", "")  # nothing: an empty literal is left out
        t.add_lit("https://ex.org/a", "https://ex.org/q", 3)
    assert len(t) == 2
    assert (tmp_path / "t.nt").read_text(encoding="utf-8").splitlines() == [
        "<https://ex.org/a> <https://ex.org/p> <https://ex.org/b> .",
        '<https://ex.org/a> <https://ex.org/q> "3"^^<http://www.w3.org/2001/XMLSchema#integer> .']


def test_every_parameter_of_a_named_query_has_a_chinese_name_for_the_page():
    queries = named_queries()
    params = [p for q in queries.values() for p in q.params]
    assert params and all(p.label_zh and p.description_zh for p in params)
    assert {p.label_zh for p in queries["project-tree"].params} == {"项目名称", "文件"}
