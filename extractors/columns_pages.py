"""Column-aligned text split into lines (``page_lines``): the page of each line (form feeds), page
numbers and repeated running heads taken out, form labels wrapped in a narrow cell (项目 | 名称) joined."""
from __future__ import annotations

from .captions import caption_of
from .columns_header import header_pieces, is_column_head, is_header_line, over_header_line
from .columns_lines import CHUNK, PageLine, line_words, set_raw
from .projects import form_field
from .text import PAGE_NUMBER, PAGE_NUMBER_OR_BARE, key


def page_lines(text: str) -> list[PageLine]:
    """The text's lines with page numbers (a form feed starts a page) and words; page numbers ("第 3 页",
    "— 3 —", "3 / 40", or a lone number at the foot or head of a page) are taken out, also when
    they share a line with a cell."""
    out = []
    page = 1
    for no, raw in enumerate(text.split("\n"), 1):
        if "\f" in raw:
            page += raw.count("\f")
            raw = raw.replace("\f", "")
        raw = raw.expandtabs(8).rstrip()
        out.append(PageLine(no, page, raw, line_words(raw)))
    _drop_page_numbers(out)
    _drop_running_heads(out)
    _join_wrapped_labels(out)
    return out


WRAPPED_LABEL = 4  # the widest line of a form label wrapped in a narrow cell (项目 | 名称, 项目 | 总预 | 算)


def _join_wrapped_labels(lines: list[PageLine]) -> None:
    """A form label wrapped in a narrow cell ("项目 产业促进经费" over "名称"): the line's first word and the
    lone words right under it that start where it starts read together as a form label (项目名称, 项目总预算);
    the label is put in the line's first word, apart from the value by two spaces, and the lines under it
    lose their part."""
    for i, ln in enumerate(lines):
        if len(ln.words) < 2 or len(ln.words[0].text) > WRAPPED_LABEL or form_field(ln.words[0].text):
            continue
        first = ln.words[0]
        label, parts = first.text, []
        for below in lines[i + 1:i + 4]:
            if not below.words or below.page != ln.page or below.words[0].start != first.start \
                    or len(below.words[0].text) > WRAPPED_LABEL or below.words[0].end + 1 in {w.start for w in below.words}:
                break
            label += below.words[0].text
            parts.append(below)
            if form_field(label):
                break
        if not parts or not form_field(label):
            continue
        set_raw(ln, ln.raw[:first.start] + label + "  " + ln.raw[first.end:].lstrip())
        for below in parts:
            w = below.words[0]
            set_raw(below, (below.raw[:w.start] + " " * len(w.text) + below.raw[w.end:]).rstrip())
    for i in range(len(lines) - 2):
        _join_label_around_value(lines[i], lines[i + 1], lines[i + 2])


def _join_label_around_value(head: PageLine, value: PageLine, tail: PageLine) -> None:
    """A form label wrapped in a narrow cell around its value, which stands centred on the line between
    ("项目名" over "    网络建设运转维护经费" over "称"): the label's parts, alone on their lines at the same
    place, read together as a form label (项目名称); the label is put before the value, two spaces apart,
    and its parts' lines are left blank."""
    if len(head.words) != 1 or len(tail.words) != 1 or not value.words or not head.page == value.page == tail.page:
        return
    a, b = head.words[0], tail.words[0]
    if a.start != b.start or value.words[0].start <= a.start or len(a.text) > WRAPPED_LABEL or len(b.text) > WRAPPED_LABEL:
        return
    label = a.text + b.text
    if form_field(a.text) or not form_field(label):
        return
    set_raw(value, value.raw[:a.start] + label + "  " + value.raw[value.words[0].start:])
    set_raw(head, "")
    set_raw(tail, "")


def _drop_running_heads(lines: list[PageLine]) -> None:
    """A running head (the document's title and the system's name at the top of every page) is blanked
    where it repeats, so that a table going on at the top of the next page is not opened by it; a header,
    caption or goal line repeated over a continued table is no running head and stays."""
    seen: set[str] = set()
    page = 0
    for i, ln in enumerate(lines):
        if ln.blank or ln.page == page:
            continue
        page = ln.page
        k = key(ln.raw)
        if k in seen and not (is_header_line(ln) or caption_of(k) or any(is_column_head(p.text) for p in header_pieces(ln))
                              or over_header_line(lines, i)):
            set_raw(ln, "")
        seen.add(k)


def _drop_page_numbers(lines: list[PageLine]) -> None:
    edges: dict[int, list[PageLine]] = {}
    for ln in lines:
        if not ln.blank:
            edges.setdefault(ln.page, []).append(ln)
    width = max((len(ln.raw) for ln in lines), default=0)
    edge_lines = {id(x) for ls in edges.values() for x in (ls[0], ls[-1])}
    for ln in lines:
        if ln.blank:
            continue
        for m in list(CHUNK.finditer(ln.raw)):
            t = m.group()
            alone = id(ln) in edge_lines and len(ln.chunks) == 1 and m.start() > width * 0.2
            if PAGE_NUMBER.match(t) or (alone and PAGE_NUMBER_OR_BARE.match(t)):
                ln.raw = (ln.raw[:m.start()] + " " * len(t) + ln.raw[m.end():]).rstrip()
                ln.chunk_texts = None
                ln.words = [w for w in ln.words if not (m.start() <= w.start < m.end())]
