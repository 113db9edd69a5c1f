"""Text helpers shared by every reader: LaTeX to symbols, NFKC, converter-space removal, display width."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_LATEX = [
    (re.compile(r"\\geq?\b|\\geqslant\b"), "≥"),
    (re.compile(r"\\leq?\b|\\leqslant\b"), "≤"),
    (re.compile(r"\\%"), "%"),
    (re.compile(r"\\times\b"), "×"),
    (re.compile(r"\\(?:text|mathrm|mathbf)\{([^}]*)\}"), r"\1"),
    (re.compile(r"\\left|\\right"), ""),
    (re.compile(r"\$"), ""),
    (re.compile(r"[{}]"), ""),
]
# Page numbers as printed in headers and footers: "— 3 —", "第 3 页", "第 3 页 共 40 页", "3 / 40" …
PAGE_NUMBER = re.compile(r"^[—\-–－]\s*\d{1,4}\s*[—\-–－]$|^第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?$|^\d+\s*/\s*\d+$")
# … or a bare number, which is a page number only where it stands (the foot or head of a page)
PAGE_NUMBER_OR_BARE = re.compile(PAGE_NUMBER.pattern + r"|^[—\-–－]?\s*\d{1,4}\s*[—\-–－]?$")
_HTML_TAG = re.compile(r"</?(?:p|br|span|div|b|i|strong|em|sup|sub)\b[^>]*>", re.I)
_SPACES = re.compile(r"\s+")


def delatex(s: str) -> str:
    """Turn the LaTeX a converter wrote into plain symbols: ``$\\geq 95\\%$`` → ``≥ 95%``."""
    if "\\" not in s and "$" not in s:
        return s
    for pat, rep in _LATEX:
        s = pat.sub(rep, s)
    return s


def strip_html(s: str) -> str:
    """Remove simple HTML tags (``<p>``, ``<br>``) that markdown converters leave in cells."""
    return _HTML_TAG.sub(" ", s) if "<" in s else s


def squeeze(s: str) -> str:
    """Remove all white space: the converter's spaces and line breaks inside a cell."""
    return _SPACES.sub("", s)


_WRAP_BETWEEN_CJK = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")


def unwrap(s: str) -> str:
    """Text without the breaks a converter left where a cell wrapped: white space between two non-ASCII
    characters (经济 信息化) goes, other runs of it (between Latin words or numbers) become one space."""
    return _SPACES.sub(" ", _WRAP_BETWEEN_CJK.sub("", s.strip()))


def clean_cell(s: str) -> str:
    """A cell's text as a careful copyist would type it: no LaTeX, no HTML, no converter spaces."""
    return squeeze(delatex(strip_html(s)))


def nfkc(s: str) -> str:
    """NFKC-normalised form, used for comparing and matching (never for storing the raw string)."""
    return unicodedata.normalize("NFKC", s)


@lru_cache(maxsize=65536)
def key(s: str) -> str:
    """A matching key: cleaned, NFKC, comparator spellings unified."""
    k = nfkc(clean_cell(s))
    return k.replace("≧", "≥").replace("≦", "≤").replace(">=", "≥").replace("<=", "≤")


def is_han(ch: str) -> bool:
    """True for a Chinese character of the basic block (U+4E00–U+9FFF), not punctuation."""
    return "\u4e00" <= ch <= "\u9fff"


def is_cjk(ch: str) -> bool:
    """True for a Han character or full-width punctuation (one full display cell)."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def display_width(s: str) -> float:
    """Width of a line in full-width cells: Han characters count 1, ASCII counts 0.5, spaces 0."""
    w = 0.0
    for ch in s:
        if ch.isspace():
            continue
        if ch in _COMPRESSIBLE:
            w += 0.5  # typesetters set 、，。 in half a cell inside a line or hang them at its end
        else:
            w += 1.0 if is_cjk(ch) else 0.5
    return w


_COMPRESSIBLE = set("、，。；：")


def join_fragments(parts: list[str]) -> str:
    """Join pieces of one cell that a converter broke apart, dropping the spaces it inserted."""
    return clean_cell("".join(parts))
