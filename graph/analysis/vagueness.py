"""Vagueness: could a reviewer decide at year end, objectively and without inventing a standard, whether
a target was met? The rules of docs/vagueness.md, judged on the whole row (一级, 二级, name, target).

Matching does not depend on the segmenter: hedges and standards are found as character patterns (a
compound such as 逐步提高 or 明显改善 is one jieba token), numbers with units inside a name by spaCy's
Matcher over jieba tokens. The word lists are data (graph/analysis/data/vagueness.json, each list with its
source); each reason is a SKOS concept fw:vague-<reason> in ontology/analysis.ttl.

"No basis" and "a number inside the name" are findings of their own, never vagueness.
"""
from __future__ import annotations

import json
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from extractors.vocab import basis_of

DATA = Path(__file__).with_name("data") / "vagueness.json"
REASONS = ("no-value", "qualitative", "hedge", "undefined-standard", "pct-non-ratio", "restates-name", "missing-unit",
           "unverifiable")
FINDINGS = ("no-basis", "number-in-name")

# what would make the target checkable, per reason (and per category for qualitative targets)
ADVICE = {
    "no-value": "缺少指标值：应填写可核验的目标值（数值和单位，或明确的完成标准）",
    "hedge": "“{word}”只表示方向或程度，没有目标水平：应给出具体数值或要达到的明确标准",
    "undefined-standard": "“{word}”未说明是什么要求或标准：应写明依据的标准名称，如“符合《…管理办法》”",
    "pct-non-ratio": "指标名称不是比率（没有分子和分母），百分比无从计算：应改为可计算的比率（如“…完成率”）或给出具体数量",
    "restates-name": "指标值只是重复或肯定指标名称：应给出要达到的水平",
    "missing-unit": "数值缺少单位：应写明单位，如“万元”“平方米”“小时”",
    "unverifiable": "年内无法观察或归因：应改为年内可核实的结果，或给出明确的排名界线（如“前三名”）",
}
QUALITATIVE_ADVICE = {
    "time": "时效指标应给出完成时限，如“2025年12月底前”或“≤5个工作日”",
    "count": "数量指标应给出具体数量和单位，如“≥20次”",
    "ratio": "比率类指标应给出百分比，如“≥95%”",
    "satisfaction": "满意度指标应给出百分比，如“≥90%”",
    "cost": "成本指标应给出金额，如“≤30万元”",
    None: "应给出可计量的目标值（数值和单位）",
}


@lru_cache(maxsize=1)
def word_lists() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


@dataclass
class Verdict:
    """Vague or not, the reasons (docs/vagueness.md), separate findings, and advice in Chinese."""

    reasons: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    score: float = 0.0
    vague: bool = False
    advice: str = ""


_MODIFIERS = re.compile(r"有效|有力|大力|积极|进一步|明显|显著|作用|^有|的")
_RELATIVE = re.compile(r"^(不低于|不少于|不高于|不超过|高于|低于|超过|≥|≤|>|<|与|同)?上年(度)?(水平|同期|实际)?(持平|相当)?$")
_RANGE = re.compile(r"^[≥≤>=<]?\d+(\.\d+)?%?[-~～至—]\d+(\.\d+)?%?[^\d]{0,3}$")
_DEADLINE = re.compile(r"\d{4}年|\d{1,2}月(底|末|前|中旬|上旬|下旬)|年底|年末|年内|月底|季度末|上半年|下半年")


def _norm(s: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s or ""))


def _any_in(words, text: str) -> str | None:
    return next((w for w in words if w in text), None)


class VaguenessClassifier:
    """Classify targets (and baselines); one instance loads spaCy and jieba once."""

    def __init__(self) -> None:
        import logging

        import jieba
        import spacy
        from spacy.matcher import Matcher

        jieba.setLogLevel(logging.WARNING)
        w = word_lists()
        self.w = w
        self.nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        units = sorted(w["number_in_name_units"], key=len, reverse=True)
        self.number_in_name = Matcher(self.nlp.vocab)
        self.number_in_name.add("NUM_UNIT", [
            [{"TEXT": {"REGEX": r"^\d+(\.\d+)?$"}}, {"TEXT": {"IN": units}}],
            [{"TEXT": {"REGEX": r"^\d+(\.\d+)?(%|" + "|".join(map(re.escape, units)) + r")$"}}],
        ])
        cn_units = "|".join(map(re.escape, sorted(w["chinese_numeral_units"], key=len, reverse=True)))
        self.cn_number_unit = re.compile(rf"[一二两三四五六七八九十百千]+(?:{cn_units})")
        self.hedges = sorted(w["hedges"], key=len, reverse=True)
        self.undefined = sorted(w["undefined_standard"], key=len, reverse=True)
        self.named_standard = re.compile("|".join(w["named_standard"]))
        self.share = re.compile("|".join(w["share_readings"]))
        self.grades = set(w["grades"])
        self.affirmations = set(w["affirmations"])
        self.no_value = set(w["no_value_labels"])
        self.weights = w["weights"]
        self._token_cache: dict[str, list[str]] = {}

    # -------------------------------------------------------------- the name and its category

    def tokens(self, text: str) -> list[str]:
        """jieba's words of a text, through spaCy's Chinese tokenizer (cached: names repeat across documents)."""
        got = self._token_cache.get(text)
        if got is None:
            if len(self._token_cache) > 500_000:
                self._token_cache.clear()
            got = self._token_cache[text] = [t.text for t in self.nlp.make_doc(text)]
        return got

    def has_number_in_name(self, name: str) -> bool:
        """The name holds its own target (满意度达90%, 3个工作日内办结率)."""
        doc = self.nlp.make_doc(name)
        return bool(self.number_in_name(doc)) or bool(re.search(r"\d+(\.\d+)?%", name)) or bool(self.cn_number_unit.search(name))

    def is_ratio(self, name: str) -> bool:
        n = _norm(name)
        return any(m in n for m in self.w["ratio_markers"])

    def reads_as_share(self, name: str) -> bool:
        """A name that is not a …率 but reads as a share of something countable (…正常运行 = 正常运行率,
        …达到上级要求 = 达标率, 报告完整度, 100%组织专家评审); an aim (推动…, …提升度) does not."""
        n = _norm(name)
        return bool(self.share.search(n)) and not _any_in(self.hedges, n)

    def is_countable(self, name: str) -> bool:
        """A countable set or a flow (培训人数, 检查次数, 资金拨付), not one event."""
        n = _norm(name)
        return any(m in n for m in self.w["count_markers"] if len(m) > 1) or (n.endswith(("数", "量")) and not n.endswith("质量"))

    def is_event(self, name: str) -> bool:
        """One discrete, observable event or deliverable (是否按时上线, 规划编制, 重大安全事故)."""
        n = _norm(name)
        return (bool(_any_in(self.w["event_markers"], n)) and not self.is_ratio(n) and not self.is_countable(n)
                and not _any_in(self.hedges, n))  # 减少安全事故 is an aim, not an event

    def category(self, name: str, level1: str | None, level2: str | None) -> str | None:
        """What the indicator naturally measures: ratio, satisfaction, time, cost or count; None when it is
        not naturally a number (a 社会效益 statement, a quality item)."""
        n, l1, l2 = _norm(name), _norm(level1), _norm(level2)
        if "满意" in n or "满意" in l2 or "满意" in l1:
            return "satisfaction"
        if self.is_ratio(n):
            return "ratio"
        if "时效" in l2 or re.search(r"时间|时限|时长|时效|期限|周期|及时|按时", n):
            return "time"
        if "成本" in l1 or "成本" in l2 or re.search(r"(经费|资金|成本|费用|金额|预算)$", n):
            return "cost"
        if "数量" in l2 or self.is_countable(n):
            return "count"
        return None

    def restates(self, name: str, value: str) -> bool:
        """The value repeats the name, or a word of it once modifiers are set aside (有效保证 for 保证…)."""
        n, v = _norm(name), _norm(value)
        if len(v) < 2 or not n:
            return False
        if v in n or n in v:
            return True
        core = re.sub(_MODIFIERS, "", v)
        if len(core) >= 2 and core in n:
            return True
        a, b = set(self.tokens(n)) - {"的"}, set(self.tokens(v)) - {"的"}
        return bool(a and b) and len(a & b) / len(b) >= 0.6

    # -------------------------------------------------------------- classification

    def classify(self, name: str, value: dict | None, basis: str | None = None, is_target: bool = True,
                 level1: str | None = None, level2: str | None = None, prev1: dict | None = None) -> Verdict:
        """The verdict on one printed value of a row (value: the record's *_value dict, raw text in "text";
        prev1: the 上年 value's dict, for a target relative to last year)."""
        value = value or {}
        text = _norm(value.get("text"))
        if _RELATIVE.match(text) and (prev1 or {}).get("number") is not None:
            # 不低于上年 where 上年 is a number: checkable (docs/vagueness.md); said in the advice
            return Verdict([], self._findings(name, basis, is_target), 0.0, False,
                           f"相对目标：以上年值 {(prev1 or {}).get('text') or ''} 为基准可核验，建议直接写出数值")
        kind = value.get("kind") or ("empty" if not text else "qualitative")
        cat = self.category(name, level1, level2)
        reasons: list[str] = []
        word = ""
        if text in ("无", "0") and self.is_event(name):
            pass  # 重大安全事故 / 无: a binary event, checkable
        elif not text or kind in ("empty", "placeholder") or text in self.no_value:
            if is_target:
                reasons.append("no-value")
        elif kind == "period" or _RANGE.match(text) or _DEADLINE.search(text):
            pass  # a date, a period, a deadline, a numeric range
        elif kind == "quantitative":
            reasons += self._number(name, value, cat)
        else:
            found = self._words(name, text, cat, level2)
            reasons += [r for r, _ in found]
            word = next((w for _, w in found if w), "")
        findings = self._findings(name, basis, is_target)
        reasons = list(dict.fromkeys(reasons))
        score = 1.0
        for r in reasons:
            score *= 1 - self.weights.get(r, 0.5)
        return Verdict(reasons, findings, round(1 - score, 3), bool(reasons), self._advice(reasons, cat, word))

    def _findings(self, name: str, basis: str | None, is_target: bool) -> list[str]:
        """What is wrong with the row but is not vagueness: no basis, a number inside the name."""
        out = []
        if is_target:
            if not basis or basis_of(basis) is None:
                out.append("no-basis")
            if self.has_number_in_name(name):
                out.append("number-in-name")
        return out

    def _number(self, name: str, value: dict, cat: str | None) -> list[str]:
        unit = value.get("unit")
        number = value.get("number")
        n = _norm(name)
        if unit == "%" and not self.is_ratio(n) and cat != "satisfaction" and not self.reads_as_share(n):
            return ["pct-non-ratio"]
        if unit is None and number is not None and Decimal(str(number)) != 0:
            obvious = n.endswith(tuple(self.w["unit_obvious"])) or cat in ("ratio", "satisfaction")
            if not obvious and (n.endswith(tuple(self.w["unit_needed"])) or cat == "cost"):
                return ["missing-unit"]
        return []

    def _words(self, name: str, text: str, cat: str | None, level2: str | None) -> list[tuple[str, str]]:
        """Reasons for a value in words, each with the word that shows it."""
        w = self.w
        if self.named_standard.search(text):
            return []  # 符合《…办法》, 通过验收, 前三名
        if _any_in(w["unranked"], text):
            return [("unverifiable", _any_in(w["unranked"], text))]
        if "可持续" in _norm(level2) and _any_in(w["long_horizon"], text):
            return [("unverifiable", _any_in(w["long_horizon"], text))]
        if re.fullmatch(r"(每|按)?(年|年度|半年|季度|季|月|月度|周|日|天)(更新|一次|一更|报送|巡检|检查|通报)", text):
            return []  # a schedule: checkable
        if re.search(r"\d", text) and not _any_in(self.hedges, text):
            return []  # a condition stated with numbers (故障不多于5次则满意度为100%): checkable
        if text in self.grades and cat is None:
            return []  # a grade on a recognised scale where the indicator cannot be quantified
        if text in self.affirmations:
            if self.is_event(name):
                return []  # one discrete event or deliverable: 是否按时上线 / 是, 规划编制 / 完成
            return [("qualitative", text)] if cat else [("restates-name", text)]
        out: list[tuple[str, str]] = []
        std = _any_in(self.undefined, text)
        if std:
            out.append(("undefined-standard", std))
        hedge = _any_in(self.hedges, text)
        if hedge and not (std and hedge in std):
            out.append(("hedge", hedge))
        for c, words in (("time", w["timeliness_words"]), ("cost", w["cost_words"]), ("satisfaction", w["satisfaction_words"])):
            if cat == c and _any_in(words, text):
                out.append(("qualitative", _any_in(words, text)))
        if cat and not any(r == "qualitative" for r, _ in out):
            out.append(("qualitative", "" if out else text))  # a word where the indicator is naturally a number
        if (not any(r == "qualitative" for r, _ in out) or text == _norm(name)) and self.restates(name, text):
            out.append(("restates-name", ""))
        return out

    def _advice(self, reasons: list[str], cat: str | None, word: str) -> str:
        if not reasons:
            return ""
        r = reasons[0]
        if r == "qualitative":
            return QUALITATIVE_ADVICE.get(cat, QUALITATIVE_ADVICE[None])
        return ADVICE[r].format(word=word or "该词")


class ClassifierLoading:
    """A classifier made in a background thread: spaCy and jieba take about 1.5 s to load, which a build
    spends while its workers extract and the store loads, instead of after. `get` waits for it."""

    def __init__(self) -> None:
        self._made: VaguenessClassifier | None = None
        self._thread = threading.Thread(target=self._load, name="pikg-load-vagueness", daemon=True)
        self._thread.start()

    def _load(self) -> None:
        try:
            self._made = VaguenessClassifier()
        except Exception:  # noqa: BLE001 - `get` raises it again, with the caller's context
            pass

    def join(self) -> None:
        """Wait until the thread is done (a thread that holds an import lock at a later fork hangs the child)."""
        self._thread.join()

    def get(self) -> VaguenessClassifier:
        """The classifier, once loaded (a load that failed is tried again here, to raise its error)."""
        self.join()
        return self._made if self._made is not None else VaguenessClassifier()
