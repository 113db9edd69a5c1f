"""The plain layout's numbered lines: each non-empty input line split into its space-separated words."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Line:
    """One non-empty input line split into cells.

    ``gap`` counts the line breaks since the previous non-empty line (1: adjacent, 2: one blank line,
    3 or more: a page break or a paragraph gap). ``cells`` are the line's space-separated words.
    """

    no: int
    raw: str
    cells: list[str]
    gap: int = 1
    text: str = field(init=False)

    def __post_init__(self) -> None:
        self.text = "".join(c for c in self.cells).replace(" ", "")


def read_lines(text: str) -> list[Line]:
    """Split a plain conversion into :class:`Line` objects of space-separated words."""
    out: list[Line] = []
    gap = 1
    for no, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            gap += 1
            continue
        out.append(Line(no, raw, raw.split(), gap))
        gap = 1
    return out
