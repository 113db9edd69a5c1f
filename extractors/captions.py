"""Captions, goal heads and goal cells: the horizon and goal number a document prints for a table.

A caption over an indicator table names its horizon and often its goal: 长期绩效目标表, 年度绩效目标表2,
中长期绩效指标（目标2）, 年度绩效指标, 长期绩效目标2：…, 长期目标 1：…, 绩效指标3. A goal head names the
horizon of the goal statements under it (中长期目标 | 年度目标), and a goal cell may list several numbered
goals (目标1：…；目标2：…). The horizon words are data (data/captions.json); everything here works on the
squeezed NFKC key of a line (text.key) and keeps the printed text of goal statements.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["Caption", "caption_of", "goal_cell_number", "horizon_of_cell", "horizon_of_head", "horizon_of_word", "numbered_goals"]

_DATA = Path(__file__).with_name("data") / "captions.json"


@lru_cache(maxsize=1)
def _vocabulary() -> dict:
    return json.loads(_DATA.read_text(encoding="utf-8"))


def horizon_of_word(word: str) -> str | None:
    """long_term or annual for a horizon word (长期, 中长期, 年度, 当年 …), else None."""
    return _vocabulary()["horizons"].get(word)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    v = _vocabulary()
    words = "|".join(sorted(map(re.escape, v["horizons"]), key=len, reverse=True))
    kinds = "|".join(map(re.escape, v["kinds"]))
    num = r"(\d+|[一二三四五六七八九十]+)"
    return {
        # 长期绩效目标表2 / 中长期绩效指标（目标2） / 年度绩效目标3：… / 长期目标 1：…
        "caption": re.compile(
            rf"^(?:\d+[.、]|[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、)?({words})(?:项目)?(?:绩效)?(?:{kinds})(?:表|申报表)?"
            rf"{num}?(?:[(（](?:目标|goal)?{num}[)）])?(?:[(（][^)）]{{0,20}}[)）])?(?:([:：])(.*))?$", re.S),
        # 绩效指标3 / 绩效目标3：… (no horizon word)
        "bare": re.compile(rf"^绩效(?:{kinds}){num}(?:([:：])(.*))?$", re.S),
        "head": re.compile(rf"^({words})(?:绩效)?(?:总)?目标(?:[(（][^)）]*[)）])?[:：]?$"),
        "numbered": re.compile(r"目标\s*(\d+|[一二三四五六七八九十]+)\s*[:：]"),
    }


_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九", 0)}


def _number(s: str | None) -> int | None:
    """An Arabic or a small Chinese numeral (一 … 十九) as an int."""
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN_DIGITS.get(s[1:], 0)
    if "十" in s:
        a, _, b = s.partition("十")
        return _CN_DIGITS.get(a, 0) * 10 + (_CN_DIGITS.get(b, 0) if b else 0)
    return _CN_DIGITS.get(s)


@dataclass(frozen=True)
class Caption:
    """What a caption says: its horizon (or None), its goal number (or None) and the goal statement it
    prints after a colon (or None when it prints none: a table caption, not a goal)."""

    horizon: str | None
    goal: int | None
    text: str | None


@lru_cache(maxsize=8192)
def caption_of(k: str) -> Caption | None:
    """The caption a squeezed line is, or None. ``k`` is text.key of the line (spaces removed, NFKC)."""
    if not k or len(k) > 400:
        return None
    p = _patterns()
    m = p["caption"].match(k)
    if m:
        goal = _number(m.group(2)) or _number(m.group(3))
        text = m.group(5) if m.group(4) else None
        return Caption(horizon_of_word(m.group(1)), goal, text)
    m = p["bare"].match(k)
    if m:
        return Caption(None, _number(m.group(1)), m.group(3) if m.group(2) else None)
    return None


@lru_cache(maxsize=4096)
def horizon_of_head(k: str) -> str | None:
    """The horizon of a goal column head (中长期目标, 年度绩效目标, 长期目标：), else None."""
    m = _patterns()["head"].match(k)
    return horizon_of_word(m.group(1)) if m else None


def horizon_of_cell(text: str | None) -> str | None:
    """The horizon a row's own 目标类型 / 期限 cell names by its first word (长期目标, 中长期, 年度绩效目标, 当年)."""
    if not text:
        return None
    k = re.sub(r"\s+", "", text)
    for word in sorted(_vocabulary()["horizons"], key=len, reverse=True):
        if k.startswith(word):
            return horizon_of_word(word)
    return None


def numbered_goals(text: str) -> list[tuple[int, str]]:
    """A goal cell that lists goals → [(N, its text)], the prefix removed and the printed text kept: 目标N：
    or 目标一： prefixes (one or more), or two or more items numbered 1.… 2.…, 1、… 2、…, （一）… （二）…, 一、… 二、… in
    order; [] when the cell has no such prefix at its start."""
    # a wrapped cell's breaks inside a word or number (目\n标13：, 目标1\n3：) go; between Latin words they stay
    t = re.sub(r"(?<=\d)\s*\n\s*(?=\d)", "", text.strip())
    t = re.sub(r"(?<![A-Za-z0-9])[ \t]*\n[ \t]*|[ \t]*\n[ \t]*(?![A-Za-z0-9])", "", t)
    pat = _patterns()["numbered"]
    ms = list(pat.finditer(t))
    if not ms or ms[0].start() != 0:
        return _listed_goals(text.strip())
    out = []
    for i, m in enumerate(ms):
        end = ms[i + 1].start() if i + 1 < len(ms) else len(t)
        out.append((_number(m.group(1)), t[m.end():end].strip().rstrip("；;").strip()))
    return out


# the number a goal cell prints before its statement: 目标1：…, 1.…, 1、…, （一）…, 一、…
_GOAL_PREFIX = re.compile(r"^\s*(?:目标\s*(\d+|[一二三四五六七八九十]+)\s*[:：.、]?|(\d+)\s*[.、．](?!\d)|[(（]\s*(\d+|[一二三四五六七八九十]+)\s*[)）]|([一二三四五六七八九十]+)、)\s*")


def goal_cell_number(text: str | None) -> tuple[int | None, str]:
    """The goal number a goal cell prints before its statement and the statement without it
    ("目标2：保障运行" → (2, "保障运行"), "（三）保障运行" → (3, …)); (None, text) when it prints none."""
    t = (text or "").strip()
    m = _GOAL_PREFIX.match(t)
    if not m or m.end() >= len(t):
        return None, t
    printed = next(g for g in m.groups() if g)
    n = _number(printed)
    if not n:
        return None, t
    rest = t[m.end():].strip()
    following = "".join(m.group(0).split()).replace(printed, str(n + 1) if printed.isdigit() else _chinese(n + 1), 1)
    if following in "".join(rest.split()):
        return None, t  # a cell that lists goals (1、…2、…, a number wrapped apart from its 、): not one goal's number
    return n, rest


def _chinese(n: int) -> str:
    """A small number in Chinese numerals (1 … 99)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


_ITEM_BEFORE = "；;。，,\n\t "  # what may stand before the next item's number


def _listed_goals(text: str) -> list[tuple[int, str]]:
    """Items numbered in order in one of the prefix styles of _GOAL_PREFIX (not 目标N：): 1.… 2.…, （一）….
    The cell's line breaks are read as a wrapped cell's (a number may end one line, its 、 start the next):
    removed, and an item may start after one."""
    t = text.replace("\r", "")
    breaks = set()
    parts = t.split("\n")
    t = ""
    for p in parts:
        if t:
            breaks.add(len(t))
        t += p
    m = _GOAL_PREFIX.match(t)
    if not m or t.lstrip().startswith("目标"):
        return []
    printed = next(g for g in m.groups() if g)
    n = _number(printed)
    if not n:
        return []
    style = m.group(0).strip()
    starts = [(n, 0, m.end())]
    while True:
        k = starts[-1][0] + 1
        nxt = style.replace(printed, str(k) if printed.isdigit() else _chinese(k), 1)
        at = starts[-1][2]
        while True:
            at = t.find(nxt, at)
            if at < 0 or at in breaks or t[at - 1] in _ITEM_BEFORE:
                break
            at += 1
        if at < 0 or (printed.isdigit() and t[at + len(nxt):at + len(nxt) + 1].isdigit()):
            break
        starts.append((k, at, at + len(nxt)))
    if len(starts) < 2:
        return []
    out = []
    for i, (k, _, body) in enumerate(starts):
        end = starts[i + 1][1] if i + 1 < len(starts) else len(t)
        out.append((k, t[body:end].strip().rstrip("；;").strip()))
    return out
