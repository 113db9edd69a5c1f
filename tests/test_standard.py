"""Standard indicators (issue 34): one hand-written pair or table per rule of graph/analysis/standard.py.
No pair is taken from the samples' analysis output."""
from __future__ import annotations

from collections import Counter

import pytest

from graph.analysis.standard import direction, parse, same_standard, standard_indicators
from graph.analysis.standard_eval import evaluate
from graph.analysis.usetable import Use, Value

SAME = [
    ("全年培训场次", "培训场次"),  # modifier 全年
    ("累计受理案件数量", "受理案件数量"),  # modifier 累计
    ("全区公园的巡查次数", "公园巡查次数"),  # 全区 and 的
    ("设备维修用时", "设备维修时长"),  # time synonyms
    ("河道保洁频次", "河道保洁次数"),  # times synonyms
    ("农业产值增速", "农业产值增长率"),  # growth synonyms
    ("信息系统等级保护测评数", "信息系统等保测评数"),  # domain synonym 等保
    ("组织消防演练次数", "开展消防演练次数"),  # 组织 = 开展
    ("消防演练开展次数", "开展消防演练次数"),  # word order
    ("社区图书馆借阅量", "借阅量"),  # a scope in front of the same head
    ("农村公路养护里程数", "农村公路日常养护里程数"),  # one word inserted
    ("群众对窗口服务的满意度", "群众满意度"),  # X对Y满意度: the group X
    ("残疾人就业率达90%", "残疾人就业率"),  # a number written into the name
    ("指导辖区企业安全生产工作", "指导辖区企业安生产工作"),  # one character dropped from a long name
    ("推动区级数字经济发展", "推动数字经济发展"),  # a scope in front of the object (区级) of a statement
    ("推动市旅游业发展", "推动全市旅游业发展"),  # a bare scope character (市) against 全市
    ("本级部门预算公开", "部门预算公开"),  # 本级
    ("垃圾分类覆盖率达", "垃圾分类覆盖率"),  # a verb of attainment left when the number moved to the target
    ("视频专网带宽达到", "视频专网带宽"),  # 达到 after a measure word (带宽)
    ("合同签订时限以内", "合同签订时限"),  # 以内 after a time says "ceiling", not what is measured
    ("窗口办件时间内", "窗口办件时间"),  # 内 after a time
    ("等保测评整改完成率", "系统测评整改完成率"),  # 系统测评 is the 等级保护测评 of a system
]
DIFFERENT = [
    ("培训人数", "培训合格率"),  # a count and a rate
    ("档案目录数", "档案数"),  # different head
    ("设备维修时间", "设备巡检时间"),  # different object
    ("群众满意度", "企业满意度"),  # satisfaction of different groups
    ("游客满意度", "景区游客满意度"),  # a narrower group
    ("促进农业发展", "促进现代农业发展"),  # a statement narrowed
    ("上行带宽", "下行带宽"),  # a different object
    ("工程质量", "质量"),  # 质量 is not an amount
]


@pytest.mark.parametrize("a,b", SAME)
def test_same_standard_indicator(a, b):
    assert same_standard(a, b)


@pytest.mark.parametrize("a,b", DIFFERENT)
def test_different_standard_indicators(a, b):
    assert not same_standard(a, b)


def test_a_name_without_a_measure_word_takes_it_from_its_units():
    assert same_standard("开展普法宣传", "普法宣传开展次数", Counter({"次": 3}), Counter())
    assert not same_standard("开展普法宣传", "普法宣传开展次数", Counter({"%": 3}), Counter())


def test_direction_lower_is_better_for_costs_times_and_failures():
    assert direction(parse("设备维修时间"), "time", Counter(), None) == "negative"
    assert direction(parse("项目经费"), "money", Counter(), None) == "negative"
    assert direction(parse("电梯故障率"), "share", Counter(), None) == "negative"
    assert direction(parse("安全事故发生次数"), "times", Counter(), None) == "negative"
    assert direction(parse("电梯故障修复率"), "share", Counter(), None) == "positive"
    assert direction(parse("培训人数"), "persons", Counter(), None) == "positive"
    assert direction(parse("噪声值"), "none", Counter({"≤": 3}), None) == "negative"


def _use(i: int, name: str, goal: str, unit: str | None = None) -> Use:
    v = Value(None, "10" + (unit or ""), 10.0, unit, None, "quantitative", True)
    e = Value(None, None, None, None, None, None, False)
    return Use(f"u{i}", "d", "d", 2024, "dept", "部门", f"p-{goal}", "项目", goal, "annual", 1, name, f"ind:{name}", name,
               None, None, None, None, None, None, i, v, e, e)


def _groups(uses, overrides=None) -> list[set[str]]:
    index, stds = standard_indicators(uses, overrides)
    return sorted((set(s.members) for s in stds), key=lambda s: sorted(s))


def test_two_rows_of_one_table_are_never_merged():
    uses = [_use(1, "全年培训场次", "g1"), _use(2, "培训场次", "g1"), _use(3, "培训场次", "g2")]
    groups = _groups(uses)
    assert {"ind:全年培训场次"} in groups and {"ind:培训场次"} in groups


def test_a_chain_splits_at_the_weakest_link():
    # 维修时间 would join both qualified names; they qualify one head differently, so one link is refused
    uses = [_use(1, "电梯维修时间", "g1"), _use(2, "维修时间", "g2"), _use(3, "水泵维修时间", "g3")]
    groups = _groups(uses)
    assert not any({"ind:电梯维修时间", "ind:水泵维修时间"} <= g for g in groups)
    assert len(groups) == 2


def test_the_bureau_override_file_merges_and_keeps_apart():
    uses = [_use(1, "全年培训场次", "g1"), _use(2, "培训场次", "g2"), _use(3, "讲座场次", "g3")]
    groups = _groups(uses, {"全年培训场次": "不合并", "讲座场次": "培训场次"})
    assert {"ind:全年培训场次"} in groups and {"ind:培训场次", "ind:讲座场次"} in groups
    _, stds = standard_indicators(uses, {"讲座场次": "培训与讲座场次"})
    merged = next(s for s in stds if "ind:讲座场次" in s.members)
    assert merged.label == "培训与讲座场次" and merged.overrides == ["讲座场次 → 培训与讲座场次"]


def test_development_pairs_reach_the_issue_bar_for_precision():
    rep = evaluate()
    assert rep["precision"] >= 0.95 and rep["recall"] >= 0.85, rep["wrong"]


def test_a_department_row_restating_a_project_row_is_marked_and_copies_are_between_projects():
    from graph.analysis.reuse import copied_sets, restatements

    p = _use(1, "培训场次", "g1")
    d = _use(2, "培训场次", "gd")
    d.project = None
    other = _use(3, "培训场次", "gd")  # same name, another target: not a restatement
    other.project, other.target = None, Value(None, "12次", 12.0, "次", None, "quantitative", True)
    assert restatements([p, d, other]) == {"u2": "u1"}
    # 4 of 5 shared between two projects: Jaccard 4/6, a near copy; a department table is never compared
    a = [_use(10 + i, n, "ga") for i, n in enumerate("甲乙丙丁戊")]
    b = [_use(20 + i, n, "gb") for i, n in enumerate("甲乙丙丁己")]
    for u in b:
        u.project = "p-other"
    dept = [_use(30 + i, n, "gc") for i, n in enumerate("甲乙丙丁戊")]
    for u in dept:
        u.project = None
    groups, copies = copied_sets(a + b + dept)
    assert not groups and [(c.a, c.b, c.shared) for c in copies] == [("ga", "gb", 4)]


def test_direction_floors_make_an_amount_positive():
    # an amount written as a floor (≥) is raised or saved, not spent: 招商 and savings are 正向
    assert direction(parse("签约投资金额"), "money", Counter({"≥": 2}), None) == "positive"
    assert direction(parse("签约投资金额"), "money", Counter({"≥": 2}), "https://w3id.org/pikg/framework/cost") == "negative"  # a 成本指标 stays a cost


def test_scope_exceptions_and_words_that_end_in_da_stay_whole():
    # a word that begins with a scope character but is no scope (市场, 区域) keeps it
    assert parse("市场主体数量").object == "市场主体"
    assert parse("区域医疗中心个数").object == "区域医疗中心"
    # 达 is dropped only after a measure word: 送达 and 到达 are verbs of their own
    assert parse("法律文书送达").object == "法律文书送达"
    # 内 is dropped only after a time word
    assert parse("辖区内").name == "辖区内"


def test_a_bandwidth_is_a_measure_and_its_units_say_so():
    assert parse("互联网专线带宽").measure == "bandwidth"
    assert same_standard("专线接入", "专线接入带宽", Counter({"Mbps": 2}), Counter())
    assert not same_standard("专线接入", "专线接入带宽", Counter({"条": 2}), Counter())


def test_every_measure_family_is_a_concept_with_a_chinese_label():
    """A family added to standard.json needs its fw:measure-* concept (the catalogue reads it) and a label."""
    from graph.analysis.standard import tables
    from graph.output.export import FORMULA, MEASURE_ZH
    from tests.helpers import ROOT

    ttl = (ROOT / "ontology" / "analysis.ttl").read_text(encoding="utf-8")
    for fam in set(tables()["families"].values()) - {"degree"}:  # degree is read as a share
        assert f'fw:measure-{fam} a skos:Concept' in ttl and fam in MEASURE_ZH and fam in FORMULA, fam


def test_a_near_synonym_links_weaker_than_a_closer_variant():
    """系统测评 usually means 等保测评 but not always: in a table that prints both 系统测评问题清单数 and
    系统等保测评问题清单数, another document's 等级保护测评问题清单数 joins the closer variant (a qualifier in front),
    and the cannot-link keeps the two rows of the table apart."""
    uses = [_use(1, "系统测评问题清单数", "g1", "份"), _use(2, "系统等保测评问题清单数", "g1", "份"),
            _use(3, "等级保护测评问题清单数", "g2", "份")]
    groups = _groups(uses)
    assert {"ind:系统等保测评问题清单数", "ind:等级保护测评问题清单数"} in groups and {"ind:系统测评问题清单数"} in groups
    assert same_standard("系统测评问题清单数", "等级保护测评问题清单数")  # on their own the names read as one
