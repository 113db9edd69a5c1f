"""A PDF without ruled tables, read as column-aligned text: each page's words are placed on text lines at
the text column their x position gives (one column per CJK character width), pages separated by form
feeds, and the column reader (read_columns) finds the tables as it does in `pdftotext -layout` output.

Words further apart than a character width get at least two spaces between them (two cells); nearer
words one space (one cell, as a converter squeezes it).
"""
from __future__ import annotations

from statistics import median

from .text import is_cjk


def _unit(words) -> float:
    """The width of one CJK character on these pages (median over CJK words), in points."""
    widths = [(w.x1 - w.x0) / len(w.text) for w in words if w.text and all(is_cjk(c) for c in w.text)]
    return median(widths) if widths else 6.0


def page_text(lines, unit: float) -> str:
    """Text lines of one page (each a list of words sorted left to right) as column-aligned text."""
    out = []
    for line in lines:
        s = ""
        prev = None
        for w in line:
            col = round(w.x0 / unit)
            if prev is not None:
                need = 2 if w.x0 - prev.x1 >= 0.9 * unit else 1
                col = max(col, len(s) + need)
            s = s.ljust(col) + w.text
            prev = w
        out.append(s.rstrip())
    return "\n".join(out)


def layout_text(pages_words, group_lines) -> str:
    """All pages (lists of words) as column-aligned text, pages separated by form feeds."""
    unit = _unit([w for ws in pages_words for w in ws])
    return "\n\f".join(page_text(group_lines(ws), unit) for ws in pages_words)  # as pdftotext: "\f" opens a page
