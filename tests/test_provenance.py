"""Provenance: where each indicator row was read (PDF boxes, workbook cells, Word table cells), carried into
the graph and read back for the reviewer's desk."""
from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest

from extractors.engine import extract_document

FIXTURES = Path(__file__).parent / "data" / "fixtures"
PDF = FIXTURES / "001_163e4aab9eba8502.s2.pdf"

HEADER = ["年度目标", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"]
ROWS = [("培训人次", "≥300人次"), ("培训场次", "≥12场"), ("培训合格率", "≥95%")]


def _squeeze(s: str | None) -> str:
    return unicodedata.normalize("NFKC", re.sub(r"\s", "", s or ""))


def _indicators(records: list[dict]) -> list[dict]:
    return [r for r in records if r["type"] == "indicator"]


@pytest.fixture(scope="module")
def pdf_rows() -> list[dict]:
    return _indicators(extract_document(PDF)[0])


def test_a_pdf_rows_boxes_hold_the_printed_name_and_target(pdf_rows):
    """The name and target boxes, cropped from the page with pdfplumber, hold exactly the printed cell."""
    import pdfplumber

    assert pdf_rows and all(set(r["boxes"]) == {"row", "name", "target"} for r in pdf_rows)
    with pdfplumber.open(PDF) as pdf:
        for r in pdf_rows:
            page = pdf.pages[r["page"] - 1]
            for role in ("name", "target"):
                x0, top, x1, bottom = r["boxes"][role]
                assert 0 <= x0 < x1 <= float(page.width) and 0 <= top < bottom <= float(page.height)
                assert _squeeze(page.within_bbox(r["boxes"][role]).extract_text()) == _squeeze(r[role]), (r["line"], role)
            row, name = r["boxes"]["row"], r["boxes"]["name"]
            assert row[0] <= name[0] and r["boxes"]["target"][2] <= row[2]  # the row spans the table
            assert name[1] == row[1] and name[3] >= row[3]  # the name cell starts on its row (or is merged down)


def _word_table(path: Path) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("2026年部门预算")
    doc.add_paragraph("年度绩效目标表")
    doc.add_table(rows=1, cols=2).cell(0, 0).text = "一张无关的表"
    t = doc.add_table(rows=4, cols=6)
    for c, h in enumerate(HEADER):
        t.cell(0, c).text = h
    t.cell(1, 0).merge(t.cell(3, 0)).text = "完成全年培训任务"
    t.cell(1, 1).merge(t.cell(3, 1)).text = "产出指标"
    t.cell(1, 2).merge(t.cell(2, 2)).text = "数量指标"
    t.cell(3, 2).text = "质量指标"
    for r, (name, target) in enumerate(ROWS, 1):
        t.cell(r, 3).text, t.cell(r, 4).text, t.cell(r, 5).text = name, target, "计划标准"
    doc.save(str(path))


def test_a_word_row_names_its_table_row_and_columns(tmp_path: Path):
    from docx import Document

    p = tmp_path / "培训.docx"
    _word_table(p)
    rows = _indicators(extract_document(p)[0])
    assert [r["name"] for r in rows] == [n for n, _ in ROWS]
    tables = Document(str(p)).tables
    for r in rows:
        assert "sheet" not in r and "cell" not in r and "boxes" not in r
        table = tables[r["table"] - 1]
        assert table.cell(r["row"] - 1, r["cells"]["name"] - 1).text == r["name"]
        assert table.cell(r["row"] - 1, r["cells"]["target"] - 1).text == r["target"]
    assert [(r["table"], r["row"], r["cells"]) for r in rows][0] == (2, 2, {"name": 4, "target": 5})


def _workbook(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "年度绩效目标"
    ws["A1"] = "2026年部门预算 年度绩效目标表"
    ws.append([])
    ws.append(["", *HEADER])  # the table starts in column B, row 3
    ws.merge_cells("B4:B6")
    ws.merge_cells("C4:C6")
    ws["B4"], ws["C4"] = "完成全年培训任务", "产出指标"
    for i, (name, target) in enumerate(ROWS):
        r = 4 + i
        ws.cell(r, 4, "数量指标" if i < 2 else "质量指标")
        ws.cell(r, 5, name)
        ws.cell(r, 6, target)
        ws.cell(r, 7, "计划标准")
    wb.save(path)


def test_a_workbook_row_names_its_name_and_target_cells(tmp_path: Path):
    from openpyxl import load_workbook

    p = tmp_path / "培训.xlsx"
    _workbook(p)
    rows = _indicators(extract_document(p)[0])
    assert [r["name"] for r in rows] == [n for n, _ in ROWS]
    ws = load_workbook(p)["年度绩效目标"]
    for r in rows:
        assert r["sheet"] == "年度绩效目标" and "boxes" not in r
        assert ws[r["cells"]["name"]].value == r["name"] and ws[r["cells"]["target"]].value == r["target"]
    assert rows[0]["cells"] == {"name": "E4", "target": "F4"}


def test_a_csv_row_names_the_cells_a_spreadsheet_shows(tmp_path: Path):
    """A quoted field over two lines: the record number, not the line, is the spreadsheet's row."""
    p = tmp_path / "培训.csv"
    lines = ["2026年部门预算", "年度绩效目标表", ",".join(HEADER),
             '"完成全年\n培训任务",产出指标,数量指标,培训人次,≥300人次,计划标准',
             ",,,培训场次,≥12场,计划标准"]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = _indicators(extract_document(p)[0])
    assert [(r["name"], r["line"], r["cells"]) for r in rows] == [
        ("培训人次", 4, {"name": "D4", "target": "E4"}), ("培训场次", 6, {"name": "D5", "target": "E5"})]


# ---- the graph and the desk's helpers ------------------------------------------------------------------
@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The PDF fixture (copied, so that a test may change or remove the copy) built into an in-memory store."""
    import shutil

    from graph.build.builder import build
    from graph.store.oxigraph import OxigraphStore

    folder = tmp_path_factory.mktemp("prov")
    pdf = folder / PDF.name
    shutil.copyfile(PDF, pdf)
    st = OxigraphStore()
    rep = build([pdf], target=st, analysis=False)
    assert not rep.failed and not rep.violations
    return st, pdf


def _use_of(st, line: int) -> str:
    from graph.model.terms import sparql_prefixes

    rows = st.query(sparql_prefixes() + f"SELECT ?u WHERE {{ ?u a pi:IndicatorUse ; pi:sourceLine {line} }}").rows
    assert len(rows) == 1
    return rows[0][0]


def test_the_graph_carries_a_rows_page_boxes_and_the_files_path_and_hash(built, pdf_rows):
    import hashlib

    from graph.model.terms import sparql_prefixes

    st, pdf = built
    r = pdf_rows[-1]
    u = _use_of(st, r["line"])
    q = sparql_prefixes() + f"""SELECT ?page ?row ?name ?target ?path ?hash WHERE {{ <{u}> pi:sourcePage ?page ; pi:rowBox ?row ;
        pi:nameBox ?name ; pi:targetBox ?target ; pi:inDocument ?d . ?d pi:sourcePath ?path ; pi:sourceHash ?hash }}"""
    (got,) = st.query(q).dicts()
    as_text = lambda box: " ".join(f"{v:.1f}" for v in box)
    assert got == {"page": r["page"], "row": as_text(r["boxes"]["row"]), "name": as_text(r["boxes"]["name"]),
                   "target": as_text(r["boxes"]["target"]), "path": os.path.abspath(pdf),
                   "hash": "sha256:" + hashlib.sha256(pdf.read_bytes()).hexdigest()}


def test_provenance_of_reads_the_rows_back(built, pdf_rows):
    from graph.query.provenance import provenance_of

    st, pdf = built
    uses = {_use_of(st, r["line"]): r for r in pdf_rows[:3]}
    got = provenance_of(st, [*uses, "https://w3id.org/pikg/id/use/none/1"])
    assert set(got) == set(uses)
    for u, r in uses.items():
        p = got[u]
        assert (p.kind, p.page, p.line, p.source_path) == ("pdf", r["page"], r["line"], os.path.abspath(pdf))
        assert (p.row_box, p.name_box, p.target_box) == tuple(tuple(r["boxes"][k]) for k in ("row", "name", "target"))
        assert p.sheet is None and p.table is None and p.source_hash.startswith("sha256:")
    assert provenance_of(st, []) == {}
    with pytest.raises(ValueError):
        provenance_of(st, ["<bad> iri"])


def test_source_state_tells_ok_changed_and_missing(built, tmp_path):
    from graph.query.provenance import provenance_of, source_state

    st, pdf = built
    (prov,) = provenance_of(st, [st.query("PREFIX pi: <https://w3id.org/pikg/ontology#> SELECT ?u WHERE "
                                          "{ ?u a pi:IndicatorUse } LIMIT 1").rows[0][0]]).values()
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(pdf.read_bytes())
    assert source_state(prov.source_path, prov.source_hash) == "ok"
    assert source_state(str(copy), prov.source_hash) == "ok"
    with open(copy, "ab") as f:
        f.write(b"\n%% edited\n")
    assert source_state(str(copy), prov.source_hash) == "changed"
    assert source_state(str(tmp_path / "gone.pdf"), prov.source_hash) == "missing"
    assert source_state(None, prov.source_hash) == "missing"
    assert source_state(str(tmp_path), prov.source_hash) == "missing"  # a folder is no source file
    assert source_state(str(copy), None) == "changed"  # no hash recorded: sameness cannot be shown


def test_render_page_outlines_a_box_on_a_picture_of_the_page(pdf_rows):
    import io

    import pdfplumber
    from PIL import Image

    from graph.output.page_image import OUTLINE, render_page

    r = pdf_rows[0]
    with pdfplumber.open(PDF) as pdf:
        page = pdf.pages[r["page"] - 1]
        width, height = float(page.width), float(page.height)
    png = render_page(PDF, r["page"], [tuple(r["boxes"]["name"])], dpi=72)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    im = Image.open(io.BytesIO(png)).convert("RGB")
    assert abs(im.size[0] - width) < 1 and abs(im.size[1] - height) < 1  # pdfium rounds a part pixel up
    x0, top, x1, bottom = (round(v) for v in r["boxes"]["name"])
    assert im.getpixel(((x0 + x1) // 2, top)) == OUTLINE  # the top edge, half way along
    assert im.getpixel((x0, (top + bottom) // 2)) == OUTLINE  # the left edge
    plain = Image.open(io.BytesIO(render_page(PDF, r["page"], [], dpi=72))).convert("RGB")
    assert plain.getpixel(((x0 + x1) // 2, top)) != OUTLINE
    bigger = Image.open(io.BytesIO(render_page(PDF, r["page"], [], dpi=144)))
    assert abs(bigger.size[0] - 2 * width) < 1 and abs(bigger.size[1] - 2 * height) < 1


@pytest.mark.parametrize("saved_dpi, read_dpi", [(300, 300.0), (None, 200.0)])
def test_render_page_draws_a_scanned_image_page_with_its_box(tmp_path: Path, saved_dpi, read_dpi):
    """A page image (.png) is drawn like a PDF page: its boxes are in points of the image at the file's own
    resolution (200 dpi, the OCR reader's, where the file says none), scaled to the dpi asked for."""
    import io

    from PIL import Image

    from graph.output.page_image import OUTLINE, PageImageError, render_page

    width_in, height_in = 4, 3  # a 4 × 3 inch page
    scan = tmp_path / "page.png"
    picture = Image.new("RGB", (round(width_in * read_dpi), round(height_in * read_dpi)), "white")
    picture.save(scan, **({"dpi": (saved_dpi, saved_dpi)} if saved_dpi else {}))
    box = (72.0, 36.0, 144.0, 72.0)  # points: one inch to two inches across, half an inch to one inch down
    im = Image.open(io.BytesIO(render_page(scan, 1, [box], dpi=72))).convert("RGB")
    assert im.size == (width_in * 72, height_in * 72)
    assert im.getpixel((108, 36)) == OUTLINE and im.getpixel((72, 54)) == OUTLINE
    assert im.getpixel((108, 54)) == (255, 255, 255)  # inside the box: the page, not the outline
    with pytest.raises(PageImageError, match=r"page\.png：没有第 2 页（全文共 1 页）"):
        render_page(scan, 2, [])


def test_render_page_names_the_file_and_page_it_cannot_show():
    from graph.output.page_image import PageImageError, render_page

    with pytest.raises(PageImageError, match=r"001_163e4aab9eba8502\.s2\.pdf.*没有第 99 页（全文共 13 页）"):
        render_page(PDF, 99, [])
    with pytest.raises(PageImageError, match="没有第 0 页"):
        render_page(PDF, 0, [])


def test_word_and_workbook_rows_come_back_from_the_graph_with_their_cells(tmp_path: Path):
    from graph.build.builder import build
    from graph.model.terms import sparql_prefixes
    from graph.query.provenance import provenance_of, source_state
    from graph.store.oxigraph import OxigraphStore

    word, book = tmp_path / "培训.docx", tmp_path / "培训表.xlsx"
    _word_table(word)
    _workbook(book)
    st = OxigraphStore()
    rep = build([word, book], target=st, analysis=False)
    assert not rep.failed and not rep.violations
    q = sparql_prefixes() + "SELECT ?u ?name WHERE { ?u a pi:IndicatorUse ; pi:name ?name }"
    uses = {(u, name) for u, name in st.query(q).rows}
    got = provenance_of(st, [u for u, _ in uses])
    by_kind: dict[str, dict[str, object]] = {}
    for u, name in uses:
        by_kind.setdefault(got[u].kind, {})[name] = got[u]
    assert set(by_kind) == {"word", "workbook"}
    w = by_kind["word"]["培训场次"]
    assert (w.table, w.row, w.name_column, w.target_column, w.sheet, w.page) == (2, 3, 4, 5, None, None)
    b = by_kind["workbook"]["培训场次"]
    assert (b.sheet, b.name_cell, b.target_cell, b.table, b.row_box) == ("年度绩效目标", "E5", "F5", None, None)
    assert {source_state(p.source_path, p.source_hash) for p in got.values()} == {"ok"}
    assert {p.source_path for p in got.values()} == {os.path.abspath(word), os.path.abspath(book)}


def test_the_uses_export_writes_each_uses_place_as_the_build_did(built, pdf_rows):
    import rdflib

    from graph.model.terms import PI
    from graph.output.export import render

    st, _ = built
    r = pdf_rows[0]
    u = _use_of(st, r["line"])
    g = rdflib.Graph().parse(data=render(st, "uses", "ttl"), format="turtle")
    pi = rdflib.Namespace(PI)
    stored = {p: st.subject_objects(PI + p).get(u) for p in ("sourcePage", "rowBox", "nameBox", "targetBox")}
    exported = {p: g.value(rdflib.URIRef(u), pi[p]).toPython() for p in stored}
    assert exported == stored and stored["sourcePage"] == r["page"] and stored["nameBox"].split()[0] == f"{r['boxes']['name'][0]:.1f}"
