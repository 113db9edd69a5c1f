"""Records as JSON lines, numbers exact: a Decimal is written with exactly its digits and read back as one."""
from __future__ import annotations

import simplejson


def record_json(record: dict) -> str:
    """One record as a JSON line (Chinese as is; Decimal amounts as JSON numbers with their printed digits)."""
    return simplejson.dumps(record, ensure_ascii=False, use_decimal=True)


def parse_record(line: str) -> dict:
    """A JSON line back into a record, decimals as Decimal."""
    return simplejson.loads(line, use_decimal=True)
