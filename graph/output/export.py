"""Exports: the indicator catalogue (指标库, one row per standard indicator, its wording variants merged) and the
row-level uses table, as xlsx (openpyxl), csv, JSON-LD or Turtle."""
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
from graph.model.source import PLACE_PROPERTIES
from graph.model.terms import FW, PI, SKOS, sparql_prefixes
from graph.analysis.usetable import Use, read_uses

FORMATS = ("xlsx", "csv", "jsonld", "ttl")

CATALOGUE_COLUMNS = [
    ("indicator", "标准指标"), ("variants", "名称写法"), ("close_matches", "近似指标"), ("level1", "一级指标"),
    ("level2", "二级指标"), ("measure", "计量方式"), ("direction", "指标方向"), ("explanation", "指标解释"),
    ("uses", "使用次数"), ("projects", "项目数"), ("departments", "部门数"), ("years", "年度数"),
    ("department_names", "部门"), ("project_names", "项目"), ("documents", "文件"),
    ("typical_targets", "常见指标值"), ("ranges", "指标值范围（按单位）"), ("units", "单位"), ("quantitative_share", "定量占比"),
    ("basis", "确定依据"), ("vague_share", "模糊占比"), ("overrides", "人工调整"), ("iri", "IRI"),
]
USE_COLUMNS = [
    ("doc", "文件"), ("year", "年度"), ("department", "部门"), ("project", "项目"), ("horizon", "期限"), ("goal", "目标"),
    ("level1", "一级指标"), ("level2", "二级指标"), ("indicator", "三级指标"), ("standard", "标准指标"), ("prev2", "前年"), ("prev1", "上年"),
    ("target", "指标值"), ("target_number", "数值"), ("target_unit", "单位"), ("basis", "确定依据"), ("vague", "模糊"),
    ("reasons", "模糊原因"), ("reason_codes", "模糊原因代码"), ("horizon_code", "期限代码"), ("line", "行号"), ("use", "IRI"),
]
# rows read from scans by OCR: whether a reviewer checks the row against the page, and why (shown only when the
# graph holds such rows)
OCR_COLUMNS = [("ocr_review", "识别置信度低（需人工核对）"), ("ocr_reason", "核对原因")]
SUFFIXES = {".xlsx": "xlsx", ".csv": "csv", ".jsonld": "jsonld", ".json": "jsonld", ".ttl": "ttl"}

# flags and reasons as two plain reads (an OPTIONAL with a BIND inside took 0.4 s at 1.6M triples, these two
# 0.28 s), the reasons only where a table shows them
VAGUE_FLAGS = sparql_prefixes() + "SELECT ?use ?vague WHERE { ?use a pi:IndicatorUse ; pi:isVague ?vague }"
VAGUE_REASONS = sparql_prefixes() + "SELECT ?use ?r WHERE { ?use pi:vaguenessReason ?r }"
REASON_PREFIX = "/framework/vague-"
CLOSE = sparql_prefixes() + "SELECT ?a ?b WHERE { ?a a pi:Indicator ; skos:closeMatch ?b }"
STANDARD = sparql_prefixes() + """
SELECT ?ind ?std ?label ?measure ?direction WHERE { ?ind pi:standardIndicator ?std . ?std skos:prefLabel ?label ;
  pi:measure ?m ; pi:direction ?d . ?m skos:notation ?measure . ?d skos:notation ?direction }"""
OVERRIDES = sparql_prefixes() + "SELECT ?std ?note WHERE { ?std a pi:StandardIndicator ; pi:overrideNote ?note }"
RESTATES = sparql_prefixes() + "SELECT ?use WHERE { ?use pi:restates ?other }"
MEASURE_ZH = {"share": "比率", "growth": "增长率", "satisfaction": "满意度", "time": "时间", "times": "次数", "count": "数量",
              "persons": "人数", "person-times": "人次", "money": "金额", "area": "面积", "length": "长度", "bandwidth": "带宽", "none": "定性表述"}
DIRECTION_ZH = {"positive": "正向", "negative": "反向"}
FORMULA = {"share": "（达到要求的{o}数 ÷ {o}总数）× 100%", "growth": "（本期{o} − 上期{o}）÷ 上期{o} × 100%",
           "satisfaction": "（表示满意的{o}数 ÷ 调查的{o}总数）× 100%，以问卷或访谈调查",
           "time": "自{o}开始至完成所用的时间（单位：小时、日或工作日）", "times": "年度内{o}的次数（场次）",
           "count": "年度内{o}的数量（按统计口径计数）", "persons": "年度内{o}的人数", "person-times": "年度内{o}的人次",
           "money": "年度内{o}的金额（元或万元）", "area": "{o}的面积", "length": "{o}的长度",
           "bandwidth": "{o}的带宽（Mbps 或 Gbps）",
           "none": "按年初设定的完成标准判断是否达到（应写明可核验的标准）"}
CONCEPT_LABELS = sparql_prefixes() + """
SELECT ?c ?label WHERE { ?c skos:inScheme fw:indicators ; skos:prefLabel ?label . FILTER(LANG(?label) = "zh") }"""


def _vague_flags(store: GraphStore) -> dict[str, bool]:
    """indicator use IRI → whether its target is vague."""
    return {r["use"]: bool(r["vague"]) for r in store.query(VAGUE_FLAGS).dicts()}


def _vague_reasons(store: GraphStore, flags: dict[str, bool]) -> dict[str, list[str]]:
    """indicator use IRI (of those in flags) → its vagueness reason codes (``vague-`` dropped)."""
    reasons: dict[str, list[str]] = defaultdict(list)
    for r in store.query(VAGUE_REASONS).dicts():
        code = r["r"].partition(REASON_PREFIX)[2]
        if r["use"] in flags and code:
            reasons[r["use"]].append(code)
    return reasons


def _mode(counter: Counter) -> str:
    return counter.most_common(1)[0][0] if counter else ""


def _top(counter: Counter, n: int = 3) -> str:
    """The commonest values with how often each is met: ``≥95% (3次); 100% (1次)``."""
    return "；".join(f"{k}（{v}次）" for k, v in counter.most_common(n))



def _standard(store: GraphStore) -> dict[str, dict]:
    """indicator IRI → its standard indicator (iri, label, measure and direction codes)."""
    return {r["ind"]: {"iri": r["std"], "label": r["label"], "measure": r["measure"], "direction": r["direction"]}
            for r in store.query(STANDARD).dicts()}


def _ranges(us: list[Use]) -> str:
    """The targets' numbers per unit: ``%：90–100（12）；次：4–12（3）``."""
    by_unit: dict[str, list] = defaultdict(list)
    for u in us:
        if u.target.number is not None:
            by_unit[u.target.unit or "（无单位）"].append(Decimal(str(u.target.number)))
    def num(d: Decimal) -> str:
        return format(d.normalize(), "f")
    return "；".join(f"{unit}：{num(min(v))}" + (f"–{num(max(v))}" if max(v) != min(v) else "") + f"（{len(v)}）"
                    for unit, v in sorted(by_unit.items(), key=lambda kv: -len(kv[1])))


def explanation(label: str, measure: str, direction: str, unit: str) -> str:
    """A 指标解释 template for a reviewer to complete: what it reflects, how it is computed, its unit and direction."""
    from graph.analysis.standard import parse

    obj = parse(label).object or label
    how = FORMULA.get(measure, FORMULA["none"]).format(o=obj)
    way = "越低越好（上限指标）" if direction == "negative" else "越高越好"
    return f"反映{obj}的{MEASURE_ZH.get(measure, '情况')}。计算方法：{how}。计量单位：{unit or '—'}。指标方向：{way}。"


def catalogue_rows(store: GraphStore, uses: list[Use] | None = None) -> list[dict]:
    """One row per standard indicator in the graph (numbers as numbers); a department-table row that restates
    a project's row (pi:restates) is not counted again."""
    uses = uses if uses is not None else read_uses(store)
    flags = _vague_flags(store)
    concept = {r["c"]: r["label"] for r in store.query(CONCEPT_LABELS).dicts()}
    std = _standard(store)
    notes: dict[str, list[str]] = defaultdict(list)
    for r in store.query(OVERRIDES).dicts():
        notes[r["std"]].append(r["note"])
    restating = {r["use"] for r in store.query(RESTATES).dicts()}
    close: dict[str, set[str]] = defaultdict(set)
    for r in store.query(CLOSE).dicts():
        close[r["a"]].add(r["b"])
    ind_label = {u.indicator: (u.indicator_label or u.name) for u in uses}
    by_std: dict[str, list[Use]] = defaultdict(list)
    members: dict[str, set[str]] = defaultdict(set)
    for u in uses:
        key = std.get(u.indicator, {}).get("iri", u.indicator)
        members[key].add(u.indicator)
        if u.iri not in restating:
            by_std[key].append(u)
    rows = []
    for key, us in by_std.items():
        info = next((std[i] for i in members[key] if i in std), {"label": ind_label.get(key, key), "measure": "none", "direction": "positive"})
        targets = Counter(u.target.raw for u in us if u.target.raw)
        vague = [flags[u.iri] for u in us if u.iri in flags]
        unit = _mode(Counter(u.target.unit for u in us if u.target.unit))
        related = {std.get(c, {}).get("label", ind_label.get(c, c)) for i in members[key] for c in close.get(i, ())}
        rows.append({
            "indicator": info["label"],
            "variants": "; ".join(sorted({u.name for u in us})),
            "close_matches": "; ".join(sorted(related - {info["label"]})),
            "measure": MEASURE_ZH.get(info["measure"], info["measure"]),
            "direction": DIRECTION_ZH.get(info["direction"], info["direction"]),
            "explanation": explanation(info["label"], info["measure"], info["direction"], unit),
            "department_names": "; ".join(sorted({u.dept_label or u.doc for u in us})),
            "project_names": "; ".join(sorted({u.project_name or f"{u.doc}（部门整体）" for u in us})),
            "documents": "; ".join(sorted({u.doc for u in us})),
            "ranges": _ranges(us),
            "overrides": "；".join(sorted(notes.get(key, []))),
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
            "iri": key,
        })
    rows.sort(key=lambda r: (-r["projects"], -r["uses"], r["indicator"]))
    return rows


def use_rows(store: GraphStore, uses: list[Use] | None = None) -> list[dict]:
    """One row per indicator use (table row of a document)."""
    uses = uses if uses is not None else read_uses(store)
    flags = _vague_flags(store)
    reasons = _vague_reasons(store, flags)
    std = _standard(store)
    out = []
    for u in uses:
        out.append({
            "doc": u.doc, "year": u.year, "department": u.dept_label, "project": u.project_name or placeholder("department-table"),
            "horizon": HORIZONS.get(u.horizon, u.horizon), "horizon_code": u.horizon, "goal": u.goal_n,
            "level1": u.level1_label, "level2": u.level2_label, "indicator": u.name,
            "standard": std.get(u.indicator, {}).get("label"),
            "prev2": u.prev2.raw, "prev1": u.prev1.raw, "target": u.target.raw,
            "target_number": u.target.number, "target_unit": u.target.unit, "basis": u.basis_label,
            "vague": flags.get(u.iri), "reasons": reason_labels(sorted(reasons.get(u.iri, []))),
            "reason_codes": " ".join(sorted(reasons.get(u.iri, []))), "line": u.line, "use": u.iri,
            "ocr_review": u.ocr_low, "ocr_reason": u.ocr_note,
        })
    return out


def use_columns(rows: list[dict]) -> list[tuple[str, str]]:
    """The uses table's columns: the OCR review columns before the codes where a row was read by OCR."""
    if not any(r.get("ocr_review") is not None for r in rows):
        return USE_COLUMNS
    at = next(i for i, (key, _) in enumerate(USE_COLUMNS) if key == "reason_codes")
    return USE_COLUMNS[:at] + OCR_COLUMNS + USE_COLUMNS[at:]


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
        ws.append([_yes_no(r.get(key)) for key, _ in columns])
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


def _yes_no(v: object) -> object:
    """A flag as a reader reads it (是/否); other values unchanged."""
    return ("是" if v else "否") if isinstance(v, bool) else v


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
        g.add((n, rdflib.RDF.type, pi.StandardIndicator))
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
        g.add((n, S.definition, rdflib.Literal(r["explanation"], lang="zh")))
    return g


def use_places(store: GraphStore) -> dict[str, dict[str, object]]:
    """{use: {property: value}} of the place properties (graph.model.source.PLACE_PROPERTIES) the store holds,
    read property by property, so that an export writes a use's place as the build wrote it."""
    out: dict[str, dict[str, object]] = defaultdict(dict)
    for prop in PLACE_PROPERTIES:
        for use, value in store.subject_objects(PI + prop).items():
            out[use][prop] = value
    return out


def uses_graph(rows: list[dict], places: dict[str, dict[str, object]] | None = None):
    """The uses table as an rdflib graph in the pikg ontology's terms (for JSON-LD and Turtle), each use with
    its place in its document (`places`, see use_places) when given."""
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
        for prop, value in sorted((places or {}).get(r["use"], {}).items()):
            g.add((n, pi[prop], rdflib.Literal(value, datatype=XSD.integer) if isinstance(value, int) else rdflib.Literal(str(value))))
        for key, prop in (("project", "projectName"), ("level1", "level1Label"), ("level2", "level2Label"),
                          ("prev2", "prev2Raw"), ("prev1", "prev1Raw"), ("target", "targetRaw"), ("basis", "basisLabel")):
            if r.get(key):
                g.add((n, pi[prop], rdflib.Literal(r[key])))
        g.add((n, pi.horizon, rdflib.Literal(r["horizon"], lang="zh")))
        if r.get("vague") is not None:
            g.add((n, pi.isVague, rdflib.Literal(bool(r["vague"]))))
        if r.get("ocr_review") is not None:
            g.add((n, pi.ocrLowConfidence, rdflib.Literal(bool(r["ocr_review"]))))
        if r.get("ocr_reason"):
            g.add((n, pi.ocrReviewNote, rdflib.Literal(r["ocr_reason"], lang="zh")))
        for code in r["reason_codes"].split():
            g.add((n, pi.vaguenessReason, fw[f"vague-{code}"]))
    return g


def output_format(fmt: str | None, path: Path | None) -> str:
    """The format to write: -f, else the output's suffix, else csv; a -f that contradicts the suffix is an error."""
    by_suffix = SUFFIXES.get(path.suffix.lower()) if path else None
    if fmt and by_suffix and fmt != by_suffix:
        raise ValueError(f"{path}：文件名以 {path.suffix} 结尾，但要求的格式是 {fmt}；"
                         f"请把文件命名为 .{fmt}，或去掉 --format")
    fmt = fmt or by_suffix or "csv"
    if fmt not in FORMATS:
        raise ValueError(f"未知的格式 {fmt!r}：可选 {'、'.join(FORMATS)}")
    return fmt


def render(store: GraphStore, what: str, fmt: str) -> str | bytes:
    """The catalogue or the uses table in a format: bytes for xlsx, text for the others."""
    uses = read_uses(store)
    if what == "catalogue":
        rows, columns, title = catalogue_rows(store, uses), CATALOGUE_COLUMNS, "指标库"
    elif what == "uses":
        rows = use_rows(store, uses)
        columns, title = use_columns(rows), "指标使用"
    else:
        raise ValueError(f"未知的导出内容 {what!r}：可选 catalogue 或 uses")
    if fmt == "xlsx":
        buf = io.BytesIO()
        write_xlsx(rows, columns, buf, title)
        return buf.getvalue()
    if fmt == "csv":
        buf = io.StringIO()
        write_csv(rows, columns, buf)
        return buf.getvalue()
    if fmt in ("jsonld", "ttl"):
        g = catalogue_graph(rows) if what == "catalogue" else uses_graph(rows, use_places(store))
        context = {"pi": PI, "fw": FW, "skos": SKOS, "dcterms": "http://purl.org/dc/terms/",
                   "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": "http://www.w3.org/2001/XMLSchema#"}
        return g.serialize(format="json-ld", context=context, auto_compact=True) if fmt == "jsonld" else g.serialize(format="turtle")
    raise ValueError(f"未知的格式 {fmt!r}：可选 {'、'.join(FORMATS)}")


def export(store: GraphStore, what: str, fmt: str | None, path: Path | None, encoding: str = CSV_ENCODING) -> str | None:
    """Write the catalogue or the uses table to `path` (safely, see graph.output.outfile), or return the text when
    no path is given (xlsx needs a path). csv is written with a BOM unless another encoding is asked for."""
    fmt = output_format(fmt, path)
    if fmt == "xlsx" and path is None:
        raise ValueError("xlsx 导出需要输出文件（-o FILE.xlsx）")
    if path is not None:
        check_output(path)  # before the work, not after it
    data = render(store, what, fmt)
    if path is None:
        return data
    write_output(path, data, encoding if fmt == "csv" else "utf-8")
    return None
