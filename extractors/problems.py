"""What went wrong with an input, from the reader that saw it to the command line that reports it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]
SEVERITY_ZH = {"error": "错误", "warning": "警告"}  # what a person reads for the severity


@dataclass(frozen=True)
class Problem:
    """One problem of a document: how bad it is, a short code, the message and where it is.

    ``error`` means the document is damaged (a row without a value, a cut line, replaced bytes): its records
    are kept as far as they go and the command exits 1. ``where`` names the file and line, page or sheet!cell
    as the reader knows it; ``code`` is a stable identifier for programs (the message, in Chinese, is for people)."""

    severity: Severity
    code: str
    message: str
    where: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        """错误：file.txt:42：message [code] — the severity and message in Chinese, the code in brackets."""
        text = f"{self.where}：{self.message}" if self.where else self.message
        return f"{SEVERITY_ZH[self.severity]}：{text} [{self.code}]"


def damaged(code: str, where: str, message: str) -> Problem:
    """An error: the document is damaged at `where`."""
    return Problem("error", code, message, where)
