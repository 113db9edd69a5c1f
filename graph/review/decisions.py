"""The reviewer's decisions on flags (采纳 / 不采纳 with a comment), in a SQLite file beside the store.

A decision is keyed by what a person reads on the printed page — document, scope, project, horizon, goal,
the indicator's printed name and the flag's code — not by IRIs, so it survives a rebuild of the store (which
replaces every graph). The standard indicator, the target and the source line at the time of the decision
are kept as attributes. The file lives beside the store directory (``STORE.review.sqlite`` next to
``STORE``): a build swaps the store directory whole and never touches it.
"""
from __future__ import annotations

import functools
import sqlite3
from contextlib import closing
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timezone
from pathlib import Path

from graph.store.directory import real_store_path

DECISIONS = {"accept": "采纳", "reject": "不采纳"}
SUFFIX = ".review.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS decision (
    document TEXT NOT NULL, scope TEXT NOT NULL, project TEXT NOT NULL, horizon TEXT NOT NULL,
    goal TEXT NOT NULL, name TEXT NOT NULL, flag TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('accept', 'reject')),
    comment TEXT NOT NULL DEFAULT '', standard TEXT NOT NULL DEFAULT '', target TEXT NOT NULL DEFAULT '',
    line INTEGER, decided_at TEXT NOT NULL,
    PRIMARY KEY (document, scope, project, horizon, goal, name, flag)
)"""


class DecisionError(Exception):
    """A decision that cannot be stored or read (a bad value, no review file); the message is Chinese."""


class ReviewFileError(DecisionError):
    """The review file cannot be read or written (a folder one may not write, a damaged file)."""


@dataclass(frozen=True)
class FlagKey:
    """Where a flag stands on the printed page: document (file stem), scope (project / department), project
    name ('' for the department's table), horizon (long_term / annual), goal number ('' when the document
    does not say), the indicator's printed name, and the flag's code (vague, finding-lowered …)."""

    document: str
    scope: str
    project: str
    horizon: str
    goal: str
    name: str
    flag: str


@dataclass(frozen=True)
class Decision:
    """A reviewer's decision on one flag, with the row's standard indicator, target and line when decided."""

    key: FlagKey
    decision: str
    comment: str = ""
    standard: str = ""
    target: str = ""
    line: int | None = None
    decided_at: str = ""

    @property
    def label(self) -> str:
        """采纳 or 不采纳."""
        return DECISIONS[self.decision]


def review_path(store: str | Path) -> Path:
    """The review file of an on-disk store: ``STORE.review.sqlite`` beside the (real) store directory."""
    real = real_store_path(store)
    return real.with_name(real.name + SUFFIX)


_KEYS = [f.name for f in fields(FlagKey)]


def _said(method):
    """A method whose SQLite errors (a folder one may not write, a damaged file) are DecisionErrors naming the file."""

    @functools.wraps(method)
    def run(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as e:
            raise ReviewFileError(f"无法读写审核意见文件 {self.path}：{e}") from e

    return run


class DecisionStore:
    """The decisions of one review file; each call opens and closes its own connection (a server thread
    and a command line may use the file at once)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def _connect(self, create: bool) -> sqlite3.Connection:
        if not create and not self.path.is_file():
            raise DecisionError(f"没有审核意见文件 {self.path}：请先在审核台（pikg serve --decisions）记录审核意见")
        con = sqlite3.connect(self.path, timeout=10)
        if create:
            with con:
                con.execute(_SCHEMA)
        return con

    @_said
    def put(self, decision: Decision) -> Decision:
        """Store (or replace) the decision on its flag; the time of the decision is set here."""
        if decision.decision not in DECISIONS:
            raise DecisionError(f"审核结论只能是“采纳”或“不采纳”（accept / reject），不是 {decision.decision!r}")
        if len(decision.comment) > 4000:
            raise DecisionError("审核说明过长（最多 4000 字）")
        stamped = Decision(decision.key, decision.decision, decision.comment, decision.standard, decision.target,
                           decision.line, datetime.now(timezone.utc).isoformat(timespec="seconds"))
        row = {**asdict(stamped.key), **{k: v for k, v in asdict(stamped).items() if k != "key"}}
        with closing(self._connect(create=True)) as con, con:
            con.execute(f"INSERT OR REPLACE INTO decision ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                        list(row.values()))
        return stamped

    @_said
    def remove(self, key: FlagKey) -> bool:
        """Withdraw the decision on a flag; False when there was none."""
        if not self.path.is_file():
            return False
        with closing(self._connect(create=True)) as con, con:
            cur = con.execute(f"DELETE FROM decision WHERE {' AND '.join(k + ' = ?' for k in _KEYS)}",
                              list(asdict(key).values()))
            return cur.rowcount > 0

    @_said
    def all(self, documents: list[str] | None = None, must_exist: bool = False) -> list[Decision]:
        """The decisions (of these documents, when given), in key order; none when the file does not exist
        (an error instead when `must_exist`)."""
        if not self.path.is_file() and not must_exist:
            return []
        with closing(self._connect(create=False)) as con:
            con.execute(_SCHEMA)
            sql = f"SELECT {', '.join(_KEYS)}, decision, comment, standard, target, line, decided_at FROM decision"
            args: list[str] = []
            if documents is not None:
                sql += f" WHERE document IN ({', '.join('?' * len(documents))})"
                args = list(documents)
            rows = con.execute(sql + f" ORDER BY {', '.join(_KEYS)}", args).fetchall()
        n = len(_KEYS)
        return [Decision(FlagKey(*r[:n]), *r[n:]) for r in rows]


def unmatched(decisions: list[Decision], current: set[FlagKey]) -> list[Decision]:
    """The decisions whose flag is not among the current rows' flags (the row is gone, renamed, or no
    longer flagged after a rebuild): listed for the reviewer, never dropped."""
    return [d for d in decisions if d.key not in current]
