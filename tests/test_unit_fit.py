"""Units printed in a column of their own go to the rows whose names ask for them (extractors.unit_fit)."""
from __future__ import annotations

from extractors.unit_fit import align_units, fit, name_kind


def test_a_name_asks_for_the_kind_of_unit_its_last_cue_says():
    assert name_kind("企业安全突发事件及时处理率") == "share"
    assert name_kind("政务服务故障处理时间") == "time"
    assert name_kind("系统巡检记录完成份数") == "count"
    assert name_kind("招商引资签约金额") == "money"
    assert name_kind("引育重点企业") is None


def test_fewer_units_than_numbers_leave_out_the_rows_they_fit_least():
    rows = [("走访企业数量", "20"), ("签约金额", "90"), ("安全事故发生次数", "0"), ("服务覆盖率", "95"), ("故障修复时间", "24")]
    # the 0 goes without; 家 | 亿元 | % | 小时 in order to the others
    assert align_units(rows, ["家", "亿元", "%", "小时"]) == [(0, 0), (1, 1), (3, 2), (4, 3)]
    # a duration whose unit was not printed: the % goes to the share, not to the first row left
    assert align_units([("故障修复时间", "24"), ("服务覆盖率", "95")], ["%"]) == [(1, 0)]


def test_a_share_over_a_hundred_and_a_zero_fit_worse():
    assert fit("注册用户量", "6500", "%") < fit("注册用户量", "6500", "人")
    assert fit("事故发生率", "0", "%") < fit("事故发生率", "5", "%")
