"""One assembler: a cell grid → project, goal and indicator records (the record contract).

The grid is read as a stream of rows and text lines. Titles decide the block (表11 department, a 表12
project form, or another budget table, which is skipped); captions and table titles decide horizon and
goal; a header row gives the column roles (columns.py); every row under it with a 三级指标 is an indicator.
Merged cells give their text to every row they span; a label the document leaves out is carried down
from the row above, also across a page break. Nothing here knows the format the grid came from.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from dataclasses import dataclass, field

from .captions import Caption, caption_of, goal_cell_number, horizon_of_cell, horizon_of_head, numbered_goals
from .columns import HORIZON_TABLE, VALUE_ROLES, header_key, is_header_row, is_subheader_row, role_of
from .grid import Cell, Grid, Source, Table, Text
from .limits import short
from .problems import Problem, damaged
from .projects import fields_to_metadata, form_field, is_form_label, is_signature_line
from .realign import realign
from .text import clean_cell, key, unwrap
from .twin_rows import fill_lost_bases, join_name_tails
from .values import comparator_symbol, value_fields, value_score
from .vocab import basis_of, label_of, level1_for_level2

# column heads that follow 项目名称 in a list of projects (表10), never a project's name in its form
_LIST_HEADS = frozenset({"项目单位", "单位名称", "预算单位", "合计", "金额", "预算数", "本年拨款"})
_ROLE_NAMES = {"target": "预计当年实现", "prev1": "上年", "prev2": "前年", "basis": "指标值确定依据"}
_GOAL_LABEL = re.compile(r"^(长期|年度)(?:绩效)?目标(\d*)$")
_DEPT_TITLE = re.compile(r"^(?:表\d+)?.{0,12}部门整体(?:支出)?绩效目标表?$|^表11(?:\D|$)")
_OTHER_TITLE = re.compile(r"^表\d+(?:-\d+)?\D")
_PROJECT_TITLE = re.compile(r"项目(?:支出)?绩效目标表$|项目申报表")
_FISCAL_YEAR = re.compile(r"(20\d\d)年(?:度)?(?:部门|单位)?(?:预算|决算)")
_UNIT = re.compile(r"单位[:：]\s*(万元|元)")
_DEPT_NAME_LABEL = re.compile(r"^部门(?:[(（]单位[)）])?名称[:：]?$")
_DEPT_NAME = re.compile(r"^部门(?:[(（]单位[)）])?名称[:：]?(.+)$")
_HORIZON = {"长期": "long_term", "年度": "annual"}
_SENTENCE_END = re.compile(r"[。；;!！?？]$")


@dataclass
class RowView:
    """One table row as the assembler sees it: the cells that start in it, the cells covering each column,
    its ordinal in the document and its source."""

    starts: list[Cell]
    covering: list[Cell | None]
    ordinal: int
    source: Source | None
    loose: bool = False
    split: bool = False

    @property
    def line(self) -> int:
        """The row's text line where the format has lines, else its ordinal in the grid."""
        return self.source.line if self.source is not None and self.source.line is not None else self.ordinal


@dataclass
class _BlankRun:
    """Rows in a row whose 一级/二级 cells are empty (see Assembler._label_across_page_break)."""

    cell: int  # id of the empty cell read last
    rows: list[int]  # indexes of their records
    pages: set[int]
    carried: bool  # started at the top of a page under a label: the label above goes on


@dataclass
class TableContext:
    """The indicator table being read: column roles and what carries down."""

    roles: dict[int, str] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)
    header: tuple = ()
    header_sigs: list[tuple] = field(default_factory=list)  # every header row's signature (multi-row headers)
    header_ordinal: int = -1  # the ordinal of the header's last row
    horizon: str | None = None
    goal: int | None = None
    carry: dict[str, str] = field(default_factory=dict)
    last: tuple | None = None  # (values, notes, view, record index, its problem, extras, cells by role) of the last row read
    moved_up: dict[int, str] = field(default_factory=dict)  # column → the value printed one row above
    source: Source | None = None  # the table's title (else its header row)
    line: int = 0  # the line of that source (else the header's ordinal)
    rows: list[int] = field(default_factory=list)  # indexes of the indicator records read in this table
    project_line: int | None = None  # the line of the project form the table belongs to
    blank: dict[str, "_BlankRun"] = field(default_factory=dict)  # label role → the empty label cells read last
    last_page: int | None = None  # the page of the last row read
    whole: bool = False  # it prints that it ends here: ruled rows left empty under its header, or a signature row


@dataclass
class State:
    """Where the stream is: the block, the project form, the table and the document facts."""

    doc: str
    fiscal_year: int | None = None
    scope: str | None = None  # department | project | None (another table: skipped)
    unit: str | None = None
    doc_unit: str | None = None
    department_name: str | None = None
    project: dict | None = None
    form: dict[str, str] | None = None
    in_goal_list: bool = False
    overview_cols: dict[int, str] = field(default_factory=dict)
    table: TableContext | None = None
    pending_horizon: str | None = None
    pending_goal: int | None = None
    pending_source: Source | None = None  # where the table title read last stands
    last_table: TableContext | None = None  # the indicator table closed last
    open_goal: dict | None = None  # a goal caption's record whose statement broke off at the line's end
    records: list[dict] = field(default_factory=list)
    goals: dict[tuple, dict] = field(default_factory=dict)
    overview_goals: list[dict] = field(default_factory=list)
    empty_tables: list[tuple] = field(default_factory=list)  # (scope, project line, horizon, source, ends the file)
    flat_projects: dict[tuple, int] = field(default_factory=dict)  # (name, code, executor) → line
    numbered_captions: set[tuple] = field(default_factory=set)  # (scope, project line, horizon) of captions naming a goal
    problems: list[Problem] = field(default_factory=list)

    @property
    def project_name(self) -> str | None:
        """The name of the project whose form was read last."""
        return (self.project or {}).get("name")


def goal_text(s: str) -> str:
    """A goal statement: the cell's lines joined, spaces kept only between Latin words."""
    s = s.replace("\r", "")
    parts = [unwrap(p) for p in s.split("\n") if p.strip()]
    out = ""
    for p in parts:
        if out and re.match(r"[A-Za-z0-9]", out[-1]) and re.match(r"[A-Za-z0-9]", p[0]):
            out += " "
        out += p
    return out


def row_views(table: Table, first_ordinal: int) -> list[RowView]:
    """The rows of a table with their covering cells."""
    matrix = table.anchors()
    views = []
    by_row: dict[int, list[Cell]] = {}
    for c in table.cells:
        by_row.setdefault(c.row, []).append(c)
    for r in range(table.n_rows):
        starts = sorted(by_row.get(r, []), key=lambda c: c.col)
        views.append(RowView(starts, matrix[r], first_ordinal + r, table.row_source(r), table.loose, table.split))
    return views


def _texts(view: RowView) -> list[str]:
    return [c.text for c in view.starts if c.text.strip()]


_TITLE_YEAR = re.compile(r"(20\d\d)年?度?[^\d]{0,12}?(?:绩效目标|申报表)")
_LONE_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def fiscal_year(grid: Grid) -> int | None:
    """The budget year: the first "2026年部门预算" in the grid's text (spaces of a spaced-out cover removed);
    else a title with its year ("2026 区直部门整体支出绩效目标申报表"); else the one year that the file name
    or the sheet names hold (a workbook exported without its cover: 教育局2026年项目绩效目标.xlsx)."""
    texts = []
    for item in grid.items[:200]:
        texts.extend([item.text] if isinstance(item, Text) else [c.text for c in item.cells])
    for pattern in (_FISCAL_YEAR, _TITLE_YEAR):
        for t in texts:
            m = pattern.search(key(t))
            if m:
                return int(m.group(1))
    sheets = {c.source.sheet for item in grid.items if isinstance(item, Table) for c in item.cells[:1]
              if c.source is not None and c.source.sheet}
    for names in ([Path(grid.file).stem], sorted(sheets)):
        years = {int(y) for n in names for y in _LONE_YEAR.findall(n)}
        if len(years) == 1:
            return years.pop()
    return None


def year_of_every_project(records: list[dict]) -> int | None:
    """The budget year when nothing names it: the one year inside every project's 起始年度–终止年度 (a
    budget's projects all run in its year); None when the periods leave more than one year, or none."""
    periods = [(r["start_year"], r["end_year"]) for r in records
               if r["type"] == "project" and isinstance(r.get("start_year"), int) and isinstance(r.get("end_year"), int)
               and 2000 <= r["start_year"] <= r["end_year"] <= 2100]  # a damaged period (2023–7) says nothing
    if not periods:
        return None
    lo, hi = max(a for a, _ in periods), min(b for _, b in periods)
    return lo if lo == hi else None


def commonest_department(records: list[dict]) -> str | None:
    """The department of a document that does not name it in 表11: the commonest 主管部门 of its projects."""
    depts = Counter(r["department"] for r in records if r["type"] == "project" and r.get("department"))
    return depts.most_common(1)[0][0] if depts else None


def _where(src: Source | None, doc: str) -> str:
    return src.where() if src else doc


_HEADER_HORIZON = re.compile(r"^(年度|长期|中长期)")


def _header_horizon(starts: list[Cell], roles: dict[int, str]) -> str | None:
    """The horizon a header names in its goal or value column ("年度指标值", "长期绩效目标"), for a table no
    title or caption placed (a flat export); None when it names none or both."""
    named = {_HORIZON["长期" if m.group(1) == "中长期" else m.group(1)]
             for c in starts if roles.get(c.col) in ("target", "goal") and (m := _HEADER_HORIZON.match(key(c.text)))}
    return named.pop() if len(named) == 1 else None


def _place(src: Source | None) -> dict:
    """The record fields that say where a row or line was read (records.md, Provenance)."""
    if src is None:
        return {}
    out: dict = {"source": src.where()}
    if src.page is not None:
        out["page"] = src.page
    if src.sheet is not None:
        out["sheet"] = src.sheet
        out["cell"] = src.ref
    if src.table is not None:
        out["table"] = src.table
        out["row"] = src.row
    if src.paragraph is not None:
        out["paragraph"] = src.paragraph
    return out


def _box(bbox: tuple[float, float, float, float]) -> list[float]:
    return [round(v, 1) for v in bbox]


def _cells_place(row: Source | None, cells: dict[str, Cell]) -> dict:
    """An indicator row's own boxes or cells beside its place: PDF (and scans) ``boxes`` {row, name,
    target} in points from the page's top-left; a workbook's or CSV's ``cells`` {name, target} ("C7");
    Word's ``cells`` {name, target} as 1-based column numbers. A name or target joined from a cell cut by
    a page break keeps the box of its first part (the reader keeps the first part's cell)."""
    own = {role: c.source for role in ("name", "target") if (c := cells.get(role)) is not None and c.source is not None}
    out: dict = {}
    if row is not None and row.bbox is not None:
        boxes = {"row": _box(row.bbox)}
        boxes.update({role: _box(s.bbox) for role, s in own.items() if s.bbox is not None and s.page == row.page})
        out["boxes"] = boxes
    refs = {role: s.ref for role, s in own.items() if s.ref is not None}
    if refs:
        out["cells"] = refs
    columns = {role: s.column for role, s in own.items() if s.column is not None}
    if columns:
        out["cells"] = columns
    return out


class Assembler:
    """Reads a grid's items in order and collects records and problems."""

    def __init__(self, grid: Grid, doc: str) -> None:
        self.grid = grid
        self.st = State(doc, fiscal_year(grid))
        self._text_after: TableContext | None = None  # the table a line of text was printed after (see _empty_tables)

    # ---- text lines: titles, captions, form lines -------------------------------------------------
    def on_text(self, text: str, src: Source | None, ordinal: int) -> bool:
        """Handle a line of text (or a one-cell row). Returns True when it was a title or caption."""
        st = self.st
        k = key(text)
        if not k:
            return False
        self._note_unit(k)
        if self._goal_text_goes_on(text, k, src):
            return True
        if _is_caption(k):
            self._on_caption(caption_of(k), text, src, ordinal)
            return True
        if _DEPT_TITLE.match(k) and len(k) <= 30:
            self._end_project()
            st.scope = "department"
            self._close_table()
            st.unit = None
            st.pending_horizon = st.pending_goal = None
            return True
        if _OTHER_TITLE.match(k) and len(k) <= 40:
            self._end_project()
            self._close_table()
            st.scope = "project_pending" if _PROJECT_TITLE.search(k) else None
            st.unit = None
            st.pending_horizon = st.pending_goal = None
            return True
        if _PROJECT_TITLE.search(k) and len(k) <= 30:
            self._close_table()
            return True
        m = _DEPT_NAME.match(k)
        if m and st.scope == "department" and not st.department_name:
            st.department_name = m.group(1)
        return False

    def _on_caption(self, cap: Caption, text: str, src: Source | None, ordinal: int) -> None:
        """A caption: the tables after it serve its horizon and goal (a number it leaves out is decided
        when the block ends); one that prints a goal statement (长期绩效目标2：…) is that goal too."""
        st = self.st
        horizon = cap.horizon or (st.table.horizon if st.table else None) or st.pending_horizon
        if cap.goal is not None and horizon is not None:
            scope = "project" if st.scope == "project" else "department"
            st.numbered_captions.add((scope, (st.project or {}).get("line") if scope == "project" else None, horizon))
        if cap.text is not None and horizon is not None:
            if st.scope is None:
                st.scope = "department"
            scope = "project" if st.scope == "project" else "department"
            body = goal_text(re.sub(r"^.*?[:：]\s*", "", text.strip(), count=1, flags=re.S))
            rec = self._add_goal(scope, st.project_name if scope == "project" else None, horizon, cap.goal or 1, body, src, ordinal)
            st.open_goal = rec if rec is not None and body and not _SENTENCE_END.search(body) else None
            if st.table and st.table.horizon == horizon and st.table.goal == cap.goal:
                return  # the caption repeated at the top of a page: the table goes on
        else:
            st.pending_source = src
        self._close_table()
        self._close_form()
        st.pending_horizon, st.pending_goal = horizon, cap.goal

    def _goal_text_goes_on(self, text: str, k: str, src: Source | None = None) -> bool:
        """A line right after a goal caption whose statement broke off mid-sentence: the rest of it (on the
        same page: a line of the next page is its running head, not the statement)."""
        st = self.st
        rec = st.open_goal
        if rec is None:
            return False
        if src is not None and src.page is not None and rec.get("page") is not None and src.page != rec["page"]:
            st.open_goal = None
            return False
        if caption_of(k) or _DEPT_TITLE.match(k) or _OTHER_TITLE.match(k) or _UNIT.search(k) or is_form_label(k.split("：")[0]):
            st.open_goal = None
            return False
        rec["text"] += goal_text(text)
        if _SENTENCE_END.search(rec["text"]):
            st.open_goal = None
        return True

    # ---- rows ------------------------------------------------------------------------------------
    def on_row(self, view: RowView) -> None:
        st = self.st
        if view.split:
            view = _header_pieces_joined(view, st.fiscal_year)
        texts = _texts(view)
        if not texts:
            if st.table is not None and st.table.roles and not view.loose:
                st.table.whole = True  # a ruled row left empty: the table's own, not a file cut after its header
            return
        if len(view.starts) and len(texts) == 1 and self._caption_like(view):
            if self.on_text(texts[0], view.source, view.ordinal):
                return
        if len(texts) > 1 and _is_caption_label(key(texts[0])) and self.on_text(" ".join(texts), view.source, view.ordinal):
            return  # a goal caption whose label and text stand in two cells ("长期目标 1: | 编外人员队伍稳定履职")
        st.open_goal = None  # a goal caption printed as a table's first row ends in its cell: no later line goes on with it
        for t in texts:
            self._note_unit(key(t))
        if st.scope == "department" and not st.department_name and len(texts) > 1 and _DEPT_NAME_LABEL.match(key(texts[0])):
            st.department_name = clean_cell(texts[1]) or None
        if self._form_start(view):
            return
        if is_header_row(texts):
            self._header(view)
            return
        if st.table and st.table.roles and (is_subheader_row(texts, st.fiscal_year) or self._moved_subheader(texts)):
            self._subheader(view)
            return
        if st.table and st.table.roles:
            self._indicator(view)
            return
        if st.scope in ("department", "project") and (self._goal_heads(view) or self._overview_row(view)):
            return
        if st.form is not None:
            self._form_row(view)

    def _note_unit(self, k: str) -> None:
        """A "单位：万元" anywhere sets the money unit of what follows."""
        m = _UNIT.search(k)
        if m:
            self.st.unit = m.group(1)
            self.st.doc_unit = self.st.doc_unit or m.group(1)

    def _caption_like(self, view: RowView) -> bool:
        c = next(c for c in view.starts if c.text.strip())
        k = key(c.text)
        if _is_caption(k) or _DEPT_TITLE.match(k) or _OTHER_TITLE.match(k):
            return True
        n_cols = len(view.covering)
        return n_cols > 2 and c.colspan * 2 > n_cols

    # ---- project forms ---------------------------------------------------------------------------
    def _form_start(self, view: RowView) -> bool:
        st = self.st
        cells = [c for c in view.starts if c.text.strip()]
        for i, c in enumerate(cells):
            if key(c.text).rstrip(":：") == "项目名称":  # 项目名称 or 项目名称：
                nxt = cells[i + 1] if i + 1 < len(cells) else None
                if nxt is None or is_form_label(key(nxt.text)) or role_of(nxt.text) or key(nxt.text) in _LIST_HEADS:
                    return False  # a column header (表10 项目支出情况表), not a form
                self._end_project()
                st.scope = "project"
                self._close_table()
                st.form = {}
                st.in_goal_list = False
                st.overview_cols = {}
                st.pending_horizon = st.pending_goal = None  # a caption of the block before places nothing here
                st.project = {"line": view.line, "_src": view.source, "unit": st.unit}
                self._form_row(view)
                return True
        return False

    def _form_row(self, view: RowView) -> None:
        st = self.st
        assert st.form is not None
        pending = None
        cells = view.starts
        for i, c in enumerate(cells):
            k = key(c.text)
            if not k and pending is None:
                continue
            if k == "项目绩效总目标":
                st.in_goal_list = True
                pending = None
                continue
            m = _GOAL_LABEL.match(k)
            if st.in_goal_list and m:
                rest = [x for x in cells[i + 1:] if x.text.strip()]
                text = goal_text(rest[0].text) if rest else ""
                horizon, goal = _HORIZON[m.group(1)], int(m.group(2) or 1)
                self._relabel_twin_goal(horizon, goal)
                self._add_goal("project", st.project_name, horizon, goal, text, view.source, view.ordinal)
                return
            if is_form_label(k) or form_field(k):
                if pending and pending not in st.form:
                    st.form[pending] = ""
                pending = k.rstrip(":：")  # a label printed with its colon (项目名称：) is the label
                continue
            if pending is not None:
                st.form.setdefault(pending, c.text.strip())
                if pending == "项目名称" and st.project is not None:
                    st.project["name"] = clean_cell(c.text) or None
                pending = None

    def _relabel_twin_goal(self, horizon: str, goal: int) -> None:
        """A goal list that names one horizon twice ("年度绩效目标" on both rows) while the other is missing:
        the form lists the long-term goal first, so the first of the two is the long-term one."""
        st = self.st
        line = (st.project or {}).get("line")
        ident = ("project", st.project_name, line, horizon, goal)
        other = "long_term" if horizon == "annual" else "annual"
        twin = ("project", st.project_name, line, other, goal)
        if ident in st.goals and twin not in st.goals and horizon == "annual":
            rec = st.goals.pop(ident)
            rec["horizon"] = other
            st.goals[twin] = rec

    def _close_form(self) -> None:
        """The form ends (a table or its title follows): its project record is written."""
        if self.st.form is not None:
            self._emit_project()
            self.st.form = None

    def _end_project(self) -> None:
        """The project's block ends (a title or another form follows, or the grid ends): a project whose
        form was read with no indicator table after it is reported."""
        self._close_form()
        st = self.st
        p = st.project
        if p is not None and p.get("emitted") and not p.get("tables"):
            st.problems.append(damaged("project-without-table", _where(p['_src'], st.doc),
                                       f"项目“{p.get('name')}”没有长期/年度绩效目标表（文件被截断或已损坏）"))
        st.project = None

    def _emit_project(self) -> None:
        st = self.st
        p = st.project
        if p is None or p.get("emitted"):
            return
        meta = fields_to_metadata(st.form or {}, p.get("unit") or st.unit or st.doc_unit)
        rec = {"type": "project", "doc": st.doc, **meta, "line": p["line"], **_place(p["_src"])}
        st.records.append(rec)
        p["emitted"] = True

    # ---- goals -----------------------------------------------------------------------------------
    def _add_goal(self, scope: str, project: str | None, horizon: str, goal: int, text: str, src: Source | None, ordinal: int,
                  project_line: int | None = None) -> dict | None:
        """A goal record, unless the same goal was read before (then None); the project is the form read
        last unless its line is given (a flat export's)."""
        st = self.st
        if project_line is None:
            project_line = (st.project or {}).get("line") if scope == "project" else None
        ident = (scope, project, project_line, horizon, goal)
        if ident in st.goals:
            return None
        rec = {"type": "goal", "doc": st.doc, "scope": scope, "project": project, "project_line": project_line,
               "horizon": horizon, "goal": goal, "text": text, "line": src.line if src is not None and src.line is not None else ordinal, **_place(src)}
        st.goals[ident] = rec
        st.records.append(rec)
        return rec

    def _goal_heads(self, view: RowView) -> bool:
        """A row of goal column heads of both horizons (长期目标 | 年度目标, 中长期目标 | 年度绩效目标): the goal
        statements stand in the cells under them, in 表11 and in a project's form alike."""
        heads: dict[int, str] = {}
        for c in view.starts:
            h = horizon_of_head(header_key(c.text)) if c.text.strip() else None
            if h:
                heads.update({k: h for k in range(c.col, c.col + c.colspan)})
        if len(set(heads.values())) < 2:
            return False
        self.st.overview_cols = heads
        return True

    def _overview_row(self, view: RowView) -> bool:
        """A row under goal heads (see _goal_heads): "目标 N：…" cells (the text in the same cell or in the
        next one), one cell listing every goal ("目标1：…；目标2：…"), or a cell that is the horizon's single
        goal. Returns True when the row held goals."""
        st = self.st
        if not st.overview_cols or st.scope not in ("department", "project"):
            return False
        order = [h for k, h in sorted(st.overview_cols.items()) if st.overview_cols.get(k - 1) != h]  # the heads left to right
        cells = [c for c in view.starts if c.text.strip()]
        found = _numbered_goal_cells(cells)
        whole = not found
        if found and (not view.loose or len(cells) == len(order)):  # a head whose cell lists no numbered goals: its single goal
            used = {id(c) for c, _, _ in found} | {id(c) for c in cells if goal_text(c.text) in {t for _, _, t in found}}
            listed_heads = {self._head_over(c, True) for c, _, _ in found}
            for c in cells:
                h = self._head_over(c)
                if id(c) not in used and h is not None and h not in listed_heads and not numbered_goals(c.text):
                    listed_heads.add(h)
                    found.append((c, 1, goal_text(c.text)))
        if whole:
            by_head: dict[str, tuple[Cell, int, str]] = {}
            for c in cells:
                h = self._head_over(c)
                if h is not None and h not in by_head:
                    by_head[h] = (c, 1, goal_text(c.text))
            found = list(by_head.values())
        by_order = view.loose and len(found) == len(order)  # cells out of place: the k-th goal is the k-th head's
        placed = [(order[k] if by_order else self._head_over(c, not whole), c, goal, text) for k, (c, goal, text) in enumerate(found)]
        if whole:
            st.overview_cols = {}  # a horizon's single goal: the goal rows end
        listed = {id(c) for _, c, _, _ in placed if sum(x is c for _, x, _, _ in placed) > 1}
        for horizon, c, goal, text in placed:
            if horizon is None:
                continue
            if st.scope == "project":
                rec = self._add_goal("project", st.project_name, horizon, goal, text, view.source, view.ordinal)
            else:
                rec = {"type": "goal", "doc": st.doc, "scope": "department", "project": None, "project_line": None, "horizon": horizon,
                       "goal": goal, "text": text, "line": view.line, **_place(view.source)}
                st.overview_goals.append(rec)
            if rec is not None and id(c) in listed:
                rec["_list"] = goal_text(c.text)  # one of the goals a cell lists (see _lists_over_unnumbered_tables)
        return bool(found)

    def _head_over(self, c: Cell, or_first: bool = False) -> str | None:
        """The horizon of the goal head over a cell (the nearest head at or left of its column); a cell left
        of every head gets the first head's when ``or_first`` (a "目标 N：" label printed before the heads)."""
        heads = self.st.overview_cols
        if not heads:
            return None
        first = heads[min(heads)] if or_first else None
        return next((heads[j] for j in sorted(heads, reverse=True) if j <= c.col), first)

    # ---- indicator tables ------------------------------------------------------------------------
    def _header(self, view: RowView) -> None:
        st = self.st
        self._close_form()
        roles: dict[int, str] = {}
        notes: dict[int, str] = {}
        for c in view.starts:
            role = role_of(c.text, st.fiscal_year)
            words = c.text.split()
            if role is None and len(words) > 1 and all(label_of(w) for w in words[1:]):
                role = role_of(words[0], st.fiscal_year)  # "一级指标 效益指标": a label of the rows leaked into the header
            for k in range(c.col, c.col + c.colspan):
                if role:
                    if role not in roles.values() or k == c.col:
                        roles.setdefault(k, role)
                elif c.text.strip():
                    notes[k] = clean_cell(c.text)
        st.overview_cols = {}
        signature = tuple((c.col, c.colspan, key(c.text)) for c in view.starts)
        old = st.table
        if old and (old.header == signature or (old.last is not None and signature in old.header_sigs)):
            return  # a header (or one of its rows) repeated at the top of a page: the table goes on
        if old and old.last is None and old.header_ordinal == view.ordinal - 1 and old.roles:
            _merge_header_row(old, view.starts, roles, notes, signature)
            return
        ctx = TableContext(roles, notes, signature, [signature], view.ordinal, project_line=(st.project or {}).get("line"))
        if st.project is not None:
            st.project["tables"] = st.project.get("tables", 0) + 1
        ctx.source = st.pending_source or view.source
        ctx.line = ctx.source.line if ctx.source is not None and ctx.source.line is not None else view.line
        st.pending_source = None
        ctx.horizon = st.pending_horizon or _header_horizon(view.starts, roles)
        ctx.goal = st.pending_goal
        self._close_table()
        last = st.last_table
        if last is not None and last.header_sigs[:1] == [signature] and (last.horizon, last.goal, last.project_line) == (ctx.horizon, ctx.goal, ctx.project_line):
            ctx.carry = dict(last.carry)  # the same caption and header again after a page break: labels go on
        st.table = ctx

    def _subheader(self, view: RowView) -> None:
        st = self.st
        ctx = st.table
        assert ctx is not None
        if view.loose and self._loose_subheader(view):
            return
        for c in view.starts:
            role = role_of(c.text, st.fiscal_year)
            if role:
                for k, v in list(ctx.roles.items()):
                    if v == role and k != c.col:
                        del ctx.roles[k]
                ctx.roles[c.col] = role
                ctx.notes.pop(c.col, None)
            elif value_score(c.text) >= 1 and "target" not in ctx.roles.values():
                # a value where 预计当年实现 should stand: the converter moved that column up one row
                ctx.roles[c.col] = "target"
                ctx.notes.pop(c.col, None)
                ctx.moved_up[c.col] = c.text

    def _loose_subheader(self, view: RowView) -> bool:
        """前年 | 上年 | 预计当年实现 printed from the row's first column (a converter that keeps no places):
        they replace the header's 指标值 column, and the columns after it move right."""
        ctx = self.st.table
        assert ctx is not None
        cells = [c for c in view.starts if c.text.strip()]
        if not any(ctx.roles.get(c.col) in ("goal", "level1", "level2", "name") for c in cells):
            return False  # the cells stand under the value columns: read them in place
        value_cols = sorted(k for k, v in ctx.roles.items() if v in VALUE_ROLES)
        if not value_cols:
            return False
        first = value_cols[0]
        shift = len(cells) - len(value_cols)
        roles = {(k + shift if k > first else k): v for k, v in ctx.roles.items() if v not in VALUE_ROLES}
        ctx.notes = {(k + shift if k > first else k): v for k, v in ctx.notes.items()}
        for i, c in enumerate(cells):
            role = role_of(c.text, self.st.fiscal_year)
            if role is None:  # a value where 预计当年实现 should stand (see _subheader)
                role = "target"
                ctx.moved_up[first + i] = c.text
            roles[first + i] = role
        ctx.roles = roles
        return True

    def _moved_subheader(self, texts: list[str]) -> bool:
        """The 前年 | 上年 row under 指标值, with a value in the third place (see _subheader)."""
        st = self.st
        if st.table is None or st.table.last is not None:
            return False
        roles = [role_of(t, st.fiscal_year) for t in texts]
        if not any(r in ("prev2", "prev1") for r in roles):
            return False
        return all(r in ("prev2", "prev1") or value_score(t) >= 1 for r, t in zip(roles, texts))

    def _row_values(self, view: RowView) -> tuple[dict[str, str], dict[str, Cell], dict[str, str]]:
        """A row's text by role, its cell by role, and its extras: {printed header: text} of the columns
        no role names (指标解释, 评分标准, 备注, 权重 …), which never shift into a role."""
        ctx = self.st.table
        assert ctx is not None
        values: dict[str, str] = {}
        cells: dict[str, Cell] = {}
        extras: dict[str, str] = {}
        seen: set[int] = set()
        for col, cell in enumerate(view.covering):
            if cell is None or id(cell) in seen:
                continue
            seen.add(id(cell))
            span = range(cell.col, cell.col + cell.colspan)
            roles = [ctx.roles[k] for k in span if k in ctx.roles]
            if not roles:
                if "basis" not in ctx.roles.values() and "basis" not in values and basis_of(cell.text):
                    # a column the header does not name as 指标值确定依据 (绩效标准) holding basis types
                    values["basis"], cells["basis"] = cell.text, cell
                    continue
                note = next((ctx.notes[k] for k in span if k in ctx.notes), None)
                if note and cell.text.strip() and cell.row == view.covering[col].row:
                    extras.setdefault(note, goal_text(cell.text))
                continue
            role = "target" if "target" in roles else roles[0]
            if role in values and not _better_value(cell.text, values[role]):
                continue  # two columns the header names alike (指标值 twice): the cell that holds the value decides
            values[role] = cell.text
            cells[role] = cell
        return values, cells, extras

    def _indicator(self, view: RowView) -> None:
        st = self.st
        ctx = st.table
        assert ctx is not None
        if view.loose:
            if self._tail_of_last_row(view):
                return
            view = self._realigned(view)
        values, cells, extras = self._row_values(view)
        notes: list[str] = []
        name_cell = cells.get("name")
        if _signature_row(view):
            ctx.whole = True
            return
        if name_cell is None or not name_cell.text.strip():
            return
        if view.starts and name_cell not in view.starts:
            return  # the name cell is merged down from the row above: not a row of its own
        for role in ("goal", "level1", "level2"):
            t = values.get(role, "")
            if t.strip():
                ctx.carry[role] = t
            elif role in ctx.carry:
                values[role] = ctx.carry[role]
        for col, above in list(ctx.moved_up.items()):
            role = ctx.roles[col]
            ctx.moved_up[col] = values.get(role, "")
            values[role] = above
            notes = [*notes, f"{_ROLE_NAMES.get(role, role)}一列错上一行印出：取上一行的“{clean_cell(above)}”"]
        caption = _trailing_caption(values["name"])
        if caption is not None:
            values["name"] = values["name"].rsplit("\n", 1)[0]
        self._emit_indicator(values, notes, view, extras=extras, cells=cells)
        self._label_across_page_break(view, cells)
        if caption is not None:  # the next table's caption, which the reader joined to this row's name
            self._on_caption(caption_of(key(caption)), caption, view.source, view.ordinal)

    def _label_across_page_break(self, view: RowView, cells: dict[str, Cell]) -> None:
        """A merged goal, 一级 or 二级 cell cut by page breaks whose text is printed in a part on a later page (centred
        in the whole cell): the rows of its empty parts before take the label that starts the first row
        after them, instead of the label carried from above. An empty part that starts at the top of a
        page under a label of the page before goes on that label's cell: carried as before, unless (一级)
        the label after is the one the framework files its rows' 二级 labels under (see _files_under)."""
        st = self.st
        ctx = st.table
        page = view.source.page if view.source is not None else None
        if ctx is None or page is None or not ctx.rows:
            return
        at = ctx.rows[-1]
        before = ctx.rows[-2] if len(ctx.rows) > 1 else None
        top_of_page = ctx.last_page is not None and ctx.last_page != page
        ctx.last_page = page
        for role in ("goal", "level1", "level2"):
            c = cells.get(role)
            if c is None:
                continue
            run = ctx.blank.get(role)
            if not c.text.strip():
                # the same empty cell, or its part after a page break, or the next row's own empty cell; an
                # empty merged cell that starts on a page the run already holds is a cell of its own
                if run is not None and (run.cell == id(c) or (run.rows[-1] == before and (page not in run.pages or c.rowspan == 1))):
                    run.cell = id(c)
                    run.rows.append(at)
                    run.pages.add(page)
                else:
                    ctx.blank[role] = _BlankRun(id(c), [at], {page}, top_of_page and role in ctx.carry)
                continue
            ctx.blank.pop(role, None)
            if run is None or page in run.pages or c not in view.starts or run.rows[-1] != before:
                continue
            if run.carried and not (role == "level1" and self._files_under(run.rows, c.text)):
                continue
            if role == "goal":
                self._goal_across_page_break(run.rows, c.text)
                continue
            label = clean_cell(c.text)
            concept = label_of(c.text)
            for i in run.rows:
                st.records[i][role] = label
                st.records[i][role + "_concept"] = getattr(concept, role) if concept else None

    def _files_under(self, rows: list[int], text: str) -> bool:
        """Whether the framework files every one of these rows' 二级 labels under this 一级 label (数量指标
        under 产出指标): an empty 一级 part carried from a label above belongs to this one instead when the
        label above is not theirs (满意度指标 over 数量指标 rows)."""
        concept = label_of(text)
        parent = concept.level1 if concept else None
        return parent is not None and all(
            level1_for_level2(self.st.records[i].get("level2_concept")) == parent != self.st.records[i].get("level1_concept")
            for i in rows)

    def _goal_across_page_break(self, rows: list[int], text: str) -> None:
        """The goal cell printed in the part of a merged goal cell after a page break ("10.保障运行"): the
        rows of its empty part before serve the goal it numbers, unless a caption or 目标序号 decides."""
        ctx = self.st.table
        n, _ = goal_cell_number(text)
        if not n or ctx is None or ctx.goal is not None or "goal_no" in ctx.roles.values():
            return  # a caption's or a 目标序号 column's goal comes first
        for i in rows:
            rec = self.st.records[i]
            rec["goal"] = n  # also over a goal carried from the table before: this cell is the rows' own
            rec.pop("_table", None)

    def _tail_line(self, item: Text, ordinal: int) -> bool:
        """A line of one cell right after a loose table (a single cell prints without tabs or pipes):
        the tail of the table's last row when it reads as one."""
        ctx = self.st.table
        if ctx is None or ctx.last is None:
            return False
        name_col = next((k for k, v in ctx.roles.items() if v == "name"), None)
        if name_col is None:
            return False
        cell = Cell(item.text, 0, name_col, source=item.source)
        view = RowView([cell], [None] * name_col + [cell], ordinal, item.source, True)
        return self._tail_of_last_row(view)

    def _realigned(self, view: RowView) -> RowView:
        """A loose row's cells placed by content on the header's columns (realign.py)."""
        ctx = self.st.table
        assert ctx is not None
        width = max([len(view.covering), *(k + 1 for k in ctx.roles), *(k + 1 for k in ctx.notes)])
        starts = {id(c) for c in view.starts}
        above = {k: c for k, c in enumerate(view.covering) if c is not None and id(c) not in starts}  # rowspans
        roles = ["covered" if k in above else ctx.roles.get(k) or ("note" if k in ctx.notes else None) for k in range(width)]
        cells = realign(view.starts, roles, view.split)
        covering: list[Cell | None] = [None] * max(width, max((c.col + c.colspan for c in cells), default=0))
        for k, c in above.items():
            covering[k] = c
        for c in cells:
            for k in range(c.col, c.col + c.colspan):
                covering[k] = c
        return RowView(cells, covering, view.ordinal, view.source, view.loose, view.split)

    def _tail_of_last_row(self, view: RowView) -> bool:
        """A loose row that holds only the tail of the row above, cut at a page break ("率", "指标 | 障"):
        each piece is joined to the last row's cell in the same column (a name piece to the name), and the
        row is read again."""
        ctx = self.st.table
        assert ctx is not None
        if ctx.last is None:
            return False
        texts = [key(c.text) for c in view.starts if c.text.strip()]
        if not texts or any(basis_of(t) or value_score(t) >= 1 for t in texts):
            return False
        rest = [t for t in texts if not label_of(t)]
        if not rest or any(len(t) > 3 for t in rest):
            return False
        values, notes, last_view, at, problem, extras, cells = ctx.last
        values = dict(values)
        for c in view.starts:
            if not c.text.strip():
                continue
            role = ctx.roles.get(c.col)
            text = c.text.strip()
            if role in ("level1", "level2") and label_of(text) and not label_of(values.get(role, "") + text):
                ctx.carry[role] = text  # a label on the tail line heads the rows that follow
                continue
            if role not in values or role is None:
                role = "name"
            values[role] = values[role] + text
            if role in ("goal", "level1", "level2"):
                ctx.carry[role] = values[role]
        if problem is not None:
            self.st.problems.remove(problem)  # the tail line gave the row its value
        self._emit_indicator(values, notes, last_view, at, extras, cells)
        return True

    def _emit_indicator(self, values: dict[str, str], notes: list[str], view: RowView, at: int | None = None,
                        extras: dict[str, str] | None = None, cells: dict[str, Cell] | None = None) -> None:
        """The indicator record of a row's values (labels already carried down) and its cells by role (for
        its place); ``at`` is the index of the record it replaces (a row read again with its tail)."""
        st = self.st
        ctx = st.table
        assert ctx is not None
        horizon = horizon_of_cell(values.get("horizon")) or ctx.horizon
        goal = _goal_number(values.get("goal_no")) or ctx.goal
        label = key(values.get("goal", ""))
        m = _GOAL_LABEL.match(label) or re.match(r"^(长期|年度)(?:绩效)?目标(\d+)", label)
        if m:
            if horizon is None:
                horizon = _HORIZON[m.group(1)]
            if m.group(2) and (st.scope == "project" or goal is None):
                goal = int(m.group(2))
        cell_goal, cell_text = goal_cell_number(values.get("goal")) if values.get("goal") and not m else (None, "")
        if goal is None and cell_goal:
            goal = cell_goal  # a goal column whose cell prints its number (目标2：…, 2.…, （二）…)
        # an indicator table outside a recognised 表11/表12 block: a project's when a 表12 title or a project
        # column says so, else the department's
        scope = "project" if st.scope in ("project", "project_pending") or values.get("project") else "department"
        project = st.project_name if scope == "project" else None
        project_line = (st.project or {}).get("line") if scope == "project" else None
        if values.get("project"):
            project, project_line = self._flat_project(values, view)
        if values.get("goal") and not m and not caption_of(label) and not re.fullmatch(r"(?:目标)?\d+[:：.、]?", label):
            self._add_goal(scope, project, horizon or "annual", goal or 1, goal_text(cell_text or values["goal"]), view.source, view.ordinal,
                           project_line)
        target = values.get("target")
        if "cmp" in values or "unit" in values:
            target = _join_split_target(values.get("cmp", ""), target or "", values.get("unit", ""))
        l1 = label_of(values.get("level1", "")) if values.get("level1") else None
        l2 = label_of(values.get("level2", "")) if values.get("level2") else None
        rec = {
            "type": "indicator", "doc": st.doc, "scope": scope, "project": project,
            "project_line": project_line,
            "horizon": horizon or "long_term", "goal": goal,
            "level1": clean_cell(values.get("level1", "")) or None,
            "level2": clean_cell(values.get("level2", "")) or None,
            "name": clean_cell(values["name"]),
            "target": _value_text(target), "prev2": _value_text(values.get("prev2")), "prev1": _value_text(values.get("prev1")),
            "basis": clean_cell(values.get("basis") or "") or None,
            "line": view.line,
            "level1_concept": l1.level1 if l1 else None,
            "level2_concept": l2.level2 if l2 else None,
            **_place(view.source),
            **_cells_place(view.source, cells or {}),
        }
        for f in ("target", "prev1", "prev2"):
            rec[f + "_value"] = value_fields(rec[f])
        if goal is None:
            rec["_table"] = (ctx.source or view.source, ctx.line)  # the goal is decided when the block's goals are known
        if extras:
            rec["extras"] = extras
        if notes:
            rec["notes"] = notes
        problem = None
        if rec["target"] is None:
            problem = damaged("row-without-value", _where(view.source, st.doc),
                              f"“{short(rec['name'])}”这一行没有指标值（文件被截断或已损坏）")
            st.problems.append(problem)
        if at is None:
            at = len(st.records)
            st.records.append(rec)
            ctx.rows.append(at)
        else:
            st.records[at] = rec
        ctx.last = (values, notes, view, at, problem, extras, cells)

    def _flat_project(self, values: dict[str, str], view: RowView) -> tuple[str, int]:
        """A flat export names the project on every row: one project record per name, code and unit (two
        units' projects of one name are two projects). Returns its name and line."""
        st = self.st
        name = clean_cell(values["project"])
        code = clean_cell(values.get("code", "")) or None
        executor = clean_cell(values.get("executor", "")) or None
        ident = (name, code, executor)
        if ident not in st.flat_projects:
            st.flat_projects[ident] = view.ordinal
            st.records.append({"type": "project", "doc": st.doc, "project": name, "code": code,
                               "department": clean_cell(values.get("department", "")) or None,
                               "executor": executor, "category": None,
                               "start_year": None, "end_year": None, "total_budget": None, "year_budget": None,
                               "money_unit": st.unit, "budget_history": [], "line": view.ordinal, **_place(view.source)})
        return name, st.flat_projects[ident]

    # ---- driver ----------------------------------------------------------------------------------
    def run(self) -> tuple[list[dict], list[str]]:
        st = self.st
        ordinal = 0
        after_loose = False
        for item in self.grid.items:
            if isinstance(item, Text):
                ordinal += 1
                if after_loose and self._tail_line(item, ordinal):
                    continue
                after_loose = False
                if st.table is not None and key(item.text):
                    self._text_after = st.table
                if not self.on_text(item.text, item.source, ordinal) and st.form is not None:
                    self._form_text(item.text)
                continue
            after_loose = item.loose
            st.open_goal = None
            views = row_views(item, ordinal + 1)
            if not self._continues(views, item.n_cols):
                self._close_table()
            for view in views:
                self.on_row(view)
            if item.empty_rows_below and st.table is not None and st.table.roles:
                st.table.whole = True
            ordinal += item.n_rows
        self._end_project()
        self._ends_inside_a_table()
        self._close_table(ends_file=st.table is not None and st.table is not self._text_after and not self.grid.whole)
        self._empty_tables()
        have = {(g["horizon"], g["goal"]) for g in st.records if g["type"] == "goal" and g["scope"] == "department"}
        for g in st.overview_goals:
            if (g["horizon"], g["goal"]) not in have:
                have.add((g["horizon"], g["goal"]))
                st.records.append(g)
        self._lists_over_unnumbered_tables()
        self._undecided_goals()
        join_name_tails(st.records)
        fill_lost_bases(st.records)
        dept = st.department_name or commonest_department(st.records)
        fy = st.fiscal_year or year_of_every_project(st.records)
        for r in st.records:
            r.setdefault("department_name", dept)
            if r.get("fiscal_year") is None:
                r["fiscal_year"] = fy
            r.pop("_src", None)
        return st.records, st.problems

    def _lists_over_unnumbered_tables(self) -> None:
        """A goal cell that lists numbered goals (1.…；2.…) over tables that name no goal number (one table
        per horizon): the tables cannot be told apart by goal, so the horizon has one goal, 1, whose text is
        the cell as printed (the convention of the provincial form's gold). Where a caption, goal column or
        goal number names the goals of its rows, the listed goals stay apart, and so
        they do where no table serves the horizon."""
        st = self.st
        lists: dict[tuple, list[dict]] = {}
        for g in st.records:
            if g["type"] == "goal" and "_list" in g:
                lists.setdefault((g["scope"], g.get("project_line"), g["horizon"]), []).append(g)
        named = st.numbered_captions | {(r["scope"], r.get("project_line"), r["horizon"]) for r in st.records
                                        if r["type"] == "indicator" and r.get("goal") is not None}
        served = {(r["scope"], r.get("project_line"), r["horizon"]) for r in st.records if r["type"] == "indicator"}
        drop: set[int] = set()
        for ident, goals in lists.items():
            whole = goals[0].pop("_list")
            for g in goals[1:]:
                g.pop("_list", None)
            if ident in named or ident not in served or any(g["goal"] != k for k, g in enumerate(goals, 1)):
                continue
            goals[0]["text"] = whole
            drop.update(id(g) for g in goals[1:])
        if drop:
            st.records[:] = [r for r in st.records if id(r) not in drop]

    def _undecided_goals(self) -> None:
        """The goal of each row whose table, row and caption name none: the horizon's single goal (1) when
        its block has at most one; else null, with a note on the rows and a warning naming the table."""
        st = self.st
        numbers: dict[tuple, set] = {}
        for g in st.records + st.overview_goals:
            if g["type"] == "goal":
                numbers.setdefault((g["scope"], g.get("project_line"), g["horizon"]), set()).add(g["goal"])
        warned: set = set()
        for r in st.records:
            if "_table" not in r:
                continue
            src, line = r.pop("_table")
            n = len(numbers.get((r["scope"], r.get("project_line"), r["horizon"]), ()))
            if n <= 1:
                r["goal"] = 1
                continue
            r["notes"] = [*r.get("notes", []), f"本表未印出所服务的目标（该期限共有{n}个目标）：目标编号留空"]
            if (src, line) not in warned:
                warned.add((src, line))
                st.problems.append(Problem("warning", "goal-undecided", f"第 {line} 行的{HORIZON_TABLE[r['horizon']]}未说明服务于该期限 "
                                           f"{n} 个目标中的哪一个（无标题、目标列或编号目标）："
                                           "其各行的目标编号留空", _where(src, self.grid.file)))

    def _close_table(self, ends_file: bool = False) -> None:
        """The indicator table ends; one that had a header but no row is remembered (see _empty_tables),
        with `ends_file`: nothing is printed after it (the file ends on its header) and the table does not
        print that it ends there (ruled rows left empty, a signature row)."""
        st = self.st
        ctx = st.table
        st.table = None
        if ctx is not None and ctx.roles:
            st.last_table = ctx
        if ctx is None or ctx.rows or "name" not in ctx.roles.values() or st.scope not in ("department", "project"):
            return
        project_line = (st.project or {}).get("line") if st.scope == "project" else None
        st.empty_tables.append((st.scope, project_line, ctx.horizon or "long_term", ctx.source, ends_file and not ctx.whole))

    def _empty_tables(self) -> None:
        """Each table with a header and no row whose block has no row of its horizon at all (a header
        repeated on a page of a table read before is not one): an error when the file ends on its header
        (cut off); else the document's own table of a horizon without indicators — a warning, and a note
        on that horizon's goals."""
        st = self.st
        have = {(r["scope"], r.get("project_line"), r["horizon"]) for r in st.records if r["type"] == "indicator"}
        for scope, project_line, horizon, src, ends_file in st.empty_tables:
            if (scope, project_line, horizon) in have:
                continue
            have.add((scope, project_line, horizon))
            if ends_file:
                st.problems.append(damaged("table-without-rows", _where(src, st.doc),
                                           f"{HORIZON_TABLE[horizon]}没有指标行（文件被截断或已损坏）"))
                continue
            st.problems.append(Problem("warning", "table-header-only", f"{HORIZON_TABLE[horizon]}只印出表头，没有指标行："
                                       "该期限没有绩效指标", _where(src, st.doc)))
            for g in st.records + st.overview_goals:
                if g["type"] == "goal" and (g["scope"], g.get("project_line"), g["horizon"]) == (scope, project_line, horizon):
                    g["notes"] = [*g.get("notes", []), "本期限的绩效指标表只印出表头，没有指标行"]

    def _ends_inside_a_table(self) -> None:
        """An error when the grid ends on a row of its last table and that table lacks the 满意度指标 rows
        which the same project's other table has (or, without one, most of the document's other tables end
        with): the document was probably cut short."""
        st = self.st
        ctx = st.table
        items = self.grid.items
        if ctx is None or ctx.last is None or not ctx.rows or not items or not isinstance(items[-1], Table):
            return
        if ctx.last[2].source != items[-1].row_source(items[-1].n_rows - 1):
            return
        mine = set(ctx.rows)
        rows = [(i, r) for i, r in enumerate(st.records) if r["type"] == "indicator"]
        satisfied = lambda r: "满意" in (r.get("level1") or "")  # noqa: E731
        if any(satisfied(r) for i, r in rows if i in mine):
            return
        others = {(r.get("project_line"), r["horizon"]) for i, r in rows if i not in mine}
        if not others:
            return
        with_satisfied = {(r.get("project_line"), r["horizon"]) for i, r in rows if i not in mine and satisfied(r)}
        own = {st.records[i].get("project_line") for i in mine}
        siblings = {k for k in others if k[0] in own}
        if siblings and not siblings & with_satisfied:
            return
        if not siblings and len(with_satisfied) < len(others) / 2:
            return
        horizon = st.records[ctx.rows[0]]["horizon"]
        st.problems.append(damaged("file-cut-short", _where(ctx.last[2].source, st.doc),
                                   f"文件在第 {ctx.line} 行的{HORIZON_TABLE[horizon]}中结束，缺少其他多数表都有的"
                                   "满意度指标行：文件看来被截断了"))

    def _continues(self, views: list[RowView], n_cols: int) -> bool:
        """A table that starts without a header row continues the table before it (a page break the
        reader could not join): keep its roles when the column count agrees."""
        st = self.st
        if st.table is None or not st.table.roles:
            return False
        for view in views[:3]:
            texts = _texts(view)
            if texts and (is_header_row(texts) or (len(texts) == 1 and self._caption_like(view))):
                return True  # the header or caption decides
        return max(st.table.roles) < n_cols

    def _form_text(self, text: str) -> None:
        """A form field printed as a text line ("项目名称：…")."""
        st = self.st
        k = key(text)
        m = re.match(r"^([^:：]{2,8})[:：](.*)$", k)
        if m and (is_form_label(m.group(1)) or form_field(m.group(1))) and st.form is not None:
            st.form.setdefault(m.group(1), m.group(2))


def _merge_header_row(ctx: TableContext, starts: list[Cell], roles: dict[int, str], notes: dict[int, str], signature: tuple) -> None:
    """The second row of a two-row header (一级指标 | 二级指标 | 三级指标 under a 绩效指标 group cell): the
    columns it prints take its roles; the others keep the role of the cell above, which spans both rows."""
    for c in starts:
        if not c.text.strip():
            continue
        for k in range(c.col, c.col + c.colspan):
            ctx.roles.pop(k, None)
            ctx.notes.pop(k, None)
    for k, role in roles.items():
        for j, v in list(ctx.roles.items()):
            if v == role and j not in roles:
                del ctx.roles[j]  # the group cell's own role ("绩效指标" read as 三级指标) gives way
        ctx.roles[k] = role
    ctx.notes.update(notes)
    ctx.header = ctx.header + signature
    ctx.header_sigs.append(signature)
    ctx.header_ordinal += 1


def _signature_row(view: RowView) -> bool:
    """A form's signature line under its last table (填表人： | 联系电话： | 单位负责人：): two cells at least
    start in the row, each holding signature labels with nothing after them (projects.is_signature_line)."""
    texts = [c.text for c in view.starts if c.text.strip()]
    return len(texts) >= 2 and all(is_signature_line(t) for t in texts)


def _trailing_caption(name: str) -> str | None:
    """The last line of a name cell when it is a table caption of its own (年度绩效指标) under the name's
    lines: a caption printed below the row that the reader joined into the cell."""
    lines = [ln for ln in name.split("\n") if ln.strip()]
    if len(lines) < 2:
        return None
    cap = caption_of(key(lines[-1]))
    return lines[-1] if cap is not None and cap.horizon and cap.text is None and not horizon_of_head(key(lines[-1])) else None


def _better_value(new: str, old: str) -> bool:
    """Of two cells for one role, the new one replaces the old only when the old is empty or the new reads
    more like a value (values.value_score); position alone never decides."""
    if not clean_cell(old):
        return True
    return bool(clean_cell(new)) and value_score(new) > value_score(old)


def _goal_number(s: str | None) -> int | None:
    """A row's goal number from its 目标序号 cell ("2", "目标2", "2.0")."""
    m = re.search(r"\d+", key(s or ""))
    return int(m.group(0)) or None if m else None


def _numbered_goal_cells(cells: list[Cell]) -> list[tuple[Cell, int, str]]:
    """(cell, N, text) of each "目标 N：…" in a row's cells; a label alone takes the next cell's text."""
    found: list[tuple[Cell, int, str]] = []
    taken: set[int] = set()
    for i, c in enumerate(cells):
        if i in taken:
            continue
        for n, text in numbered_goals(c.text):
            text = goal_text(text)
            if not text and i + 1 < len(cells) and not numbered_goals(cells[i + 1].text):
                text = goal_text(cells[i + 1].text)
                taken.add(i + 1)
            found.append((c, n, text))
    return found


def _is_caption(k: str) -> bool:
    """A caption that places the tables after it (see captions.caption_of), not a goal column head."""
    cap = caption_of(k)
    return cap is not None and bool(cap.horizon or cap.goal) and not horizon_of_head(k) and not _DEPT_TITLE.match(k)


def _is_caption_label(k: str) -> bool:
    """A goal caption's label alone in its cell ("长期目标 1:", "年度绩效目标2："), its text in the next cell."""
    cap = caption_of(k)
    return cap is not None and cap.goal is not None and cap.text == ""


def _header_pieces_joined(view: RowView, fiscal_year: int | None) -> RowView:
    """A row whose cells may be cut into pieces, with the pieces of a header word joined ("三 | 级指标" →
    三级指标, "前 | 年" → 前年); other cells stay as they are."""
    cells = [c for c in view.starts if c.text.strip()]
    out: list[Cell] = []
    i = 0
    joined = False
    while i < len(cells):
        c = cells[i]
        if role_of(c.text, fiscal_year) is None:
            for t in (2, 3):
                group = cells[i:i + t]
                text = "".join(g.text.strip() for g in group)
                if len(group) == t and role_of(text, fiscal_year) is not None:
                    span = group[-1].col + group[-1].colspan - c.col
                    out.append(Cell(text, c.row, c.col, c.rowspan, span, c.source))
                    i += t
                    joined = True
                    break
            else:
                out.append(c)
                i += 1
            continue
        out.append(c)
        i += 1
    if not joined:
        return view
    covering: list[Cell | None] = list(view.covering)
    for c in out:
        for k in range(c.col, min(c.col + c.colspan, len(covering))):
            covering[k] = c
    return RowView(out, covering, view.ordinal, view.source, view.loose, view.split)


def _value_text(s: str | None) -> str | None:
    return None if s is None else (clean_cell(s) or None)


def _join_split_target(cmp_: str, value: str, unit: str) -> str:
    """指标性质 | 指标值 | 度量单位 printed apart: ``≥`` + ``95`` + ``%`` → ``≥95%``."""
    c = (comparator_symbol(cmp_) or "") if cmp_.strip() else ""
    v = clean_cell(value)
    u = clean_cell(unit)
    if c and v.startswith(c):
        c = ""
    if u and v.endswith(u):
        u = ""
    return f"{c}{v}{u}" if v else v


def assemble(grid: Grid, doc: str) -> tuple[list[dict], list[str]]:
    """Turn a grid into records (projects, goals, indicators) and problems."""
    return Assembler(grid, doc).run()


__all__ = ["assemble", "fiscal_year"]
