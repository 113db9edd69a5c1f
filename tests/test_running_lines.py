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


def _draw_pages(path: Path, widths: list[float], pages: list[list[tuple[int, int, int, str]]], head: str,
                lines: list[str], row_h: float = 24, size: float = 9) -> None:
    """A ruled table drawn page by page as a reporting tool draws it: every cell (row, col, rowspan, text
    [, colspan]) boxed by its own rules, also where the page break cuts it; `head` over every page, `lines` over the
    first page's table; texts centred in their cells."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    width, height = 842, 595
    c = canvas.Canvas(str(path), pagesize=(width, height))
    xs = [40.0]
    for w in widths:
        xs.append(xs[-1] + w)
    for n, cells in enumerate(pages):
        c.setFont("STSong-Light", size)
        c.drawString(40, height - 28, head.format(p=n + 1))
        top = height - 60
        for text in lines if n == 0 else []:
            c.drawString(40, top, text)
            top -= 20
        for r, col, rs, text, *cs in cells:
            y0, y1 = top - r * row_h, top - (r + rs) * row_h
            c.rect(xs[col], y1, xs[col + (cs[0] if cs else 1)] - xs[col], y0 - y1)
            if text:
                c.drawString(xs[col] + 3, (y0 + y1) / 2 - size / 2, text)
        c.showPage()
    c.save()


@pytest.mark.parametrize("repeat_header", [False, True])
def test_a_row_cut_by_the_page_break_is_one_row(tmp_path: Path, repeat_header: bool):
    """The page break cuts a row and the printer closes both parts with rules: the name stays on the first
    page, the row's 一级/二级 labels (centred over their cells) and the rest of its explanation fall on the
    next. The part under the break has no name: it is the rest of the row, not a row of its own."""
    pytest.importorskip("reportlab")
    from extractors.engine import extract_document

    header = [(0, 0, 1, "一级指标"), (0, 1, 1, "二级指标"), (0, 2, 1, "三级指标"), (0, 3, 1, "指标值"), (0, 4, 1, "指标解释")]
    page1 = header + [
        (1, 0, 3, ""), (1, 1, 2, "数量指标"), (1, 2, 1, "验收项目数量"), (1, 3, 1, "12个"), (1, 4, 1, "反映验收项目数量"),
        (2, 2, 1, "培训人次"), (2, 3, 1, "300人次"), (2, 4, 1, "反映培训人次"),
        (3, 1, 1, ""), (3, 2, 1, "安全培训达标率"), (3, 3, 1, "100%"), (3, 4, 1, "反映安全"),
    ]
    k = 1 if repeat_header else 0
    page2 = (header if repeat_header else []) + [
        (k, 0, 2, "产出指标"), (k, 1, 2, "质量指标"), (k, 2, 1, ""), (k, 3, 1, ""), (k, 4, 1, "培训达标情况"),
        (k + 1, 2, 1, "系统运行正常率"), (k + 1, 3, 1, "≥99%"), (k + 1, 4, 1, "反映系统运行"),
        (k + 2, 0, 1, "满意度指标"), (k + 2, 1, 1, "服务对象满意度指标"), (k + 2, 2, 1, "企业满意度"), (k + 2, 3, 1, "≥90%"),
        (k + 2, 4, 1, ""),
    ]
    p = tmp_path / "cut.pdf"
    _draw_pages(p, [90, 110, 200, 80, 160], [page1, page2], "某区2026年部门预算绩效目标表    报表系统 第{p}页",
                ["表11 部门整体支出绩效目标表", "长期目标1：保障安全生产"])
    records, problems = extract_document(p)
    rows = [(r["level1"], r["level2"], r["name"], r["target"]) for r in records if r["type"] == "indicator"]
    assert rows == [
        ("产出指标", "数量指标", "验收项目数量", "12个"),
        ("产出指标", "数量指标", "培训人次", "300人次"),
        ("产出指标", "质量指标", "安全培训达标率", "100%"),
        ("产出指标", "质量指标", "系统运行正常率", "≥99%"),
        ("满意度指标", "服务对象满意度指标", "企业满意度", "≥90%"),
    ]


def test_the_last_lines_of_a_name_cut_by_the_page_break_stay_with_it(tmp_path: Path):
    """A long name broken over the page: its last line stands alone at the top of the next page, boxed,
    with no value beside it: it ends the name above, it is no indicator of its own."""
    pytest.importorskip("reportlab")
    from extractors.engine import extract_document

    header = [(0, 0, 1, "一级指标"), (0, 1, 1, "二级指标"), (0, 2, 1, "三级指标"), (0, 3, 1, "指标值"), (0, 4, 1, "分值")]
    page1 = header + [
        (1, 0, 2, "产出指标"), (1, 1, 2, "数量指标"), (1, 2, 1, "验收项目数量"), (1, 3, 1, "12个"), (1, 4, 1, "10"),
        (2, 2, 1, "信息化项目依规"), (2, 3, 1, "100%"), (2, 4, 1, "5"),
    ]
    page2 = header + [
        (1, 0, 1, ""), (1, 1, 1, ""), (1, 2, 1, "上云率"), (1, 3, 1, ""), (1, 4, 1, ""),
        (2, 0, 1, "满意度指标"), (2, 1, 1, "服务对象满意度指标"), (2, 2, 1, "企业满意度"), (2, 3, 1, "≥90%"), (2, 4, 1, "10"),
    ]
    p = tmp_path / "name.pdf"
    _draw_pages(p, [90, 110, 200, 80, 60], [page1, page2], "某区2026年部门预算绩效目标表    报表系统",
                ["表11 部门整体支出绩效目标表", "长期目标1：保障安全生产"])
    records, _ = extract_document(p)
    rows = [(r["level1"], r["level2"], r["name"], r["target"]) for r in records if r["type"] == "indicator"]
    assert rows == [
        ("产出指标", "数量指标", "验收项目数量", "12个"),
        ("产出指标", "数量指标", "信息化项目依规上云率", "100%"),
        ("满意度指标", "服务对象满意度指标", "企业满意度", "≥90%"),
    ]



def test_a_two_row_header_repeated_on_the_next_page_is_left_out(tmp_path: Path):
    """A header of two rows (绩效指标 over 一级 | 二级 | 三级) printed again over the next page: it is left out
    as a whole, so that labels cut by the break (满意度指 | 标) meet their rest."""
    pytest.importorskip("reportlab")
    from extractors.engine import extract_document

    header = [(0, 0, 1, "绩效指标", 3), (0, 3, 2, "指标值"), (1, 0, 1, "一级指标"), (1, 1, 1, "二级指标"), (1, 2, 1, "三级指标")]
    page1 = header + [
        (2, 0, 1, "产出指标"), (2, 1, 1, "数量指标"), (2, 2, 1, "验收项目数量"), (2, 3, 1, "12个"),
        (3, 0, 1, "满意度指"), (3, 1, 1, "服务对象满"), (3, 2, 1, "企业满意度"), (3, 3, 1, "≥90%"),
    ]
    page2 = header + [(2, 0, 1, "标"), (2, 1, 1, "意度指标"), (2, 2, 1, "群众满意度"), (2, 3, 1, "≥95%")]
    p = tmp_path / "header.pdf"
    _draw_pages(p, [90, 110, 200, 80], [page1, page2], "某区2026年部门预算绩效目标表    报表系统",
                ["表11 部门整体支出绩效目标表", "长期目标1：保障安全生产"])
    records, _ = extract_document(p)
    rows = [(r["level1"], r["level2"], r["name"], r["target"]) for r in records if r["type"] == "indicator"]
    assert rows == [
        ("产出指标", "数量指标", "验收项目数量", "12个"),
        ("满意度指标", "服务对象满意度指标", "企业满意度", "≥90%"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥95%"),
    ]


def test_a_goal_printed_again_in_full_under_the_break_is_one_goal(tmp_path: Path):
    """A printer that repeats a merged goal cell on every page clips it to each part: above the break only
    its first line fits, the next page prints it in full. It is one goal, with its whole text."""
    pytest.importorskip("reportlab")
    from extractors.engine import extract_document

    header = [(0, 0, 1, "目标"), (0, 1, 1, "一级指标"), (0, 2, 1, "二级指标"), (0, 3, 1, "三级指标"), (0, 4, 1, "指标值")]
    page1 = header + [
        (1, 0, 2, "1、保障安全生产"), (1, 1, 2, "产出指标"), (1, 2, 2, "数量指标"), (1, 3, 1, "检查次数"), (1, 4, 1, "12次"),
        (2, 3, 1, "培训人次"), (2, 4, 1, "300人次"),
        (3, 0, 1, "2、保障排水网运"), (3, 1, 1, "产出指标"), (3, 2, 1, "数量指标"), (3, 3, 1, "出口带宽"), (3, 4, 1, "≥2G"),
    ]
    page2 = header + [
        (1, 0, 2, "2、保障排水网运行畅通"), (1, 1, 2, "产出指标"), (1, 2, 1, "数量指标"), (1, 3, 1, "注册用户量"),
        (1, 4, 1, "≥6500人"), (2, 2, 1, "质量指标"), (2, 3, 1, "运行正常率"), (2, 4, 1, "≥95%"),
    ]
    p = tmp_path / "goal.pdf"
    _draw_pages(p, [150, 80, 80, 160, 80], [page1, page2], "某区2026年部门预算绩效目标表    报表系统",
                ["表11 部门整体支出绩效目标表", "长期绩效目标表"])
    records, _ = extract_document(p)
    goals = [(r["goal"], r["text"]) for r in records if r["type"] == "goal"]
    assert goals == [(1, "保障安全生产"), (2, "保障排水网运行畅通")]
    rows = [(r["name"], r["goal"]) for r in records if r["type"] == "indicator"]
    assert rows == [("检查次数", 1), ("培训人次", 1), ("出口带宽", 2), ("注册用户量", 2), ("运行正常率", 2)]
