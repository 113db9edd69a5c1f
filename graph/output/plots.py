"""Tables and pictures of the graph for notebooks and the HTML report (pandas, networkx, matplotlib).

Every function takes an open store; notebooks call these instead of copying code.
"""
from __future__ import annotations

import warnings
from collections import Counter, defaultdict
from pathlib import Path

from graph.model.labels import placeholder, reason_labels
from graph.query.named import run_query
from graph.store.base import GraphStore
from graph.store.oxigraph import OxigraphStore
from graph.model.terms import sparql_prefixes
from graph.analysis.usetable import read_uses

CJK_FONTS = ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC",
             "Source Han Sans CN", "SimHei", "Microsoft YaHei", "PingFang SC", "AR PL UMing CN")
SAMPLES = Path(__file__).resolve().parents[2] / "data" / "corpus"


def setup_cjk_font() -> str | None:
    """Make matplotlib draw Chinese labels; returns the font used, or None with a clear warning."""
    import matplotlib
    from matplotlib import font_manager

    matplotlib.use(matplotlib.get_backend() or "Agg")
    have = {f.name for f in font_manager.fontManager.ttflist}
    if not have & set(CJK_FONTS):
        # matplotlib's font cache predates the font's installation: add the system's CJK font files to it
        for path in font_manager.findSystemFonts():
            if any(k in Path(path).name.lower() for k in ("wqy", "notosanscjk", "notoserifcjk", "sourcehan")):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        have = {f.name for f in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in have:
            matplotlib.rcParams["font.sans-serif"] = [name] + list(matplotlib.rcParams["font.sans-serif"])
            matplotlib.rcParams["font.family"] = "sans-serif"
            matplotlib.rcParams["axes.unicode_minus"] = False
            return name
    warnings.warn("no CJK font found for matplotlib: Chinese labels will show as boxes. Install one, e.g. "
                  "`apt-get install fonts-wqy-microhei` (Debian) or `fonts-noto-cjk`, then restart the kernel.")
    return None


def sample_store(files: list[str | Path] | None = None) -> OxigraphStore:
    """An in-memory Oxigraph store built (with the analyses) from the sample documents or the given files."""
    from graph.build.builder import build

    st = OxigraphStore(None)
    build(files or sorted(SAMPLES.glob("*.txt")), target=st)
    return st


def frame(store: GraphStore, query: str, **params: str):
    """A named query's answer as a pandas DataFrame."""
    import pandas as pd

    res = run_query(store, query, params)
    return pd.DataFrame(res.rows, columns=res.vars)


def uses_frame(store: GraphStore):
    """One row per indicator use with its vagueness (from the analysis graph)."""
    import pandas as pd

    from graph.output.export import use_rows

    return pd.DataFrame(use_rows(store))


def ontology_summary(store: GraphStore):
    """Classes of the pikg ontology with their labels and how many instances the graph holds."""
    import pandas as pd

    q = sparql_prefixes() + """SELECT ?class ?zh ?en (COUNT(?x) AS ?instances) WHERE {
      ?c a owl:Class ; rdfs:label ?zh , ?en . FILTER(LANG(?zh) = "zh" && LANG(?en) = "en")
      OPTIONAL { ?x a ?c } BIND(STRAFTER(STR(?c), "#") AS ?class) } GROUP BY ?class ?zh ?en ORDER BY DESC(?instances)"""
    res = store.query(q)
    return pd.DataFrame(res.rows, columns=res.vars)


# ---------------------------------------------------------------- target tree


def target_tree(store: GraphStore, project: str, document: str = ""):
    """A project's target tree as a networkx DiGraph: project → goal → 一级 → 二级 → indicator (target)."""
    import networkx as nx

    rows = frame(store, "project-tree", project=project, document=document)
    g = nx.DiGraph()
    root = project
    g.add_node(root, kind="project")
    for r in rows.itertuples():
        goal = f"{'长期' if r.horizon == 'long_term' else '年度'}目标{r.goal}"
        l1 = f"{goal}/{r.level1}"
        l2 = f"{l1}/{r.level2}"
        leaf = f"{r.indicator}\n{r.target or '（无）'}"
        g.add_edge(root, goal)
        g.add_edge(goal, l1)
        g.add_edge(l1, l2)
        g.add_edge(l2, f"{l2}/{leaf}")
        g.nodes[goal]["label"], g.nodes[l1]["label"], g.nodes[l2]["label"] = goal, r.level1 or "", r.level2 or ""
        g.nodes[f"{l2}/{leaf}"]["label"] = leaf
    g.nodes[root]["label"] = project
    return g


def _tree_layout(g, root):
    """Leaves spread on the y axis, depth on the x axis."""
    import networkx as nx

    depth = nx.shortest_path_length(g, root)
    leaves = [n for n in nx.dfs_preorder_nodes(g, root) if g.out_degree(n) == 0]
    y = {n: -i for i, n in enumerate(leaves)}
    for n in nx.dfs_postorder_nodes(g, root):
        if n not in y:
            kids = list(g.successors(n))
            y[n] = sum(y[k] for k in kids) / len(kids)
    return {n: (depth[n], y[n]) for n in g}


def draw_target_tree(store: GraphStore, project: str, document: str = "", ax=None):
    """Draw one project's target tree (matplotlib)."""
    import matplotlib.pyplot as plt
    import networkx as nx

    g = target_tree(store, project, document)
    root = project
    pos = _tree_layout(g, root)
    leaves = sum(1 for n in g if g.out_degree(n) == 0)
    if ax is None:
        _, ax = plt.subplots(figsize=(14, max(4, 0.45 * leaves)))
    nx.draw_networkx_edges(g, pos, ax=ax, arrows=False, edge_color="#999999")
    for n, (x, y_) in pos.items():
        ax.text(x, y_, g.nodes[n].get("label", n), fontsize=8, ha="left", va="center",
                bbox=dict(boxstyle="round,pad=0.2", fc="#eef4fb" if g.out_degree(n) else "#fff8e6", ec="#8aa"))
    ax.set_xlim(-0.2, max(x for x, _ in pos.values()) + 1.2)
    ax.set_title(f"{project}：目标树")
    ax.axis("off")
    return ax


# ---------------------------------------------------------------- reuse


NETWORK_INDICATORS = 30  # the picture's most reused indicators: a province reuses hundreds, and all of them show nothing
NETWORK_PROJECT_LABELS = 120  # projects named in the picture up to this many (thousands of names are a grey blot)


def reuse_network(store: GraphStore, min_projects: int = 2, max_indicators: int | None = None):
    """Bipartite project–indicator graph of the indicators used by at least `min_projects` owners (only the
    `max_indicators` most reused, when given)."""
    import networkx as nx

    uses = read_uses(store)
    owners: dict[str, set[str]] = {}
    for u in uses:
        owners.setdefault(u.indicator_label or u.name, set()).add(u.project_name or f"{u.dept_label}{placeholder('department-table')}")
    shown = sorted(((ind, os_) for ind, os_ in owners.items() if len(os_) >= min_projects), key=lambda kv: (-len(kv[1]), kv[0]))
    g = nx.Graph()
    for ind, os_ in shown[:max_indicators]:
        g.add_node(ind, kind="indicator", weight=len(os_))
        for o in os_:
            g.add_node(o, kind="project")
            g.add_edge(o, ind)
    return g


def spread_labels(anchor: dict, size: dict, iterations: int = 400) -> dict:
    """Label positions near their anchors with no two label boxes overlapping (as far as a few hundred
    pushes get): each overlapping pair is pushed apart along the axis where it overlaps least."""
    pos = {n: [x, y] for n, (x, y) in anchor.items()}
    names = list(pos)
    for _ in range(iterations):
        moved = False
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                (ax_, ay), (bx, by) = pos[a], pos[b]
                ox = (size[a][0] + size[b][0]) / 2 - abs(ax_ - bx)
                oy = (size[a][1] + size[b][1]) / 2 - abs(ay - by)
                if ox <= 0 or oy <= 0:
                    continue
                moved = True
                if oy <= ox:
                    d = (oy / 2 + 1e-4) * (1 if ay >= by else -1)
                    pos[a][1] += d
                    pos[b][1] -= d
                else:
                    d = (ox / 2 + 1e-4) * (1 if ax_ >= bx else -1)
                    pos[a][0] += d
                    pos[b][0] -= d
        if not moved:
            break
    return {n: tuple(p) for n, p in pos.items()}


def draw_reuse_network(store: GraphStore, min_projects: int = 3, ax=None, max_indicators: int = NETWORK_INDICATORS):
    """The reuse network drawn: the most reused indicators (orange, by use) and their projects (blue, named while
    they are few enough to read), labels pushed apart."""
    import matplotlib
    import matplotlib.pyplot as plt
    import networkx as nx

    g = reuse_network(store, min_projects, max_indicators)
    if ax is None:
        _, ax = plt.subplots(figsize=(14, 11))
    pos = nx.spring_layout(g, seed=7, k=0.6)
    inds = [n for n, d in g.nodes(data=True) if d["kind"] == "indicator"]
    projs = [n for n, d in g.nodes(data=True) if d["kind"] == "project"]
    nx.draw_networkx_edges(g, pos, ax=ax, alpha=0.3)
    nx.draw_networkx_nodes(g, pos, nodelist=projs, node_color="#9ecae1", node_size=80, ax=ax)
    nx.draw_networkx_nodes(g, pos, nodelist=inds, node_color="#fd8d3c",
                           node_size=[60 * g.nodes[n]["weight"] for n in inds], ax=ax)
    if inds:
        font = matplotlib.rcParams["font.sans-serif"][0]
        texts = {n: ax.text(*pos[n], n, fontsize=8, ha="center", va="bottom", family=font) for n in inds}
        named = projs if len(projs) <= NETWORK_PROJECT_LABELS else []
        for n in named:  # projects named too, shorter and quieter than the indicators
            texts[n] = ax.text(*pos[n], n if len(n) <= 10 else n[:9] + "…", fontsize=6, color="#31658c",
                               ha="center", va="bottom", family=font)
        ax.figure.canvas.draw()  # measure each label as drawn, in data units
        inv = ax.transData.inverted()
        size, anchor = {}, {}
        for n, t in texts.items():
            (x0, y0), (x1, y1) = inv.transform(t.get_window_extent().expanded(1.08, 1.15))
            size[n] = (abs(x1 - x0), abs(y1 - y0))
            anchor[n] = (pos[n][0], pos[n][1] + abs(y1 - y0) / 2)
        for n, (x, y) in spread_labels(anchor, size).items():
            t = texts[n]
            t.set_position((x, y))
            t.set_va("center")
            if abs(x - anchor[n][0]) + abs(y - anchor[n][1]) > 1e-9:
                ax.plot([pos[n][0], x], [pos[n][1], y], color="#bbb", lw=0.5, zorder=0)
    orange = f"被 ≥{min_projects} 个项目使用的指标" + (f"中使用最多的 {len(inds)} 个" if len(inds) >= max_indicators else "")
    blue = "项目，蓝色小字" if len(projs) <= NETWORK_PROJECT_LABELS else f"{len(projs)} 个项目，蓝点，过多未标名称"
    ax.set_title(f"项目—指标网络（{orange}，橙色；{blue}）")
    ax.axis("off")
    return ax


def near_duplicate_clusters(store: GraphStore):
    """The near-duplicate clusters as a DataFrame: cluster label, members and their use counts."""
    import pandas as pd

    q = sparql_prefixes() + """SELECT ?cluster ?member ?uses WHERE { ?c a pi:IndicatorCluster ; skos:prefLabel ?cluster ; pi:member ?m .
      ?m skos:prefLabel ?member . OPTIONAL { ?m pi:useCount ?uses } } ORDER BY ?cluster ?member"""
    res = store.query(q)
    return pd.DataFrame(res.rows, columns=res.vars)


def draw_clusters(store: GraphStore, ax=None):
    import matplotlib.pyplot as plt
    import networkx as nx

    df = near_duplicate_clusters(store)
    g = nx.Graph()
    for c, grp in df.groupby("cluster"):
        members = list(grp["member"])
        for a in members:
            for b in members:
                if a < b:
                    g.add_edge(a, b)
    if ax is None:
        _, ax = plt.subplots(figsize=(14, 10))
    pos = nx.spring_layout(g, seed=3, k=0.9)
    nx.draw_networkx(g, pos, ax=ax, node_size=60, node_color="#74c476", font_size=8, edge_color="#bbbbbb",
                     font_family=__import__("matplotlib").rcParams["font.sans-serif"][0])
    ax.set_title("近似指标名称（skos:closeMatch 连成的组）")
    ax.axis("off")
    return ax


def top_reused_by_department(store: GraphStore, n: int = 5):
    """The n most reused indicators of each department (by number of projects using them)."""

    uses = uses_frame(store)
    g = uses.groupby(["department", "indicator"]).agg(uses=("use", "count"), projects=("project", "nunique")).reset_index()
    return g.sort_values(["department", "projects", "uses"], ascending=[True, False, False]).groupby("department").head(n)


def _goal_sides(store: GraphStore) -> dict[str, dict]:
    """Every goal's document, owner (its project, else the department table), horizon and number, read once:
    joined to each copy in Python (joined in SPARQL, the two goals' paths cost several lookups per copy)."""
    rows = store.query(sparql_prefixes() + """SELECT ?goal_iri ?doc ?owner ?horizon ?goal WHERE {
      ?goal_iri pi:goalNumber ?goal ; pi:inDocument/dcterms:identifier ?doc .
      OPTIONAL { ?goal_iri pi:ofProject/pi:name ?p } BIND(COALESCE(?p, "DEPARTMENT_TABLE") AS ?owner)
      BIND(IF(EXISTS { ?goal_iri a pi:LongTermGoal }, "long_term", "annual") AS ?horizon) }""".replace(
        "DEPARTMENT_TABLE", placeholder("department-table"))).dicts()
    sides: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        sides[r.pop("goal_iri")].append(r)
    return sides


def copied_sets(store: GraphStore):
    """Copied indicator sets as a table: each member of a group of identical sets beside the group's first
    member (相似度 1), then the near copies."""
    import pandas as pd

    p = sparql_prefixes()
    side = ("doc", "owner", "horizon", "goal")
    goals = _goal_sides(store)
    members = [{"g": r["g"], "shared": r["shared"], **{f"{k}_m": s[k] for k in side}}
               for r in store.query(p + """SELECT ?g ?shared ?m WHERE {
                 ?g a pi:IndicatorSetGroup ; pi:sharedIndicators ?shared ; pi:memberGoal ?m }""").dicts()
               for s in goals.get(r["m"], ())]
    members.sort(key=lambda r: (r["g"], r["doc_m"], r["owner_m"], r["goal_m"], r["horizon_m"]))  # annual before long-term
    rows, heads = [], {}
    for r in members:
        head = heads.setdefault(r["g"], r)
        if head is not r:
            rows.append({**{f"{k}_a": head[f"{k}_m"] for k in side}, **{f"{k}_b": r[f"{k}_m"] for k in side},
                         "jaccard": 1.0, "shared": r["shared"]})
    names = [f"{k}_{s}" for s in "ab" for k in side] + ["jaccard", "shared"]
    near = [{**{f"{k}_a": a[k] for k in side}, **{f"{k}_b": b[k] for k in side},
             "jaccard": r["jaccard"], "shared": r["shared"]}
            for r in store.query(p + """SELECT ?a ?b ?jaccard ?shared WHERE {
              ?c a pi:IndicatorSetCopy ; pi:fromGoal ?a ; pi:toGoal ?b ; pi:jaccard ?jaccard ; pi:sharedIndicators ?shared }""").dicts()
            for a in goals.get(r["a"], ()) for b in goals.get(r["b"], ())]
    near.sort(key=lambda r: (-r["shared"], r["doc_a"], r["goal_a"], r["doc_b"], r["goal_b"]))
    return pd.DataFrame(rows + near, columns=names)


# ---------------------------------------------------------------- vagueness


def _by_concept(store: GraphStore, level: str):
    """Uses with their 一级 or 二级 framework concept's label (printed variants of one concept together, the
    variants kept in a column of their own), and whether each use is vague."""
    import pandas as pd

    from graph.output.export import CONCEPT_LABELS

    labels = {r["c"]: r["label"] for r in store.query(CONCEPT_LABELS).dicts()}
    flags = {r["use"]: bool(r["vague"]) for r in store.query(sparql_prefixes() + """
      SELECT ?use ?vague WHERE { ?use a pi:IndicatorUse ; pi:isVague ?vague }""").dicts()}
    rows = []
    for u in read_uses(store):
        concept, printed = (u.level1, u.level1_label) if level == "level1" else (u.level2, u.level2_label)
        rows.append({level: labels.get(concept) or printed or "（未填写）", "printed": printed or "",
                     "use": u.iri, "vague": flags.get(u.iri, False)})
    return pd.DataFrame(rows)


def vagueness_by(store: GraphStore, by: str = "department"):
    """Share of vague targets by department, level1, level2 or reason (reason: count of uses). 一级 and 二级
    are grouped by their framework concept (可持续影响指标 and 可持续效益指标 are one), the printed variants
    listed beside each."""
    import pandas as pd

    if by in ("level1", "level2"):
        uses = _by_concept(store, by)
        g = uses.groupby(by).agg(targets=("use", "count"), vague_count=("vague", "sum"),
                                 printed_as=("printed", lambda s: "、".join(sorted({x for x in s if x})))).reset_index()
        g["vague_share"] = (g["vague_count"] / g["targets"]).round(3)
        return g.sort_values("vague_share", ascending=False)
    uses = uses_frame(store)
    uses["vague"] = uses["vague"].fillna(False).astype(bool)
    if by == "reason":
        counts = Counter(r for rs in uses["reason_codes"] for r in rs.split() if r)
        rows = [(reason_labels([code]), code, n) for code, n in sorted(counts.items(), key=lambda kv: -kv[1])]
        return pd.DataFrame(rows, columns=["reason", "reason_code", "uses"])
    g = uses.groupby(by).agg(targets=("use", "count"), vague_count=("vague", "sum")).reset_index()
    g["vague_share"] = (g["vague_count"] / g["targets"]).round(3)
    return g.sort_values("vague_share", ascending=False)


def plot_vagueness(store: GraphStore, by: str = "department", ax=None):
    import matplotlib.pyplot as plt

    df = vagueness_by(store, by)
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 0.45 * len(df) + 1.5))
    col = "uses" if by == "reason" else "vague_share"
    ax.barh(df[by].astype(str), df[col], color="#e6550d")
    ax.invert_yaxis()
    ax.set_xlabel("使用次数" if by == "reason" else "模糊目标占比")
    if by != "reason":
        from matplotlib.ticker import PercentFormatter

        ax.xaxis.set_major_formatter(PercentFormatter(1.0))  # a share read as a percentage
    ax.set_title({"department": "各部门模糊目标占比", "level1": "按一级指标", "level2": "按二级指标",
                  "reason": "模糊原因"}.get(by, by))
    return ax


def worst_projects(store: GraphStore, n: int = 10):
    """Projects with the highest share of vague targets, with their vague targets."""
    import pandas as pd

    uses = uses_frame(store)
    uses = uses[uses["project"] != placeholder("department-table")].copy()
    uses["vague"] = uses["vague"].fillna(False).astype(bool)
    g = uses.groupby(["doc", "project"]).agg(targets=("use", "count"), vague_count=("vague", "sum")).reset_index()
    g["vague_share"] = (g["vague_count"] / g["targets"]).round(3)
    g = g.sort_values(["vague_share", "targets"], ascending=[False, False]).head(n)
    examples = uses[uses["vague"]].groupby(["doc", "project"])["target"].apply(
        lambda s: "; ".join(pd.Series(s).dropna().astype(str).value_counts().index[:4]))
    return g.merge(examples.rename("vague_targets").reset_index(), on=["doc", "project"], how="left")


def targets_over_years(store: GraphStore):
    """Annual rows with numbers for 前年, 上年 and 当年 in one unit: how targets move."""
    import pandas as pd

    uses = read_uses(store)
    rows = []
    for u in uses:
        vals = [u.prev2, u.prev1, u.target]
        if all(v.number is not None for v in vals) and len({v.unit for v in vals}) == 1:
            rows.append({"doc": u.doc, "project": u.project_name or placeholder("department-table"), "indicator": u.name,
                         "unit": u.target.unit or "", "前年": u.prev2.number, "上年": u.prev1.number, "当年": u.target.number})
    df = pd.DataFrame(rows)
    if not df.empty:
        df["move"] = df.apply(lambda r: "三年不变" if r["前年"] == r["上年"] == r["当年"] else
                              ("上升" if r["当年"] > r["上年"] else ("下降" if r["当年"] < r["上年"] else "与上年相同")), axis=1)
    return df


def plot_targets_over_years(store: GraphStore, ax=None):
    import matplotlib.pyplot as plt

    df = targets_over_years(store)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 5))
    pct = df[df["unit"] == "%"]
    # rows with the same three values are one line, drawn as wide as it is common and labelled with its count
    paths = pct.groupby(["前年", "上年", "当年"]).size().sort_values(ascending=False) if not pct.empty else {}
    for (a, b, c), n in (paths.items() if len(paths) else []):
        ys = [float(a), float(b), float(c)]
        ax.plot([0, 1, 2], ys, color="#3182bd", alpha=0.6, lw=1 + 6 * n / max(paths), marker="o", ms=3)
        ax.annotate(f"{n} 行", (2, ys[2]), xytext=(6, 0), textcoords="offset points", va="center", fontsize=8)
    ax.set_xticks([0, 1, 2], ["前年", "上年", "当年"])
    ax.set_xlim(-0.2, 2.5)
    ax.set_ylabel("%")
    counts = df["move"].value_counts() if not df.empty else {}
    moves = "，".join(f"{k} {v}" for k, v in counts.items()) or "无"
    ax.set_title(f"百分比指标的三年走势（{len(pct)} 行，{len(paths)} 种走法，线宽示行数；全部数值行：{moves}）")
    return ax
