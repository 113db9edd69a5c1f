"""Damaged documents (cut short, lines lost, lines out of order) never crash the extractor."""
import random

import pytest

from tests.helpers import CORPUS
from extractors import InputError, extract_document

DOCS = sorted(CORPUS.glob("*.txt"))


def _mutations(lines: list[str], rng: random.Random):
    yield lines[: rng.randrange(len(lines))]
    cut = list(lines)
    for _ in range(50):
        del cut[rng.randrange(len(cut))]
    yield cut
    a = rng.randrange(len(lines))
    yield lines[:a] + lines[a + rng.randrange(1, 200):]
    swapped = list(lines)
    for _ in range(30):
        i, j = rng.randrange(len(swapped)), rng.randrange(len(swapped))
        swapped[i], swapped[j] = swapped[j], swapped[i]
    yield swapped


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.stem[:3])
def test_damaged_documents_do_not_crash(doc, tmp_path):
    rng = random.Random(doc.stem)
    lines = doc.read_text(encoding="utf-8").splitlines()
    for trial in range(3):
        for k, mutated in enumerate(_mutations(lines, rng)):
            p = tmp_path / f"{trial}-{k}.txt"
            p.write_text("\n".join(mutated), encoding="utf-8")
            try:
                records, problems = extract_document(p)
            except InputError:
                continue
            assert all(r["line"] >= 1 for r in records)
            assert all(str(p) in x.where for x in problems)


D1 = CORPUS / "001_163e4aab9eba8502.txt"  # 883 lines; its last 年度绩效目标表 starts at line 690


def _indicators(path):
    records, problems = extract_document(path)
    return [r for r in records if r["type"] == "indicator"], problems


def test_utf8_cut_inside_a_character_is_read_up_to_the_cut(tmp_path):
    data = D1.read_bytes()
    lines = data.split(b"\n")
    cut = b"\n".join(lines[:700]) + b"\n" + lines[700][:4]  # line 701 starts with a table row
    while cut[-1] < 0xC0:  # end on the first byte of a multi-byte character: its other bytes are lost
        cut = cut[:-1]
    (tmp_path / "cut.txt").write_bytes(cut)
    rows, problems = _indicators(tmp_path / "cut.txt")
    assert len(rows) >= 100  # everything before the cut is read
    last = cut.count(b"\n") + 1
    assert last > 690
    bad = [str(p) for p in problems if p.code == "bytes-replaced"]
    assert bad and bad[0].startswith(f"错误：{tmp_path / 'cut.txt'}:{last}：")  # the real line, not 3


def test_utf16_with_a_bom_reads_like_utf8(tmp_path):
    (tmp_path / "u16.txt").write_bytes(D1.read_text(encoding="utf-8").encode("utf-16"))
    rows16, problems = _indicators(tmp_path / "u16.txt")
    rows8, _ = _indicators(D1)
    assert [(r["name"], r["target"]) for r in rows16] == [(r["name"], r["target"]) for r in rows8] and len(rows8) == 105
    assert not [p for p in problems if p.is_error]


def test_a_megabyte_line_is_cut_and_reported(tmp_path):
    lines = D1.read_text(encoding="utf-8").split("\n")
    no = next(k for k, ln in enumerate(lines) if "入驻率" in ln)  # a table row
    lines[no] = lines[no].replace("入驻率", "入驻率" + "很" * 2_000_000)
    (tmp_path / "big.txt").write_text("\n".join(lines), encoding="utf-8")
    rows, problems = _indicators(tmp_path / "big.txt")
    assert max(len(r["name"]) for r in rows) <= 1001
    assert any(str(p).startswith(f"错误：{tmp_path / 'big.txt'}:{no + 1}：一行有 2,000,0") for p in problems)
    assert all(len(str(p)) < 400 for p in problems)  # messages quote cells, they do not repeat them


def test_a_document_that_ends_inside_a_table_says_so(tmp_path):
    lines = D1.read_text(encoding="utf-8").split("\n")
    (tmp_path / "short.txt").write_text("\n".join(lines[:694]), encoding="utf-8")  # 694: a 产出 row of the table at 690
    rows, problems = _indicators(tmp_path / "short.txt")
    assert len(rows) == 103
    assert any(p.code == "file-cut-short" and "中结束" in p.message and p.where.endswith(":694") and p.is_error for p in problems)
    _, whole = _indicators(D1)
    assert not any("ends inside" in p for p in whole)
