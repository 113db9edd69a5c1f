"""`pikg lint`: the vagueness verdict on every target of a document or of a table of targets, for a unit
drafting its targets before submission and for a reviewer.

A table of targets is a csv/tsv/xlsx file whose first row names the columns: 一级指标/level1,
二级指标/level2, 三级指标/name, 指标值/target, and optionally 项目/project, 前年/prev2, 上年/prev1,
指标值确定依据/basis. Anything else is read as a budget document (pdf, xlsx workbook, text conversion).
A table without a basis column is not told that each row lacks a basis (the column is optional).

A bare number (no unit) is a missing unit where the name asks for one — an amount (金额, 资金, 经费 …) or a
cost indicator — unless the name's own measure says the unit: a rate or share (…率, …度, 满意度) reads as a
percentage, so 资金使用合规率：90 passes while 发放补贴金额：100 (元 or 万元?) does not.
"""
from __future__ import annotations

import csv
import io
import json
from collections import OrderedDict
from dataclasses import asdict, dataclass
from pathlib import Path

from extractors.decoding import decode_text
from extractors.errors import InputError, check_input
from extractors.ocr.trust import review_reason
from extractors.read_xlsx import open_workbook
from extractors.sheets import cell_text, column_letters
from extractors.workbook_notices import uncached_formulas
from extractors.values import parse_value

from graph.model.labels import concept_labels, placeholder
from graph.output.outfile import csv_text

COLUMNS = {
    "level1": ("一级指标", "level1", "一级"), "level2": ("二级指标", "level2", "二级"),
    "name": ("三级指标", "name", "指标名称", "三级指标名称"), "target": ("指标值", "target", "目标值", "预计当年实现", "年度指标值"),
    "project": ("项目", "project", "项目名称"), "prev2": ("前年", "prev2"), "prev1": ("上年", "prev1"),
    "basis": ("指标值确定依据", "basis", "确定依据"),
}


@dataclass
class LintRow:
    """One target with its verdict."""

    source: str  # file:line, or file:sheet!cell
    project: str
    level1: str | None
    level2: str | None
    name: str
    target: str | None
    vague: bool
    reasons: list[str]
    findings: list[str]
    advice: str
    ocr_review: bool | None = None  # read from a scan by OCR: True where a reviewer checks it against the page
    ocr_reason: str | None = None  # why (the cells read with low confidence, the mends made)


# a project record's fields as a reviewer reads them (ocr_review_fields)
PROJECT_FIELDS = {"project": "项目名称", "code": "项目编码", "department": "主管部门", "executor": "执行单位",
                  "total_budget": "项目总预算", "year_budget": "项目当年预算", "start_year": "起始年度", "end_year": "终止年度"}


@dataclass
class ProjectReview:
    """A project read from a scan by OCR that a reviewer checks against the page: where, which, the fields
    (in Chinese) and why."""

    source: str
    project: str
    code: str | None
    fields: list[str]
    reason: str


def _role(header: str) -> str | None:
    h = "".join(str(header or "").split()).lower()
    return next((role for role, names in COLUMNS.items() if h in (n.lower() for n in names)), None)


def _table_rows(path: Path, unsaved: dict[tuple[str, str], str], notices: list[str]) -> list[dict] | None:
    """The rows of a table of targets, or None when the file is not one (its first row names no 三级指标 and 指标值).
    A row whose target is a formula without a saved value is not judged: it goes to `notices`."""
    suffix = path.suffix.lower()
    sheet = None
    if suffix == ".xlsx":
        wb = open_workbook(path)
        ws = wb.worksheets[0]
        sheet = ws.title
        grid = [[cell_text(getattr(c, "value", None), getattr(c, "number_format", "General")) for c in row]
                for row in ws.iter_rows()]  # as the cell prints: 0.95 with a percent format is 95%
        where = lambda r: f"{path}:{ws.title}!A{r}"  # noqa: E731
    elif suffix in (".csv", ".tsv"):
        text, _ = decode_text(path.read_bytes(), str(path))  # the extractor's decoding: BOMs, GB18030, damage
        grid = list(csv.reader(io.StringIO(text), delimiter="\t" if suffix == ".tsv" else ","))
        where = lambda r: f"{path}:{r}"  # noqa: E731
    else:
        return None
    if not grid:
        return None
    roles = [_role(h) for h in grid[0]]
    if "name" not in roles or "target" not in roles:
        return None  # a budget document saved as a workbook or as csv/tsv: read as a document
    target_col = column_letters(roles.index("target") + 1)
    out = []
    for k, row in enumerate(grid[1:], start=2):
        rec = {role: (row[i].strip() if i < len(row) else "") for i, role in enumerate(roles) if role}
        if not rec.get("name"):
            continue
        formula = unsaved.get((sheet, f"{target_col}{k}")) if sheet is not None else None
        if formula and not rec.get("target"):
            notices.append(_not_judged(f"{path}:{sheet}!{target_col}{k}", rec["name"], formula))
            continue
        rec["source"] = where(k)
        out.append(rec)
    return out


def _not_judged(where: str, name: str, formula: str) -> str:
    return (f"{where}：{name}：指标值是没有保存计算结果的公式 {formula}，因此不作判断"
            "（请用 Excel 或 LibreOffice 打开工作簿，重新计算并保存后再检查）")


def _where(path: Path, r: dict) -> str:
    """The place of a record a person finds: a sheet's cell, a Word table's row, a page, or a line."""
    if "sheet" in r:
        return f"{path}:{r.get('sheet')}!{r.get('cell')}"
    if "table" in r:
        return f"{path} 表格{r['table']} 第{r.get('row')}行"  # a Word table's row
    if r.get("page"):
        return f"{path} p.{r['page']}"  # the page a reader finds it on, not the row's ordinal
    return f"{path}:{r['line']}"


def project_reviews(path: Path, records: list[dict]) -> list[ProjectReview]:
    """The projects of a document read by OCR that a reviewer checks (flagged ``ocr_low_confidence``)."""
    return [ProjectReview(_where(path, r), r.get("project") or "", r.get("code"),
                          [PROJECT_FIELDS.get(f, f) for f in r.get("ocr_review_fields") or []], review_reason(r) or "")
            for r in records if r["type"] == "project" and r.get("ocr_low_confidence")]


def _document_rows(path: Path, unsaved: dict[tuple[str, str], str], notices: list[str],
                   projects: list[ProjectReview]) -> list[dict]:
    from extractors.engine import extract_document

    records, _ = extract_document(path)
    projects.extend(project_reviews(path, records))
    from openpyxl.utils.cell import coordinate_from_string

    formula_rows = {(sheet, coordinate_from_string(ref)[1]): f for (sheet, ref), f in unsaved.items()}
    out = []
    for r in records:
        if r["type"] != "indicator":
            continue
        if not r.get("target") and "sheet" in r and r.get("cell"):
            formula = formula_rows.get((r["sheet"], coordinate_from_string(str(r["cell"]))[1]))
            if formula:  # its value is a formula the workbook never calculated: not judged
                notices.append(_not_judged(f"{path}:{r['sheet']}!{r['cell']}", r.get("name") or "", formula))
                continue
        out.append({"source": _where(path, r), "project": r.get("project") or placeholder("department-table"), "level1": r.get("level1"),
                    "level2": r.get("level2"), "name": r.get("name") or "", "target": r.get("target"),
                    "prev1": r.get("prev1"), "prev2": r.get("prev2"), "basis": r.get("basis"),
                    "ocr_review": r.get("ocr_low_confidence"), "ocr_reason": review_reason(r)})
    return out


def read_targets(path: Path, notices: list[str] | None = None, projects: list[ProjectReview] | None = None) -> list[dict]:
    """The targets of a file: a table of targets, or every indicator row of a budget document. Rows that
    cannot be judged (a target that is a formula the workbook never calculated) are left out and said in
    `notices`; a document's projects read by OCR that a reviewer checks go to `projects`."""
    if not path.exists():
        raise InputError(str(path), None, "文件或文件夹不存在")
    check_input(path)
    notices = notices if notices is not None else []
    unsaved = uncached_formulas(path) if path.suffix.lower() == ".xlsx" else {}
    rows = _table_rows(path, unsaved, notices)
    if rows is not None:
        return rows
    try:
        return _document_rows(path, unsaved, notices, projects if projects is not None else [])
    except InputError as e:
        if path.suffix.lower() not in (".csv", ".tsv", ".xlsx"):
            raise
        raise InputError(str(path), 1, "既不是目标表（其第一行须列出三级指标 "
                         f"（name）和指标值（target）两列），也不是预算文件（{e.message}）") from e


def lint(rows: list[dict]) -> list[LintRow]:
    """The verdict on each target."""
    from graph.analysis.vagueness import VaguenessClassifier

    clf = VaguenessClassifier()
    out = []
    for r in rows:
        v = parse_value(r.get("target") or None)
        p1 = parse_value(r.get("prev1") or None)
        verdict = clf.classify(r["name"], v.to_dict() if v else None, r.get("basis") or None, True,
                               r.get("level1") or None, r.get("level2") or None, p1.to_dict() if p1 else None)
        findings = verdict.findings if "basis" in r else [f for f in verdict.findings if f != "no-basis"]
        out.append(LintRow(r["source"], r.get("project") or "", r.get("level1") or None, r.get("level2") or None, r["name"],
                           r.get("target") or None, verdict.vague, verdict.reasons, findings, verdict.advice,
                           r.get("ocr_review"), r.get("ocr_reason")))
    return out


def _zh(code: str, scheme: str) -> str:
    return concept_labels().get(f"{scheme}-{code}", code)


HEADERS = ["位置", "项目", "一级指标", "二级指标", "三级指标", "指标值", "结论", "模糊原因", "其他发现", "修改建议", "原因代码"]
# shown where a target was read from a scan by OCR, before the codes
OCR_HEADERS = ["识别置信度低（需人工核对）", "核对原因"]


def _read_by_ocr(results: list[LintRow]) -> bool:
    return any(r.ocr_review is not None for r in results)


def headers(results: list[LintRow]) -> list[str]:
    """The table's Chinese headers: the OCR review columns where a target was read by OCR."""
    return HEADERS[:-1] + OCR_HEADERS + HEADERS[-1:] if _read_by_ocr(results) else HEADERS


def table_rows(results: list[LintRow]) -> list[list[str]]:
    """The results as rows of Chinese cells (codes in the last column; 是/否 and the reason for a reviewer's
    check before them where a target was read by OCR)."""
    ocr = _read_by_ocr(results)
    out = []
    for r in results:
        row = [r.source, r.project, r.level1 or "", r.level2 or "", r.name, r.target or "", "模糊" if r.vague else "可核验",
               "、".join(_zh(c, "vague") for c in r.reasons), "、".join(_zh(c, "finding") for c in r.findings), r.advice]
        if ocr:
            row += ["" if r.ocr_review is None else "是" if r.ocr_review else "否", r.ocr_reason or ""]
        out.append(row + [" ".join(r.reasons)])
    return out


def summary(results: list[LintRow]) -> list[tuple[str, int, int]]:
    """Per project (in order of appearance): targets and vague targets."""
    acc: OrderedDict[str, list[int]] = OrderedDict()
    for r in results:
        a = acc.setdefault(r.project or "（未注明项目）", [0, 0])
        a[0] += 1
        a[1] += r.vague
    return [(p, n, v) for p, (n, v) in acc.items()]


def project_lines(projects: list[ProjectReview]) -> list[str]:
    """The projects read by OCR that a reviewer checks, a line each (in Chinese)."""
    return [f"{p.source}  项目“{p.project}”" + (f"（编码 {p.code}）" if p.code else "")
            + (f"：需核对{'、'.join(p.fields)}" if p.fields else "") + f"；原因：{p.reason}" for p in projects]


def render(results: list[LintRow], fmt: str, projects: list[ProjectReview] | None = None) -> str | bytes:
    """The results as a text table, csv, JSON or an xlsx workbook (bytes); the text table also lists the
    projects read by OCR that a reviewer checks (`projects`)."""
    if fmt == "json":
        return json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=1) + "\n"
    rows = table_rows(results)
    if fmt == "csv":
        return csv_text(headers(results), rows)
    if fmt == "xlsx":
        from graph.output.export import write_xlsx

        cols = [(str(k), h) for k, h in enumerate(headers(results))]
        buf = io.BytesIO()
        write_xlsx([{str(k): v for k, v in enumerate(r)} for r in rows], cols, buf, "指标值检查")
        return buf.getvalue()
    lines = []
    for r in results:
        mark = "✗ 模糊" if r.vague else "✓ 可核验"
        lines.append(f"{r.source}  [{r.level2 or '-'}] {r.name}：{r.target or '（空）'}  {mark}")
        if r.vague:
            lines.append(f"    原因：{'、'.join(_zh(c, 'vague') for c in r.reasons)}；建议：{r.advice}")
        if r.findings:
            lines.append(f"    其他发现：{'、'.join(_zh(c, 'finding') for c in r.findings)}")
        if r.ocr_review:
            lines.append(f"    扫描识别需核对：{r.ocr_reason}")
    if projects:
        lines += ["", "扫描识别需核对的项目："] + [f"  {x}" for x in project_lines(projects)]
    lines.append("")
    lines.append("按项目汇总：")
    for p, n, v in summary(results):
        lines.append(f"  {p}：{n} 个指标值，{v} 个模糊（{v / n:.0%}）")
    total, vague = len(results), sum(r.vague for r in results)
    lines.append(f"合计：{total} 个指标值，{vague} 个模糊" + ("" if vague else "，全部可核验"))
    if _read_by_ocr(results):
        flagged = sum(bool(r.ocr_review) for r in results)
        lines.append(f"扫描件OCR识别：{flagged} 个指标值识别置信度低，需人工核对（上文逐条列出）" if flagged
                     else "扫描件OCR识别：全部指标值识别置信度正常")
    if projects:
        lines.append(f"扫描件OCR识别：{len(projects)} 个项目的名称、编码、单位、预算或年度需人工核对（上文逐条列出）")
    return "\n".join(lines) + "\n"
