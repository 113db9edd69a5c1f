"""SHACL Core shapes compiled to SPARQL queries that the store itself answers.

pyshacl loads the whole graph into rdflib and walks it in Python (about 90 s per million triples); the
same shapes.ttl compiled to one SELECT per constraint runs inside Oxigraph (or Virtuoso) on its indexes.
The compiler covers the constraint components pikg's shapes use — targetClass; property shapes with an
IRI path; minCount, maxCount, datatype, class, in, hasValue, min/maxInclusive, min/maxExclusive,
minLength, maxLength, node; node-level class and xone — and refuses anything else with the name of the
component, so that a shape it cannot check is never silently passed (`pikg validate --engine pyshacl`
still checks every shape).

Results follow SHACL's: one result per value for value constraints, one per focus node for counts.
"""
from __future__ import annotations

import itertools
from decimal import Decimal
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Iterator

import rdflib
from rdflib.collection import Collection

from extractors.pool import ordered_map_with
from graph.model.terms import RDF, RDFS, SH
from graph.store.base import GraphStore
from graph.store.oxigraph import OxigraphStore

RDF_TYPE = RDF + "type"
SUBCLASS = RDFS + "subClassOf"

# components a property shape may carry, and those a node shape may carry itself
_PROPERTY_KEYS = {"minCount", "maxCount", "datatype", "class", "in", "hasValue", "minInclusive", "maxInclusive",
                  "minExclusive", "maxExclusive", "minLength", "maxLength", "node"}
_NODE_KEYS = {"class", "xone", "property"}
_IGNORED = {"path", "message", "name", "description", "targetClass", "severity", "order", "group"}


class UnsupportedShape(Exception):
    """The shapes use a SHACL feature this compiler does not translate; the message names it."""


@dataclass
class Check:
    """One compiled constraint: a SELECT of ?focus (and ?value) for every violation."""

    shape: str  # the node shape (or its anonymous property shape's name, given by the caller)
    component: str  # e.g. MinCountConstraintComponent
    path: str | None
    message: str | None
    sparql: str
    shape_node: object = None  # the rdflib node of the constraint's shape, for naming


@dataclass
class Result:
    focus: str
    path: str | None
    component: str
    value: str | None
    message: str | None
    shape_node: object = None


@dataclass
class _Compiler:
    shapes: object  # rdflib.Graph
    subclasses: dict[str, list[str]] = field(default_factory=dict)  # a class → itself and its subclasses
    fresh: Iterator[int] = field(default_factory=itertools.count)

    def not_instance(self, var: str, cls) -> str:
        """A filter true when `var` is not an instance of `cls` or of a subclass (the hierarchy is looked up
        once, so that the store checks the node's types instead of walking rdfs:subClassOf* per node)."""
        classes = self.subclasses.get(str(cls)) or [str(cls)]
        if len(classes) == 1:
            return f"FILTER NOT EXISTS {{ {var} <{RDF_TYPE}> <{classes[0]}> }}"
        c = self.var("c")
        return f"FILTER NOT EXISTS {{ {var} <{RDF_TYPE}> {c} . FILTER({c} IN ({', '.join(f'<{k}>' for k in classes)})) }}"

    def var(self, stem: str) -> str:
        return f"?{stem}{next(self.fresh)}"

    def one(self, node, key: str):
        return self.shapes.value(node, rdflib.URIRef(SH + key))

    def keys(self, node) -> set[str]:
        return {str(p)[len(SH):] for p in self.shapes.predicates(node) if str(p).startswith(SH)}

    def items(self, node, key: str) -> list:
        head = self.one(node, key)
        return list(Collection(self.shapes, head)) if head is not None else []

    # ------------------------------------------------------------ terms and patterns

    @staticmethod
    def term(t) -> str:
        return t.n3()

    def path_of(self, prop) -> str:
        p = self.one(prop, "path")
        if not isinstance(p, rdflib.URIRef):
            raise UnsupportedShape(f"property shape with a complex sh:path ({p!r}): only IRI paths are compiled")
        return p.n3()

    def value_violations(self, key: str, arg, prop, v: str = "?v") -> str | None:
        """A FILTER on the variable `v` for one value constraint, true when the value violates it; None for
        the count constraints."""
        if key == "datatype":
            return f"FILTER(!isLiteral({v}) || datatype({v}) != {self.term(arg)})"
        if key == "class":
            return self.not_instance(v, arg)
        if key == "in":
            allowed = " && ".join(f"!sameTerm({v}, {self.term(a)})" for a in self.items(prop, "in")) or "true"
            return f"FILTER({allowed})"
        comparisons = {"minInclusive": ">=", "maxInclusive": "<=", "minExclusive": ">", "maxExclusive": "<"}
        if key in comparisons:  # a value that cannot be compared violates too
            guard = f"isNumeric({v}) && " if isinstance(arg, rdflib.Literal) and isinstance(arg.toPython(), (int, float, Decimal)) else ""
            return f"FILTER(!COALESCE({guard}{v} {comparisons[key]} {self.term(arg)}, false))"
        if key == "minLength":
            return f"FILTER(isBlank({v}) || STRLEN(STR({v})) < {int(arg)})"
        if key == "maxLength":
            return f"FILTER(isBlank({v}) || STRLEN(STR({v})) > {int(arg)})"
        if key == "node":
            return f"FILTER EXISTS {{ {self.violation_pattern(arg, v)} }}"
        return None

    def violation_pattern(self, shape, focus: str) -> str:
        """A graph pattern that matches when `focus` does not conform to the node shape `shape` (used for
        sh:node and the members of sh:xone; variables are fresh so that patterns nest)."""
        alternatives = []
        unknown = self.keys(shape) - _NODE_KEYS - _PROPERTY_KEYS - _IGNORED
        if unknown:
            raise UnsupportedShape(f"sh:{sorted(unknown)[0]} on a node shape is not compiled")
        c = self.one(shape, "class")
        if c is not None:
            alternatives.append(self.not_instance(focus, c))
        for prop in self.shapes.objects(shape, rdflib.URIRef(SH + "property")):
            path = self.path_of(prop)
            for key in sorted(self.keys(prop) - _IGNORED):
                arg = self.one(prop, key)
                if key == "minCount":
                    if int(arg) > 1:
                        raise UnsupportedShape("sh:minCount above 1 inside sh:node or sh:xone is not compiled")
                    alternatives.append(f"FILTER NOT EXISTS {{ {focus} {path} [] }}")
                elif key == "maxCount":
                    if int(arg) > 1:
                        raise UnsupportedShape("sh:maxCount above 1 inside sh:node or sh:xone is not compiled")
                    a, b = self.var("a"), self.var("b")
                    alternatives.append(f"{focus} {path} {a}, {b} . FILTER(!sameTerm({a}, {b}))" if int(arg) == 1
                                        else f"{focus} {path} {a} .")
                elif key == "hasValue":
                    alternatives.append(f"FILTER NOT EXISTS {{ {focus} {path} {self.term(arg)} }}")
                elif key in _PROPERTY_KEYS:
                    v = self.var("v")
                    alternatives.append(f"{focus} {path} {v} . " + self.value_violations(key, arg, prop, v))
                else:
                    raise UnsupportedShape(f"sh:{key} is not compiled")
        for members in self.shapes.objects(shape, rdflib.URIRef(SH + "xone")):
            alternatives.append(self.xone_filter(members, focus))
        if not alternatives:
            return "FILTER(false)"
        return " UNION ".join(f"{{ {a} }}" for a in alternatives)

    def xone_filter(self, members, focus: str) -> str:
        """True when `focus` conforms to other than exactly one shape of the sh:xone list `members`."""
        members = list(Collection(self.shapes, members))
        conforming = " + ".join(f"IF(EXISTS {{ {self.violation_pattern(m, focus)} }}, 0, 1)" for m in members)
        return f"FILTER(({conforming}) != 1)"

    def minus_instance(self, var: str, cls) -> str:
        """A MINUS that removes the rows whose `var` is an instance of `cls` or of a subclass."""
        classes = self.subclasses.get(str(cls)) or [str(cls)]
        c = self.var("c")
        return f"MINUS {{ VALUES {c} {{ {' '.join(f'<{k}>' for k in classes)} }} {var} <{RDF_TYPE}> {c} }}"

    # ------------------------------------------------------------ top-level checks
    #
    # Each check is written as whole scans joined by hash (subqueries, MINUS, GROUP BY over one property)
    # rather than as one lookup per focus node (a triple pattern or FILTER [NOT] EXISTS per row): on a
    # store of millions of uses a scan of one index takes a tenth of the time of as many lookups.

    def checks(self, node_shape, focus_values: str) -> list[Check]:
        """Every check of one targeted node shape; `focus_values` binds ?f to its focus nodes."""
        name = str(node_shape)
        unknown = self.keys(node_shape) - _NODE_KEYS - _IGNORED
        if unknown:
            raise UnsupportedShape(f"{name}: sh:{sorted(unknown)[0]} on a node shape is not compiled")
        focus = f"{{ SELECT DISTINCT ?f WHERE {{ {focus_values} }} }}"
        out: list[Check] = []
        c = self.one(node_shape, "class")
        if c is not None:
            out.append(Check(name, "ClassConstraintComponent", None, None,
                             f"SELECT DISTINCT ?f WHERE {{ {focus} {self.minus_instance('?f', c)} }}", node_shape))
        for members in self.shapes.objects(node_shape, rdflib.URIRef(SH + "xone")):
            out.append(Check(name, "XoneConstraintComponent", None, None,
                             f"SELECT DISTINCT ?f WHERE {{ {focus_values} {self.xone_filter(members, '?f')} }}", node_shape))
        for prop in self.shapes.objects(node_shape, rdflib.URIRef(SH + "property")):
            path = self.path_of(prop)
            message = self.one(prop, "message")
            message = str(message) if message is not None else None
            keys = self.keys(prop) - _IGNORED
            bad = keys - _PROPERTY_KEYS
            if bad:
                raise UnsupportedShape(f"{name} {path}: sh:{sorted(bad)[0]} is not compiled")
            for key in sorted(keys):
                arg = self.one(prop, key)
                comp = key[0].upper() + key[1:] + "ConstraintComponent"
                counts = f"{{ SELECT ?f (COUNT(DISTINCT ?v) AS ?n) WHERE {{ ?f {path} ?v }} GROUP BY ?f }}"
                if key == "minCount":
                    n = int(arg)
                    q = (f"SELECT DISTINCT ?f WHERE {{ {focus} MINUS {{ ?f {path} ?any }} }}" if n == 1 else
                         f"SELECT DISTINCT ?f WHERE {{ {focus} OPTIONAL {{ {counts} }} FILTER(COALESCE(?n, 0) < {n}) }}")
                elif key == "maxCount":
                    q = f"SELECT DISTINCT ?f WHERE {{ {focus} {counts} FILTER(?n > {int(arg)}) }}"
                elif key == "hasValue":
                    q = f"SELECT DISTINCT ?f WHERE {{ {focus} MINUS {{ ?f {path} {self.term(arg)} }} }}"
                elif key == "class":
                    q = f"SELECT DISTINCT ?f ?v WHERE {{ {focus} {{ SELECT ?f ?v WHERE {{ ?f {path} ?v }} }} {self.minus_instance('?v', arg)} }}"
                elif key == "node":
                    # the nested shape is checked once per distinct value, then joined back to the rows
                    bad_values = (f"{{ SELECT ?v WHERE {{ {{ SELECT DISTINCT ?v WHERE {{ ?x {path} ?v }} }} "
                                  f"{self.value_violations(key, arg, prop)} }} }}")
                    q = f"SELECT DISTINCT ?f ?v WHERE {{ {focus} {{ SELECT ?f ?v WHERE {{ ?f {path} ?v }} }} {bad_values} }}"
                else:
                    q = (f"SELECT DISTINCT ?f ?v WHERE {{ {focus} "
                         f"{{ SELECT ?f ?v WHERE {{ ?f {path} ?v . {self.value_violations(key, arg, prop)} }} }} }}")
                out.append(Check(name, comp, path.strip("<>"), message, q, prop))
        return out


def load_shapes(path: Path):
    return rdflib.Graph().parse(path, format="turtle")


def compile_shapes(shapes, subclasses: dict[str, list[str]]) -> list[Check]:
    """Every check of every node shape with a sh:targetClass. `subclasses` maps a class to itself and its
    subclasses in the data (SHACL's targets and sh:class take their instances too)."""
    comp = _Compiler(shapes, subclasses)
    out: list[Check] = []
    for node_shape, target in sorted(shapes.subject_objects(rdflib.URIRef(SH + "targetClass")), key=lambda x: str(x[0])):
        classes = subclasses.get(str(target)) or [str(target)]
        focus = "?f a ?_target . VALUES ?_target { " + " ".join(f"<{c}>" for c in classes) + " }" if len(classes) > 1 \
            else f"?f a <{classes[0]}> ."
        out.extend(comp.checks(node_shape, focus))
    unknown_targets = {str(p)[len(SH):] for p in shapes.predicates() if str(p).startswith(SH + "target") and str(p) != SH + "targetClass"}
    if unknown_targets:
        raise UnsupportedShape(f"sh:{sorted(unknown_targets)[0]} is not compiled (only sh:targetClass)")
    return out


def target_subclasses(store: GraphStore, shapes) -> dict[str, list[str]]:
    """Each class the shapes name (targets and sh:class) with its subclasses as the store declares them."""
    out = {}
    named = set(shapes.objects(None, rdflib.URIRef(SH + "targetClass"))) | set(shapes.objects(None, rdflib.URIRef(SH + "class")))
    for target in named:
        r = store.query(f"SELECT DISTINCT ?c WHERE {{ ?c <{SUBCLASS}>* <{target}> }}")
        out[str(target)] = sorted({str(target)} | {row[0] for row in r.rows if row[0]})
    return out


def run_checks(store: GraphStore, checks: list[Check], jobs: int = 1) -> list[Result]:
    """Run every compiled check; each row of a check's answer is one violation. An on-disk Oxigraph store
    is checked by `jobs` processes, each with its own read-only handle and a share of the checks."""
    path = getattr(store, "path", None)
    if jobs > 1 and store.kind == "oxigraph" and path and len(checks) > 1:
        read_only = partial(OxigraphStore, path, read_only=True)  # opened once in each worker
        answers = list(ordered_map_with(read_only, _rows, [c.sparql for c in checks], jobs))
    else:
        answers = [_rows(store, c.sparql) for c in checks]
    out = []
    for c, rows in zip(checks, answers):
        for d in rows:
            value = d.get("v")
            if value is None and c.path is None:  # a node-level constraint: SHACL gives the focus as the value
                value = d["f"]
            text = None if value is None else str(value).lower() if isinstance(value, bool) else str(value)  # as RDF writes it
            out.append(Result(str(d["f"]), c.path, c.component, text, c.message, c.shape_node))
    return out


def _rows(store: GraphStore, sparql: str) -> list[dict]:
    r = store.query(sparql)
    return [dict(zip(r.vars, row)) for row in r.rows]

