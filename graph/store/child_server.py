"""The child servers pikg starts (Oxigraph's, Virtuoso's): a free local port for one (the child dies with
its parent: extractors.process), and waiting until one listens."""
from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable


class ServerDidNotStart(Exception):
    """A child server exited, or did not listen in time; the message says which (and the child's first line
    on stderr when it kept one)."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that no one listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_listening(proc: subprocess.Popen, port: int, timeout: float = 30,
                         still_wanted: Callable[[], None] | None = None) -> None:
    """Return once `proc` accepts connections on 127.0.0.1:`port`. `still_wanted` is called on every try and
    may raise to give up early. ServerDidNotStart when the child exits first or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if still_wanted is not None:
            still_wanted()
        if proc.poll() is not None:
            lines = proc.stderr.read().decode("utf-8", "replace").strip().splitlines() if proc.stderr else []
            raise ServerDidNotStart(f"进程已退出（退出码 {proc.returncode}）：{lines[0] if lines else '无消息'}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise ServerDidNotStart(f"{timeout:.0f} 秒内没有应答")
