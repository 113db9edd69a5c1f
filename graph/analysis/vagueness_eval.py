"""Agreement of the vagueness classifier with the hand-marked check set (tests/data/vagueness_checkset.tsv),
reported apart for the development part and for the held-apart documents.

    python -m graph.analysis.vagueness_eval
"""
from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

from extractors.values import parse_value

from graph.analysis.vagueness import REASONS, VaguenessClassifier

CHECKSET = Path(__file__).resolve().parents[2] / "tests" / "data" / "vagueness_checkset.tsv"
HELD_APART = ("003_",)  # documents never used to write or correct a rule


def load_checkset(path: Path = CHECKSET) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        lines = [ln for ln in f if not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def agreement(gold: list[bool], got: list[bool]) -> dict:
    """Accuracy, precision and recall of 'vague', and Cohen's κ, of two yes/no labellings."""
    n = len(gold)
    tp = sum(g and p for g, p in zip(gold, got))
    fp = sum(p and not g for g, p in zip(gold, got))
    fn = sum(g and not p for g, p in zip(gold, got))
    acc = sum(g == p for g, p in zip(gold, got)) / n if n else 1.0
    pg, pp = sum(gold) / n if n else 0, sum(got) / n if n else 0
    expected = pg * pp + (1 - pg) * (1 - pp)
    kappa = (acc - expected) / (1 - expected) if expected < 1 else 1.0
    return {"targets": n, "vague": sum(gold), "accuracy": round(acc, 4),
            "precision": round(tp / (tp + fp), 4) if tp + fp else 1.0,
            "recall": round(tp / (tp + fn), 4) if tp + fn else 1.0, "kappa": round(kappa, 4)}


def evaluate(path: Path = CHECKSET) -> dict:
    """Agreement on vague / not vague (all, development part, held-apart part) and per-reason precision and recall."""
    clf = VaguenessClassifier()
    tp, fp, fn = Counter(), Counter(), Counter()
    parts: dict[str, tuple[list[bool], list[bool]]] = {"all": ([], []), "development": ([], []), "held apart": ([], [])}
    disagreements = []
    rows = load_checkset(path)
    for r in rows:
        v = parse_value(r["target"] or None)
        verdict = clf.classify(r["name"], v.to_dict() if v else None, r["basis"] or None, True, r["level1"] or None, r["level2"] or None)
        gold = {x for x in r["reasons"].split(",") if x}
        got = set(verdict.reasons)
        for reason in REASONS:
            tp[reason] += reason in gold and reason in got
            fp[reason] += reason not in gold and reason in got
            fn[reason] += reason in gold and reason not in got
        part = "held apart" if r["doc"].startswith(HELD_APART) else "development"
        for key in ("all", part):
            parts[key][0].append(r["vague"] == "yes")
            parts[key][1].append(verdict.vague)
        if verdict.vague != (r["vague"] == "yes"):
            disagreements.append(f"[{part}] {r['doc'][:3]}:{r['line']} {r['level2']} | {r['name']} | {r['target']} | "
                                 f"gold {sorted(gold) or 'checkable'} got {sorted(got) or 'checkable'}")
    per = {}
    for reason in REASONS:
        p = tp[reason] / (tp[reason] + fp[reason]) if tp[reason] + fp[reason] else 1.0
        rc = tp[reason] / (tp[reason] + fn[reason]) if tp[reason] + fn[reason] else 1.0
        per[reason] = {"support": tp[reason] + fn[reason], "precision": round(p, 3), "recall": round(rc, 3)}
    return {"targets": len(rows), "parts": {k: agreement(*v) for k, v in parts.items()}, "per_reason": per,
            "disagreements": disagreements, "vague_agreement": agreement(*parts["all"])["accuracy"]}


def main() -> int:
    rep = evaluate()
    print(f"check set: {rep['targets']} targets, marked by hand after docs/vagueness.md")
    print(f"{'part':12s} {'targets':>7s} {'vague':>5s} {'accuracy':>8s} {'precision':>9s} {'recall':>6s} {'kappa':>6s}")
    for name, m in rep["parts"].items():
        print(f"{name:12s} {m['targets']:7d} {m['vague']:5d} {m['accuracy']:8.1%} {m['precision']:9.1%} {m['recall']:6.1%} {m['kappa']:6.3f}")
    print(f"\n{'reason':20s} {'support':>7s} {'precision':>9s} {'recall':>7s}")
    for reason, m in rep["per_reason"].items():
        print(f"{reason:20s} {m['support']:7d} {m['precision']:9.1%} {m['recall']:7.1%}")
    for d in rep["disagreements"]:
        print("  differs:", d)
    return 0


if __name__ == "__main__":
    sys.exit(main())
