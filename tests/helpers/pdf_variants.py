"""Draw ruled indicator tables into PDFs of our own (reportlab canvas), for reader variants the fixtures do
not cover: other page sizes, top-aligned labels, narrow columns that wrap labels, a table over three pages
whose merged cells are cut at each break (no rule there) with the label printed only in the first part."""
from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"


def _wrap(text: str, width: float, size: float) -> list[str]:
    lines, cur = [], ""
    for ch in text:
        if pdfmetrics.stringWidth(cur + ch, FONT, size) > width - 4:
            lines.append(cur)
            cur = ""
        cur += ch
    return lines + [cur] if cur else lines


class _TurnedCanvas(canvas.Canvas):
    """A canvas whose pages are stored turned by `rotation` degrees and shown upright by their /Rotate."""

    def __init__(self, path: str, page: tuple[float, float], rotation: int) -> None:
        super().__init__(path, pagesize=(page[1], page[0]))
        self._shown, self._rotation = page, rotation
        self._turn()

    def _turn(self) -> None:
        width, height = self._shown
        self.setPageRotation(self._rotation)
        if self._rotation == 90:
            self.translate(height, 0)
            self.rotate(90)
        else:
            self.translate(0, width)
            self.rotate(-90)

    def showPage(self) -> None:
        super().showPage()
        self._turn()


def draw_document(path: Path, page: tuple[float, float], col_widths: list[float], header: list[str],
                  groups: list[tuple[str, str, list[tuple[str, str, str]]]], caption: str, title: str,
                  rows_per_page: int, valign: str = "middle", size: float = 9, row_h: float = 26, rules: bool = True,
                  rotation: int = 0, head: str | None = None, foot: str = "— {p} —") -> None:
    """One 表11 table: header, then groups of (一级, 二级, [(三级, 指标值, 依据)]); 一级/二级 are merged down
    their group. Each page holds ``rows_per_page`` body rows; the header is repeated on every page. With
    rules=False nothing is ruled: the table is text placed in columns. With rotation 90 or 270 each page
    is stored turned (its width and height swapped, its content drawn sideways) with a /Rotate that shows
    it as `page`, as some producers store landscape pages. `head` is printed at the top of every page and
    `foot` at the bottom ({p}: the page's number, {n}: the number of pages), as a reporting tool does."""
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    c = _TurnedCanvas(str(path), page, rotation) if rotation else canvas.Canvas(str(path), pagesize=page)
    if not rules:
        c.line = lambda *a, **k: None  # type: ignore[method-assign]  # draw no rule
    width, height = page
    xs = [40.0]
    for w in col_widths:
        xs.append(xs[-1] + w)
    body = [(l1, l2, name, v, b) for l1, l2, items in groups for (name, v, b) in items]
    # which rows start a merged label, and how many rows it spans
    starts: dict[tuple[int, int], int] = {}
    for col in (1, 2):
        i = 0
        while i < len(body):
            j = i
            while j + 1 < len(body) and body[j + 1][col - 1] == body[i][col - 1] and (col == 1 or body[j + 1][0] == body[i][0]):
                j += 1
            starts[(i, col)] = j - i + 1
            i = j + 1

    def cell_text(text: str, x0: float, x1: float, top: float, bottom: float) -> None:
        lines = _wrap(text, x1 - x0, size)
        block = len(lines) * (size + 2)
        y = top - size - 2 if valign == "top" else (top + bottom) / 2 + block / 2 - size
        for ln in lines:
            c.setFont(FONT, size)
            c.drawString(x0 + 2, y, ln)
            y -= size + 2

    pages = [body[k:k + rows_per_page] for k in range(0, len(body), rows_per_page)]
    first_row = 0
    for p, rows in enumerate(pages):
        top = height - 50
        if head:
            c.setFont(FONT, 9)
            c.drawString(40, height - 28, head.format(p=p + 1, n=len(pages)))
        c.setFont(FONT, 11)
        if p == 0:
            c.drawString(40, top, title)
            top -= 20
            c.drawString(40, top, caption)
            top -= 10
        y = top
        c.line(xs[0], y, xs[-1], y)
        for k, h in enumerate(header):
            cell_text(h, xs[k], xs[k + 1], y, y - row_h)
        for x in xs:
            c.line(x, y, x, y - row_h)
        y -= row_h
        c.line(xs[0], y, xs[-1], y)
        for r, row in enumerate(rows):
            g = first_row + r
            y0, y1 = y - r * row_h, y - (r + 1) * row_h
            for col in range(len(col_widths)):
                if col in (1, 2):
                    continue
                text = ["", "", "", row[2], row[3], row[4]][col] if col > 2 else ""
                if col == 0 and g == 0:
                    text = "长期目标 1"
                if text:
                    cell_text(text, xs[col], xs[col + 1], y0, y1)
            for col in (1, 2):
                span = starts.get((g, col))
                if span:
                    shown = min(span, len(rows) - r)
                    cell_text(row[col - 1], xs[col], xs[col + 1], y0, y0 - shown * row_h)
            # rules: a row's bottom rule only where the cell does not go on below (0: goal column, 1-2: merged labels)
            for col in range(len(col_widths)):
                last_of_page = r == len(rows) - 1
                goes_on = (col == 0 and g + 1 < len(body)) or (col in (1, 2) and g + 1 < len(body) and (g + 1, col) not in starts)
                if not goes_on:
                    c.line(xs[col], y1, xs[col + 1], y1)
                elif last_of_page:
                    pass  # a merged cell cut by the page break: no rule
            for x in xs:
                c.line(x, y0, x, y1)
        first_row += len(rows)
        c.setFont(FONT, 9)
        c.drawString(width / 2 - 10, 30, foot.format(p=p + 1, n=len(pages)))
        c.showPage()
    c.save()
