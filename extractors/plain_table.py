"""Plain pdftotext, one indicator table: its lines from the first header word to the next title, its value
columns (from the header words), and the grid table built from its rows and labels.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .columns import names_target_year, role_of
from .grid import Cell, Source, Table
from .plain_captions import goal_caption
from .plain_kinds import BARE_NUMBER, Item, constant_column, goal_cells, mark_row_numbers, past_after_basis, settle_kinds
from .plain_labels import place_labels
from .plain_lines import Tok, kind_of
from .plain_notes import TEXT_NOTE_HEADS, mark_notes, mark_number_notes, note_runs, number_note_cells, number_note_heads, \
    text_note_heads
from .plain_rows import assemble_rows
from .plain_split import LONE_CMP, cmp_tails, note_tails, split_kinds, split_parts
from .plain_words import NOTE_HEADS, is_header_word, is_value_header, is_year_head
from .values import is_unit


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


_ROW_NUMBER = re.compile(r"^[1-9]\d?$")  # a 序号 cell: before it no body of this table was printed yet


def _opens_value_header(toks: list[Tok], j: int) -> bool:
    """A run of two or more header words starts at index j and names a value column (二级指标 | 指标内容 | 目标值)."""
    run = []
    for t in toks[j:]:
        if not is_header_word(t.k):
            break
        run.append(t)
    return len(run) >= 2 and any(is_value_header(t.k) for t in run)


def _split_cells(toks: list[Tok]) -> bool:
    """A split target's cells where the table's lines lost its header words (printed with another table):
    two or more 定性 cells alone (指标性质), or two or more bare numbers each followed by a unit alone in a
    block of its own (9 | 家, 100 | %: the 指标值 and 度量单位 cells; a wrapped value cell keeps its unit in
    its block)."""
    qualitative = sum(1 for t in toks if t.k == "定性")
    units = sum(1 for a, b in zip(toks, toks[1:]) if BARE_NUMBER.match(a.k) and b.block != a.block
                and is_unit(b.k) and not re.search(r"\d", b.k))
    return qualitative >= 2 or units >= 2


@dataclass
class PlainTable:
    """An indicator table's lines, collected from its first header word to the next title."""

    toks: list[Tok]
    caption: str | None = None
    value_cols: int = 1
    value_names: tuple[str, ...] = ("指标值",)  # the value columns' header words, in column order
    split_target: bool = False  # 指标值拆成 指标性质 | 指标值 | 度量单位
    number_notes: tuple[str, ...] = ()  # the number note columns (权重, 分值) its rows print, in column order
    text_notes: tuple[str, ...] = ()  # the text note columns (评分标准, 备注 …) its rows print

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
            if kind_of(t) not in ("header", "label") and not goal_caption(t.k):
                break
            again.add(t.k)
        if again & {t.k for t in run}:
            return []
        del self.toks[len(self.toks) - n:]
        return run

    def later_bodies(self, page: int) -> list[list[Tok]]:
        """Bodies of other tables printed after this one's rows on `page`, each opened by value-column
        header words (指标值, 指标值确定依据), maybe after 三级指标 or other header words (二级指标 | 指标内容 | 计算符号 |
        目标值), mid-page; they are cut off this table's tokens. A converter
        that reads a page's right-hand columns first prints the bodies of the page's tables one after
        another, and their captions and labels after them."""
        toks = self.toks
        cuts = [j for j in range(1, len(toks))
                if toks[j].page == page == toks[j - 1].page and not is_header_word(toks[j - 1].k)
                and (is_value_header(toks[j].k)
                     or (role_of(toks[j].k) == "name" and j + 1 < len(toks) and is_value_header(toks[j + 1].k)
                         and kind_of(toks[j - 1]) in ("value", "basis"))
                     or (kind_of(toks[j - 1]) in ("value", "basis") and _opens_value_header(toks, j)))
                and any(kind_of(x) == "name" or kind_of(x) == "value" and not _ROW_NUMBER.match(x.k) for x in toks[:j])]
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
        split = self.split_target = any(role_of(t.k) in ("cmp", "unit") for t in self.toks) or _split_cells(self.toks) or \
            sum(1 for t in self.toks if t.k in LONE_CMP) >= 2 or \
            (prev is not None and prev.split_target and not any(is_header_word(t.k) for t in self.toks))
        if split:
            self.toks = cmp_tails(self.toks)
        items = [Item(t, kind_of(t), i) for i, t in enumerate(self.toks)]
        heads = _with_target(value_heads([it.tok.k for it in items if it.kind == "header"]), prev)
        if heads:
            self.value_names = heads
        elif prev is not None and not any(it.kind == "header" for it in items):
            self.value_names = prev.value_names
        self.value_cols = len(self.value_names)
        if split:
            split_kinds(items)
        items = goal_cells(items)
        self.text_notes = text_note_heads(items, prev.text_notes if prev is not None else ())
        mark_notes(items, self.text_notes)
        if split:
            note_tails(items)
        self.number_notes = tuple(number_note_heads(items, prev.number_notes if prev is not None else ()))
        mark_number_notes(items, list(self.number_notes))
        mark_row_numbers(items)
        items = past_after_basis(items)
        settle_kinds(items, self.value_cols)
        constant_column(items)
        rows = assemble_rows(items, self.value_cols)
        src = Source(file, self.toks[0].line, self.toks[0].page)
        n_vals = self.value_cols
        values = list(self.value_names)
        at = _target_index(values)
        if split:  # 拆分的指标值：比较符与单位各成一列，交给装配器按列角色拼合
            values = values[:at] + ["指标性质", values[at], "度量单位"] + values[at + 1:]
        headers = ["目标名称", "一级指标", "二级指标", "三级指标"] + values + ["指标值确定依据"]
        notes = list(dict.fromkeys([it.tok.k for it in items if it.tok.k in NOTE_HEADS] + list(self.text_notes)
                                   + list(self.number_notes)))
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
            for (r, kind), it in split_parts(items, rows, targets).items():
                col = 4 + values.index("指标性质" if kind == "cmp" else "度量单位")
                cells.append(Cell(it.tok.text, r + 1, col, source=Source(file, it.tok.line, it.tok.page)))
        number_note_cells(items, rows, list(self.number_notes), headers, cells, file)
        text_notes = [c for c, h in enumerate(headers) if h in TEXT_NOTE_HEADS and h in notes]
        if len(text_notes) == 1:  # one text note column: its cells go to their rows (with two, which is whose is not known)
            taken: set[int] = set()
            for r, text, first in note_runs(items, rows):
                if r not in taken:
                    taken.add(r)
                    cells.append(Cell(text, r + 1, text_notes[0], source=Source(file, first.tok.line, first.tok.page)))
        place_labels(items, [r.names for r in rows], row_values, cells, file)
        return Table(cells, len(rows) + 1, len(headers), src, sources)
