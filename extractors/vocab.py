"""The indicator framework's vocabulary (一级/二级 labels, basis types), loaded from data/framework.json."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .text import key

_DATA = Path(__file__).with_name("data") / "framework.json"


@dataclass(frozen=True)
class Label:
    """A framework label as printed, with the levels it may stand at and its canonical concept per level."""

    printed: str
    level1: str | None  # canonical 一级 concept when printed at level 1
    level2: str | None  # canonical 二级 concept when printed at level 2


@dataclass(frozen=True)
class Vocabulary:
    labels: dict[str, Label]
    prefixes: frozenset[str]
    basis: dict[str, str]
    basis_prefixes: frozenset[str]
    parent: dict[str, str]


@lru_cache(maxsize=1)
def framework_data() -> dict:
    """The framework file as data (concepts with their slugs, English labels and printed variants)."""
    return json.loads(_DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """Load the framework once; keys are matching keys (see text.key)."""
    data = framework_data()
    labels: dict[str, Label] = {}
    for canon, spec in data["level1"].items():
        for v in spec["variants"]:
            labels[key(v)] = Label(v, canon, None)
    parent: dict[str, str] = {}
    for canon, spec in data["level2"].items():
        parent[canon] = spec["parent"]
        for v in spec["variants"]:
            old = labels.get(key(v))
            labels[key(v)] = Label(v, old.level1 if old else None, canon)
    for printed, spec in data["ambiguous_level"].items():
        if printed.startswith("_"):
            continue
        labels[key(printed)] = Label(printed, spec["level1"], spec["level2"])
    basis = {key(v): canon for canon, spec in data["basis"].items() for v in spec["variants"]}
    prefixes = frozenset(k[:i] for k in labels for i in range(1, len(k)))
    basis_prefixes = frozenset(k[:i] for k in basis for i in range(2, len(k)))
    return Vocabulary(labels, prefixes, basis, basis_prefixes, parent)


def label_of(text: str) -> Label | None:
    """The framework label this text is, or None (``"社会效益 指标"`` → 社会效益指标)."""
    return vocabulary().labels.get(key(text))


def is_label_prefix(text: str) -> bool:
    """True when the text is the start of a label broken by the converter (``"服务对象满"``)."""
    return key(text) in vocabulary().prefixes


_BASIS_SEPARATORS = re.compile(r"[、,，;；/和及]")  # between the types of a cell naming several


@lru_cache(maxsize=65536)  # asked of every cell, often many times
def basis_of(text: str) -> str | None:
    """The canonical basis type of a 指标值确定依据 cell, or None when it is not one.

    A cell naming several types ("计划标准、行业标准") counts as a basis; the first type is its canonical one.
    """
    basis = vocabulary().basis
    k = key(text)
    if k in basis:
        return basis[k]
    parts = [p for p in _BASIS_SEPARATORS.split(k) if p]
    if len(parts) > 1 and all(p in basis for p in parts):
        return basis[parts[0]]
    return None


def is_basis_prefix(text: str) -> bool:
    """True for the broken start of a basis label (``"计划标"``)."""
    return key(text) in vocabulary().basis_prefixes


def level1_for_level2(level2_canonical: str | None) -> str | None:
    """The 一级 concept a 二级 concept belongs to in the framework."""
    return vocabulary().parent.get(level2_canonical or "")


def level2_kinds(level1_canonical: str) -> int:
    """How many 二级 concepts the framework files under a 一级 concept (满意度指标: 1)."""
    return sum(1 for parent in vocabulary().parent.values() if parent == level1_canonical)


def snap_to_vocabulary(text: str) -> str | None:
    """The framework label or basis type an OCR'd text is one character off (one changed, missing or extra
    character; the text at least 4 characters), as printed in the framework; None when the text is already
    one, or when no such label is that close (of several, the one that is a concept's own name). ``"产出指际"`` → ``"产出指标"``."""
    from rapidfuzz.distance import Levenshtein

    k = key(text)
    voc = vocabulary()
    if len(k) < 4 or k in voc.labels or basis_of(text) is not None:
        return None
    near = {printed for printed, known in _printed_forms() if Levenshtein.distance(k, known, score_cutoff=1) <= 1}
    if len(near) > 1:  # variants of one concept both that close: the concept's own name
        data = framework_data()
        near = {p for p in near if any(p in data[lvl] for lvl in ("level1", "level2", "basis"))}
    return near.pop() if len(near) == 1 else None


def printed_labels() -> tuple[str, ...]:
    """Every label and basis variant of the framework as printed (一级指标's labels, 计划标准 …)."""
    return tuple(p for p, _ in _printed_forms())


@lru_cache(maxsize=1)
def _printed_forms() -> tuple[tuple[str, str], ...]:
    """(printed form, matching key) of every label and basis variant of the framework."""
    data = framework_data()
    out = {v for lvl in ("level1", "level2", "basis") for spec in data[lvl].values() for v in spec["variants"]}
    out |= {p for p in data["ambiguous_level"] if not p.startswith("_")}
    return tuple(sorted((p, key(p)) for p in out))
