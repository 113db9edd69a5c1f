"""The template randomiser's PDF layout (benchmarks/templates/pdf.py) prints as a real producer would."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("first", range(36, 60, 2))
def test_the_randomiser_clips_a_repeated_label_to_its_part_of_the_cell(first: int):
    """A merged label printed again on every page (label_repeat) keeps to each part of its cell: a long goal
    cut by a break prints only the lines that fit above the break, never over the next goal's cell."""
    pytest.importorskip("reportlab")
    from benchmarks.templates.layout import Cell, Grid
    from benchmarks.templates.pdf import Engine, _font
    from benchmarks.templates.template import Template

    _font()
    e = Engine(Template(family="goal_column", producer="pdf_ruled", label_repeat=True, valign="top", page="A4P"), False)
    goal = "保障政务网及机房、视频会议系统、协同办公系统等基础平台稳定运行，开展数据治理和项目方案评审等工作" * 3
    rows = [[Cell("目标", header=True), Cell("三级指标", header=True), Cell("指标值", header=True)]]
    for g, n in enumerate((first, 30)):  # the first goal's rows put the break at places along the second
        for k in range(n):
            rows.append([Cell(goal, rowspan=n) if k == 0 else None, Cell(f"指标{g}{k}"), Cell("100%")])
    e.grid(Grid(rows, [3, 3, 1], header_rows=1))
    assert len(e.pages) >= 2
    x1 = e.MARGIN + (e.w - 2 * e.MARGIN) * 3 / 7
    for page in e.pages:
        boxes = [(top, top + h) for x, top, w, h, _ in page.boxes if x < e.MARGIN + 1 and x + w <= x1 + 1]
        for x, base, text, size, _ in page.texts:
            if x < x1 and text in goal:
                assert any(top < base <= bottom for top, bottom in boxes), (text, base)
