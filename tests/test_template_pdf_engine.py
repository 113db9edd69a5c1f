"""The randomiser's PDF engine (benchmarks/templates/pdf.py) keeps each document's gold to what it prints:
a merged cell a printer clips on both sides of a page break shows only its first lines."""
from __future__ import annotations

import pytest

from benchmarks.templates.layout import Cell, Grid, Printed, Section
from benchmarks.templates.template import Template

PREFIX = "目标1："
STATEMENT = "保障政务网络平稳运行并持续提升服务质量，" * 80


def _long_goal_table(goal: dict) -> Printed:
    """A goal column whose one merged cell spans 80 rows (two pages) and holds a statement too long for either part."""
    rows: list[list[Cell | None]] = [[Cell("目标", header=True), Cell("三级指标", header=True), Cell("指标值", header=True)]]
    for i in range(80):
        goal_cell = Cell(PREFIX + goal["text"], rowspan=80, gold=[(goal, "text", len(PREFIX))]) if i == 0 else None
        rows.append([goal_cell, Cell(f"指标{i}"), Cell("≥1次")])
    return Printed([Section("表", [Grid(rows, [3.0, 3.0, 1.0], header_rows=1)])], {"goals": [goal]})


@pytest.mark.parametrize("clipped", [True, False])
def test_a_clipped_goal_cell_gives_the_gold_what_it_shows(clipped: bool):
    pytest.importorskip("reportlab")
    from benchmarks.templates.pdf import Engine, _font

    _font()
    goal = {"horizon": "annual", "goal": 1, "text": STATEMENT}
    eng = Engine(Template(family="goal_column", producer="pdf_ruled", page="A4P", label_repeat=clipped, repeat_header=False), report=False)
    eng.lay_out(_long_goal_table(goal))
    assert len(eng.pages) >= 2
    right = eng.MARGIN + (eng.w - 2 * eng.MARGIN) * 3 / 7  # the goal column's right edge
    shown = ["".join(s for x, _, s, _, bold in page.texts if x < right and not bold) for page in eng.pages]
    if clipped:  # each page's part prints the statement's first lines; the gold is the most any part shows
        assert len(goal["text"]) < len(STATEMENT) and STATEMENT.startswith(goal["text"])
        assert PREFIX + goal["text"] == max(shown, key=len)
    else:  # the statement flows on over the parts: all of it is printed, and the gold keeps it whole
        assert goal["text"] == STATEMENT and "".join(shown) == PREFIX + STATEMENT
