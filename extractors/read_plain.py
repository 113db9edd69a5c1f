"""A grid from plain ``pdftotext`` output: cells one per line in the converter's reading order.

Plain conversion keeps no positions. A page's cells come as lines, grouped in blocks (a blank line
between blocks); a block holds one cell's wrapped lines or cells stacked in one column. The reading
order keeps each column top to bottom, but may print a table's merged labels before its rows, a row's
values before its name, or the header after the body. So a table is rebuilt from what each line is:

- header words (三级指标, 前年 …), goal labels (长期绩效目标 1), framework labels (产出指标, 数量指标),
  bases (计划标准), values (≥95%, 完成) and names (everything else);
- the names, in order, are the rows (a name wrapped over lines is joined where the rows need it);
- values and bases are given to the rows in order, each row taking at most one per value column,
  near its name in the reading order where the converter kept rows together;
- the merged labels, in order, are split over the rows where the rows' words fit them best
  (:mod:`.label_affinity`), the 一级 labels following the 二级 ones' place in the framework.

Project forms are read as label → value pairs (a value fills the first open label it fits: a code, a
year, an amount), goal lists as "长期绩效目标 N" followed by the statement.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .captions import caption_of, goal_cell_number, horizon_of_head
from .columns import BARE_YEAR, OVERVIEW_GOAL, names_target_year, role_of
from .grid import Cell, Grid, Source, Table, Text
from .label_affinity import concept_of, framework_orders, level1_framework_orders, level2_affinity, split_runs, split_runs_scored
from .projects import form_field, is_form_label
from .side_by_side import is_side_by_side, split_columns
from .text import PAGE_NUMBER, display_width, key
from .unit_fit import align_units
from .values import PLACEHOLDERS, is_quantitative, is_unit, normalise, value_score
from .vocab import basis_of, is_basis_prefix, is_label_prefix, label_of, level1_for_level2, level2_kinds
from .wrapped_rows import Words, unwrap_row

_GOAL_LABEL = re.compile(r"^(长期|年度)(绩效)?目标(\d+)$")


_INDICATOR_CAPTION = re.compile(r"^\D{0,4}(绩效)?指标[(（]?目标\d+[)）]?$")


def _goal_caption(k: str) -> str | None:
    """The head of a goal caption over a table (长期目标 1：…, 中长期绩效目标2：…, 当年目标3:…): the
    squeezed text up to its colon, or the whole of an indicator table's caption that names its horizon
    and goal with no statement (中长期绩效指标（目标2）); None for anything else. What it says is the
    assembler's to read (captions.caption_of)."""
    if ":" not in k and "：" not in k:
        cap = caption_of(k) if _INDICATOR_CAPTION.match(k) else None
        return k if cap is not None and cap.horizon is not None and cap.goal is not None else None
    cap = caption_of(k)
    if cap is None or cap.text is None or cap.goal is None:
        return None
    return k[:len(k) - len(cap.text)]


_TITLE = re.compile(r"^表\d+(-\d+)?$|^表\d+(-\d+)?\D.{0,30}表$|绩效目标表$|^项目申报表|^第[一二三四五六七八九十]+部分")
_FORM_END = re.compile(r"^(长期|年度)绩效目标表$")
# a name that ends on a verb or comparison still waiting for its number (…“上云”率达 / 100%)
_AWAITS_NUMBER = re.compile(r"(达|达到|为|不低于|不少于|不高于|不超过|高于|低于|超过|大于|小于|控制在|[≥≤><＞＜=])$")
_HEADER_WORDS = {"目标名称", "一级指标", "二级指标", "三级指标", "指标值", "前年", "上年", "预计当年实现", "指标值确定依据",
                 "指标性质", "计算符号", "度量单位", "计量单位"}
# 拆分的指标值：指标性质（比较符、定性）一栏与度量单位一栏的单元
_CMP_CELL = re.compile(r"^(≥|≤|=|>|<|＞|＜|定性|定量)$")
_LONE_CMP = frozenset({"≥", "≤", "=", ">", "<", "＞", "＜"})
_CMP_TAIL = re.compile(r"^(.+?) (≥|≤|=|>|<|＞|＜|定性)$")
# 表头中没有角色的列（备注、指标解释 …）：照样是表头词，其列交给装配器作附加字段
NOTE_HEADS = frozenset({"备注", "指标解释", "指标说明", "评分标准", "权重", "分值"})
# 签字栏：短标签加冒号、冒号后无字（填表人： 联系电话： 单位负责人：），不是表格单元
_SIGNATURE = re.compile(r"^[\u4e00-\u9fff]{2,6}[:：]$")
RUNNING_TEXT = 36  # a line this long (in characters) is running text, never a table cell
_STANDALONE = re.compile(r"^(金额|计量)?单位[:：]|^申报日期[:：]|^部门[(（]?单位?[)）]?名称[:：]")


@dataclass
class Tok:
    """One printed line: its text, 1-based line number, page and block (lines with no blank between)."""

    text: str
    line: int
    page: int
    block: int
    k: str = field(init=False, repr=False)  # the matching key of the text

    def __post_init__(self) -> None:
        self.k = key(self.text)


def tokens(text: str) -> list[Tok]:
    """The lines of a plain conversion with their page and block; page numbers are left out."""
    out: list[Tok] = []
    run: list[tuple[int, int, str]] = []  # the current block's lines: (line number, page, text)
    page, block = 1, 0

    def close() -> None:
        wrapped = len(run) > 1 and " " in run[0][2]  # only a first line of several cells can be such a row
        cells = unwrap_row([s for _, _, s in run], _CELL_WORDS) if wrapped else None
        if cells is not None:  # a row's cells wrapped side by side: one token a cell, on the block's first line
            out.extend(Tok(c, run[0][0], run[0][1], block) for c in cells)
        else:
            out.extend(Tok(part, no, pg, block) for no, pg, s in run for part in _split_cells(s))
        run.clear()

    for no, raw in enumerate(text.split("\n"), 1):
        if "\f" in raw:
            close()
            page += raw.count("\f")
            block += 1
            raw = raw.replace("\f", "")
        s = raw.strip()
        if not s or PAGE_NUMBER.match(s):
            close()
            block += 1
            continue
        run.append((no, page, s))
    close()
    return _join_year_heads(_join_broken(out))


_NUMBER_HEAD = re.compile(r"^[≥≤<>＞＜]?\d")


def _value_head(part: str) -> bool:
    """A value, or the start of one broken by its column's width (2023年1月-, ≤339.54万)."""
    return value_score(part) >= 0.7 or bool(_NUMBER_HEAD.match(part))


def split_cells(s: str) -> list[str]:
    """A line that holds several cells of one printed row: framework labels at its start and a basis
    at its end are cells of their own ("经济成本指标 成本控制" → 经济成本指标 | 成本控制), and so is each
    value of a line of values and value starts (≤339.54万 ≤397.37万: two columns printed side by side)."""
    return list(_split_cells(s))


_OPEN_BRACKET = re.compile(r"[(（][^)）]*$")
_CLOSE_BRACKET = re.compile(r"^[^(（]{0,6}[)）]$")


@lru_cache(maxsize=1)
def _form_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The project form's labels (data/form_labels.json), their first two or more characters (a label wrapped
    in its narrow column: 项目起止 / 时间, 项目 / 名称) and all their starts (项 / 目 / 名 / 称, a character a line)."""
    data = json.loads((Path(__file__).with_name("data") / "form_labels.json").read_text(encoding="utf-8"))
    labels = frozenset(key(x) for k, xs in data.items() if not k.startswith("_") for x in xs)
    starts = frozenset(x[:n] for x in labels for n in range(1, len(x)))
    return labels, frozenset(x for x in starts if len(x) >= 2) - labels, starts


@lru_cache(maxsize=65536)  # page furniture and short cells repeat on every page
def _split_cells(s: str) -> tuple[str, ...]:
    parts = s.split()
    if len(parts) < 2:
        return (s,)
    labels, prefixes, _ = _form_words()
    head = _OPEN_BRACKET.sub("", key(parts[0]))  # 项目当年预算（ 253.05 / 万元）: the label's unit wrapped around its value
    if (head in labels or head in prefixes) and not form_label(key(s)):
        return (parts[0], " ".join(parts[1:]))  # a form label and its value on one line (项目名称 某某经费)
    if horizon_of_head(key(parts[-1])) and not horizon_of_head(key(s)):
        return (" ".join(parts[:-1]), parts[-1])  # a label beside a goal head (项目绩效 长期目标)
    if all(p in _HEADER_WORDS for p in parts):
        return tuple(parts)  # 一行只有表头词（一级指标 二级指标）：各是一个表头单元
    if all(_value_head(p) for p in parts) and any(_NUMBER_HEAD.match(p) for p in parts):
        return tuple(parts)
    head: list[str] = []
    while len(parts) > 1 and label_of(parts[0]) is not None:
        head.append(parts.pop(0))
    tail: list[str] = []
    if len(parts) > 1 and basis_of(parts[-1]) is not None:
        tail.append(parts.pop())
    if not head and not tail:
        return (s,)
    return (*head, " ".join(parts), *tail)


def _joins(a: Tok, b: Tok) -> bool:
    """True when b finishes a label, goal label, basis or header word that a wrapped a line early."""
    if a.block != b.block:
        return False
    ka, kb = a.k, b.k
    both = ka + kb
    if _GOAL_LABEL.match(both) and not _GOAL_LABEL.match(ka):
        return ka.startswith(("长期", "年度"))
    if label_of(both) and not label_of(ka) and is_label_prefix(ka):
        return True
    if basis_of(both) and not basis_of(ka) and is_basis_prefix(ka):
        return True
    if len(kb) <= 2 and form_label(both) and not form_label(ka) and not form_label(kb):
        return True  # a form label wrapped in its narrow column (项目主管部 / 门)
    if len(kb) == 1 and ka in _form_words()[2] and (both in _form_words()[2] or both in _form_words()[0]):
        return True  # a form label printed a character a line (项 / 目 / 名 / 称)
    if is_unit(kb) and is_quantitative(both) and not re.search(r"[%％]$", ka):
        return True
    if re.search(r"\d$", ka) and re.match(r"0\d", kb):
        return True  # a number broken after its first digit (…为1 / 00%): no number starts with 0 and a digit
    if value_score(a.text) == 0 and value_score(a.text + b.text) >= 0.7 and not label_of(kb):
        return True  # a short word target wrapped in a narrow column (在规定时间 / 内完成)
    if _AWAITS_NUMBER.search(ka) and value_score(a.text) < 0.7 and value_score(b.text) >= 0.7 and len(ka) >= 6:
        return True  # a name wrapped just before its number: the number is the name's, not the row's value
    if len(kb) <= 3 and len(both) <= 9 and not is_header_word(ka) and not is_header_word(kb) and is_header_word(both):
        return True  # a value column's header wrapped in its narrow column (上年预计完 / 成值)
    if ka in _HEAD_PREFIXES and ka not in _WRAPPED_HEADS and both in _WRAPPED_HEADS:
        return True  # a header word wrapped after a first line that is no word of its own (确定依 / 据)
    return both in _HEADER_WORDS and ka not in _HEADER_WORDS


def _join_parallel(toks: list[Tok]) -> list[Tok]:
    """Values printed side by side and wrapped in their narrow columns at once: a line of k values
    (≤339.54万 ≤397.37万, 2023年1月- 2024年1月- 2025年1月-2025年) and, on the lines under it in its block,
    the rest of each (元 / 元, 2023年12月 2024年12月 / 12月), given to the columns left to right."""
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        j = i
        while j < len(toks) and toks[j].line == t.line and toks[j].block == t.block:
            j += 1
        cols = toks[i:j]
        if len(cols) < 2 or not all(_value_head(c.text) for c in cols):
            out.append(t)
            i += 1
            continue
        texts = [c.text for c in cols]
        at = 0
        while j < len(toks) and toks[j].block == t.block and toks[j].line != t.line:
            piece = toks[j].text
            c = next((c for c in range(at, len(texts)) if value_score(texts[c] + piece) >= 0.7), None)
            if c is None:
                break
            texts[c] += piece
            at = c + 1
            j += 1
        out.extend(Tok(text, c.line, c.page, c.block) for text, c in zip(texts, cols))
        i = j
    return out


def _join_broken(toks: list[Tok]) -> list[Tok]:
    toks = _join_parallel(toks)
    out: list[Tok] = []
    labels, prefixes, _ = _form_words()
    for t in toks:
        # 项目起止 2026-2026 / 时间, 项目名 / 某某经费 / 称: a form label wrapped in its narrow column around its
        # value's line
        if len(out) >= 2 and out[-2].block == t.block and out[-2].k in prefixes and len(t.k) <= 2 \
                and out[-2].k + t.k in labels and not form_label(out[-1].k) and out[-1].k not in prefixes:
            a = out[-2]
            out[-2] = Tok(a.text + t.text, a.line, a.page, a.block)
            continue
        # 项目当年预算（ 253.05 / 万元）: the rest of a label's bracket, printed under its value
        if len(out) >= 2 and out[-2].block == t.block and _OPEN_BRACKET.search(out[-2].k) and _CLOSE_BRACKET.match(t.k) \
                and out[-1].line == out[-2].line:
            a = out[-2]
            out[-2] = Tok(a.text + t.text, a.line, a.page, a.block)
            continue
        # "服务对象满意度 / <the row's name> / 指标": a label wrapped around the name printed on its middle line
        if len(out) >= 2 and out[-2].block == t.block and label_of(out[-2].k) is not None and label_of(out[-2].k + t.k) is not None \
                and label_of(t.k) is None and len(t.k) <= 3:
            a = out[-2]
            out[-2] = Tok(a.text + t.text, a.line, a.page, a.block)
            continue
        if out and _joins(out[-1], t):
            prev = out[-1]
            sep = " " if re.search(r"[A-Za-z0-9]$", prev.text) and re.match(r"[A-Za-z0-9]", t.text) \
                and not (prev.text[-1].isdigit() and t.text[0].isdigit()) else ""
            out[-1] = Tok(prev.text + sep + t.text, prev.line, prev.page, prev.block)
        else:
            out.append(t)
    return out


def _year_tail(k: str) -> bool:
    """The words of a value column's header that follow its year (年实际完成, 年预计完成), by this reader's
    stricter year heads (a word after the year: 年 alone is no tail, unlike columns.is_year_head_rest)."""
    return k.startswith("年") and is_year_head("2000" + k)


def _join_year_heads(toks: list[Tok]) -> list[Tok]:
    """Value columns' headers printed as their years and their words apart (年实际完成 | 2024, the years
    after all the words: 年实际完成 | 年预计完成 | 2023 | 2024, or the words wrapped: 年实际完 / 成) made
    header words (2024年实际完成): in a run of header words on one page, as many lone years as such
    words are theirs, in order, not values."""
    out: list[Tok] = []
    for t in toks:  # the words wrapped in their narrow column
        if out and out[-1].block == t.block and not _year_tail(out[-1].k) and _year_tail(out[-1].k + t.k):
            a = out[-1]
            out[-1] = Tok(a.text + t.text, a.line, a.page, a.block)
        else:
            out.append(t)
    def in_run(x: Tok, page: int) -> bool:
        return x.page == page and (is_header_word(x.k) or _year_tail(x.k) or bool(BARE_YEAR.match(x.k)))

    gone: set[int] = set()
    done = -1  # the runs are looked for around the words only: most lines are none
    for at in [k for k, x in enumerate(out) if x.k[:1] == "年" and _year_tail(x.k)]:
        if at <= done:
            continue
        page = out[at].page
        i, j = at, at + 1
        while i > 0 and in_run(out[i - 1], page):
            i -= 1
        while j < len(out) and in_run(out[j], page):
            j += 1
        done = j
        tails = [k for k in range(i, j) if _year_tail(out[k].k)]
        years = [k for k in range(i, j) if BARE_YEAR.match(out[k].k)]
        if len(tails) == len(years):
            for t, y in zip(tails, years):
                out[t] = Tok(out[y].text + out[t].text, out[t].line, out[t].page, out[t].block)
            gone.update(years)
    return [x for k, x in enumerate(out) if k not in gone] if gone else out


# ---- what a line is --------------------------------------------------------------------------------
# header words a narrow column wraps: the first line alone (指标性 | 质, 度量单 | 位) is still a header word
_WRAPPED_HEADS = frozenset(_HEADER_WORDS | NOTE_HEADS | {"指标内容", "指标名称", "绩效指标", "指标来源", "确定依据", "目标值",
                                                     "年度指标值", "当年指标值", "中长期指标值", "当年预期实现值"})
_HEAD_PREFIXES = frozenset(h[:n] for h in _WRAPPED_HEADS for n in range(3, len(h)))
_BASIS_HEAD_PREFIXES = frozenset(h[:n] for h in _WRAPPED_HEADS if role_of(h) == "basis" for n in range(3, len(h)))


def is_header_word(k: str) -> bool:
    """A word of an indicator table's header (三级指标, 前年, 指标值确定依据 …), or the first line of one wrapped
    in its narrow column (指标性, 度量单)."""
    if k in _HEADER_WORDS or k in _HEAD_PREFIXES or k in NOTE_HEADS:
        return True
    role = role_of(k)
    if role == "goal":
        return not _HORIZON_WORD.search(k)  # a goal column's head (目标, 绩效目标), not a horizon's (长期目标)
    return role not in (None, "project", "code", "department") or is_year_head(k)


_HORIZON_WORD = re.compile(r"长期|年度|当年|本年|总体|整体")


def is_goal_head(k: str) -> bool:
    """The header word of a goal column (目标, 绩效目标, 目标名称, 目标内容); not a horizon's goal head (长期目标)."""
    return role_of(k) == "goal" and not _HORIZON_WORD.search(k)


# a value column named by its year (2024年实际完成, 2025年预计, 2023年度实际值): its role is the assembler's
# to tell from the document's fiscal year
_YEAR_HEAD = re.compile(r"^20\d\d年度?(实际|预计|预期|目标|指标|完成)(完成|实现)?(值|数)?$")


def is_year_head(k: str) -> bool:
    """A value column's header word that names a year (2024年实际完成)."""
    return k[:2] == "20" and bool(_YEAR_HEAD.match(k))


def _chronology(k: str) -> int:
    """Where a 前年 / 上年 column stands among the earlier years' columns: by its year or its word."""
    return int(k[:4]) if is_year_head(k) else (0 if role_of(k) == "prev2" else 1)


def value_heads(header_words: list[str]) -> tuple[str, ...]:
    """The value columns a table's header words name, in column order: 前年 / 上年 in words or as years
    (earlier first), and the target (指标值, 目标值, 预计当年实现 …) before or after them, as the header words
    printed next to each other show most often (after them when nothing shows it: the converter's reading
    order of a wrapped header is not the columns' order). 指标值 over a second header row that names the
    target itself is the group's head, no column of its own. () when the words name none."""
    heads = list(dict.fromkeys(k for k in header_words
                               if role_of(k) in ("target", "prev2", "prev1") or is_year_head(k)))
    if any(role_of(k) == "target" and k != "指标值" for k in heads) and "指标值" in heads:
        heads.remove("指标值")
    targets = [k for k in heads if role_of(k) == "target"]
    earlier = sorted((k for k in heads if k not in targets), key=_chronology)
    votes = 0
    for a, b in zip(header_words, header_words[1:]):
        if a in targets and b in earlier:
            votes += 1
        elif a in earlier and b in targets:
            votes -= 1
    return tuple(targets[:1] + earlier + targets[1:] if votes > 0 else earlier + targets)


def _with_target(heads: tuple[str, ...], prev: "PlainTable | None") -> tuple[str, ...]:
    """A table's value columns when its header words name earlier years (前年, 上年) but no target: the
    target's header was printed with another table. The table before it with the same earlier years gives
    the target's name and place; else the target comes after them (指标值)."""
    if not heads or any(role_of(k) == "target" or names_target_year(k) for k in heads):
        return heads
    if prev is not None and tuple(k for k in prev.value_names if role_of(k) != "target") == heads \
            and len(prev.value_names) > len(heads):
        return prev.value_names
    return (*heads, "指标值")


def _target_index(values: list[str]) -> int:
    """Which of the value columns is the target: the one its header names so, else the last."""
    return next((i for i, k in enumerate(values) if role_of(k) == "target"), len(values) - 1)


def starts_table(k: str) -> bool:
    """A header word that only an indicator table prints (not 项目, 合计 or 指标值 alone)."""
    return role_of(k) in ("level1", "level2", "name", "basis") or k == "目标名称"


# the last line of a label or header word wrapped in its narrow column (服务对象满意度 / 指标): no cell of its own
_LABEL_TAILS = frozenset({"指标"})


def kind_of(t: Tok) -> str:
    """header | goal | label | basis | value | name."""
    k = t.k
    if is_header_word(k) or k in _LABEL_TAILS:
        return "header"
    if _GOAL_LABEL.match(k):
        return "goal"
    if label_of(k) is not None:
        return "label"
    if basis_of(k) is not None:
        return "basis"
    if normalise(t.text) in PLACEHOLDERS or value_score(t.text) >= 0.7:
        return "value"
    return "name"


# ---- indicator tables ------------------------------------------------------------------------------
@dataclass
class Item:
    tok: Tok
    kind: str
    pos: int  # index in the table's reading order


def _groups(items: list[Item]) -> list[list[Item]]:
    """Runs of names and values between bases, labels and header words."""
    out: list[list[Item]] = [[]]
    for it in items:
        if it.kind in ("name", "value"):
            out[-1].append(it)
        elif out[-1]:
            out.append([])
    return [g for g in out if g]


def _lone_value_runs(items: list[Item], per_row: int) -> list[tuple[list[Item], bool]]:
    """Runs of at most one row's worth of values (a name and `per_row` values) that follow no name,
    with only labels, goal labels and header words between them; each with whether its first must be
    a name: the run is exactly one row's worth closed by the row's basis, or a single word that no
    row can own (the name after it has values of its own)."""
    rows = [it for it in items if it.kind in ("name", "value", "basis")] + [Item(Tok("", 0, 0, 0), "end", len(items))]
    out: list[tuple[list[Item], bool]] = []
    run: list[Item] = []
    after_name = False
    for i, it in enumerate(rows):
        if it.kind == "value":
            run.append(it)
            continue
        if run and not after_name and len(run) <= per_row + 1:
            whole_row = it.kind == "basis" and len(run) == per_row + 1
            orphan = len(run) == 1 and it.kind == "name" and i + 1 < len(rows) and rows[i + 1].kind == "value"
            out.append((run, whole_row or orphan))
        after_name, run = it.kind == "name", []
    return out


def _names_between_labels(items: list[Item], per_row: int) -> None:
    """A table printed as a block of labels and names, then a block of all the values (more than its
    names can hold): a cell alone between labels in the first block is a name, even when it reads like
    a target (经济成本指标 | 预算内 | 数量指标, 时效指标 | 规定时间内完成 | 效益指标)."""
    last_name = max((it.pos for it in items if it.kind == "name"), default=None)
    if last_name is None:
        return
    names = sum(1 for it in items if it.kind == "name")
    trailing = sum(1 for it in items[last_name + 1:] if it.kind == "value")
    if trailing <= per_row * names:
        return
    for i in range(1, last_name):
        it = items[i]
        if it.kind == "value" and items[i - 1].kind == "label" and items[i + 1].kind == "label":
            it.kind = "name"


def _values_of_a_bare_name(items: list[Item], per_row: int) -> set[int]:
    """Values that follow a name with none of its own, with only header words between (预算内 |
    指标值 | 指标值确定依据 | 不超预算 | 预算内): they are that name's, not a new row's. One more value than a
    row holds, the last a word, is the row's 依据 printed as a literal (预算内): it becomes a basis.
    Returns the id() of the values so owned."""
    owned: set[int] = set()
    seq = [it for it in items if it.kind in ("name", "value", "basis")]
    for i, it in enumerate(seq[:-1]):
        if it.kind != "name" or seq[i + 1].kind != "value":
            continue
        between = items[it.pos + 1:seq[i + 1].pos]
        if not between or any(b.kind != "header" for b in between):
            continue  # a name followed at once by its values (or after labels) is read as usual
        run = []
        for nxt in seq[i + 1:]:
            if nxt.kind != "value":
                break
            run.append(nxt)
        owned.update(id(v) for v in run)
        last = run[-1]
        if len(run) == per_row + 1 and not is_quantitative(last.tok.text) and normalise(last.tok.text) not in PLACEHOLDERS:
            last.kind = "basis"
    return owned


def _settle_kinds(items: list[Item], per_row: int) -> None:
    """A run of values with no name, whose first is not a number, starts with the row's name (预算内 |
    不超预算): a run between bases, labels and header words whose first differs from the rest, or one
    row's worth (a name and `per_row` values) with only labels, goal labels and header words between
    them, whose first differs from the rest or which its basis closes (按规定时间 | 按规定时间 | 计划标准),
    or a lone word before a row that has its values (its own values are printed elsewhere); a framework
    label followed by a value is a row's name (服务对象满意度 | ≥90%) when the label column already has
    that label, unless a name waiting for its value stands before it.

    In order: a cell read between 三级指标 and the value headers is a name; so is a cell alone between
    labels in a table whose values all come after its names (``_names_between_labels``), and a word on
    a label's line; values after a bare name with only header words between are its own
    (``_values_of_a_bare_name``); then the runs above; then the labels taken for names."""
    prev: Item | None = None  # the last item before `it` that is not a label or goal label
    for it, nxt in zip(items, items[1:]):
        # a cell read between the 三级指标 header (maybe with labels between) and the value columns'
        # headers is in the name column
        if it.kind == "value" and prev is not None and prev.kind == "header" and role_of(prev.tok.k) == "name" \
                and nxt.kind == "header" and _is_value_header(nxt.tok.k):
            it.kind = "name"
        if it.kind not in ("label", "goal"):
            prev = it
    _names_between_labels(items, per_row)
    for prev, it in zip(items, items[1:]):
        # a word printed on one line after a framework label (社会效益指标 保障各项工作完成) stands in the
        # column beside the labels: the name's
        if it.kind == "value" and prev.kind == "label" and prev.tok.line == it.tok.line and not is_quantitative(it.tok.text):
            it.kind = "name"
    owned = _values_of_a_bare_name(items, per_row)
    at = {id(it): i for i, it in enumerate(items)}
    # a run of the same word twice right after a framework label printed in line with its rows: the row's
    # name and its target, printed alike (时效指标 | 按规定时间 | 按规定时间)
    runs = [(g, len(g) == 2 and g[0].tok.k == g[1].tok.k and at[id(g[0])] > 0 and items[at[id(g[0])] - 1].kind == "label"
             and items[at[id(g[0])] - 1].tok.line != g[0].tok.line)
            for g in _groups(items)] + _lone_value_runs(items, per_row)
    for g, must in runs:
        if not must and (len(g) < 2 or any(it.kind == "name" for it in g)) or id(g[0]) in owned:
            continue
        first = g[0]
        if first.kind != "value" or is_quantitative(first.tok.text) or normalise(first.tok.text) in PLACEHOLDERS:
            continue
        if must or all(it.tok.k != first.tok.k for it in g[1:]):
            first.kind = "name"
    for i, it in enumerate(items[:-1]):
        nxt = items[i + 1]
        if i and items[i - 1].kind == "name":
            continue  # a label printed between a name and its value (时效 row | 服务对象满意度指标 | ≤30分钟)
        if it.kind == "label" and nxt.kind == "value" and not nxt.tok.k == it.tok.k:
            lab = label_of(it.tok.k)
            # the same 二级 label printed elsewhere (a label that may stand at 一级 too does not count)
            same = [x for x in items if x.kind == "label" and x is not it and concept_of(x.tok.k) == concept_of(it.tok.k)
                    and (x.tok.k == it.tok.k or label_of(x.tok.k).level1 is None)]
            if same and lab is not None and lab.level2:
                it.kind = "name"


def _constant_column(items: list[Item]) -> None:
    """A short text printed on three rows or more of one table, where names differ row by row, is a
    column's constant: the basis of every row (a template's own 依据 such as "链路" or "年度计划")."""
    counts: dict[str, int] = {}
    for it in items:
        if it.kind == "name":
            counts[it.tok.k] = counts.get(it.tok.k, 0) + 1
    for it in items:
        if it.kind == "name" and counts[it.tok.k] >= 3 and len(it.tok.k) <= 8:
            it.kind = "basis"


_SURE_WRAP = 1.4  # a full line with a short rest, or a rest opening with a comma: a count of rows does not undo it
_GOES_ON = re.compile(r"^[，,。.、；;：:）)】」』%％]")


def _wrap_joins(name_runs: list[list[Item]], widest: float, n_rows: int) -> set[int]:
    """Which name lines go on with the line before them (their ``pos``). Candidates are consecutive
    name lines of one block: a line as wide as the table's widest name line was wrapped, more surely
    when the line after it is a short rest. Where the values make ``n_rows`` rows, that count decides
    between a wrap and two names stacked in one block (完成创新单元建设 / 项目建成率): the least wrap-like
    joins are undone, or the most wrap-like lines joined, until the names match the rows."""
    cands: list[tuple[float, int]] = []
    for run in name_runs:
        for a, b in zip(run, run[1:]):
            if a.tok.block == b.tok.block:
                wa, wb = display_width(a.tok.text), display_width(b.tok.text)
                # a wrapped line fills its column and leaves a short rest; stacked names are whole
                score = (wa / widest if widest else 0.0) + (0.5 if wb <= 0.5 * wa else 0.0)
                if _GOES_ON.match(b.tok.text):  # a line opening with a comma or a closing bracket goes on
                    score += 1.0
                cands.append((score, b.pos))
    joins = {pos for score, pos in cands if score >= 0.9}
    if n_rows <= 0:
        return joins
    names = sum(len(run) for run in name_runs)
    by_score = sorted(cands)
    for score, pos in by_score:  # too few names: undo the least wrap-like joins, never a sure one
        if names - len(joins) >= n_rows or score >= _SURE_WRAP:
            break
        joins.discard(pos)
    for score, pos in reversed(by_score):  # too many names: join the most wrap-like lines
        if names - len(joins) <= n_rows or score < 0.5:
            break
        joins.add(pos)
    return joins


def _name_groups(names: list[Item], joins: set[int]) -> list[list[Item]]:
    """Consecutive name lines split into names, a line in `joins` going on with the one before it."""
    out: list[list[Item]] = []
    for n in names:
        if out and n.pos in joins:
            out[-1].append(n)
        else:
            out.append([n])
    return out


def _shape(text: str) -> str:
    """A value's shape: comparator and unit, digits dropped (≥30篇 → ≥#篇)."""
    return re.sub(r"[\d.,\s]+", "#", normalise(text))


def _split_values(vals: list[Item], per_row: int) -> list[list[Item]]:
    """A run of values with no basis between them cut into rows of at most per_row values: alike values
    (≥30篇 ≥30篇 ≥40篇) stay in one row, full rows are preferred."""
    V = len(vals)
    if per_row <= 1:
        return [[v] for v in vals]
    inf = float("inf")
    best = [inf] * (V + 1)
    back = [0] * (V + 1)
    best[0] = 0.0
    for v in range(V):
        if best[v] == inf:
            continue
        for take in range(1, min(per_row, V - v) + 1):
            chunk = vals[v:v + take]
            cost = best[v] + 0.5 * (per_row - take) + 0.6 * (len({_shape(c.tok.text) for c in chunk}) - 1)
            if v + take < V and _shape(vals[v + take].tok.text) == _shape(chunk[-1].tok.text) and take < per_row:
                cost += 0.6  # an alike value left for the next row
            if cost < best[v + take]:
                best[v + take], back[v + take] = cost, take
    out: list[list[Item]] = []
    v = V
    while v > 0:
        out.append(vals[v - back[v]:v])
        v -= back[v]
    return out[::-1]


def _chunks(run: list[Item], per_row: int) -> list[list[Item]]:
    """A run of values and bases cut into rows: a basis ends its row; more values than a row holds
    before it are rows of their own."""
    out: list[list[Item]] = []
    vals: list[Item] = []
    n_vals = next((k for k, it in enumerate(run) if it.kind == "basis"), len(run))
    bases = run[n_vals:]
    if len(bases) >= 2 and all(b.kind == "basis" for b in bases) and n_vals == per_row * len(bases):
        # 指标值一栏印完再印依据一栏：按顺序一行一对
        return [run[k * per_row:(k + 1) * per_row] + [b] for k, b in enumerate(bases)]
    for it in run:
        if it.kind == "basis":
            own = vals[max(0, len(vals) - per_row):] if vals else []
            rest = vals[:len(vals) - len(own)]
            out.extend(_split_values(rest, per_row))
            out.append(own + [it])
            vals = []
        else:
            vals.append(it)
    out.extend(_split_values(vals, per_row))
    return out


@dataclass
class Row:
    names: list[Item]
    cells: list[Item]  # values, then the basis if printed

    @property
    def pos(self) -> int:
        return min(it.pos for it in self.names + self.cells)


def assemble_rows(items: list[Item], per_row: int) -> list[Row]:
    """Rows from names, values and bases in reading order. A name followed by values takes them; names
    and value runs left alone (the converter printed them apart) are paired in order. Rows come in the
    order of their first printed piece."""
    seq = [it for it in items if it.kind in ("name", "value", "basis")]
    names_all = [it for it in seq if it.kind == "name"]
    widest = max((display_width(n.tok.text) for n in names_all), default=0.0)
    runs: list[tuple[str, list[Item]]] = []
    for it in seq:
        kind = "N" if it.kind == "name" else "VB"
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(it)
        else:
            runs.append((kind, [it]))
    n_rows = sum(len(_chunks(run, per_row)) for kind, run in runs if kind == "VB")
    joins = _wrap_joins([run for kind, run in runs if kind == "N"], widest, n_rows)
    rows: list[Row] = []
    lone_names: list[list[Item]] = []
    lone_cells: list[list[Item]] = []
    i = 0
    while i < len(runs):
        kind, run = runs[i]
        if kind == "VB":
            lone_cells.extend(_chunks(run, per_row))
            i += 1
            continue
        groups = _name_groups(run, joins)
        chunks = _chunks(runs[i + 1][1], per_row) if i + 1 < len(runs) else []
        n = min(len(groups), len(chunks))
        if any(_header_between(items, a, b) for a, b in zip(run, run[1:])):
            # a header word among the names: the converter left the names column between them, so
            # the values after the last name are no sure sign of whose they are
            lone_names.extend(groups)
            lone_cells.extend(chunks)
            i += 2 if chunks else 1
            continue
        if len(groups) > len(chunks) and chunks:
            # names printed before their row's values: the last names own the values that follow
            lone_names.extend(groups[:len(groups) - n])
            pairs = zip(groups[len(groups) - n:], chunks)
        elif len(chunks) > len(groups) and lone_names and i + 2 == len(runs) and not lone_cells \
                and any(it.kind == "header" for it in items[run[-1].pos + 1:chunks[0][0].pos]):
            # more values than names at the table's end, all printed after a header word (none next to
            # the names), and no values printed apart before: printed after the body, top to bottom,
            # they are first the values of the names above that have none
            k = min(len(lone_names), len(chunks) - len(groups))
            earlier, lone_names = lone_names[len(lone_names) - k:], lone_names[:len(lone_names) - k]
            pairs = list(zip(earlier + groups, chunks))
            n = len(pairs)
        else:
            pairs = zip(groups[:n], chunks[:n])
            lone_names.extend(groups[n:])
        rows.extend(Row(g, c) for g, c in pairs)
        lone_cells.extend(chunks[n:])
        i += 2 if chunks else 1
    taken = _pair_by_words(lone_names, lone_cells)
    for g, k in zip(lone_names, taken):
        rows.append(Row(g, lone_cells[k] if k is not None else []))
    in_order = _paired_in_order(runs, joins, per_row, rows)
    if in_order is not None:
        return _join_valueless(in_order)
    rows.sort(key=lambda r: r.pos)
    for k, chunk in enumerate(lone_cells):
        if k not in taken:
            _give_to_a_row(chunk, rows, per_row)
    return _join_valueless(rows)


def _header_between(items: list[Item], a: Item, b: Item) -> bool:
    """A header word printed between two names: they are not one block of the names column (the
    converter went on to another part of the page between them)."""
    return any(it.kind == "header" for it in items[a.pos + 1:b.pos])


def _paired_in_order(runs: list[tuple[str, list[Item]]], joins: set[int], per_row: int, rows: list[Row]) -> list[Row] | None:
    """The k-th name with the k-th value row, when the table has as many names as value rows and the
    pairing by neighbourhood crosses itself (a page's first rows printed as values before their names,
    the next names before theirs): a row order that crosses is no reading order, the count is. None
    when the neighbourhood pairing is kept (it does not cross, the counts differ, or it fits the
    names' words better)."""
    if not runs or runs[0][0] != "VB":
        return None
    blocks = [_name_groups(run, joins) if kind == "N" else [] for kind, run in runs]
    if any(len(b) < 2 for (kind, _), b in zip(runs[:-1], blocks) if kind == "N"):
        return None  # a name followed by its values somewhere: the converter printed row by row
    groups = [g for b in blocks for g in b]
    chunks = [c for kind, run in runs if kind == "VB" for c in _chunks(run, per_row)]
    if len(groups) != len(chunks) or len(rows) != len(groups) or any(not r.cells for r in rows):
        return None
    by_name = sorted(rows, key=lambda r: r.names[0].pos)
    firsts = [r.cells[0].pos for r in by_name]
    if all(a < b for a, b in zip(firsts, firsts[1:])):
        return None
    ordered = [Row(g, c) for g, c in zip(groups, chunks)]
    if sum(_word_fit(r.names, r.cells) > 0 for r in ordered) < sum(_word_fit(r.names, r.cells) > 0 for r in rows):
        return None
    return sorted(ordered, key=lambda r: r.pos)


_SATISFIED = re.compile(r"满意")
_PERCENT = re.compile(r"[%％]")
_MAX_PAIRED = 12  # names and value rows paired by their words (a search over subsets): more keep their order


def _word_fit(names: list[Item], cells: list[Item]) -> float:
    """How well a row's value cells fit its name by their words: a word target that repeats two
    characters of the name (提升 for 档案信息化建设水平提升, 有效预防 for 预防和减少…), a percentage
    for a 满意度 name."""
    name = "".join(n.tok.k for n in names)
    fit = 0.0
    for c in cells:
        if c.kind != "value":
            continue
        v = c.tok.k
        if not is_quantitative(c.tok.text) and any(v[i:i + 2] in name for i in range(len(v) - 1)):
            fit += 1.0
        elif _SATISFIED.search(name) and _PERCENT.search(v):
            fit += 1.0
    return fit


def _pair_by_words(names: list[list[Item]], chunks: list[list[Item]]) -> list[int | None]:
    """Which value row each lone name takes (the index into `chunks`, None for none). Names and value
    rows printed apart are paired in order, unless their words pair them otherwise (a name printed after
    the others, as a tall cell may be: 提升 goes with 档案信息化建设水平提升 wherever it stands)."""
    n, m = len(names), len(chunks)
    in_order: list[int | None] = [k if k < m else None for k in range(n)]
    if n < 2 or m < 2 or n > _MAX_PAIRED or m > _MAX_PAIRED:
        return in_order
    fit = [[_word_fit(g, c) - 1e-3 * abs(i - k) for k, c in enumerate(chunks)] for i, g in enumerate(names)]
    # best[mask]: the best total for the first popcount(mask) names taking the chunks in mask
    best: dict[int, tuple[float, list[int]]] = {0: (0.0, [])}
    for i in range(min(n, m)):
        nxt: dict[int, tuple[float, list[int]]] = {}
        for mask, (score, picks) in best.items():
            for k in range(m):
                if mask & (1 << k):
                    continue
                cand = (score + fit[i][k], picks + [k])
                key_ = mask | (1 << k)
                if key_ not in nxt or cand[0] > nxt[key_][0]:
                    nxt[key_] = cand
        best = nxt
    score, picks = max(best.values(), key=lambda v: v[0])
    ordered = sum(fit[i][k] for i, k in enumerate(in_order) if k is not None)
    if score <= ordered + 0.5:
        return in_order  # the words do not clearly pair them otherwise
    return picks + [None] * (n - len(picks))


def _join_valueless(rows: list[Row]) -> list[Row]:
    """Two rows in a row that have no value are one row whose word target reads like a name: a tall
    cell's text is printed apart from its row. `X | 计划标准 | Y` (X closed by the basis, Y alone) is the
    row Y with the target X, printed before its name; `X | Y (| 计划标准)` (X alone) is the row X with
    the target Y."""
    def valueless(r: Row) -> bool:
        return len(r.names) == 1 and not any(c.kind == "value" for c in r.cells)
    out: list[Row] = []
    for row in rows:
        prev = out[-1] if out else None
        if prev is not None and valueless(prev) and valueless(row):
            if prev.cells and not row.cells:
                name, value, cells = row.names, prev.names[0], prev.cells
            elif not prev.cells:
                name, value, cells = prev.names, row.names[0], row.cells
            else:
                out.append(row)
                continue
            value.kind = "value"
            out[-1] = Row(name, [value] + cells)
            continue
        out.append(row)
    return out


def _give_to_a_row(chunk: list[Item], rows: list[Row], per_row: int) -> None:
    """Values no name took (a row's 前年 and 上年 printed before its name, its target after it) go to the
    first row after them with room for them, else the last before them with room."""
    if not chunk or any(c.kind != "value" for c in chunk):
        return
    def room(r: Row) -> bool:
        return sum(1 for c in r.cells if c.kind == "value") + len(chunk) <= per_row
    at = chunk[0].pos
    target = next((r for r in rows if r.pos > at and room(r)), None) or next((r for r in reversed(rows) if r.pos < at and room(r)), None)
    if target is not None:
        target.cells = sorted(target.cells + chunk, key=lambda c: (c.kind == "basis", c.pos))


@dataclass
class PlainTable:
    """An indicator table's lines, collected from its first header word to the next title."""

    toks: list[Tok]
    caption: str | None = None
    value_cols: int = 1
    value_names: tuple[str, ...] = ("指标值",)  # the value columns' header words, in column order
    split_target: bool = False  # 指标值拆成 指标性质 | 指标值 | 度量单位

    def next_header(self, after: list[Tok]) -> list[Tok]:
        """Header words that end this table's lines but open the next table's header, printed before the
        next caption (the rest of that header follows the caption): a run of two or more header words
        after this table's own header, none of them printed again after the caption. They are cut off
        this table's lines and returned; [] when there is no such run."""
        n = 0
        while n < len(self.toks) and kind_of(self.toks[-1 - n]) == "header":
            n += 1
        run, before = self.toks[len(self.toks) - n:], self.toks[:len(self.toks) - n]
        if n < 2 or not any(kind_of(t) == "header" for t in before) or not any(kind_of(t) in ("value", "basis") for t in before):
            return []
        again = set()
        for t in after:  # the header that follows the caption, with the labels printed among its words
            if kind_of(t) not in ("header", "label") and not _goal_caption(t.k):
                break
            again.add(t.k)
        if again & {t.k for t in run}:
            return []
        del self.toks[len(self.toks) - n:]
        return run

    def later_bodies(self, page: int) -> list[list[Tok]]:
        """Bodies of other tables printed after this one's rows on `page`, each opened by value-column
        header words (指标值, 指标值确定依据), maybe after 三级指标, mid-page; they are cut off this table's tokens. A converter
        that reads a page's right-hand columns first prints the bodies of the page's tables one after
        another, and their captions and labels after them."""
        toks = self.toks
        cuts = [j for j in range(1, len(toks))
                if toks[j].page == page == toks[j - 1].page and not is_header_word(toks[j - 1].k)
                and (_is_value_header(toks[j].k)
                     or (role_of(toks[j].k) == "name" and j + 1 < len(toks) and _is_value_header(toks[j + 1].k)
                         and kind_of(toks[j - 1]) in ("value", "basis")))
                and any(kind_of(x) in ("name", "value") for x in toks[:j])]
        def cells(a: int, b: int) -> list[int]:
            return [j for j in range(a, b) if kind_of(toks[j]) in ("value", "basis")]
        # a value-column header word among this table's own labels printed after the bodies (前年 between
        # 产出指标 and 质量指标) opens no body: a part with no value or basis stays this table's
        bounds = cuts + [len(toks)]
        parts = [(a, b) for a, b in zip(bounds, bounds[1:]) if cells(a, b)]
        if not parts:
            return []
        # what follows the last body's last value or basis is this table's left-hand cells (names and
        # labels printed after the page's right-hand columns)
        a, b = parts[-1]
        parts[-1] = (a, cells(a, b)[-1] + 1)
        taken = {j for a, b in parts for j in range(a, b)}
        self.toks = [t for j, t in enumerate(toks) if j not in taken]
        return [toks[a:b] for a, b in parts]

    def build(self, file: str, prev: "PlainTable | None" = None) -> Table:
        # a split target: its 指标性质 / 度量单位 header words, or comparators alone on their lines (≥ | 95 | %)
        # where a wrapped header lost its words
        split = self.split_target = any(role_of(t.k) in ("cmp", "unit") for t in self.toks) or \
            sum(1 for t in self.toks if t.k in _LONE_CMP) >= 2 or \
            (prev is not None and prev.split_target and not any(is_header_word(t.k) for t in self.toks))
        if split:
            self.toks = _cmp_tails(self.toks)
        items = [Item(t, kind_of(t), i) for i, t in enumerate(self.toks)]
        heads = _with_target(value_heads([it.tok.k for it in items if it.kind == "header"]), prev)
        if heads:
            self.value_names = heads
        elif prev is not None and not any(it.kind == "header" for it in items):
            self.value_names = prev.value_names
        self.value_cols = len(self.value_names)
        if split:
            _split_kinds(items)
        items = _goal_cells(items)
        _mark_notes(items)
        _mark_number_notes(items)
        _mark_row_numbers(items)
        _settle_kinds(items, self.value_cols)
        _constant_column(items)
        rows = assemble_rows(items, self.value_cols)
        src = Source(file, self.toks[0].line, self.toks[0].page)
        n_vals = self.value_cols
        values = list(self.value_names)
        at = _target_index(values)
        if split:  # 拆分的指标值：比较符与单位各成一列，交给装配器按列角色拼合
            values = values[:at] + ["指标性质", values[at], "度量单位"] + values[at + 1:]
        headers = ["目标名称", "一级指标", "二级指标", "三级指标"] + values + ["指标值确定依据"]
        notes = list(dict.fromkeys(it.tok.k for it in items if it.tok.k in NOTE_HEADS))
        headers += notes  # printed note columns: their text cells go to the rows below
        cells = [Cell(h, 0, c, source=src) for c, h in enumerate(headers)]
        name_col, basis_col = 3, 4 + len(values)
        value_cols = [4 + c for c, h in enumerate(values) if h not in ("指标性质", "度量单位")]
        sources: list[Source | None] = [src]
        row_values: list[list[Item]] = []
        for r, row in enumerate(rows, 1):
            head = row.names[0].tok
            sources.append(Source(file, head.line, head.page))
            cells.append(Cell("\n".join(g.tok.text for g in row.names), r, name_col, source=Source(file, head.line, head.page)))
            vals = [c for c in row.cells if c.kind == "value"][-n_vals:]
            row_values.append(vals)
            # a row short of values keeps the target's: left-aligned when the target column is printed
            # first, else right-aligned (one value is the target, two are 上年 and target)
            shift = 0 if at == 0 else n_vals - len(vals)
            for j, v in enumerate(vals):
                cells.append(Cell(v.tok.text, r, value_cols[shift + j], source=Source(file, v.tok.line, v.tok.page)))
            for b in (c for c in row.cells if c.kind == "basis"):
                cells.append(Cell(b.tok.text, r, basis_col, source=Source(file, b.tok.line, b.tok.page)))
        if split:
            targets = [vals[0 if at == 0 else -1] if vals else None for vals in row_values]
            for (r, kind), it in _split_parts(items, rows, targets).items():
                col = 4 + values.index("指标性质" if kind == "cmp" else "度量单位")
                cells.append(Cell(it.tok.text, r + 1, col, source=Source(file, it.tok.line, it.tok.page)))
        _number_note_cells(items, rows, headers, cells, file)
        text_notes = [c for c, h in enumerate(headers) if h in _TEXT_NOTE_HEADS and h in notes]
        if len(text_notes) == 1:  # one text note column: its cells go to their rows (with two, which is whose is not known)
            taken: set[int] = set()
            for r, text, first in _note_runs(items, rows):
                if r not in taken:
                    taken.add(r)
                    cells.append(Cell(text, r + 1, text_notes[0], source=Source(file, first.tok.line, first.tok.page)))
        self._labels(items, [r.names for r in rows], row_values, cells, file)
        return Table(cells, len(rows) + 1, len(headers), src, sources)

    def _labels(self, items: list[Item], rows: list[list[Item]], row_values: list[list[Item]], cells: list[Cell], file: str) -> None:
        """Merged 目标名称, 一级 and 二级 labels over the rows."""
        if not rows:
            return
        level1: list[Item] = []
        level2: list[Item] = []
        goals: list[Item] = []
        for it in items:
            if it.kind == "goal":
                goals.append(it)
            elif it.kind == "label":
                lab = label_of(it.tok.k)
                assert lab is not None
                is_level1 = lab.level1 is not None and (lab.level2 is None or _after_level1(it, items))
                (level1 if is_level1 else level2).append(it)
        level2 = _collapse(level2)
        level1 = _collapse(level1)
        goals = _collapse(goals)
        row_level2: list[str | None] = [None] * len(rows)
        row_level1: list[str | None] = [None] * len(rows)
        if level2:
            repeats = _groups_repeat(level1)
            if len(goals) <= 1 and not repeats:
                # one goal: each 二级 concept once, in an order the framework prints them in (the reading
                # order of a page's labels is not theirs)
                seen: dict[str | None, Item] = {}
                for it in level2:
                    seen.setdefault(concept_of(it.tok.text) or it.tok.k, it)
                level2 = list(seen.values())
            names = ["".join(g.tok.text for g in grp) for grp in rows]
            targets = [vals[-1].tok.text if vals else None for vals in row_values]
            orders = framework_orders([it.tok.text for it in level2]) if len(goals) <= 1 and not repeats else [list(range(len(level2)))]
            best: tuple[list[int], float, list[int]] | None = None
            inline = _inline_labels(items, rows)
            for order in orders:
                aff = [[level2_affinity(n, t, level2[o].tok.text) + _inline_fit(r, inline.get(_label_key(level2[o]), set()))
                        for o in order] for r, (n, t) in enumerate(zip(names, targets))]
                assignment, score = split_runs_scored(aff)
                if best is None or score > best[1]:
                    best = (assignment, score, order)
            assert best is not None
            per_row = [level2[best[2][k]] for k in best[0]]
            for r, it in enumerate(per_row):
                row_level2[r] = it.tok.text
            _span_cells(cells, per_row, 2, file)
        if level1:
            # a 一级 label goes over the rows whose 二级 label belongs to it in the framework, wherever the
            # converter printed it; rows with no such 二级 label take the order of the 一级 labels
            by_concept: dict[str, Item] = {}
            for it in level1:
                c = _concept1(it.tok.text)
                if c is not None:
                    by_concept.setdefault(c, it)
            parents = [_parent(t) for t in row_level2]
            if all(p is not None and p in by_concept for p in parents):
                row_level1 = [by_concept[p].tok.text for p in parents if p is not None]
                _span_cells(cells, [by_concept[p] for p in parents if p is not None], 1, file)
            else:
                # the labels in their printed order or in an order the framework prints them in,
                # whichever fits the rows' 二级 labels best (a converter may print 满意度 before 产出)
                best1: tuple[float, list[Item]] | None = None
                for order in _level1_orders(level1):
                    aff = [[_level1_fit(p, _concept1(it.tok.text)) for it in order] for p in parents]
                    assignment, score = split_runs_scored(aff)
                    if best1 is None or score > best1[0]:
                        best1 = (score, [order[k] for k in assignment])
                assert best1 is not None
                row_level1 = [it.tok.text for it in best1[1]]
                _span_cells(cells, best1[1], 1, file)
        if goals:
            # each goal cell over the rows printed nearest it (a merged cell is printed among its rows)
            runs = _framework_runs(row_level1, row_level2)
            if len(goals) > 1 and max(runs) + 1 == len(goals):
                # the goals' rows are where the framework starts over; the goals in their numbers' order
                ordered = sorted(goals, key=lambda g: (goal_cell_number(g.tok.text)[0] or 0, g.pos))
                _span_cells(cells, [ordered[k] for k in runs], 0, file)
            else:
                aff = [[-abs(grp[0].pos - g.pos) / len(items) for g in goals] for grp in rows]
                _span_cells(cells, [goals[k] for k in split_runs(aff)], 0, file)


_GOAL_NUMBER_START = frozenset("0123456789目(（一二三四五六七八九十")  # how a goal's number opens its cell


def _goal_cells(items: list[Item]) -> list[Item]:
    """In a table with a goal column (目标名称, 绩效目标 …), a cell that opens with a goal's number (1、…,
    目标2：…, （三）…) is that column's merged cell, not a row's name; the lines after it in its block carry
    on its statement."""
    if not any(it.kind == "header" and is_goal_head(it.tok.k) for it in items):
        return items
    out: list[Item] = []
    for it in items:
        last = out[-1] if out else None
        if it.kind == "name" and last is not None and last.kind == "goal" and last.tok.block == it.tok.block \
                and goal_cell_number(it.tok.text)[0] is None and not _GOAL_LABEL.match(last.tok.k):
            t = last.tok
            last.tok = Tok(t.text + "\n" + it.tok.text, t.line, t.page, t.block)
            continue
        if it.kind == "name" and len(it.tok.k) > 4 and it.tok.k[0] in _GOAL_NUMBER_START \
                and goal_cell_number(it.tok.text)[0] is not None:
            it.kind = "goal"
        out.append(it)
    return out


_TEXT_NOTE_HEADS = frozenset({"备注", "指标解释", "指标说明", "评分标准"})


def _block_runs(items: list[Item]) -> list[list[Item]]:
    """Runs of name and value cells printed in one block one after the other: a wrapped cell's lines."""
    runs: list[list[Item]] = []
    for it in items:
        if it.kind in ("name", "value") and runs and runs[-1][-1].kind in ("name", "value") \
                and runs[-1][-1].tok.block == it.tok.block and runs[-1][-1].pos == it.pos - 1:
            runs[-1].append(it)
        else:
            runs.append([it])
    return [r for r in runs if r[0].kind in ("name", "value")]


def _mark_notes(items: list[Item]) -> None:
    """In a table that prints a text note column (评分标准, 指标解释, 备注 …), the cells of that column are
    no rows: a text printed the same in three or more rows (a scoring rule), or one that holds another
    cell's whole text with words before and after it (反映<name>情况: an explanation of that name)."""
    if not any(it.kind == "header" and it.tok.k in _TEXT_NOTE_HEADS for it in items):
        return
    runs = _block_runs(items)
    texts = ["".join(it.tok.k for it in r) for r in runs]
    counts: dict[str, int] = {}
    for t in texts:
        counts[t] = counts.get(t, 0) + 1
    names = {t for t, r in zip(texts, runs) if len(t) >= 4 and any(it.kind == "name" for it in r)}
    for run, t in zip(runs, texts):
        if value_score(t) >= 0.7 and is_quantitative(t):
            continue
        boiler = counts[t] >= 3 and len(t) >= 6
        explains = any(n != t and n in t and not t.startswith(n) and not t.endswith(n) for n in names)
        if boiler or explains:
            for it in run:
                it.kind = "note"


_NUMBER_NOTE_HEADS = NOTE_HEADS - _TEXT_NOTE_HEADS  # 权重, 分值: a number a row
_BARE_NUMBER = re.compile(r"^\d+(\.\d+)?$")


def _is_basis_head(k: str) -> bool:
    """The basis column's header word, or the first line of one wrapped in its narrow column (确定依 | 据)."""
    return role_of(k) == "basis" or k in _BASIS_HEAD_PREFIXES


def _number_note_heads(items: list[Item]) -> list[str]:
    """The number note columns (权重, 分值) a table's header prints after its basis column, in their order;
    [] when it prints none, or no basis column before them."""
    heads = [it for it in items if it.kind == "header" and it.tok.k in _NUMBER_NOTE_HEADS]
    basis = next((it for it in items if it.kind == "header" and _is_basis_head(it.tok.k)), None)
    if not heads or basis is None or basis.pos > heads[0].pos:
        return []
    return list(dict.fromkeys(it.tok.k for it in heads))


def _mark_number_notes(items: list[Item]) -> None:
    """In a table whose header prints 权重 / 分值 after the basis column, the bare numbers printed right after
    a row's basis (up to one a column) are those columns' cells, not the next row's values."""
    n = len(_number_note_heads(items))
    for i, it in enumerate(items):
        if it.kind != "basis":
            continue
        for nxt in items[i + 1:i + 1 + n]:
            if nxt.kind != "value" or not _BARE_NUMBER.match(nxt.tok.k):
                break
            nxt.kind = "number_note"


_ROW_NO = re.compile(r"^[1-9]\d?$")
_ROW_NO_SIDES = ("name", "label", "header", "basis", "goal")


def _mark_row_numbers(items: list[Item]) -> None:
    """A 序号 column printed among the labels: runs of bare whole numbers with a name, label, header word
    or basis on both sides (never a comparator, unit or value), whose numbers read on through the table
    (3 | 4 5 6 | 7, one number at most missing between two), at least three in a chain, are the
    rows' numbers, not values; the 序号 header word itself is no row's name."""
    for it in items:
        if it.kind == "name" and it.tok.k == "序号":  # the column's header word, not a row
            it.kind = "header"
    runs: list[list[Item]] = []
    k = 0
    while k < len(items):
        j = k
        while j < len(items) and items[j].kind == "value" and _ROW_NO.match(items[j].tok.k):
            j += 1
        if j > k and k > 0 and j < len(items) and items[k - 1].kind in _ROW_NO_SIDES and items[j].kind in _ROW_NO_SIDES:
            runs.append(items[k:j])
        k = max(j, k + 1)
    numbers = [it for run in runs for it in run]
    chain: list[Item] = []
    for it in numbers + [None]:
        if it is not None and (not chain or 0 < int(it.tok.k) - int(chain[-1].tok.k) <= 2):
            chain.append(it)
            continue
        if len(chain) >= 3:
            for x in chain:
                x.kind = "row_no"
        chain = [it] if it is not None else []


def _number_note_cells(items: list[Item], rows: list[Row], headers: list[str], cells: list[Cell], file: str) -> None:
    """The number note cells marked by _mark_number_notes, each in its column of the row whose basis they
    follow."""
    heads = _number_note_heads(items)
    owner = {id(c): r for r, row in enumerate(rows) for c in row.cells if c.kind == "basis"}
    row, k = None, 0
    for it in items:
        if it.kind == "basis":
            row, k = owner.get(id(it)), 0
        elif it.kind == "number_note":
            if row is not None and k < len(heads):
                cells.append(Cell(it.tok.text, row + 1, headers.index(heads[k]), source=Source(file, it.tok.line, it.tok.page)))
            k += 1


def _note_runs(items: list[Item], rows: list[Row]) -> list[tuple[int, str, Item]]:
    """The note cells marked by _mark_notes as (0-based row, text, first line): a wrapped cell's lines
    joined, each given to the row whose name was printed last before it (the first row when none was)."""
    owner = {id(g): r for r, row in enumerate(rows) for g in row.names}
    out: list[tuple[int, str, Item]] = []
    row = 0
    last: Item | None = None
    for it in items:
        if id(it) in owner:
            row = owner[id(it)]
        if it.kind == "note":
            if last is not None and last.kind == "note" and last.pos == it.pos - 1 and last.tok.block == it.tok.block:
                r, text, first = out[-1]
                out[-1] = (r, text + it.tok.text, first)
            else:
                out.append((row, it.tok.text, it))
        last = it
    return out


def _framework_runs(level1: list[str | None], level2: list[str | None]) -> list[int]:
    """Each row's run, counting from 0: a new run starts where a row's 一级 (or, without one, 二级) label
    changes to one the run has had already (产出 … 效益 … 满意度, then 产出 again: the next goal's rows)."""
    out: list[int] = []
    run, seen = 0, set()
    prev: str | None = None
    for l1, l2 in zip(level1, level2):
        lab = _concept1(l1) if l1 else (concept_of(l2) if l2 else None)
        if lab is not None and lab != prev and lab in seen:
            run, seen = run + 1, set()
        if lab is not None:
            seen.add(lab)
            prev = lab
        out.append(run)
    return out


def _cmp_tails(toks: list[Tok]) -> list[Tok]:
    """A name printed with its row's comparator on its line (参展企业满意度 ≥): the comparator a cell of its own."""
    out: list[Tok] = []
    for t in toks:
        m = _CMP_TAIL.match(t.text)
        if m and kind_of(t) == "name":
            out.extend([Tok(m.group(1), t.line, t.page, t.block), Tok(m.group(2), t.line, t.page, t.block)])
        else:
            out.append(t)
    return out


def _split_kinds(items: list[Item]) -> None:
    """In a table with a split target: comparators (≥, =, 定性) are cells of the 指标性质 column and a
    unit alone (家, 亿元, %) a cell of the 度量单位 column, not names or values."""
    for it in items:
        if it.kind in ("name", "value") and _CMP_CELL.match(it.tok.k):
            it.kind = "cmp"
        elif it.kind in ("name", "value") and is_unit(it.tok.k) and not re.search(r"\d", it.tok.k):
            it.kind = "unit"


_BARE_NUMBER = re.compile(r"^-?[\d,]+(\.\d+)?$")


def _split_parts(items: list[Item], rows: list[Row], targets: list[Item | None]) -> dict[tuple[int, str], Item]:
    """The comparator and unit cells of the rows: (0-based row, "cmp" or "unit") → the cell.
    A comparator printed right after a name is its row's; the others, and the units, go in printed order
    to the rows that print a bare number (the empty cells the converter dropped): a 定性 row takes none, and
    where units are fewer than such rows, the rows left without are those the units fit least (a bare 0, a
    name asking for another kind of unit: unit_fit.align_units)."""
    owner = {id(g): r for r, row in enumerate(rows) for g in row.names}
    out: dict[tuple[int, str], Item] = {}
    loose: list[Item] = []
    for k, it in enumerate(items):
        if it.kind != "cmp":
            continue
        before = items[k - 1] if k else None
        r = owner.get(id(before)) if before is not None else None
        if r is not None and (r, "cmp") not in out:
            out[(r, "cmp")] = it
        else:
            loose.append(it)
    numeric = [r for r, v in enumerate(targets) if v is not None and _BARE_NUMBER.match(v.tok.k)]
    # a comparator printed right before a row's bare-number target (labels or header words between the
    # name and it: ≥ | 95) is that row's
    target_row = {id(v): r for r in numeric if (v := targets[r]) is not None}
    at = {id(it): k for k, it in enumerate(items)}
    for it in list(loose):
        k = at[id(it)] + 1
        r = target_row.get(id(items[k])) if k < len(items) else None
        if r is not None and (r, "cmp") not in out:
            out[(r, "cmp")] = it
            loose.remove(it)
    open_cmp = [r for r in numeric if (r, "cmp") not in out]
    if loose and len(loose) == len(open_cmp):
        out.update({(r, "cmp"): it for r, it in zip(open_cmp, loose)})
    units = [it for it in items if it.kind == "unit"]
    named = [("".join(g.tok.text for g in rows[r].names), targets[r].tok.k) for r in numeric]
    out.update({(numeric[a], "unit"): units[b] for a, b in align_units(named, [u.tok.k for u in units])})
    return {k: v for k, v in sorted(out.items())}


def _groups_repeat(level1: list[Item]) -> bool:
    """一级标签在表内不相邻地重复出现（产出 … 效益 … 产出）：表格按组重复打印标签，二级标签按打印顺序逐组分配，不去重。"""
    seen: set[str] = set()
    for a, b in zip(level1, level1[1:] + [None]):
        c = _concept1(a.tok.text) or a.tok.k
        if c in seen:
            return True
        if b is None or (_concept1(b.tok.text) or b.tok.k) != c:
            seen.add(c)
    return False


def _label_key(it: Item) -> str:
    return concept_of(it.tok.text) or it.tok.k


def _inline_labels(items: list[Item], rows: list[list[Item]]) -> dict[str, set[int]]:
    """The rows a 二级 label was printed in line with: the label read between one row's last cell (a
    value or basis) and the next row's name, or on its name's line. Its merged cell spans that row."""
    row_of = {id(n): r for r, grp in enumerate(rows) for n in grp}
    out: dict[str, set[int]] = {}
    for prev, it, nxt in zip(items, items[1:], items[2:]):
        if it.kind != "label" or nxt.kind != "name" or id(nxt) not in row_of:
            continue
        if prev.kind in ("value", "basis", "number_note", "row_no") or nxt.tok.line == it.tok.line:
            out.setdefault(_label_key(it), set()).add(row_of[id(nxt)])
    return out


def _inline_fit(r: int, rows: set[int]) -> float:
    """Row r under a label printed in line with `rows`: it spans them (+2), and more likely starts at
    one of them than takes the row above in (-0.5)."""
    return 2.0 if r in rows else (-0.5 if r + 1 in rows else 0.0)


def _after_level1(it: Item, items: list[Item]) -> bool:
    """An ambiguous label (满意度指标, 成本指标) is a 一级 label unless a 一级 label with the same concept
    came just before it (then it is the 二级 label under it)."""
    lab = label_of(it.tok.k)
    prev = next((x for x in reversed(items[:it.pos]) if x.kind == "label"), None)
    if prev is None:
        return True
    plab = label_of(prev.tok.k)
    return not (plab is not None and plab.level1 is not None and plab.level1 == (lab.level1 if lab else None) and prev.tok.k != it.tok.k)


def _level1_orders(level1: list[Item]) -> list[list[Item]]:
    """The printed order of the 一级 labels, then the framework's orders of them (成本 first as the
    newer templates print it, or after 产出); a label the framework does not know keeps its place."""
    out = [level1]
    for order in level1_framework_orders([_concept1(it.tok.text) for it in level1]):
        labels = [level1[k] for k in order]
        if labels not in out:
            out.append(labels)
    return out


def _level1_fit(parent: str | None, level1: str | None) -> float:
    """How well a row whose 二级 label belongs to `parent` stands under the printed 一级 label: +1 when
    they agree, -1 when not, and -2 under a 一级 that holds a single 二级 kind in the framework (满意度指标
    holds only 服务对象满意度指标): a document that files a row under the wrong 一级 files it under a broad
    one, not under the satisfaction label."""
    if parent is None:
        return 0.0
    if parent == level1:
        return 1.0
    return -2.0 if level1 is not None and level2_kinds(level1) == 1 else -1.0


def _collapse(labels: list[Item]) -> list[Item]:
    """Labels in order, a label repeated right after itself (printed again on the next page) once."""
    out: list[Item] = []
    for it in labels:
        if out and out[-1].tok.k == it.tok.k:
            continue
        out.append(it)
    return out


def _parent(printed: str | None) -> str | None:
    lab = label_of(printed) if printed else None
    return level1_for_level2(lab.level2) if lab is not None and lab.level2 else None


def _concept1(printed: str) -> str | None:
    lab = label_of(printed)
    return lab.level1 if lab is not None else None


def _span_cells(cells: list[Cell], per_row: list[Item], col: int, file: str) -> None:
    """One merged cell per run of rows that share a label."""
    r = 0
    while r < len(per_row):
        end = r
        while end + 1 < len(per_row) and per_row[end + 1] is per_row[r]:
            end += 1
        t = per_row[r].tok
        cells.append(Cell(t.text, r + 1, col, rowspan=end - r + 1, source=Source(file, t.line, t.page)))
        r = end + 1


# ---- the document ----------------------------------------------------------------------------------
def _is_title(t: Tok) -> bool:
    """A title (表12-1 …, 年度绩效目标表) or a table caption that names no goal statement (长期绩效指标,
    中长期绩效指标（目标2）): the table before it ends; the assembler reads what it says."""
    k = t.k
    return bool(_TITLE.search(k)) and len(k) <= 40 or is_table_caption(k)


def _without_running_heads(toks: list[Tok]) -> list[Tok]:
    """The lines without the running heads of their pages after the first: a title printed the same on more
    than half of the pages (three at least), and a line beside it printed as often (a reporting tool's
    name), where the rows of a table go on after it: it stands between a table and its continuation on
    the next page. A head followed by a header, caption or form label stays (a table or a project's form may
    start there: the title of one-page project forms repeats on every page), and so does the first one, the
    document's title; a form label is never taken for the line beside a head."""
    pages: dict[str, set[int]] = {}
    for t in toks:
        pages.setdefault(t.k, set()).add(t.page)
    need = max(3, len({t.page for t in toks}) // 2 + 1)
    often = {k for k, ps in pages.items() if len(ps) >= need}
    once = {t.k: t for t in toks if t.k in often}  # each text tried once: bases and labels repeat on every page
    heads = {k for k, t in once.items() if _is_title(t) and not is_table_caption(k)}
    if not heads:
        return toks
    companions = _companions(toks, heads, often)
    drop: set[int] = set()
    first: set[str] = set()
    for i, t in enumerate(toks):
        if t.k not in heads:
            continue
        if t.k not in first:
            first.add(t.k)
            continue
        if companions:  # the running line printed near the head, as on every page with the head
            beside = {j for j in range(i - _BESIDE, i + _BESIDE + 1)
                      if 0 <= j < len(toks) and toks[j].page == t.page and toks[j].k in companions}
        else:  # else a line beside the head printed as often
            beside = {j for j in (i - 1, i + 1)
                      if 0 <= j < len(toks) and toks[j].page == t.page and len(pages[toks[j].k]) >= need
                      and kind_of(toks[j]) == "name" and not _is_title(toks[j]) and not form_label(toks[j].k)}
        nxt = next((x for j, x in enumerate(toks[i + 1:], i + 1) if j not in beside), None)
        if nxt is not None and (kind_of(nxt) == "header" or _is_title(nxt) or _goal_caption(nxt.k)
                                or form_label(nxt.k)):
            continue  # a header, caption or form follows: a table or a project starts there
        drop.add(i)
        drop.update(beside)
    return [t for i, t in enumerate(toks) if i not in drop]


_BESIDE = 12  # how many lines from its running head a reporting tool's running line may be printed


def _companions(toks: list[Tok], heads: set[str], often: set[str]) -> set[str]:
    """The running lines printed near a running head on every page that has the head (a reporting tool's
    name, 预算编审系统 报表输出): within ``_BESIDE`` lines of it, though a table's cells may come between;
    never a form label."""
    near: dict[int, set[str]] = {}
    for i, t in enumerate(toks):
        if t.k not in heads:
            continue
        got = near.setdefault(t.page, set())
        for j in range(max(0, i - _BESIDE), min(len(toks), i + _BESIDE + 1)):
            x = toks[j]
            if x.page == t.page and x.k in often and x.k not in heads and kind_of(x) == "name" and not _is_title(x) \
                    and not form_label(x.k):
                got.add(x.k)
    if len(near) < 2:
        return set()
    return set.intersection(*near.values())


def is_table_caption(k: str) -> bool:
    """A caption of an indicator table (horizon word, 指标, no statement after a colon): 长期绩效指标,
    年度绩效指标表, 中长期绩效指标（目标2）; never a goal head (长期目标) or a goal caption (长期目标 1：…)."""
    cap = caption_of(k)
    return cap is not None and cap.horizon is not None and cap.text is None and "指标" in k


def _form_ahead(toks: list[Tok], i: int) -> bool:
    """项目名称 opens a project form when more form labels follow soon (not a 表10 column header)."""
    ahead = [t.k for t in toks[i + 1:i + 16]]
    labels = sum(1 for k in ahead if form_label(k))
    return labels >= 3 and "起始年度" in ahead or labels >= 5


_CODE = re.compile(r"^[A-Za-z0-9\-]{6,}$")
_YEARISH = re.compile(r"^\d{1,4}年?$")
_AMOUNT = re.compile(r"^-?[\d,]+(\.\d+)?(万元|元)?$")
_PERIOD = re.compile(r"^(19|20)\d\d(年|\.|-|/)?.{0,8}(至|-|—|~|－)(19|20)\d\d(年|\.|-|/)?.{0,4}$")
_ORG_END = re.compile(r"(局|委|办|院|中心|部|厅|会|所|站|队|处|室|司|府|街道|学校|馆|社|台|团|组)$")
_YEAR_FIELDS = ("start_year", "end_year")
_AMOUNT_FIELDS = ("total_budget", "year_budget", "year_budget_part")
# 项目属性 / 类别的值：新增、延续、持续性项目、专项业务类、常年性项目 …（一句目标不是）
_CATEGORY = re.compile(r"(项目|类|性)$|新增|新设|延续|持续|一次性|常年|经常")
_SENTENCE = re.compile(r"[，,。；;、]")


@lru_cache(maxsize=65536)  # asked of every short line and of every pair of lines that might be one label
def form_label(k: str) -> bool:
    """A label of a project form, from the form vocabulary (data/form_labels.json) or the older list."""
    return is_form_label(k) or form_field(k) is not None


def _whole_word(k: str) -> bool:
    """A cell that is a whole known word: framework label, basis, header word or form label."""
    return label_of(k) is not None or basis_of(k) is not None or k in _WRAPPED_HEADS or form_label(k)


def _word_start(k: str) -> bool:
    """The start of a known word broken by its narrow column (服务对象满, 计划标, 指标值确定)."""
    return is_label_prefix(k) or is_basis_prefix(k) or k in _HEAD_PREFIXES or k in _form_words()[1]


_CELL_WORDS = Words(_whole_word, _word_start, is_quantitative)


def fit(label: str, value: str) -> int:
    """How well a value fits a form label (by the field the label fills): 0 not at all, 1 possibly,
    2 surely (a year for 起始年度, 2023年至2027年 for 项目起止时间, an amount for 总额)."""
    field_ = form_field(label)
    if field_ == "code":
        return 2 if _CODE.match(value) and re.search(r"\d", value) else 0
    if field_ in _YEAR_FIELDS:
        return 2 if re.match(r"^(19|20)\d\d年?$", value) else (1 if _YEARISH.match(value) else 0)
    if field_ == "period":
        return 2 if _PERIOD.match(value) else (1 if re.match(r"^(19|20)\d\d", value) else 0)
    if field_ in _AMOUNT_FIELDS:
        return 2 if _AMOUNT.match(value) and re.search(r"[.,万元]", value) else (1 if _AMOUNT.match(value) else 0)
    if _AMOUNT.match(value) or _CODE.match(value) and re.search(r"\d", value) or _PERIOD.match(value):
        return 0
    if field_ == "category":
        if _ORG_END.search(value) or len(value) > 12:
            return 0
        return 2 if _CATEGORY.search(value) else 1
    if field_ in ("department", "executor"):
        return 2 if _ORG_END.search(value) and not _SENTENCE.search(value) else (1 if len(value) > 12 else 0)
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
    second = _overview_heads(toks, end)[-1]
    # 两个目标栏标题之间印出的表单标签（项目属性、执行单位 …）也是表单的
    labels = [t.k for t in toks[i:second] if form_label(t.k)]
    out: list[Tok] = []
    for j, t in enumerate(toks[end:end + OVERVIEW_REACH], end):
        if _is_title(t) or _opens_table(toks, j) or _goal_caption(t.k):
            break
        if j < second and form_label(t.k):
            out.append(t)
        if _SENTENCE.search(t.k) or form_label(t.k) or horizon_of_head(t.k) or _GOAL_ROW_LABEL.match(t.k):
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




def is_overview_head(toks: list[Tok], i: int) -> bool:
    """The 表11 overview's column heads: 长期目标 and 年度目标 alone on their lines, before any table."""
    return len(_overview_heads(toks, i)) == 2


def _overview_heads(toks: list[Tok], i: int) -> list[int]:
    """Index i and that of the other head, printed before the next caption or table (right after the
    first, or after the first column's goals). A head is any goal column head of a horizon
    (captions.horizon_of_head: 长期目标, 中长期目标, 年度绩效目标 …); the two name different horizons."""
    first = horizon_of_head(toks[i].k)
    if first is None:
        return []
    for j in range(i + 1, min(i + OVERVIEW_REACH, len(toks))):
        h = horizon_of_head(toks[j].k)
        if h is not None and h != first:
            return [i, j]
        if _ends_overview(toks, j):
            break
    return [i]


def _ends_overview(toks: list[Tok], j: int) -> bool:
    """A line the overview cannot hold: a caption, a title, a table's header word or goal label."""
    t = toks[j]
    return bool(_goal_caption(t.k) or _is_title(t) or _opens_table(toks, j) or _GOAL_LABEL.match(t.k)
                or is_table_caption(t.k))


OVERVIEW_REACH = 80  # lines: how far after the first overview head the second may be printed


def read_overview(toks: list[Tok], i: int, file: str) -> tuple[Table, int]:
    """The 表11 overview from its heads at index i: the "目标 N：…" lines that follow (over a page
    break too), up to the first caption or table. Returns the overview as a table (heads, then a row
    per goal number) and the index after it. See ``overview_columns`` for which column a goal is in."""
    heads = _overview_heads(toks, i)
    side = _side_by_side(toks, heads, file)
    if side is not None:
        return side
    j = i + 1  # goal lines may come before the second head
    printed: list[list[Tok]] = []  # each goal's lines
    switches: dict[int, int] = {0: 0}  # goal index → the column whose head was printed just before it
    while j < len(toks):
        t = toks[j]
        if _ends_overview(toks, j):
            break
        if j in heads:
            # heads printed one after the other are the header row: the goals under it start in the first column
            switches.setdefault(len(printed), heads.index(j))
        elif _overview_goal(t) is not None:
            printed.append([t])
        elif printed and t.block == printed[-1][-1].block and kind_of(t) == "name":
            printed[-1].append(t)  # the statement wrapped onto the next line
        j += 1
    numbers = [_overview_goal(g[0]) or 0 for g in printed]
    goals: dict[int, dict[int, list[Tok]]] = {}
    for g, n, col in zip(printed, numbers, overview_columns(numbers, switches, len(heads))):
        if col is not None:
            goals.setdefault(n, {}).setdefault(col, g)
    src = Source(file, toks[i].line, toks[i].page)
    cells = [Cell(toks[h].text, 0, c, source=Source(file, toks[h].line, toks[h].page)) for c, h in enumerate(heads)]
    sources: list[Source | None] = [src]
    if not printed or any(_RUN_ON_GOAL.search(t.text) for g in printed for t in g):
        # a cell a head, each a block of its own under the heads in column order: one unnumbered goal, or
        # goals run on in one cell (目标1：…；目标2：…), which the assembler splits
        blocks: dict[int, list[Tok]] = {}
        for k in range(i + 1, j):
            t = toks[k]
            if k not in heads and kind_of(t) in ("name", "value") and not _GOAL_ROW_LABEL.match(t.k):
                blocks.setdefault(t.block, []).append(t)
        if len(blocks) == len(heads):
            for c, parts in enumerate(blocks.values()):
                cells.append(Cell("".join(p.text for p in parts), 1, c, source=Source(file, parts[0].line, parts[0].page)))
            return Table(cells, 2, len(heads), src, [src, src]), j
    if printed and not OVERVIEW_GOAL.match(printed[0][0].k):
        return _listed_overview(goals, cells, src, len(heads), file), j
    for r, (n, by_col) in enumerate(sorted(goals.items()), 1):
        for c, parts in sorted(by_col.items()):
            cells.append(Cell("".join(p.text for p in parts), r, c, source=Source(file, parts[0].line, parts[0].page)))
        first = min(by_col.values(), key=lambda parts: parts[0].line)[0]
        sources.append(Source(file, first.line, first.page))
    return Table(cells, len(goals) + 1, len(heads), src, sources), j


# the next goal of a cell that lists its goals run on (…履职；目标2：…); goals side by side join with a space
_RUN_ON_GOAL = re.compile(r"[；;。]\s*目标\s*\d+\s*[:：]")


def _listed_overview(goals: dict[int, dict[int, list[Tok]]], cells: list[Cell], src: Source, n_cols: int, file: str) -> Table:
    """An overview whose goal cells list their goals numbered 1.… 2.… (no 目标N： prefix): one cell a column,
    its goals a line each, as printed; the assembler splits the list."""
    for c in range(n_cols):
        parts = [by_col[c] for _, by_col in sorted(goals.items()) if c in by_col]
        if parts:
            first = parts[0][0]
            cells.append(Cell("\n".join("".join(p.text for p in g) for g in parts), 1, c, source=Source(file, first.line, first.page)))
    return Table(cells, 2, n_cols, src, [src, src])


def _overview_goal(t: Tok) -> int | None:
    """The number of an overview goal that starts on this line: 目标N：…, or a numbered item (1.…, 2、…,
    （三）…) of a goal cell printed one goal a line."""
    m = OVERVIEW_GOAL.match(t.k)
    if m:
        return int(m.group(1))
    n, rest = goal_cell_number(t.text)
    return n if n is not None and len(rest) >= 4 and kind_of(t) == "name" else None


# 目标栏旁的标签（整体绩效目标、总体目标、项目绩效总目标）：不是目标正文
_GOAL_ROW_LABEL = re.compile(r"^[\u4e00-\u9fff]{0,6}目标$")


def _overview_end(toks: list[Tok], i: int) -> int:
    """The index of the first line after the overview whose heads start at index i."""
    j = i + 1
    while j < len(toks) and not _ends_overview(toks, j):
        j += 1
    return j


def _side_by_side(toks: list[Tok], heads: list[int], file: str) -> tuple[Table, int] | None:
    """The overview when its goal cells stand side by side under the heads and the converter joined their
    lines (1.…；2.… | 1.…；2.…): the lines after the last head, split into one column per head by
    geometry (see side_by_side). None when the lines are not printed so."""
    if len(heads) < 2:
        return None
    end = _overview_end(toks, heads[-1])
    by_line: dict[int, list[Tok]] = {}
    for t in toks[heads[-1] + 1:end]:
        if not (_GOAL_ROW_LABEL.match(t.k) or form_label(t.k) or kind_of(t) == "value"):
            by_line.setdefault(t.line, []).append(t)
    lines = [" ".join(x.text for x in ts) for ts in by_line.values()]
    if not is_side_by_side(lines):
        return None
    firsts = [ts[0] for ts in by_line.values()]
    src = Source(file, toks[heads[0]].line, toks[heads[0]].page)
    cells = [Cell(toks[h].text, 0, c, source=Source(file, toks[h].line, toks[h].page)) for c, h in enumerate(heads)]
    for c, parts in enumerate(split_columns(lines, len(heads))):
        if parts:
            cells.append(Cell("\n".join(parts), 1, c, source=Source(file, firsts[0].line, firsts[0].page)))
    row_src = Source(file, firsts[0].line, firsts[0].page)
    return Table(cells, 2, len(heads), src, [src, row_src]), end


def overview_columns(numbers: list[int], switches: dict[int, int], n_cols: int) -> list[int | None]:
    """The column of each overview goal, from the goal numbers in printed order. A converter prints
    the overview row by row (目标 1 of each column, then 目标 2 …: every number twice in a row), or
    column by column a page at a time (runs of numbers going up). Row by row, a number's first print is
    the first column's; column by column, a goal stays in the column being printed (a head printed
    before it names that column) while its numbers go on one by one, and else goes to the column whose
    numbers it goes on."""
    pairs = sum(1 for a, b in zip(numbers, numbers[1:]) if a == b)
    out: list[int | None] = []
    seen: dict[int, set[int]] = {}
    if n_cols > 1 and 2 * pairs >= len(numbers) - 1:
        for n in numbers:
            have = seen.setdefault(n, set())
            col = next((c for c in range(n_cols) if c not in have), None)
            if col is not None:
                have.add(col)
            out.append(col)
        return out
    last = [0] * n_cols
    current = 0
    for k, n in enumerate(numbers):
        current = switches.get(k, current)
        have = seen.setdefault(n, set())
        if last[current] != n - 1 or current in have:
            current = next((c for c in range(n_cols) if last[c] == n - 1 and c not in have),
                           next((c for c in range(n_cols) if c not in have), current))
        if current in have:
            out.append(None)
            continue
        have.add(current)
        last[current] = n
        out.append(current)
    return out


def read_goal_list(toks: list[Tok], file: str) -> list[Table]:
    """"长期绩效目标 N" and the statement after it (its wrapped lines, up to the next goal)."""
    out: list[Table] = []
    src0 = Source(file, toks[0].line, toks[0].page) if toks else None
    out.append(Table([Cell("项目绩效总目标", 0, 0, source=src0)], 1, 1, src0, [src0]))
    i = 0
    while i < len(toks):
        t = toks[i]
        if _GOAL_LABEL.match(t.k):
            body: list[Tok] = []
            j = i + 1
            while j < len(toks) and not _GOAL_LABEL.match(toks[j].k):
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


def _opens_table(toks: list[Tok], i: int) -> bool:
    """The line at index i opens an indicator table: a header word only such a table prints, or a goal column's."""
    return starts_table(toks[i].k) or _opens_goal_column(toks, i)


def _opens_goal_column(toks: list[Tok], i: int) -> bool:
    """A goal column's head word (目标, 绩效目标) that opens a table: other header words follow within three
    lines, and no goal head of a horizon right after it (项目绩效 / 目标 over 长期目标 | 年度目标 is a form label)."""
    if not is_goal_head(toks[i].k) or i + 1 >= len(toks) or horizon_of_head(toks[i + 1].k):
        return False
    return any(is_header_word(t.k) and not is_goal_head(t.k) for t in toks[i + 1:i + 4])


def _is_value_header(k: str) -> bool:
    """A value or basis column's header word (指标值, 上年, 2026年指标值, 指标值确定依据)."""
    return role_of(k) in ("target", "prev2", "prev1", "basis") or k == "指标值" or is_year_head(k)


def _body_printed_before(toks: list[Tok], i: int) -> bool:
    """The lines from index i to the next caption or title on the same page hold no value or basis, or
    no value-column header word (三级指标, 指标值): a caption with its labels, whose rows (all of them, or
    those its headers open) were printed before it."""
    page = toks[i - 1].page if i else None
    values = headers = False
    for t in toks[i:]:
        if t.page != page or _goal_caption(t.k) or _is_title(t):
            break
        values = values or kind_of(t) in ("value", "basis")
        headers = headers or role_of(t.k) == "name" or _is_value_header(t.k)
    return not values or not headers


def _page_tail(toks: list[Tok], j: int) -> int:
    """How many values and bases from index j end their page: the last cells of the table above a
    title, which the converter printed after the title and the page number. 0 when anything else
    comes before the page ends."""
    page = toks[j - 1].page
    n = 0
    while j + n < len(toks) and toks[j + n].page == page:
        if kind_of(toks[j + n]) not in ("value", "basis"):
            return 0
        n += 1
    return n


def _caption(toks: list[Tok], i: int) -> tuple[str, int]:
    """A caption "年度目标 3：…" with the lines of its block that carry on its sentence."""
    parts = [toks[i].text]
    j = i + 1
    while j < len(toks) and toks[j].block == toks[i].block and kind_of(toks[j]) == "name" and not _is_title(toks[j]):
        parts.append(toks[j].text)
        j += 1
    return "\n".join(parts), j


def _project_form(toks: list[Tok], i: int, file: str) -> tuple[list[Table | Text], int]:
    """The project form that starts at toks[i] (项目名称 …) and the goal list printed under it: their grid items
    and the index of the token after them. Form values printed late (after the goal heads) are taken out of
    the stream."""
    end = i + 1
    while end < len(toks) and not (_FORM_END.match(toks[end].k) or _GOAL_LABEL.match(toks[end].k)
                                   or toks[end].k in ("名称", "目标说明", "项目绩效总目标")
                                   or _is_title(toks[end]) or _opens_table(toks, end) or is_overview_head(toks, end)
                                   or _goal_caption(toks[end].k)):
        end += 1
    late = _late_form_values(toks, i, end)
    items: list[Table | Text] = list(read_form(toks[i:end] + late, file))
    if late:
        gone = {id(t) for t in late}
        toks[end:] = [x for x in toks[end:] if id(x) not in gone]
    gl_end = end
    while gl_end < len(toks) and not (_FORM_END.match(toks[gl_end].k) or is_header_word(toks[gl_end].k)
                                      or _goal_caption(toks[gl_end].k)):
        gl_end += 1
    if any(_GOAL_LABEL.match(x.k) for x in toks[end:gl_end]):
        items.extend(read_goal_list(toks[end:gl_end], file))
    return items, (end if end < len(toks) and is_overview_head(toks, end) else gl_end)  # 表单后的目标栏照样读


def read_text(text: str, file: str) -> Grid:
    """A grid from plain pdftotext output."""
    toks = _without_running_heads(tokens(text))
    grid = Grid(file)
    table: PlainTable | None = None
    last: PlainTable | None = None
    opened_by: str | None = None  # the caption just read: the table that follows is its goal's
    waiting: list[PlainTable] = []  # bodies printed before their captions, in order

    def close() -> None:
        nonlocal table, last
        if table is not None and table.toks:
            grid.items.append(table.build(file, last))
            last = table
        table = None

    def close_all() -> None:
        """The table and the bodies still waiting for a caption that never came."""
        nonlocal table
        close()
        while waiting:
            table = waiting.pop(0)
            close()

    i = 0
    while i < len(toks):
        t = toks[i]
        k = t.k
        src = Source(file, t.line, t.page)
        head = _goal_caption(k)
        if head is not None:
            if table is not None and table.caption == head:
                _, i = _caption(toks, i)  # the caption printed again over the table's next page
                continue
            caption, after = _caption(toks, i)
            if table is not None and not waiting and _body_printed_before(toks, after):
                waiting = [PlainTable(body) for body in table.later_bodies(t.page)]
            ahead = table.next_header(toks[after:]) if table is not None and not waiting else []
            close()
            grid.items.append(Text(caption, src))
            i = after
            if waiting:  # the caption of the first body printed before it
                table = waiting.pop(0)
                table.caption = head
            elif ahead:  # the next table's header words, printed before its caption
                table = PlainTable(ahead, caption=head)
            else:
                opened_by = head
            continue
        if k.rstrip(":") == "项目名称" and _form_ahead(toks, i):
            close_all()
            items, i = _project_form(toks, i, file)
            grid.items.extend(items)
            continue
        if table is None and is_overview_head(toks, i):
            close_all()
            overview, i = read_overview(toks, i, file)
            grid.items.append(overview)
            continue
        if _is_title(t) or (len(k) >= RUNNING_TEXT and table is not None):
            tail = _page_tail(toks, i + 1)
            if table is not None and tail:
                table.toks.extend(toks[i + 1:i + 1 + tail])  # the table's last values, printed after the title
                del toks[i + 1:i + 1 + tail]
            close_all()
            grid.items.append(Text(t.text, src))
            i += 1
            continue
        if table is None and _opens_table(toks, i):
            table = PlainTable([], caption=opened_by)
            opened_by = None
        if table is not None and _SIGNATURE.match(k):
            grid.items.append(Text(t.text, src))  # a signature line printed among the table's last cells
        elif table is not None:
            table.toks.append(t)
        else:
            grid.items.append(Text(t.text, src))
        i += 1
    close_all()
    return grid


def is_plain_layout(text: str) -> bool:
    """Plain pdftotext: pages split by form feeds, short lines, indicator header words alone on lines."""
    if "\f" not in text:
        return False
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    # 表头词单独成行：按列角色认（三级指标、指标内容、指标名称、二级指标、确定依据 …），不只认一种模板
    alone = sum(1 for ln in lines if len(ln) <= 12 and role_of(ln) in ("level2", "name", "basis"))
    wide = sum(1 for ln in lines if "   " in ln)
    return alone >= 2 and wide < 0.05 * max(1, len(lines))
