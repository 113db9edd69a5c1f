import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus"
sys.path.insert(0, str(ROOT))


def run_pikg(*args: str, cwd: Path | None = None, input: bytes | None = None) -> subprocess.CompletedProcess:
    """Run the command line as a user would (python pikg.py …)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, str(ROOT / "pikg.py"), *args], capture_output=True, cwd=cwd or ROOT, env=env, input=input)


@pytest.fixture(scope="session")
def corpus_records() -> list[dict]:
    """Records of the five corpus documents, extracted once per test session."""
    from extractors import extract_document

    out: list[dict] = []
    for p in sorted(CORPUS.glob("*.txt")):
        recs, _ = extract_document(p)
        out.extend(recs)
    return out


def find(records: list[dict], **kw) -> list[dict]:
    return [r for r in records if all(r.get(k) == v for k, v in kw.items())]


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
