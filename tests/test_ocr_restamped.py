"""A text read under a seal is mended from the same text printed elsewhere in the document without a seal
(extractors/ocr/restamped.py): reads written here."""
from __future__ import annotations

from extractors.ocr.restamped import Read, restamped


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
    ]
    assert restamped(reads) == {}
