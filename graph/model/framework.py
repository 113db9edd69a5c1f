"""The indicator framework as SKOS concept schemes, generated from extractors/data/framework.json.

`python -m graph.model.framework` rewrites ontology/framework.ttl; a test checks that the committed file is current.
"""
from __future__ import annotations

import sys
from pathlib import Path

from extractors.vocab import framework_data

from graph.model.terms import FW, PREFIXES

OUT = Path(__file__).resolve().parents[2] / "ontology" / "framework.ttl"

COMPARATORS = {
    "≥": ("ge", "不低于", "at least"),
    "≤": ("le", "不超过", "at most"),
    "=": ("eq", "等于", "equal to"),
    ">": ("gt", "高于", "more than"),
    "<": ("lt", "低于", "less than"),
    "≈": ("approx", "约", "about"),
}
VALUE_KINDS = {
    "quantitative": ("定量", "quantitative", "A number with an optional comparator and unit (≥95%, ≤30万元)."),
    "period": ("时间期限", "period", "A date or a period (2025年1月-2025年12月, 2024年底)."),
    "qualitative": ("定性", "qualitative", "Words without a number (完成, 有效保障, 显著提高)."),
    "placeholder": ("占位", "placeholder", "A dash, slash or 无 standing for no value."),
    "empty": ("空", "empty", "An empty cell."),
}


def _concept_iri(scheme: str, canon: str | None) -> str | None:
    spec = framework_data()[scheme].get(canon or "")
    return f"{FW}{spec['slug']}" if spec else None


def level1_iri(canon: str | None) -> str | None:
    """The framework concept of a canonical 一级 label."""
    return _concept_iri("level1", canon)


def level2_iri(canon: str | None) -> str | None:
    """The framework concept of a canonical 二级 label."""
    return _concept_iri("level2", canon)


def level2_parent(level2: str | None) -> tuple[str, str] | None:
    """The 一级 concept a 二级 concept belongs to in the framework, as (IRI, Chinese label); None for an
    unknown concept."""
    d = framework_data()
    for spec in d["level2"].values():
        if level2 == f"{FW}{spec['slug']}":
            return f"{FW}{d['level1'][spec['parent']]['slug']}", spec["parent"]
    return None


def basis_iri(canon: str | None) -> str | None:
    """The framework concept of a canonical basis type."""
    return _concept_iri("basis", canon)


def comparator_iri(symbol: str | None) -> str | None:
    c = COMPARATORS.get(symbol or "")
    return f"{FW}cmp-{c[0]}" if c else None


def kind_iri(kind: str | None) -> str | None:
    return f"{FW}kind-{kind}" if kind in VALUE_KINDS else None


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def framework_turtle() -> str:
    """The framework graph in Turtle."""
    d = framework_data()
    out = [f"@prefix {p}: <{u}> ." for p, u in PREFIXES.items() if p in ("fw", "skos", "rdfs", "dcterms", "pi")]
    out.append("")
    out.append("fw:indicators a skos:ConceptScheme ;\n"
               '    skos:prefLabel "绩效指标体系"@zh, "Performance indicator framework"@en ;\n'
               '    rdfs:comment "一级 and 二级 indicator categories of the 财政部 performance indicator framework."@en .')
    for canon, spec in d["level1"].items():
        alts = [v for v in spec["variants"] if v != canon]
        out.append(f"\nfw:{spec['slug']} a skos:Concept ;\n    skos:inScheme fw:indicators ;\n    skos:topConceptOf fw:indicators ;\n"
                   f"    skos:notation \"1\" ;\n    skos:prefLabel {_q(canon)}@zh, {_q(spec['en'])}@en"
                   + "".join(f" ;\n    skos:altLabel {_q(a)}@zh" for a in alts) + " .")
    for canon, spec in d["level2"].items():
        parent = d["level1"][spec["parent"]]["slug"]
        alts = [v for v in spec["variants"] if v != canon]
        out.append(f"\nfw:{spec['slug']} a skos:Concept ;\n    skos:inScheme fw:indicators ;\n    skos:broader fw:{parent} ;\n"
                   f"    skos:notation \"2\" ;\n    skos:prefLabel {_q(canon)}@zh, {_q(spec['en'])}@en"
                   + "".join(f" ;\n    skos:altLabel {_q(a)}@zh" for a in alts) + " .")
    out.append("\nfw:basis a skos:ConceptScheme ;\n"
               '    skos:prefLabel "指标值确定依据"@zh, "Basis of the target value"@en .')
    for canon, spec in d["basis"].items():
        alts = [v for v in spec["variants"] if v != canon]
        out.append(f"\nfw:{spec['slug']} a skos:Concept ;\n    skos:inScheme fw:basis ;\n    skos:topConceptOf fw:basis ;\n"
                   f"    skos:prefLabel {_q(canon)}@zh, {_q(spec['en'])}@en"
                   + "".join(f" ;\n    skos:altLabel {_q(a)}@zh" for a in alts) + " .")
    out.append("\nfw:comparators a skos:ConceptScheme ;\n"
               '    skos:prefLabel "指标值比较符"@zh, "Value comparators"@en .')
    for sym, (slug_, zh, en) in COMPARATORS.items():
        out.append(f"\nfw:cmp-{slug_} a skos:Concept ;\n    skos:inScheme fw:comparators ;\n    skos:topConceptOf fw:comparators ;\n"
                   f"    skos:notation {_q(sym)} ;\n    skos:prefLabel {_q(zh)}@zh, {_q(en)}@en .")
    out.append("\nfw:valueKinds a skos:ConceptScheme ;\n"
               '    skos:prefLabel "指标值类型"@zh, "Kinds of target values"@en .')
    for kind, (zh, en, definition) in VALUE_KINDS.items():
        out.append(f"\nfw:kind-{kind} a skos:Concept ;\n    skos:inScheme fw:valueKinds ;\n    skos:topConceptOf fw:valueKinds ;\n"
                   f"    skos:prefLabel {_q(zh)}@zh, {_q(en)}@en ;\n    skos:definition {_q(definition)}@en .")
    return "\n".join(out) + "\n"


def main() -> None:
    OUT.write_text(framework_turtle(), encoding="utf-8")
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
