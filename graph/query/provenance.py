"""Where an indicator use was read, for a person who checks it against the document: the source file (its
path and the hash of its bytes when the graph was built) and the place in it — a PDF page and boxes, a
workbook's sheet and cells, a Word table's row and columns, or a text line."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from graph.model.source import file_hash
from graph.model.terms import sparql_prefixes
from graph.store.base import GraphStore

Kind = Literal["pdf", "workbook", "word", "text"]
Box = tuple[float, float, float, float]

_PDF_SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}
_WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".csv"}
_WORD_SUFFIXES = {".docx", ".doc"}
_BAD_IRI = re.compile(r'[\s<>"{}|\\^`]')

# one row per use; VALUES first so that the store starts from the uses asked for
_QUERY = sparql_prefixes() + """
SELECT ?use ?doc ?path ?file ?hash ?line ?page ?rowBox ?nameBox ?targetBox ?sheet ?nameCell ?targetCell
       ?table ?row ?nameColumn ?targetColumn
WHERE {
  VALUES ?use { %s }
  ?use pi:inDocument ?doc .
  OPTIONAL { ?doc pi:sourcePath ?path }
  OPTIONAL { ?doc pi:sourceFile ?file }
  OPTIONAL { ?doc pi:sourceHash ?hash }
  OPTIONAL { ?use pi:sourceLine ?line }
  OPTIONAL { ?use pi:sourcePage ?page }
  OPTIONAL { ?use pi:rowBox ?rowBox }
  OPTIONAL { ?use pi:nameBox ?nameBox }
  OPTIONAL { ?use pi:targetBox ?targetBox }
  OPTIONAL { ?use pi:sourceSheet ?sheet }
  OPTIONAL { ?use pi:nameCell ?nameCell }
  OPTIONAL { ?use pi:targetCell ?targetCell }
  OPTIONAL { ?use pi:sourceTable ?table }
  OPTIONAL { ?use pi:sourceRow ?row }
  OPTIONAL { ?use pi:nameColumn ?nameColumn }
  OPTIONAL { ?use pi:targetColumn ?targetColumn }
}"""


@dataclass(frozen=True)
class Provenance:
    """Where one indicator use was read. Boxes are (x0, top, x1, bottom) in PDF points from the page's
    top-left corner; rows, columns, tables and pages are 1-based; a field the reader did not know is None."""

    document: str  # the document node's IRI
    source_path: str | None  # the file's absolute path when the graph was built (else the path as given)
    source_hash: str | None  # "sha256:<hex>" of its bytes then
    kind: Kind
    page: int | None = None
    row_box: Box | None = None
    name_box: Box | None = None
    target_box: Box | None = None
    sheet: str | None = None
    name_cell: str | None = None
    target_cell: str | None = None
    table: int | None = None
    row: int | None = None
    name_column: int | None = None
    target_column: int | None = None
    line: int | None = None


def parse_box(text: str | None) -> Box | None:
    """A box literal "x0 top x1 bottom" as four floats (None for none or a malformed one)."""
    parts = (text or "").split()
    if len(parts) != 4:
        return None
    try:
        x0, top, x1, bottom = (float(p) for p in parts)
    except ValueError:
        return None
    return x0, top, x1, bottom


def _kind(r: dict, path: str | None) -> Kind:
    """The kind of source: by what the row carries, else by the file's suffix."""
    if r.get("table") is not None:
        return "word"
    if r.get("sheet") is not None or r.get("nameCell") is not None or r.get("targetCell") is not None:
        return "workbook"
    if r.get("rowBox") is not None:
        return "pdf"
    suffix = Path(path or "").suffix.lower()
    if suffix in _PDF_SUFFIXES:
        return "pdf"
    if suffix in _WORKBOOK_SUFFIXES:
        return "workbook"
    if suffix in _WORD_SUFFIXES:
        return "word"
    return "text"


def _int(v) -> int | None:
    return None if v is None else int(v)


def provenance_of(store: GraphStore, use_iris: list[str]) -> dict[str, Provenance]:
    """The provenance of each indicator use asked for, by its IRI (one SPARQL query); a use the store does
    not hold is left out. Raises ValueError for a string that cannot be an IRI."""
    iris = list(dict.fromkeys(use_iris))
    if not iris:
        return {}
    for iri in iris:
        if not iri or _BAD_IRI.search(iri):
            raise ValueError(f"不是有效的 IRI：{iri!r}")
    out: dict[str, Provenance] = {}
    for r in store.query(_QUERY % " ".join(f"<{i}>" for i in iris)).dicts():
        if r["use"] in out:
            continue  # a use with two values of one property (the shapes forbid it): the first is shown
        path = r.get("path") or r.get("file")
        out[r["use"]] = Provenance(
            document=r["doc"], source_path=path, source_hash=r.get("hash"), kind=_kind(r, path),
            page=_int(r.get("page")), row_box=parse_box(r.get("rowBox")), name_box=parse_box(r.get("nameBox")),
            target_box=parse_box(r.get("targetBox")), sheet=r.get("sheet"), name_cell=r.get("nameCell"),
            target_cell=r.get("targetCell"), table=_int(r.get("table")), row=_int(r.get("row")),
            name_column=_int(r.get("nameColumn")), target_column=_int(r.get("targetColumn")), line=_int(r.get("line")))
    return out


@lru_cache(maxsize=256)
def _hash_of(path: str, mtime_ns: int, size: int) -> str:
    """A file's hash, remembered while its modification time and size stay the same."""
    return file_hash(path)


def source_state(path: str | None, expected_hash: str | None) -> Literal["ok", "missing", "changed"]:
    """Whether the file at `path` is still the one the graph was built from: "missing" when no file is
    there (or no path is known), "changed" when its bytes hash otherwise — or when no hash was recorded, so
    that sameness cannot be shown — else "ok". The hash is remembered per (path, mtime, size)."""
    if not path:
        return "missing"
    try:
        st = os.stat(path)
    except OSError:
        return "missing"
    if not os.path.isfile(path):
        return "missing"
    if not expected_hash:
        return "changed"
    try:
        actual = _hash_of(os.path.abspath(path), st.st_mtime_ns, st.st_size)
    except OSError:
        return "missing"
    return "ok" if actual == expected_hash else "changed"
