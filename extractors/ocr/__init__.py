"""OCR of scanned pages into the cell grid (the optional extra ``pikg[ocr]``).

This package's own ``__init__`` imports nothing heavy: OpenCV, RapidOCR and ONNX Runtime are imported only
by the modules that need them (pages, cells, recognize), which only a scanned page loads.
  pages.py      PDF pages rendered (pypdfium2) and image files loaded as grayscale arrays, seals out, deskewed
  seals.py      official seals told by their shape (a thick hollow ring), and a gray seal lifted to paper
  cells.py      ruling lines from the image (OpenCV morphology) as the PDF reader's rules
  recognize.py  text lines found in a region and recognised by RapidOCR (PP-OCRv4, ONNX Runtime), each
                character with its probability and its runner-up
  model.py      the recogniser's model folded to run cheaper; model_store.py keeps it folded in the user's cache
  stitch.py     a cell cut by a page break (text across the break) read whole from the two pages' crops
  restamped.py  a name read under a seal mended from the same name printed elsewhere without a seal
  runner_up.py  what a character may have been printed as, from its runner-up (asked by restamped's mends)
  trust.py      records of an OCR'd grid: low-confidence rows flagged, mends and snapped labels noted
  settled.py    doubts a cell's own reading settles (a slanted ≥/≤ before a value that parses, a seal over a label)
  plausible.py  texts shaped unlike their field (dates run together, a budget that is no number …)
  form_trust.py project records of an OCR'd grid flagged from their form's cells and text lines
"""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass

# the one command that installs what OCR needs, named in the error a scan gets without it
INSTALL_HINT = "pip install -e '.[ocr]'（在 pikg 的代码目录中：附加组件 pikg[ocr]）"
# a recognised line below this confidence is low: its row is flagged and its value may be mended
LOW_CONFIDENCE = 0.9
# the resolution pages are rendered at (and images are assumed to have when they do not say)
DPI = 200
OCR_MODES = ("auto", "always", "never")


def ocr_available() -> bool:
    """True when the OCR extra's readers are installed (cv2 and rapidocr_onnxruntime importable; onnx, which
    makes the recogniser faster, is optional), without importing them."""
    return all(importlib.util.find_spec(m) is not None for m in ("cv2", "rapidocr_onnxruntime"))


@dataclass(frozen=True)
class OcrOptions:
    """How scanned pages are read: ``mode`` auto (the pages without a text layer), always (every page of a
    PDF, its text layer ignored) or never; ``jobs`` processes for the pages of one document; ``progress`` a
    bar per page on a terminal."""

    mode: str = "auto"
    jobs: int = 1
    progress: bool = False

    def available(self) -> bool:
        return ocr_available()
