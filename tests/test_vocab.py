"""The framework vocabulary: printed label variants, broken labels, basis types."""
from extractors.vocab import basis_of, is_label_prefix, label_of, level1_for_level2


def test_label_variants_map_to_concepts():
    assert label_of("社会效益").level2 == "社会效益指标"
    assert label_of("社会效益 指标").level2 == "社会效益指标"
    assert label_of("服务对象满意度").level2 == "服务对象满意度指标"
    assert label_of("可持续效益指标").level2 == "可持续影响指标"
    lab = label_of("满意度指标")  # printed at either level; the row decides
    assert (lab.level1, lab.level2) == ("满意度指标", "服务对象满意度指标")
    assert label_of("产出指标").level2 is None
    assert label_of("群众满意度") is None
    assert level1_for_level2("时效指标") == "产出指标"


def test_broken_labels_are_prefixes():
    assert is_label_prefix("服务对象满") and is_label_prefix("经济成本指") and is_label_prefix("满意")
    assert not is_label_prefix("群众")


def test_basis_types():
    assert basis_of("计划标准") == "计划标准"
    assert basis_of("计划标准、行业标准") == "计划标准"
    assert basis_of("其他") == "其他标准"
    assert basis_of("链路") is None and basis_of("预算内") is None
