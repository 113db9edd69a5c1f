"""Which reader a file that carries its table structure gets (PDF, Excel, Word), told by its first bytes
where its name can mislead; each reader is imported only when a file needs it."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from .errors import InputError
from .grid import Grid


def _read_xlsx(p: Path):
    from .read_xlsx import read
    return read(p)


def _read_xls(p: Path):
    from .read_xls import read
    return read(p)


def _read_pdf(p: Path, ocr=None):
    if ocr is not None and ocr.mode == "always":
        from .read_scan import read as read_scan
        return read_scan(p, ocr)
    from .read_pdf import read
    return read(p, ocr=ocr, scan=_read_mixed)


def _read_mixed(p: Path, pages, blank: list[int], ocr):
    """The pages of a PDF without a text layer read by OCR (the others as the PDF reader read them)."""
    from .read_scan import read_mixed
    return read_mixed(p, pages, blank, ocr)


def _read_image(p: Path, ocr=None):
    from .read_scan import read
    return read(p, ocr)


def _read_docx(p: Path):
    from .read_docx import read
    return read(p)


def _refuse_word97(p: Path):
    raise InputError(str(p), None, "无法读取 Word 97–2003 文档（.doc）：请另存为 .docx 或 PDF "
                     "（在 Word、WPS 或 LibreOffice 中“另存为”），再把该文件交给 pikg")


_ZIP = b"PK\x03\x04"
_COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2, the container of Office 97–2003 files
_EXCEL = ((_read_xlsx, "xlsx"), (_read_xls, "xls"))  # (reader, layout) of a zip package, of a compound file
_WORD = ((_read_docx, "docx"), (_refuse_word97, "doc"))
_OFFICE = {".xlsx": _EXCEL, ".xlsm": _EXCEL, ".xls": _EXCEL, ".docx": _WORD, ".doc": _WORD}
# names under which systems also save text (an HTML or tab-separated table): neither zip nor compound file
_ALSO_TEXT = (".xls", ".doc")
# images of table pages, read by OCR (the extra pikg[ocr])
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})
# files read through their table structure: slow enough that several are read by a pool of workers
GRID_SUFFIXES = frozenset({".pdf", *_OFFICE, *IMAGE_SUFFIXES})


# the layout names the grid readers write on project records (the text layouts are readers.LAYOUTS)
GRID_LAYOUTS = ("pdf", "xlsx", "xls", "docx", "image")


def grid_reader_for(p: Path) -> tuple[Callable[..., Grid], str] | None:
    """The grid reader of a file and the name of its layout, or None for a text document. An Office file
    is told by its first bytes rather than its name: budget systems save .xlsx workbooks under .xls, and
    HTML or tab-separated tables under .xls or .doc (those are read as text, by their layout). A reader is
    called with the file and, for PDFs and images, the OCR options (extractors.ocr.OcrOptions)."""
    suffix = p.suffix.lower()
    if suffix == ".pdf":
        return _read_pdf, "pdf"
    if suffix in IMAGE_SUFFIXES:
        return _read_image, "image"
    if suffix not in _OFFICE:
        return None
    try:
        with open(p, "rb") as f:
            head = f.read(8)
    except OSError:
        head = b""  # the reader names the file and the reason
    package, compound = _OFFICE[suffix]
    if head.startswith(_ZIP):
        return package
    if head.startswith(_COMPOUND_FILE):
        return compound
    return None if suffix in _ALSO_TEXT else package
