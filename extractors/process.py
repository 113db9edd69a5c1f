"""Processes pikg starts that must not outlive it: Linux's parent-death signal, armed in the child."""
from __future__ import annotations

import ctypes
import os
import signal
from pathlib import Path

_PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int = signal.SIGTERM) -> None:
    """In a child: ask Linux to send `sig` when the parent dies, even by SIGKILL (a no-op elsewhere)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, sig)
    except (OSError, AttributeError):
        pass


def start_worker(parent: int) -> None:
    """First thing in a pool worker: die with the process that made the pool. The signal is armed after the
    fork, so a parent that died in between is caught by comparing the parent's pid."""
    die_with_parent()
    if os.getppid() != parent:
        os._exit(1)


def children(pid: int) -> list[int]:
    """The child processes of `pid` (Linux /proc), whichever of its threads started them; [] elsewhere."""
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            continue
    return out
