"""Vagueness: why a target (or baseline) cannot be checked at year end, with explicit reasons.

Lexical parts use spaCy's Chinese pipeline (spacy.blank("zh") with the jieba segmenter) and its
PhraseMatcher/Matcher; the word lists are in graph/data/vagueness.json; each reason is a SKOS concept
defined in ontology/vagueness.ttl (fw:vague-<reason>).
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data") / "vagueness.json"
REASONS = ("no-number", "hedge", "completion", "bare-number", "restates-name", "target-in-name", "no-basis")
BASIS_TYPES = {"计划标准", "行业标准", "历史标准", "其他标准", "其他"}


@lru_cache(maxsize=1)
def word_lists() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


@dataclass
class Verdict:
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0
    vague: bool = False


def _norm(s: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s or ""))


class VaguenessClassifier:
    """Classify targets and baselines; one instance loads spaCy and jieba once."""

    def __init__(self) -> None:
        import logging

        import jieba
        import spacy
        from spacy.matcher import Matcher, PhraseMatcher

        jieba.setLogLevel(logging.WARNING)
        lists = word_lists()
        self.nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        self.hedge = PhraseMatcher(self.nlp.vocab)
        self.hedge.add("HEDGE", [self.nlp.make_doc(w) for w in lists["hedge_words"]])
        self.completion = {_norm(w) for w in lists["completion_words"]}
        units = sorted(lists["number_in_name_units"], key=len, reverse=True)
        self.number_in_name = Matcher(self.nlp.vocab)
        self.number_in_name.add("NUM_UNIT", [
            [{"TEXT": {"REGEX": r"^\d+(\.\d+)?$"}}, {"TEXT": {"IN": units}}],
            [{"TEXT": {"REGEX": r"^\d+(\.\d+)?(%|" + "|".join(map(re.escape, units)) + r")$"}}],
        ])
        self.graded = re.compile("|".join(lists["graded_patterns"]))
        cn_units = "|".join(map(re.escape, sorted(lists["chinese_numeral_units"], key=len, reverse=True)))
        self.cn_number_unit = re.compile(rf"[一二两三四五六七八九十百千]+(?:{cn_units})")
        self.quant_suffixes = tuple(sorted(lists["quantitative_name_suffixes"], key=len, reverse=True))
        self.unit_suffixes = tuple(lists["unit_needed_suffixes"])
        self.weights = lists["weights"]
        self.vague_reasons = set(lists["vague_reasons"])

    # -------------------------------------------------------------- lexical tests

    def tokens(self, text: str) -> list[str]:
        return [t.text for t in self.nlp.make_doc(text)]

    def has_hedge(self, text: str) -> bool:
        return bool(self.hedge(self.nlp.make_doc(text)))

    def has_target_in_name(self, name: str) -> bool:
        doc = self.nlp.make_doc(name)
        return bool(self.number_in_name(doc)) or bool(re.search(r"\d+(\.\d+)?%", name)) or bool(self.cn_number_unit.search(name))

    def quantitative_name(self, name: str) -> bool:
        n = _norm(name).rstrip("%").rstrip("（）()")
        return n.endswith(self.quant_suffixes)

    def needs_unit(self, name: str) -> bool:
        return _norm(name).rstrip("%").endswith(self.unit_suffixes)

    def restates(self, name: str, value: str) -> bool:
        n, v = _norm(name), _norm(value)
        if len(v) < 2 or not n:
            return False
        if v in n or n in v:
            return True
        a, b = set(self.tokens(n)) - {"的"}, set(self.tokens(v)) - {"的"}
        return bool(a and b) and len(a & b) / len(b) >= 0.6

    # -------------------------------------------------------------- classification

    def classify(self, name: str, value: dict | None, basis: str | None = None, is_target: bool = True) -> Verdict:
        """Reasons for one value of a row (value: the record's *_value dict with raw text in "text")."""
        reasons: list[str] = []
        text = _norm((value or {}).get("text"))
        kind = (value or {}).get("kind") or ("empty" if not text else None)
        if kind in ("empty", "placeholder") or not text:
            if is_target:
                reasons.append("no-number")
        elif kind in ("quantitative", "period"):
            number = value.get("number")
            if kind == "quantitative" and not value.get("unit") and number not in (0, 0.0) and self.needs_unit(name):
                reasons.append("bare-number")
        elif self.graded.search(text):
            pass  # a graded standard (年度更新, 前三名, 二级): checkable without a number
        else:
            if not re.search(r"\d", text):
                if text in self.completion:
                    reasons.append("completion")
                elif self.has_hedge(text):
                    reasons.append("hedge")
                if self.quantitative_name(name):
                    reasons.append("no-number")
            if self.restates(name, text):
                reasons.append("restates-name")
        if is_target:
            if self.has_target_in_name(name):
                reasons.append("target-in-name")
            if not basis or _norm(basis) not in BASIS_TYPES:
                reasons.append("no-basis")
        score = 1.0
        for r in reasons:
            score *= 1 - self.weights.get(r, 0)
        return Verdict(reasons, round(1 - score, 3), any(r in self.vague_reasons for r in reasons))


@lru_cache(maxsize=1)
def classifier() -> VaguenessClassifier:
    """The shared classifier (spaCy and jieba load once)."""
    return VaguenessClassifier()
