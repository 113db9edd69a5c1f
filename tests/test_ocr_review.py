"""The OCR review flag where people read it: rows read from a scan with a low-confidence cell carry
``ocr_low_confidence`` into RDF (pi:ocrLowConfidence, pi:ocrReviewNote), the uses export and `pikg lint`,
in Chinese (是/否 and the reason); rows of other readers show no such column. The grids here are written by
hand."""
from __future__ import annotations

import csv
import io

from extractors.engine import extract_grid
from extractors.grid import Cell, Grid, Source, Table, Text
from extractors.ocr.trust import OcrGrid, review_reason
from extractors.ocr.restamped import RESTAMP_NOTE
from extractors.read_scan import SEAL_NOTE
from graph.build.shards import shard_of
from graph.model.rdf import document_triples
from graph.output.export import export, render
from graph.output.lint import LintRow, lint
from graph.output.lint import render as lint_render
from graph.store.memory import MemoryStore

FLAG, REASON = "识别置信度低（需人工核对）", "核对原因"
ROWS = [["一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"],
        ["产出指标", "数量指标", "培训人次", "120人次", "计划标准"],
        ["产出指标", "质量指标", "验收合格率", "≥95%", "计划标准"]]


def _records(confidence: float | None) -> list[dict]:
    """A department table of two rows; the first row's target read with `confidence` (None: not a scan)."""
    src = Source("scan.pdf", page=1, bbox=(0, 0, 10, 10))
    conf = None if confidence is None else 0.99
    cells = [Cell(t, r, c, source=src, confidence=conf) for r, row in enumerate(ROWS) for c, t in enumerate(row)]
    cells[8].confidence = confidence
    items = [Text("表11 部门整体支出绩效目标表", src), Text("长期目标1：做好培训。", src), Table(cells, 3, 5, src)]
    grid = OcrGrid("scan.pdf", items) if confidence is not None else Grid("scan.pdf", items)
    records, _ = extract_grid(grid, "scan", "pdf")
    return records


def _store(records: list[dict]) -> MemoryStore:
    st = MemoryStore()
    st.load_shard(shard_of(document_triples("scan", records)))
    return st


def test_a_low_confidence_row_is_flagged_with_its_reason():
    rows = {r["name"]: r for r in _records(0.55) if r["type"] == "indicator"}
    assert rows["培训人次"]["ocr_low_confidence"] is True and rows["验收合格率"]["ocr_low_confidence"] is False
    reason = review_reason(rows["培训人次"])
    assert reason and "置信度低" in reason and "120人次" in reason and "0.55" in reason
    assert review_reason(rows["验收合格率"]) is None


def test_the_uses_export_shows_the_flag_in_chinese(tmp_path):
    st = _store(_records(0.55))
    table = list(csv.DictReader(io.StringIO(render(st, "uses", "csv"))))
    by_name = {r["三级指标"]: r for r in table}
    assert by_name["培训人次"][FLAG] == "是" and "120人次" in by_name["培训人次"][REASON]
    assert by_name["验收合格率"][FLAG] == "否" and by_name["验收合格率"][REASON] == ""
    from openpyxl import load_workbook

    export(st, "uses", "xlsx", tmp_path / "uses.xlsx")
    ws = load_workbook(tmp_path / "uses.xlsx").active
    header = [c.value for c in ws[1]]
    col, name = header.index(FLAG), header.index("三级指标")
    assert {r[name].value: r[col].value for r in ws.iter_rows(min_row=2)} == {"培训人次": "是", "验收合格率": "否"}
    ttl = render(st, "uses", "ttl")
    assert "pi:ocrLowConfidence true" in ttl and "pi:ocrLowConfidence false" in ttl and "pi:ocrReviewNote" in ttl


def test_the_flag_is_in_rdf_with_a_chinese_label():
    st = _store(_records(0.55))
    flags = st.subject_objects("https://w3id.org/pikg/ontology#ocrLowConfidence")
    assert sorted(bool(v) for v in flags.values()) == [False, True]
    from graph.model.ontology import ONTOLOGY_DIR

    ttl = (ONTOLOGY_DIR / "pikg.ttl").read_text(encoding="utf-8")
    assert 'pi:ocrLowConfidence a owl:DatatypeProperty' in ttl and '"识别置信度低，需人工核对"@zh' in ttl


def test_rows_of_other_readers_have_no_ocr_columns():
    records = _records(None)
    assert all("ocr_low_confidence" not in r for r in records)
    header = render(_store(records), "uses", "csv").splitlines()[0]
    assert FLAG not in header and REASON not in header


def _lint_row(name: str, flag: bool | None, reason: str | None = None) -> dict:
    return {"source": f"scan.pdf p.1 {name}", "project": "", "level1": "产出指标", "level2": "数量指标", "name": name,
            "target": "120人次", "basis": "计划标准", "ocr_review": flag, "ocr_reason": reason}


def test_lint_lists_every_flagged_row_with_its_reason():
    results = lint([_lint_row("培训人次", True, "OCR识别置信度低，请人工核对：“120人次”（0.55）"), _lint_row("检查次数", False)])
    text = lint_render(results, "table")
    assert "扫描识别需核对：OCR识别置信度低，请人工核对：“120人次”（0.55）" in text
    assert text.count("扫描识别需核对：") == 1  # the row read with confidence is not listed
    assert "扫描件OCR识别：1 个指标值识别置信度低，需人工核对" in text
    table = list(csv.reader(io.StringIO(lint_render(results, "csv"))))
    flag = table[0].index(FLAG)
    assert table[0][-1] == "原因代码" and table[0][flag + 1] == REASON
    assert [r[flag] for r in table[1:]] == ["是", "否"] and "120人次" in table[1][flag + 1]


def test_lint_of_a_document_not_read_by_ocr_keeps_its_columns():
    results = lint([_lint_row("检查次数", None)])
    assert isinstance(results[0], LintRow) and results[0].ocr_review is None
    assert FLAG not in lint_render(results, "csv").splitlines()[0] and "OCR" not in lint_render(results, "table")


# ---- project forms (表12) read by OCR ------------------------------------------------------------------------

def _form(name: str, code: str, total: str, src: Source) -> list:
    """A project form as a scan reads it: every cell read with confidence 0.98."""
    rows = [["项目名称", name, "项目编码", code], ["主管部门", "某某区城管局", "执行单位", "某某区城管局"],
            ["项目总预算（万元）", total, "项目当年预算（万元）", "60.00"], ["起始年度", "2025", "终止年度", "2027"]]
    cells = [Cell(t, r, c, source=src, confidence=0.98) for r, row in enumerate(rows) for c, t in enumerate(row)]
    return [Text("表12 项目支出绩效目标表", src), Table(cells, 4, 4, src)]


def _projects(codes: list[str], weak: dict[tuple[int, int], float] | None = None,
              sealed: list[tuple[int, int]] = ()) -> list[dict]:
    """The project records of forms with these codes; `weak` (form, cell index) → confidence, `sealed` the
    (form, cell index) of each cell whose text had seal ink on it."""
    src = Source("scan.pdf", page=1, bbox=(0, 0, 10, 10))
    items: list = []
    for k, code in enumerate(codes):
        items += _form(f"工程{'甲乙丙丁'[k]}", code, "120.00", src)
    grid = OcrGrid("scan.pdf", items)
    tables = [t for t in items if isinstance(t, Table)]
    for (f, i), conf in (weak or {}).items():
        tables[f].cells[i].confidence = conf
    for f, i in sealed:
        grid.mends[id(tables[f].cells[i])] = SEAL_NOTE
    records, _ = extract_grid(grid, "scan", "pdf")
    return [r for r in records if r["type"] == "project"]


CODES = ["12010525068T000000201", "12010525068T000000202", "12010525068T000000203"]


def test_a_project_read_with_confidence_is_not_flagged():
    projects = _projects(CODES)
    assert [p["ocr_low_confidence"] for p in projects] == [False, False, False]
    assert all(p["ocr_confidence"] == 0.98 and "ocr_review_fields" not in p and review_reason(p) is None for p in projects)


def test_a_low_confidence_code_or_budget_flags_its_project_naming_the_field():
    projects = _projects(CODES, weak={(1, 3): 0.61, (2, 9): 0.7})  # form 2's code, form 3's 项目总预算
    assert [p["ocr_low_confidence"] for p in projects] == [False, True, True]
    assert projects[1]["ocr_review_fields"] == ["code"] and projects[2]["ocr_review_fields"] == ["total_budget"]
    assert projects[1]["ocr_confidence"] == 0.61
    assert "项目编码“12010525068T000000202”（0.61）" in review_reason(projects[1])
    assert "项目总预算（万元）“120.00”（0.70）" in review_reason(projects[2])


def test_a_project_name_under_a_seal_is_flagged_though_read_with_confidence():
    projects = _projects(CODES, sealed=[(0, 1)])
    assert projects[0]["ocr_low_confidence"] is True and projects[0]["ocr_review_fields"] == ["project"]
    assert "印章" in review_reason(projects[0]) and "项目名称“工程甲”" in review_reason(projects[0])
    assert projects[1]["ocr_low_confidence"] is False
    two = _projects(CODES, sealed=[(0, 1), (0, 13)])[0]  # the name and 起始年度 under one seal: one note
    assert two["ocr_review_fields"] == ["project", "start_year"]
    assert review_reason(two) == f"{SEAL_NOTE}（项目名称“工程甲”、起始年度“2025”）"


def test_a_years_cell_read_with_low_confidence_flags_the_year():
    projects = _projects(CODES, weak={(0, 15): 0.5})  # 终止年度's value
    assert projects[0]["ocr_review_fields"] == ["end_year"] and "终止年度“2027”（0.50）" in review_reason(projects[0])


def test_a_code_of_another_shape_than_the_documents_other_codes_is_flagged_not_changed():
    # the T read as 1, confidently: only the shape of the other codes tells
    projects = _projects([CODES[0], "120105250681000000202", CODES[2]])
    flagged = projects[1]
    assert flagged["code"] == "120105250681000000202" and flagged["ocr_low_confidence"] is True
    assert flagged["ocr_review_fields"] == ["code"]
    assert "第12位“1”（其他编码此处为字母）" in review_reason(flagged)
    assert [p["ocr_low_confidence"] for p in projects] == [False, True, False]
    short = _projects([CODES[0], "12010525068T00000202", CODES[2]])[1]  # a digit lost
    assert "为20位，本文件其他项目编码为21位" in review_reason(short)


def test_code_shapes_need_two_agreeing_codes():
    from extractors.ocr.form_trust import code_shape_problem

    assert code_shape_problem("A1", ["12"]) is None  # one other code: no shape to trust
    assert code_shape_problem("A1", ["12", "345", "6789"]) is None  # no length most codes share
    assert code_shape_problem("A1", ["12", "34"]) == "的第1位“A”（其他编码此处为数字）与本文件其他项目编码不同"
    assert code_shape_problem("1A", ["2B", "3C", "44"]) is None  # the second place is not the same kind in all
    assert code_shape_problem("１２", ["34", "56"]) is None  # full-width digits are digits


def test_projects_of_other_readers_carry_no_ocr_fields():
    src = Source("f.pdf", page=1, bbox=(0, 0, 10, 10))
    records, _ = extract_grid(Grid("f.pdf", _form("工程甲", "12345", "120.00", src)), "f", "pdf")
    assert all("ocr_low_confidence" not in r for r in records)


def test_a_flagged_project_carries_the_flag_and_its_reason_into_rdf():
    projects = _projects([CODES[0], "120105250681000000202", CODES[2]])
    st = _store(projects)
    flags = st.subject_objects("https://w3id.org/pikg/ontology#ocrLowConfidence")
    assert sorted((k.rsplit("/", 1)[-1], bool(v)) for k, v in flags.items()) == [("12", False), ("2", False), ("7", True)]
    notes = st.subject_objects("https://w3id.org/pikg/ontology#ocrReviewNote")
    assert any("项目编码" in str(v) for v in notes.values())
    from graph.model.ontology import ONTOLOGY_DIR

    ttl = (ONTOLOGY_DIR / "pikg.ttl").read_text(encoding="utf-8")
    assert "owl:unionOf ( pi:IndicatorUse pi:Project )" in ttl


def test_lint_lists_the_flagged_projects_with_their_fields():
    from pathlib import Path

    from graph.output.lint import project_reviews

    projects = _projects(CODES, weak={(1, 3): 0.61})
    reviews = project_reviews(Path("scan.pdf"), projects)
    assert [(r.project, r.fields) for r in reviews] == [("工程乙", ["项目编码"])]
    text = lint_render(lint([_lint_row("培训人次", False)]), "table", reviews)
    assert "扫描识别需核对的项目：" in text and "scan.pdf p.1  项目“工程乙”（编码 12010525068T000000202）：需核对项目编码" in text
    assert "扫描件OCR识别：1 个项目的名称、编码、单位、预算或年度需人工核对" in text
    assert "需核对的项目" not in lint_render(lint([_lint_row("培训人次", False)]), "table")


def test_a_code_on_a_page_with_a_text_layer_is_not_shape_checked():
    src = Source("mixed.pdf", page=1, bbox=(0, 0, 10, 10))
    items = _form("工程甲", CODES[0], "120.00", src) + _form("工程乙", CODES[1], "80.00", src) + _form("工程丙", "12345", "30.00", src)
    for c in items[-1].cells:
        c.confidence = None  # the third form's page had a text layer
    records, _ = extract_grid(OcrGrid("mixed.pdf", items), "mixed", "pdf")
    third = [r for r in records if r["type"] == "project"][-1]
    assert third["code"] == "12345" and "ocr_low_confidence" not in third


def _listed_and_sealed(listed_conf: float, listed_sealed: bool = False, seal: str = SEAL_NOTE) -> list[dict]:
    """A 项目支出表 listing the three projects' names (read with `listed_conf`, the first name sealed there too
    where `listed_sealed`) before their forms, whose first form has a seal over its name and its total budget."""
    src = Source("scan.pdf", page=1, bbox=(0, 0, 10, 10))
    rows = [["序号", "项目", "预算数"], *[[str(k + 1), f"专项工程{'甲乙丙'[k]}", "120.00"] for k in range(3)]]
    listing = Table([Cell(t, r, c, source=src, confidence=listed_conf) for r, row in enumerate(rows)
                     for c, t in enumerate(row)], 4, 3, src)
    items: list = [Text("项目支出预算表", src), listing]
    for k, code in enumerate(CODES):
        items += _form(f"专项工程{'甲乙丙'[k]}", code, "120.00", src)
    grid = OcrGrid("scan.pdf", items)
    first_form = [t for t in items if isinstance(t, Table)][1]
    grid.mends[id(first_form.cells[1])] = seal  # the name
    grid.mends[id(first_form.cells[9])] = seal  # 项目总预算: "120.00" is printed elsewhere too, but digits recur
    if listed_sealed:
        grid.mends[id(listing.cells[4])] = seal
    records, _ = extract_grid(grid, "scan", "pdf")
    return [r for r in records if r["type"] == "project"]


def test_a_sealed_name_read_the_same_elsewhere_in_the_document_is_confirmed_not_flagged():
    first = _listed_and_sealed(0.97)[0]
    assert first["project"] == "专项工程甲" and first["ocr_review_fields"] == ["total_budget"]  # the budget still
    assert any(n.startswith("OCR核对：项目名称“专项工程甲”") for n in first["notes"])
    # the reason to check it: the seal over the budget alone (the settled name is noted, not a reason)
    assert review_reason(first) == f"{SEAL_NOTE}（项目总预算（万元）“120.00”）"
    # the other reading must itself be confident and untouched
    assert _listed_and_sealed(0.62)[0]["ocr_review_fields"] == ["project", "total_budget"]
    assert _listed_and_sealed(0.97, listed_sealed=True)[0]["ocr_review_fields"] == ["project", "total_budget"]
    # nor the source the name was copied from: a name taken from the listing (restamped) agrees with it by itself
    copied = f"{SEAL_NOTE}；{RESTAMP_NOTE}“专项工桯甲”，按本文件他处无印章处印出的“专项工程甲”读取，请人工核对"
    assert _listed_and_sealed(0.97, seal=copied)[0]["ocr_review_fields"] == ["project", "total_budget"]
