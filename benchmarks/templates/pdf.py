"""reportlab PDFs: ruled tables drawn with lines, and a reporting tool's print (borders as filled rectangles,
glyphs placed one by one). One layout engine: wraps cells, sizes rows, breaks tables over pages (header rows
repeated or not), cuts merged cells at a break (label top- or middle-aligned, repeated or not), then draws."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .layout import Cell, Grid, Printed, Text
from .template import Template

FONT = "STSong-Light"
_registered = False


def _font() -> None:
    global _registered
    if not _registered:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _registered = True


def _width(s: str, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.stringWidth(s, FONT, size)


def wrap(text: str, width: float, size: float) -> list[str]:
    """Greedy wrap, character by character (Chinese has no spaces), keeping the text's own line breaks."""
    out: list[str] = []
    for para in text.split("\n"):
        line, w = "", 0.0
        for ch in para:
            cw = _width(ch, size)
            if line and w + cw > width:
                out.append(line)
                line, w = "", 0.0
            line += ch
            w += cw
        out.append(line)
    return out or [""]


@dataclass
class Page:
    boxes: list[tuple[float, float, float, float, bool]] = field(default_factory=list)  # x, top, w, h, header
    texts: list[tuple[float, float, str, float, bool]] = field(default_factory=list)  # x, baseline from top, s, size, bold


class Engine:
    """Lays a printed document out on pages, then draws it in one of two styles."""

    MARGIN = 36.0
    PAD = 3.0

    def __init__(self, t: Template, report: bool):
        from reportlab.lib.pagesizes import A3, A4, landscape

        self.t, self.report = t, report
        self.w, self.h = {"A4P": A4, "A4L": landscape(A4), "A3L": landscape(A3)}[t.page]
        self.fs = t.font_size
        self.lead = self.fs * 1.35
        self.pages: list[Page] = [Page()]
        self.broken = 0  # rows broken over a page
        self.y = self.MARGIN + (14 if report else 0)

    @property
    def bottom(self) -> float:
        return self.h - self.MARGIN - 14

    def new_page(self) -> None:
        self.pages.append(Page())
        self.y = self.MARGIN + (14 if self.report else 0)

    def text(self, it: Text) -> None:
        size = self.fs + (5 if it.style == "title" else 3 if it.style == "subtitle" else 0)
        avail = self.w - 2 * self.MARGIN
        lines = wrap(it.text, avail, size)
        need = len(lines) * size * 1.4 + (4 * self.lead if it.style == "caption" else 0)
        if self.y + need > self.bottom and self.y > self.MARGIN + 20:
            self.new_page()
        for ln in lines:
            lw = _width(ln, size)
            x = {"title": (self.w - lw) / 2, "subtitle": (self.w - lw) / 2, "unit": self.w - self.MARGIN - lw}.get(it.style, self.MARGIN)
            self.y += size * 1.4
            self.pages[-1].texts.append((x, self.y - size * 0.3, ln, size, it.style in ("title", "subtitle")))
        self.y += 3

    def _cell_text(self, page: Page, cell: Cell, x: float, w: float, top: float, h: float, lines: list[str], middle: bool) -> None:
        tall = len(lines) * self.lead
        y0 = top + (max(0.0, (h - tall) / 2) if middle else self.PAD)
        for i, ln in enumerate(lines):
            lw = _width(ln, self.fs)
            centre = self.report or cell.header or (len(ln) <= 6 and not cell.header and w < 80)
            lx = x + (w - lw) / 2 if centre else x + self.PAD
            page.texts.append((lx, y0 + (i + 1) * self.lead - self.fs * 0.3, ln, self.fs, cell.header))

    def grid(self, g: Grid) -> None:
        avail = self.w - 2 * self.MARGIN
        tot = sum(g.weights)
        cw = [avail * x / tot for x in g.weights]
        xs = [self.MARGIN + sum(cw[:i]) for i in range(len(cw))]
        n = len(g.rows)
        lines: dict[tuple[int, int], list[str]] = {}
        heights = [self.lead + 2 * self.PAD] * n
        spans = []
        for r, cells in enumerate(g.rows):
            for c, cell in enumerate(cells):
                if cell is None:
                    continue
                w = sum(cw[c:c + cell.colspan])
                lines[r, c] = wrap(cell.text, w - 2 * self.PAD, self.fs)
                need = len(lines[r, c]) * self.lead + 2 * self.PAD
                if cell.rowspan == 1:
                    heights[r] = max(heights[r], need)
                else:
                    spans.append((r, cell.rowspan, need))
        for r, k, need in spans:
            have = sum(heights[r:r + k])
            if have < need:
                heights[r + k - 1] += need - have
        # place rows as slices (page index, top, height): one slice a row, two where a row is broken over a
        # page (template split_rows); header rows kept with the first body row
        place: list[list[tuple[int, float, float]]] = []
        repeats: list[tuple[int, float]] = []  # where the header rows are printed again
        head_h = sum(heights[:g.header_rows])
        first = head_h + (heights[g.header_rows] if n > g.header_rows else 0)
        if self.y + first > self.bottom and self.y > self.MARGIN + 20:
            self.new_page()
        for r in range(n):
            h = heights[r]
            slices: list[tuple[int, float, float]] = []
            if self.y + h > self.bottom and r >= g.header_rows and self.y > self.MARGIN + 20:
                room = self.bottom - self.y
                h1 = self.PAD + ((room - self.PAD) // self.lead) * self.lead if room > self.PAD else 0.0
                if self.t.split_rows and g.kind == "table" and h1 >= self.lead + self.PAD and h - h1 >= self.lead:
                    slices.append((len(self.pages) - 1, self.y, h1))
                    self.broken += 1
                    h -= h1
                self.new_page()
                if self.t.repeat_header and g.header_rows and g.kind == "table":
                    repeats.append((len(self.pages) - 1, self.y))
                    self.y += head_h
            slices.append((len(self.pages) - 1, self.y, h))
            self.y += h
            place.append(slices)
        self.y += 6
        for r, cells in enumerate(g.rows):
            for c, cell in enumerate(cells):
                if cell is None:
                    continue
                w = sum(cw[c:c + cell.colspan])
                frags: list[list[float]] = []  # [page, top, height] of each page's part of the cell
                for rr in range(r, r + cell.rowspan):
                    for pg, top, h in place[rr]:
                        if frags and frags[-1][0] == pg:
                            frags[-1][2] += h
                        else:
                            frags.append([pg, top, h])
                for pg, top, h in frags:
                    self.pages[int(pg)].boxes.append((xs[c], top, w, h, cell.header))
                middle = (self.t.valign == "middle" and cell.rowspan > 1) or cell.header
                if self.t.label_repeat and len(frags) > 1 and cell.rowspan > 1:
                    fits = [max(1, int((h - 2 * self.PAD) // self.lead)) for _, _, h in frags]
                    for (pg, top, h), fit in zip(frags, fits):  # each part prints what fits in it, as a clipped cell
                        self._cell_text(self.pages[int(pg)], cell, xs[c], w, top, h, lines[r, c][:fit], middle)
                    if max(fits) < len(lines[r, c]):  # no part shows it all: the gold is what the largest part shows
                        shown = "".join(lines[r, c][:max(fits)])
                        for rec, key, skip in cell.gold:
                            rec[key] = shown[skip:]
                else:
                    self._flow_text(frags, cell, xs[c], w, lines[r, c], middle)
                for pg, top in repeats if r < g.header_rows else ():
                    yy = top + sum(heights[:r])
                    hh = sum(heights[r:r + cell.rowspan])
                    self.pages[pg].boxes.append((xs[c], yy, w, hh, True))
                    self._cell_text(self.pages[pg], cell, xs[c], w, yy, hh, lines[r, c], True)

    def _flow_text(self, frags: list[list[float]], cell: Cell, x: float, w: float, lines: list[str], middle: bool) -> None:
        """A cell's lines over its page parts: a merged label where the whole range puts it (top or middle, as an
        office suite prints it), a broken row's lines continued at the top of the next page."""
        total = sum(f[2] for f in frags)
        off = max(0.0, (total - len(lines) * self.lead) / 2 - self.PAD) if middle else 0.0
        fi, acc = 0, 0.0
        for i, ln in enumerate(lines):
            o = off + self.PAD + i * self.lead
            while fi < len(frags) - 1 and o + self.lead > acc + frags[fi][2]:
                acc += frags[fi][2]
                fi += 1
                off = max(off, acc - i * self.lead)  # continue at the top of the next part
                o = off + self.PAD + i * self.lead
            pg, top, _ = frags[fi]
            self._cell_text(self.pages[int(pg)], cell, x, w, top + (o - acc) - self.PAD, self.lead + 2 * self.PAD, [ln], False)

    def lay_out(self, p: Printed) -> None:
        for si, sec in enumerate(p.sections):
            if si:
                self.new_page()
            for it in sec.items:
                self.text(it) if isinstance(it, Text) else self.grid(it)

    def draw(self, path: Path, heading: str) -> None:
        from reportlab.pdfgen import canvas

        c = canvas.Canvas(str(path), pagesize=(self.w, self.h))
        total = len(self.pages)
        for i, page in enumerate(self.pages, 1):
            if self.report:
                mark = "预算编审系统 报表输出"
                self._glyphs(c, self.h - self.MARGIN + 4, self.MARGIN, heading, self.fs)
                self._glyphs(c, self.h - self.MARGIN + 4, self.w - self.MARGIN - _width(mark, self.fs), mark, self.fs)
            for x, top, w, h, header in page.boxes:
                yb = self.h - top - h
                if self.report:
                    if header:
                        c.setFillGray(0.88)
                        c.rect(x, yb, w, h, stroke=0, fill=1)
                    c.setFillGray(0)
                    lw = 0.6
                    for rx, ry, rw, rh in ((x, yb, w, lw), (x, yb + h - lw, w, lw), (x, yb, lw, h), (x + w - lw, yb, lw, h)):
                        c.rect(rx, ry, rw, rh, stroke=0, fill=1)
                else:
                    c.setLineWidth(0.5)
                    c.rect(x, yb, w, h, stroke=1, fill=0)
            for x, base, s, size, bold in page.texts:
                if self.report:
                    self._glyphs(c, self.h - base, x, s, size)
                else:
                    c.setFont(FONT, size)
                    c.drawString(x, self.h - base, s)
            foot = self.t.footer.format(p=i, n=total)
            c.setFont(FONT, self.fs)
            c.drawCentredString(self.w / 2, self.MARGIN / 2, foot)
            c.showPage()
        c.save()

    @staticmethod
    def _glyphs(c, y: float, x: float, s: str, size: float) -> None:
        """Each glyph placed by itself, as reporting tools draw text (y in PDF coordinates)."""
        c.setFont(FONT, size)
        for ch in s:
            c.drawString(x, y, ch)
            x += _width(ch, size)


def write_pdf(p: Printed, t: Template, path: Path, report: bool = False) -> None:
    """A ruled-table PDF, or (report=True) a reporting tool's drawing."""
    _font()
    eng = Engine(t, report)
    eng.lay_out(p)
    heading = next((it.text for s in p.sections for it in s.items if isinstance(it, Text)), "")
    eng.draw(path, heading[:40])
