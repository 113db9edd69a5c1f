"""Plain pdftotext: pages whose table the converter printed out of order, which the plain reader cannot put back.

A table of many narrow columns wraps its cells to a few characters a line; plain pdftotext then prints strips
of one or two rows side by side and cells of several rows on one line, so the pieces of a framework label or a
basis (计划标准 as 计 / 划 / 标 / 准, 社会效 beside 效益) land apart. The reader joins a cell's wrapped lines only
where they follow each other; pieces left apart are the mark of such a page. Its rows are kept, each with a
note, and the page gets a warning: ``pdftotext -layout`` or the PDF itself reads it.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from .grid import Grid
from .plain_lines import Tok
from .problems import Problem
from .vocab import basis_of, is_basis_prefix, is_label_prefix, label_of

MIN_BROKEN = 3  # pieces of labels or bases a page leaves apart at least
BROKEN_SHARE = 0.15  # of the page's labels and bases, whole or in pieces

SCRAMBLED_NOTE = "本页纯文本转换（pdftotext 不带 -layout）打乱了表格的行列顺序，此行可能读错，请用 pdftotext -layout 或原PDF核对"


def _broken(piece: str) -> bool:
    """The start of a framework label or basis type cut off from its rest (计划标, 社会效), not a whole one."""
    return (is_label_prefix(piece) or is_basis_prefix(piece)) and label_of(piece) is None and basis_of(piece) is None


@lru_cache(maxsize=65536)  # values, units and labels repeat on every page
def _line_kind(text: str) -> str | None:
    """The line's kind for scrambled_pages: "broken" when it holds a piece of a label or basis (_broken),
    "whole" when it is a whole label or basis, else None."""
    if any(_broken(p) for p in text.split()):
        return "broken"
    if label_of(text) is not None or basis_of(text) is not None:
        return "whole"
    return None


def scrambled_pages(toks: list[Tok]) -> dict[int, tuple[Tok, int]]:
    """The pages whose labels and bases are left in pieces (MIN_BROKEN at least, BROKEN_SHARE of those the page
    prints), as page → (its first line, the pieces)."""
    broken: dict[int, int] = defaultdict(int)
    whole: dict[int, int] = defaultdict(int)
    first: dict[int, Tok] = {}
    for t in toks:
        first.setdefault(t.page, t)
        kind = _line_kind(t.text)
        if kind == "broken":
            broken[t.page] += 1
        elif kind == "whole":
            whole[t.page] += 1
    return {p: (first[p], n) for p, n in broken.items()
            if n >= MIN_BROKEN and n >= BROKEN_SHARE * (n + whole[p])}


def scrambled_warnings(pages: dict[int, tuple[Tok, int]], file: str) -> list[Problem]:
    """A warning for each scrambled page, naming the file, its first line and the page."""
    return [Problem("warning", "plain-scrambled",
                    f"第{p}页的表格在纯文本转换中失去了行列顺序（{n}处指标或依据被拆散），本页各行无法可靠读出，已逐行注明；"
                    f"请用 pdftotext -layout 转换或直接读取PDF",
                    f"{file}:{t.line} (p.{p})")
            for p, (t, n) in sorted(pages.items())]


@dataclass
class PlainGrid(Grid):
    """A grid read from plain pdftotext: ``scrambled`` names the pages whose table order was lost."""

    scrambled: frozenset[int] = field(default_factory=frozenset)

    def review_records(self, records: list[dict]) -> None:
        """A note on every goal and indicator read from a scrambled page (in place)."""
        for rec in records:
            if rec.get("type") in ("indicator", "goal") and rec.get("page") in self.scrambled:
                rec["notes"] = [*(rec.get("notes") or []), SCRAMBLED_NOTE]
