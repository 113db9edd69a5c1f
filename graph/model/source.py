"""A source file's fingerprint and the provenance of an indicator row as RDF (one place for every writer)."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from graph.model.terms import PI, Triples

_CHUNK = 1 << 20

# the properties of an indicator use that say where it was read (all literals: xsd:integer or xsd:string)
PLACE_PROPERTIES = ("sourcePage", "rowBox", "nameBox", "targetBox", "sourceSheet", "nameCell", "targetCell",
                    "sourceTable", "sourceRow", "nameColumn", "targetColumn")


def file_hash(path: str | Path) -> str:
    """``sha256:<hex>`` of a file's bytes, read in pieces (a large scan is never held whole)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(_CHUNK), b""):
            h.update(block)
    return "sha256:" + h.hexdigest()


def absolute_path(path: str | Path) -> str:
    """The file's absolute path as named at build time (symbolic links kept)."""
    return os.path.abspath(path)


def box_text(box) -> str:
    """A box [x0, top, x1, bottom] in points as the literal "x0 top x1 bottom" (one decimal each)."""
    return " ".join(f"{float(v):.1f}" for v in box)


def add_row_place(t: Triples, u: str, r: dict) -> None:
    """The place of an indicator record `r` on its use node `u`: page and boxes (PDF, scans), sheet and
    cells (workbooks, CSV), table, row and columns (Word). Fields a record lacks are left out."""
    if r.get("page") is not None:
        t.add_lit(u, PI + "sourcePage", int(r["page"]))
    for role, prop in (("row", "rowBox"), ("name", "nameBox"), ("target", "targetBox")):
        box = (r.get("boxes") or {}).get(role)
        if box:
            t.add_lit(u, PI + prop, box_text(box))
    cells = r.get("cells") or {}
    if r.get("table") is not None:  # Word: columns by number
        t.add_lit(u, PI + "sourceTable", int(r["table"]))
        if r.get("row") is not None:
            t.add_lit(u, PI + "sourceRow", int(r["row"]))
        for role, prop in (("name", "nameColumn"), ("target", "targetColumn")):
            if cells.get(role) is not None:
                t.add_lit(u, PI + prop, int(cells[role]))
        return
    t.add_lit(u, PI + "sourceSheet", r.get("sheet"))
    for role, prop in (("name", "nameCell"), ("target", "targetCell")):
        if cells.get(role) is not None:
            t.add_lit(u, PI + prop, str(cells[role]))
