"""Column-aligned text (``pdftotext -layout`` and converters like it) → a cell grid.

Such text has no rules: a table is rebuilt from where its words stand.
1. ``page_lines``: the text split into lines with their page (form feeds) and words (runs of non-space
   characters, with their text columns).
2. A header line (目标名称 | 一级指标 | … | 指标值确定依据) and the lines above and below it that hold only
   header words (指标值 over 前年 | 上年 | 预计当年实现) give the columns. ``column_model`` puts each boundary
   between two header words in the body's gap, where the next column's text starts. A table that goes on at the
   top of the next page without a header gets its columns from that page's gaps, matched in order to the
   columns of the part before (``continuation_model``).
3. Rows come from the cells that belong to one row (三级指标, values, basis): a converter prints a
   wrapped cell's lines above and below the line of the row's one-line cells, so every cell of a row is
   centred on the same line. ``segment_rows`` partitions the lines into rows by that symmetry.
4. Merged labels (目标名称, 一级, 二级) are printed once, centred on the rows they span:
   ``assign_labels`` gives each label the run of rows whose middle is the label's middle. A table cut
   by page breaks is read as one body (``build_tables``): its parts' lines are numbered on over the
   gap, so that a label printed in the middle of its whole range, on either page, finds its rows.
Lines outside tables become text lines (one chunk) or one-row tables of their chunks (form fields).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from itertools import accumulate
from typing import NamedTuple

from .captions import caption_of, horizon_of_head
from .columns import INDICATOR_ROLES, NOTE_HEADS, VALUE_ROLES, is_header_row, is_year_head, role_of
from .grid import Cell, Grid, Source, Table, Text
from .label_affinity import level2_affinity
from .projects import form_field
from .text import PAGE_NUMBER, PAGE_NUMBER_OR_BARE, is_cjk, key
from .values import comparator_symbol, is_quantitative, is_unit, value_score
from .vocab import basis_of, is_basis_prefix, is_label_prefix, label_of, level1_for_level2

_STOP = re.compile(r"^(长期|年度)目标\d+[:：]|^(长期|年度)绩效目标表|^表\d+(-\d+)?|^项目名称|项目(支出)?绩效目标表$|^项目申报表")
_CHUNK = re.compile(r"\S+(?: \S+)*")
_WORD = re.compile(r"\S+")
LABEL_ROLES = ("goal", "level1", "level2")
PARAGRAPH = 30  # a one-chunk line this long, not in a table's columns, is running text
MAX_ROW_LINES = 12  # the most key lines one table row may take


_UNSET = object()  # a line's header answer not yet computed


class Word(NamedTuple):
    """A run of non-space characters of a line: its text column span [start, end)."""

    start: int
    end: int
    text: str


@dataclass
class PageLine:
    """One line of the text: its number (1-based), page and words."""

    no: int
    page: int
    raw: str
    words: list[Word]
    header: object = field(default=_UNSET, repr=False, compare=False)  # header_span's answer, once known

    @cached_property
    def chunks(self) -> list[str]:
        """The line's text pieces separated by two or more spaces; a goal caption is the whole line, one
        piece also where a converter spaced it out ("长期目标  2：…，     …")."""
        chunks = [m.group() for m in _CHUNK.finditer(self.raw)]
        if len(chunks) >= 2 and is_goal_caption(chunks[0] + chunks[1]):  # its label may be cut from its number
            return [" ".join(chunks)]
        return chunks

    @property
    def blank(self) -> bool:
        return not self.words


@dataclass
class ColumnModel:
    """Columns of a table on one page: header texts and the boundaries between them (text columns)."""

    headers: list[str]
    bounds: list[float]
    centres: list[float] | None = None  # where each column's body words stand, 0..1 (see ``places``)
    sample: tuple = field(default=((), ()), repr=False, compare=False)  # the (body, header) they stand in
    # a body's fragments in these columns, once computed: (first line number, line count) → fragments
    cache: dict[tuple[int, int], list[Fragment]] = field(default_factory=dict, repr=False, compare=False)

    def column_of(self, x: float) -> int:
        """The column a word starting at text column x belongs to."""
        k = 0
        while k < len(self.bounds) and x >= self.bounds[k]:
            k += 1
        return k

    def places(self) -> list[float]:
        """Where each column's body words stand across the body, 0 at its left edge and 1 at its right
        (see ``_relative_centres``); computed when first asked, for a part that goes on on the next page."""
        if self.centres is None:
            self.centres = _relative_centres(self, *self.sample)
        return self.centres

    @property
    def roles(self) -> list[str | None]:
        return [role_of(h) for h in self.headers]

    @property
    def kinds(self) -> list[str | None]:
        """Each column's role as a content kind (see ``column_kind``)."""
        return [column_kind(h) for h in self.headers]


def column_kind(header: str) -> str | None:
    """The kind of content a column's head promises: the value columns (前年, 上年, 指标值, and those headed
    by a year: 2024年实际完成, 2025年预计, whose role the document's fiscal year tells) are one kind
    ("value"); other columns their role (cmp, unit, basis, name …), None for a note column."""
    r = role_of(header)
    if r in ("prev2", "prev1", "target") or (r is None and is_year_head(header)):
        return "value"
    return r


def page_lines(text: str) -> list[PageLine]:
    """The text's lines with page numbers (a form feed starts a page) and words; page numbers ("第 3 页",
    "— 3 —", "3 / 40", or a lone number at the foot or head of a page) are taken out, also when
    they share a line with a cell."""
    out = []
    page = 1
    for no, raw in enumerate(text.split("\n"), 1):
        if "\f" in raw:
            page += raw.count("\f")
            raw = raw.replace("\f", "")
        raw = raw.expandtabs(8).rstrip()
        out.append(PageLine(no, page, raw, _goal_labels_joined([Word(m.start(), m.end(), m.group()) for m in _WORD.finditer(raw)])))
    _drop_page_numbers(out)
    _drop_running_heads(out)
    _join_wrapped_labels(out)
    return out


WRAPPED_LABEL = 4  # the widest line of a form label wrapped in a narrow cell (项目 | 名称, 项目 | 总预 | 算)


def _join_wrapped_labels(lines: list[PageLine]) -> None:
    """A form label wrapped in a narrow cell ("项目 产业促进经费" over "名称"): the line's first word and the
    lone words right under it that start where it starts read together as a form label (项目名称, 项目总预算);
    the label is put in the line's first word, apart from the value by two spaces, and the lines under it
    lose their part."""
    for i, ln in enumerate(lines):
        if len(ln.words) < 2 or len(ln.words[0].text) > WRAPPED_LABEL or form_field(ln.words[0].text):
            continue
        first = ln.words[0]
        label, parts = first.text, []
        for below in lines[i + 1:i + 4]:
            if not below.words or below.page != ln.page or below.words[0].start != first.start \
                    or len(below.words[0].text) > WRAPPED_LABEL or below.words[0].end + 1 in {w.start for w in below.words}:
                break
            label += below.words[0].text
            parts.append(below)
            if form_field(label):
                break
        if not parts or not form_field(label):
            continue
        _set_raw(ln, ln.raw[:first.start] + label + "  " + ln.raw[first.end:].lstrip())
        for below in parts:
            w = below.words[0]
            _set_raw(below, (below.raw[:w.start] + " " * len(w.text) + below.raw[w.end:]).rstrip())
    for i in range(len(lines) - 2):
        _join_label_around_value(lines[i], lines[i + 1], lines[i + 2])


def _join_label_around_value(head: PageLine, value: PageLine, tail: PageLine) -> None:
    """A form label wrapped in a narrow cell around its value, which stands centred on the line between
    ("项目名" over "    网络建设运转维护经费" over "称"): the label's parts, alone on their lines at the same
    place, read together as a form label (项目名称); the label is put before the value, two spaces apart,
    and its parts' lines are left blank."""
    if len(head.words) != 1 or len(tail.words) != 1 or not value.words or not head.page == value.page == tail.page:
        return
    a, b = head.words[0], tail.words[0]
    if a.start != b.start or value.words[0].start <= a.start or len(a.text) > WRAPPED_LABEL or len(b.text) > WRAPPED_LABEL:
        return
    label = a.text + b.text
    if form_field(a.text) or not form_field(label):
        return
    _set_raw(value, value.raw[:a.start] + label + "  " + value.raw[value.words[0].start:])
    _set_raw(head, "")
    _set_raw(tail, "")


def _set_raw(ln: PageLine, raw: str) -> None:
    """A line's text replaced: its words found again, what was computed from them forgotten."""
    ln.raw = raw
    ln.words = _goal_labels_joined([Word(m.start(), m.end(), m.group()) for m in _WORD.finditer(raw)])
    for name in ("chunks", "_chunks", "_pieces", "_is_header"):
        ln.__dict__.pop(name, None)


def _drop_running_heads(lines: list[PageLine]) -> None:
    """A running head (the document's title and the system's name at the top of every page) is blanked
    where it repeats, so that a table going on at the top of the next page is not opened by it; a header,
    caption or goal line repeated over a continued table is no running head and stays."""
    seen: set[str] = set()
    page = 0
    for i, ln in enumerate(lines):
        if ln.blank or ln.page == page:
            continue
        page = ln.page
        k = key(ln.raw)
        if k in seen and not (_is_header_line(ln) or caption_of(k) or any(_is_column_head(p.text) for p in header_pieces(ln))
                              or _over_header_line(lines, i)):
            _set_raw(ln, "")
        seen.add(k)


def _over_header_line(lines: list[PageLine], i: int) -> bool:
    """Line i holds the first parts of heads wrapped over lines (一级指 | 计算 | 度量) over the line naming a
    table's columns, the next non-blank one on its page: a header's first line, not a running head."""
    k = next((k for k in range(i + 1, min(i + 1 + 2 * ABOVE, len(lines))) if not lines[k].blank), None)
    return (k is not None and lines[k].page == lines[i].page and _is_header_line(lines[k])
            and _header_above(lines, i, k))


_GOAL_LABEL_WORD = re.compile(r"^(长期|年度)(绩效)?目标$")


def _goal_labels_joined(words: list[Word]) -> list[Word]:
    """A goal label and its number as one word ("长期目标   10" → 长期目标 10): a converter that spaces out what
    it prints can push the number into the next column."""
    out: list[Word] = []
    for w in words:
        if out and w.text.isdigit() and _GOAL_LABEL_WORD.match(out[-1].text):
            out[-1] = Word(out[-1].start, w.end, f"{out[-1].text} {w.text}")
        else:
            out.append(w)
    return out


def _drop_page_numbers(lines: list[PageLine]) -> None:
    edges: dict[int, list[PageLine]] = {}
    for ln in lines:
        if not ln.blank:
            edges.setdefault(ln.page, []).append(ln)
    width = max((len(ln.raw) for ln in lines), default=0)
    edge_lines = {id(x) for ls in edges.values() for x in (ls[0], ls[-1])}
    for ln in lines:
        if ln.blank:
            continue
        for m in list(_CHUNK.finditer(ln.raw)):
            t = m.group()
            alone = id(ln) in edge_lines and len(ln.chunks) == 1 and m.start() > width * 0.2
            if PAGE_NUMBER.match(t) or (alone and PAGE_NUMBER_OR_BARE.match(t)):
                ln.raw = (ln.raw[:m.start()] + " " * len(t) + ln.raw[m.end():]).rstrip()
                ln.__dict__.pop("chunks", None)
                ln.words = [w for w in ln.words if not (m.start() <= w.start < m.end())]


def is_columns_layout(text: str) -> bool:
    """True for column-aligned text: its indicator headers stand on one line, cells apart by spaces (the
    line naming 一级指标 or, where that head wraps over lines (一级指 | 标), 二级 or 三级指标; where every
    indicator head wraps, the line of their first parts with the two lines below it)."""
    # 表头各格之间留有两个以上空格（转换器把一行的格排在各自的列上），而非每格一行；表头折行时（一级指 | 标），
    # 其下两行里的表头词一并计入（这样的行只在对齐时计数）
    heads = [m for m in _HEAD_LINE.finditer(text)
             if re.search(r"(?:一级|二级|三级)指标", m.group()) or _aligned_head(text, m)]
    aligned = [m for m in heads if _aligned_head(text, m)]
    return len(heads) > 0 and len(aligned) * 2 >= len(heads)


def _aligned_head(text: str, m: re.Match) -> bool:
    return bool(re.search(r"\S {2,}\S", m.group().strip())) and _head_words(text, m) >= 3


_HEAD_LINE = re.compile(r"^.*(?:一级|二级|三级)指.*$", re.M)


def _head_words(text: str, m: re.Match) -> int:
    """The header words on the line of match m, or, where its heads wrap (一级指 over 标), on it and the two
    lines below it."""
    n = sum(1 for w in m.group().split() if role_of(w) is not None)
    if n >= 3 or "指标" in m.group():
        return n
    below = text[m.end() + 1:].split("\n", 2)[:2]
    return n + sum(1 for ln in below for w in ln.split() if role_of(w) is not None)


# ---- header ----------------------------------------------------------------------------------------
_HEAD_WORDS = ("指标值", "绩效指标")  # 表头里可作分组的词（其下或有 前年 | 上年 | 当年 等子列）


class HeadPiece(NamedTuple):
    """A header cell's text on one line: its text columns [start, end)."""

    start: int
    end: int
    text: str


def header_pieces(ln: PageLine) -> list[HeadPiece]:
    """The line's pieces: its chunks, cut where an inner word starts (a converter may leave one space
    between two header cells: "一级指标 二级指标"). Computed once a line."""
    cached = ln.__dict__.get("_pieces")
    if cached is not None:
        return cached
    out = []
    for c in line_chunks(ln):
        cuts = [c.start, *c.inner, c.end + 1]
        for x, y in zip(cuts, cuts[1:]):
            text = ln.raw[x:y - 1].strip()
            out.extend(_split_heads(HeadPiece(x, x + len(text), text)))
    out = _years_joined(out)
    ln.__dict__["_pieces"] = out
    return out


_BARE_YEAR = re.compile(r"^20\d\d$")


def _years_joined(pieces: list[HeadPiece]) -> list[HeadPiece]:
    """A year printed apart from the rest of its head (2024 年预计完成, 2024   年预计完成) is one piece with it:
    one space apart, or further where they read as a year head together."""
    out: list[HeadPiece] = []
    for p in pieces:
        if out and _BARE_YEAR.match(out[-1].text) and p.text.startswith("年") and (
                p.start - out[-1].end <= 1 or is_year_head(out[-1].text + p.text)):
            q = out.pop()
            p = HeadPiece(q.start, p.end, q.text + p.text)
        out.append(p)
    return out


def _split_heads(p: HeadPiece) -> list[HeadPiece]:
    """A piece of words one space apart that are each a header word (前年 上年, 确定依据 分值) or a short
    Han word (the parts of heads wrapped in narrow columns: 2024年实 2025年预 计算): one piece a word, since
    header cells are one word; any other piece stays whole (≥ 95 %)."""
    if " " not in p.text:
        return [p]
    words = [(m.start(), m.group()) for m in _WORD.finditer(p.text)]
    if len(words) < 2 or not (all(_is_column_head(w) for _, w in words)
                              or all(len(w) <= WRAPPED_HEAD and any(is_cjk(c) for c in w) for _, w in words)):
        return [p]
    return [HeadPiece(p.start + x, p.start + x + len(w), w) for x, w in words]


def _is_head_word(text: str) -> bool:
    return role_of(text) is not None or key(text) in _HEAD_WORDS or is_year_head(text)


def _is_column_head(text: str) -> bool:
    """A header word, or the head of a column of no role (备注, 分值, 权重 …)."""
    return _is_head_word(text) or key(text) in NOTE_HEADS


def _joins_head(text: str) -> bool:
    """Pieces joined over lines make a column's head: a header word or note head, or the rest of a year head
    whose year the converter printed apart (年预计完 | 成 beside or under 2025: 年预计完成)."""
    return _is_column_head(text) or text.startswith("年") and is_year_head("2000" + text)


def _header_words(ln: PageLine) -> bool:
    """A line of header words only (指标值, 前年, 上年, 预计当年实现, …)."""
    pieces = header_pieces(ln)
    return bool(pieces) and all(_is_head_word(p.text) for p in pieces)


WRAPPED_HEAD = 8  # the longest part of a header cell wrapped over lines (指标值确定依 | 据)


def _completes(main: list[HeadPiece], p: HeadPiece, below: bool) -> bool:
    """Piece p (not itself a header word) is part of a header cell wrapped over lines, with a piece of
    ``main`` it stands under (``below``) or over: joined in line order, perhaps with the header line's
    piece between them, they read as a header word (指标性 | 质 → 指标性质, 计算符 | 号)."""
    over = [m for m in main if p.start < m.end and m.start < p.end]
    if not over or _is_head_word(p.text) or len(p.text) > WRAPPED_HEAD:
        return False
    for m in over:
        joined = m.text + p.text if below else p.text + m.text
        if _joins_head(joined):
            return True
    return False


def _header_tail(main: PageLine, ln: PageLine, above: list[PageLine] = ()) -> bool:
    """A line under the header line that belongs to the header: 前年 | 上年 | 当年 sub-heads, or the
    wrapped ends of header cells (质, 位 under 指标性, 度量单; 号 under 计算符 above the header line)."""
    pieces = header_pieces(ln)
    if pieces and _paired_in_order(header_pieces(main), pieces) is not None:
        return True
    mains = header_pieces(main) + [p for x in above for p in header_pieces(x)]
    return bool(pieces) and all(_is_column_head(p.text) or _completes(mains, p, True) for p in pieces)


def _paired_in_order(mains: list[HeadPiece], tail: list[HeadPiece], below: bool = True) -> dict[int, int] | None:
    """The header line's pieces that the pieces of the line under (``below``) or over it complete in order,
    one each (计算符 中长期指标 计量单 前 上 over 号 值 位 年 年: a converter that squeezes a line may shift the
    next one by a column or two, so that overlap alone pairs them wrong): {index in tail: index in mains}
    for the pieces of no header word (a group head beside them stays apart); None unless each pair makes a
    header word that the header line's piece alone is not."""
    parts = [i for i, p in enumerate(tail) if not _is_column_head(p.text)]
    n = len(parts)
    for k0 in range(len(mains) - n + 1):
        if not parts or abs(mains[k0].start - tail[parts[0]].start) > SHIFT:
            continue
        pairs = dict(zip(parts, range(k0, k0 + n)))
        if all(not _is_column_head(mains[k].text)
               and _joins_head(mains[k].text + tail[i].text if below else tail[i].text + mains[k].text)
               for i, k in pairs.items()):
            return pairs
    return _paired_nearby(mains, tail, parts, below) if parts else None


def _paired_nearby(mains: list[HeadPiece], tail: list[HeadPiece], parts: list[int], below: bool) -> dict[int, int] | None:
    """The tail pieces ``parts`` paired in order with header line pieces each starts near (within SHIFT),
    skipping the header line's whole heads between them (一级指 二级指标 … 指标性 目标 over 标 … 质 值: 二级指标
    needs no end); a pair makes a header word, though the piece alone may be one (目标 + 值, 2024年实际 +
    完成). At the least total shift; None when some piece has no such partner."""
    inf = float("inf")
    n, m = len(parts), len(mains)
    # best[i][k]: least shift pairing parts[:i] with mains[:k]
    best = [[0.0] * (m + 1)] + [[inf] * (m + 1) for _ in range(n)]
    for i in range(1, n + 1):
        t = tail[parts[i - 1]]
        for k in range(1, m + 1):
            best[i][k] = best[i][k - 1]
            mp = mains[k - 1]
            d = abs(mp.start - t.start)
            if d <= SHIFT and best[i - 1][k - 1] < inf and _joins_head(mp.text + t.text if below else t.text + mp.text):
                best[i][k] = min(best[i][k], best[i - 1][k - 1] + d)
    if best[n][m] == inf:
        return None
    pairs, k = {}, m
    for i in range(n, 0, -1):
        while best[i][k] == best[i][k - 1]:
            k -= 1
        pairs[parts[i - 1]] = k - 1
        k -= 1
    return pairs


def header_span(lines: list[PageLine], i: int) -> tuple[int, int] | None:
    """If line i starts a table header, the header's line range [first, last] (indices into lines)."""
    ln = lines[i]
    if ln.header is _UNSET:
        ln.header = _header_span(lines, i)
    return ln.header


def _is_header_line(ln: PageLine) -> bool:
    """The line names a table's columns (一级指标 | 二级指标 | …). Computed once a line."""
    known = ln.__dict__.get("_is_header")
    if known is None:
        pieces = header_pieces(ln)
        known = is_header_row(ln.chunks) or len(pieces) > len(ln.chunks) and is_header_row([p.text for p in pieces])
        ln.__dict__["_is_header"] = known
    return known


ABOVE = 2  # the most lines of header cells above the header line (group heads, cells of a two-row header)


def _header_span(lines: list[PageLine], i: int) -> tuple[int, int] | None:
    j = i
    for _ in range(ABOVE):
        if _is_header_line(lines[j]):
            break
        pieces = header_pieces(lines[j])
        if not all(_is_column_head(p.text) or len(p.text) <= WRAPPED_HEAD and not _is_value_word(p.text) for p in pieces):
            return None  # body text (long words, values): no line of header cells
        if j == i and not _header_line_near(lines, i):
            return None
        # a line of header cells above the header line: 指标值 over 前年 | 上年, 绩效指标 over 一级 | 二级 | 三级,
        # the cells of a two-row header centred between its rows, the first lines of wrapped heads (计算符 | 号)
        k = _next_nonblank(lines, j)
        if k is None or lines[k].page != lines[i].page or k - j > 2 or not _header_above(lines, j, k):
            return None
        j = k
    if not _is_header_line(lines[j]):
        return None
    # a line of group heads that reads as a header (目标 | 绩效指标 | 指标值) over the line naming the
    # columns (一级 | 二级 | 三级指标): the header line is the lower one
    k = _next_nonblank(lines, j)
    while (k is not None and k - j <= 2 and lines[k].page == lines[j].page and _is_header_line(lines[k])
           and _named(header_pieces(lines[k])) > _named(header_pieces(lines[j]))):
        j, k = k, _next_nonblank(lines, k)
    last = j
    for _ in range(2):  # sub-heads and wrapped ends of header cells, on up to two lines below
        k = _next_nonblank(lines, last)
        if k is None or k - last > 2 or lines[k].page != lines[j].page or not _header_tail(lines[j], lines[k], lines[i:j]):
            break
        last = k
    return i, last


def _is_value_word(text: str) -> bool:
    """A body cell's word no header holds: a number, a sign or a placeholder (a year alone is a header word)."""
    return _is_number(text) or _is_sign(text) or text in _PLACEHOLDERS


def _header_line_near(lines: list[PageLine], i: int) -> bool:
    """A header line stands within ABOVE non-blank lines below line i, on its page."""
    k = i
    for _ in range(ABOVE):
        k = _next_nonblank(lines, k)
        if k is None or k - i > 2 * ABOVE or lines[k].page != lines[i].page:
            return False
        if _is_header_line(lines[k]):
            return True
    return False


def _header_above(lines: list[PageLine], j: int, k: int) -> bool:
    """Line j (k: the next non-blank line) holds header cells only: header words, heads of note columns,
    or the first part of a head wrapped onto a line below (计算符 over 号, 指标值确定依 over 据)."""
    pieces = header_pieces(lines[j])
    if not pieces:
        return False
    if _paired_in_order(header_pieces(lines[k]), pieces, False) is not None:
        return True
    below = [p for ln in lines[k:k + 4] if ln.page == lines[j].page for p in header_pieces(ln)]
    return all(_is_column_head(p.text) or _completes(below, p, False) for p in pieces)


def _next_nonblank(lines: list[PageLine], i: int) -> int | None:
    for k in range(i + 1, len(lines)):
        if not lines[k].blank:
            return k
    return None


def _overlaps(a: HeadPiece, b: HeadPiece) -> bool:
    return a.start < b.end and b.start < a.end


def _wrapped_heads(ps: list[tuple[int, HeadPiece]]) -> list[tuple[int, HeadPiece]]:
    """Pieces of header lines (line index, piece) between two of the header line's pieces, a head wrapped
    over lines joined into one (计算符 over 号 → 计算符号, 计算 over 符号, 预计当年 over 实现): overlapping pieces
    that together make a header word, or that are none alone."""
    out: list[tuple[int, HeadPiece]] = []
    for r, p in sorted(ps, key=lambda x: x[0]):
        k = next((k for k, (q_r, q) in enumerate(out) if q_r < r and _overlaps(p, q) and (
            _is_column_head(q.text + p.text) or not (_is_column_head(q.text) or _is_column_head(p.text)))), None)
        if k is None:
            out.append((r, p))
        else:
            q_r, q = out[k]
            out[k] = (q_r, HeadPiece(min(p.start, q.start), max(p.end, q.end), q.text + p.text))
    return out


def _part_of(p: HeadPiece, r: int, leaf: HeadPiece, main: int) -> bool:
    """Header word p of line r is the first or last part of the header line's piece it stands over or under,
    which is no header word alone (2023年实际 over 完成)."""
    if _is_column_head(leaf.text):
        return False
    return _is_column_head(p.text + leaf.text if r < main else leaf.text + p.text)


def _year_of(p: HeadPiece, leaf: HeadPiece) -> bool:
    """Piece p is the bare year of the header line's piece it stands over or under, the rest of a year
    head (2025 on a line of its own by 年预计完)."""
    return bool(_BARE_YEAR.match(p.text)) and leaf.text.startswith("年") and not _is_column_head(leaf.text)


def _named(pieces: list[HeadPiece]) -> int:
    """How many of 一级 | 二级 | 三级指标 the pieces name: the header line of a two-row header names them all,
    the line of its group heads (绩效指标 over them, 指标值 | 确定依据 beside) at most one."""
    return len({role_of(p.text) for p in pieces} & set(INDICATOR_ROLES))


def _spans_line(p: HeadPiece, per_line: dict[int, list[tuple[int, HeadPiece]]], r: int) -> bool:
    """Piece p of line r stands over the run of pieces of another line with several (指标值 over 前年 | 上年
    | 预计当年实现), not beside it (指标来源 right of 前年 | 上年 | 目标值 in a two-row header)."""
    return any(len(v) >= 2 and v[0][1].start <= p.end and p.start <= v[-1][1].end
               for q, v in per_line.items() if q != r)


def _header_columns(hdr: list[PageLine]) -> list[tuple[float, str]]:
    """(centre, text) of the header's leaf cells, rebuilt from where the header lines' pieces stand.

    The header line (the one naming the columns, with the most pieces) gives the first leaves. A piece of
    another line that is no header word and overlaps one leaf is that leaf's wrapped text (指标性 + 质). A
    header word over several leaves, or over one leaf from above, is a group head (当年指标值 over
    指标性质 | 指标值 | 度量单位): dropped; one under a leaf makes that leaf the group. Pieces between the
    header line's pieces are leaves, except a lone piece over two or more of another line (指标值 over
    前年 | 上年 | 预计当年实现)."""
    rows = [header_pieces(ln) for ln in hdr]
    main = max(range(len(rows)), key=lambda r: (is_header_row([p.text for p in rows[r]]), _named(rows[r]), len(rows[r])))
    leaves: list[list[tuple[int, HeadPiece]]] = [[(main, p)] for p in rows[main]]
    groups: set[int] = set()
    gap: dict[int, list[tuple[int, HeadPiece]]] = {}  # the pieces between main pieces k-1 and k
    for r, ps in enumerate(rows):
        if r == main:
            continue
        pairs = _paired_in_order(rows[main], ps, r > main) or {}
        for i, p in enumerate(ps):
            if i in pairs:
                leaves[pairs[i]].append((r, p))
                continue
            over = [k for k, m in enumerate(rows[main]) if _overlaps(p, m)]
            if len(over) == 1 and _year_of(p, rows[main][over[0]]):
                leaves[over[0]].append((-1, p))  # read first, whichever line it stands on
                continue
            if not over:
                gap.setdefault(sum(1 for m in rows[main] if m.end <= p.start), []).append((r, p))
            elif not _is_head_word(p.text) or len(over) == 1 and _part_of(p, r, rows[main][over[0]], main):
                if len(over) == 1:
                    leaves[over[0]].append((r, p))
            elif len(over) == 1 and r > main:
                groups.add(over[0])
                leaves.append([(r, p)])
    main_roles = {role_of(p.text) for p in rows[main]} - {None}
    for ps in gap.values():
        per_line: dict[int, list[tuple[int, HeadPiece]]] = {}
        for r, p in _wrapped_heads(ps):
            if r < main and not any(_overlaps(p, q) for s, q in ps if s > r) and role_of(p.text) in main_roles:
                continue  # a group head over columns it stands between (绩效指标 over 一级 | 二级 | 三级指标)
            per_line.setdefault(r, []).append((r, p))
        if not per_line:
            continue
        widest = max(len(v) for v in per_line.values())
        lowest = max(per_line)
        for r, v in per_line.items():
            if widest >= 2 and len(v) == 1 and _is_head_word(v[0][1].text) and _spans_line(v[0][1], per_line, r):
                continue  # a group head over the line with several pieces
            if widest == 1 and r != lowest and any(_overlaps(v[0][1], w[0][1]) for q, w in per_line.items() if q > r):
                if _is_head_word(v[0][1].text):
                    continue  # a group head over one piece
            leaves.extend([x] for x in v)
    out = []
    for k, cell in enumerate(leaves):
        if k in groups and k < len(rows[main]):
            continue
        cell.sort(key=lambda x: x[0])
        lo, hi = min(p.start for _, p in cell), max(p.end for _, p in cell)
        out.append((lo, hi, "".join(p.text for _, p in cell)))
    return [((lo + hi) / 2, text) for lo, hi, text in _years_rejoined(sorted(out))]


def _years_rejoined(cells: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Header cells (start, end, text) left to right, a bare year joined with the cell right of it that
    reads as the rest of its year head (2024 | 年实际完成, the year printed apart or on a line of its own)."""
    out: list[tuple[int, int, str]] = []
    for lo, hi, text in cells:
        if out and _BARE_YEAR.match(out[-1][2]) and text.startswith("年") and is_year_head(out[-1][2] + text):
            plo, phi, year = out.pop()
            lo, hi, text = min(lo, plo), max(hi, phi), year + text
        out.append((lo, hi, text))
    return out


@dataclass
class Chunk:
    """Words of a line joined by single spaces: [start, end) and the starts of its inner words."""

    start: int
    end: int
    inner: list[int]


def line_chunks(ln: PageLine) -> list[Chunk]:
    """The line's chunks. An inner word of at least three characters with a Han character in it may
    begin a new cell (a converter can leave one space between two cells), and so may a 指标性质 word
    (≥, ≤, =, 定性 …) after a word that ends in a Han character ("…满意 ≥": a name, then its sign); others
    ("标 1", "≥ 450 个") go with the word before. Computed once a line."""
    cached = ln.__dict__.get("_chunks")
    if cached is not None:
        return cached
    out: list[Chunk] = []
    prev = ""
    for w in ln.words:
        if out and w.start - out[-1].end == 1:
            c = out[-1]
            if (len(w.text) >= 3 and any(is_cjk(ch) for ch in w.text)) or _new_value_cell(prev, w.text):
                c.inner.append(w.start)
            c.end = w.end
        else:
            out.append(Chunk(w.start, w.end, []))
        prev = w.text
    ln.__dict__["_chunks"] = out
    return out


_SIGN_WORDS = frozenset({"定性", "定量"})
_CMP_HEAD = "≥≤=<>＞＜≧≦"


def _new_value_cell(prev: str, word: str) -> bool:
    """A word one space after ``prev`` that begins a cell of its own: a 指标性质 word after anything but
    another (…满意 ≥, ≥95% ≥), or a value with a sign or unit (≥2G, 12份) after a word ending in Han or
    after another value or placeholder (…出口带宽 ≥2G ≥2G, - ≤910.02)."""
    if _is_sign(word):
        return not _is_sign(prev)
    if not (word[0] in _CMP_HEAD or (word[0].isdigit() and not word.isdigit())) or not _is_number(word):
        return False
    return is_cjk(prev[-1]) or (not _is_sign(prev) and value_score(prev) >= 0.7)


@lru_cache(maxsize=1 << 12)
def _is_sign(text: str) -> bool:
    """A 指标性质 cell's word: a comparator (≥, ≤, =, 不低于 …) or 定性 / 定量."""
    return text in _SIGN_WORDS or comparator_symbol(text) is not None


_is_number = lru_cache(maxsize=1 << 16)(is_quantitative)


def _label_level(text: str) -> str | None:
    """The level of the framework label a cell's text is (level1, level2), or None."""
    lab = label_of(text)
    if lab is None:
        return None
    return "level2" if lab.level2 is not None and lab.level1 is None else "level1" if lab.level1 is not None else None


def _gap_between(chunks: list[Chunk], lo: float, hi: float, numbers: set[int] = frozenset(),
                 left_values: set[int] = frozenset(), right_labels: set[int] = frozenset()) -> float:
    """The boundary between two columns whose header centres are lo and hi.

    It is a text column that the fewest body chunks cross (a chunk may be split where one of its inner
    words starts); of those, the first that a chunk or inner word starts at (the right column's
    leftmost text), else the middle of the widest run. A chunk does not cross a text column that one of
    its inner words starts at or a little left of, since it is cut there. A piece centred in the first 0.3 of the way is
    the left column's (a short centred value); a number (`numbers`: the id() of the chunks that are
    numbers) in the first half, since a spreadsheet prints numbers right-aligned in their cells; a
    chunk in `left_values` (a 指标值 where the left column holds values and the right one does not) is
    the left column's wherever it stands, and one in `right_labels` (a 二级 label where the right column is
    the 二级 column) the right one's, however near the left head it starts."""
    a, b = int(lo) + 1, int(hi) + 1
    if b <= a:
        return (lo + hi) / 2
    change = [0] * (b - a + 1)  # cross counts as differences: +1 where a chunk starts crossing, -1 after
    starts = [0] * (b - a)
    for c in chunks:
        lo_x, hi_x = max(c.start + 1, a), min(c.end, b)
        if lo_x < hi_x:
            change[lo_x - a] += 1
            change[hi_x - a] -= 1
            # a chunk whose inner word starts just left of x can be cut there (see ``fragments``)
            for x in sorted({x for i in c.inner for x in range(max(i, lo_x), min(i + SHIFT + 1, hi_x))}):
                change[x - a] -= 1
                change[x - a + 1] += 1
        for x in c.inner:
            if a <= x < b:
                starts[x - a] += 1
        # a chunk centred near the left header is that column's (a short centred value)
        near = 1.0 if id(c) in left_values else -1.0 if id(c) in right_labels else 0.5 if id(c) in numbers else 0.3
        if a <= c.start < b and (c.start + c.end) / 2 - lo > near * (hi - lo):
            starts[c.start - a] += 1
    cross = list(accumulate(change[:-1]))
    least = min(cross)
    cands = [x for x in range(a, b) if cross[x - a] == least]
    first = next((x for x in cands if starts[x - a]), None)
    if first is not None:
        return first - 0.5
    runs: list[list[int]] = []
    for x in cands:
        if runs and runs[-1][-1] == x - 1:
            runs[-1].append(x)
        else:
            runs.append([x])
    run = max(runs, key=len)
    return (run[0] + run[-1]) / 2


DRIFT = 2  # misfits that may show text columns drifting from the header's: one word alone stands out, a drift moves a band


def column_model(hdr: list[PageLine], body: list[PageLine]) -> ColumnModel:
    """Columns from the header cells' positions, with boundaries in the body's gaps."""
    cols = _header_columns(hdr)
    per_line = [(ln, line_chunks(ln)) for ln in body]
    chunks = [c for _, cs in per_line for c in cs]
    numbers = {id(c) for ln, cs in per_line for c in cs if not c.inner and _is_number(ln.raw[c.start:c.end])}
    values = {id(c) for ln, cs in per_line for c in cs if not c.inner and value_score(ln.raw[c.start:c.end]) >= 0.7}
    kinds = [column_kind(t) for _, t in cols]
    labels = {id(c): _label_level(ln.raw[c.start:c.end]) for ln, cs in per_line for c in cs if not c.inner}
    bounds = [_gap_between(chunks, cols[k][0], cols[k + 1][0], numbers,
                           values if kinds[k] == "value" and kinds[k + 1] not in ("value", "cmp", "unit") else frozenset(),
                           frozenset(i for i, lv in labels.items() if lv is not None and lv == kinds[k + 1] != kinds[k]))
              for k in range(len(cols) - 1)]
    model = ColumnModel([t for _, t in cols], bounds, sample=(body, hdr))
    misfits = _misfits(model, body)
    if misfits >= DRIFT:
        # 表头位置与正文列对不齐（转换器按行估算字宽）：改用正文自身的列带，按次序与内容配给表头
        by_head = ColumnModel(model.headers, bounds, _relative_centres(model, [], hdr))
        banded = continuation_model(by_head, body)
        if _misfits(banded, body) < misfits:
            return banded
    return model


@lru_cache(maxsize=1 << 14)
def _content_role(word: str) -> str | None:
    """The role a lone word's content shows: a sign (≥, 定性), a unit (%, 万元), a basis type (计划标准, or its
    start wrapped in a narrow column: 计划标) or a
    number or placeholder (-)."""
    if _is_sign(word):
        return "cmp"
    if is_unit(word):
        return "unit"
    if basis_of(word) is not None or is_basis_prefix(word):
        return "basis"
    return "value" if _is_number(word) or word in _PLACEHOLDERS else None


_PLACEHOLDERS = frozenset({"-", "—", "－", "/", "——", "--"})  # 空值占位（前年 -）


def _misfits(model: ColumnModel, body: list[PageLine]) -> int:
    """How many body words stand in a column of another role than their content shows, where the table
    has a column of that role (a unit in the basis column, a sign in the name column, a basis type in a
    note column; see ``_misplaced``)."""
    kinds = model.kinds
    present = set(kinds)
    frs = fragments(model, body)
    # every row fills 指标值: where its column holds nothing, values under a note head stand out of place
    no_target = "target" in model.roles and not any(model.roles[f.col] == "target" for f in frs)
    out = 0
    for f in frs:
        r = kinds[f.col]
        if no_target and r is None and value_score(f.text.replace(" ", "")) >= 0.7:
            out += 1
            continue
        for w in f.text.split(" "):
            kind = _content_role(w)
            if kind in present and _misplaced(kind, r):
                out += 1
    return out


def _relative_centres(model: ColumnModel, body: list[PageLine], hdr: list[PageLine] = ()) -> list[float]:
    """Where each column's words stand across the body (0 at its left edge, 1 at its right); a part
    whose body is empty (its header ends a page) takes the header cells' places instead."""
    words = [w for ln in body for w in ln.words]
    if not words:
        cols = _header_columns(list(hdr))
        if len(cols) != len(model.headers):
            return []
        left = min(w.start for ln in hdr for w in ln.words)
        right = max(w.end for ln in hdr for w in ln.words)
        return [(c - left) / max(right - left, 1) for c, _ in cols]
    left, right = min(w.start for w in words), max(w.end for w in words)
    span = max(right - left, 1)
    sums = [[0.0, 0] for _ in model.headers]
    kinds = model.kinds
    for ln in body:
        # each piece where its content puts it (a value the converter drifted under the unit's head
        # counts for the value column)
        for (start, text, _), k in zip(*_line_columns(model, kinds, ln)):
            sums[k][0] += start + len(text) / 2
            sums[k][1] += 1
    return [((s / n) - left) / span if n else -1.0 for s, n in sums]


def _bands(chunks: list[Chunk]) -> list[tuple[int, int]]:
    """Runs of text columns covered by chunks (split where an inner word starts), apart by columns
    that nothing covers."""
    segs = []
    for c in chunks:
        cuts = [c.start, *c.inner, c.end + 1]
        segs.extend((x, y - 2) for x, y in zip(cuts, cuts[1:]))  # [first, last] text column of a piece
    bands: list[list[int]] = []
    for x, y in sorted(segs):
        if bands and x <= bands[-1][1]:
            bands[-1][1] = max(bands[-1][1], y)
        else:
            bands.append([x, y])
    return [(x, y) for x, y in bands]


def continuation_model(prev: ColumnModel, body: list[PageLine]) -> ColumnModel:
    """Columns for a table part without a header: this page's word bands matched in order to the
    previous part's columns (bands apart by one space are joined first when there are too many)."""
    bands = _bands([c for ln in body for c in line_chunks(ln)])
    n = len(prev.headers)
    while len(bands) > n:
        k = min(range(len(bands) - 1), key=lambda i: bands[i + 1][0] - bands[i][1])
        bands[k:k + 2] = [(bands[k][0], bands[k + 1][1])]
    if not bands:
        return ColumnModel(list(prev.headers), list(prev.bounds), prev.places())
    left, right = bands[0][0], bands[-1][1]
    span = max(right - left, 1)
    rel = [((a + b) / 2 - left) / span for a, b in bands]
    target = prev.places() if len(prev.places()) == n else [(k + 0.5) / n for k in range(n)]
    pieces = [(x, ln.raw[x:y].strip()) for ln in body for c in line_chunks(ln)
              for x, y in zip([c.start, *c.inner], [*c.inner, c.end])]
    kinds = [_band_kind([t for x, t in pieces if a <= x <= b]) for a, b in bands]
    col_kinds = prev.kinds
    col_roles = prev.roles
    match = _align(rel, target, lambda i, j: _band_penalty(kinds[i], col_kinds[j], col_roles[j]),
                   lambda i: kinds[i] is not None and kinds[i] == kinds[i - 1] and bands[i][0] - bands[i - 1][1] <= 2)
    bounds: list[float] = []
    for col in range(n - 1):
        # the boundary after column `col`: after the last band matched to a column ≤ col
        left_bands = [b for b, c in zip(bands, match) if c <= col]
        right_bands = [b for b, c in zip(bands, match) if c > col]
        if left_bands and right_bands:
            bounds.append((left_bands[-1][1] + right_bands[0][0]) / 2)
        elif right_bands:
            bounds.append(right_bands[0][0] - 0.5 - (n - col) * 1e-3)
        else:
            bounds.append(left_bands[-1][1] + 0.5 + col * 1e-3)
    bounds = [max(bounds[:k + 1]) for k in range(len(bounds))]
    model = ColumnModel(list(prev.headers), bounds, sample=(body, ()))
    return model



def _band_kind(texts: list[str]) -> str | None:
    """The role a band's cells show by their content: 一级 or 二级 framework labels, basis types, signs
    (≥, 定性), units, 指标值 (numbers, placeholders, 完成-like words), labels of either level wrapped in
    a narrow column ("label") or free text ("text"); None when they show none."""
    texts = [t for t in texts if key(t)]
    if not texts:
        return None
    # the short ends of cells wrapped in a narrow column (准, 标) tell little: the longer pieces decide
    texts = [t for t in texts if len(key(t)) > 2] or texts
    for role, test in (("level2", lambda t: (lab := label_of(t)) is not None and lab.level2 is not None and lab.level1 is None),
                       ("level1", lambda t: (lab := label_of(t)) is not None and lab.level1 is not None),
                       ("basis", lambda t: basis_of(t) is not None or is_basis_prefix(t)),
                       ("cmp", _is_sign),
                       ("unit", is_unit),
                       ("value", lambda t: value_score(t) >= 0.7),
                       ("label", _is_label_piece),
                       ("text", _is_running_text)):
        if sum(1 for t in texts if test(t)) >= 0.6 * len(texts):
            return role
    return None


def _is_label_piece(text: str) -> bool:
    """A line of a framework label wrapped in a narrow column: a whole label, its start (效益指, 服务对象满) or
    a short end (标, 意度)."""
    k = key(text)
    return label_of(k) is not None or is_label_prefix(k) or 0 < len(k) <= 2 and all(map(is_cjk, k))


RUNNING_TEXT = 6  # the fewest characters of a cell's line that reads as text (a 三级指标, a goal): no label or value


def _is_running_text(text: str) -> bool:
    """A cell's line of free text (系统等保差距分析报告数): long, mostly Han, and no framework label, basis
    type or value."""
    k = key(text)
    return (len(k) >= RUNNING_TEXT and sum(map(is_cjk, k)) * 2 > len(k) and label_of(k) is None
            and basis_of(k) is None and value_score(k) < 0.7)


_TEXT_COLUMNS = frozenset({"name", "goal", None})  # the kinds of column a band of free text may stand in


UNSURE_VALUE = 0.3  # cost of a band of values in a value column other than 指标值: 前年 and 上年 may be blank


def _band_penalty(band: str | None, column: str | None, role: str | None = None) -> float:
    """The cost of matching a band whose content shows kind ``band`` to a column of kind ``column`` (and
    ``role``): none where either tells nothing or they agree, or where free text stands in a name, goal or
    note column; a little for values outside the 指标值 column, which every row fills (in 前年, 上年 or a note
    column such as 分值)."""
    if band == "value" and column in ("value", None):
        return 0.0 if role == "target" else UNSURE_VALUE  # a note column (分值) may hold numbers too
    if band is None or band == column or band == "text" and column in _TEXT_COLUMNS:
        return 0.0
    if band == "label":
        return 0.0 if column in ("level1", "level2") else 2.0  # a label of either level
    if band != "text" and column is None:
        return 0.0  # a note column (分值, 备注) takes any cell
    return 2.0


JOIN_BANDS = 0.3  # cost of two bands of one kind read as one column (numbers aligned differently: 100 | 24)


def _align(rel: list[float], target: list[float], penalty=lambda i, j: 0.0,
           joins: Callable[[int], bool] = lambda i: False) -> list[int]:
    """Match bands (relative centres, in order) to columns (in order) at the least total distance (plus a
    penalty where a band's content contradicts the column's role): each band its own column, except that
    band i may share the column of band i-1 where ``joins(i)`` (at JOIN_BANDS)."""
    m, n = len(rel), len(target)
    inf = float("inf")
    # at[i][j]: the least cost of bands[:i + 1] with band i in column j; back[i][j]: band i-1's column
    at = [[inf] * n for _ in range(m)]
    back = [[0] * n for _ in range(m)]
    for i in range(m):
        best, arg = (0.0, -1) if i == 0 else (inf, -1)
        for j in range(n):
            here = abs(rel[i] - target[j]) + penalty(i, j)
            if best < inf:
                at[i][j], back[i][j] = best + here, arg
            if i and joins(i) and at[i - 1][j] + JOIN_BANDS + here < at[i][j]:
                at[i][j], back[i][j] = at[i - 1][j] + JOIN_BANDS + here, j
            if i and at[i - 1][j] < best:
                best, arg = at[i - 1][j], j  # band i-1 in a column left of the next
    out, j = [0] * m, min(range(n), key=lambda q: at[m - 1][q]) if m else 0
    for i in range(m - 1, -1, -1):
        out[i] = j
        j = back[i][j]
    return out


# ---- rows and labels -------------------------------------------------------------------------------
@dataclass
class Fragment:
    """The words of one line that fall in one column."""

    # the line's place in the table's body: its number in the file, except that the parts of a table cut
    # by page breaks are numbered on from the part before (see ``_joined_fragments``)
    line: int
    col: int
    text: str
    no: int = 0  # the line's number in the file
    page: int | None = None


SHIFT = 6  # text columns: how far left of a boundary a cell may begin when the converter squeezed its line


def fragments(model: ColumnModel, body: list[PageLine], edges: frozenset[int] = frozenset()) -> list[Fragment]:
    """Each body line's words, grouped by column (words of one column joined by a space).

    A converter that squeezes a line leaves one space between cells and starts a cell left of its
    column: an inner word of a chunk (see ``line_chunks``) that would fall in the same column as the
    words before it goes to the next column when it starts near that column, pushing on the pieces
    after it that it meets (see ``_squeezed_columns``). Computed once per model and body."""
    at = (body[0].no, len(body)) if body and not edges else None
    if at in model.cache:
        return list(model.cache[at])
    out = []
    kinds = model.kinds
    label_above: tuple[int, str] | None = None  # a label the line before moved out of the name column
    for ln in body:
        pieces, cols = _line_columns(model, kinds, ln, edges)
        label_above = _label_tail(kinds, pieces, cols, label_above)
        by_col: dict[int, list[str]] = {}
        for i, ((_, text, inner), col) in enumerate(zip(pieces, cols)):
            if inner and col == cols[i - 1]:
                by_col[col][-1] += " " + text
            else:
                by_col.setdefault(col, []).append(text)
        for col, texts in sorted(by_col.items()):
            out.append(Fragment(ln.no, col, " ".join(texts), ln.no, ln.page))
    if at is not None:
        model.cache[at] = out
    return list(out)


def _line_columns(model: ColumnModel, kinds: list[str | None], ln: PageLine,
                  edges: frozenset[int] = frozenset()) -> tuple[list[tuple[int, str, bool]], list[int]]:
    """A body line's pieces (start, text, inner: one space after the piece before) and the column of each,
    moved by content and for squeezed lines (see ``fragments``)."""
    pieces = [(start, text, k > 0) for chunk in _pieces(ln, edges) for k, (start, text) in enumerate(chunk)]
    starts = [start for start, _, _ in pieces]
    cols = _by_content(kinds, [text for _, text, _ in pieces], [model.column_of(x) for x in starts])
    cols = _squeezed_columns(model, starts, [inner for _, _, inner in pieces], cols)
    return pieces, _label_before_name(kinds, [text for _, text, _ in pieces], cols)


def _label_before_name(kinds: list[str | None], texts: list[str], cols: list[int]) -> list[int]:
    """A line's first pieces in the 三级指标 column where the first is a framework label or its wrapped
    start (数量指标, 经济效益指) and a name follows: the converter drew the label column's text right into
    the name's (its lines shifted unlike the header's); the label goes to the label column left of the
    name, when the line has nothing there."""
    if "name" not in kinds:
        return cols
    name = kinds.index("name")
    if name == 0 or kinds[name - 1] not in ("level1", "level2") or name - 1 in cols:
        return cols
    i = cols.index(name) if name in cols else -1
    if 0 <= i < len(cols) - 1 and cols[i + 1] == name and _is_label_start(texts[i]):
        cols = cols[:]
        cols[i] = name - 1
    return cols


def _is_label_start(text: str) -> bool:
    k = key(text)
    return label_of(k) is not None or is_label_prefix(k)


def _label_tail(kinds: list[str | None], pieces: list[tuple[int, str, bool]], cols: list[int],
                above: tuple[int, str] | None) -> tuple[int, str] | None:
    """The wrapped end of a label that ``_label_before_name`` moved on the line before (经济效益指 | 标): a
    line of that one short piece in the name column goes to the label's column (``cols`` changed in place).
    Returns the label this line moved, for the next line."""
    name = kinds.index("name") if "name" in kinds else None
    if name is None:
        return None
    if above is not None and len(pieces) == 1 and cols[0] == name and label_of(above[1] + key(pieces[0][1])) is not None:
        cols[0] = above[0]
        return None
    moved = [(c, key(t)) for (_, t, _), c in zip(pieces, cols) if c == name - 1 and is_label_prefix(key(t))]
    return moved[0] if moved and label_of(moved[0][1]) is None else None


MISFIT = 3.0  # cost of a piece left in a column of another kind than its content (a unit in the basis column)


def _by_content(kinds: list[str | None], texts: list[str], cols: list[int]) -> list[int]:
    """A line's pieces moved by content where the converter's text columns drift from the header's: a
    sign, unit, basis type or number standing in a column of another kind goes to the nearest column of
    its kind that keeps the line's order (145 left of 前年 → 前年; 30 under 度量单位 → 指标值), at a cost of
    one per column moved against MISFIT per piece left where it does not fit."""
    if len(set(cols)) < 2:
        return cols  # 只有一格的行是折行的续文（…率达 | 100%），不按内容挪
    present = set(kinds)
    got = [_content_role(t.replace(" ", "")) for t in texts]
    got = [g if g in present else None for g in got]
    if not any(_misplaced(g, kinds[c]) for g, c in zip(got, cols)) and not any(
            got[i] is not None and got[i - 1] is not None and cols[i] == cols[i - 1] for i in range(1, len(cols))):
        return cols  # every piece fits its column, and no column holds two values
    n = len(kinds)
    inf = float("inf")
    best = [[inf] * n for _ in cols]
    back = [[0] * n for _ in cols]
    for i, (g, c0) in enumerate(zip(got, cols)):
        for c in range(n):
            here = abs(c - c0) + (MISFIT if _misplaced(g, kinds[c]) else 0.0)
            if i == 0:
                best[i][c] = here
                continue
            # pieces share a column only where they did before (one cell's words), never two values
            lo = [p for p in range(c) if best[i - 1][p] < inf]
            if cols[i - 1] == c0 and best[i - 1][c] < inf and (g is None or got[i - 1] is None):
                lo.append(c)
            if lo:
                p = min(lo, key=lambda q: best[i - 1][q])
                best[i][c], back[i][c] = best[i - 1][p] + here, p
    c = min(range(n), key=lambda q: best[-1][q])
    out = [0] * len(cols)
    for i in range(len(cols) - 1, -1, -1):
        out[i] = c
        c = back[i][c]
    return out


def _misplaced(content: str | None, column: str | None) -> bool:
    """A piece whose content shows kind ``content`` (one the table has a column of) does not belong in a
    column of kind ``column``: another kind's column, or a note column (分值, 备注) for a sign, unit or
    basis type; a note column may hold numbers (分值 10)."""
    if content is None or content == column:
        return False
    return column is not None or content in ("cmp", "unit", "basis")


def _squeezed_columns(model: ColumnModel, starts: list[int], inner: list[bool], cols: list[int]) -> list[int]:
    """The column of each piece of a line (``starts`` left to right; ``inner[i]``: the piece follows the
    one before it after a single space). An inner piece that falls in the column of the piece before it
    and starts near that column's right edge begins the next column, and so do the pieces after it that
    it pushes out of theirs, each near its own column's right edge: a long text wrapped in three narrow
    value columns at once (当年系统自 当年系统自 当年系统自身大型). If one of them cannot move, none does.
    ``cols``: the pieces' columns so far."""
    for i in range(1, len(cols)):
        if inner[i] and cols[i] == cols[i - 1]:
            cols = _pushed_right(model, starts, cols, i) or cols
    return cols


def _pushed_right(model: ColumnModel, starts: list[int], cols: list[int], i: int) -> list[int] | None:
    """``cols`` with piece i moved to the next column and the pieces after it that it meets moved on
    in turn; None when one of them does not start near its column's right edge."""
    moved = cols[:]
    for j in range(i, len(cols)):
        if j > i and moved[j] > moved[j - 1]:
            break
        if moved[j] != moved[j - 1] or moved[j] >= len(model.bounds) or model.bounds[moved[j]] - starts[j] > SHIFT:
            return None
        moved[j] += 1
    return moved


def free_names(frs: list[Fragment], name_col: int | None, value_cols: set[int]) -> list[Fragment]:
    """A row's 三级指标 that the converter pushed left into the label column beside it: on a line with
    values and no 三级指标, a label-column piece between that column's lines above and below which
    read as one framework label without it (服务对象满意度 | <name> | 指标) is the row's name."""
    if name_col is None or name_col == 0:
        return frs
    col = name_col - 1
    at = {(f.line, f.col): f for f in frs}
    out = []
    for f in frs:
        line = f.line
        above, below = at.get((line - 1, col)), at.get((line + 1, col))
        if (f.col == col and above and below and (line, name_col) not in at
                and any((line, c) in at for c in value_cols)
                and label_of(above.text + below.text) is not None
                and label_of(above.text + f.text + below.text) is None):
            f = replace(f, col=name_col)
        elif f.col == col and above and (line, name_col) not in at and (line - 1, name_col) in at:
            tail = _name_tail(f.text, above.text)
            if tail:
                out.append(replace(f, text=f.text[:-len(tail)].rstrip()))
                f = replace(f, col=name_col, text=tail)
        out.append(f)
    return out


def _name_tail(text: str, above: str) -> str | None:
    """The last word of a label-column piece that is the wrapped end of the 三级指标 beside it ("度指标 度"
    under "服务对象满意 | …满意"): without it the label reads as a framework label with its line above,
    with it not."""
    head, sep, tail = text.rpartition(" ")
    if not sep or not head.strip() or len(tail) > 3:
        return None
    if label_of(above + head.strip()) is not None and label_of(above + text) is None:
        return tail
    return None


def _pieces(ln: PageLine, edges: frozenset[int] = frozenset()) -> list[list[tuple[int, str]]]:
    """The line's chunks, each as its pieces (start, text), cut where an inner word starts, or any word
    that starts at one of `edges` (the first text columns of a column's cells: "优质 1 推动…" with 1 at
    the next column's edge)."""
    out = []
    for c in line_chunks(ln):
        pieces: list[tuple[int, str]] = []
        for w in ln.words:
            if not c.start <= w.start < c.end:
                continue
            if pieces and w.start not in c.inner and w.start not in edges:
                pieces[-1] = (pieces[-1][0], pieces[-1][1] + " " + w.text)
            else:
                pieces.append((w.start, w.text))
        out.append(pieces)
    return out


ALIGNMENTS = ("middle", "top")


def alignment(frs: list[Fragment], name_col: int | None, key_cols: set[int]) -> str:
    """How the table's cells sit in their rows. With cells aligned to the middle, a wrapped 三级指标
    leaves the row's values on a line of their own between its lines; with cells aligned to the top,
    every row's first line holds its 三级指标 and values, and wrapped text follows below."""
    cols: dict[int, set[int]] = {}
    whole: set[int] = set()  # lines holding a whole value (≥95%, not a unit wrapped from the line above)
    for f in frs:
        if f.col in key_cols:
            cols.setdefault(f.line, set()).add(f.col)
            if f.col != name_col and not is_unit(f.text) and value_score(f.text) >= 0.7:
                whole.add(f.line)
    if name_col is None or any(name_col not in cs and line in whole for line, cs in cols.items()):
        return "middle"
    return "top"


TWO_VALUES = 5.0  # cost of a row that holds two whole values (or basis types) in one column
SHORT_LINE = 0.5  # a name line shorter than this share of the longest is the last line of its cell
SHORT_WRAP = 2.0  # cost of a row whose name goes on below a short line
CUT_NAME = 2.0  # cost of a row ending on a name line as wide as the column, the line below a name alone


def segment_rows(frs: list[Fragment], name_col: int | None, key_cols: set[int], align: str = "middle",
                 value_cols: frozenset[int] = frozenset()) -> tuple[list[list[Fragment]], float]:
    """Partition the lines holding row cells into table rows, for cells aligned to the middle (a
    wrapped cell's lines above and below the row's one-line cells), the top or the bottom of their row.
    Every row has a 三级指标. A cell of a value or basis column (``value_cols``) holds one value: two whole
    values (12份 and =100%, 计划标准 twice) on two lines of one column are two rows' cells. A wrapped name
    fills its column on each line but the last, so a short name line (…达到上级合格 | 要求) ends its row's
    name. Returns each row's fragments (row-cell columns) and the misfit."""
    keyed = [f for f in frs if f.col in key_cols]
    lines = sorted({f.line for f in keyed})
    if not lines:
        return [], 0.0
    on_line: dict[int, list[Fragment]] = {}
    for f in keyed:
        on_line.setdefault(f.line, []).append(f)
    n = len(lines)
    # with cells aligned to the top, a line holding only part of the line before's columns goes on it,
    # unless it holds a row's start: a 三级指标 beside a whole value (没有单位的 0 那一行不缺格)
    goes_on = {lines[k] for k in range(1, n) if align == "top"
               and {f.col for f in on_line[lines[k]]} < {f.col for f in on_line[lines[k - 1]]}
               and not _starts_row(on_line[lines[k]], name_col)}
    best = [0.0] + [float("inf")] * n
    back = [0] * (n + 1)
    line_cols = {ln: [f.col for f in fs] for ln, fs in on_line.items()}
    whole = {ln: [f.col for f in fs if f.col in value_cols and _whole_value(f.text)] for ln, fs in on_line.items()}
    # a wrapped 三级指标 fills its column on every line but its last: a short name line ends its cell
    name_len = {f.line: len(f.text) for f in keyed if f.col == name_col}
    short = SHORT_LINE * max(name_len.values(), default=0)
    full = max(name_len.values(), default=0) - 1
    # a row cannot end on a name line that fills its column when the next line holds a name and nothing
    # else, unless that name's values follow on a line of their own (the first line of a row centred on them)
    cut_name = [0 < j < n and name_len.get(lines[j - 1], 0) >= full > 1 and set(line_cols[lines[j]]) == {name_col}
                and not (j + 1 < n and name_col not in line_cols[lines[j + 1]]) for j in range(n + 1)]
    for j in range(1, n + 1):
        # the rows ending at line j-1, growing upwards: each column's lines, the columns in the order in
        # which they first appear from the top
        by_col: dict[int, list[int]] = {}
        bottom = lines[j - 1]
        cut = CUT_NAME if cut_name[j] else 0.0
        seen: set[int] = set()  # the value columns holding a whole value so far
        doubled = 0.0
        named_below = False  # a line below this one in the row holds a piece of its name
        for i in range(j - 1, max(0, j - MAX_ROW_LINES) - 1, -1):
            ln = lines[i]
            for col in whole[ln]:
                if col in seen:
                    doubled += TWO_VALUES
                seen.add(col)
            if ln in name_len:
                if named_below and name_len[ln] < short:
                    doubled += SHORT_WRAP
                named_below = True
            here: dict[int, list[int]] = {}
            for col in line_cols[ln]:
                if col in here:
                    here[col].append(ln)
                else:
                    here[col] = [ln]
            for col, ls in by_col.items():
                if col in here:
                    here[col].extend(ls)
                else:
                    here[col] = ls
            by_col = here
            c = best[i] + _row_cost(by_col, ln, bottom, name_col, align) + (5.0 if ln in goes_on else 0.0) + doubled + cut
            if c < best[j]:
                best[j], back[j] = c, i
    rows, j = [], n
    while j > 0:
        i = back[j]
        rows.append([f for ln in lines[i:j] for f in on_line[ln]])
        j = i
    return rows[::-1], best[n]


def _whole_value(text: str) -> bool:
    """A cell's text that is a whole value or basis type (≥95%, =12份, 计划标准), not a piece of one (a unit
    or word wrapped from the line above)."""
    t = text.replace(" ", "")
    return basis_of(t) is not None or not is_unit(t) and value_score(t) >= 0.7


def _starts_row(line: list[Fragment], name_col: int | None) -> bool:
    """A line's cells begin a row: it holds a 三级指标 and a whole value (≥95%, 0, 达成; not a lone unit)."""
    if name_col is None or not any(f.col == name_col for f in line):
        return False
    return any(f.col != name_col and not is_unit(f.text) and value_score(f.text) >= 0.7 for f in line)


VALUELESS = 2.0


def _row_cost(by_col: dict[int, list[int]], top: int, bottom: int, name_col: int | None, align: str) -> float:
    """How badly a row fits, given its cells' lines by column: cells off the row's alignment line,
    wrapped cells with a gap, no 三级指标; minus a reward per row, so that rows are not merged without need."""
    cost, gaps, anchors = 0, 0, 0
    centre = (top + bottom) / 2
    top_aligned = align == "top"
    for ls in by_col.values():
        if top_aligned:
            cost += ls[0] - top
            anchors += ls[0] == top
        else:
            cost += abs(sum(ls) / len(ls) - centre)
            anchors += 1
        # a wrapped cell's lines are at most one line apart (another cell's line may sit between them)
        if len(ls) > 1:
            a = ls[0]
            for b in ls:
                if b - a > 2:
                    gaps += 1
                a = b
    cost += 3.0 * gaps
    if name_col is not None and name_col not in by_col:
        cost += 10.0
    if name_col is not None and len(by_col) == 1 and name_col in by_col:
        cost += VALUELESS  # a row prints its values; a name line without them is usually part of a wrapped name
    return cost - (0.5 if anchors >= 2 or (align == "middle" and anchors) else 0.0)


_COMPLETE_LEVEL = re.compile(r"(指标|类)$")
_GOAL_START = re.compile(r"^(长期|年度)?(绩效)?目标")
_COMPLETE_GOAL = re.compile(r"目标\s*\d+$|^\d+$|[。；;]$")


def _complete(text: str, role: str | None) -> bool:
    k = key(text)
    if role in ("level1", "level2"):
        return bool(_COMPLETE_LEVEL.search(k))
    if role == "goal":
        return bool(_COMPLETE_GOAL.search(k))
    return True


def label_clusters(frs: list[Fragment], role: str | None) -> list[list[Fragment]]:
    """The pieces of a label column joined into labels: a piece that does not end a label (服务对象满意)
    goes on with the next piece one or two lines below, unless it is a whole label already that the next
    piece does not continue (服务对象满意度 over 数量指标)."""
    out: list[list[Fragment]] = []
    for f in sorted(frs, key=lambda f: f.line):
        if out:
            cur = out[-1]
            text = "".join(x.text for x in cur)
            starts_new = role == "goal" and bool(_GOAL_START.match(key(f.text))) and bool(_GOAL_START.match(key(text)))
            # a whole label the next piece does not go on (服务对象满意度, then 数量指标) is complete
            whole = role in ("level1", "level2") and label_of(text) is not None and label_of(text + f.text) is None
            if f.line - cur[-1].line <= 2 and not _complete(text, role) and not starts_new and not whole:
                cur.append(f)
                continue
        out.append([f])
    return out


def assign_labels(spans: list[tuple[int, int]], clusters: list[list[Fragment]], align: str = "middle",
                  parents: list[str | None] | None = None, continues: bool = False,
                  rows: list[tuple[str, str]] | None = None,
                  breaks: list[int] = ()) -> tuple[list[tuple[int, int, list[Fragment]]], float]:
    """Give each label the run of rows it is centred on (or starts at, for top-aligned labels). spans
    are the rows' (top, bottom) lines. Returns [(first row, last row, label pieces)] and the misfit.
    A label above the first row (or below the last) is the rest of a label cut by a page break: it
    reaches the edge of the table.

    `breaks` are the rows that open a page of a table cut by page breaks (its parts' lines numbered on
    over the gap). A label over rows on both sides of a break may stand at the middle of its whole
    range (a spreadsheet's print, which adds a clipped copy at the top of the next page), at the top of
    its range or at the middle of its rows on the first page (report printers). `continues`: the
    table may go on past its last row (the next page opens with another header), so its last label may
    have been cut the same way.

    `parents` (for a 一级 column) is each row's 一级 concept as its 二级 label implies in the framework
    (None where unknown): a 一级 label over rows whose 二级 belongs elsewhere costs MISMATCH per row, and
    such rows left without a 一级 cost UNLABELLED each.

    `rows` (for a 二级 column: each row's name and value) breaks ties of position: a label printed
    between two rows, equally far from the middles of either range, goes with the rows whose words fit
    it (see ``label_affinity``); a word's weight is well below one line of position."""
    R, K = len(spans), len(clusters)
    if R == 0:
        return [], 0.0  # labels with no row to give them to
    wrong = _mismatch_counts(clusters, parents) if parents else None
    regret = _regret_counts(clusters, rows) if rows else None
    known = list(accumulate((p is not None for p in parents or [None] * R), initial=0))
    inf = float("inf")
    empty, lead, skip = 2.5, 1.0, 3.0
    # cost[k][i]: the least misfit of rows before i given the labels before k; back: the step there
    cost = [[inf] * (R + 1) for _ in range(K + 1)]
    back: list[list[tuple | None]] = [[None] * (R + 1) for _ in range(K + 1)]
    cost[0][0] = 0.0
    top_aligned = align == "top"
    warp = row_height_warp(spans)
    centres = [warp(c[0].line if top_aligned else (c[0].line + c[-1].line) / 2) for c in clusters]
    tops = [warp(t) for t, _ in spans]
    bottoms = [warp(b) for _, b in spans]
    # the first page break after each row (rows i..j are cut when it is ≤ j)
    ordered = sorted(breaks)
    first_break = [ordered[n] if n < len(ordered) else R + 1 for n in (bisect_right(ordered, i) for i in range(R + 1))]
    break_lines = [spans[b][0] for b in breaks]
    skips = [0.0 if _copy_over_break(clusters, k, break_lines) else skip for k in range(K)]
    for i in range(R + 1):
        gap = lead if i == 0 else empty  # rows at the top of a table may belong to a label printed before it
        cut = first_break[i]
        for k in range(K + 1):
            base = cost[k][i]
            if base == inf:
                continue
            if k < K and i < R:
                _relax_label(cost[k + 1], back[k + 1], base, i, k, centres[k], tops, bottoms, top_aligned, continues,
                             cut, wrong[k] if wrong is not None else None, regret[k] if regret is not None else None)
            if k < K and base + skips[k] < cost[k + 1][i]:  # a label printed twice or outside any row: dropped
                cost[k + 1][i], back[k + 1][i] = base + skips[k], ("skip", i, k)
            # rows i..j left without a label
            step, here, steps, start, known_i = ("empty", i, k), cost[k], back[k], base + gap, known[i]
            if known_i == known[R]:  # no row below i has a known 一级: the same cost for every j
                for j1, was in enumerate(here[i + 1:], i + 1):
                    if start < was:
                        here[j1], steps[j1] = start, step
                continue
            for j in range(i, R):
                c = start + UNLABELLED * (known[j + 1] - known_i)
                if c < here[j + 1]:
                    here[j + 1], steps[j + 1] = c, step
    out = []
    i, k = R, K
    while (i, k) != (0, 0):
        step = back[k][i]
        assert step is not None
        kind, pi, pk = step
        if kind == "label":
            out.append((pi, i - 1, clusters[pk]))
        i, k = pi, pk
    return out[::-1], cost[K][R]


def _copy_over_break(clusters: list[list[Fragment]], k: int, break_lines: list[int]) -> bool:
    """Label k has a twin of the same text next to it on the other side of a page break: the two are the
    halves of one label cut by the break (a spreadsheet's print draws a merged cell's text on both pages),
    so dropping either one costs nothing."""
    text = "".join(f.text for f in clusters[k])
    for n in (k - 1, k + 1):
        if 0 <= n < len(clusters) and "".join(f.text for f in clusters[n]) == text:
            lo, hi = sorted((clusters[k][0].line, clusters[n][0].line))
            if any(lo < b <= hi for b in break_lines):
                return True
    return False


def _relax_label(cost: list[float], back: list[tuple | None], base: float, i: int, k: int, c: float,
                 tops: list[float], bottoms: list[float], top_aligned: bool, continues: bool, cut: int,
                 wrong: list[int] | None, regret: list[float] | None) -> None:
    """assign_labels' step for label k (centred at c) over the rows i..j, for every j: its cost by
    position (and by the rows' 一级 and words) relaxes cost[j + 1] (the costs after label k)."""
    R = len(tops)
    above = i == 0 and c < tops[0]
    below = c > bottoms[-1]
    top = tops[i]
    step = ("label", i, k)
    plain = not (above or below or continues or top_aligned or cut < R)
    if plain and wrong is None and regret is None:  # the common case, kept short (as in the loop below)
        early = c < top - 1
        for j1, bottom in enumerate(bottoms[i:], i + 1):  # j1: the row after the label's last
            d = abs((top + bottom) / 2 - c)
            if early or c > bottom + 1:
                d += 5.0
            d += base
            if d < cost[j1]:
                cost[j1], back[j1] = d, step
        return
    for j in range(i, R):
        if plain:  # the label's distance from the middle of rows i..j
            bottom = bottoms[j]
            d = abs((top + bottom) / 2 - c)
            if c < top - 1 or c > bottom + 1:
                d += 5.0
        else:
            mid = top if top_aligned else (top + bottoms[j]) / 2
            if above:
                d = 0.0 if j < R - 1 or R == 1 else abs(mid - c)
            elif below and j == R - 1:
                d = 0.0
            else:
                d = abs(mid - c)
                if cut <= j and not top_aligned:
                    d = min(d, abs(top - c), abs((top + bottoms[cut - 1]) / 2 - c))
                if continues and j == R - 1 and not top_aligned:
                    # a label whose range runs on past the page break: some printers put it at the
                    # top of its range, others in the middle of the whole range (below this part's)
                    d = min(abs(top - c), max(0.0, mid - c))
                if c < top - 1 or c > bottoms[j] + 1:
                    d += 5.0
        if wrong is not None:
            d += MISMATCH * (wrong[j + 1] - wrong[i])
        if regret is not None:
            d += AFFINITY * (regret[j + 1] - regret[i])
        if base + d < cost[j + 1]:
            cost[j + 1], back[j + 1] = base + d, step

MISMATCH = 2.0  # cost of a row whose 二级 label belongs to another 一级 than the one given to it
UNLABELLED = 1.0  # cost of a row whose 二级 label implies a 一级 but that is given none


WRAPPED_LINE = 0.5  # the height of a row's wrapped line, in one-line rows (a row's padding counts once)


def row_height_warp(spans: list[tuple[int, int]]) -> Callable[[float], float]:
    """A map from line numbers to heights down the table in which each row's wrapped lines count
    WRAPPED_LINE each (a three-line row is not three rows high) and every step from one row to the next
    is the table's usual step, however many lines a converter put between them (a line of its own for a
    label printed between two rows is not a row's height): a merged label stands in the middle of the
    rows' real heights. `spans` are the rows' (top, bottom) lines, in order."""
    if not spans:
        return lambda y: y
    steps = sorted(t - b for (_, b), (t, _) in zip(spans, spans[1:]))
    usual = steps[len(steps) // 2] if steps else 1
    tops = [t for t, _ in spans]
    # at[k]: row k's top on the warped scale
    at = [float(tops[0])]
    for t, b in spans[:-1]:
        at.append(at[-1] + (b - t) * WRAPPED_LINE + usual)

    def warp(y: float) -> float:
        k = bisect_right(tops, y) - 1  # the last row that starts at or above y
        if k < 0:
            return y
        t, b = spans[k]
        if y <= b:
            return at[k] + (y - t) * WRAPPED_LINE
        bottom = at[k] + (b - t) * WRAPPED_LINE
        if k + 1 == len(spans):
            return bottom + (y - b)
        return bottom + usual * (y - b) / (tops[k + 1] - b)  # between two rows: a share of one step
    return warp


AFFINITY = 0.1  # cost per point by which a row's words fit another of the column's labels better


def _regret_counts(clusters: list[list[Fragment]], rows: list[tuple[str, str]]) -> list[list[float]]:
    """Per label: prefix sums over the rows of how much better the row's words fit the best of the
    column's labels than this one."""
    labels = ["".join(f.text for f in c) for c in clusters]
    fit = [[level2_affinity(name, value, lab) for lab in labels] for name, value in rows]
    tops = [max(row, default=0.0) for row in fit]  # a column without labels: no regrets
    out = []
    for k in range(len(labels)):
        acc = [0.0]
        for row, top in zip(fit, tops):
            acc.append(acc[-1] + top - row[k])
        out.append(acc)
    return out


def _mismatch_counts(clusters: list[list[Fragment]], parents: list[str | None]) -> list[list[int] | None]:
    """Per label: prefix counts of rows whose 二级 label's 一级 concept differs from the label's."""
    out: list[list[int] | None] = []
    for c in clusters:
        lab = label_of("".join(f.text for f in c))
        concept = lab.level1 if lab is not None else None
        if concept is None:
            out.append(None)
            continue
        acc = [0]
        for p in parents:
            acc.append(acc[-1] + (1 if p is not None and p != concept else 0))
        out.append(acc)
    return out


def _row_parents(placed: list[tuple[int, int, list[Fragment]]], n_rows: int) -> list[str | None]:
    """Each row's 一级 concept as the 二级 label placed over it implies (None where unknown)."""
    out: list[str | None] = [None] * n_rows
    for first, last, pieces in placed:
        lab = label_of("".join(f.text for f in pieces))
        parent = level1_for_level2(lab.level2) if lab is not None and lab.level2 else None
        for r in range(first, last + 1):
            out[r] = parent
    return out


def _spans(rows: list[list[Fragment]]) -> list[tuple[int, int]]:
    return [(min(f.line for f in row), max(f.line for f in row)) for row in rows]


def _labels(frs: list[Fragment], label_cols: list[int], roles: list[str | None], spans: list[tuple[int, int]], align: str,
            continues: bool = False, rows: list[tuple[str, str]] | None = None, breaks: list[int] = ()):
    """Each label column's labels placed on the rows, and the total misfit. `rows`: each row's name and
    value, for the 二级 column's ties."""
    out, total = {}, 0.0
    parents = None
    # 二级 first: the 一级 labels are then placed in agreement with the framework where the geometry allows
    for col in sorted(label_cols, key=lambda c: roles[c] != "level2"):
        clusters = label_clusters([f for f in frs if f.col == col], roles[col])
        placed, cost = assign_labels(spans, clusters, align, parents if roles[col] == "level1" else None, continues,
                                     rows if roles[col] == "level2" else None, breaks)
        if roles[col] == "level2":
            parents = _row_parents(placed, len(spans))
        out[col] = placed
        total += cost
    return out, total


def _row_texts(rows: list[list[Fragment]], name_col: int | None, target_col: int | None) -> list[tuple[str, str]]:
    """Each row's 三级指标 and target as printed (pieces joined)."""
    def text(row: list[Fragment], col: int | None) -> str:
        return "".join(f.text for f in row if f.col == col)
    return [(text(row, name_col), text(row, target_col)) for row in rows]


@dataclass
class TablePart:
    """One page's piece of a table: its columns, its header lines (none where the page does not repeat
    them) and its body; `at_page_end`: nothing follows it on its page."""

    model: ColumnModel
    hdr: list[PageLine]
    body: list[PageLine]
    at_page_end: bool = False


def _joined_fragments(parts: list[TablePart], name_col: int | None, value_cols: set[int],
                      label_cols: list[int]) -> list[list[Fragment]]:
    """Each part's fragments, their lines numbered on from the part before (the page gap dropped: a
    part's first row follows the last line before it), so that the parts of a table cut by page breaks
    read as one body. A label printed above a continued part's first row that the part before prints
    in the same column is a clipped copy of a label cut by the break (a spreadsheet's print): dropped."""
    out: list[list[Fragment]] = []
    next_line: int | None = None
    for part in parts:
        frs = free_names(fragments(part.model, part.body), name_col, value_cols)
        rows_at = [f.line for f in frs if f.col not in label_cols]
        if frs and next_line is not None:
            top = min(rows_at, default=min(f.line for f in frs))
            before = {(f.col, key(f.text)) for f in out[-1]}
            frs = [replace(f, line=f.line - top + next_line) for f in frs
                   if not (f.line < top and f.col in label_cols and (f.col, key(f.text)) in before)]
        if frs and part is not parts[-1]:
            # labels below the part's last row are the halves of labels cut at the page's bottom edge
            # (below its footer, even): the edge is where the next part begins
            last_row = max((f.line for f in frs if f.col not in label_cols), default=None)
            if last_row is not None:
                frs = [replace(f, line=last_row + 1) if f.line > last_row else f for f in frs]
        if frs:
            next_line = max(f.line for f in frs) + 1
        out.append(frs)
    return out


def build_tables(parts: list[TablePart], file: str, continues: bool = False) -> list[Table]:
    """A table printed over one or more pages: one grid table per part (a header row where the part
    prints one, then its rows), the merged labels placed over the rows of all parts at once.
    `continues`: the next page opens with a header of other columns, which may still go on with it.

    Cells are taken as aligned to the middle of their rows unless both the rows (every line has a
    三级指标) and the labels (each fits the top of its rows better) say they are aligned to the top."""
    roles = parts[0].model.roles
    n = len(roles)
    label_cols = sorted(k for k, r in enumerate(roles) if r in LABEL_ROLES)
    key_cols = set(range(n)) - set(label_cols)
    name_col = next((k for k, r in enumerate(roles) if r == "name"), None)
    target_col = next((k for k, r in enumerate(roles) if r == "target"), None)
    kinds = parts[0].model.kinds
    whole_cols = frozenset(k for k, r in enumerate(kinds) if r in ("value", "basis"))
    part_frs = _joined_fragments(parts, name_col, {k for k, r in enumerate(kinds) if r in ("value", "cmp", "unit")}, label_cols)
    all_frs = [f for frs in part_frs for f in frs]

    def layout(align: str):
        segmented = [segment_rows(frs, name_col, key_cols, align, whole_cols) for frs in part_frs]
        part_rows = [rows for rows, _ in segmented]
        rows = [r for pr in part_rows for r in pr]
        breaks = list(accumulate(len(pr) for pr in part_rows))[:-1]
        labels, misfit = _labels(all_frs, label_cols, roles, _spans(rows), align, continues,
                                 _row_texts(rows, name_col, target_col), breaks)
        # the labels' misfit decides; where they fit both ways alike, the rows' own
        return part_rows, labels, (misfit, sum(cost for _, cost in segmented))

    part_rows, labels, misfit = layout("middle")
    if all_frs and alignment(all_frs, name_col, key_cols) == "top":
        top = layout("top")
        if top[2] < misfit:
            part_rows, labels, misfit = top
    tables, first = [], 0
    for part, rows in zip(parts, part_rows):
        tables.append(_part_table(part, rows, labels, first, name_col, n, file))
        first += len(rows)
    return tables


def _part_table(part: TablePart, rows: list[list[Fragment]], labels: dict[int, list[tuple[int, int, list[Fragment]]]],
                first: int, name_col: int | None, n: int, file: str) -> Table:
    """The grid table of one part: its header row, its rows (`first` is the index of its first row in
    the whole table) and the part of each label that lies over them."""
    cells: list[Cell] = []
    row_sources: list[Source | None] = []
    page = (part.hdr or part.body)[0].page
    offset = 0
    if part.hdr:
        src = Source(file, part.hdr[0].no, page)
        cells.extend(Cell(h, 0, k, source=src) for k, h in enumerate(part.model.headers))
        row_sources.append(src)
        offset = 1
    for r, row in enumerate(rows):
        by_col: dict[int, list[Fragment]] = {}
        for f in row:
            by_col.setdefault(f.col, []).append(f)
        name = min(by_col.get(name_col, row), key=lambda f: f.line)
        row_sources.append(Source(file, name.no, name.page))
        for col, fs in sorted(by_col.items()):
            cells.append(Cell("\n".join(f.text for f in fs), offset + r, col, source=Source(file, fs[0].no, fs[0].page)))
    last = first + len(rows) - 1
    for col, placed in labels.items():
        for top, bottom, pieces in placed:
            lo, hi = max(top, first), min(bottom, last)
            if lo <= hi:
                cells.append(Cell("\n".join(p.text for p in pieces), offset + lo - first, col, rowspan=hi - lo + 1,
                                  source=Source(file, pieces[0].no, pieces[0].page)))
    return Table(cells, offset + len(rows), n, Source(file, (part.hdr or part.body)[0].no, page), row_sources)


# ---- the document ----------------------------------------------------------------------------------
def _stops_table(ln: PageLine, left: int) -> bool:
    """A line that cannot be part of a table body: a title, a caption (中长期绩效指标（目标3）), a form,
    running text."""
    chunks = ln.chunks
    if not chunks:
        return False
    k = key(chunks[0])
    if _STOP.search(k) or _is_indicator_caption(ln) or len(chunks) == 1 and (is_goal_caption(chunks[0]) or _is_table_title(ln)):
        return True
    return len(chunks) == 1 and len(k) >= PARAGRAPH and ln.words[0].start <= left + 2


def _body_end(lines: list[PageLine], i: int, left: int) -> int:
    """The end (exclusive) of the table body that starts at line index i: the page's end, a new
    header, a title or running text. Trailing blank lines are left out."""
    page = lines[i].page if i < len(lines) else None
    k = i
    while k < len(lines):
        ln = lines[k]
        if ln.page != page or header_span(lines, k) or _stops_table(ln, left):
            break
        k += 1
    while k > i and lines[k - 1].blank:
        k -= 1
    return k


def read_text(text: str, file: str) -> Grid:
    """A grid from column-aligned text."""
    lines = page_lines(text)
    grid = Grid(file)
    parts: list[TablePart] = []  # the table being read, one part per page

    def close_table(continues: bool = False) -> None:
        if parts:
            grid.items.extend(build_tables(parts, file, continues))
            parts.clear()

    last_caption: str | None = None  # the text of the last caption read (goal caption or table caption)
    repeated_until = -1  # a repeated caption opening the page ends before this line index
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.blank:
            i += 1
            continue
        goes_on = bool(parts) and parts[-1].at_page_end  # the next page may continue the table
        if goes_on and _opens_page(lines, i) and (len(ln.chunks) == 1 and is_goal_caption(ln.chunks[0]) or _is_table_caption(ln)):
            text, after = _caption_lines(lines, i)
            nxt = _next_nonblank(lines, after - 1)
            if key(text) == last_caption and nxt is not None and header_span(lines, nxt):
                # the caption repeated over the header of a table going on from the page before: the
                # table's next part, not a new table
                repeated_until = nxt
                i = after
                continue
        span = header_span(lines, i)
        if span:
            first, last = span
            hdr = [x for x in lines[first:last + 1] if not x.blank]
            left = min(w.start for x in hdr for w in x.words)
            end = _body_end(lines, last + 1, left)
            model = column_model(hdr, lines[last + 1:end])
            # a header repeated at the top of the next page goes on with the table
            opens = _opens_page(lines, first) or first == repeated_until
            if not (goes_on and opens and model.roles == parts[-1].model.roles):
                close_table(goes_on and opens)
            parts.append(TablePart(model, hdr, lines[last + 1:end], _at_page_end(lines, end)))
            i = max(end, last + 1)
            continue
        end = _body_end(lines, i, 0) if goes_on and not _stops_table(ln, 0) else i
        if end > i and _holds_values(lines[i:end]):
            model = continuation_model(parts[-1].model, lines[i:end])
            parts.append(TablePart(model, [], lines[i:end], _at_page_end(lines, end)))
            i = max(end, i + 1)
            continue
        close_table()
        if _is_overview_header(ln):
            end = i + 1
            while end < len(lines) and not (header_span(lines, end) or _stops_table(lines[end], 0) or _is_table_caption(lines[end])):
                end += 1
            grid.items.append(overview_list(ln, lines[i + 1:end], file))
            i = end
            continue
        if _is_goal_list_header(ln):
            end = _body_end(lines, i + 1, 0)
            grid.items.append(goal_list(ln, lines[i + 1:end], file))
            i = max(end, i + 1)
            continue
        src = Source(file, ln.no, ln.page)
        chunks = ln.chunks
        if len(chunks) == 1 and is_goal_caption(chunks[0], with_text=True):
            text, i = _caption_lines(lines, i)
            last_caption = key(text)
            grid.items.append(Text(text, src))
            continue
        if len(chunks) == 1 or _is_title(chunks):
            if _is_table_caption(ln):
                last_caption = key(chunks[0])
            grid.items.append(Text(" ".join(chunks), src))
        else:
            grid.items.append(Table([Cell(c, 0, k, source=src) for k, c in enumerate(chunks)], 1, len(chunks), src, [src]))
        i += 1
    close_table()
    return grid


_GOAL_LIST_LABEL = "项目绩效总目标"


def _is_overview_header(ln: PageLine) -> bool:
    """A line of goal column heads of both horizons (长期目标 | 年度目标, 中长期目标 | 年度目标), perhaps after a
    row label (总体目标): the goal statements stand wrapped in the columns under them."""
    return len({horizon_of_head(key(p.text)) for p in header_pieces(ln)} - {None}) >= 2


def _is_table_caption(ln: PageLine) -> bool:
    """A line that is a table's caption alone (长期绩效指标, 中长期绩效指标（目标2）): a horizon and no statement."""
    chunks = ln.chunks
    if len(chunks) != 1:
        return False
    cap = caption_of(key(chunks[0]))
    return cap is not None and cap.horizon is not None and cap.text is None


def is_goal_caption(text: str, with_text: bool = False) -> bool:
    """A goal's caption over its table, in the caption vocabulary (长期目标 1：…, 中长期绩效目标2：…, 当年绩效目标1：…,
    绩效目标3：…); ``with_text``: with its statement after the colon."""
    cap = caption_of(key(text))
    return cap is not None and cap.text is not None and (bool(cap.text) or not with_text)


def _is_table_title(ln: PageLine) -> bool:
    """A table's caption naming a table (中长期绩效目标表, 年度绩效目标表2), not a goal cell of the label column
    (年度绩效目标, 长期目标 2)."""
    return _is_table_caption(ln) and "表" in key(ln.chunks[0])


def _is_indicator_caption(ln: PageLine) -> bool:
    """An indicator table's caption alone (中长期绩效指标（目标3）, 年度绩效指标): it ends the table above; a
    goal cell of the label column (长期目标 2, 年度绩效目标) names no 指标 and does not."""
    return _is_table_caption(ln) and "指标" in key(ln.chunks[0])


def overview_list(hdr: PageLine, body: list[PageLine], file: str) -> Table:
    """Goal statements wrapped in the columns under goal column heads (see ``_is_overview_header``), continued
    over a page break: each column's lines become one cell (the assembler splits it into goals). A row label
    printed left of the statements (总体目标, 整体绩效目标, on the heads' line or beside the statements) is a
    cell of its own over both rows, as in a ruled table, never part of a statement."""
    heads = [(p.start, p.end, p.text) for p in header_pieces(hdr)]
    first_head = min((a for a, _, t in heads if horizon_of_head(key(t))), default=0)
    firsts = [_statement_start(ln, first_head) for ln in body if ln.words]
    edge = _statements_edge(firsts, heads[0])
    left = [c for ln in body for c in line_chunks(ln) if c.end < edge]
    if left and heads[0][0] >= edge:
        heads.insert(0, (min(c.start for c in left), max(c.end for c in left), ""))
    label = bool(left) or heads[0][1] < edge
    centres = [(a + b) / 2 for a, b, _ in heads]
    bounds = [_statement_bound(body, centres[k], centres[k + 1]) for k in range(len(heads) - 1)]
    if label:
        bounds[0] = edge - 0.5
    model = ColumnModel([t for _, _, t in heads], bounds)
    src = Source(file, hdr.no, hdr.page)
    by_col: dict[int, list[Fragment]] = {}
    # 各列正文起始的字符列：在此处开始的词（哪怕与前词只隔一个空格）属于右边的列
    edges = frozenset(x for b in bounds for x in range(int(b + 0.5), int(b + 0.5) + 3))
    for f in fragments(model, body, edges):
        by_col.setdefault(f.col, []).append(f)
    cells = []
    for k, (_, _, t) in enumerate(heads):
        if k == 0 and label:
            text = "\n".join(x for x in [t, *(f.text for f in by_col.pop(0, []))] if x)
            cells.append(Cell(text, 0, 0, rowspan=2, source=src))
        else:
            cells.append(Cell(t, 0, k, source=src))
    for col, fs in sorted(by_col.items()):
        cells.append(Cell("\n".join(f.text for f in fs), 1, col, source=Source(file, fs[0].no, fs[0].page)))
    return Table(cells, 2, len(heads), src, [src, Source(file, body[0].no, body[0].page) if body else src])


ROW_LABEL = 8  # the longest row label printed beside goal statements (项目绩效目标, 整体绩效目标)


def _statement_start(ln: PageLine, first_head: int) -> int:
    """Where a line's goal statement may begin: its first chunk, or the second where the first is a short
    row label beside it (项目绩效目标  贯彻执行…), ending left of the first goal head (``first_head``: its
    text column), where a statement that short would stand under its head."""
    chunks = line_chunks(ln)
    first = ln.raw[chunks[0].start:chunks[0].end]
    if len(chunks) >= 2 and len(first) <= ROW_LABEL and chunks[0].end < first_head \
            and not re.search(r"[，。；、,.;:：\d]", first):
        return chunks[1].start
    return chunks[0].start


DRIFT_COLUMNS = 2  # how far a converter shifts one line's text columns from the next one's


def _statements_edge(firsts: list[int], first_head: tuple[int, int, str]) -> int:
    """The text column where the goal statements begin, from where the body lines' first chunks start:
    where most start (of equally many, the rightmost: a row label stands left of them); but where the
    heads' line holds the row label (项目绩效目标 | 中长期目标 | 年度目标) and no two lines start alike (statements
    centred in their cells), the leftmost start right of that label. A start a column or two left of the
    edge (the converter's drift) moves the edge there."""
    if not firsts:
        return 0
    most = max(firsts.count(x) for x in set(firsts))
    if most == 1 and horizon_of_head(key(first_head[2])) is None:
        return min((x for x in firsts if x > first_head[1]), default=min(firsts))
    edge = max((x for x in set(firsts) if firsts.count(x) == most))
    return min(x for x in firsts if edge - DRIFT_COLUMNS <= x <= edge)  # a converter shifts a line by a column or two


def _statement_bound(body: list[PageLine], lo: float, hi: float) -> float:
    """The boundary between two columns of wrapped statements whose heads are centred at lo and hi: just
    left of where the right column's text begins. On each line that is where a chunk or an inner word
    starts between the heads; a converter shifts it by a column or two from line to line, so the boundary
    is the leftmost of those near their median (a statement's own inner word further left is not one)."""
    starts = []
    for ln in body:
        cuts = [x for c in line_chunks(ln) for x in (c.start, *c.inner) if lo < x <= hi]
        if cuts and any(c.start < cuts[0] for c in line_chunks(ln)):
            starts.append(cuts[0])
    if not starts:
        return (lo + hi) / 2
    mid = sorted(starts)[len(starts) // 2]
    return min(x for x in starts if x >= mid - 3) - 0.5


def _is_goal_list_header(ln: PageLine) -> bool:
    keys = [key(c) for c in ln.chunks]
    return "目标说明" in keys and any(k in ("名称", "目标名称") or k.endswith(_GOAL_LIST_LABEL + "名称") for k in keys) \
        or (len(keys) >= 3 and keys[0] == _GOAL_LIST_LABEL and "目标说明" in keys)


def goal_list(hdr: PageLine, body: list[PageLine], file: str) -> Table:
    """The 项目绩效总目标 part of a project form: 名称 | 目标说明 rows, the goal's name ("长期绩效目标 1") on
    the middle line of its wrapped statement. Read with the table machinery: names are the row key."""
    chunks = list(_CHUNK.finditer(hdr.raw))
    name_x = next(m.start() + len(m.group()) / 2 for m in chunks if key(m.group()) != "目标说明" and key(m.group()) != _GOAL_LIST_LABEL)
    text_x = next(m.start() + len(m.group()) / 2 for m in chunks if key(m.group()) == "目标说明")
    label_end = max((m.end() for ln in [hdr, *body] for m in _CHUNK.finditer(ln.raw) if key(m.group()) == _GOAL_LIST_LABEL), default=0)
    all_chunks = [c for ln in body for c in line_chunks(ln) if c.start >= label_end]
    bounds = [_gap_between(all_chunks, label_end, name_x), _gap_between(all_chunks, name_x, text_x)]
    model = ColumnModel([_GOAL_LIST_LABEL, "名称", "目标说明"], bounds)
    frs = [f for f in fragments(model, body) if f.col > 0]
    rows, _ = segment_rows(frs, 1, {1, 2}, "middle")
    page = hdr.page
    src = Source(file, hdr.no, page)
    cells = [Cell(_GOAL_LIST_LABEL, 0, 0, source=src)]
    sources: list[Source | None] = [src]
    for r, row in enumerate(rows, 1):
        for col in (1, 2):
            fs = [f for f in row if f.col == col]
            if fs:
                cells.append(Cell("\n".join(f.text for f in fs), r, col, source=Source(file, fs[0].line, page)))
        sources.append(Source(file, min(f.line for f in row), page))
    return Table(cells, len(rows) + 1, 3, src, sources)


_TITLE = re.compile(r"^表\d+(-\d+)?$")


def _caption_lines(lines: list[PageLine], i: int) -> tuple[str, int]:
    """A goal caption ("年度目标 2：…") and the lines its text wraps onto: one-chunk lines right under it that
    start no further right than it does and are no title, caption (年度绩效指标) or header. Returns (text,
    next index)."""
    first = lines[i]
    parts = [first.chunks[0]]
    j = i + 1
    while j < len(lines):
        ln = lines[j]
        if ln.blank or len(ln.chunks) != 1 or ln.words[0].start > first.words[0].start or header_span(lines, j):
            break
        if _STOP.search(key(ln.chunks[0])) or _is_overview_header(ln) or _is_goal_list_header(ln) or _is_table_caption(ln):
            break
        parts.append(ln.chunks[0])
        j += 1
    return "\n".join(parts), j


def _is_title(chunks: list[str]) -> bool:
    """A table title printed apart from its number ("表11   部门整体支出绩效目标表")."""
    return len(chunks) <= 3 and bool(_TITLE.match(key(chunks[0])))


def _holds_values(lines: list[PageLine]) -> bool:
    """Some line has three cells, or a 指标值 or a basis beside another cell: the lines can be a table's
    rows (a title or running text at the top of the next page cannot)."""
    return any(len(ln.chunks) >= 3 or len(ln.chunks) == 2 and (value_score(ln.chunks[1]) >= 0.7 or basis_of(ln.chunks[1]))
               for ln in lines)


def _opens_page(lines: list[PageLine], i: int) -> bool:
    """Nothing but blank lines stands before line index i on its page."""
    k = i - 1
    while k >= 0 and lines[k].page == lines[i].page:
        if not lines[k].blank:
            return False
        k -= 1
    return True


def _at_page_end(lines: list[PageLine], i: int) -> bool:
    """True when nothing but blank lines stands between line index i and the next page."""
    page = lines[i - 1].page if i else 1
    for ln in lines[i:]:
        if ln.page != page:
            return True
        if not ln.blank:
            return False
    return False
