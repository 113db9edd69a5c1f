"""Extraction engine: one document → project, goal and indicator records (../shared/docs/records.md)."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from .assemble import assemble
from .columns import HORIZON_TABLE
from .errors import InputError
from .grid import Grid
from .limits import cut_long_fields, short
from .outline import Block, find_blocks, fiscal_year, outline_department, outline_project
from .projects import _UNIT_RE, project_metadata
from .read_markup import read_html, read_markdown, read_tsv
from .readers import Line, read_lines, read_text
from .rows import table_rows
from .values import value_fields




def _doc_unit(lines: list[Line]) -> str | None:
    units = Counter(u for ln in lines for u in _UNIT_RE.findall(ln.text))
    return units.most_common(1)[0][0] if units else None


def _department_name(blocks: list[Block]) -> str | None:
    """The department of the document: 部门（单位）名称 of 表11, else the commonest 主管部门 of its projects."""
    for b in blocks:
        if b.scope != "department":
            continue
        for ln in b.lines:
            m = re.search(r"部门[(（]?单位[)）]?名称(.+)$|^部门名称(.+)$", ln.text)
            if m and not re.search(r"合计|代码|编码", m.group(0)):
                return (m.group(1) or m.group(2)).strip() or None
    return None


def _indicator_records(doc: str, scope: str, project: str | None, block: Block, layout: str, project_line: int | None) -> list[dict]:
    out = []
    for table in block.tables:
        if not table.body:
            continue
        goal = table.goal
        for r in table_rows(table.body, table, layout):
            if isinstance(r["_goal"], int) and not isinstance(r["_goal"], bool) and scope == "project":
                goal = r["_goal"]
            rec = {
                "type": "indicator",
                "doc": doc,
                "scope": scope,
                "project": project,
                "project_line": project_line,
                "horizon": table.horizon,
                "goal": goal,
                "level1": r["level1"],
                "level2": r["level2"],
                "name": r["name"],
                "target": r["target"],
                "prev2": r["prev2"],
                "prev1": r["prev1"],
                "basis": r["basis"],
                "line": r["line"],
                "level1_concept": r["_l1"].level1 if r["_l1"] else None,
                "level2_concept": r["_l2"].level2 if r["_l2"] else None,
                "target_value": value_fields(r["target"]),
                "prev1_value": value_fields(r["prev1"]),
                "prev2_value": value_fields(r["prev2"]),
            }
            if r["_warnings"]:
                rec["notes"] = r["_warnings"]  # how a damaged row was read
            out.append(rec)
    return out



def _read_xlsx(p: Path):
    from .read_xlsx import read
    return read(p)


def _read_pdf(p: Path):
    from .read_pdf import read
    return read(p)


# Formats that carry their table structure: read into a cell grid, then assembled (suffix → reader).
GRID_READERS = {".xlsx": _read_xlsx, ".xlsm": _read_xlsx, ".pdf": _read_pdf}
# Text layouts that mark their cells (layout → reader of text and file name).
MARKUP_READERS = {"html": read_html, "markdown": read_markdown, "tsv": read_tsv}


def extract_grid(grid: Grid, doc: str, layout: str) -> tuple[list[dict], list[str]]:
    """Records and problems of a document already read into a cell grid; `layout` names the reader
    (pdf, xlsx, columns) on the project records, as the text layouts do."""
    records, problems = assemble(grid, doc)
    if not any(r["type"] in ("indicator", "project") for r in records):
        raise InputError(grid.file, None, "no performance-target table (表11 部门整体 or 表12 项目) was found")
    for r in records:
        if r["type"] == "project":
            r["layout"] = layout
    return records, cut_long_fields(records, grid.file) + problems


def _ends_inside_a_table(p: Path, lines: list, blocks: list, records: list[dict]) -> list[str]:
    """A warning when the file ends on a row of its last table and that table lacks the 满意度指标 rows which
    the same project's other table has (or, without one, most of the document's other tables end with): the
    document was probably cut short."""
    last = blocks[-1].tables[-1] if blocks[-1].tables else None
    if last is None or not last.body or last.body[-1].no != lines[-1].no:
        return []
    rows = [r for r in records if r["type"] == "indicator"]
    is_last = [last.title_line <= r["line"] <= last.body[-1].no for r in rows]
    others = {(r.get("project_line"), r["horizon"]) for r, x in zip(rows, is_last) if not x}
    satisfied = {(r.get("project_line"), r["horizon"]) for r, x in zip(rows, is_last) if not x and "满意" in (r.get("level1") or "")}
    if any(x and "满意" in (r.get("level1") or "") for r, x in zip(rows, is_last)) or not others:
        return []
    # the same project's other table (长期 beside 年度) tells best whether this project has 满意度 rows at all
    own = {r.get("project_line") for r, x in zip(rows, is_last) if x}
    siblings = {k for k in others if k[0] in own}
    if siblings and not siblings & satisfied:
        return []
    if not siblings and len(satisfied) < len(others) / 2:
        return []
    return [f"error: {p}:{lines[-1].no}: the file ends inside the {HORIZON_TABLE[last.horizon]} table of line {last.title_line}, "
            "before its 满意度指标 rows, which most other tables have: the document looks cut short"]


def extract_document(path: str | Path, layout: str | None = None) -> tuple[list[dict], list[str]]:
    """Extract every performance-target table of one document. Returns (records, problems).

    Each problem is a message naming the file and line; those starting with "error:" mean the document is
    damaged (a truncated table, a row without a value) though its other records were extracted.
    Raises InputError for a file that cannot be read or holds no performance-target table.
    """
    p = Path(path)
    grid_reader = GRID_READERS.get(p.suffix.lower())
    if grid_reader is not None and layout is None:
        return extract_grid(grid_reader(p), p.stem, "xlsx" if p.suffix.lower() in (".xlsx", ".xlsm") else "pdf")
    lay, text, damaged = read_text(p, layout)
    doc = p.stem
    if lay == "columns":
        from .read_columns import read_text as read_columns

        records, problems = extract_grid(read_columns(text, str(p)), doc, "columns")
        return records, damaged + problems
    if lay in MARKUP_READERS:
        records, problems = extract_grid(MARKUP_READERS[lay](text, str(p)), doc, lay)
        return records, damaged + problems
    if lay == "stream":
        from .read_plain import read_text as read_stream

        records, problems = extract_grid(read_stream(text, str(p)), doc, "stream")
        return records, damaged + problems
    lines = read_lines(text, lay)
    if not lines:
        raise InputError(str(p), None, "the file holds no text")
    blocks = find_blocks(lines)
    if not blocks:
        raise InputError(str(p), None, "no performance-target table (表11 部门整体 or 表12 项目) was found")
    default_unit = _doc_unit(lines)
    records: list[dict] = []
    warnings: list[str] = list(damaged)
    dept_name = _department_name(blocks)
    fy = fiscal_year(lines)
    for b in blocks:
        if b.scope == "department":
            outline_department(b, fy)
            project = None
            project_line = None
        else:
            outline_project(b, fy)
            meta = project_metadata(b.lines, b.name_index, default_unit)
            project = meta["project"]
            project_line = meta["line"]
            records.append({"type": "project", "doc": doc, **meta, "layout": lay})
            if not b.tables:
                warnings.append(f"error: {p}:{meta['line']}: project {project!r} has no 长期/年度绩效目标表 (truncated or damaged)")
        for g in b.goals:
            records.append(
                {"type": "goal", "doc": doc, "scope": b.scope, "project": project, "project_line": project_line, "horizon": g.horizon,
                 "goal": g.goal, "text": g.text, "line": g.line}
            )
        inds = _indicator_records(doc, b.scope, project, b, lay, project_line)
        for t in b.tables:
            last = t.body[-1].no if t.body else t.title_line
            if not any(t.title_line <= r["line"] <= last for r in inds):
                warnings.append(f"error: {p}:{t.title_line}: the {HORIZON_TABLE[t.horizon]} table has no indicator rows (truncated or damaged)")
        for r in inds:
            if r["target"] is None:
                warnings.append(f"error: {p}:{r['line']}: the row {short(r['name'])!r} has no value (truncated or damaged)")
        records.extend(inds)
    warnings += _ends_inside_a_table(p, lines, blocks, records)
    if not dept_name:
        depts = Counter(r["department"] for r in records if r["type"] == "project" and r.get("department"))
        dept_name = depts.most_common(1)[0][0] if depts else None
    for r in records:
        r.setdefault("department_name", dept_name)
    for r in records:
        r.setdefault("fiscal_year", fy)
    return records, warnings + cut_long_fields(records, str(p))
