"""Exports: the indicator catalogue (指标库, one row per canonical indicator) and the row-level uses table,
as xlsx (openpyxl), csv, JSON-LD or Turtle."""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from .stores import GraphStore
from .terms import PI, SKOS, sparql_prefixes
from .usetable import Use, read_uses

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
    ("reasons", "模糊原因"), ("line", "行号"), ("use", "IRI"),
]

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
    return "; ".join(f"{k} ({v})" if v > 1 else k for k, v in counter.most_common(n))


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
            "basis": _top(Counter(u.basis_label or "(无)" for u in us), 4),
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
            "doc": u.doc, "year": u.year, "department": u.dept_label, "project": u.project_name or "（部门整体）",
            "horizon": "长期" if u.horizon == "long_term" else "年度", "goal": u.goal_n,
            "level1": u.level1_label, "level2": u.level2_label, "indicator": u.name,
            "prev2": u.prev2.raw, "prev1": u.prev1.raw, "target": u.target.raw,
            "target_number": u.target.number, "target_unit": u.target.unit, "basis": u.basis_label,
            "vague": flags.get(u.iri), "reasons": ", ".join(sorted(reasons.get(u.iri, []))), "line": u.line, "use": u.iri,
        })
    return out


def _width(s: object) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in str(s or ""))


def write_xlsx(rows: list[dict], columns: list[tuple[str, str]], path: Path, title: str) -> None:
    """A sheet with a frozen bold header, filters, widths that fit the content, numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append([f"{zh}\n{key}" for key, zh in columns])
    for c in ws[1]:
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDEBF7")
        c.alignment = Alignment(wrap_text=True, vertical="top")
    for r in rows:
        ws.append([r.get(key) for key, _ in columns])
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    for i, (key, zh) in enumerate(columns, 1):
        longest = max([_width(zh), len(key)] + [_width(r.get(key)) for r in rows[:2000]])
        ws.column_dimensions[get_column_letter(i)].width = max(8, min(60, longest + 2))
    ws.row_dimensions[1].height = 32
    wb.save(path)


def write_csv(rows: list[dict], columns: list[tuple[str, str]], out: io.TextIOBase) -> None:
    w = csv.writer(out)
    w.writerow([key for key, _ in columns])
    for r in rows:
        w.writerow(["" if r.get(k) is None else r.get(k) for k, _ in columns])


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


def export(store: GraphStore, what: str, fmt: str, path: Path | None) -> str | None:
    """Write the catalogue or the uses table. Returns the text for csv/jsonld/ttl when no path is given."""
    uses = read_uses(store)
    if what == "catalogue":
        rows, columns, title = catalogue_rows(store, uses), CATALOGUE_COLUMNS, "指标库"
    elif what == "uses":
        rows, columns, title = use_rows(store, uses), USE_COLUMNS, "指标使用"
    else:
        raise ValueError(f"unknown export {what!r}: catalogue or uses")
    if fmt == "xlsx":
        if path is None:
            raise ValueError("an xlsx export needs an output file (-o FILE.xlsx)")
        tmp = path.with_name(f".{path.name}.tmp")
        write_xlsx(rows, columns, tmp, title)
        tmp.replace(path)
        return None
    if fmt == "csv":
        buf = io.StringIO()
        write_csv(rows, columns, buf)
        text = buf.getvalue()
    elif fmt in ("jsonld", "ttl"):
        if what != "catalogue":
            text = json.dumps(rows, ensure_ascii=False, indent=1) if fmt == "jsonld" else None
            if text is None:
                raise ValueError("the uses table exports as xlsx, csv or jsonld")
        else:
            g = catalogue_graph(rows)
            context = {"pi": PI, "skos": SKOS, "xsd": "http://www.w3.org/2001/XMLSchema#"}
            text = g.serialize(format="json-ld", context=context, auto_compact=True) if fmt == "jsonld" else g.serialize(format="turtle")
    else:
        raise ValueError(f"unknown format {fmt!r}: {', '.join(FORMATS)}")
    if path is None:
        return text
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return None
