"""A text read under a seal is mended from the same text printed elsewhere in the document without a seal
(extractors/ocr/restamped.py): reads written here."""
from __future__ import annotations

from extractors.ocr.restamped import RESTAMP_NOTE, Read, restamped


def test_a_name_under_a_seal_one_character_off_a_name_printed_elsewhere_is_that_name():
    reads = [
        Read("道路桥梁维修养护经费", 0.99, False),  # the summary table, no seal
        Read("道路桥梁维修养护经费（追加）", 0.99, False),
        Read("道路桥梁维修养扩经费", 0.97, True),  # the form's name cell, a seal letter over 护
        Read("道路桥梁维修经费", 0.98, True),  # two characters lost: not mended
    ]
    out = restamped(reads)
    assert list(out) == [2] and out[2][0] == "道路桥梁维修养护经费"
    assert "道路桥梁维修养扩经费" in out[2][1] and out[2][1].startswith("OCR修正")
    # brackets printed half-width in the summary, full-width in the form: compared alike, the summary's text taken
    out = restamped([Read("城市照明设施维护经费(清欠)", 0.99, False), Read("城市照明设施维护费（清欠）", 0.95, True)])
    assert out[1][0] == "城市照明设施维护经费(清欠)"
    # … and a space read before the half-width bracket is no character of the name
    out = restamped([Read("城市照明设施维护经费 (清欠)", 0.99, False), Read("城市照明设施维护费（清欠）", 0.95, True)])
    assert out[1][0] == "城市照明设施维护经费 (清欠)"


def test_no_mend_for_short_texts_codes_texts_read_elsewhere_or_two_near_names():
    reads = [
        Read("数量指标", 0.99, False), Read("质量指标", 0.99, True),  # short labels one character apart
        Read("42010523068T000000111", 0.99, False), Read("420105230681000000111", 0.99, True),  # a code
        Read("城市视频监控运行维护经费", 0.99, False), Read("城市视频监控运行维护经费", 0.95, True),  # read as printed
        Read("城市照明设施运行维护费", 0.99, False), Read("城市照明设施运行维修费", 0.99, False),
        Read("城市照明设施运行维X费", 0.9, True),  # one off two different names: which one is not known
        Read("社区服务中心运行保障经费", 0.5, False), Read("社区服务中心运行保障经贵", 0.99, True),  # elsewhere unsure
        Read("目标1：临聘人员薪酬保障经费", 0.99, False), Read("目标14：临聘人员薪酬保障经费", 0.99, True),  # a number apart
    ]
    assert restamped(reads) == {}


def test_a_text_read_elsewhere_with_one_more_enumeration_comma_gets_it():
    from extractors.ocr.restamped import commas_back, is_restamped

    reads = [
        Read("道路、桥梁维修养护经费", 0.99, False),  # the long-term table
        Read("道路桥梁维修养护经费", 0.85, False),  # the annual table: the 、 dropped, read unsurely
        Read("路灯、景观照明运行费用", 0.99, False),
        Read("路灯·景观照明运行费用", 0.95, True),  # a 、 read as a dot
        Read("公园、绿地、广场管理经费", 0.99, False),
        Read("公园绿地广场管理经费", 0.99, False),  # two commas short: not mended
        Read("社区、街道服务中心经费", 0.99, False),
        Read("社区街道服务中心经费", 0.99, False), Read("社区街道服务中心经费", 0.99, False),  # read so twice: kept
        Read("河道、湖泊清淤维护费用", 0.6, False), Read("河道湖泊清淤维护费用", 0.99, False),  # the comma read unsure
        Read("城市管理执法装备经费", 0.99, False), Read("城市管理执法装备经费", 0.99, False),
        Read("园林、绿化养护作业经费", 0.99, False), Read("园林绿化养护作业经费", 0.99, False),  # read surely: kept
        Read("排水、防汛设施维护工程、", 0.99, False), Read("排水、防汛设施维护工程", 0.8, True),  # a list's trailing 、
        Read("服务类项目、200万元以上货物", 0.99, False), Read("服务类项目200万元以上货物", 0.7, False),  # before a number
    ]
    out = commas_back(reads)
    assert {i: t for i, (t, _) in out.items()} == {1: "道路、桥梁维修养护经费", 3: "路灯、景观照明运行费用",
                                                   18: "服务类项目、200万元以上货物"}
    assert "读作“道路桥梁维修养护经费”" in out[1][1] and out[1][1].startswith("OCR修正") and is_restamped(out[1][1])
    assert commas_back([Read("数量、质量", 0.99, False), Read("数量质量", 0.99, False)]) == {}  # short: never


def test_a_short_text_under_a_seal_read_unsurely_is_the_text_printed_often_one_character_off():
    from extractors.ocr.restamped import short_restamped

    often = [Read("达标", 0.99, False)] * 3 + [Read("计划标准", 0.99, False)] * 4 + [Read("项目名称", 0.99, False)] * 3
    reads = often + [
        Read("这标", 0.7, True, (0.4, 0.99)),  # a seal letter over 达, read unsurely: 达标
        Read("计划标淮", 0.9, True, (0.99, 0.99, 0.99, 0.6)),  # 计划标准
        Read("科目名称", 0.99, True, (0.99, 0.99, 0.99, 0.99)),  # printed once, under the seal, read surely: kept
        Read("逑标", 0.7, True, None),  # its characters' probabilities unknown: kept
        Read("述标", 0.7, False, (0.4, 0.99)),  # no seal over it: not this rule's
        Read("计划标准", 0.99, True, (0.99, 0.99, 0.99, 0.99)),  # read as printed
    ]
    out = short_restamped(reads)
    assert {i - len(often): t for i, (t, _) in out.items()} == {0: "达标", 1: "计划标准"}
    assert "印章下读作“这标”" in out[len(often)][1]
    # printed twice only, or one character off two texts printed often: nothing
    assert short_restamped([*[Read("达标", 0.99, False)] * 2, Read("这标", 0.7, True, (0.4, 0.99))]) == {}
    two = [*[Read("达标", 0.99, False)] * 3, *[Read("指标", 0.99, False)] * 3, Read("这标", 0.7, True, (0.4, 0.99))]
    assert short_restamped(two) == {}


def test_a_comma_read_only_under_a_seal_is_not_put_into_the_clean_reading():
    from extractors.ocr.restamped import commas_back

    reads = [Read("道路桥梁维修养护经费", 0.99, False), Read("道路、桥梁维修养护经费", 0.95, True)]
    assert 0 not in commas_back(reads)


def test_a_short_value_printed_once_under_a_seal_is_not_made_the_common_one():
    from extractors.ocr.restamped import short_restamped

    reads = [Read("合格", 0.99, False)] * 3 + [Read("合规", 0.9, True, (0.99, 0.85))]
    assert short_restamped(reads) == {}
    labels = [Read("质量指标", 0.99, False)] * 3 + [Read("数量指标", 0.9, True, (0.8, 0.99, 0.99, 0.99))]
    assert short_restamped(labels) == {}


def test_a_clean_reading_whose_dot_for_a_comma_was_read_unsurely_gets_the_comma_printed_elsewhere():
    from extractors.ocr.restamped import commas_back

    sure = (0.99,) * 11
    reads = [
        Read("仓储、物流设施运行维护费", 0.99, False),
        Read("仓储·物流设施运行维护费", 0.95, False, (0.99, 0.99, 0.4, *sure[:9])),  # its · seen at 0.4
        Read("档案、文书数字化加工经费", 0.99, False),
        Read("档案·文书数字化加工经费", 0.97, False, (0.99, 0.99, 0.95, *sure[:9])),  # its · read surely: kept
        Read("会议、培训场地租赁费用", 0.99, False),
        Read("会议培训场地租赁费用", 0.97, False, (0.99,) * 10),  # clean, sure, the 、 not read at all: kept
        Read("车辆、船舶燃料补助资金", 0.99, False),
        Read("车辆·船舶燃料补助资金", 0.95, False),  # its characters' probabilities unknown: kept
    ]
    out = commas_back(reads)
    assert {i: t for i, (t, _) in out.items()} == {1: "仓储、物流设施运行维护费"}


def test_a_lone_dot_read_unsurely_between_chinese_characters_is_an_enumeration_comma():
    from extractors.ocr.restamped import dots_for_commas

    reads = [
        Read("户籍·社保信息共享数据量", 0.95, False, (0.99, 0.99, 0.38, *(0.99,) * 9),
             (("", 0.0), ("", 0.0), ("、", 0.2), *(("", 0.0),) * 9)),  # printed once, 、 its runner-up: 、
        Read("户籍·社保信息共享数据量", 0.95, False, (0.99, 0.99, 0.95, *(0.99,) * 9)),  # read surely …
        Read("水电·燃气费", 0.95, False, (0.99, 0.99, 0.95, 0.99, 0.99, 0.99)),  # the dot read surely: kept
        Read("约翰·史密斯·基金", 0.9, False, (0.99, 0.99, 0.3, 0.99, 0.99, 0.99, 0.3, 0.99, 0.99)),  # two dots: kept
        Read("达标率·%", 0.9, False, (0.99, 0.99, 0.99, 0.3, 0.99)),  # not between two Chinese characters: kept
        Read("图书·期刊采购", 0.9, False, None),  # probabilities unknown: kept
    ]
    assert dots_for_commas(reads) == {}  # the first is read twice: nothing to tell which is right
    out = dots_for_commas(reads[:1] + reads[2:])
    assert {i: t for i, (t, _) in out.items()} == {0: "户籍、社保信息共享数据量"}
    assert out[0][1].startswith("OCR修正：读作“户籍·社保信息共享数据量”") and "0.38" in out[0][1]


def test_a_dot_read_unsurely_is_a_comma_only_where_something_backs_it():
    """A name's own middle dot is read unsurely too: the dot becomes 、 only where the recogniser's runner-up
    is 、 or 丶, or the text with the 、 is read elsewhere."""
    from extractors.ocr.restamped import dots_for_commas

    text = "买买提·艾力劳模工作室运行经费"  # a project named after a person: the · is printed
    probs = tuple(0.5 if ch == "·" else 0.98 for ch in text)  # a thin dot, read unsurely
    assert dots_for_commas([Read(text, 0.95, False, probs)]) == {}
    other = tuple(("-", 0.1) if ch == "·" else ("", 0.0) for ch in text)
    assert dots_for_commas([Read(text, 0.95, False, probs, other)]) == {}
    listed = "水电·燃气费用"  # the same list printed with its 、 elsewhere (a short cell: commas_back leaves it)
    out = dots_for_commas([Read(listed, 0.95, False, (0.99, 0.99, 0.4, 0.99, 0.99, 0.99, 0.99)),
                           Read("水电、燃气费用", 0.99, False)])
    assert {i: t for i, (t, _) in out.items()} == {0: "水电、燃气费用"}


def test_a_name_of_five_characters_or_more_under_a_seal_needs_printing_only_twice_elsewhere():
    from extractors.ocr.restamped import short_restamped

    twice = [Read("巡查河道长度", 0.99, False)] * 2 + [Read("达标", 0.99, False)] * 2
    none = (("", 0.0),) * 6
    reads = twice + [  # 道 under a seal letter, its runner-up 道: the name
        Read("巡查河遣长度", 0.92, True, (0.99, 0.99, 0.99, 0.55, 0.99, 0.99), (*none[:3], ("道", 0.02), *none[:2])),
        Read("这标", 0.7, True, (0.4, 0.99)),  # a two-character text printed twice only: kept
    ]
    out = short_restamped(reads)
    assert {i - len(twice): t for i, (t, _) in out.items()} == {0: "巡查河道长度"}
    assert short_restamped([Read("巡查河道长度", 0.99, False), reads[len(twice)]]) == {}  # printed once: kept
    # printed twice only, the character read weakly but its runner-up another (or none kept): kept
    other = Read("巡查河遣长度", 0.92, True, (0.99, 0.99, 0.99, 0.55, 0.99, 0.99), (*none[:3], ("遗", 0.2), *none[:2]))
    unknown = Read("巡查河遣长度", 0.92, True, (0.99, 0.99, 0.99, 0.55, 0.99, 0.99))
    assert short_restamped([*twice, other]) == {} and short_restamped([*twice, unknown]) == {}


def test_a_real_name_under_a_seal_is_not_replaced_by_a_sibling_name_read_twice():
    from extractors.ocr.restamped import short_restamped

    sure = (0.99,) * 5
    reads = [Read("学生满意度", 0.97, False, sure), Read("学生满意度", 0.97, False, sure),  # both horizons' tables
             # another project's own indicator, printed once, under its form's seal: 员 right, at 0.6 for the ink
             Read("学员满意度", 0.86, True, (0.98, 0.6, 0.97, 0.98, 0.98))]
    assert short_restamped(reads) == {}


def test_a_short_text_under_a_seal_read_fairly_surely_is_mended_where_its_runner_up_is_the_common_character():
    """A character read at 0.7 or more is mended where its runner-up is the common text's character; one read
    weakly is mended whatever its runner-up (a seal letter leaves other wrong guesses behind it), one read
    surely with another runner-up is not."""
    from extractors.ocr.restamped import short_restamped

    often = [Read("达标", 0.99, False)] * 3
    sure_but_nearly = Read("这标", 0.97, True, (0.95, 0.99), (("达", 0.06), ("示", 0.001)))
    weak_but_other = Read("这标", 0.6, True, (0.4, 0.99), (("述", 0.3), ("示", 0.001)))
    sure_and_other = Read("这标", 0.97, True, (0.95, 0.99), (("述", 0.04), ("示", 0.001)))
    faint = Read("这标", 0.97, True, (0.95, 0.99), (("达", 0.0001), ("示", 0.001)))  # 达 by rank only
    faint_behind_sure = Read("这标", 0.96, True, (0.97, 0.99), (("达", 0.002), ("示", 0.001)))  # 这 read surely
    assert {t for t, _ in short_restamped([*often, sure_but_nearly]).values()} == {"达标"}
    assert {t for t, _ in short_restamped([*often, weak_but_other]).values()} == {"达标"}
    assert short_restamped([*often, sure_and_other]) == {}
    assert short_restamped([*often, faint]) == {} and short_restamped([*often, faint_behind_sure]) == {}


def test_a_short_text_read_surely_under_a_seal_is_not_changed_by_a_faint_runner_up():
    from extractors.ocr.restamped import short_restamped

    reads = [Read("合格", 0.97, False, (0.99, 0.99))] * 3 + [
        Read("合规", 0.96, True, (0.99, 0.97), (("", 0.0), ("格", 0.002)))]  # 规 read surely; 格 its faint runner-up
    assert short_restamped(reads) == {}


def test_what_a_character_may_have_been_printed_as():
    from extractors.ocr.runner_up import doubtful_at, may_be

    assert may_be(0.8, ("完", 0.002), "完") and may_be(0.3, ("宗", 0.2), "完") and not may_be(0.8, ("宗", 0.2), "完")
    # behind a character read surely, only a runner-up given RUNNER_UP_SURE (0.05) or more
    assert may_be(0.99, ("完", 0.06), "完") and not may_be(0.99, ("完", 0.01), "完")
    assert may_be(0.5, None, "完") and not may_be(0.8, None, "完") and not may_be(None, None, "完")
    assert may_be(0.5, ("", 0.0), "完")  # a character put back has no runner-up: its probability decides
    assert doubtful_at("院成", (0.9, 0.99), (("完", 0.05), ("戎", 0.001)), 0, "完")
    assert not doubtful_at("院成", (0.9, 0.99), (("完", 0.05), ("戎", 0.001)), 1, "完")
    assert doubtful_at("院成", (0.5, 0.99), (("完",  0.05),), 0, "完")  # runners-up not one a character: by probability


def test_a_name_mended_where_the_runner_up_was_the_printed_character_says_so():
    """A name under a seal whose one changed character had the printed one as its runner-up is the recogniser's
    own second reading: the note says so (and asks no check); another runner-up, or none kept, asks one."""
    from extractors.ocr.runner_up import backing, is_backed

    clear = Read("城区道路照明维护经费", 0.99, False)
    alts = [("又", 0.001)] * 10
    backed, faint = list(alts), list(alts)
    backed[5], faint[5] = ("明", 0.06), ("明", 0.004)
    unsure_month = (0.99,) * 5 + (0.8,) + (0.99,) * 4
    (note,) = [n for _, n in restamped([clear, Read("城区道路照月维护经费", 0.97, True, unsure_month, tuple(backed))]).values()]
    assert is_backed(note) and "“月”的次选字即“明”" in note and "请人工核对" not in note
    # 月 read surely (0.95): its runner-up does not settle the copy
    (note,) = [n for _, n in restamped([clear, Read("城区道路照月维护经费", 0.97, True, (0.95,) * 10, tuple(backed))]).values()]
    assert not is_backed(note) and note.endswith("请人工核对")
    (note,) = [n for _, n in restamped([clear, Read("城区道路照月维护经费", 0.97, True, (0.8,) * 10, tuple(faint))]).values()]
    assert not is_backed(note) and note.endswith("请人工核对")
    assert backing("照月", (("又", 0.001), ("明", 0.2)), "照明") is not None
    assert backing("照月", None, "照明") is None and backing("照月维", (("又", 0.001), ("明", 0.2)), "照明") is None
    assert backing("照月", (("又", 0.001), ("朋", 0.2)), "照明") is None
    assert backing("照月", (("又", 0.001), ("明", 0.2)), "照明", (0.99, 0.95)) is None  # 月 read surely


def test_a_second_phase_name_under_a_seal_is_not_made_the_first_phase_name():
    """Chinese numerals are numbers: a name one numeral off another is another item, not a misread."""
    from extractors.ocr.restamped import short_restamped

    second = "二期机房运维服务经费"  # the project's own name, printed only on its sealed form
    probs = tuple(0.95 if ch == "二" else 0.99 for ch in second)
    alts = tuple(("一", 0.03) if ch == "二" else ("", 0.0) for ch in second)
    reads = [Read("一期机房运维服务经费", 0.97, False, (0.99,) * 10), Read(second, 0.95, True, probs, alts)]
    assert restamped(reads) == {}
    goals = [Read("目标一", 0.99, False, (0.99,) * 3)] * 3 + [Read("目标二", 0.9, True, (0.99, 0.99, 0.5))]
    assert short_restamped(goals) == {}


def test_a_project_name_mended_with_its_runner_up_and_printed_elsewhere_is_confirmed():
    from extractors.ocr.form_trust import FormValue, confirmed

    copied = f"{RESTAMP_NOTE}“照月工程”，按本文件他处无印章处印出的“照明工程”读取，请人工核对"
    backed = f"{RESTAMP_NOTE}“照月工程”，按本文件他处无印章处印出的“照明工程”读取，“月”的次选字即“明”（次选概率0.06）"
    sure = {"照明工程"}
    assert not confirmed(FormValue("project", "项目名称", "照明工程", 0.97, copied), sure)
    assert confirmed(FormValue("project", "项目名称", "照明工程", 0.97, backed), sure)
