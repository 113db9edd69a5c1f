"""Gold records of the shared seed documents, grouped into department and project blocks."""
from __future__ import annotations

import collections
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED_STEMS = ("000_77c144ebf406e3b7", "001_163e4aab9eba8502", "004_3af882b25fa8e580")
HORIZONS = ("long_term", "annual")


def shared_dir(explicit: str | Path | None = None) -> Path:
    """The shared folder (gold and scorer): --shared, $PIKG_SHARED, or ../shared of the repo (or of its parent)."""
    cands = [Path(explicit)] if explicit else []
    if os.environ.get("PIKG_SHARED"):
        cands.append(Path(os.environ["PIKG_SHARED"]))
    cands += [ROOT.parent / "shared", ROOT.parent.parent / "shared"]
    for c in cands:
        if (c / "gold").is_dir() and (c / "tools" / "score_extraction.py").is_file():
            return c
    raise SystemExit("template randomiser: no shared folder with gold/ and tools/score_extraction.py "
                     f"(looked at {', '.join(str(c) for c in cands)}); pass --shared DIR or set PIKG_SHARED")


@dataclass
class Goal:
    """One goal of a horizon: its number, its text (None when the gold has none) and its indicator rows."""

    number: int
    text: str | None
    rows: list[dict] = field(default_factory=list)


@dataclass
class Block:
    """The 表11 department block or one 表12 project block."""

    scope: str
    project: str | None
    meta: dict | None  # the gold project record (projects only)
    goals: dict[str, list[Goal]] = field(default_factory=dict)

    def goal(self, horizon: str, number: int) -> Goal:
        """The goal of that number, created in number order when new."""
        lst = self.goals.setdefault(horizon, [])
        for g in lst:
            if g.number == number:
                return g
        g = Goal(number, None)
        lst.append(g)
        lst.sort(key=lambda x: x.number)
        return g

    def row_count(self) -> int:
        return sum(len(g.rows) for gs in self.goals.values() for g in gs)


@dataclass
class SourceDoc:
    stem: str
    department: str
    year: int
    blocks: list[Block]


def _load(folder: Path, stem: str, kind: str) -> list[dict]:
    out: list[dict] = []
    for p in sorted(folder.glob(f"{stem}*.{kind}.jsonl")):
        out += [json.loads(x) for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]
    return out


def load_source(gold_dir: Path, stem: str) -> SourceDoc:
    """Group one gold document (all its parts, in file order) into blocks in document order."""
    inds, goals, projs = (_load(gold_dir, stem, k) for k in ("indicators", "goals", "projects"))
    if not inds:
        raise SystemExit(f"template randomiser: no gold indicators for {stem} in {gold_dir}")
    pending = collections.defaultdict(collections.deque)
    for p in projs:
        pending[p["project"]].append(p)
    blocks: list[Block] = []
    prev_key = None
    for r in inds:
        key = (r["scope"], r["project"])
        if key != prev_key:
            seen = [b for b in blocks if (b.scope, b.project) == key]
            # a project returns after another only when it is a second project of that name
            meta = pending[r["project"]].popleft() if r["scope"] == "project" and pending[r["project"]] else None
            blocks.append(Block(r["scope"], r["project"], meta))
            if seen and meta is None:
                blocks[-1].meta = dict(seen[-1].meta) if seen[-1].meta else None
            prev_key = key
        blocks[-1].goal(r["horizon"], int(r["goal"] or 1)).rows.append(r)
    for lst in pending.values():
        for p in lst:
            blocks.append(Block("project", p["project"], p))
    for g in goals:
        cands = [b for b in blocks if (b.scope, b.project) == (g["scope"], g["project"])]
        for b in cands:
            goal = b.goal(g["horizon"], int(g["goal"] or 1))
            if goal.text is None:
                goal.text = g["text"]
                break
    dept = next((p.get("department") for p in projs if p.get("department")), None) or "本部门"
    years = collections.Counter(p["start_year"] for p in projs if p.get("start_year") and p.get("start_year") == p.get("end_year"))
    year = years.most_common(1)[0][0] if years else 2025
    return SourceDoc(stem, dept, int(year), blocks)


def load_sources(shared: Path) -> list[SourceDoc]:
    """The three seed documents of shared/gold."""
    return [load_source(shared / "gold", s) for s in SEED_STEMS]
