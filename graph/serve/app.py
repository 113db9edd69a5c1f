"""`pikg serve`: pikg's query page and a guarded SPARQL endpoint in front of Oxigraph's server, a Starlette
app on Uvicorn.

The Oxigraph server (the `oxigraph` command of the PyPI package) runs as a child on a private loopback
port (graph.serve.backend); this process answers on the public one:
- ``/`` is pikg's own query page (prefixes, the named queries one click each, results with Chinese headers);
- ``/query`` (GET, or POST form-encoded or application/sparql-query) is checked on its tokens
  (graph.serve.guard: a query, no SERVICE unless --allow-federated) and the checked text is sent to the
  child as one request pikg builds; every query has a time limit (``--timeout-s``);
- ``/api/queries`` lists the named queries and ``/api/run`` runs one with its parameters bound as RDF terms
  (``{"name": …, "params": {…}, "page": N, "page_size": K}``; a page's place in X-Pikg-Page/-Pages/-Units; the
  answer as SPARQL JSON, or TSV, CSV or XML when the Accept header asks for it);
- ``/update`` (checked as /query is, and no LOAD) and ``/store`` writes answer only with ``--writable``;
- ``/review`` is the reviewer's desk (审核台, graph.serve.review_desk); its decisions are written only with
  ``--decisions`` and only from the server's own page.
With ``--memory``, a second child holds a copy of the store in memory and answers the read queries once the
copy is complete (graph.serve.memory_copy); each answer says where it came from in X-Pikg-Answered-From.
Every answer carries ``Server: pikg-serve`` (graph.store.registry picks its endpoint store by it), and each
request is one access-log line on stderr.
"""
from __future__ import annotations

import contextlib
import functools
import json
import signal
import socket
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import anyio
import uvicorn
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from graph.serve.access_log import AccessLog
from graph.serve.backend import DEFAULT_TIMEOUT_S, Backend, oxigraph_command, preexec
from graph.serve.guard import Refused, checked_query, checked_update, is_federated  # noqa: F401 - is_federated: API
from graph.serve.http_parts import body, form, media_type, one, utf8
from graph.serve.memory_copy import MemoryCopy
from graph.serve.origin import server_names
from graph.serve.review_desk import ReviewDesk
from graph.serve.upstream import Answer, Upstream
from graph.store.base import StoreError
from graph.store.oxigraph import is_oxigraph_dir

PAGE = Path(__file__).resolve().parent / "data" / "query_page.html"
BACKLOG = 2048
RESULT_TYPES = ("application/sparql-results+json", "text/tab-separated-values", "text/csv", "application/sparql-results+xml")
QUERY_GRAPHS = ("default-graph-uri", "named-graph-uri", "union-default-graph")
UPDATE_GRAPHS = ("using-graph-uri", "using-named-graph-uri")
FORM = "application/x-www-form-urlencoded"


def answer_type(accept: str | None) -> str:
    """The SPARQL results format a named query's answer is sent in: the first of RESULT_TYPES the client's
    Accept header names, else JSON (what the query page reads). A whole-province listing reads faster as TSV."""
    wanted = (accept or "").lower()
    return next((t for t in RESULT_TYPES if t in wanted), RESULT_TYPES[0])


def accept_of(request: Request) -> str:
    """The client's Accept header(s) as pikg passes them on: printable ASCII, at most 1,000 characters."""
    value = ", ".join(v.decode("latin-1") for k, v in request.scope["headers"] if k == b"accept")
    return value if value and len(value) <= 1000 and value.isascii() and value.isprintable() else "*/*"


@functools.cache
def named_queries() -> dict:
    """The named queries, read once: the queries/ folder is part of the installed package."""
    from graph.query.named import named_queries as read

    return read()


@functools.cache
def named_queries_json() -> bytes:
    """The named queries for the page: prefixes, Chinese headers, and each query's text and parameters."""
    from graph.model.terms import sparql_prefixes
    from graph.model.labels import HEADERS

    out = []
    for q in named_queries().values():
        text = "\n".join(ln for ln in q.text.splitlines() if not ln.startswith("#"))
        out.append({"name": q.name, "title": q.title, "title_zh": q.title_zh, "description": q.description_zh or q.description,
                    "params": [{"name": p.name, "type": p.type, "default": p.default, "label": p.label_zh or p.name,
                                "description": p.description_zh or p.description} for p in q.params],
                    "pages": q.page is not None, "text": text.strip()})
    return json.dumps({"prefixes": sparql_prefixes(), "headers": HEADERS, "queries": out}, ensure_ascii=False).encode("utf-8")


def reply(answer: Answer, extra: dict[str, str] | None = None) -> Response:
    headers = dict(extra or {})
    if answer.answered_from:
        headers["X-Pikg-Answered-From"] = answer.answered_from
    return Response(answer.body, answer.status, headers, media_type=answer.ctype)


def text_reply(status: int, message: str) -> Response:
    return PlainTextResponse(message + "\n", status)


Handler = Callable[[Request], Awaitable[Response]]


class PikgApp:
    """The routes over one Upstream (made when the app starts, closed when it stops)."""

    def __init__(self, backend: Backend, allow_federated: bool = False, desk: ReviewDesk | None = None) -> None:
        self.backend = backend
        self.allow_federated = allow_federated
        self.desk = desk or ReviewDesk(backend.store, False, set())
        self.upstream: Upstream | None = None
        # a request is answered within this, whatever it waits for (the body, a pool slot, a restart)
        self.deadline_s = 2 * backend.timeout_s + 30

    def guarded(self, handler: Handler) -> Handler:
        """A handler whose refusals are one-line answers and which gives up at the deadline (504)."""

        @functools.wraps(handler)
        async def run(request: Request) -> Response:
            try:
                with anyio.fail_after(self.deadline_s):
                    return await handler(request)
            except Refused as e:
                return text_reply(e.status, e.message)
            except TimeoutError:
                return text_reply(504, f"请求在 {self.deadline_s} 秒内没有得到应答")

        return run

    # ------------------------------------------------------------------ routes

    async def page(self, request: Request) -> Response:
        return Response(PAGE.read_bytes(), media_type="text/html; charset=utf-8")

    async def queries(self, request: Request) -> Response:
        return Response(named_queries_json(), media_type="application/json; charset=utf-8")

    async def _operation(self, request: Request, name: str, direct_type: str, graphs: tuple[str, ...]) -> tuple[str, list]:
        """The query (or update) text a request carries, and the graph parameters that go with it: from the
        URL (GET), a form body, or a body of `direct_type`. Given twice, or in a body of another type: refused."""
        url = form(request.scope["query_string"], "URL 的查询字符串")
        pairs = list(url)
        if request.method == "GET":
            text = one(url, name)
        else:
            kind, raw = media_type(request), await body(request)
            if one(url, name) is not None:
                raise Refused(400, f"{name} 既在 URL 中，请求又带有请求体：请只发送一次")
            if kind == direct_type:
                text = utf8(raw, "请求体")
            elif kind == FORM:
                fields = form(raw, "表单")
                text, pairs = one(fields, name), pairs + fields
            else:
                raise Refused(415, f"请以 {FORM} 或 {direct_type} 发送 {name}，而不是 {kind or '没有 Content-Type 的请求体'}")
        if text is None:
            raise Refused(400, f"没有给出 {name}（参数 {name!r}）")
        return text, [(k, v) for k, v in pairs if k in graphs]

    async def query(self, request: Request) -> Response:
        text, graphs = await self._operation(request, "query", "application/sparql-query", QUERY_GRAPHS)
        checked = checked_query(text, self.allow_federated)
        return reply(await self.upstream.sparql("/query", [("query", checked), *graphs], accept_of(request), reading=True))

    async def update(self, request: Request) -> Response:
        if not self.backend.writable:
            raise Refused(403, "本服务器是只读的；要接受写入，请用 `pikg serve --writable` 启动")
        if request.method != "POST":
            raise Refused(405, "更新须用 POST 发送")
        text, graphs = await self._operation(request, "update", "application/sparql-update", UPDATE_GRAPHS)
        checked = checked_update(text, self.allow_federated)
        return reply(await self.upstream.sparql("/update", [("update", checked), *graphs], accept_of(request), reading=False))

    async def store(self, request: Request) -> Response:
        if not self.backend.writable and request.method not in ("GET", "HEAD"):
            raise Refused(403, "本服务器是只读的；要接受写入，请用 `pikg serve --writable` 启动")
        params = [(k, v) for k, v in form(request.scope["query_string"], "URL 的查询字符串") if k in ("graph", "default")]
        kind = media_type(request) if request.method in ("PUT", "POST") else ""
        data = await body(request) if request.method in ("PUT", "POST") else b""
        method = "GET" if request.method == "HEAD" else request.method
        return reply(await self.upstream.store(method, params, data, kind, accept_of(request)))

    async def run_named(self, request: Request) -> Response:
        from graph.query.named import DEFAULT_PAGE_SIZE, QueryError
        from graph.store.base import bind_values

        raw = utf8(await body(request), "请求体")
        try:
            ask = json.loads(raw or "{}")
            if not isinstance(ask, dict):
                raise QueryError("请求须是一个 JSON 对象：{\"name\": …, \"params\": {…}}")
            q = named_queries().get(ask.get("name", ""))
            if q is None:
                raise QueryError(f"没有名为 {ask.get('name')!r} 的查询")
            given = {k: str(v) for k, v in (ask.get("params") or {}).items()}
            page, size = ask.get("page"), ask.get("page_size", DEFAULT_PAGE_SIZE)
            if page is not None and (type(page) is not int or type(size) is not int):
                raise QueryError(f"page 和 page_size 须是整数，而不是 {page!r} 和 {size!r}")
            text = bind_values(q.seeded(given) if page is None else q.paged(given, page, size), q.bind(given))
            checked = checked_query(text, self.allow_federated)
            extra = {} if page is None else await self._page_headers(q, given, page, size)
        except (ValueError, TypeError, QueryError, StoreError, AttributeError) as e:
            return text_reply(400, str(e).encode("utf-8", "backslashreplace").decode("utf-8").splitlines()[0])
        answer = await self.upstream.sparql("/query", [("query", checked)], answer_type(request.headers.get("accept")), reading=True)
        return reply(answer, extra if answer.status == 200 else None)

    async def _page_headers(self, q, given: dict[str, str], page: int, size: int) -> dict[str, str]:
        """Where a page stands, for the page's pager: its number, the units per page, units and pages in all."""
        from graph.query.named import Pages
        from graph.store.base import bind_values

        text = checked_query(bind_values(q.page_count_query(given), q.bind(given)), self.allow_federated)
        answer = await self.upstream.sparql("/query", [("query", text)], "application/sparql-results+json", reading=True)
        try:
            if answer.status != 200:
                raise ValueError(answer.body.decode("utf-8", "replace").strip()[:300])
            units = int(json.loads(answer.body)["results"]["bindings"][0]["units"]["value"])
        except (ValueError, KeyError, IndexError) as e:
            raise StoreError(f"SPARQL 服务器没有算出页数：{e}") from e
        pages = Pages(page, size, units)
        return {"X-Pikg-Page": str(page), "X-Pikg-Page-Size": str(size), "X-Pikg-Units": str(units),
                "X-Pikg-Pages": str(pages.count)}

    # ------------------------------------------------------------------ the app

    def starlette(self) -> Starlette:
        g = self.guarded
        every = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]

        @contextlib.asynccontextmanager
        async def lifespan(_app: Starlette) -> AsyncIterator[None]:
            self.upstream = Upstream(self.backend)
            self.desk.upstream = self.upstream
            try:
                yield
            finally:
                await self.upstream.close()

        async def http_error(request: Request, exc: Exception) -> Response:
            assert isinstance(exc, HTTPException)
            if exc.status_code == 404:
                return text_reply(404, f"{request.url.path} 处没有内容；查询页在 /，审核台在 /review")
            return text_reply(exc.status_code, f"{exc.detail}: {request.method} {request.url.path}")

        routes = [
            Route("/", g(self.page), methods=["GET"]),
            Route("/index.html", g(self.page), methods=["GET"]),
            Route("/api/queries", g(self.queries), methods=["GET"]),
            Route("/api/run", g(self.run_named), methods=["POST"]),
            Route("/query", g(self.query), methods=["GET", "POST"]),
            Route("/update", g(self.update), methods=every),
            Route("/store", g(self.store), methods=["GET", "HEAD", "POST", "PUT", "DELETE"]),
            Route("/review", g(self.desk.page), methods=["GET"]),
            Route("/review/page.png", g(self.desk.page_image), methods=["GET"]),
            Route("/review/{name}", g(self.desk.asset), methods=["GET"]),
            Route("/api/review/documents", g(self.desk.list_documents), methods=["GET"]),
            Route("/api/review/document", g(self.desk.document), methods=["GET"]),
            Route("/api/review/rows", g(self.desk.rows), methods=["GET"]),
            Route("/api/review/source", g(self.desk.source), methods=["GET"]),
            Route("/api/review/decision", g(self.desk.decide), methods=["POST"]),
        ]
        return Starlette(routes=routes, lifespan=lifespan, exception_handlers={HTTPException: http_error})


class PikgServer(uvicorn.Server):
    """Uvicorn's server, stopping cleanly on SIGTERM, SIGINT and SIGHUP (exit status 0, the children stopped
    by serve()) instead of raising the signal again once it has stopped."""

    @contextlib.contextmanager
    def capture_signals(self):  # noqa: ANN201 - uvicorn's signature
        def on_signal(_signum: int, _frame: object) -> None:
            if self.should_exit:
                self.force_exit = True
            self.should_exit = True

        old = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
        try:
            yield
        finally:
            for s, handler in old.items():
                signal.signal(s, handler)


def listen(host: str, port: int) -> socket.socket:
    """The public socket, listening with a backlog of BACKLOG connections; a one-line error when it cannot."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(BACKLOG)
    except OSError as e:
        sock.close()
        raise StoreError(f"无法在 {host}:{port} 上监听：{e.strerror or e}（是否有别的服务器占用了该端口？"
                         f"请用 --port 另选一个）") from e
    sock.set_inheritable(False)
    return sock


def serve(store: str, host: str = "127.0.0.1", port: int = 7878, writable: bool = False,
          timeout_s: int = DEFAULT_TIMEOUT_S, allow_federated: bool = False, memory: bool = False,
          decisions: bool = False) -> int:
    """Run the page, the desk and the endpoint in the foreground until interrupted or terminated; with
    `decisions`, the desk records the reviewer's decisions in the review file beside the store."""
    path = Path(store)
    if not is_oxigraph_dir(path):
        raise StoreError(f"{path}：不是 Oxigraph 存储；请先运行 `pikg build FILE... --store {path}`")
    if memory and writable:
        raise StoreError("--memory 从存储的副本作答，写入不会到达该副本："
                         "--memory 与 --writable 只能选一个")
    backend = Backend(path.resolve(), writable, timeout_s)
    if memory:
        backend.memory = MemoryCopy(backend.store, oxigraph_command(), timeout_s, backend.spawner, preexec)
    sock = listen(host, port)
    app = PikgApp(backend, allow_federated, ReviewDesk(path, decisions, server_names(host, port)))
    config = uvicorn.Config(AccessLog(app.starlette()), http="httptools", loop="auto", lifespan="on",
                            access_log=False, log_level="warning", server_header=False,
                            headers=[("server", "pikg-serve")], backlog=BACKLOG, timeout_keep_alive=5,
                            timeout_graceful_shutdown=3)
    try:
        backend.start()
        print(f"pikg serve：查询页 http://{host}:{port}/，SPARQL 端点 http://{host}:{port}/query"
              f"（{'可读写' if writable else '只读'}；查询时限 {timeout_s} 秒；"
              f"联邦查询{'允许' if allow_federated else '拒绝'}；按 Ctrl-C 停止）", file=sys.stderr)
        print(f"pikg serve：审核台 http://{host}:{port}/review（"
              + (f"审核意见记录在 {app.desk.decisions.path}）" if decisions else "只读；加 --decisions 可记录审核意见）"),
              file=sys.stderr)
        if backend.memory is not None:
            print(f"pikg serve：正在后台把 {path} 复制进内存（每条三元组约 330 字节）；"
                  "完成之前由磁盘上的存储回答查询", file=sys.stderr)
            backend.memory.remake()
        PikgServer(config).run(sockets=[sock])
    finally:
        sock.close()
        if backend.memory is not None:
            backend.memory.stop()
        backend.stop()
        backend.spawner.shutdown(wait=False)
    return 0
