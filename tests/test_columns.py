"""Column roles from header text (extractors/columns.py)."""
from extractors.columns import is_year_head, role_of


def test_year_heads_are_told_apart_from_other_heads():
    for head in ("2024年实际完成", "2025年预计", "2023年", "2023", "2024年度实际值"):
        assert is_year_head(head), head
    for head in ("指标值", "前年", "20家", "2024年实际完成情况说明", "上年实际"):
        assert not is_year_head(head), head
    assert role_of("2024年实际完成", 2026) == "prev2" and role_of("2025年预计", 2026) == "prev1"
    assert is_year_head("2026年指标值") and role_of("2026年指标值", 2026) == "target"
