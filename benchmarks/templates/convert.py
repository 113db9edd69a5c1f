"""Text conversions of a PDF: pdftotext -layout and plain (poppler), pdfplumber's layout text."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

CONVERSIONS = ("layout", "plain", "plumber")


def available() -> dict[str, str | None]:
    """Each conversion → None when it can run here, else the reason it is skipped."""
    why = None if shutil.which("pdftotext") else "pdftotext not installed (Debian poppler-utils)"
    try:
        import pdfplumber  # noqa: F401
        pl = None
    except ImportError:
        pl = "pdfplumber not installed"
    return {"layout": why, "plain": why, "plumber": pl}


def convert(pdf: Path, kind: str, out: Path) -> None:
    """Write the conversion of pdf to out."""
    if kind == "layout":
        subprocess.run(["pdftotext", "-layout", str(pdf), str(out)], check=True)
    elif kind == "plain":
        subprocess.run(["pdftotext", str(pdf), str(out)], check=True)
    else:
        import pdfplumber

        with pdfplumber.open(pdf) as doc:
            out.write_text("\n\f".join(pg.extract_text(layout=True) or "" for pg in doc.pages), encoding="utf-8")
