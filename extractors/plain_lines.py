"""Plain pdftotext: the printed lines (``Tok``) with their page and block, a line of several cells split
into them, the pieces of a cell wrapped in its narrow column joined again, and what each line is
(``kind_of``: header, goal, label, basis, value or name).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .captions import goal_cell_number, horizon_of_head
from .columns import BARE_YEAR, role_of
from .plain_words import GOAL_LABEL, HEADER_WORDS, HEAD_PREFIXES, LABEL_TAILS, WRAPPED_HEADS, form_label, form_words, is_header_word, is_year_head
from .projects import form_field
from .text import PAGE_NUMBER, key
from .values import PLACEHOLDERS, is_quantitative, is_unit, normalise, value_score
from .vocab import basis_of, is_basis_prefix, is_label_prefix, label_of
from .wrapped_rows import Words, unwrap_row


# a name that ends on a verb or comparison still waiting for its number (…“上云”率达 / 100%)
_AWAITS_NUMBER = re.compile(r"(达|达到|为|不低于|不少于|不高于|不超过|高于|低于|超过|大于|小于|控制在|[≥≤><＞＜=])$")


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
        if not run:
            return
        wrapped = len(run) > 1 and " " in run[0][2]  # only a first line of several cells can be such a row
        cells = unwrap_row([s for _, _, s in run], CELL_WORDS) if wrapped else None
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
_UNIT_BRACKET = re.compile(r"[(（][^)）]{1,4}[)）]$")  # a label's unit: 总额（万元）
_CLOSE_BRACKET = re.compile(r"^[^(（]{0,6}[)）][:：]?$")


def _spaced_label(parts: list[str], labels: frozenset[str]) -> int:
    """How many of the line's first parts, each one character (the last maybe with its unit: 款(万元)), spell a
    form label with more after them; 0 if none."""
    n = 0
    while n < len(parts) - 1:
        unit = _UNIT_BRACKET.sub("", key(parts[n]))  # the last character with its unit (款(万元))
        if len(unit) != 1:
            return 0
        n += 1
        if n >= 2 and key("".join(parts[:n - 1]) + unit) in labels:
            return n
        if len(key(parts[n - 1])) != 1:
            return 0
    return 0


def _form_label_part(part: str, labels: frozenset[str], prefixes: frozenset[str]) -> bool:
    """A line's part that is a form label or the start of one, its colon and unit aside (项目名称：, 总额(万元),
    项目当年预算（ with its unit wrapped around the value: 项目当年预算（ 253.05 / 万元）)."""
    head = _UNIT_BRACKET.sub("", _OPEN_BRACKET.sub("", key(part)).rstrip(":"))
    return head in labels or head in prefixes


@lru_cache(maxsize=65536)  # page furniture and short cells repeat on every page
def _split_cells(s: str) -> tuple[str, ...]:
    parts = s.split()
    if len(parts) < 2:
        return (s,)
    labels, prefixes, _ = form_words()
    if _form_label_part(parts[0], labels, prefixes) and not form_label(key(s)):
        # a form label and its value on one line (项目名称 某某经费); a second label after the value is a cell of its
        # own, its value printed after it or on a later line (执行单位： 某区某局 项目期限：)
        at = next((n for n in range(2, len(parts)) if form_label(key(parts[n]))), len(parts))
        return (parts[0], " ".join(parts[1:at]), *(_split_cells(" ".join(parts[at:])) if at < len(parts) else ()))
    spaced = _spaced_label(parts, labels)
    if spaced:  # a label printed a character a space, its value after it (项 目 当 年 预 算 300000.00)
        return (" ".join(parts[:spaced]), " ".join(parts[spaced:]))
    if horizon_of_head(key(parts[-1])) and not horizon_of_head(key(s)):
        return (" ".join(parts[:-1]), parts[-1])  # a label beside a goal head (项目绩效 长期目标)
    if all(is_header_word(key(p)) for p in parts):
        return tuple(parts)  # 一行只有表头词（一级指标 二级指标）：各是一个表头单元
    if all(_value_head(p) for p in parts) and any(_NUMBER_HEAD.match(p) for p in parts):
        return tuple(parts)
    head: list[str] = []
    while len(parts) > 1 and label_of(parts[0]) is not None:
        head.append(parts.pop(0))
    tail: list[str] = []
    if len(parts) > 1 and basis_of(parts[-1]) is not None:
        tail.append(parts.pop())
    elif not head and goal_cell_number(parts[0])[0] is not None:
        # a goal cell's first line with the labels printed beside it (1.推动全区营商环境明显 产出指标)
        while len(parts) > 1 and label_of(parts[-1]) is not None:
            tail.insert(0, parts.pop())
    if not head and not tail:
        return (s,)
    return (*head, " ".join(parts), *tail)


_WORD_TAIL = re.compile(r"^[\u4e00-\u9fff]{1,2}$")  # the last characters of a wrapped word (值, 成值)


def _joins(a: Tok, b: Tok) -> bool:
    """True when b finishes a label, goal label, basis or header word that a wrapped a line early."""
    if a.block != b.block:
        return False
    ka, kb = a.k, b.k
    both = ka + kb
    if GOAL_LABEL.match(both) and not GOAL_LABEL.match(ka):
        return ka.startswith(("长期", "年度"))
    if label_of(both) and not label_of(ka) and is_label_prefix(ka):
        return True
    if basis_of(both) and not basis_of(ka) and is_basis_prefix(ka):
        return True
    if len(kb.rstrip(":")) <= 2 and form_label(both) and not form_label(ka) and not form_label(kb):
        return True  # a form label wrapped in its narrow column (项目主管部 / 门, 总额（万 / 元）：)
    if ka in form_words()[1] and _OPEN_BRACKET.search(kb) and ka + _OPEN_BRACKET.sub("", kb) in form_words()[0]:
        return True  # a form label wrapped just before its unit's bracket (项目当年预 / 算（万)
    if ka in form_words()[1] and both in form_words()[1] and len(kb) <= 2 and not form_label(kb):
        return True  # a form label's middle line in its narrow column (年度资 / 金总 / 额：)
    if _OPEN_BRACKET.search(ka) and _CLOSE_BRACKET.match(kb) and form_label(both) and not form_label(kb):
        return True  # a form label wrapped inside its unit's bracket (项目当年预算（ / 万元）：)
    if len(kb) == 1 and ka in form_words()[2] and (both in form_words()[2] or both in form_words()[0]):
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
    if ka in HEAD_PREFIXES and ka not in WRAPPED_HEADS and both in WRAPPED_HEADS:
        return True  # a header word wrapped after a first line that is no word of its own (确定依 / 据)
    if len(ka) <= 8 and _WORD_TAIL.match(kb) and not is_header_word(kb) and not is_unit(kb) and value_score(b.text) < 0.7 \
            and is_header_word(ka) and role_of(ka) is not None and role_of(both) == role_of(ka):
        return True  # a value column's header wrapped after a first line that names it too (上年预计完成 / 值)
    return both in HEADER_WORDS and ka not in HEADER_WORDS


def _year_head_done(head: str, piece: str) -> bool:
    """piece finishes a year's value column head cut in its narrow column (2023年实 / 际, 2024年预 / 计)."""
    return not is_year_head(key(head)) and is_year_head(key(head + piece))


def _join_parallel(toks: list[Tok]) -> list[Tok]:
    """Values printed side by side and wrapped in their narrow columns at once: a line of k values
    (≤339.54万 ≤397.37万, 2023年1月- 2024年1月- 2025年1月-2025年) and, on the lines under it in its block,
    the rest of each (元 / 元, 2023年12月 2024年12月 / 12月, 2023年实 2024年预 / 际 / 计), given to the columns left
    to right. So are header words (中长期指标 指标值确定依 / 值 / 据: the rest makes a whole header word)."""
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        j = i
        while j < len(toks) and toks[j].line == t.line and toks[j].block == t.block:
            j += 1
        cols = toks[i:j]
        heads = len(cols) >= 2 and all(is_header_word(c.k) for c in cols)
        if len(cols) < 2 or not heads and not all(_value_head(c.text) for c in cols):
            out.append(t)
            i += 1
            continue
        texts = [c.text for c in cols]
        at = 0
        while j < len(toks) and toks[j].block == t.block and toks[j].line != t.line:
            piece = toks[j].text
            c = next((c for c in range(at, len(texts))
                      if (key(texts[c] + piece) in WRAPPED_HEADS if heads else value_score(texts[c] + piece) >= 0.7
                          or _year_head_done(texts[c], piece))), None)
            if c is None:
                break
            texts[c] += piece
            at = c + 1
            j += 1
        out.extend(Tok(text, c.line, c.page, c.block) for text, c in zip(texts, cols))
        i = j
    return out


def _label_start_above(out: list[Tok], c: Tok) -> int | None:
    """Where in ``out`` the start of a label stands that c (one or two characters) finishes, two lines up in c's
    block, the line between them holding the cells of the columns beside it (产出指 / 质量指标 新机房等级保护级别 /
    标: the 一级 label wrapped around the 二级 label and the name printed on its middle line; so a header word,
    序 / 一级指标 / 号); None when there is no such start."""
    if len(c.k) > 2 or label_of(c.k) is not None:
        return None
    j = len(out) - 1
    while j >= 0 and out[j].block == c.block and out[j].line == c.line - 1:
        j -= 1
    if j == len(out) - 1 or j < 0:
        return None
    a = out[j]
    if a.block != c.block or a.line != c.line - 2:
        return None
    if label_of(a.k) is None and is_label_prefix(a.k) and label_of(a.k + c.k) is not None:
        return j
    # a header word so wrapped (序 / 一级指标 / 号)
    return j if not is_header_word(a.k) and a.k + c.k in WRAPPED_HEADS else None


def _label_over_three_lines(a: Tok, b: Tok, c: Tok) -> bool:
    """a, b and c are one label wrapped over three lines of its narrow cell (服务对象 / 满意度指 / 标): lines one
    after the other in one block, each of the first two no label of its own, the first two a label's start, and
    the three together a label."""
    if not (a.block == b.block == c.block and b.line == a.line + 1 and c.line == b.line + 1):
        return False
    if label_of(a.k) is not None or label_of(b.k) is not None or not is_label_prefix(a.k + b.k):
        return False
    return label_of(a.k + b.k + c.k) is not None


# how an organisation's whole name ends: offices, schools (小学, 中学, 大学), 幼儿园, 医院, 中心, 站, 所, 馆 …
ORG_END = re.compile(r"(局|委|办|院|中心|部|厅|会|所|站|队|处|室|司|府|街道|学校|小学|中学|大学|园|馆|社|台|团|组|场)$")
# a name of its own: a place (某区, 区, 市, 县 …) and at least two characters more that end as an organisation
_ORG_OF_ITS_OWN = re.compile(r"^(某|本)?[省市区县镇乡]..")


def _org_wrapped(label: Tok, a: Tok, b: Tok) -> bool:
    """b ends the organisation a began under a form's 部门 or 单位 label, wrapped in its narrow cell (某区经济信息化和科
    / 技创新局): the next line of a's block, a few characters that end as an organisation's name does, a not so,
    and b no name of its own (区教育局 under 某区第一实验小学: two rows' values printed as one block)."""
    return a.block == b.block and b.line == a.line + 1 and len(a.k) >= 6 and len(b.k) <= 6 \
        and form_field(label.k) in ("department", "executor") and ORG_END.search(b.k) is not None \
        and ORG_END.search(a.k) is None and not _ORG_OF_ITS_OWN.match(b.k) and not form_label(a.k) and not form_label(b.k)


def _join_broken(toks: list[Tok]) -> list[Tok]:
    toks = _join_parallel(toks)
    out: list[Tok] = []
    labels, prefixes, _ = form_words()
    for t in toks:
        if len(out) >= 2 and _joined_to_second_last(out, t, labels, prefixes):
            continue
        at = _label_start_above(out, t)
        if at is not None:  # 产出指 / 质量指标 / 标: a label wrapped around its neighbour column's line
            a = out[at]
            out[at] = Tok(a.text + t.text, a.line, a.page, a.block)
            continue
        if len(out) >= 2 and _label_over_three_lines(out[-2], out[-1], t):
            a = out.pop(-2)
            out[-1] = Tok(a.text + out[-1].text + t.text, a.line, a.page, a.block)
            continue
        if out and _joins(out[-1], t):
            prev = out[-1]
            sep = " " if re.search(r"[A-Za-z0-9]$", prev.text) and re.match(r"[A-Za-z0-9]", t.text) \
                and not (prev.text[-1].isdigit() and t.text[0].isdigit()) else ""
            out[-1] = Tok(prev.text + sep + t.text, prev.line, prev.page, prev.block)
        else:
            out.append(t)
    return out


def _joined_to_second_last(out: list[Tok], t: Tok, labels: frozenset[str], prefixes: frozenset[str]) -> bool:
    """t joined (in place) to one of the last two lines of ``out`` (two at least) that a cell wrapped around the
    line between them; False, ``out`` untouched, when none is."""
    a, b = out[-2], out[-1]
    same = a.block == t.block
    # 项目起止 2026-2026 / 时间, 项目名 / 某某经费 / 称, 项目主管部 / 某区某局 / 门：: a form label wrapped in its
    # narrow column around its value's line
    if same and a.k in prefixes and len(t.k.rstrip(":")) <= 2 \
            and a.k + t.k.rstrip(":") in labels and not form_label(b.k) and b.k not in prefixes:
        out[-2] = Tok(a.text + t.text, a.line, a.page, a.block)
        return True
    if _org_wrapped(a, b, t):
        out[-1] = Tok(b.text + t.text, b.line, b.page, b.block)
        return True
    # 项目当年预算（ 253.05 / 万元）: the rest of a label's bracket, printed under its value (on the label's line,
    # or on a line of its own where label and bracket together are a form label: 项目当年预算（万 / 910.02 / 元）：)
    if same and _OPEN_BRACKET.search(a.k) and _CLOSE_BRACKET.match(t.k) \
            and (b.line == a.line or form_label(a.k + t.k)):
        out[-2] = Tok(a.text + t.text, a.line, a.page, a.block)
        return True
    # "服务对象满意度 / <the row's name> / 指标": a label wrapped around the name printed on its middle line
    if same and len(t.k) <= 3 and label_of(a.k) is not None and label_of(t.k) is None \
            and label_of(a.k + t.k) is not None:
        out[-2] = Tok(a.text + t.text, a.line, a.page, a.block)
        return True
    return False


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


def kind_of(t: Tok) -> str:
    """header | goal | label | basis | value | name."""
    return _kind_of(t.k, t.text)


@lru_cache(maxsize=65536)  # asked of each line many times, and the same cells come back on every page
def _kind_of(k: str, text: str) -> str:
    if is_header_word(k) or k in LABEL_TAILS:
        return "header"
    if GOAL_LABEL.match(k):
        return "goal"
    if label_of(k) is not None:
        return "label"
    if basis_of(k) is not None:
        return "basis"
    if normalise(text) in PLACEHOLDERS or value_score(text) >= 0.7:
        return "value"
    return "name"


def _whole_word(k: str) -> bool:
    """A cell that is a whole known word: framework label, basis, header word (a year's value column head
    with its 值 or 数: 2024年完成值, 年预计值) or form label."""
    return label_of(k) is not None or basis_of(k) is not None or k in WRAPPED_HEADS or form_label(k) \
        or k.endswith(("值", "数")) and (is_year_head(k) or _year_tail(k))


def _word_start(k: str) -> bool:
    """The start of a known word broken by its narrow column (服务对象满, 计划标, 指标值确定)."""
    return is_label_prefix(k) or is_basis_prefix(k) or k in HEAD_PREFIXES or k in form_words()[1] \
        or is_year_head(k) or _year_tail(k)  # a year's column head before its 值 (2025年预计, 年完成)


# the known words a row's cells wrapped side by side are rejoined by (here and in plain_jigsaw)
CELL_WORDS = Words(_whole_word, _word_start, is_quantitative)
