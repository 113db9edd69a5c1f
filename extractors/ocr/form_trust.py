"""Trust in the project forms (表12) of a scanned document: a project record whose name, code, budgets or
years came from a form cell read with low confidence, or whose text had seal ink or a mend on it, is flagged
like an indicator row (``ocr_low_confidence``, ``ocr_confidence``, ``ocr_review_fields`` and a Chinese note
naming the fields); a project code whose shape (length, and the kind of character at each place) differs from
the codes the document prints for its other projects is flagged too, never changed.

Pure Python, called by :func:`extractors.ocr.trust.review`.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import AbstractSet

from ..grid import Cell, Grid, Table, Text
from ..projects import form_field, is_form_label
from ..text import key
from . import LOW_CONFIDENCE
from .restamped import is_restamped
from .runner_up import is_backed
from .settled import only_seal, seal_settled_note, settled_seal
from .plausible import money_problem, name_problem, odd_one_out, period_problem, year_problem

# the form fields a reviewer checks, by form_field's name → the record fields they fill
CHECKED = {"project": ("project",), "code": ("code",), "department": ("department",), "executor": ("executor",),
           "total_budget": ("total_budget",), "year_budget": ("year_budget",), "year_budget_part": ("year_budget",),
           "start_year": ("start_year",), "end_year": ("end_year",), "period": ("start_year", "end_year")}
# how a field's printed value is shaped (ocr/plausible.py), by form_field's name
SHAPES = {"department": name_problem, "executor": name_problem, "total_budget": money_problem,
          "year_budget": money_problem, "year_budget_part": money_problem, "start_year": year_problem,
          "end_year": year_problem, "period": period_problem}
_NAMES = ("department", "executor")  # organisations' names, compared across the document's projects
# fields whose digits a shape check watches (a year of three digits, a code shorter than the others)
_SHAPED_NUMBERS = frozenset({"code", "start_year", "end_year", "period"})
# form fields whose text is specific enough that the same text read elsewhere in the document confirms it (a
# project's name in the 项目支出表 and above its indicator table, the department on every form); not budgets
# or years, whose digits recur by chance
CONFIRMABLE = frozenset({"project", "code", "department", "executor"})
MIN_CONFIRM = 4  # characters a text needs before another reading of it counts as a confirmation
_MIN_CODES = 2  # other projects' codes that must agree on a shape before a code is checked against it
_TEXT_FIELD = re.compile(r"^([^:：]{2,8})[:：](.*)$", re.S)


@dataclass
class FormValue:
    """One checked field of a form as OCR read it: its form_field name, printed label and value, the value's
    confidence and the note of a mend or seal on it (None where there is none)."""

    field: str
    label: str
    text: str
    confidence: float | None
    mend: str | None = None
    chars: tuple[float, ...] | None = None  # each character's probability, where the reader kept them
    alts: tuple[tuple[str, float], ...] | None = None  # … and each one's runner-up

    def suspect(self) -> bool:
        return self.confidence is not None and self.confidence < LOW_CONFIDENCE or self.mend is not None

    def seal_settled(self) -> bool:
        """True where the value's only doubt is seal ink its own reading settles (ocr/settled.py); digits only
        in a field whose shape check sees a lost one (years, a code beside the document's others), not in a
        budget."""
        return settled_seal(self.text, self.mend, self.chars, self.alts, numbers=self.field in _SHAPED_NUMBERS)


def row_starts(grid: Grid) -> dict[int, list[Cell]]:
    """The cells starting in each table row, in column order, by the row's ordinal as the assembler numbers
    it (a text line counts one, a table its rows)."""
    out: dict[int, list[Cell]] = {}
    for first, table in grid.tables_by_first_row():
        for c in sorted(table.cells, key=lambda c: (c.row, c.col)):
            out.setdefault(first + c.row, []).append(c)
    return out


def text_lines(grid: Grid) -> dict[int, Text]:
    """The text lines of a grid by their ordinal as the assembler numbers rows."""
    out: dict[int, Text] = {}
    ordinal = 0
    for item in grid.items:
        if isinstance(item, Table):
            ordinal += item.n_rows
        else:
            ordinal += 1
            out[ordinal] = item
    return out


def _is_label(text: str) -> bool:
    k = key(text)
    return bool(k) and (is_form_label(k) or form_field(k) is not None)


def form_cells(rows: dict[int, list[Cell]], first: int, last: int, mends: dict[int, str] | None = None,
               lines: dict[int, Text] | None = None, grid: Grid | None = None) -> list[FormValue]:
    """The checked fields of the form in rows first … last as the assembler pairs them (a label's value is the
    next cell of its row; a text line ``label：value``); a field's first label wins. A cell's characters'
    probabilities and runners-up come from `grid` where it keeps them (an OcrGrid)."""
    mends = mends or {}
    chars, alts = getattr(grid, "chars", {}), getattr(grid, "alts", {})
    out: list[FormValue] = []
    seen: set[str] = set()

    def add(name: str, label: str, text: str, conf: float | None, obj: object) -> None:
        if name in CHECKED and (name not in seen or name == "year_budget_part"):
            seen.add(name)
            out.append(FormValue(name, "".join(label.split()).rstrip(":："), text, conf, mends.get(id(obj)),
                                 chars.get(id(obj)), alts.get(id(obj))))

    for r in range(first, last + 1):
        line = (lines or {}).get(r)
        if line is not None:
            m = _TEXT_FIELD.match(line.text.strip())
            if m and _is_label(m.group(1)) and m.group(2).strip():
                add(form_field(key(m.group(1))) or "", m.group(1), m.group(2).strip(), line.confidence, line)
            continue
        cells = rows.get(r, [])
        for label, value in zip(cells, cells[1:]):
            if _is_label(label.text) and not _is_label(value.text):
                add(form_field(key(label.text)) or "", label.text, value.text, value.confidence, value)
    return out


def sure_texts(grid: Grid, mends: dict[int, str]) -> set[str]:
    """The texts (matching keys) of the grid's cells and text lines read with confidence and with no mend or
    seal on them, and those read with confidence under seal ink alone on two pages or more (two seals cannot
    spoil a text the same way: they lie over it differently); of a text line ``label：value`` its value too."""
    out: set[str] = set()
    sealed: dict[str, set[int]] = {}  # a text read with confidence under seal ink alone → the pages it was read on
    for item in grid.items:
        pieces = item.cells if isinstance(item, Table) else [item]
        for p in pieces:
            if p.confidence is None or p.confidence < LOW_CONFIDENCE:
                continue
            m = _TEXT_FIELD.match(p.text.strip()) if isinstance(p, Text) else None
            keys = [key(p.text), *([key(m.group(2))] if m else [])]
            if id(p) not in mends:
                out.update(keys)
            elif only_seal(mends[id(p)]) and p.source is not None and p.source.page is not None:
                for k in keys:
                    sealed.setdefault(k, set()).add(p.source.page)
    return out | {k for k, pages in sealed.items() if len(pages) >= 2}


def confirmed(value: FormValue, sure: set[str]) -> bool:
    """True where a doubtful form value (low confidence, a seal or a mend on it) of a field CONFIRMABLE is
    printed elsewhere in the document and read there with confidence, untouched: the two readings agree — not
    where the value was itself taken from that text (restamped: a copy agrees with its source), unless the
    recogniser's runner-up for the one character changed was the printed one (ocr/runner_up.py: its own second
    reading agrees)."""
    k = key(value.text)
    copied = is_restamped(value.mend) and not is_backed(value.mend)
    return value.field in CONFIRMABLE and len(k) >= MIN_CONFIRM and k in sure and not copied


def review_projects(grid: Grid, mends: dict[int, str], records: list[dict], sure: AbstractSet[str]) -> None:
    """Flag and note the project records of an OCR'd grid (in place): low-confidence, sealed or mended form
    values (unless read the same elsewhere in the document: `sure`, from sure_texts), values shaped unlike
    their field, organisations' names one or two characters off the document's others, and codes of another
    shape than the document's other codes."""
    projects = [r for r in records if r.get("type") == "project" and isinstance(r.get("line"), int)]
    rows, texts = row_starts(grid), text_lines(grid)
    lines = sorted({r["line"] for r in projects})
    end = max([*rows, *texts], default=0)
    for rec in projects:
        later = [n for n in lines if n > rec["line"]]
        values = form_cells(rows, rec["line"], later[0] - 1 if later else end, mends, texts, grid)
        _flag_cells(rec, values, sure)
        _flag_shapes(rec, values)
    codes = [r.get("code") for r in projects]
    for i, rec in enumerate(projects):
        if "ocr_confidence" not in rec:
            continue  # its form was not read by OCR (a page of a PDF with a text layer)
        why = code_shape_problem(rec.get("code"), [c for k, c in enumerate(codes) if k != i and c])
        if why:
            _flag(rec, "code", f"OCR提示：项目编码“{rec['code']}”{why}，请人工核对（未作改动）")
        others = [r.get(f) for k, r in enumerate(projects) if k != i for f in _NAMES]
        for f in _NAMES:
            near = odd_one_out(rec.get(f), others)
            if near:
                _flag(rec, f, f"OCR提示：{_LABELS[f]}“{rec[f]}”与本文件其他项目的“{near}”只差一两个字，请人工核对（未作改动）")


_LABELS = {"department": "主管部门", "executor": "执行单位"}


def _flag_cells(rec: dict, values: list[FormValue], sure: AbstractSet[str] = frozenset()) -> None:
    """The confidence, flag and notes of one project record from its form's values; a doubtful value the
    document prints and reads the same elsewhere (`sure`) is noted as confirmed, not flagged."""
    read = [v for v in values if v.confidence is not None]
    if not read:
        return
    rec["ocr_confidence"] = round(min(v.confidence for v in read), 3)
    rec.setdefault("ocr_low_confidence", False)
    agreed = [v for v in values if v.suspect() and confirmed(v, sure)]
    if agreed:
        listed = "、".join(f"{v.label}“{one_line(v.text)}”" for v in agreed)
        _note(rec, f"OCR核对：{listed}识别时有印章、修正或置信度低，但与本文件他处清楚读出的相同文字一致，不再标记")
        for v in agreed:  # what was mended is said even where the mend is confirmed
            for part in (v.mend or "").split("；"):
                if part.startswith("OCR修正"):
                    _note(rec, f"{part}（{v.label}）")
    clear = [v for v in values if v.suspect() and all(v is not a for a in agreed) and v.seal_settled()]
    if clear:
        listed = "、".join(f"{v.label}“{one_line(v.text)}”" for v in clear)
        _note(rec, seal_settled_note(listed))
    values = [v for v in values if all(v is not a for a in [*agreed, *clear])]
    weak = sorted((v for v in values if v.confidence is not None and v.confidence < LOW_CONFIDENCE),
                  key=lambda v: v.confidence)
    if weak:
        listed = "、".join(f"{v.label}“{one_line(v.text)}”（{v.confidence:.2f}）" for v in weak)
        _note(rec, f"OCR识别置信度低，请人工核对：{listed}")
    mended: dict[str, list[str]] = {}  # a mend's or seal's note → the fields it was made in
    for v in values:
        if v.suspect():
            for name in CHECKED[v.field]:
                _flag(rec, name, None)
            if v.mend is not None:
                mended.setdefault(v.mend, []).append(f"{v.label}“{one_line(v.text)}”")
    for note, where in mended.items():
        _note(rec, f"{note}（{'、'.join(where)}）")


def _flag_shapes(rec: dict, values: list[FormValue]) -> None:
    """A form value read by OCR and shaped unlike its field (a budget that is no number, two years run
    together …) flags its record, with a note; the value is left as read."""
    for v in values:
        check = SHAPES.get(v.field)
        why = check(v.text) if check is not None and v.confidence is not None else None
        if why:
            for name in CHECKED[v.field]:
                _flag(rec, name, None)
            _note(rec, f"OCR提示：{v.label}“{one_line(v.text)}”{why}，请人工核对（未作改动）")


def _flag(rec: dict, field: str, note: str | None) -> None:
    """The record flagged for a reviewer, `field` listed among those to check, and the note (if any) added."""
    rec["ocr_low_confidence"] = True
    rec["ocr_review_fields"] = sorted({*rec.get("ocr_review_fields", []), field})
    if note:
        _note(rec, note)


def _note(rec: dict, note: str) -> None:
    rec["notes"] = [*(rec.get("notes") or []), note]


def one_line(text: str) -> str:
    """A cell's text as quoted in a note: its wrapped lines joined."""
    return text.replace("\n", "")


def char_class(ch: str) -> str:
    """The kind of a code's character: d digit, A Latin letter, 汉 Chinese, else the character itself."""
    ch = unicodedata.normalize("NFKC", ch)
    if ch.isdigit():
        return "d"
    if ch.isascii() and ch.isalpha():
        return "A"
    if "\u4e00" <= ch <= "\u9fff":
        return "汉"
    return ch


def code_shape_problem(code: str | None, others: list[str]) -> str | None:
    """How `code` differs from the shape the other codes agree on (in Chinese), or None: the length most of
    them have (two codes at least), then each place where all codes of that length have the same kind of
    character (a digit where they have digits, a letter where they have letters)."""
    if not code:
        return None
    code = unicodedata.normalize("NFKC", code).strip()
    others = [unicodedata.normalize("NFKC", c).strip() for c in others]
    lengths = Counter(len(c) for c in others)
    if not lengths:
        return None
    n, count = lengths.most_common(1)[0]
    if count < _MIN_CODES or count * 2 <= len(others):
        return None
    if len(code) != n:
        return f"为{len(code)}位，本文件其他项目编码为{n}位"
    same = [c for c in others if len(c) == n]
    wrong = []
    for i, ch in enumerate(code):
        kinds = {char_class(c[i]) for c in same}
        if len(kinds) == 1 and char_class(ch) not in kinds:
            wrong.append(f"第{i + 1}位“{ch}”（其他编码此处为{_kind_name(kinds.pop())}）")
    return "的" + "、".join(wrong) + "与本文件其他项目编码不同" if wrong else None


def _kind_name(kind: str) -> str:
    return {"d": "数字", "A": "字母", "汉": "汉字"}.get(kind, f"“{kind}”")
