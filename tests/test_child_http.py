"""graph.serve.child_http, the keep-alive client `pikg serve` talks to its Oxigraph children with, against a toy
server on loopback: Content-Length, chunked and read-to-close answers, an error status, connections closed
before or during an answer, an idle connection the server closed, a server that does not answer, and a header
value that would split the request."""
from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from graph.serve.child_http import ChildClient, ChildError, ChildTimeout

Answerer = Callable[[int, bytes], bytes | None]  # (request's number on its connection, raw request) → reply


class Last(bytes):
    """A reply after which the toy closes the connection."""


class Toy:
    """A loopback server: each request is read whole and answered with what `answer` gives (None: the
    connection is closed without an answer; after a Last reply, or one saying Connection: close, too)."""

    def __init__(self, answer: Answerer) -> None:
        self.answer = answer
        self.requests: list[bytes] = []
        self.connections = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        n = 0
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except asyncio.IncompleteReadError:
                    return
                length = next((int(ln.split(b":")[1]) for ln in head.split(b"\r\n")
                               if ln.lower().startswith(b"content-length:")), 0)
                raw = head + await reader.readexactly(length)
                self.requests.append(raw)
                n += 1
                reply = self.answer(n, raw)
                if reply is None:
                    return
                writer.write(reply)
                await writer.drain()
                if isinstance(reply, Last) or b"connection: close" in reply.lower():
                    return
        finally:
            writer.close()

    async def __aenter__(self) -> int:
        self.server = await asyncio.start_server(self.handle, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self.port

    async def __aexit__(self, *exc) -> None:
        self.server.close()


def ok(body: bytes, *, extra: str = "") -> bytes:
    return (f"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {len(body)}\r\n{extra}\r\n").encode() + body


def run(answer: Answerer, steps, timeout_s: float = 5.0):
    """Run `steps(client, port)` against a Toy answering with `answer`; returns (its result, the Toy)."""
    toy = Toy(answer)

    async def main():
        async with toy as port:
            client = ChildClient(timeout_s)
            try:
                return await steps(client, port)
            finally:
                await client.close()

    return asyncio.run(main()), toy


def test_content_length_answers_on_one_kept_connection_and_the_request_is_exactly_what_was_built():
    async def steps(client, port):
        first = await client.request("POST", "127.0.0.1", port, "/query", {"Accept": "text/csv"}, b"query=ASK")
        second = await client.request("GET", "127.0.0.1", port, "/store?graph=x", {})
        return first, second

    (first, second), toy = run(lambda n, raw: ok(b"answer %d" % n), steps)
    assert (first.status, first.body, first.headers["content-type"]) == (200, b"answer 1", "text/plain")
    assert second.body == b"answer 2"
    assert toy.connections == 1
    port = toy.port
    assert toy.requests[0] == (f"POST /query HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/csv\r\n"
                               f"Content-Length: 9\r\n\r\nquery=ASK").encode()
    assert toy.requests[1] == f"GET /store?graph=x HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()


def test_a_chunked_answer_with_extensions_and_trailers_is_joined_and_the_connection_kept():
    chunked = (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/sparql-results+json\r\n\r\n"
               b"5\r\nhello\r\n1;ext=1\r\n \r\nC\r\nworld\r\n\r\nxyz\r\n0\r\nX-Trailer: 1\r\n\r\n")

    async def steps(client, port):
        return [await client.request("GET", "127.0.0.1", port, "/", {}) for _ in range(2)]

    answers, toy = run(lambda n, raw: chunked, steps)
    assert [a.body for a in answers] == [b"hello world\r\n\r\nxyz"] * 2
    assert toy.connections == 1


def test_an_answer_without_a_length_is_read_to_the_end_of_the_connection_which_is_not_reused():
    async def steps(client, port):
        return [await client.request("GET", "127.0.0.1", port, "/", {}) for _ in range(2)]

    answers, toy = run(lambda n, raw: b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall of it, to the end", steps)
    assert [a.body for a in answers] == [b"all of it, to the end"] * 2
    assert toy.connections == 2


def test_an_error_status_is_an_answer_with_its_body():
    reply = b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nbad query\r\n"

    async def steps(client, port):
        return await client.request("POST", "127.0.0.1", port, "/query", {}, b"query=x")

    answer, _ = run(lambda n, raw: reply, steps)
    assert (answer.status, answer.body) == (400, b"bad query\r\n")


def test_a_connection_closed_before_the_answer_or_in_its_middle_is_an_error():
    async def steps(client, port):
        with pytest.raises(ChildError, match="被关闭"):
            await client.request("GET", "127.0.0.1", port, "/", {})

    _, toy = run(lambda n, raw: None, steps)
    assert toy.connections == 1  # a new connection is not retried
    run(lambda n, raw: Last(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part"), steps)
    run(lambda n, raw: Last(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nshort"), steps)


def test_a_kept_connection_the_server_closed_while_idle_is_replaced_once():
    async def steps(client, port):
        return [(await client.request("GET", "127.0.0.1", port, "/", {})).body for _ in range(3)]

    # the toy answers one request a connection and then closes it without saying so
    bodies, toy = run(lambda n, raw: ok(b"fresh") if n == 1 else None, steps)
    assert bodies == [b"fresh"] * 3
    assert toy.connections == 3


def test_garbled_answers_are_errors():
    async def steps(client, port):
        with pytest.raises(ChildError):
            await client.request("GET", "127.0.0.1", port, "/", {})

    for reply in (b"SSH-2.0-OpenSSH\r\n\r\n", b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
                  b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"):
        run(lambda n, raw, reply=reply: Last(reply), steps)


def test_a_server_that_does_not_answer_is_a_timeout():
    async def steps(client, port):
        with pytest.raises(ChildTimeout):
            await client.request("GET", "127.0.0.1", port, "/", {})

    def silent(n, raw):
        return b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab"  # then nothing more, connection open

    run(silent, steps, timeout_s=0.3)


def test_nothing_is_sent_when_a_header_value_would_split_the_request():
    async def steps(client, port):
        for headers, target in (({"Content-Type": "text/plain\r\nX-Evil: 1"}, "/"), ({}, "/ HTTP/1.1\r\nX: y"),
                                ({"Accept": "ü"}, "/")):
            with pytest.raises(ValueError):
                await client.request("POST", "127.0.0.1", port, target, headers, b"x")

    _, toy = run(lambda n, raw: ok(b""), steps)
    assert toy.requests == [] and toy.connections == 0


def test_a_refused_connection_is_an_error():
    async def main():
        server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        server.close()
        await server.wait_closed()
        with pytest.raises(ChildError, match="无法连接"):
            await ChildClient(2).request("GET", "127.0.0.1", port, "/", {})

    asyncio.run(main())


def test_a_long_answer_arrives_whole():
    big = bytes(range(256)) * 12_000  # 3 MB: read in pieces

    async def steps(client, port):
        return await client.request("GET", "127.0.0.1", port, "/", {})

    answer, _ = run(lambda n, raw: ok(big), steps)
    assert answer.body == big
