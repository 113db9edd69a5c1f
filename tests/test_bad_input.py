"""Bad input and hostile file systems, one case a row: what the user gives → the one line pikg answers.

Every case runs the command line as a user would, with a time limit (a fifo must never make pikg wait),
and checks the exit status, that the message names the path and says what is wrong, and that no
traceback is printed. Cases that need a file system of their own (a full disk, a read-only mount) run
inside a private mount namespace (`unshare -m`), so the mount goes away with the command; where the
machine does not allow that, they are skipped with the reason.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import CORPUS, ROOT, run_pikg
from tests.helpers.serve import kill_leaves_no_workers

pytestmark = pytest.mark.slow

DOC = CORPUS / "001_163e4aab9eba8502.txt"
PDF = ROOT / "tests" / "data" / "fixtures" / "001_163e4aab9eba8502.s1.pdf"


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


def _dangling(tmp_path: Path) -> Path:
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "missing-folder" / "target")
    return link


def _damaged_xlsx(tmp_path: Path) -> Path:
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    return path


# (id, how to make the input, the command after `pikg`, exit status, words the one line must hold)
CASES = [
    ("fifo-input-extract", _fifo, lambda p: ["extract", str(p)], 1, ["是一个 fifo", "-"]),
    ("fifo-input-build", _fifo, lambda p: ["build", str(p), "--store", "memory"], 1, ["是一个 fifo"]),
    ("fifo-input-lint", _fifo, lambda p: ["lint", str(p)], 2, ["是一个 fifo"]),
    ("fifo-output-without-reader", _fifo, lambda p: ["extract", str(DOC), "-o", str(p)], 1, ["没有进程在读取这个 fifo"]),
    ("output-to-dev-full", lambda t: Path("/dev/full"), lambda p: ["extract", str(DOC), "-o", str(p)], 1, ["磁盘已满"]),
    ("output-through-a-dangling-link", _dangling, lambda p: ["extract", str(DOC), "-o", str(p)], 1, ["不存在", "链接指向"]),
    ("store-through-a-dangling-link", _dangling, lambda p: ["build", str(DOC), "--store", str(p)], 1, ["不存在", "链接指向"]),
    ("lint-of-a-damaged-workbook", _damaged_xlsx, lambda p: ["lint", str(p)], 2, ["不是可读的 Excel 工作簿"]),
    ("extract-of-a-damaged-workbook", _damaged_xlsx, lambda p: ["extract", str(p)], 1, ["不是可读的 Excel 工作簿"]),
    ("a-folder-as-lint-input", lambda t: t, lambda p: ["lint", str(p)], 2, ["是一个文件夹"]),
]


@pytest.mark.parametrize("make, command, status, words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_gets_one_line(tmp_path, make, command, status, words):
    path = make(tmp_path)
    r = run_pikg(*command(path), timeout=60)
    err = r.stderr.decode("utf-8")
    assert r.returncode == status, err
    assert b"Traceback" not in r.stderr, err
    assert str(path) in err and all(w in err for w in words), err


def test_standard_input_is_read_with_a_dash(tmp_path):
    text = run_pikg("extract", "-", "-q", input=DOC.read_bytes(), timeout=120)
    assert text.returncode == 0 and text.stdout.count(b'"type": "indicator"') == 105
    pdf = run_pikg("lint", "-", "-f", "json", input=PDF.read_bytes(), timeout=120)
    assert pdf.stdout.count(b'"source"') == 105, pdf.stderr  # a PDF told by its bytes, not its name


def test_a_store_through_a_link_is_written_where_the_link_points(tmp_path):
    real = tmp_path / "stores" / "real"
    real.parent.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    assert run_pikg("build", str(DOC), "--store", str(link), "-q").returncode == 0
    assert link.is_symlink() and (real / "CURRENT").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".link")]  # lock and swap beside the real store
    r = run_pikg("query", "department-summary", "--store", str(real), "-f", "csv")
    assert "001_163e4aab9eba8502" in r.stdout.decode("utf-8")


def _unshare_available() -> str | None:
    if not shutil.which("unshare") or os.geteuid() != 0:
        return "needs root and unshare(1) to mount a private tmpfs"
    r = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"], capture_output=True)
    return None if r.returncode == 0 else f"this machine refuses a private mount: {r.stderr.decode().strip()}"


def _in_mount(tmp_path: Path, mount_opts: str, script: str) -> subprocess.CompletedProcess:
    """Run `script` (sh) with a fresh tmpfs mounted on tmp_path/m in a private mount namespace."""
    point = tmp_path / "m"
    point.mkdir()
    return subprocess.run(["unshare", "-m", "sh", "-c", f"mount -t tmpfs -o {mount_opts} tmpfs {point} && {script}"],
                          capture_output=True, timeout=300)


@pytest.mark.skipif(_unshare_available() is not None, reason=str(_unshare_available()))
def test_a_full_disk_is_one_line_and_the_store_stays(tmp_path):
    pikg = f"{sys.executable} {ROOT / 'pikg.py'}"
    # a store, then the disk filled up to its last 300 kB: the next build cannot copy the store, the first stays
    m = tmp_path / "m"
    store = m / "store"
    r = _in_mount(tmp_path, "size=16m", f"{pikg} build {DOC} --store {store} -q --no-analysis && "
                  f"avail=$(df --output=avail -B1 {m} | tail -n 1) && head -c $((avail - 300000)) /dev/zero > {m}/filler; "
                  f"{pikg} build {CORPUS}/*.txt --store {store} -q; echo status=$?; "
                  f"{pikg} query department-summary --store {store} -f csv; "
                  f"{pikg} extract {CORPUS}/*.txt -o {m}/out.jsonl -q")
    out, err = r.stdout.decode("utf-8"), r.stderr.decode("utf-8")
    assert "Traceback" not in err, err
    assert "status=1" in out and "磁盘已满" in err, err
    assert "001_163e4aab9eba8502" in out and "000_77c144ebf406e3b7" not in out  # the store from before answers
    assert f"{m}/out.jsonl：磁盘已满" in err


@pytest.mark.skipif(_unshare_available() is not None, reason=str(_unshare_available()))
def test_a_read_only_mount_is_one_line(tmp_path):
    pikg = f"{sys.executable} {ROOT / 'pikg.py'}"
    m = tmp_path / "m"
    r = _in_mount(tmp_path, "size=1m,ro", f"{pikg} build {DOC} --store {m}/store -q; "
                  f"{pikg} extract {DOC} -o {m}/out.jsonl -q; {pikg} lint {DOC} -o {m}/lint.csv")
    err = r.stderr.decode("utf-8")
    assert "Traceback" not in err, err
    assert err.count("只读") >= 3, err


def test_killing_a_build_kills_its_workers(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for k in range(12):  # PDFs, so that the build uses its worker pool
        shutil.copy(PDF, docs / f"d{k}.pdf")
    proc = subprocess.Popen([sys.executable, str(ROOT / "pikg.py"), "build", str(docs), "--store", str(tmp_path / "s"),
                             "--jobs", "2", "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kill_leaves_no_workers(proc, "the build's worker pool")


def _targets_workbook(path: Path) -> Path:
    """A table of targets whose second target is a formula openpyxl saves without a value (as a program that
    never calculated it would), on a sheet with a hidden column, beside a hidden sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "指标"
    ws.append(["二级指标", "三级指标", "指标值", "备注"])
    ws.append(["数量指标", "培训人次", "≥200人次", ""])
    ws.append(["成本指标", "设备采购成本", "=D3*2", "60"])
    ws.column_dimensions["D"].hidden = True
    wb.create_sheet("旧表").sheet_state = "hidden"
    wb.save(path)
    return path


def test_a_formula_without_a_saved_value_is_named_and_not_judged(tmp_path):
    from extractors.read_xlsx import formula_problems, read

    book = _targets_workbook(tmp_path / "targets.xlsx")
    [formula] = formula_problems(book)
    assert (formula.code, formula.where) == ("formula-without-value", f"{book} [指标]!C3") and "=D3*2" in formula.message
    hidden = {p.where: p.message for p in read(book).problems if p.code == "hidden-cells"}
    assert "隐藏的列 D" in hidden[f"{book} [指标]"] and "整张工作表被隐藏" in hidden[f"{book} [旧表]"]
    r = run_pikg("lint", str(book), "-f", "json", timeout=120)
    err = r.stderr.decode("utf-8")
    assert "设备采购成本" not in r.stdout.decode("utf-8") and "培训人次" in r.stdout.decode("utf-8")
    assert f"{book}:指标!C3" in err and "=D3*2" in err and "不作判断" in err
