"""The value grammar: comparator, number, unit and the quantitative flag, raw string kept."""
from decimal import Decimal

import pytest

from extractors.values import is_quantitative, parse_value, value_score


@pytest.mark.parametrize(
    "raw, text, cmp_, number, unit",
    [
        ("≥95%", "≥95%", "≥", 95.0, "%"),
        ("$\\geq 95\\%$", "≥95%", "≥", 95.0, "%"),
        ("≤ 24 小时", "≤24小时", "≤", 24.0, "小时"),
        ("=100%", "=100%", "=", 100.0, "%"),
        ("$=100\\%$", "=100%", "=", 100.0, "%"),
        ("90 亿元", "90亿元", None, 90.0, "亿元"),
        ("≥4.0亿", "≥4.0亿", "≥", 4.0, "亿"),
        ("≥50000 条", "≥50000条", "≥", 50000.0, "条"),
        ("≤ 397.37\n\n万元", "≤397.37万元", "≤", 397.37, "万元"),
        ("10家以上", "10家以上", "≥", 10.0, "家"),
        ("95%以上", "95%以上", "≥", 95.0, "%"),
        ("不低于90%", "不低于90%", "≥", 90.0, "%"),
        ("不超过5次", "不超过5次", "≤", 5.0, "次"),
        ("≤30 万元", "≤30万元", "≤", 30.0, "万元"),
        ("4G", "4G", None, 4.0, "G"),
        ("$\\geq 2G$", "≥2G", "≥", 2.0, "G"),
        ("0", "0", None, 0.0, None),
        ("1, 105, 000", "1,105,000", None, 1105000.0, None),
        ("≤7日历天", "≤7日历天", "≤", 7.0, "日历天"),
        ("1.5 小时", "1.5小时", None, 1.5, "小时"),
    ],
)
def test_quantitative_values(raw, text, cmp_, number, unit):
    v = parse_value(raw)
    assert v.raw == raw  # the printed string is never lost
    assert v.text == text
    assert v.kind == "quantitative" and v.quantitative
    assert (v.comparator, v.number, v.unit) == (cmp_, Decimal(str(number)), unit)
    assert isinstance(v.number, Decimal)  # exact, from the printed digits


@pytest.mark.parametrize("raw", ["完成", "提升", "有效保障", "综合排名全市城区前五名", "不超预算", "按规定时间", "当年平台自身重大故障不多于3次则满意度为100%"])
def test_qualitative_values(raw):
    v = parse_value(raw)
    assert v.kind == "qualitative" and not v.quantitative
    assert v.number is None and v.comparator is None and v.unit is None
    assert v.raw == raw


def test_periods_and_placeholders():
    assert parse_value("2025 年 1 月\n-2025 年 12\n月").kind == "period"
    assert parse_value("2024年底").kind == "period"
    assert parse_value("-").kind == "placeholder"
    assert parse_value("无").kind == "placeholder"
    assert parse_value(None) is None
    assert parse_value("").kind == "empty"


def test_value_likeness_orders_words():
    assert value_score("≥95%") == 1
    assert value_score("完成") == 1
    assert 0 < value_score("有优化作用") < 1
    assert value_score("优化营商环境") == 0
    assert is_quantitative("≥ 85%") and not is_quantitative("汇聚数据4亿条")


def test_split_comparator_takes_the_lexicons_symbols_and_words():
    from extractors.values import split_comparator
    assert split_comparator("不低于95%") == ("不低于", "95%")
    assert split_comparator("大于等于3家") == ("大于等于", "3家")  # the longest word, not 大于
    assert split_comparator("≥95%") == ("≥", "95%")
    assert split_comparator("95%") == ("", "95%")
    assert split_comparator("完成") == ("", "完成")
