"""Plain pdftotext: titles (表12-1 …), table and goal captions (长期目标 1：…, 中长期绩效指标（目标2）), and the
header words that open an indicator table.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .captions import caption_of, horizon_of_head
from .plain_lines import Tok
from .plain_words import is_goal_head, is_header_word, starts_table


_INDICATOR_CAPTION = re.compile(r"^\D{0,4}(绩效)?指标[(（]?目标\d+[)）]?$")


@lru_cache(maxsize=65536)  # asked of every line, often many times
def goal_caption(k: str) -> str | None:
    """The head of a goal caption over a table (长期目标 1：…, 中长期绩效目标2：…, 当年目标3:…): the
    squeezed text up to its colon, or the whole of an indicator table's caption that names its horizon
    and goal with no statement (中长期绩效指标（目标2）); None for anything else. What it says is the
    assembler's to read (captions.caption_of)."""
    if ":" not in k and "：" not in k:
        cap = caption_of(k) if _INDICATOR_CAPTION.match(k) else None
        return k if cap is not None and cap.horizon is not None and cap.goal is not None else None
    cap = caption_of(k)
    if cap is None or cap.text is None or cap.goal is None:
        return None
    return k[:len(k) - len(cap.text)]


_TITLE = re.compile(r"^表\d+(-\d+)?$|^表\d+(-\d+)?\D.{0,30}表$|绩效目标表$|^项目申报表|^第[一二三四五六七八九十]+部分")
FORM_END = re.compile(r"^(长期|年度)绩效目标表$")


# ---- the document ----------------------------------------------------------------------------------
def is_title(t: Tok) -> bool:
    """A title (表12-1 …, 年度绩效目标表) or a table caption that names no goal statement (长期绩效指标,
    中长期绩效指标（目标2）): the table before it ends; the assembler reads what it says."""
    return _is_title(t.k)


@lru_cache(maxsize=65536)  # asked of every line, often many times
def _is_title(k: str) -> bool:
    return bool(_TITLE.search(k)) and len(k) <= 40 or is_table_caption(k)


def is_table_caption(k: str) -> bool:
    """A caption of an indicator table (horizon word, 指标, no statement after a colon): 长期绩效指标,
    年度绩效指标表, 中长期绩效指标（目标2）; never a goal head (长期目标) or a goal caption (长期目标 1：…)."""
    cap = caption_of(k)
    return cap is not None and cap.horizon is not None and cap.text is None and "指标" in k


def opens_table(toks: list[Tok], i: int) -> bool:
    """The line at index i opens an indicator table: a header word only such a table prints, or a goal column's."""
    return starts_table(toks[i].k) or _opens_goal_column(toks, i)


def _opens_goal_column(toks: list[Tok], i: int) -> bool:
    """A goal column's head word (目标, 绩效目标) that opens a table: other header words follow within three
    lines, and no goal head of a horizon right after it (项目绩效 / 目标 over 长期目标 | 年度目标 is a form label)."""
    if not is_goal_head(toks[i].k) or i + 1 >= len(toks) or horizon_of_head(toks[i + 1].k):
        return False
    return any(is_header_word(t.k) and not is_goal_head(t.k) for t in toks[i + 1:i + 4])
