"""The reviewer's desk (审核台) of `pikg serve`, at /review: a document's projects, each goal's indicator rows
as printed with their flags, a row's source, and the reviewer's decisions.

- ``GET /review`` the page (graph/serve/data/review.*, served from here: nothing from another site);
- ``GET /api/review/documents`` the documents; ``/api/review/document?id=`` its projects and the decisions
  that match no row any more; ``/api/review/rows?id=&project=`` one project's goals and rows with flags and
  decisions; ``/api/review/source?id=&use=`` where a row was printed; ``/review/page.png?id=&use=`` the PDF
  page with the row's cells outlined;
- ``POST /api/review/decision`` records (or withdraws) a decision: only with ``pikg serve --decisions`` and
  only from this server's own page (graph.serve.origin).

The store is read through the server's SPARQL child (graph.serve.upstream), so a rebuilt store is followed.
"""
from __future__ import annotations

import functools
import json
import urllib.parse
from collections import OrderedDict
from pathlib import Path

import anyio
import anyio.from_thread
from starlette.requests import Request
from starlette.responses import Response

from graph.review.decisions import DECISIONS, Decision, DecisionError, DecisionStore, ReviewFileError, review_path, unmatched
from graph.review.rows import Row, document_rows, documents, flag_keys, flag_label, projects
from graph.review.source import RowSource, SourceError, page_png, row_sources
from graph.serve.backend import store_identity
from graph.serve.guard import Refused
from graph.serve.http_parts import body, form, one, utf8
from graph.serve.origin import check_same_origin
from graph.store.base import Param, QueryResult, bind_values
from graph.store.tsv import py_from_literal

DATA = Path(__file__).resolve().parent / "data"
ASSETS = {"review.js": "text/javascript; charset=utf-8", "review.css": "text/css; charset=utf-8"}
HORIZONS = {"long_term": "长期目标", "annual": "年度目标"}
CACHED = 8  # documents whose rows are kept
# the desk loads nothing from elsewhere and may not be framed by another page (a click there would decide)
PAGE_HEADERS = {"Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
                "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}


def json_reply(data, status: int = 200) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), status, media_type="application/json; charset=utf-8")


class UpstreamQueries:
    """The server's SPARQL child as a store with a blocking ``query`` (for graph.review, run in a worker
    thread): each query goes through the upstream, which follows a rebuilt store."""

    def __init__(self, upstream) -> None:
        self.upstream = upstream

    def query(self, sparql: str, params: dict[str, Param] | None = None) -> QueryResult:
        text = bind_values(sparql, params or {})
        answer = anyio.from_thread.run(self.upstream.sparql, "/query", [("query", text)],
                                       "application/sparql-results+json", True)
        if answer.status != 200:
            raise Refused(502, "知识图谱查询失败：" + answer.body.decode("utf-8", "replace").strip()[:300])
        res = json.loads(answer.body)
        names = res["head"]["vars"]

        def value(b: dict | None):
            if b is None:
                return None
            return py_from_literal(b["value"], b.get("datatype")) if b["type"] in ("literal", "typed-literal") else b["value"]

        return QueryResult(names, [[value(b.get(v)) for v in names] for b in res["results"]["bindings"]])


class ReviewDesk:
    """The desk's routes over the app's upstream (set when the app starts) and the store's review file."""

    def __init__(self, store: Path, decisions: bool, names: set[str] | None) -> None:
        self.decisions = DecisionStore(review_path(store))
        self.writable = decisions
        self.names = names
        self.upstream = None
        self.store = store
        self.cache: OrderedDict[tuple, list[Row]] = OrderedDict()  # a document's rows, per store directory

    async def document_rows(self, doc: str) -> list[Row]:
        """A document's rows, kept for the last CACHED documents until a build replaces the store (a reviewer
        goes from project to project of one document; each time all of its rows would be read again)."""
        try:
            key = (doc, store_identity(Path(self.store).resolve()))
        except OSError:
            key = None
        if key is not None and key in self.cache:
            self.cache.move_to_end(key)
            return self.cache[key]
        rows = await self._run(document_rows, doc)
        if key is not None and rows:
            self.cache[key] = rows
            while len(self.cache) > CACHED:
                self.cache.popitem(last=False)
        return rows

    def _decided(self, documents: list[str] | None = None) -> list[Decision]:
        """The decisions (of these documents); an unreadable review file is a 500 naming it."""
        try:
            return self.decisions.all(documents)
        except DecisionError as e:
            raise Refused(500, str(e)) from None

    async def _run(self, fn, *args):
        """Run a graph.review function over the store in a worker thread."""
        return await anyio.to_thread.run_sync(functools.partial(fn, UpstreamQueries(self.upstream), *args))

    async def page(self, request: Request) -> Response:
        return Response((DATA / "review.html").read_bytes(), headers=PAGE_HEADERS, media_type="text/html; charset=utf-8")

    async def asset(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in ASSETS:
            raise Refused(404, f"审核台没有文件 {name}")
        return Response((DATA / name).read_bytes(), headers=PAGE_HEADERS, media_type=ASSETS[name])

    async def list_documents(self, request: Request) -> Response:
        """The documents, and the decisions on documents the store no longer holds (listed, not dropped)."""
        docs = await self._run(documents)
        ids = {d.id for d in docs}
        orphans = [d for d in self._decided() if d.key.document not in ids]
        return json_reply({"decisions": self.writable, "review_file": str(self.decisions.path),
                           "documents": [{"id": d.id, "label": d.label, "department": d.department, "year": d.year,
                                          "rows": d.rows} for d in docs],
                           "orphans": [_decision_json(d) for d in orphans]})

    async def _rows(self, request: Request) -> tuple[str, list[Row]]:
        doc = one(form(request.scope["query_string"], "the URL's query string"), "id") or ""
        rows = await self.document_rows(doc)
        if not rows:
            raise Refused(404, f"知识图谱中没有文件「{doc}」的指标行")
        return doc, rows

    async def document(self, request: Request) -> Response:
        doc, rows = await self._rows(request)
        decided = {d.key: d for d in self._decided([doc])}
        out = []
        for p in projects(rows):
            keys = flag_keys(p.rows)
            out.append({"name": p.name, "title": p.title, "rows": len(p.rows), "flagged": p.flagged,
                        "flags": len(keys), "decided": sum(k in decided for k in keys)})
        lost = unmatched(list(decided.values()), flag_keys(rows))
        return json_reply({"id": doc, "projects": out, "unmatched": [_decision_json(d) for d in lost]})

    async def rows(self, request: Request) -> Response:
        doc, rows = await self._rows(request)
        project = one(form(request.scope["query_string"], "the URL's query string"), "project") or ""
        mine = [r for r in rows if r.project == project]
        decided = {d.key: d for d in self._decided([doc])}
        goals: list[dict] = []
        for r in mine:
            if not goals or (goals[-1]["horizon"], goals[-1]["goal"]) != (r.horizon, r.goal):
                goals.append({"horizon": r.horizon, "horizon_label": HORIZONS.get(r.horizon, r.horizon), "goal": r.goal,
                              "statement": r.statement, "rows": []})
            goals[-1]["rows"].append(_row_json(r, decided))
        return json_reply({"id": doc, "project": project, "goals": goals})

    async def _source(self, request: Request) -> tuple[str, RowSource]:
        """The document and the place of the row a request names (?id=DOC&use=IRI)."""
        query = form(request.scope["query_string"], "the URL's query string")
        doc, use = one(query, "id") or "", one(query, "use") or ""
        try:
            found = await self._run(row_sources, [use])
        except ValueError as e:
            raise Refused(400, str(e)) from None
        if use not in found:
            raise Refused(404, f"知识图谱中没有这一行（{use}）")
        return doc, found[use]

    async def source(self, request: Request) -> Response:
        doc, src = await self._source(request)
        return json_reply(src.as_json(f"/review/page.png?id={urllib.parse.quote(doc)}&use=", src.use))

    async def page_image(self, request: Request) -> Response:
        _, src = await self._source(request)
        try:
            png = await anyio.to_thread.run_sync(page_png, src)
        except (SourceError, ValueError) as e:  # not a PDF's row, the file gone, a page it does not have
            raise Refused(409, str(e)) from None
        return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=300"})

    async def decide(self, request: Request) -> Response:
        if not self.writable:
            raise Refused(403, "本服务器不记录审核意见：请用 `pikg serve --decisions` 启动后再标记采纳或不采纳")
        check_same_origin(request, self.names)
        try:
            ask = json.loads(utf8(await body(request), "the body") or "{}")
            doc, use, flag = str(ask["document"]), str(ask["use"]), str(ask["flag"])
            choice, comment = str(ask.get("decision") or ""), str(ask.get("comment") or "")
        except (ValueError, KeyError, TypeError):
            raise Refused(400, "审核意见应为 JSON：{\"document\": …, \"use\": …, \"flag\": …, \"decision\": \"accept\"|\"reject\"|\"\", \"comment\": …}") from None
        rows = await self.document_rows(doc)
        row = next((r for r in rows if r.use == use), None)
        if row is None or flag not in {f.code for f in row.flags}:
            raise Refused(404, "这一行（或这一标记）已不在知识图谱中：请刷新审核台")
        try:
            if not choice:
                self.decisions.remove(row.key(flag))
                return json_reply({"flag": flag, "decision": None})
            stored = self.decisions.put(Decision(row.key(flag), choice, comment.strip(), row.standard, row.target, row.line))
        except DecisionError as e:  # a bad value (400) or a review file that cannot be written (500)
            raise Refused(500 if isinstance(e, ReviewFileError) else 400, str(e)) from None
        return json_reply({"flag": flag, "decision": _decision_json(stored)})


def _decision_json(d: Decision) -> dict:
    k = d.key
    return {"document": k.document, "decision": d.decision, "label": DECISIONS[d.decision], "comment": d.comment, "decided_at": d.decided_at,
            "standard": d.standard, "target": d.target, "line": d.line, "project": k.project, "scope": k.scope,
            "horizon": HORIZONS.get(k.horizon, k.horizon), "goal": k.goal, "name": k.name, "flag": k.flag,
            "flag_label": flag_label(k.flag)}


def _row_json(r: Row, decided: dict) -> dict:
    flags = []
    for f in r.flags:
        d = decided.get(r.key(f.code))
        flags.append({"code": f.code, "label": f.label, "severity": f.severity, "severity_label": f.severity_label,
                      "text": f.text, "advice": f.advice, "decision": _decision_json(d) if d else None})
    return {"use": r.use, "line": r.line, "level1": r.level1, "level2": r.level2, "name": r.name, "prev2": r.prev2,
            "prev1": r.prev1, "target": r.target, "basis": r.basis, "standard": r.standard,
            "earlier": {"target": r.earlier.target, "year": r.earlier.year, "text": r.earlier.text} if r.earlier else None,
            "vague": r.vague, "flags": flags}
