"""Records as JSON lines, numbers exact: a Decimal is written with exactly its digits and read back as one.

The standard json module writes a Decimal only by way of float (or as a string); this writer walks the
record itself and writes Decimals as JSON numbers with their printed digits (stdlib only, so that
`pikg extract` needs nothing beyond Python for text inputs)."""
from __future__ import annotations

import json
from decimal import Decimal


def to_json(value: object) -> str:
    """Compact JSON of dicts, lists and scalars (Chinese as is); Decimal as a number with its own digits."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k), ensure_ascii=False)}: {to_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(to_json(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def record_json(record: dict) -> str:
    """One record as a JSON line (Decimal amounts as JSON numbers with their printed digits)."""
    return to_json(record)


def parse_record(line: str) -> dict:
    """A JSON line back into a record, decimals as Decimal."""
    return json.loads(line, parse_float=Decimal)
