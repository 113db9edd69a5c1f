"""Stores behind one small interface: an embedded Oxigraph store on disk (the default), rdflib's in-memory
store, and any SPARQL 1.1 endpoint (query, update and the Graph Store Protocol) by URL.

Queries see the union of all named graphs as their default graph. Parameters are bound as RDF terms by the
store itself (Oxigraph substitutions, rdflib initBindings) or, for a remote endpoint, as a VALUES block of
terms serialised with N-Triples escaping — never by pasting strings into the query text.
"""
from __future__ import annotations

import itertools
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterable

from .terms import lit

DEFAULT_STORE = "pikg-store"
BULK_CHUNK_BYTES = 32 * 1024 * 1024  # N-Triples given to one bulk load of a file: bounds the loader's memory
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


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
                raise StoreError(f"not an absolute IRI: {self.value!r}")
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
        raise StoreError("cannot bind parameters: the query has no WHERE clause")
    names = list(params)
    block = "VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + " ".join(params[n].ntriples() for n in names) + ") }"
    return sparql[:at] + " " + block + " " + sparql[at:]


@dataclass
class QueryResult:
    vars: list[str]
    rows: list[list[Any]]  # Python values: str, int, float, bool or None

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.vars, r)) for r in self.rows]


def _py_from_literal(value: str, datatype: str | None) -> Any:
    dt = (datatype or "").rsplit("#", 1)[-1]
    try:
        if dt in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger"):
            return int(value)
        if dt == "decimal":
            return Decimal(value)  # exact: money sums stay what was printed
        if dt in ("double", "float"):
            return float(value)
        if dt == "boolean":  # XSD allows 1/0 too (Virtuoso writes booleans so)
            return value.strip() in ("true", "1")
    except (ValueError, InvalidOperation):
        return value
    return value


_ECHAR = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.S)
_ESCAPED = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_BARE_INTEGER = re.compile(r"[+-]?\d+")
_BARE_DECIMAL = re.compile(r"[+-]?\d*\.\d+")


def _unescape(text: str) -> str:
    """N-Triples string escapes (\\t, \\", \\uXXXX …) read back."""
    if "\\" not in text:
        return text

    def one(m: re.Match) -> str:
        if m.group(3) is None:
            return chr(int(m.group(1) or m.group(2), 16))
        if m.group(3) not in _ESCAPED:
            raise StoreError(f"not an N-Triples escape: \\{m.group(3)} in {text[:80]!r}")
        return _ESCAPED[m.group(3)]

    return _ECHAR.sub(one, text)


def term_from_tsv(token: str) -> Any:
    """One term of a SPARQL TSV answer (SPARQL 1.1 TSV: N-Triples terms, integers, decimals, doubles and
    booleans also bare) as the stores give terms: an IRI or blank node id as a string, a literal by its
    datatype (see _py_from_literal)."""
    first = token[:1]
    if first == "<":
        return token[1:-1]
    if first == '"':
        end = token.rindex('"')  # a language tag or datatype IRI holds no quote
        value, suffix = _unescape(token[1:end]), token[end + 1:]
        return _py_from_literal(value, suffix[3:-1] if suffix.startswith("^^<") else None)
    if token.startswith("_:"):
        return token[2:]
    if token in ("true", "false"):
        return token == "true"
    if _BARE_INTEGER.fullmatch(token):
        return int(token)
    if _BARE_DECIMAL.fullmatch(token):
        return Decimal(token)
    try:
        return float(token)  # a bare double (1.5E3)
    except ValueError:
        raise StoreError(f"not a term of a SPARQL TSV answer: {token[:80]!r}") from None


def rows_from_tsv(body: bytes, width: int) -> list[list[Any]]:
    """The rows of a W3C SPARQL TSV answer (a header line, then a line a row, terms escaped as in N-Triples so
    that no cell holds a tab or a line break) as term_from_tsv reads each term; an empty cell is None. Each
    distinct term is read once."""
    lines = body.decode("utf-8").split("\n")
    if lines[-1] == "":
        lines.pop()
    seen: dict[str, Any] = {"": None}
    rows: list[list[Any]] = []
    for line in itertools.islice(lines, 1, None):
        cells = line.split("\t") if width else []
        if len(cells) != width:
            raise StoreError(f"a line of a SPARQL TSV answer has {len(cells)} cells, not {width}: {line[:80]!r}")
        row = []
        for cell in cells:
            try:
                row.append(seen[cell])
            except KeyError:
                row.append(seen.setdefault(cell, term_from_tsv(cell)))
        rows.append(row)
    return rows


def tsv_answer(body: bytes) -> QueryResult:
    """A whole W3C SPARQL TSV answer: its header's variables and its rows (rows_from_tsv), or an ASK answer
    (the word true or false, no header line) as the stores give one."""
    if body.strip() in (b"true", b"false"):
        return QueryResult(["ask"], [[body.strip() == b"true"]])
    header = body.split(b"\n", 1)[0].decode("utf-8")
    variables = [v[1:] for v in header.split("\t")] if header else []
    if any(not v for v in variables):
        raise StoreError(f"not a SPARQL TSV answer: {header[:80]!r}")
    return QueryResult(variables, rows_from_tsv(body, len(variables)))


class GraphStore:
    """Interface of every store."""

    kind = "abstract"
    # the store answers the SHACL checks compiled to SPARQL (graph.shacl_sparql) correctly; when False, its
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

    def close(self) -> None:
        pass


# ---------------------------------------------------------------- Oxigraph


class OxigraphStore(GraphStore):
    """pyoxigraph's Store, on disk (path) or in memory (path None)."""

    kind = "oxigraph"

    def __init__(self, path: str | Path | None = None, read_only: bool = False) -> None:
        import pyoxigraph as ox

        self.ox = ox
        self.path = str(path) if path else None
        self._read_only = read_only
        try:
            if path is None:
                self.store = ox.Store()
            elif read_only:
                self.store = ox.Store.read_only(str(path))
            else:
                self.store = ox.Store(str(path))
        except OSError as e:
            raise StoreError(f"{path}: cannot open the Oxigraph store: {e}") from e

    def replace_graph(self, graph: str, ntriples: str) -> None:
        g = self.ox.NamedNode(graph)
        self.store.remove_graph(g) if self.store.contains_named_graph(g) else None
        self.add_to_graph(graph, ntriples)

    def clear_graph(self, graph: str) -> None:
        g = self.ox.NamedNode(graph)
        if self.store.contains_named_graph(g):
            self.store.remove_graph(g)

    def add_to_graph(self, graph: str, ntriples: str) -> None:
        if not ntriples:
            return
        self.store.load(ntriples.encode("utf-8"), self.ox.RdfFormat.N_TRIPLES, to_graph=self.ox.NamedNode(graph))

    def replace_graph_in_bulk_file(self, graph: str, path: str | Path) -> None:
        """Replace a graph with the N-Triples of a file by the fast, non-transactional loader: only for a store
        no one else reads (a build's scratch copy, or one in memory). The file goes in chunks of whole lines:
        the loader holds what it is given at once (1.6 GB for 2.9M triples in one piece, 0.3 GB in chunks)."""
        target = self.ox.NamedNode(graph)
        # the old graph goes quad by quad: one transaction for millions of quads holds them all in memory
        # (re-analysing a store of 5M data triples peaked at 5 GB), and this is no slower
        while batch := list(itertools.islice(self.store.quads_for_pattern(None, None, None, target), 50_000)):
            for quad in batch:
                self.store.remove(quad)
        self.clear_graph(graph)  # now empty: drops the graph's name
        with open(path, "rb") as f:
            while chunk := f.read(BULK_CHUNK_BYTES):
                chunk += f.readline()  # to the end of its line: an N-Triples line never holds a raw line break
                self.store.bulk_load(chunk, self.ox.RdfFormat.N_TRIPLES, to_graph=target)

    def bulk_quads(self, nquads: bytes) -> None:
        """Fast, non-transactional load of N-Quads (used on a fresh store or a temporary copy)."""
        if nquads:
            self.store.bulk_load(nquads, self.ox.RdfFormat.N_QUADS)

    def update(self, sparql: str) -> None:
        self.store.update(sparql)

    def _py(self, term) -> Any:
        if term is None:
            return None
        if isinstance(term, self.ox.Literal):
            return _py_from_literal(term.value, term.datatype.value if term.datatype else None)
        return term.value

    def query(self, sparql: str, params: dict[str, Param] | None = None) -> QueryResult:
        try:
            res = self.store.query(bind_values(sparql, params or {}), use_default_graph_as_union=True)
        except SyntaxError as e:
            raise StoreError(f"SPARQL syntax error: {e}") from e
        if isinstance(res, self.ox.QueryBoolean):
            return QueryResult(["ask"], [[bool(res)]])
        if not isinstance(res, self.ox.QuerySolutions):
            raise StoreError("a CONSTRUCT or DESCRIBE query gives triples, not rows: pikg runs SELECT and ASK queries")
        variables = [v.value for v in res.variables]
        # Oxigraph's TSV writer and a split, not a Python object a term: the same values, twice as fast
        return QueryResult(variables, rows_from_tsv(res.serialize(format=self.ox.QueryResultsFormat.TSV), len(variables)))

    def ask(self, sparql: str) -> bool:
        return bool(self.store.query(sparql, use_default_graph_as_union=True))

    def count(self) -> int:
        return len(self.store)

    def _tsv_lines(self, sparql: str) -> list[str]:
        """The rows of a SELECT as lines of Oxigraph's own TSV, without the header: no Python object is made
        per solution, which costs 17 µs a quad at 10M triples (390k names: 6.6 s as quads, 2.8 s this way)."""
        body = self.store.query(sparql, use_default_graph_as_union=True).serialize(format=self.ox.QueryResultsFormat.TSV)
        lines = body.decode("utf-8").split("\n")
        return lines[1:-1] if lines[-1] == "" else lines[1:]

    def subject_objects(self, predicate: str) -> dict[str, Any]:
        # values as _py gives them (term_from_tsv); a subject with several values keeps the last
        intern, out = sys.intern, {}
        for line in self._tsv_lines(f"SELECT ?s ?o WHERE {{ ?s <{predicate}> ?o }}"):
            subject, obj = line.split("\t", 1)
            out[intern(subject[1:-1] if subject[0] == "<" else subject[2:])] = term_from_tsv(obj)
        return out

    def subjects_of_type(self, cls: str) -> list[str]:
        return list(dict.fromkeys(sys.intern(term_from_tsv(line)) for line in self._tsv_lines(f"SELECT ?s WHERE {{ ?s a <{cls}> }}")))

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs())

    def dump_ntriples(self) -> str:
        ox = self.ox
        triples = (ox.Triple(q.subject, q.predicate, q.object) for q in self.store)
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")

    def flush(self) -> None:
        if self.path:
            self.store.flush()

    def close(self) -> None:
        if self.store is not None and not self._read_only:
            self.flush()
        self.store = None


# ---------------------------------------------------------------- rdflib in memory


class MemoryStore(GraphStore):
    """rdflib's in-memory Dataset, queried with the union of its named graphs as default graph."""

    kind = "memory"

    def __init__(self) -> None:
        import warnings

        import rdflib

        # rdflib 7 warns on every triple lookup of a Dataset's SPARQL evaluation; nothing to act on here
        warnings.filterwarnings("ignore", message=r"Dataset\.\w+ is deprecated", category=DeprecationWarning)
        self.rdflib = rdflib
        self.ds = rdflib.Dataset(default_union=True)

    def replace_graph(self, graph: str, ntriples: str) -> None:
        self.ds.remove_graph(self.rdflib.URIRef(graph))
        self.add_to_graph(graph, ntriples)

    def add_to_graph(self, graph: str, ntriples: str) -> None:
        if ntriples:
            self.ds.graph(self.rdflib.URIRef(graph)).parse(data=ntriples, format="nt")

    def update(self, sparql: str) -> None:
        self.ds.update(sparql)

    def prune_catalogue(self, catalogue: str, update: str) -> None:
        # rdflib evaluates the NOT EXISTS of the SPARQL form per node over every graph: do it with sets
        cat = self.ds.graph(self.rdflib.URIRef(catalogue))
        used = {o for g in self.ds.graphs() if g.identifier != cat.identifier for o in g.objects()}
        for s_ in set(cat.subjects()) - used:
            cat.remove((s_, None, None))

    def _py(self, term) -> Any:
        if term is None:
            return None
        if isinstance(term, self.rdflib.Literal):
            return _py_from_literal(str(term), str(term.datatype) if term.datatype else None)
        return str(term)

    def query(self, sparql: str, params: dict[str, Param] | None = None) -> QueryResult:
        from pyparsing import ParseException

        try:
            res = self.ds.query(bind_values(sparql, params or {}))
        except ParseException as e:
            raise StoreError(f"SPARQL syntax error: {e}") from e
        if res.type == "ASK":
            return QueryResult(["ask"], [[bool(res.askAnswer)]])
        variables = [str(v) for v in res.vars]
        return QueryResult(variables, [[self._py(row[i]) for i in range(len(variables))] for row in res])

    def ask(self, sparql: str) -> bool:
        return bool(self.ds.query(sparql).askAnswer)

    def count(self) -> int:
        return sum(len(g) for g in self.ds.graphs() if g.identifier != self.rdflib.graph.DATASET_DEFAULT_GRAPH_ID)

    def graph_names(self) -> list[str]:
        return sorted(str(g.identifier) for g in self.ds.graphs() if len(g) and g.identifier != self.rdflib.graph.DATASET_DEFAULT_GRAPH_ID)

    def dump_ntriples(self) -> str:
        g = self.rdflib.Graph()
        for s_, p, o, _ in self.ds.quads((None, None, None, None)):
            g.add((s_, p, o))
        return g.serialize(format="nt")


# ---------------------------------------------------------------- SPARQL 1.1 endpoint


class EndpointStore(GraphStore):
    """Any SPARQL 1.1 endpoint: query and update protocol, Graph Store Protocol for whole graphs.

    For an Oxigraph server at http://host:port the URLs are /query, /update and /store; other servers take
    explicit update and graph-store URLs.
    """

    kind = "endpoint"

    def __init__(self, query_url: str, update_url: str | None = None, store_url: str | None = None, timeout: float = 120) -> None:
        self.query_url = query_url
        base = query_url
        for suffix in ("/query", "/sparql"):
            if base.endswith(suffix):
                base = base[: -len(suffix)]
        self.update_url = update_url or base + "/update"
        self.store_url = store_url or base + "/store"
        self.timeout = timeout
        self._graphs: list[str] | None = None

    def _request(self, url: str, data: bytes | None, headers: dict[str, str], method: str = "POST") -> bytes:
        req = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as r:
                return r.read()
        except urllib.error.HTTPError as e:
            body = e.read().decode("utf-8", "replace")[:500]
            raise StoreError(f"{url}: HTTP {e.code}: {body}") from e
        except (urllib.error.URLError, OSError) as e:
            raise StoreError(f"{url}: cannot reach the endpoint: {getattr(e, 'reason', e)}") from e

    _NO_GSP = ("HTTP 404", "HTTP 405", "HTTP 415", "HTTP 501")

    def _gsp(self, graph: str, ntriples: str, method: str) -> bool:
        """Write through the Graph Store Protocol; False when the server does not offer it."""
        if getattr(self, "_gsp_missing", False):
            return False
        url = self._graph_url(graph)
        try:
            self._request(url, ntriples.encode("utf-8"), {"Content-Type": "application/n-triples"}, method)
            return True
        except StoreError as e:
            if any(code in str(e) for code in self._NO_GSP):
                self._gsp_missing = True
                return False
            raise

    def _insert_data(self, graph: str, ntriples: str, chunk: int = 5000) -> None:
        """SPARQL Update INSERT DATA in chunks: N-Triples lines are valid triples inside GRAPH { }."""
        lines = [ln for ln in ntriples.splitlines() if ln.strip()]
        for k in range(0, len(lines), chunk):
            self.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n" + "\n".join(lines[k:k + chunk]) + "\n} }")

    def replace_graph(self, graph: str, ntriples: str) -> None:
        if not self._gsp(graph, ntriples, "PUT"):
            self.update(f"DROP SILENT GRAPH <{graph}>")
            self._insert_data(graph, ntriples)
        self._graphs = None

    def add_to_graph(self, graph: str, ntriples: str) -> None:
        if not ntriples:
            return
        if not self._gsp(graph, ntriples, "POST"):
            self._insert_data(graph, ntriples)
        self._graphs = None

    def update(self, sparql: str) -> None:
        self._request(self.update_url, urllib.parse.urlencode({"update": sparql}).encode("utf-8"),
                      {"Content-Type": "application/x-www-form-urlencoded"})
        self._graphs = None

    def _select_raw(self, sparql: str, default_graphs: Iterable[str] = ()) -> dict:
        form = [("query", sparql)] + [("default-graph-uri", g) for g in default_graphs]
        body = self._request(self.query_url, urllib.parse.urlencode(form).encode("utf-8"),
                             {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
        return json.loads(body.decode("utf-8"))

    def graph_names(self) -> list[str]:
        if self._graphs is None:
            res = self._select_raw("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
            self._graphs = sorted(b["g"]["value"] for b in res["results"]["bindings"])
        return self._graphs

    def _value(self, b: dict | None) -> Any:
        if b is None:
            return None
        if b["type"] in ("literal", "typed-literal"):
            return _py_from_literal(b["value"], b.get("datatype"))
        return b["value"]

    GRAPH_PARAM = "graph"  # the Graph Store Protocol's query parameter naming the graph
    NTRIPLES_ACCEPT = "application/n-triples"

    def _graph_url(self, graph: str) -> str:
        return f"{self.store_url}?{urllib.parse.urlencode({self.GRAPH_PARAM: graph})}"

    def _default_graphs(self) -> list[str]:
        """The graphs a query names as its default graph: all of them, so that it sees their union."""
        return self.graph_names()

    def query(self, sparql: str, params: dict[str, Param] | None = None) -> QueryResult:
        res = self._select_raw(bind_values(sparql, params or {}), self._default_graphs())
        if "boolean" in res:
            return QueryResult(["ask"], [[res["boolean"]]])
        variables = res["head"]["vars"]
        return QueryResult(variables, [[self._value(b.get(v)) for v in variables] for b in res["results"]["bindings"]])

    def ask(self, sparql: str) -> bool:
        return bool(self._select_raw(sparql, self._default_graphs()).get("boolean"))

    def count(self) -> int:
        res = self._select_raw("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(res["results"]["bindings"][0]["n"]["value"])

    def dump_ntriples(self) -> str:
        out = []
        for g in self.graph_names():
            out.append(self._request(self._graph_url(g), None, {"Accept": self.NTRIPLES_ACCEPT}, "GET").decode("utf-8"))
        return "".join(out)


def server_software(url: str, timeout: float = 10) -> str:
    """The Server header an endpoint answers a trivial query with ('' when it names none)."""
    q = urllib.parse.urlencode({"query": "ASK {}"})
    req = urllib.request.Request(f"{url}?{q}", headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.headers.get("Server", "")
    except urllib.error.HTTPError as e:
        return e.headers.get("Server", "") if e.headers else ""
    except (urllib.error.URLError, OSError) as e:
        raise StoreError(f"{url}: cannot reach the endpoint: {getattr(e, 'reason', e)}") from e


class OxigraphEndpointStore(EndpointStore):
    """An Oxigraph server, or `pikg serve` in front of one: the union of all graphs through Oxigraph's own
    `union-default-graph` parameter instead of naming every graph as a default graph (with thousands of
    documents, a default graph of thousands of named graphs makes every query seconds slower), and SELECT
    answers as W3C TSV, read as OxigraphStore reads them."""

    def _default_graphs(self) -> list[str]:
        return []

    def _form(self, sparql: str) -> bytes:
        return urllib.parse.urlencode([("query", sparql), ("union-default-graph", "true")]).encode("utf-8")

    def _select_raw(self, sparql: str, default_graphs: Iterable[str] = ()) -> dict:
        body = self._request(self.query_url, self._form(sparql), {"Content-Type": "application/x-www-form-urlencoded",
                                                                   "Accept": "application/sparql-results+json"})
        return json.loads(body.decode("utf-8"))

    def query(self, sparql: str, params: dict[str, Param] | None = None) -> QueryResult:
        body = self._request(self.query_url, self._form(bind_values(sparql, params or {})),
                             {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/tab-separated-values"})
        try:
            return tsv_answer(body)
        except StoreError as e:
            raise StoreError(f"{self.query_url}: {e}") from None


# ---------------------------------------------------------------- opening


def is_oxigraph_dir(path: Path) -> bool:
    return path.is_dir() and (path / "CURRENT").exists() and any(path.glob("MANIFEST-*"))


def open_store(store: str | None = None, endpoint: str | None = None, read_only: bool = False, **endpoint_urls) -> GraphStore:
    """Open the store a command names: an endpoint URL, "memory", or a directory (default ./pikg-store)."""
    if endpoint:
        from .virtuoso import VirtuosoStore

        software = server_software(endpoint).lower()
        if "virtuoso" in software:
            return VirtuosoStore(endpoint, **endpoint_urls)
        if software.startswith(("oxigraph/", "pikg-serve")):
            return OxigraphEndpointStore(endpoint, **endpoint_urls)
        return EndpointStore(endpoint, **endpoint_urls)
    if store == "memory":
        return MemoryStore()
    path = Path(store or DEFAULT_STORE)
    if not path.exists():
        from .store_dir import leftovers, recover, writer_lock

        if leftovers(path, "old"):  # a build was killed between the two renames of its swap
            with writer_lock(path):
                recover(path, is_oxigraph_dir)
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path}: is a file, not an Oxigraph store directory")
    if read_only:
        if not path.exists():
            raise StoreError(f"{path}: no store here; run `pikg build FILE... --store {path}` first")
        if not is_oxigraph_dir(path):
            raise StoreError(f"{path}: not an Oxigraph store")
        return OxigraphStore(path, read_only=True)
    return OxigraphStore(path)
