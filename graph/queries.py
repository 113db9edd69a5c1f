"""Named SPARQL queries (queries/*.rq): header comments, typed parameters, running and formatting.

A query file starts with comment lines:
    # name: targets-lowered
    # title: …
    # description: … (continuation lines start with "#   ")
    # param: NAME (string|label|integer|decimal|iri, default VALUE) — what it means (label: a Chinese label, "…"@zh)
    # seed: ?doc dcterms:identifier ?document .
Parameters are SPARQL variables of the same name, bound by the store as RDF terms (see graph.stores).
A seed is a triple pattern the query already implies for a parameter (here: the row's document has that
identifier). When the parameter is given a value other than its default, the pattern opens the WHERE
clause with the value written in as a constant, so that the engine starts from it: Oxigraph joins a
VALUES binding only after evaluating the patterns, and one document's listing out of 10M triples takes
seconds that way and milliseconds from the seed. The seed must follow from the rest of the query, so the
answer is the same with or without it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import unicodedata

from extractors.jsonl import to_json

from .labels import readable_table
from .outfile import csv_text
from .stores import GraphStore, Param, QueryResult, where_clause_start

QUERY_DIR = Path(__file__).resolve().parents[1] / "queries"
_VAR = re.compile(r"\?(\w+)")
_PARAM = re.compile(r"^(\w+)\s*\((\w+)(?:,\s*default\s+(.*?))?\)\s*(?:[—-]+\s*(.*))?$")


class QueryError(Exception):
    """A query file or its parameters are wrong; the message says which."""


@dataclass
class ParamSpec:
    name: str
    type: str
    default: str | None
    description: str

    def convert(self, text: str) -> Param:
        try:
            if self.type == "integer":
                return Param(int(text))
            if self.type == "decimal":
                d = Decimal(text)
                if not d.is_finite():
                    raise ValueError("not a finite number")
                return Param(d)
            if self.type == "label":  # a Chinese label as the graph holds it ("…"@zh): matched by index, not by a scan
                return Param(text, lang="zh")
            if self.type == "iri":
                if not re.match(r"^[a-zA-Z][\w+.-]*:[^\s<>\"{}|\\^`]*$", text):
                    raise ValueError("not an absolute IRI")
                return Param(text, is_iri=True)
            return Param(text)
        except (ValueError, InvalidOperation) as e:
            raise QueryError(f"parameter {self.name}: {text!r} is not a valid {self.type} ({e})") from e


@dataclass
class NamedQuery:
    name: str
    title: str
    description: str
    params: list[ParamSpec] = field(default_factory=list)
    title_zh: str = ""
    description_zh: str = ""
    text: str = ""
    path: Path | None = None
    seeds: list[str] = field(default_factory=list)

    def bind(self, given: dict[str, str]) -> dict[str, Param]:
        known = {p.name for p in self.params}
        unknown = set(given) - known
        if unknown:
            raise QueryError(f"{self.name}: unknown parameter(s) {', '.join(sorted(unknown))}; it takes {', '.join(sorted(known)) or 'none'}")
        out = {}
        for p in self.params:
            if p.name in given:
                out[p.name] = p.convert(given[p.name])
            elif p.default is not None:
                out[p.name] = p.convert(p.default.strip('"'))
            else:
                raise QueryError(f"{self.name}: parameter {p.name} is required ({p.description})")
        return out

    def seeded(self, given: dict[str, str]) -> str:
        """The query's text with the seeds of the parameters given a value other than their default
        written in first (see the module's docstring). ``given`` as for :meth:`bind`."""
        bound = self.bind(given)
        defaults = {p.name: p.convert(p.default.strip('"')) for p in self.params if p.default is not None}
        patterns = []
        for seed in self.seeds:
            names = set(_VAR.findall(seed)) & set(bound)
            if any(n in defaults and bound[n] == defaults[n] for n in names):
                continue
            patterns.append(_VAR.sub(lambda m: bound[m.group(1)].ntriples() if m.group(1) in names else m.group(0), seed))
        if not patterns:
            return self.text
        at = where_clause_start(self.text)
        if at is None:
            raise QueryError(f"{self.name}: a seed needs a WHERE clause")
        return self.text[:at] + " " + " ".join(patterns) + " " + self.text[at:]


def parse_query_file(path: Path) -> NamedQuery:
    """Read a .rq file and its header comments."""
    text = path.read_text(encoding="utf-8")
    q = NamedQuery(path.stem, path.stem, "", text=text, path=path)
    last = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        if line.startswith("#   ") and last == "description":
            q.description += " " + body
            continue
        key, _, value = body.partition(":")
        key = key.strip().lower()
        value = value.strip()
        last = key
        if key == "name":
            q.name = value
        elif key == "title":
            q.title = value
        elif key == "title-zh":
            q.title_zh = value
        elif key == "description-zh":
            q.description_zh = value
        elif key == "description":
            q.description = value
        elif key == "param":
            m = _PARAM.match(value)
            if not m:
                raise QueryError(f"{path}: bad param line {value!r}")
            q.params.append(ParamSpec(m.group(1), m.group(2), m.group(3), m.group(4) or ""))
        elif key == "seed":
            names = set(_VAR.findall(value))
            if not value.rstrip().endswith(".") or not names & {p.name for p in q.params}:
                raise QueryError(f"{path}: a seed is one triple pattern ending with '.' over a declared parameter: {value!r}")
            q.seeds.append(value)
    return q


def named_queries() -> dict[str, NamedQuery]:
    """Every query of the queries/ folder, by name."""
    return {q.name: q for q in (parse_query_file(p) for p in sorted(QUERY_DIR.glob("*.rq")))}


def load_query(name_or_path: str) -> NamedQuery:
    p = Path(name_or_path)
    if p.suffix == ".rq":
        if not p.is_file():
            raise QueryError(f"{p}: no such query file")
        return parse_query_file(p)
    qs = named_queries()
    if name_or_path in qs:
        return qs[name_or_path]
    raise QueryError(f"no query named {name_or_path!r}; known: {', '.join(qs)} (or give a path to a .rq file)")


def run_query(store: GraphStore, query: NamedQuery | str, params: dict[str, str] | None = None) -> QueryResult:
    """Run a named query (or its name, or a path) against a store with string parameters."""
    q = load_query(query) if isinstance(query, str) else query
    return store.query(q.seeded(params or {}), q.bind(params or {}))


def cell_text(v, var: str = "") -> str:
    """A value as a person reads it in a table (money in 元 with separators, decimals as printed)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
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
    of their own (see graph.labels), money in 元 with thousands separators. JSON keeps the variables and
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
