"""Absurd input is reported and cut, never fed on: a line of megabytes, a cell longer than any real one."""
from __future__ import annotations

from .problems import Problem, damaged

MAX_LINE = 20_000  # characters in one text line; a whole 绩效目标表 page is a few thousand
MAX_FIELD = {"goal": 5_000}  # a goal statement may be a long paragraph
MAX_CELL = 1_000  # any other printed field: names, values, labels, basis
_TEXT_FIELDS = ("name", "target", "prev1", "prev2", "level1", "level2", "basis", "text", "project", "department",
                "executor", "category", "code")


def short(text: str | None, n: int = 40) -> str:
    """A cell quoted in a message: its first n characters."""
    text = text or ""
    return text if len(text) <= n else text[:n] + "…"


def cut_long_lines(text: str, path: str) -> tuple[str, list[Problem]]:
    """Lines longer than MAX_LINE cut to it, with an error naming each."""
    if len(text) <= MAX_LINE:
        return text, []
    lines = text.split("\n")
    problems = []
    for no, line in enumerate(lines, 1):
        if len(line) > MAX_LINE:
            problems.append(damaged("line-cut", f"{path}:{no}",
                                    f"一行有 {len(line):,} 个字符，已截为 {MAX_LINE:,} 个（输入已损坏）"))
            lines[no - 1] = line[:MAX_LINE]
    return ("\n".join(lines), problems) if problems else (text, [])


def cut_long_fields(records: list[dict], path: str) -> list[Problem]:
    """Cut record fields longer than any real cell (in place), with an error naming the record's place."""
    problems = []
    for r in records:
        limit = MAX_FIELD.get(r.get("type"), MAX_CELL)
        for key in _TEXT_FIELDS:
            v = r.get(key)
            if isinstance(v, str) and len(v) > limit:
                r[key] = v[:limit] + "…"
                where = r.get("line") or r.get("page") or ""
                problems.append(damaged("field-cut", f"{path}:{where}", f"{r['type']} 记录的字段 {key!r} 有 "
                                        f"{len(v):,} 个字符，已截为 {limit:,} 个（输入已损坏）"))
    return problems
