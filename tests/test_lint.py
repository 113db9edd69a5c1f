"""`pikg lint`: a csv of targets, a document, an xlsx table; verdicts, advice, formats and exit codes."""
from __future__ import annotations

import json

import pytest
from openpyxl import Workbook, load_workbook

from tests.helpers import CORPUS, run_pikg

CSV = ("项目,一级指标,二级指标,三级指标,指标值,指标值确定依据\n"
       "培训项目,产出指标,数量指标,培训人数,完成,计划标准\n"
       "培训项目,产出指标,时效指标,培训完成时间,2025年6月底前,计划标准\n"
       "培训项目,满意度指标,服务对象满意度指标,学员满意度,≥90%,\n")


@pytest.mark.slow
def test_lint_a_csv_of_targets(tmp_path):
    p = tmp_path / "targets.csv"
    p.write_text(CSV, encoding="utf-8")
    r = run_pikg("lint", str(p))
    out = r.stdout.decode("utf-8")
    assert r.returncode == 1  # one vague target: a submission check fails
    assert f"{p}:2" in out and "培训人数：完成  ✗ 模糊" in out and "应量化而未量化" in out and "≥20次" in out
    assert "培训完成时间：2025年6月底前  ✓ 可核验" in out
    assert "未填写确定依据" in out  # a finding, not vagueness: 学员满意度 stays checkable
    assert "培训项目：3 个指标值，1 个模糊" in out
    rows = json.loads(run_pikg("lint", str(p), "-f", "json").stdout)
    assert [(x["name"], x["vague"], x["reasons"]) for x in rows] == [
        ("培训人数", True, ["qualitative"]), ("培训完成时间", False, []), ("学员满意度", False, [])]
    assert rows[2]["findings"] == ["no-basis"]


@pytest.mark.slow
def test_lint_an_xlsx_table_all_checkable_exits_0(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["一级指标", "二级指标", "三级指标", "指标值"])
    ws.append(["产出指标", "数量指标", "检查次数", "12次"])
    ws.append(["效益指标", "社会效益指标", "重大安全事故", "无"])
    ws.append(["产出指标", "质量指标", "覆盖率", 0.95])
    ws["D4"].number_format = "0%"  # a number the sheet shows as 95%
    p = tmp_path / "targets.xlsx"
    wb.save(p)
    r = run_pikg("lint", str(p))
    assert r.returncode == 0, r.stdout.decode()
    assert "合计：3 个指标值，0 个模糊，全部可核验" in r.stdout.decode("utf-8")
    assert f"{p}:Sheet!A2" in r.stdout.decode("utf-8")
    assert "覆盖率：95%" in r.stdout.decode("utf-8")  # as the cell prints, not 0.95


@pytest.mark.slow
def test_lint_a_document_and_write_xlsx(tmp_path):
    out = tmp_path / "lint.xlsx"
    r = run_pikg("lint", str(CORPUS / "001_163e4aab9eba8502.txt"), "-o", str(out))
    assert r.returncode == 1 and out.exists()
    ws = load_workbook(out).active
    header = [c.value for c in ws[1]]
    assert header == ["位置", "项目", "一级指标", "二级指标", "三级指标", "指标值", "结论", "模糊原因", "其他发现", "修改建议", "原因代码"]
    rows = {(ws.cell(row=k, column=5).value, ws.cell(row=k, column=7).value) for k in range(2, ws.max_row + 1)}
    assert ws.max_row - 1 == 105
    assert ("科技计划项目监督能力", "模糊") in rows  # 001 l.425: 提升, a hedge
    assert ("招商引资签约金额", "可核验") in rows  # 90亿元


@pytest.mark.slow
def test_lint_bad_input(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("a,b\n1,2\n", encoding="utf-8")
    r = run_pikg("lint", str(p))
    assert r.returncode == 2 and "三级指标" in r.stderr.decode("utf-8") and b"Traceback" not in r.stderr
    r = run_pikg("lint", str(tmp_path / "missing.csv"))
    assert r.returncode == 2 and "文件或文件夹不存在" in r.stderr.decode("utf-8")


@pytest.mark.slow
def test_lint_a_budget_document_saved_as_csv(tmp_path):
    """A csv whose first row names no 三级指标/指标值 columns is a budget document saved as CSV: linted row by row."""
    from pathlib import Path

    from tests.helpers.workbooks import xlsx_to_csv

    p = tmp_path / "book.csv"
    xlsx_to_csv(Path(__file__).parent / "data" / "fixtures" / "001_163e4aab9eba8502.s2.book.xlsx", p)
    rows = json.loads(run_pikg("lint", str(p), "-f", "json").stdout)
    assert len(rows) == 105
    assert ("科技计划项目监督能力", True) in {(x["name"], x["vague"]) for x in rows}  # 提升, a hedge


def _verdicts(tmp_path, text: str) -> dict[str, tuple[bool, list[str], list[str]]]:
    from pathlib import Path

    from graph.output.lint import lint, read_targets

    p = Path(tmp_path) / "targets.csv"
    p.write_text(text, encoding="utf-8")
    return {r.name: (r.vague, r.reasons, r.findings) for r in lint(read_targets(p))}


def test_a_table_without_a_basis_column_is_not_told_each_row_lacks_one(tmp_path):
    without = _verdicts(tmp_path, "三级指标,指标值\n培训人次,≥200人次\n")
    assert without["培训人次"] == (False, [], [])
    with_empty = _verdicts(tmp_path, "三级指标,指标值,指标值确定依据\n培训人次,≥200人次,\n")
    assert with_empty["培训人次"][2] == ["no-basis"]  # the column is there and the cell is empty


def test_a_bare_number_needs_a_unit_unless_the_name_measures_a_rate(tmp_path):
    v = _verdicts(tmp_path, "二级指标,三级指标,指标值\n质量指标,档案数字化合格率,98\n成本指标,设备采购金额,120\n"
                            "成本指标,设备采购金额（万元）,120万元\n")
    assert v["档案数字化合格率"][0] is False  # a rate: 98 reads as 98%
    assert v["设备采购金额"][:2] == (True, ["missing-unit"])  # 元 or 万元?
    assert v["设备采购金额（万元）"][0] is False


def test_lint_of_a_pdf_names_the_page(tmp_path):
    from pathlib import Path

    from graph.output.lint import read_targets

    pdf = Path(__file__).parent / "data" / "fixtures" / "001_163e4aab9eba8502.s1.pdf"
    rows = read_targets(pdf)
    assert rows and all(r["source"].startswith(f"{pdf} p.") for r in rows)
