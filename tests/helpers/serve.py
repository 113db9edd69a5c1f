"""`pikg serve` run as a user runs it, for the tests that talk to it over HTTP (test_serve.py, the browser test
of the query page), and the /proc look-ups that tell whether its child servers are still alive."""
from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from email.message import Message
from pathlib import Path

from graph.store.child_server import free_port
from extractors.process import children  # noqa: F401 - the tests take it from here
from tests.helpers import ROOT


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def kill_leaves_no_workers(proc: subprocess.Popen, what: str, at_least: int = 2) -> None:
    """Wait until ``proc`` has started ``at_least`` child processes, SIGKILL it, and assert that its children die
    with it (``what`` names them in the failure); kills any that outlive it, also when the test fails."""
    import os
    import signal

    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(workers) < at_least and proc.poll() is None:
            workers = children(proc.pid)
            time.sleep(0.05)
        assert len(workers) >= at_least, f"no {what} started"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(alive(w) for w in workers):
            time.sleep(0.1)
        assert not [w for w in workers if alive(w)], f"{what} outlived the command"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        for w in workers:  # leave nothing behind, also when the test failed
            if alive(w):
                os.kill(w, signal.SIGKILL)


def gone(pid: int, within: float = 10) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        time.sleep(0.05)
    return False



class Server:
    def __init__(self, store: Path, *extra: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "pikg.py"), "serve", "--store", str(store),
                                      "--port", str(self.port), *extra], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        kids = children(self.proc.pid)
        if "--memory" in extra:  # the copy's server starts beside it, in the background
            self.child = None
        elif len(kids) != 1:
            self.stop()
            raise AssertionError(f"pikg serve did not come up with one server child: {kids}")
        else:
            self.child = kids[0]

    def post(self, path: str, data: dict | bytes, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        code, _, body = self.exchange(path, data, headers)
        return code, body

    def exchange(self, path: str, data: dict | bytes, headers: dict[str, str] | None = None) -> tuple[int, Message, bytes]:
        """A POST: status, response headers (names in any case, as HTTP has them) and body."""
        body = data if isinstance(data, bytes) else urllib.parse.urlencode(data).encode()
        req = urllib.request.Request(self.base + path, data=body, headers=headers or {}, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=15)
        self.err = self.proc.stderr.read().decode("utf-8", "replace")
        self.proc.stderr.close()
