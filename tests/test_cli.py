"""The command line: output, bad input, batches, atomic writes."""
import json

import pytest

from tests.helpers import CORPUS, run_pikg

pytestmark = pytest.mark.slow  # every test runs the command line in a subprocess

GOOD = (CORPUS / "001_163e4aab9eba8502.txt").read_text(encoding="utf-8")


def test_help_explains_every_command():
    r = run_pikg("--help")
    assert r.returncode == 0
    assert "extract" in r.stdout.decode()
    r = run_pikg("extract", "--help")
    assert "--layout" in r.stdout.decode() and "-o" in r.stdout.decode()


def test_extract_to_stdout_is_utf8_json_lines():
    r = run_pikg("extract", "-q", str(CORPUS / "001_163e4aab9eba8502.txt"))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.decode("utf-8").splitlines()
    recs = [json.loads(x) for x in lines]
    assert {x["type"] for x in recs} == {"project", "goal", "indicator"}
    assert "产业促进经费" in r.stdout.decode("utf-8")  # not ASCII-escaped
    assert all("line" in x for x in recs)


def test_gb18030_file_is_read(tmp_path):
    p = tmp_path / "gbk.txt"
    p.write_bytes(GOOD.encode("gb18030"))
    r = run_pikg("extract", "-q", str(p))
    assert r.returncode == 0, r.stderr
    assert "产业促进经费" in r.stdout.decode("utf-8")


def test_bad_inputs_name_the_file_and_the_batch_goes_on(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    notext = tmp_path / "latin.txt"
    notext.write_bytes("第一部分\n".encode("utf-8") + b"\xff\xfe\xfa\xfb\x81\x30" * 3 + b"\n")
    prose = tmp_path / "prose.txt"
    prose.write_text("第一部分 概况\n\n一、部门主要职能\n\n负责全区工作。\n", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = run_pikg("extract", str(empty), str(binary), str(notext), str(prose), str(good), "-o", str(out))
    err = r.stderr.decode("utf-8")
    assert r.returncode == 1
    assert f"{empty}：文件是空的" in err
    assert f"{binary}：这是二进制文件" in err
    assert f"{notext}:2：文件既不是 UTF-8 也不是 GB18030" in err
    assert f"{prose}：未找到绩效目标表" in err
    recs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert recs and {x["doc"] for x in recs} == {"good"}


def test_truncated_table_is_reported_with_its_line(tmp_path):
    lines = GOOD.splitlines()
    cut = next(i for i, ln in enumerate(lines) if ln.startswith("年度绩效目标表")) + 2  # title and header kept
    p = tmp_path / "cut.txt"
    p.write_text("\n".join(lines[:cut]) + "\n", encoding="utf-8")
    r = run_pikg("extract", str(p), "-o", str(tmp_path / "o.jsonl"))
    assert r.returncode == 1
    assert f"{p}:{cut - 1}：年度绩效目标表没有指标行（文件被截断或已损坏） [table-without-rows]" in r.stderr.decode("utf-8")
    # what could be read is still written
    recs = [json.loads(x) for x in (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()]
    assert any(x["type"] == "indicator" and x["horizon"] == "long_term" for x in recs)


def test_output_is_replaced_atomically(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    r = run_pikg("extract", "-q", str(tmp_path / "missing.txt"), "-o", str(out))
    assert r.returncode == 1
    assert "missing.txt：无法读取文件" in r.stderr.decode("utf-8")
    assert out.read_text(encoding="utf-8") == "old\n"  # nothing extracted: the old output is kept
    assert not list(tmp_path.glob(".out.jsonl.*.tmp"))
