"""Plain pdftotext: a row's cells printed side by side and wrapped line by line (extractors.wrapped_rows),
and number note columns (权重, 分值) printed after the basis column."""
from __future__ import annotations

from pathlib import Path

from extractors.engine import extract_document
from extractors.read_plain import tokens


def blocks(*bs: str) -> str:
    return "\n\n".join(bs) + "\n\n"


def test_pieces_go_to_the_column_whose_broken_word_they_finish():
    # three cells wrapped at once: 标 finishes the 一级 label, 意度指标 the 二级 label, 满意度 the name
    text = blocks("满意度指 服务对象满 服务对象对项目实施效果\n标\n意度指标 满意度")
    assert [t.text for t in tokens(text)] == ["满意度指标", "服务对象满意度指标", "服务对象对项目实施效果满意度"]


def test_a_label_broken_beside_a_value_and_a_basis_broken_beside_a_number():
    assert [t.text for t in tokens(blocks("成本指标 经济成本指 预算内\n标"))] == ["成本指标", "经济成本指标", "预算内"]
    assert [t.text for t in tokens(blocks("≥90% 计划标 10\n准"))] == ["≥90%", "计划标准", "10"]


def test_a_unit_piece_never_goes_to_a_value_it_would_spoil():
    # two values wrapped alike: each takes one 元, the second 元 cannot make ≥70亿元元
    assert [t.text for t in tokens(blocks("≥70亿 ≥70亿 历史\n元\n元\n标准"))] == ["≥70亿元", "≥70亿元", "历史标准"]
    assert [t.text for t in tokens(blocks("≤48小 计划\n时\n标准"))] == ["≤48小时", "计划标准"]


def test_a_block_no_piece_of_which_finishes_a_word_is_left_as_printed():
    # the second line is a cell of its own (a name under a label), not the rest of a column
    got = [t.text for t in tokens(blocks("数量指标 走访企业数量\n新增企业数量"))]
    assert "新增企业数量" in got and "走访企业数量新增企业数量" not in got


def test_scores_printed_after_the_basis_are_no_values_of_the_next_row(tmp_path: Path):
    # 上年 printed empty: a count of values a row cannot tell the score from a value, its place after the basis can
    table = blocks("表11 部门整体支出绩效目标表", "部门名称", "某区科技局",
                   "长期目标1：培育科技企业",
                   "一级指标", "二级指标", "三级指标", "上年", "指标值", "确定依据", "分值",
                   "产出指标", "数量指标", "企业数量", "≥10家", "计划标准", "20",
                   "质量指标", "验收合格率", "≥95%", "行业标准", "30",
                   "效益指标", "社会效益指标", "服务企业", "有效服务", "计划标准", "50")
    f = tmp_path / "doc.txt"
    f.write_text(blocks("某区科技局", "2025年部门预算") + "\f" + table, encoding="utf-8")  # pages: a plain conversion
    records, _ = extract_document(f)
    rows = [(r["name"], r["target"], r["basis"], r.get("prev1")) for r in records if r["type"] == "indicator"]
    assert rows == [("企业数量", "≥10家", "计划标准", None), ("验收合格率", "≥95%", "行业标准", None),
                    ("服务企业", "有效服务", "计划标准", None)]
    assert [(r.get("extras") or {}).get("分值") for r in records if r["type"] == "indicator"] == ["20", "30", "50"]


def test_header_words_printed_before_the_next_caption_open_the_next_table(tmp_path: Path):
    # the converter printed the second table's 上年 | 指标值确定依据 heads at the end of the first table,
    # then the caption, then the rest of its header
    first = ("长期目标1：培育科技企业", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据",
             "产出指标", "数量指标", "企业数量", "≥10家", "计划标准")
    second = ("上年", "指标值确定依据", "长期目标2：建设孵化平台", "一级指标", "二级指标", "三级指标", "指标值",
              "产出指标", "数量指标", "平台数量", "1个", "2个", "计划标准",
              "质量指标", "验收合格率", "90%", "≥95%", "行业标准")
    f = tmp_path / "doc.txt"
    f.write_text(blocks("某区科技局", "2025年部门预算") + "\f" + blocks("表11 部门整体支出绩效目标表", "部门名称", "某区科技局",
                                                                 *first, *second), encoding="utf-8")
    records, _ = extract_document(f)
    rows = [(r["goal"], r["name"], r.get("prev1"), r["target"], r["basis"]) for r in records if r["type"] == "indicator"]
    assert rows == [(1, "企业数量", None, "≥10家", "计划标准"), (2, "平台数量", "1个", "2个", "计划标准"),
                    (2, "验收合格率", "90%", "≥95%", "行业标准")]


def test_a_caption_that_names_its_goal_in_brackets_opens_that_goals_table(tmp_path: Path):
    # the second table's body printed before its caption 中长期绩效指标（目标2）, its labels after it
    first = ("中长期绩效指标（目标1）", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据",
             "产出指标", "数量指标", "企业数量", "≥10家", "计划标准")
    body = ("指标值", "指标值确定依据", "平台数量", "1个", "计划标准", "验收合格率", "≥95%", "行业标准")
    labels = ("中长期绩效指标（目标2）", "一级指标", "二级指标", "三级指标", "产出指标", "数量指标", "质量指标")
    f = tmp_path / "doc.txt"
    f.write_text(blocks("某区科技局", "2025年部门预算") + "\f" + blocks(
        "表11 部门整体支出绩效目标表", "部门名称", "某区科技局", *first, *body, *labels), encoding="utf-8")
    records, _ = extract_document(f)
    got = [(r["horizon"], r["goal"], r["name"], r["level2"]) for r in records if r["type"] == "indicator"]
    assert got == [("long_term", 1, "企业数量", "数量指标"), ("long_term", 2, "平台数量", "数量指标"),
                   ("long_term", 2, "验收合格率", "质量指标")]


def test_a_year_printed_apart_from_its_header_words_is_that_columns_header():
    # 2024年实际完成 printed as its words, then the year two cells on; 2025年预计完成 wrapped and its year before it
    text = blocks("指标值", "年实际完成", "指标来源", "2024", "2025", "年预计完\n成", "规模以上企业增加", "完成")
    got = [t.text for t in tokens(text)]
    assert got[:4] == ["指标值", "2024年实际完成", "指标来源", "2025年预计完成"]
    assert "2024" not in got and "2025" not in got
    # both words first, then both years: in order
    got = [t.text for t in tokens(blocks("当年指标值", "年实际完成", "年预计完成", "2023", "2024", "规模以上企业增加", "2024"))]
    assert got == ["当年指标值", "2023年实际完成", "2024年预计完成", "规模以上企业增加", "2024"]


def test_a_table_whose_header_lost_its_target_word_still_has_a_target(tmp_path: Path):
    # the second table's 年度指标值 head was printed with another table: its one value a row is the target
    first = ("当年目标1：培育科技企业", "一级指标", "二级指标", "三级指标", "前年", "上年", "年度指标值", "指标值确定依据",
             "产出指标", "数量指标", "企业数量", "8家", "9家", "≥10家", "计划标准")
    second = ("当年目标2：建设孵化平台", "一级指标", "二级指标", "三级指标", "前年", "上年", "指标值确定依据",
              "产出指标", "数量指标", "平台数量", "1个", "计划标准")
    f = tmp_path / "doc.txt"
    f.write_text(blocks("某区科技局", "2025年部门预算") + "\f" + blocks("表11 部门整体支出绩效目标表", "部门名称", "某区科技局",
                                                                 *first, *second), encoding="utf-8")
    records, _ = extract_document(f)
    rows = [(r["goal"], r["name"], r["prev2"], r["prev1"], r["target"]) for r in records if r["type"] == "indicator"]
    assert rows == [(1, "企业数量", "8家", "9家", "≥10家"), (2, "平台数量", None, None, "1个")]


def test_a_running_head_between_a_table_and_its_continuation_does_not_end_the_table(tmp_path: Path):
    head = "某区科技局2025年部门预算绩效目标表"  # printed over every page by the reporting tool
    page1 = blocks(head, "表11 部门整体支出绩效目标表", "部门名称", "某区科技局", "长期目标1：培育科技企业",
                   "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据",
                   "产出指标", "数量指标", "企业数量", "≥10家", "计划标准")
    page2 = blocks(head, "质量指标", "验收合格率", "≥95%", "行业标准", "时效指标", "按时完成率", "100%", "计划标准")
    page3 = blocks(head, "效益指标", "社会效益指标", "服务企业", "有效服务", "计划标准")
    f = tmp_path / "doc.txt"
    f.write_text("\f".join([page1, page2, page3]), encoding="utf-8")
    records, _ = extract_document(f)
    rows = [(r["goal"], r["level2"], r["name"], r["target"]) for r in records if r["type"] == "indicator"]
    assert rows == [(1, "数量指标", "企业数量", "≥10家"), (1, "质量指标", "验收合格率", "≥95%"),
                    (1, "时效指标", "按时完成率", "100%"), (1, "社会效益指标", "服务企业", "有效服务")]


def test_the_title_of_one_page_project_forms_is_no_running_head(tmp_path: Path):
    """A document of one project form per page prints the same title on every page, then the form's first
    label: each title opens a project, and 项目名称 is never taken for a reporting tool's line beside it."""
    title = "项目支出绩效目标表"
    pages = []
    for n, (name, ind, val) in enumerate((("社区养老驿站运营补助", "驿站运营数量", "≥12个"),
                                          ("农村道路养护", "养护里程", "≥30公里"),
                                          ("档案数字化", "数字化完成率", "≥95%"),
                                          ("校园安全设施更新", "更新设施数量", "≥40套")), 1):
        pages.append(blocks(title, "项目名称", name, "项目编码", f"99010525031T00000010{n}",
                            "项目主管部门", "某区民政局", "项目执行单位", "某区民政局",
                            "起始年度", "2025", "终止年度", "2027", "项目总预算", "300000.00",
                            "项目当年预算", "100000.00", "长期绩效目标 1", f"完成{name}任务",
                            "一级指标", "二级指标", "三级指标", "指标值",
                            "产出指标", "数量指标", ind, val))
    f = tmp_path / "forms.txt"
    f.write_text("\f".join(pages), encoding="utf-8")
    records, _ = extract_document(f)
    projects = [r["project"] for r in records if r["type"] == "project"]
    assert projects == ["社区养老驿站运营补助", "农村道路养护", "档案数字化", "校园安全设施更新"]
    rows = [(r["project"], r["name"], r["target"]) for r in records if r["type"] == "indicator"]
    assert rows == [("社区养老驿站运营补助", "驿站运营数量", "≥12个"), ("农村道路养护", "养护里程", "≥30公里"),
                    ("档案数字化", "数字化完成率", "≥95%"), ("校园安全设施更新", "更新设施数量", "≥40套")]


def test_a_wide_row_is_placed_without_trying_every_combination_of_columns():
    """Pieces keep their order, so the best columns of a continuation line come from an order-keeping search:
    a first line of 40 cells with 20 pieces under it (C(40, 20) ≈ 1.4e11 combinations) is answered."""
    from extractors.wrapped_rows import Words, unwrap_row

    whole = {f"项目{i}指标" for i in range(40)}
    words = Words(whole=lambda s: s in whole, start=lambda s: any(w.startswith(s) for w in whole) and s not in whole,
                  quantity=lambda s: False)
    first = " ".join(f"项目{i}指" for i in range(40))
    under = " ".join("标" for _ in range(20))
    cells = unwrap_row([first, under], words)
    assert cells is not None and len(cells) == 40
    assert sum(c.endswith("指标") for c in cells) == 20  # each 标 finishes one broken word
