"""Virtuoso as a store: the SPARQL endpoint of a Virtuoso server (`--endpoint http://host:8890/sparql`).

Virtuoso speaks SPARQL 1.1 with a few differences that this class absorbs:
- its default graph is already the union of every graph, so queries name no default graphs (listing
  thousands of document graphs in each request would be slow), and counts look at pikg's graphs only
  (Virtuoso keeps system graphs of its own);
- whole graphs are written through its Graph Store endpoint /sparql-graph-crud (`graph-uri=`), updates go
  to /sparql; both need the SPARQL_UPDATE role for the endpoint's user (see `grant_update`);
- a result cut at the server's ResultSetMaxRows is an error here, never a silently short answer.

`LocalVirtuoso` starts a private server in a folder (for tests, benchmarks and trying pikg out), when
Debian's virtuoso-opensource package (virtuoso-t, isql-vt) is installed.
"""
from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor, wait
from decimal import Decimal
from pathlib import Path
from typing import Any

from extractors.process import die_with_parent
from graph.store.child_server import free_port
from graph.store.base import Param, QueryResult, StoreError, bind_values
from graph.store.endpoint import EndpointStore, server_software
from graph.model.terms import GRAPH


class VirtuosoStore(EndpointStore):
    """A Virtuoso server's /sparql endpoint (queries and updates) and /sparql-graph-crud (whole graphs)."""

    kind = "virtuoso"
    # Virtuoso 7.2 answers some compiled SHACL checks wrongly (sameTerm on strings, subClassOf* paths), and a
    # nested EXISTS in IF() stops the server
    answers_compiled_checks = False
    GRAPH_PARAM = "graph-uri"
    NTRIPLES_ACCEPT = "text/plain"

    def __init__(self, query_url: str, update_url: str | None = None, store_url: str | None = None, timeout: float = 600) -> None:
        base = query_url[: -len("/sparql")] if query_url.endswith("/sparql") else query_url.rstrip("/")
        super().__init__(query_url, update_url or query_url, store_url or base + "/sparql-graph-crud", timeout)

    GSP_CHUNK = 20000  # triples per request: one request of a few hundred thousand triples stalls Virtuoso 7.2

    def _gsp(self, graph: str, ntriples: str, method: str) -> bool:
        if method == "PUT":
            self.update(f"DROP SILENT GRAPH <{graph}>")
        lines = ntriples.splitlines(keepends=True)
        url = self._graph_url(graph)
        for k in range(0, len(lines), self.GSP_CHUNK):
            body = "".join(lines[k:k + self.GSP_CHUNK]).encode("utf-8")
            self._request(url, body, {"Content-Type": "application/n-triples"}, "POST")
        return True

    # a SELECT answer is first asked for as JSON with at most this many rows: a complete answer is used as
    # it is; a longer one is fetched as TSV, read with the column types the JSON rows showed
    PROBE_ROWS = 200

    def post_query(self, sparql: str, accept: str, maxrows: int | None = None) -> tuple[bytes, bool]:
        """The body of one query request and whether the server cut it at `maxrows` rows."""
        form = {"query": sparql} | ({"maxrows": str(maxrows)} if maxrows else {})
        req = urllib.request.Request(self.query_url, data=urllib.parse.urlencode(form).encode("utf-8"), method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as r:
                cut = r.headers.get("X-SPARQL-MaxRows")
                if cut and not (maxrows and int(cut) == maxrows):
                    raise StoreError(f"{self.query_url}：Virtuoso 把答复截在 {cut} 行"
                                     "（virtuoso.ini 中 [SPARQL] 节的 ResultSetMaxRows）：请调大它")
                return r.read(), bool(cut)
        except urllib.error.HTTPError as e:
            raise StoreError(f"{self.query_url}：HTTP {e.code}：{e.read().decode('utf-8', 'replace')[:500]}") from e
        except (urllib.error.URLError, OSError) as e:
            raise StoreError(f"{self.query_url}：无法连接端点：{getattr(e, 'reason', e)}") from e

    @staticmethod
    def _json(body: bytes) -> dict:
        res = json.loads(body.decode("utf-8"))
        if "boolean" not in res and res.get("head", {}).get("vars") == ["__ASK_RETVAL"]:  # Virtuoso's ASK in JSON
            rows = res["results"]["bindings"]
            return {"boolean": bool(rows) and rows[0]["__ASK_RETVAL"]["value"] not in ("0", "false")}
        return res

    def _select_raw(self, sparql: str, default_graphs=()) -> dict:
        return self._json(self.post_query(sparql, "application/sparql-results+json")[0])

    # the TSV request goes out beside the probe when the probe has not answered within this many seconds: the
    # probe of a long sorted listing takes a third to two thirds of the whole TSV answer (README), so the two
    # overlap instead of running one after the other, and a quick answer never costs a second request
    HEDGE_SECONDS = 0.05

    def query(self, sparql: str, params: dict[str, Param] | None = None) -> QueryResult:
        """Virtuoso writes SPARQL-JSON ten times slower than it answers (0.5 s for 4,000 rows whose TSV takes
        0.05 s), and its TSV drops datatypes. So: JSON for up to PROBE_ROWS rows, which is the whole answer
        of most queries; a longer answer as TSV, each column typed as the JSON rows typed it. A TSV value
        that those rows cannot type (a bare number in a column seen only unbound or with two numeric types)
        makes the whole answer come as JSON: slower, never different. The TSV request starts while a slow
        probe is still running (HEDGE_SECONDS)."""
        text = bind_values(sparql, params or {})
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="pikg-virtuoso") as pool:
            probe_request = pool.submit(self.post_query, text, "application/sparql-results+json", self.PROBE_ROWS)
            tsv_request = None
            if not wait([probe_request], timeout=self.HEDGE_SECONDS).done:
                tsv_request = pool.submit(self.post_query, text, "text/tab-separated-values")
            body, cut = probe_request.result()
            probe = self._json(body)
            if "boolean" in probe:
                return QueryResult(["ask"], [[probe["boolean"]]])
            if cut:
                tsv_request = tsv_request or pool.submit(self.post_query, text, "text/tab-separated-values")
                rows = tsv_rows(tsv_request.result()[0], probe)
                if rows is not None:
                    return QueryResult(probe["head"]["vars"], rows)
                probe = self._select_raw(text)
        variables = probe["head"]["vars"]
        return QueryResult(variables, [[self._value(b.get(v)) for v in variables] for b in probe["results"]["bindings"]])

    def graph_names(self) -> list[str]:
        if self._graphs is None:
            res = self._select_raw(f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{GRAPH}")) }}')
            self._graphs = sorted(b["g"]["value"] for b in res["results"]["bindings"])
        return self._graphs

    def _default_graphs(self) -> list[str]:
        return []  # Virtuoso's default graph is the union of all graphs already

    def count(self) -> int:
        res = self._select_raw(f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{GRAPH}")) }}')
        return int(res["results"]["bindings"][0]["n"]["value"])


_TSV_FIELD = re.compile(r'(?:("(?:[^"]|"")*")|([^\t\n"]*))([\t\n])')
_XSD = "http://www.w3.org/2001/XMLSchema#"


def _boolean(text: str) -> bool:
    if text not in ("0", "1", "true", "false"):
        raise ValueError(text)
    return text in ("1", "true")


_NUMBER = {_XSD + "integer": int, _XSD + "decimal": Decimal, _XSD + "double": float, _XSD + "float": float,
           _XSD + "boolean": _boolean}


def tsv_rows(body: bytes, probe: dict) -> list[list[Any]] | None:
    """The rows of Virtuoso's TSV answer, typed by the columns of a JSON answer's first rows (`probe`), or
    None when a value cannot be typed from them. Virtuoso's TSV quotes strings and IRIs ("" for a quote,
    tabs and line breaks kept), writes numbers, dates and booleans bare, and leaves an unbound cell empty."""
    variables = probe["head"]["vars"]
    kinds: list[set] = [set() for _ in variables]
    for b in probe["results"]["bindings"]:
        for k, v in enumerate(variables):
            if v in b:
                kinds[k].add(b[v].get("datatype") if b[v]["type"] in ("literal", "typed-literal") else b[v]["type"])
    # a bare value is read by the column's one numeric or boolean type; a quoted one is a string (literals and IRIs
    # alike give str); a column that also held another typed literal (a date …) goes through JSON
    number = [None] * len(variables)
    for k, ks in enumerate(kinds):
        typed = {d for d in ks if d not in (None, _XSD + "string", "uri", "bnode")}
        if len(typed) > 1 or (typed and next(iter(typed)) not in _NUMBER):
            return None
        number[k] = _NUMBER[next(iter(typed))] if typed else None
    text = body.decode("utf-8")
    rows = simple_tsv_rows(text, variables, number)
    if rows is not None:
        return rows
    fields = _TSV_FIELD.findall(text)
    if sum(len(q) + len(bare) + 1 for q, bare, _ in fields) != len(text):
        return None  # something between the fields that is not Virtuoso's TSV
    width = len(variables)
    rows: list[list[Any]] = []
    row: list[Any] = []
    for quoted, bare, sep in fields:
        if quoted:
            row.append(quoted[1:-1].replace('""', '"'))
        elif bare:
            kind = number[len(row)] if len(row) < width else None
            if kind is None:
                return None
            try:
                row.append(kind(bare))
            except (ValueError, ArithmeticError):
                return None
        else:
            row.append(None)
        if sep == "\n":
            if len(row) != width:
                return None
            rows.append(row)
            row = []
    if row or not rows or rows[0] != variables:
        return None
    return rows[1:]


class _NotWhole(Exception):
    """A piece of a TSV line that is not a whole cell: the exact reading decides."""


def _simple_cell(cell: str, kind) -> Any:
    if not cell:
        return None
    if cell[0] == '"':
        inner = cell[1:-1]
        if len(cell) < 2 or cell[-1] != '"':
            raise _NotWhole
        if '"' in inner:
            if '"' in inner.replace('""', ""):
                raise _NotWhole
            inner = inner.replace('""', '"')
        return inner
    if kind is None or '"' in cell:
        raise _NotWhole
    try:
        return kind(cell)
    except (ValueError, ArithmeticError):
        raise _NotWhole from None


def simple_tsv_rows(text: str, variables: list[str], number: list) -> list[list[Any]] | None:
    """`tsv_rows` for the common answer, whose quoted cells hold no tab and no line break: the text split at
    line breaks and tabs, five times faster than the exact reading (each distinct cell of a column read
    once). None whenever a line does not split into whole cells (a cell that opens a quote and does not close
    it, or a bare value it cannot type); the exact reading then decides. A piece of a quoted cell cut at a tab
    or a line break never passes as a whole cell: its content up to the cut either does not end on a quote or
    ends on an odd run of them."""
    lines = text.split("\n")
    if lines.pop() != "" or not lines or lines[0] != "\t".join(f'"{v}"' for v in variables):
        return None
    width = len(variables)
    seen: list[dict[str, Any]] = [{} for _ in variables]
    rows: list[list[Any]] = []
    try:
        for line in itertools.islice(lines, 1, None):
            cells = line.split("\t")
            if len(cells) != width:
                return None
            row: list[Any] = []
            for cell, kind, column in zip(cells, number, seen):
                try:
                    row.append(column[cell])
                except KeyError:
                    row.append(column.setdefault(cell, _simple_cell(cell, kind)))
            rows.append(row)
    except _NotWhole:
        return None
    return rows


# ---------------------------------------------------------------- a private server


INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = {sql}
DisableUnixSocket = 1
DirsAllowed = ., {d}{allowed}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
CheckpointInterval = 0
[HTTPServer]
ServerPort = {http}
ServerRoot = {d}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 600
"""


class LocalVirtuoso:
    """A Virtuoso server of our own in `folder`, on free loopback ports; stopped by `stop()` or on exit of
    a `with` block. Needs virtuoso-t and isql-vt (Debian: virtuoso-opensource)."""

    def __init__(self, folder: str | Path, memory_mb: int = 2000, allowed_dirs: tuple = ()) -> None:
        self.dir = Path(folder).absolute()
        self.memory_mb = memory_mb
        self.allowed = [str(Path(a).absolute()) for a in allowed_dirs]
        self.proc: subprocess.Popen | None = None
        self.sql_port = self.http_port = 0

    @staticmethod
    def available() -> bool:
        return bool(shutil.which("virtuoso-t") and shutil.which("isql-vt"))

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    def start(self, timeout: float = 120) -> "LocalVirtuoso":
        if not self.available():
            raise StoreError("未安装 Virtuoso（Debian 软件包 virtuoso-opensource：virtuoso-t、isql-vt）")
        self.dir.mkdir(parents=True, exist_ok=True)
        self.sql_port, self.http_port = free_port(), free_port()
        buffers = max(10000, self.memory_mb * 1024 * 1024 // 8192 * 2 // 3)
        (self.dir / "virtuoso.ini").write_text(INI.format(d=self.dir, sql=self.sql_port, http=self.http_port,
                                                          buffers=buffers, dirty=buffers * 3 // 4,
                                                          allowed="".join(", " + a for a in self.allowed)), encoding="utf-8")
        self.proc = subprocess.Popen(["virtuoso-t", "+foreground", "+configfile", str(self.dir / "virtuoso.ini")],
                                     cwd=self.dir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     preexec_fn=die_with_parent)  # never outlives the process that started it
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                log = (self.dir / "virtuoso.log").read_text(errors="replace")[-800:] if (self.dir / "virtuoso.log").exists() else ""
                raise StoreError(f"Virtuoso 启动时停止（退出码 {self.proc.returncode}）：{log}")
            try:
                server_software(self.endpoint, timeout=2)
                break
            except StoreError:
                time.sleep(0.3)
        else:
            self.stop()
            raise StoreError(f"Virtuoso 在 {timeout:.0f} 秒内没有在 {self.endpoint} 应答")
        try:
            self.isql('GRANT SPARQL_UPDATE TO "SPARQL";')
        except StoreError as e:
            if "already have role" not in str(e):  # a database started before keeps its grant
                self.stop()
                raise
        return self

    def isql(self, statements: str) -> str:
        """Run SQL statements as dba through isql-vt; the output, or a StoreError with it."""
        r = subprocess.run(["isql-vt", str(self.sql_port), "dba", "dba", f"exec={statements}"],
                           capture_output=True, text=True, timeout=3600)
        if r.returncode != 0 or "*** Error" in r.stdout + r.stderr:
            raise StoreError(f"isql-vt: {(r.stdout + r.stderr).strip()[-800:]}")
        return r.stdout

    def bulk_load(self, folder: str | Path, pattern: str = "*.nq") -> None:
        """Virtuoso's own bulk loader over the N-Quads shards in `folder`, which the server must be allowed to
        read: inside the server's folder or among `allowed_dirs`."""
        folder = Path(folder).absolute()
        self.isql(f"ld_dir('{folder}', '{pattern}', '{GRAPH}unnamed'); rdf_loader_run(); checkpoint;")
        bad = self.isql("SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;")
        if "0 Rows" not in bad:
            raise StoreError(f"Virtuoso 的加载器拒绝了文件：{bad.strip()[-800:]}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc = None

    def __enter__(self) -> "LocalVirtuoso":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
