"""rdflib's in-memory Dataset as a store (`--store memory`)."""
from __future__ import annotations

from typing import Any

from graph.store.base import GraphStore, Param, QueryResult, StoreError, bind_values
from graph.store.tsv import py_from_literal

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
            return py_from_literal(str(term), str(term.datatype) if term.datatype else None)
        return str(term)

    def query(self, sparql: str, params: dict[str, Param] | None = None) -> QueryResult:
        from pyparsing import ParseException

        try:
            res = self.ds.query(bind_values(sparql, params or {}))
        except ParseException as e:
            raise StoreError(f"SPARQL 语法错误：{e}") from e
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
