"""Plain pdftotext, an indicator table's note columns: text notes (评分标准, 指标解释, 备注 …) and number
notes (权重, 分值) printed among the rows, taken out of them and given to their rows.
"""
from __future__ import annotations

from .grid import Cell, Source
from .plain_kinds import BARE_NUMBER, Item
from .plain_rows import Row
from .plain_words import NOTE_HEADS, TEXT_NOTE_HEADS, is_basis_head, is_value_header
from .values import is_quantitative, value_score


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


def text_note_heads(items: list[Item], before: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The text note columns (评分标准, 指标解释, 备注 …) a table's header prints, in order; where it prints no
    note column, those of the table before (``before``): its header cut short, the rest printed after the body,
    out of the table, or among the rows of the table before it (mark_notes takes a cell for a note only on the
    rows' own evidence: a rule printed again and again, an explanation of a name, with no value of its own)."""
    heads = tuple(dict.fromkeys(it.tok.k for it in items if it.kind == "header" and it.tok.k in TEXT_NOTE_HEADS))
    return heads or before


def mark_notes(items: list[Item], heads: tuple[str, ...] | None = None) -> None:
    """In a table that prints a text note column (评分标准, 指标解释, 备注 …; ``heads``, by default those its
    header prints), the cells of that column are no rows: a text printed the same in three or more rows (a
    scoring rule), or one that holds another cell's whole text with words before and after it (反映<name>情况:
    an explanation of that name) and is not followed by a value or basis of its own (农村覆盖率提升 ≥5%: a
    row whose name holds another row's name)."""
    if not (text_note_heads(items) if heads is None else heads):
        return
    at = {id(it): i for i, it in enumerate(items)}
    runs = _block_runs(items)
    texts = ["".join(it.tok.k for it in r) for r in runs]
    counts: dict[str, int] = {}
    for t in texts:
        counts[t] = counts.get(t, 0) + 1
    # a row's name, or a worded cell read for now as a value (保障各项工作完成: settle_kinds may make it a name)
    names = {t for t, r in zip(texts, runs) if len(t) >= 3 and (any(it.kind == "name" for it in r) or not is_quantitative(t))}
    rules = {t for t, n in counts.items() if n >= 3 and len(t) >= 6}
    def explains(t: str) -> bool:
        return any(n != t and n in t and not t.startswith(n) and not t.endswith(n) for n in names)

    for i, (run, t) in enumerate(zip(runs, texts)):
        if value_score(t) >= 0.7 and is_quantitative(t):
            continue
        own = _has_own_value(items, at[id(run[-1])])
        if t in rules or (explains(t) and not own) or _rule_cut_at_page_break(runs, texts, i, rules):
            for it in run:
                it.kind = "note"
        elif i + 1 < len(runs) and runs[i + 1][0].tok.page > run[-1].tok.page and not own \
                and not _has_own_value(items, at[id(runs[i + 1][-1])]) and explains(t + texts[i + 1]):
            for it in run + runs[i + 1]:  # an explanation a page break cut: its head ends the page, its tail opens the next
                it.kind = "note"


def _has_own_value(items: list[Item], last: int) -> bool:
    """A value or a basis follows a run (its last item at index ``last``): the run is a row's name. Bare
    numbers right after it count only where a value or basis follows them (100 | 人, 100 | 计划标准): after a
    note, they are its row's 权重 / 分值 cells, and the next row's name follows."""
    i = last + 1
    while i < len(items) and items[i].kind == "value" and BARE_NUMBER.match(items[i].tok.k):
        i += 1
    return i < len(items) and items[i].kind in ("value", "basis")


def _rule_cut_at_page_break(runs: list[list[Item]], texts: list[str], i: int, rules: set[str]) -> bool:
    """Run i is the head of a repeated note (a scoring rule) whose cell a page break cut, the last run on its page,
    or its tail, the first run on the next page: the one's text and the other's join into the rule, or (where
    the other part was lost) run i's text starts or ends the rule, two characters at least."""
    page = runs[i][0].tok.page
    last = i + 1 == len(runs) or runs[i + 1][0].tok.page != page
    first = i > 0 and runs[i - 1][-1].tok.page != page
    t = texts[i]
    if len(t) < 2 or t in rules:
        return False
    if last and i + 1 < len(runs) and t + texts[i + 1] in rules or first and texts[i - 1] + t in rules:
        return True
    return any((last and r.startswith(t)) or (first and r.endswith(t)) for r in rules)


_NUMBER_NOTE_HEADS = NOTE_HEADS - TEXT_NOTE_HEADS  # 权重, 分值: a number a row


def number_note_heads(items: list[Item], before: tuple[str, ...] = ()) -> list[str]:
    """The number note columns (权重, 分值) a table's header prints after its basis column (or, where it
    prints none, after a value column's head), in their order; [] when it prints none, or none after such
    a column. A table whose header prints none of them, though a bare number follows most of its rows'
    bases, has the note columns of the table before it (``before``): its header words were printed with
    that table."""
    heads = [it for it in items if it.kind == "header" and it.tok.k in _NUMBER_NOTE_HEADS]
    basis = next((it for it in items if it.kind == "header" and is_basis_head(it.tok.k)), None)
    if basis is None:
        basis = next((it for it in items if it.kind == "header" and is_value_header(it.tok.k)), None)
    if not heads:
        return list(before) if before and _numbers_after_bases(items) else []
    if basis is None or basis.pos > heads[0].pos:
        return []
    return list(dict.fromkeys(it.tok.k for it in heads))


def _numbers_after_bases(items: list[Item]) -> bool:
    """Most of a table's bases (two at least) are followed right away by a bare number."""
    after = [nxt for it, nxt in zip(items, items[1:]) if it.kind == "basis"]
    return len(after) >= 2 and 2 * sum(1 for x in after if x.kind == "value" and BARE_NUMBER.match(x.tok.k)) > len(after)


def _has_basis_column(items: list[Item]) -> bool:
    return any(it.kind == "header" and is_basis_head(it.tok.k) for it in items)


def mark_number_notes(items: list[Item], heads: list[str]) -> None:
    """In a table whose header prints 权重 / 分值 after the basis column, the bare numbers printed right after
    a row's basis (up to one a column) are those columns' cells, not the next row's values. With no basis
    column, they end the run of values printed right after a row's name, after its target (``_row_end_notes``).
    ``heads``: number_note_heads."""
    n = len(heads)
    if not n:
        return  # no number note columns (most tables): nothing to mark
    if not _has_basis_column(items) and not _numbers_after_bases(items):
        _row_end_notes(items, n)
        return
    for i, it in enumerate(items):
        if it.kind != "basis":
            continue
        for nxt in items[i + 1:i + 1 + n]:
            if nxt.kind != "value" or not BARE_NUMBER.match(nxt.tok.k):
                break
            nxt.kind = "number_note"


def _row_end_notes(items: list[Item], n: int) -> None:
    """A table with number note columns (n of them) and no basis column: where most runs of values printed
    right after a name (name | 4人 | 20) end in a bare number after at least one value, the last bare numbers
    of each such run (up to n, leaving it one value) are the note columns' cells."""
    runs: list[list[Item]] = []
    for i, it in enumerate(items):
        if it.kind != "name":
            continue
        run = []
        for nxt in items[i + 1:]:
            if nxt.kind != "value":
                break
            run.append(nxt)
        if run:
            runs.append(run)
    ending = [r for r in runs if len(r) >= 2 and BARE_NUMBER.match(r[-1].tok.k)]
    if not runs or 2 * len(ending) <= len(runs):
        return
    for run in ending:
        k = 0
        while k < n and len(run) - k >= 2 and BARE_NUMBER.match(run[-1 - k].tok.k):
            k += 1
        for it in run[len(run) - k:]:
            it.kind = "number_note"


def number_note_cells(items: list[Item], rows: list[Row], heads: list[str], headers: list[str], cells: list[Cell],
                      file: str) -> None:
    """The number note cells marked by mark_number_notes, each in its column of the row whose basis (or,
    with no basis, values) they follow; ``heads``: number_note_heads."""
    if not heads:
        return  # no number note columns: no cell to place
    owner = {id(c): r for r, row in enumerate(rows) for c in row.cells if c.kind in ("basis", "value")}
    row, k = None, 0
    for it in items:
        if it.kind in ("basis", "value"):
            row, k = owner.get(id(it)), 0
        elif it.kind == "number_note":
            if row is not None and k < len(heads):
                cells.append(Cell(it.tok.text, row + 1, headers.index(heads[k]), source=Source(file, it.tok.line, it.tok.page)))
            k += 1


def note_runs(items: list[Item], rows: list[Row]) -> list[tuple[int, str, Item]]:
    """The note cells marked by _mark_notes as (0-based row, text, first line): a wrapped cell's lines
    joined, each given to the row whose name was printed last before it (the first row when none was); a cell a
    page break cut (no name between its parts, the next on a later page) is one note."""
    owner = {id(g): r for r, row in enumerate(rows) for g in row.names}
    out: list[tuple[int, str, Item]] = []
    row = 0
    last: Item | None = None
    for it in items:
        if id(it) in owner:
            row = owner[id(it)]
        if it.kind == "note":
            if last is not None and last.kind == "note" and last.pos == it.pos - 1 and last.tok.block == it.tok.block \
                    or out and out[-1][0] == row and out[-1][2].tok.page < it.tok.page:
                r, text, first = out[-1]
                out[-1] = (r, text + it.tok.text, first)
            else:
                out.append((row, it.tok.text, it))
        last = it
    return out
