"""Plain pdftotext pages that lost their table's order (narrow columns printed in strips): warned of, rows noted."""
from __future__ import annotations

from pathlib import Path

from extractors.engine import extract_document
from extractors.plain_lines import tokens
from extractors.plain_scrambled import SCRAMBLED_NOTE, scrambled_pages


def blocks(*bs: str) -> str:
    """Blocks of lines with a blank line between them, as pdftotext prints cells."""
    return "\n\n".join(bs) + "\n\n"


HEAD = blocks("某区科技局2025年部门预算绩效目标表", "表11 部门整体支出绩效目标表", "部门名称", "某区科技局")
TABLE = ["年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"]

# a table read well: each cell whole, a wrapped cell's lines in one block
GOOD = blocks(*TABLE, "产出指标", "数量指标", "企业数量", "≥10家", "计划标准",
              "质量指标", "验收合格\n率", "≥95%", "历史标准",
              "效益指标", "社会效益\n指标", "服务人次", "≥500人次", "计划标准")

# the same kind of table in columns two characters wide, printed in strips: cells of two rows side by side on
# one line, a basis cut into pieces that land apart
SCRAMBLED = blocks(*TABLE, "产出 数量 企业数", "指标 指标", "量 ≥10", "家", "计", "划", "质量", "验收合 ≥95%", "标",
                   "格率", "历史标 社会效", "准", "效益 益指标 服务人", "指标", "次", "≥500人次", "计划", "标准")


def test_a_page_whose_labels_and_bases_lie_in_pieces_is_scrambled():
    toks = tokens(HEAD + "\f" + SCRAMBLED)
    assert list(scrambled_pages(toks)) == [2]


def test_a_page_whose_wrapped_cells_are_joined_is_not_scrambled():
    assert scrambled_pages(tokens(HEAD + "\f" + GOOD)) == {}


def test_one_piece_on_a_page_of_whole_labels_is_no_alarm():
    # a single label cut off (a page break inside its cell) leaves one piece among whole labels
    assert scrambled_pages(tokens(HEAD + "\f" + GOOD + blocks("满意度", "服务对象满意度指标", "企业满意度", "≥90%", "计划标准"))) == {}


def test_a_scrambled_page_is_warned_of_and_its_rows_noted(tmp_path: Path):
    f = tmp_path / "doc.txt"
    f.write_text(HEAD + "\f" + GOOD + "\f" + SCRAMBLED, encoding="utf-8")
    records, problems = extract_document(f)
    [warning] = [p for p in problems if p.code == "plain-scrambled"]
    assert warning.severity == "warning" and warning.where.startswith(f"{f}:") and warning.where.endswith("(p.3)")
    assert "第3页" in warning.message and "pdftotext -layout" in warning.message
    rows = [r for r in records if r["type"] == "indicator"]
    assert {r["page"] for r in rows} >= {2, 3}
    for r in rows:
        assert (SCRAMBLED_NOTE in (r.get("notes") or [])) == (r["page"] == 3)
