"""A table's header in column-aligned text: which lines hold it (``header_span``: the line naming the
columns, group heads over it, sub-heads and the wrapped ends of heads under it) and its leaf cells rebuilt
from where the pieces of those lines stand (``_header_columns``: wrapped heads, years printed apart from
their heads, group heads dropped)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from .captions import caption_of
from .columns import BARE_YEAR, INDICATOR_ROLES, NOTE_HEADS, VALUE_ROLES, is_header_row, is_year_head, is_year_head_rest, role_of
from .columns_lines import PLACEHOLDERS, PageLine, SHIFT, UNSET, WORD, is_number, is_sign, line_chunks, next_nonblank
from .text import is_cjk, key
from .vocab import basis_of, is_basis_prefix


def over_header_line(lines: list[PageLine], i: int) -> bool:
    """Line i holds the first parts of heads wrapped over lines (一级指 | 计算 | 度量) over the line naming a
    table's columns, the next non-blank one on its page, or starts a header of several lines (指 | 计 over
    heads stacked a character a line): a header's first line, not a running head."""
    k = next((k for k in range(i + 1, min(i + 1 + 2 * ABOVE, len(lines))) if not lines[k].blank), None)
    return (k is not None and lines[k].page == lines[i].page and is_header_line(lines[k])
            and _header_above(lines, i, k)) or _header_span(lines, i) is not None


_HEAD_WORDS = ("指标值", "绩效指标")  # 表头里可作分组的词（其下或有 前年 | 上年 | 当年 等子列）


class HeadPiece(NamedTuple):
    """A header cell's text on one line: its text columns [start, end)."""

    start: int
    end: int
    text: str


_new_tuple = tuple.__new__  # a HeadPiece made without the Python-level NamedTuple.__new__ (made for every line)


def header_pieces(ln: PageLine) -> list[HeadPiece]:
    """The line's pieces: its chunks, cut where an inner word starts (a converter may leave one space
    between two header cells: "一级指标 二级指标"). Computed once a line."""
    cached = ln.head_pieces
    if cached is not None:
        return cached
    out = []
    raw = ln.raw
    for c in line_chunks(ln):
        cuts = [c.start, *c.inner, c.end + 1]
        for x, y in zip(cuts, cuts[1:]):
            text = raw[x:y - 1].strip()
            piece = _new_tuple(HeadPiece, (x, x + len(text), text))
            if " " in text:
                out.extend(_split_heads(piece))
            else:
                out.append(piece)  # one word: as _split_heads leaves it
    out = _years_joined(out, YEAR_GAP)
    ln.head_pieces = out
    return out




YEAR_GAP = 4  # the most spaces between a year and the rest of its head on one line (2024   年预计完成)


def _years_joined(cells: list[HeadPiece], near: int | None = None) -> list[HeadPiece]:
    """Header cells (start, end, text) left to right, a bare year joined with the cell right of it that
    reads as the rest of its year head (2024 | 年实际完成). ``near``: pieces of one line, joined where at most
    that many spaces apart (2024   年预计完成), or one apart whatever the rest (2024 年预计完: a head's first
    part); further apart they are two heads' parts (2024 under 年完成值 on the line above, 年预计值 over 2025
    on the line below). None: a header's leaf cells, the year printed apart or on a line of its own."""
    out: list[HeadPiece] = []
    for p in cells:
        if out and BARE_YEAR.match(out[-1].text) and p.text.startswith("年"):
            q = out[-1]
            gap = p.start - q.end
            if (near is not None and gap <= 1
                    or (near is None or gap <= near) and is_year_head(q.text + p.text)):
                out.pop()
                p = HeadPiece(min(p.start, q.start), max(p.end, q.end), q.text + p.text)
        out.append(p)
    return out


def _split_heads(p: HeadPiece) -> list[HeadPiece]:
    """A piece of words one space apart that are each a header word (前年 上年, 确定依据 分值) or a short
    Han word (the parts of heads wrapped in narrow columns: 2024年实 2025年预 计算): one piece a word, since
    header cells are one word; any other piece stays whole (≥ 95 %)."""
    if " " not in p.text:
        return [p]
    words = [(m.start(), m.group()) for m in WORD.finditer(p.text)]
    if len(words) < 2 or not (all(is_column_head(w) for _, w in words)
                              or all(len(w) <= WRAPPED_HEAD and any(is_cjk(c) for c in w) for _, w in words)):
        return [p]
    return [HeadPiece(p.start + x, p.start + x + len(w), w) for x, w in words]


@lru_cache(maxsize=1 << 14)  # asked of every piece of every line, several times
def _is_head_word(text: str) -> bool:
    return role_of(text) is not None or key(text) in _HEAD_WORDS or is_year_head(text)


SERIAL_HEADS = frozenset({"序号"})  # 表头的行序号列：无角色的上下文列


@lru_cache(maxsize=1 << 14)
def is_column_head(text: str) -> bool:
    """A header word, or the head of a column of no role (备注, 分值, 权重 …; 序号, a row's serial number)."""
    return _is_head_word(text) or key(text) in NOTE_HEADS or key(text) in SERIAL_HEADS


def _joins_head(text: str) -> bool:
    """Pieces joined over lines make a column's head: a header word or note head, or the rest of a year head
    whose year the converter printed apart (年预计完 | 成 beside or under 2025: 年预计完成)."""
    return is_column_head(text) or is_year_head_rest(text)


def _header_words(ln: PageLine) -> bool:
    """A line of header words only (指标值, 前年, 上年, 预计当年实现, …)."""
    pieces = header_pieces(ln)
    return bool(pieces) and all(_is_head_word(p.text) for p in pieces)


WRAPPED_HEAD = 8  # the longest part of a header cell wrapped over lines (指标值确定依 | 据)


def _completes(main: list[HeadPiece], p: HeadPiece, below: bool) -> bool:
    """Piece p (not itself a header word) is part of a header cell wrapped over lines, with a piece of
    ``main`` it stands under (``below``) or over: joined in line order, perhaps with the header line's
    piece between them, they read as a header word (指标性 | 质 → 指标性质, 计算符 | 号); or p is the rest of
    a year head beside its year (年目标值 over 2026)."""
    if _year_beside(main, p):
        return True
    over = [m for m in main if p.start < m.end and m.start < p.end]
    if not over or _is_head_word(p.text) or len(p.text) > WRAPPED_HEAD:
        return False
    for m in over:
        joined = m.text + p.text if below else p.text + m.text
        if _joins_head(joined):
            return True
    return False


def _year_beside(others: list[HeadPiece], p: HeadPiece) -> bool:
    """Piece p is the rest of a year head (年目标值) whose bare year a converter printed on the line over or
    under it, a few columns left of it or under its start (2026 by 年目标值): one head with it."""
    return p.text.startswith("年") and any(
        BARE_YEAR.match(m.text) and m.start <= p.start and p.start - m.end <= SHIFT and is_year_head(m.text + p.text)
        for m in others)


def _header_tail(lines: list[PageLine], j: int, k: int, i: int) -> bool:
    """Line k under header line j (whose header starts at line i) belongs to the header: 前年 | 上年 | 当年
    sub-heads, or the wrapped ends of header cells (质, 位 under 指标性, 度量单; 号 under 计算符 above the
    header line), or parts of heads stacked a character or two a line (see ``_stacked``)."""
    main, ln = lines[j], lines[k]
    pieces = header_pieces(ln)
    if pieces and _paired_in_order(header_pieces(main), pieces) is not None:
        return True
    mains = header_pieces(main) + [p for x in lines[i:j] for p in header_pieces(x)]
    return bool(pieces) and all(is_column_head(p.text) or _completes(mains, p, True) or _stacked(lines, k, p)
                                for p in pieces)


STACK = 6  # the most lines over or under a piece that a head stacked down a narrow column spans


def _stacked(lines: list[PageLine], r: int, p: HeadPiece) -> bool:
    """Piece p of line r is part of a head printed a character or two a line down a narrow column (序 | 号,
    指 | 标 | 性 | 质, 计 | 量 | 单 | 位), between the lines of the other heads that wrap less: the pieces in
    line with it on the lines of header cells over and under it (the nearest run of them, with p) joined
    in line order read as a header word. A line of several pieces in line with it ends the run, and so
    does a basis type or its start (历史标 under 确定依 | 据: the body's first cell)."""
    if _body_word(p.text):
        return False
    up = _stack_column(lines, r, p, -1)
    down = _stack_column(lines, r, p, 1)
    column = [*reversed(up), p.text, *down]
    at = len(up)
    for a in range(at + 1):
        for b in range(max(at, a + 1), len(column)):
            if _joins_head("".join(column[a:b + 1])):
                return True
    return False


def _stack_column(lines: list[PageLine], r: int, p: HeadPiece, step: int) -> list[str]:
    """The texts in line with piece p of line r on the lines of header cells (short pieces, no values) next
    to it going ``step`` (up -1, down 1), nearest first, up to the first line of several in line with p."""
    out: list[str] = []
    k = r
    for _ in range(STACK):
        k += step
        if not 0 <= k < len(lines) or lines[k].page != lines[r].page:
            break
        pieces = header_pieces(lines[k])
        if not pieces or not all(is_column_head(q.text) or len(q.text) <= WRAPPED_HEAD and not _is_value_word(q.text)
                                 for q in pieces):
            break
        over = [q.text for q in pieces if _overlaps(p, q)]
        if not over:  # a converter may shift a line by a column: the piece just beside p that reads as a
            # head with it (备 | 注, 注 between 指标来 and 备)
            near = [q.text for q in pieces if _overlaps(p, q, 1) and _joins_head(p.text + q.text if step > 0 else q.text + p.text)]
            over = near if len(near) == 1 else []
        if len(over) > 1 or any(_body_word(t) for t in over):
            break
        out.extend(over)
    return out


def _body_word(text: str) -> bool:
    """A basis type or its start wrapped in a narrow column (计划标准, 历史标): a body cell, no head's part."""
    return basis_of(text) is not None or is_basis_prefix(text)


def _paired_in_order(mains: list[HeadPiece], tail: list[HeadPiece], below: bool = True) -> dict[int, int] | None:
    """The header line's pieces that the pieces of the line under (``below``) or over it complete in order,
    one each (计算符 中长期指标 计量单 前 上 over 号 值 位 年 年: a converter that squeezes a line may shift the
    next one by a column or two, so that overlap alone pairs them wrong): {index in tail: index in mains}
    for the pieces of no header word (a group head beside them stays apart); None unless each pair makes a
    header word that the header line's piece alone is not."""
    parts = [i for i, p in enumerate(tail) if not is_column_head(p.text)]
    n = len(parts)
    for k0 in range(len(mains) - n + 1):
        if not parts or abs(mains[k0].start - tail[parts[0]].start) > SHIFT:
            continue
        pairs = dict(zip(parts, range(k0, k0 + n)))
        if all(not is_column_head(mains[k].text)
               and _joins_head(mains[k].text + tail[i].text if below else tail[i].text + mains[k].text)
               for i, k in pairs.items()):
            return pairs
    return _paired_nearby(mains, tail, parts, below) if parts else None


def _paired_nearby(mains: list[HeadPiece], tail: list[HeadPiece], parts: list[int], below: bool) -> dict[int, int] | None:
    """The tail pieces ``parts`` paired in order with header line pieces each starts under or near (within SHIFT),
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
            # under the header piece, or starting near it (a head whose year stands apart: 2024   年完成 over 值)
            d = 0 if mp.start <= t.start < mp.end else abs(mp.start - t.start)
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
    if ln.header is UNSET:
        ln.header = _header_span(lines, i)
    return ln.header


def is_header_line(ln: PageLine) -> bool:
    """The line names a table's columns (一级指标 | 二级指标 | …). Computed once a line."""
    known = ln.names_columns
    if known is None:
        pieces = header_pieces(ln)
        known = (is_header_row(ln.chunks) or len(pieces) > len(ln.chunks) and is_header_row([p.text for p in pieces])
                 or _names_wrapped_heads(pieces))
        ln.names_columns = known
    return known


# the first part of an indicator head wrapped in a narrow column (一级指 over 标), which names its column alone
_WRAPPED_LEVEL = re.compile(r"^([一二三])级指$")


def _names_wrapped_heads(pieces: list[HeadPiece]) -> bool:
    """A line naming the columns through the first parts of wrapped indicator heads beside a value or basis
    head (一级指 | 二级指 | 指标值 or 前年 | 上年, their 标 on a line below): read as the whole heads, the line is a header row.
    Without a value or basis head beside them (序 | 一级 | 二级指 over 三级指标 | 指标值) the line naming the
    columns is another one."""
    if not any(_WRAPPED_LEVEL.match(p.text) for p in pieces):
        return False
    texts = [_WRAPPED_LEVEL.sub(r"\1级指标", p.text) for p in pieces]
    return any(role_of(t) in VALUE_ROLES or role_of(t) == "basis" for t in texts) and is_header_row(texts)


ABOVE = 3  # the most lines of header cells above the header line (group heads, a two-row header, wrapped heads)


def _header_span(lines: list[PageLine], i: int) -> tuple[int, int] | None:
    j = i
    for _ in range(ABOVE):
        if is_header_line(lines[j]):
            break
        pieces = header_pieces(lines[j])
        if not all(is_column_head(p.text) or len(p.text) <= WRAPPED_HEAD and not _is_value_word(p.text) for p in pieces):
            return None  # body text (long words, values): no line of header cells
        if len(pieces) == 1 and _is_caption(pieces[0].text):
            return None  # a table's caption over its header (当年绩效目标表): no header cell
        if j == i and not _header_line_near(lines, i):
            return None
        # a line of header cells above the header line: 指标值 over 前年 | 上年, 绩效指标 over 一级 | 二级 | 三级,
        # the cells of a two-row header centred between its rows, the first lines of wrapped heads (计算符 | 号)
        k = next_nonblank(lines, j)
        if k is None or lines[k].page != lines[i].page or k - j > 2 or not _header_above(lines, j, k):
            return None
        j = k
    if not is_header_line(lines[j]):
        return None
    # a line of group heads that reads as a header (目标 | 绩效指标 | 指标值) over the line naming the
    # columns (一级 | 二级 | 三级指标): the header line is the lower one, perhaps under a line of wrapped heads'
    # parts between them (2024 | 2026 | 年指 | 计量 under 年实际 | 2025年预计 | 指标)
    k = _lower_header_line(lines, j)
    while k is not None:
        j, k = k, _lower_header_line(lines, k)
    last = j
    for _ in range(3):  # sub-heads and wrapped ends of header cells, on up to three lines below
        k = next_nonblank(lines, last)
        if k is None or k - last > 2 or lines[k].page != lines[j].page or not _header_tail(lines, j, k, i):
            break
        last = k
    return i, last


def _is_caption(text: str) -> bool:
    """A table's caption alone, naming its horizon and no statement (当年绩效目标表, 长期绩效指标)."""
    cap = caption_of(key(text))
    return cap is not None and cap.horizon is not None and cap.text is None


def _lower_header_line(lines: list[PageLine], j: int) -> int | None:
    """The line naming more of 一级 | 二级 | 三级指标 than header line j, right under it or under one line of
    header cells only (short pieces, no values) between them; None when there is none."""
    named = _named(header_pieces(lines[j]))
    k = next_nonblank(lines, j)
    for step in range(2):
        if k is None or k - j > 2 * (step + 1) or lines[k].page != lines[j].page:
            return None
        if is_header_line(lines[k]):
            return k if _named(header_pieces(lines[k])) > named else None
        if step or not all(is_column_head(p.text) or len(p.text) <= WRAPPED_HEAD and not _is_value_word(p.text)
                           for p in header_pieces(lines[k])):
            return None
        k = next_nonblank(lines, k)
    return None


def _is_value_word(text: str) -> bool:
    """A body cell's word no header holds: a number, a sign or a placeholder (a year alone is a header word)."""
    return is_number(text) or is_sign(text) or text in PLACEHOLDERS


def _header_line_near(lines: list[PageLine], i: int) -> bool:
    """A header line stands within ABOVE non-blank lines below line i, on its page."""
    k = i
    for _ in range(ABOVE):
        k = next_nonblank(lines, k)
        if k is None or k - i > 2 * ABOVE or lines[k].page != lines[i].page:
            return False
        if is_header_line(lines[k]):
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
    return all(is_column_head(p.text) or _completes(below, p, False) or _stacked(lines, j, p) for p in pieces)


def _overlaps(a: HeadPiece, b: HeadPiece, slack: int = 0) -> bool:
    return a.start < b.end + slack and b.start < a.end + slack


def _wrapped_heads(ps: list[tuple[int, HeadPiece]]) -> list[tuple[int, HeadPiece]]:
    """Pieces of header lines (line index, piece) between two of the header line's pieces, a head wrapped
    over lines joined into one (计算符 over 号 → 计算符号, 计算 over 符号, 预计当年 over 实现): overlapping pieces
    that together make a header word, or that are none alone."""
    out: list[tuple[int, HeadPiece]] = []
    for r, p in sorted(ps, key=lambda x: x[0]):
        k = next((k for k, (q_r, q) in enumerate(out) if q_r < r and _overlaps(p, q) and (
            is_column_head(q.text + p.text) or not (is_column_head(q.text) or is_column_head(p.text)))), None)
        if k is None:  # a line shifted by a column: a piece just beside p that makes a head with it (备 | 注)
            k = next((k for k, (q_r, q) in enumerate(out) if q_r < r and _overlaps(p, q, 1)
                      and is_column_head(q.text + p.text) and not is_column_head(q.text)), None)
        if k is None:
            out.append((r, p))
        else:
            q_r, q = out[k]
            out[k] = (q_r, HeadPiece(min(p.start, q.start), max(p.end, q.end), q.text + p.text))
    return out


def _part_of(p: HeadPiece, r: int, leaf: HeadPiece, main: int) -> bool:
    """Header word p of line r is the first or last part of the header line's piece it stands over or under,
    which is no header word alone (2023年实际 over 完成)."""
    if is_column_head(leaf.text):
        return False
    return is_column_head(p.text + leaf.text if r < main else leaf.text + p.text)


def _year_of(p: HeadPiece, leaf: HeadPiece) -> bool:
    """Piece p is the bare year of the header line's piece it stands over or under, the rest of a year
    head (2025 on a line of its own by 年预计完)."""
    return bool(BARE_YEAR.match(p.text)) and leaf.text.startswith("年") and not is_column_head(leaf.text)


GROUP_HEADS = frozenset({"绩效指标"})  # a name column's head that more often heads the group of the indicator levels


def _named(pieces: list[HeadPiece], besides: frozenset[str] = frozenset()) -> int:
    """How many of 一级 | 二级 | 三级指标 the pieces name: the header line of a two-row header names them all,
    the line of its group heads (绩效指标 over them, 指标值 | 确定依据 beside) at most one. Pieces whose text is
    in ``besides`` are not counted (between two lines naming as many, the one that names them without
    绩效指标 is the header line: 一级指标 | 绩效指标 over 二级指标 | 三级指标)."""
    return len({role_of(p.text) for p in pieces if key(p.text) not in besides} & set(INDICATOR_ROLES))


def _spans_line(p: HeadPiece, per_line: dict[int, list[tuple[int, HeadPiece]]], r: int) -> bool:
    """Piece p of line r stands over the run of pieces of another line with several (指标值 over 前年 | 上年
    | 预计当年实现), not beside it (指标来源 right of 前年 | 上年 | 目标值 in a two-row header)."""
    return any(len(v) >= 2 and v[0][1].start <= p.end and p.start <= v[-1][1].end
               for q, v in per_line.items() if q != r)


def header_columns(hdr: list[PageLine]) -> list[tuple[float, str]]:
    """(centre, text) of the header's leaf cells, rebuilt from where the header lines' pieces stand.

    The header line (the one naming the columns, with the most pieces) gives the first leaves. A piece of
    another line that is no header word and overlaps one leaf is that leaf's wrapped text (指标性 + 质). A
    header word over several leaves, or over one leaf from above, is a group head (当年指标值 over
    指标性质 | 指标值 | 度量单位): dropped; one under a leaf makes that leaf the group. Pieces between the
    header line's pieces are leaves, except a lone piece over two or more of another line (指标值 over
    前年 | 上年 | 预计当年实现)."""
    rows = [header_pieces(ln) for ln in hdr]
    main = max(range(len(rows)), key=lambda r: (is_header_row([p.text for p in rows[r]]), _named(rows[r]),
                                                 _named(rows[r], GROUP_HEADS), len(rows[r])))
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
            # a head's first part over two leaves, which only one of them completes (2025年预计 over 完成 |
            # 性质, 性质 being 指标's): that leaf's; a head of a role alone (当年指标值) is a group head
            parts = [k for k in over if k not in pairs.values() and _part_of(p, r, rows[main][k], main)]
            if len(over) > 1 and len(parts) == 1 and role_of(p.text) is None:
                leaves[parts[0]].append((r, p))
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
            if (widest >= 2 and len(v) == 1 and _is_head_word(v[0][1].text) and not BARE_YEAR.match(v[0][1].text)
                    and _spans_line(v[0][1], per_line, r)):
                continue  # a group head over the line with several pieces (a bare year heads no group)
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
        out.append((lo, hi, _year_first([p.text for _, p in cell])))
    return [((lo + hi) / 2, text) for lo, hi, text in _years_joined([HeadPiece(*c) for c in sorted(out)])]


def _year_first(texts: list[str]) -> str:
    """A header cell's text from its pieces in line order, its bare year read first where the converter
    printed it on a line under the head's start (年实际 | 2024 | 完成 → 2024年实际完成)."""
    years = [k for k, t in enumerate(texts) if BARE_YEAR.match(t)]
    if len(texts) > 1 and len(years) == 1:
        rest = "".join(t for k, t in enumerate(texts) if k != years[0])
        if rest.startswith("年") and is_year_head(texts[years[0]] + rest):
            return texts[years[0]] + rest
    return "".join(texts)
