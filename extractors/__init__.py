"""Extractors: budget document text → performance-target records (projects, goals, indicator rows)."""
from .engine import extract_document
from .errors import InputError
from .values import Value, parse_value

__all__ = ["extract_document", "InputError", "parse_value", "Value"]
