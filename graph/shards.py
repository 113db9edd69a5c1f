"""Documents → shards: one document's triples, ready for a bulk loader, made where the work is.

A worker (this process, a process pool with --jobs, or a Dask cluster with --scheduler) reads one document,
turns its records into triples, checks them against the SHACL shapes and hands back a `Shard`: the
document graph and its part of the catalogue as N-Triples bytes, or as an N-Quads file in a shard folder.
The loader takes shards one at a time as they arrive, so memory is bounded by the documents in flight, never
by the batch.
"""
from __future__ import annotations

import os
import time
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from extractors.batch import default_jobs, extract_one
from extractors.engine import GRID_READERS

from .rdf import DocumentTriples, document_triples
from .terms import CATALOGUE_GRAPH, slug


@dataclass
class Shard:
    """One document's contribution to a store, or the error that stopped it."""

    path: str
    stem: str = ""
    graph: str = ""
    own: bytes = b""  # the document graph, N-Triples
    catalogue: bytes = b""  # its part of the shared catalogue graph, N-Triples
    file: str | None = None  # the N-Quads file of both, when written to a shard folder (own and catalogue empty)
    triples: int = 0  # in the document graph
    problems: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)  # SHACL results of the document's own check
    error: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)  # worker time: extract, rdf, validate

    def nquads(self) -> bytes:
        """Both graphs as N-Quads (read from the shard file if there is one)."""
        if self.file:
            return Path(self.file).read_bytes()
        return _as_quads(self.own, self.graph) + _as_quads(self.catalogue, CATALOGUE_GRAPH)

    def graph_texts(self) -> tuple[str, str]:
        """(document graph, catalogue part) as N-Triples text, also from a shard file."""
        if not self.file:
            return self.own.decode("utf-8"), self.catalogue.decode("utf-8")
        own, cat = [], []
        cat_tail = f" <{CATALOGUE_GRAPH}> .\n"
        for line in Path(self.file).read_text(encoding="utf-8").splitlines(keepends=True):
            if line.endswith(cat_tail):
                cat.append(line[: -len(cat_tail)] + " .\n")
            elif line.strip():
                own.append(line[: line.rstrip().rindex(" <")] + " .\n")
        return "".join(own), "".join(cat)


def _as_quads(ntriples: bytes, graph: str) -> bytes:
    tail = f" <{graph}> .\n".encode("utf-8")
    return b"".join(line[:-2] + tail for line in ntriples.splitlines(keepends=True) if line.strip())


def shard_of(d: DocumentTriples, path: str = "") -> Shard:
    """A shard from triples made in this process."""
    return Shard(path or d.stem, d.stem, d.graph, d.own.text().encode("utf-8"), d.catalogue.text().encode("utf-8"),
                 triples=len(d.own))


@lru_cache(maxsize=1)
def _document_checks():
    """The shapes compiled once per worker, with the class hierarchy of pikg's own ontology."""
    import pyoxigraph as ox

    from .build import turtle_as_ntriples
    from .shacl_sparql import compile_shapes, load_shapes, target_subclasses
    from .stores import OxigraphStore
    from .validate import SHAPES

    base = (turtle_as_ntriples("pikg.ttl") + turtle_as_ntriples("framework.ttl")).encode("utf-8")
    st = OxigraphStore()
    st.store.load(base, ox.RdfFormat.N_TRIPLES)
    shapes = load_shapes(SHAPES)
    return compile_shapes(shapes, target_subclasses(st, shapes)), base


def check_document(own: bytes, catalogue: bytes, label: str) -> list[str]:
    """SHACL results of one document's graph with its catalogue part, the ontology and the framework (the
    shapes that span documents, such as one normalised name per catalogue indicator, are checked by
    `pikg validate` over the whole store)."""
    import pyoxigraph as ox

    from .shacl_sparql import run_checks
    from .stores import OxigraphStore

    checks, base = _document_checks()
    st = OxigraphStore()
    st.store.bulk_load(base + own + catalogue, ox.RdfFormat.N_TRIPLES)
    return [f"{label}: SHACL: {r.focus} {r.path or ''} {r.component.removesuffix('ConstraintComponent')}"
            f"{': ' + r.message if r.message else ''}{' (value ' + r.value + ')' if r.value and r.path else ''}"
            for r in run_checks(st, checks)]


def make_shard(path: str, layout: str | None = None, validate: bool = True, out_dir: str | None = None) -> Shard:
    """Extract one file and turn it into a shard (runs in a worker)."""
    t0 = time.perf_counter()
    o = extract_one(path, layout)
    if o.error:
        return Shard(path, error=o.error, seconds={"extract": time.perf_counter() - t0})
    t1 = time.perf_counter()
    lay = next((r.get("layout") for r in o.records if r.get("layout")), None)
    d = document_triples(Path(path).stem, o.records, str(path), lay)
    s = shard_of(d, path)
    s.problems = o.problems
    t2 = time.perf_counter()
    if validate:
        s.violations = check_document(s.own, s.catalogue, path)
    t3 = time.perf_counter()
    if out_dir:
        target = Path(out_dir) / f"{slug(d.stem)}.nq"
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_bytes(s.nquads())
        os.replace(tmp, target)
        s.file, s.own, s.catalogue = str(target), b"", b""
    s.seconds = {"extract": t1 - t0, "rdf": t2 - t1, "validate": t3 - t2, "write": time.perf_counter() - t3}
    return s


def make_shards(paths: list[str], layout: str | None = None, jobs: int | None = None, validate: bool = True,
                out_dir: str | None = None, scheduler=None) -> Iterator[Shard]:
    """Shards of every file in input order: here, in a pool of `jobs` processes, or on the Dask cluster at
    `scheduler` (an address, or a distributed.Client). At most a few shards per worker are in flight.
    By default a pool of all cores is used for PDFs and workbooks, and for more than a few text files."""
    if scheduler:
        yield from _dask_shards(paths, layout, validate, out_dir, scheduler)
        return
    if jobs is None:
        heavy = any(Path(p).suffix.lower() in GRID_READERS for p in paths)
        jobs = default_jobs() if heavy or len(paths) > 8 else 1
    jobs = max(1, jobs)
    if jobs == 1 or len(paths) < 2:
        for p in paths:
            yield make_shard(p, layout, validate, out_dir)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=min(jobs, len(paths))) as pool:
        window: deque = deque()
        todo = iter(paths)
        for p in todo:
            window.append(pool.submit(make_shard, p, layout, validate, out_dir))
            if len(window) >= 2 * jobs:
                break
        while window:
            yield window.popleft().result()
            nxt = next(todo, None)
            if nxt is not None:
                window.append(pool.submit(make_shard, nxt, layout, validate, out_dir))


def _dask_shards(paths: list[str], layout: str | None, validate: bool, out_dir: str | None, scheduler: str) -> Iterator[Shard]:
    """Shards made on a Dask cluster, in input order, a bounded number in flight. Workers must see the input
    files at the same paths (and `out_dir`, when given, is written by the workers: shared storage)."""
    try:
        from distributed import Client
    except ImportError as e:
        raise RuntimeError("--scheduler needs Dask's distributed package: pip install 'pikg[cluster]'") from e
    try:
        client = scheduler if isinstance(scheduler, Client) else Client(scheduler, timeout=30)
    except OSError as e:
        raise RuntimeError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from e
    try:
        width = max(2, 2 * sum(client.nthreads().values()))
        window: deque = deque()
        todo = iter(paths)

        def submit(p: str) -> None:
            window.append(client.submit(make_shard, p, layout, validate, out_dir, pure=False))

        for p in todo:
            submit(p)
            if len(window) >= width:
                break
        while window:
            f = window.popleft()
            yield f.result()
            f.release()
            nxt = next(todo, None)
            if nxt is not None:
                submit(nxt)
    finally:
        if client is not scheduler:
            client.close()


def good_shards(shards: Iterable[Shard], failed: list[str], problems: list[str], violations: list[str]) -> Iterator[Shard]:
    """The shards that hold a document; errors, extraction problems and SHACL results go to the lists given."""
    for s in shards:
        if s.error:
            failed.append(s.error)
            continue
        problems.extend(s.problems)
        violations.extend(s.violations)
        yield s
