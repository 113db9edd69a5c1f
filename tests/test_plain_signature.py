"""The signature line under a form's last table (projects.is_signature_line), as the plain and column readers
tell it from a table's cells, and a signature row of a workbook's table (assemble)."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.engine import extract_document
from extractors.projects import is_signature_line


@pytest.mark.parametrize("line", [
    "审核人：",  # one label alone on its line, as a plain conversion prints a cell
    "经办人： 联系方式： 分管领导：",  # several, spaced as a layout conversion prints them
    "经办人:联系方式:",  # run together, half-width colons
    "经 办 人：  联系方式：",  # letter-spaced label
    "复核人（签字）： 经办人：",  # a bracketed word after a label (签字, 盖章)
    "分管领导审核签字： 单位负责人签章：",  # longer labels ending in 签字 / 签章
])
def test_labels_with_nothing_after_their_colons_are_a_signature_line(line: str):
    assert is_signature_line(line)


@pytest.mark.parametrize("line", [
    "经办人：李某某 联系方式：",  # a label filled in
    "联系方式：0101234567",
    "审：",  # a one-character word before the colon is no label of a signature line
    "本单位主要负责人签字确认：",  # longer than a label: a sentence that ends in a colon
    "年度目标1：",  # a goal caption with its statement on the next line
    "复核人（签字确认完毕）：",  # a bracketed phrase, not a word
    "路灯亮灯率",  # a table cell
    "",
])
def test_filled_in_labels_sentences_and_cells_are_no_signature_line(line: str):
    assert not is_signature_line(line)


def test_a_signature_row_with_a_seven_character_label_is_no_row(tmp_path: Path):
    from openpyxl import Workbook

    head = ["一级指标", "二级指标", "三级指标", "指标值"]
    wb = Workbook()
    ws = wb.active
    ws.title = "表11"
    for r in (["表11 部门整体支出绩效目标表"], ["长期目标 1：维护设备。"], ["年度目标 1：按期巡检。"], ["长期绩效目标表"],
              head, ["产出指标", "数量指标", "巡检次数", "≥4次"], [], ["年度绩效目标表"], head,
              ["产出指标", "数量指标", "维修次数", "≥2次"], ["单位负责人签字：", "填表人签字：", "联系电话：", ""]):
        ws.append(r)
    path = tmp_path / "signed.xlsx"
    wb.save(path)
    records, problems = extract_document(path)
    assert [r["name"] for r in records if r["type"] == "indicator"] == ["巡检次数", "维修次数"]
    assert [p.code for p in problems] == []
