"""The on-disk store: concurrent builds keep every document, a killed build is recovered from."""
from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.helpers import CORPUS, ROOT
from graph.build.builder import build
from graph.query.named import run_query
from graph.store.directory import leftovers, replace_dir, writer_lock
from graph.store.registry import open_store

A, B = CORPUS / "001_163e4aab9eba8502.txt", CORPUS / "003_e05c3001711df7b2.txt"


def _docs(path: Path) -> list[str]:
    st = open_store(str(path), read_only=True)
    try:
        return sorted(r["doc_id"] for r in run_query(st, "department-summary").dicts())
    finally:
        st.close()


@pytest.mark.slow
def test_two_builds_at_once_keep_both_documents(tmp_path):
    path = tmp_path / "store"
    procs = [subprocess.Popen([sys.executable, str(ROOT / "pikg.py"), "build", str(f), "--store", str(path), "-q",
                               "--no-analysis"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for f in (A, B)]
    errs = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errs
    assert _docs(path) == [A.stem, B.stem]
    assert not leftovers(path, "build") and not leftovers(path, "old")


def test_a_second_writer_waits_for_the_first(tmp_path):
    path = tmp_path / "store"
    said: list[str] = []
    order: list[str] = []
    with writer_lock(path):
        t = threading.Thread(target=lambda: (writer_lock(path, said.append).__enter__(), order.append("second")))
        t.start()
        t.join(0.5)
        order.append("first done")
    t.join(10)
    assert order == ["first done", "second"] and "等待其完成" in said[0]


def test_a_build_killed_between_the_renames_is_recovered(tmp_path):
    path = tmp_path / "store"
    build([A], store=str(path), analysis=False)
    # what a crash after the first rename of a two-rename swap leaves: no store, the data in .store.old-PID,
    # and a killed build's scratch copy
    path.rename(tmp_path / ".store.old-4242")
    (tmp_path / ".store.build-x1y2").mkdir()
    assert _docs(path) == [A.stem]  # a reader puts the store back
    assert not leftovers(path, "old")
    build([B], store=str(path), analysis=False)  # the next build cleans up and keeps what was there
    assert _docs(path) == [A.stem, B.stem] and not leftovers(path, "build")


def test_replace_dir_swaps_whole_directories(tmp_path):
    old, new = tmp_path / "s", tmp_path / "n"
    old.mkdir()
    (old / "x").write_text("old")
    new.mkdir()
    (new / "x").write_text("new")
    replace_dir(new, old)
    assert (old / "x").read_text() == "new" and not new.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s"]
