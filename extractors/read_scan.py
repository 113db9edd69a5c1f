"""Scanned pages → the cell grid (the extra pikg[ocr]): scanned PDFs, the pages of a PDF without a text
layer, and images of table pages (.png, .jpg, .tif).

Each page is rendered (or loaded) and deskewed (ocr.pages); its ruling lines become the PDF reader's rules
(ocr.cells), so that the PDF reader's own ``rules_to_tables`` and ``table_units`` make its tables and cells
(merged cells where a line is missing); each cell's crop and the lines between tables are recognised by
RapidOCR (ocr.recognize) as words in PDF points; the PDF reader's ``page_items`` and ``join_pages`` then
make text lines and continue tables over page breaks. Cells keep the recogniser's confidence; a value cell
read with low confidence is mended where a known OCR confusion explains it (values.mend_ocr).
"""
from __future__ import annotations

import dataclasses
import os
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from .errors import InputError
from .grid import Cell, Table, Text
from .ocr import INSTALL_HINT, LOW_CONFIDENCE, OcrOptions, ocr_available
from .ocr.restamped import Read, commas_back, dots_for_commas, restamped, short_restamped
from .ocr.trust import OcrGrid
from .process import start_worker
from .read_pdf import PageItems, PageTable, join_pages, page_items, rules_to_tables, table_units
from .settings import PdfSettings
from .text import is_han
from .values import is_unit, mend_ocr
from .vocab import printed_labels

# scanned rules are ragged: they snap and touch within 2 points (the PDF reader's 1 point is for drawn rules)
SCAN_SETTINGS = PdfSettings(rule_tolerance=2.0)
_ONE_RULE = dataclasses.replace(SCAN_SETTINGS, min_rules=1)
_CUT_RUN = 10.0  # points vertical rules run on past a cut table piece's one horizontal rule, towards the break
_INSET = 3  # pixels of a cell's border left out of its crop
_DASHED_NUMBER = re.compile(r"[一—\-–－]\s*\d{1,4}\s*[一—\-–－]")
_MARK = 0.6  # a piece beside a cell's text read with less confidence than this (and no Chinese) is a mark
_JUNK = 0.5  # a line outside the tables read with less confidence than this is dropped
_RESIDUE = 0.6  # a line under a seal less tall than this share of the page's print may be a seal letter's piece
_SEALED = 40  # seal pixels in a cell's text line that make its reading one to check
_SURE = 0.95  # a reading with the seal's letters left in this sure is taken where it differs in one character
_SIGNS, _SIGN_BACK = frozenset("≥≤＞＜><="), 0.6  # a value's sign read only with a seal's letters left in, and how sure
SEAL_NOTE = "OCR提示：本格文字上盖有印章（印章已去除），请人工核对"
# a line ending in a date whose next line begins with one (a dash at its end may not be read)
_DATE_END, _DATE_START = re.compile(r"\d{4}年\d{1,2}月([一—]?)$"), re.compile(r"\d{4}年")
# the recogniser's dashes for 一 and 一 for dashes: a lone — before a Chinese character, at a text's start or
# after a Chinese character (—级指标), is 一 where that makes a header, label or form word; a 一 between a month
# and a year (2024年1月一2024年12月) a dash
_DASH_FOR_ONE = re.compile(r"(?:^|(?<=[\u4e00-\u9fff]))—(?=[\u4e00-\u9fff])")
_ONE_FOR_DASH = re.compile(r"(?<=\d月)一(?=\s*\d{4}年)")
_POINTS_FOR_COMMAS = re.compile(r"^\d{1,3}(?:\.\d{3})+\.\d{1,2}$")


def missing_extra(path: str | Path) -> InputError:
    """The error a scan gets when the OCR extra is not installed: today's, plus the command that installs it."""
    if Path(path).suffix.lower() != ".pdf":
        return InputError(str(path), None, f"图片须经 OCR 读取，需要安装 pikg 的附加组件：{INSTALL_HINT}")
    return InputError(str(path), None, "PDF 没有文本层（扫描件？）：请先做 OCR "
                      f"（例如 ocrmypdf），再抽取其结果；或让 pikg 来读：{INSTALL_HINT}")


def read(path: str | Path, ocr: OcrOptions | None = None) -> OcrGrid:
    """Every page of a PDF or image file read by OCR."""
    p = Path(path)
    ocr = ocr or OcrOptions(mode="always")
    if not ocr_available():
        raise missing_extra(p)
    from .ocr.pages import page_count

    try:
        n = page_count(p)
    except Exception as e:  # pypdfium2's PdfiumError, Pillow's UnidentifiedImageError …
        raise InputError(str(p), None, f"不是可读的 PDF 或图片：{e.__class__.__name__}: {e}") from e
    if n == 0:
        raise InputError(str(p), None, "文件没有页面")
    grid = _grid(p, *zip(*_ocr_pages(p, range(1, n + 1), ocr)))
    if not any(isinstance(t, Table) for t in grid.items):
        what = "图片中" if p.suffix.lower() != ".pdf" else "PDF 没有文本层（扫描件？），且"
        raise InputError(str(p), None, f"{what} OCR 在其 {n} 页上未找到带框线的表格")
    return grid


def read_mixed(path: Path, pages: list[PageItems], blank: list[int], ocr: OcrOptions) -> OcrGrid:
    """A PDF whose pages `blank` have no text layer: those pages read by OCR, the others as read."""
    if not ocr_available():
        raise missing_extra(path)
    scanned = {pg.number: (pg, strips) for pg, strips in _ocr_pages(path, blank, ocr)}
    none: dict = {"top": [], "bottom": []}
    both = [scanned.get(pg.number, (pg, none)) for pg in pages]
    grid = _grid(path, [pg for pg, _ in both], [st for _, st in both])
    if len(blank) == len(pages) and not any(isinstance(t, Table) for t in grid.items):
        raise InputError(str(path), None, f"PDF 没有文本层（扫描件？），且 OCR "
                         f"在其 {len(pages)} 页上未找到带框线的表格")
    return grid


def _grid(path: Path, pages: Sequence[PageItems], strips: Sequence[dict]) -> OcrGrid:
    """The pages joined into one grid (cells cut by a page break read whole first), cells given their
    confidence and low-confidence values mended."""
    pages = list(pages)
    if any(st["bottom"] for st in strips):
        from .ocr.stitch import stitch
        stitch(pages, list(strips), SCAN_SETTINGS.rule_tolerance)
    joined = join_pages(pages, str(path), SCAN_SETTINGS)
    grid = OcrGrid(joined.file, joined.items)
    words = {pg.number: pg.words for pg in pages}
    reads: list[tuple[Cell | Text, Read]] = []
    for table in (t for t in grid.items if isinstance(t, Table)):
        for cell in table.cells:
            src = cell.source
            if src is None or src.bbox is None or not words.get(src.page):
                continue
            x0, y0, x1, y1 = src.bbox
            inside = [w for w in words[src.page] if hasattr(w, "conf") and x0 <= w.cx <= x1 and y0 <= w.cy <= y1]
            if not inside:
                continue
            cell.confidence = min(w.conf for w in inside)
            notes = [w.mended for w in inside if w.mended]
            if _POINTS_FOR_COMMAS.match(cell.text):  # 270.000.00: two decimal points, the first ones were commas
                head, _, tail = cell.text.rpartition(".")
                cell.text = head.replace(".", ",") + "." + tail
            if cell.confidence < LOW_CONFIDENCE and (m := mend_ocr(cell.text)) is not None:
                cell.text = m[0]
                notes.append(m[1])
            if notes:
                grid.mends[id(cell)] = "；".join(notes)
            if len(inside) == 1 and inside[0].chars is not None and inside[0].text == cell.text:
                grid.chars[id(cell)] = inside[0].chars  # one line read as the cell prints it: its characters' probabilities
                if inside[0].alts is not None:
                    grid.alts[id(cell)] = inside[0].alts  # … and their runners-up
            sealed = any(SEAL_NOTE in n for n in notes)
            reads.append((cell, Read(cell.text, cell.confidence, sealed, grid.chars.get(id(cell)), grid.alts.get(id(cell)))))
    for line in (t for t in grid.items if isinstance(t, Text) and t.source is not None and t.source.bbox):
        x0, y0, x1, y1 = line.source.bbox  # a text line (a form field printed as 项目名称：…) keeps its confidence
        inside = [w for w in words.get(line.source.page) or [] if hasattr(w, "conf") and x0 <= w.cx <= x1 and y0 <= w.cy <= y1]
        if inside:
            line.confidence = min(w.conf for w in inside)
            if any(w.mended for w in inside):
                grid.mends[id(line)] = "；".join(w.mended for w in inside if w.mended)
            reads.append((line, Read(line.text, line.confidence, any(w.mended and SEAL_NOTE in w.mended for w in inside))))
    # a name under a seal, printed again elsewhere; a short text under a seal, printed often; a 、 dropped; a 、
    # read as a dot
    for rule in (restamped, short_restamped, commas_back, dots_for_commas):
        for i, (text, note) in rule([r for _, r in reads]).items():
            item = reads[i][0]
            item.text = reads[i][1].text = text
            reads[i][1].chars = reads[i][1].alts = None  # no longer its characters' probabilities or runners-up
            grid.chars.pop(id(item), None)  # the text is no longer what was read
            grid.alts.pop(id(item), None)
            grid.mends[id(item)] = "；".join(filter(None, (grid.mends.get(id(item)), note)))
    return grid


def _ocr_pages(path: Path, numbers: Iterable[int], ocr: OcrOptions) -> Iterator[tuple[PageItems, dict]]:
    """The pages read by OCR, in order: in this process, or in `ocr.jobs` processes; a bar per page."""
    numbers = list(numbers)
    bar = None
    if ocr.progress and sys.stderr.isatty() and len(numbers) > 1:
        from tqdm import tqdm
        bar = tqdm(total=len(numbers), desc=path.name, unit="page", file=sys.stderr, leave=False)
    try:
        if ocr.jobs <= 1 or len(numbers) < 2:
            results = (ocr_page(path, n) for n in numbers)
            for pg in results:
                if bar is not None:
                    bar.update()
                yield pg
            return
        # page workers die with this process (a killed `pikg extract` leaves no OCR worker running on)
        with ProcessPoolExecutor(max_workers=min(ocr.jobs, len(numbers)), initializer=start_worker,
                                 initargs=(os.getpid(),)) as pool:
            for pg in pool.map(ocr_page, [path] * len(numbers), numbers):
                if bar is not None:
                    bar.update()
                yield pg
    except InputError:
        raise
    except Exception as e:
        raise InputError(str(path), None, f"OCR 无法读取某一页：{e.__class__.__name__}: {e}") from e
    finally:
        if bar is not None:
            bar.close()


def ocr_page(path: Path, number: int) -> tuple[PageItems, dict]:
    """One page read by OCR: its tables (cells recognised crop by crop) and the text lines between them, and
    the crops of its tables' cells open at the top or bottom (ocr.stitch)."""
    import numpy as np

    from .ocr.cells import close_sides, page_rules, snap_ends, without_seal_strokes
    from .ocr.pages import load_page
    from .ocr.recognize import recognise, text_lines
    from .ocr.stitch import open_strips

    page = load_page(path, number)
    s, k = SCAN_SETTINGS, page.scale
    ink = page.binarized()
    rules, line_mask = page_rules(page, ink)
    rules, line_mask = without_seal_strokes(snap_ends(rules, s.rule_tolerance), line_mask, page.seal, k, s.rule_tolerance)
    tables: list[PageTable] = []
    for group in table_groups(rules):
        t = table_units(close_sides(group, s.rule_tolerance), number, s)
        if t is not None and len(t.xs) >= 3:
            tables.append(t)
    text_ink = cv2_subtract(ink, line_mask)
    boxes: list[tuple[int, int, int, int]] = []
    owners: list[tuple[PageTable, tuple] | None] = []
    rooms: list[tuple[int, int] | None] = []  # the columns a cell's line may be widened into (its cell's)
    free_ink = text_ink.copy()
    for t in tables:
        for key in set(t.units.values()):
            r, c, rs, cs = key
            x0, x1 = int(t.xs[c] / k) + _INSET, int(t.xs[c + cs] / k) - _INSET
            y0, y1 = int(t.ys[r] / k) + _INSET, int(t.ys[r + rs] / k) - _INSET
            if x1 - x0 < 4 or y1 - y0 < 4:
                continue
            for bx0, by0, bx1, by1 in text_lines(text_ink[y0:y1, x0:x1], gap=4.0):
                boxes.append((bx0 + x0, by0 + y0, bx1 + x0, by1 + y0))
                owners.append((t, key))
                rooms.append((x0, x1))
        free_ink[int(t.ys[0] / k) - _INSET:int(t.ys[-1] / k) + _INSET + 1, int(t.xs[0] / k) - _INSET:int(t.xs[-1] / k) + _INSET + 1] = 0
    for box in text_lines(free_ink, gap=s.word_gap):
        boxes.append(box)
        owners.append(None)
        rooms.append(None)
    paper = np.where(line_mask > 0, np.uint8(255), page.gray)  # the crops without the ruling lines
    words = recognise(paper, boxes, k) if boxes else []
    if page.soft is not None and page.seal is not None:
        words = _softer_reads(page, line_mask, boxes, rooms, words)
    _dashed_dates(text_ink, boxes, owners, words)
    _dash_misreads(words)
    # recognise keeps an unread box as an empty word with confidence 0 and a note (ocr.recognize.UNREAD_NOTE),
    # which the text-line confidence counts: match words back to their boxes by position
    placed = {(round(w.x0 / k), round(w.top / k)): w for w in words}
    print_height = print_line_height(words)
    free = []
    for box, owner in zip(boxes, owners):
        w = placed.get((box[0], box[1]))
        if w is None:
            continue
        if owner is None:
            if _DASHED_NUMBER.fullmatch(w.text):  # "一 8 一": a page number's dashes read as 一
                w.text = w.text.replace("一", "—")
            if w.conf >= _JUNK:  # a stamp's or a speck's reading is no text line
                free.append(w)
        elif len(w.text) > 1 or w.conf >= _JUNK:  # a lone mark read with low confidence is a blot's
            if page.seal is not None and page.seal[box[1]:box[3], box[0]:box[2]].sum() >= _SEALED:
                if is_seal_residue(w, print_height):
                    said = f"OCR修正：印章文字的残迹（读作“{w.text}”）不是印刷文字，未读入"
                    w.text, w.chars = "", None  # kept as unread ink: its cell's confidence still counts it
                    w.mended = "；".join(filter(None, (w.mended, said)))
                w.mended = "；".join(filter(None, (w.mended, SEAL_NOTE)))  # its row is flagged for a reviewer
            owner[0].words.setdefault(owner[1], []).append(w)
    for t in tables:
        for key, ws in t.words.items():
            t.words[key] = _without_marks(ws)
    strips = open_strips(tables, paper, text_ink, k, _INSET)
    return page_items(number, page.gray.shape[0] * k, tables, free, words, s), strips


def _softer_reads(page, line_mask, boxes: list[tuple[int, int, int, int]], rooms: list[tuple[int, int] | None],
                  words: list) -> list:
    """The lines under a gray seal read again from the page with only the seal's ring and star lifted (its
    letters left in): a letter's gray is thin print's too, so lifting the letters can take a serif T's bar or a
    thin ≥ with them, while a letter left in may spoil a character. The more confident reading is kept, but
    never a shorter one (but for a mark at an end: 项目名称！) nor one that only swaps Chinese characters; a reading that is the other with a comparator in front (≥99% for 99%) is kept when it
    is fairly sure (_SIGN_BACK), and one that differs in one Latin letter or digit when it is sure (_SURE): the
    letters' rule takes pale print (a T's bar: T read as 1). A cell's
    line is read again widened by its height on each side within its cell (`rooms`): its box was found on the
    page without the letters, which may have lost a sign in front; and in its own box (a letter's piece beside
    it spoils the widened reading: 4G read 46), the more confident of the two taken. `words` hold one word a
    box, in order."""
    import numpy as np

    from .ocr.recognize import recognise

    sealed = [i for i, b in enumerate(boxes) if page.seal[b[1]:b[3], b[0]:b[2]].sum() >= _SEALED]
    if not sealed:
        return words
    soft = np.where(line_mask > 0, np.uint8(255), page.soft)
    wide = []
    for i in sealed:
        x0, y0, x1, y1 = boxes[i]
        lo, hi = rooms[i] or (x0, x1)
        wide.append((max(lo, x0 - (y1 - y0)), y0, min(hi, x1 + (y1 - y0)), y1))
    again = {i: [o] for i, o in zip(sealed, recognise(soft, wide, page.scale))}
    # the line read again in its own box too: widened, a piece of a seal letter beside it can spoil the reading
    own = [i for i, b in zip(sealed, wide) if b != boxes[i]]
    for i, o in zip(own, recognise(soft, [boxes[i] for i in own], page.scale)):
        again[i].append(o)
    out = []
    for i, w in enumerate(words):
        taken = [o for o in again.get(i, []) if _takes(w, o)]
        if taken:
            o = max(taken, key=lambda o: o.conf)
            o.x0, o.x1, o.top, o.bottom = w.x0, w.x1, w.top, w.bottom  # in its line's place
            if o.text != w.text:  # said, so that a reviewer sees both readings (the row is flagged for its seal)
                said = f"OCR修正：印章下两次识别为“{w.text}”“{o.text}”，取“{o.text}”"
                o.mended = "；".join(filter(None, (o.mended, said)))
            w = o
        out.append(w)
    return out


def _takes(w, o) -> bool:
    """True when `o`, a line under a seal read again with the seal's letters left in, is taken for `w`, its
    reading without them (see :func:`_softer_reads`)."""
    # a shorter reading is not taken: dropping the character a letter spoils raises the mean confidence
    # nor one that only swaps Chinese characters: a seal letter left over one can make it another, read surely
    better = (len(o.text) > len(w.text) or o.text == _unmarked(w.text)
              or len(o.text) == len(w.text) and not _cjk_swapped(o.text, w.text)) and o.conf > w.conf
    # a thin comparator the letters' rule lifted leaves a confident reading without it: the sign is kept
    sign = o.conf >= _SIGN_BACK and o.text[:1] in _SIGNS and o.text[1:] == w.text != ""
    # one character of a sure reading changed by the lift (a serif T whose bar went with the letters, read 1)
    one = o.conf >= _SURE and _one_latin_apart(o.text, w.text)
    return bool(better or sign or one)


def print_line_height(words: list) -> float | None:
    """The median height of the page's lines read surely with a Chinese character in them (its print's), or None."""
    import statistics

    heights = [w.bottom - w.top for w in words if w.conf >= _SURE and any(map(is_han, w.text))]
    return statistics.median(heights) if heights else None


def is_seal_residue(w, print_height: float | None) -> bool:
    """True when a line under a seal is what is left of the seal's letters, no print: three characters or more
    with Latin letters and no Chinese character, no unit (the recogniser reads a letter's stub as EVN, 2.mE),
    read unsurely (below _MARK), its box well short of the page's print (_RESIDUE of its height: a letter's
    piece, not a line of print; a line of lower-case letters is taller)."""
    return (print_height is not None and w.conf < _MARK and len(w.text) >= 3 and not any(map(is_han, w.text))
            and any(ch.isascii() and ch.isalpha() for ch in w.text) and not is_unit(w.text)
            and w.bottom - w.top < _RESIDUE * print_height)


def _dashed_dates(text_ink, boxes: list[tuple[int, int, int, int]], owners: list, words: list) -> None:
    """A cell's line read as ending in a date (2024年1月) whose next line in the cell begins with one
    (2024年12月), with a dash printed after its last character (:func:`ends_in_dash`), gets the dash: the
    recogniser does not read a dash at the very end of a line, against its crop's edge, and the two dates run
    together. In place, noted (the value changes). `words` hold one word a box, in order."""
    for i, (box, owner) in enumerate(zip(boxes, owners)):
        w = words[i] if i < len(words) else None
        if owner is None or w is None or not _DATE_END.search(w.text):
            continue
        below = [j for j, (b, o) in enumerate(zip(boxes, owners)) if o is not None and o[0] is owner[0]
                 and o[1] == owner[1] and b[1] >= box[3] and min(b[2], box[2]) > max(b[0], box[0])]
        if not below or not _DATE_START.match(words[min(below, key=lambda j: boxes[j][1])].text):
            continue
        x0, y0, x1, y1 = box
        end = _DATE_END.search(w.text).group(1)
        if end == "—":  # the dash read as a dash: nothing to put right
            continue
        if end:  # the dash read as 一: see _dash_misreads
            w.text = w.text[:-1] + "-"
            said = f"OCR修正：日期“{w.text[:-1]}”行末的“一”按“-”读取（两个日期之间）"
            w.mended = "；".join(filter(None, (w.mended, said)))
        elif ends_in_dash(text_ink[y0:y1, x0:x1]):
            w.text += "-"
            said = f"OCR修正：日期“{w.text[:-1]}”行末印有短横而未识别，按“{w.text}”读取（两个日期之间）"
            w.mended = "；".join(filter(None, (w.mended, said)))


def _dash_misreads(words: list) -> None:
    """Dashes and 一 the recogniser reads for each other, put right in place and noted: a lone — before a
    Chinese character, at a text's start or after a Chinese character, is 一 where the 一 makes a header, label
    or form word there (—级指标, —级项目名称; a — between two names, 中国—东盟, stays); a 一 between a month and
    a year is the dash between two dates (a — there is one already and stays)."""
    for w in words:
        text = _ONE_FOR_DASH.sub("-", _DASH_FOR_ONE.sub(_one_if_a_word, w.text))
        if text != w.text:
            said = f"OCR修正：“{w.text}”按“{text}”读取（“一”与“—”“-”易混）"
            w.text, w.mended = text, "；".join(filter(None, (w.mended, said)))


@lru_cache(maxsize=1)
def _words_with_one() -> tuple[str, ...]:
    """The header words, framework labels and form labels that hold a 一 (一级指标, 一级项目名称)."""
    from .plain_words import HEADER_WORDS, WRAPPED_HEADS, form_words

    words = set(HEADER_WORDS) | set(WRAPPED_HEADS) | set(form_words()[0]) | set(printed_labels())
    return tuple(sorted(w for w in words if "一" in w))


def _one_if_a_word(m: re.Match) -> str:
    """一 for the matched —, where a header, label or form word holding a 一 is printed across it once it is 一
    (or the text is the first two or more characters of one, wrapped); else the — as read."""
    at, text = m.start(), m.string
    if at == 0 and any(w.startswith("一" + text[1:]) for w in _words_with_one()):
        return "一"  # a header word's first line, wrapped in its narrow column (—级 | 指标)
    for word in _words_with_one():
        for k, ch in enumerate(word):
            start = at - k
            if ch == "一" and start >= 0 and text[start:start + len(word)] == word[:k] + "—" + word[k + 1:]:
                return "一"
    return "—"


def ends_in_dash(ink) -> bool:
    """True when a line's ink (255 on 0) ends in a dash: its rightmost piece, right of all the others, is a
    short solid bar at the middle of the line's height (thin: at most a fifth of it; at least three times as
    wide as thick, at most 0.8 of the height wide)."""
    import cv2
    import numpy as np

    n, _, stats, _ = cv2.connectedComponentsWithStats((ink > 0).astype(np.uint8), connectivity=8)
    if n < 3:
        return False
    pieces = stats[1:]
    top, bottom = pieces[:, 1].min(), (pieces[:, 1] + pieces[:, 3]).max()
    height = bottom - top
    x, y, w, h, area = pieces[int(np.argmax(pieces[:, 0]))]
    others = pieces[pieces[:, 0] != x]
    middle = (y + h / 2 - top) / max(height, 1)
    return bool(x >= (others[:, 0] + others[:, 2]).max() and h <= 0.2 * height and 3 * h <= w <= 0.8 * height
                and 0.3 <= middle <= 0.7 and area >= 0.6 * w * h)


def _cjk_swapped(a: str, b: str) -> bool:
    """True when two texts of one length differ in a Chinese character."""
    return any(x != y and (is_han(x) or is_han(y)) for x, y in zip(a, b))


def _one_latin_apart(a: str, b: str) -> bool:
    """True when two texts of one length differ in one place, a letter or digit in both (T and 1 in a code): a
    seal letter left over a Chinese character can make it another one read surely (数据治理 read 数据流理)."""
    apart = [(x, y) for x, y in zip(a, b) if x != y]
    return len(a) == len(b) and len(apart) == 1 and all(ch.isascii() and ch.isalnum() for ch in apart[0])


def _unmarked(text: str) -> str:
    """The text without the signs at its ends that are no value's (a seal letter's stub read as ！ beside a
    label): punctuation and symbols other than %, closing brackets and comparators."""
    import unicodedata

    def mark(ch: str) -> bool:
        return unicodedata.category(ch)[0] in "PS" and ch not in "%％)）]】>＞<＜=≥≤"

    lo, hi = 0, len(text)
    while lo < hi and mark(text[lo]):
        lo += 1
    while hi > lo and mark(text[hi - 1]):
        hi -= 1
    return text[lo:hi]


def table_groups(rules: list) -> list[list]:
    """The groups of touching rules that are tables: two horizontal and two vertical rules or more, and — at the
    top or the bottom of the page — a piece of a table cut by the page break that kept only one horizontal rule,
    with three vertical rules or more running on past it towards the break (its cells open there, so that
    ``join_pages`` continues the table from or onto the next page, as it does for a text PDF)."""
    groups = rules_to_tables(rules, _ONE_RULE)
    full = [g for g in groups if sum(r.horizontal for r in g) >= 2 and sum(not r.horizontal for r in g) >= 2]
    if not full:
        return full
    top, bottom = min(min(r.pos for r in g if r.horizontal) for g in full), max(max(r.pos for r in g if r.horizontal) for g in full)
    out = list(full)
    for g in groups:
        hs, vs = [r for r in g if r.horizontal], [r for r in g if not r.horizontal]
        if len(hs) != 1 or len(vs) < 3:
            continue
        y = hs[0].pos
        if y < top and sum(v.lo < y - _CUT_RUN for v in vs) >= 3 or y > bottom and sum(v.hi > y + _CUT_RUN for v in vs) >= 3:
            out.append(g)
    return out


def _without_marks(words: list) -> list:
    """A cell's words less the marks beside its text: a piece without a Chinese character read with low
    confidence on the line of a confidently read Chinese text (a stamp's edge beside a name)."""
    def cjk(w) -> bool:
        return any(map(is_han, w.text))

    def beside(w, o) -> bool:
        return o is not w and cjk(o) and o.conf >= LOW_CONFIDENCE and min(w.bottom, o.bottom) > max(w.top, o.top)

    return [w for w in words if cjk(w) or w.conf >= _MARK or not any(beside(w, o) for o in words)]


def cv2_subtract(ink, mask):
    """Ink without the pixels of the ruling lines."""
    import cv2

    return cv2.subtract(ink, mask)
