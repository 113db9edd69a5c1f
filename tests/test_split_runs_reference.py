"""split_runs_scored against a straightforward reference: every run of every label tried from every reached
split, the first best kept. The real function leaves out the runs that leave a later label no row; it must
choose the same runs, with the same ties, and return the same score to the last bit, on many small random
affinity tables (few distinct values, so that ties are common)."""
from __future__ import annotations

import random

import pytest

from extractors.label_affinity import split_runs_scored


def reference_split(affinity: list[list[float]]) -> tuple[list[int], float]:
    """The plain dynamic programme over (rows so far, labels so far), rows outer as in the first version."""
    R = len(affinity)
    K = len(affinity[0]) if R else 0
    if K == 0 or R == 0:
        return [0] * R, 0.0
    neg = float("-inf")
    best = [[neg] * (K + 1) for _ in range(R + 1)]
    back = [[0] * (K + 1) for _ in range(R + 1)]
    best[0][0] = 0.0
    even = [-1e-3 * abs(n - R / K) for n in range(R + 1)]
    for k in range(K):
        for i in range(R + 1):
            acc = best[i][k]
            if acc == neg:
                continue
            for j in range(i + 1, R + 1):
                acc += affinity[j - 1][k]
                if acc + even[j - i] > best[j][k + 1]:
                    best[j][k + 1], back[j][k + 1] = acc + even[j - i], i
    if best[R][K] == neg:
        return [min(r, K - 1) for r in range(R)], neg
    out, i = [0] * R, R
    for k in range(K, 0, -1):
        p = back[i][k]
        for r in range(p, i):
            out[r] = k - 1
        i = p
    return out, best[R][K]


@pytest.mark.parametrize("seed", range(4))
def test_split_runs_matches_reference_on_random_tables(seed):
    rng = random.Random(seed)
    for _ in range(1500):
        R, K = rng.randint(0, 9), rng.randint(1, 5)
        aff = [[rng.choice((0.0, 0.25, 0.5, 1.0, 1.25, 1.5)) if rng.random() < 0.5 else 0.0 for _ in range(K)]
               for _ in range(R)]
        assert split_runs_scored(aff) == reference_split(aff), aff
