"""`-` as an input: standard input saved to a temporary file whose suffix says what its bytes are (a pipe has
no name to tell a PDF from a workbook or a text conversion)."""
from __future__ import annotations

import io
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator, Sequence

STDIN = "-"


def sniff_suffix(data: bytes) -> str:
    """The file suffix of a document's bytes: .pdf, .docx, .xlsx, .xls, else .txt (read by its layout)."""
    if data[:5] == b"%PDF-":
        return ".pdf"
    if data[:4] == b"PK\x03\x04":
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return ".txt"
        return ".docx" if any(n.startswith("word/") for n in names) else ".xlsx"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return ".xls"
    return ".txt"


@contextmanager
def stdin_as_file(paths: Sequence[str], stream: BinaryIO) -> Iterator[list[str]]:
    """The paths with `-` replaced by a temporary file holding what `stream` gives (removed afterwards)."""
    if STDIN not in paths:
        yield list(paths)
        return
    data = stream.read()
    with tempfile.TemporaryDirectory(prefix="pikg-stdin-") as folder:
        saved = Path(folder) / f"stdin{sniff_suffix(data)}"
        saved.write_bytes(data)
        yield [str(saved) if p == STDIN else p for p in paths]
