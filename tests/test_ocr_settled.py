"""Doubts an OCR'd cell's own reading settles (extractors/ocr/settled.py): a slanted ≥/≤ read with a low
probability in front of a value the grammar parses, and seal ink over a framework label read with confidence.
The cells and grids here are written by hand."""
from __future__ import annotations

from extractors.engine import extract_grid
from extractors.grid import Cell, Source, Table, Text
from extractors.ocr.settled import (comparator_counts, comparator_probability, odd_strict, others_confident,
                                    settled_comparator, settled_label, strict_comparators_read)
from extractors.ocr.restamped import RESTAMP_NOTE
from extractors.ocr.trust import OcrGrid, review_reason

SRC = Source("scan.pdf", page=1, bbox=(0, 0, 10, 10))
RUNNER_UP = "OCR修正：“>”的次选为“≥”（> 0.46，≥ 0.39），按“≥”读取"
SEAL = "OCR提示：本格文字上盖有印章（印章已去除），请人工核对"


def _cell(text: str, conf: float) -> Cell:
    return Cell(text, 1, 3, source=SRC, confidence=conf)


def test_the_others_characters_are_bounded_from_the_mean_and_the_first():
    # ≥95% read at a mean of 0.86 with ≥ at 0.46: the other three average 0.993, none below 0.98
    assert others_confident("≥95%", 0.86, 0.465, None)
    # the same mean with the comparator at 0.9: the others average 0.847, one may be 0.54
    assert not others_confident("≥95%", 0.86, 0.9, None)
    assert not others_confident("≥95%", 0.86, None, None)  # the comparator's probability unknown: no bound
    # per-character probabilities where the reader keeps them decide alone
    assert others_confident("≥95%", 0.80, None, (0.3, 0.97, 0.99, 0.95))
    assert not others_confident("≥95%", 0.80, None, (0.9, 0.62, 0.99, 0.95))
    assert not others_confident("≥95%", 0.80, None, (0.9, 0.99, 0.95))  # not one per character: not used


def test_the_runner_up_note_gives_the_comparators_probabilities():
    assert comparator_probability(RUNNER_UP, "≥95%") == (0.46, 0.39)
    assert comparator_probability(RUNNER_UP, "95%") is None  # the comparator is not the cell's first character
    assert comparator_probability(f"{RUNNER_UP}；{SEAL}", "≥95%") is None  # seal ink on it as well
    assert comparator_probability(SEAL, "≥95%") is None


def test_a_slanted_comparator_alone_is_settled_where_the_value_parses():
    assert settled_comparator(_cell("≥95%", 0.86), RUNNER_UP, None, strict=())
    assert settled_comparator(_cell("≥95%", 0.8), None, (0.55, 0.99, 0.98, 0.99), strict=())
    # not where the document prints > or < with confidence: the doubt may be between ≥ and >
    assert not settled_comparator(_cell("≥95%", 0.86), RUNNER_UP, None, strict={"≥"})
    assert settled_comparator(_cell("≥95%", 0.86), RUNNER_UP, None, strict={"≤"})  # a printed < says nothing of ≥
    # not where the value does not parse, or a percentage over 100, or no comparator leads
    assert not settled_comparator(_cell("≥9596", 0.86), RUNNER_UP, None, strict=())
    assert not settled_comparator(_cell("≥195%", 0.8), None, (0.55, 0.99, 0.98, 0.99, 0.99), strict=())
    assert not settled_comparator(_cell("95%", 0.8), None, (0.55, 0.99, 0.98), strict=())
    # not with seal ink, a dropped character or a glyph too faint to be a comparator rather than a blot
    assert not settled_comparator(_cell("≥95%", 0.86), f"{RUNNER_UP}；{SEAL}", None, strict=())
    assert not settled_comparator(_cell("≥95%", 0.86), "OCR修正：“>”的次选为“≥”（> 0.25，≥ 0.15），按“≥”读取", None,
                                  strict=())  # the others read clearly: the faint glyph alone decides
    assert not settled_comparator(_cell("≥95%", 0.75), None, (0.2, 0.99, 0.98, 0.99), strict=())
    assert settled_comparator(_cell("≥95%", 0.83), None, (0.35, 0.99, 0.98, 0.99), strict=())


def test_a_strict_comparator_read_with_confidence_anywhere_counts():
    cells = [_cell("≥95%", 0.99), _cell("大于3家", 0.97)]
    assert strict_comparators_read(cells, {}) == {"≥"}
    assert strict_comparators_read(cells[:1], {}) == set()
    weak = [_cell(">95%", 0.7), _cell("不低于3家", 0.99)]  # a weak > is the doubt itself; 不低于 is ≥
    assert strict_comparators_read(weak, {}) == set()
    assert strict_comparators_read([_cell("<24小时", 0.99)], {}) == {"≤"}


def test_a_strict_symbol_among_many_slanted_ones_is_an_odd_one_out():
    many = [_cell(t, 0.86) for t in ("≤24小时", "≤48小时", "≤30万元")]
    odd = _cell("<910.02万元", 0.99)  # a ≤ read as <, confidently
    assert strict_comparators_read([*many, odd], {}) == set()
    assert odd_strict("<", comparator_counts([*many, odd])) and not odd_strict(">", comparator_counts([*many, odd]))
    # a document that prints < as often: not odd, and then it does print them
    printed = [_cell(t, 0.99) for t in ("<24小时", "<48小时")]
    assert strict_comparators_read([*many, *printed], {}) == {"≤"}
    assert strict_comparators_read([*many[:2], odd], {}) == {"≤"}  # two ≤ are too few to outvote it


def test_seal_ink_over_a_framework_label_read_with_confidence_is_settled():
    assert settled_label(_cell("数量指标", 0.99), SEAL) and settled_label(_cell("计划标准", 0.98), SEAL)
    assert not settled_label(_cell("数量指标", 0.85), SEAL)  # 数量/质量: one character apart
    assert not settled_label(_cell("培训人次", 0.99), SEAL)  # an indicator's name: open text
    assert not settled_label(_cell("数量指标", 0.99), f"{SEAL}；{RUNNER_UP}")
    assert not settled_label(_cell("数量指标", 0.99), None)


HEAD = ["一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"]


def _rows(targets: list[tuple[str, float, str | None]], extra: list[list[str]] = ()) -> list[dict]:
    """A department table, one row per (target, its confidence, its note); every other cell read at 0.99."""
    body = [HEAD, *[["产出指标", "质量指标", f"指标{k}", t, "计划标准"] for k, (t, _, _) in enumerate(targets)], *extra]
    cells = [Cell(t, r, c, source=SRC, confidence=0.99) for r, row in enumerate(body) for c, t in enumerate(row)]
    grid = OcrGrid("scan.pdf", [Text("表11 部门整体支出绩效目标表", SRC), Text("年度目标1：做好工作。", SRC),
                                Table(cells, len(body), 5, SRC)])
    for k, (_, conf, note) in enumerate(targets):
        cells[5 * (k + 1) + 3].confidence = conf
        if note:
            grid.mends[id(cells[5 * (k + 1) + 3])] = note
    records, _ = extract_grid(grid, "scan", "pdf")
    return [r for r in records if r["type"] == "indicator"]


def test_rows_whose_only_doubt_is_a_slanted_comparator_are_noted_not_flagged():
    rows = _rows([("≥95%", 0.86, RUNNER_UP), ("≥95%", 0.86, None), ("≥95%", 0.86, f"{RUNNER_UP}；{SEAL}")])
    assert [r["ocr_low_confidence"] for r in rows] == [False, True, True]
    assert rows[0]["ocr_confidence"] == 0.86 and review_reason(rows[0]) is None
    assert RUNNER_UP in rows[0]["notes"]  # what was mended is still said
    assert any(n.startswith("OCR核对：“≥95%”的比较符") for n in rows[0]["notes"])
    assert "“≥95%”（0.86）" in review_reason(rows[1])
    # the document prints a strict comparator with confidence: the mended ≥ is checked again
    strict = _rows([("≥95%", 0.86, RUNNER_UP)], extra=[["产出指标", "数量指标", "指标9", ">3家", "计划标准"]])
    assert strict[0]["ocr_low_confidence"] is True
    # a printed < says nothing of a ≥: settled, and the note names only the counterpart it looked for
    other = _rows([("≥95%", 0.86, RUNNER_UP)], extra=[["产出指标", "时效指标", "指标9", "<3天", "计划标准"]])
    assert other[0]["ocr_low_confidence"] is False
    (said,) = [n for n in other[0]["notes"] if n.startswith("OCR核对")]
    assert "未见“>”" in said and "<" not in said


def test_a_goal_cell_under_a_seal_naming_the_rows_own_goal_is_settled():
    from extractors.ocr.trust import settled_goal_cell

    rec = {"horizon": "annual", "goal": 2}
    assert settled_goal_cell(_cell("年度目标2", 0.98), SEAL, rec)
    assert settled_goal_cell(_cell("年度目标2", 0.7), None, rec)  # read weakly, but the caption above agrees
    assert not settled_goal_cell(_cell("年度目标3", 0.98), SEAL, rec)  # another goal: goal_note flags it
    assert not settled_goal_cell(_cell("长期目标2", 0.98), SEAL, rec)
    assert not settled_goal_cell(_cell("年度目标2", 0.98), "OCR修正：字母“O”读作数字“0”（原识别为“年度目标2”）", rec)
    assert not settled_goal_cell(_cell("培训人次", 0.98), SEAL, rec)


def test_a_note_about_this_cell_names_the_cell_it_is_on():
    rows = _rows([("20家", 0.99, SEAL), ("≥95%", 0.97, "OCR提示：本格可能漏识一个字符“1”（识别概率0.30，未采用），请人工核对")])
    assert review_reason(rows[0]) == f"{SEAL}（本格为“20家”）"
    assert review_reason(rows[1]).endswith("请人工核对（本格为“≥95%”）")


def test_a_sealed_name_read_the_same_in_another_table_is_settled_not_a_sealed_value():
    from extractors.ocr.trust import settled_name

    rec = {"name": "培训合格人数"}
    assert settled_name(_cell("培训合格人数", 0.99), rec, {"培训合格人数"})
    assert not settled_name(_cell("培训合格人数", 0.99), rec, set())  # printed nowhere else (clearly)
    assert not settled_name(_cell("120人", 0.99), {"name": "培训合格人数"}, {"120人"})  # a value: digits recur
    assert not settled_name(_cell("人数", 0.99), {"name": "人数"}, {"人数"})  # too short to be specific
    # through the review: the name under a seal in the department's table, clear in a project's table below
    body = [HEAD, ["产出指标", "数量指标", "培训合格人数", "120人", "计划标准"]]
    first = Table([Cell(t, r, c, source=SRC, confidence=0.99) for r, row in enumerate(body) for c, t in enumerate(row)], 2, 5, SRC)
    second = Table([Cell(t, r, c, source=SRC, confidence=0.99) for r, row in enumerate(body) for c, t in enumerate(row)], 2, 5, SRC)
    def first_row(clear: float, seal: str) -> dict:
        second.cells[7].confidence = clear
        grid = OcrGrid("scan.pdf", [Text("表11 部门整体支出绩效目标表", SRC), Text("年度目标1：做好工作。", SRC), first,
                                    Text("年度目标2：做好培训。", SRC), second])
        grid.mends[id(first.cells[7])] = seal
        records, _ = extract_grid(grid, "scan", "pdf")
        return [r for r in records if r["type"] == "indicator"][0]

    for clear, flagged in ((0.99, False), (0.7, True)):
        row = first_row(clear, SEAL)
        assert row["name"] == "培训合格人数" and row["ocr_low_confidence"] is flagged
    # a name copied from that other reading (restamped) agrees with it by itself: still checked
    copied = f"{SEAL}；{RESTAMP_NOTE}“培训含格人数”，按本文件他处无印章处印出的“培训合格人数”读取，请人工核对"
    assert first_row(0.99, copied)["ocr_low_confidence"] is True


def test_a_mended_cell_without_a_confidence_flags_its_row_without_failing():
    rows = _rows([("≥95%", 0.99, None)])
    assert rows[0]["ocr_low_confidence"] is False
    body = [HEAD, ["产出指标", "数量指标", "培训人次", "120人", "计划标准"]]
    cells = [Cell(t, r, c, source=SRC, confidence=0.99) for r, row in enumerate(body) for c, t in enumerate(row)]
    cells[8].confidence = None  # a cell of a page with a text layer, yet noted
    grid = OcrGrid("scan.pdf", [Text("表11 部门整体支出绩效目标表", SRC), Text("年度目标1：做好工作。", SRC), Table(cells, 2, 5, SRC)])
    grid.mends[id(cells[8])] = SEAL
    records, _ = extract_grid(grid, "scan", "pdf")
    row = [r for r in records if r["type"] == "indicator"][0]
    assert row["ocr_low_confidence"] is True and review_reason(row) == f"{SEAL}（本格为“120人”）"


def test_a_row_with_an_odd_strict_comparator_is_flagged_unchanged():
    rows = _rows([("≤24小时", 0.99, None), ("≤48小时", 0.99, None), ("≤30万元", 0.99, None), ("<910.02万元", 0.99, None)])
    assert [r["ocr_low_confidence"] for r in rows] == [False, False, False, True]
    assert rows[3]["target"] == "<910.02万元"
    assert review_reason(rows[3]) == ("OCR提示：“<910.02万元”的比较符“<”在本文件中少见（其他值多为“≤”），可能是“≤”识别有误，"
                                      "请人工核对（未作改动）")
    printed = _rows([("<24小时", 0.99, None), ("<48小时", 0.99, None), ("≤30万元", 0.99, None)])
    assert [r["ocr_low_confidence"] for r in printed] == [False, False, False]


def test_seal_ink_over_a_cell_read_surely_without_a_near_runner_up_is_settled():
    from extractors.ocr.settled import settled_seal

    sure, alts = (0.99, 0.999, 0.985), (("坝", 0.001), ("庄", 0.004), ("豕", 0.002))
    assert settled_seal("新村家", SEAL, sure, alts)
    assert not settled_seal("新村家", SEAL, (0.99, 0.97, 0.985), alts)  # one read less surely
    assert not settled_seal("新村家", SEAL, sure, (("杂", 0.02), *alts[1:]))  # 新 nearly read as 杂
    assert not settled_seal("新村家", SEAL, None, None) and not settled_seal("新村家", SEAL, sure, None)
    assert not settled_seal("新村家", SEAL, sure[1:], alts[1:])  # not one per character
    assert not settled_seal("新村家", None, sure, alts)  # no seal: nothing to settle
    assert not settled_seal("新村家", f"{SEAL}；{RUNNER_UP}", sure, alts)  # a mend too
    assert settled_seal("新村家", SEAL, sure, (("薪", 0.001), ("村", 0.3), alts[2]))  # 村 in another form is 村
    # a number: a thin ≥ can go whole with the seal's ink (≥90% read 90%, every character sure)
    digits, their = (0.99, 0.999, 0.985), (("8", 0.001), ("6", 0.004), ("豕", 0.002))
    assert not settled_seal("90家", SEAL, digits, their) and settled_seal("90家", SEAL, digits, their, numbers=True)


def test_a_row_whose_only_doubt_is_seal_ink_over_a_surely_read_cell_is_noted_not_flagged():
    body = [HEAD, ["产出指标", "数量指标", "培训人次", "120人", "计划标准"], ["产出指标", "数量指标", "覆盖户数", "120户", "计划标准"],
            ["产出指标", "数量指标", "培训人数", "120人", "计划标准"]]
    cells = [Cell(t, r, c, source=SRC, confidence=0.99) for r, row in enumerate(body) for c, t in enumerate(row)]
    grid = OcrGrid("scan.pdf", [Text("表11 部门整体支出绩效目标表", SRC), Text("年度目标1：做好工作。", SRC),
                                Table(cells, len(body), 5, SRC)])
    sure, near, number = cells[7], cells[12], cells[18]
    for c, alt in ((sure, 0.004), (near, 0.06)):  # 户 nearly read as 尸: still checked
        grid.mends[id(c)] = SEAL
        grid.chars[id(c)] = (0.999, 0.99, 0.995, 0.99)
        grid.alts[id(c)] = (("又", 0.001), ("欠", 0.002), ("入", 0.003), ("尸", alt))
    grid.mends[id(number)] = SEAL  # a value read surely: a ≥ may have gone with the seal, still checked
    grid.chars[id(number)] = (0.999, 0.99, 0.995, 0.99)
    grid.alts[id(number)] = (("l", 0.001), ("3", 0.002), ("6", 0.003), ("入", 0.001))
    records, _ = extract_grid(grid, "scan", "pdf")
    rows = [r for r in records if r["type"] == "indicator"]
    assert [r["ocr_low_confidence"] for r in rows] == [False, True, True]
    assert review_reason(rows[0]) is None and any(n.startswith("OCR核对：“培训人次”上有印章") for n in rows[0]["notes"])
    assert review_reason(rows[1]) == f"{SEAL}（本格为“覆盖户数”）"
    assert review_reason(rows[2]) == f"{SEAL}（本格为“120人”）"


def test_a_text_read_the_same_under_seals_on_two_pages_is_sure():
    """Two seals lie over a text differently: the same text read with confidence under seal ink alone on two
    pages confirms itself; on one page (or with a mend, or weakly) it does not."""
    from extractors.ocr.form_trust import sure_texts

    def cell(text: str, page: int, conf: float = 0.96) -> Cell:
        return Cell(text, 0, 0, source=Source("scan.pdf", page=page, bbox=(0, 0, 10, 10)), confidence=conf)

    cells = [cell("城区道路维护经费", 3), cell("城区道路维护经费", 7), cell("乡村道路维护经费", 3), cell("乡村道路维护经费", 3),
             cell("河道清淤维护经费", 3), cell("河道清淤维护经费", 7), cell("绿地养护管理经费", 3), cell("绿地养护管理经费", 7, 0.8)]
    grid = OcrGrid("scan.pdf", [Table(cells, 1, len(cells), SRC)])
    mended = "OCR修正：印章下两次识别为“河道清於维护经费”“河道清淤维护经费”，取“河道清淤维护经费”"
    grid.mends = {id(c): SEAL for c in cells} | {id(cells[5]): f"{SEAL}；{mended}"}
    assert sure_texts(grid, grid.mends) == {"城区道路维护经费"}
