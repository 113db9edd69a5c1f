"""Running heads and feet (extractors/running_lines.py) and the PDF reader that leaves them out."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from extractors.running_lines import line_key, running_lines
from tests.test_structured_readers import VARIANT_GROUPS


@dataclass
class _W:
    text: str
    top: float
    bottom: float
    size: float = 9.0


@dataclass
class _P:
    number: int
    height: float
    items: list


def _line(text: str, top: float) -> list[_W]:
    return [_W(text, top, top + 9)]


def _text(ws: list[_W]) -> str:
    return " ".join(w.text for w in ws)


def test_line_key_keeps_the_text_and_drops_the_numbers():
    assert line_key("第 3 页 共 12 页") == line_key("第4页共12页") == "第#页共#页"
    assert line_key("预算编审系统  报表输出") == "预算编审系统报表输出"


def test_lines_repeated_at_the_same_place_are_running():
    head = [_line("某局2026年绩效目标表", 20.0) for _ in range(3)]
    foot = [_line(f"报表系统 第{k}页 共3页", 800.0) for k in (1, 2, 3)]
    title = _line("项目支出绩效目标表", 40.0)  # printed once: document text
    moved = _line("单位：万元", 30.0), _line("单位：万元", 60.0)  # same text, not at the same place
    middle = _line("年度绩效指标", 400.0), _line("年度绩效指标", 400.0)  # repeated, but mid-page
    pages = [_P(1, 842, [head[0], title, moved[0], middle[0], foot[0]]),
             _P(2, 842, [head[1], moved[1], middle[1], foot[1]]),
             _P(3, 842, [head[2], foot[2]])]
    got = running_lines(pages, _text)
    assert {id(x) for x in head} | {id(x) for x in foot} == set(got)
    assert all(got[id(x)] == "top" for x in head) and all(got[id(x)] == "bottom" for x in foot)


def test_captions_and_lines_on_few_pages_are_not_running():
    """Captions that a break puts at the top of pages, and a title over each project's first page (two of
    five pages), are the document's text."""
    pages = [_P(1, 842, [_line("年度绩效目标表", 20.0), _line("表12-1 项目支出绩效目标表", 40.0)]),
             _P(2, 842, [_line("年度绩效目标表", 20.0)]),
             _P(3, 842, [_line("年度绩效目标表", 20.0), _line("表12-2 项目支出绩效目标表", 40.0)]),
             _P(4, 842, [_line("长期目标2", 20.0)]), _P(5, 842, [_line("长期目标3", 20.0)])]
    assert running_lines(pages, _text) == {}


def test_one_page_has_no_running_lines():
    assert running_lines([_P(1, 842, [_line("标题", 20.0), _line("第1页", 800.0)])], _text) == {}


@pytest.mark.parametrize("head,foot", [
    ("某市2026年部门预算绩效目标表    预算编审系统 报表输出", "第{p}页 共{n}页"),
    ("绩效目标申报（第{p}页）", "预算编审系统 打印于2026-01-05 {p}/{n}"),
])
def test_a_table_goes_on_under_a_running_head(tmp_path: Path, head: str, foot: str):
    """Three pages with a reporting tool's head and foot on each, one table over all of them whose goal
    cell is printed only at its start: the head does not cut the table, so every row keeps its goal."""
    pytest.importorskip("reportlab")
    from extractors import read_pdf
    from extractors.grid import Table, Text
    from extractors.engine import extract_document
    from tests.helpers.pdf_variants import draw_document

    p = tmp_path / "report.pdf"
    header = ["目标名称", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"]
    draw_document(p, (842, 595), [70, 70, 80, 260, 80, 90], header, VARIANT_GROUPS, "长期目标 1：保障安全生产",
                  "表11 部门整体支出绩效目标表", 5, "middle", head=head, foot=foot)
    grid = read_pdf.read(p)
    tables = [it for it in grid.items if isinstance(it, Table)]
    assert len(tables) == 1
    texts = [it.text for it in grid.items if isinstance(it, Text)]
    assert not any("页" in t or "系统" in t for t in texts[1:])  # only the first page's head is left, above all
    records, problems = extract_document(p)
    rows = [r for r in records if r["type"] == "indicator"]
    want = [(l1, l2, n, v, b) for l1, l2, items in VARIANT_GROUPS for n, v, b in items]
    assert [(r["level1"], r["level2"], r["name"], r["target"], r["basis"]) for r in rows] == want
    assert {(r["horizon"], r["goal"]) for r in rows} == {("long_term", 1)}
    assert problems == []

