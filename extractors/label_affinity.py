"""How well an indicator fits a 二级 label, from the words of its name and the unit of its value.

A converter that prints cells in reading order without positions (plain ``pdftotext``) keeps the order
of a table's merged 二级 labels and the order of its rows, but not which rows a label spans. The split
is then chosen where the rows' words agree best with the labels (see :func:`split_runs`): 时效 rows
speak of time (及时, 小时), 成本 rows of money (成本, 万元), 数量 rows count things (个数, 12份), 满意度 rows
of satisfaction. The cues are the framework's own definitions, not any document's indicators.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .text import key
from .vocab import label_of, level1_for_level2

# cues per 二级 concept: (pattern on the name, pattern on the value); each hit adds one point
_COUNT_UNIT = r"(个|次|份|篇|家|场|人|台|套|条|项|批|户|期|本|件|所|名|座|公里|千米|米|平方米|㎡|吨|亩|册|辆|部|棵|株|只|头|间|张|块|处|门|节|课时|学时|班|村|点|万人|人次|GB|TB|G|M)$"
_CUES: dict[str, tuple[str, str]] = {
    "数量指标": (r"数量|个数|次数|人数|户数|家数|篇数|份数|场次|数$|量$|覆盖(面|范围)|(开展|举办|组织|培训|新增|完成|建设|购置|采购|发放|印发|检查|维护|提供|签订).*(次|场|个|份|篇|项|期)?$",
                 _COUNT_UNIT),
    "质量指标": (r"率|合格|达标|质量|正常|通过|验收|准确|完好|规范|安全|完整|有效", r"%|％|合格|达标|优良|良好|规范|准确"),
    "时效指标": (r"及时|时间|时限|时效|按时|期限|周期|进度|天内|日内|小时内|工作日|年底|月底|前完成|当年|当期|限时|响应",
                 r"(小时|天|日|周|月|年|分钟|工作日|前|内)$|及时|按时|按期|准时|年底|月底|^\d{4}年"),
    "经济成本指标": (r"成本|费用|预算|资金|经费|支出|价格|单价|控制|标准", r"元$|元/|预算"),
    "社会成本指标": (r"社会成本|社会影响|负面", r""),
    "生态环境成本指标": (r"生态|环境|污染", r""),
    "经济效益指标": (r"经济|收入|产值|税|营收|增长|投资|招商|效益|节约|降低成本", r"亿元|万元"),
    "社会效益指标": (r"社会|群众|公众|服务|保障|提升|提高|促进|推动|改善|优化|水平|能力|意识|稳定|影响|作用|发展", r"提升|提高|改善|促进|增强|有效|明显|显著|稳定"),
    "生态效益指标": (r"生态|环境|绿色|节能|减排|排放|污染|绿化|空气|水质", r""),
    "可持续影响指标": (r"可持续|长效|持续|长期|机制|制度|常态", r"长期|持续|长效"),
    "服务对象满意度指标": (r"满意", r"%|％|满意"),
}
_COMPILED = {c: (re.compile(n), re.compile(v) if v else None) for c, (n, v) in _CUES.items()}
_SATISFIED = re.compile(r"满意")


def concept_of(label: str) -> str | None:
    """The canonical 二级 concept of a printed label (经济成本 → 经济成本指标), or None."""
    lab = label_of(label)
    return lab.level2 if lab is not None else None


@lru_cache(maxsize=65536)  # the readers ask it of the same rows and labels many times over
def level2_affinity(name: str, value: str | None, label: str) -> float:
    """Points for the indicator (name, printed value) standing under the 二级 label: cue hits, with a
    strong pull of 满意 names to the 满意度 label and away from every other."""
    concept = concept_of(label)
    if concept is None:
        return 0.0
    n, v = key(name or ""), key(value or "")
    if _SATISFIED.search(n):
        return 3.0 if concept == "服务对象满意度指标" else -1.0
    if concept == "服务对象满意度指标":
        return -1.0  # a 满意度 row names satisfaction
    cues = _COMPILED.get(concept)
    if cues is None:
        return 0.0
    name_re, value_re = cues
    score = (1.5 if concept == "时效指标" else 1.0) if name_re.search(n) else 0.0  # 及时处理率 is about time
    if value_re is not None and v and value_re.search(v):
        # a value cue (%, 个) counts in full where the name has none; beside a name cue it is mostly the
        # same evidence (a 率 name and its % value), so that a stronger cue of another label still wins
        score += 0.25 if score else 1.0
    return score


def split_runs(affinity: list[list[float]]) -> list[int]:
    """See :func:`split_runs_scored`; the assignment alone."""
    return split_runs_scored(affinity)[0]


_FRAMEWORK_ORDER = ["数量指标", "质量指标", "时效指标", "经济成本指标", "社会成本指标", "生态环境成本指标", "经济效益指标",
                    "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标"]
_COST = {"经济成本指标", "社会成本指标", "生态环境成本指标"}


def _rank(level2: str | None, cost_first: bool) -> int:
    """A 二级 concept's place in the framework's printing order (unknown ones last)."""
    r = _FRAMEWORK_ORDER.index(level2) if level2 in _FRAMEWORK_ORDER else len(_FRAMEWORK_ORDER)
    return r - len(_FRAMEWORK_ORDER) if cost_first and level2 in _COST else r


def _orders(concepts: list[str | None], rank) -> list[list[int]]:
    out = []
    for cost_first in (True, False):
        order = sorted(range(len(concepts)), key=lambda i: (rank(concepts[i], cost_first), i))
        if order not in out:
            out.append(order)
    return out


def framework_orders(labels: list[str]) -> list[list[int]]:
    """The orders a table may print its 二级 labels in: the framework's (产出, 成本, 效益, 满意度), or with
    成本 first as the newer templates print it. Each order lists indexes into `labels`; a label the
    framework does not know keeps its place after the known ones."""
    return _orders([concept_of(t) for t in labels], _rank)


def level1_framework_orders(concepts: list[str | None]) -> list[list[int]]:
    """The same two orders for 一级 concepts (成本指标, 产出指标 …), each placed where its first 二级 kind is."""
    def rank(c: str | None, cost_first: bool) -> int:
        return min((_rank(k, cost_first) for k in _FRAMEWORK_ORDER if level1_for_level2(k) == c), default=len(_FRAMEWORK_ORDER))
    return _orders(concepts, rank)


def split_runs_scored(affinity: list[list[float]]) -> tuple[list[int], float]:
    """Split rows (in order) into consecutive runs, one per label (in order), each of at least one row,
    so that the summed affinity (``affinity[row][label]``) is highest. Returns each row's label index.

    Ties go to the most even runs: with no cue at all, labels share the rows evenly. The score is -inf
    when there are fewer rows than labels (the first rows then get a label each)."""
    R = len(affinity)
    K = len(affinity[0]) if R else 0
    if K == 0 or R == 0:
        return [0] * R, 0.0
    neg = float("-inf")
    best = [[neg] * (R + 1) for _ in range(K + 1)]  # best[k][j]: rows before j split into runs of labels before k
    back = [[0] * (R + 1) for _ in range(K + 1)]
    best[0][0] = 0.0
    # a small preference for even runs breaks ties between cue-less splits: even[n] for a run of n rows
    even = [-1e-3 * abs(n - R / K) for n in range(R + 1)]
    for k in range(K):
        column = [row[k] for row in affinity]
        here, after, steps = best[k], best[k + 1], back[k + 1]
        last = R - (K - k - 1)  # a run of label k ending below this leaves a later label no row
        for i in range(R + 1):
            acc = here[i]
            if acc == neg:
                continue
            for j in range(i + 1, last + 1):
                acc += column[j - 1]
                score = acc + even[j - i]
                if score > after[j]:
                    after[j], steps[j] = score, i
    if best[K][R] == neg:  # fewer rows than labels: the first rows get a label each
        return [min(r, K - 1) for r in range(R)], neg
    out = [0] * R
    i = R
    for k in range(K, 0, -1):
        p = back[k][i]
        for r in range(p, i):
            out[r] = k - 1
        i = p
    return out, best[K][R]
