"""Last year's target of a row, through the project's lineage: the target printed for the same indicator (or,
failing that, one of its standard indicator) of the same horizon in the project this one continues (an
asserted pi:ProjectLink) — the latest earlier year, then the first such row.

Two small queries (the document's projects' links, then the earlier projects' rows bound by VALUES) matched
here: one query joining it all makes Oxigraph read the whole store (15 s a document at a million triples)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from graph.model.terms import sparql_prefixes
from graph.store.base import Param

LINKS = sparql_prefixes() + """
SELECT DISTINCT ?p ?e ?project ?doc_id ?year WHERE {
  ?doc dcterms:identifier ?document .
  ?p pi:inDocument ?doc ; a pi:Project .
  ?link pi:later ?p ; a pi:ProjectLink ; pi:earlier ?e .
  ?e pi:name ?project ; pi:inDocument ?ed .
  ?ed dcterms:identifier ?doc_id .
  OPTIONAL { ?ed pi:fiscalYear ?year }
}"""

EARLIER_ROWS = sparql_prefixes() + """
SELECT ?e ?target ?line ?i ?s ?horizon WHERE {
  VALUES ?e { %s }
  ?eu pi:project ?e ; pi:targetRaw ?target ; pi:sourceLine ?line ; pi:indicator ?i ; pi:goal ?g .
  OPTIONAL { ?i pi:standardIndicator ?s }
  OPTIONAL { ?g a pi:LongTermGoal . BIND("long_term" AS ?long_term) }
  BIND(COALESCE(?long_term, "annual") AS ?horizon)
} ORDER BY ?e ?line"""


@dataclass
class Earlier:
    """The target printed for a row's indicator in the project it continues (the latest earlier year)."""

    target: str
    year: int | None
    document: str
    line: int
    project: str

    @property
    def text(self) -> str:
        """≥450个（2024年「通信链路租赁费」第 723 行）."""
        return f"{self.target}（{f'{self.year}年' if self.year else self.document}「{self.project}」第 {self.line} 行）"


def earlier_targets(store, document: str, uses: list[tuple[str, str | None, str, str | None, str]]) -> dict[str, Earlier]:
    """For each use (IRI, project IRI, indicator IRI, standard indicator IRI, horizon) of `document`, its last
    year's target where the lineage gives one."""
    links: dict[str, list[dict]] = defaultdict(list)
    for d in store.query(LINKS, {"document": Param(document)}).dicts():
        links[d["p"]].append(d)
    if not links:
        return {}
    earlier = sorted({d["e"] for ds in links.values() for d in ds})
    rows: dict[str, list[dict]] = defaultdict(list)
    for k in range(0, len(earlier), 200):
        terms = " ".join(Param(e, is_iri=True).ntriples() for e in earlier[k:k + 200])
        for d in store.query(EARLIER_ROWS % terms).dicts():
            rows[d["e"]].append(d)
    out = {}
    for use, p, i, s, horizon in uses:
        for link in sorted(links.get(p, []), key=lambda d: -(d["year"] or 0)):
            mine = [r for r in rows[link["e"]] if r["horizon"] == horizon]
            best = next((r for r in mine if r["i"] == i), None) or next((r for r in mine if s and r["s"] == s), None)
            if best:
                out[use] = Earlier(best["target"], link["year"], link["doc_id"], int(best["line"]), link["project"])
                break
    return out
