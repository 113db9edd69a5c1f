"""The review opinion (审核意见) a bureau sends back, as data: which documents, the summary (targets, vague
share, findings by severity, decisions), and per project the flagged rows with reason, advice, the reviewer's
decision and comment; decisions that match no row any more are listed at the end."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from graph.review.decisions import Decision, DecisionStore, unmatched
from graph.review.rows import Document, Flag, Queryable, Row, document_rows, documents, flag_keys, projects

SEVERITIES = (("high", "高"), ("medium", "中"), ("low", "低"))
UNDECIDED = "未审核"


class ReviewError(Exception):
    """A review that cannot be written (an unknown document or department); the message is Chinese."""


@dataclass
class FlagLine:
    """One flag of one row, with the reviewer's decision on it (None: not decided)."""

    row: Row
    flag: Flag
    decision: Decision | None

    @property
    def decision_label(self) -> str:
        return self.decision.label if self.decision else UNDECIDED

    @property
    def comment(self) -> str:
        return self.decision.comment if self.decision else ""


@dataclass
class ProjectOpinion:
    title: str
    lines: list[FlagLine]


@dataclass
class DocumentOpinion:
    document: Document
    targets: int
    vague: int
    severities: Counter
    projects: list[ProjectOpinion]
    unmatched: list[Decision] = field(default_factory=list)

    @property
    def decisions(self) -> Counter:
        return Counter(line.decision_label for p in self.projects for line in p.lines)


def select_documents(store: Queryable, which: str | None) -> list[Document]:
    """The documents a review covers: one by its file stem, every year of a department by its name, or all."""
    docs = documents(store)
    if not docs:
        raise ReviewError("知识图谱中没有文件：请先用 pikg build 建库")
    if not which:
        return docs
    chosen = [d for d in docs if d.id == which] or [d for d in docs if d.department == which]
    if not chosen:
        known = "、".join(f"{d.id}（{d.label}）" for d in docs[:10]) + ("……" if len(docs) > 10 else "")
        raise ReviewError(f"知识图谱中没有文件或部门「{which}」；可选的文件：{known}")
    return chosen


def document_opinion(store: Queryable, doc: Document, decisions: list[Decision]) -> DocumentOpinion:
    """One document's part of the opinion, its decisions matched to its rows by their keys."""
    rows = document_rows(store, doc.id)
    mine = [d for d in decisions if d.key.document == doc.id]
    by_key = {d.key: d for d in mine}
    severities = Counter(f.severity for r in rows for f in r.flags if f.severity)
    out = []
    for p in projects(rows):
        lines = [FlagLine(r, f, by_key.get(r.key(f.code))) for r in p.rows for f in r.flags]
        if lines:
            out.append(ProjectOpinion(p.title, lines))
    return DocumentOpinion(doc, len(rows), sum(r.vague for r in rows), severities, out, unmatched(mine, flag_keys(rows)))


def review_opinion(store: Queryable, which: str | None, decisions: DecisionStore,
                   say: Callable[[str], None] = lambda m: None) -> list[DocumentOpinion]:
    """The opinion on the chosen documents; the review file must exist (decisions are what it reports)."""
    docs = select_documents(store, which)
    known = decisions.all([d.id for d in docs], must_exist=True)
    out = []
    for k, doc in enumerate(docs, 1):
        say(f"读取第 {k}/{len(docs)} 个文件：{doc.label}（{doc.id}）")
        out.append(document_opinion(store, doc, known))
    return out


def summary_lines(op: DocumentOpinion) -> list[tuple[str, str]]:
    """The summary of one document as (label, value) pairs, as both files print it."""
    share = f"{op.vague / op.targets:.1%}" if op.targets else "—"
    sev = "，".join(f"{zh} {op.severities.get(code, 0)} 条" for code, zh in SEVERITIES)
    dec = op.decisions
    return [("部门", op.document.department), ("年度", f"{op.document.year or '—'}"), ("文件", op.document.id),
            ("指标值", f"{op.targets} 个"), ("模糊指标值", f"{op.vague} 个（占 {share}）"),
            ("一致性发现", f"{sum(op.severities.values())} 条（{sev}）"),
            ("审核结论", f"采纳 {dec.get('采纳', 0)} 条，不采纳 {dec.get('不采纳', 0)} 条，未审核 {dec.get(UNDECIDED, 0)} 条"),
            ("未匹配的审核意见", f"{len(op.unmatched)} 条")]


def flag_reason(line: FlagLine) -> tuple[str, str]:
    """(reason, advice) of a flag as the files print them: the vagueness reasons and advice, or a
    finding's detail and its opinion sentence."""
    f = line.flag
    if f.code == "vague":
        return f"模糊：{f.text}", f.advice
    return f"{f.label}（严重程度 {f.severity_label}）：{f.text}", f.advice
