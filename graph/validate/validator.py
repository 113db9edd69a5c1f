"""`pikg validate`: SHACL validation of a store's graph with pyshacl, and a readable report."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from graph.model.ontology import SHAPES
from graph.store.base import GraphStore


@dataclass
class Violation:
    focus: str
    path: str | None
    shape: str
    message: str
    value: str | None
    severity: str
    source: str | None = None  # document and line of the focus node, when known


@dataclass
class ValidationReport:
    conforms: bool
    triples: int
    violations: list[Violation] = field(default_factory=list)

    def text(self, limit: int = 50) -> str:
        if self.conforms:
            return f"符合：已按 {SHAPES.name} 检查 {self.triples} 条三元组，没有违规\n"
        lines = [f"{self.triples} 条三元组中有 {len(self.violations)} 处违规："]
        by_kind = Counter((v.shape, v.path, v.message) for v in self.violations)
        for (shape, path, msg), n in by_kind.most_common():
            where = shape if not path or shape.split(" «")[0].endswith(path) else f"{shape} {path}"
            lines.append(f"  {n:5d} × {where}: {msg}")
        lines.append("前几处违规：")
        for v in self.violations[:limit]:
            where = f" [{v.source}]" if v.source else ""
            lines.append(f"  {_SEVERITY_ZH.get(v.severity, v.severity)} {v.focus}{where}\n      {v.path or ''}: {v.message}" + (f"（值 {v.value}）" if v.value else ""))
        return "\n".join(lines) + "\n"


_SEVERITY_ZH = {"Violation": "违规", "Warning": "警告", "Info": "提示"}  # SHACL severities as a person reads them


def _short(term) -> str:
    s = str(term)
    for pre, short in (("https://w3id.org/pikg/ontology#", "pi:"), ("https://w3id.org/pikg/id/", "id:"),
                       ("https://w3id.org/pikg/shapes#", "pish:"), ("https://w3id.org/pikg/framework/", "fw:")):
        if s.startswith(pre):
            return short + s[len(pre):]
    return s


def _shape_name(shapes, shape) -> str:
    """A shape by name: an anonymous property shape is named by the node shape that holds it and its path."""
    import rdflib

    if not isinstance(shape, rdflib.BNode):
        return _short(shape)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    name = shapes.value(shape, sh.name)
    parent = shapes.value(predicate=sh.property, object=shape)
    path = shapes.value(shape, sh.path)
    parts = [_short(parent) if parent is not None and not isinstance(parent, rdflib.BNode) else None,
             _short(path) if path is not None and not isinstance(path, rdflib.BNode) else None]
    label = " ".join(p for p in parts if p) or "（匿名形状）"
    return f"{label} «{name}»" if name else label


ENGINES = ("sparql", "pyshacl")


def validate_store(store: GraphStore, engine: str = "sparql", jobs: int | None = None) -> ValidationReport:
    """Validate the union of the store's named graphs (data, ontology, framework) against shapes.ttl.

    engine "sparql" compiles the shapes to SPARQL that the store answers on its indexes (graph.validate.shacl_sparql);
    "pyshacl" loads the whole graph into rdflib and runs pyshacl, the reference implementation."""
    if engine == "sparql":
        return validate_with_sparql(store, jobs)
    if engine != "pyshacl":
        raise ValueError(f"未知的检查引擎 {engine!r}；可选 {'、'.join(ENGINES)}")
    return validate_with_pyshacl(store)


def _sources(store: GraphStore, focuses: list[str]) -> dict[str, str | None]:
    """Document and line of each focus node, in one query per thousand nodes."""
    out: dict[str, str | None] = {}
    iris = [f for f in dict.fromkeys(focuses) if f.startswith(("http://", "https://"))]
    for k in range(0, len(iris), 1000):
        values = " ".join(f"<{f}>" for f in iris[k:k + 1000])
        r = store.query("PREFIX pi: <https://w3id.org/pikg/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#> "
                        "PREFIX dct: <http://purl.org/dc/terms/> SELECT ?f ?id ?line WHERE { VALUES ?f { " + values + " } "
                        "OPTIONAL { { ?f prov:wasDerivedFrom ?d } UNION { ?f pi:inDocument ?d } ?d dct:identifier ?id } "
                        "OPTIONAL { ?f pi:sourceLine ?line } }")
        for f, docid, line in r.rows:
            if docid:
                out[f] = f"{docid}:{line}" if line else str(docid)
    return out


def validate_with_sparql(store: GraphStore, jobs: int | None = None) -> ValidationReport:
    """The shapes compiled to SPARQL and answered by the store; an on-disk Oxigraph store is checked by
    `jobs` processes (default: the cores), each answering a share of the checks."""
    from extractors.pool import default_jobs

    from graph.validate.shacl_sparql import compile_shapes, load_shapes, run_checks, target_subclasses

    if not store.answers_compiled_checks:  # checked in an embedded copy of its graphs instead
        from graph.store.oxigraph import OxigraphStore

        local = OxigraphStore()
        local.store.bulk_load(store.dump_ntriples().encode("utf-8"), local.ox.RdfFormat.N_TRIPLES)
        store = local
    shapes = load_shapes(SHAPES)
    results = run_checks(store, compile_shapes(shapes, target_subclasses(store, shapes)), default_jobs() if jobs is None else jobs)
    sources = _sources(store, [r.focus for r in results])
    report = ValidationReport(not results, store.count())
    for r in results:
        report.violations.append(Violation(
            focus=_short(r.focus), path=_short(r.path) if r.path else None, shape=_shape_name(shapes, r.shape_node),
            message=r.message or _default_message(r.component, r.path), value=r.value, severity="Violation",
            source=sources.get(r.focus)))
    report.violations.sort(key=lambda v: (v.source or "", v.focus))
    return report


def _default_message(component: str, path: str | None) -> str:
    what = component.removesuffix("ConstraintComponent")
    return f"未满足 {what} 约束" + (f"（{_short(path)}）" if path else "")


def validate_with_pyshacl(store: GraphStore) -> ValidationReport:
    """pyshacl over the union of the store's graphs loaded into rdflib (slow: the reference engine)."""
    import rdflib
    from pyshacl import validate

    data = rdflib.Graph()
    data.parse(data=store.dump_ntriples(), format="nt")
    shapes = rdflib.Graph().parse(SHAPES, format="turtle")
    conforms, results, _ = validate(data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    pi = rdflib.Namespace("https://w3id.org/pikg/ontology#")
    prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
    dct = rdflib.Namespace("http://purl.org/dc/terms/")
    sources: dict = defaultdict(lambda: None)
    report = ValidationReport(bool(conforms), len(data))
    # top-level results only: pyshacl also types the nested sh:detail of an sh:node result as a result
    for r in results.objects(None, sh.result):
        focus = results.value(r, sh.focusNode)
        src = None
        if focus is not None:
            if focus not in sources:
                doc = data.value(focus, prov.wasDerivedFrom) or data.value(focus, pi.inDocument)
                line = data.value(focus, pi.sourceLine)
                docid = data.value(doc, dct.identifier) if doc is not None else None
                sources[focus] = f"{docid}:{line}" if docid and line else (str(docid) if docid else None)
            src = sources[focus]
        sev = results.value(r, sh.resultSeverity)
        report.violations.append(Violation(
            focus=_short(focus), path=_short(results.value(r, sh.resultPath)) if results.value(r, sh.resultPath) else None,
            shape=_shape_name(shapes, results.value(r, sh.sourceShape)), message=str(results.value(r, sh.resultMessage) or ""),
            value=str(results.value(r, sh.value)) if results.value(r, sh.value) is not None else None,
            severity=_short(sev).rsplit("#", 1)[-1] if sev else "Violation", source=src))
    report.violations.sort(key=lambda v: (v.source or "", v.focus))
    return report
