"""Precision and recall of "same standard indicator" on the hand-labelled development pairs
(tests/data/standard_pairs.tsv, names of the fixtures 000, 001 and 004).

    python -m graph.analysis.standard_eval
"""
from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

from graph.analysis.standard import same_standard

PAIRS = Path(__file__).resolve().parents[2] / "tests" / "data" / "standard_pairs.tsv"


def load_pairs(path: Path = PAIRS) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader((ln for ln in f if not ln.startswith("#")), delimiter="\t"))


def evaluate(path: Path = PAIRS) -> dict:
    """Counts, precision, recall and the pairs judged wrongly."""
    tp = fp = fn = 0
    wrong = []
    for r in load_pairs(path):
        ua = Counter({r["unit_a"]: 1}) if r["unit_a"] else Counter()
        ub = Counter({r["unit_b"]: 1}) if r["unit_b"] else Counter()
        got, gold = same_standard(r["name_a"], r["name_b"], ua, ub), r["same"] == "yes"
        tp += got and gold
        fp += got and not gold
        fn += gold and not got
        if got != gold:
            wrong.append(f"{'merged' if got else 'missed'}: {r['name_a']} / {r['name_b']}")
    return {"pairs": tp + fp + fn + sum(1 for _ in ()), "same": tp + fn, "precision": tp / (tp + fp) if tp + fp else 1.0,
            "recall": tp / (tp + fn) if tp + fn else 1.0, "wrong": wrong}


def main() -> int:
    rep = evaluate()
    print(f"{len(load_pairs())} labelled pairs, {rep['same']} the same: precision {rep['precision']:.3f}, recall {rep['recall']:.3f}")
    for w in rep["wrong"]:
        print("  " + w)
    return 0


if __name__ == "__main__":
    sys.exit(main())
