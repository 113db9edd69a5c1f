"""Column roles from header text (extractors/columns.py)."""
from extractors.columns import is_year_head, names_target_year, role_of


def test_year_heads_are_told_apart_from_other_heads():
    for head in ("2024年实际完成", "2025年预计", "2023年", "2023", "2024年度实际值"):
        assert is_year_head(head), head
    for head in ("指标值", "前年", "20家", "2024年实际完成情况说明", "上年实际"):
        assert not is_year_head(head), head
    assert role_of("2024年实际完成", 2026) == "prev2" and role_of("2025年预计", 2026) == "prev1"
    assert is_year_head("2026年指标值") and role_of("2026年指标值", 2026) == "target"


def test_a_year_head_that_names_the_target_is_told_without_the_fiscal_year():
    for head in ("2026年目标值", "2026年指标值", "2026年预期值"):
        assert names_target_year(head), head
    for head in ("2024年实际", "2025年预计", "2025年预计完成", "2026年", "指标值"):
        assert not names_target_year(head), head
