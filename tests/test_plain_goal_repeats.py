"""Plain pdftotext, a goal column whose merged cell a template prints again on every row (issue 32)."""
from __future__ import annotations

from pathlib import Path

from extractors.engine import extract_document
from extractors.plain_goal_repeats import repeated_goal_lines
from extractors.plain_kinds import Item
from extractors.plain_lines import Tok


def blocks(*bs: str) -> str:
    """Blocks of lines with a blank line between them, as pdftotext prints cells."""
    return "\n\n".join(bs) + "\n\n"


GOAL = "保障科技企业孵化平台稳定运行，\n提升孵化服务质量和效率。"  # one unnumbered statement wrapped in its cell
HEAD = ("中长期绩效目标表", "目标名称", "一级指标", "二级指标", "指标名称", "指标值", "指标值确定依据")


def _extract(tmp_path: Path, table: str) -> list[dict]:
    f = tmp_path / "doc.txt"
    f.write_text(blocks("某区科技局", "2025年部门预算") + "\f" + table, encoding="utf-8")
    records, _ = extract_document(f)
    return records


def test_a_goal_statement_printed_on_every_row_is_the_goal_not_a_row(tmp_path: Path):
    table = blocks(
        *HEAD,
        "产出指标", "数量指标", "企业数量", "≥10家", "计划标准",  # the first row's goal cell printed after it
        GOAL, "产出指标", "质量指标", "孵化企业存活率", "≥90%", "计划标准",
        GOAL, "效益指标", "社会效益指标", "带动就业人数", "≥200人", "计划标准",
        GOAL, "满意度指标", "服务对象满意度指标", "入驻企业满意度", "≥95%", "计划标准",
    )
    records = _extract(tmp_path, table)
    rows = [(r["name"], r["target"]) for r in records if r["type"] == "indicator"]
    assert rows == [("企业数量", "≥10家"), ("孵化企业存活率", "≥90%"), ("带动就业人数", "≥200人"), ("入驻企业满意度", "≥95%")]
    goals = [r["text"] for r in records if r["type"] == "goal"]
    assert goals == ["保障科技企业孵化平台稳定运行，提升孵化服务质量和效率。"]


def _items(*cells: tuple[str, str]) -> list[Item]:
    """Items of a table, one block a cell; a text with a newline is one wrapped cell (its lines share a block)."""
    out: list[Item] = []
    for block, (kind, text) in enumerate(cells):
        for line in text.split("\n"):
            out.append(Item(Tok(line, len(out) + 1, 1, block), kind, len(out)))
    return out


def test_a_repeated_line_before_一级_labels_is_a_goal_one_before_二级_labels_alone_a_note():
    note = "达到目标值得满分，未达到按比例扣分"
    rows = []
    for label, name in (("数量指标", "企业数量"), ("质量指标", "企业存活率"), ("时效指标", "按时完成率")):
        rows += [("label", label), ("name", name), ("value", "100%"), ("basis", "计划标准"), ("name", note)]
    items = _items(("header", "目标名称"), ("label", "产出指标"), *rows)
    assert repeated_goal_lines(items) == set()
    for goal in ("保障科技企业孵化平台稳定运行，", "保障平台正常运行"):  # a wrapped statement's first line, or a short goal
        rows = []
        for l1, l2, name in (("产出指标", "数量指标", "企业数量"), ("产出指标", "质量指标", "企业存活率")):
            rows += [("name", goal), ("label", l1), ("label", l2), ("name", name), ("value", "100%"), ("basis", "计划标准")]
        assert repeated_goal_lines(_items(("header", "目标名称"), *rows)) == {Tok(goal, 1, 1, 1).k}
