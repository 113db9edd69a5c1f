"""Fixtures of the whole suite: the corpus records extracted once, and no server left behind. Helpers shared
by the tests are in tests/helpers."""
import os
import time
from pathlib import Path

import pytest

from tests.helpers import CORPUS


@pytest.fixture(scope="session")
def corpus_records() -> list[dict]:
    """Records of the five corpus documents, extracted once per test session."""
    from extractors import extract_document

    out: list[dict] = []
    for p in sorted(CORPUS.glob("*.txt")):
        recs, _ = extract_document(p)
        out.extend(recs)
    return out


def _servers(under: str) -> set[int]:
    """Pids of running `oxigraph serve` and `virtuoso-t` processes whose command line names a path under
    `under` (this session's temporary folders: servers of the user's own are never touched)."""
    out = set()
    for d in Path("/proc").glob("[0-9]*"):
        try:
            cmd = (d / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if not cmd or not any(under.encode() in part for part in cmd[1:]):
            continue
        if (cmd[0].endswith(b"oxigraph") and len(cmd) > 1 and cmd[1].startswith(b"serve")) or cmd[0].endswith(b"virtuoso-t"):
            out.add(int(d.name))
    return out


@pytest.fixture(scope="session", autouse=True)
def cache_in_tmp(tmp_path_factory):
    """pikg's cache folder (the folded OCR model, ocr/model_store.py) in this session's temporary folder, for
    the tests and the processes they start: nothing is written to the user's own cache."""
    before = os.environ.get("PIKG_CACHE_DIR")
    os.environ["PIKG_CACHE_DIR"] = str(tmp_path_factory.mktemp("pikg-cache"))
    yield
    if before is None:
        os.environ.pop("PIKG_CACHE_DIR", None)
    else:
        os.environ["PIKG_CACHE_DIR"] = before


@pytest.fixture(scope="session", autouse=True)
def no_server_left_behind(tmp_path_factory):
    """The suite must leave no process behind: a server started by a test and still running fails the run."""
    under = str(tmp_path_factory.getbasetemp())
    yield
    deadline = time.monotonic() + 10
    while (left := _servers(under)) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in left:
        os.kill(pid, 9)
    assert not left, f"tests left servers (oxigraph, virtuoso-t) running: {sorted(left)}"
