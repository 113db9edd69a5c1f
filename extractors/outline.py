"""Find the performance-target part of a document: the 表11 department block, each 表12 project block,
their goal statements and their indicator tables (title, header, body lines)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lines import Line
from .vocab import is_label_prefix, label_of

# A line that starts the metadata of one project table: 项目名称 followed soon by 主管部门.
_PROJECT_NAME = re.compile(r"^项目名称")
_SUPERVISOR = re.compile(r"主管部门|主管单位|实施单位|执行单位")
# Titles and other lines that end a table.
_STOP = re.compile(
    r"^(表\d+(?:-\d+)?[.．、]?|.*申报表(?:[(（]含绩效目标[)）])?$|.*项目绩效目标表$|申报日期|填报日期|第[一二三四五六七八九十]+部分|项目绩效总目标"
    r"|.*项目支出绩效目标表$|单位[:：](?:万?元)?$)"
)
_PART_END = re.compile(r"^第[三四五六七八九十]部分")
_DEPT_TITLE = re.compile(r"^表11|部门整体.*绩效目标|整体支出绩效目标")
_TOC = re.compile(r"\.{3,}|…{2,}|^[-•]|^[一二三四五六七八九十]+、")
_TABLE_TITLE = re.compile(r"^(长期|年度)绩效目标表(\d*)(?:[(（][^)）]{0,20}[)）]|[:：])?$")
_DEPT_GOAL = re.compile(r"^(长期|年度)目标(\d+)[:：]?(.*)$")
_HEADER_WORDS = ("一级指标", "二级指标", "三级指标", "指标名称", "指标值", "绩效标准", "确定依据", "目标名称", "前年", "上年", "预计当年", "预期当年", "近两年")


@dataclass
class Table:
    """One indicator table: its horizon and goal number, its header facts and its body lines."""

    horizon: str  # long_term | annual
    goal: int
    title_line: int
    header: list[Line]
    body: list[Line]
    n_values: int = 1  # value columns: 1 (指标值) or 3 (前年, 上年, 当年)
    prev_reversed: bool = False  # header lists 上年 before 前年 (e.g. "2023 年 2022 年")
    has_basis: bool = True


@dataclass
class Goal:
    horizon: str
    goal: int
    text: str
    line: int


@dataclass
class Block:
    """The department table (表11) or one project table (表12-N)."""

    scope: str  # department | project
    lines: list[Line]
    name_index: int = 0  # index of the 项目名称 line within lines (projects)
    tables: list[Table] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)


def is_stop(line: Line) -> bool:
    """True for a title or note line that cannot belong to an indicator table."""
    t = line.text
    return bool(_STOP.match(t)) and not label_of(t)


def _is_project_start(lines: list[Line], i: int) -> bool:
    if not _PROJECT_NAME.match(lines[i].text):
        return False
    if "支出项目类别" in lines[i].text or "项目单位" in lines[i].text:
        return False
    return any(_SUPERVISOR.search(ln.text) for ln in lines[i + 1 : i + 10])


def _has_labels(lines: list[Line]) -> bool:
    return any(label_of(c) or (c and is_label_prefix(c)) for ln in lines for c in ln.cells[:3])


def find_blocks(lines: list[Line]) -> list[Block]:
    """Split the document into the department block and project blocks (in document order)."""
    starts = [i for i in range(len(lines)) if _is_project_start(lines, i)]
    end = len(lines)
    last = starts[-1] if starts else 0
    for j in range(last + 1, len(lines)):
        if _PART_END.match(lines[j].text):
            end = j
            break
    blocks: list[Block] = []
    first = starts[0] if starts else end
    dept_start = None
    for i in range(first - 1, -1, -1):
        t = lines[i].text
        if _DEPT_TITLE.search(t) and not _TOC.search(t):
            if _has_labels(lines[i:first]):
                dept_start = i
            else:
                break
    if dept_start is not None:
        dept_end = first
        if not starts:
            for j in range(dept_start + 1, len(lines)):
                if _PART_END.match(lines[j].text):
                    dept_end = j
                    break
        blocks.append(Block("department", lines[dept_start:dept_end]))
    for k, s in enumerate(starts):
        e = starts[k + 1] if k + 1 < len(starts) else end
        lo = s
        # the money unit and the title sit a few lines above 项目名称
        while lo > 0 and s - lo < 8 and (dept_start is None or lo - 1 >= dept_start) and (k == 0 or lo - 1 > starts[k - 1]):
            if lines[lo - 1].text and (label_of(lines[lo - 1].cells[0]) if lines[lo - 1].cells else False):
                break
            lo -= 1
        blocks.append(Block("project", lines[lo:e], name_index=s - lo))
    # trim the title lines of the next project from the end of each block
    return blocks


def _header_facts(table: Table, fiscal_year: int | None = None) -> None:
    text = "".join(ln.text for ln in table.header)
    if any(w in text for w in ("前年", "上年", "近两年", "上年度")) or len(re.findall(r"20\d\d年", text)) >= 2:
        table.n_values = 3
    years = [int(y) for y in re.findall(r"(20\d\d)年", text)]
    if len(years) >= 2:
        table.prev_reversed = years[0] > years[1]
    elif len(years) == 1 and fiscal_year:
        # one year printed above the first of the two past-value columns: 上年 first means reversed
        table.prev_reversed = years[0] == fiscal_year - 1
    table.has_basis = any(w in text for w in ("依据", "绩效标准", "确定")) or not text


def _is_header_line(line: Line) -> bool:
    t = line.text
    hits = sum(1 for w in _HEADER_WORDS if w in t)
    if hits >= 2:
        return True
    if hits == 1 and not any(label_of(c) for c in line.cells):
        return True
    return False


_HEADER_CHARS = set("长期年度绩效指标一二三级值确定依据预计期当实现近两目名称准前上表")


def _is_header_fragment(line: Line) -> bool:
    """A broken piece of a table header (``一级``, ``指标值确``, ``依据2023 年 2024 年``, ``前年 上年``)."""
    t = re.sub(r"20\d\d年|\d+", "", line.text)
    if not t:
        return bool(re.search(r"20\d\d年", line.text)) or bool(re.fullmatch(r"\d{1,2}", line.text))
    if label_of(t) or is_label_prefix(t):
        return False
    return set(t) <= _HEADER_CHARS


def split_table(lines: list[Line], horizon: str, goal: int, title_line: int, fiscal_year: int | None = None) -> Table:
    """Split a table's lines into header and body and read the header's column facts."""
    header: list[Line] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        if _is_header_line(ln) or _is_header_fragment(ln):
            header.append(ln)
            i += 1
            continue
        break
    t = Table(horizon, goal, title_line, header, lines[i:])
    _header_facts(t, fiscal_year)
    for ln in header:
        m = re.search(r"(?:长期|年度)绩效目标(?:表)?(\d+)", ln.text)
        if m:
            t.goal = int(m.group(1))
    return t


def _until_stop(lines: list[Line], start: int, stops: set[int]) -> int:
    j = start
    while j < len(lines) and j not in stops and not is_stop(lines[j]):
        j += 1
    return j


_BUDGET_YEAR = re.compile(r"(20\d\d)年(?:部门|单位)?预算")


def fiscal_year_line(lines: list[Line]) -> Line | None:
    """The line that names the budget year ("… 2025 年部门预算"), among the first 400."""
    return next((ln for ln in lines[:400] if _BUDGET_YEAR.search(ln.text)), None)


def fiscal_year(lines: list[Line]) -> int | None:
    """The budget year of the document, from its title ("… 2025 年部门预算")."""
    ln = fiscal_year_line(lines)
    return int(_BUDGET_YEAR.search(ln.text).group(1)) if ln is not None else None


def titled_tables(lines: list[Line], fy: int | None = None) -> tuple[list[Table], int]:
    """Tables under 长期绩效目标表 / 年度绩效目标表 titles. Returns the tables and the index of the first title."""
    titles = []
    for i, ln in enumerate(lines):
        m = _TABLE_TITLE.match(ln.text)
        if m:
            titles.append((i, "long_term" if m.group(1) == "长期" else "annual", int(m.group(2) or 1)))
    title_idx = {i for i, _, _ in titles}
    tables = []
    for i, horizon, goal in titles:
        j = _until_stop(lines, i + 1, title_idx)
        tables.append(split_table(lines[i + 1 : j], horizon, goal, lines[i].no, fy))
    return tables, (titles[0][0] if titles else len(lines))


def outline_project(block: Block, fy: int | None = None) -> None:
    """Find the goal statements and the 长期/年度 indicator tables of a project block."""
    block.tables, first_table = titled_tables(block.lines, fy)
    block.goals = project_goals(block.lines[:first_table])


_PROJECT_GOAL = re.compile(r"^(长期|年度)绩效目标(\d*)(.*)$")


def project_goals(lines: list[Line]) -> list[Goal]:
    """Goal statements under 项目绩效总目标: 长期绩效目标 N text / 年度绩效目标 N text."""
    start = None
    for i, ln in enumerate(lines):
        if ln.text.startswith("项目绩效总目标"):
            start = i + 1
    if start is None:
        return []
    goals: list[Goal] = []
    cur: Goal | None = None
    for ln in lines[start:]:
        t = ln.text
        if t.startswith("名称") and "目标说明" in t:
            continue
        m = _PROJECT_GOAL.match(t)
        if m and not _TABLE_TITLE.match(t):
            horizon = "long_term" if m.group(1) == "长期" else "annual"
            rest_cells = _cells_after_label(ln)
            num, text = _goal_number_and_text(rest_cells, m.group(2))
            cur = Goal(horizon, num, text, ln.no)
            goals.append(cur)
        elif cur is not None and t and not re.fullmatch(r"[.。…·]+", t):
            cur.text = _join_goal_text(cur.text, _line_text(ln))
    return _dedupe_goal_numbers(goals)


def _line_text(ln: Line) -> str:
    return ln.raw.strip()


def _cells_after_label(ln: Line) -> list[str]:
    """The text of a goal line after its label (长期绩效目标 / 年度绩效目标 / 长期目标 …), as one cell."""
    raw = ln.raw.strip()
    m = re.match(r"^\s*(?:长期|年度)(?:绩效)?目标\s*", raw)
    return [raw[m.end():] if m else raw]


def _goal_number_and_text(cells: list[str], num_in_label: str) -> tuple[int, str]:
    joined_all = " ".join(cells).strip()
    if num_in_label and re.match(rf"^{num_in_label}\s*[、.．]", joined_all):
        return 1, _tidy_goal(joined_all)  # "1、… 2、…": an enumerated statement, not a goal number
    if num_in_label:
        num = int(num_in_label)
        text = " ".join(cells)
        text = re.sub(r"^\s*\d+\s*[:：]?\s*", "", text) if text.strip().startswith(num_in_label) else text
        return num, _tidy_goal(text)
    if cells and re.fullmatch(r"\d+", cells[0].strip()):
        joined = "".join(cells[1:]) if len(cells) > 1 else ""
        # "1 | 推动…" (tsv) keeps the goal's own wording after the number
        return int(cells[0]), _tidy_goal(joined)
    text = " ".join(cells)
    m = re.match(r"^\s*(\d+)\s*[:：]\s*(.*)$", text)
    if m:
        return int(m.group(1)), _tidy_goal(m.group(2))
    return 1, _tidy_goal(text)


def _tidy_goal(text: str) -> str:
    text = text.strip()
    text = re.sub(r"^[:：]\s*", "", text)
    # drop converter spaces at joins between CJK characters / punctuation; keep spaces inside Latin text
    text = re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef0-9])", "", text)
    return text


def _join_goal_text(a: str, b: str) -> str:
    b = b.strip()
    if not a:
        return _tidy_goal(b)
    return _tidy_goal(a + b) if b else a


def _dedupe_goal_numbers(goals: list[Goal]) -> list[Goal]:
    """Two statements with one label ("年度绩效目标" twice): the form lists the long-term goal first."""
    for g in goals:
        twins = [x for x in goals if (x.horizon, x.goal) == (g.horizon, g.goal)]
        other = "annual" if g.horizon == "long_term" else "long_term"
        if len(twins) == 2 and not any(x.horizon == other and x.goal == g.goal for x in goals):
            twins[0].horizon, twins[1].horizon = "long_term", "annual"
    return goals


def outline_department(block: Block, fy: int | None = None) -> None:
    """Find the department goals (长期目标 N / 年度目标 N headers, or the overview list) and their tables."""
    lines = block.lines
    heads = []
    for i, ln in enumerate(lines):
        m = _DEPT_GOAL.match(ln.text)
        if m:
            heads.append((i, "long_term" if m.group(1) == "长期" else "annual", int(m.group(2))))
    head_idx = {i for i, _, _ in heads}
    for i, horizon, goal in heads:
        ln = lines[i]
        cells = _cells_after_label(ln)
        if cells and re.fullmatch(r"\d+\s*[:：]?", cells[0].strip()):
            cells = cells[1:]
        text = _tidy_goal(re.sub(r"^\d+\s*[:：]?\s*", "", " ".join(cells)).strip())
        block.goals.append(Goal(horizon, goal, text, ln.no))
        j = _until_stop(lines, i + 1, head_idx)
        table = split_table(lines[i + 1 : j], horizon, goal, ln.no, fy)
        hdr = "".join(h.text for h in table.header)
        if "年度绩效" in hdr:
            table.horizon = "annual"
        elif "长期绩效" in hdr:
            table.horizon = "long_term"
        table.goal = goal
        if table.body:
            block.tables.append(table)
    if not heads:
        # no "长期目标 N" headers: tables titled like a project's, or one table under each header row
        block.tables, _ = titled_tables(lines, fy)
        if not block.tables:
            block.tables = header_tables(lines, fy)


def header_tables(lines: list[Line], fy: int | None = None) -> list[Table]:
    """Tables found by their header rows (一级指标 … 指标值) when nothing titles them; the horizon is read from
    the few lines above the header (年度 → annual, else long-term)."""
    starts = [i for i, ln in enumerate(lines) if "一级指标" in ln.text and _is_header_line(ln)]
    tables = []
    for k, i in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        j = _until_stop(lines, i, set(starts[k + 1:k + 2]))
        above = "".join(ln.text for ln in lines[max(0, i - 4): i + 1])
        horizon = "annual" if "年度" in above and "长期" not in above[-12:] else "long_term"
        m = re.search(r"目标(\d+)", above)
        t = split_table(lines[i:min(j, end)], horizon, int(m.group(1)) if m else k + 1, lines[i].no, fy)
        cut = next((n for n, ln in enumerate(t.body) if _is_header_line(ln) or ("绩效" in ln.text and _is_header_fragment(ln))), len(t.body))
        t.body = t.body[:cut]  # the title of the next table ("年度绩效指标") is not a row of this one
        if t.body:
            tables.append(t)
    return tables


