"""Standard indicators (pi:StandardIndicator): wording variants of one indicator merged across documents,
projects and 二级 categories.

A name is an object and a measure (网络安全故障响应 + 时长). Modifiers that do not change what is measured
(全年, 累计, 全区, 的) are dropped, domain synonyms are written one way (等级保护 → 等保), and the measure is
read from the end of the name (or, for a name without a measure word, from its targets' units). Two names
are the same standard indicator when their measures are compatible and their objects are equal, equal up
to word order, or one adds a qualifier in front of the other's head (政府门户网站访问 / 访问). Satisfaction
objects must be equal: satisfaction of different groups differs. The tables are data
(graph/analysis/data/standard.json, each with its source).

Two rows of one table are never merged: links are taken strongest first and a link that would join two
rows of one table, or two different qualifiers of one head, is refused — the chain splits at its weakest
link. A bureau's override file (csv: name, 标准指标 or 不合并) comes first.
"""
from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from graph.model.terms import norm_name
from graph.analysis.usetable import Use

DATA = Path(__file__).with_name("data") / "standard.json"
NO_MERGE = "不合并"
BUCKET_LIMIT = 400  # names compared pairwise within one (measure, head) bucket at most; larger buckets merge exact keys only


@lru_cache(maxsize=1)
def tables() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


@dataclass(frozen=True, slots=True)
class Parsed:
    """A normalised name read as object + measure."""

    name: str
    object: str
    measure: str  # the measure word's class (share, time, count …) or "none"

    @property
    def family(self) -> str:
        return tables()["families"].get(self.measure, self.measure)


_BRACKETS = re.compile(r"[（(][^）)]{0,8}[）)]$|[（(][%％]?[）)]|%$")
_NUMBER_IN_NAME = re.compile(r"(达到?|为|不低于|不少于|≥|>=)?\d+(\.\d+)?%?$")


@lru_cache(maxsize=200_000)
def parse(name: str) -> Parsed:
    """The object and measure of a name (norm_name applied first)."""
    t = tables()
    n = _BRACKETS.sub("", norm_name(name))
    n = _NUMBER_IN_NAME.sub("", n) or n
    for s in t["strip_suffixes"]:
        if n.endswith(s) and len(n) > len(s) + 1:
            n = n[: -len(s)]
    n = _drop_trailer(_drop_trailer(n, t["attainment_verbs"], t["measures"]), t["within_words"], t["time_words"])
    for src in sorted(t["domain_synonyms"], key=len, reverse=True):
        n = n.replace(src, t["domain_synonyms"][src])
    for m in t["modifiers"]:
        if len(n) > len(m) + 1:
            n = n.replace(m, "")
    measure = "none"
    obj = n
    if not n.endswith("质量"):  # 质量 (quality) is not a 量 (amount)
        for word in sorted(t["measures"], key=len, reverse=True):
            if n.endswith(word) and len(n) > len(word):
                measure, obj = t["measures"][word], n[: -len(word)]
                break
    if measure == "satisfaction" and "对" in obj[2:]:
        obj = obj[: obj.index("对", 2)]  # X对Y(的)满意度: the group X
    for verb in t["lead_verbs"]:
        if obj.startswith(verb) and len(obj) - len(verb) >= 2:
            obj = obj[len(verb):]
            break
    for verb in t["lead_verbs"] if measure in ("times", "count", "persons", "person-times", "none") else ():
        if obj.endswith(verb) and len(obj) - len(verb) >= 2:
            obj = obj[: -len(verb)]  # the verb written after its object (消防演练开展次数)
            break
    return Parsed(n, _drop_scope(obj), measure)


def _drop_trailer(n: str, words: list[str], after: dict | tuple) -> str:
    """n without a trailing word of `words` (达, 以内 …) when what is left ends with a word of `after`."""
    for w in words:
        rest = n[: -len(w)]
        if n.endswith(w) and any(rest.endswith(m) and len(rest) > len(m) for m in after):
            return rest
    return n


def _drop_scope(obj: str) -> str:
    """The object without a scope in front (区级, 本级, 区 …): the government level whose budget it is."""
    t = tables()
    if any(obj.startswith(x) for x in t["scope_exceptions"]):
        return obj
    for p in t["scope_prefixes"]:
        if obj.startswith(p) and len(obj) - len(p) >= 2:
            return obj[len(p):]
    return obj


def unit_family(units: Counter) -> str | None:
    """The measure of a name without a measure word, from its targets' commonest unit."""
    t = tables()["unit_family"]
    for unit, _ in units.most_common():
        if unit in t:
            return tables()["families"].get(t[unit], t[unit])
    return None


def _family(p: Parsed, units: Counter) -> str:
    fam = p.family
    if fam == "degree":
        return "share"  # 完整度, 及时性: a share when written with %, as the framework reads them
    if fam == "none":
        return unit_family(units) or "none"
    return fam


def _subsequence(short: str, long_: str) -> bool:
    it = iter(long_)
    return all(c in it for c in short)


def same_object(a: str, b: str, family: str) -> float:
    """How surely two objects of one measure family name the same thing (0: not the same)."""
    if a == b:
        return 1.0 if a else 0.0
    if not a or not b or family == "satisfaction":
        return 0.0  # satisfaction of different groups differs
    if len(a) >= 4 and sorted(a) == sorted(b):
        return 0.9  # word order (科技活动举办 / 举办科技活动)
    if any(x in a and a.replace(x, y) == b or y in a and a.replace(y, x) == b for x, y in tables()["near_synonyms"]):
        return 0.7  # words that usually, not always, mean the same (系统测评 / 等保测评): weaker than a closer variant
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 7 and len(long_) - len(short) == 1 and _subsequence(short, long_):
        return 0.85  # one character dropped from a long name (安全生产 / 安生产)
    if family == "none":
        return 0.0  # a statement with more words in front names a narrower thing (企业发展 / 中小企业发展)
    if len(short) >= 2 and long_.endswith(short):
        return round(0.6 + 0.3 * len(short) / len(long_), 3)  # a qualifier in front of the same head
    if (family != "none" and len(short) >= 4 and len(long_) - len(short) <= 3 and short[-2:] == long_[-2:]
            and _subsequence(short, long_)):
        return round(0.55 + 0.3 * len(short) / len(long_), 3)  # one inserted word (高新技术企业产值 / 高新技术产值)
    return 0.0


def _conflict(a: str, b: str) -> bool:
    """Two objects that qualify one head differently (链路故障修复 / 网络故障修复): different indicators."""
    if a == b or not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    if long_.endswith(short) or sorted(a) == sorted(b) or _subsequence(short, long_):
        return False
    return True


def direction(p: Parsed, family: str, comparators: Counter, level1: str | None) -> str:
    """"negative" when lower is better (costs, times, failures), else "positive". A 成本指标 is a cost; an
    indicator whose targets are mostly floors (≥) is positive even when it is an amount (招商引资金额, 节约资金)."""
    t = tables()
    if (level1 or "").endswith("/cost"):
        return "negative"
    lower = comparators.get("≥", 0) + comparators.get(">", 0)
    if lower and lower > sum(comparators.values()) / 2:
        return "positive"  # targets mostly written as floors (≥): an amount raised or saved, not a cost
    if family in ("time", "money"):
        return "negative"
    obj = p.object
    for trailer in t["negative_trailers"]:
        if obj.endswith(trailer):
            obj = obj[: -len(trailer)]
    last_bad = max((obj.rfind(w) + len(w) for w in t["negative_heads"] if w in obj), default=-1)
    if last_bad > 0 and not any(r in obj[last_bad:] for r in t["remedy_words"]):
        return "negative"
    upper = comparators.get("≤", 0) + comparators.get("<", 0)
    if upper and upper > sum(comparators.values()) / 2:
        return "negative"  # targets mostly written as ceilings (≤)
    return "positive"


@dataclass
class StandardIndicator:
    """One standard indicator: its name, the canonical indicators (pi:Indicator) it merges, its measure and
    direction, and the override lines that shaped it."""

    label: str
    members: list[str]
    measure: str
    direction: str
    overrides: list[str] = field(default_factory=list)


def read_overrides(path: str | Path | None) -> dict[str, str]:
    """A bureau's override csv: normalised name → 标准指标 name, or 不合并 (headers name/名称/指标名称, 标准指标)."""
    if not path:
        return {}
    out: dict[str, str] = {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            name = next((row[k] for k in ("name", "名称", "指标名称", "指标") if row.get(k)), "")
            std = (row.get("标准指标") or row.get("standard") or "").strip()
            if name.strip() and std:
                out[norm_name(name)] = std
    return out


class _Groups:
    """Union-find whose groups remember their rows (goals) and objects, refusing a join that would put two
    rows of one table, or two conflicting qualifiers, into one group."""

    def __init__(self, items: list[str], goals: dict[str, set[str]], objects: dict[str, str]) -> None:
        self.parent = {i: i for i in items}
        self.goals = {i: set(goals.get(i, ())) for i in items}
        self.objects = {i: {objects[i]} for i in items}
        self.locked: set[str] = set()

    def find(self, i: str) -> str:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: str, b: str, force: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if not force:
            if ra in self.locked or rb in self.locked or self.goals[ra] & self.goals[rb]:
                return False  # cannot-link: two rows of one table, or a name kept apart by the bureau
            if any(_conflict(x, y) for x in self.objects[ra] for y in self.objects[rb]):
                return False
        if len(self.goals[ra]) < len(self.goals[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.goals[ra] |= self.goals.pop(rb)
        self.objects[ra] |= self.objects.pop(rb)
        if rb in self.locked:
            self.locked.add(ra)
        return True


def candidate_links(keys: dict[str, tuple[str, str]]) -> list[tuple[float, str, str]]:
    """Scored pairs of indicators whose (family, object) may be the same, found through buckets by family and
    head (the object's last two characters) and by sorted characters: linear in the names for bounded buckets."""
    buckets: dict[tuple, list[str]] = defaultdict(list)
    for ind, (fam, obj) in keys.items():
        buckets[(fam, "head", obj[-2:])].append(ind)
        if len(obj) >= 4:
            buckets[(fam, "chars", "".join(sorted(obj)))].append(ind)
    out: dict[tuple[str, str], float] = {}
    for (fam, _, _), members in buckets.items():
        if len(members) < 2:
            continue
        members = sorted(members)
        if len(members) > BUCKET_LIMIT:
            continue  # exact keys are joined anyway
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                s = same_object(keys[a][1], keys[b][1], fam)
                if s > 0 and keys[a] != keys[b]:
                    out[(a, b)] = max(out.get((a, b), 0.0), s)
    return sorted(((s, a, b) for (a, b), s in out.items()), key=lambda x: (-x[0], x[1], x[2]))


def standard_indicators(uses: list[Use], overrides: dict[str, str] | None = None) -> tuple[dict[str, str], list[StandardIndicator]]:
    """Every canonical indicator's standard indicator (indicator IRI → index into the list), and the list."""
    overrides = overrides or {}
    name: dict[str, str] = {}
    goals: dict[str, set[str]] = defaultdict(set)
    units: dict[str, Counter] = defaultdict(Counter)
    cmps: dict[str, Counter] = defaultdict(Counter)
    level1: dict[str, Counter] = defaultdict(Counter)
    uses_of: Counter = Counter()
    for u in uses:
        name.setdefault(u.indicator, u.indicator_label or u.name)
        goals[u.indicator].add(u.goal)
        uses_of[u.indicator] += 1
        if u.target.unit:
            units[u.indicator][u.target.unit] += 1
        if u.target.comparator:
            cmps[u.indicator][u.target.comparator] += 1
        if u.level1:
            level1[u.indicator][u.level1] += 1
    items = sorted(name)
    parsed = {i: parse(name[i]) for i in items}
    keys = {i: (_family(parsed[i], units[i]), parsed[i].object) for i in items}
    g = _Groups(items, goals, {i: keys[i][1] for i in items})
    # the bureau's overrides first: 不合并 locks a name alone; a 标准指标 joins every name given it
    forced: dict[str, list[str]] = defaultdict(list)
    by_norm: dict[str, list[str]] = defaultdict(list)
    for i in items:
        by_norm[norm_name(name[i])].append(i)
    for n, std in overrides.items():
        for i in by_norm.get(n, []):
            if std == NO_MERGE:
                g.locked.add(i)
            else:
                forced[std].append(i)
    for std, members in forced.items():
        members = members + by_norm.get(norm_name(std), [])
        for m in members[1:]:
            g.join(members[0], m, force=True)
        g.locked.add(g.find(members[0]))
    # then names with the same key, then the scored links, strongest first
    same_key: dict[tuple[str, str], list[str]] = defaultdict(list)
    for i in items:
        if keys[i][1] and i not in g.locked:
            same_key[keys[i]].append(i)
    for members in same_key.values():
        for m in members[1:]:
            g.join(members[0], m)
    for _, a, b in candidate_links({i: k for i, k in keys.items() if k[1]}):
        g.join(a, b)
    groups: dict[str, list[str]] = defaultdict(list)
    for i in items:
        groups[g.find(i)].append(i)
    label_of_forced = {g.find(ms[0]): std for std, ms in forced.items()}
    note: dict[str, list[str]] = defaultdict(list)
    for n, std in overrides.items():
        for i in by_norm.get(n, []):
            note[g.find(i)].append(f"{name[i]} → {std}")
    out: list[StandardIndicator] = []
    index: dict[str, str] = {}
    for root, members in sorted(groups.items(), key=lambda kv: sorted(kv[1])[0]):
        head = max(sorted(members), key=lambda m: (uses_of[m], -len(name[m])))
        label = label_of_forced.get(root, name[head])
        fam = keys[head][0]
        c = sum((cmps[m] for m in members), Counter())
        l1 = sum((level1[m] for m in members), Counter()).most_common(1)
        std = StandardIndicator(label, sorted(members), fam, direction(parsed[head], fam, c, l1[0][0] if l1 else None),
                                sorted(note.get(root, [])))
        for m in members:
            index[m] = str(len(out))
        out.append(std)
    return index, out


def same_standard(a: str, b: str, units_a: Counter | None = None, units_b: Counter | None = None) -> bool:
    """Whether two names, on their own, read as one standard indicator (for labelled pairs and tests)."""
    pa, pb = parse(a), parse(b)
    fa, fb = _family(pa, units_a or Counter()), _family(pb, units_b or Counter())
    if fa != fb:
        return False
    return (pa.object == pb.object and bool(pa.object)) or same_object(pa.object, pb.object, fa) > 0
