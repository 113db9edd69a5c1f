"""Trust: exact money, any file name, outputs that are safe and in the reader's language."""
from __future__ import annotations

import os
import shutil
import threading
from decimal import Decimal
from pathlib import Path

import pytest

from tests.helpers import CORPUS, ROOT, load_jsonl, run_pikg
from graph.build.builder import build
from graph.output.outfile import OutputError, write_output
from graph.query.named import run_query
from graph.output.tables import format_result
from graph.store.memory import MemoryStore
from graph.store.registry import open_store
from graph.model.terms import sparql_prefixes

DOC = "001_163e4aab9eba8502"
GOLD_PROJECTS = ROOT / "tests" / "data" / "fixtures" / f"{DOC}.gold.projects.jsonl"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    """001 built into an on-disk store under a file name with a space, <, > and %."""
    folder = tmp_path_factory.mktemp("names")
    odd = folder / "预算 文件 <1>%.txt"
    shutil.copy(CORPUS / f"{DOC}.txt", odd)
    path = folder / "store"
    rep = build([odd], store=str(path))
    assert not rep.failed and rep.analysis is not None
    return path


def _gold_budgets() -> dict[str, Decimal]:
    """This year's budget of each project of 001 in 元, from the hand-checked gold (printed in 万元)."""
    out = {}
    for r in load_jsonl(GOLD_PROJECTS):
        assert r["money_unit"] == "万元"
        out[r["project"]] = Decimal(str(r["year_budget"])) * 10000
    return out


def test_budgets_are_exact_from_the_printed_string_to_the_query(store_path):
    st = open_store(str(store_path), read_only=True)
    q = sparql_prefixes() + "SELECT ?name ?yuan WHERE { ?p a pi:Project ; pi:name ?name ; pi:yearBudgetYuan ?yuan }"
    got = {name: yuan for name, yuan in st.query(q).rows}
    gold = _gold_budgets()  # 30, 910.02 and 450.52 万元, read from the gold
    assert got == gold and all(isinstance(v, Decimal) for v in got.values())
    assert sorted(str(v) for v in got.values()) == ["300000", "4505200", "9100200"]  # no float noise
    summary = run_query(st, "department-summary").dicts()
    assert summary[0]["project_budget_yuan"] == sum(gold.values()) == Decimal("13905400")
    assert "13,905,400.00" in format_result(run_query(st, "department-summary"), "table")  # money as money


def test_the_same_sum_on_the_memory_store():
    st = MemoryStore()
    build([CORPUS / f"{DOC}.txt"], target=st, analysis=False)
    assert run_query(st, "department-summary").dicts()[0]["project_budget_yuan"] == sum(_gold_budgets().values())


@pytest.mark.slow
def test_extracted_json_keeps_the_printed_digits(tmp_path):
    out = tmp_path / "r.jsonl"
    r = run_pikg("extract", str(CORPUS / f"{DOC}.txt"), "-o", str(out), "-q")
    assert r.returncode == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    assert '"year_budget": 910.02' in text and '"year_budget": 450.52' in text


@pytest.mark.slow
def test_a_file_name_with_space_angle_brackets_and_percent_builds_and_analyses(store_path):
    st = open_store(str(store_path), read_only=True)
    assert [r["doc_id"] for r in run_query(st, "department-summary").dicts()] == ["预算 文件 <1>%"]
    st.close()
    r = run_pikg("analyze", "--store", str(store_path))  # a store holding such a document is analysed again
    assert r.returncode == 0 and b"Traceback" not in r.stderr, r.stderr


@pytest.mark.slow
def test_from_without_the_memory_store_is_refused(tmp_path):
    r = run_pikg("query", "department-summary", "--from", str(CORPUS / f"{DOC}.txt"), "--store", str(tmp_path / "s"))
    assert r.returncode != 0 and "--store memory" in r.stderr.decode() and b"Traceback" not in r.stderr


@pytest.mark.slow
def test_export_paths_and_formats(store_path, tmp_path):
    s = ["--store", str(store_path)]
    r = run_pikg("export", "uses", *s, "-o", str(tmp_path / "missing" / "u.csv"))
    assert r.returncode == 1 and "不存在" in r.stderr.decode() and b"Traceback" not in r.stderr
    r = run_pikg("report", *s, "-o", str(tmp_path / "missing" / "r.html"))
    assert r.returncode == 1 and "不存在" in r.stderr.decode() and b"Traceback" not in r.stderr
    r = run_pikg("export", "uses", *s, "-f", "csv", "-o", str(tmp_path / "x.xlsx"))
    assert r.returncode == 2 and not (tmp_path / "x.xlsx").exists()
    r = run_pikg("export", "uses", *s, "-o", str(tmp_path / "uses.txt"))  # an unknown suffix: csv
    assert r.returncode == 0, r.stderr
    raw = (tmp_path / "uses.txt").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel on a Chinese Windows machine reads it as UTF-8
    header = raw.decode("utf-8-sig").splitlines()[0].split(",")
    assert header[:4] == ["文件", "年度", "部门", "项目"] and "模糊原因代码" in header
    assert len(raw.decode("utf-8-sig").splitlines()) == 1 + 105
    r = run_pikg("export", "uses", *s, "-o", str(tmp_path / "uses.csv"), "--encoding", "gb18030")
    assert (tmp_path / "uses.csv").read_bytes().decode("gb18030").startswith("文件,年度")


@pytest.mark.slow
def test_query_csv_file_for_excel(store_path, tmp_path):
    out = tmp_path / "s.csv"
    r = run_pikg("query", "department-summary", "--store", str(store_path), "-o", str(out))
    assert r.returncode == 0, r.stderr
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("文件,部门,年度,项目数") and out.read_bytes()[:3] == b"\xef\xbb\xbf"
    assert lines[1].endswith('"13,905,400.00"')


def test_outputs_that_are_not_regular_files_are_written_in_place(tmp_path):
    target = tmp_path / "real.txt"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_output(link, "new")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new"
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_output(fifo, "through the pipe")
    reader.join(10)
    assert got == [b"through the pipe"] and fifo.is_fifo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo", "link.txt", "real.txt"]  # no temporary left


def test_an_output_that_is_a_folder_is_refused(tmp_path):
    with pytest.raises(OutputError, match="这是一个文件夹"):
        write_output(tmp_path, "x")
