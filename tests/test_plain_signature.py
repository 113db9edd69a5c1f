"""The signature line under a form's last table (projects.is_signature_line), as the plain and column readers
tell it from a table's cells."""
from __future__ import annotations

import pytest

from extractors.projects import is_signature_line


@pytest.mark.parametrize("line", [
    "审核人：",  # one label alone on its line, as a plain conversion prints a cell
    "经办人： 联系方式： 分管领导：",  # several, spaced as a layout conversion prints them
    "经办人:联系方式:",  # run together, half-width colons
    "经 办 人：  联系方式：",  # letter-spaced label
    "复核人（签字）： 经办人：",  # a bracketed word after a label (签字, 盖章)
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
