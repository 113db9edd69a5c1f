"""One abstract print model of a document in a template, and the gold that exactly this print implies.

Both come out of one pass (`build`), so a cell that is not printed cannot reach the gold: a template with no
前年/上年 columns gives null prev2/prev1, no basis column null basis, no code label a null code, money in the
template's unit, and one goal cell per horizon over one table (the provincial form) one goal 1 whose text
is the cell as printed (as ../shared/fixtures/templates/README.md says of s4) — unless that table has no row
(it prints its header only): then no row needs a goal and the cell's numbered goals are the goals, each with
its number (records.md: a goal cell that lists numbered goals is split into goals).
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from decimal import Decimal

from .source import HORIZONS, Block, Goal, SourceDoc
from .template import Template


@dataclass
class Cell:
    """A printed cell; a merged cell covers rowspan × colspan grid positions (the others are None)."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    number: Decimal | None = None  # a money cell a workbook may store as a number
    value: bool = False  # a 指标值 / 前年 / 上年 cell: one typed as a plain number a workbook may store as a number
    # the gold this cell prints: (record, field, characters of the cell before the field's text); a producer
    # that prints less of the cell (a clipped merged cell) sets those fields to what it printed
    gold: list[tuple[dict, str, int]] = field(default_factory=list)


@dataclass
class Grid:
    """A ruled table or form: rows of cells (None where a merge covers), header rows first."""

    rows: list[list[Cell | None]]
    weights: list[float]
    header_rows: int = 0
    kind: str = "table"  # table | form

    @property
    def ncols(self) -> int:
        return len(self.weights)


@dataclass
class Text:
    """A line of text outside tables: title, subtitle, caption or unit note."""

    text: str
    style: str = "caption"


@dataclass
class Section:
    """One block's print (a sheet of a workbook, a new page of a PDF)."""

    name: str
    items: list = field(default_factory=list)


@dataclass
class Printed:
    """A document's print model and its gold records by kind (indicators, goals, projects)."""

    sections: list[Section]
    gold: dict[str, list[dict]]
    rows_printed: int = 0


ROLE_WEIGHTS = {"serial": 0.6, "goal": 3.0, "level1": 1.3, "level2": 1.5, "name": 3.2, "sign": 0.9, "target": 1.6, "unit": 0.9,
                "prev2": 1.3, "prev1": 1.3, "basis": 1.5, "extra": 1.6, "ctx": 1.6}
_SPLIT = re.compile(r"^(≥|≤|=|＝|>|<|＞|＜)?(\d+(?:\.\d+)?)([%‰a-zA-Z\u4e00-\u9fff]{0,4})$")
_NOT_UNIT = ("以上", "以下", "以内", "左右", "至")


def split_target(target: str | None) -> tuple[str, str, str]:
    """指标性质, 指标值, 度量单位 that join back to exactly the target; a qualitative value stays whole (定性)."""
    if not target:
        return "", "", ""
    m = _SPLIT.match(target)
    if m and not any(w in m.group(3) for w in _NOT_UNIT):
        return m.group(1) or "", m.group(2), m.group(3)
    return "定性", target, ""


def money(value, src_unit: str | None, unit: str) -> Decimal | None:
    """A gold budget in the template's unit, exactly."""
    if value is None or value == "":
        return None
    v = Decimal(str(value).replace(",", ""))
    src = src_unit or "万元"
    if src == "万元" and unit == "元":
        v = v * 10000
    elif src == "元" and unit == "万元":
        v = v / 10000
    return v


def money_text(v: Decimal | None, thousands: bool) -> str:
    """Two decimals where exact, more where the value needs them."""
    if v is None:
        return ""
    places = max(2, -v.normalize().as_tuple().exponent)
    return f"{v:,.{places}f}" if thousands else f"{v:.{places}f}"


def gold_number(v: Decimal | None):
    if v is None:
        return None
    return int(v) if v == v.to_integral_value() else float(str(v.normalize()))


def chinese_number(n: int) -> str:
    """A goal number in Chinese numerals (1 … 99): 一, 十二, 二十."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def number_prefix(prefix: str, n: int) -> str:
    """A goal's number as the template prints it ({n}: 2, {cn}: 二)."""
    return prefix.format(n=n, cn=chinese_number(n))


def _merge_runs(values: list[str]) -> list[int]:
    """Length of the run starting at each row (0 inside a run)."""
    out = [0] * len(values)
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[i]:
            j += 1
        out[i] = j - i + 1
        i = j + 1
    return out


def label_text(label: str, style: str) -> str:
    """A form label as the template prints it: plain, with a colon (项目名称：), or spaced out to a column's
    width (项 目 名 称, the unit in brackets kept together)."""
    if style == "colon":
        return label + "："
    if style == "spaced":
        head, bracket, rest = label.partition("（" if "（" in label else "(")
        return " ".join(head) + bracket + rest
    return label


def captions_into_tables(items: list) -> list:
    """Each caption that stands right over an indicator table becomes the table's first row: one cell
    across the table, printed with the header rows (again over the header where a page repeats it)."""
    out: list = []
    for it in items:
        if isinstance(it, Grid) and it.kind == "table" and out and isinstance(out[-1], Text) and out[-1].style == "caption":
            cap = out.pop()
            row: list[Cell | None] = [Cell(cap.text, colspan=it.ncols, header=True)] + [None] * (it.ncols - 1)
            it = Grid([row] + it.rows, it.weights, it.header_rows + 1, it.kind)
        out.append(it)
    return out


class Builder:
    """Lays out one document in one template and records its gold."""

    def __init__(self, doc: SourceDoc, t: Template, stem: str, rng: random.Random):
        self.doc, self.t, self.stem, self.rng = doc, t, stem, rng
        self.gold: dict[str, list[dict]] = {"indicators": [], "goals": [], "projects": []}
        self.rows_printed = 0

    # ---- words
    def hword(self, h: str) -> str:
        return self.t.lt_word if h == "long_term" else self.t.an_word

    def goal_rec(self, b: Block, h: str, n: int, text: str | None) -> dict | None:
        if not text:
            return None
        rec = {"doc": self.stem, "scope": b.scope, "project": b.project, "horizon": h, "goal": n, "text": text}
        self.gold["goals"].append(rec)
        return rec

    def ind_rec(self, b: Block, h: str, n: int, r: dict, prev: bool) -> None:
        t = self.t
        self.gold["indicators"].append({
            "doc": self.stem, "scope": b.scope, "project": b.project, "horizon": h, "goal": n,
            "level1": r["level1"], "level2": r["level2"], "name": r["name"], "target": r["target"],
            "prev2": r["prev2"] if prev else None, "prev1": r["prev1"] if prev else None,
            "basis": r["basis"] if t.basis_header else None, "line": None})
        self.rows_printed += 1

    # ---- indicator tables
    def columns(self, h: str, prev: bool, goal_col: bool) -> list[tuple[str, str]]:
        t = self.t
        cols: list[tuple[str, str]] = [("serial", "序号")] if t.serial else []
        cols += [("goal", t.goal_header)] if goal_col else []
        cols += [("level1", t.level_headers[0]), ("level2", t.level_headers[1]), ("name", t.name_header)]
        th = t.target_header_lt if h == "long_term" else (t.target_year or t.target_header_an).format(y=self.doc.year)
        value = [("sign", t.sign_header), ("target", th), ("unit", t.unit_header)] if t.split_target else [("target", th)]
        if prev:
            y = self.doc.year
            p = (list(zip(("prev2", "prev1"), t.prev_named)) if t.prev == "named"
                 else [("prev2", t.prev_years[0].format(y=y - 2)), ("prev1", t.prev_years[1].format(y=y - 1))])
            value = p + value if t.prev_pos == "before" else value + p
        cols += value
        if t.basis_header:
            cols.append(("basis", t.basis_header))
        cols += [("extra", e) for e in t.extras]
        return cols

    def extra_text(self, header: str, r: dict) -> str:
        return {"指标解释": f"反映{r['name']}情况", "评分标准": "达到目标值得满分，未达到按比例扣分",
                "备注": "", "权重": str(self.rng.choice((5, 10, 15, 20))), "分值": str(self.rng.choice((5, 10, 20)))}[header]

    def table(self, b: Block, h: str, goals: list[tuple], goal_col: bool) -> Grid:
        """One indicator table over the rows of the given goals (goal number for the gold, goal-cell text,
        rows, and for a goal column the goal's gold record)."""
        t = self.t
        rows = [(n, gt, r) for n, gt, rs, *_ in goals for r in rs]
        goal_recs = {g[0]: g[3] for g in goals if len(g) > 3 and g[3] is not None}
        prev = t.prev != "absent" and (t.prev_where == "all" or any(r["prev2"] or r["prev1"] for _, _, r in rows))
        cols = self.columns(h, prev, goal_col)
        roles = [c[0] for c in cols]
        head: list[list[Cell | None]]
        group = None
        if t.header_rows == 2:
            if t.name_header != "绩效指标":
                group = ("绩效指标", {"level1", "level2", "name"})
            elif prev and not t.split_target:
                group = ("指标值", {"target", "prev2", "prev1"})
        if group:
            top: list[Cell | None] = []
            sub: list[Cell | None] = []
            i = 0
            while i < len(cols):
                if cols[i][0] in group[1]:
                    j = i
                    while j < len(cols) and cols[j][0] in group[1]:
                        j += 1
                    top += [Cell(group[0], colspan=j - i, header=True)] + [None] * (j - i - 1)
                    sub += [Cell(c[1], header=True) for c in cols[i:j]]
                    i = j
                else:
                    top.append(Cell(cols[i][1], rowspan=2, header=True))
                    sub.append(None)
                    i += 1
            head = [top, sub]
        else:
            head = [[Cell(c[1], header=True) for c in cols]]
        gkey = [f"{n}" for n, _, _ in rows]
        l1 = [f"{n}|{r['level1']}" for n, _, r in rows]
        l2 = [f"{n}|{r['level1']}|{r['level2']}" for n, _, r in rows]
        if t.merge_labels:
            runs = {"goal": _merge_runs(gkey), "level1": _merge_runs(l1), "level2": _merge_runs(l2)}
        else:  # every row prints its own labels and goal
            runs = {k: [1] * len(rows) for k in ("goal", "level1", "level2")}
        body: list[list[Cell | None]] = []
        first = len(self.gold["indicators"])
        for i, (n, gt, r) in enumerate(rows):
            sign, val, unit = split_target(r["target"])
            line: list[Cell | None] = []
            for role, header in cols:
                if role in runs:
                    k = runs[role][i]
                    text = (gt or "") if role == "goal" else (r[role] or "")
                    line.append(Cell(text, rowspan=k) if k else None)
                elif role == "target":
                    line.append(Cell(val if t.split_target else (r["target"] or ""), value=True))
                elif role == "serial":
                    line.append(Cell(str(i + 1)))
                elif role == "sign":
                    line.append(Cell(sign))
                elif role == "unit":
                    line.append(Cell(unit))
                elif role == "extra":
                    line.append(Cell(self.extra_text(header, r)))
                else:
                    line.append(Cell(r[role] or "", value=role in ("prev2", "prev1")))
            body.append(line)
            self.ind_rec(b, h, n, r, prev)
        recs = self.gold["indicators"][first:]
        for i, line in enumerate(body):  # what each merged cell prints of the gold
            for role, cell in zip(roles, line):
                if cell is None or role not in runs:
                    continue
                if role == "goal":
                    rec = goal_recs.get(rows[i][0])
                    if rec is not None:
                        cell.gold.append((rec, "text", len(cell.text) - len(rec["text"])))
                else:
                    cell.gold += [(rec, role, 0) for rec in recs[i:i + cell.rowspan]]
        return Grid(head + body, [ROLE_WEIGHTS[r] for r in roles], header_rows=len(head))

    # ---- goal cells
    def numbered(self, goals: list[Goal], prefix: str, sep: str) -> str:
        items = [(g.number, g.text) for g in goals if g.text]
        if len(items) == 1 and len(goals) == 1:
            return items[0][1]
        return sep.join(number_prefix(prefix, n) + x for n, x in items)

    def goal_pair_rows(self, b: Block, label: str, prefix: str, sep: str) -> list[list[Cell | None]]:
        """A label cell over a 长期目标 | 年度目标 header and the two goal cells (4 form columns)."""
        lt, an = b.goals.get("long_term", []), b.goals.get("annual", [])
        return [[Cell(label, rowspan=2), Cell(f"{self.t.lt_word}目标", header=True), Cell(f"{self.t.an_word}目标", colspan=2, header=True), None],
                [None, Cell(self.numbered(lt, prefix, sep)), Cell(self.numbered(an, prefix, sep), colspan=2), None]]

    # ---- blocks
    def project_form(self, b: Block) -> tuple[list[Text], list[list[Cell | None]]]:
        t, m = self.t, b.meta or {}
        unit = t.money_unit
        total = money(m.get("total_budget"), m.get("money_unit"), unit)
        year = money(m.get("year_budget"), m.get("money_unit"), unit)
        a, z = m.get("start_year"), m.get("end_year")
        both = a is not None and z is not None
        period = t.period_format.format(a=a, b=z) if both else ""
        lab = (lambda s: f"{s}{t.paren[0]}{unit}{t.paren[1]}") if t.unit_place == "label" else (lambda s: s)
        cell_unit = unit if t.unit_place == "cell" else ""

        def mcell(v: Decimal | None) -> Cell:
            s = money_text(v, t.thousands)
            return Cell(s + (cell_unit if s else ""), number=v if not cell_unit else None)

        fields: list[tuple[str, Cell]] = []
        if t.code_label:
            fields.append((t.code_label, Cell(m.get("code") or "")))
        fields += [(t.cat_label, Cell(m.get("category") or "")), (t.dept_label, Cell(m.get("department") or "")),
                   (t.exec_label, Cell(m.get("executor") or ""))]
        fields += ([("起始年度", Cell(str(a) if both else "")), ("终止年度", Cell(str(z) if both else ""))] if t.period_split
                   else [(t.period_label, Cell(period))])
        year_label = "其中：财政拨款" if t.of_which and t.year_label == "财政拨款" else t.year_label
        fields += [(lab(t.total_label), mcell(total)), (lab(year_label), mcell(year))]
        if t.other_funds:  # the year's funds other than the budget's: none here, printed as 0 or left empty
            fields.append((lab("其他资金"), mcell(Decimal(0)) if year is not None else Cell("")))
        fields = [(label_text(k, t.label_style), v) for k, v in fields]
        rows: list[list[Cell | None]] = [[Cell(label_text("项目名称", t.label_style)), Cell(b.project or "", colspan=3), None, None]]
        if t.form_pairs == 2:
            for i in range(0, len(fields), 2):
                pair = fields[i:i + 2]
                if len(pair) == 2:
                    rows.append([Cell(pair[0][0]), pair[0][1], Cell(pair[1][0]), pair[1][1]])
                else:
                    rows.append([Cell(pair[0][0]), Cell(pair[0][1].text, colspan=3, number=pair[0][1].number), None, None])
        else:
            rows += [[Cell(k), Cell(v.text, colspan=3, number=v.number), None, None] for k, v in fields]
        self.gold["projects"].append({
            "doc": self.stem, "project": b.project, "code": (m.get("code") if t.code_label else None),
            "department": m.get("department"), "executor": m.get("executor"), "category": m.get("category"),
            "start_year": a if both else None, "end_year": z if both else None,
            "total_budget": gold_number(total), "year_budget": gold_number(year), "money_unit": unit, "line": None})
        said = ("金额单位：" if self.rng.random() < 0.5 else "单位：") + unit if t.unit_place == "line" else ""
        texts = [Text(t.unit_line.format(u=unit) if t.unit_line else said, "unit")] if said else []
        return texts, rows

    def block(self, b: Block, index: int) -> Section:
        t = self.t
        dept = b.scope == "department"
        title = ("表11 部门整体支出绩效目标" + ("申报表" if t.family == "cell_pair" else "表")) if dept else \
            f"表12-{index} 项目" + ("支出绩效目标申报表" if t.family == "cell_pair" else self.rng.choice(("支出绩效目标表", "绩效目标表")))
        sec = Section(title.split(" ")[0] + (" 部门整体" if dept else " 项目"), [Text(title, "subtitle")])
        if dept:
            form: list[list[Cell | None]] = [[Cell(label_text("部门（单位）名称" if t.family == "cell_pair" else "部门名称", t.label_style)),
                                                 Cell(self.doc.department, colspan=3), None, None]]
        else:
            texts, form = self.project_form(b)
            sec.items[1:1] = texts
        horizons = [h for h in HORIZONS if b.goals.get(h)]
        fam = t.family
        if fam == "cell_pair":
            label = "整体绩效目标" if dept else "项目绩效目标"
            form += self.goal_pair_rows(b, label, "目标{n}：", "\n")
        elif fam == "numbered_cell":
            label = "整体绩效目标" if dept else "项目绩效目标"
            form += self.goal_pair_rows(b, label, t.goal_prefix, t.list_sep)
        sec.items.append(Grid(form, [1.2, 2.6, 1.2, 2.6], kind="form"))
        for h in horizons:
            goals = b.goals[h]
            single = len(goals) == 1
            hw = self.hword(h)
            if fam == "caption":
                for g in goals:
                    sec.items.append(Text(t.caption_style.format(h=hw, n=g.number, cn=chinese_number(g.number), t=g.text or ""), "caption"))
                    self.goal_rec(b, h, g.number, g.text)
                    sec.items.append(self.table(b, h, [(g.number, None, g.rows)], False))
            elif fam in ("cell_pair", "numbered_cell") and (fam == "cell_pair" or t.tables == "per_goal"):
                for g in goals:
                    n = 1 if single else g.number
                    self.goal_rec(b, h, n, g.text)
                    if single:
                        ref = f"{hw}绩效指标"
                    elif fam == "cell_pair" or t.goal_prefix.startswith("目标"):  # as the goal cell numbers it: 目标2, 目标二
                        ref = f"{hw}绩效指标（目标{chinese_number(g.number) if fam != 'cell_pair' and '{cn}' in t.goal_prefix else g.number}）"
                    elif "{cn}" in t.goal_prefix:
                        ref = f"{hw}绩效指标（{chinese_number(g.number)}）"
                    else:
                        ref = f"{hw}绩效指标{g.number}"
                    sec.items.append(Text(ref, "caption"))
                    sec.items.append(self.table(b, h, [(n, None, g.rows)], False))
            elif fam == "numbered_cell":  # one table per horizon: one goal, its text the cell as printed
                if any(g.rows for g in goals) or single:
                    self.goal_rec(b, h, 1, self.numbered(goals, t.goal_prefix, t.list_sep))
                else:  # no row to file under a goal (the table prints its header only): the listed goals, as numbered
                    for g in goals:
                        self.goal_rec(b, h, g.number, g.text)
                sec.items.append(Text(f"{hw}绩效指标", "caption"))
                sec.items.append(self.table(b, h, [(1, None, [r for g in goals for r in g.rows])], False))
            elif fam == "goal_column":
                shown = [g for g in goals if g.rows]
                cells = []
                for g in shown:
                    n = 1 if len(shown) == 1 else g.number
                    text = g.text or ""
                    cell = text if len(shown) == 1 and text else number_prefix(t.goal_prefix, g.number) + text
                    cells.append((n, cell, g.rows, self.goal_rec(b, h, n, g.text)))
                parts = [cells] if t.tables == "per_horizon" else [[c] for c in cells]
                for part in parts:
                    sec.items.append(Text(f"{hw}绩效目标表", "caption"))
                    sec.items.append(self.table(b, h, part, True))
        if t.caption_in_table:
            sec.items = captions_into_tables(sec.items)
        if t.notes:
            sec.items.append(Text("注：指标值确定依据可填写计划标准、行业标准、历史标准或其他标准；定性指标可不填度量单位。", "note"))
        if t.signature:
            sec.items.append(Text("单位负责人：          填报人：          联系电话：", "note"))
        return sec

    def export(self, blocks: list[Block]) -> Section:
        """The budget system's one-sheet export: a row per indicator with its unit, project, goal type and number."""
        t = self.t
        context = {"type": "目标类型", "number": "目标序号", "goal": "绩效目标"}
        cols = ["单位名称", "项目名称"] + (["项目编码"] if "项目编码" in t.export_order else []) + [context[k] for k in t.export_context]
        cols += ["一级指标", "二级指标", "三级指标"]
        cols += ["指标性质", "指标值", "计量单位"] if t.split_target else ["指标值"]
        cols += [c for c in t.export_order if c not in ("项目编码", "计量单位")]
        prev = "前年实际值" in t.export_order and "上年实际值" in t.export_order
        t.basis_header = "指标值确定依据" if "指标值确定依据" in t.export_order else None
        printed = {"目标类型": t.export_type_header, "目标序号": t.export_number_header, "绩效目标": t.export_goal_header,
                   "三级指标": t.export_name_header, "单位名称": t.export_unit_header}  # the export's own names of these columns
        rows: list[list[Cell | None]] = [[Cell(printed.get(c, c), header=True) for c in cols]]
        for b in blocks:
            m = b.meta or {}
            unit_name = self.doc.department if b.scope == "department" else (m.get("executor") or self.doc.department)
            if b.scope == "project":
                self.gold["projects"].append({"doc": self.stem, "project": b.project, "code": m.get("code") if "项目编码" in cols else None,
                                              "department": None, "executor": unit_name, "category": None, "start_year": None,
                                              "end_year": None, "total_budget": None, "year_budget": None, "money_unit": None, "line": None})
            order = [(h, g) for h in HORIZONS for g in b.goals.get(h, [])]
            if t.export_sort == "annual_first":
                order.sort(key=lambda hg: hg[0] != "annual")
            for h, g in order:
                if not g.rows:
                    continue
                self.goal_rec(b, h, g.number, g.text)
                for r in g.rows:
                    sign, val, unit = split_target(r["target"])
                    vals = {"单位名称": unit_name, "项目名称": b.project or "", "项目编码": m.get("code") or "",
                            "目标类型": t.export_type_word.format(h=self.hword(h)), "目标序号": str(g.number), "绩效目标": g.text or "",
                            "一级指标": r["level1"] or "", "二级指标": r["level2"] or "", "三级指标": r["name"] or "",
                            "指标性质": sign, "指标值": val if t.split_target else (r["target"] or ""), "计量单位": unit,
                            "前年实际值": (r["prev2"] or "") if "前年实际值" in cols else "",
                            "上年实际值": (r["prev1"] or "") if "上年实际值" in cols else "",
                            "指标值确定依据": r["basis"] or ""}
                    rows.append([Cell(vals[c] if c in vals else self.extra_text(c, r)) for c in cols])
                    rec_prev = "前年实际值" in cols or "上年实际值" in cols
                    self.ind_rec(b, h, g.number, r, rec_prev)
                    if rec_prev and not prev:
                        last = self.gold["indicators"][-1]
                        last["prev2"] = r["prev2"] if "前年实际值" in cols else None
                        last["prev1"] = r["prev1"] if "上年实际值" in cols else None
        return Section("绩效目标", [Grid(rows, [1.6] * len(cols), header_rows=1)])


def build(doc: SourceDoc, blocks: list[Block], t: Template, stem: str, rng: random.Random) -> Printed:
    """The print model of these blocks of a source document in template t, and its gold (doc = stem)."""
    bld = Builder(doc, t, stem, rng)
    if t.family == "export":
        return Printed([bld.export(blocks)], bld.gold, bld.rows_printed)
    sections = []
    n = 0
    for b in blocks:
        if b.scope == "project":
            n += 1
        sections.append(bld.block(b, n))
    sections[0].items.insert(0, Text(f"{doc.department}{doc.year}年部门预算绩效目标表", "title"))
    return Printed(sections, bld.gold, bld.rows_printed)
