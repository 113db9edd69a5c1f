"""The review opinion (graph.review.opinion) as a Word document (python-docx, a CJK font set for East Asian
text) or an Excel workbook (openpyxl, widths and wrapped text), as bytes."""
from __future__ import annotations

import io
from datetime import date

from graph.model.labels import HORIZONS
from graph.review.opinion import DocumentOpinion, flag_reason, summary_lines
from graph.review.rows import flag_label

CJK_FONT = "宋体"
LATIN_FONT = "Times New Roman"
COLUMNS = [("文件", 22), ("项目", 22), ("期限", 6), ("目标", 5), ("行号", 6), ("三级指标", 24), ("标准指标", 20),
           ("指标值", 14), ("上年目标", 24), ("原因", 40), ("建议与审核意见", 46), ("审核结论", 9), ("审核说明", 30), ("标记代码", 16)]


def _cells(op: DocumentOpinion, project: str, line) -> list:
    r = line.row
    reason, advice = flag_reason(line)
    return [op.document.id, project, HORIZONS.get(r.horizon, r.horizon), r.goal if r.goal is not None else "", r.line,
            r.name, r.standard, r.target, r.earlier.text if r.earlier else "", reason, advice, line.decision_label, line.comment, line.flag.code]


def opinion_xlsx(ops: list[DocumentOpinion]) -> bytes:
    """Sheets 汇总 (one block per document) and 审核意见 (one row per flag), wrapped, with fixed widths."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    head_font, head_fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    summary = wb.active
    summary.title = "汇总"
    summary.append(["汇总项", "内容"])
    for op in ops:
        for label, value in summary_lines(op):
            summary.append([label, value])
        summary.append([])
    summary.column_dimensions["A"].width, summary.column_dimensions["B"].width = 18, 70
    sheet = wb.create_sheet("审核意见")
    sheet.append([name for name, _ in COLUMNS])
    for op in ops:
        for p in op.projects:
            for line in p.lines:
                sheet.append(_cells(op, p.title, line))
    lost = wb.create_sheet("未匹配的审核意见")
    lost.append(["文件", "项目", "期限", "目标", "三级指标", "标记", "标记代码", "审核结论", "审核说明", "记录时行号", "记录时指标值", "记录时间"])
    for op in ops:
        for d in op.unmatched:
            k = d.key
            lost.append([k.document, k.project or "（部门整体）", HORIZONS.get(k.horizon, k.horizon), k.goal, k.name, flag_label(k.flag), k.flag,
                         d.label, d.comment, d.line, d.target, d.decided_at])
    for ws, widths in ((sheet, [w for _, w in COLUMNS]), (lost, [22, 22, 6, 5, 24, 18, 16, 9, 30, 10, 14, 20]), (summary, None)):
        for c in ws[1]:
            c.font, c.fill, c.alignment = head_font, head_fill, wrap
        for row in ws.iter_rows(min_row=2):
            for c in row:
                c.alignment = wrap
        for i, w in enumerate(widths or [], 1):
            ws.column_dimensions[get_column_letter(i)].width = w
        ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _font(run, size: float | None = None, bold: bool = False) -> None:
    """A run in the Latin font with the CJK font for East Asian text (w:eastAsia)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = LATIN_FONT
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), CJK_FONT)


def _para(doc, text: str, style: str | None = None, size: float | None = None, bold: bool = False):
    p = doc.add_paragraph(style=style)
    _font(p.add_run(text), size, bold)
    return p


def _table(doc, header: list[str], rows: list[list[str]], widths_cm: list[float]) -> None:
    from docx.shared import Cm

    from docx.oxml import OxmlElement

    t = doc.add_table(rows=1, cols=len(header))
    t.style = "Table Grid"
    repeat = OxmlElement("w:tblHeader")  # the header row again at the top of every page the table runs on
    t.rows[0]._tr.get_or_add_trPr().append(repeat)
    for cell, text in zip(t.rows[0].cells, header):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), 9, bold=True)
    for values in rows:
        cells = t.add_row().cells
        for cell, text in zip(cells, values):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(str(text)), 9)
    for row in t.rows:
        for cell, w in zip(row.cells, widths_cm):
            cell.width = Cm(w)


def opinion_docx(ops: list[DocumentOpinion]) -> bytes:
    """Title, then per document its summary and per project a table of the flagged rows with the decisions."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    doc = Document()
    sec = doc.sections[0]
    sec.orientation, sec.page_width, sec.page_height = WD_ORIENT.LANDSCAPE, Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Cm(1.8))
    styles = doc.styles
    _font_style(styles["Normal"])
    title = _para(doc, "预算绩效目标审核意见", size=18, bold=True)
    title.alignment = 1
    _para(doc, f"生成日期：{date.today().isoformat()}（pikg 审核台）", size=10)
    for op in ops:
        _para(doc, f"{op.document.label}（{op.document.id}）", size=14, bold=True)
        _table(doc, ["汇总项", "内容"], [list(x) for x in summary_lines(op)], [4.5, 21.5])
        for p in op.projects:
            _para(doc, p.title, size=12, bold=True)
            rows = []
            for line in p.lines:
                reason, advice = flag_reason(line)
                r = line.row
                rows.append([f"{HORIZONS.get(r.horizon, r.horizon)}{'' if r.goal is None else r.goal}", str(r.line), r.name,
                             r.target, reason, advice, line.decision_label, line.comment])
            _table(doc, ["目标", "行号", "三级指标", "指标值", "原因", "建议与审核意见", "审核结论", "审核说明"], rows,
                   [1.6, 1.2, 3.4, 2.2, 5.4, 6.4, 1.8, 4.0])
        if op.unmatched:
            _para(doc, "未匹配的审核意见（重建知识图谱后找不到对应行或标记）", size=12, bold=True)
            _table(doc, ["项目", "三级指标", "标记", "审核结论", "审核说明", "记录时指标值"],
                   [[d.key.project or "（部门整体）", d.key.name, flag_label(d.key.flag), d.label, d.comment, d.target] for d in op.unmatched],
                   [5, 5, 3.5, 2, 7, 3.5])
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _font_style(style) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style.font.name = LATIN_FONT
    style.font.size = Pt(10.5)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), CJK_FONT)
