"""A small keep-alive HTTP/1.1 client on asyncio streams for the Oxigraph children on loopback.

httpx cost `pikg serve` most of its time under load (3–5× the child's own throughput on 200 concurrent ASK
requests); the children's answers are simple (a status line, headers, a body of a Content-Length, chunked,
or up to the connection's end), so pikg reads them itself. Requests are written whole, from what pikg built
(method, path, its own headers, the body): a header value that is not printable ASCII is refused before
anything is sent. Connections are kept open and reused (at most `keep` idle ones, across children); one
that fails before any byte of the answer arrived after being reused (the child closed it while idle) is
retried once on a new connection. Every wait (connecting, writing, the answer's head and each part of its
body) is bounded by `timeout_s`."""
from __future__ import annotations

import asyncio
from dataclasses import dataclass

NO_BODY = frozenset({204, 304})
HEAD_LIMIT = 64 * 1024


class ChildError(Exception):
    """The child did not answer (refused, closed or garbled the connection)."""


class ChildTimeout(ChildError):
    """A wait for the child ran past the client's time limit."""


@dataclass
class ChildAnswer:
    status: int
    headers: dict[str, str]  # lower-cased names; a repeated header's values joined with ", "
    body: bytes


def _clean(value: str, what: str) -> str:
    if not value.isascii() or not all(" " <= c <= "~" for c in value):
        raise ValueError(f"{what} 含有不能放进 HTTP 头的字符")
    return value


class _Stale(Exception):
    """A reused connection closed before any byte of the answer: safe to send again on a new one."""


class ChildClient:
    def __init__(self, timeout_s: float, keep: int = 6) -> None:
        self.timeout_s = timeout_s
        self.keep = keep
        self.idle: list[tuple[tuple[str, int], asyncio.StreamReader, asyncio.StreamWriter]] = []

    async def close(self) -> None:
        idle, self.idle = self.idle, []
        for _, _, w in idle:
            w.close()

    async def request(self, method: str, host: str, port: int, target: str, headers: dict[str, str],
                      body: bytes = b"") -> ChildAnswer:
        """One request; `target` is the path with its query string. Raises ChildTimeout or ChildError."""
        head = [f"{_clean(method, 'the method')} {_clean(target, 'the path')} HTTP/1.1", f"Host: {host}:{port}"]
        head += [f"{_clean(k, 'a header name')}: {_clean(v, 'the header ' + k)}" for k, v in headers.items()]
        if body or method in ("POST", "PUT", "PATCH"):
            head.append(f"Content-Length: {len(body)}")
        raw = ("\r\n".join(head) + "\r\n\r\n").encode("ascii") + body
        conn = self._take((host, port))
        if conn is not None:
            try:
                return await self._exchange((host, port), conn, raw, method, reused=True)
            except _Stale:
                pass
        try:
            async with asyncio.timeout(self.timeout_s):
                conn = await asyncio.open_connection(host, port, limit=HEAD_LIMIT)
        except TimeoutError:
            raise ChildTimeout(f"{self.timeout_s} 秒内未能连接 {host}:{port}") from None
        except OSError as e:
            raise ChildError(f"无法连接 {host}:{port}：{e.strerror or e}") from None
        try:
            return await self._exchange((host, port), conn, raw, method, reused=False)
        except _Stale as e:
            raise ChildError("连接在应答之前被关闭") from e

    def _take(self, key: tuple[str, int]):
        for i in range(len(self.idle) - 1, -1, -1):
            k, r, w = self.idle[i]
            if k == key:
                del self.idle[i]
                if r.at_eof() or w.is_closing():
                    w.close()
                    continue
                return r, w
        return None

    def _give_back(self, key: tuple[str, int], reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.idle.append((key, reader, writer))
        while len(self.idle) > self.keep:  # the oldest first (a restarted child's connections among them)
            self.idle.pop(0)[2].close()

    async def _exchange(self, key, conn, raw: bytes, method: str, reused: bool) -> ChildAnswer:
        reader, writer = conn
        keep = False
        try:
            async with asyncio.timeout(self.timeout_s) as limit:
                try:
                    writer.write(raw)
                    await writer.drain()
                    line = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError) as e:
                    if reused and not getattr(e, "partial", b""):
                        raise _Stale() from e
                    raise ChildError(f"连接被关闭（{type(e).__name__}）") from None
                status, headers = _head(line)
                while 100 <= status < 200:  # an interim answer (not asked for; skipped)
                    status, headers = _head(await reader.readuntil(b"\r\n\r\n"))
                body, keep = await _body(reader, method, status, headers, limit, self.timeout_s)
        except TimeoutError:
            raise ChildTimeout(f"SPARQL 服务器在 {self.timeout_s} 秒内没有应答") from None
        except asyncio.LimitOverrunError:
            raise ChildError("应答头过长") from None
        except asyncio.IncompleteReadError:
            raise ChildError("连接在应答中途被关闭") from None
        except OSError as e:
            raise ChildError(f"连接失败：{e.strerror or e}") from None
        finally:
            if not keep:
                writer.close()
        self._give_back(key, reader, writer)
        return ChildAnswer(status, headers, body)


def _head(raw: bytes) -> tuple[int, dict[str, str]]:
    lines = raw.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit() or len(parts[1]) != 3:
        raise ChildError(f"不是 HTTP 应答：{lines[0][:80]!r}")
    headers: dict[str, str] = {}
    for ln in lines[1:]:
        if not ln:
            continue
        name, sep, value = ln.partition(":")
        if not sep:
            raise ChildError(f"应答中有一行头部已损坏：{ln[:80]!r}")
        name, value = name.strip().lower(), value.strip()
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    if parts[0] == "HTTP/1.0" and "keep-alive" not in headers.get("connection", "").lower():
        headers["connection"] = "close"
    return int(parts[1]), headers


async def _body(reader: asyncio.StreamReader, method: str, status: int, headers: dict[str, str], limit,
                timeout_s: float) -> tuple[bytes, bool]:
    """The answer's body, and whether the connection can be used again."""
    loop = asyncio.get_running_loop()
    reusable = "close" not in headers.get("connection", "").lower()
    if method == "HEAD" or status in NO_BODY:
        return b"", reusable
    coding = headers.get("transfer-encoding", "").lower()
    if coding:
        if coding.rsplit(",", 1)[-1].strip() != "chunked":
            raise ChildError(f"应答使用了 pikg 不读取的传输编码：{coding}")
        parts = []
        while True:
            size_line = await reader.readuntil(b"\r\n")
            try:
                size = int(size_line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise ChildError(f"分块大小已损坏：{size_line[:40]!r}") from None
            if size == 0:
                while await reader.readuntil(b"\r\n") != b"\r\n":  # trailers, up to the empty line
                    pass
                return b"".join(parts), reusable
            chunk = await reader.readexactly(size + 2)
            if chunk[-2:] != b"\r\n":
                raise ChildError("分块没有以 CRLF 结尾")
            parts.append(chunk[:-2])
            limit.reschedule(loop.time() + timeout_s)
    length = headers.get("content-length")
    if length is not None:
        if not length.isdigit():
            raise ChildError(f"应答中的 Content-Length 有误：{length[:40]!r}")
        left, parts = int(length), []
        while left:  # in pieces, each within the time limit
            parts.append(await reader.readexactly(min(left, 1 << 20)))
            left -= len(parts[-1])
            limit.reschedule(loop.time() + timeout_s)
        return b"".join(parts), reusable
    parts = []  # no length: the body ends with the connection
    while chunk := await reader.read(65536):
        parts.append(chunk)
        limit.reschedule(loop.time() + timeout_s)
    return b"".join(parts), False
