"""Lineage: the same project (and department) across documents and years, with a confidence."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
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


def project_links(projects: list[dict], uses: list[Use], tokens: Callable[[str], list[str]], threshold: float = 0.3,
                  same_body: set[tuple[str, str]] | None = None, body_threshold: float = 0.1) -> list[Link]:
    """Mutually best matches between projects of documents of different years (earlier → later).

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
    same_body = same_body or set()
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
            conf = _confidence(code, name, overlap)
            if conf >= (body_threshold if body else threshold):
                scores[(da, db)][(pa["project"], pb["project"])] = Link(pa["project"], pb["project"], conf, code, round(name, 3), round(overlap, 3))
        for pair_scores in scores.values():
            best_a: dict[str, Link] = {}
            best_b: dict[str, Link] = {}
            for link in pair_scores.values():
                if link.confidence > getattr(best_a.get(link.earlier), "confidence", -1):
                    best_a[link.earlier] = link
                if link.confidence > getattr(best_b.get(link.later), "confidence", -1):
                    best_b[link.later] = link
            links.extend(l for l in best_a.values() if best_b.get(l.later) is l)
    return sorted(links, key=lambda l: (-l.confidence, l.earlier))


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
                links.append(Link(a, b, conf, False, round(name, 3), round(overlap, 3)))
    return sorted(links, key=lambda l: -l.confidence)
