#!/usr/bin/env python3
"""A seeded synthetic corpus of 部门预算 documents for scale work: many districts, departments and years.

The indicator tables are drawn from the real catalogue (the indicator tables pikg extracts from the sample
documents in data/corpus), with the variation real documents show: departments of the same kind in
different districts copy each other's projects, then rename indicators (synonyms, reorderings, the odd
typo), change values, comparators and units; projects carry over from year to year with drifting targets
(last year's target printed as 上年, the year before as 前年), some are renamed or dropped and new ones
appear. So reuse, copied sets, lineage and indicator history all have work of realistic size to do.

Documents are written as markdown conversions (the layout of data/corpus/004), one per district,
department and year, with a gold file of the rows each holds (gold.jsonl), so that a test can check that
pikg reads back exactly what was generated.

Usage: python benchmarks/synth_corpus.py OUT_DIR [--triples N | --districts D] [--years Y] [--seed S]
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TRIPLES_PER_DOCUMENT = 2500  # measured: 150 generated documents gave 373,025 data triples (document graphs + catalogue)

DEPARTMENTS = [
    "教育局", "卫生健康局", "民政局", "财政局", "经济信息化和科技创新局", "城市管理执法局", "农业农村局",
    "文化和旅游局", "司法局", "人力资源和社会保障局", "生态环境分局", "住房和城市更新局", "交通运输局",
    "水务和湖泊局", "应急管理局", "市场监督管理局", "统计局", "审计局", "退役军人事务局", "医疗保障局",
    "体育局", "商务局", "发展和改革局", "自然资源和规划分局", "园林和林业局", "信访局", "档案馆",
    "机关事务服务中心", "政务服务和大数据管理局", "残疾人联合会", "妇女联合会", "总工会", "共青团委员会",
    "科学技术协会", "工商业联合会", "红十字会", "地方志办公室", "融媒体中心", "疾病预防控制中心",
    "公共资源交易中心", "城市更新中心", "征收服务中心", "网格化服务管理中心", "社会治理中心",
    "乡村振兴局", "国有资产监督管理局", "粮食和物资储备局", "人民防空办公室", "招商服务中心", "行政审批局",
]
PLACE_A = list("江汉东西南北青洪黄新武清龙凤白石金云玉平安长丰宁华阳明")
PLACE_B = list("岸口山湖阳昌甸夏陂洲泉台林溪城河川桥湾浦门坪岭")

SYNONYMS = [("满意度", "满意率"), ("完成率", "完成比例"), ("及时率", "及时性"), ("覆盖率", "覆盖面"),
            ("次数", "场次"), ("人数", "人次"), ("数量", "数"), ("开展", "组织"), ("保障", "保证"),
            ("提升", "提高"), ("合格率", "达标率"), ("经费", "资金"), ("工作", "事务")]
TYPOS = {"率": "律", "度": "渡", "数": "树", "量": "亮", "项": "顶", "维": "唯", "护": "户", "及": "即",
         "检": "捡", "查": "察", "验": "检", "训": "讯", "培": "陪"}
UNIT_VARIANTS = {"个": "项", "项": "个", "次": "场", "场": "次", "人": "名", "名": "人", "份": "册"}
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)")


@dataclass
class Row:
    level1: str
    level2: str
    name: str
    target: str
    basis: str


@dataclass
class Template:
    """A real project's indicator table (from the sample documents)."""

    name: str
    goal: str
    rows: list[Row]


def real_catalogue() -> list[Template]:
    """The project tables of the sample documents, as pikg extracts them."""
    from extractors import extract_document

    out = []
    for p in sorted((ROOT / "data" / "corpus").glob("*.txt")):
        recs, _ = extract_document(p)
        goals = {(r["project_line"], r["horizon"], r["goal"]): r.get("text") or "" for r in recs if r["type"] == "goal"}
        tables: dict[tuple, list[Row]] = {}
        names = {r["line"]: r["project"] for r in recs if r["type"] == "project"}
        for r in recs:
            if r["type"] != "indicator" or r["scope"] != "project" or r["horizon"] != "annual":
                continue
            if not (r.get("level1") and r.get("level2") and r.get("name") and r.get("target")):
                continue
            tables.setdefault((r["project_line"], r["goal"]), []).append(
                Row(r["level1"], r["level2"], _clean(r["name"]), _clean(r["target"]), _clean(r.get("basis") or "计划标准")))
        for (line, goal), rows in tables.items():
            if len(rows) >= 3 and names.get(line):
                out.append(Template(_clean(names[line]), _clean(goals.get((line, "annual", goal)) or names[line]), rows))
    return out


def _clean(s: str) -> str:
    return re.sub(r"\s+", "", s).replace("|", "／")


# ---------------------------------------------------------------- variation


def vary_name(name: str, rng: random.Random, rate: float = 0.3) -> str:
    """A department's own wording of an indicator: synonyms, reorderings, the odd typo."""
    if rng.random() < rate:
        pairs = [(a, b) for a, b in SYNONYMS if a in name] + [(b, a) for a, b in SYNONYMS if b in name]
        if pairs:
            a, b = rng.choice(pairs)
            name = name.replace(a, b, 1)
    if rng.random() < rate / 4:
        m = re.fullmatch(r"(.{2,}?)(满意度|满意率|完成率|合格率|覆盖率|及时率|知晓率)", name)
        if m:
            name = f"{m.group(2)}（{m.group(1)}）"
    if rng.random() < rate / 15:
        k = [i for i, c in enumerate(name) if c in TYPOS]
        if k:
            i = rng.choice(k)
            name = name[:i] + TYPOS[name[i]] + name[i + 1:]
    return name


def vary_value(target: str, rng: random.Random, drift: float = 0.0) -> str:
    """Another department's (or next year's) value: numbers scaled or drifted, comparators and units changed."""
    m = _NUMBER.search(target)
    if not m:
        return target
    num = m.group(1)
    decimals = len(num.split(".")[1]) if "." in num else 0
    x = float(num)
    pct = target[m.end():m.end() + 1] == "%"
    if pct:
        x = min(100.0, x + rng.choice([0, 0, 0, 1, 2, 5]) * (1 if drift >= 0 else -1)) if drift else \
            rng.choice([x, x, 80, 85, 90, 95, 98, 100])
    else:
        x = x * (1 + drift) if drift else x * rng.uniform(0.5, 2.0)
        x = max(1.0, x)
    new = f"{x:.{decimals}f}" if decimals else str(int(round(x)))
    out = target[:m.start()] + new + target[m.end():]
    rest = out[m.start() + len(new):]
    if rest[:1] in UNIT_VARIANTS and rng.random() < 0.1:
        out = out[:m.start() + len(new)] + UNIT_VARIANTS[rest[0]] + rest[1:]
    if out.startswith(("≥", "≤", "=")) and rng.random() < 0.1:
        out = out[1:]
    elif not out.startswith(("≥", "≤", "=", "<", ">")) and pct and rng.random() < 0.2:
        out = "≥" + out
    return out


def rename_project(name: str, rng: random.Random) -> str:
    for a, b in SYNONYMS:
        if a in name and rng.random() < 0.5:
            return name.replace(a, b, 1)
    return rng.choice(["区级", "专项", ""]) + name + rng.choice(["", "项目", "（续）"])


# ---------------------------------------------------------------- the world


@dataclass
class Project:
    name: str
    goal: str
    rows: list[Row]
    budget: int
    history: list[list[str]] = field(default_factory=list)  # targets of earlier years, newest last


def district_names(n: int, rng: random.Random) -> list[str]:
    names: list[str] = []
    seen = set()
    while len(names) < n:
        base = rng.choice(PLACE_A) + rng.choice(PLACE_B)
        k = 1
        cand = base
        while cand in seen:
            k += 1
            cand = f"{base}{'一二三四五六七八九十'[min(k, 10) - 1]}"
            if k > 10:
                cand = f"{base}{len(names)}"
        seen.add(cand)
        names.append(cand + rng.choice(["区", "区", "县"]))
    return names


def department_projects(kind: int, rng: random.Random, catalogue: list[Template], shared: dict[int, list[Template]]) -> list[Project]:
    """A department's projects: most copied from its kind's common set (what districts share), some its own."""
    common = shared.setdefault(kind, random.Random(kind).sample(catalogue, min(len(catalogue), 8)))
    n = rng.randint(2, 12)
    chosen = [rng.choice(common) if rng.random() < 0.6 else rng.choice(catalogue) for _ in range(n)]
    out = []
    seen = set()
    for t in chosen:
        name = t.name if t.name not in seen else rename_project(t.name, rng)
        seen.add(name)
        copy_exact = rng.random() < 0.25  # a department that copies a template verbatim
        rows = [Row(r.level1, r.level2, r.name if copy_exact else vary_name(r.name, rng),
                    r.target if copy_exact else vary_value(r.target, rng), r.basis) for r in t.rows]
        out.append(Project(name, t.goal, rows, rng.randrange(20, 5000) * 1000))
    return out


def next_year(projects: list[Project], rng: random.Random, catalogue: list[Template]) -> list[Project]:
    """The same department a year later: projects kept (targets drift), renamed, dropped or added."""
    out = []
    for p in projects:
        if rng.random() < 0.1:
            continue
        name = rename_project(p.name, rng) if rng.random() < 0.1 else p.name
        drift = rng.choice([0.0, 0.0, 0.05, 0.1, -0.05])
        rows = [Row(r.level1, r.level2, r.name, vary_value(r.target, rng, drift) if drift else r.target, r.basis) for r in p.rows]
        out.append(Project(name, p.goal, rows, int(p.budget * rng.uniform(0.9, 1.15)) // 100 * 100,
                           p.history + [[r.target for r in p.rows]]))
    if not out or rng.random() < 0.5:  # a department always has a project
        t = rng.choice(catalogue)
        out.append(Project(t.name if t.name not in {p.name for p in out} else rename_project(t.name, rng), t.goal,
                           [Row(r.level1, r.level2, vary_name(r.name, rng), vary_value(r.target, rng), r.basis) for r in t.rows],
                           rng.randrange(20, 5000) * 1000))
    return out


# ---------------------------------------------------------------- writing


def _md_table(rows: list[list[str]]) -> list[str]:
    width = max(len(r) for r in rows)
    out = ["| " + " | ".join([""] * width) + " |", "|" + "|".join(["------"] * width) + "|"]
    out += ["| " + " | ".join(r + [""] * (width - len(r))) + " |" for r in rows]
    return out


def _indicator_rows(p: Project, with_history: bool) -> list[list[str]]:
    rows = []
    last1 = last2 = None
    for i, r in enumerate(p.rows):
        label = "年度绩效目标1" if with_history else "长期绩效目标1"
        first = "" if i else label
        l1 = "" if r.level1 == last1 else r.level1
        l2 = "" if (r.level1, r.level2) == (last1, last2) else r.level2
        last1, last2 = r.level1, r.level2
        if with_history:
            prev1 = p.history[-1][i] if p.history and i < len(p.history[-1]) else ""
            prev2 = p.history[-2][i] if len(p.history) > 1 and i < len(p.history[-2]) else ""
            rows.append([first, l1, l2, r.name, prev2, prev1, r.target, r.basis])
        else:
            rows.append([first, l1, l2, r.name, r.target, r.basis])
    return rows


def write_document(path: Path, district: str, dept: str, year: int, projects: list[Project]) -> list[dict]:
    """One 部门预算 in markdown; returns the gold rows it holds."""
    full = f"{district}{dept}"
    lines = ["", f"{full}（汇总） {year} 年部门预算", "", "第二部分 预算表", ""]
    gold = []
    for k, p in enumerate(projects, 1):
        lines += [f"表 12-{k} 项目支出绩效目标表", "", "项目申报表", "", "单位：元", ""]
        lines += _md_table([["项目名称", p.name, "", ""], ["项目主管部门", full, "项目执行单位", full],
                            ["起始年度", str(year), "终止年度", str(year)]])
        lines += [""]
        money = f"{p.budget:,}"
        lines += _md_table([["项目总预算", money, "项目当年预算", money, "", ""],
                            ["项目绩效总目标", "", "", "", "", ""], ["名称", "目标说明", "", "", "", ""],
                            ["长期绩效目标1", p.goal, "", "", "", ""], ["年度绩效目标1", p.goal, "", "", "", ""],
                            ["长期绩效目标表", "", "", "", "", ""],
                            ["目标名称", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"]]
                           + _indicator_rows(p, False))
        lines += [""]
        lines += _md_table([["年度绩效目标表", "", "", "", "", "", "", ""],
                            ["目标名称", "一级指标", "二级指标", "三级指标", "指标值", "", "", "指标值确定依据"],
                            ["", "", "", "", "前年", "上年", "预计当年实现", ""]] + _indicator_rows(p, True))
        lines += [""]
        for horizon in ("long_term", "annual"):
            for i, r in enumerate(p.rows):
                prev = (p.history[-1][i] if p.history and i < len(p.history[-1]) else None) if horizon == "annual" else None
                gold.append({"doc": path.stem, "project": p.name, "horizon": horizon, "level1": r.level1, "level2": r.level2,
                             "name": r.name, "target": r.target, "prev1": prev or None, "basis": r.basis})
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return gold


def generate(out: Path, districts: int, years: int = 3, first_year: int = 2024, seed: int = 1,
             departments: int = len(DEPARTMENTS), max_documents: int | None = None) -> dict:
    """Write the corpus to `out` (at most `max_documents` documents, whole departments); returns counts."""
    rng = random.Random(seed)
    catalogue = real_catalogue()
    shared: dict[int, list[Template]] = {}
    out.mkdir(parents=True, exist_ok=True)
    docs = rows = 0
    with (out / "gold.jsonl").open("w", encoding="utf-8") as gold_file:
        for di, district in enumerate(district_names(districts, rng)):
            for ui in rng.sample(range(len(DEPARTMENTS)), min(departments, len(DEPARTMENTS))):
                if max_documents is not None and docs >= max_documents:
                    break
                projects = department_projects(ui, rng, catalogue, shared)
                for y in range(years):
                    if y:
                        projects = next_year(projects, rng, catalogue)
                    path = out / f"d{di:04d}-u{ui:02d}-{first_year + y}.md"
                    for g in write_document(path, district, DEPARTMENTS[ui], first_year + y, projects):
                        gold_file.write(json.dumps(g, ensure_ascii=False) + "\n")
                        rows += 1
                    docs += 1
    return {"documents": docs, "rows": rows, "estimated_triples": docs * TRIPLES_PER_DOCUMENT}


def documents_for(triples: int) -> int:
    """Documents for about `triples` data triples."""
    return max(1, round(triples / TRIPLES_PER_DOCUMENT))


def districts_for(triples: int, years: int, departments: int = len(DEPARTMENTS)) -> int:
    """Districts needed for about `triples` data triples."""
    return max(1, -(-documents_for(triples) // (departments * years)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--triples", type=int, help="about this many data triples (sets --districts)")
    g.add_argument("--districts", type=int, default=2)
    ap.add_argument("--departments", type=int, default=len(DEPARTMENTS), help=f"per district (at most {len(DEPARTMENTS)})")
    ap.add_argument("--years", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    districts = districts_for(a.triples, a.years, a.departments) if a.triples else a.districts
    limit = documents_for(a.triples) if a.triples else None
    print(json.dumps(generate(a.out, districts, a.years, seed=a.seed, departments=a.departments, max_documents=limit)))


if __name__ == "__main__":
    main()
