"""Exports: the indicator catalogue (指标库, one row per canonical indicator) and the row-level uses table,
as xlsx (openpyxl), csv, JSON-LD or Turtle."""
from __future__ import annotations

import csv
import io
import unicodedata
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path
from typing import IO

from graph.model.labels import HORIZONS, is_share, placeholder, reason_labels
from graph.output.outfile import CSV_ENCODING, check_output, write_output
from graph.store.base import GraphStore
from graph.model.terms import FW, PI, SKOS, sparql_prefixes
from graph.analysis.usetable import Use, read_uses

FORMATS = ("xlsx", "csv", "jsonld", "ttl")

CATALOGUE_COLUMNS = [
    ("indicator", "指标（三级）"), ("variants", "名称写法"), ("close_matches", "近似指标"), ("level1", "一级指标"),
    ("level2", "二级指标"), ("uses", "使用次数"), ("projects", "项目数"), ("departments", "部门数"), ("years", "年度数"),
    ("typical_targets", "常见指标值"), ("units", "单位"), ("quantitative_share", "定量占比"), ("basis", "确定依据"),
    ("vague_share", "模糊占比"), ("iri", "IRI"),
]
USE_COLUMNS = [
    ("doc", "文件"), ("year", "年度"), ("department", "部门"), ("project", "项目"), ("horizon", "期限"), ("goal", "目标"),
    ("level1", "一级指标"), ("level2", "二级指标"), ("indicator", "三级指标"), ("prev2", "前年"), ("prev1", "上年"),
    ("target", "指标值"), ("target_number", "数值"), ("target_unit", "单位"), ("basis", "确定依据"), ("vague", "模糊"),
    ("reasons", "模糊原因"), ("reason_codes", "模糊原因代码"), ("horizon_code", "期限代码"), ("line", "行号"), ("use", "IRI"),
]
SUFFIXES = {".xlsx": "xlsx", ".csv": "csv", ".jsonld": "jsonld", ".json": "jsonld", ".ttl": "ttl"}

VAGUENESS = sparql_prefixes() + """
SELECT ?use ?vague ?reason WHERE {
  ?use a pi:IndicatorUse ; pi:isVague ?vague .
  OPTIONAL { ?use pi:vaguenessReason ?r . BIND(STRAFTER(STR(?r), "/framework/vague-") AS ?reason) }
}"""
CLOSE = sparql_prefixes() + "SELECT ?a ?b WHERE { ?a a pi:Indicator ; skos:closeMatch ?b }"
CONCEPT_LABELS = sparql_prefixes() + """
SELECT ?c ?label WHERE { ?c skos:inScheme fw:indicators ; skos:prefLabel ?label . FILTER(LANG(?label) = "zh") }"""


def _vagueness(store: GraphStore) -> tuple[dict[str, bool], dict[str, list[str]]]:
    flags: dict[str, bool] = {}
    reasons: dict[str, list[str]] = defaultdict(list)
    for r in store.query(VAGUENESS).dicts():
        flags[r["use"]] = bool(r["vague"])
        if r.get("reason"):
            reasons[r["use"]].append(r["reason"])
    return flags, reasons


def _mode(counter: Counter) -> str:
    return counter.most_common(1)[0][0] if counter else ""


def _top(counter: Counter, n: int = 3) -> str:
    """The commonest values with how often each is met: ``≥95% (3次); 100% (1次)``."""
    return "；".join(f"{k}（{v}次）" for k, v in counter.most_common(n))



def catalogue_rows(store: GraphStore, uses: list[Use] | None = None) -> list[dict]:
    """One row per canonical indicator in the graph (numbers as numbers)."""
    uses = uses if uses is not None else read_uses(store)
    flags, _ = _vagueness(store)
    concept = {r["c"]: r["label"] for r in store.query(CONCEPT_LABELS).dicts()}
    close: dict[str, set[str]] = defaultdict(set)
    for r in store.query(CLOSE).dicts():
        close[r["a"]].add(r["b"])
    by_ind: dict[str, list[Use]] = defaultdict(list)
    for u in uses:
        by_ind[u.indicator].append(u)
    label = {i: (us[0].indicator_label or us[0].name) for i, us in by_ind.items()}
    rows = []
    for ind, us in by_ind.items():
        targets = Counter(u.target.raw for u in us if u.target.raw)
        vague = [flags[u.iri] for u in us if u.iri in flags]
        rows.append({
            "indicator": label[ind],
            "variants": "; ".join(sorted({u.name for u in us})),
            "close_matches": "; ".join(sorted(label.get(c, c) for c in close.get(ind, ()))),
            "level1": _mode(Counter(concept.get(u.level1, u.level1_label or "") for u in us if u.level1 or u.level1_label)),
            "level2": _mode(Counter(concept.get(u.level2, u.level2_label or "") for u in us if u.level2 or u.level2_label)),
            "uses": len(us),
            "projects": len({u.owner for u in us}),
            "departments": len({u.dept or u.doc for u in us}),
            "years": len({u.year for u in us if u.year}),
            "typical_targets": _top(targets),
            "units": "; ".join(sorted({u.target.unit for u in us if u.target.unit})),
            "quantitative_share": round(sum(u.target.quantitative for u in us) / len(us), 3),
            "basis": _top(Counter(u.basis_label or placeholder("no-basis") for u in us), 4),
            "vague_share": round(sum(vague) / len(vague), 3) if vague else None,
            "iri": ind,
        })
    rows.sort(key=lambda r: (-r["projects"], -r["uses"], r["indicator"]))
    return rows


def use_rows(store: GraphStore, uses: list[Use] | None = None) -> list[dict]:
    """One row per indicator use (table row of a document)."""
    uses = uses if uses is not None else read_uses(store)
    flags, reasons = _vagueness(store)
    out = []
    for u in uses:
        out.append({
            "doc": u.doc, "year": u.year, "department": u.dept_label, "project": u.project_name or placeholder("department-table"),
            "horizon": HORIZONS.get(u.horizon, u.horizon), "horizon_code": u.horizon, "goal": u.goal_n,
            "level1": u.level1_label, "level2": u.level2_label, "indicator": u.name,
            "prev2": u.prev2.raw, "prev1": u.prev1.raw, "target": u.target.raw,
            "target_number": u.target.number, "target_unit": u.target.unit, "basis": u.basis_label,
            "vague": flags.get(u.iri), "reasons": reason_labels(sorted(reasons.get(u.iri, []))),
            "reason_codes": " ".join(sorted(reasons.get(u.iri, []))), "line": u.line, "use": u.iri,
        })
    return out


def _width(s: object) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in str(s or ""))


def write_xlsx(rows: list[dict], columns: list[tuple[str, str]], path: Path | IO[bytes], title: str) -> None:
    """A sheet with a frozen bold header of the Chinese column names (codes stay in JSON and RDF), filters,
    widths that fit the content, numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append([zh for _, zh in columns])
    for c in ws[1]:
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDEBF7")
        c.alignment = Alignment(wrap_text=True, vertical="top")
    for r in rows:
        ws.append([r.get(key) for key, _ in columns])
    for i, (key, _) in enumerate(columns, 1):
        if is_share(key):  # the stored share, shown as a percentage
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = "0.0%"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    for i, (key, zh) in enumerate(columns, 1):
        longest = max([_width(zh)] + [_width(r.get(key)) for r in rows[:2000]])
        ws.column_dimensions[get_column_letter(i)].width = max(8, min(60, longest + 2))
    wb.save(path)


def write_csv(rows: list[dict], columns: list[tuple[str, str]], out: io.TextIOBase) -> None:
    """Chinese headers; yes/no as 是/否; numbers as printed."""
    w = csv.writer(out)
    w.writerow([zh for _, zh in columns])
    for r in rows:
        w.writerow([_csv_cell(r.get(k), is_share(k)) for k, _ in columns])


def _csv_cell(v: object, share: bool = False) -> object:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "是" if v else "否"
    if share and isinstance(v, (int, float, Decimal)):
        return f"{float(v):.1%}"
    return v


def catalogue_graph(rows: list[dict]):
    """The catalogue as an rdflib graph of SKOS concepts with their statistics (for JSON-LD and Turtle)."""
    import rdflib
    from rdflib.namespace import SKOS as S, XSD

    g = rdflib.Graph()
    pi = rdflib.Namespace(PI)
    g.bind("pi", pi)
    g.bind("skos", S)
    for r in rows:
        n = rdflib.URIRef(r["iri"])
        g.add((n, rdflib.RDF.type, pi.Indicator))
        g.add((n, S.inScheme, pi.catalogue))
        g.add((n, S.prefLabel, rdflib.Literal(r["indicator"], lang="zh")))
        for v in filter(None, r["variants"].split("; ")):
            if v != r["indicator"]:
                g.add((n, S.altLabel, rdflib.Literal(v, lang="zh")))
        for key, prop in (("uses", "useCount"), ("projects", "projectCount"), ("departments", "departmentCount"), ("years", "yearCount")):
            g.add((n, pi[prop], rdflib.Literal(r[key], datatype=XSD.integer)))
        if r["vague_share"] is not None:
            g.add((n, pi.vagueRate, rdflib.Literal(r["vague_share"], datatype=XSD.decimal)))
        if r["typical_targets"]:
            g.add((n, S.scopeNote, rdflib.Literal(f"常见指标值: {r['typical_targets']}", lang="zh")))
    return g


def uses_graph(rows: list[dict]):
    """The uses table as an rdflib graph in the pikg ontology's terms (for JSON-LD and Turtle)."""
    import rdflib
    from rdflib.namespace import DCTERMS, RDFS, XSD

    g = rdflib.Graph()
    pi = rdflib.Namespace(PI)
    fw = rdflib.Namespace(FW)
    g.bind("pi", pi)
    g.bind("fw", fw)
    for r in rows:
        n = rdflib.URIRef(r["use"])
        g.add((n, rdflib.RDF.type, pi.IndicatorUse))
        g.add((n, RDFS.label, rdflib.Literal(r["indicator"], lang="zh")))
        g.add((n, DCTERMS.source, rdflib.Literal(r["doc"])))
        g.add((n, pi.sourceLine, rdflib.Literal(r["line"], datatype=XSD.integer)))
        for key, prop in (("project", "projectName"), ("level1", "level1Label"), ("level2", "level2Label"),
                          ("prev2", "prev2Raw"), ("prev1", "prev1Raw"), ("target", "targetRaw"), ("basis", "basisLabel")):
            if r.get(key):
                g.add((n, pi[prop], rdflib.Literal(r[key])))
        g.add((n, pi.horizon, rdflib.Literal(r["horizon"], lang="zh")))
        if r.get("vague") is not None:
            g.add((n, pi.isVague, rdflib.Literal(bool(r["vague"]))))
        for code in r["reason_codes"].split():
            g.add((n, pi.vaguenessReason, fw[f"vague-{code}"]))
    return g


def output_format(fmt: str | None, path: Path | None) -> str:
    """The format to write: -f, else the output's suffix, else csv; a -f that contradicts the suffix is an error."""
    by_suffix = SUFFIXES.get(path.suffix.lower()) if path else None
    if fmt and by_suffix and fmt != by_suffix:
        raise ValueError(f"{path}: the name ends in {path.suffix} but the format asked for is {fmt}; "
                         f"name the file .{fmt} or drop --format")
    fmt = fmt or by_suffix or "csv"
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: {', '.join(FORMATS)}")
    return fmt


def render(store: GraphStore, what: str, fmt: str) -> str | bytes:
    """The catalogue or the uses table in a format: bytes for xlsx, text for the others."""
    uses = read_uses(store)
    if what == "catalogue":
        rows, columns, title = catalogue_rows(store, uses), CATALOGUE_COLUMNS, "指标库"
    elif what == "uses":
        rows, columns, title = use_rows(store, uses), USE_COLUMNS, "指标使用"
    else:
        raise ValueError(f"unknown export {what!r}: catalogue or uses")
    if fmt == "xlsx":
        buf = io.BytesIO()
        write_xlsx(rows, columns, buf, title)
        return buf.getvalue()
    if fmt == "csv":
        buf = io.StringIO()
        write_csv(rows, columns, buf)
        return buf.getvalue()
    if fmt in ("jsonld", "ttl"):
        g = catalogue_graph(rows) if what == "catalogue" else uses_graph(rows)
        context = {"pi": PI, "fw": FW, "skos": SKOS, "dcterms": "http://purl.org/dc/terms/",
                   "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": "http://www.w3.org/2001/XMLSchema#"}
        return g.serialize(format="json-ld", context=context, auto_compact=True) if fmt == "jsonld" else g.serialize(format="turtle")
    raise ValueError(f"unknown format {fmt!r}: {', '.join(FORMATS)}")


def export(store: GraphStore, what: str, fmt: str | None, path: Path | None, encoding: str = CSV_ENCODING) -> str | None:
    """Write the catalogue or the uses table to `path` (safely, see graph.output.outfile), or return the text when
    no path is given (xlsx needs a path). csv is written with a BOM unless another encoding is asked for."""
    fmt = output_format(fmt, path)
    if fmt == "xlsx" and path is None:
        raise ValueError("an xlsx export needs an output file (-o FILE.xlsx)")
    if path is not None:
        check_output(path)  # before the work, not after it
    data = render(store, what, fmt)
    if path is None:
        return data
    write_output(path, data, encoding if fmt == "csv" else "utf-8")
    return None
