"""The one interface every store offers (GraphStore), what passes through it (parameters, answers) and its
error. Queries see the union of all named graphs as their default graph. Parameters are bound as RDF terms
by the store itself (Oxigraph substitutions, rdflib initBindings) or, for a remote endpoint, as a VALUES
block of terms serialised with N-Triples escaping — never by pasting strings into the query text.

Capabilities differ by store and are methods here, each with a default that works everywhere: loading a
built document (load_shard), loading many at once (bulk_loads, load_batch), replacing a graph from a file."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Protocol

from graph.model.terms import CATALOGUE_GRAPH, lit

DEFAULT_STORE = "pikg-store"

class StoreError(Exception):
    """A store could not be opened, read or written; the message says which and why."""


@dataclass
class Param:
    """A query parameter: a literal (str/int/Decimal/bool, a string optionally with a language) or an IRI."""

    value: Any
    is_iri: bool = False
    lang: str | None = None

    def ntriples(self) -> str:
        if self.is_iri:
            if not re.fullmatch(r"[a-zA-Z][\w+.-]*:[^\s<>\"{}|\\^`]*", str(self.value)):
                raise StoreError(f"不是绝对 IRI：{self.value!r}")
            return f"<{self.value}>"
        return lit(self.value, self.lang)


_WHERE = re.compile(r"\bWHERE\s*\{", re.I)


def where_clause_start(sparql: str) -> int | None:
    """The position just inside the query's first WHERE {, or None."""
    m = _WHERE.search(sparql)
    return m.end() if m else None


def bind_values(sparql: str, params: dict[str, Param]) -> str:
    """Bind parameters as one row of a VALUES block, first in the outermost WHERE.

    Every value is a single RDF term written by the N-Triples serialiser (quotes, backslashes and line
    breaks escaped; IRIs checked), so a parameter can never become query syntax. This is the same
    semantics as SPARQL substitution (SEP-0007) and it works on every store and endpoint alike.
    """
    if not params:
        return sparql
    at = where_clause_start(sparql)
    if at is None:
        raise StoreError("无法绑定参数：查询没有 WHERE 子句")
    names = list(params)
    block = "VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + " ".join(params[n].ntriples() for n in names) + ") }"
    return sparql[:at] + " " + block + " " + sparql[at:]


@dataclass
class QueryResult:
    vars: list[str]
    rows: list[list[Any]]  # Python values: str, int, float, bool or None

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.vars, r)) for r in self.rows]


class LoadableShard(Protocol):
    """What a store needs of one built document (graph.build.shards.Shard)."""

    graph: str

    def nquads(self) -> bytes: ...

    def graph_texts(self) -> tuple[str, str]: ...


class GraphStore:
    """Interface of every store."""

    kind = "abstract"
    # the store answers the SHACL checks compiled to SPARQL (graph.validate.shacl_sparql) correctly; when False, its
    # graphs are checked in an embedded copy
    answers_compiled_checks = True

    def replace_graph(self, graph: str, ntriples: str) -> None:
        raise NotImplementedError

    def add_to_graph(self, graph: str, ntriples: str) -> None:
        raise NotImplementedError

    def update(self, sparql: str) -> None:
        raise NotImplementedError

    def query(self, sparql: str, params: dict[str, Param] | None = None) -> QueryResult:
        raise NotImplementedError

    def ask(self, sparql: str) -> bool:
        raise NotImplementedError

    def prune_catalogue(self, catalogue: str, update: str) -> None:
        """Remove catalogue nodes that no document graph refers to any more (SPARQL update by default)."""
        self.update(update)

    def count(self) -> int:
        r = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(r.rows[0][0])

    def graph_names(self) -> list[str]:
        r = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(x[0] for x in r.rows)

    def dump_ntriples(self) -> str:
        """Every triple of every named graph as N-Triples (for validation and export)."""
        raise NotImplementedError

    def subject_objects(self, predicate: str) -> dict[str, Any]:
        """{subject: object} of every triple with this predicate in any graph (one object per subject)."""
        return {r[0]: r[1] for r in self.query(f"SELECT ?s ?o WHERE {{ ?s <{predicate}> ?o }}").rows}

    def subjects_of_type(self, cls: str) -> list[str]:
        """Every subject with rdf:type `cls`."""
        return [r[0] for r in self.query(f"SELECT DISTINCT ?s WHERE {{ ?s a <{cls}> }}").rows]

    def load_shard(self, shard: LoadableShard) -> None:
        """One built document: its graph replaced, its part of the catalogue added."""
        own, cat = shard.graph_texts()
        self.replace_graph(shard.graph, own)
        self.add_to_graph(CATALOGUE_GRAPH, cat)

    @property
    def bulk_loads(self) -> bool:
        """Whether load_batch is a fast, non-transactional bulk load (then a build gathers shards for it)."""
        return False

    def load_batch(self, shards: Iterable[LoadableShard]) -> None:
        """Several built documents at once (each replacing its graph); by default one after another."""
        for shard in shards:
            self.load_shard(shard)

    def replace_graph_from_file(self, graph: str, path: str | Path) -> None:
        """Replace a graph with the N-Triples of a file."""
        self.replace_graph(graph, Path(path).read_text(encoding="utf-8"))

    def close(self) -> None:
        pass
