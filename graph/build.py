"""`pikg build`: extract documents and load them into a store, one named graph per document.

On disk the store is never changed in place: the build works on a consistent copy (a backup of the
existing store, or a new store) in a temporary directory beside it, and moves it into place when done.
"""
from __future__ import annotations

import gc
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from extractors.batch import expand_inputs, extract_files

from .rdf import DocumentTriples, document_triples
from .store_dir import recover, replace_dir, writer_lock
from .stores import DEFAULT_STORE, GraphStore, OxigraphStore, StoreError, is_oxigraph_dir, open_store
from .terms import CATALOGUE_GRAPH, FRAMEWORK_GRAPH, ONTOLOGY_GRAPH, sparql_prefixes

ONTOLOGY_DIR = Path(__file__).resolve().parents[1] / "ontology"


@dataclass
class BuildReport:
    documents: list[tuple[str, int]] = field(default_factory=list)  # (stem, triples in its graph)
    problems: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    total_triples: int = 0
    analysis: object | None = None  # graph.analysis.analyze.AnalysisReport when the analyses ran


@lru_cache(maxsize=None)
def turtle_as_ntriples(name: str) -> str:
    """An ontology file (pikg.ttl, framework.ttl, shapes.ttl) as N-Triples text."""
    import pyoxigraph as ox

    data = (ONTOLOGY_DIR / name).read_bytes()
    return ox.serialize(ox.parse(data, ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


PRUNE = sparql_prefixes() + f"""
DELETE {{ GRAPH <{CATALOGUE_GRAPH}> {{ ?x ?p ?o }} }}
WHERE {{
  GRAPH <{CATALOGUE_GRAPH}> {{ ?x ?p ?o . ?x a ?c . VALUES ?c {{ pi:Indicator pi:Department }} }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?link ?x }} FILTER(?g != <{CATALOGUE_GRAPH}>) }}
}}"""


def extract_all(files: Iterable[str | Path], layout: str | None, report: BuildReport,
                progress: Callable[[Iterable], Iterable] = lambda x: x, jobs: int | None = None) -> list[DocumentTriples]:
    """Extract every file (folders stand for the documents in them) and turn each into its triples."""
    out = []
    paths = expand_inputs(files)
    for o in progress(extract_files(paths, layout, jobs)):
        if o.error:
            report.failed.append(o.error)
            continue
        report.problems.extend(o.problems)
        lay = next((r.get("layout") for r in o.records if r.get("layout")), None)
        out.append(document_triples(Path(o.path).stem, o.records, str(o.path), lay))
    return out


def load_into(store: GraphStore, docs: list[DocumentTriples], report: BuildReport) -> None:
    """Replace each document's graph, refresh the ontology graphs and the catalogue."""
    store.replace_graph(ONTOLOGY_GRAPH, turtle_as_ntriples("pikg.ttl") + turtle_as_ntriples("analysis.ttl"))
    store.replace_graph(FRAMEWORK_GRAPH, turtle_as_ntriples("framework.ttl"))
    if isinstance(store, OxigraphStore) and store.path:
        # a build works on its own copy of the store: the fast, non-transactional bulk loader is safe here
        # one document at a time: memory stays bounded by the largest document, not by the batch
        for d in docs:
            store.clear_graph(d.graph)
            store.bulk_quads((d.own.nquads(d.graph) + d.catalogue.nquads(CATALOGUE_GRAPH)).encode("utf-8"))
    else:
        for d in docs:
            store.replace_graph(d.graph, d.own.text())
        store.add_to_graph(CATALOGUE_GRAPH, "".join(d.catalogue.text() for d in docs))
    report.documents.extend((d.stem, len(d.own)) for d in docs)
    store.prune_catalogue(CATALOGUE_GRAPH, PRUNE)
    report.total_triples = store.count()


def build(files: Iterable[str | Path], store: str | None = None, endpoint: str | None = None, layout: str | None = None,
          progress: Callable[[Iterable], Iterable] = lambda x: x, target: GraphStore | None = None,
          analysis: bool = True, **endpoint_urls) -> BuildReport:
    """Extract files and load them, then (unless analysis=False) re-run the analyses over the whole store.

    `target` builds into an open store (used with the memory store).
    """
    report = BuildReport()
    docs = extract_all(files, layout, report, progress)
    if not docs:
        return report

    def work(st: GraphStore) -> None:
        load_into(st, docs, report)
        if analysis:
            from .analysis.analyze import analyze

            report.analysis = analyze(st)
            report.total_triples = st.count()

    if target is not None:
        work(target)
        return report
    if endpoint or store == "memory":
        work(open_store(store, endpoint, **endpoint_urls))
        return report
    modify_on_disk(Path(store or DEFAULT_STORE), work)
    return report


def modify_on_disk(path: Path, work: Callable[[GraphStore], None], create: bool = True) -> None:
    """Apply `work` to a copy of the on-disk store in a temporary directory beside it, then move the copy
    into place: an error (or a crash) leaves the existing store as it was. One writer at a time: a second
    build or analysis of the same store waits for the first, then works on its result."""
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path}: is a file, not an Oxigraph store directory")
    parent = path.absolute().parent
    if not parent.is_dir():
        if not create:
            raise StoreError(f"{path}: no store here; run `pikg build FILE... --store {path}` first")
        parent.mkdir(parents=True)
    with writer_lock(path):
        recover(path, is_oxigraph_dir)
        if path.exists() and any(path.iterdir()) and not is_oxigraph_dir(path):
            raise StoreError(f"{path}: exists and is not an Oxigraph store; refusing to touch it")
        if not create and not is_oxigraph_dir(path):
            raise StoreError(f"{path}: no store here; run `pikg build FILE... --store {path}` first")
        scratch = Path(tempfile.mkdtemp(prefix=f".{path.name}.build-", dir=parent))
        tmp = scratch / "store"
        st = None
        try:
            if is_oxigraph_dir(path):
                src = OxigraphStore(path, read_only=True)
                src.store.backup(str(tmp))
                src.close()
            st = OxigraphStore(tmp)
            work(st)
            st.store.optimize()  # compact what the bulk loader wrote: queries read it several times faster
            st.close()
            st = None
            replace_dir(tmp, path)
        finally:
            if st is not None:  # a failed build: release the copy before removing it
                st.store = None
                st = None
                gc.collect()
            shutil.rmtree(scratch, ignore_errors=True)
