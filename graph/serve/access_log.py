"""The outermost layer of `pikg serve`: headers that may be given once are refused when given twice, and
one access-log line per request on stderr (key=value: method, path, status, ms, answered-from)."""
from __future__ import annotations

import sys
import time
import urllib.parse
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from graph.serve.guard import Refused
from graph.serve.http_parts import content_length, single_header

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

ANSWERED_FROM = b"x-pikg-answered-from"


async def plain(send: Send, status: int, message: str) -> None:
    """A one-line text answer."""
    body = (message + "\n").encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class AccessLog:
    """ASGI middleware: refuse a repeated Content-Type or Content-Length (400), a bad or too large
    Content-Length (400, 413), then log the request once it is answered."""

    def __init__(self, app: ASGIApp, write: Callable[[str], Any] = sys.stderr.write) -> None:
        self.app = app
        self.write = write

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        seen = {"status": 0, "from": "-"}

        async def watched(message: Message) -> None:
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
                for k, v in message.get("headers", ()):
                    if k.lower() == ANSWERED_FROM:
                        seen["from"] = v.decode("latin-1")
            await send(message)

        try:
            try:
                single_header(scope["headers"], b"content-type")
                content_length(scope["headers"])
            except Refused as e:
                await plain(watched, e.status, e.message)
            else:
                await self.app(scope, receive, watched)
        finally:
            ms = (time.perf_counter() - started) * 1000
            client = (scope.get("client") or ("-",))[0]
            self.write(f"pikg serve: access method={scope['method']} path={urllib.parse.quote(scope['path'], safe='/', errors='backslashreplace')} status={seen['status'] or '-'} "
                       f"ms={ms:.1f} from={seen['from']} client={client}\n")
