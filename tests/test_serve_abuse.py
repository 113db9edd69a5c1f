"""`pikg serve` under abuse, one case a line where it can be: federated fetches by any route never reach the
URL they name, malformed requests are a quick 400 with one line (never a traceback or a held worker), and
every answer says `Server: pikg-serve`."""
from __future__ import annotations

import http.client
import json
import socket
import time
from pathlib import Path

import pytest

from tests.helpers import CORPUS
from graph.build.builder import build
from tests.helpers.serve import Server

DOC = CORPUS / "001_163e4aab9eba8502.txt"
FORM = "application/x-www-form-urlencoded"


class Listener:
    """A socket on 127.0.0.1 that no one should connect to: `called()` says whether someone did."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"

    def called(self) -> bool:
        self.sock.settimeout(1.0)
        try:
            conn, _ = self.sock.accept()  # the kernel completes a connection even before accept
        except socket.timeout:
            return False
        conn.close()
        return True

    def close(self) -> None:
        self.sock.close()


def raw(s: Server, head: bytes, body: bytes = b"", wait: float = 5) -> tuple[int, dict[str, str], bytes, float]:
    """Send bytes as they are (headers twice, lengths that lie); the status, headers, body and seconds taken."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", s.port), timeout=wait) as c:
        c.sendall(head + b"\r\n" + body)
        data = b""
        try:
            while chunk := c.recv(65536):
                data += chunk
                if b"\r\n\r\n" in data:
                    top, _, rest = data.partition(b"\r\n\r\n")
                    n = next((int(ln.split(b":")[1]) for ln in top.split(b"\r\n") if ln.lower().startswith(b"content-length:")), None)
                    if n is not None and len(rest) >= n:
                        break
        except socket.timeout:
            pass
    top, _, rest = data.partition(b"\r\n\r\n")
    lines = top.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:])}
    return int(lines[0].split()[1]) if lines[0] else 0, headers, rest, time.monotonic() - started


def request(s: Server, method: str, path: str, headers: list[tuple[str, str]], body: bytes = b"") -> tuple[int, dict[str, str], bytes]:
    """One request through http.client, which sends a header as often as it is listed."""
    conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30)
    try:
        conn.putrequest(method, path)
        for k, v in headers:
            conn.putheader(k, v)
        conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("abuse") / "store"
    assert not build([DOC], store=str(path), analysis=False).failed
    return path


@pytest.fixture(scope="module")
def server(store):
    s = Server(store)
    yield s
    s.stop()


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()


def test_two_content_types_never_reach_the_named_service(server, listener):
    query = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}".encode()
    code, head, body = request(server, "POST", "/query", [("Content-Type", FORM), ("Content-Type", "application/sparql-query")], query)
    assert code == 400 and body.decode("utf-8") == "Content-Type 头出现了不止一次\n" and head["server"] == "pikg-serve"
    code, _, _ = request(server, "POST", "/query", [("Content-Type", "application/sparql-query"), ("Content-Type", FORM)], query)
    assert code == 400
    code, _, _ = request(server, "POST", "/query", [("Content-Type", "text/plain")], query)  # neither kind: refused
    assert code == 415
    assert not listener.called()


def test_a_service_glued_to_a_name_never_reaches_it(server, listener):
    """Oxigraph reads `SERVICEex:x` as SERVICE then ex:x; the old regex check saw no word SERVICE."""
    q = f"PREFIX ex: <{listener.url}> SELECT * WHERE {{ SERVICEex:x {{ ?s ?p ?o }} }}"
    for body, ctype in ((f"query={q}".replace("+", "%2B").encode(), FORM), (q.encode(), "application/sparql-query")):
        code, _, answer = request(server, "POST", "/query", [("Content-Type", ctype)], body)
        assert code == 403 and b"--allow-federated" in answer
    code, _, _ = request(server, "GET", "/query?query=" + q.replace(" ", "%20").replace("{", "%7B").replace("}", "%7D")
                         .replace("<", "%3C").replace(">", "%3E"), [])
    assert code == 403
    code, _, answer = request(server, "POST", "/query", [("Content-Type", FORM)],
                              f"query=SELECT * WHERE {{ SERVI\\u0043E <{listener.url}> {{ ?s ?p ?o }} }}".encode())
    assert code == 403 and b"SERVICE" in answer
    assert not listener.called()


def test_a_query_given_twice_is_refused(server):
    code, _, body = request(server, "POST", "/query?query=ASK%7B%7D", [("Content-Type", FORM)], b"query=ASK{}")
    assert code == 400 and "只发送一次" in body.decode("utf-8")
    code, _, body = request(server, "GET", "/query?query=ASK%7B%7D&query=ASK%7B%7D", [])
    assert code == 400 and "给出了 2 次" in body.decode("utf-8")


def test_insert_where_service_is_refused_even_when_writable(tmp_path, listener):
    path = tmp_path / "store"
    assert not build([DOC], store=str(path), analysis=False).failed
    s = Server(path, "--writable")
    try:
        update = f"INSERT {{ <urn:a> <urn:b> ?o }} WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
        for body, ctype in ((update.encode(), "application/sparql-update"), (f"update={update}".encode(), FORM)):
            code, _, answer = request(s, "POST", "/update", [("Content-Type", ctype)], body)
            assert code == 403 and b"--allow-federated" in answer, answer
        code, _, answer = request(s, "POST", "/update", [("Content-Type", "application/sparql-update")],
                                  f"LOAD <{listener.url}> INTO GRAPH <urn:g>".encode())
        assert code == 403 and b"LOAD" in answer
        code, _, _ = request(s, "POST", "/update", [("Content-Type", "application/sparql-update"), ("Content-Type", FORM)],
                             update.encode())
        assert code == 400
        assert not listener.called()
        # a plain update still goes through, and is there to read
        code, _, _ = request(s, "POST", "/update", [("Content-Type", "application/sparql-update")],
                             b"INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> 'SERVICE' } }")
        assert code in (200, 204)
        code, _, body = request(s, "POST", "/query", [("Content-Type", "application/sparql-query"),
                                                      ("Accept", "application/sparql-results+json")],
                                b"ASK { <urn:a> <urn:b> 'SERVICE' }")
        assert code == 200 and json.loads(body)["boolean"] is True
    finally:
        s.stop()


@pytest.mark.parametrize("params", [{"document": "\ud800"}, {"document": "a\udfffb"}])
def test_a_lone_surrogate_in_api_run_is_a_quick_400(server, params):
    started = time.monotonic()
    ask = json.dumps({"name": "targets-lowered", "params": params}).encode()  # ensure_ascii: "\ud800" as JSON has it
    code, head, body = request(server, "POST", "/api/run", [("Content-Type", "application/json")], ask)
    assert code == 400 and b"surrogate" in body and body.count(b"\n") == 1 and head["server"] == "pikg-serve"
    assert time.monotonic() - started < 5
    code, _, _ = request(server, "POST", "/api/run", [], json.dumps({"name": "targets-lowered", "params": {}}).encode())
    assert code == 200  # the server goes on


@pytest.mark.parametrize("path, body, message", [
    ("/api/run", b'{"name": "targets-lowered", "params": {"document": "\xff"}}', b"UTF-8"),
    ("/api/run", b"[1, 2]", "JSON 对象".encode()),
    ("/query", b"query=ASK%7B%3Fs%20%3Fp%20%22%ED%A0%80%22%7D", "不是 UTF-8".encode()),  # an encoded surrogate
    ("/query", b"query=ASK{?s ?p \"\xc3\x28\"}", "不是 UTF-8".encode()),
])
def test_bad_utf8_is_a_400(server, path, body, message):
    code, _, answer = request(server, "POST", path, [("Content-Type", FORM if path == "/query" else "application/json")], body)
    assert code == 400 and message in answer and answer.count(b"\n") == 1, answer


@pytest.mark.parametrize("length", [b"-1", b"abc", b"1e3", b" ", b"12, 12"])
def test_a_bad_content_length_is_a_quick_one_line_400(server, length):
    code, head, body, took = raw(server, b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: " + FORM.encode()
                                 + b"\r\nContent-Length: " + length + b"\r\n")
    assert code == 400 and took < 3 and head["server"] == "pikg-serve"
    assert body.count(b"\n") <= 1 and b"Traceback" not in body and b"invalid literal" not in body


def test_two_content_lengths_and_oversized_bodies_are_refused(server):
    code, _, body, _ = raw(server, b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n", b"abc")
    assert code == 400
    code, head, body, took = raw(server, b"POST /api/run HTTP/1.1\r\nHost: x\r\nContent-Length: 20000000\r\n")
    assert code == 413 and took < 3 and b"10 MB" in body and head["server"] == "pikg-serve"


def test_every_answer_says_server_pikg_serve(server):
    from graph.store.endpoint import OxigraphEndpointStore
    from graph.store.registry import open_store

    cases = [("GET", "/", [], b""), ("GET", "/api/queries", [], b""), ("GET", "/nowhere", [], b""),
             ("GET", "/query?query=ASK%7B%7D", [], b""), ("GET", "/query", [], b""), ("DELETE", "/query", [], b""),
             ("POST", "/update", [("Content-Type", "application/sparql-update")], b"DROP ALL"),
             ("POST", "/query", [("Content-Type", "application/sparql-query")], b"ASK { ?s ?p 'open"),
             ("POST", "/api/run", [], b"{")]
    codes = []
    for method, path, headers, body in cases:
        code, head, _ = request(server, method, path, headers, body)
        assert head.get("server") == "pikg-serve", (method, path, code, head)
        codes.append(code)
    assert codes == [200, 200, 404, 200, 400, 405, 403, 400, 400]
    assert isinstance(open_store(None, server.base + "/query"), OxigraphEndpointStore)


def test_one_access_log_line_a_request(store):
    s = Server(store)
    try:
        request(s, "POST", "/query", [("Content-Type", "application/sparql-query")], b"ASK { ?s ?p ?o }")
        request(s, "GET", "/nowhere", [])
    finally:
        s.stop()
    lines = [ln for ln in s.err.splitlines() if " access " in ln]
    assert any("method=POST path=/query status=200" in ln and "from=disk" in ln and " ms=" in ln for ln in lines), lines
    assert any("method=GET path=/nowhere status=404" in ln for ln in lines), lines
    assert "Traceback" not in s.err
