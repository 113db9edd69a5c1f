"""SPARQL answers read from W3C TSV (Oxigraph's fastest writer, Virtuoso's and pikg serve's): one split a
line, each distinct term read once, literals turned into the Python values pikg uses (exact Decimals)."""
from __future__ import annotations

import itertools
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from graph.store.base import QueryResult, StoreError

def py_from_literal(value: str, datatype: str | None) -> Any:
    dt = (datatype or "").rsplit("#", 1)[-1]
    try:
        if dt in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger"):
            return int(value)
        if dt == "decimal":
            return Decimal(value)  # exact: money sums stay what was printed
        if dt in ("double", "float"):
            return float(value)
        if dt == "boolean":  # XSD allows 1/0 too (Virtuoso writes booleans so)
            return value.strip() in ("true", "1")
    except (ValueError, InvalidOperation):
        return value
    return value


_ECHAR = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.S)
_ESCAPED = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_BARE_INTEGER = re.compile(r"[+-]?\d+")
_BARE_DECIMAL = re.compile(r"[+-]?\d*\.\d+")


def _unescape(text: str) -> str:
    """N-Triples string escapes (\\t, \\", \\uXXXX …) read back."""
    if "\\" not in text:
        return text

    def one(m: re.Match) -> str:
        if m.group(3) is None:
            return chr(int(m.group(1) or m.group(2), 16))
        if m.group(3) not in _ESCAPED:
            raise StoreError(f"不是 N-Triples 转义：{text[:80]!r} 中的 \\{m.group(3)}")
        return _ESCAPED[m.group(3)]

    return _ECHAR.sub(one, text)


def term_from_tsv(token: str) -> Any:
    """One term of a SPARQL TSV answer (SPARQL 1.1 TSV: N-Triples terms, integers, decimals, doubles and
    booleans also bare) as the stores give terms: an IRI or blank node id as a string, a literal by its
    datatype (see py_from_literal)."""
    first = token[:1]
    if first == "<":
        return token[1:-1]
    if first == '"':
        end = token.rindex('"')  # a language tag or datatype IRI holds no quote
        value, suffix = _unescape(token[1:end]), token[end + 1:]
        return py_from_literal(value, suffix[3:-1] if suffix.startswith("^^<") else None)
    if token.startswith("_:"):
        return token[2:]
    if token in ("true", "false"):
        return token == "true"
    if _BARE_INTEGER.fullmatch(token):
        return int(token)
    if _BARE_DECIMAL.fullmatch(token):
        return Decimal(token)
    try:
        return float(token)  # a bare double (1.5E3)
    except ValueError:
        raise StoreError(f"不是 SPARQL TSV 答复中的项：{token[:80]!r}") from None


def rows_from_tsv(body: bytes, width: int) -> list[list[Any]]:
    """The rows of a W3C SPARQL TSV answer (a header line, then a line a row, terms escaped as in N-Triples so
    that no cell holds a tab or a line break) as term_from_tsv reads each term; an empty cell is None. Each
    distinct term is read once."""
    lines = body.decode("utf-8").split("\n")
    if lines[-1] == "":
        lines.pop()
    seen: dict[str, Any] = {"": None}
    rows: list[list[Any]] = []
    for line in itertools.islice(lines, 1, None):
        cells = line.split("\t") if width else []
        if len(cells) != width:
            raise StoreError(f"SPARQL TSV 答复的一行有 {len(cells)} 格，而不是 {width} 格：{line[:80]!r}")
        row = []
        for cell in cells:
            try:
                row.append(seen[cell])
            except KeyError:
                row.append(seen.setdefault(cell, term_from_tsv(cell)))
        rows.append(row)
    return rows


def tsv_answer(body: bytes) -> QueryResult:
    """A whole W3C SPARQL TSV answer: its header's variables and its rows (rows_from_tsv), or an ASK answer
    (the word true or false, no header line) as the stores give one."""
    if body.strip() in (b"true", b"false"):
        return QueryResult(["ask"], [[body.strip() == b"true"]])
    header = body.split(b"\n", 1)[0].decode("utf-8")
    variables = [v[1:] for v in header.split("\t")] if header else []
    if any(not v for v in variables):
        raise StoreError(f"不是 SPARQL TSV 答复：{header[:80]!r}")
    return QueryResult(variables, rows_from_tsv(body, len(variables)))
