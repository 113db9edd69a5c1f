"""Plain pdftotext: the words a line may be, by its matching key: header words (三级指标, 前年, a year's
value column 2024年实际完成, a header word's first line wrapped in its narrow column: 指标性), goal labels
(长期绩效目标 1) and project form labels.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from .columns import role_of
from .projects import form_field, is_form_label
from .text import key


GOAL_LABEL = re.compile(r"^(长期|年度)(绩效)?目标(\d+)$")


HEADER_WORDS = {"目标名称", "一级指标", "二级指标", "三级指标", "指标值", "前年", "上年", "预计当年实现", "指标值确定依据",
                "指标性质", "计算符号", "度量单位", "计量单位", "序号"}


# 表头中没有角色的列（备注、指标解释 …）：照样是表头词，其列交给装配器作附加字段
# the heads of text note columns (a sentence a row) …
TEXT_NOTE_HEADS = frozenset({"备注", "指标解释", "指标说明", "评分标准"})
# … and all note columns' heads, number notes (权重, 分值: a number a row) among them
NOTE_HEADS = TEXT_NOTE_HEADS | {"权重", "分值"}


@lru_cache(maxsize=1)
def form_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The project form's labels (data/form_labels.json), their first two or more characters (a label wrapped
    in its narrow column: 项目起止 / 时间, 项目 / 名称) and all their starts (项 / 目 / 名 / 称, a character a line)."""
    data = json.loads((Path(__file__).with_name("data") / "form_labels.json").read_text(encoding="utf-8"))
    labels = frozenset(key(x) for k, xs in data.items() if not k.startswith("_") for x in xs)
    starts = frozenset(x[:n] for x in labels for n in range(1, len(x)))
    return labels, frozenset(x for x in starts if len(x) >= 2) - labels, starts


# ---- what a line is --------------------------------------------------------------------------------
# header words a narrow column wraps: the first line alone (指标性 | 质, 度量单 | 位) is still a header word
WRAPPED_HEADS = frozenset(HEADER_WORDS | NOTE_HEADS | {"指标内容", "指标名称", "绩效指标", "指标来源", "确定依据", "目标值",
                                                    "年度指标值", "当年指标值", "中长期指标值", "当年预期实现值"})
HEAD_PREFIXES = frozenset(h[:n] for h in WRAPPED_HEADS for n in range(3, len(h)))
_BASIS_HEAD_PREFIXES = frozenset(h[:n] for h in WRAPPED_HEADS if role_of(h) == "basis" for n in range(3, len(h)))


@lru_cache(maxsize=65536)  # asked of every line, often many times
def is_header_word(k: str) -> bool:
    """A word of an indicator table's header (三级指标, 前年, 指标值确定依据 …), or the first line of one wrapped
    in its narrow column (指标性, 度量单)."""
    if k in HEADER_WORDS or k in HEAD_PREFIXES or k in NOTE_HEADS:
        return True
    role = role_of(k)
    if role == "goal":
        return not _HORIZON_WORD.search(k)  # a goal column's head (目标, 绩效目标), not a horizon's (长期目标)
    return role not in (None, "project", "code", "department") or is_year_head(k)


_HORIZON_WORD = re.compile(r"长期|年度|当年|本年|总体|整体")


def is_goal_head(k: str) -> bool:
    """The header word of a goal column (目标, 绩效目标, 目标名称, 目标内容); not a horizon's goal head (长期目标)."""
    return role_of(k) == "goal" and not _HORIZON_WORD.search(k)


# a value column named by its year (2024年实际完成, 2025年预计, 2023年度实际值): its role is the assembler's
# to tell from the document's fiscal year
_YEAR_HEAD = re.compile(r"^20\d\d年度?(实际|预计|预期|目标|指标|完成)(完成|实现)?(值|数)?$")


def is_year_head(k: str) -> bool:
    """A value column's header word that names a year (2024年实际完成)."""
    return k[:2] == "20" and bool(_YEAR_HEAD.match(k))


def starts_table(k: str) -> bool:
    """A header word that only an indicator table prints (not 项目, 合计 or 指标值 alone)."""
    return role_of(k) in ("level1", "level2", "name", "basis") or k == "目标名称"


# the last line of a label or header word wrapped in its narrow column (服务对象满意度 / 指标): no cell of its own
LABEL_TAILS = frozenset({"指标"})


def is_basis_head(k: str) -> bool:
    """The basis column's header word, or the first line of one wrapped in its narrow column (确定依 | 据)."""
    return role_of(k) == "basis" or k in _BASIS_HEAD_PREFIXES


@lru_cache(maxsize=65536)  # asked of every short line and of every pair of lines that might be one label
def form_label(k: str) -> bool:
    """A label of a project form, from the form vocabulary (data/form_labels.json) or the older list."""
    return is_form_label(k) or form_field(k) is not None


def is_value_header(k: str) -> bool:
    """A value or basis column's header word (指标值, 上年, 2026年指标值, 指标值确定依据)."""
    return role_of(k) in ("target", "prev2", "prev1", "basis") or k == "指标值" or is_year_head(k)
