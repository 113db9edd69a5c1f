"""Characters some PDF fonts print in place of ordinary Han characters, mapped back.

Kangxi radicals (⽬ U+2F6C) and compatibility ideographs fall under NFKC; the CJK Radicals Supplement
(⻓ U+2ED3, ⻔ U+2ED4) does not, so those come from data/radicals.json.
"""
from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).with_name("data") / "radicals.json"


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    return {ord(k): v for k, v in data.items() if not k.startswith("_")}


def _nfkc_block(cp: int) -> bool:
    return 0x2F00 <= cp <= 0x2FDF or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F


def fix_glyphs(text: str) -> str:
    """``"⻓期⽬标"`` → ``"长期目标"``; every other character is left as printed."""
    if all(ord(ch) < 0x2E80 or 0x3000 <= ord(ch) < 0xF900 or 0xFB00 <= ord(ch) < 0x2F800 for ch in text):
        return text
    table = _table()
    out = []
    for ch in text:
        cp = ord(ch)
        if cp in table:
            out.append(table[cp])
        elif _nfkc_block(cp):
            out.append(unicodedata.normalize("NFKC", ch))
        else:
            out.append(ch)
    return "".join(out)
