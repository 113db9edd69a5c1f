"""OCR plausibility: a value or form field shaped unlike what its field prints flags its record for a reviewer
(a note in Chinese), though the recogniser was sure of it, and is never changed. Texts and grids here are
written by hand."""
from __future__ import annotations

from extractors.engine import extract_grid
from extractors.grid import Cell, Grid, Source, Table, Text
from extractors.ocr.plausible import (money_problem, name_problem, odd_one_out, period_problem, value_problem,
                                      year_problem)
from extractors.ocr.trust import OcrGrid, review_reason

SRC = Source("scan.pdf", page=1, bbox=(0, 0, 10, 10))


# ---- the checks on small texts -----------------------------------------------------------------------------

def test_dates_run_together_are_a_dropped_range_mark():
    for t in ("2021年3月2021年9月", "2021年9月2022年", "2021年3月\n2021年9月", "3月9月", "20212022"):
        assert value_problem(t) is not None, t
    for t in ("2021年3月-2021年9月", "2021年3月至9月", "2021年", "2021年03月-2021年09月", "3月底", "20211"):
        assert value_problem(t) is None, t


def test_a_unit_or_comparator_without_its_number():
    assert value_problem("%") == "只有单位而没有数值" and value_problem("万元") == "只有单位而没有数值"
    assert value_problem("≤") == "只有比较符而没有数值" and value_problem("不低于") == "只有比较符而没有数值"
    for t in ("≤7天", "60%", "不低于60%", "达标", "—", "无", ""):
        assert value_problem(t) is None, t
    # the comparators are the value grammar's own (extractors/data/values.json), words of it included
    assert value_problem("大于等于") == "只有比较符而没有数值" and value_problem("达到") == "只有比较符而没有数值"


def test_numbers_glued_or_with_a_lost_leading_digit():
    assert value_problem("80%90%") == "两个数值连在一起"
    assert value_problem("05%") == "的数字以0开头" and value_problem("≥07次") == "的数字以0开头"
    for t in ("0", "0.5%", "≤0.3‰", "100%", "10:05前", "≥1,050人次", "12,000", "2025-06-30前", "2025/06/30",
              "第05期"):
        assert value_problem(t) is None, t


def test_money_shapes():
    for t in ("45.00", "1,250.5", "1,250.50万元", "300元", "-", ""):
        assert money_problem(t) is None, t
    assert money_problem("4S.00") == "中有不是数字的字符“S”"
    assert money_problem("45.0.0") == "有两个小数点"
    assert money_problem("12,50.00") == "的千分位不是三位一组"
    assert money_problem("万元") == "没有数字"


def test_year_and_period_shapes():
    assert year_problem("2026") is None and year_problem("2026年") is None and year_problem("2026年度") is None
    assert year_problem("206") == "不是一个年份" and year_problem("2O26") == "不是一个年份" and year_problem("20266") == "不是一个年份"
    assert year_problem("7") is None and year_problem("27年") is None  # an end printed short, as some forms do
    for t in ("2026年至2028年", "2026-2028", "2026年1月-2026年12月", "2026年", "2026年-2028年"):
        assert period_problem(t) is None, t
    assert period_problem("2026年2028年") is not None and period_problem("20262028") is not None
    assert period_problem("2026年和2028年") == "两个年份之间没有“-”或“至”"
    assert period_problem("长期") == "中没有年份"


def test_an_organisation_name_with_a_letter_inside():
    assert name_problem("某某县农业R村局") == "中夹有字母或数字“R”"
    assert name_problem("某某县第3中学") == "中夹有字母或数字“3”"
    assert name_problem("某某县农业农村局") is None and name_problem("某某县农业农村局 301001") is None


def test_a_name_one_character_off_the_documents_others():
    others = ["某某县农业农村局"] * 3 + ["某某县水利局"]
    assert odd_one_out("某某县农亚农村局", others) == "某某县农业农村局"
    assert odd_one_out("某某县农业农村局", others) is None  # the name itself
    assert odd_one_out("某某县林业局", others) is None  # another organisation (not the same length as one printed twice)
    assert odd_one_out("某某县水利局", ["某某县水务局"]) is None  # one other print is no agreement
    assert odd_one_out("某某县农亚农村局", ["某某县农业农村局", "某某县农亚农村局"]) is None  # no majority


# ---- indicator rows ------------------------------------------------------------------------------------------

HEAD = ["目标名称", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"]


def _rows(body: list[list[str]], head: list[str] = HEAD, conf: float = 0.99) -> list[dict]:
    """The indicator records of one goal's table read by OCR, every cell read with `conf`."""
    rows = [head, *body]
    cells = [Cell(t, r, c, source=SRC, confidence=conf) for r, row in enumerate(rows) for c, t in enumerate(row)]
    items = [Text("表11 部门整体支出绩效目标表", SRC), Text("年度目标1：做好检测。", SRC), Table(cells, len(rows), len(head), SRC)]
    records, _ = extract_grid(OcrGrid("scan.pdf", items), "scan", "pdf")
    return [r for r in records if r["type"] == "indicator"]


def test_a_confident_value_shaped_unlike_a_value_flags_its_row_unchanged():
    rows = _rows([["年度目标1", "产出指标", "时效指标", "检测完成时间", "2021年3月2021年9月", "计划标准"],
                  ["年度目标1", "产出指标", "数量指标", "检测批次", "40批", "计划标准"]])
    flagged, fine = rows
    assert flagged["target"] == "2021年3月2021年9月" and flagged["ocr_low_confidence"] is True
    assert review_reason(flagged) == "OCR提示：指标值“2021年3月2021年9月”两个日期连在一起，中间没有“-”或“至”，请人工核对（未作改动）"
    assert fine["ocr_low_confidence"] is False and review_reason(fine) is None


def _two_goals(head2: list[str]) -> list[dict]:
    """Two goals' tables read by OCR; the second's column heads `head2`."""
    items: list = [Text("表11 部门整体支出绩效目标表", SRC)]
    for k, head in ((1, HEAD), (2, head2)):
        rows = [head, [f"年度目标{k}", "产出指标", "数量指标", f"检测批次{k}", "40批", "计划标准"]]
        if len(head) < len(HEAD):
            rows[1].pop(1)
        cells = [Cell(t, r, c, source=SRC, confidence=0.99) for r, row in enumerate(rows) for c, t in enumerate(row)]
        items += [Text(f"年度目标{k}：做好检测。", SRC), Table(cells, 2, len(head), SRC)]
    records, _ = extract_grid(OcrGrid("scan.pdf", items), "scan", "pdf")
    return [r for r in records if r["type"] == "indicator"]


def test_an_empty_label_flags_the_row_where_the_document_prints_labels():
    # the second table's 一级 head misread (一 as a dash): its column, and so the rows' labels, are lost
    rows = _two_goals(["目标名称", "—级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"])
    assert rows[0]["level1"] == "产出指标" and rows[0]["ocr_low_confidence"] is False
    assert rows[1]["level1"] is None and rows[1]["ocr_low_confidence"] is True
    assert "一级指标为空（本文件其他行有）" in review_reason(rows[1])
    # a document that prints no 一级 column at all: nothing to check
    head = ["目标名称", "二级指标", "三级指标", "指标值", "指标值确定依据"]
    rows = [head, ["年度目标1", "数量指标", "检测批次", "40批", "计划标准"]]
    cells = [Cell(t, r, c, source=SRC, confidence=0.99) for r, row in enumerate(rows) for c, t in enumerate(row)]
    items = [Text("表11 部门整体支出绩效目标表", SRC), Text("年度目标1：做好检测。", SRC), Table(cells, 2, 5, SRC)]
    bare = [r for r in extract_grid(OcrGrid("scan.pdf", items), "scan", "pdf")[0] if r["type"] == "indicator"]
    assert bare[0]["level1"] is None and bare[0]["ocr_low_confidence"] is False


def test_a_row_naming_another_goal_than_it_was_filed_under_is_flagged():
    rows = _rows([["年度目标1", "产出指标", "数量指标", "检测批次", "40批", "计划标准"],
                  ["年度目标2", "产出指标", "数量指标", "抽查次数", "6次", "计划标准"]])
    assert rows[1]["goal"] == 1 and rows[1]["ocr_low_confidence"] is True  # the caption of 年度目标2 was lost
    assert "本行目标名称格为“年度目标2”，但归入了年度目标1" in review_reason(rows[1])
    assert rows[0]["ocr_low_confidence"] is False
    # the goal named with another horizon word (当年, 中长期) is told the same way
    rows = _rows([["当年目标1", "产出指标", "数量指标", "检测批次", "40批", "计划标准"],
                  ["当年目标2", "产出指标", "数量指标", "抽查次数", "6次", "计划标准"]])
    assert [r["ocr_low_confidence"] for r in rows] == [False, True]


def test_rows_of_other_readers_are_not_shape_checked():
    rows = [HEAD, ["年度目标1", "产出指标", "时效指标", "检测完成时间", "2021年3月2021年9月", "计划标准"]]
    cells = [Cell(t, r, c, source=SRC) for r, row in enumerate(rows) for c, t in enumerate(row)]
    items = [Text("表11 部门整体支出绩效目标表", SRC), Text("年度目标1：做好检测。", SRC), Table(cells, 2, 6, SRC)]
    records, _ = extract_grid(Grid("f.pdf", items), "f", "pdf")
    assert all("ocr_low_confidence" not in r for r in records)


# ---- project forms -------------------------------------------------------------------------------------------

def _form(name: str, dept: str, total: str, years: str) -> list:
    rows = [["项目名称", name, "项目编码", "A01"], ["主管部门", dept, "执行单位", "某某县农业农村局"],
            ["项目总预算（万元）", total, "项目当年预算（万元）", "60.00"], ["项目期限", years, "项目属性", "延续性项目"]]
    cells = [Cell(t, r, c, source=SRC, confidence=0.98) for r, row in enumerate(rows) for c, t in enumerate(row)]
    return [Text("表12 项目支出绩效目标表", SRC), Table(cells, 4, 4, SRC)]


def _projects(forms: list[tuple[str, str, str, str]], items: list | None = None) -> list[dict]:
    items = items if items is not None else [it for f in forms for it in _form(*f)]
    records, _ = extract_grid(OcrGrid("scan.pdf", items), "scan", "pdf")
    return [r for r in records if r["type"] == "project"]


def test_form_values_shaped_unlike_their_field_flag_the_project():
    ok = ("工程甲", "某某县农业农村局", "120.00", "2025年至2027年")
    projects = _projects([ok, ("工程乙", "某某县农业农村局", "12O.00", "2025年2027年")])
    assert projects[0]["ocr_low_confidence"] is False
    second = projects[1]
    assert second["ocr_low_confidence"] is True
    assert second["ocr_review_fields"] == ["end_year", "start_year", "total_budget"]
    reason = review_reason(second)
    assert "项目总预算（万元）“12O.00”中有不是数字的字符“O”" in reason and "（未作改动）" in reason
    assert "项目期限“2025年2027年”两个日期连在一起" in reason


def test_a_department_one_character_off_the_other_forms_is_flagged():
    forms = [(f"工程{k}", "某某县农业农村局", "120.00", "2025年至2027年") for k in "甲乙丙"]
    forms.append(("工程丁", "某某县农亚农村局", "120.00", "2025年至2027年"))
    projects = _projects(forms)
    assert [p["ocr_low_confidence"] for p in projects] == [False, False, False, True]
    assert projects[3]["ocr_review_fields"] == ["department"]
    assert "主管部门“某某县农亚农村局”与本文件其他项目的“某某县农业农村局”只差一两个字" in review_reason(projects[3])


def test_a_low_confidence_department_is_flagged_naming_the_field():
    items = _form("工程甲", "某某县农业农村局", "120.00", "2025年至2027年")
    items[1].cells[5].confidence = 0.55  # 主管部门's value
    items[1].cells[7].text = "某某县农技站"  # (an executor of the same name would confirm it: test_ocr_review)
    project = _projects([], items)[0]
    assert project["ocr_review_fields"] == ["department"] and "主管部门“某某县农业农村局”（0.55）" in review_reason(project)


def test_a_form_field_printed_as_a_text_line_carries_the_lines_confidence():
    rows = [["项目名称", "工程甲", "项目编码", "A01"], ["项目总预算（万元）", "120.00", "项目当年预算（万元）", "60.00"]]
    form = Table([Cell(t, r, c, source=SRC, confidence=0.98) for r, row in enumerate(rows) for c, t in enumerate(row)], 2, 4, SRC)
    body = [HEAD, ["年度目标1", "产出指标", "数量指标", "检测批次", "40批", "计划标准"]]
    table = Table([Cell(t, r, c, source=SRC, confidence=0.98) for r, row in enumerate(body) for c, t in enumerate(row)], 2, 6, SRC)
    for conf, flagged in ((0.62, True), (0.97, False)):
        line = Text("主管部门：某某县农业农村局", SRC, conf)  # the form goes on below its table as a text line
        project = _projects([], [Text("表12 项目支出绩效目标表", SRC), form, line, table])[0]
        assert project["department"] == "某某县农业农村局" and project["ocr_low_confidence"] is flagged
        assert project["ocr_confidence"] == min(conf, 0.98)
    assert project.get("ocr_review_fields") is None
    line = Text("主管部门：某某县农业农村局", SRC, 0.62)
    project = _projects([], [Text("表12 项目支出绩效目标表", SRC), form, line, table])[0]
    assert project["ocr_review_fields"] == ["department"]
    assert "主管部门“某某县农业农村局”（0.62）" in review_reason(project)


def test_the_scan_reader_gives_a_text_line_its_words_lowest_confidence():
    from dataclasses import dataclass
    from pathlib import Path

    from extractors.read_pdf import Word, page_items
    from extractors.read_scan import SCAN_SETTINGS, _grid

    @dataclass
    class Read(Word):  # a recognised word as ocr.recognize makes it (without loading the recogniser)
        conf: float = 1.0
        mended: str | None = None

    words = [Read("主管部门：", 50, 110, 100, 112, 12, 0.97), Read("某某县农业农村局", 112, 210, 100, 112, 12, 0.58),
             Read("年度目标1：做好检测。", 50, 180, 140, 152, 12, 0.99, "OCR提示：本格文字上盖有印章")]
    page = page_items(1, 800.0, [], words, words, SCAN_SETTINGS)
    grid = _grid(Path("scan.pdf"), [page], [{"top": [], "bottom": []}])
    lines = {t.text.replace(" ", ""): t for t in grid.items}
    assert lines["主管部门：某某县农业农村局"].confidence == 0.58
    goal = lines["年度目标1：做好检测。"]
    assert goal.confidence == 0.99 and grid.mends[id(goal)] == "OCR提示：本格文字上盖有印章"


def test_a_sign_column_cell_that_is_no_comparator_flags_its_row():
    head = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "指标值确定依据"]
    rows = [head, ["产出指标", "数量指标", "检测批次", "V", "40", "批", "计划标准"],  # a lone ≥ read as a letter
            ["产出指标", "质量指标", "合格率", "≥", "98", "%", "计划标准"],
            ["产出指标", "质量指标", "抽检数", "", "12", "次", "计划标准"],  # printed without a sign
            ["效益指标", "社会效益指标", "群众认可", "定性", "提升", "", "计划标准"],
            ["产出指标", "数量指标", "巡查次数", "/", "6", "次", "计划标准"]]  # a placeholder: no lost sign
    cells = [Cell(t, r, c, source=SRC, confidence=0.97) for r, row in enumerate(rows) for c, t in enumerate(row)]
    items = [Text("表11 部门整体支出绩效目标表", SRC), Text("年度目标1：做好检测。", SRC), Table(cells, 6, 7, SRC)]
    records = [r for r in extract_grid(OcrGrid("scan.pdf", items), "scan", "pdf")[0] if r["type"] == "indicator"]
    assert [r["target"] for r in records] == ["40批", "≥98%", "12次", "提升", "6次"]
    assert [r["ocr_low_confidence"] for r in records] == [True, False, False, False, False]
    assert "指标性质格“V”不是比较符" in review_reason(records[0])


def test_a_label_far_from_the_framework_flags_its_row():
    rows = _rows([["年度目标1", "产出指标", "数量指标", "检测批次", "40批", "计划标准"],
                  ["年度目标1", "审核人", "质量指标", "合格率", "≥98%", "计划标准"],  # a footer's word in the 一级 cell
                  ["年度目标1", "产出指标", "质童指标", "抽检数", "12次", "计划标准"]])  # one character off: snapped
    assert [r["ocr_low_confidence"] for r in rows] == [False, True, False]  # a snapped label is noted only
    assert "一级指标“审核人”不在指标体系中" in review_reason(rows[1])
    assert rows[2]["level2"] == "质量指标" and not any("不在指标体系中" in n for n in rows[2]["notes"])


def test_lint_names_a_flagged_department_in_chinese():
    from pathlib import Path

    from graph.output.lint import project_reviews

    forms = [(f"工程{k}", "某某县农业农村局", "120.00", "2025年至2027年") for k in "甲乙丙"]
    forms.append(("工程丁", "某某县农亚农村局", "120.00", "2025年至2027年"))
    reviews = project_reviews(Path("scan.pdf"), _projects(forms))
    assert [(r.project, r.fields) for r in reviews] == [("工程丁", ["主管部门"])]
    assert "只差一两个字" in reviews[0].reason


def test_a_project_row_whose_project_name_was_not_read_is_flagged():
    rows = [HEAD, ["年度目标1", "产出指标", "数量指标", "检测批次", "40批", "计划标准"]]
    cells = [Cell(t, r, c, source=SRC, confidence=0.99) for r, row in enumerate(rows) for c, t in enumerate(row)]
    # the project's form lost (a seal over it): its table follows the 表12 title straight away
    items = [Text("表12 项目支出绩效目标表", SRC), Text("年度绩效目标表", SRC), Table(cells, 2, 6, SRC)]
    row = [r for r in extract_grid(OcrGrid("scan.pdf", items), "scan", "pdf")[0] if r["type"] == "indicator"][0]
    assert row["scope"] == "project" and row["project"] is None and row["ocr_low_confidence"] is True
    assert "项目名称未识别出" in review_reason(row)
    forms = _projects([], [*_form("工程甲", "某某县农业农村局", "120.00", "2025年至2027年"), Text("年度绩效目标表", SRC),
                           Table([Cell(t, r, c, source=SRC, confidence=0.99) for r, rw in enumerate(rows) for c, t in enumerate(rw)], 2, 6, SRC)])
    assert forms[0]["project"] == "工程甲"


def test_rows_of_a_project_whose_name_is_doubtful_are_flagged():
    """A project's name read under a seal (or with low confidence) is flagged on the project record; the rows
    filed under it are flagged too, though their own cells were read with confidence."""
    rows = [HEAD, ["年度目标1", "产出指标", "数量指标", "检测批次", "40批", "计划标准"]]

    def table() -> Table:
        return Table([Cell(t, r, c, source=SRC, confidence=0.99) for r, rw in enumerate(rows) for c, t in enumerate(rw)],
                     2, 6, SRC)

    first, second = _form("工程甲", "某某县农业农村局", "120.00", "2025年至2027年"), _form("工程乙", "某某县农业农村局", "120.00", "2025年至2027年")
    second[1].cells[1].confidence = 0.52  # 项目名称's value, half hidden by a seal
    items = [*first, Text("年度绩效目标表", SRC), table(), *second, Text("年度绩效目标表", SRC), table()]
    records, _ = extract_grid(OcrGrid("scan.pdf", items), "scan", "pdf")
    projects = [r for r in records if r["type"] == "project"]
    assert [(p["project"], "project" in (p.get("ocr_review_fields") or [])) for p in projects] == [("工程甲", False), ("工程乙", True)]
    flagged = [(r["project"], r["ocr_low_confidence"]) for r in records if r["type"] == "indicator"]
    assert flagged == [("工程甲", False), ("工程乙", True)]
    row = [r for r in records if r["type"] == "indicator"][1]
    assert "本行所属项目的名称“工程乙”识别存疑" in review_reason(row)


def test_rows_of_a_project_sharing_its_name_with_a_doubtful_one_are_not_flagged_for_it():
    """A document may print two projects of one name (two forms, two tables): only the rows of the one whose
    name was read doubtfully are flagged for it."""
    rows = [HEAD, ["年度目标1", "产出指标", "数量指标", "检测批次", "40批", "计划标准"]]

    def table() -> Table:
        return Table([Cell(t, r, c, source=SRC, confidence=0.99) for r, rw in enumerate(rows) for c, t in enumerate(rw)],
                     2, 6, SRC)

    first, second = _form("工程甲", "某某县农业农村局", "120.00", "2025年至2027年"), _form("工程甲", "某某县农业农村局", "80.00", "2025年至2027年")
    second[1].cells[1].confidence = 0.52  # the second form's 项目名称, half hidden by a seal
    items = [*first, Text("年度绩效目标表", SRC), table(), *second, Text("年度绩效目标表", SRC), table()]
    records, _ = extract_grid(OcrGrid("scan.pdf", items), "scan", "pdf")
    projects = [r for r in records if r["type"] == "project"]
    assert [("project" in (p.get("ocr_review_fields") or [])) for p in projects] == [False, True]
    assert [r["ocr_low_confidence"] for r in records if r["type"] == "indicator"] == [False, True]
