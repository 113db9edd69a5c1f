"""The column-aligned text reader (pdftotext -layout and converters like it): small excerpts written
here, each with the records a reader of the printed table would write down, and the fixture conversions
checked against their gold."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.helpers import assert_fixture_gold, load_jsonl, row_fields, row_key
from extractors.engine import extract_document
from extractors.read_columns import Fragment, alignment, is_columns_layout, page_lines, read_text, row_height_warp
from extractors.readers import detect_layout

FIXTURES = Path(__file__).parent / "data" / "fixtures"


def at(*cells: tuple[int, str]) -> str:
    """A line with each text starting at its text column."""
    line = ""
    for col, text in cells:
        line = line.ljust(col) + text
    return line


FORM = "\n".join([
    at((30, "表12-1   项目支出绩效目标表")),
    at((0, "申报日期：2025年1月7日"), (90, "单位：万元")),
    at((4, "项目名称"), (17, "企业安全检查")),
    at((3, "项目主管部门"), (17, "某区应急管理局")),
    at((3, "项目总预算"), (17, "12.50"), (60, "项目当年预算"), (75, "12.50")),
    "",
])

# Cells centred in their rows: the wrapped 三级指标 of the third row prints above and below the line of
# its values; 产出指标 is centred on its three rows, the goal name on all four; 服务对象满意度指标 wraps.
CENTRED = FORM + "\n".join([
    at((50, "年度绩效目标表")),
    at((72, "指标值")),
    at((0, "目标名称"), (10, "一级指标"), (20, "二级指标"), (40, "三级指标"), (96, "指标值确定依据")),
    at((64, "前年"), (72, "上年"), (80, "预计当年实现")),
    at((20, "数量指标"), (30, "检查企业数量"), (64, "8家"), (72, "9家"), (81, "10家"), (97, "计划标准")),
    at((20, "质量指标"), (30, "检查覆盖率"), (72, "90%"), (81, "≥95%"), (97, "行业标准")),
    at((10, "产出指标")),
    at((0, "年度绩效目"), (30, "问题整改及时率，在规定时间")),
    at((20, "时效指标"), (64, "100%"), (72, "100%"), (81, "100%"), (97, "计划标准")),
    at((1, "标 1"), (30, "内完成整改")),
    at((20, "服务对象满")),
    at((10, "满意度指标"), (30, "企业满意度"), (64, "≥90%"), (72, "≥90%"), (81, "≥90%"), (97, "计划标准")),
    at((20, "意度指标")),
    "",
])


def _extract(tmp_path: Path, text: str) -> tuple[list[dict], list[str]]:
    """Records and problems of an excerpt written to a file."""
    p = tmp_path / "excerpt.txt"
    p.write_text(text, encoding="utf-8")
    return extract_document(p)


def _rows(records: list[dict]) -> list[tuple]:
    return [(r["level1"], r["level2"], r["name"], r["prev2"], r["prev1"], r["target"], r["basis"])
            for r in records if r["type"] == "indicator"]


def test_layout_is_detected():
    assert is_columns_layout(CENTRED)
    assert detect_layout(CENTRED) == "columns"
    assert not is_columns_layout("一级指标 二级指标 三级指标\n产出指标 数量指标 检查次数\n")


def test_centred_cells_wrapped_names_and_merged_labels(tmp_path: Path):
    records, problems = _extract(tmp_path, CENTRED)
    assert _rows(records) == [
        ("产出指标", "数量指标", "检查企业数量", "8家", "9家", "10家", "计划标准"),
        ("产出指标", "质量指标", "检查覆盖率", None, "90%", "≥95%", "行业标准"),
        ("产出指标", "时效指标", "问题整改及时率，在规定时间内完成整改", "100%", "100%", "100%", "计划标准"),
        ("满意度指标", "服务对象满意度指标", "企业满意度", "≥90%", "≥90%", "≥90%", "计划标准"),
    ]
    inds = [r for r in records if r["type"] == "indicator"]
    assert {(r["project"], r["horizon"], r["goal"]) for r in inds} == {("企业安全检查", "annual", 1)}
    assert [r["line"] for r in inds] == [10, 11, 13, 17]  # the line where each 三级指标 starts
    project = next(r for r in records if r["type"] == "project")
    assert (project["project"], project["year_budget"]) == ("企业安全检查", 12.5)
    assert problems == []


# A table that goes on at the top of the next page without its header, in a narrower print (a
# spreadsheet's): its columns are found from that page's gaps. The page number shares a line with the
# goal label; the next page's 质量 rows squeeze 二级 and 三级 apart by one space.
BROKEN = FORM + "\n".join([
    at((50, "长期绩效目标表")),
    at((0, "目标名称"), (10, "一级指标"), (20, "二级指标"), (40, "三级指标"), (70, "指标值"), (90, "指标值确定依据")),
    at((20, "数量指标"), (30, "培训场次"), (71, "≥2场"), (91, "计划标准")),
    at((10, "产出指标"), (30, "培训人数"), (70, "≥100人"), (91, "计划标准")),
    at((0, "长期绩效目标1"), (20, "数量指标"), (30, "检查次数"), (71, "≥12次"), (91, "计划标准")),
    at((40, "第 3 页")),
    "\f" + at((0, "长期绩效目标1"), (9, "产出指标"), (17, "质量指标 培训合格率"), (50, "≥90%"), (60, "计划标准")),
    at((9, "效益指标"), (16, "社会效益指标 安全事故下降"), (50, "有效下降"), (60, "历史标准")),
    "",
])


def test_table_continued_on_the_next_page_without_header(tmp_path: Path):
    records, problems = _extract(tmp_path, BROKEN)
    assert _rows(records) == [
        ("产出指标", "数量指标", "培训场次", None, None, "≥2场", "计划标准"),
        ("产出指标", "数量指标", "培训人数", None, None, "≥100人", "计划标准"),
        ("产出指标", "数量指标", "检查次数", None, None, "≥12次", "计划标准"),
        ("产出指标", "质量指标", "培训合格率", None, None, "≥90%", "计划标准"),
        ("效益指标", "社会效益指标", "安全事故下降", None, None, "有效下降", "历史标准"),
    ]
    assert {r["goal"] for r in records if r["type"] == "indicator"} == {1}
    assert {r["page"] for r in records if r["type"] == "indicator"} == {1, 2}


def test_page_numbers_are_dropped_also_beside_a_cell():
    lines = page_lines(at((0, "长期绩效目标"), (40, "第 3 页")) + "\n\f" + at((3, "1")) + "\n")
    assert [ln.raw for ln in lines] == ["长期绩效目标", "   1", ""]
    assert [ln.page for ln in lines] == [1, 2, 2]


# Cells aligned to the top of their rows: a wrapped cell goes on below the row's first line.
TOP = FORM + "\n".join([
    at((50, "长期绩效目标表")),
    at((0, "目标名称"), (16, "一级指标"), (27, "二级指标"), (38, "三级指标"), (61, "指标值"), (75, "指标值确定依据")),
    at((0, "长期绩效目标1"), (16, "产出指标"), (27, "数量指标"), (38, "实现路灯全域覆盖"), (61, "≥ 450 个"), (75, "计划标准")),
    at((38, "点位数")),
    at((27, "质量指标"), (38, "备份存储总容量达"), (61, "4G"), (75, "计划标准")),
    at((16, "效益指标"), (27, "经济效益"), (38, "相较于各街道分散采"), (61, "≥ 200"), (75, "计划标准")),
    at((27, "指标"), (38, "购监控设备"), (61, "万")),
    "",
])


def test_top_aligned_cells(tmp_path: Path):
    assert _rows(_extract(tmp_path, TOP)[0]) == [
        ("产出指标", "数量指标", "实现路灯全域覆盖点位数", None, None, "≥450个", "计划标准"),
        ("产出指标", "质量指标", "备份存储总容量达", None, None, "4G", "计划标准"),
        ("效益指标", "经济效益指标", "相较于各街道分散采购监控设备", None, None, "≥200万", "计划标准"),
    ]


def test_grid_keeps_lines_and_pages():
    grid = read_text(BROKEN, "broken.txt")
    tables = [t for t in grid.items if hasattr(t, "cells") and t.n_rows > 1]
    assert all(c.source and c.source.line for t in tables for c in t.cells)
    assert [t.source.page for t in tables] == [1, 2]


def test_fixture_layout_conversions_against_the_gold():
    """pdftotext -layout of the report-style PDF (s1) and of the printed workbook (s2), scored as the
    scorer does: exact rows over the gold rows. Projects and goals must all be found."""
    gold = {row_key(r): row_fields(r) for r in load_jsonl(FIXTURES / "001_163e4aab9eba8502.gold.indicators.jsonl")}
    need = {"s1": 0.995, "s2": 0.995}  # issue 8's goal for -layout text; both measured 105/105
    for style, share in need.items():
        records, _ = extract_document(FIXTURES / f"001_163e4aab9eba8502.{style}.layout.txt")
        got = {row_key(r): row_fields(r) for r in records if r["type"] == "indicator"}
        exact = sum(1 for k, v in gold.items() if got.get(k) == v)
        assert exact >= share * len(gold), (style, exact)
        assert len([r for r in records if r["type"] == "project"]) == 3
        assert len([r for r in records if r["type"] == "goal"]) == 12


@pytest.mark.slow
@pytest.mark.parametrize("style", ["s1", "s2"])
def test_pdfplumber_layout_text_of_the_fixture_pdfs_gives_the_gold(tmp_path: Path, style: str):
    """Another converter's column-aligned text: pdfplumber's extract_text(layout=True), pages joined as
    pdftotext joins them. It spaces out captions and goal labels ("长期目标   2") where pdftotext does not."""
    import pdfplumber

    with pdfplumber.open(FIXTURES / f"001_163e4aab9eba8502.{style}.pdf") as pdf:
        text = "\n\f".join(page.extract_text(layout=True) or "" for page in pdf.pages)
    p = tmp_path / f"001.{style}.pdfplumber.txt"
    p.write_text(text, encoding="utf-8")
    assert detect_layout(text) == "columns"
    records, _ = extract_document(p)
    gold = {row_key(r): row_fields(r) for r in load_jsonl(FIXTURES / "001_163e4aab9eba8502.gold.indicators.jsonl")}
    assert {row_key(r): row_fields(r) for r in records if r["type"] == "indicator"} == gold
    assert len([r for r in records if r["type"] == "goal"]) == 12


# A spreadsheet printed to PDF: numbers right-aligned in their cells (10家 stands nearer the basis header
# than its own header's centre), and the 一级 label 产出指标, merged over rows on both sides of the page
# break, printed only once, on the second page; the second page has no header and no goal column.
SPREADSHEET = FORM + "\n".join([
    at((50, "年度绩效目标表")),
    at((72, "指标值")),
    at((0, "目标名称"), (10, "一级指标"), (20, "二级指标"), (40, "三级指标"), (96, "指标值确定依据")),
    at((64, "前年"), (72, "上年"), (80, "预计当年实现")),
    at((30, "检查企业数量"), (66, "8家"), (74, "9家"), (88, "10家"), (97, "计划标准")),
    at((20, "数量指标")),
    at((0, "年度绩效目标"), (30, "检查企业次数"), (66, "2次"), (74, "2次"), (89, "3次"), (97, "计划标准")),
    at((30, "检查覆盖率"), (66, "90%"), (74, "95%"), (88, "100%"), (97, "行业标准")),
    at((1, "1"), (20, "质量指标")),
    at((30, "整改合格率"), (66, "90%"), (74, "95%"), (88, "100%"), (97, "行业标准")),
    "\f" + at((10, "产出指标"), (20, "时效指标"), (30, "整改及时率"), (66, "90%"), (74, "95%"), (88, "100%"), (97, "计划标准")),
    at((10, "满意度指标"), (20, "服务对象满意度指标"), (30, "企业满意度"), (66, "≥90%"), (74, "≥90%"), (88, "≥90%"), (97, "计划标准")),
    "",
])


def test_spreadsheet_print_right_aligned_numbers_and_a_label_printed_after_the_break(tmp_path: Path):
    records, _ = _extract(tmp_path, SPREADSHEET)
    assert _rows(records) == [
        ("产出指标", "数量指标", "检查企业数量", "8家", "9家", "10家", "计划标准"),
        ("产出指标", "数量指标", "检查企业次数", "2次", "2次", "3次", "计划标准"),
        ("产出指标", "质量指标", "检查覆盖率", "90%", "95%", "100%", "行业标准"),
        ("产出指标", "质量指标", "整改合格率", "90%", "95%", "100%", "行业标准"),
        ("产出指标", "时效指标", "整改及时率", "90%", "95%", "100%", "计划标准"),
        ("满意度指标", "服务对象满意度指标", "企业满意度", "≥90%", "≥90%", "≥90%", "计划标准"),
    ]


# A workbook printed to PDF with no 依据 filled in. The long-term table's one value stands right of its
# header's centre, the basis column being empty; its last 三级指标 is printed left of its column, inside
# the wrapped 二级 label 服务对象满意度 | 指标. The annual table's header ends page 1 and its body, with no
# header, is set narrower on page 2 (the converter scales each page on its own).
UNFILLED = FORM + "\n".join([
    at((53, "长期绩效目标表")),
    at((1, "目标名称"), (9, "一级指标"), (20, "二级指标"), (46, "三级指标"), (79, "指标值"), (102, "指标值确定依据")),
    at((20, "数量指标"), (32, "慰问金发放率"), (84, "100%")),
    at((0, "长期绩效目标"), (9, "产出指标"), (20, "质量指标"), (32, "档案验收通过率"), (84, "100%")),
    at((3, "1"), (17, "服务对象满意度")),
    at((9, "满意度指标"), (25, "服务对象满意度"), (83, "≥90%")),
    at((20, "指标")),
    "",
    at((53, "年度绩效目标表")),
    at((77, "指标值")),
    at((1, "目标名称"), (9, "一级指标"), (20, "二级指标"), (46, "三级指标"), (98, "指标值确定依据")),
    at((65, "前年"), (77, "上年"), (86, "预计当年实现")),
    at((40, "第 1 页")),
    "\f" + at((0, "年度绩效目标"), (9, "产出指标"), (18, "数量指标"), (28, "慰问金发放率"), (44, "98%"), (53, "99%"), (62, "100%")),
    at((3, "1"), (9, "满意度指标"), (18, "服务对象满意度指标"), (28, "服务对象满意度"), (44, "≥90%"), (53, "≥90%"), (62, "≥90%")),
    "",
])


def test_printed_workbook_with_empty_basis_column_and_a_header_ending_the_page(tmp_path: Path):
    records, _ = _extract(tmp_path, UNFILLED)
    assert _rows(records) == [
        ("产出指标", "数量指标", "慰问金发放率", None, None, "100%", None),
        ("产出指标", "质量指标", "档案验收通过率", None, None, "100%", None),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", None, None, "≥90%", None),
        ("产出指标", "数量指标", "慰问金发放率", "98%", "99%", "100%", None),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", "≥90%", "≥90%", None),
    ]


# Every 二级 label printed one space before its row's 三级指标 (a narrow 二级 column), the 三级指标 header
# far to the right of where the names start; 质量指标 printed half-way between two equally good splits
# (the converter rounds a label's place to a line): the rows' words decide (合格率, % → 质量).
SQUEEZED = FORM + "\n".join([
    at((50, "长期绩效目标表")),
    at((1, "目标名称"), (9, "一级指标"), (19, "二级指标"), (38, "三级指标"), (69, "指标值"), (92, "指标值确定依据")),
    at((19, "数量指标"), (24, "培训人数"), (69, "≥100人"), (93, "计划标准")),
    at((9, "产出指标"), (24, "培训场次"), (69, "≥5场"), (93, "计划标准")),
    at((0, "长期绩效目标"), (24, "培训合格率"), (69, "≥95%"), (93, "计划标准")),
    at((3, "1"), (17, "质量指标 考核通过率"), (69, "≥90%"), (93, "计划标准")),
    at((24, "结业证书发放率"), (69, "100%"), (93, "计划标准")),
    at((9, "效益指标"), (17, "社会效益指标 学员安全意识"), (69, "明显提升"), (93, "历史标准")),
    "",
])


def test_labels_squeezed_against_names_and_a_tie_broken_by_the_rows_words(tmp_path: Path):
    assert _rows(_extract(tmp_path, SQUEEZED)[0]) == [
        ("产出指标", "数量指标", "培训人数", None, None, "≥100人", "计划标准"),
        ("产出指标", "数量指标", "培训场次", None, None, "≥5场", "计划标准"),
        ("产出指标", "质量指标", "培训合格率", None, None, "≥95%", "计划标准"),
        ("产出指标", "质量指标", "考核通过率", None, None, "≥90%", "计划标准"),
        ("产出指标", "质量指标", "结业证书发放率", None, None, "100%", "计划标准"),
        ("效益指标", "社会效益指标", "学员安全意识", None, None, "明显提升", "历史标准"),
    ]


# A workbook printed over a page break: the merged 数量指标 stands in the middle of its whole range (5
# rows, 3 on page 1), and page 2 opens with a clipped copy of it above rows that are still 数量. The
# goal and 产出指标 labels are in the middle of their whole ranges too, on page 2.
SPREADSHEET_BREAK = FORM + "\n".join([
    at((50, "长期绩效目标表")),
    at((1, "目标名称"), (9, "一级指标"), (19, "二级指标"), (38, "三级指标"), (69, "指标值"), (92, "指标值确定依据")),
    at((28, "培训场次"), (69, "≥5场"), (93, "计划标准")),
    at((28, "培训人数"), (69, "≥100人"), (93, "计划标准")),
    at((19, "数量指标"), (28, "编印教材"), (69, "2套"), (93, "计划标准")),
    at((40, "第 1 页")),
    "\f" + at((19, "数量指标")),
    "",
    "",
    at((28, "发放手册"), (69, "500册"), (93, "计划标准")),
    at((0, "长期绩效目标"), (9, "产出指标"), (28, "开展演练"), (69, "4次"), (93, "计划标准")),
    at((3, "1"), (19, "质量指标"), (28, "考核合格率"), (69, "≥95%"), (93, "计划标准")),
    at((28, "考核通过率"), (69, "≥90%"), (93, "计划标准")),
    "",
])


def test_labels_of_a_table_cut_by_a_page_break_are_placed_over_both_pages(tmp_path: Path):
    records, _ = _extract(tmp_path, SPREADSHEET_BREAK)
    assert [(r[1], r[2]) for r in _rows(records)] == [
        ("数量指标", "培训场次"), ("数量指标", "培训人数"), ("数量指标", "编印教材"), ("数量指标", "发放手册"),
        ("数量指标", "开展演练"), ("质量指标", "考核合格率"), ("质量指标", "考核通过率"),
    ]
    assert {r[0] for r in _rows(records)} == {"产出指标"}
    assert {r["goal"] for r in records if r["type"] == "indicator"} == {1}


# A spreadsheet's print of a label cut by a page break: 质量指标 spans two rows of page 1 and three of page
# 2 and is drawn at the middle of its whole range on both pages: below page 1's last row (clipped at the
# bottom edge) and on the line of page 2's middle row C3; the goal's and 一级's copies put lines of their own
# between page 2's rows. 时效指标 is centred on its five rows.
SPLIT_LABEL_ON_BOTH_PAGES = FORM + "\n".join([
    at((50, "长期绩效目标表")),
    at((1, "目标名称"), (9, "一级指标"), (19, "二级指标"), (38, "三级指标"), (69, "指标值"), (92, "指标值确定依据")),
    at((28, "培训场次"), (69, "≥5场"), (93, "计划标准")),
    at((19, "数量指标")),
    at((28, "培训人数"), (69, "≥100人"), (93, "计划标准")),
    at((28, "考核合格率"), (69, "≥95%"), (93, "计划标准")),
    at((28, "考核通过率"), (69, "≥90%"), (93, "计划标准")),
    at((19, "质量指标")),
    at((9, "产出指标"), (40, "第 1 页")),
    at((0, "长期绩效目标")),
    at((3, "1")),
    "\f" + at((19, "质量指标"), (28, "教材合格率"), (69, "100%"), (93, "计划标准")),
    at((0, "长期绩效目标"), (9, "产出指标")),
    at((28, "手册合格率"), (69, "100%"), (93, "计划标准")),
    at((3, "1")),
    at((28, "演练达标率"), (69, "≥90%"), (93, "计划标准")),
    at((28, "培训完成时间"), (69, "≤6月"), (93, "计划标准")),
    at((28, "教材编印时间"), (69, "≤3月"), (93, "计划标准")),
    at((19, "时效指标"), (28, "手册发放时间"), (69, "≤9月"), (93, "计划标准")),
    at((28, "演练完成时间"), (69, "≤10月"), (93, "计划标准")),
    at((28, "考核完成时间"), (69, "≤12月"), (93, "计划标准")),
    "",
])


def test_a_label_drawn_on_both_sides_of_a_page_break_is_one_label(tmp_path: Path):
    records, _ = _extract(tmp_path, SPLIT_LABEL_ON_BOTH_PAGES)
    assert [(r[1], r[2]) for r in _rows(records)] == [
        ("数量指标", "培训场次"), ("数量指标", "培训人数"),
        ("质量指标", "考核合格率"), ("质量指标", "考核通过率"), ("质量指标", "教材合格率"), ("质量指标", "手册合格率"),
        ("质量指标", "演练达标率"),
        ("时效指标", "培训完成时间"), ("时效指标", "教材编印时间"), ("时效指标", "手册发放时间"), ("时效指标", "演练完成时间"),
        ("时效指标", "考核完成时间"),
    ]
    assert {r[0] for r in _rows(records)} == {"产出指标"}


# A report printer's table over a page break: the next page repeats the goal caption and the header, and
# the 数量指标 cell cut by the break is labelled only on page 1 (at its top); on page 2 质量指标 is centred on
# its three rows, below the row that still belongs to 数量指标.
REPEATED_CAPTION = "\n".join([
    at((30, "表11    部门整体支出绩效目标表")),
    at((0, "部门名称"), (12, "测试局")),
    "",
    at((0, "长期目标 1：保障基础平台稳定运行")),
    at((1, "目标名称"), (9, "一级指标"), (20, "二级指标"), (32, "三级指标"), (60, "指标值"), (80, "指标值确定依据")),
    at((0, "长期目标 1"), (9, "产出指标"), (20, "数量指标"), (32, "巡检次数"), (60, "12次"), (81, "计划标准")),
    at((32, "驻场人数"), (60, "1人"), (81, "计划标准")),
    at((32, "报告份数"), (60, "12份"), (81, "计划标准")),
    at((40, "— 1 —")),
    "\f" + at((0, "长期目标 1：保障基础平台稳定运行")),
    at((1, "目标名称"), (9, "一级指标"), (20, "二级指标"), (32, "三级指标"), (60, "指标值"), (80, "指标值确定依据")),
    at((32, "设备数量"), (60, "270个"), (81, "计划标准")),
    at((32, "备份覆盖率"), (60, "100%"), (81, "计划标准")),
    at((20, "质量指标"), (32, "故障解决率"), (60, "100%"), (81, "计划标准")),
    at((32, "正常运行率"), (60, "≥95%"), (81, "计划标准")),
    "",
])


def test_a_caption_repeated_over_the_header_continues_the_table(tmp_path: Path):
    records, _ = _extract(tmp_path, REPEATED_CAPTION)
    assert [(r[1], r[2]) for r in _rows(records)] == [
        ("数量指标", "巡检次数"), ("数量指标", "驻场人数"), ("数量指标", "报告份数"), ("数量指标", "设备数量"),
        ("质量指标", "备份覆盖率"), ("质量指标", "故障解决率"), ("质量指标", "正常运行率"),
    ]
    assert {r[0] for r in _rows(records)} == {"产出指标"}
    goals = [r for r in records if r["type"] == "goal"]
    assert [(g["horizon"], g["goal"], g["text"]) for g in goals] == [("long_term", 1, "保障基础平台稳定运行")]


def test_a_wrapped_row_is_not_as_high_as_its_lines():
    # rows of one, three and one lines: the wrapped row's two extra lines count half a row each
    warp = row_height_warp([(1, 1), (2, 4), (5, 5)])
    assert [warp(y) for y in (1, 2, 3, 4, 5)] == [1, 2, 2.5, 3, 4]


WRAPPED_CAPTION = "\n".join([
    at((30, "表11    部门整体支出绩效目标表")),
    at((0, "部门名称"), (12, "测试局")),
    "",
    at((0, "年度目标 1：保障路灯及泵站房、排水调度系统、区巡查平台、应急指挥系统、监测站点等基础设施")),
    at((0, "稳定运行，发挥基础设施的作用。")),
    at((55, "指标值")),
    at((1, "目标名称"), (9, "一级指标"), (20, "二级指标"), (46, "三级指标"), (80, "指标值确定依据")),
    at((50, "前年"), (57, "上年"), (63, "预计当年实现")),
    at((0, "年度目标 1"), (9, "产出指标"), (20, "数量指标"), (32, "出口带宽"), (50, "≥2G"), (57, "≥2G"), (64, "≥2G"), (82, "计划标准")),
    "",
])


def test_a_goal_caption_wrapped_onto_the_next_line_keeps_its_whole_text(tmp_path: Path):
    records, _ = _extract(tmp_path, WRAPPED_CAPTION)
    (goal,) = [r for r in records if r["type"] == "goal"]
    assert (goal["horizon"], goal["goal"]) == ("annual", 1)
    assert goal["text"] == "保障路灯及泵站房、排水调度系统、区巡查平台、应急指挥系统、监测站点等基础设施稳定运行，发挥基础设施的作用。"
    assert [r["name"] for r in records if r["type"] == "indicator"] == ["出口带宽"]


def test_lines_between_rows_count_as_one_step():
    # rows one line apart, except one step of three lines (two label-only lines between the rows): every
    # step counts as the usual one, and a line between two rows as its share of it
    warp = row_height_warp([(1, 1), (2, 2), (5, 5), (6, 6)])
    assert [warp(y) for y in (1, 2, 3, 4, 5, 6)] == [1, 2, 2 + 1 / 3, 2 + 2 / 3, 3, 4]


# A word target wrapped in all three narrow value columns at once: the converter leaves one space
# between the columns' pieces and starts each piece left of its column (上年's pieces start in 前年's).
WORD_IN_THREE_COLUMNS = FORM + "\n".join([
    at((50, "年度绩效目标表")),
    at((61, "指标值")),
    at((0, "目标名称"), (8, "一级指标"), (17, "二级指标"), (32, "三级指标"), (76, "指标值确定依据")),
    at((51, "前年"), (61, "上年"), (68, "预计当年实现")),
    at((8, "成本指标"), (16, "经济成本指标"), (25, "成本控制"), (49, "≤26.8万元"), (59, "≤22万元"), (68, "≤25万元")),
    at((17, "数量指标"), (25, "巡检次数"), (51, "-"), (61, "-"), (68, "≥40次")),
    at((16, "服务对象满意"), (49, "全年系统故"), (55, "全年系统故")),
    at((0, "年度绩效目"), (8, "满意度指标"), (25, "用户满意度"), (49, "障不超过三"), (55, "障不超过三"), (61, "全年系统故障不超")),
    at((1, "标 1"), (17, "度指标"), (49, "次则满意"), (54, "次则满意"), (61, "过三次则满意")),
    "",
])


def test_a_word_target_wrapped_in_three_squeezed_value_columns(tmp_path: Path):
    records, _ = _extract(tmp_path, WORD_IN_THREE_COLUMNS)
    got = [(r["name"], r["prev2"], r["prev1"], r["target"]) for r in records if r["type"] == "indicator"]
    word = "全年系统故障不超过三次则满意"
    assert got == [("成本控制", "≤26.8万元", "≤22万元", "≤25万元"), ("巡检次数", "-", "-", "≥40次"),
                   ("用户满意度", word, word, word)]


# A converter that spaces out what it prints (pdfplumber's layout text): the goal captions read
# "长期目标  10：…,     …" and the goal labels in the tables "长期目标     10", wide spaces inside them
# (the number of the label in the table stands in the 一级指标 column).
SPACED_CAPTIONS = "\n".join([
    at((43, "表11    部门整体支出绩效目标表")),
    at((8, "长期目标  1：推动辖区人居环境明显改善。")),
    at((9, "目标名称"), (18, "一级指标"), (28, "二级指标"), (48, "三级指标"), (80, "指标值"), (100, "指标值确定依据")),
    at((8, "长期目标   1"), (18, "产出指标"), (28, "数量指标"), (36, "引育重点企业"), (81, "20家"), (101, "历史标准")),
    "",
    at((8, "长期目标  10：统筹推进全区河湖治理,"), (43, "建设智慧城区。")),
    at((9, "目标名称"), (18, "一级指标"), (28, "二级指标"), (48, "三级指标"), (80, "指标值"), (100, "指标值确定依据")),
    at((28, "数量指标"), (36, "城区骨干网络出口带宽"), (81, "≥2G"), (101, "计划标准")),
    at((8, "长期目标"), (16, "10"), (20, "产出指标")),
    at((28, "质量指标"), (36, "监控点运行正常率"), (81, "≥95%"), (101, "计划标准")),
    "",
])


def test_goal_captions_spaced_out_by_the_converter(tmp_path: Path):
    records, _ = _extract(tmp_path, SPACED_CAPTIONS)
    rows = [(r["goal"], r["level1"], r["level2"], r["name"], r["target"]) for r in records if r["type"] == "indicator"]
    assert rows == [
        (1, "产出指标", "数量指标", "引育重点企业", "20家"),
        (10, "产出指标", "数量指标", "城区骨干网络出口带宽", "≥2G"),
        (10, "产出指标", "质量指标", "监控点运行正常率", "≥95%"),
    ]
    goals = {(r["horizon"], r["goal"]): r["text"] for r in records if r["type"] == "goal"}
    assert goals == {("long_term", 1): "推动辖区人居环境明显改善。", ("long_term", 10): "统筹推进全区河湖治理, 建设智慧城区。"}


# ---- header rows rebuilt from where their words stand -------------------------------------------------
def test_a_header_with_cells_one_space_apart_is_column_aligned():
    text = "\n".join([
        at((0, "一级指标 二级指标"), (20, "三级指标"), (40, "指标值"), (50, "指标值确定依据")),
        at((0, "产出指标 数量指标"), (20, "培训场次"), (40, "≥2场"), (50, "计划标准")),
        "",
    ])
    assert is_columns_layout(text)


# 指标值 on the header line beside 前年 | 上年 is a column of its own, not a group head over them; the
# target stands left of 前年 and an explanation column of no role comes before it.
SIDE_BY_SIDE = FORM + "\n".join([
    at((0, "长期绩效目标1：完成检查。")),
    at((2, "一级指标"), (14, "二级指标"), (26, "三级指标"), (42, "指标说明"), (62, "指标值"), (72, "前年"), (78, "上年"), (86, "指标值确定依据")),
    at((2, "产出指标"), (14, "数量指标"), (26, "检查企业数量"), (42, "反映检查的企业数。"), (62, "10家"), (72, "8家"), (78, "9家"), (87, "计划标准")),
    at((2, "效益指标"), (14, "社会效益指标"), (26, "事故下降"), (42, "反映事故的变化。"), (62, "有效下降"), (87, "历史标准")),
    "",
])


def test_a_value_head_beside_prior_year_heads_is_the_target_column(tmp_path: Path):
    records, _ = _extract(tmp_path, SIDE_BY_SIDE)
    assert _rows(records) == [
        ("产出指标", "数量指标", "检查企业数量", "8家", "9家", "10家", "计划标准"),
        ("效益指标", "社会效益指标", "事故下降", None, None, "有效下降", "历史标准"),
    ]


# A header of three lines: a group head (当年目标值) over a split target whose heads wrap onto the line
# below the header line (指标性 | 质, 计量单 | 位); 前年 and 上年 stand beside them on the header line.
WRAPPED_HEADS = FORM + "\n".join([
    at((50, "年度绩效目标表")),
    at((47, "当年目标值")),
    at((0, "一级指标 二级指标"), (20, "三级指标"), (34, "前年"), (40, "上年"), (46, "指标性"), (54, "指标值"), (62, "计量单"), (70, "指标值确定依据")),
    at((47, "质"), (63, "位")),
    at((0, "产出指标 数量指标"), (20, "检查企业数量"), (34, "8家"), (40, "9家"), (47, "≥"), (55, "10"), (63, "家"), (71, "计划标准")),
    at((9, "质量指标"), (20, "检查覆盖率"), (34, "90%"), (40, "92%"), (47, "≥"), (55, "95"), (63, "%"), (71, "行业标准")),
    "",
])


def test_header_cells_wrapped_below_the_header_line_and_a_group_head_above(tmp_path: Path):
    grid = read_text(WRAPPED_HEADS, "w.txt")
    head = next(t for t in grid.items if hasattr(t, "cells") and t.n_rows > 1)
    assert [c.text for c in head.cells if c.row == 0] == \
        ["一级指标", "二级指标", "三级指标", "前年", "上年", "指标性质", "指标值", "计量单位", "指标值确定依据"]
    records, _ = _extract(tmp_path, WRAPPED_HEADS)
    assert _rows(records) == [
        ("产出指标", "数量指标", "检查企业数量", "8家", "9家", "≥10家", "计划标准"),
        ("产出指标", "质量指标", "检查覆盖率", "90%", "92%", "≥95%", "行业标准"),
    ]


def test_template_layout_conversions_against_the_gold():
    """pdftotext -layout of other template families of fixture document 001 whose gold is the source
    gold (../shared/fixtures/templates/README.md): s7, a PDF drawn by a reporting tool."""
    for style in ("s7",):
        records, _ = extract_document(FIXTURES / "templates" / f"001_163e4aab9eba8502.{style}.layout.txt")
        assert_fixture_gold(records)


# Goal statements wrapped under a pair of goal heads (中长期目标 | 年度目标) beside a row label printed
# in the middle of their lines; the converter leaves one space between the two columns and shifts the
# right one by a text column from line to line; a statement may begin with a bare number ("1 提高…").
GOAL_PAIR = FORM + "\n".join([
    at((20, "中长期目标"), (50, "年度目标")),
    at((12, "1.提高企业安全检查覆盖面，减少"), (29, "1 提高企业安全检查的覆盖面。2.")),
    at((1, "项目绩效目标"), (12, "安全事故。2.提升整改及时率。"), (28, "提升整改及时率。")),
    at((34, "长期绩效指标")),
    at((0, "一级指标"), (10, "二级指标"), (20, "三级指标"), (40, "指标值"), (50, "指标值确定依据")),
    at((0, "产出指标"), (10, "数量指标"), (20, "检查企业数量"), (40, "10家"), (50, "计划标准")),
    "",
])


def test_goal_statements_under_a_pair_of_goal_heads_beside_a_row_label():
    grid = read_text(GOAL_PAIR, "g.txt")
    pair = next(t for t in grid.items if hasattr(t, "cells") and any(c.text == "中长期目标" for c in t.cells))
    assert [(c.row, c.col, c.rowspan, c.text) for c in pair.cells] == [
        (0, 0, 2, "项目绩效目标"), (0, 1, 1, "中长期目标"), (0, 2, 1, "年度目标"),
        (1, 1, 1, "1.提高企业安全检查覆盖面，减少\n安全事故。2.提升整改及时率。"),
        (1, 2, 1, "1 提高企业安全检查的覆盖面。2.\n提升整改及时率。"),
    ]


SPLIT_TARGET = """\
表12-1 项目支出绩效目标申报表
  项目名称   企业服务经费
中长期绩效指标
 一级指标 二级指标           三级指标         指标性   指标值   度量单位 指标值确定依据
                                   质
产出指标   数量指标 引育重点企业                      20      家    历史标准
       质量指标 工地安全事故发生率                    0           计划标准
             辖区内重点商户走访覆盖率    ≥          95     %     计划标准
 效益指标 社会效益指标 全区人居环境显著改善     定性          达成           计划标准
满意度指标 服务对象满意 参训学员对课程实用效果的满意 ≥           95     %     计划标准
        度指标 度
年度绩效指标
 一级指标 二级指标           三级指标         指标性   指标值   度量单位 指标值确定依据
                                   质
产出指标   数量指标 引育重点企业                      20      家    历史标准
"""


def test_split_target_signs_left_of_their_header_and_a_caption_ending_the_table(tmp_path: Path):
    """A sign printed left of the 指标性质 header, one space after a name (…满意 ≥), is the sign, not part of
    the name; a top-aligned row whose unit is empty (0) is a row of its own; the next table's caption
    (年度绩效指标) ends the table above instead of being read as its label."""
    records, _ = _extract(tmp_path, SPLIT_TARGET)
    inds = [r for r in records if r["type"] == "indicator"]
    assert [(r["horizon"], r["level1"], r["level2"], r["name"], r["target"]) for r in inds] == [
        ("long_term", "产出指标", "数量指标", "引育重点企业", "20家"),
        ("long_term", "产出指标", "质量指标", "工地安全事故发生率", "0"),
        ("long_term", "产出指标", "质量指标", "辖区内重点商户走访覆盖率", "≥95%"),
        ("long_term", "效益指标", "社会效益指标", "全区人居环境显著改善", "达成"),
        ("long_term", "满意度指标", "服务对象满意度指标", "参训学员对课程实用效果的满意度", "≥95%"),
        ("annual", "产出指标", "数量指标", "引育重点企业", "20家"),
    ]


DRIFTING = """\
表12-1 项目支出绩效目标申报表
  项目名称   产业促进经费
年度绩效指标
                                               当年指标值
一级指标 二级指标     三级指标          前年    上年    指标性     指标值 度量单 指标值确定依据
                                         质           位
成本指标 经济成本指 成本控制        145   78.4        ≤         30        万元    计划标准
        标
产出指标 数量指标 社会资本引入金额   ≥70亿元 ≥70亿元        ≥         90        亿元    历史标准
"""


def test_cells_placed_by_content_where_text_columns_drift_from_the_header(tmp_path: Path):
    """The converter's text columns drift right of the header's (30 under 度量单, 万元 under 指标值确定依据,
    145 left of 前年): a number, unit, sign or basis type goes to the nearest column of its kind in the
    line's order."""
    records, _ = _extract(tmp_path, DRIFTING)
    assert _rows(records) == [
        ("成本指标", "经济成本指标", "成本控制", "145", "78.4", "≤30万元", "计划标准"),
        ("产出指标", "数量指标", "社会资本引入金额", "≥70亿元", "≥70亿元", "≥90亿元", "历史标准"),
    ]


ONE_SPACE_VALUES = """\
表12-1 项目支出绩效目标申报表
  项目名称   网络建设运转维护经费
年度绩效指标
                                             当年指标值
一级指标 二级指标      三级指标          前年    上年    指标性 指标值 度量单 指标值确定依据
                                          质        位
成本指标 经济成本指 成本控制          - ≤910万元        ≤     910       万元    计划标准
       标
产出指标 数量指标 城区骨干网络出口带宽 ≥2G ≥2G              ≥        2          G    计划标准
      质量指标 监控点运行正常率     ≥95% ≥95% ≥       95    %    历史标准
"""


def test_values_one_space_apart_are_cells(tmp_path: Path):
    """Values one space after a name, a placeholder or each other (…带宽 ≥2G ≥2G, - ≤910万元, ≥95% ≥95% ≥)
    are cells of their own."""
    records, _ = _extract(tmp_path, ONE_SPACE_VALUES)
    assert _rows(records) == [
        ("成本指标", "经济成本指标", "成本控制", "-", "≤910万元", "≤910万元", "计划标准"),
        ("产出指标", "数量指标", "城区骨干网络出口带宽", "≥2G", "≥2G", "≥2G", "计划标准"),
        ("产出指标", "质量指标", "监控点运行正常率", "≥95%", "≥95%", "≥95%", "历史标准"),
    ]


def test_a_wrapped_unit_without_a_name_keeps_rows_top_aligned():
    """A line without a 三级指标 that holds only a value's unit wrapped from the line above (≤910.02 | 万元)
    does not make the table middle-aligned; one that holds a whole value does."""
    frs = [Fragment(1, 2, "成本控制"), Fragment(1, 3, "≤910.02"), Fragment(2, 3, "万元"), Fragment(3, 2, "入驻率"), Fragment(3, 3, "=100%")]
    assert alignment(frs, 2, {2, 3}) == "top"
    assert alignment([*frs, Fragment(4, 3, "≥95%")], 2, {2, 3}) == "middle"


def test_content_placement_leaves_columns_of_no_role_alone():
    """A number in a column of no role (分值, 权重) stays there; one in the name column moves to the nearest
    free value column (成本控制 145 → 前年)."""
    from extractors.columns_model import _by_content
    kinds = ["name", "value", "value", "value", None, None]
    assert _by_content(kinds, ["人员考评优秀率", "≥90%", "20"], [0, 1, 5]) == [0, 1, 5]
    assert _by_content(kinds, ["成本控制", "145", "78.4", "30"], [0, 0, 2, 3]) == [0, 1, 2, 3]


# A two-row header: the cells spanning both rows (指标值, 指标来源, 分值) stand on a line above the line naming
# 一级 | 二级 | 三级指标, under a group head (绩效指标) that stands between the columns it spans; 前年 and 上年
# one space apart are two cells.
TWO_ROW_HEADER = FORM + "\n".join([
    at((0, "年度绩效指标")),
    at((27, "绩效指标")),
    at((62, "前年 上年"), (76, "指标值"), (88, "指标来源"), (100, "分值")),
    at((4, "一级指标"), (17, "二级指标"), (45, "三级指标")),
    "",
    at((4, "产出指标"), (17, "数量指标"), (42, "检查企业数量"), (62, "8家"), (67, "9家"), (76, "10家"), (88, "计划标准"), (101, "20")),
    at((4, "效益指标"), (17, "社会效益指标"), (42, "事故下降"), (76, "有效下降"), (88, "历史标准"), (101, "10")),
    "",
])


def test_a_two_row_header_with_cells_above_the_header_line_and_a_group_head_between_columns(tmp_path: Path):
    grid = read_text(TWO_ROW_HEADER, "w.txt")
    head = next(t for t in grid.items if hasattr(t, "cells") and t.n_rows > 1)
    assert [c.text for c in head.cells if c.row == 0] == \
        ["一级指标", "二级指标", "三级指标", "前年", "上年", "指标值", "指标来源", "分值"]
    records, _ = _extract(tmp_path, TWO_ROW_HEADER)
    assert _rows(records) == [
        ("产出指标", "数量指标", "检查企业数量", "8家", "9家", "10家", "计划标准"),
        ("效益指标", "社会效益指标", "事故下降", None, None, "有效下降", "历史标准"),
    ]


# Heads wrapped over three lines with the header line between their parts (计算符 | 号, 计量单 | 位), and a
# basis head whose last character wraps below it (指标值确定依 | 据); a caption above the header whose text
# overlaps the heads is no part of the header.
HEADS_ACROSS_THE_HEADER_LINE = FORM + "\n".join([
    at((0, "年度目标1：完成企业安全检查，减少事故。")),
    at((35, "计算符"), (58, "计量单")),
    at((1, "一级指标"), (11, "二级指标"), (24, "指标内容"), (47, "指标值"), (66, "指标值确定依")),
    at((36, "号"), (59, "位"), (70, "据")),
    "",
    at((1, "产出指标"), (11, "数量指标"), (24, "检查企业数量"), (36, "≥"), (48, "10"), (59, "家"), (67, "计划标准")),
    at((1, "效益指标"), (11, "社会效益指标"), (24, "事故下降"), (48, "有效下降"), (67, "历史标准")),
    "",
])


def test_heads_wrapped_across_the_header_line(tmp_path: Path):
    grid = read_text(HEADS_ACROSS_THE_HEADER_LINE, "w.txt")
    head = next(t for t in grid.items if hasattr(t, "cells") and t.n_rows > 1)
    assert [c.text for c in head.cells if c.row == 0] == \
        ["一级指标", "二级指标", "指标内容", "计算符号", "指标值", "计量单位", "指标值确定依据"]
    records, _ = _extract(tmp_path, HEADS_ACROSS_THE_HEADER_LINE)
    assert _rows(records) == [
        ("产出指标", "数量指标", "检查企业数量", None, None, "≥10家", "计划标准"),
        ("效益指标", "社会效益指标", "事故下降", None, None, "有效下降", "历史标准"),
    ]
    goal = next(r for r in records if r["type"] == "goal")
    assert goal["text"] == "完成企业安全检查，减少事故。"


# The line of a two-row header's upper cells can itself read as a header (绩效指标 names the 三级 column,
# 中长期指标值 the target): the header line is the one naming 一级 | 二级 | 三级指标, and 绩效指标 is the group head.
UPPER_LINE_READS_AS_HEADER = FORM + "\n".join([
    at((0, "长期绩效指标")),
    at((19, "绩效指标"), (41, "前年 上年"), (54, "中长期指标值"), (68, "确定依据 分值")),
    at((1, "一级指标"), (11, "二级指标"), (29, "指标内容")),
    at((1, "产出指标"), (11, "数量指标"), (29, "检查企业数量"), (41, "8家"), (45, "9家"), (55, "10家"), (68, "计划标准"), (74, "20")),
    "",
])


def test_the_header_line_is_the_one_naming_the_indicator_levels():
    grid = read_text(UPPER_LINE_READS_AS_HEADER, "w.txt")
    head = next(t for t in grid.items if hasattr(t, "cells") and t.n_rows > 1)
    assert [c.text for c in head.cells if c.row == 0] == \
        ["一级指标", "二级指标", "指标内容", "前年", "上年", "中长期指标值", "确定依据", "分值"]


# Narrow columns wrap their heads over the lines above and below the header line, also where a part is a
# header word alone (计算 | 符号, 度量 | 单位, 预计当年 | 实现), and 一级指标 is on no line whole: still
# column-aligned text, and each wrapped head is one column.
HEADS_WRAPPED_IN_NARROW_COLUMNS = FORM + "\n".join([
    at((0, "年度绩效目标表")),
    at((14, "一级指"), (41, "计算"), (48, "预计当年"), (58, "度量")),
    at((3, "绩效目标"), (20, "二级指标"), (30, "指标名称"), (62, "前年"), (68, "上年"), (74, "指标来源")),
    at((15, "标"), (41, "符号"), (49, "实现"), (58, "单位")),
    "",
    at((0, "1.完成检查"), (14, "产出指"), (20, "数量指标"), (30, "检查企业数量"), (50, "10"), (58, "家"), (62, "8"), (68, "9"), (74, "计划标准")),
    at((14, "标")),
    at((20, "质量指标"), (30, "检查覆盖率"), (41, "≥"), (50, "95"), (58, "%"), (74, "行业标准")),
    "",
])


def test_heads_wrapped_in_narrow_columns(tmp_path: Path):
    assert is_columns_layout(HEADS_WRAPPED_IN_NARROW_COLUMNS)
    grid = read_text(HEADS_WRAPPED_IN_NARROW_COLUMNS, "w.txt")
    head = next(t for t in grid.items if hasattr(t, "cells") and t.n_rows > 1)
    assert [c.text for c in head.cells if c.row == 0] == \
        ["绩效目标", "一级指标", "二级指标", "指标名称", "计算符号", "预计当年实现", "度量单位", "前年", "上年", "指标来源"]
    records, _ = _extract(tmp_path, HEADS_WRAPPED_IN_NARROW_COLUMNS)
    assert _rows(records) == [
        ("产出指标", "数量指标", "检查企业数量", "8", "9", "10家", "计划标准"),
        ("产出指标", "质量指标", "检查覆盖率", None, None, "≥95%", "行业标准"),
    ]


# Goal captions in other words than 长期目标 N： (中长期绩效目标2：…, 当年绩效目标1：…) end the table above them
# and are goals, never a label of its rows; a table's title (中长期绩效目标表) ends it too.
def _caption_table(caption: str, name: str) -> list[str]:
    return [
        at((0, caption)),
        at((2, "一级指标"), (14, "二级指标"), (28, "三级指标"), (48, "指标值"), (60, "指标值确定依据")),
        at((2, "产出指标"), (14, "数量指标"), (28, name), (48, "10家"), (61, "计划标准")),
        "",
    ]


OTHER_CAPTION_WORDS = FORM + "\n".join([
    *_caption_table("中长期绩效目标1：完成企业安全检查。", "检查企业数量"),
    *_caption_table("中长期绩效目标2：减少道路交通事故。", "整改企业数量"),
    at((0, "年度绩效目标表")),
    *_caption_table("当年绩效目标1：完成年度检查。", "年度检查数量"),
])


def test_goal_captions_in_other_words_end_the_table_above(tmp_path: Path):
    records, _ = _extract(tmp_path, OTHER_CAPTION_WORDS)
    goals = [(r["horizon"], r["goal"], r["text"]) for r in records if r["type"] == "goal"]
    assert goals == [("long_term", 1, "完成企业安全检查。"), ("long_term", 2, "减少道路交通事故。"),
                     ("annual", 1, "完成年度检查。")]
    rows = [(r["horizon"], r["goal"], r["level1"], r["name"]) for r in records if r["type"] == "indicator"]
    assert rows == [("long_term", 1, "产出指标", "检查企业数量"), ("long_term", 2, "产出指标", "整改企业数量"),
                    ("annual", 1, "产出指标", "年度检查数量")]


# Prior-year heads printed as years and wrapped across the header line (2023年实际 over 完成), and a running
# head (the document's title and the system's name) at the top of every page, above a table that goes on
# from the page before.
YEAR_HEADS_AND_RUNNING_HEAD = "\n".join([
    at((0, "某区应急管理局2025年部门预算绩效目标表"), (60, "预算编审系统 报表输出")),
    at((0, "年度目标1：完成企业安全检查。")),
    at((14, "绩效指标"), (52, "2023年实际"), (64, "2024年预计")),
    at((37, "年度指标值"), (76, "指标来源")),
    at((0, "一级指标"), (10, "二级指标"), (24, "三级指标"), (54, "完成"), (66, "完成")),
    at((0, "产出指标"), (10, "数量指标"), (24, "检查企业数量"), (38, "10家"), (53, "8家"), (65, "9家"), (76, "计划标准")),
    "\f" + at((0, "某区应急管理局2025年部门预算绩效目标表"), (60, "预算编审系统 报表输出")),
    at((10, "质量指标"), (24, "检查覆盖率"), (38, "95%"), (53, "90%"), (65, "92%"), (76, "行业标准")),
    "",
])


def test_year_heads_wrapped_across_the_header_line_and_a_running_head_over_a_continued_table(tmp_path: Path):
    grid = read_text(YEAR_HEADS_AND_RUNNING_HEAD, "w.txt")
    head = next(t for t in grid.items if hasattr(t, "cells") and t.n_rows > 1)
    assert [c.text for c in head.cells if c.row == 0] == \
        ["一级指标", "二级指标", "三级指标", "年度指标值", "2023年实际完成", "2024年预计完成", "指标来源"]
    records, _ = _extract(tmp_path, YEAR_HEADS_AND_RUNNING_HEAD)
    assert _rows(records) == [
        ("产出指标", "数量指标", "检查企业数量", "8家", "9家", "10家", "计划标准"),
        ("产出指标", "质量指标", "检查覆盖率", "90%", "92%", "95%", "行业标准"),
    ]


# Heads wrapped in narrow columns whose parts stand one space apart (2024年实 2025年预 计算 | 际完成 计完成 符号).
SQUEEZED_WRAPPED_HEADS = FORM + "\n".join([
    at((0, "年度目标1：完成企业安全检查。")),
    at((34, "2024年实 2025年预 计算"), (59, "计量")),
    at((6, "一级指标"), (12, "二级指标"), (24, "指标内容"), (52, "指标值"), (63, "确定依据")),
    at((35, "际完成"), (41, "计完成"), (47, "符号"), (59, "单位")),
    at((6, "产出指标"), (12, "数量指标"), (24, "检查企业数量"), (35, "8家"), (41, "9家"), (48, "≥"), (53, "10"), (59, "家"), (63, "计划标准")),
    "",
])


def test_heads_wrapped_in_narrow_columns_one_space_apart():
    grid = read_text(SQUEEZED_WRAPPED_HEADS, "w.txt")
    head = next(t for t in grid.items if hasattr(t, "cells") and t.n_rows > 1)
    assert [c.text for c in head.cells if c.row == 0] == \
        ["一级指标", "二级指标", "指标内容", "2024年实际完成", "2025年预计完成", "计算符号", "指标值", "计量单位", "确定依据"]


# Goal statements centred in their cells (each line starts elsewhere) under heads beside a row label on the
# heads' line: the left statement is the long-term goal, not part of the label.
CENTRED_STATEMENTS = FORM + "\n".join([
    at((4, "项目绩效目标"), (31, "中长期目标"), (70, "当年目标")),
    "",
    at((16, "完成企业安全检查，减少安全事故，提升"), (60, "按计划完成全年企业安全检查，检查覆盖面达")),
    at((19, "整改及时率。"), (63, "到九成以上，整改及时率达到要求。")),
    at((64, "问题全部按期整改。")),
    "",
    at((0, "长期绩效指标")),
    at((0, "一级指标"), (10, "二级指标"), (20, "三级指标"), (40, "指标值"), (50, "指标值确定依据")),
    at((0, "产出指标"), (10, "数量指标"), (20, "检查企业数量"), (40, "10家"), (50, "计划标准")),
    "",
])


def test_centred_goal_statements_beside_a_row_label_on_the_heads_line():
    grid = read_text(CENTRED_STATEMENTS, "g.txt")
    pair = next(t for t in grid.items if hasattr(t, "cells") and any(c.text == "中长期目标" for c in t.cells))
    assert [(c.row, c.col, c.text) for c in pair.cells] == [
        (0, 0, "项目绩效目标"), (0, 1, "中长期目标"), (0, 2, "当年目标"),
        (1, 1, "完成企业安全检查，减少安全事故，提升\n整改及时率。"),
        (1, 2, "按计划完成全年企业安全检查，检查覆盖面达\n到九成以上，整改及时率达到要求。\n问题全部按期整改。"),
    ]


# Form labels wrapped in narrow cells (项目 | 名称, 项目 | 总预 | 算) are read as whole labels with their values.
WRAPPED_FORM_LABELS = "\n".join([
    at((30, "表12-1 项目绩效目标表")),
    at((70, "金额单位：元")),
    at((0, "项目 企业安全检查经费")),
    at((0, "名称")),
    at((0, "项目 某区应急管理局"), (50, "项目起止时间"), (65, "2026-2027")),
    at((0, "单位")),
    at((0, "项目 300000.00"), (50, "财政拨款"), (65, "300000.00")),
    at((0, "总预")),
    at((0, "算")),
    "",
    at((0, "长期绩效指标")),
    at((0, "一级指标"), (10, "二级指标"), (20, "三级指标"), (40, "指标值"), (50, "指标值确定依据")),
    at((0, "产出指标"), (10, "数量指标"), (20, "检查企业数量"), (40, "10家"), (50, "计划标准")),
    "",
])


def test_form_labels_wrapped_in_narrow_cells(tmp_path: Path):
    records, _ = _extract(tmp_path, WRAPPED_FORM_LABELS)
    project = next(r for r in records if r["type"] == "project")
    assert (project["project"], project["total_budget"], project["start_year"], project["end_year"]) == \
        ("企业安全检查经费", Decimal("300000.00"), 2026, 2027)


# Numbered goal statements beside a row label, one of them shifted a column left by the converter: it is
# still a statement, not part of the label.
DRIFTED_STATEMENT = FORM + "\n".join([
    at((23, "中长期目标"), (62, "年度目标")),
    at((23, "目标1：完成企业安全检查，减少"), (58, "目标1：完成年度企业安全检查。")),
    at((23, "安全事故。")),
    at((10, "整体绩效目标"), (23, "目标2：提升整改及时率。"), (58, "目标2：提升年度整改及时率。")),
    at((22, "目标3：提升企业满意度。"), (58, "目标3：提升年度企业满意度。")),
    "",
    at((0, "长期绩效指标")),
    at((0, "一级指标"), (10, "二级指标"), (20, "三级指标"), (40, "指标值"), (50, "指标值确定依据")),
    at((0, "产出指标"), (10, "数量指标"), (20, "检查企业数量"), (40, "10家"), (50, "计划标准")),
    "",
])


def test_a_goal_statement_shifted_a_column_left_is_no_part_of_the_row_label():
    grid = read_text(DRIFTED_STATEMENT, "g.txt")
    pair = next(t for t in grid.items if hasattr(t, "cells") and any(c.text == "中长期目标" for c in t.cells))
    cells = {(c.row, c.col): c.text for c in pair.cells}
    assert cells[(0, 0)] == "整体绩效目标"
    assert cells[(1, 1)] == "目标1：完成企业安全检查，减少\n安全事故。\n目标2：提升整改及时率。\n目标3：提升企业满意度。"


# Heads on a line of their own, the row label beside the statements' first line, and a last line that
# holds only the right statement's end: the statements begin right of the label.
LABEL_BESIDE_STATEMENTS = FORM + "\n".join([
    at((46, "中长期目标"), (90, "当年目标")),
    "",
    at((0, "项目绩效目标"), (23, "完成企业安全检查，减少安全事故，提升整改"), (72, "按计划完成全年企业安全检查，检查覆")),
    at((23, "及时率。"), (72, "盖面达到九成以上。")),
    at((72, "问题全部按期整改。")),
    "",
    at((0, "长期绩效指标")),
    at((0, "一级指标"), (10, "二级指标"), (20, "三级指标"), (40, "指标值"), (50, "指标值确定依据")),
    at((0, "产出指标"), (10, "数量指标"), (20, "检查企业数量"), (40, "10家"), (50, "计划标准")),
    "",
])


def test_goal_statements_beside_a_row_label_under_heads_on_their_own_line():
    grid = read_text(LABEL_BESIDE_STATEMENTS, "g.txt")
    pair = next(t for t in grid.items if hasattr(t, "cells") and any(c.text == "中长期目标" for c in t.cells))
    cells = {(c.row, c.col): c.text for c in pair.cells}
    assert cells[(0, 0)] == "项目绩效目标"
    assert cells[(1, 1)] == "完成企业安全检查，减少安全事故，提升整改\n及时率。"
    assert cells[(1, 2)] == "按计划完成全年企业安全检查，检查覆\n盖面达到九成以上。\n问题全部按期整改。"


# Sub-heads under 指标值 on the line below the header line, a year printed apart from the rest of its head
# (2024 年预计完成): the line is part of the header, not a row.
YEAR_APART = "\n".join([
    at((10, "某区应急管理局2025年部门预算绩效目标表")),
    at((0, "年度目标1：完成企业安全检查。")),
    at((1, "一级指标"), (15, "二级指标"), (32, "三级指标"), (68, "指标值"), (105, "指标来源")),
    at((45, "当年预期实现值"), (63, "2023年实际完成"), (89, "2024 年预计完成")),
    at((0, "产出指标"), (9, "数量指标"), (25, "检查企业数量"), (45, "10家"), (63, "8家"), (89, "9家"), (105, "计划标准")),
    "",
])


def test_a_year_printed_apart_from_its_head(tmp_path: Path):
    records, _ = _extract(tmp_path, YEAR_APART)
    assert _rows(records) == [("产出指标", "数量指标", "检查企业数量", "8家", "9家", "10家", "计划标准")]


# A goal statement as short as a row label, standing under its head: a statement, not a label.
SHORT_STATEMENTS = FORM + "\n".join([
    at((0, "项目绩效目标"), (26, "长期目标"), (66, "当年目标")),
    at((26, "保障单位车辆油费"), (66, "保障单位车辆油费")),
    "",
    at((0, "长期绩效指标")),
    at((0, "一级指标"), (10, "二级指标"), (20, "三级指标"), (40, "指标值"), (50, "指标值确定依据")),
    at((0, "产出指标"), (10, "数量指标"), (20, "保障人数"), (40, "10人"), (50, "计划标准")),
    "",
])


def test_a_short_goal_statement_under_its_head_is_no_row_label():
    grid = read_text(SHORT_STATEMENTS, "g.txt")
    pair = next(t for t in grid.items if hasattr(t, "cells") and any(c.text == "长期目标" for c in t.cells))
    cells = {(c.row, c.col): c.text for c in pair.cells}
    assert (cells[(0, 0)], cells[(1, 1)], cells[(1, 2)]) == ("项目绩效目标", "保障单位车辆油费", "保障单位车辆油费")


# Heads squeezed into narrow columns and wrapped, the line of their second parts shifted by the converter
# so that the parts overlap the wrong heads: paired in order, each pair a header word (计算符 | 号 …).
SHIFTED_HEAD_PARTS = FORM + "\n".join([
    at((0, "长期绩效指标")),
    at((0, "一级指标"), (9, "二级指标"), (18, "绩效指标"), (56, "计算符 中长期指标 计量单 前 上 指标来")),
    at((56, "号    值    位 年 年 源")),
    at((0, "产出指标"), (9, "数量指标"), (18, "检查企业数量"), (57, "≥"), (61, "10"), (66, "家"), (70, "8"), (72, "9"), (74, "计划标准")),
    "",
])


def test_wrapped_head_parts_shifted_by_the_converter_are_paired_in_order():
    grid = read_text(SHIFTED_HEAD_PARTS, "w.txt")
    head = next(t for t in grid.items if hasattr(t, "cells") and t.n_rows > 1)
    assert [c.text for c in head.cells if c.row == 0] == \
        ["一级指标", "二级指标", "绩效指标", "计算符号", "中长期指标值", "计量单位", "前年", "上年", "指标来源"]


def test_a_label_column_left_empty_gives_its_rows_no_label():
    # a 二级 column in which no line prints a label (a converter moved its words elsewhere): no label is
    # placed, at no cost, and nothing breaks
    from extractors.read_columns import assign_labels
    placed, cost = assign_labels([(1, 1), (2, 3)], [], rows=[("培训场次", "≥2场"), ("培训人数", "≥100人")])
    assert placed == [] and cost >= 0



def test_a_table_part_without_rows_after_a_page_break_breaks_nothing():
    # a table's last part holds no row of its own (the next page opens with lines of no row): its page
    # break stands after the last row, and the label is still placed on the rows it is centred on
    from extractors.read_columns import Fragment, assign_labels
    placed, _ = assign_labels([(1, 1), (3, 3)], [[Fragment(2, 0, "产出指标")]], breaks=[2])
    assert [(a, b, [f.text for f in c]) for a, b, c in placed] == [(0, 1, ["产出指标"])]


# A serial-number column (序号) printed on the middle line of a three-line header, under the group head
# 绩效指标 and beside 指标值 | 指标来源: a column of no role, its numbers no part of a row's name.
SERIAL = FORM + "\n".join([
    at((0, "年度绩效指标")),
    at((30, "绩效指标")),
    at((1, "序号"), (64, "指标值"), (76, "指标来源"), (88, "分值")),
    at((8, "一级指标"), (20, "二级指标"), (38, "三级指标")),
    at((2, "1"), (8, "产出指标"), (20, "数量指标"), (38, "检查企业数量"), (64, "≥10家"), (76, "计划标准"), (89, "30")),
    at((2, "2"), (20, "质量指标"), (38, "整改完成率"), (64, "≥95%"), (76, "行业标准"), (89, "20")),
    at((2, "3"), (8, "满意度指标"), (20, "服务对象满意度指标"), (38, "企业满意度"), (64, "≥90%"), (76, "计划标准"), (89, "10")),
    "",
])


def test_a_serial_column_on_a_header_line_of_its_own_is_a_context_column(tmp_path: Path):
    records, problems = _extract(tmp_path, SERIAL)
    assert _rows(records) == [
        ("产出指标", "数量指标", "检查企业数量", None, None, "≥10家", "计划标准"),
        ("产出指标", "质量指标", "整改完成率", None, None, "≥95%", "行业标准"),
        ("满意度指标", "服务对象满意度指标", "企业满意度", None, None, "≥90%", "计划标准"),
    ]
    assert problems == []


# Short heads (一级 | 二级 | 指标内容, as a web page's header prints them) under a group head 绩效指标:
# column-aligned text all the same.
SHORT_HEADS = FORM + "\n".join([
    at((0, "年度绩效指标")),
    at((12, "绩效指标"), (40, "年度指标值"), (52, "确定依据")),
    at((1, "一级"), (12, "二级"), (15, "指标内容")),
    at((9, "数量指标"), (16, "检查企业数量"), (40, "≥10家"), (52, "计划标准")),
    at((0, "产出指标")),
    at((9, "质量指标"), (16, "整改完成率"), (40, "≥95%"), (52, "行业标准")),
    "",
])


def test_short_heads_one_space_from_the_next_are_a_column_layout(tmp_path: Path):
    assert is_columns_layout(SHORT_HEADS)
    records, problems = _extract(tmp_path, SHORT_HEADS)
    assert _rows(records) == [
        ("产出指标", "数量指标", "检查企业数量", None, None, "≥10家", "计划标准"),
        ("产出指标", "质量指标", "整改完成率", None, None, "≥95%", "行业标准"),
    ]
    assert problems == []


# The 分值 column one space from the 指标来源 one, in the header and in the body (计划标准 20): the bare
# number after a whole basis type is a cell of its own, not part of the basis.
SCORE_BESIDE_BASIS = FORM + "\n".join([
    at((0, "年度绩效指标")),
    at((0, "一级指标"), (10, "二级指标"), (22, "三级指标"), (40, "指标值"), (50, "指标来源 分值")),
    at((0, "产出指标"), (10, "数量指标"), (22, "检查企业数量"), (40, "≥10家"), (50, "计划标准 20")),
    at((10, "质量指标"), (22, "整改完成率"), (40, "≥95%"), (50, "行业标准 10")),
    "",
])


def test_a_score_one_space_after_its_basis_is_a_cell_of_its_own(tmp_path: Path):
    records, problems = _extract(tmp_path, SCORE_BESIDE_BASIS)
    assert _rows(records) == [
        ("产出指标", "数量指标", "检查企业数量", None, None, "≥10家", "计划标准"),
        ("产出指标", "质量指标", "整改完成率", None, None, "≥95%", "行业标准"),
    ]
    assert problems == []


# A header whose narrow heads wrap (一级指 | 标, 二级指 | 标, 序 | 号) while the one-line heads stand on the
# wrapped heads' first line or centred between their lines (三级指标): no line names two levels whole, and
# the line of 一级指 | 二级指 | 指标值 names the columns through the wrapped heads' first parts.
HEADS_WRAPPED_WITH_THE_NAME_HEAD_BETWEEN = FORM + "\n".join([
    at((0, "年度绩效目标表")),
    at((0, "序"), (62, "确定依")),
    at((4, "目标名称"), (16, "一级指"), (24, "二级指"), (48, "指标值"), (56, "上年")),
    at((0, "号"), (34, "三级指标"), (63, "据")),
    at((17, "标"), (25, "标")),
    at((0, "1"), (16, "产出指标"), (24, "数量指标"), (34, "检查企业数量"), (48, "10家"), (56, "9家"), (62, "计划标准")),
    at((0, "2"), (4, "完成检查"), (16, "效益指标"), (24, "社会效益"), (34, "事故下降"), (48, "有效下降"), (62, "历史标准")),
    "",
])


# The same with the target's head wrapped too (当年指标 | 值, centred on the header's lines like 序 | 号): only
# 上年 stands whole beside 一级指 | 二级指.
HEADS_WRAPPED_BESIDE_A_PRIOR_YEAR_HEAD = FORM + "\n".join([
    at((0, "年度绩效目标表")),
    at((0, "序"), (46, "当年指标"), (62, "确定依")),
    at((4, "目标名称"), (16, "一级指"), (24, "二级指"), (56, "上年")),
    at((0, "号"), (34, "三级指标"), (48, "值"), (63, "据")),
    at((17, "标"), (25, "标")),
    at((0, "1"), (16, "产出指标"), (24, "数量指标"), (34, "检查企业数量"), (48, "10家"), (56, "9家"), (62, "计划标准")),
    at((0, "2"), (4, "完成检查"), (16, "效益指标"), (24, "社会效益"), (34, "事故下降"), (48, "有效下降"), (62, "历史标准")),
    "",
])


@pytest.mark.parametrize("text", [HEADS_WRAPPED_WITH_THE_NAME_HEAD_BETWEEN, HEADS_WRAPPED_BESIDE_A_PRIOR_YEAR_HEAD],
                         ids=["name-head-centred-between", "beside-a-prior-year-head"])
def test_wrapped_level_heads_name_the_columns_through_their_first_parts(tmp_path: Path, text: str):
    records, problems = _extract(tmp_path, text)
    assert _rows(records) == [
        ("产出指标", "数量指标", "检查企业数量", None, "9家", "10家", "计划标准"),
        ("效益指标", "社会效益", "事故下降", None, None, "有效下降", "历史标准"),
    ]
