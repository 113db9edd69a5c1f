"""A text read under a seal mended from the same text printed elsewhere in the document.

A seal is stamped over a form's first cells (项目名称, 主管部门), and a letter of the seal left over a character
can turn it into another (门户 read 门卢, 外包 read 外电) with the recogniser sure of it. The same name is
printed again, without a seal, in a summary table or the next page's form: a cell under a seal whose text is
one character off (one insertion, deletion or substitution) from exactly one text read confidently and
without a seal elsewhere in the document, and appears nowhere as read, is that text — and its note says so
(texts compared in their NFKC form without spaces: a bracket printed half-width in one table and full-width in
another, a space the recogniser read before a half-width bracket).
Only texts of at least _MIN_CHARS characters, most of them Chinese, are mended (a short label or a value
one character off another is often another one: 数量指标 / 质量指标).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Callable

from rapidfuzz.distance import Levenshtein

from ..text import is_han, nfkc
from . import LOW_CONFIDENCE
from .runner_up import RUNNER_UP_MIN, UNSURE_CHAR, backing, doubtful_at, seconds_at

RESTAMP_NOTE = "OCR修正：印章下读作"  # how the note of a text taken from elsewhere begins
_COPIED = "按本文件他处"  # what every note of a text taken from elsewhere says


def is_restamped(note: str | None) -> bool:
    """True where a note says the text was taken from the same text printed elsewhere (restamped, or its
    enumeration comma put back): its agreement with that text proves nothing, since it was copied from it."""
    return _COPIED in (note or "")


_MIN_CHARS = 8  # a text shorter than this is never mended: short texts one character apart are often both real
_CJK_SHARE = 0.6  # … nor one less Chinese than this (codes, values, dates)


@dataclass
class Read:
    """A text as read: its `text`, its confidence, and whether seal ink was taken out of it."""

    text: str
    confidence: float
    sealed: bool
    chars: tuple[float, ...] | None = None  # each character's probability, where known
    alts: tuple[tuple[str, float], ...] | None = None  # each character's runner-up and its probability, where known


def _key(text: str) -> str:
    """A text as compared: NFKC, without whitespace (城市视频经费 (清欠) and 城市视频经费（清欠） alike)."""
    return "".join(nfkc(text).split())


def _namelike(text: str) -> bool:
    cjk = sum(map(is_han, text))
    return len(text) >= _MIN_CHARS and cjk >= _CJK_SHARE * len(text)


def restamped(reads: list[Read]) -> dict[int, tuple[str, str]]:
    """For each read (by index) under a seal that is one character off exactly one text read confidently
    without a seal elsewhere (and itself read nowhere else): that text and the note saying so — that the
    recogniser's runner-up for the one character changed was the printed one, where it was (ocr/runner_up.py:
    the mend is then its own second reading, not a copy)."""
    clear: dict[str, str] = {}  # compared form → the text as read (brackets printed half- or full-width alike)
    for r in reads:
        if not r.sealed and r.confidence >= LOW_CONFIDENCE and _namelike(r.text):
            clear.setdefault(_key(r.text), r.text)
    seen = {_key(r.text) for r in reads if not r.sealed}
    out: dict[int, tuple[str, str]] = {}
    for i, r in enumerate(reads):
        key = _key(r.text)
        if not r.sealed or not _namelike(r.text) or key in seen:
            continue
        near = [t for k, t in clear.items() if abs(len(k) - len(key)) <= 1 and _one_off(key, k)]
        if len(near) == 1:
            backed = backing(r.text, r.alts, near[0], r.chars)  # the recogniser's runner-up is the printed character
            out[i] = (near[0], f"{RESTAMP_NOTE}“{r.text}”，{_COPIED}无印章处印出的“{near[0]}”读取，{backed or '请人工核对'}")
    return out


def _one_off(read: str, printed: str) -> bool:
    """True when two texts are one insertion, deletion or substitution apart, and not of a digit or a Chinese
    numeral: numbers that differ are other items (目标14 and 目标1, 二期 and 一期), whatever the seal did."""
    ops = Levenshtein.editops(read, printed)
    if len(ops) != 1:
        return False
    op = ops[0]
    chars = [read[op.src_pos]] if op.tag != "insert" else []
    chars += [printed[op.dest_pos]] if op.tag != "delete" else []
    return not any(map(_numeral, chars))


def _numeral(ch: str) -> bool:
    """True for a digit or a numeral (一, 〇, 十, 百, 千, 两, Ⅱ: str.isnumeric and 两)."""
    return ch.isnumeric() or ch == "两"


_COMMON = 3  # a short text under a seal is mended only to a text read confidently, without a seal, this often
# … or, for a text of _NAME_CHARS characters or more (an indicator's name rather than a value or a label; two
# names of this length one character apart are rare), this often: a name is printed in a long-term and an
# annual table, so twice
_NAME_CHARS, _COMMON_NAME = 5, 2
# … and only where the character it differs in may have been printed as the common text's (ocr/runner_up.py:
# read with less than 0.7, or its runner-up is that character); for a name read clearly fewer than _COMMON
# times, only where the recogniser's runner-up is that character (runner_up.seconds): two real names one
# character apart (学生满意度 in both horizons' tables, 学员满意度 printed once, under a seal, its 员 at 0.6)
# A dot or comma is read surely only with at least runner_up.UNSURE_CHAR (0.7): far below the 0.9 under which a
# character counts as unsure, since a seal or a thin stroke lowers the probability of characters read right too


def short_restamped(reads: list[Read]) -> dict[int, tuple[str, str]]:
    """For each read (by index) under a seal, shorter than _MIN_CHARS, one Chinese character off exactly one
    text of its length read confidently and without a seal at least _COMMON times elsewhere (a value or label
    the document prints again and again: 完成 read 院成 where a seal letter crossed 完; twice for a name of
    _NAME_CHARS characters or more, printed in both horizons' tables, where that character's runner-up is the
    name's), that character read unsurely (below 0.7) or with the common text's character as its runner-up
    (ocr/runner_up.py), and itself read nowhere without a seal: that text and the note saying so. Short texts one character apart are often both real (数量指标 /
    质量指标; a 科目名称 printed once, under the seal, beside many 项目名称), and a real one is read surely, its
    runner-up no character of the other."""
    counts: Counter[str] = Counter()
    as_read: dict[str, str] = {}
    for r in reads:
        if not r.sealed and r.confidence >= LOW_CONFIDENCE:
            counts[_key(r.text)] += 1
            as_read.setdefault(_key(r.text), r.text)
    common = {k for k, n in counts.items() if len(k) >= 2 and n >= (_COMMON_NAME if len(k) >= _NAME_CHARS else _COMMON)}
    seen = {_key(r.text) for r in reads if not r.sealed}
    out: dict[int, tuple[str, str]] = {}
    for i, r in enumerate(reads):
        key = _key(r.text)
        if not r.sealed or key in seen or not 2 <= len(key) < _MIN_CHARS or r.chars is None or len(r.chars) != len(r.text):
            continue
        aligned = len(key) == len(r.text)  # the compared text's characters are the read ones, in place

        def may_be(at: int, printed: str, r: Read = r) -> bool:
            return aligned and doubtful_at(r.text, r.chars, r.alts, at, printed)

        def seconded(at: int, printed: str, r: Read = r) -> bool:
            return aligned and seconds_at(r.text, r.chars, r.alts, at, printed)

        near = [k for k in common if len(k) == len(key)
                and _one_cjk_apart(key, k, may_be if counts[k] >= _COMMON else seconded)]
        if len(near) == 1:
            text = as_read[near[0]]
            out[i] = (text, f"{RESTAMP_NOTE}“{r.text}”，{_COPIED}无印章处多次印出的“{text}”读取，请人工核对")
    return out


def _one_cjk_apart(a: str, b: str, may_be: Callable[[int, str], bool]) -> bool:
    """True when two texts of one length differ in one place, a Chinese character in both, where `a`'s
    character may have been printed as `b`'s (`may_be(place, b's character)`)."""
    apart = [(i, x, y) for i, (x, y) in enumerate(zip(a, b)) if x != y]
    return (len(apart) == 1 and all(map(is_han, apart[0][1:])) and not any(map(_numeral, apart[0][1:]))
            and may_be(apart[0][0], apart[0][2]))


_COMMA_LOOKALIKES = frozenset("·.,，。'`丶")  # what the recogniser reads for a 、 when it reads something


def commas_back(reads: list[Read]) -> dict[int, tuple[str, str]]:
    """For each read (by index) under a seal or read unsurely that is a text read confidently and without a seal
    elsewhere but for one enumeration comma between two Chinese characters or digits — dropped, or read as a dot
    or comma (道路桥梁 or 道路·桥梁 for 道路、桥梁, 项目200万元 for 项目、200万元) — and is itself read nowhere
    else: that text and the note saying so. The recogniser drops a thin 、 far more often than it makes one up,
    and a 、 changes no name's meaning; but a 、 read only under a seal may be the seal's ink, and a clean, sure
    reading may print the name without it (it is left as read). A clean reading is sure of its dot or comma
    only where that character's own probability is known and not below UNSURE_CHAR (a line read at 0.95 with
    its · at 0.4 did not see the · surely)."""
    with_comma: dict[str, str] = {}
    for r in reads:
        if not r.sealed and r.confidence >= LOW_CONFIDENCE and "、" in r.text and _namelike(r.text):
            with_comma.setdefault(_key(r.text), r.text)
    counts = Counter(_key(r.text) for r in reads)
    out: dict[int, tuple[str, str]] = {}
    for i, r in enumerate(reads):
        key = _key(r.text)
        if key in with_comma or counts[key] > 1 or not _namelike(r.text):
            continue
        unsure = None  # None: any lookalike may be the 、; else only these characters, read unsurely
        if not r.sealed and r.confidence >= LOW_CONFIDENCE:
            if r.chars is None or len(r.chars) != len(r.text):
                continue
            unsure = "".join(ch for ch, p in zip(r.text, r.chars) if p < UNSURE_CHAR and ch in _COMMA_LOOKALIKES)
            if not unsure:
                continue
        near = [t for k, t in with_comma.items() if _one_comma_apart(key, k, unsure)]
        if len(near) == 1:
            out[i] = (near[0], f"OCR修正：读作“{r.text}”，{_COPIED}印出的“{near[0]}”补入顿号读取，请人工核对")
    return out


def _comma_runner_up(r: Read, j: int) -> bool:
    """True where the recogniser's runner-up for character `j` of `r` is 、 or 丶 (given at least RUNNER_UP_MIN)."""
    if r.alts is None or len(r.alts) != len(r.text):
        return False
    alt, q = r.alts[j]
    return alt in ("、", "丶") and q >= RUNNER_UP_MIN


def _one_comma_apart(read: str, printed: str, unsure: str | None = None) -> bool:
    """True when `printed` is `read` with one 、 put in, or one of its dots or commas read for a 、, that 、
    between two Chinese characters or digits (项目、200万元; not a list's trailing 、: 工程、 beside 工程). With
    `unsure` given, only a dot or comma among those characters counts (nothing put in)."""
    ops = Levenshtein.editops(read, printed)
    if len(ops) != 1:
        return False
    op = ops[0]
    at = op.dest_pos
    between = 0 < at < len(printed) - 1 and all(_cjk_or_digit(printed[j]) for j in (at - 1, at + 1))
    lookalike = op.tag == "replace" and read[op.src_pos] in (_COMMA_LOOKALIKES if unsure is None else unsure)
    return between and printed[at] == "、" and (op.tag == "insert" and unsure is None or lookalike)


def _cjk_or_digit(ch: str) -> bool:
    return is_han(ch) or ch.isdigit()


_DOTS = frozenset("·丶")  # what the recogniser reads for a 、 between two Chinese characters (and a name prints)


def dots_for_commas(reads: list[Read]) -> dict[int, tuple[str, str]]:
    """For each read (by index) holding one dot between two Chinese characters (人口·法人) that the recogniser
    read unsurely (its probability known and below UNSURE_CHAR), and read nowhere else: the text with a 、
    there, and the note saying so — where something backs the 、: the recogniser's runner-up for the dot is 、
    or 丶, or the text with the 、 is read elsewhere in the document. The names and values of these tables list
    with 、; a 、 the recogniser half saw comes out as a dot, but a name's own middle dot (买买提·艾力, a person's
    name in a project's) is read unsurely too. A dot read surely is left as read, and so is a text holding two
    (a foreign name's)."""
    counts = Counter(_key(r.text) for r in reads)
    out: dict[int, tuple[str, str]] = {}
    for i, r in enumerate(reads):
        if counts[_key(r.text)] > 1 or r.chars is None or len(r.chars) != len(r.text):
            continue
        dots = [j for j, ch in enumerate(r.text) if ch in _DOTS]
        if len(dots) != 1:
            continue
        j = dots[0]
        text = r.text[:j] + "、" + r.text[j + 1:]
        if (0 < j < len(r.text) - 1 and is_han(r.text[j - 1]) and is_han(r.text[j + 1]) and r.chars[j] < UNSURE_CHAR
                and (_comma_runner_up(r, j) or counts[_key(text)] > 0)):
            out[i] = (text, f"OCR修正：读作“{r.text}”，其中“{r.text[j]}”识别不确定（识别概率{r.chars[j]:.2f}），"
                            f"按顿号“、”读取，请人工核对")
    return out
