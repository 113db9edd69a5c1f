"""`pikg report`: one static HTML page with the key figures and tables, for people who do not open notebooks."""
from __future__ import annotations

import base64
import html
import io
from datetime import date
from typing import Any

from graph.output import plots
from graph.model.labels import readable_table
from graph.store.base import GraphStore
from graph.model.terms import sparql_prefixes

FINDINGS = sparql_prefixes() + """
SELECT ?type ?severity ?doc_id ?line ?project ?indicator ?opinion WHERE {
  VALUES (?t ?type) { (fw:finding-cost-differs-from-budget "cost-differs-from-budget") (fw:finding-lowered "lowered")
                      (fw:finding-unit-changed "unit-changed") (fw:finding-annual-vs-long-term "annual-vs-long-term")
                      (fw:finding-level2-not-under-level1 "level2-not-under-level1") }
  ?f pi:findingType ?t .
  ?f a pi:Finding ; pi:about ?u ; pi:opinion ?opinion ; pi:severity ?s .
  ?u pi:name ?indicator ; pi:sourceLine ?line ; pi:inDocument ?d . ?d dcterms:identifier ?doc_id .
  OPTIONAL { ?u pi:project ?p . ?p pi:name ?project }
  BIND(STRAFTER(STR(?s), "severity-") AS ?severity)  # last: a BIND between patterns cuts the join in two
} ORDER BY ?type ?doc_id ?line"""


class _Remembered:
    """A store whose reads are answered once: the page's figures and tables read the same indicator uses (two
    dozen property scans each time) five times over, and the store does not change while the page is made."""

    _READS = ("query", "subject_objects", "subjects_of_type", "count")

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self._answers: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        read = getattr(self._store, name)
        if name not in self._READS:
            return read

        def remembered(*args: Any, **kwargs: Any) -> Any:
            key = repr((name, args, sorted(kwargs.items())))
            if key not in self._answers:
                self._answers[key] = read(*args, **kwargs)
            return self._answers[key]
        return remembered


def _png(draw) -> str:
    import matplotlib.pyplot as plt

    fig = plt.figure()
    plt.close(fig)
    ax = draw()
    fig = ax.figure
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    plt.close(fig)
    return f'<img alt="" src="data:image/png;base64,{base64.b64encode(buf.getvalue()).decode()}">'


def _table(df, limit: int = 40) -> str:
    """A table for the page: Chinese headers, codes as their labels (codes in a column of their own), money in 元."""
    import pandas as pd

    from graph.output.tables import cell_text

    df = df.head(limit)
    heads, sources, rows = readable_table(list(df.columns), df.astype(object).where(df.notna(), None).values.tolist())
    text = [[cell_text(v, var) for v, var in zip(r, sources)] for r in rows]
    return pd.DataFrame(text, columns=heads).to_html(index=False, escape=True, border=0, classes="t", na_rep="")


def report_html(store: GraphStore) -> str:
    """The report page as HTML text."""
    import matplotlib

    matplotlib.use("Agg")
    font = plots.setup_cjk_font()
    store = _Remembered(store)
    import pandas as pd

    summary = plots.frame(store, "department-summary")
    res = store.query(FINDINGS)
    findings = pd.DataFrame(res.rows, columns=res.vars)
    worst = plots.worst_projects(store, 10)
    project = worst.iloc[0]["project"] if len(worst) else None
    parts = [
        "<h2>文件与部门</h2>", _table(summary),
        "<h2>模糊目标</h2>",
        _png(lambda: plots.plot_vagueness(store, "department")), _png(lambda: plots.plot_vagueness(store, "reason")),
        "<h3>模糊目标最多的项目</h3>", _table(worst),
        "<h2>指标复用</h2>", _png(lambda: plots.draw_reuse_network(store, 3)),
        _table(plots.frame(store, "indicator-reuse", min_projects="3"), 25),
        "<h3>近似指标</h3>", _table(plots.near_duplicate_clusters(store), 60),
        "<h3>复制的指标集</h3>", _table(plots.copied_sets(store), 30),
        "<h2>一致性</h2>", _table(findings, 80),
        "<h2>三年走势</h2>", _png(lambda: plots.plot_targets_over_years(store)),
    ]
    if project:
        parts += [f"<h2>目标树：{html.escape(project)}</h2>", _png(lambda: plots.draw_target_tree(store, project))]
    note = "" if font else "<p class='warn'>未找到中文字体：图中的中文可能显示为方框（安装 fonts-wqy-microhei 后重新生成）。</p>"
    style = ("body{font-family:'WenQuanYi Micro Hei','Noto Sans CJK SC',sans-serif;margin:2em;max-width:1400px}"
             "table.t{border-collapse:collapse;font-size:13px;margin:0.5em 0 1.5em}table.t td,table.t th{border-bottom:1px solid #ddd;"
             "padding:3px 8px;text-align:left}table.t th{background:#eef4fb}img{max-width:100%;margin:0.5em 0}.warn{color:#b00}")
    return (f"<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>pikg 绩效目标报告</title><style>{style}</style></head>"
            f"<body><h1>pikg 绩效目标报告</h1><p>{date.today().isoformat()} · 知识图谱共 {store.count():,} 条三元组</p>{note}"
            + "\n".join(parts) + "</body></html>\n")
