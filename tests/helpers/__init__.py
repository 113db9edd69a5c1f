"""Helpers shared by the tests: the repository's paths, the command line run as a user runs it, and the
fixture documents' gold records. Fixtures stay in tests/conftest.py."""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "data" / "corpus"


def run_pikg(*args: str, cwd: Path | None = None, input: bytes | None = None,
             timeout: float | None = None) -> subprocess.CompletedProcess:
    """Run the command line as a user would (python pikg.py …); `timeout` seconds at most when given."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, str(ROOT / "pikg.py"), *args], capture_output=True, cwd=cwd or ROOT, env=env,
                          input=input, timeout=timeout)


def find(records: list[dict], **kw) -> list[dict]:
    return [r for r in records if all(r.get(k) == v for k, v in kw.items())]


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def row_key(r: dict) -> tuple:
    """An indicator row's identity as the scorer pairs rows: scope, project, horizon, goal, name."""
    return (r["scope"], r["project"], r["horizon"], r["goal"], r["name"])


def row_fields(r: dict) -> tuple:
    """The fields the scorer compares, with its empty values ("", "-", "无") as None."""
    norm = lambda s: None if s in (None, "", "-", "无") else s  # noqa: E731
    return tuple(norm(r[f]) for f in ("level1", "level2", "target", "prev2", "prev1", "basis"))


def assert_fixture_gold(records: list[dict], stem: str = "001_163e4aab9eba8502", gold_dir: Path | None = None) -> None:
    """Every indicator row of a fixture document's hand-checked gold, exactly and nothing else, and its
    projects with their budgets in order (tests/data/fixtures/STEM.gold.*.jsonl, or gold_dir/STEM.*.jsonl
    as ../shared keeps them)."""
    from decimal import Decimal

    fixtures = ROOT / "tests" / "data" / "fixtures"
    path = (lambda kind: gold_dir / f"{stem}.{kind}.jsonl") if gold_dir else (lambda kind: fixtures / f"{stem}.gold.{kind}.jsonl")
    gold = {row_key(r): row_fields(r) for r in load_jsonl(path("indicators"))}
    rows = [r for r in records if r["type"] == "indicator"]
    assert {row_key(r): row_fields(r) for r in rows} == gold and len(rows) == len(gold)
    projects = [(r["project"], r["year_budget"]) for r in records if r["type"] == "project"]
    gold_projects = load_jsonl(path("projects"))
    assert projects == [(r["project"], None if r["year_budget"] is None else Decimal(str(r["year_budget"]))) for r in gold_projects]
