"""Column roles of an indicator table, read from its header text.

A header cell names its column's role: 一级/二级/三级指标, 前年, 上年, 指标值/预计当年实现, 指标值确定依据, the
split 指标性质 | 指标值 | 度量单位 columns, and the columns of flat exports (项目名称, 项目编码, 目标). Columns no
role names (指标解释, 权重, 分值, 备注 …) are kept as notes, never shifted into a role.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .text import clean_cell, nfkc

# (role, pattern on the squeezed NFKC header text); the first match wins.
ROLE_PATTERNS: list[tuple[str, re.Pattern]] = [
    (role, re.compile(p))
    for role, p in [
        ("basis", r"确定依据|值依据|依据$|^指标来源$"),
        ("level1", r"^一级(指标)?$"),
        ("level2", r"^二级(指标)?$"),
        ("name", r"^三级(指标)?(名称)?$|^指标名称$|^绩效指标(名称)?$|^指标内容$"),
        ("prev2", r"^前年(实际|预计)?(完成|指标)?(值|数)?$|^前年度"),
        ("prev1", r"^上年(实际|预计)?(完成|指标)?(值|数)?$|^上年度|^上一年"),
        ("target", r"预计当年|当年预期|当年指标|年度指标值|长期指标值|预期(实现)?值|^目标值$|^指标值$|^绩效指标值$|^本年"),
        ("cmp", r"^指标性质$|^指标方向$|^符号$|^比较符$|^计算符号$|^运算符号?$"),
        ("unit", r"^(度量|计量)?单位$"),
        ("project", r"^项目名称$"),
        ("code", r"^项目(编码|代码|编号)$"),
        ("department", r"^(主管部门|部门名称)$"),
        ("executor", r"^(预算单位|单位名称|执行单位|实施单位|项目单位)(名称)?$"),
        ("horizon", r"^(目标类型|目标期限|目标类别|期限)$"),
        ("goal_no", r"^(目标序号|目标编号|目标号)$"),
        ("goal", r"^(目标名称|绩效目标|年度绩效目标|长期绩效目标|年度目标|长期目标|总体目标|目标)(名称|内容)?$"),
    ]
]
INDICATOR_ROLES = ("level1", "level2", "name")
# the 表11 overview of a department's goals: two column heads, then "目标 N：…" cells under them
OVERVIEW_GOAL = re.compile(r"^目标(\d+)[:：](.*)$", re.S)
# a department goal's caption over its table: "长期目标 1：…" (matched on the squeezed key; text may be empty)
GOAL_CAPTION = re.compile(r"^(长期|年度)目标(\d+)[:：](.*)$", re.S)
# the name of each horizon's table, as problems name it
HORIZON_TABLE = {"long_term": "长期绩效目标表", "annual": "年度绩效目标表"}
VALUE_ROLES = ("prev2", "prev1", "target", "cmp", "unit")
# heads of columns no role names: kept with the row as notes
NOTE_HEADS = frozenset({"备注", "指标解释", "指标说明", "评分标准", "权重", "分值"})
_YEAR = re.compile(r"^(20\d\d)年?(度)?(实际|完成|预计|预期|目标|指标)?(完成|实现)?(值|数)?$")


@lru_cache(maxsize=65536)
def header_key(text: str) -> str:
    """A header cell as compared: cleaned, NFKC, without brackets and their contents."""
    t = nfkc(clean_cell(text))
    return re.sub(r"[(（][^)）]*[)）]", "", t)


@lru_cache(maxsize=8192)
def role_of(text: str, fiscal_year: int | None = None) -> str | None:
    """The role a header cell names, or None (a note column or an empty cell)."""
    k = header_key(text)
    if not k:
        return None
    m = _YEAR.match(k)
    if m:
        if fiscal_year is None:
            return None
        y = int(m.group(1))
        return {fiscal_year - 2: "prev2", fiscal_year - 1: "prev1", fiscal_year: "target"}.get(y)
    for role, pat in ROLE_PATTERNS:
        if pat.search(k):
            return role
    return None


def is_year_head(text: str) -> bool:
    """A value column's head printed as a year (2024年实际完成, 2025年预计, 2023): its role follows from the
    document's fiscal year (see ``role_of``)."""
    return bool(_YEAR.match(header_key(text)))


BARE_YEAR = re.compile(r"^20\d\d$")  # a year printed alone, apart from its head's words


def is_year_head_rest(text: str) -> bool:
    """The words of a year head printed apart from its year (年实际完成, 年预计完 …): what follows the year
    in a head ``is_year_head`` accepts."""
    return text.startswith("年") and is_year_head("2000" + text)


def names_target_year(text: str) -> bool:
    """A year head that names the target itself (2026年目标值, 2026年指标值, 2026年预期值), which readers can
    tell before the fiscal year is known; 2024年实际 and 2025年预计 name past years."""
    k = header_key(text)
    m = _YEAR.match(k)
    return bool(m) and m.group(3) in ("目标", "指标", "预期")


def is_header_row(texts: list[str]) -> bool:
    """True for the header row of an indicator table: it names at least two of 一级/二级/三级 columns, or
    the 三级 column and a value or basis column (a value column's head may be a year: 2026年目标值)."""
    roles = [role_of(t) for t in texts if t]
    named = {r for r in roles if r in INDICATOR_ROLES}
    if len(named) >= 2:
        return True
    return "name" in named and (any(r in ("target", "basis") for r in roles) or any(is_year_head(t) for t in texts if t))


def is_subheader_row(texts: list[str], fiscal_year: int | None) -> bool:
    """True for the second header row under 指标值: every cell is 前年/上年/当年 or a year."""
    cells = [t for t in texts if header_key(t)]
    if not cells:
        return False
    return all(role_of(t, fiscal_year) in VALUE_ROLES or _YEAR.match(header_key(t)) for t in cells)
