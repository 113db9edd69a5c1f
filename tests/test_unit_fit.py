"""Units printed in a column of their own go to the rows whose names ask for them (extractors.unit_fit)."""
from __future__ import annotations

from extractors.unit_fit import align_units, fit, name_kind


def test_a_name_asks_for_the_kind_of_unit_its_last_cue_says():
    assert name_kind("校园安全隐患及时整改率") == "share"
    assert name_kind("殡葬服务投诉处理时间") == "time"
    assert name_kind("档案库房巡查记录份数") == "count"
    assert name_kind("土地出让成交金额") == "money"
    assert name_kind("培育龙头合作社") is None


def test_fewer_units_than_numbers_leave_out_the_rows_they_fit_least():
    rows = [("走访养殖场数量", "20"), ("融资金额", "60"), ("堤防险情发生次数", "0"), ("健康档案覆盖率", "95"), ("管网抢修时间", "24")]
    # the 0 goes without; 家 | 亿元 | % | 小时 in order to the others
    assert align_units(rows, ["家", "亿元", "%", "小时"]) == [(0, 0), (1, 1), (3, 2), (4, 3)]
    # a duration whose unit was not printed: the % goes to the share, not to the first row left
    assert align_units([("管网抢修时间", "24"), ("健康档案覆盖率", "95")], ["%"]) == [(1, 0)]


def test_a_share_over_a_hundred_and_a_zero_fit_worse():
    assert fit("电子证照用户量", "4800", "%") < fit("电子证照用户量", "4800", "人")
    assert fit("火灾发生率", "0", "%") < fit("火灾发生率", "5", "%")
