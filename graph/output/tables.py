"""Query answers as people read them: an aligned table (CJK-aware widths), CSV or JSON, with Chinese headers,
codes shown as their labels (codes in a column of their own), money in 元 and shares as percentages."""
from __future__ import annotations

import unicodedata
from decimal import Decimal

from extractors.jsonl import to_json

from graph.model.labels import is_share, readable_table
from graph.output.outfile import csv_text
from graph.store.base import QueryResult


def cell_text(v, var: str = "") -> str:
    """A value as a person reads it in a table (money in 元 with separators, decimals as printed)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (Decimal, float)) and is_share(var):
        return f"{float(v):.1%}"  # a share as a percentage: 87.6%
    if isinstance(v, Decimal) and var.endswith("_yuan"):
        return f"{v:,.2f}"  # money, as a finance reader writes it: 15,503,900.00
    if isinstance(v, Decimal):
        text = format(v, "f")  # the digits, never an exponent; no trailing zeros a sum may have added
        return text.rstrip("0").rstrip(".") if "." in text else text
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else f"{v:.4f}".rstrip("0").rstrip(".")
    return str(v)


def term_width(s: str) -> int:
    """Columns a string takes in a terminal: wide (CJK) characters two, others one."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in s)


def format_result(res: QueryResult, fmt: str = "table") -> str:
    """Format a result as an aligned table (CJK-aware widths), CSV or JSON.

    Table and CSV are for people: Chinese headers, codes shown as their labels with the codes in a column
    of their own (see graph.model.labels), money in 元 with thousands separators. JSON keeps the variables and
    codes, numbers exact."""
    if fmt == "json":
        return "[\n" + ",\n".join(" " + to_json(row) for row in res.dicts()) + "\n]\n"
    heads, sources, rows = readable_table(res.vars, res.rows)
    cells = [[cell_text(v, var) for v, var in zip(r, sources)] for r in rows]
    if fmt == "csv":
        return csv_text(heads, cells)
    widths = [max([term_width(h)] + [term_width(c) for c in col]) for h, col in zip(heads, zip(*cells))] if cells else [term_width(h) for h in heads]

    def pad(s: str, w: int) -> str:
        return s + " " * (w - term_width(s))

    lines = ["  ".join(pad(h, w) for h, w in zip(heads, widths)).rstrip()]
    lines.append("  ".join("-" * int(w) for w in widths))
    lines += ["  ".join(pad(c, w) for c, w in zip(r, widths)).rstrip() for r in cells]
    lines.append(f"（共 {len(cells)} 行）")
    return "\n".join(lines) + "\n"
