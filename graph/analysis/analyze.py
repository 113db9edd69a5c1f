"""Run the analyses over a store and write their results back as triples (the analysis graph).

Vagueness of every target and baseline, reuse counts, near-duplicate indicators and their clusters,
copied indicator sets, project and department lineage, consistency findings. The analysis graph is
replaced whole on every run, so it always reflects the documents in the store.
"""
from __future__ import annotations

import hashlib
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from graph.analysis.consistency import Finding, baseline_findings, findings, row_finding
from graph.analysis.lineage import Link, department_links, project_links
from graph.analysis.reuse import clusters, copied_sets, near_duplicates, restatements, reuse_counts
from graph.analysis.standard import read_overrides, standard_indicators
from graph.store.base import GraphStore
from graph.model.terms import ANALYSIS_GRAPH, FW, ID, PI, RDF, RDFS, SKOS, Triples
from graph.analysis.usetable import Use, read_budget_histories, read_projects, read_uses
from graph.analysis.vagueness import VaguenessClassifier


@dataclass
class AnalysisReport:
    uses: int = 0
    vague: int = 0
    standard_indicators: int = 0
    restating: int = 0
    indicators: int = 0
    near_duplicate_pairs: int = 0
    clusters: int = 0
    copied_sets: int = 0  # groups of identical indicator sets
    near_copies: int = 0  # pairs of nearly identical sets
    project_links: int = 0
    department_links: int = 0
    project_candidates: int = 0
    department_candidates: int = 0
    findings: dict[str, int] = field(default_factory=dict)
    triples: int = 0

    def text(self) -> str:
        from graph.model.labels import concept_labels

        zh = concept_labels()  # each finding by its Chinese label (fw:finding-… prefLabel), its code where it has none
        f = "，".join(f"{zh.get('finding-' + k, k)} {v}" for k, v in sorted(self.findings.items()))
        return (f"指标行 {self.uses} 行，其中目标模糊 {self.vague} 行"
                f"（{self.vague / self.uses:.0%}）；{self.indicators} 个指标归入 {self.standard_indicators} 个标准指标；部门表中 {self.restating} 行重述项目的指标；近似指标 {self.near_duplicate_pairs} 对，成 {self.clusters} 簇；"
                f"完全相同的指标集 {self.copied_sets} 组，近似复制 {self.near_copies} 对；跨年关联：项目 {self.project_links} 条、部门 {self.department_links} 条"
                f"（候选 {self.project_candidates} 条和 {self.department_candidates} 条）；发现：{f}；分析三元组 {self.triples} 条"
                if self.uses else "存储中没有指标行")


def _h(*parts: str) -> str:
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:16]


def analyze(store: GraphStore, clf: VaguenessClassifier | None = None, standard_overrides: str | Path | None = None) -> AnalysisReport:
    """Analyse everything in the store and replace its analysis graph (with `clf`, or a classifier of its own;
    `standard_overrides`: a bureau's csv of name → 标准指标 or 不合并)."""
    with tempfile.TemporaryDirectory(prefix="pikg-analysis-") as tmp:
        path = Path(tmp) / "analysis.nt"
        with path.open("w", encoding="utf-8") as f:
            # the triples go to the file as they are made; every table of the analyses is freed when
            # analysis_triples returns, before the store loads the file
            rep = analysis_triples(store, Triples(spool=f), clf if clf is not None else VaguenessClassifier(),
                                   read_overrides(standard_overrides))
        # Oxigraph (a build's scratch copy or a store in memory) takes it by the bulk loader, in chunks
        store.replace_graph_from_file(ANALYSIS_GRAPH, path)
    return rep


def analysis_triples(store: GraphStore, t: Triples, clf: VaguenessClassifier, overrides: dict[str, str] | None = None) -> AnalysisReport:
    """Run every analysis over the store's uses and projects, adding the results to `t`."""
    uses = read_uses(store)
    projects = read_projects(store)
    rep = AnalysisReport(uses=len(uses))
    row_findings = _vagueness_triples(uses, clf, t, rep)
    standard, direction, restating = _standard_triples(uses, overrides or {}, t, rep)
    counted = [u for u in uses if u.iri not in restating]  # a department table restating a project counts once
    row_findings = [f for f in row_findings if f.use not in restating]
    pairs = _reuse_triples(counted, t, rep, standard)
    plinks = _lineage_triples(projects, uses, clf.tokens, t, rep, read_budget_histories(store))
    _finding_triples(counted, projects, plinks, pairs, row_findings, t, rep, standard, direction)
    rep.triples = len(t)
    return rep


def _vagueness_triples(uses: list[Use], clf: VaguenessClassifier, t: Triples, rep: AnalysisReport) -> list[Finding]:
    """Vagueness of every target (with its basis) and baseline, and the vague rate of everything that owns
    targets; the row findings (no basis, a number in the name) are handed back."""
    vague_by: dict[str, list[bool]] = defaultdict(list)
    cache: dict[tuple, object] = {}
    row_findings: list[Finding] = []
    for u in uses:
        for which, val in (("target", u.target), ("prev1", u.prev1), ("prev2", u.prev2)):
            if which != "target" and val.raw is None:
                continue
            base = u.prev1.as_dict() if which == "target" and u.prev1.raw else None
            key = (u.name, val.raw, val.kind, val.unit, val.number, u.basis_label if which == "target" else None, which == "target",
                   u.level1_label, u.level2_label, (base or {}).get("number"))
            if key not in cache:
                cache[key] = clf.classify(u.name, val.as_dict(), u.basis_label, which == "target", u.level1_label, u.level2_label, base)
            v = cache[key]
            node = u.iri if which == "target" else val.node
            if not node:
                continue
            for reason in v.reasons:
                t.add_iri(node, PI + "vaguenessReason", f"{FW}vague-{reason}")
            t.add_lit(node, PI + "vaguenessScore", float(v.score))
            t.add_lit(node, PI + "isVague", v.vague)
            t.add_lit(node, PI + "vaguenessAdvice", v.advice, "zh")
            if which == "target":
                row_findings += [row_finding(f, u) for f in v.findings]
                rep.vague += v.vague
                for owner in (u.project, u.dept, u.indicator, u.doc_iri):
                    if owner:
                        vague_by[owner].append(v.vague)
    for owner, flags in vague_by.items():
        t.add_lit(owner, PI + "vagueRate", round(sum(flags) / len(flags), 4))
    return row_findings


def standard_iri(label: str) -> str:
    return f"{ID}standard/{_h(label)}"


def _standard_triples(uses: list[Use], overrides: dict[str, str], t: Triples,
                      rep: AnalysisReport) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Standard indicators with their members, measure, direction, variants, counts and overrides, and the
    department-table rows that restate a project's row (pi:restates); the map indicator IRI → standard indicator
    IRI, the map indicator IRI → its standard indicator's direction and the restating uses are handed back."""
    index, stds = standard_indicators(uses, overrides)
    iri_of: list[str] = []
    seen: set[str] = set()
    for s in stds:
        n = standard_iri(s.label)
        while n in seen:
            n = standard_iri(s.label + "|" + s.members[0])
        seen.add(n)
        iri_of.append(n)
    label = {u.indicator: (u.indicator_label or u.name) for u in uses}
    for s, n in zip(stds, iri_of):
        t.add_iri(n, RDF + "type", PI + "StandardIndicator")
        t.add_lit(n, SKOS + "prefLabel", s.label, "zh")
        t.add_iri(n, PI + "measure", f"{FW}measure-{s.measure}")
        t.add_iri(n, PI + "direction", f"{FW}direction-{s.direction}")
        names = sorted({label[m] for m in s.members})
        t.add_lit(n, PI + "variantLabels", "；".join(names))
        for v in names:
            if v != s.label:
                t.add_lit(n, SKOS + "altLabel", v, "zh")
        for line in s.overrides:
            t.add_lit(n, PI + "overrideNote", line, "zh")
        for m in s.members:
            t.add_iri(m, PI + "standardIndicator", n)
    std_of = {ind: iri_of[int(k)] for ind, k in index.items()}
    direction_of = {ind: stds[int(k)].direction for ind, k in index.items()}
    restating = restatements(uses, std_of)
    for a, b in restating.items():
        t.add_iri(a, PI + "restates", b)
    rep.restating = len(restating)
    counted = [u for u in uses if u.indicator in std_of and u.iri not in restating]
    for std, st in reuse_counts(counted, key=lambda u: std_of[u.indicator]).items():
        t.add_lit(std, PI + "useCount", st.uses)
        t.add_lit(std, PI + "projectCount", st.projects)
        t.add_lit(std, PI + "departmentCount", st.departments)
        t.add_lit(std, PI + "yearCount", st.years)
    rep.standard_indicators, rep.indicators = len(stds), len(index)
    return std_of, direction_of, restating


def _reuse_triples(uses: list[Use], t: Triples, rep: AnalysisReport, std_of: dict[str, str] | None = None) -> list[tuple[str, str, float]]:
    """Reuse counts, near-duplicate indicators ("related": not of one standard indicator) and their clusters,
    copied indicator sets; the near-duplicate pairs are handed back."""
    std_of = std_of or {}
    for ind, s in reuse_counts(uses).items():
        t.add_lit(ind, PI + "useCount", s.uses)
        t.add_lit(ind, PI + "projectCount", s.projects)
        t.add_lit(ind, PI + "departmentCount", s.departments)
        t.add_lit(ind, PI + "yearCount", s.years)
    pairs = [p for p in near_duplicates(uses) if std_of.get(p[0], p[0]) != std_of.get(p[1], p[1])]
    rep.near_duplicate_pairs = len(pairs)
    for a, b, score in pairs:
        t.add_iri(a, SKOS + "closeMatch", b)
        t.add_iri(b, SKOS + "closeMatch", a)
    label = {u.indicator: u.name for u in uses}
    count = defaultdict(int)
    for u in uses:
        count[u.indicator] += 1
    groups = clusters(pairs)
    rep.clusters = len(groups)
    for members in groups:
        c = f"{ID}cluster/{_h(*sorted(members))}"
        head = max(sorted(members), key=lambda m: count[m])
        t.add_iri(c, RDF + "type", PI + "IndicatorCluster")
        t.add_lit(c, SKOS + "prefLabel", label.get(head, ""), "zh")
        for m in sorted(members):
            t.add_iri(c, PI + "member", m)
    same, copies = copied_sets(uses, std_of=std_of)
    rep.copied_sets, rep.near_copies = len(same), len(copies)
    for grp in same:
        n = f"{ID}setgroup/{_h(*grp.goals)}"
        t.add_iri(n, RDF + "type", PI + "IndicatorSetGroup")
        t.add_lit(n, PI + "sharedIndicators", grp.size)
        for g in grp.goals:
            t.add_iri(n, PI + "memberGoal", g)
    for cp in copies:
        n = f"{ID}setcopy/{_h(cp.a, cp.b)}"
        t.add_iri(n, RDF + "type", PI + "IndicatorSetCopy")
        t.add_iri(n, PI + "fromGoal", cp.a)
        t.add_iri(n, PI + "toGoal", cp.b)
        t.add_lit(n, PI + "jaccard", float(cp.jaccard))
        t.add_lit(n, PI + "sharedIndicators", cp.shared)
    return pairs


def _lineage_triples(projects: list[dict], uses: list[Use], tokens: Callable[[str], list[str]], t: Triples,
                     rep: AnalysisReport, histories: dict | None = None) -> list[Link]:
    """Department and project lineage links, with their evidence; links below lineage.ASSERT are candidates
    (pi:ProjectLinkCandidate, pi:DepartmentLinkCandidate) and assert nothing; `histories`: the printed budget
    histories (pi:budgetHistory) by project. The asserted project links are handed back."""
    dlinks = department_links(uses)
    plinks = project_links(projects, uses, tokens, same_body={(l.earlier, l.later) for l in dlinks},
                           histories=histories)
    for kind, links, same in (("ProjectLink", plinks, "sameProjectAs"),
                              ("DepartmentLink", dlinks, "sameDepartmentAs")):
        for link in links:
            n = f"{ID}link/{_h(link.earlier, link.later)}"
            t.add_iri(n, RDF + "type", PI + (kind + "Candidate" if link.candidate else kind))
            t.add_iri(n, PI + "earlier", link.earlier)
            t.add_iri(n, PI + "later", link.later)
            t.add_lit(n, PI + "linkConfidence", float(link.confidence))
            t.add_lit(n, PI + "codeMatch", link.code_match)
            t.add_lit(n, PI + "nameSimilarity", float(link.name_similarity))
            t.add_lit(n, PI + "indicatorOverlap", float(link.indicator_overlap))
            t.add_lit(n, PI + "budgetHistoryMatch", link.budget_match)
            t.add_lit(n, PI + "unitCodeMatch", link.unit_code_match)
            t.add_lit(n, PI + "linkEvidence", link.evidence, "zh")
            if not link.candidate:  # a candidate is listed, not asserted
                t.add_iri(link.earlier, PI + same, link.later)
                t.add_iri(link.later, PI + same, link.earlier)
        asserted = sum(not l.candidate for l in links)
        if kind == "ProjectLink":
            rep.project_links, rep.project_candidates = asserted, len(links) - asserted
        else:
            rep.department_links, rep.department_candidates = asserted, len(links) - asserted
    return [l for l in plinks if not l.candidate]


def _finding_triples(uses: list[Use], projects: list[dict], plinks: list[Link], pairs: list[tuple[str, str, float]],
                     row_findings: list[Finding], t: Triples, rep: AnalysisReport, std_of: dict[str, str] | None = None,
                     direction_of: dict[str, str] | None = None) -> None:
    """Consistency findings, with the row findings of the vagueness pass: each with its severity
    (fw:severity-*), a sentence for an opinion, and the further rows it gathers (pi:alsoAbout)."""
    close = {(a, b) for a, b, _ in pairs} | {(b, a) for a, b, _ in pairs}
    all_findings = findings(uses, projects, std_of, direction_of) + baseline_findings(uses, [(l.earlier, l.later) for l in plinks], close, std_of) + row_findings
    for f in all_findings:
        n = f"{ID}finding/{_h(f.kind, f.use, f.related or '')}"
        t.add_iri(n, RDF + "type", PI + "Finding")
        t.add_iri(n, PI + "findingType", f"{FW}finding-{f.kind}")
        t.add_iri(n, PI + "about", f.use)
        t.add_iri(n, PI + "related", f.related)
        t.add_lit(n, RDFS + "comment", f.detail, "zh")
        t.add_iri(n, PI + "severity", f"{FW}severity-{f.severity}")
        t.add_lit(n, PI + "opinion", f.opinion, "zh")
        for other in f.also:
            t.add_iri(n, PI + "alsoAbout", other)
        rep.findings[f.kind] = rep.findings.get(f.kind, 0) + 1
