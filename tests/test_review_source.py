"""What the desk shows of a row's source: the place in words, the row's cells of a workbook or Word table with
the name and target marked, the lines of a text file around the row, and a moved or changed file said as such."""
from __future__ import annotations

from graph.review.source import RowSource, text_lines


def test_a_moved_or_changed_file_is_said_not_drawn(tmp_path):
    for state in ("missing", "changed"):
        src = RowSource("u", str(tmp_path / "a.pdf"), state, "page", page=3, boxes={"row": [10, 20, 300, 40]})
        out = src.as_json("/review/page.png?use=", "u")
        assert "源文件已移动或已更改" in out["message"] and "image" not in out
        assert out["place"] == "第 3 页"


def test_a_pdf_row_zooms_to_its_name_and_target(tmp_path):
    src = RowSource("id:u/1", "x.pdf", "ok", "page", page=2,
                    boxes={"row": [50, 100, 550, 118], "name": [200, 100, 320, 118], "target": [400, 101, 460, 119]})
    out = src.as_json("/img?use=", "id:u/1")
    assert out["image"] == "/img?use=id%3Au%2F1" and out["box"] == [200, 100, 460, 119]
    assert RowSource("u", "x.pdf", "ok", "page", page=2, boxes={"row": [1, 2, 3, 4]}).focus() == [1, 2, 3, 4]


def test_text_lines_around_the_row(tmp_path):
    f = tmp_path / "t.txt"
    f.write_bytes("\n".join(f"第{n}行" for n in range(1, 21)).encode("gb18030"))
    lines = text_lines(str(f), 10, around=2)
    assert [(x["n"], x["text"], x["here"]) for x in lines] == [(8, "第8行", False), (9, "第9行", False), (10, "第10行", True),
                                                               (11, "第11行", False), (12, "第12行", False)]
    assert [x["n"] for x in text_lines(str(f), 1, around=2)] == [1, 2, 3]
    src = RowSource("u", str(f), "ok", "line", line=20)
    assert src.as_json("", "u")["lines"][-1] == {"n": 20, "text": "第20行", "here": True}


def test_a_workbook_row_with_its_name_and_target_cells(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "表12"
    ws.append(["一级指标", "二级指标", "三级指标", "指标值"])
    ws.append(["产出指标", "数量指标", "培训人次", "≥200人次"])
    wb.save(tmp_path / "b.xlsx")
    src = RowSource("u", str(tmp_path / "b.xlsx"), "ok", "sheet", sheet="表12", cells={"name": "C2", "target": "D2"})
    out = src.as_json("", "u")
    assert out["place"] == "工作表「表12」 C2（指标名称）、D2（指标值）"
    assert out["cells"] == [{"ref": "A2", "text": "产出指标", "role": ""}, {"ref": "B2", "text": "数量指标", "role": ""},
                            {"ref": "C2", "text": "培训人次", "role": "name"}, {"ref": "D2", "text": "≥200人次", "role": "target"}]
    (tmp_path / "c.csv").write_text("三级指标,指标值\n满意度,≥90%\n", encoding="utf-8")
    csv_src = RowSource("u", str(tmp_path / "c.csv"), "ok", "sheet", cells={"name": "A2", "target": "B2"})
    assert [c["text"] for c in csv_src.as_json("", "u")["cells"]] == ["满意度", "≥90%"]
    assert csv_src.place() == "A2（指标名称）、B2（指标值）"


def test_a_word_row_with_its_columns(tmp_path):
    import docx

    d = docx.Document()
    d.add_table(rows=1, cols=2).rows[0].cells[0].text = "说明"
    t = d.add_table(rows=2, cols=3)
    for cell, text in zip(t.rows[1].cells, ("数量指标", "培训人次", "≥200人次")):
        cell.text = text
    d.save(tmp_path / "w.docx")
    src = RowSource("u", str(tmp_path / "w.docx"), "ok", "table", table=2, row=2, cells={"name": "2", "target": "3"})
    out = src.as_json("", "u")
    assert out["place"] == "第 2 个表格 第 2 行 第 2 列（指标名称）、第 3 列（指标值）"
    assert [(c["text"], c["role"]) for c in out["cells"]] == [("数量指标", ""), ("培训人次", "name"), ("≥200人次", "target")]
