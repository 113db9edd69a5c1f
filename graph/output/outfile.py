"""Writing an output file safely: a regular file (or a new path) is written to a temporary file beside it
and moved into place, so a failed run never leaves half a file; a device, a fifo or a symlink given as
output is written in place (through the link) and never replaced. A fifo with no reader is an error, not a
wait; a full disk, a read-only file system or a folder one may not write is one line naming the path."""
from __future__ import annotations

import csv
import errno
import fcntl
import io
import os
import stat
import time
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from extractors.errors import os_error_text

# csv meant for Excel: with a BOM, Excel on a Chinese Windows machine reads UTF-8 instead of GBK
CSV_ENCODING = "utf-8-sig"


class OutputError(Exception):
    """An output path that cannot be written (its folder is missing, it is a folder …); the message says why."""


def check_output(path: Path) -> None:
    """Refuse an output path whose folder is missing or that is a folder itself (a symlink: its target's)."""
    if path.is_dir():
        raise OutputError(f"{path}：这是一个文件夹；请给出文件名")
    target = path.resolve() if path.is_symlink() else path.absolute()
    if not target.parent.is_dir():
        via = f"（链接指向 {target}）" if path.is_symlink() else ""
        raise OutputError(f"{path}：文件夹 {target.parent} 不存在{via}")


def _special(path: Path) -> bool:
    return path.is_symlink() or (path.exists() and not path.is_file())


FIFO_WAIT_S = 5.0  # how long a fifo given as output may take to find its reader


def _open_fifo(path: Path, mode: str, **kwargs) -> IO:
    """A fifo opened for writing without blocking forever: its reader has FIFO_WAIT_S seconds to come (ENXIO
    after that)."""
    deadline = time.monotonic() + FIFO_WAIT_S
    while True:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError as e:
            if e.errno != errno.ENXIO or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)  # a reader is there: block as usual
    return os.fdopen(fd, mode, **kwargs)


@contextmanager
def output_file(path: Path, binary: bool = False, encoding: str = "utf-8") -> Iterator[IO]:
    """An open file for `path`, committed only when the block ends without an error (see the module docstring)."""
    path = Path(path)
    check_output(path)
    kwargs = {} if binary else {"encoding": encoding, "newline": ""}
    mode = "wb" if binary else "w"
    try:
        if _special(path):
            is_fifo = path.exists() and stat.S_ISFIFO(path.stat().st_mode)
            with (_open_fifo(path, mode, **kwargs) if is_fifo else open(path, mode, **kwargs)) as fh:
                yield fh
            return
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, mode, **kwargs) as fh:
                yield fh
            os.replace(tmp, path)
        finally:
            if tmp.exists():
                tmp.unlink()
    except OSError as e:
        if e.filename is not None and Path(e.filename).name not in (path.name, f".{path.name}.{os.getpid()}.tmp"):
            raise  # another file's error inside the block: not the output's to report
        raise OutputError(os_error_text(e, str(path))) from None


def write_output(path: Path, data: str | bytes, encoding: str = "utf-8") -> None:
    """Write text or bytes to `path` safely."""
    with output_file(path, binary=isinstance(data, bytes), encoding=encoding) as fh:
        fh.write(data)


def csv_text(headers: list[str], rows: list[list]) -> str:
    """A header row and rows as csv text (what `-f csv` writes; the file's encoding is chosen on writing)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(headers)
    w.writerows(rows)
    return buf.getvalue()
