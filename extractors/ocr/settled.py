"""Doubts about an OCR'd cell that its own reading settles, so that its row is not flagged for them:

- a slanted ≥ or ≤ at the start of a value, which the recogniser reads with a low probability (or as > or <
  and takes its runner-up): settled where every other character of the cell was read with confidence, the
  cell parses as a value a table prints (the value grammar, extractors/values.py) and the document prints no
  strict counterpart (> for ≥, < for ≤, or 大于, 低于 …) read with confidence — so the doubt was only between ≥
  and >; a strict symbol the document prints once or twice among many of its slanted counterparts is an odd
  one out (a ≤ read as < with confidence: flagged by trust.py), not a sign that the document prints them;
- seal ink over a 一级/二级 label or a basis printed exactly as the framework has it and read with
  confidence: a closed vocabulary, which a seal cannot turn into another of its words unnoticed;
- seal ink over a cell whose every character the recogniser read surely (≥ 0.98) with no runner-up it gave
  more than 0.01 (ocr/recognize.py keeps both for a cell read as one line): the seal left it no other reading.
  Not a number: a thin glyph can go whole with the seal's ink (≥90% read 90%, every character sure), which
  no character's probability shows (ocr/form_trust.py lets a form's years and codes through, whose shape
  checks see a lost digit).

A character's probability comes from the reader's per-character confidences where it keeps them
(:attr:`OcrGrid.chars <extractors.ocr.trust.OcrGrid>`), else from the runner-up note of a comparator it
replaced (its probability is printed there) with the cell's mean confidence bounding the others: of k other
characters averaging r, none is below 1 - k·(1 - r).

Pure Python, called by :func:`extractors.ocr.trust.review`.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable, Sequence

from ..grid import Cell
from ..text import key, nfkc
from ..values import comparator_symbol, is_plausible_value, split_comparator
from ..vocab import basis_of, label_of
from . import LOW_CONFIDENCE

_SLANTED = frozenset("≥≤")  # the comparators slanted fonts print, which the recogniser reads with low probability
# the recogniser's note of a comparator it read and replaced by its runner-up (ocr/recognize.py):
# OCR修正：“>”的次选为“≥”（> 0.45，≥ 0.43），按“≥”读取
_RUNNER_UP = re.compile(r"^OCR修正：“([><》《])”的次选为“([≥≤])”（\S+ ([01]\.\d+)，\S+ ([01]\.\d+)）")
_ROUNDING = 0.005  # the runner-up note prints probabilities to two places
# the probability a comparator's glyph needs: read as ≥/≤ itself (the recogniser reads a slanted one at
# 0.33–0.7 on the tuning scans), or as >/< and its runner-up together; less is a blot or a mark beside the
# value as likely as a comparator
COMPARATOR_FLOOR = 0.3
RUNNER_UP_FLOOR = 0.5
SEAL_WORD = "印章"  # the word every note of seal ink over a cell has (extractors/read_scan.py SEAL_NOTE)


def note_parts(note: str | None) -> list[str]:
    """The notes the reader joined on one cell (a mend, a seal, a dropped character …)."""
    return [p for p in (note or "").split("；") if p]


def only_seal(note: str | None) -> bool:
    """True where a cell's notes say only that seal ink was over it (nothing mended, nothing dropped)."""
    parts = note_parts(note)
    return bool(parts) and all(SEAL_WORD in p and p.startswith("OCR提示") for p in parts)


SLANTED_OF = {">": "≥", "<": "≤"}  # a strict comparator → the slanted one the recogniser reads it for
STRICT_OF = {v: k for k, v in SLANTED_OF.items()}  # a slanted comparator → its strict counterpart
# a strict symbol is an odd one out where the document prints its slanted counterpart at least ODD_MIN times
# and ODD_RATIO times as often: a ≤ read as < (confidently, so no runner-up was taken), not a printed <
ODD_MIN, ODD_RATIO = 3, 3


def comparator_counts(cells: Iterable[Cell]) -> Counter:
    """How many of the document's cells start with each comparator symbol (≥ ≤ > <), as read."""
    return Counter(k[0] for k in (key(c.text) for c in cells) if k and k[0] in "≥≤><")


def odd_strict(symbol: str, counts: Counter) -> bool:
    """True where a strict comparator symbol (> <) is an odd one out in a document printing its slanted
    counterpart (≥ ≤) far more often."""
    other = SLANTED_OF.get(symbol)
    return other is not None and counts[other] >= max(ODD_MIN, ODD_RATIO * counts[symbol])


def strict_comparators_read(cells: Iterable[Cell], mends: dict[int, str], counts: Counter | None = None) -> set[str]:
    """The slanted comparators (≥, ≤) whose strict counterpart (>, <) the document prints: a cell starting
    with one (or a word for one: 大于, 低于 …) read with confidence and untouched — unless the symbol is an odd
    one out (odd_strict). A weak ≥ may then be a >, and is not settled."""
    cells = list(cells)
    counts = comparator_counts(cells) if counts is None else counts  # the document's comparator_counts
    out: set[str] = set()
    for c in cells:
        if c.confidence is None or c.confidence < LOW_CONFIDENCE or id(c) in mends:
            continue
        printed, _ = split_comparator(key(c.text))
        symbol = comparator_symbol(printed) if printed else None
        if symbol in SLANTED_OF and not (printed in SLANTED_OF and odd_strict(printed, counts)):
            out.add(SLANTED_OF[symbol])
    return out


def comparator_probability(note: str | None, text: str) -> tuple[float, float] | None:
    """The probabilities the recogniser gave the comparator it replaced by its runner-up at the start of the
    cell and that runner-up (from the reader's note), or None where the cell has no such note or other notes
    besides."""
    parts = note_parts(note)
    if len(parts) != 1:
        return None
    m = _RUNNER_UP.match(parts[0])
    if m is None or not text.startswith(m.group(2)):
        return None
    return float(m.group(3)), float(m.group(4))


def others_confident(text: str, confidence: float, first: float | None, chars: Sequence[float] | None) -> bool:
    """True where every character of `text` after the first was read with confidence: from the per-character
    probabilities `chars` where known (one per character of the text), else bounded from the cell's mean
    `confidence` and the first character's probability `first`."""
    if chars is not None:
        return len(chars) == len(text) and all(p >= LOW_CONFIDENCE for p in chars[1:])
    if first is None or len(text) < 2:
        return False
    k = len(text) - 1
    rest = (confidence * len(text) - first) / k  # the other characters' mean
    return 1 - k * (1 - rest) >= LOW_CONFIDENCE


def settled_comparator(cell: Cell, note: str | None, chars: Sequence[float] | None, strict: Iterable[str]) -> bool:
    """True where the only doubt about a cell's reading is its leading slanted ≥ or ≤ (see the module) and the
    document does not print its strict counterpart (`strict`: strict_comparators_read)."""
    text = key(cell.text)
    if cell.confidence is None or not text or text[0] not in _SLANTED or text[0] in strict or not is_plausible_value(text):
        return False
    runner_up = comparator_probability(note, text)
    if note_parts(note) and runner_up is None:
        return False  # a seal, a dropped character or another mend on it: not the comparator alone
    if runner_up is not None:
        if sum(runner_up) < RUNNER_UP_FLOOR:
            return False
        return others_confident(text, cell.confidence, runner_up[0] + _ROUNDING, chars)
    if chars is not None and (len(chars) != len(text) or chars[0] < COMPARATOR_FLOOR):
        return False
    return others_confident(text, cell.confidence, None, chars)


def settled_label(cell: Cell, note: str | None) -> bool:
    """True where a cell under seal ink prints a 一级/二级 label or a basis exactly as the framework does and was
    read with confidence, with no other note on it."""
    if not only_seal(note):
        return False
    if cell.confidence is None or cell.confidence < LOW_CONFIDENCE:
        return False
    return label_of(cell.text) is not None or basis_of(cell.text) is not None


# a cell under seal ink is settled where every character was read at least this surely …
SEAL_SURE = 0.98
# … and no character's runner-up was given more than this: the seal left the recogniser no other reading
SEAL_ALT_MAX = 0.01


def seal_settled_note(what: str) -> str:
    """The note on a record whose cells `what` (“text”, or label“text”、…) were under seal ink their readings
    settle (settled_seal)."""
    return f"OCR核对：{what}上有印章，但每个字都识别清楚（识别概率不低于{SEAL_SURE}，无相近的次选字），不再标记"


def settled_seal(text: str, note: str | None, chars: Sequence[float] | None,
                 alts: Sequence[tuple[str, float]] | None, numbers: bool = False) -> bool:
    """True where the only doubt about a cell's `text` is seal ink over it (no mend, nothing dropped: the seal's note
    alone) and the recogniser read every character of its text surely (SEAL_SURE) with no runner-up it gave
    more than SEAL_ALT_MAX (a runner-up that is the character itself in another width, ２ for 2, is none):
    each character as one line prints it (the reader keeps both only then). A text with a digit only where
    `numbers` (its field's shape check sees a lost character)."""
    if not only_seal(note):
        return False
    if chars is None or alts is None or not text or len(chars) != len(text) or len(alts) != len(text):
        return False
    if not numbers and any(ch.isdigit() for ch in text):
        return False
    return all(p >= SEAL_SURE for p in chars) and all(q <= SEAL_ALT_MAX or nfkc(a) == nfkc(ch)
                                                      for ch, (a, q) in zip(text, alts))
