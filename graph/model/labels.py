"""Chinese labels for what people read: column headers of query tables, and the codes that answers carry
(vagueness reasons, finding types, value kinds, horizons). The codes stay in RDF (as SKOS concepts whose
zh prefLabel is used here) and in a column of their own next to the label."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from graph.model.ontology import ONTOLOGY_DIR


# SPARQL variables of the named queries, the report and the exports → the header a reader sees
HEADERS = {
    "doc_id": "文件", "doc": "文件", "department": "部门", "year": "年度", "projects": "项目数", "goals": "目标数",
    "rows": "指标行数", "quantitative_share": "定量占比", "project_budget_yuan": "当年项目预算（元）",
    "project": "项目", "earlier_project": "上年对应项目", "name": "指标名称", "prev2": "前年值", "prev1": "上年值",
    "target": "指标值", "line": "行号", "indicator": "指标（三级）", "uses": "使用次数", "departments": "部门数",
    "years": "年度数", "horizon": "期限", "goal": "目标序号", "statement": "目标内容", "level1": "一级指标",
    "level2": "二级指标", "basis": "确定依据", "has_benefit": "有效益指标", "has_satisfaction": "有满意度指标",
    "value": "三年同值", "change": "变化", "kind": "指标值类型", "type": "发现类型", "detail": "说明",
    "severity": "严重程度", "opinion": "审核意见",
    "reasons": "模糊原因", "vague": "模糊", "vague_share": "模糊占比", "cluster": "聚类", "member": "成员",
    "standard": "标准指标", "variants": "名称写法",
    "jaccard": "相似度", "shared": "共有指标数", "owner_a": "项目甲", "owner_b": "项目乙", "goal_a": "目标甲",
    "goal_b": "目标乙", "doc_a": "文件甲", "doc_b": "文件乙", "horizon_a": "期限甲", "horizon_b": "期限乙",
    "vague_count": "模糊数", "vague_targets": "模糊指标值举例", "reason_code": "模糊原因代码", "vague_rate": "模糊占比", "targets": "指标值数",
}

HORIZONS = {"long_term": "长期", "annual": "年度"}

# a column of codes → the prefix of its concepts in the framework namespace (fw:vague-hedge …)
_CODE_SCHEMES = {"kind": "kind-", "type": "finding-", "severity": "severity-", "reason": "vague-", "reasons": "vague-"}


@lru_cache(maxsize=1)
def concept_labels() -> dict[str, str]:
    """fw local name → zh prefLabel, read from the ontology files (``"vague-hedge"`` → ``"方向或程度词"``)."""
    import pyoxigraph as ox

    fw = "https://w3id.org/pikg/framework/"
    pref = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    out: dict[str, str] = {}
    for name in ("framework.ttl", "analysis.ttl"):
        for t in ox.parse((ONTOLOGY_DIR / name).read_bytes(), ox.RdfFormat.TURTLE):
            s, o = t.subject, t.object
            if t.predicate == pref and isinstance(s, ox.NamedNode) and s.value.startswith(fw) and getattr(o, "language", None) == "zh":
                out[s.value[len(fw):]] = o.value
    return out


def placeholder(name: str) -> str:
    """What a table shows where a value is absent (fw:placeholder-NAME in the ontology): ``no-basis`` →
    （未填写）, ``department-table`` → （部门整体）."""
    return concept_labels()["placeholder-" + name]


def is_share(var: str) -> bool:
    """A column holding a share (0.876), which people read as a percentage (87.6%)."""
    return var.endswith("_share") or var.endswith("_rate")


def header(var: str) -> str:
    """The Chinese header of a query variable (the variable itself when none is known)."""
    return HEADERS.get(var, var)


def code_label(column: str, code: Any) -> str | None:
    """The Chinese label of a code in a column of codes, or None when the column holds no codes."""
    if not isinstance(code, str) or not code:
        return None
    if column in ("horizon", "horizon_a", "horizon_b"):
        return HORIZONS.get(code)
    prefix = _CODE_SCHEMES.get(column)
    if prefix is None:
        return None
    return concept_labels().get(prefix + code)


def reason_labels(codes: list[str]) -> str:
    """Vagueness reason codes as their Chinese labels, joined with 、."""
    return "、".join(concept_labels().get("vague-" + c, c) for c in codes)


def readable_table(variables: list[str], rows: list[list[Any]]) -> tuple[list[str], list[str], list[list[Any]]]:
    """Chinese headers; a column of codes shows the labels, with the codes in a column of their own after it;
    booleans as 是/否. Returns the headers, the variable each column comes from, and the rows."""
    coded = [i for i, v in enumerate(variables) if any(code_label(v, r[i]) for r in rows)]
    heads: list[str] = []
    sources: list[str] = []
    for i, v in enumerate(variables):
        heads.append(header(v))
        sources.append(v)
        if i in coded:
            heads.append(f"{header(v)}代码")
            sources.append(v)
    out = []
    for r in rows:
        row: list[Any] = []
        for i, (v, x) in enumerate(zip(variables, r)):
            if isinstance(x, bool):
                x = "是" if x else "否"
            if i in coded:
                row += [code_label(v, x) or x, x]
            else:
                row.append(x)
        out.append(row)
    return heads, sources, out
