"""`pikg serve`: pikg's query page and a guarded SPARQL endpoint in front of Oxigraph's server.

The Oxigraph server (the `oxigraph` command of the PyPI package) runs as a child on a private loopback
port; this process answers on the public one:
- ``/`` is pikg's own query page (prefixes, the named queries one click each, results with Chinese headers);
- ``/query`` is forwarded to the child, except federated queries (SERVICE: the server would fetch any URL
  a client names), which are refused unless asked for; every query has a time limit (``--timeout-s``);
- ``/api/queries`` lists the named queries and ``/api/run`` runs one with its parameters bound as RDF terms
  (``{"name": …, "params": {…}, "page": N, "page_size": K}``; a page's place in X-Pikg-Page/-Pages/-Units; the
  answer as SPARQL JSON, or TSV, CSV or XML when the Accept header asks for it);
- ``/update`` and ``/store`` are forwarded only with ``--writable``.
With ``--memory``, a second child holds a copy of the store in memory and answers the read queries once the
copy is complete (graph.serve.memory_copy); each answer says where it came from in X-Pikg-Answered-From.
The child dies with this process on any signal (and the kernel kills it if this process is killed), and
when a build replaces the store, the child is restarted on the new store before the next request.
"""
from __future__ import annotations

import http.server
import json
import re
import shutil
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from graph.store.child_server import ServerDidNotStart, die_with_parent, free_port, wait_until_listening
from graph.serve.memory_copy import MemoryCopy
from graph.store.base import StoreError
from graph.store.oxigraph import is_oxigraph_dir

PAGE = Path(__file__).resolve().parent / "data" / "query_page.html"
DEFAULT_TIMEOUT_S = 60
_ESCAPES = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE = re.compile(r"\bSERVICE\b", re.I)
_CANCELLED = b"The SPARQL operation has been cancelled"


def oxigraph_command() -> str:
    """Path of the `oxigraph` server command: beside this Python, or on PATH."""
    here = Path(sys.executable).with_name("oxigraph")
    if here.exists():
        return str(here)
    found = shutil.which("oxigraph")
    if not found:
        raise StoreError("the `oxigraph` server command is not installed (pip install oxigraph)")
    return found


def is_federated(query: str) -> bool:
    """True when a query (after SPARQL's \\u escapes are undone, as the parser does) names SERVICE anywhere.

    Deliberately coarse: the word inside a string or an IRI is refused too, which a user can work around;
    a SERVICE that slips through could make the server fetch any URL."""
    text = _ESCAPES.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), query)
    return bool(_SERVICE.search(text))


def _store_identity(path: Path) -> tuple:
    """What changes when a build moves a new store directory into place."""
    st = path.stat()
    return (st.st_ino, st.st_dev)


RESULT_TYPES = ("application/sparql-results+json", "text/tab-separated-values", "text/csv", "application/sparql-results+xml")


def answer_type(accept: str | None) -> str:
    """The SPARQL results format a named query's answer is sent in: the first of RESULT_TYPES the client's
    Accept header names, else JSON (what the query page reads). A whole-province listing reads faster as TSV."""
    wanted = (accept or "").lower()
    return next((t for t in RESULT_TYPES if t in wanted), RESULT_TYPES[0])


@dataclass
class Backend:
    """The Oxigraph server child over one store directory."""

    store: Path
    writable: bool = False
    timeout_s: int = DEFAULT_TIMEOUT_S
    port: int = 0
    proc: subprocess.Popen | None = None
    identity: tuple = ()
    memory: MemoryCopy | None = None  # with --memory: the in-memory copy answering read queries
    lock: threading.RLock = field(default_factory=threading.RLock)
    # Linux's parent-death signal fires when the *thread* that started the child ends: every child is
    # started from this one long-lived thread, never from a request's thread
    spawner: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="oxigraph-spawner"))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        mode = "serve" if self.writable else "serve-read-only"
        return [oxigraph_command(), mode, "--location", str(self.store), "--bind", f"127.0.0.1:{self.port}",
                "--union-default-graph", "--timeout-s", str(self.timeout_s)]

    def start(self) -> None:
        self.port = free_port()
        self.identity = _store_identity(self.store)
        preexec = die_with_parent if sys.platform.startswith("linux") else None
        self.proc = self.spawner.submit(subprocess.Popen, self.command(), stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=preexec).result()
        try:
            wait_until_listening(self.proc, self.port)
        except ServerDidNotStart as e:
            self.stop()
            raise StoreError(f"{self.store}: the Oxigraph server did not start: {e}") from None

    def stop(self) -> None:
        p, self.proc = self.proc, None
        if p is None or p.poll() is not None:
            return
        p.terminate()
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(timeout=10)

    def restart(self) -> None:
        """Stop the child and start a new one on the same store (ends every query it was running)."""
        with self.lock:
            self.stop()
            self.start()

    def follow(self) -> bool:
        """Restart on the store at the same path when a build has replaced it; True when it did."""
        with self.lock:
            try:
                now = _store_identity(self.store)
            except OSError:
                return False  # between the two renames of a store swap: keep serving what is open
            if now == self.identity or not is_oxigraph_dir(self.store):
                return False
            self.stop()
            self.start()
            return True


def named_queries_json() -> dict:
    """The named queries for the page: prefixes, Chinese headers, and each query's text and parameters."""
    from graph.output.labels import HEADERS
    from graph.query.named import named_queries
    from graph.model.terms import sparql_prefixes

    out = []
    for q in named_queries().values():
        body = "\n".join(ln for ln in q.text.splitlines() if not ln.startswith("#"))
        out.append({"name": q.name, "title": q.title, "title_zh": q.title_zh, "description": q.description_zh or q.description,
                    "params": [{"name": p.name, "type": p.type, "default": p.default, "description": p.description} for p in q.params],
                    "pages": q.page is not None, "text": body.strip()})
    return {"prefixes": sparql_prefixes(), "headers": HEADERS, "queries": out}


class Handler(http.server.BaseHTTPRequestHandler):
    """The public side: the page, the guarded endpoint, the named-query API."""

    server_version = "pikg-serve"
    backend: Backend
    allow_federated: bool = False

    def log_message(self, fmt: str, *args) -> None:  # one short line per request on stderr
        sys.stderr.write(f"{self.address_string()} {fmt % args}\n")

    # ------------------------------------------------------------------ replies

    def _reply(self, code: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, code: int, message: str) -> None:
        self._reply(code, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def _body(self) -> bytes:
        n = int(self.headers.get("Content-Length") or 0)
        if n > 10_000_000:
            raise ValueError("request body larger than 10 MB")
        return self.rfile.read(n) if n else b""

    def _follow_rebuilt_store(self) -> None:
        """Restart the SPARQL server on the store a build has put in place since the last request, and say so."""
        if self.backend.follow():
            sys.stderr.write(f"pikg serve: {self.backend.store} was rebuilt; answering from the new store\n")
            if self.backend.memory is not None:
                self.backend.memory.remake()

    def _source(self, reading: bool) -> tuple[str, str]:
        """Where a request goes: the in-memory copy for a read when it is there, else the server on disk."""
        copy = self.backend.memory.url() if reading and self.backend.memory is not None else None
        return (copy, "memory") if copy else (self.backend.url, "disk")

    def _forward(self, path_qs: str, body: bytes | None, headers: dict[str, str] | None = None,
                 extra: dict[str, str] | None = None, reading: bool = False) -> None:
        self._follow_rebuilt_store()
        if headers is None:
            headers = {k: v for k, v in self.headers.items() if k.lower() in ("accept", "content-type")}
        base, source = self._source(reading)
        req = urllib.request.Request(base + path_qs, data=body, headers=headers, method=self.command)
        extra = {**(extra or {}), **({"X-Pikg-Answered-From": source} if reading else {})}
        try:
            with urllib.request.urlopen(req, timeout=self.backend.timeout_s + 1) as r:
                data = r.read()
                if data.rstrip().endswith(_CANCELLED):  # Oxigraph stopped it mid-answer, after a 200 status
                    return self._error(504, f"the query was stopped after {self.backend.timeout_s} s "
                                       "(the server's time limit, --timeout-s)")
                self._reply(r.status, data, r.headers.get("Content-Type", "application/octet-stream"), extra)
        except urllib.error.HTTPError as e:
            self._reply(e.code, e.read(), e.headers.get("Content-Type", "text/plain"))
        except (urllib.error.URLError, OSError) as e:
            timed_out = "timed out" in str(getattr(e, "reason", e))
            if source == "memory":  # the copy is dropped (and made again unless its server died); the disk answers
                if timed_out:
                    self.backend.memory.remake(f"a query ran past {self.backend.timeout_s} s")
                    return self._error(504, f"the query was stopped after {self.backend.timeout_s} s "
                                       "(the server's time limit, --timeout-s)")
                self.backend.memory.lost(f"the in-memory server did not answer ({getattr(e, 'reason', e)})")
                return self._forward(path_qs, body, headers, {**extra, "X-Pikg-Answered-From": "disk"})
            if not timed_out:
                return self._error(502, f"the SPARQL server did not answer: {getattr(e, 'reason', e)}")
            # Oxigraph's own limit does not stop every query (a big join counts on): stop the server under it
            sys.stderr.write(f"pikg serve: a query ran past {self.backend.timeout_s} s; restarting the SPARQL server to stop it\n")
            self.backend.restart()
            self._error(504, f"the query was stopped after {self.backend.timeout_s} s (the server's time limit, --timeout-s)")

    # ------------------------------------------------------------------ routes

    def _query_text(self, parsed: urllib.parse.ParseResult, body: bytes) -> str:
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if self.command == "POST" and ctype == "application/sparql-query":
            return body.decode("utf-8", "replace")
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace")) if self.command == "POST" else {}
        form.update(urllib.parse.parse_qs(parsed.query))
        return "\n".join(form.get("query", []))

    def _route(self) -> None:
        parsed = urllib.parse.urlparse(self.path)
        path = parsed.path
        try:
            body = self._body() if self.command in ("POST", "PUT") else b""
        except ValueError as e:
            return self._error(413, str(e))
        if path in ("/", "/index.html") and self.command in ("GET", "HEAD"):
            return self._reply(200, PAGE.read_bytes(), "text/html; charset=utf-8")
        if path == "/api/queries":
            return self._reply(200, json.dumps(named_queries_json(), ensure_ascii=False).encode("utf-8"),
                               "application/json; charset=utf-8")
        if path == "/api/run" and self.command == "POST":
            return self._run_named(body)
        if path == "/query":
            if not self.allow_federated and is_federated(self._query_text(parsed, body)):
                return self._error(403, "federated queries (SERVICE) are refused by this server; "
                                   "start it with `pikg serve --allow-federated` to allow them")
            return self._forward(self.path, body if self.command == "POST" else None, reading=True)
        if path in ("/update", "/store"):
            if not self.backend.writable and (path == "/update" or self.command != "GET"):
                return self._error(403, "this server is read-only; start it with `pikg serve --writable` to accept writes")
            return self._forward(self.path, body if self.command in ("POST", "PUT") else None)
        return self._error(404, f"nothing at {path}; the query page is at /")

    def _run_named(self, body: bytes) -> None:
        from graph.query.named import DEFAULT_PAGE_SIZE, QueryError, named_queries
        from graph.store.base import bind_values

        try:
            ask = json.loads(body.decode("utf-8") or "{}")
            q = named_queries().get(ask.get("name", ""))
            if q is None:
                raise QueryError(f"no named query {ask.get('name')!r}")
            given = {k: str(v) for k, v in (ask.get("params") or {}).items()}
            page, size = ask.get("page"), ask.get("page_size", DEFAULT_PAGE_SIZE)
            if page is not None and (type(page) is not int or type(size) is not int):
                raise QueryError(f"page and page_size are whole numbers, not {page!r} and {size!r}")
            text = bind_values(q.seeded(given) if page is None else q.paged(given, page, size), q.bind(given))
            extra = {} if page is None else self._page_headers(q, given, page, size)
        except (ValueError, QueryError, StoreError, AttributeError) as e:
            return self._error(400, str(e))
        form = urllib.parse.urlencode({"query": text}).encode("utf-8")
        self._forward("/query", form, {"Content-Type": "application/x-www-form-urlencoded",
                                       "Accept": answer_type(self.headers.get("Accept"))}, extra, reading=True)

    def _page_headers(self, q, given: dict[str, str], page: int, size: int) -> dict[str, str]:
        """Where a page stands, for the page's pager: its number, the units per page, units and pages in all."""
        from graph.query.named import Pages
        from graph.store.base import bind_values

        text = bind_values(q.page_count_query(given), q.bind(given))
        self._follow_rebuilt_store()  # counted before the page is asked for: from the store the page will come from
        req = urllib.request.Request(self._source(True)[0] + "/query", data=urllib.parse.urlencode({"query": text}).encode("utf-8"),
                                     headers={"Content-Type": "application/x-www-form-urlencoded",
                                              "Accept": "application/sparql-results+json"})
        try:
            with urllib.request.urlopen(req, timeout=self.backend.timeout_s + 1) as r:
                units = int(json.loads(r.read())["results"]["bindings"][0]["units"]["value"])
        except (urllib.error.URLError, OSError, ValueError, KeyError, IndexError) as e:
            raise StoreError(f"the SPARQL server did not count the pages: {getattr(e, 'reason', e)}") from e
        pages = Pages(page, size, units)
        return {"X-Pikg-Page": str(page), "X-Pikg-Page-Size": str(size), "X-Pikg-Units": str(units),
                "X-Pikg-Pages": str(pages.count)}

    def do_GET(self) -> None:  # noqa: N802 - http.server's names
        self._route()

    do_HEAD = do_POST = do_PUT = do_DELETE = do_GET


def serve(store: str, host: str = "127.0.0.1", port: int = 7878, writable: bool = False,
          timeout_s: int = DEFAULT_TIMEOUT_S, allow_federated: bool = False, memory: bool = False) -> int:
    """Run the page and endpoint in the foreground until interrupted or terminated."""
    path = Path(store)
    if not is_oxigraph_dir(path):
        raise StoreError(f"{path}: not an Oxigraph store; run `pikg build FILE... --store {path}` first")
    if memory and writable:
        raise StoreError("--memory answers from a copy of the store that writes would not reach: "
                         "use --memory or --writable, not both")
    backend = Backend(path.resolve(), writable, timeout_s)
    if memory:
        preexec = die_with_parent if sys.platform.startswith("linux") else None
        backend.memory = MemoryCopy(backend.store, oxigraph_command(), timeout_s, backend.spawner, preexec)
    handler = type("PikgHandler", (Handler,), {"backend": backend, "allow_federated": allow_federated})
    try:
        httpd = http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as e:
        raise StoreError(f"cannot listen on {host}:{port}: {e.strerror or e} (is another server using the port? "
                         f"choose one with --port)") from e
    httpd.daemon_threads = True
    stop = threading.Event()

    def on_signal(signum, _frame) -> None:
        stop.set()
        threading.Thread(target=httpd.shutdown, daemon=True).start()

    for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(s, on_signal)
    try:
        backend.start()
        print(f"pikg serve: query page http://{host}:{port}/, SPARQL endpoint http://{host}:{port}/query "
              f"({'read-write' if writable else 'read-only'}; query time limit {timeout_s} s; "
              f"federated queries {'allowed' if allow_federated else 'refused'}; Ctrl-C stops)", file=sys.stderr)
        if backend.memory is not None:
            print(f"pikg serve: copying {path} into memory in the background (about 330 bytes a triple); "
                  "queries are answered from the store on disk until it is done", file=sys.stderr)
            backend.memory.remake()
        httpd.serve_forever(poll_interval=0.2)
    finally:
        httpd.server_close()
        if backend.memory is not None:
            backend.memory.stop()
        backend.stop()
        backend.spawner.shutdown(wait=False)
    return 0
