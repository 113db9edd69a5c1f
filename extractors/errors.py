"""Errors that name the file (and line) where extraction could not go on."""
from __future__ import annotations


class InputError(Exception):
    """Bad input: the message names the file and, where it applies, the line."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")
