"""Rows mended by the same indicator printed in another table: the 长期 and 年度 tables of a project (or of the
department) repeat their rows, and 表11 repeats its projects' rows.

A basis the converter pushed off a row:

A row shifted one column right loses its last cell, 指标值确定依据, off the table's grid. When every other
row of its table has a basis, the row's basis was printed and lost, not left empty; the project (or the
department) prints the same indicator in its other tables (长期 and 年度 repeat their rows), and 表11 repeats
its projects' rows: when the same-named rows of the block (else of the document) agree on one basis,
that is the basis this row lost.

A name's last piece read as a value: a name wrapped so that its tail (…即为满意度 / 100%) stands alone
reads like a value. When the row's first value completes its name into the name of a row in the block's
other table (…即为满意度100%), it was the name's tail.

Each mended record says so in a note.
"""
from __future__ import annotations

from collections import defaultdict

from .values import value_fields


def fill_lost_bases(records: list[dict]) -> None:
    """Give a row with no basis, in a table where every other row has one, the basis of the same-named
    row in its block's other tables, when they agree (see the module's docstring); in place."""
    tables: dict[tuple, list[dict]] = defaultdict(list)
    for r in records:
        if r["type"] == "indicator":
            tables[(r["scope"], r.get("project_line"), r.get("project"), r["horizon"], r["goal"])].append(r)
    by_name: dict[str, list[tuple[tuple, dict]]] = defaultdict(list)
    for t, rows in tables.items():
        for r in rows:
            by_name[r["name"]].append((t, r))
    for t, rows in tables.items():
        lost = [r for r in rows if not r.get("basis")]
        if len(lost) != 1 or len(rows) < 3:
            continue
        r = lost[0]
        others = [(other, o) for other, o in by_name[r["name"]] if other != t and o.get("basis")]
        # the block's own other tables first, else the document's (表11 repeats its projects' rows)
        for where, twins in (("本项目" if r["scope"] == "project" else "本部门", {o["basis"] for other, o in others if other[:3] == t[:3]}),
                             ("本文件", {o["basis"] for _, o in others})):
            if twins:
                break
        if len(twins) == 1:
            basis = twins.pop()
            r["basis"] = basis
            r["notes"] = [*r.get("notes", []), f"指标值确定依据未印出（该行错位）：取{where}另一张表同名指标的“{basis}”"]


_VALUE_FIELDS = ("prev2", "prev1", "target")


def join_name_tails(records: list[dict]) -> None:
    """Give a row's first value back to its name when name + value is the name of a row in another table of
    its block, and a value is left for the row (see the module's docstring); in place."""
    tables_of: dict[tuple, set[tuple]] = defaultdict(set)  # (block, name) → the tables that print it
    for r in records:
        if r["type"] == "indicator":
            tables_of[(_block(r), r["name"])].add((r["horizon"], r["goal"]))
    for r in records:
        if r["type"] != "indicator":
            continue
        printed = [f for f in _VALUE_FIELDS if r.get(f)]
        if len(printed) < 2:
            continue
        first = printed[0]
        whole = r["name"] + r[first].replace(" ", "")
        if tables_of.get((_block(r), whole), set()) - {(r["horizon"], r["goal"])}:
            r["notes"] = [*r.get("notes", []), f"三级指标末尾“{r[first]}”折行后像指标值：按本块另一张表的同名指标并回名称"]
            r["name"] = whole
            r[first] = None
            r[first + "_value"] = value_fields(None)


def _block(r: dict) -> tuple:
    """The block a row belongs to: the department, or one project (by its form's line)."""
    return (r["scope"], r.get("project_line"), r.get("project"))
