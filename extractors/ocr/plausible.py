"""Plausibility of what OCR read: a text shaped unlike what its field prints is one a reviewer checks, even
where the recogniser was sure of it (a hyphen, a ≥ or a 、 the recogniser dropped leaves a text it reads
well). Each check answers why the text looks wrong (Chinese), or None; nothing here changes a text.

  value_problem   an indicator value (指标值, 上年/前年值): two dates or years run together, a unit or a
                  comparator without its number, two amounts glued
  money_problem   a form's budget: no number, a character that is no digit, two decimal points, a broken
                  thousands group
  year_problem    a form's 起始/终止年度: not one year
  period_problem  a form's 项目期限: no year, or two years without the range mark between them
  name_problem    a form's 主管部门/执行单位: a Latin letter or digit in an organisation's name
  odd_one_out     a name one or two characters off a name the document's other forms agree on

Pure Python, called by ocr/trust.py and ocr/form_trust.py.
"""
from __future__ import annotations

import re
from collections import Counter

from ..text import clean_cell, nfkc
from ..values import PLACEHOLDERS, is_unit, split_comparator

_YEAR = r"(?:19|20)\d\d"
_DATE = rf"{_YEAR}年(?:\d{{1,2}}月(?:\d{{1,2}}日)?)?"
# a date followed straight by another year (2024年1月2024年12月, 2024年12月2025年): the range mark was dropped
_GLUED_DATES = re.compile(rf"{_DATE}{_YEAR}(?:年|(?!\d))")
# a month followed straight by another (1月12月)
_GLUED_MONTHS = re.compile(r"(?<!\d)\d{1,2}月\d{1,2}月")
# two years as one number (20242025)
_GLUED_YEARS = re.compile(rf"(?<!\d){_YEAR}{_YEAR}(?!\d)")
# a percentage followed straight by another number (95%100%)
_GLUED_PERCENT = re.compile(r"\d[%％‰]\d")
_MONEY_UNIT = re.compile(r"(?:万元|千元|亿元|元|万)$")
_MONEY = re.compile(r"^[-+]?\d+(?:,\d{3})*(?:\.\d+)?$")
_RANGE = re.compile(r"[-—–~～至到]")
# a Latin letter or digit run between two Chinese characters
_INSIDE_NAME = re.compile(r"(?<=[\u4e00-\u9fff])[A-Za-z0-9]+(?=[\u4e00-\u9fff])")
# a number printed with a leading zero before another digit (00%, 05个): a digit before it was dropped
# (not a thousands group 1,050, a date 2025-06-30 or 2025/06/30, nor a serial 第05期)
_LEADING_ZERO = re.compile(r"(?<![\d.:：,，/\-－第])0\d+(?![\d月日号时期:：])")


def _flat(text: str) -> str:
    """The text as compared: NFKC, LaTeX and converter spaces gone, line breaks dropped."""
    return nfkc(clean_cell(text.replace("\n", "")))


def value_problem(text: str | None) -> str | None:
    """Why an indicator value looks misread (dates run together, a unit alone …), or None."""
    if not text:
        return None
    t = _flat(text)
    if not t or t in PLACEHOLDERS:
        return None
    if _GLUED_DATES.search(t) or _GLUED_MONTHS.search(t):
        return "两个日期连在一起，中间没有“-”或“至”"
    if _GLUED_YEARS.search(t):
        return "两个年份连成一个数"
    if _GLUED_PERCENT.search(t):
        return "两个数值连在一起"
    if _LEADING_ZERO.search(t):
        return "的数字以0开头"
    printed, bare = split_comparator(t)
    if printed and not bare:
        return "只有比较符而没有数值"
    if is_unit(bare) and not re.search(r"\d", t):
        return "只有单位而没有数值"
    return None


def money_problem(text: str | None) -> str | None:
    """Why a printed budget (30.00, 1,250.5万元) looks misread, or None: no number, a character that is no
    digit, two decimal points, a thousands group not of three digits."""
    if not text:
        return None
    t = _flat(text)
    if not t or t in PLACEHOLDERS:
        return None
    t = _MONEY_UNIT.sub("", t)
    if not re.search(r"\d", t):
        return "没有数字"
    if _MONEY.match(t):
        return None
    odd = sorted({ch for ch in t if not (ch.isdigit() or ch in ",.-+")})
    if odd:
        return "中有不是数字的字符" + "、".join(f"“{ch}”" for ch in odd)
    if t.count(".") > 1:
        return "有两个小数点"
    return "的千分位不是三位一组"


def year_problem(text: str | None) -> str | None:
    """Why a printed 起始/终止年度 (2025, 2025年; a short end as some forms print it: 7, 27) looks misread,
    or None: a character that is no digit, or a number of three digits or more than four."""
    if not text:
        return None
    t = _flat(text)
    if not t or t in PLACEHOLDERS:
        return None
    digits = re.fullmatch(r"(\d+)(?:年度?)?", t)
    return None if digits and (len(digits.group(1)) <= 2 or re.fullmatch(_YEAR, digits.group(1))) else "不是一个年份"


def period_problem(text: str | None) -> str | None:
    """Why a printed 项目期限 (2023年至2027年, 2025-2027, 2025年1月-2025年12月) looks misread, or None: no year in it,
    two dates or years run together, or two years without a range mark between them."""
    if not text:
        return None
    t = _flat(text)
    if not t or t in PLACEHOLDERS:
        return None
    if _GLUED_DATES.search(t) or _GLUED_MONTHS.search(t) or _GLUED_YEARS.search(t):
        return "两个日期连在一起，中间没有“-”或“至”"
    years = list(re.finditer(rf"(?<!\d){_YEAR}(?!\d)", t))
    if not years:
        return "中没有年份"
    if len(years) >= 2 and not _RANGE.search(t[years[0].end():years[1].start()]):
        return "两个年份之间没有“-”或“至”"
    return None


def name_problem(text: str | None) -> str | None:
    """Why an organisation's printed name (主管部门, 执行单位) looks misread, or None: a Latin letter or an
    Arabic digit between two Chinese characters, which a Chinese organisation's name does not print (a code
    printed after the name, apart from it, is not checked)."""
    if not text:
        return None
    odd = sorted(set(_INSIDE_NAME.findall(_flat(text))))
    return "中夹有字母或数字" + "、".join(f"“{ch}”" for ch in odd) if odd else None


def odd_one_out(name: str | None, others: list[str]) -> str | None:
    """The name `name` most likely printed where it is one or two characters off (same length) a name the
    document prints at least twice as often elsewhere, or None (names compared after NFKC, spaces dropped)."""
    if not name:
        return None
    n = _flat(name)
    counts = Counter(_flat(o) for o in others if o)
    best = None
    for other, count in counts.most_common():
        if other == n or len(other) != len(n) or len(n) < 4:
            continue
        differ = sum(a != b for a, b in zip(n, other))
        if differ <= 2 and differ * 4 <= len(n) and count >= 2 * max(1, counts.get(n, 0) + 1):
            best = other
            break
    return best
