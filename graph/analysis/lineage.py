"""Lineage: the same project (and department) across documents and years, with a confidence and its evidence.

Evidence for a project link: equal codes, the budget unit inside the codes, similar names, the overlap of their
indicators (standard indicators or near-identical names, or shared content words) and — strongest — the later
form's printed budget history ("2024 年预算为 145 万") against the earlier project's budget of that year.
Confidence: c = 1 − Π(1 − weight) over the code, name and overlap evidence (as before); a printed history equal
to the earlier budget lifts it to 1 − 0.1 × (1 − c) when c ≥ 0.1 (some other evidence), one that differs
halves it, and so does a later code created by the earlier year under another budget unit (the later project
already existed elsewhere). A link at ≥ 0.5 is asserted
(pi:sameProjectAs); a weaker one is a candidate (pi:ProjectLinkCandidate), listed for a reviewer, not asserted.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

from graph.model.terms import norm_name
from graph.analysis.usetable import Use


@dataclass
class Link:
    earlier: str  # project IRI (or department IRI)
    later: str
    confidence: float
    code_match: bool
    name_similarity: float
    indicator_overlap: float
    budget_match: bool | None = None  # the later form's printed budget for the earlier year equals the earlier budget
    unit_code_match: bool | None = None
    evidence: str = ""

    @property
    def candidate(self) -> bool:
        """Too weak to assert: listed for a reviewer (confidence below ASSERT)."""
        return self.confidence < ASSERT


def _ratio(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.ratio(norm_name(a), norm_name(b)) / 100


def soft_jaccard(a: set[str], b: set[str], cutoff: float = 0.75) -> float:
    """Jaccard over two sets of indicator names where near-identical names (ratio ≥ cutoff) count as equal."""
    from rapidfuzz import fuzz, process

    if not a or not b:
        return 0.0
    bl = sorted(b)
    used: set[int] = set()
    matched = 0
    for x in sorted(a):
        best = process.extractOne(x, bl, scorer=fuzz.ratio, score_cutoff=cutoff * 100,
                                  processor=None)
        if best and best[2] not in used:
            used.add(best[2])
            matched += 1
    return matched / (len(a) + len(b) - matched)


def _name_overlap(a: str, b: str) -> float:
    """Character-set Jaccard of two department names without their district (renamed bureaus keep their words)."""
    ar, br = area(a) or "", area(b) or ""
    sa = set(a.split(ar, 1)[-1] if ar else a) - set("市区县")
    sb = set(b.split(br, 1)[-1] if br else b) - set("市区县")
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0


def area(label: str) -> str | None:
    """The district or county a department belongs to (武汉市汉阳区经信局 → 汉阳区)."""
    import re

    m = re.match(r"^(?:[\u4e00-\u9fff]{2,3}[省市])?([\u4e00-\u9fff]{1,3}?[区县])", label or "")
    return m.group(1) if m else None


ASSERT = 0.5  # links at or above are asserted (pi:sameProjectAs); below, candidates
OTHER_EVIDENCE = 0.1  # an equal printed budget lifts a pair only with some other evidence (45 万 is a common sum)


def _confidence(code: bool, name: float, overlap: float) -> float:
    keep = 1.0
    if code:
        keep *= 1 - 0.95
    if name >= 0.75:
        keep *= 1 - 0.85 * name
    keep *= 1 - 0.8 * overlap
    return round(1 - keep, 3)


_STOP = set("的 和 及 与 等 率 数 量 个 次 是 对 在 度 全年 全区 工作 指标 完成".split())


def topic_overlap(a: set[str], b: set[str]) -> float:
    """Jaccard of the content words (jieba tokens of two or more characters) of two projects' indicator names."""
    return len(a & b) / len(a | b) if a and b else 0.0


def with_budget(conf: float, budget: bool | None) -> float:
    """The confidence after the printed budget history: equal lifts it (weight 0.9), different halves it."""
    if budget is True:
        return round(1 - (1 - conf) * 0.1, 3)
    if budget is False:
        return round(conf / 2, 3)
    return conf


def project_links(projects: list[dict], uses: list[Use], tokens: Callable[[str], list[str]], threshold: float = 0.3,
                  same_body: set[tuple[str, str]] | None = None, body_threshold: float = 0.1,
                  histories: dict[str, dict[int, Decimal]] | None = None) -> list[Link]:
    """One-to-one matches between projects of documents of different years (earlier → later), strongest first.

    Evidence: equal codes, similar names, and the overlap of their indicators (near-identical names, or
    shared content words). Between documents of one body (the same department, or departments linked as
    renamed: `same_body` holds such department pairs) a weaker mutual best match is kept, with its low
    confidence, since a renamed department often renames its projects too. `tokens` splits a name into
    words (the vagueness classifier's jieba tokens).

    Blocking keeps the cost near-linear: projects are compared within one district only; within a body all
    pairs, across bodies only pairs that share a code, a name, a rare content word of their indicators or a
    rare pair of characters of their names (a link needs one of them to reach `threshold`).
    """
    names: dict[str, set[str]] = defaultdict(set)
    words: dict[str, set[str]] = defaultdict(set)
    dept_of: dict[str, str | None] = {}
    area_of: dict[str, str | None] = {}
    for u in uses:
        area_of[u.doc] = area(u.dept_label or "")
        if u.project:
            names[u.project].add(norm_name(u.name))
            words[u.project] |= {t for t in tokens(norm_name(u.name)) if len(t) > 1 and t not in _STOP}
            dept_of[u.doc] = u.dept
    same_body, histories = same_body or set(), histories or {}
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for p in projects:
        by_doc[p["doc_id"]].append(p)
    by_area: dict[str | None, list[str]] = defaultdict(list)
    for d in by_doc:
        by_area[area_of.get(d)].append(d)
    links: list[Link] = []
    for docs in by_area.values():
        items = [(d, p) for d in docs for p in by_doc[d]]
        scores: dict[tuple[str, str], dict[tuple[str, str], Link]] = defaultdict(dict)
        for i, j in _candidates(items, dept_of, same_body, words):
            (da, pa), (db, pb) = items[i], items[j]
            ya, yb = by_doc[da][0].get("year"), by_doc[db][0].get("year")
            if da == db or (ya and yb and ya == yb):
                continue
            if (ya or 0, da) > (yb or 0, db):
                (da, pa), (db, pb) = (db, pb), (da, pa)
            body = dept_of.get(da) == dept_of.get(db) or (dept_of.get(da), dept_of.get(db)) in same_body
            code = bool(pa.get("code")) and pa.get("code") == pb.get("code")
            name = _ratio(pa["name"], pb["name"])
            overlap = max(soft_jaccard(names[pa["project"]], names[pb["project"]]),
                          topic_overlap(words[pa["project"]], words[pb["project"]]))
            budget, evidence = budget_evidence(pa, histories.get(pb["project"], {}))
            base = _confidence(code, name, overlap)
            conf = with_budget(base, budget if base >= OTHER_EVIDENCE or budget is False else None)
            if not code and code_contradicts(pa.get("code"), pb.get("code"), by_doc[da][0].get("year")):
                conf = round(conf / 2, 3)
                evidence = "；".join(x for x in (evidence, f"较晚项目编码 {pb.get('code')} 早已存在于另一预算单位") if x)
            ua, ub = unit_code(pa.get("code")), unit_code(pb.get("code"))
            if conf >= (body_threshold if body else threshold):
                scores[(da, db)][(pa["project"], pb["project"])] = Link(
                    pa["project"], pb["project"], conf, code, round(name, 3), round(overlap, 3), budget,
                    ua == ub if ua and ub else None, evidence_sentence(code, name, overlap, evidence))
        for pair_scores in scores.values():
            links.extend(one_to_one(pair_scores.values()))
    return sorted(links, key=lambda l: (-l.confidence, l.earlier))


def one_to_one(scored) -> list[Link]:
    """Links between two documents' projects, each project in at most one: strongest first (a project whose
    best match was taken by a stronger link keeps its next best — a budget equal by chance to another
    project's history does not cost the project its own continuation)."""
    taken_a: set[str] = set()
    taken_b: set[str] = set()
    out: list[Link] = []
    for link in sorted(scored, key=lambda l: (-l.confidence, l.earlier, l.later)):
        if link.earlier not in taken_a and link.later not in taken_b:
            taken_a.add(link.earlier)
            taken_b.add(link.later)
            out.append(link)
    return out


def _candidates(items: list[tuple[str, dict]], dept_of: dict, same_body: set[tuple[str, str]],
                words: dict[str, set[str]]) -> set[tuple[int, int]]:
    """Pairs of (document, project) items of one district worth scoring: every pair within one body, and
    across bodies the pairs that share a blocking key held by few projects."""
    out: set[tuple[int, int]] = set()
    by_body: dict[str | None, list[int]] = defaultdict(list)
    linked = defaultdict(set)
    for a, b in same_body:
        linked[a].add(b)
        linked[b].add(a)
    for i, (d, _) in enumerate(items):
        by_body[dept_of.get(d)].append(i)
    for dept, members in by_body.items():
        group = list(members) + [k for other in linked.get(dept, ()) for k in by_body.get(other, [])]
        out.update((min(i, j), max(i, j)) for i in members for j in group if i != j)
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, (_, p) in enumerate(items):
        name = norm_name(p["name"])
        keys = {("name", name)} | {("word", w) for w in words.get(p["project"], ())}
        keys |= {("chars", name[k:k + 2]) for k in range(len(name) - 1)}
        if p.get("code"):
            keys.add(("code", p["code"]))
        for key in keys:
            index[key].append(i)
    cap = max(20, len(items) // 20)  # a key most projects share (满意度, 项目) says nothing
    for key, members in index.items():
        if len(members) <= cap or key[0] in ("name", "code"):
            out.update((min(i, j), max(i, j)) for n, i in enumerate(members) for j in members[n + 1:])
    return out


def department_links(uses: list[Use], threshold: float = 0.3) -> list[Link]:
    """Departments of different years that are one body (renamed or reorganised): name and indicator overlap."""
    info: dict[str, dict] = {}
    for u in uses:
        if not u.dept:
            continue
        d = info.setdefault(u.dept, {"label": u.dept_label or "", "years": set(), "names": set()})
        if u.year:
            d["years"].add(u.year)
        d["names"].add(norm_name(u.name))
    links = []
    items = sorted(info.items(), key=lambda kv: (min(kv[1]["years"] or {0}), kv[0]))
    for i, (a, ia) in enumerate(items):
        for b, ib in items[i + 1:]:
            if not ia["years"] or not ib["years"] or max(ia["years"]) >= min(ib["years"]):
                continue
            aa, ab = area(ia["label"]), area(ib["label"])
            if aa and ab and aa != ab:
                continue  # one body belongs to one district: departments of two districts are never the same
            name = _name_overlap(ia["label"], ib["label"])
            overlap = soft_jaccard(ia["names"], ib["names"])
            same_area = bool(area(ia["label"])) and area(ia["label"]) == area(ib["label"])
            keep = (1 - 0.85 * name if same_area and name >= 0.5 else 1.0) * (1 - 0.8 * (overlap if same_area else overlap / 2))
            conf = round(1 - keep, 3)
            if conf >= threshold:
                links.append(Link(a, b, conf, False, round(name, 3), round(overlap, 3),
                                  evidence=evidence_sentence(False, name, overlap, "", names_of="单位名称")))
    return sorted(links, key=lambda l: -l.confidence)


def evidence_sentence(code: bool, name: float, overlap: float, more: str = "", names_of: str = "项目名称") -> str:
    """What a link rests on, in one Chinese sentence a reviewer can check: the code, the names' similarity,
    the indicators' overlap and any further evidence (`more`: the printed budget history, a contradicting code)."""
    parts = ["项目编码相同" if code else "",
             f"{names_of}相似度 {round(name * 100)}%",
             f"绩效指标重合度 {round(overlap * 100)}%", more]
    return "；".join(p for p in parts if p)


# ---------------------------------------------------------------- printed budget history (issue 34)

def budget_evidence(earlier: dict, later_history: dict[int, Decimal]) -> tuple[bool | None, str]:
    """Whether the later form's printed budget for the earlier document's year equals the earlier project's
    budget that year (within 0.5%): True; False when it differs and no printed year has that budget; None when
    either is not printed, the printed figure is 0 (a form left at 0 says nothing), or the budget is printed
    for another year (a history shifted by a year is no contradiction). With a sentence saying what was compared."""
    year, budget = earlier.get("year"), earlier.get("year_budget_yuan")
    if not year or budget is None or int(year) not in later_history or not later_history[int(year)]:
        return None, ""
    printed, budget = Decimal(str(later_history[int(year)])), Decimal(str(budget))
    close = lambda x: abs(Decimal(str(x)) - budget) <= max(Decimal(1), budget * Decimal("0.005"))  # noqa: E731
    said = f"较晚文件印{year}年预算 {_wan(printed)} 万元，较早文件该项目当年预算 {_wan(budget)} 万元"
    if close(printed):
        return True, said + "，一致"
    other = [y for y, v in sorted(later_history.items()) if close(v)]
    if other:
        return None, said + f"，与所印{other[0]}年预算一致（年份错位，不作证据）"
    return False, said + "，不一致"


def code_contradicts(earlier_code: str | None, later_code: str | None, earlier_year: int | None) -> bool:
    """The later project's code was created in or before the earlier document's year under another budget
    unit: it already existed elsewhere when the earlier project was budgeted, so it does not continue it."""
    ea, lb = _code_parts(earlier_code), _code_parts(later_code)
    if not ea or not lb or not earlier_year:
        return False
    return 2000 + lb[0] <= int(earlier_year) and lb[1] != ea[1]


def _code_parts(code: str | None) -> tuple[int, str] | None:
    m = re.match(r"^\d{6}(\d{2})(\d{3})[A-Z]", code or "")
    return (int(m.group(1)), m.group(2)) if m else None


def _wan(yuan: Decimal) -> str:
    return format((Decimal(str(yuan)) / 10_000).normalize(), "f")


def unit_code(code: str | None) -> str | None:
    """The budget unit inside a project code (42010523031T…: district 420105, year 23, unit 031)."""
    parts = _code_parts(code)
    return parts[1] if parts else None
