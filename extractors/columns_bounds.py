"""Where a table's column boundaries lie: between the header cells, in the body's gaps
(``column_model``); for a part without a header (the table going on at the top of the next page), this
page's word bands matched in order and by content to the columns of the part before
(``continuation_model``)."""
from __future__ import annotations

from collections.abc import Callable
from itertools import accumulate

from .columns_header import header_columns
from .columns_lines import Chunk, PageLine, SHIFT, is_number, is_sign, line_chunks
from .columns_model import ColumnModel, column_kind, content_role, fragments, misplaced, relative_centres
from .text import is_cjk, key
from .values import is_unit, value_score
from .vocab import basis_of, is_basis_prefix, is_label_prefix, label_of


def _label_level(text: str) -> str | None:
    """The level of the framework label a cell's text is (level1, level2), or None."""
    lab = label_of(text)
    if lab is None:
        return None
    return "level2" if lab.level2 is not None and lab.level1 is None else "level1" if lab.level1 is not None else None


def gap_between(chunks: list[Chunk], lo: float, hi: float, numbers: set[int] = frozenset(),
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
        start, end, inner = c.start, c.end, c.inner
        if end <= a or start >= b:  # wholly left or right of the gap (its inner words lie inside it)
            continue
        lo_x, hi_x = max(start + 1, a), min(end, b)
        if lo_x < hi_x:
            change[lo_x - a] += 1
            change[hi_x - a] -= 1
            # a chunk whose inner word starts just left of x can be cut there (see ``fragments``)
            if inner:
                for x in {x for i in inner for x in range(max(i, lo_x), min(i + SHIFT + 1, hi_x))}:
                    change[x - a] -= 1
                    change[x - a + 1] += 1
        for x in inner:
            if a <= x < b:
                starts[x - a] += 1
        if a <= start < b:
            # a chunk centred near the left header is that column's (a short centred value)
            i = id(c)
            near = 1.0 if i in left_values else -1.0 if i in right_labels else 0.5 if i in numbers else 0.3
            if (start + end) / 2 - lo > near * (hi - lo):
                starts[start - a] += 1
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
    cols = header_columns(hdr)
    per_line = [(ln, line_chunks(ln)) for ln in body]
    chunks = [c for _, cs in per_line for c in cs]
    numbers = {id(c) for ln, cs in per_line for c in cs if not c.inner and is_number(ln.raw[c.start:c.end])}
    values = {id(c) for ln, cs in per_line for c in cs if not c.inner and value_score(ln.raw[c.start:c.end]) >= 0.7}
    kinds = [column_kind(t) for _, t in cols]
    labels: dict[str, set[int]] = {}  # the chunks that are framework labels, by level
    for ln, cs in per_line:
        for c in cs:
            if not c.inner and (level := _label_level(ln.raw[c.start:c.end])) is not None:
                labels.setdefault(level, set()).add(id(c))
    none: frozenset[int] = frozenset()
    # a label of the left column's level (产出指标 right of a narrow 一级指标 head, 二级 to its right) is the
    # left column's wherever it stands, as one of the right column's level is the right one's
    bounds = [gap_between(chunks, cols[k][0], cols[k + 1][0], numbers,
                           (values if kinds[k] == "value" and kinds[k + 1] not in ("value", "cmp", "unit") else none)
                           | (labels.get(kinds[k], none) if kinds[k] != kinds[k + 1] else none),
                           labels.get(kinds[k + 1], none) if kinds[k + 1] != kinds[k] else none)
              for k in range(len(cols) - 1)]
    model = ColumnModel([t for _, t in cols], bounds, sample=(body, hdr))
    misfits = _misfits(model, body)
    if misfits >= DRIFT:
        # 表头位置与正文列对不齐（转换器按行估算字宽）：改用正文自身的列带，按次序与内容配给表头
        by_head = ColumnModel(model.headers, bounds, relative_centres(model, [], hdr))
        banded = continuation_model(by_head, body)
        if _misfits(banded, body) < misfits:
            return banded
    return model


def _misfits(model: ColumnModel, body: list[PageLine]) -> int:
    """How many body words stand in a column of another role than their content shows, where the table
    has a column of that role (a unit in the basis column, a sign in the name column, a basis type in a
    note column; see ``misplaced``)."""
    kinds = model.kinds
    present = set(kinds)
    frs = fragments(model, body)
    # every row fills 指标值: where its column holds nothing, values under a note head or another value
    # column's head (前年, 2024年完成值) stand out of place
    roles = model.roles
    no_target = "target" in roles and not any(roles[f.col] == "target" for f in frs)
    out = 0
    for f in frs:
        r = kinds[f.col]
        if no_target and (r is None or r == "value") and value_score(f.text.replace(" ", "")) >= 0.7:
            out += 1
            continue
        for w in f.text.split(" "):
            kind = content_role(w)
            if kind in present and misplaced(kind, r):
                out += 1
    return out


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
                       ("cmp", is_sign),
                       ("unit", is_unit),
                       ("value", lambda t: value_score(t) >= 0.7),
                       ("label", _is_label_piece),
                       ("text", _is_running_text)):
        if sum(1 for t in texts if test(t)) >= 0.6 * len(texts):
            return _label_level_of(texts) if role == "label" else role
    return None


def _label_level_of(texts: list[str]) -> str:
    """The level of a band of framework labels, some wrapped in a narrow column (质量指标 | 社会效益指 | 标):
    that of its whole labels where they are all of one level, else "label" (either level)."""
    levels = {"level1" if lab.level1 is not None else "level2" for t in texts if (lab := label_of(t)) is not None}
    return levels.pop() if len(levels) == 1 else "label"


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
