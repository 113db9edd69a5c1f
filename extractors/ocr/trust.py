"""Trust in what OCR read: the grid of a scanned document remembers each mended cell, and its records are
reviewed once assembled: a row with a low-confidence cell or a mended value is flagged (``ocr_low_confidence``, the lowest
confidence in ``ocr_confidence``, a note in Chinese), the mends are noted, and 一级/二级 labels and the basis
one character off the framework's vocabulary are snapped to it (and noted). A row read with confidence is
flagged too where what it holds is shaped unlike its field (ocr/plausible.py: dates run together, a unit
without its number …), a label is empty or far from the framework, its 目标名称 cell names another goal, or its
sign column's cell is no comparator, or a strict comparator is an odd one out among the document's ≥/≤; such
notes start ``OCR提示`` and nothing is changed. A doubt the reading itself settles (ocr/settled.py: a slanted
≥/≤ alone weak before a value that parses, seal ink over a framework label; here: a name read the same and
clearly elsewhere in the document, a goal cell naming the row's own goal) flags nothing and is noted
``OCR核对``. Project records are reviewed from their form's cells and text lines the same way
(ocr/form_trust.py).

Pure Python: the engine calls :meth:`OcrGrid.review_records` on any grid that has it, without importing OCR.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import AbstractSet, Iterable

from ..grid import Cell, Grid
from ..columns import ROLE_PATTERNS
from ..text import is_cjk, key
from ..values import PLACEHOLDERS, comparator_symbol
from ..vocab import basis_of, label_of, snap_to_vocabulary
from . import LOW_CONFIDENCE
from ..captions import caption_of
from .form_trust import MIN_CONFIRM, one_line as _flat, review_projects, sure_texts
from .plausible import value_problem
from .restamped import is_restamped
from .runner_up import is_backed
from .settled import (SEAL_WORD, SLANTED_OF, STRICT_OF, comparator_counts, note_parts, odd_strict,
                      seal_settled_note, settled_comparator, settled_label, settled_seal, strict_comparators_read)

_FIELD_NAMES = {"level1": "一级指标", "level2": "二级指标", "basis": "指标值确定依据", "target": "指标值",
                "prev1": "上年值", "prev2": "前年值"}
OCR_NOTE = "OCR"  # every note the OCR reader writes on a record starts so (OCR修正…, OCR识别置信度低…)
SETTLED_NOTE = "OCR核对"  # a doubt settled by the reading itself: noted, but no reason to check the row


def review_reason(rec: dict) -> str | None:
    """Why a reviewer checks a row or project read by OCR (its OCR notes, joined), or None where it is not
    flagged (a record of another reader, or one read with confidence)."""
    if not rec.get("ocr_low_confidence"):
        return None
    reasons = [n for n in rec.get("notes") or [] if n.startswith(OCR_NOTE) and not n.startswith(SETTLED_NOTE)]
    return "；".join(reasons) or "OCR识别置信度低"


@dataclass
class OcrGrid(Grid):
    """A grid read (partly) by OCR: ``mends`` maps id(cell) → the note of the value mend made in it (or of seal
    ink over it …); ``chars`` id(cell) → the recogniser's probability of each character of its text, where the
    reader keeps them (ocr/settled.py judges a cell by them, else by its mean confidence); ``alts`` id(cell) →
    each character's runner-up (the character its frame gave the next most probability) and its probability."""

    mends: dict[int, str] = field(default_factory=dict)
    chars: dict[int, tuple[float, ...]] = field(default_factory=dict)
    alts: dict[int, tuple[tuple[str, float], ...]] = field(default_factory=dict)

    def review_records(self, records: list[dict]) -> None:
        """Flag, note and snap the records assembled from this grid (in place)."""
        review(self, records)


def row_cells(grid: Grid) -> dict[int, list[Cell]]:
    """The cells covering each table row, by the row's ordinal as the assembler numbers it (a text line
    counts one, a table its rows)."""
    out: dict[int, list[Cell]] = {}
    for first, table in grid.tables_by_first_row():
        for r, row in enumerate(table.anchors()):
            seen: list[Cell] = []
            for c in row:
                if c is not None and all(c is not s for s in seen):
                    seen.append(c)
            out[first + r] = seen
    return out


def review(grid: OcrGrid, records: list[dict]) -> None:
    """Flag, note and snap the indicator records of an OCR'd grid, and flag and note its project records
    (in place)."""
    sure = sure_texts(grid, grid.mends)  # texts read clearly and untouched, which confirm a doubtful twin
    review_projects(grid, grid.mends, records, sure)
    rows = row_cells(grid)
    labelled = _labelled(records)
    signs = sign_cells(grid)
    doubtful = doubtful_project_names(records)
    all_cells = [c for cells in rows.values() for c in cells]
    counts = comparator_counts(all_cells)
    strict = strict_comparators_read(all_cells, grid.mends, counts)
    for rec in records:
        if rec.get("type") != "indicator":
            continue
        cells = rows.get(rec.get("line"), [])
        doubts, notes = _cell_doubts(grid, rec, cells, strict, sure)
        _snap(rec, notes)
        confs = [c.confidence for c in cells if c.confidence is not None]
        if confs:
            rec["ocr_confidence"] = round(min(confs), 3)
            # a low-confidence character, a mend or seal ink the cell's own reading does not settle
            rec["ocr_low_confidence"] = bool(doubts)
            weak_cells = sorted((c for c in doubts if c.confidence is not None and c.confidence < LOW_CONFIDENCE),
                                key=lambda c: c.confidence)
            weak = "、".join(f"“{_flat(c.text)}”（{c.confidence:.2f}）" for c in weak_cells)
            if weak:
                notes.append(f"OCR识别置信度低，请人工核对：{weak}")
            # read with confidence but shaped unlike what it prints: flagged too, never changed
            odd = shape_notes(rec, labelled)
            odd += [n for n in (goal_note(rec, cells), sign_note(signs.get(rec.get("line"))),
                                project_note(rec, doubtful), odd_strict_note(cells, counts)) if n]
            if odd:
                rec["ocr_low_confidence"] = True
                notes.extend(odd)
        if notes:
            rec["notes"] = [*rec.get("notes", []), *notes]


def _cell_doubts(grid: OcrGrid, rec: dict, cells: list[Cell], strict: AbstractSet[str],
                 sure: AbstractSet[str]) -> tuple[list[Cell], list[str]]:
    """The cells of a row whose reading a reviewer checks (a low-confidence character, a mend, seal ink) and
    the notes of the row's mends; a doubt the cell's own reading settles (ocr/settled.py) is noted, not
    flagged, and what was mended in it still said."""
    doubts: list[Cell] = []
    notes: list[str] = []
    for c in cells:
        note = grid.mends.get(id(c))
        weak = c.confidence is not None and c.confidence < LOW_CONFIDENCE
        if not note and not weak:
            continue
        if settled_comparator(c, note, grid.chars.get(id(c)), strict):
            notes += [p for p in note_parts(note) if p.startswith("OCR修正")]
            notes.append(f"OCR核对：“{_flat(c.text)}”的比较符识别概率低（斜体“≥”“≤”），其余字符清楚、数值合乎取值语法，"
                         f"且本文件未见“{STRICT_OF[key(c.text)[0]]}”，按所读取，不再标记")
        elif settled_label(c, note):
            notes.append(f"OCR核对：“{_flat(c.text)}”上有印章，但与指标体系的标签一致且识别清楚，不再标记")
        elif settled_seal(c.text, note, grid.chars.get(id(c)), grid.alts.get(id(c))):
            notes.append(seal_settled_note(f"“{_flat(c.text)}”"))
        elif settled_name(c, rec, sure) and (not is_restamped(note) or is_backed(note)):  # a copy proves nothing
            # … unless the recogniser's runner-up for the character changed was the printed one
            notes += [p for p in note_parts(note) if p.startswith("OCR修正")]
            notes.append(f"OCR核对：指标名称“{_flat(c.text)}”识别存疑，但与本文件他处清楚读出的相同文字一致，不再标记")
        elif settled_goal_cell(c, note, rec):
            notes.append(f"OCR核对：目标名称格“{_flat(c.text)}”识别存疑，但与本行所属的{_goal_name(rec)}一致，不再标记")
        else:
            doubts.append(c)
            if note:  # a note about "本格" (this cell: seal ink, a dropped character) says which cell it is
                notes.append(f"{note}（本格为“{_flat(c.text)}”）" if "本格" in note and c.text.strip() else note)
    return doubts, notes


def doubtful_project_names(records: list[dict]) -> set[tuple[str, int | None]]:
    """The project records flagged for their name (read with low confidence, under a seal, shaped or spelt
    unlike the others), as (name, the line of its form): their rows are filed under a name a reviewer checks.
    A document may print two projects of one name; only the flagged one's rows go with it."""
    return {(r["project"], r.get("line")) for r in records
            if r.get("type") == "project" and r.get("project") and "project" in (r.get("ocr_review_fields") or [])}


def project_note(rec: dict, doubtful: set[tuple[str, int | None]]) -> str | None:
    """A note for a row filed under a project whose name was flagged: the row's own cells may be right, but
    it goes with a name that may be wrong (a seal over the form), so a reviewer checks it too. A row that
    names the line of its project's form goes with that form's project only; one that does not, with any
    flagged project of its name."""
    if rec.get("scope") != "project" or not rec.get("project"):
        return None
    line = rec.get("project_line")
    if (rec["project"], line) in doubtful if line is not None else any(n == rec["project"] for n, _ in doubtful):
        return f"OCR提示：本行所属项目的名称“{rec['project']}”识别存疑（见该项目的核对原因），请人工核对"
    return None


def _labelled(records: list[dict]) -> set[str]:
    """The label fields (level1, level2) some indicator row of the document fills."""
    return {f for rec in records if rec.get("type") == "indicator" for f in ("level1", "level2") if rec.get(f)}


def goal_note(rec: dict, cells: list[Cell]) -> str | None:
    """A note where a cell of the row names another goal than the one the row was filed under (the goal's
    caption above was misread, so the row joined the goal before it), else None."""
    for c in cells:
        cap = caption_of(key(c.text))  # a cell naming a goal alone: 年度目标2, 长期绩效目标 1, 中长期目标3
        if cap is None or cap.horizon is None or cap.goal is None or cap.text is not None:
            continue
        if (cap.horizon, cap.goal) != (rec.get("horizon"), rec.get("goal")):
            return f"OCR提示：本行目标名称格为“{_flat(c.text)}”，但归入了{_goal_name(rec)}（其标题可能未识别出），请人工核对"
    return None


def odd_strict_note(cells: list[Cell], counts: Counter) -> str | None:
    """A note where a cell of the row read by OCR starts with a strict comparator (> <) the document prints far
    less often than its slanted counterpart (≥ ≤): a slanted ≤ read as < with confidence takes no runner-up."""
    for c in cells:
        k = key(c.text)
        if c.confidence is not None and k and k[0] in "><" and odd_strict(k[0], counts):
            other = SLANTED_OF[k[0]]
            return (f"OCR提示：“{_flat(c.text)}”的比较符“{k[0]}”在本文件中少见（其他值多为“{other}”），"
                    f"可能是“{other}”识别有误，请人工核对（未作改动）")
    return None


def settled_name(cell: Cell, rec: dict, sure: set[str]) -> bool:
    """True where a doubtful cell (seal ink, low confidence, a mend) holds the row's indicator name and the
    document prints that name elsewhere and reads it there with confidence and untouched (form_trust.sure_texts:
    the same indicator in another year's or another project's table): two readings agree. Not a value, whose
    digits recur by chance."""
    k = key(cell.text)
    return len(k) >= MIN_CONFIRM and k == key(rec.get("name") or "") and k in sure


def settled_goal_cell(cell: Cell, note: str | None, rec: dict) -> bool:
    """True where a cell naming a goal alone (年度目标2), with seal ink on it or read with low confidence but
    not mended, names the goal the row was filed under from the caption above it: two readings agree."""
    if any(not p.startswith("OCR提示") or SEAL_WORD not in p for p in note_parts(note)):
        return False
    cap = caption_of(key(cell.text))
    if cap is None or cap.horizon is None or cap.goal is None or cap.text is not None:
        return False
    return (cap.horizon, cap.goal) == (rec.get("horizon"), rec.get("goal"))


def _goal_name(rec: dict) -> str:
    return f"{'长期' if rec.get('horizon') == 'long_term' else '年度'}目标{rec.get('goal') or 1}"


_SIGN_HEAD = dict(ROLE_PATTERNS)["cmp"]  # 指标性质, 符号, 运算符号 …


def sign_cells(grid: Grid) -> dict[int, Cell]:
    """The cell each table row prints under a sign column (指标性质 | 指标值 | 度量单位 printed apart), by the
    row's ordinal as the assembler numbers rows; the column is the one under the table's last sign head."""
    out: dict[int, Cell] = {}
    for first, table in grid.tables_by_first_row():
        col = None
        for r, row in enumerate(table.anchors()):
            heads = [k for k, c in enumerate(row) if c is not None and c.col == k and _SIGN_HEAD.search(key(c.text))]
            if heads:
                col = heads[0]
                continue
            if col is not None and row[col] is not None and row[col].col == col:
                out[first + r] = row[col]
    return out


def sign_note(cell: Cell | None) -> str | None:
    """A note where a sign column's cell, read by OCR, holds neither a comparator nor a word (定性, 正向 …): a
    lone ≥ read as a letter (V) or a mark, so the row's value was joined without its comparator."""
    if cell is None or cell.confidence is None:
        return None
    text = key(cell.text)
    if not text or text in PLACEHOLDERS or comparator_symbol(text) is not None:
        return None  # an empty sign cell printed as - / — / 无 is a form's placeholder, not a lost sign
    if len(text) >= 2 and all(is_cjk(ch) for ch in text):
        return None
    return f"OCR提示：指标性质格“{_flat(cell.text)}”不是比较符，指标值可能缺了“≥”“≤”或“=”，请人工核对（未作改动）"


def shape_notes(rec: dict, labelled: Iterable[str] = ()) -> list[str]:
    """A note for each value of an OCR'd indicator row shaped unlike a value (ocr/plausible.py), for a 一级/二级
    label left empty where other rows of the document print one (its cell or column head was not read), and for
    a label more than one character off the framework (a footer or another cell's text read into it), and for
    a project's row whose project name was not read: the row is flagged, its text left as read."""
    notes = [f"OCR提示：{_FIELD_NAMES[f]}为空（本文件其他行有），该格或表头可能未识别出，请人工核对"
             for f in ("level1", "level2") if f in labelled and not rec.get(f)]
    notes += [f"OCR提示：{_FIELD_NAMES[f]}“{rec[f]}”不在指标体系中（差一个字以上），请人工核对（未作改动）"
              for f in ("level1", "level2") if rec.get(f) and rec.get(f"{f}_concept") is None]
    if rec.get("scope") == "project" and not rec.get("project"):
        notes.append("OCR提示：本行属于项目绩效目标表，但其项目名称未识别出（项目表单可能被印章或污损遮盖），请人工核对")
    for f in ("target", "prev1", "prev2"):
        why = value_problem(rec.get(f))
        if why:
            notes.append(f"OCR提示：{_FIELD_NAMES[f]}“{rec[f]}”{why}，请人工核对（未作改动）")
    return notes


def _snap(rec: dict, notes: list[str]) -> None:
    """一级/二级 labels and the basis one character off the framework snapped to it, with a note each."""
    for f in ("level1", "level2", "basis"):
        printed = rec.get(f)
        if not printed:
            continue
        snapped = snap_to_vocabulary(printed)
        if snapped is None or (f == "basis") != (basis_of(snapped) is not None):
            continue
        rec[f] = snapped
        notes.append(f"OCR修正：{_FIELD_NAMES[f]}“{printed}”按指标体系读作“{snapped}”")
        label = label_of(snapped)
        if f == "level1" and label is not None:
            rec["level1_concept"] = label.level1
        if f == "level2" and label is not None:
            rec["level2_concept"] = label.level2
