"""Virtuoso as a first-class store: built through its endpoint, bulk-loaded from shards by its own loader,
and every named query answering the same rows as Oxigraph and rdflib's memory store.

The test starts its own Virtuoso (Debian's virtuoso-opensource, which .ci/run installs) in tmp_path and
stops it; without the package the module is skipped."""
from collections import Counter
from decimal import Decimal

import pytest

from tests.helpers import CORPUS, run_pikg
from graph.build.builder import build
from graph.query.named import named_queries
from graph.build.shards import make_shards
from graph.store.memory import MemoryStore
from graph.store.oxigraph import OxigraphStore
from graph.store.registry import open_store
from graph.store.virtuoso import LocalVirtuoso, VirtuosoStore

XSD = "http://www.w3.org/2001/XMLSchema#"

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not LocalVirtuoso.available(), reason="Virtuoso (virtuoso-opensource) is not installed")]

FILES = sorted(CORPUS.glob("*.txt"))
PARAMS = {"indicator": "全年发布信息数量", "project": "产业促进经费"}


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    folder = tmp_path_factory.mktemp("virtuoso")
    server = LocalVirtuoso(folder / "db", memory_mb=500, allowed_dirs=(folder,)).start()
    yield server, folder
    server.stop()


@pytest.fixture(scope="module")
def built(virtuoso):
    server, _ = virtuoso
    r = run_pikg("build", *map(str, FILES), "--endpoint", server.endpoint, "-q")
    assert r.returncode == 0, r.stderr
    return open_store(None, server.endpoint)


@pytest.fixture(scope="module")
def oxigraph():
    st = OxigraphStore()
    build(FILES, target=st)
    return st


def _rows(store, q) -> Counter:
    params = q.bind({p.name: PARAMS[p.name] for p in q.params if p.default is None})
    res = store.query(q.text, params)
    norm = [tuple(v.normalize() if isinstance(v, Decimal) else v for v in row) for row in res.rows]
    return Counter(map(repr, norm))


def test_the_endpoint_is_recognised_as_virtuoso(built):
    assert isinstance(built, VirtuosoStore)


def test_the_build_holds_what_oxigraph_holds(built, oxigraph):
    assert built.count() == oxigraph.count()
    assert built.graph_names() == oxigraph.graph_names()


def test_named_queries_agree_on_oxigraph_memory_and_virtuoso(built, oxigraph):
    mem = MemoryStore()
    build(FILES, target=mem)
    for name, q in named_queries().items():
        ox_rows = _rows(oxigraph, q)
        assert ox_rows, f"{name}: no rows on the corpus; the comparison would prove nothing"
        assert _rows(built, q) == ox_rows, f"{name}: Virtuoso differs from Oxigraph"
        assert _rows(mem, q) == ox_rows, f"{name}: rdflib differs from Oxigraph"


def test_pages_and_seeds_agree_on_oxigraph_and_virtuoso(built, oxigraph):
    """Each page (two documents) and each seeded one-document listing: the same rows on both stores, pages
    of project-tree with its project given among them. (At 10M triples Virtuoso 7.2 answered such a page
    with other pages' rows when the project's seed came before the sub-select; this corpus is too small
    to bring that plan about, so the benchmark compares the page's rows across the stores as well.)"""
    doc = sorted(r[0] for r in oxigraph.query("PREFIX dcterms: <http://purl.org/dc/terms/> "
                                              "SELECT ?id WHERE { ?d dcterms:identifier ?id }").rows)[1]
    for name, q in named_queries().items():
        given = {p.name: PARAMS[p.name] for p in q.params if p.default is None}
        asks = [(given, page) for page in (1, 2, 3)] if q.page else []
        if any(p.name == "document" for p in q.params):
            asks += [(given | {"document": doc}, None), (given | {"document": doc}, 1)]
        for params, page in asks:
            text = q.seeded(params) if page is None else q.paged(params, page, 2)
            a, b = (st.query(text, q.bind(params)).rows for st in (oxigraph, built))
            assert b == a, f"{name} {params} page {page}: Virtuoso differs from Oxigraph"


def test_long_answers_read_as_tsv_are_the_json_answers(built, oxigraph, monkeypatch):
    # with a probe of 3 rows every longer answer comes as TSV typed by those rows: the same rows, the same
    # Python types (Decimal money, int counts, bool flags, None where unbound) as the JSON answer
    monkeypatch.setattr(VirtuosoStore, "PROBE_ROWS", 3)
    import graph.store.virtuoso as gv

    read_as_tsv = []
    original = gv.tsv_rows
    monkeypatch.setattr(gv, "tsv_rows", lambda body, probe: read_as_tsv.append(1) or original(body, probe))
    for name, q in named_queries().items():
        assert _rows(built, q) == _rows(oxigraph, q), f"{name}: Virtuoso's TSV answer differs from Oxigraph"
    assert len(read_as_tsv) == len(named_queries())


def test_rebuilding_a_document_replaces_its_graph(built, virtuoso):
    server, _ = virtuoso
    before = built.count()
    r = run_pikg("build", str(FILES[1]), "--endpoint", server.endpoint, "-q")
    assert r.returncode == 0, r.stderr
    assert open_store(None, server.endpoint).count() == before


def test_shards_bulk_loaded_by_virtuoso_loader(virtuoso, tmp_path, oxigraph):
    """Shards written by the workers, loaded by Virtuoso's own loader into a second server."""
    _, folder = virtuoso
    shards = folder / "shards"
    shards.mkdir()
    made = list(make_shards([str(f) for f in FILES], jobs=1, out_dir=str(shards)))
    assert all(s.file and not s.error for s in made)
    with LocalVirtuoso(tmp_path / "db2", memory_mb=300, allowed_dirs=(shards,)) as second:
        second.bulk_load(shards)
        st = open_store(None, second.endpoint)
        data = sum(n for _, n in ((s.stem, s.triples) for s in made))
        docs = [g for g in st.graph_names() if "/graph/doc/" in g]
        assert len(docs) == len(FILES)
        assert sum(st.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}").rows[0][0] for g in docs) == data
        assert st.count() == oxigraph.count() - _shared_only(oxigraph)
        loaded = st.count()
    with LocalVirtuoso(tmp_path / "db2", memory_mb=300) as again:  # started again on its folder: the data is there
        assert open_store(None, again.endpoint).count() == loaded


def _shared_only(st) -> int:
    """Triples of the graphs a shard does not carry (ontology, framework, analysis)."""
    return sum(st.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}").rows[0][0]
               for g in st.graph_names() if g.rsplit("/", 1)[-1] in ("ontology", "framework", "analysis"))
