"""The randomiser's producers (benchmarks/templates) print what each document's gold says: a merged cell the
PDF engine clips at a page break gives the gold what it shows, a number typed into a workbook prints back
as the text it stands for, HTML header rows go into <thead>; templates are drawn deterministically."""
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


@pytest.mark.parametrize("text,stored", [("12", (12.0, "0")), ("100%", (1.0, "0%")), ("95.5%", (0.955, "0.0%")),
                                         ("3.50", (3.5, "0.00")), ("≥95%", None), ("012", None), ("1,000", None)])
def test_a_plain_number_typed_into_a_workbook_is_stored_as_one(text, stored):
    from benchmarks.templates.check import _shown
    from benchmarks.templates.office import typed_number

    assert typed_number(text) == stored
    if stored:  # and its number format prints the text again
        assert _shown(*stored) == text


def test_html_header_rows_go_into_thead():
    from benchmarks.templates.markup import html_text

    grid = Grid([[Cell("三级指标", header=True), Cell("指标值", header=True)], [Cell("甲"), Cell("1次")]], [1.0, 1.0], header_rows=1)
    doc = Printed([Section("表", [grid])], {})
    with_head = html_text(doc, Template(family="caption", producer="html", html_head=True))
    assert "<table>\n<thead>\n<tr><th>三级指标</th><th>指标值</th></tr>\n</thead><tbody>\n<tr><td>甲</td><td>1次</td></tr>\n</tbody></table>" in with_head
    assert "<thead>" not in html_text(doc, Template(family="caption", producer="html"))


def test_templates_are_drawn_deterministically():
    import random

    from benchmarks.templates.template import draw_template

    for i in range(20):
        a, b = (draw_template(random.Random(f"7:{i}:template")) for _ in range(2))
        assert a == b
