"""Writing an output file safely: a regular file (or a new path) is written to a temporary file beside it
and moved into place, so a failed run never leaves half a file; a device, a fifo or a symlink given as
output is written in place and never replaced."""
from __future__ import annotations

import csv
import io
import os
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

# csv meant for Excel: with a BOM, Excel on a Chinese Windows machine reads UTF-8 instead of GBK
CSV_ENCODING = "utf-8-sig"


class OutputError(Exception):
    """An output path that cannot be written (its folder is missing, it is a folder …); the message says why."""


def check_output(path: Path) -> None:
    """Refuse an output path whose folder is missing or that is a folder itself."""
    if path.is_dir() and not path.is_symlink():
        raise OutputError(f"{path}: is a folder; give a file name")
    folder = path.absolute().parent
    if not folder.is_dir():
        raise OutputError(f"{path}: the folder {folder} does not exist")


def _special(path: Path) -> bool:
    return path.is_symlink() or (path.exists() and not path.is_file())


@contextmanager
def output_file(path: Path, binary: bool = False, encoding: str = "utf-8") -> Iterator[IO]:
    """An open file for `path`, committed only when the block ends without an error (see the module docstring)."""
    path = Path(path)
    check_output(path)
    kwargs = {} if binary else {"encoding": encoding, "newline": ""}
    mode = "wb" if binary else "w"
    if _special(path):
        with open(path, mode, **kwargs) as fh:
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
