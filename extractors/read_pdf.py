"""PDF reader: ruled tables → a cell grid, with page and cell box as provenance (pdfplumber, MIT).

The cells are rebuilt from the rules themselves rather than from pdfplumber's cell finder, because a
merged cell cut by a page break has no rule on its open side and would be lost:
1. ``page_rules``: the page's edges as horizontal and vertical rules;
2. ``rules_to_tables``: rules that touch (within a tight tolerance) form one table;
3. ``table_units``: the table's column and row boundaries; a unit merges with its neighbour where no rule
   separates them, which gives each cell its row and column span;
4. words go to the cell under their centre, or, where a cell's last line runs over the table's bottom rule
   (it starts inside the frame), to the last row's cell it starts in; words outside every table are text
   lines;
5. ``join_pages``: a table that goes on at the top of the next page (same column boundaries, nothing but
   its own overflowing labels or running heads above it; running feet are dropped, see running_lines)
   is appended to the table before, less the table's header if the page prints it again; a merged cell
   cut by the break becomes one cell again: open at the bottom of one page and at the top of the next (or
   under the repeated header), or closed by the printer's rules but with text that goes on (a label cut
   in two, the rest of a numbered goal); a row cut by the break with rules on both sides is one row again
   when the part under the break has no name or no target (see _rest_of_row), or when every text under
   the break goes on from a full line above and a value above has nothing under it (see _wrapped_on); a
   row under the break whose 一级/二级 cell prints a label other than the one above, whose 指标值 cell a
   measured value under one (and which prints more than that value), or whose 序号 cell the number after
   the one above, starts a row of its own
   (see _own_row_marks).
A line a printer let run over a cell's foot onto the next cell's text goes back up (give_back_overflow).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from .captions import goal_cell_number
from .columns import is_header_row, is_subheader_row, names_target_year, role_of
from .errors import InputError
from .glyphs import fix_glyphs
from .grid import Cell, Grid, Source, Table, Text
from .projects import is_form_label
from .running_lines import running_lines
from .settings import PdfSettings
from .text import PAGE_NUMBER_OR_BARE, key as text_key
from .values import is_quantitative, value_score
from .vocab import label_of

_MARGIN = 0.12  # page numbers are looked for in the top and bottom 12 % of a page
# a page numbered against the total: 第 3 页 共 3 页, 共3页 第3页, 3 / 3 (the whole line)
_PAGE_OF = re.compile(r"第\s*(\d+)\s*页\s*[,，/]?\s*共\s*(\d+)\s*页|共\s*(\d+)\s*页\s*[,，/]?\s*第\s*(\d+)\s*页|^(\d+)\s*/\s*(\d+)$")


@dataclass
class Rule:
    """A ruling line: ``pos`` is y for a horizontal rule and x for a vertical one; lo..hi its extent."""

    horizontal: bool
    pos: float
    lo: float
    hi: float


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class PageTable:
    """A table found on one page: boundaries, cells as (row, col, rowspan, colspan) → words, open sides."""

    xs: list[float]
    ys: list[float]
    page: int
    units: dict[tuple[int, int], tuple[int, int, int, int]] = field(default_factory=dict)
    words: dict[tuple[int, int, int, int], list[Word]] = field(default_factory=dict)
    top_open: list[bool] = field(default_factory=list)
    bottom_open: list[bool] = field(default_factory=list)

    def locate(self, x: float, y: float) -> tuple[int, int] | None:
        """The unit (row, col) under a point, or None outside the table."""
        if not (self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]):
            return None
        c = min(bisect_right(self.xs, x) - 1, len(self.xs) - 2)
        r = min(bisect_right(self.ys, y) - 1, len(self.ys) - 2)
        return r, c


# a filled rectangle no thicker than this is a rule drawn as a bar (a reporting tool's border), not a box
BAR_THICKNESS = 2.0


def bar_rule(rect: dict) -> Rule | None:
    """A thin filled rectangle as one rule along its middle, or None for a box. Reporting tools draw each
    cell's borders as bars inside the cell, so two neighbours' bars lie side by side: their four edges
    would be four rules (phantom columns and rows), their middles are within a tolerance of each other."""
    w, h = float(rect["x1"]) - float(rect["x0"]), float(rect["bottom"]) - float(rect["top"])
    if not rect.get("fill") or min(w, h) > BAR_THICKNESS:
        return None
    if w >= h:
        return Rule(True, (float(rect["top"]) + float(rect["bottom"])) / 2, float(rect["x0"]), float(rect["x1"]))
    return Rule(False, (float(rect["x0"]) + float(rect["x1"])) / 2, float(rect["top"]), float(rect["bottom"]))


def page_edges_and_bars(page) -> tuple[list[dict], list[Rule]]:
    """The page's edges without those of bar rectangles, and the bars as rules (see bar_rule)."""
    bars: list[Rule] = []
    boxes = []
    for r in page.rects:
        b = bar_rule(r)
        if b is None:
            boxes.append(r)
        else:
            bars.append(b)
    if not bars:
        return page.edges, []
    from pdfplumber.utils import rect_to_edges

    edges = [e for e in page.edges if e.get("object_type") != "rect_edge"]
    for r in boxes:
        edges.extend(rect_to_edges(r))
    return edges, bars


def page_rules(edges: list[dict], tol: float, bars: list[Rule] | None = None) -> list[Rule]:
    """The page's edges (lines and rectangle sides) and bars as rules; specks shorter than 2 tolerances
    are dropped."""
    rules = [b for b in bars or [] if b.hi - b.lo >= 2 * tol]
    for e in edges:
        if e["orientation"] == "h":
            r = Rule(True, (e["top"] + e["bottom"]) / 2, min(e["x0"], e["x1"]), max(e["x0"], e["x1"]))
        else:
            r = Rule(False, (e["x0"] + e["x1"]) / 2, min(e["top"], e["bottom"]), max(e["top"], e["bottom"]))
        if r.hi - r.lo >= 2 * tol:
            rules.append(r)
    return rules


def _touch(a: Rule, b: Rule, tol: float) -> bool:
    if a.horizontal != b.horizontal:
        h, v = (a, b) if a.horizontal else (b, a)
        return h.lo - tol <= v.pos <= h.hi + tol and v.lo - tol <= h.pos <= v.hi + tol
    return abs(a.pos - b.pos) <= tol and a.lo - tol <= b.hi and b.lo - tol <= a.hi


def rules_to_tables(rules: list[Rule], settings: PdfSettings) -> list[list[Rule]]:
    """Group rules that touch into tables (union-find); groups with too few rules are not tables."""
    tol = settings.rule_tolerance
    parent = list(range(len(rules)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(range(len(rules)), key=lambda i: (rules[i].pos if not rules[i].horizontal else rules[i].lo))
    hs = [i for i in order if rules[i].horizontal]
    vs = [i for i in order if not rules[i].horizontal]
    for i in hs:
        h = rules[i]
        for j in vs:
            v = rules[j]
            if v.pos > h.hi + tol:
                break
            if _touch(h, v, tol):
                parent[find(i)] = find(j)
    for group in (hs, vs):
        by_pos = sorted(group, key=lambda i: (round(rules[i].pos / tol), rules[i].lo))
        for a, b in zip(by_pos, by_pos[1:]):
            if _touch(rules[a], rules[b], tol):
                parent[find(a)] = find(b)
    groups: dict[int, list[Rule]] = {}
    for i in range(len(rules)):
        groups.setdefault(find(i), []).append(rules[i])
    out = []
    for g in _bridged(list(groups.values()), tol):
        if sum(r.horizontal for r in g) >= settings.min_rules and sum(not r.horizontal for r in g) >= settings.min_rules:
            out.append(g)
    return out


def _extent(g: list[Rule]) -> tuple[float, float, float, float]:
    """A group's box: left, top, right, bottom."""
    xs = [r.pos for r in g if not r.horizontal] + [x for r in g if r.horizontal for x in (r.lo, r.hi)]
    ys = [r.pos for r in g if r.horizontal] + [y for r in g if not r.horizontal for y in (r.lo, r.hi)]
    return min(xs), min(ys), max(xs), max(ys)


def _full_edge(g: list[Rule], x: float, top: float, bottom: float, tol: float) -> bool:
    """Whether the group has vertical rules at x that run, without a gap, from top to bottom."""
    segs = sorted((r.lo, r.hi) for r in g if not r.horizontal and abs(r.pos - x) <= tol)
    reach = top + tol
    for lo, hi in segs:
        if lo > reach + tol:
            return False
        reach = max(reach, hi)
    return reach >= bottom - tol


def _bridged(groups: list[list[Rule]], tol: float) -> list[list[Rule]]:
    """Groups of rules side by side that make one table: a browser prints the columns of a merged cell
    that runs over the whole page part (a goal, a 一级 label) with no rule across them, so the columns
    left and right of it do not touch. Neighbours of the same height whose facing edges are vertical
    rules from top to bottom (a rail — a vertical rule alone — among them) are one table: the columns
    between them are merged cells."""
    if len(groups) < 2:
        return groups
    boxes = [_extent(g) for g in groups]
    order = sorted(range(len(groups)), key=lambda i: boxes[i][0])
    out: list[list[Rule]] = []
    run: list[int] = []

    def flush() -> None:
        if len(run) > 1 and any(any(r.horizontal for r in groups[i]) for i in run):
            out.append([r for i in run for r in groups[i]])
        else:
            out.extend(groups[i] for i in run)
        run.clear()

    rows_of = [_snap([r.pos for r in g if r.horizontal], tol) for g in groups]
    for i in order:
        if run:
            a, b = boxes[run[-1]], boxes[i]
            top, bottom = min(a[1], b[1]), max(a[3], b[3])
            ruled = [rows_of[j] for j in run if rows_of[j]]  # the nearest group with rows (a rail has none)
            joined = (abs(a[1] - b[1]) <= 2 * tol and abs(a[3] - b[3]) <= 2 * tol and b[0] >= a[2] - tol
                      and _full_edge(groups[run[-1]], a[2], top, bottom, 2 * tol) and _full_edge(groups[i], b[0], top, bottom, 2 * tol)
                      and (not ruled or not rows_of[i] or _rows_agree(ruled[-1], rows_of[i], 2 * tol)))
            if not joined:
                flush()
        run.append(i)
    flush()
    return out


def _rows_agree(a: list[float], b: list[float], tol: float) -> bool:
    """Two groups of rules divide the same rows: nearly every horizontal rule of the one with fewer is at a
    rule of the other (merged cells leave some out). Two separate tables of one height side by side divide
    their rows elsewhere."""
    few, many = (a, b) if len(a) <= len(b) else (b, a)
    hits = sum(any(abs(y - z) <= tol for z in many) for y in few)
    return hits >= 0.8 * len(few)


def _snap(values: list[float], tol: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def table_units(rules: list[Rule], page: int, settings: PdfSettings) -> PageTable | None:
    """Column and row boundaries of a table and its cells with their spans (where no rule separates two
    units they are one cell)."""
    tol = settings.rule_tolerance
    xs = _snap([r.pos for r in rules if not r.horizontal], tol)
    ys = _snap([r.pos for r in rules if r.horizontal] + [r.lo for r in rules if not r.horizontal]
               + [r.hi for r in rules if not r.horizontal], tol)
    if len(xs) < 2 or len(ys) < 2:
        return None
    nr, nc = len(ys) - 1, len(xs) - 1
    h_at: list[list[tuple[float, float]]] = [[] for _ in ys]
    v_at: list[list[tuple[float, float]]] = [[] for _ in xs]
    for r in rules:
        axis, at = (ys, h_at) if r.horizontal else (xs, v_at)
        k = min(range(len(axis)), key=lambda i: abs(axis[i] - r.pos))
        if abs(axis[k] - r.pos) <= tol:
            at[k].append((r.lo, r.hi))

    def covered(segs: list[tuple[float, float]], mid: float) -> bool:
        return any(lo - tol <= mid <= hi + tol for lo, hi in segs)

    xmid = [(xs[c] + xs[c + 1]) / 2 for c in range(nc)]
    ymid = [(ys[r] + ys[r + 1]) / 2 for r in range(nr)]
    parent = {(r, c): (r, c) for r in range(nr) for c in range(nc)}

    def find(u):
        while parent[u] != u:
            parent[u] = parent[parent[u]]
            u = parent[u]
        return u

    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not covered(v_at[c + 1], ymid[r]):
                parent[find((r, c))] = find((r, c + 1))
            if r + 1 < nr and not covered(h_at[r + 1], xmid[c]):
                parent[find((r, c))] = find((r + 1, c))
    boxes: dict[tuple[int, int], list[int]] = {}
    for (r, c) in parent:
        root = find((r, c))
        b = boxes.setdefault(root, [r, c, r, c])
        b[0], b[1], b[2], b[3] = min(b[0], r), min(b[1], c), max(b[2], r), max(b[3], c)
    t = PageTable(xs, ys, page)
    for (r, c) in parent:
        b = boxes[find((r, c))]
        t.units[(r, c)] = (b[0], b[1], b[2] - b[0] + 1, b[3] - b[1] + 1)
    t.top_open = [not covered(h_at[0], xmid[c]) for c in range(nc)]
    t.bottom_open = [not covered(h_at[nr], xmid[c]) for c in range(nc)]
    return t


def words_text(words: list[Word], settings: PdfSettings) -> str:
    """The text of some words: lines top to bottom joined by "\\n", words of a line left to right, with a
    space only where the gap is wider than a quarter of the font size."""
    lines = group_lines(words, settings)
    out = []
    for line in lines:
        s = ""
        prev = None
        for w in line:
            if prev is not None and w.x0 - prev.x1 > 0.25 * max(w.size, 1.0):
                s += " "
            s += w.text
            prev = w
        out.append(s)
    return "\n".join(out)


def group_lines(words: list[Word], settings: PdfSettings) -> list[list[Word]]:
    """Words grouped into text lines (by their vertical centre), each line sorted left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.cy, w.x0)):
        if lines and abs(lines[-1][0].cy - w.cy) <= settings.line_tolerance * max(w.size, 1.0):
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def _page_words(page) -> list[Word]:
    words = page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False, extra_attrs=["size"])
    return [Word(fix_glyphs(w["text"]), w["x0"], w["x1"], w["top"], w["bottom"], float(w.get("size") or 10)) for w in words]


@dataclass
class PageItems:
    """What one page holds, top to bottom: tables (PageTable) and free text lines (list of words)."""

    number: int
    height: float
    items: list[PageTable | list[Word]]
    words: list[Word] = field(default_factory=list)  # every word of the page (for a PDF without ruled tables)


def read_page(page, number: int, settings: PdfSettings) -> PageItems:
    """Tables and text lines of one page."""
    tables = []
    edges, bars = page_edges_and_bars(page)
    for group in rules_to_tables(page_rules(edges, settings.rule_tolerance, bars), settings):
        t = table_units(group, number, settings)
        if t is not None and len(t.xs) >= 3:
            tables.append(t)
    words = _page_words(page)
    free = place_words(tables, words)
    for t in tables:
        give_back_overflow(t)
    return page_items(number, float(page.height), tables, free, words, settings)


def place_words(tables: list[PageTable], words: list[Word]) -> list[Word]:
    """Each word into the table unit under its centre, or else into the last row's unit it starts in where it
    runs over the table's bottom rule (_over_the_foot); the words of no table are returned."""
    free: list[Word] = []
    for w in words:
        spot = next(((t, u) for t in tables if (u := t.locate(w.cx, w.cy)) is not None), None)
        spot = spot or next(((t, u) for t in tables if (u := _over_the_foot(t, w)) is not None), None)
        if spot is None:
            free.append(w)
        else:
            spot[0].words.setdefault(spot[0].units[spot[1]], []).append(w)
    return free


def _over_the_foot(t: PageTable, w: Word) -> tuple[int, int] | None:
    """The last row's unit a word starts in whose line a printer let run over the table's bottom rule (the
    rest of a merged cell's text taller than its rows): the word's top clearly inside the frame (a point
    above the rule at least), its centre below the rule, between the table's side rules; else None."""
    bottom = t.ys[-1]
    if not (w.top < bottom - 1 < w.cy) or not t.xs[0] < w.cx < t.xs[-1]:
        return None
    return t.locate(w.cx, bottom - 1)


def _crosses(w: Word, v: Word) -> bool:
    """Whether two words overprint each other: v starts lower than w, by less than 70 % of the font size
    (closer than any line spacing), and they share most of their width (not side by side on one line)."""
    shared = min(w.x1, v.x1) - max(w.x0, v.x0)
    return w.top + 1 < v.top < w.top + 0.7 * w.size and shared > 0.5 * min(w.x1 - w.x0, v.x1 - v.x0)


def give_back_overflow(t: PageTable) -> None:
    """Give back to the cell above a text line that a printer let run over that cell's foot into the cell
    below (seen where a reporting tool does not grow a row for the rest of a cell cut by a page break, but
    checked in every cell of every page table): a line at the top of a cell (within a line's height of its
    top rule) that overprints a line of that cell."""
    for key, words in list(t.words.items()):
        r, c = key[0], key[1]
        above = t.units.get((r - 1, c)) if r > 0 else None
        if above is None or above == key or (above[1], above[3]) != (c, key[3]) or not t.words.get(above):
            continue
        over = [w for w in words if w.top < t.ys[r] + w.size and any(_crosses(w, v) for v in words)]
        if not over:
            continue
        line = [w for w in words if any(abs(w.top - o.top) <= 1 for o in over)]
        t.words[key] = [w for w in words if all(w is not x for x in line)]
        t.words[above].extend(line)


def page_items(number: int, height: float, tables: list[PageTable], free: list[Word], words: list[Word],
               settings: PdfSettings) -> PageItems:
    """A page's tables and its free words as text lines (cut at wide gaps, page numbers dropped), top to
    bottom; the OCR reader makes its pages with this too."""
    texts: list[list[Word]] = []
    for line in group_lines(free, settings):
        part = [line[0]]
        for w in line[1:]:
            if w.x0 - part[-1].x1 > settings.word_gap * max(w.size, 1.0):
                texts.append(part)
                part = []
            part.append(w)
        texts.append(part)
    texts = [t for t in texts if not _is_page_number(t, height, settings)]
    items: list[PageTable | list[Word]] = [*tables, *texts]
    items.sort(key=lambda it: it.ys[0] if isinstance(it, PageTable) else min(w.top for w in it))
    return PageItems(number, height, items, words)


def _is_page_number(words: list[Word], height: float, settings: PdfSettings) -> bool:
    text = words_text(words, settings)
    top = min(w.top for w in words)
    return bool(PAGE_NUMBER_OR_BARE.match(text.strip())) and (top > height * (1 - _MARGIN) or top < height * _MARGIN)


def numbered_last(page: PageItems, settings: PdfSettings) -> bool:
    """Whether the page's head or foot numbers it as the last of the total (第3页 共3页, 3/3): the document
    prints that it ends on this page, so a file ending there was not cut."""
    for line in group_lines(page.words, settings):
        top = min(w.top for w in line)
        if page.height * _MARGIN <= top <= page.height * (1 - _MARGIN):
            continue
        m = _PAGE_OF.search(words_text(line, settings).strip())
        if m:
            g = m.groups()
            number, total = (g[0], g[1]) if g[0] else (g[3], g[2]) if g[2] else (g[4], g[5])
            return int(number) == int(total)
    return False


def _union_columns(a: list[float], b: list[float], tol: float) -> list[float] | None:
    """The column boundaries of two page tables joined, when one's boundaries are all among the other's
    (the same columns, or one splits some of the other's); None when they do not line up."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if not all(any(abs(x - y) <= 2 * tol for y in large) for x in small):
        return None
    return list(large)


def _index(xs: list[float], x: float) -> int:
    return min(range(len(xs)), key=lambda i: abs(xs[i] - x))


def _merge_text(a: str, b: str) -> str:
    """The two parts of a cell cut by a page break (some printers draw the whole label on both pages)."""
    if not a or a == b or b in a:
        return b if not a else a
    if not b or a in b:
        return b or a
    return a + "\n" + b


@dataclass
class _Open:
    """A table being built across pages: its cells and the last page table, for joining the next one."""

    cells: list[Cell]
    n_rows: int
    xs: list[float]
    last: PageTable
    row_sources: list[Source | None]
    header: tuple | None = None  # the texts of the last indicator header read (see _header_block)
    title: str | None = None  # the text of a one-cell row right over that header (a caption printed in the table)
    role_x: dict[str, list[tuple[float, float]]] = field(default_factory=dict)  # that header's name and target
    # columns (left, right)

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1

    def widen(self, xs: list[float]) -> None:
        """Re-index the cells onto finer column boundaries."""
        for c in self.cells:
            left, right = self.xs[c.col], self.xs[c.col + c.colspan]
            c.col = _index(xs, left)
            c.colspan = max(1, _index(xs, right) - c.col)
        self.xs = xs


def _to_cells(t: PageTable, file: str, settings: PdfSettings, row0: int, xs: list[float]) -> list[tuple[Cell, tuple]]:
    seen = set()
    out = []
    for key in t.units.values():
        if key in seen:
            continue
        seen.add(key)
        r, c, rs, cs = key
        c0, c1 = _index(xs, t.xs[c]), _index(xs, t.xs[c + cs])
        text = words_text(t.words.get(key, []), settings)
        bbox = (t.xs[c], t.ys[r], t.xs[c + cs], t.ys[r + rs])
        out.append((Cell(text, row0 + r, c0, rs, c1 - c0, Source(file, page=t.page, bbox=bbox)), key))
    return out


def _overflow(t: PageTable, texts: list[list[Word]], side: str) -> bool:
    """Give text lines above (or below) a table to its open cells on that side; False if a line does not
    stand over an open column (then it is real text, and the table does not continue across the page)."""
    opened = t.top_open if side == "top" else t.bottom_open
    row = 0 if side == "top" else len(t.ys) - 2
    plan = []
    for line in texts:
        for w in line:
            c = bisect_right(t.xs, w.cx) - 1
            if not (0 <= c < len(opened)) or not opened[c]:
                return False
            plan.append((t.units[(row, c)], w))
    for key, w in plan:
        t.words.setdefault(key, []).append(w)
    return True


def join_pages(pages: list[PageItems], file: str, settings: PdfSettings) -> Grid:
    """Page items → one grid, tables continued over page breaks joined into one table."""
    grid = Grid(file)
    current: _Open | None = None
    tol = settings.rule_tolerance

    def close() -> None:
        nonlocal current
        if current is not None:
            grid.items.append(Table(current.cells, current.n_rows, current.n_cols, current.row_sources[0] if current.row_sources else None, current.row_sources))
            current = None

    running = running_lines(pages, lambda ws: words_text(ws, settings), _MARGIN)
    for pg in pages:
        items = [it for it in pg.items if running.get(id(it)) != "bottom"]  # running feet are no text
        first_table = next((k for k, it in enumerate(items) if isinstance(it, PageTable)), None)
        if current is not None and first_table is not None:
            t2 = items[first_table]
            xs = _union_columns(current.xs, t2.xs, tol)
            above = [it for it in items[:first_table] if running.get(id(it)) != "top"]
            heads = len(above) < first_table
            if xs is not None and _overflow(t2, above, "top") and not (heads and _opens_form(t2, settings)):
                current.widen(xs)
                _append(current, t2, file, settings)
                items = items[first_table + 1:]
            else:
                close()
        else:
            close()
        for k, it in enumerate(items):
            if isinstance(it, PageTable):
                close()
                rest = items[k + 1:]
                if rest and not any(isinstance(x, PageTable) for x in rest):
                    if _overflow(it, rest, "bottom"):
                        items[k + 1:] = []
                current = _Open([], 0, list(it.xs), it, [])
                _append(current, it, file, settings, fresh=True)
            else:
                close()
                text = words_text(it, settings)
                x0, x1 = min(w.x0 for w in it), max(w.x1 for w in it)
                top, bottom = min(w.top for w in it), max(w.bottom for w in it)
                grid.items.append(Text(text, Source(file, page=pg.number, bbox=(x0, top, x1, bottom))))
        if current is not None and items and not isinstance(items[-1], PageTable):
            close()
    close()
    return grid


def _opens_form(t: PageTable, settings: PdfSettings) -> bool:
    """True when a page table's first row holds a project form label (项目名称 …): a new project's table,
    which a running head above it must not join to the table of the page before."""
    keys = {k for k in t.units.values() if k[0] == 0}
    return any(is_form_label("".join(words_text(t.words.get(k, []), settings).split())) for k in keys)


def _header_block(t: PageTable, start: int, settings: PdfSettings) -> tuple[int, tuple] | None:
    """The indicator header that starts at row `start` of a page table: (how many rows it takes, its cells'
    texts row by row, spaces and line breaks removed); None when that row is no header row. The block is
    the header row, the rows its cells span down, and a sub-header row under them (前年 | 上年 | 当年)."""
    n = len(t.ys) - 1
    rows: dict[int, list[tuple[int, int, int, int]]] = {}
    for key in set(t.units.values()):
        rows.setdefault(key[0], []).append(key)

    def texts(r: int) -> tuple[str, ...]:
        return tuple("".join(words_text(t.words.get(k, []), settings).split()) for k in sorted(rows.get(r, []), key=lambda k: k[1]))

    if start not in rows or not is_header_row(list(texts(start))):
        return None
    end = max(k[0] + k[2] for k in rows[start])
    if end < n and end in rows and is_subheader_row(list(texts(end)), None):
        end = max(k[0] + k[2] for k in rows[end])
    return end - start, tuple(texts(r) for r in range(start, end))


def _goes_on(above: str, below: str) -> bool:
    """Whether a cell at the top of a page whose rule closes it (drawn by the printer at the break, or under
    a repeated header) holds the rest of the cell above it on the page before: a label cut in two ("产出指"
    | "标") or a numbered goal statement whose rest carries no number of its own ("14.保障队伍稳定" | "履职")."""
    a, b = text_key(above), text_key(below)
    if not a or not b or value_score(b) >= 1 or role_of(below):
        return False  # a value or a header word of its own
    joined, rest = label_of(a + b), label_of(b)
    if rest is not None:  # a label of its own, unless the rest of one cut after a part that is none ("服务对象" | "满意度指标")
        return label_of(a) is None and joined is not None
    if not label_of(a) and joined:
        return True
    return goal_cell_number(above)[0] is not None and goal_cell_number(below)[0] is None and not label_of(a)


def _printed_again(above: str, below: str) -> bool:
    """Whether a cell at the top of a page prints again, in full, a statement the cell above began: a
    printer that repeats a merged cell's text on every page clips it to the part above the break."""
    a, b = "".join(text_key(above).split()), "".join(text_key(below).split())
    return len(a) >= 6 and b.startswith(a) and value_score(b) < 1 and not label_of(b)


def _clipped_again(above: str, below: str) -> bool:
    """Whether the label cells on the two sides of a page break print one label, one part clipped to the
    first line(s) its cell holds (a printer that repeats a merged label on every page): a strict beginning
    of the other side's label that is no label of its own ("服务对象满意" under "服务对象满意度", "产出指" over
    "产出指标")."""
    a, b = "".join(text_key(above).split()), "".join(text_key(below).split())
    short, full = sorted((a, b), key=len)
    return 2 <= len(short) < len(full) and full.startswith(short) and label_of(full) is not None and label_of(short) is None


def _other_labels(above: str, below: str) -> bool:
    """Whether the label cells on the two sides of a page break print two labels: each a whole label, not
    the same one, and the two joined no label ("产出指标" | "效益指标"; "服务对象" | "满意度指标" is one label cut
    in two, "社会效益" | "社会效益指标" one label printed again)."""
    a, b = "".join(text_key(above).split()), "".join(text_key(below).split())
    la, lb = label_of(a), label_of(b)
    return (la is not None and lb is not None and (la.level1, la.level2) != (lb.level1, lb.level2)
            and label_of(a + b) is None)


_ENDS_STATEMENT = tuple("。；;！!？?")


def _runs_on(prev: PageTable, above: Cell, below: Cell, xs: list[float], settings: PdfSettings) -> bool:
    """Whether a goal cell at the top of a page, closed by rules on both sides of the break (a reporting
    tool closes each page's part of a merged cell), holds the rest of the goal statement above it: the
    part above ends mid-sentence on a full line (its last line reaches the cell's right edge, within two
    characters, and ends with no 。；！？) and the part below prints no goal number of its own; neither is a
    header word (a header row cut from its table's first row by the break)."""
    a, b = above.text.strip(), below.text.strip()
    if (not a or not b or a.endswith(_ENDS_STATEMENT) or goal_cell_number(b)[0] is not None or label_of(text_key(b))
            or role_of(a) or role_of(b)):  # a header word is no statement
        return False
    pc = bisect_right(prev.xs, (xs[above.col] + xs[above.col + 1]) / 2) - 1
    key = prev.units.get((len(prev.ys) - 2, pc)) if 0 <= pc < len(prev.xs) - 1 else None
    words = prev.words.get(key, []) if key else []
    if not words:
        return False
    last = max(group_lines(words, settings), key=lambda line: line[0].top)
    size = max(w.size for w in last)
    return prev.xs[key[1] + key[3]] - max(w.x1 for w in last) <= 2 * size


def _in_roles(cur: _Open, cell: Cell, roles: tuple[str, ...], settings: PdfSettings) -> bool:
    """Whether a cell of the open table stands in a column its header gives one of these roles (within
    settings.role_tolerance)."""
    left, right = cur.xs[cell.col], cur.xs[cell.col + cell.colspan]
    tol = settings.role_tolerance
    return any(lo - tol <= left and right <= hi + tol for role in roles for lo, hi in cur.role_x.get(role, []))


def _continues(prev: PageTable, t: PageTable, above: Cell, cell: Cell, xs: list[float], span: range, under_header: bool,
               by_text: bool) -> bool:
    """Whether a cell of the first row on a page (under the repeated header, if any) is the rest of the cell
    above it, cut by the page break: both sides open (no rule at the bottom of the page before, none at
    the top of this page or a repeated header there instead), or its text goes on from the cell above.
    `span` is the cell's columns on the page table; `by_text` False when the row is a header (a new table)."""
    pc = bisect_right(prev.xs, (xs[above.col] + xs[above.col + 1]) / 2) - 1
    open_below = 0 <= pc < len(prev.bottom_open) and prev.bottom_open[pc]
    if open_below and (under_header or all(t.top_open[k] for k in span)):
        return True
    return by_text and _goes_on(above.text, cell.text)


def _repeated_header(cur: _Open, t: PageTable, settings: PdfSettings) -> int:
    """The rows at the top of a page table that goes on from the open table and prints that table's header
    again (a reporting tool repeats it on every page): they are left out, so that the row cut by the page
    break meets its rest. 0 when the page table does not open with the same header."""
    if cur.header is None:
        return 0
    top = 1 if cur.title is not None and _title_row(t, 0, settings) == cur.title else 0  # its caption row printed again too
    block = _header_block(t, top, settings)
    if block is None or block[1] != cur.header or top + block[0] >= len(t.ys) - 1:
        return 0
    return top + block[0]


def _title_row(t: PageTable, r: int, settings: PdfSettings) -> str | None:
    """The text of row r of a page table when it is one cell across the whole table (a caption printed as
    the table's first row), else None."""
    keys = {k for k in t.units.values() if k[0] == r}
    if len(keys) != 1:
        return None
    (k,) = keys
    return "".join(words_text(t.words.get(k, []), settings).split()) if k[1] == 0 and k[3] == len(t.xs) - 1 else None


def _remember_header(cur: _Open, t: PageTable, skip: int, settings: PdfSettings) -> None:
    """Keep the last indicator header of a page table's rows (from row `skip` on) as the open table's: the
    whole header, from its top row (一级 | 二级 | 三级 under a 绩效指标 that spans them is a header row too)."""
    for r in range(len(t.ys) - 2, skip - 1, -1):
        block = _header_block(t, r, settings)
        if block is not None:
            while r > skip:  # a header row above whose block covers this one
                outer = _header_block(t, r - 1, settings)
                if outer is None or outer[0] < 2:
                    break
                r, block = r - 1, outer
            cur.header = block[1]
            cur.title = _title_row(t, r - 1, settings) if r > skip else None
            cur.role_x = {}
            by_role: dict[str, list[tuple[int, int, int, int]]] = {}
            for k in set(t.units.values()):
                if r <= k[0] < r + block[0]:
                    head = "".join(words_text(t.words.get(k, []), settings).split())
                    role = role_of(head) or ("target" if names_target_year(head) else None)
                    by_role.setdefault(role or "", []).append(k)
            if by_role.get("name"):  # the narrowest: 指标内容 under a 绩效指标 that spans the label columns too
                k = min(by_role["name"], key=lambda k: k[3])
                cur.role_x["name"] = [(t.xs[k[1]], t.xs[k[1] + k[3]])]
            for role in ("target", "level1", "level2", "goal"):
                cur.role_x[role] = [(t.xs[k[1]], t.xs[k[1] + k[3]]) for k in by_role.get(role, [])]
            return


def _rest_of_row(cur: _Open, t: PageTable, skip: int, settings: PdfSettings) -> bool:
    """Whether row `skip` of a page table is the rest of the open table's last row, cut by the page break
    though the printer closed both parts with rules: the row has text, but no indicator name under a row
    that has one (a label centred on this part, an explanation that goes on), or no target under a row
    that has one (the last lines of a long name)."""
    if skip >= len(t.ys) - 1:
        return False
    tol = 2 * settings.rule_tolerance
    row = [k for k in set(t.units.values()) if k[0] == skip]
    if not any(t.words.get(k) for k in row):
        return False
    last = [c for c in cur.cells if c.row + c.rowspan == cur.n_rows]
    for role in ("name", "target"):
        spans = cur.role_x.get(role, [])
        here = [k for k in row if any(t.xs[k[1]] >= lo - tol and t.xs[k[1] + k[3]] <= hi + tol for lo, hi in spans)]
        above = [c for c in last if any(cur.xs[c.col] >= lo - tol and cur.xs[c.col + c.colspan] <= hi + tol
                                        for lo, hi in spans)]
        if here and above and not any(t.words.get(k) for k in here) and all(c.text.strip() for c in above):
            return True
    return False


def _fills_width(t: PageTable, key: tuple[int, int, int, int], settings: PdfSettings) -> bool:
    """Whether the last line of a page table cell's text is as wide as the cell, within two characters (the
    printer's padding and a character that did not fit): a text wrapped there, which may go on."""
    words = t.words.get(key, [])
    if not words:
        return False
    last = max(group_lines(words, settings), key=lambda line: line[0].top)
    width = max(w.x1 for w in last) - min(w.x0 for w in last)
    return t.xs[key[1] + key[3]] - t.xs[key[1]] - width <= 2 * max(w.size for w in last)


def _wrapped_on(cur: _Open, t: PageTable, skip: int, settings: PdfSettings) -> bool:
    """Whether row `skip` of a page table is the rest of the open table's last row, cut by the page break
    though the printer closed both parts with rules, where name and target both go on (a long name and a
    long written target wrapped over the break): every cell of the row with text stands under a cell of
    that last row whose last line fills its width, the name or target among them, and some cell of that
    row with text has nothing under it (a sign, a unit, a weight: a row of its own prints them again).
    Cells that span rows above (a label over several rows) tell nothing and are passed over."""
    if skip >= len(t.ys) - 1:
        return False
    prev = cur.last
    own = {(c.col, c.colspan): c for c in cur.cells if c.row == cur.n_rows - 1 and c.rowspan == 1}
    under = {}  # own cell → the key of the unit under it in row `skip`
    goes_on = False
    for k in {k for k in t.units.values() if k[0] == skip}:
        col = _index(cur.xs, t.xs[k[1]])
        above = own.get((col, _index(cur.xs, t.xs[k[1] + k[3]]) - col))
        if above is not None:
            under[id(above)] = k
        if not t.words.get(k):
            continue
        if above is None:
            if any(c.col == col and c.row < cur.n_rows - 1 for c in cur.cells if c.row + c.rowspan == cur.n_rows):
                continue  # under a cell that spans rows
            return False
        pc = bisect_right(prev.xs, (cur.xs[above.col] + cur.xs[above.col + 1]) / 2) - 1
        pkey = prev.units.get((len(prev.ys) - 2, pc))
        if not above.text.strip() or pkey is None or not _fills_width(prev, pkey, settings):
            return False
        goes_on = goes_on or _in_roles(cur, above, ("name", "target"), settings)
    ended = any(c.text.strip() and id(c) in under and not t.words.get(under[id(c)]) for c in own.values())
    return goes_on and ended


def _new_row(cur: _Open, t: PageTable, skip: int, settings: PdfSettings) -> bool:
    """Whether row `skip` of a page table starts a row of its own though no rule parts it from the open
    table's last row (a browser draws no border at a page break inside a row group): the 指标值 column
    holds a whole value on both sides of the break ("及时" | "及时"), which no cut value does — a cut one
    leaves one side empty or a part that is no value ("≥1000" | "万元")."""
    if skip >= len(t.ys) - 1:
        return False
    tol = settings.role_tolerance
    spans = cur.role_x.get("target", [])
    if not spans:
        return False
    here = [k for k in set(t.units.values()) if k[0] == skip
            and any(lo - tol <= t.xs[k[1]] and t.xs[k[1] + k[3]] <= hi + tol for lo, hi in spans)]
    above = [c for c in cur.cells if c.row + c.rowspan == cur.n_rows and _in_roles(cur, c, ("target",), settings)]
    below = [words_text(t.words.get(k, []), settings) for k in here]
    return bool(above and below) and all(value_score(c.text) >= 1 for c in above) and all(value_score(x) >= 1 for x in below)


def _numbered_on(above: str, below: str) -> bool:
    """Whether two cells on the two sides of a page break number two rows: bare counts, the one below the
    next after the one above ("5" | "6")."""
    a, b = above.strip(), below.strip()
    return a.isdigit() and b.isdigit() and len(a) <= 3 and int(b) == int(a) + 1


def _prints_more(cur: _Open, first: list[Cell], target: Cell, settings: PdfSettings) -> bool:
    """Whether the first row under a page break prints text outside its 指标值 cells (`target` one of them)."""
    return any(c is not target and c.text.strip() and not _in_roles(cur, c, ("target",), settings) for c in first)


def _own_row_marks(cur: _Open, first: list[Cell], bottoms: dict[int, Cell], settings: PdfSettings) -> set[int]:
    """The columns of the first row under a page break (its cells `first`) whose cells show it is a row of
    its own, whatever rules the break has and however full the lines above it are: a 一级/二级 cell with
    a label other than the one above (see _other_labels), a 指标值 cell holding a whole measured value under
    one (≥20次 | ≥2场: no written target cut in two) where the row prints more than that value (a name, sign
    or basis of its own; ≥85% | ≤95% alone under the break is the other end of a range), or a cell of a
    column no header role names (序号) holding the number after the one above."""
    marks = set()
    for cell in first:
        above = bottoms.get(cell.col)
        if above is None:
            continue
        if _in_roles(cur, above, ("level1", "level2"), settings):
            if _other_labels(above.text, cell.text):
                marks.add(cell.col)
        elif _in_roles(cur, above, ("target",), settings):
            if is_quantitative(above.text) and is_quantitative(cell.text) and _prints_more(cur, first, cell, settings):
                marks.add(cell.col)
        elif not _in_roles(cur, above, tuple(cur.role_x), settings) and _numbered_on(above.text, cell.text):
            marks.add(cell.col)
    return marks


def _append(cur: _Open, t: PageTable, file: str, settings: PdfSettings, fresh: bool = False) -> None:
    """Append a page table's rows to the open table, joining cells cut by the page break: after the table's
    header printed again at the top of the page (which is left out), or where the page table's top is open."""
    row0 = cur.n_rows
    skip = 0 if fresh else _repeated_header(cur, t, settings)
    new = [(cell, key) for cell, key in _to_cells(t, file, settings, row0 - skip, cur.xs) if key[0] >= skip]
    if not fresh:
        prev = cur.last
        last_row = cur.n_rows - 1
        bottoms = {c.col: c for c in cur.cells if c.row + c.rowspan - 1 == last_row}
        by_text = _header_block(t, skip, settings) is None
        relabelled = _own_row_marks(cur, [cell for cell, key in new if key[0] == skip], bottoms, settings) if by_text else set()
        cut = not relabelled and (_rest_of_row(cur, t, skip, settings) or (by_text and _wrapped_on(cur, t, skip, settings)))
        apart = bool(relabelled) or (not cut and by_text and _new_row(cur, t, skip, settings))
        keep = []
        for cell, (r, c, rs, cs) in new:
            above = bottoms.get(cell.col)
            if apart and above is not None and (cell.col in relabelled or not _in_roles(cur, above, ("level1", "level2", "goal"), settings)):
                above = None  # a row of its own: only the label and goal cells that span down go on, not under a label of another
            if r == skip and above is not None and above.colspan == cell.colspan and (cut or _continues(
                    prev, t, above, cell, cur.xs, range(c, c + cs), skip > 0, by_text) or (
                    by_text and _printed_again(above.text, cell.text) and not _in_roles(cur, above, ("name", "target"), settings)) or (
                    by_text and _in_roles(cur, above, ("level1", "level2"), settings) and _clipped_again(above.text, cell.text)) or (
                    by_text and _in_roles(cur, above, ("goal",), settings) and _runs_on(prev, above, cell, cur.xs, settings))):
                above.text = _merge_text(above.text, cell.text)
                above.rowspan += rs
                continue
            keep.append((cell, (r, c, rs, cs)))
        new = keep
    cur.cells.extend(cell for cell, _ in new)
    n = len(t.ys) - 1
    for r in range(skip, n):
        cur.row_sources.append(Source(file, page=t.page, bbox=(t.xs[0], t.ys[r], t.xs[-1], t.ys[r + 1])))
    cur.n_rows += n - skip
    cur.last = t
    _remember_header(cur, t, skip, settings)


def read(path: str | Path, settings: PdfSettings | dict | None = None, ocr=None, scan=None) -> Grid:
    """Read a PDF's tables and text into a cell grid. Pages without a text layer are handed to `scan`
    (read_scan.read_mixed: path, pages, their numbers, options → grid) as `ocr` (extractors.ocr.OcrOptions:
    mode auto, always or never; jobs; progress) says, when the extra is there or no page has text."""
    s = PdfSettings.resolve(settings)
    try:
        import pdfplumber
    except ImportError as e:  # pragma: no cover - a dependency
        raise InputError(str(path), None, f"读取 PDF 需要 pikg 的依赖 pdfplumber：请连同依赖安装 pikg（pip install -e .），并在该环境中运行（{e}）") from e
    try:
        pdf = pdfplumber.open(str(path))
    except Exception as e:  # pdfminer's PDFSyntaxError, PSEOF, password errors …
        raise InputError(str(path), None, f"不是可读的 PDF：{e.__class__.__name__}: {e}") from e
    pages = []
    chars = 0
    blank: list[int] = []  # pages without a text layer
    with pdf:
        for i, page in enumerate(pdf.pages, start=1):
            try:
                n = len(page.chars)
                chars += n
                if n == 0:
                    blank.append(i)
                pages.append(read_page(page, i, s))
            except Exception as e:
                raise InputError(str(path), None, f"p.{i}：该页无法读取：{e.__class__.__name__}: {e}") from e
            page.close()
    if not pages:
        raise InputError(str(path), None, "PDF 没有页面")
    if blank and scan is not None and ocr is not None and ocr.mode != "never" and (chars == 0 or ocr.available()):
        return scan(Path(path), pages, blank, ocr)  # raises, naming the extra, when it is missing
    if chars == 0:
        raise InputError(str(path), None, "PDF 没有文本层（扫描件？）：请先做 OCR（例如 ocrmypdf），再抽取其结果")
    grid = join_pages(pages, str(path), s)
    if not has_indicator_table(grid):
        # no ruled indicator table: the tables are drawn without rules (or with too few); read the pages
        # as column-aligned text instead
        from .pdf_layout import layout_text
        from .read_columns import read_text

        text_grid = read_text(layout_text([p.words for p in pages], lambda ws: group_lines(ws, s)), str(path))
        if has_indicator_table(text_grid):
            grid = text_grid
    grid.whole = numbered_last(pages[-1], s)
    return grid


def has_indicator_table(grid: Grid) -> bool:
    """True when some table of the grid has an indicator header row (一级/二级/三级指标 …), in any row: a
    form can print its labels, goals and captions in the same ruled frame above the header."""
    for t in grid.items:
        if isinstance(t, Table):
            rows: dict[int, list[str]] = {}
            for c in t.cells:
                rows.setdefault(c.row, []).append(c.text)
            if any(is_header_row(texts) for texts in rows.values()):
                return True
    return False
