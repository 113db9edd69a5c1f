"""`pikg build`: extract documents and load them into a store, one named graph per document.

On disk the store is never changed in place: the build works on a consistent copy (a backup of the
existing store, or a new store) in a temporary directory beside it, and moves it into place when done.
"""
from __future__ import annotations

import contextlib
import gc
import itertools
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from extractors.errors import os_error_advice
from extractors.pool import default_jobs, expand_inputs
from extractors.problems import Problem

from graph.build.shards import Shard, good_shards, make_shards
from graph.store.directory import real_store_path, recover, replace_dir, writer_lock
from graph.store.base import DEFAULT_STORE, GraphStore, StoreError
from graph.store.oxigraph import OxigraphStore, is_oxigraph_dir
from graph.store.registry import open_store
from graph.model.ontology import turtle_as_ntriples
from graph.model.terms import CATALOGUE_GRAPH, FRAMEWORK_GRAPH, ONTOLOGY_GRAPH, sparql_prefixes

BULK_BATCH_BYTES = 64 * 1024 * 1024  # N-Quads gathered for one bulk load: bounds memory, amortises its cost


@dataclass
class BuildReport:
    documents: list[tuple[str, int]] = field(default_factory=list)  # (stem, triples in its graph)
    problems: list[Problem] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # images in input folders, left out for want of the OCR extra
    violations: list[str] = field(default_factory=list)  # SHACL results of the documents' own checks
    total_triples: int = 0
    analysis: object | None = None  # graph.analysis.analyze.AnalysisReport when the analyses ran
    phases: dict[str, float] = field(default_factory=dict)  # wall seconds in this process, by phase
    worker_seconds: dict[str, float] = field(default_factory=dict)  # summed over documents, in the workers

    @contextlib.contextmanager
    def clock(self, phase: str):
        """Add the time spent inside the block to `phases[phase]`."""
        t = time.perf_counter()
        try:
            yield
        finally:
            self.phases[phase] = self.phases.get(phase, 0.0) + time.perf_counter() - t


@contextlib.contextmanager
def _no_clock(phase: str):
    yield


PRUNE = sparql_prefixes() + f"""
DELETE {{ GRAPH <{CATALOGUE_GRAPH}> {{ ?x ?p ?o }} }}
WHERE {{
  GRAPH <{CATALOGUE_GRAPH}> {{ ?x ?p ?o . ?x a ?c . VALUES ?c {{ pi:Indicator pi:Department }} }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?link ?x }} FILTER(?g != <{CATALOGUE_GRAPH}>) }}
}}"""


def load_into(store: GraphStore, shards: Iterable[Shard], report: BuildReport) -> None:
    """Replace each document's graph (taking the shards one at a time as they come), refresh the ontology
    graphs, then prune the catalogue."""
    clock = report.clock
    with clock("load"):
        store.replace_graph(ONTOLOGY_GRAPH, turtle_as_ntriples("pikg.ttl") + turtle_as_ntriples("analysis.ttl"))
        store.replace_graph(FRAMEWORK_GRAPH, turtle_as_ntriples("framework.ttl"))
    bulk = store.bulk_loads
    batch: list[Shard] = []
    batch_bytes = 0

    def flush() -> None:
        # Each bulk load writes and ingests files of its own, so shards go in batches of BULK_BATCH_BYTES
        nonlocal batch, batch_bytes
        with clock("load"):
            store.load_batch(batch)
        batch, batch_bytes = [], 0

    it = iter(shards)
    while True:
        with clock("extract"):  # waiting for the next shard: extraction not hidden behind loading
            s = next(it, None)
        if s is None:
            break
        if bulk:
            if any(b.graph == s.graph for b in batch):  # the same document twice: the later one replaces it
                flush()
            batch.append(s)
            batch_bytes += len(s.own) + len(s.catalogue) + (Path(s.file).stat().st_size if s.file else 0)
            if batch_bytes >= BULK_BATCH_BYTES:
                flush()
        else:
            with clock("load"):
                store.load_shard(s)
        report.documents.append((s.stem, s.triples))
        for k, v in s.seconds.items():
            report.worker_seconds[k] = report.worker_seconds.get(k, 0.0) + v
    if batch:
        flush()
    with clock("prune"):
        store.prune_catalogue(CATALOGUE_GRAPH, PRUNE)
        report.total_triples = store.count()


def build(files: Iterable[str | Path], store: str | None = None, endpoint: str | None = None, layout: str | None = None,
          progress: Callable[[Iterable], Iterable] = lambda x: x, target: GraphStore | None = None,
          analysis: bool = True, jobs: int | None = None, scheduler: str | None = None, validate: bool = True,
          shard_dir: str | None = None, standard_overrides: str | Path | None = None, **endpoint_urls) -> BuildReport:
    """Extract files and load them one document at a time, then (unless analysis=False) re-run the analyses
    over the whole store.

    Each document is extracted, turned into triples and checked against the shapes (`validate`) in a worker:
    this process, `jobs` processes, or the Dask cluster at `scheduler`; `shard_dir` keeps each document's
    N-Quads there (shared storage for a cluster). `target` builds into an open store (the memory store).
    """
    report = BuildReport()
    paths = expand_inputs(files, report.skipped)
    if analysis and jobs is None and default_jobs() > 1:
        jobs = default_jobs()  # extraction in workers, so that this process is free to load the classifier
    stream = good_shards(progress(make_shards(paths, layout, jobs, validate, shard_dir, scheduler)),
                         report.failed, report.problems, report.violations)
    with report.clock("extract"):
        first = next(stream, None)
    if first is None:
        return report
    loading = None
    if analysis:
        from graph.analysis.vagueness import ClassifierLoading

        # spaCy and jieba (1.5 s) load while the other documents are extracted and the store loads. Only
        # now: the workers are forked at the first document (ProcessPoolExecutor forks them all at once),
        # and a fork while this thread holds an import lock leaves the child waiting for it forever
        loading = ClassifierLoading()
    shards = itertools.chain([first], stream)

    def work(st: GraphStore) -> None:
        load_into(st, shards, report)
        if analysis:
            from graph.analysis.analyze import analyze

            with report.clock("analyze"):
                report.analysis = analyze(st, loading.get(), standard_overrides)
                report.total_triples = st.count()

    try:
        if target is not None:
            work(target)
        elif endpoint or store == "memory":
            work(open_store(store, endpoint, **endpoint_urls))
        else:
            modify_on_disk(real_store_path(store or DEFAULT_STORE), work, clock=report.clock)
    finally:
        if loading is not None:  # a failed build too: no loading thread is left behind to hold a lock at a later fork
            loading.join()
    return report


def modify_on_disk(path: Path, work: Callable[[GraphStore], None], create: bool = True,
                   clock: Callable[[str], contextlib.AbstractContextManager] | None = None) -> None:
    """Apply `work` to a copy of the on-disk store in a temporary directory beside it, then move the copy
    into place: an error (or a crash) leaves the existing store as it was. One writer at a time: a second
    build or analysis of the same store waits for the first, then works on its result."""
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path}：这是一个文件，不是 Oxigraph 存储目录")
    parent = path.absolute().parent
    if not parent.is_dir():
        if not create:
            raise StoreError(f"{path}：这里没有存储；请先运行 `pikg build FILE... --store {path}`")
        parent.mkdir(parents=True)
    try:
        with writer_lock(path):
            recover(path, is_oxigraph_dir)
            if path.exists() and any(path.iterdir()) and not is_oxigraph_dir(path):
                raise StoreError(f"{path}：已存在且不是 Oxigraph 存储；不会改动它")
            if not create and not is_oxigraph_dir(path):
                raise StoreError(f"{path}：这里没有存储；请先运行 `pikg build FILE... --store {path}`")
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
                with (clock or _no_clock)("optimize"):
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
    except OSError as e:  # a full disk, a read-only mount: the store is left as it was
        raise StoreError(f"{path}：{os_error_advice(e)}（存储保持原样）") from None
