"""Project metadata of a 表12 table: name, code, departments, category, years, budgets and money unit."""
from __future__ import annotations

import re
from decimal import Decimal

from .lines import Line
from .text import unwrap

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


def fields_to_metadata(f: dict[str, str], money: str | None) -> dict:
    """The project record's fields from the form's label → value pairs."""
    code = (f.get("项目编码") or f.get("项目编号") or "").strip()
    category = f.get("项目属性") or f.get("一级项目名称") or None
    return {
        "project": re.sub(r"\s+", "", f.get("项目名称", "")) or None,
        "code": code or None,
        "department": _unwrapped(f.get("项目主管部门") or f.get("主管部门")),
        "executor": _unwrapped(f.get("项目执行单位") or f.get("执行单位")),
        "category": _unwrapped(category),
        "start_year": _year(f.get("起始年度")),
        "end_year": _year(f.get("终止年度")),
        "total_budget": _number(f.get("项目总预算")),
        "year_budget": _number(f.get("项目当年预算")),
        "money_unit": money,
    }


def field_texts(lines: list[Line]) -> dict[str, str]:
    """The form's label → printed value pairs from its lines (labels found in the joined text)."""
    return _fields("".join(ln.text for ln in lines))
