"""Agreement of the vagueness classifier with a labelled check set (tests/data/vagueness_checkset.tsv)."""
from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

from extractors.values import parse_value

from .vagueness import REASONS, classifier

CHECKSET = Path(__file__).resolve().parents[1] / "tests" / "data" / "vagueness_checkset.tsv"


def load_checkset(path: Path = CHECKSET) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        lines = [ln for ln in f if not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def evaluate(path: Path = CHECKSET) -> dict:
    """Per-reason precision and recall, and the overall agreement on vague / not vague."""
    clf = classifier()
    tp, fp, fn = Counter(), Counter(), Counter()
    agree = 0
    rows = load_checkset(path)
    disagreements = []
    for r in rows:
        v = parse_value(r["target"] or None)
        verdict = clf.classify(r["name"], v.to_dict() if v else None, r["basis"] or None)
        gold = {x for x in r["reasons"].split(",") if x}
        got = set(verdict.reasons)
        for reason in REASONS:
            tp[reason] += reason in gold and reason in got
            fp[reason] += reason not in gold and reason in got
            fn[reason] += reason in gold and reason not in got
        if verdict.vague == (r["vague"] == "yes"):
            agree += 1
        if gold != got or verdict.vague != (r["vague"] == "yes"):
            disagreements.append(f"{r['doc']}:{r['line']} {r['name']} | {r['target']} | gold {sorted(gold)} got {sorted(got)}")
    per = {}
    for reason in REASONS:
        p = tp[reason] / (tp[reason] + fp[reason]) if tp[reason] + fp[reason] else 1.0
        rc = tp[reason] / (tp[reason] + fn[reason]) if tp[reason] + fn[reason] else 1.0
        per[reason] = {"support": tp[reason] + fn[reason], "precision": round(p, 3), "recall": round(rc, 3)}
    exact = len(rows) - len(disagreements)
    return {"targets": len(rows), "vague_agreement": round(agree / len(rows), 4),
            "reason_sets_exact": round(exact / len(rows), 4), "per_reason": per, "disagreements": disagreements}


def main() -> None:
    rep = evaluate()
    print(f"check set: {rep['targets']} targets; agreement on vague/not vague {rep['vague_agreement']:.1%}; "
          f"identical reason sets {rep['reason_sets_exact']:.1%}")
    print(f"{'reason':16s} {'support':>7s} {'precision':>9s} {'recall':>7s}")
    for reason, m in rep["per_reason"].items():
        print(f"{reason:16s} {m['support']:7d} {m['precision']:9.1%} {m['recall']:7.1%}")
    for d in rep["disagreements"]:
        print("  differs:", d)


if __name__ == "__main__":
    sys.exit(main())
