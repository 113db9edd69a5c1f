"""Project metadata of a 表12 table: name, code, departments, category, years, budgets and money unit."""
from __future__ import annotations

import json
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from .lines import Line
from .text import key, unwrap

# Field labels of the project table, longest first so that 一级项目名称 is not read as 项目名称.
_LABELS = [
    "项目当年资金来源", "项目前两年预算及当年预算变动情况", "项目前两年预算情况", "项目前两年预算", "一级项目名称", "项目安排频度",
    "项目主管部门", "项目执行单位", "项目申请理由", "项目主要内容", "项目立项依据", "项目实施方案", "项目支出明细测算", "项目绩效总目标",
    "项目资金来源", "支出项目类别", "项目总预算", "项目当年预算", "项目负责人", "项目名称", "项目编码", "项目编号", "项目属性", "项目概述",
    "项目采购", "联系电话", "单位地址", "邮政编码", "起始年度", "终止年度", "主管部门", "执行单位",
]
_LABEL_RE = re.compile("|".join(re.escape(x) for x in sorted(_LABELS, key=len, reverse=True)))
_LABEL_SET = frozenset(_LABELS)
UNIT_RE = re.compile(r"单位[:：]\s*(万元|元)")
_NUM = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


def _fields(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    ms = list(_LABEL_RE.finditer(text))
    for k, m in enumerate(ms):
        end = ms[k + 1].start() if k + 1 < len(ms) else len(text)
        label = m.group(0)
        if label not in out:
            out[label] = text[m.end() : end].strip(":：|")
    return out


def _number(s: str | None) -> Decimal | None:
    """The first printed number, exact: ``"359,799.99"`` → Decimal("359799.99")."""
    if not s:
        return None
    m = _NUM.search(re.sub(r"(?<=\d,)\s+(?=\d{3})", "", s))  # "1, 105, 000": a converter's spaces
    return Decimal(m.group(0).replace(",", "")) if m else None


def _year(s: str | None) -> int | None:
    if not s:
        return None
    m = re.search(r"\d+", s)
    return int(m.group(0)) if m else None


def money_unit(lines_before: list[Line], default: str | None) -> str | None:
    """The table's money unit from its 单位：… line (which a converter may split over two lines)."""
    text = "".join(ln.text for ln in lines_before)
    units = UNIT_RE.findall(text)
    return units[-1] if units else default


def is_form_label(text: str) -> bool:
    """True when a (squeezed) cell is a field label of the project form (项目名称, 项目编码, 项目总预算 …)."""
    return text.rstrip(":：") in _LABEL_SET


def _unwrapped(s: str | None) -> str | None:
    """A form value without the breaks a converter left where the cell wrapped ("经济 信息化和科技创新 局"):
    white space between two Chinese characters goes, other runs become one space."""
    return (unwrap(s) or None) if s else None


@lru_cache(maxsize=1)
def _form_vocabulary() -> dict[str, tuple[str, int]]:
    """Printed label → (field, rank among the field's labels), from data/form_labels.json."""
    data = json.loads((Path(__file__).with_name("data") / "form_labels.json").read_text(encoding="utf-8"))
    return {label: (f, i) for f, labels in data.items() if not f.startswith("_") for i, label in enumerate(labels)}


_BRACKETS = re.compile(r"[(（][^)）]*[)）]")


@lru_cache(maxsize=4096)
def form_field(label: str) -> str | None:
    """The field a printed form label fills ("项目总预算（万元）" → total_budget, "项目起止时间：" → period), or None."""
    return _form_vocabulary().get(_label_key(label), (None, 0))[0]


# 签字栏：短标签加冒号、冒号后无字（填表人： 联系电话： 单位负责人（签字）：，一行一个或几个），不是表格单元；
# 以 签字/签章/盖章/签名 结尾的标签可长至十字（分管领导审核签字：）
_SIGNATURE_LABEL = (r"(?:[\u4e00-\u9fff]{2,6}|[\u4e00-\u9fff]{1,8}(?:签字|签章|盖章|签名))"
                    r"(?:[(（][\u4e00-\u9fff]{1,4}[)）])?[:：]")
_SIGNATURE = re.compile(rf"^(?:{_SIGNATURE_LABEL})+$")


def is_signature_line(text: str) -> bool:
    """A form's signature line, or one cell of a signature row: short labels (two to six Han characters, or up
    to ten ending in 签字 / 签章 / 盖章 / 签名: 分管领导审核签字; a bracketed word after them allowed:
    负责人（签字）) each ending in a colon, nothing filled in after them
    (填表人： 联系电话：, one label or several, spaced or not); not a table's cell."""
    return bool(_SIGNATURE.match(key(text)))


def _label_key(label: str) -> str:
    return re.sub(r"\s+", "", _BRACKETS.sub("", label)).rstrip(":：")


def _label_unit(label: str) -> str | None:
    """A money unit printed in the label's brackets: 项目总预算（万元）."""
    m = re.search(r"[(（](万元|元)[)）]", label)
    return m.group(1) if m else None


def _cell_unit(value: str | None) -> str | None:
    """A money unit printed after the amount in the cell: 30.00万元."""
    m = re.search(r"\d\s*(万元|元)", value or "")
    return m.group(1) if m else None


_RANGE = re.compile(r"至|到|[-—–~～]")


def _period(s: str | None) -> tuple[int | None, int | None]:
    """First and last year of a printed period: 2023年至2027年, 2023-2027, 2023年1月-2027年12月; an end
    printed short or damaged (2023-7) is kept as printed, as the 终止年度 field would be."""
    years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", s or "")]
    if not years:
        return None, None
    parts = _RANGE.split(s or "", maxsplit=1)
    if len(parts) == 2 and re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", parts[0]):
        end = re.search(r"\d+", parts[1])
        if end and not re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", parts[1]):
            return years[0], int(end.group(0))
    return years[0], years[-1]


def fields_to_metadata(f: dict[str, str], money: str | None) -> dict:
    """The project record's fields from the form's printed label → value pairs (labels by form_field)."""
    by: dict[str, tuple[str, str]] = {}
    parts: list[str] = []
    rank = lambda item: _form_vocabulary().get(_label_key(item[0]), (None, 99))[1]  # noqa: E731
    for label, value in sorted(f.items(), key=rank):
        name = form_field(label)
        if name == "year_budget_part":
            parts.append(value)
        elif name and name not in by:
            by[name] = (label, value)
    get = lambda n: by.get(n, ("", None))[1]  # noqa: E731
    start, end = _period(get("period"))
    year_budget = _number(get("year_budget"))
    if year_budget is None and parts and all(_number(p) is not None for p in parts):
        year_budget = sum((_number(p) for p in parts), Decimal(0))
    units = [_label_unit(label) or _cell_unit(value) for label, value in by.values()] + [_cell_unit(p) for p in parts]
    code = (get("code") or "").strip()
    unit = next((u for u in units if u), None) or money
    return {
        "project": re.sub(r"\s+", "", get("project") or "") or None,
        "code": code or None,
        "department": _unwrapped(get("department")),
        "executor": _unwrapped(get("executor")),
        "category": _unwrapped(get("category")),
        "start_year": _year(get("start_year")) or start,
        "end_year": _year(get("end_year")) or end,
        "total_budget": _number(get("total_budget")),
        "year_budget": year_budget,
        "money_unit": unit,
        "budget_history": budget_history(get("budget_history"), unit),
    }


# one year's budget in the form's history field: "2024 年预算为 145 万", "2022年的预算安排为510万元", "2023年 18.2万元";
# a number followed by 月/日/% is a date or a rate, not a budget
_HISTORY_ITEM = re.compile(r"((?:19|20)\d\d)\s*年[^0-9，,；;。、]{0,10}?(\d[\d,]*(?:\.\d+)?)(?![\d.,]|\s*[月日号%％])\s*(万元|万|元)?")


def budget_history(text: str | None, unit: str | None) -> list[dict]:
    """The budgets printed in the form's 项目前两年预算及当年预算变动情况 field, one per year in printed order:
    {"year": 2024, "amount": "145", "unit": "万元", "raw": "2024 年预算为 145 万"} — the amount as a string
    of the printed digits (Decimal-safe, thousands commas dropped), 万 read as 万元, a number without a unit
    in the form's money unit. A year printed twice keeps its first amount."""
    out: list[dict] = []
    for m in _HISTORY_ITEM.finditer(text or ""):
        year = int(m.group(1))
        if any(h["year"] == year for h in out):
            continue
        printed = {"万": "万元"}.get(m.group(3) or "", m.group(3))
        out.append({"year": year, "amount": m.group(2).replace(",", ""), "unit": printed or unit, "raw": m.group(0).strip()})
    return out


def field_texts(lines: list[Line]) -> dict[str, str]:
    """The form's label → printed value pairs from its lines (labels found in the joined text)."""
    return _fields("".join(ln.text for ln in lines))
