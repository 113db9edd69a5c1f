"""The reviewer's desk over HTTP: a decision is written only with `pikg serve --decisions` and only from the
server's own page; `pikg review` writes the decisions into the opinion (.xlsx and .docx, read back)."""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

from graph.build.builder import build
from graph.review.decisions import Decision, DecisionStore, FlagKey, review_path
from graph.serve.guard import Refused
from graph.serve.origin import check_same_origin, server_names
from tests.helpers import CORPUS, run_pikg
from tests.helpers.serve import Server

DOC = "001_163e4aab9eba8502"


class FakeRequest:
    def __init__(self, **headers: str) -> None:
        self.scope = {"headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()]}


def test_same_origin_names_the_server_itself():
    names = server_names("127.0.0.1", 7878)
    names_80 = server_names("127.0.0.1", 80)
    assert {"127.0.0.1:7878", "localhost:7878", "[::1]:7878"} <= names
    check_same_origin(FakeRequest(Host="127.0.0.1:7878", Origin="http://127.0.0.1:7878"), names)
    check_same_origin(FakeRequest(Host="localhost:7878", Referer="http://localhost:7878/review#doc=x"), names)
    refused = [FakeRequest(Host="127.0.0.1:7878"),  # no Origin, no Referer
               FakeRequest(Host="127.0.0.1:7878", Origin="http://evil.example"),
               FakeRequest(Host="127.0.0.1:7878", Origin="http://127.0.0.1:7879"),
               FakeRequest(Host="127.0.0.1:7878", Origin="null"),
               # DNS rebinding: a name of another site that resolves here, Host and Origin agreeing
               FakeRequest(Host="evil.example:7878", Origin="http://evil.example:7878")]
    for request in refused:
        with pytest.raises(Refused) as e:
            check_same_origin(request, names)
        assert e.value.status == 403 and "拒绝" in e.value.message
    assert server_names("localhost", 80) == names_80 and server_names("budget-box", 80) == {"budget-box:80"}
    # bound to every address: the Host the browser used is the server's name
    check_same_origin(FakeRequest(Host="budget-box:80", Origin="http://budget-box"), server_names("0.0.0.0", 80))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("desk") / "store"
    assert not build([CORPUS / f"{DOC}.txt"], store=str(path)).failed
    return path


def _get(server: Server, path: str) -> dict:
    with urllib.request.urlopen(server.base + path, timeout=30) as r:
        return json.loads(r.read())


def _a_flagged_row(server: Server) -> tuple[str, dict, dict]:
    doc = _get(server, "/api/review/documents")["documents"][0]["id"]
    project = next(p for p in _get(server, f"/api/review/document?id={doc}")["projects"] if p["flagged"])
    goals = _get(server, f"/api/review/rows?id={doc}&project={urllib.request.quote(project['name'])}")["goals"]
    row = next(r for g in goals for r in g["rows"] if r["flags"])
    return doc, project, row


@pytest.mark.slow
def test_decisions_need_the_flag_and_this_origin_and_go_into_the_opinion(store, tmp_path):
    read_only = Server(store)
    try:
        doc, _, row = _a_flagged_row(read_only)
        ask = json.dumps({"document": doc, "use": row["use"], "flag": row["flags"][0]["code"], "decision": "accept",
                          "comment": "请量化"}).encode()
        status, body = read_only.post("/api/review/decision", ask, {"Origin": read_only.base, "Content-Type": "application/json"})
        assert status == 403 and "--decisions" in body.decode() and "审核意见" in body.decode()
    finally:
        read_only.stop()
    assert not review_path(store).exists()

    server = Server(store, "--decisions")
    try:
        host = {"Host": f"127.0.0.1:{server.port}", "Content-Type": "application/json"}
        for origin in ({"Origin": "http://evil.example"}, {"Referer": "http://evil.example/review"}, {}):
            status, body = server.post("/api/review/decision", ask, {**host, **origin})
            assert status == 403 and "拒绝" in body.decode()
        assert not review_path(store).exists()
        maybe = json.loads(ask)
        maybe["decision"] = "maybe"
        status, body = server.post("/api/review/decision", json.dumps(maybe).encode(), {**host, "Origin": server.base})
        assert status == 400 and "采纳" in body.decode()
        status, body = server.post("/api/review/decision", b"[]", {**host, "Origin": server.base})
        assert status == 400 and "JSON" in body.decode()
        status, body = server.post("/api/review/decision", ask, {**host, "Origin": server.base})
        assert status == 200, body.decode()
        assert json.loads(body)["decision"]["label"] == "采纳"
        doc, project, row = _a_flagged_row(server)
        assert row["flags"][0]["decision"]["comment"] == "请量化"
        # decisions the rows do not match: a renamed row of this document, a document no longer in the store
        file = DecisionStore(review_path(store))
        renamed = FlagKey(doc, "project", project["name"], "annual", "1", "已改名的指标", "vague")
        elsewhere = FlagKey("gone-2024", "department", "", "annual", "1", "满意度", "vague")
        file.put(Decision(renamed, "reject", "不适用"))
        file.put(Decision(elsewhere, "accept"))
        lost = _get(server, f"/api/review/document?id={doc}")["unmatched"]
        assert [(d["name"], d["label"], d["comment"]) for d in lost] == [("已改名的指标", "不采纳", "不适用")]
        assert [d["document"] for d in _get(server, "/api/review/documents")["orphans"]] == ["gone-2024"]
        file.remove(renamed)
        file.remove(elsewhere)
    finally:
        server.stop()
    [stored] = DecisionStore(review_path(store)).all()
    assert (stored.key.document, stored.key.name, stored.decision) == (doc, row["name"], "accept")

    for suffix in ("xlsx", "docx"):
        out = tmp_path / f"审核意见.{suffix}"
        r = run_pikg("review", doc, "--store", str(store), "-o", str(out))
        assert r.returncode == 0, r.stderr.decode()
        assert "已写入" in r.stderr.decode()
        texts = _xlsx_rows(out) if suffix == "xlsx" else _docx_rows(out)
        mine = [t for t in texts if row["name"] in t and "采纳" in t]
        assert mine and any("请量化" in t for t in mine), texts[:5]
        assert any("未审核" in t for t in texts)  # the other flags, listed undecided


def _xlsx_rows(path) -> list[tuple]:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["汇总", "审核意见", "未匹配的审核意见"]
    ws = wb["审核意见"]
    assert ws.column_dimensions["I"].width > 20 and ws["I2"].alignment.wrap_text
    return [tuple(str(v) for v in r if v is not None) for r in ws.iter_rows(min_row=2, values_only=True)]


def _docx_rows(path) -> list[tuple]:
    import docx
    from docx.oxml.ns import qn

    d = docx.Document(str(path))
    assert d.paragraphs[0].text == "预算绩效目标审核意见"
    fonts = d.paragraphs[0].runs[0]._element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "宋体"
    assert all(t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None for t in d.tables)  # repeated on each page
    return [tuple(c.text for c in r.cells) for t in d.tables for r in t.rows]


@pytest.mark.slow
def test_review_errors_are_chinese(store, tmp_path):
    none = str(tmp_path / "none.sqlite")
    r = run_pikg("review", "没有这个部门", "--store", str(store), "--review-file", none, "-o", str(tmp_path / "a.xlsx"))
    assert r.returncode == 1 and "没有文件或部门「没有这个部门」" in r.stderr.decode()
    r = run_pikg("review", "--store", str(store), "--review-file", none, "-o", str(tmp_path / "a.xlsx"))
    assert r.returncode == 1 and "没有审核意见文件" in r.stderr.decode()
    r = run_pikg("review", "--store", str(store), "-o", str(tmp_path / "a.pdf"))
    assert r.returncode == 2 and ".docx 或 .xlsx" in r.stderr.decode()
    assert not any(tmp_path.iterdir())


@pytest.mark.slow
def test_a_text_row_shows_its_lines_and_has_no_page_image(store):
    server = Server(store)
    try:
        with urllib.request.urlopen(server.base + "/review", timeout=30) as r:  # nothing from elsewhere, never framed
            page = r.read().decode()
            assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"] and "审核台" in page
        assert "http" not in page.replace('href="/', "")  # no CDN: the page names only its own server's files
        doc, _, row = _a_flagged_row(server)
        use = urllib.parse.quote(row["use"], safe="")
        src = _get(server, f"/api/review/source?id={doc}&use={use}")
        assert src["kind"] == "line" and src["place"] == f"第 {row['line']} 行"
        [here] = [x for x in src["lines"] if x["here"]]
        assert here["n"] == row["line"] and row["name"][:2] in "".join(x["text"] for x in src["lines"])
        for path, status in ((f"/review/page.png?id={doc}&use={use}", 409),
                             (f"/api/review/source?id={doc}&use=no%20iri", 400),
                             (f"/api/review/source?id={doc}&use=https%3A%2F%2Fexample.org%2Fnone", 404),
                             ("/api/review/document?id=none", 404)):
            with pytest.raises(urllib.error.HTTPError) as e:
                urllib.request.urlopen(server.base + path, timeout=30)
            assert e.value.code == status
            assert any("\u4e00" <= c <= "\u9fff" for c in e.value.read().decode())  # said in Chinese
    finally:
        server.stop()
