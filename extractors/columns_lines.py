"""The lines of column-aligned text as the column reader sees them: a line's words (runs of non-space
characters, with their text columns) and chunks (words one space apart), and the word tests they need
(a 指标性质 sign, a number, a placeholder, a goal caption)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from .captions import caption_of
from .text import is_cjk, key
from .values import comparator_symbol, is_quantitative, value_score
from .vocab import basis_of, is_label_prefix, label_of

CHUNK = re.compile(r"\S+(?: \S+)*")
WORD = re.compile(r"\S+")

UNSET = object()  # a line's header answer not yet computed


class Word(NamedTuple):
    """A run of non-space characters of a line: its text column span [start, end)."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class PageLine:
    """One line of the text: its number (1-based), page and words; what the readers compute of it once
    (its chunks, header pieces, header answers) is kept in slots of its own, forgotten by ``forget``."""

    no: int
    page: int
    raw: str
    words: list[Word]
    header: object = field(default=UNSET, repr=False, compare=False)  # header_span's answer, once known
    chunk_texts: list[str] | None = field(default=None, init=False, repr=False, compare=False)  # see ``chunks``
    chunk_spans: list[Chunk] | None = field(default=None, init=False, repr=False, compare=False)  # see ``line_chunks``
    head_pieces: list | None = field(default=None, init=False, repr=False, compare=False)  # see header_pieces
    names_columns: bool | None = field(default=None, init=False, repr=False, compare=False)  # see is_header_line

    @property
    def chunks(self) -> list[str]:
        """The line's text pieces separated by two or more spaces; a goal caption is the whole line, one
        piece also where a converter spaced it out ("长期目标  2：…，     …"). Computed once a line."""
        chunks = self.chunk_texts
        if chunks is None:
            chunks = [m.group() for m in CHUNK.finditer(self.raw)]
            if len(chunks) >= 2 and is_goal_caption(chunks[0] + chunks[1]):  # its label may be cut from its number
                chunks = [" ".join(chunks)]
            self.chunk_texts = chunks
        return chunks

    @property
    def blank(self) -> bool:
        return not self.words

    def forget(self) -> None:
        """Forget what was computed from the line's text (its text or words changed)."""
        self.chunk_texts = self.chunk_spans = self.head_pieces = self.names_columns = None


_new_tuple = tuple.__new__  # a Word made without the Python-level NamedTuple.__new__ (a line's words are many)


def line_words(raw: str) -> list[Word]:
    """A line's words (runs of non-space characters), a goal label joined with its number (see
    ``goal_labels_joined``)."""
    return goal_labels_joined([_new_tuple(Word, (m.start(), m.end(), m.group())) for m in WORD.finditer(raw)])


def set_raw(ln: PageLine, raw: str) -> None:
    """A line's text replaced: its words found again, what was computed from them forgotten."""
    ln.raw = raw
    ln.words = line_words(raw)
    ln.forget()


_GOAL_LABEL_WORD = re.compile(r"^(长期|年度)(绩效)?目标$")


def goal_labels_joined(words: list[Word]) -> list[Word]:
    """A goal label and its number as one word ("长期目标   10" → 长期目标 10): a converter that spaces out what
    it prints can push the number into the next column."""
    out: list[Word] = []
    for w in words:
        if out and w.text.isdigit() and _GOAL_LABEL_WORD.match(out[-1].text):
            out[-1] = Word(out[-1].start, w.end, f"{out[-1].text} {w.text}")
        else:
            out.append(w)
    return out


def next_nonblank(lines: list[PageLine], i: int) -> int | None:
    """The index of the first non-blank line after line index i, or None."""
    for k in range(i + 1, len(lines)):
        if not lines[k].blank:
            return k
    return None


@dataclass(slots=True)
class Chunk:
    """Words of a line joined by single spaces: [start, end) and the starts of its inner words."""

    start: int
    end: int
    inner: list[int]


def line_chunks(ln: PageLine) -> list[Chunk]:
    """The line's chunks. An inner word of at least three characters with a Han character in it may
    begin a new cell (a converter can leave one space between two cells), and so may a 指标性质 word
    (≥, ≤, =, 定性 …) after a word that ends in a Han character ("…满意 ≥": a name, then its sign); others
    ("标 1", "≥ 450 个"), and any word after a comma (管理, 提供服务) but a label or its first part (成本指), go
    with the word before. Computed once
    a line."""
    cached = ln.chunk_spans
    if cached is not None:
        return cached
    out: list[Chunk] = []
    prev = ""
    for w in ln.words:
        if out and w.start - out[-1].end == 1:
            c = out[-1]
            if ((len(w.text) >= 3 and any(is_cjk(ch) for ch in w.text) and (prev[-1] not in _GOES_ON or _is_label_start(w.text)))
                    or _new_value_cell(prev, w.text)):
                c.inner.append(w.start)
            c.end = w.end
        else:
            out.append(Chunk(w.start, w.end, []))
        prev = w.text
    ln.chunk_spans = out
    return out


def _is_label_start(word: str) -> bool:
    """A 一级/二级 label or its first part wrapped in a narrow column (产出指标, 成本指): it begins a cell even
    after a comma, where a goal's line ends one space before the label column."""
    return label_of(word) is not None or is_label_prefix(word)


NAME_LINE = 4  # the fewest Han characters ending a line of a 三级指标 that a bare number may follow as its own cell
_GOES_ON = ",，、;；"  # a word ending in one of these goes on after the space (…全流程管理, 提供专业服务)
_SIGN_WORDS = frozenset({"定性", "定量"})
_CMP_HEAD = "≥≤=<>＞＜≧≦"


def _new_value_cell(prev: str, word: str) -> bool:
    """A word one space after ``prev`` that begins a cell of its own: a 指标性质 word after anything but
    another (…满意 ≥, ≥95% ≥), or a value with a sign or unit (≥2G, 12份) after a word ending in Han or
    after another value or placeholder (…出口带宽 ≥2G ≥2G, - ≤910.02), or a bare number after a whole
    basis type (计划标准 20: the 分值 or 权重 cell beside the 指标来源 one) or after a line of Han text (…事故发生 0:
    the name's line, then the first value)."""
    if is_sign(word):
        return not is_sign(prev)
    if word.isdigit() and basis_of(prev) == prev:
        return True
    if is_number(word) and len(prev) >= NAME_LINE and all(map(is_cjk, prev[-NAME_LINE:])):
        return True  # a bare number after a name line filling its column (…安全事故发生 0), not a label's end (标 1)
    if not (word[0] in _CMP_HEAD or (word[0].isdigit() and not word.isdigit())) or not is_number(word):
        return False
    return is_cjk(prev[-1]) or (not is_sign(prev) and value_score(prev) >= 0.7)


@lru_cache(maxsize=1 << 12)
def is_sign(text: str) -> bool:
    """A 指标性质 cell's word: a comparator (≥, ≤, =, 不低于 …) or 定性 / 定量."""
    return text in _SIGN_WORDS or comparator_symbol(text) is not None


is_number = lru_cache(maxsize=1 << 16)(is_quantitative)

PLACEHOLDERS = frozenset({"-", "—", "－", "/", "——", "--"})  # 空值占位（前年 -）

SHIFT = 6  # text columns: how far left of a boundary a cell may begin when the converter squeezed its line


def is_goal_caption(text: str, with_text: bool = False) -> bool:
    """A goal's caption over its table, in the caption vocabulary (长期目标 1：…, 中长期绩效目标2：…, 当年绩效目标1：…,
    绩效目标3：…); ``with_text``: with its statement after the colon."""
    cap = caption_of(key(text))
    return cap is not None and cap.text is not None and (bool(cap.text) or not with_text)
