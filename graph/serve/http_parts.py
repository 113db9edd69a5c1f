"""The parts of a request `pikg serve` reads, each read strictly: one Content-Type, a bounded body,
parameters in UTF-8. What does not pass is a Refused (graph.serve.guard) with a one-line message."""
from __future__ import annotations

import urllib.parse

from starlette.requests import Request

from graph.serve.guard import Refused

MAX_BODY = 10_000_000
MAX_FIELDS = 200


def single_header(headers: list[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    """The one value of a header, None when absent; Refused (400) when it is given more than once."""
    values = [v for k, v in headers if k.lower() == name]
    if len(values) > 1:
        raise Refused(400, f"{name.decode().title()} 头出现了不止一次")
    return values[0] if values else None


def media_type(request: Request) -> str:
    """The request's Content-Type without parameters, lower-cased ('' when absent). A charset other than
    UTF-8 is refused (415)."""
    raw = single_header(request.scope["headers"], b"content-type")
    if raw is None:
        return ""
    kind, *params = raw.decode("latin-1").split(";")
    for p in params:
        name, _, value = p.strip().partition("=")
        if name.lower() == "charset" and value.strip('"').lower() not in ("utf-8", "utf8"):
            raise Refused(415, f"请求体按 UTF-8 读取，而不是 {value}")
    return kind.strip().lower()


def content_length(headers: list[tuple[bytes, bytes]]) -> int | None:
    """The Content-Length header as a number (None when absent); Refused (400) when it is not a whole
    number, (413) when it announces more than MAX_BODY bytes."""
    raw = single_header(headers, b"content-length")
    if raw is None:
        return None
    if not raw.strip().isdigit():
        raise Refused(400, "Content-Length 不是整数字节数")
    n = int(raw)
    if n > MAX_BODY:
        raise Refused(413, f"请求体超过 {MAX_BODY // 1_000_000} MB")
    return n


async def body(request: Request) -> bytes:
    """The whole body, at most MAX_BODY bytes (413 past that, whatever Content-Length said)."""
    content_length(request.scope["headers"])
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise Refused(413, f"请求体超过 {MAX_BODY // 1_000_000} MB")
        chunks.append(chunk)
    return b"".join(chunks)


def utf8(raw: bytes, what: str) -> str:
    """Bytes as UTF-8 text; Refused (400) when they are not."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Refused(400, f"{what}不是 UTF-8（第 {e.start + 1} 个字节）") from None


def form(raw: bytes, what: str) -> list[tuple[str, str]]:
    """URL-encoded name=value pairs (a query string or a form body), their %-escapes read as UTF-8."""
    try:
        return urllib.parse.parse_qsl(utf8(raw, what), keep_blank_values=True, encoding="utf-8", errors="strict",
                                      max_num_fields=MAX_FIELDS)
    except UnicodeDecodeError as e:
        raise Refused(400, f"{what}：一个 %-转义的值不是 UTF-8（第 {e.start + 1} 个字节）") from None
    except ValueError as e:
        raise Refused(400, f"{what}：{e}") from None


def one(pairs: list[tuple[str, str]], name: str) -> str | None:
    """The value of a parameter given at most once (Refused when it is given twice)."""
    values = [v for k, v in pairs if k == name]
    if len(values) > 1:
        raise Refused(400, f"参数 {name!r} 给出了 {len(values)} 次")
    return values[0] if values else None
