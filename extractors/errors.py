"""Errors that name the file (and line) where extraction could not go on."""
from __future__ import annotations


import errno
import os
import stat
from pathlib import Path

# what to do about an operating-system error at a file boundary, by its errno
_ADVICE = {
    errno.ENOSPC: "the disk is full: free some space and run the command again",
    errno.EROFS: "the file system is read-only: choose a folder you can write to",
    errno.EACCES: "permission denied: choose a path you may read or write, or ask for access",
    errno.EPERM: "operation not permitted: choose a path you may read or write",
    errno.ENOENT: "no such file or folder",
    errno.EISDIR: "is a folder: give a file name",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.ENXIO: "nothing is reading this fifo (waited 5 s): start its reader first, or write to a file",
    errno.ELOOP: "a symbolic link points to itself",
    errno.EDQUOT: "the disk quota is used up: free some space",
}


def os_error_advice(e: OSError) -> str:
    """What an OSError means for the user and what to do about it (also for a library's OSError that carries
    the system's message but no errno, as Oxigraph's storage errors do)."""
    code = e.errno or next((n for n in _ADVICE if os.strerror(n) in str(e)), 0)
    return _ADVICE.get(code, e.strerror or str(e))


def os_error_text(e: OSError, path: str | None = None) -> str:
    """An OSError as one line that names the path and says what to do (no traceback)."""
    where = path or e.filename or ""
    return f"{where}: {os_error_advice(e)}" if where else os_error_advice(e)


class InputError(Exception):
    """Bad input: the message names the file and, where it applies, the line."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


def check_input(path: str | Path) -> None:
    """Refuse, without opening it, an input that is not a regular file: a fifo or a device would make pikg wait
    for a writer (`-` reads standard input instead), a folder is no document."""
    try:
        mode = os.stat(path).st_mode
    except OSError as e:
        raise InputError(str(path), None, f"cannot read the file: {os_error_advice(e)}") from None
    if stat.S_ISFIFO(mode):
        raise InputError(str(path), None, "is a fifo (a pipe), not a file; give `-` to read standard input")
    if stat.S_ISDIR(mode):
        raise InputError(str(path), None, "is a folder; give the documents in it or the folder to extract or build")
    if not stat.S_ISREG(mode):
        raise InputError(str(path), None, "is a device or a socket, not a file")
