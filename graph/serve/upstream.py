"""Forwarding to the Oxigraph children: one pooled keep-alive client (graph.serve.child_http), the in-memory copy for reads when
it is there, a rebuilt store followed before a request, a runaway query stopped by restarting the child.

Every request to a child is built here from what pikg checked (a form-encoded POST, or a Graph Store
request with pikg's own headers): never the client's raw body or headers."""
from __future__ import annotations

import asyncio
import sys
import urllib.parse
from dataclasses import dataclass, field

import anyio

from graph.serve.backend import Backend
from graph.serve.child_http import ChildClient, ChildError, ChildTimeout

CANCELLED = b"The SPARQL operation has been cancelled"
POOL = 6  # connections to a child at once; more requests wait for one


def say(message: str) -> None:
    sys.stderr.write(f"pikg serve: {message}\n")


@dataclass
class Answer:
    """A child's answer, or pikg's own (an error) in the same shape."""

    status: int
    body: bytes
    ctype: str
    answered_from: str = ""

    @classmethod
    def error(cls, status: int, message: str) -> Answer:
        return cls(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")


@dataclass
class Upstream:
    backend: Backend
    client: ChildClient = field(init=False)
    restarting: asyncio.Lock = field(default_factory=asyncio.Lock)
    # at most POOL requests at a child at once (more at once only slow each other down); the rest wait here
    slots: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(POOL))

    def __post_init__(self) -> None:
        self.client = ChildClient(self.backend.timeout_s + 1, keep=POOL)

    async def close(self) -> None:
        await self.client.close()

    def _stopped(self) -> Answer:
        return Answer.error(504, f"查询在 {self.backend.timeout_s} 秒后被停止"
                            "（服务器的时间限制，--timeout-s）")

    async def follow(self) -> None:
        """Restart the SPARQL server on the store a build has put in place since the last request."""
        if not self.backend.stale():
            return
        async with self.restarting:
            if await anyio.to_thread.run_sync(self.backend.follow):
                say(f"{self.backend.store} 已重建；改由新存储回答")
                if self.backend.memory is not None:
                    await anyio.to_thread.run_sync(self.backend.memory.remake)

    def source(self, reading: bool) -> tuple[str, str]:
        """Where a request goes: the in-memory copy for a read when it is there, else the server on disk."""
        copy = self.backend.memory.url() if reading and self.backend.memory is not None else None
        return (copy, "memory") if copy else (self.backend.url, "disk")

    async def sparql(self, route: str, fields: list[tuple[str, str]], accept: str, reading: bool) -> Answer:
        """POST a checked query (route /query) or update (/update) to a child, form-encoded."""
        await self.follow()
        form = urllib.parse.urlencode(fields).encode("utf-8")
        return await self._send("POST", route, reading, form,
                                {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})

    async def store(self, method: str, params: list[tuple[str, str]], body: bytes, ctype: str, accept: str) -> Answer:
        """A Graph Store Protocol request (/store) to the server on disk."""
        await self.follow()
        headers = {"Accept": accept, **({"Content-Type": ctype} if ctype else {})}
        route = "/store" + ("?" + urllib.parse.urlencode(params) if params else "")
        return await self._send(method, route, False, body, headers)

    async def _send(self, method: str, route: str, reading: bool, body: bytes, headers: dict[str, str],
                    disk: bool = False) -> Answer:
        base, where = self.source(reading and not disk)
        host, _, port = base.removeprefix("http://").rpartition(":")
        generation = self.backend.generation
        try:
            async with self.slots:
                r = await self.client.request(method, host, int(port), route, headers, body)
        except ValueError as e:
            return Answer.error(400, str(e))
        except ChildTimeout:
            return await self._runaway(where, generation)
        except ChildError as e:
            if where == "memory":  # the copy is dropped (and made again unless its server died); the disk answers
                await anyio.to_thread.run_sync(self.backend.memory.lost, f"内存服务器没有应答（{e}）")
                return await self._send(method, route, reading, body, headers, disk=True)
            return Answer.error(502, f"SPARQL 服务器没有应答：{e or type(e).__name__}")
        if r.body.rstrip().endswith(CANCELLED):  # Oxigraph stopped it mid-answer, after a 200 status
            return self._stopped()
        answer = Answer(r.status, r.body, r.headers.get("content-type", "application/octet-stream"))
        answer.answered_from = where if reading else ""
        return answer

    async def _runaway(self, where: str, generation: int) -> Answer:
        """A query ran past the limit: Oxigraph's own limit does not stop every query (a big join counts
        on), so the server under it is stopped — the copy is remade, the disk's server restarted."""
        if where == "memory":
            await anyio.to_thread.run_sync(self.backend.memory.remake, f"一个查询超过了 {self.backend.timeout_s} 秒")
            return self._stopped()
        async with self.restarting:
            if generation == self.backend.generation:
                say(f"一个查询超过了 {self.backend.timeout_s} 秒；正在重启 SPARQL 服务器以停止它")
                await anyio.to_thread.run_sync(self.backend.restart, generation)
        return self._stopped()
