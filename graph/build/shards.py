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
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Iterable, Iterator

from extractors.batch import extract_one
from extractors.pool import chunks, default_jobs, has_heavy, in_order, ordered_map
from extractors.problems import Problem

from graph.model.rdf import DocumentTriples, document_triples
from graph.model.terms import CATALOGUE_GRAPH, slug


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
    problems: list[Problem] = field(default_factory=list)
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

    from graph.model.ontology import turtle_as_ntriples
    from graph.validate.shacl_sparql import compile_shapes, load_shapes, target_subclasses
    from graph.store.oxigraph import OxigraphStore
    from graph.model.ontology import SHAPES

    base = (turtle_as_ntriples("pikg.ttl") + turtle_as_ntriples("framework.ttl")).encode("utf-8")
    st = OxigraphStore()
    st.store.load(base, ox.RdfFormat.N_TRIPLES)
    shapes = load_shapes(SHAPES)
    return compile_shapes(shapes, target_subclasses(st, shapes)), base


def check_document(own: bytes, catalogue: bytes, label: str) -> list[str]:
    """SHACL results of one document's graph with its catalogue part, the ontology and the framework (the
    shapes that span documents, such as one normalised name per catalogue indicator, are checked by
    `pikg validate` over the whole store)."""
    return check_documents([(own + catalogue, label)])[0]


def check_documents(documents: list[tuple[bytes, str]]) -> list[list[str]]:
    """SHACL results of several documents checked together, each document's N-Triples (its graph and its part
    of the catalogue) with a label; a result goes to every document whose triples have its focus as subject.
    The checks are a hundred and fifty small queries whose cost is mostly their own, not the data's: eight
    documents checked at once take about 22 ms each, one at a time 37 ms. The documents share only catalogue
    nodes, and each of those has one normalised name by its IRI, so what a group shows is in the store too."""
    import pyoxigraph as ox

    from graph.validate.shacl_sparql import run_checks
    from graph.store.oxigraph import OxigraphStore

    checks, base = _document_checks()
    st = OxigraphStore()
    st.store.bulk_load(base + b"".join(data for data, _ in documents), ox.RdfFormat.N_TRIPLES)
    found: list[list[str]] = [[] for _ in documents]
    for r in run_checks(st, checks):
        line = (f"SHACL: {r.focus} {r.path or ''} {r.component.removesuffix('ConstraintComponent')}"
                f"{'：' + r.message if r.message else ''}{'（值 ' + r.value + '）' if r.value and r.path else ''}")
        subject = f"<{r.focus}> ".encode("utf-8")
        owners = [k for k, (data, _) in enumerate(documents) if data.startswith(subject) or b"\n" + subject in data]
        for k in owners or range(len(documents)):  # a focus in none of them (the ontology's): all are told
            found[k].append(f"{documents[k][1]}: {line}")
    return found


def _document_shard(path: str, layout: str | None) -> Shard:
    """One file extracted and turned into triples (not yet checked or written)."""
    t0 = time.perf_counter()
    o = extract_one(path, layout)
    if o.error:
        return Shard(path, error=o.error, seconds={"extract": time.perf_counter() - t0})
    t1 = time.perf_counter()
    lay = next((r.get("layout") for r in o.records if r.get("layout")), None)
    d = document_triples(Path(path).stem, o.records, str(path), lay)
    s = shard_of(d, path)
    s.problems = o.problems
    s.seconds = {"extract": t1 - t0, "rdf": time.perf_counter() - t1}
    return s


def _write_shard_file(s: Shard, out_dir: str) -> None:
    """Move a shard's triples into an N-Quads file of the shard folder (written whole, then renamed)."""
    target = Path(out_dir) / f"{slug(s.stem)}.nq"
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_bytes(s.nquads())
    os.replace(tmp, target)
    s.file, s.own, s.catalogue = str(target), b"", b""


def make_shard_group(paths: list[str], layout: str | None = None, validate: bool = True,
                     out_dir: str | None = None) -> list[Shard]:
    """Extract a few files and turn each into a shard, the group checked against the shapes at once (runs in
    a worker; see `check_documents`). Worker time is per shard; a group's check is shared out evenly."""
    shards = [_document_shard(p, layout) for p in paths]
    good = [s for s in shards if not s.error]
    t0 = time.perf_counter()
    if validate and good:
        for s, found in zip(good, check_documents([(s.own + s.catalogue, s.path) for s in good])):
            s.violations = found
    each = (time.perf_counter() - t0) / max(1, len(good))
    for s in good:
        t1 = time.perf_counter()
        if out_dir:
            _write_shard_file(s, out_dir)
        s.seconds |= {"validate": each, "write": time.perf_counter() - t1}
    return shards


def make_shard(path: str, layout: str | None = None, validate: bool = True, out_dir: str | None = None) -> Shard:
    """Extract one file and turn it into a shard (runs in a worker)."""
    return make_shard_group([path], layout, validate, out_dir)[0]


GROUP = 8  # documents a worker checks at once, when there are enough for every worker to get many groups


def group_size(documents: int, workers: int) -> int:
    """Documents per task: up to GROUP, but never so many that a worker waits for work (a handful of files
    goes one at a time, so that a small build keeps every core busy)."""
    return max(1, min(GROUP, documents // (4 * max(1, workers))))


def make_shards(paths: list[str], layout: str | None = None, jobs: int | None = None, validate: bool = True,
                out_dir: str | None = None, scheduler=None) -> Iterator[Shard]:
    """Shards of every file in input order: here, in a pool of `jobs` processes, or on the Dask cluster at
    `scheduler` (an address, or a distributed.Client). A task is a small group of files (`group_size`); at
    most two tasks per worker are in flight. By default a pool of all cores is used for PDFs and workbooks,
    and for more than a few text files."""
    if scheduler:
        yield from _dask_shards(paths, layout, validate, out_dir, scheduler)
        return
    if jobs is None:
        jobs = default_jobs() if has_heavy(paths) or len(paths) > 8 else 1
    jobs = max(1, jobs)
    task = partial(make_shard_group, layout=layout, validate=validate, out_dir=out_dir)
    for group in ordered_map(task, chunks(paths, group_size(len(paths), jobs)), jobs):
        yield from group


def _dask_shards(paths: list[str], layout: str | None, validate: bool, out_dir: str | None, scheduler: str) -> Iterator[Shard]:
    """Shards made on a Dask cluster, in input order, a bounded number in flight. Workers must see the input
    files at the same paths (and `out_dir`, when given, is written by the workers: shared storage)."""
    try:
        from distributed import Client, Future
    except ImportError as e:
        raise RuntimeError("--scheduler 需要 Dask 的 distributed 包：pip install 'pikg[cluster]'") from e
    try:
        client = scheduler if isinstance(scheduler, Client) else Client(scheduler, timeout=30)
    except OSError as e:
        raise RuntimeError(f"无法连接 {scheduler} 上的 Dask 调度器：{e}") from e
    try:
        threads = sum(client.nthreads().values())

        def submit(g: list[str]) -> Future:
            return client.submit(make_shard_group, g, layout, validate, out_dir, pure=False)

        for f in in_order(submit, chunks(paths, group_size(len(paths), threads)), max(2, 2 * threads)):
            yield from f.result()
            f.release()
    finally:
        if client is not scheduler:
            client.close()


def good_shards(shards: Iterable[Shard], failed: list[str], problems: list[Problem], violations: list[str]) -> Iterator[Shard]:
    """The shards that hold a document; errors, extraction problems and SHACL results go to the lists given."""
    for s in shards:
        if s.error:
            failed.append(s.error)
            continue
        problems.extend(s.problems)
        violations.extend(s.violations)
        yield s
