"""Named SPARQL queries (queries/*.rq): header comments, typed parameters, binding, paging and running (how
answers are shown to people: graph.output.tables).

A query file starts with comment lines:
    # name: targets-lowered
    # title: …
    # description: … (continuation lines start with "#   ")
    # param: NAME (string|label|integer|decimal|iri, default VALUE) — what it means (label: a Chinese label, "…"@zh)
    # param-zh: NAME 中文名 — 说明 (what the query page shows a person for it)
    # seed: ?doc dcterms:identifier ?document .
    # page: ?doc dcterms:identifier ?doc_id .
Parameters are SPARQL variables of the same name, bound by the store as RDF terms (see graph.store.base).
A seed is a triple pattern the query already implies for a parameter (here: the row's document has that
identifier). When the parameter is given a value other than its default, the pattern opens the WHERE
clause with the value written in as a constant, so that the engine starts from it: Oxigraph joins a
VALUES binding only after evaluating the patterns, and one document's listing out of 10M triples takes
seconds that way and milliseconds from the seed. The seed must follow from the rest of the query, so the
answer is the same with or without it.

A page line makes a long listing answer a page at a time: its pattern binds the unit a page counts (its
first variable, here the document) and the keys the query's ORDER BY begins with. Page N is the query
with a sub-select of the N-th run of units in key order first in its WHERE clause, so the engine starts
from a hundred documents instead of the province: the pages, one after the other, are the whole answer
in its order. Like a seed, the pattern must follow from the rest of the query.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from graph.store.base import GraphStore, Param, QueryResult, where_clause_start

QUERY_DIR = Path(__file__).resolve().parents[2] / "queries"
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
    label_zh: str = ""  # what a person reads for it (the query page): 文件, 项目名称 …
    description_zh: str = ""

    def convert(self, text: str) -> Param:
        try:
            if self.type == "integer":
                return Param(int(text))
            if self.type == "decimal":
                d = Decimal(text)
                if not d.is_finite():
                    raise ValueError("不是有限数")
                return Param(d)
            if self.type == "label":  # a Chinese label as the graph holds it ("…"@zh): matched by index, not by a scan
                return Param(text, lang="zh")
            if self.type == "iri":
                if not re.match(r"^[a-zA-Z][\w+.-]*:[^\s<>\"{}|\\^`]*$", text):
                    raise ValueError("不是绝对 IRI")
                return Param(text, is_iri=True)
            return Param(text)
        except (ValueError, InvalidOperation) as e:
            raise QueryError(f"参数 {self.name}：{text!r} 不是有效的 {self.type}（{e}）") from e


@dataclass
class PageSpec:
    """How a listing is cut into pages: the unit a page counts (?doc), the group pattern that binds it
    and its sort keys (the leading ORDER BY terms over the pattern's variables, as written)."""
    unit: str
    pattern: str
    keys: list[str]

    def subselect(self, page: int, size: int, seeds: list[str]) -> str:
        """The units of page `page` (1-based) as a sub-select; `seeds` are patterns that narrow them."""
        where = " ".join(seeds + [self.pattern])
        return (f"{{ SELECT DISTINCT ?{self.unit} WHERE {{ {where} }} ORDER BY {' '.join(self.keys)} ?{self.unit} "
                f"LIMIT {size} OFFSET {(page - 1) * size} }}")

    def count_query(self, seeds: list[str]) -> str:
        """A query for how many units there are to page through."""
        return f"SELECT (COUNT(DISTINCT ?{self.unit}) AS ?units) WHERE {{ {' '.join(seeds + [self.pattern])} }}"


@dataclass
class Pages:
    """Where a page stands: its number, the units per page, and how many units and pages there are."""
    page: int
    size: int
    units: int

    @property
    def count(self) -> int:
        return max(1, -(-self.units // self.size))


DEFAULT_PAGE_SIZE = 100  # documents: about 1,300 listing rows, a quarter second at 10M triples on Oxigraph


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
    page: PageSpec | None = None

    def bind(self, given: dict[str, str]) -> dict[str, Param]:
        known = {p.name for p in self.params}
        unknown = set(given) - known
        if unknown:
            raise QueryError(f"{self.name}：未知的参数 {'、'.join(sorted(unknown))}；它接受的参数：{'、'.join(sorted(known)) or '无'}")
        out = {}
        for p in self.params:
            if p.name in given:
                out[p.name] = p.convert(given[p.name])
            elif p.default is not None:
                out[p.name] = p.convert(p.default.strip('"'))
            else:
                raise QueryError(f"{self.name}：必须给出参数 {p.name}（{p.description_zh or p.description}）")
        return out

    def active_seeds(self, given: dict[str, str]) -> list[str]:
        """The seeds of the parameters given a value other than their default, values written in."""
        bound = self.bind(given)
        defaults = {p.name: p.convert(p.default.strip('"')) for p in self.params if p.default is not None}
        patterns = []
        for seed in self.seeds:
            names = set(_VAR.findall(seed)) & set(bound)
            if any(n in defaults and bound[n] == defaults[n] for n in names):
                continue
            patterns.append(_VAR.sub(lambda m: bound[m.group(1)].ntriples() if m.group(1) in names else m.group(0), seed))
        return patterns

    def seeded(self, given: dict[str, str]) -> str:
        """The query's text with the seeds of the parameters given a value other than their default
        written in first (see the module's docstring). ``given`` as for :meth:`bind`."""
        return self._opened(self.active_seeds(given))

    def paged(self, given: dict[str, str], page: int, size: int = DEFAULT_PAGE_SIZE) -> str:
        """The seeded text of page `page` (1-based) of `size` units (see the module's docstring)."""
        if self.page is None:
            raise QueryError(f"{self.name} 不是可分页的列表（其文件没有 '# page:' 行）")
        if page < 1 or size < 1:
            raise QueryError(f"{self.name}：页码从 1 开始，每页至少一个单位（第 {page} 页，每页 {size}）")
        # the page's units come first; a seed over other variables stays out: the units are the start, and
        # Virtuoso 7.2 joins a constant pattern before a sub-select with LIMIT wrongly (rows of other pages)
        return self._opened([self.page.subselect(page, size, self._unit_seeds(self.active_seeds(given)))])

    def page_count_query(self, given: dict[str, str]) -> str:
        """A query for the number of units the pages of this query (with these parameters) run through."""
        if self.page is None:
            raise QueryError(f"{self.name} 不是可分页的列表（其文件没有 '# page:' 行）")
        prologue = re.split(r"^\s*SELECT\b", self.text, maxsplit=1, flags=re.M | re.I)[0]  # comments and PREFIX lines
        return prologue + self.page.count_query(self._unit_seeds(self.active_seeds(given)))

    def _unit_seeds(self, seeds: list[str]) -> list[str]:
        """The seeds that narrow the page's units: those over the page pattern's variables only."""
        own = set(_VAR.findall(self.page.pattern)) if self.page else set()
        return [s for s in seeds if set(_VAR.findall(s)) <= own]

    def _opened(self, patterns: list[str]) -> str:
        if not patterns:
            return self.text
        at = where_clause_start(self.text)
        if at is None:
            raise QueryError(f"{self.name}：seed 或 page 需要 WHERE 子句")
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
                raise QueryError(f"{path}：param 行写法有误：{value!r}")
            q.params.append(ParamSpec(m.group(1), m.group(2), m.group(3), m.group(4) or ""))
        elif key == "param-zh":
            name, _, rest = value.partition(" ")
            label, _, description = rest.partition("—")
            spec = next((p for p in q.params if p.name == name), None)
            if spec is None:
                raise QueryError(f"{path}：param-zh 指向未声明的参数：{value!r}")
            spec.label_zh, spec.description_zh = label.strip(), description.strip()
        elif key == "seed":
            names = set(_VAR.findall(value))
            if not value.rstrip().endswith(".") or not names & {p.name for p in q.params}:
                raise QueryError(f"{path}：seed 须是以 '.' 结尾、含已声明参数的一个三元组模式：{value!r}")
            q.seeds.append(value)
        elif key == "page":
            q.page = _page_spec(path, value, text)
    return q


_ORDER_BY = re.compile(r"\bORDER\s+BY\s+(.*?)(?:\bLIMIT\b|\bOFFSET\b|$)", re.I | re.S)
_ORDER_TERM = re.compile(r"(?:ASC|DESC)\s*\(\s*\?(\w+)\s*\)|\?(\w+)|\S+", re.I)


def _page_spec(path: Path, pattern: str, text: str) -> PageSpec:
    """A '# page:' line read against the query's ORDER BY: the keys are its leading terms over the pattern."""
    names = _VAR.findall(pattern)
    body = "\n".join(line.split("#", 1)[0] for line in text.splitlines())  # comments hold variables too
    order = _ORDER_BY.findall(body)
    keys = []
    if names and order:
        for m in _ORDER_TERM.finditer(order[-1]):
            var = m.group(1) or m.group(2)
            if var is None or var not in names:
                break
            keys.append(m.group(0))
    if not keys:
        raise QueryError(f"{path}：page 须是一个组模式，绑定分页单位（其第一个变量）"
                         f"以及查询 ORDER BY 开头的那些变量：{pattern!r}")
    return PageSpec(names[0], pattern, keys)


def named_queries() -> dict[str, NamedQuery]:
    """Every query of the queries/ folder, by name."""
    return {q.name: q for q in (parse_query_file(p) for p in sorted(QUERY_DIR.glob("*.rq")))}


def load_query(name_or_path: str) -> NamedQuery:
    p = Path(name_or_path)
    if p.suffix == ".rq":
        if not p.is_file():
            raise QueryError(f"{p}：查询文件不存在")
        return parse_query_file(p)
    qs = named_queries()
    if name_or_path in qs:
        return qs[name_or_path]
    raise QueryError(f"没有名为 {name_or_path!r} 的查询；已有：{'、'.join(qs)}（或给出 .rq 文件的路径）")


def run_query(store: GraphStore, query: NamedQuery | str, params: dict[str, str] | None = None,
              page: int | None = None, page_size: int = DEFAULT_PAGE_SIZE) -> QueryResult:
    """Run a named query (or its name, or a path) against a store with string parameters: the whole
    answer, or with `page` one page of `page_size` units (see the module's docstring)."""
    q = load_query(query) if isinstance(query, str) else query
    given = params or {}
    text = q.seeded(given) if page is None else q.paged(given, page, page_size)
    return store.query(text, q.bind(given))


def count_pages(store: GraphStore, query: NamedQuery | str, params: dict[str, str] | None = None,
                page: int = 1, page_size: int = DEFAULT_PAGE_SIZE) -> Pages:
    """How many units and pages a paged query runs through (one cheap count over the units)."""
    q = load_query(query) if isinstance(query, str) else query
    given = params or {}
    res = store.query(q.page_count_query(given), q.bind(given))
    return Pages(page, page_size, int(res.rows[0][0]) if res.rows else 0)
