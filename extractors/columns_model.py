"""A table's columns on one page (``ColumnModel``: header texts and the boundaries between them) and
where a body line's words fall in them (``fragments``): pieces moved by content where the converter's
text columns drift from the header's, and for lines the converter squeezed."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from .columns import is_year_head, role_of
from .columns_header import header_columns
from .columns_lines import PLACEHOLDERS, PageLine, SHIFT, is_number, is_sign, line_chunks
from .text import key
from .values import is_unit
from .vocab import basis_of, is_basis_prefix, is_label_prefix, label_of


@dataclass
class ColumnModel:
    """Columns of a table on one page: header texts and the boundaries between them (text columns)."""

    headers: list[str]
    bounds: list[float]
    centres: list[float] | None = None  # where each column's body words stand, 0..1 (see ``places``)
    sample: tuple = field(default=((), ()), repr=False, compare=False)  # the (body, header) they stand in
    # a body's fragments in these columns, once computed: (first line number, line count) → fragments
    cache: dict[tuple[int, int], list[Fragment]] = field(default_factory=dict, repr=False, compare=False)
    ordered: bool | None = field(default=None, init=False, repr=False, compare=False)  # bounds in order, once known

    def column_of(self, x: float) -> int:
        """The column a word starting at text column x belongs to: the first whose boundary lies right of x."""
        k = 0
        while k < len(self.bounds) and x >= self.bounds[k]:
            k += 1
        return k

    def columns_of(self, xs: list[int]) -> list[int]:
        """``column_of`` of each x; by bisection where the boundaries are in order (they are but for a
        boundary set by hand), which gives the same column."""
        bounds = self.bounds
        if self.ordered is None:
            self.ordered = all(a <= b for a, b in zip(bounds, bounds[1:]))
        if self.ordered:
            return [bisect_right(bounds, x) for x in xs]
        return [self.column_of(x) for x in xs]

    def places(self) -> list[float]:
        """Where each column's body words stand across the body, 0 at its left edge and 1 at its right
        (see ``relative_centres``); computed when first asked, for a part that goes on on the next page."""
        if self.centres is None:
            self.centres = relative_centres(self, *self.sample)
        return self.centres

    @property
    def roles(self) -> list[str | None]:
        return [role_of(h) for h in self.headers]

    @property
    def kinds(self) -> list[str | None]:
        """Each column's role as a content kind (see ``column_kind``)."""
        return [column_kind(h) for h in self.headers]


@lru_cache(maxsize=1 << 10)
def column_kind(header: str) -> str | None:
    """The kind of content a column's head promises: the value columns (前年, 上年, 指标值, and those headed
    by a year: 2024年实际完成, 2025年预计, whose role the document's fiscal year tells) are one kind
    ("value"); other columns their role (cmp, unit, basis, name …), None for a note column."""
    r = role_of(header)
    if r in ("prev2", "prev1", "target") or (r is None and is_year_head(header)):
        return "value"
    return r


@lru_cache(maxsize=1 << 14)
def content_role(word: str) -> str | None:
    """The role a lone word's content shows: a sign (≥, 定性), a unit (%, 万元), a basis type (计划标准, or its
    start wrapped in a narrow column: 计划标) or a
    number or placeholder (-)."""
    if is_sign(word):
        return "cmp"
    if is_unit(word):
        return "unit"
    if basis_of(word) is not None or is_basis_prefix(word):
        return "basis"
    return "value" if is_number(word) or word in PLACEHOLDERS else None


def relative_centres(model: ColumnModel, body: list[PageLine], hdr: list[PageLine] = ()) -> list[float]:
    """Where each column's words stand across the body (0 at its left edge, 1 at its right); a part
    whose body is empty (its header ends a page) takes the header cells' places instead."""
    words = [w for ln in body for w in ln.words]
    if not words:
        cols = header_columns(list(hdr))
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
        pieces, cols, _ = _line_columns(model, kinds, ln)
        for (start, text, _), k in zip(pieces, cols):
            sums[k][0] += start + len(text) / 2
            sums[k][1] += 1
    return [((s / n) - left) / span if n else -1.0 for s, n in sums]


@dataclass(slots=True)
class Fragment:
    """The words of one line that fall in one column."""

    # the line's place in the table's body: its number in the file, except that the parts of a table cut
    # by page breaks are numbered on from the part before (see ``_joined_fragments``)
    line: int
    col: int
    text: str
    no: int = 0  # the line's number in the file
    page: int | None = None


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
    moved: list[tuple[int, int, int]] = []  # (start, column by place, column) of pieces the line before moved
    above: list[tuple[int, str, int]] = []  # (start, text, column) of the line before's pieces
    prev_no = None
    for ln in body:
        pieces, cols, placed = _line_columns(model, kinds, ln, edges)
        if prev_no is not None and ln.no == prev_no + 1:
            cols = _under_moved(pieces, placed, cols, moved)
            cols = _units_under_values(kinds, pieces, placed, cols, above)
        # pieces moved into a column of a role (计划标 into the basis column; not a serial number into 序号)
        moved = [(start, p, c) for (start, _, _), p, c in zip(pieces, placed, cols) if p != c and kinds[c] is not None]
        above = [(start, text, c) for (start, text, _), c in zip(pieces, cols)]
        prev_no = ln.no
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


WRAP_SHIFT = 2  # text columns: how far a cell's wrapped line may start from its first line


def _under_moved(pieces: list[tuple[int, str, bool]], placed: list[int], cols: list[int],
                 moved: list[tuple[int, int, int]]) -> list[int]:
    """A line's pieces of no kind of their own (准, the end of 计划标 | 准) right under a piece that the line
    before moved by content out of the column they stand in (the body drifted right of the header): they are
    that cell's wrapped text and go with it, where the line's order allows."""
    out = cols[:]
    for i, ((start, text, _), p) in enumerate(zip(pieces, placed)):
        if out[i] != p or content_role(text.replace(" ", "")) is not None:
            continue
        to = next((c for s, q, c in moved if q == p and abs(s - start) <= WRAP_SHIFT), None)
        if to is not None and (i == 0 or out[i - 1] <= to) and (i + 1 == len(out) or to <= out[i + 1]):
            out[i] = to
    return out


def _units_under_values(kinds: list[str | None], pieces: list[tuple[int, str, bool]], placed: list[int],
                        cols: list[int], above: list[tuple[int, str, int]]) -> list[int]:
    """A unit that content moved to the unit column though it stands right under a number of a value column
    (≤339.54 | 万元 in 2023年实际 wrapped in a narrow column): the number's wrapped unit, left in its column."""
    out = cols[:]
    for i, ((start, text, _), p) in enumerate(zip(pieces, placed)):
        if out[i] == p or kinds[p] != "value" or content_role(text.replace(" ", "")) != "unit":
            continue
        if any(c == p and abs(s - start) <= WRAP_SHIFT and t[-1:].isdigit() for s, t, c in above) and (
                i == 0 or out[i - 1] <= p) and (i + 1 == len(out) or p <= out[i + 1]):
            out[i] = p
    return out


def _line_columns(model: ColumnModel, kinds: list[str | None], ln: PageLine,
                  edges: frozenset[int] = frozenset()) -> tuple[list[tuple[int, str, bool]], list[int], list[int]]:
    """A body line's pieces (start, text, inner: one space after the piece before), the column of each,
    moved by content and for squeezed lines (see ``fragments``), and the column each stands in."""
    pieces = [(start, text, k > 0) for chunk in _pieces(ln, edges) for k, (start, text) in enumerate(chunk)]
    starts = [start for start, _, _ in pieces]
    placed = model.columns_of(starts)
    texts = [text for _, text, _ in pieces]
    cols = _by_content(kinds, texts, placed)
    cols = _squeezed_columns(model, starts, [inner for _, _, inner in pieces], cols)
    return pieces, _label_before_name(kinds, texts, cols), placed


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
    if len(set(cols)) < 2 or _name_wrap_beside_notes(kinds, texts, cols):
        return cols  # 只有一格的行是折行的续文（…率达 | 100%），不按内容挪
    present = set(kinds)
    got = [content_role(t.replace(" ", "")) for t in texts]
    got = [g if g in present else None for g in got]
    if not any(misplaced(g, kinds[c]) for g, c in zip(got, cols)) and not any(
            got[i] is not None and got[i - 1] is not None and cols[i] == cols[i - 1] for i in range(1, len(cols))):
        return cols  # every piece fits its column, and no column holds two values
    n = len(kinds)
    inf = float("inf")
    best = [[inf] * n for _ in cols]
    back = [[0] * n for _ in cols]
    for i, (g, c0) in enumerate(zip(got, cols)):
        for c in range(n):
            here = abs(c - c0) + (MISFIT if misplaced(g, kinds[c]) else 0.0)
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


def _name_wrap_beside_notes(kinds: list[str | None], texts: list[str], cols: list[int]) -> bool:
    """A line whose one piece in a column of a role is in the 三级指标 column, the rest text in note columns
    (指标解释, 评分标准): the name's wrapped end (…依规“上云”率 | 达100%) beside the notes' wrapped text, as a
    line of the name column alone would be, not a value drifted left."""
    roled = [c for c in cols if kinds[c] is not None]
    return (len(roled) == 1 and kinds[roled[0]] == "name"
            and not any(kinds[c] is None and is_number(t) for t, c in zip(texts, cols)))


def misplaced(content: str | None, column: str | None) -> bool:
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
