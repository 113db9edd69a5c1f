"""Plain pdftotext, the project form: label → value pairs (a value fills the open label it fits: a code, a
year, an amount), and the goal list under it (长期绩效目标 N and its statement).
"""
from __future__ import annotations

import re

from .captions import horizon_of_head
from .grid import Cell, Source, Table, Text
from .plain_captions import FORM_END, goal_caption, is_title, opens_table
from .plain_lines import ORG_END, Tok
from .plain_overview import GOAL_ROW_LABEL, OVERVIEW_REACH, is_overview_head, overview_heads
from .plain_words import GOAL_LABEL, form_label, is_header_word
from .projects import form_field


_STANDALONE = re.compile(r"^(金额|计量)?单位[:：]|^申报日期[:：]|^部门[(（]?单位?[)）]?名称[:：]")


def form_ahead(toks: list[Tok], i: int) -> bool:
    """项目名称 opens a project form when more form labels follow soon (not a 表10 column header): five, or three
    with 起始年度 among them, or four of which three are each followed by a value (a header's labels follow
    one another)."""
    ahead = [t.k for t in toks[i + 1:i + 16]]
    labels = sum(1 for k in ahead if form_label(k))
    paired = sum(1 for a, b in zip(ahead, ahead[1:]) if form_label(a) and not form_label(b))
    return labels >= 3 and "起始年度" in ahead or labels >= 5 or labels >= 4 and paired >= 3


_CODE = re.compile(r"^[A-Za-z0-9\-]{6,}$")
_YEARISH = re.compile(r"^\d{1,4}年?$")
_AMOUNT = re.compile(r"^-?[\d,]+(\.\d+)?(万元|元)?$")
_PERIOD = re.compile(r"^(19|20)\d\d(年|\.|-|/)?.{0,8}(至|-|—|~|－)(19|20)\d\d(年|\.|-|/)?.{0,4}$")
_YEAR_FIELDS = ("start_year", "end_year")
_AMOUNT_FIELDS = ("total_budget", "year_budget", "year_budget_part")
# 项目属性 / 类别的值：新增、延续、持续性项目、专项业务类、常年性项目 …（一句目标不是）
_CATEGORY = re.compile(r"(项目|类|性)$|新增|新设|延续|持续|一次性|常年|经常")
_SENTENCE = re.compile(r"[，,。；;、]")


def fit(label: str, value: str) -> int:
    """How well a value fits a form label (by the field the label fills): 0 not at all, 1 possibly,
    2 surely (a year for 起始年度, 2023年至2027年 for 项目起止时间, an amount for 总额)."""
    field_ = form_field(label)
    if field_ == "code":
        return 2 if _CODE.match(value) and re.search(r"\d", value) and not _PERIOD.match(value) else 0  # 2026-2026: a period
    if field_ in _YEAR_FIELDS:
        return 2 if re.match(r"^(19|20)\d\d年?$", value) else (1 if _YEARISH.match(value) else 0)
    if field_ == "period":
        return 2 if _PERIOD.match(value) else (1 if re.match(r"^(19|20)\d\d", value) else 0)
    if field_ in _AMOUNT_FIELDS:
        return 2 if _AMOUNT.match(value) and re.search(r"[.,万元]", value) else (1 if _AMOUNT.match(value) else 0)
    if _AMOUNT.match(value) or _CODE.match(value) and re.search(r"\d", value) or _PERIOD.match(value):
        return 0
    if field_ == "category":
        if ORG_END.search(value) or len(value) > 12:
            return 0
        return 2 if _CATEGORY.search(value) else 1
    if field_ in ("department", "executor"):
        return 2 if ORG_END.search(value) and not _SENTENCE.search(value) else (1 if len(value) > 12 else 0)
    return 1


# 表单里一组行的总标签（项目资金、资金总额及构成、总体目标）：自身无值，也不是别的标签的值
_FORM_GROUP = re.compile(r"^(项目|年度)?(资金|预算)(来源|构成|申请|情况)?$|^资金总额及构成$|^(总体|整体|项目)(绩效)?总?目标$|^年度主要任务$")
_FUNDING = re.compile(r"^项目资金来源$|财政拨款$|^单位资金$|^其他资金$|^事业收入$|^上级补助")


def _late_form_values(toks: list[Tok], i: int, end: int) -> list[Tok]:
    """Values of the form's labels that the converter printed after the goal heads that end the form
    (a two-column row's right cells: 主管部门 | 项目起止时间 printed beside 长期目标): up to the next table,
    each a short cell (no sentence) that surely fits one of the form's labels; and the form labels
    printed between the two goal heads, with their values, in printed order."""
    if end >= len(toks) or not is_overview_head(toks, end):
        return []
    second = overview_heads(toks, end)[-1]
    # 两个目标栏标题之间印出的表单标签（项目属性、执行单位 …）也是表单的
    labels = [t.k for t in toks[i:second] if form_label(t.k)]
    out: list[Tok] = []
    for j, t in enumerate(toks[end:end + OVERVIEW_REACH], end):
        if is_title(t) or opens_table(toks, j) or goal_caption(t.k):
            break
        if j < second and form_label(t.k):
            out.append(t)
        if _SENTENCE.search(t.k) or form_label(t.k) or horizon_of_head(t.k) or GOAL_ROW_LABEL.match(t.k):
            continue
        # 两个目标栏标题之间只有表单的值：金额不带小数点也算
        if any(fit(lab, t.k) == 2 or j < second and form_field(lab) in _AMOUNT_FIELDS and fit(lab, t.k) == 1 for lab in labels):
            out.append(t)
    return out


def read_form(toks: list[Tok], file: str) -> list[Table]:
    """A project form's label → value pairs. A value printed right after its label is its; the others
    fill, in order, the open label they fit best (a year the 年度 labels, an org the 部门 labels)."""
    kept = [t for t in toks if not _STANDALONE.search(t.k) and not _FORM_GROUP.match(t.k)]
    labels = [t for t in kept if form_label(t.k)]
    filled: dict[int, Tok] = {}
    used: set[int] = set()
    for a, b in zip(kept, kept[1:]):
        if _FUNDING.search(a.k) and form_field(a.k) is None and not form_label(b.k):
            used.add(id(b))  # the amount of a funding source (一般公共预算财政拨款 50,000.00), no field of its own
            continue
        if not form_label(a.k) or form_label(b.k):
            continue
        sure = fit(a.k, b.k)
        if sure == 2 or (sure == 1 and form_field(a.k) not in _YEAR_FIELDS + _AMOUNT_FIELDS):
            filled[id(a)] = b
            used.add(id(b))
    for t in kept:
        if form_label(t.k) or id(t) in used:
            continue
        # the open labels printed before this value (a converter may print a value after the next label)
        open_ = [lab for lab in labels if id(lab) not in filled and lab.line <= t.line]
        scored = [(fit(lab.k, t.k), -k, lab) for k, lab in enumerate(open_)]
        scored = [x for x in scored if x[0] > 0]
        if scored:
            best = max(scored, key=lambda x: (x[0], x[1]))[2]
            filled[id(best)] = t
    out = []
    for lab in labels:
        val = filled.get(id(lab))
        src = Source(file, lab.line, lab.page)
        cells = [Cell(lab.text, 0, 0, source=src)]
        if val is not None:
            cells.append(Cell(val.text, 0, 1, source=Source(file, val.line, val.page)))
        out.append(Table(cells, 1, 2, src, [src]))
    return out


def read_goal_list(toks: list[Tok], file: str) -> list[Table]:
    """"长期绩效目标 N" and the statement after it (its wrapped lines, up to the next goal)."""
    out: list[Table] = []
    src0 = Source(file, toks[0].line, toks[0].page) if toks else None
    out.append(Table([Cell("项目绩效总目标", 0, 0, source=src0)], 1, 1, src0, [src0]))
    i = 0
    while i < len(toks):
        t = toks[i]
        if GOAL_LABEL.match(t.k):
            body: list[Tok] = []
            j = i + 1
            while j < len(toks) and not GOAL_LABEL.match(toks[j].k):
                if toks[j].k not in ("项目绩效总目标", "名称", "目标说明"):
                    body.append(toks[j])
                j += 1
            src = Source(file, t.line, t.page)
            cells = [Cell(t.text, 0, 0, source=src)]
            if body:
                cells.append(Cell("\n".join(b.text for b in body), 0, 1, source=Source(file, body[0].line, body[0].page)))
            out.append(Table(cells, 1, 2, src, [src]))
            i = j
            continue
        i += 1
    return out


def project_form(toks: list[Tok], i: int, file: str) -> tuple[list[Table | Text], int]:
    """The project form that starts at toks[i] (项目名称 …) and the goal list printed under it: their grid items
    and the index of the token after them. Form values printed late (after the goal heads) are taken out of
    the stream."""
    end = i + 1
    while end < len(toks) and not (FORM_END.match(toks[end].k) or GOAL_LABEL.match(toks[end].k)
                                   or toks[end].k in ("名称", "目标说明", "项目绩效总目标")
                                   or is_title(toks[end]) or opens_table(toks, end) or is_overview_head(toks, end)
                                   or goal_caption(toks[end].k)):
        end += 1
    late = _late_form_values(toks, i, end)
    items: list[Table | Text] = list(read_form(toks[i:end] + late, file))
    if late:
        gone = {id(t) for t in late}
        toks[end:] = [x for x in toks[end:] if id(x) not in gone]
    gl_end = end
    while gl_end < len(toks) and not (FORM_END.match(toks[gl_end].k) or is_header_word(toks[gl_end].k)
                                      or goal_caption(toks[gl_end].k)):
        gl_end += 1
    if any(GOAL_LABEL.match(x.k) for x in toks[end:gl_end]):
        items.extend(read_goal_list(toks[end:gl_end], file))
    return items, (end if end < len(toks) and is_overview_head(toks, end) else gl_end)  # 表单后的目标栏照样读
