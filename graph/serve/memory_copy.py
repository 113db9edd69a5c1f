"""`pikg serve --memory`: a copy of the store in an in-memory Oxigraph server, answering the read queries.

Oxigraph's in-memory storage answers the named queries of a 16M-triple store 4–8× faster than its RocksDB
storage: each join step is a hash lookup, where on disk it is a key-value seek plus a fetch of every long
string. It costs about 330 bytes of memory a triple (5 GB for 16M triples), so it is asked for, not default.

The copy is made in the background: `oxigraph dump` of the store (a read-only open, beside the server on
disk) is streamed into the in-memory server's bulk loader (``POST /store?no_transaction``). Until the copy is
complete, and whenever it is not there (being remade after a rebuild, dropped after a runaway query, killed),
the queries go to the server on disk: the endpoint always answers, from memory when it can.
"""
from __future__ import annotations

import http.client
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from graph.store.child_server import ServerDidNotStart, free_port, wait_until_listening

CHUNK_BYTES = 1 << 20
PROGRESS_EVERY_S = 30.0


def _say(message: str) -> None:
    sys.stderr.write(message + "\n")


class CopyAbandoned(Exception):
    """The copy being made is no longer wanted (the store was rebuilt, or the server stops)."""


@dataclass
class MemoryCopy:
    """The in-memory Oxigraph server holding a copy of one store, and the thread that fills it.

    `command` is the `oxigraph` executable; `spawn` starts a process (the caller's long-lived spawning
    thread, so that Linux's parent-death signal outlives request threads); `preexec` runs in each child."""

    store: Path
    command: str
    timeout_s: int
    spawner: ThreadPoolExecutor
    preexec: Callable[[], None] | None = None
    say: Callable[[str], None] = _say
    port: int = 0
    proc: subprocess.Popen | None = None
    dumper: subprocess.Popen | None = None
    generation: int = 0
    ready: bool = False
    lock: threading.RLock = field(default_factory=threading.RLock)

    def url(self) -> str | None:
        """The copy's base URL when it is complete and its server alive; None otherwise."""
        with self.lock:
            if not self.ready:
                return None
            if self.proc is None or self.proc.poll() is not None:  # killed (out of memory?): not made again
                self.ready = False
                code = self.proc.returncode if self.proc is not None else None
                self.say(f"pikg serve：{self.store} 的内存服务器已停止（退出码 {code}）；"
                         "查询改由磁盘上的存储回答")
                return None
            return f"http://127.0.0.1:{self.port}"

    def lost(self, why: str) -> None:
        """A request to the copy failed without timing out. A server that has died (the kernel's answer to
        running out of memory, seen here as a refused connection while it goes) stays down, as url() would
        find it: making the copy again would only run out of memory again. One that is alive is remade; a copy
        already dropped or being made again (a rebuilt store) is left to that."""
        with self.lock:
            if not self.ready:
                return
            proc = self.proc
        if proc is not None:
            try:
                proc.wait(timeout=2)  # a killed process is gone within milliseconds
            except subprocess.TimeoutExpired:
                pass
        with self.lock:
            if proc is not None and proc is self.proc and proc.poll() is not None:
                self.url()  # says that it has stopped, and drops the copy
                return
        self.remake(why)

    def remake(self, why: str = "") -> None:
        """Drop the copy there is (if any) and start making a new one in the background."""
        with self.lock:
            self._stop_processes()
            self.generation += 1
            generation = self.generation
        if why:
            self.say(f"pikg serve：{why}；正在重建内存副本，其间查询由磁盘上的存储回答")
        threading.Thread(target=self._make, args=(generation,), name="memory-copy", daemon=True).start()

    def stop(self) -> None:
        """Drop the copy and stop making one."""
        with self.lock:
            self.generation += 1
            self._stop_processes()

    # ------------------------------------------------------------------ inside

    def _stop_processes(self) -> None:
        self.ready = False
        for p in (self.dumper, self.proc):
            if p is not None and p.poll() is None:
                p.kill()  # its pipes are closed by the thread that reads them
                p.wait(timeout=10)
        self.dumper = self.proc = None

    def _current(self, generation: int) -> None:
        if generation != self.generation:
            raise CopyAbandoned

    def _spawn(self, args: list[str], **kw) -> subprocess.Popen:
        return self.spawner.submit(subprocess.Popen, args, stdin=subprocess.DEVNULL, preexec_fn=self.preexec, **kw).result()

    def _make(self, generation: int) -> None:
        started = time.monotonic()
        dumper = None
        try:
            port = free_port()
            with self.lock:
                self._current(generation)
                self.port = port
                self.proc = self._spawn([self.command, "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph",
                                         "--timeout-s", str(self.timeout_s)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                proc = self.proc
            try:
                wait_until_listening(proc, port, still_wanted=lambda: self._current(generation))
            except ServerDidNotStart as e:
                raise RuntimeError(f"内存中的 Oxigraph 服务器没有启动：{e}") from None
            with self.lock:
                self._current(generation)
                self.dumper = self._spawn([self.command, "dump", "--location", str(self.store), "--format", "nq"],
                                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                dumper = self.dumper
            sent = self._post(port, self._chunks(dumper, generation, started))
            if dumper.wait() != 0:
                err = dumper.stderr.read().decode("utf-8", "replace").strip().splitlines()
                raise RuntimeError(f"`oxigraph dump` 失败：{err[-1] if err else '无消息'}")
            with self.lock:
                self._current(generation)
                self.ready = True
            self.say(f"pikg serve：{self.store} 已在内存中（N-Quads {sent / 1e6:,.0f} MB，用时 "
                     f"{time.monotonic() - started:.0f} 秒）；查询由副本回答")
        except CopyAbandoned:
            return
        except (OSError, RuntimeError, http.client.HTTPException) as e:
            with self.lock:
                if generation != self.generation:
                    return
                self._stop_processes()
            self.say(f"pikg serve：没有 {self.store} 的内存副本：{e}；查询由磁盘上的存储回答")
        finally:
            if dumper is not None:
                dumper.stdout.close()
                dumper.stderr.close()

    def _chunks(self, dumper: subprocess.Popen, generation: int, started: float) -> Iterator[bytes]:
        """The dump's bytes, with a line of progress now and then; stops when the copy is abandoned."""
        total, said = 0, started
        while chunk := dumper.stdout.read(CHUNK_BYTES):
            self._current(generation)
            total += len(chunk)
            if time.monotonic() - said >= PROGRESS_EVERY_S:
                said = time.monotonic()
                self.say(f"pikg serve：正在把 {self.store} 复制进内存：N-Quads {total / 1e6:,.0f} MB，"
                         f"用时 {said - started:.0f} 秒")
            yield chunk

    def _post(self, port: int, body: Iterator[bytes]) -> int:
        """Send the N-Quads to the in-memory server's bulk loader (chunked); the bytes sent."""
        sent = 0

        def counted() -> Iterator[bytes]:
            nonlocal sent
            for chunk in body:
                sent += len(chunk)
                yield chunk

        conn = http.client.HTTPConnection("127.0.0.1", port)
        try:
            conn.request("POST", "/store?no_transaction", body=counted(), headers={"Content-Type": "application/n-quads"})
            resp = conn.getresponse()
            text = resp.read().decode("utf-8", "replace").strip()
            if resp.status not in (200, 201, 204):
                raise RuntimeError(f"内存服务器拒绝了导出数据：{resp.status} {text[:300]}")
        finally:
            conn.close()
        return sent
