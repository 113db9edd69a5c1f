"""The vagueness rules of docs/vagueness.md, one hand-written case per rule and per exception. Each case is
(一级, 二级, 三级 name, target, expected reasons); an empty set means checkable."""
from __future__ import annotations

import pytest

from extractors.values import parse_value
from graph.analysis.vagueness import VaguenessClassifier


@pytest.fixture(scope="module")
def clf() -> VaguenessClassifier:
    """One classifier for the module's tests (spaCy and jieba load in about 1.5 s)."""
    return VaguenessClassifier()


CASES = [
    # qualitative where measurable: 数量
    ("产出指标", "数量指标", "培训人数", "完成", {"qualitative"}),
    ("产出指标", "数量指标", "检查次数", "若干", {"qualitative"}),
    ("产出指标", "数量指标", "资金拨付", "完成", {"qualitative"}),
    ("产出指标", "数量指标", "宣传覆盖面", "全覆盖", {"qualitative"}),
    # 时效
    ("产出指标", "时效指标", "资金拨付时间", "及时", {"qualitative"}),
    ("产出指标", "时效指标", "项目完成时间", "按时", {"qualitative"}),
    ("产出指标", "时效指标", "问题整改", "规定时间内", {"qualitative"}),
    # 满意度
    ("满意度指标", "服务对象满意度指标", "群众满意度", "满意", {"qualitative"}),
    ("满意度指标", "服务对象满意度指标", "企业满意度", "较高", {"qualitative", "hedge"}),
    ("满意度指标", "服务对象满意度指标", "使用单位满意度", "良好", {"qualitative", "hedge"}),
    # 成本
    ("成本指标", "经济成本指标", "项目成本", "不超预算", {"qualitative"}),
    ("成本指标", "经济成本指标", "运维经费", "节约", {"qualitative"}),
    # a …率 with 达标, 合格, 高
    ("产出指标", "质量指标", "验收合格率", "达标", {"qualitative", "undefined-standard"}),
    ("产出指标", "质量指标", "设备完好率", "高", {"qualitative"}),
    # hedges, also inside longer words
    ("效益指标", "社会效益指标", "营商环境", "逐步提高", {"hedge"}),
    ("效益指标", "经济效益指标", "企业营收", "有所增加", {"hedge"}),
    ("效益指标", "社会效益指标", "群众办事体验", "明显改善", {"hedge"}),
    ("效益指标", "社会效益指标", "一网通办", "基本实现", {"hedge"}),
    ("效益指标", "社会效益指标", "产业发展", "进一步推动", {"hedge"}),
    ("效益指标", "社会效益指标", "科技创新能力", "显著增强", {"hedge"}),
    ("效益指标", "社会效益指标", "社会稳定", "得到保障", {"hedge"}),
    ("效益指标", "社会效益指标", "服务水平", "稳步提升", {"hedge"}),
    # undefined standard
    ("产出指标", "质量指标", "工程质量", "符合要求", {"undefined-standard"}),
    ("产出指标", "质量指标", "档案管理", "按规定", {"undefined-standard"}),
    ("产出指标", "质量指标", "项目实施", "按计划", {"undefined-standard"}),
    ("产出指标", "质量指标", "建设进度", "按进度", {"undefined-standard"}),
    ("效益指标", "社会效益指标", "工作成效", "达到预期目标", {"undefined-standard"}),
    ("产出指标", "质量指标", "年度工作", "完成年度目标任务", {"undefined-standard"}),
    # percentage on a non-ratio
    ("效益指标", "社会效益指标", "推动乡村振兴工作", "100%", {"pct-non-ratio"}),
    ("产出指标", "质量指标", "保质保量完成", "≥90%", {"pct-non-ratio"}),
    ("效益指标", "社会效益指标", "残疾人保障", "100%", {"pct-non-ratio"}),
    ("效益指标", "社会效益指标", "办件实效提升度", "100%", {"pct-non-ratio"}),
    ("效益指标", "社会效益指标", "促进监控设备正常运行", "100%", {"pct-non-ratio"}),  # an aim, not a share
    # a percentage on a name that reads as a share (docs/vagueness.md, updated): checkable
    ("产出指标", "质量指标", "视频会商系统正常运行", "100%", set()),  # 正常运行率
    ("效益指标", "社会效益指标", "对辖区重点河段进行实时监控", "100%", set()),  # 监控覆盖率
    ("产出指标", "质量指标", "年度考核达到市级主管部门要求", "100%", set()),  # 达标率
    ("产出指标", "质量指标", "档案资料完整度", "≥98%", set()),
    ("产出指标", "质量指标", "重点项目100%开展第三方评估", "=100%", set()),  # share of projects assessed
    # restates the name
    ("效益指标", "社会效益指标", "保障机构正常运转", "正常运转", {"restates-name"}),
    ("效益指标", "可持续影响指标", "促进产业可持续发展", "是", {"restates-name"}),
    # missing unit
    ("成本指标", "经济成本指标", "运维经费", "50", {"missing-unit"}),
    ("产出指标", "数量指标", "覆盖范围", "30", {"missing-unit"}),
    # unverifiable
    ("效益指标", "可持续影响指标", "可持续影响", "长期", {"unverifiable"}),
    ("效益指标", "社会效益指标", "全市排名", "中心城区前列", {"unverifiable"}),
    # no value
    ("产出指标", "数量指标", "培训人数", "", {"no-value"}),
    ("产出指标", "数量指标", "培训人数", "-", {"no-value"}),
    ("产出指标", "质量指标", "系统运行", "定性指标", {"no-value"}),
    # not vague: numbers with units stated or obvious
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥95%", set()),
    ("成本指标", "经济成本指标", "项目成本", "≤30万元", set()),
    ("产出指标", "数量指标", "检查次数", "12次", set()),
    ("产出指标", "质量指标", "系统可用率", "100%", set()),
    ("满意度指标", "服务对象满意度指标", "满意度", "90", set()),
    ("产出指标", "数量指标", "培训人数", "100", set()),
    ("产出指标", "质量指标", "达标率", "90%-95%", set()),
    # dates, periods, deadlines
    ("产出指标", "时效指标", "项目完成时间", "2024年12月底前", set()),
    ("产出指标", "时效指标", "办结时限", "≤30个工作日", set()),
    ("产出指标", "时效指标", "建设周期", "6个月", set()),
    # binary events
    ("产出指标", "质量指标", "是否按时上线", "是", set()),
    ("产出指标", "数量指标", "规划编制", "完成", set()),
    ("产出指标", "质量指标", "项目验收", "通过", set()),
    ("效益指标", "社会效益指标", "重大安全事故", "无", set()),
    ("效益指标", "社会效益指标", "重大安全事故", "0", set()),
    # grades on a recognised scale, where the indicator cannot be quantified
    ("效益指标", "社会效益指标", "社会影响", "较好", set()),
    ("效益指标", "生态效益指标", "生态环境影响", "好", set()),
    # named standards, ranks with a cut-off, schedules
    ("产出指标", "质量指标", "资金使用", "符合《财政专项资金管理办法》", set()),
    ("产出指标", "质量指标", "设备质量", "符合GB/T 2887", set()),
    ("产出指标", "质量指标", "项目验收情况", "通过验收", set()),
    ("效益指标", "社会效益指标", "全市考核排名", "前三名", set()),
    ("产出指标", "质量指标", "数据更新频率", "年度更新", set()),
]


@pytest.mark.parametrize("level1, level2, name, target, reasons", CASES, ids=[f"{c[2]}/{c[3]}" for c in CASES])
def test_rule(level1, level2, name, target, reasons, clf):
    v = parse_value(target)
    verdict = clf.classify(name, v.to_dict() if v else None, "计划标准", level1=level1, level2=level2)
    assert set(verdict.reasons) == reasons
    assert verdict.vague == bool(reasons)
    assert bool(verdict.advice) == bool(reasons)


def test_there_are_at_least_sixty_cases():
    assert len(CASES) >= 60


def test_a_target_relative_to_a_numeric_baseline_is_checkable(clf):
    target = parse_value("不低于上年").to_dict()
    checked = clf.classify("培训人数", target, "历史标准", level1="产出指标", level2="数量指标", prev1=parse_value("120人").to_dict())
    assert not checked.vague and "上年" in checked.advice  # noted: better to print the number
    vague = clf.classify("培训人数", target, "历史标准", level1="产出指标", level2="数量指标", prev1=parse_value("完成").to_dict())
    assert vague.vague  # 上年 is no number: nothing to compare with


def test_no_basis_and_number_in_name_are_findings_not_vagueness(clf):
    v = parse_value("≥95%")
    verdict = clf.classify("满意度达90%以上的企业占比", v.to_dict(), None, level1="满意度指标", level2="服务对象满意度指标")
    assert verdict.reasons == [] and not verdict.vague
    assert set(verdict.findings) == {"no-basis", "number-in-name"}


def test_advice_is_chinese_and_names_what_is_missing(clf):
    v = parse_value("及时")
    verdict = clf.classify("资金拨付时间", v.to_dict(), "计划标准", level1="产出指标", level2="时效指标")
    assert "时限" in verdict.advice and "2025年12月底前" in verdict.advice
    v = parse_value("逐步提高")
    assert "提高" in clf.classify("营商环境", v.to_dict(), "计划标准", "效益指标", "社会效益指标").advice
