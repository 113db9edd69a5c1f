"""A grid from broken plain text: a converter that joins a printed line's cells with spaces and breaks
wrapped cells over lines of their own (the ``plain`` layout).

Such text keeps neither columns nor cell boundaries, so the table structure is recovered from what the
lines say: outline.py finds the department block, the project blocks, their goal statements and their
titled tables; rows.py splits each table's lines into rows of labels, name, values and basis. This
module writes what they found as a cell grid for the one assembler: per block a title, the department
name or the project form (label | value), the goal list, and each table as a header row and a row of
cells per indicator, every cell with the line it was read from. How a damaged row was read goes into a
读法 column, which the assembler keeps as the row's note.
"""
from __future__ import annotations

import re
from collections import Counter

from .errors import InputError
from .grid import Cell, Grid, Source, Table, Text
from .outline import Block, Goal, find_blocks, fiscal_year, fiscal_year_line, outline_department, outline_project
from .outline import Table as LineTable
from .projects import UNIT_RE, field_texts, money_unit
from .lines import Line, read_lines
from .rows import table_rows

HORIZON_WORD = {"long_term": "长期", "annual": "年度"}
NOTE_HEAD = "读法"  # the column of how a damaged row was read
_DEPT_NAME = re.compile(r"部门[(（]?单位[)）]?名称(.+)$|^部门名称(.+)$")


def read_text(text: str, file: str) -> Grid:
    """The grid of a broken plain conversion (see the module's docstring)."""
    lines = read_lines(text)
    if not lines:
        raise InputError(file, None, "文件中没有文本")
    grid = Grid(file)
    year_line = fiscal_year_line(lines)
    if year_line is not None:  # the assembler reads the budget year from it
        grid.items.append(Text(year_line.text, Source(file, year_line.no)))
    fy = fiscal_year(lines)
    units = Counter(u for ln in lines for u in UNIT_RE.findall(ln.text))
    default_unit = units.most_common(1)[0][0] if units else None
    for block in find_blocks(lines):
        if block.scope == "department":
            outline_department(block, fy)
            grid.items.extend(_department(block, file))
        else:
            outline_project(block, fy)
            grid.items.extend(_project(block, file, default_unit))
    return grid


def _department(block: Block, file: str) -> list[Table | Text]:
    """The department block: its title, its name, each goal's caption before its table, goals without a
    table after the last one."""
    first = block.lines[0]
    items: list[Table | Text] = [Text("表11 部门整体支出绩效目标表", Source(file, first.no))]
    for ln in block.lines:
        m = _DEPT_NAME.search(ln.text)
        if m and not re.search(r"合计|代码|编码", m.group(0)):
            name = (m.group(1) or m.group(2)).strip()
            if name:
                src = Source(file, ln.no)
                items.append(Table([Cell("部门名称", 0, 0, source=src), Cell(name, 0, 1, source=src)], 1, 2, src, [src]))
            break
    goals = sorted(block.goals, key=lambda g: g.line)
    said: set[tuple[str, int]] = set()
    for table in block.tables:
        for g in goals:
            if (g.horizon, g.goal) not in said and g.line <= table.title_line:
                items.append(_caption(g, file))
                said.add((g.horizon, g.goal))
        items.extend(_table(table, file))
    items.extend(_caption(g, file) for g in goals if (g.horizon, g.goal) not in said)
    return items


def _caption(goal: Goal, file: str) -> Text:
    """A department goal as the caption the assembler reads: 长期目标 N：statement."""
    return Text(f"{HORIZON_WORD[goal.horizon]}目标{goal.goal}：{goal.text}", Source(file, goal.line))


def _project(block: Block, file: str, default_unit: str | None) -> list[Table | Text]:
    """A project block: its title and money unit, the form (label | value per row, from 项目名称 on), the
    goal list under 项目绩效总目标, and its tables."""
    lines = block.lines
    start = lines[block.name_index]
    items: list[Table | Text] = [Text("表12 项目支出绩效目标表", Source(file, start.no))]
    unit = money_unit(lines[:block.name_index], default_unit)
    if unit:
        items.append(Text(f"单位：{unit}", Source(file, start.no)))
    src = Source(file, start.no)
    rows = list(field_texts(_form_lines(lines, block.name_index)).items())
    cells = [c for r, (label, value) in enumerate(rows) for c in (Cell(label, r, 0, source=src), Cell(value, r, 1, source=src))]
    items.append(Table(cells, len(rows), 2, src, [src] * len(rows)))
    if block.goals:
        goal_src = Source(file, block.goals[0].line)
        cells = [Cell("项目绩效总目标", 0, 0, source=goal_src)]
        for r, g in enumerate(block.goals, 1):
            gs = Source(file, g.line)
            cells += [Cell(f"{HORIZON_WORD[g.horizon]}绩效目标{g.goal}", r, 0, source=gs), Cell(g.text, r, 1, source=gs)]
        items.append(Table(cells, len(block.goals) + 1, 2, goal_src, [goal_src] + [Source(file, g.line) for g in block.goals]))
    for table in block.tables:
        items.extend(_table(table, file))
    return items


def _form_lines(lines: list[Line], name_index: int) -> list[Line]:
    """The form's lines: from 项目名称 to 项目绩效总目标 or the first table title."""
    end = len(lines)
    for j in range(name_index, len(lines)):
        t = lines[j].text
        if t.startswith("项目绩效总目标") or re.match(r"^(长期|年度)绩效目标表", t):
            end = j
            break
    return lines[name_index:end]


def _table(table: LineTable, file: str) -> list[Table | Text]:
    """One indicator table: its title (horizon and goal number), then a header row and a row of cells per
    indicator row that rows.py read."""
    title = Text(f"{HORIZON_WORD[table.horizon]}绩效目标表{table.goal}", Source(file, table.title_line))
    values = ["前年", "上年", "预计当年实现"] if table.n_values == 3 else ["指标值"]
    heads = ["目标名称", "一级指标", "二级指标", "三级指标", *values, "指标值确定依据", NOTE_HEAD]
    head_src = Source(file, table.header[0].no if table.header else table.title_line)
    cells = [Cell(h, 0, k, source=head_src) for k, h in enumerate(heads)]
    sources: list[Source | None] = [head_src]
    n_vals = len(values)
    for r, row in enumerate(table_rows(table.body, table, "plain"), 1):
        src = Source(file, row["line"])
        sources.append(src)
        goal = row["_goal"]
        texts = [
            f"{HORIZON_WORD[table.horizon]}绩效目标{goal}" if goal is not None else None,
            row["level1"], row["level2"], row["name"],
            *([row["prev2"], row["prev1"], row["target"]] if n_vals == 3 else [row["target"]]),
            row["basis"], "；".join(row["_warnings"]) or None,
        ]
        cells.extend(Cell(t, r, k, source=src) for k, t in enumerate(texts) if t)
    return [title, Table(cells, len(sources), len(heads), head_src, sources)]
