"""Damaged documents (cut short, lines lost, lines out of order) never crash the extractor."""
import random

import pytest

from conftest import CORPUS
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
            assert all(isinstance(x, str) and str(p) in x for x in problems)
