"""The Oxigraph server child behind `pikg serve`: started on a private loopback port from one long-lived
thread (so that Linux's parent-death signal outlives request threads), stopped with pikg, restarted when a
build replaces the store or a runaway query has to be stopped."""
from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from graph.serve.memory_copy import MemoryCopy
from graph.store.base import StoreError
from extractors.process import die_with_parent
from graph.store.child_server import ServerDidNotStart, free_port, wait_until_listening
from graph.store.oxigraph import is_oxigraph_dir

DEFAULT_TIMEOUT_S = 60


def oxigraph_command() -> str:
    """Path of the `oxigraph` server command: beside this Python, or on PATH."""
    here = Path(sys.executable).with_name("oxigraph")
    if here.exists():
        return str(here)
    found = shutil.which("oxigraph")
    if not found:
        raise StoreError("未安装 `oxigraph` 服务器命令（pip install oxigraph）")
    return found


def store_identity(path: Path) -> tuple:
    """What changes when a build moves a new store directory into place."""
    st = path.stat()
    return (st.st_ino, st.st_dev)


def preexec() -> None:
    """Run in each child before exec: die with pikg (Linux only)."""
    if sys.platform.startswith("linux"):
        die_with_parent()


@dataclass
class Backend:
    """The Oxigraph server child over one store directory; `generation` counts its starts."""

    store: Path
    writable: bool = False
    timeout_s: int = DEFAULT_TIMEOUT_S
    port: int = 0
    proc: subprocess.Popen | None = None
    identity: tuple = ()
    generation: int = 0
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
        self.identity = store_identity(self.store)
        self.proc = self.spawner.submit(subprocess.Popen, self.command(), stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=preexec).result()
        self.generation += 1
        try:
            wait_until_listening(self.proc, self.port)
        except ServerDidNotStart as e:
            self.stop()
            raise StoreError(f"{self.store}：Oxigraph 服务器没有启动：{e}") from None

    def stop(self) -> None:
        p, self.proc = self.proc, None
        if p is None:
            return
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=10)
        if p.stderr is not None:
            p.stderr.close()

    def restart(self, generation: int | None = None) -> bool:
        """Stop the child and start a new one on the same store (ends every query it was running). With
        `generation`, only when the child running is still that one (a second runaway of the same child
        does not restart its successor); True when it restarted."""
        with self.lock:
            if generation is not None and generation != self.generation:
                return False
            self.stop()
            self.start()
            return True

    def stale(self) -> bool:
        """True when a build has put a new store at the path since the child was started."""
        try:
            return store_identity(self.store) != self.identity
        except OSError:
            return False  # between the two renames of a store swap: keep serving what is open

    def follow(self) -> bool:
        """Restart on the store at the same path when a build has replaced it; True when it did."""
        with self.lock:
            if not self.stale() or not is_oxigraph_dir(self.store):
                return False
            self.stop()
            self.start()
            return True
