"""Plain pdftotext: running heads (a title printed on every page, and a reporting tool's line beside it)
taken out where a table goes on after them.
"""
from __future__ import annotations

from collections import Counter

from .plain_captions import goal_caption, is_table_caption, is_title
from .plain_lines import Tok, kind_of
from .plain_words import form_label


def without_running_heads(toks: list[Tok]) -> list[Tok]:
    """The lines without the running heads of their pages after the first: a title printed the same on more
    than half of the pages (three at least), and a line beside it printed as often (a reporting tool's
    name), where the rows of a table go on after it: it stands between a table and its continuation on
    the next page. A head followed by a header, caption or form label stays (a table or a project's form may
    start there: the title of one-page project forms repeats on every page), and so does the first one, the
    document's title; a form label is never taken for the line beside a head."""
    pages: dict[str, set[int]] = {}
    for t in toks:
        pages.setdefault(t.k, set()).add(t.page)
    need = max(3, len({t.page for t in toks}) // 2 + 1)
    often = {k for k, ps in pages.items() if len(ps) >= need}
    once = {t.k: t for t in toks if t.k in often}  # each text tried once: bases and labels repeat on every page
    heads = {k for k, t in once.items() if is_title(t) and not is_table_caption(k)}
    if not heads:
        return toks
    companions = _companions(toks, heads, often)
    start = next(t.page for t in toks if t.k in heads)
    drop = {i for i, t in enumerate(toks) if t.k in companions and t.page > start}  # wherever its page printed it
    first: set[str] = set()
    for i, t in enumerate(toks):
        if t.k not in heads:
            continue
        if t.k not in first:
            first.add(t.k)
            continue
        if companions:  # the running line printed near the head, as on every page with the head
            beside = {j for j in range(i - _BESIDE, i + _BESIDE + 1)
                      if 0 <= j < len(toks) and toks[j].page == t.page and toks[j].k in companions}
        else:  # else a line beside the head printed as often
            beside = {j for j in (i - 1, i + 1)
                      if 0 <= j < len(toks) and toks[j].page == t.page and len(pages[toks[j].k]) >= need
                      and kind_of(toks[j]) == "name" and not is_title(toks[j]) and not form_label(toks[j].k)}
        nxt = next((x for j, x in enumerate(toks[i + 1:], i + 1) if j not in beside), None)
        if nxt is not None and (kind_of(nxt) == "header" or is_title(nxt) or goal_caption(nxt.k)
                                or form_label(nxt.k)):
            if companions:  # the reporting tool's running line beside it is no cell of what starts there
                drop.update(beside)
            continue  # a header, caption or form follows: a table or a project starts there
        drop.add(i)
        drop.update(beside)
    return [t for i, t in enumerate(toks) if i not in drop]


_BESIDE = 12  # how many lines from its running head a reporting tool's running line may be printed


def _companions(toks: list[Tok], heads: set[str], often: set[str]) -> set[str]:
    """The running lines printed with a running head (a reporting tool's name, 预算编审系统 报表输出): once a page
    at most, and within ``_BESIDE`` lines of the head (though a table's cells may come between) on more than half
    of the head's pages; the converter may print it anywhere on the others (after the page's rows, beside the
    next page's head). The head counts where printed once a page after the first, as a running head is (not a
    table's caption printed over each of its tables). Never a form label or a value printed after one."""
    per_page = Counter((t.k, t.page) for t in toks if t.k in heads)
    start = min(t.page for t in toks if t.k in heads)
    once = {k for k in heads if all(n == 1 for (h, p), n in per_page.items() if h == k and p > start)}
    head_pages: set[int] = set()
    near: dict[str, set[int]] = {}
    for i, t in enumerate(toks):
        if t.k not in once:
            continue
        head_pages.add(t.page)
        for j in range(max(0, i - _BESIDE), min(len(toks), i + _BESIDE + 1)):
            x = toks[j]
            if x.page == t.page and x.k in often and x.k not in heads and kind_of(x) == "name" and not is_title(x) \
                    and not form_label(x.k):
                near.setdefault(x.k, set()).add(t.page)
    if len(head_pages) < 2:
        return set()
    twice = {k for (k, _), n in Counter((t.k, t.page) for t in toks if t.k in near).items() if n > 1}
    filled = {b.k for a, b in zip(toks, toks[1:]) if form_label(a.k)}  # a form's value (项目单位 → the unit's name)
    return {k for k, ps in near.items() if 2 * len(ps) > len(head_pages) and k not in twice | filled}
