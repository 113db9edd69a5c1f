"""The value grammar: a 指标值 string → comparator, number, unit, quantitative flag (raw string kept).

Covers symbolic comparators (≥ ≤ = > <, LaTeX forms), word comparators before the number (不低于, 不超过 …)
and after it (以上, 以内 …), numbers with thousands separators, units (%, 万元, 家, 小时, G …) and
qualitative values (完成, 提升, 有效保障 …), which keep comparator/number/unit null.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from .text import clean_cell, nfkc

_DATA = Path(__file__).with_name("data") / "values.json"


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    return json.loads(_DATA.read_text(encoding="utf-8"))


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, dict[str, str], dict[str, str]]:
    lex = _lexicon()
    pre = lex["comparators_before"]
    post = lex["comparators_after"]
    units = _alt(lex["units"])
    num = r"[-+]?\d+(?:,\d{3})*(?:\.\d+)?|[-+]?\.\d+"
    full = re.compile(
        rf"^(?P<cmp>[≥≤=><≠≈]|{_alt(list(pre))})?(?P<num>{num})(?P<unit>{units})?(?P<post>{_alt(list(post))})?$"
    )
    unit_only = re.compile(rf"^(?:{units})$")
    return full, unit_only, pre, post


@dataclass
class Value:
    """A parsed 指标值. ``raw`` is exactly what the document printed."""

    raw: str
    text: str
    comparator: str | None = None
    number: Decimal | None = None  # exactly the printed digits
    unit: str | None = None
    quantitative: bool = False
    kind: str = "empty"  # quantitative | qualitative | empty | placeholder

    def to_dict(self) -> dict:
        # field by field: dataclasses.asdict deep-copies every value and is a tenth of a text reader's time
        return {f.name: getattr(self, f.name) for f in fields(self)}


_PERIOD = re.compile(
    r"^\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:[-—~～至]\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|[-—~～至]\d{1,2}月(?:\d{1,2}日)?)?(?:前|底|内|以内)?$"
)
PLACEHOLDERS = {"-", "/", "—", "–", "－", "无", "——"}


@lru_cache(maxsize=1 << 16)
def normalise(raw: str) -> str:
    """The value as a copyist types it: LaTeX to symbols, converter spaces dropped, ≧ → ≥."""
    s = clean_cell(raw)
    return s.replace("≧", "≥").replace("≦", "≤").replace(">=", "≥").replace("<=", "≤")


def parse_value(raw: str | None) -> Value | None:
    """Parse a value string; None stays None. ``"≤ 397.37 万元"`` → (≤, 397.37, 万元)."""
    if raw is None:
        return None
    text = normalise(raw)
    if not text:
        return Value(raw, text)
    if text in PLACEHOLDERS:
        return Value(raw, text, kind="placeholder")
    if _PERIOD.match(text):
        return Value(raw, text, None, None, None, True, "period")
    full, _, pre, post = _patterns()
    m = full.match(nfkc(text).replace("＞", ">").replace("＜", "<"))
    if m:
        cmp_ = m.group("cmp")
        if cmp_ in pre:
            cmp_ = pre[cmp_]
        if m.group("post"):
            cmp_ = post[m.group("post")]
        number = Decimal(m.group("num").replace(",", ""))
        return Value(raw, text, cmp_, number, m.group("unit"), True, "quantitative")
    return Value(raw, text, kind="qualitative")


@lru_cache(maxsize=1)
def _leading_comparator() -> re.Pattern:
    return re.compile(rf"^(?:[≥≤=><≠≈]|{_alt(list(_lexicon()['comparators_before']))})")


def split_comparator(text: str) -> tuple[str, str]:
    """A value's comparator printed before its number (a symbol or a word of the lexicon) and the rest:
    ``"不低于95%"`` → ``("不低于", "95%")``, ``"95%"`` → ``("", "95%")``."""
    m = _leading_comparator().match(text)
    return (m.group(0), text[m.end():]) if m else ("", text)


def comparator_symbol(text: str) -> str | None:
    """The symbol a printed comparator stands for: ``"≥"`` → ``"≥"``, ``"不低于"`` → ``"≥"``; else None."""
    t = normalise(text)
    if _CMP_ONLY.match(t):
        return t
    return _lexicon()["comparators_before"].get(t)


def value_fields(raw: str | None) -> dict | None:
    """The parsed fields of a printed value for a record (comparator, number, unit, kind …), without ``raw``."""
    v = parse_value(raw)
    if v is None:
        return None
    d = v.to_dict()
    d.pop("raw", None)
    return d


def is_unit(text: str) -> bool:
    """True when the text is only a unit (``"万元"``, ``"个"``): the tail of a value broken over lines."""
    return bool(_patterns()[1].match(normalise(text)))


_NUMBERISH = re.compile(r"^[≥≤=><≈]?[-+]?\d[\d,]*(?:\.\d+)?$")
_CMP_ONLY = re.compile(r"^[≥≤=><≈]$")


def is_bare_number(text: str) -> bool:
    """``"≥ 259"``, ``"397.37"``: a number (maybe with a comparator) still missing its unit."""
    return bool(_NUMBERISH.match(normalise(text)))


def is_comparator(text: str) -> bool:
    """A lone comparator symbol, printed apart from its number."""
    return bool(_CMP_ONLY.match(normalise(text)))


@lru_cache(maxsize=1 << 16)  # asked of every cell and of every join of a cell with the piece under it
def is_quantitative(text: str) -> bool:
    """True when the whole text parses as comparator? number unit? (``"≥95%"``, ``"10家以上"``, ``"0"``)."""
    v = parse_value(text)
    return bool(v and v.kind in ("quantitative", "period"))


@lru_cache(maxsize=1)
def _qualitative_re() -> re.Pattern:
    lex = _lexicon()
    return re.compile("|".join(lex["qualitative_patterns"]))


def qualitative_score(text: str) -> float:
    """How much a non-numeric text looks like a qualitative target (0 … 1): 完成, 有效保障, 显著提高 …"""
    t = normalise(text)
    if not t:
        return 0.0
    lex = _lexicon()
    if t in lex["qualitative_words"]:
        return 1.0
    if _qualitative_re().search(t) and len(t) <= 8:
        return 0.7
    return 0.0


@lru_cache(maxsize=1 << 16)
def value_score(text: str) -> float:
    """How much a text looks like a 指标值 cell: 1 for numbers and placeholders, less for words."""
    t = normalise(text)
    if not t:
        return 0.0
    if t in PLACEHOLDERS:
        return 1.0
    if is_quantitative(t):
        return 1.0
    return qualitative_score(t)


# Known OCR confusions of printed values, each tried only on a low-confidence cell (extractors.ocr):
# (pattern, replacement, what the note says was mended)
_OCR_MENDS = (
    (re.compile(r"^[＞>][=＝]"), "≥", "“＞=”读作“≥”"),
    (re.compile(r"^[＜<][=＝]"), "≤", "“＜=”读作“≤”"),
    (re.compile(r"(?<=\d)[Oo〇]|[Oo〇](?=[\d.%])|^[Oo〇]$"), "0", "字母“O”读作数字“0”"),
    (re.compile(r"^(?P<cmp>[≥≤=><]?)(?P<num>\d{1,3}(?:\.\d+)?)96$"), r"\g<cmp>\g<num>%", "“96”读作“%”"),
    (re.compile(r"^2(?=\d{1,3}(?:\.\d+)?%$)"), "≥", "首位“2”读作“≥”"),
)


def _plausible(v: Value | None) -> bool:
    """A parsed value a table could print: a number, and a percentage no more than 100 unless compared."""
    if v is None or v.kind not in ("quantitative", "period"):
        return False
    return not (v.unit == "%" and v.number is not None and v.number > 100)


def is_plausible_value(text: str) -> bool:
    """True where a text parses as a value a table could print: a number (maybe compared, with a unit) or a
    period, a percentage no more than 100 (``"≥95%"``, ``"≤24小时"``; not ``"9596"``, ``"120%"``)."""
    return _plausible(parse_value(text))


def mend_ocr(text: str) -> tuple[str, str] | None:
    """The value an OCR'd cell most likely printed, and a note (Chinese) of what was mended, where a known
    confusion (≥ read as ＞= or 2, % as 96, 0 as O) explains a text that does not parse as a plausible value
    and the mended text does; else None. ``"1O0%"`` → ``("100%", …)``, ``"9596"`` → ``("95%", …)``."""
    t = normalise(text)
    if not t or t in PLACEHOLDERS or (_plausible(parse_value(t)) and not t.endswith("96")):
        return None
    for pattern, repl, note in _OCR_MENDS:
        mended = pattern.sub(repl, t)
        if mended != t and _plausible(parse_value(mended)):
            return mended, f"OCR修正：{note}（原识别为“{text}”）"
    return None
