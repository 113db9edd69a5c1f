"""Assemble indicator rows from pieces: 一级/二级 labels, 三级 name, values (前年/上年/当年) and basis.

The framework vocabulary and the value grammar are the anchors. Rows are cut from the piece stream, where a wrapped cell goes on after a blank line while its
printed lines fill the column (the column's width is estimated per table).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .outline import Table, _is_header_line
from .pieces import Piece, plain_pieces
from .lines import Line
from .text import clean_cell
from .values import PLACEHOLDERS, is_quantitative, is_unit, normalise, value_score
from .vocab import Label, basis_of, is_basis_prefix, is_label_prefix, label_of

_GOAL_CELL = re.compile(r"^(?:(?:长期|年度)(?:绩效)?目标(?:表)?\s*(\d*)|目标名称)$")


@dataclass
class RawRow:
    """One indicator row as read, before labels are carried down."""

    goal: int | None = None
    l1: str | None = None
    l2: str | None = None
    l1_label: Label | None = None
    l2_label: Label | None = None
    name: list[Piece] = field(default_factory=list)
    values: list[Piece] = field(default_factory=list)
    basis: Piece | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def line(self) -> int:
        return self.name[0].line if self.name else (self.values[0].line if self.values else 0)

    def name_text(self) -> str:
        return clean_cell("".join(p.text for p in self.name))


@dataclass(frozen=True)
class GoalCell:
    """A goal-name cell (长期绩效目标 2, 目标名称): its number, or None where it prints none (unnumbered)."""

    number: int | None


def goal_cell(text: str) -> GoalCell | None:
    """The goal-name cell this text is, or None when it is not one."""
    m = _GOAL_CELL.match(clean_cell(text))
    if not m:
        return None
    return GoalCell(int(m.group(1)) if m.group(1) else None)


def match_label(pieces: list[Piece], i: int, max_join: int = 4) -> tuple[Label, str, int] | None:
    """The longest framework label starting at piece i, joining converter-broken pieces. Returns (label, printed, next i)."""
    best = None
    acc = ""
    for j in range(i, min(len(pieces), i + max_join)):
        p = pieces[j]
        acc += p.clean
        lab = label_of(acc)
        if lab:
            best = (lab, acc, j + 1)
        if not is_label_prefix(acc):
            break
    return best


def match_basis(pieces: list[Piece], i: int) -> tuple[str, int] | None:
    """A basis label (计划标准 …) at piece i, joining a broken one. Returns (printed, next i)."""
    acc = ""
    for j in range(i, min(len(pieces), i + 3)):
        acc += pieces[j].clean
        if basis_of(acc):
            return acc, j + 1
        if not is_basis_prefix(acc):
            break
    return None


def _accept_label(row: RawRow, lab: Label, printed: str) -> bool:
    """Put a label into the row at the level the row still has free; False when it cannot be a label here."""
    if row.name:
        return False
    if row.l1 is None and row.l2 is None and lab.level1:
        row.l1, row.l1_label = printed, lab
        return True
    if row.l2 is None and lab.level2:
        row.l2, row.l2_label = printed, lab
        return True
    return False


# ---------------------------------------------------------------- plain text stream


def _is_text(p: Piece) -> bool:
    return not label_of(p.clean) and not basis_of(p.clean)


def name_width_from_rows(rows: list[RawRow]) -> float | None:
    """Width of the 三级 name column: the commonest width of the first printed line of a wrapped name."""
    widths = [r.name[0].width for r in rows if len(r.name) > 1 and not is_unit(r.name[1].clean)]
    if not widths:
        return None
    c = Counter(widths)
    top = max(c.values())
    return max(w for w, n in c.items() if n == top)


class PlainRowParser:
    """Cut the plain-text piece stream of one table into rows."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.rows: list[RawRow] = []

    def parse(self, lines: list[Line]) -> list[RawRow]:
        body = [ln for ln in lines if not _is_header_line(ln)]
        # first pass without a column width: wrapped names show how wide the name column is
        self.width = None
        first = self._parse(plain_pieces(body))
        self.width = name_width_from_rows(first)
        if self.width is None:
            return first
        self.rows = []
        return self._parse(plain_pieces(body))

    def _parse(self, pieces: list[Piece]) -> list[RawRow]:
        self.pending: list[tuple[str, Label]] = []
        self.closed = False
        self.wrapped = False
        self.value_widths: list[float] = [0.0]
        row = RawRow()
        phase = "start"
        i = 0
        n = len(pieces)
        while i < n:
            p = pieces[i]
            t = p.clean
            if not t:
                i += 1
                continue
            if phase == "start" and not row.l1 and not row.l2 and self._name_tail_after_page(p):
                i += 1
                continue
            g = goal_cell(p.text) if phase == "start" and not row.l1 and not row.l2 else None
            if g is not None:
                i = self._goal_number(row, g, pieces, i + 1)
                continue
            m = match_label(pieces, i)
            if m:
                lab, printed, j = m
                if phase in ("start", "labels") and _accept_label(row, lab, printed):
                    phase = "labels"
                    i = j
                    continue
                nxt = pieces[j] if j < n else None
                if (
                    phase == "labels"
                    and row.l2
                    and lab.level2
                    and not row.name
                    and lab.level2 != (row.l2_label.level2 if row.l2_label else None)
                    and not (nxt is not None and nxt.brk == "space" and value_score(nxt.clean) >= 1)
                ):
                    # 二级 labels printed one after another before their rows: they apply to the rows in order
                    self.pending.append((printed, lab))
                    i = j
                    continue
                if phase == "values" or (phase == "name" and row.name):
                    self._emit(row)
                    row = RawRow()
                    phase = "start"
                    continue
            mb = match_basis(pieces, i)
            if mb and phase in ("name", "values"):
                row.basis = Piece(mb[0], p.line, p.brk)
                i = mb[1]
                self._emit(row)
                row = RawRow()
                phase = "start"
                continue
            if phase in ("start", "labels"):
                if row.l2 is None and self.pending:
                    row.l2, row.l2_label = self.pending.pop(0)
                row.name = [p]
                phase = "name"
                i += 1
                continue
            if phase == "name":
                nxt = pieces[i + 1] if i + 1 < n else None
                if self._continues_name(row, p) or self._value_inside_name(row, p, nxt):
                    row.name.append(p)
                else:
                    row.values = [p]
                    self.closed = False
                    self.wrapped = False
                    self.value_widths = [p.width]
                    phase = "values"
                i += 1
                continue
            if phase == "values":
                row, phase, i = self._value_piece(row, pieces, i)
                continue
            i += 1
        self._emit(row)
        return self.rows

    @staticmethod
    def _goal_number(row: RawRow, g: GoalCell, pieces: list[Piece], i: int) -> int:
        """A goal-name cell gives the row its goal number, printed in it or as the next word ("长期绩效目标 1");
        returns the index of the next piece to read."""
        if g.number is not None:
            row.goal = g.number
        elif i < len(pieces) and re.fullmatch(r"\d{1,2}", pieces[i].clean):
            row.goal = int(pieces[i].clean)
            return i + 1
        return i

    def _value_piece(self, row: RawRow, pieces: list[Piece], i: int) -> tuple[RawRow, str, int]:
        """One piece while a row's values are read: it goes on the last value, is the next value, belongs to the
        name after all, is the row's basis, or ends the row (then it is read again as the next row's start).
        Returns the row being read, the phase and the index of the next piece to read."""
        p = pieces[i]
        t = p.clean
        n = len(pieces)
        last = row.values[-1]
        if self._continues_value(last, p) and not any(v.clean == last.clean for v in row.values[:-1]):
            row.values[-1] = Piece(last.text + p.text, last.line, last.brk)
            self.value_widths.append(p.width)
            self.wrapped = True
            if is_quantitative(t):
                self.closed = True  # "…则满意度为" + "100%" ends that cell
            return row, "values", i + 1
        if (
            self.table.n_values == 1
            and len(row.values) == 1
            and p.brk in ("cell", "soft")
            and is_quantitative(t)
            and value_score(last.clean) < 1
            and not row.basis
        ):
            # a number cannot start a row: the text before it was a shifted cell, the number is the value
            row.warnings.append(f"第{last.line}行错位：“{last.clean}”一格未取，取其后的数字为指标值")
            row.values = [p]
            self.value_widths = [p.width]
            return row, "values", i + 1
        if is_unit(t) and not is_quantitative(last.clean):
            # a lone unit after text belongs to the name it follows ("…满意度" "%")
            row.name.append(p)
            return row, "values", i + 1
        same_line = p.brk == "space"
        ended_text = len(self.value_widths) > 1 and not is_quantitative(last.clean)
        if len(row.values) < self.table.n_values and (
            same_line
            or value_score(t) > 0
            or p.brk == "cell"
            or t == last.clean
            or ((self.closed or ended_text) and _is_text(p))
        ):
            row.values.append(p)
            self.closed = False
            self.value_widths = [p.width]
            return row, "values", i + 1
        nxt = pieces[i + 1] if i + 1 < n else None
        first_alone = row.values[0].line != (row.values[1].line if len(row.values) > 1 else p.line)
        if (
            same_line
            and len(row.values) >= self.table.n_values
            and is_quantitative(t)
            and is_quantitative(row.values[0].clean)
            and ((row.values[0].line == row.name[-1].line and row.values[0].brk == "space") or first_alone)
        ):
            # more numbers than value columns on one line: the first belongs to the name
            # ("汇聚数据 4亿条 100%": the converter's space inside the name cell)
            row.name.append(row.values.pop(0))
            row.values.append(p)
            return row, "values", i + 1
        if (
            len(row.values) >= self.table.n_values
            and self.table.has_basis
            and not is_quantitative(t)
            and (same_line or (p.brk == "cell" and value_score(t) < 1 and (nxt is None or match_label(pieces, i + 1))))
        ):
            row.basis = p  # a word in the 依据 column that is not a basis type ("链路")
            self._emit(row)
            return RawRow(), "start", i + 1
        self._emit(row)
        return RawRow(), "start", i  # the piece starts the next row

    def _continues_name(self, row: RawRow, p: Piece) -> bool:
        """Does piece p continue the name cell (a wrapped line) rather than start the value cell?"""
        t = p.clean
        if p.brk in ("space", "cell"):
            return False  # another cell on the same printed line, or a line that follows without a gap
        if is_quantitative(t) or t in PLACEHOLDERS:
            return False
        last = row.name[-1]
        if is_unit(t) and not is_quantitative(last.clean):
            return True
        if self.width is None:
            return value_score(t) < 0.7
        # a line of a wrapped cell fills the column; a character pushed down with the punctuation that
        # may not start a line (禁则: "审、") leaves it one character short
        slack = 1.0 if _KINSOKU.match(t) else 0.5
        full = last.width >= self.width - slack
        fits = p.width <= self.width + 1
        return full and fits

    def _value_inside_name(self, row: RawRow, p: Piece, nxt: Piece | None) -> bool:
        """A number on the last printed line of a wrapped name ("…即满意度为" "度为 100%") that the value cell repeats."""
        if p.brk != "space" or self.width is None or not is_quantitative(p.clean):
            return False
        last = row.name[-1]
        if len(row.name) < 2 and last.brk == "space":
            return False
        if len(row.name) < 2:
            return False
        if last.width + p.width > self.width + 0.5:
            return False
        return nxt is not None and nxt.brk in ("cell", "soft") and value_score(nxt.clean) >= 1

    def _continues_value(self, last: Piece, p: Piece) -> bool:
        """Does p continue a text value cell wrapped over lines ("促进企业经" "济发展")?"""
        if self.closed:
            return False
        if p.brk == "space" and self.wrapped and is_quantitative(p.clean) and not is_quantitative(last.clean):
            return True  # "…故障不多于5次则满意" "度为 100%"
        if p.brk != "soft":
            return False
        lt, t = last.clean, p.clean
        if is_quantitative(lt) or value_score(lt) > 0 or label_of(t) or basis_of(t):
            return False
        if is_quantitative(t):
            return True  # a number cannot start a row: it ends the text value above it
        if value_score(t) >= 1:
            return False
        # the cell goes on only while its printed lines fill the column its first line set
        first = self.value_widths[0]
        slack = 1.0 if _KINSOKU.match(t) else 0.5
        return self.value_widths[-1] >= first - slack and p.width <= first + 0.5

    def _name_tail_after_page(self, p: Piece) -> bool:
        """After a page break, the rest of the name of the row above whose last line was still full."""
        if p.brk == "page":
            self.tail = self.rows[-1] if self.rows and self.width else None
        elif p.brk not in ("soft", "space"):
            self.tail = None
        prev = getattr(self, "tail", None)
        if prev is None or not prev.name:
            return False
        t = p.clean
        if prev.l2 and not label_of(t) and label_of(prev.l2 + t):
            prev.l2 = prev.l2 + t  # "社会效益" … page break … "指标"
            prev.l2_label = label_of(prev.l2)
            return True
        if not _is_text(p) or is_quantitative(t) or value_score(t) >= 1:
            self.tail = None
            return False
        last = prev.name[-1]
        if last.width < self.width - 0.5 or p.width > self.width + 1:
            self.tail = None
            return False
        prev.name.append(p)
        return True

    def _emit(self, row: RawRow) -> None:
        if not row.name:
            return
        # a word after the numbers of a row, where the basis stands ("100% 100% 网站"), is that row's basis
        if (
            row.basis is None
            and self.table.has_basis
            and len(row.values) >= 2
            and value_score(row.values[-1].clean) == 0
            and all(is_quantitative(v.clean) or v.clean in PLACEHOLDERS for v in row.values[:-1])
            and any(is_quantitative(v.clean) for v in row.values[:-1])
        ):
            row.basis = row.values.pop()
        self.tail = None
        self.rows.append(row)


_KINSOKU = re.compile(r"^.[、，。；：）”’》]")


def parse_plain_rows(lines: list[Line], table: Table) -> list[RawRow]:
    """Rows of a plain-text table."""
    return PlainRowParser(table).parse(lines)


# ---------------------------------------------------------------- records


def assign_values(values: list[str], table: Table) -> tuple[str | None, str | None, str | None]:
    """(prev2, prev1, target) from the value cells read in a row."""
    vals = [normalise(v) for v in values]
    vals = [v for v in vals if v != ""]
    if table.n_values == 1:
        return None, None, (vals[-1] if vals else None)
    if len(vals) >= 3:
        a, b, c = vals[-3], vals[-2], vals[-1]
        return (b, a, c) if table.prev_reversed else (a, b, c)
    if len(vals) == 2:
        return None, vals[0], vals[1]
    if len(vals) == 1:
        return None, None, vals[0]
    return None, None, None


def table_rows(lines: list[Line], table: Table, layout: str) -> list[dict]:
    """Indicator row fields of one table, labels carried down from the rows above."""
    raw = parse_plain_rows(lines, table)
    out = []
    l1 = l2 = None
    l1_lab = l2_lab = None
    for r in raw:
        if r.l1:
            l1, l1_lab = r.l1, r.l1_label
        if r.l2:
            l2, l2_lab = r.l2, r.l2_label
        prev2, prev1, target = assign_values([v.text for v in r.values], table)
        basis = clean_cell(r.basis.text) if r.basis else None
        out.append(
            {
                "level1": l1,
                "level2": l2,
                "name": r.name_text(),
                "target": target,
                "prev2": prev2,
                "prev1": prev1,
                "basis": basis or None,
                "line": r.line,
                "_l1": l1_lab,
                "_l2": l2_lab,
                "_goal": r.goal,
                "_raw_values": [v.text for v in r.values],
                "_warnings": list(r.warnings),
            }
        )
    return out
