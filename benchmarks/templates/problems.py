"""What pikg said about each generated document: its warnings and errors by code, read from the lines pikg
extract prints on stderr (警告：WHERE：message [code], 错误：WHERE：message [code]; a file pikg could not read at
all has no code and counts as `failed`), so an ambiguous table or a damage report shows in the benchmark's report
and not only its exit status."""
from __future__ import annotations

import collections
import re
from typing import Iterable

_LINE = re.compile(r"^(警告|错误)：(.*?)(?: \[([A-Za-z0-9_-]+)\])?$")
_AFTER_PLACE = ("", ":", " ", "：")  # what follows a file's name in a place: f.pdf p.3, f.txt:42, f.xlsx [表11]!B7


def problems_by_doc(stderr: str, docs: Iterable[tuple[str, str]]) -> tuple[dict[str, collections.Counter], collections.Counter]:
    """Per document stem, Counter of (severity, code) from pikg's stderr; `docs` are (path, stem) pairs (a
    message names a document by its path, or by its stem where no place is known). Also the problems no
    document could be told for (Counter of (severity, code))."""
    names = sorted(((name, stem) for path, stem in docs for name in (str(path), stem)), key=lambda x: -len(x[0]))
    out: dict[str, collections.Counter] = {stem: collections.Counter() for _, stem in names}
    unplaced: collections.Counter = collections.Counter()
    for line in stderr.splitlines():
        m = _LINE.match(line.rstrip())
        if not m:
            continue
        severity, code = ("warning" if m.group(1) == "警告" else "error"), m.group(3) or "failed"
        text = m.group(2)
        stem = next((s for name, s in names if text.startswith(name) and text[len(name):len(name) + 1] in _AFTER_PLACE), None)
        (out[stem] if stem is not None else unplaced)[(severity, code)] += 1
    return out, unplaced


def problems_table(groups: dict[str, collections.Counter], docs_with: dict[str, int]) -> str:
    """One line a group and code: how many warnings and errors of that code, and in how many documents."""
    lines = [f"{'producer':<26}{'code':<28}{'warnings':>9}{'errors':>8}{'docs':>6}"]
    for k in sorted(groups):
        codes = sorted({code for _, code in groups[k]})
        for code in codes:
            lines.append(f"{k:<26}{code:<28}{groups[k][('warning', code)]:>9}{groups[k][('error', code)]:>8}"
                         f"{docs_with[(k, code)]:>6}")
    if len(lines) == 1:
        lines.append("(no warning or error on any document)")
    return "\n".join(lines)


def short(c: collections.Counter) -> str:
    """A document's problems in a few words: 警告 table-header-only×2, 错误 row-without-value×1."""
    return ", ".join(f"{'警告' if sev == 'warning' else '错误'} {code}×{n}" for (sev, code), n in sorted(c.items()))
