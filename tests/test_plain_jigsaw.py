"""Plain pdftotext of a ruled table printed column by column (a "jigsaw" page): the names one a line with their
labels, then the values, units and bases each as a run, the header words late. Excerpts written here in
that order, each with the rows a reader of the printed table writes down."""
from __future__ import annotations

from pathlib import Path

from extractors.engine import extract_document
from extractors.plain_jigsaw import rebuild_jigsaws
from extractors.plain_lines import tokens


def blocks(*bs: str) -> str:
    """Blocks of lines with a blank line between them, as pdftotext prints them."""
    return "\n\n".join(bs) + "\n\n"


HEAD = blocks("某区应急管理局2025年部门预算绩效目标表", "表11 部门整体支出绩效目标表")
END = blocks("年度绩效指标（目标2）", "一级指标 二级指标", "三级指标", "指标值", "指标值确定依据",
             "产出指标", "数量指标 宣传次数", "6", "计划标准", "满意度指标 服务对象满意度指标 群众满意度", "≥90%",
             "计划标准")  # a table printed row by row after it


def _doc(tmp_path: Path, table: str) -> tuple[list[tuple], list]:
    f = tmp_path / "doc.txt"
    f.write_text(HEAD + "\f" + table + "\f" + END, encoding="utf-8")
    records, problems = extract_document(f)
    rows = [(r["goal"], r["level1"], r["level2"], r["name"], r["target"], r["basis"])
            for r in records if r["type"] == "indicator"]
    return rows, problems


LAST = [(2, "产出指标", "数量指标", "宣传次数", "6", "计划标准"),
        (2, "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "计划标准")]

# labels and names, one row a line (a name's end wrapped under it), then one column after another
JIGSAW = blocks(
    "年度绩效指标（目标1）", "一级指标 二级指标", "产出指标", "三级指标",
    "数量指标 检查企业数量\n培训场次\n质量指标 重点园区走访覆\n盖率\n效益指标 社会效益指标 安全意识\n"
    "满意度指标 服务对象满意度指标 企业满意度",
    "指标值", "10\n4\n95\n提高\n90", "度量单位 指标值确定依据", "家\n场\n%\n%",
    "计划标准\n历史标准\n计划标准\n计划标准\n行业标准")


def test_a_table_printed_column_by_column_is_read_by_rows(tmp_path: Path):
    rows, problems = _doc(tmp_path, JIGSAW)
    assert rows == [
        (1, "产出指标", "数量指标", "检查企业数量", "10家", "计划标准"),
        (1, "产出指标", "数量指标", "培训场次", "4场", "历史标准"),
        (1, "产出指标", "质量指标", "重点园区走访覆盖率", "95%", "计划标准"),
        (1, "效益指标", "社会效益指标", "安全意识", "提高", "计划标准"),
        (1, "满意度指标", "服务对象满意度指标", "企业满意度", "90%", "行业标准"),
        *LAST,
    ]
    assert problems == []


def test_signs_beside_names_and_units_short_of_the_numbers(tmp_path: Path):
    # 指标性质 printed beside its row's name; the units fewer than the bare numbers: a bare 0 takes none
    # (the split-target reader's fit), and a 定性 row none either
    table = blocks(
        "年度绩效指标（目标1）", "一级指标 二级指标", "三级指标", "指标性质",
        "产出指标 数量指标 检查企业数量\n≥\n质量指标 设备故障发生率\n=\n效益指标 社会效益指标 安全意识\n定性\n"
        "满意度指标 服务对象满意 企业对检查工作的满意 ≥\n度指标 度",
        "指标值", "10\n0\n提高\n90", "度量单位 指标值确定依据", "家\n%",
        "计划标准\n历史标准\n计划标准\n行业标准")
    rows, problems = _doc(tmp_path, table)
    assert rows == [
        (1, "产出指标", "数量指标", "检查企业数量", "≥10家", "计划标准"),
        (1, "产出指标", "质量指标", "设备故障发生率", "=0", "历史标准"),
        (1, "效益指标", "社会效益指标", "安全意识", "提高", "计划标准"),
        (1, "满意度指标", "服务对象满意度指标", "企业对检查工作的满意度", "≥90%", "行业标准"),
        *LAST,
    ]
    assert problems == []


def test_counts_that_leave_a_doubt_keep_the_printed_order_and_say_so():
    # five names, four values and four bases: which row has none is not known
    text = HEAD + "\f" + blocks(
        "年度绩效指标（目标1）", "一级指标 二级指标", "三级指标",
        "产出指标 数量指标 检查企业数量\n培训场次\n检查报告份数\n质量指标 整改合格率\n效益指标 社会效益指标 安全意识",
        "指标值", "10\n4\n95\n提高", "指标值确定依据", "计划标准\n历史标准\n计划标准\n计划标准")
    toks = tokens(text)
    out, notes = rebuild_jigsaws(toks, "doc.txt")
    assert [t.text for t in out] == [t.text for t in toks]
    assert [(n.severity, n.code) for n in notes] == [("warning", "plain-jigsaw")]
    assert "第2页" in notes[0].message and notes[0].where.startswith("doc.txt:")


def test_a_table_printed_row_by_row_is_left_alone():
    text = HEAD + "\f" + blocks("年度绩效指标（目标1）", "一级指标 二级指标", "三级指标", "指标值", "指标值确定依据",
                                "产出指标", "数量指标 检查企业数量", "10家", "计划标准", "培训场次", "4场", "历史标准")
    toks = tokens(text)
    out, notes = rebuild_jigsaws(toks, "doc.txt")
    assert out == toks and notes == []


def test_value_columns_printed_one_after_another():
    # 上年 and 指标值 printed as two runs: the k-th of each run is row k's
    text = HEAD + "\f" + blocks(
        "年度绩效指标（目标1）", "一级指标 二级指标", "三级指标",
        "产出指标 数量指标 检查企业数量\n培训场次\n质量指标 整改合格率",
        "上年", "8家\n3场\n90%", "指标值", "10家\n4场\n95%", "指标值确定依据", "计划标准\n历史标准\n行业标准")
    out, notes = rebuild_jigsaws(tokens(text), "doc.txt")
    body = [t.text for t in out][[t.text for t in out].index("指标值确定依据") + 1:]
    assert body == ["产出指标", "数量指标", "检查企业数量", "8家", "10家", "计划标准", "培训场次", "3场", "4场", "历史标准",
                    "质量指标", "整改合格率", "90%", "95%", "行业标准"]
    assert notes == []


def test_the_right_hand_part_printed_row_by_row_after_the_names():
    # the names first, then each row's 前年 | 上年 | 指标值 and basis: as many rows as values a row (3 × 3),
    # the bases between the runs say the runs are rows, not columns
    text = HEAD + "\f" + blocks(
        "年度绩效指标（目标1）", "一级指标 二级指标", "三级指标",
        "产出指标 数量指标 检查企业数量\n培训场次\n质量指标 整改合格率", "前年", "上年", "指标值", "指标值确定依据",
        "8家\n9家\n10家", "计划标准", "3场\n3场\n4场", "历史标准", "90%\n92%\n95%", "行业标准")
    out, notes = rebuild_jigsaws(tokens(text), "doc.txt")
    body = [t.text for t in out][[t.text for t in out].index("指标值确定依据") + 1:]
    assert body == ["产出指标", "数量指标", "检查企业数量", "8家", "9家", "10家", "计划标准", "培训场次", "3场", "3场", "4场",
                    "历史标准", "质量指标", "整改合格率", "90%", "92%", "95%", "行业标准"]
    assert notes == []


def test_units_left_over_without_a_unit_header_leave_the_part_alone():
    # three bare numbers and two units, and no 度量单位 header to read the units left over by
    text = HEAD + "\f" + blocks(
        "年度绩效指标（目标1）", "一级指标 二级指标", "三级指标",
        "产出指标 数量指标 检查企业数量\n培训场次\n质量指标 事故发生率", "指标值", "10\n4\n0", "家\n场",
        "指标值确定依据", "计划标准\n历史标准\n行业标准")
    toks = tokens(text)
    out, notes = rebuild_jigsaws(toks, "doc.txt")
    assert out == toks and [n.code for n in notes] == ["plain-jigsaw"]


def test_signs_short_of_the_bare_numbers_leave_the_part_alone():
    # three bare-number rows and two signs printed as a run: which row has none is not known
    text = HEAD + "\f" + blocks(
        "年度绩效指标（目标1）", "一级指标 二级指标", "三级指标", "指标性质",
        "产出指标 数量指标 检查企业数量\n培训场次\n质量指标 事故发生率", "≥\n≥", "指标值", "10\n4\n0", "度量单位",
        "家\n场", "指标值确定依据", "计划标准\n历史标准\n行业标准")
    toks = tokens(text)
    out, notes = rebuild_jigsaws(toks, "doc.txt")
    assert out == toks and [n.code for n in notes] == ["plain-jigsaw"]


def test_a_lone_qualitative_sign_goes_to_the_row_with_a_word_target():
    # the names, then the right-hand part row by row with the one 定性 printed first: it is the row's whose
    # target is a word (a unit under its number in one block is read with it: 100%)
    text = HEAD + "\f" + blocks(
        "年度绩效指标（目标1）", "一级指标 二级指标", "三级指标",
        "产出指标 质量指标 整改合格率\n效益指标 社会效益指标 安全意识\n满意度指标 服务对象满意度指标 企业满意度",
        "指标性质", "定性", "指标值", "100\n%", "计划标准", "提高", "计划标准", "95\n%", "行业标准", "度量单位",
        "指标值确定依据")
    out, notes = rebuild_jigsaws(tokens(text), "doc.txt")
    body = [t.text for t in out][[t.text for t in out].index("指标值确定依据") + 1:]
    assert body == ["产出指标", "质量指标", "整改合格率", "100%", "计划标准", "效益指标", "社会效益指标", "安全意识", "定性", "提高",
                    "计划标准", "满意度指标", "服务对象满意度指标", "企业满意度", "95%", "行业标准"]
    assert notes == []


def test_comparators_of_a_right_hand_part_printed_row_by_row_go_with_the_value_after_them():
    # one comparator printed before the header words, two among the rows: each is the row of the value
    # printed right after it; the second row has none
    text = HEAD + "\f" + blocks(
        "年度绩效指标（目标1）", "一级指标", "产出指标", "二级指标", "三级指标", "数量指标", "检查企业数量", "质量指标",
        "整改合格率", "时效指标", "整改完成时间", "效益指标", "社会效益指标", "年度访问量", "计算符号", "≥", "指标值", "度量单位",
        "30", "家", "95", "%", "≤", "7", "日", "≥", "120", "万")
    out, notes = rebuild_jigsaws(tokens(text), "doc.txt")
    body = [t.text for t in out][[t.text for t in out].index("度量单位") + 1:]
    assert body == ["数量指标", "检查企业数量", "≥", "30", "家", "质量指标", "整改合格率", "95", "%", "时效指标", "整改完成时间", "≤",
                    "7", "日", "效益指标", "社会效益指标", "年度访问量", "≥", "120", "万"]
    assert notes == []


def test_a_name_wrapped_under_a_line_as_wide_as_its_column_is_one_name():
    # a cell a block: the last name's first line is as wide as the widest name, its second line is its end
    text = HEAD + "\f" + blocks(
        "年度绩效指标（目标1）", "一级指标", "产出指标", "二级指标", "三级指标", "数量指标", "全年办理工单数量", "质量指标",
        "热线月度抽查达到上级合格", "满意度指标", "服务对象满意度指标", "群众来电事项两日内办结即\n满意度100%",
        "指标值", "度量单位", "3000", "条", "100", "%", "100", "%")
    out, notes = rebuild_jigsaws(tokens(text), "doc.txt")
    assert "群众来电事项两日内办结即满意度100%" in [t.text for t in out] and notes == []
    # a short first line under which a name goes on is two names: as many names as rows leaves no join
    two = HEAD + "\f" + blocks(
        "年度绩效指标（目标1）", "一级指标", "产出指标", "二级指标", "三级指标", "数量指标", "覆盖率\n新平台安全防护等级",
        "指标值", "100%", "2级")
    out, notes = rebuild_jigsaws(tokens(two), "doc.txt")
    assert [t.text for t in out][-4:] == ["覆盖率", "100%", "新平台安全防护等级", "2级"] and notes == []
    # nor is the widest name with a name under it, where the names are as many as the rows without joining
    three = HEAD + "" + blocks(
        "年度绩效指标（目标1）", "一级指标", "产出指标", "二级指标", "三级指标", "时效指标", "热线工单回复及时率\n台账更新频率",
        "效益指标", "社会效益指标", "设备故障发生率", "指标值", "100%", "年度更新", "0")
    out, notes = rebuild_jigsaws(tokens(three), "doc.txt")
    assert [t.text for t in out][-8:] == ["热线工单回复及时率", "100%", "台账更新频率", "年度更新", "效益指标", "社会效益指标",
                                          "设备故障发生率", "0"] and notes == []


def test_signs_beside_the_names_and_values_printed_row_by_row():
    # 定性 printed beside each name (the last one too), then each row's 前年 | 上年 | 指标值 and basis
    text = HEAD + "\f" + blocks(
        "年度绩效指标（目标1）", "一级指标", "二级指标", "指标名称", "计算符号", "产出指标", "数量指标", "规上企业增加", "定性",
        "工业产值增加", "定性", "前年", "上年", "指标值", "指标值确定依据", "完成\n完成\n完成", "计划标准", "增加\n增加\n增加",
        "历史标准")
    out, notes = rebuild_jigsaws(tokens(text), "doc.txt")
    body = [t.text for t in out][[t.text for t in out].index("指标值确定依据") + 1:]
    assert body == ["产出指标", "数量指标", "规上企业增加", "定性", "完成", "完成", "完成", "计划标准", "工业产值增加", "定性", "增加",
                    "增加", "增加", "历史标准"]
    assert notes == []
