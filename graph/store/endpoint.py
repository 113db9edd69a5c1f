"""Any SPARQL 1.1 endpoint by URL (query, update and the Graph Store Protocol), and an Oxigraph server or
`pikg serve` in front of one, which is asked for the union of its graphs and answers as TSV."""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Iterable

from graph.store.base import GraphStore, Param, QueryResult, StoreError, bind_values
from graph.store.tsv import py_from_literal, tsv_answer

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
            raise StoreError(f"{url}：HTTP {e.code}：{body}") from e
        except (urllib.error.URLError, OSError) as e:
            raise StoreError(f"{url}：无法连接端点：{getattr(e, 'reason', e)}") from e

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
            return py_from_literal(b["value"], b.get("datatype"))
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
        raise StoreError(f"{url}：无法连接端点：{getattr(e, 'reason', e)}") from e


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
            raise StoreError(f"{self.query_url}：{e}") from None
