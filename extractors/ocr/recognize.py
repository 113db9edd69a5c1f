"""Text of a page region: its text lines found from the ink's row profile (a cell holds one or a few lines,
the space between tables whole lines, cut where a wide gap separates two texts), each line recognised by
RapidOCR's PP-OCRv4 recogniser on ONNX Runtime (the models ship inside the rapidocr_onnxruntime wheel).

A recognised line is a :class:`OcrWord`, the PDF reader's word with the recogniser's confidence, placed in
PDF points, so that the PDF reader's own steps put it in a cell or a text line.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np

from ..glyphs import fix_glyphs
from . import INSTALL_HINT, LOW_CONFIDENCE
from ..read_pdf import Word

_log = logging.getLogger(__name__)

_MIN_INK_ROW = 1  # pixels of ink a row needs to count as part of a text line (specks are removed before)
_MIN_LINE_PX = 7  # a text line is at least this tall (at 200 dpi about 2.5 points)
_PAD = 4  # white pixels around a line crop
UNREAD_NOTE = "OCR提示：本格有墨迹未识别出文字（可能是“≥”“≤”“=”等符号），请人工核对"
_BAR_GAP = 6  # blank pixel rows at most between the thin bars of one sign (=)


@dataclass
class OcrWord(Word):
    """A recognised text line in PDF points, with the recogniser's confidence (0 … 1)."""

    conf: float = 1.0
    mended: str | None = None  # the note of a character the runner-up replaced, or one the decoding dropped
    chars: tuple[float, ...] | None = None  # each character's probability, where known (one per character)
    # each character's runner-up, where known: the character its frame gave the next most probability (never
    # the blank) and that probability; ("", 0.0) for a character put back (one per character)
    alts: tuple[tuple[str, float], ...] | None = None


# one line as read: (text, mean character probability, a note, each character's probability, each
# character's runner-up and its probability); a reader that does not know the last two may leave them out
Reading = tuple
_NO_ALT = ("", 0.0)  # the runner-up of a character that had no frame of its own (one put back)


# characters the recogniser reads for others that budget tables print (a radical for the enumeration comma)
_OCR_GLYPHS = str.maketrans({"丶": "、"})
# comparators the recogniser confuses with the slanted ≥ ≤ many fonts print: (read, printed, its note)
_RUNNER_UP = {">": "≥", "<": "≤", "》": "≥", "《": "≤"}
_MARK_BELOW = 0.6  # a Latin letter or sign at a Chinese line's end read with less probability is a mark
_RUNNER_UP_BELOW = 0.9  # only a character read with less probability than this is replaced by its runner-up
_DROPPED = 0.1  # a character a blank frame gives this much probability may have been printed there (noted)
# a dot-shaped mark, which a speck of paper noise mimics, needs twice the evidence
_DOTS, _DROPPED_DOT = frozenset(".,·'`，。．"), 0.2
_PUT_BACK = 0.2  # a 、 between Chinese characters or a comparator before a number nearly read this strongly is put back
_SLANTED = {**_RUNNER_UP, "≥": "≥", "≤": "≤"}  # a comparator nearly read → the slanted one it is put back as
_HEIGHT = 48  # the recogniser's input height (PP-OCRv4)
_CLEAN_BELOW = LOW_CONFIDENCE  # a line read with less confidence is read again on clean paper; the new reading needs as much
_PAPER_DROP = 45  # gray levels below a crop's paper that are still paper (its grain, a scanner's noise)
# one line a run: on one thread a batch costs more per line than single lines (cache), and a short cell is not
# padded to the width of a longer one; nor to PaddleOCR's 320 pixels (a short cell then costs a third)
_BATCH = 1
_MIN_WIDTH = 64


@dataclass
class Recogniser:
    """PP-OCRv4's text recogniser on ONNX Runtime: one thread (pages run in parallel processes), the memory
    arena on (its buffers are reused from line to line), characters from the model's own metadata."""

    session: object
    chars: list[str]

    def __call__(self, crops: list[np.ndarray]) -> list[Reading]:
        """(text, mean character probability, a note of a runner-up taken, each character's probability) of
        each grayscale line crop."""
        order = np.argsort([c.shape[1] / c.shape[0] for c in crops])
        out: list[Reading] = [("", 0.0, None, (), ())] * len(crops)
        name = self.session.get_inputs()[0].name
        for b in range(0, len(crops), _BATCH):
            idx = order[b:b + _BATCH]
            ratio = max(max(crops[i].shape[1] / crops[i].shape[0] for i in idx), _MIN_WIDTH / _HEIGHT)
            width = int(_HEIGHT * ratio)
            batch = np.zeros((len(idx), 3, _HEIGHT, width), dtype=np.float32)
            for k, i in enumerate(idx):
                h, w = crops[i].shape
                rw = min(width, int(np.ceil(_HEIGHT * w / h)))
                line = cv2.resize(crops[i], (rw, _HEIGHT)).astype(np.float32) / 127.5 - 1.0
                batch[k, :, :, :rw] = line
            probs = self.session.run(None, {name: batch})[0]
            for k, i in enumerate(idx):
                out[i] = self._decode(probs[k])
        return out

    def _decode(self, p: np.ndarray) -> Reading:
        """CTC decoding with each character's probability and runner-up; a confused comparator read with low probability
        whose runner-up is the slanted one is that one (and noted); a character nearly read and dropped is put
        back where it is a 、 between Chinese characters or a comparator before a number (_put_back), else
        noted (not added); either way noted."""
        best = p.argmax(axis=1)
        keep = np.ones(len(best), dtype=bool)
        keep[1:] = best[1:] != best[:-1]
        keep &= best != 0
        text, probs, note = [], [], None
        frames = np.flatnonzero(keep)
        alts = self._runners_up(p, frames, best)
        for t in frames:
            ch, prob = self.chars[best[t]], float(p[t, best[t]])
            alt = _RUNNER_UP.get(ch)
            if alt is not None and prob < _RUNNER_UP_BELOW and alt in self.index:
                runner = int(np.argsort(p[t, 1:])[-2]) + 1  # the runner-up among characters (not the blank)
                if runner == self.index[alt]:
                    note = f"OCR修正：“{ch}”的次选为“{alt}”（{ch} {prob:.2f}，{alt} {float(p[t, runner]):.2f}），按“{alt}”读取"
                    ch = alt
            text.append(ch)
            probs.append(prob)
        dropped = self._dropped(p, best)
        if dropped is not None and (back := _put_back(dropped, keep, text)) is not None:
            at, char, put = back
            text.insert(at, char)
            probs.insert(at, dropped[2])
            alts.insert(at, _NO_ALT)
            dropped = None
            note = "；".join(filter(None, (note, put)))
        start, end = _marks_trimmed(text, probs)
        text, probs, alts = text[start:end], probs[start:end], alts[start:end]
        if dropped is not None:
            t, char, q = dropped
            note = "；".join(filter(None, (note, f"OCR提示：本格可能漏识一个字符“{char}”（识别概率{q:.2f}，未采用），请人工核对")))
        return ("".join(text).translate(_OCR_GLYPHS), float(np.mean(probs)) if probs else 0.0, note, tuple(probs),
                tuple(alts))

    def _runners_up(self, p: np.ndarray, frames: np.ndarray, best: np.ndarray) -> list[tuple[str, float]]:
        """Each read character's runner-up in the frame it was read from: the character (not the blank, nor
        the character read, nor one read as it: 丶 for 、) given the most probability there, and that
        probability."""
        if len(frames) == 0:
            return []
        rows = p[frames, 1:].copy()
        rows[np.arange(len(frames)), best[frames] - 1] = -1.0  # the character read is no runner-up of itself
        top2 = np.argsort(rows, axis=1)[:, -2:] if rows.shape[1] > 1 else rows.argmax(axis=1)[:, None]
        out = []
        for i, t in enumerate(frames):
            read = self.chars[best[t]].translate(_OCR_GLYPHS)
            k = next((k for k in top2[i, ::-1] if self.chars[k + 1].translate(_OCR_GLYPHS) != read), top2[i, -1])
            out.append((self.chars[k + 1].translate(_OCR_GLYPHS), max(float(rows[i, k]), 0.0)))
        return out

    def _dropped(self, p: np.ndarray, best: np.ndarray) -> tuple[int, str, float] | None:
        """The character the decoding dropped and nearly read, (frame, character, probability): a frame read as
        blank whose best character (not a space, nor the character of a neighbouring frame, which is that
        character's own tail) has at least _DROPPED probability (_DROPPED_DOT for a dot, which a speck
        mimics) — a hyphen, ≥ or 、 the recogniser was unsure was there leaves a line it reads with high
        confidence. The strongest such frame, or None."""
        blank = np.flatnonzero(best == 0)
        if len(blank) == 0:
            return None
        alt = p[blank, 1:].argmax(axis=1) + 1
        prob = p[blank, alt]
        found: tuple[int, str, float] | None = None
        for t, k, q in zip(blank, alt, prob):
            ch = self.chars[k]
            if q < (_DROPPED_DOT if ch in _DOTS else _DROPPED) or (found and q <= found[2]) or not ch.strip():
                continue
            if t > 0 and best[t - 1] == k or t + 1 < len(best) and best[t + 1] == k:
                continue
            found = (int(t), ch.translate(_OCR_GLYPHS), float(q))
        return found

    @property
    def index(self) -> dict[str, int]:
        return _char_index(tuple(self.chars))


def _put_back(dropped: tuple[int, str, float], keep: np.ndarray, text: list[str]) -> tuple[int, str, str] | None:
    """A dropped character put back where the recogniser is known to drop it and hardly ever dreams it up
    (probability at least _PUT_BACK; all such notes on the seeded scans were real drops): an enumeration comma
    right after a Chinese character and before another character (项目评审、规划), and a comparator in front of
    a value's first digit (≥95%; > and < for the slanted signs budget tables print). (where, character, note)
    or None."""
    t, char, q = dropped
    if q < _PUT_BACK:
        return None
    at = int(keep[:t].sum())  # the characters read before the frame
    if char == "、" and 0 < at < len(text) and "\u4e00" <= text[at - 1] <= "\u9fff" and text[at].isalnum():
        return at, char, f"OCR修正：两字之间漏识的顿号“、”已补入（识别概率{q:.2f}）"
    sign = _SLANTED.get(char)
    if sign is not None and at == 0 and text and text[0].isdigit():
        return 0, sign, f"OCR修正：数值前漏识的“{sign}”已补入（读作“{char}”，识别概率{q:.2f}）"
    return None


def _trim_marks(text: list[str], probs: list[float]) -> tuple[list[str], list[float]]:
    """A run of Latin letters or signs (not digits, %, closing brackets) before the first or after the last
    Chinese character of a line, every one read with low probability, is a mark beside the text (a stamp's
    edge, a blot): dropped."""
    start, end = _marks_trimmed(text, probs)
    return text[start:end], probs[start:end]


def _marks_trimmed(text: list[str], probs: list[float]) -> tuple[int, int]:
    """Where a line's text starts and ends once the marks beside it are dropped (see :func:`_trim_marks`)."""
    cjk = [i for i, ch in enumerate(text) if "\u4e00" <= ch <= "\u9fff"]
    if not cjk:
        return 0, len(text)
    lo, hi = cjk[0], cjk[-1] + 1

    def marks(run: range) -> bool:
        return len(run) > 0 and all(text[i].isascii() and not text[i].isdigit() and text[i] not in "%)]"
                                    and probs[i] < _MARK_BELOW for i in run)

    start = lo if marks(range(0, lo)) else 0
    end = hi if marks(range(hi, len(text))) else len(text)
    return start, end


@lru_cache(maxsize=4)
def _char_index(chars: tuple[str, ...]) -> dict[str, int]:
    return {c: i for i, c in enumerate(chars)}


@lru_cache(maxsize=1)
def engine() -> Recogniser:
    """The recogniser of this process: the PP-OCRv4 model inside the rapidocr_onnxruntime wheel, its scale
    and shift layers folded and its hard-swishes fused (ocr.model)."""
    from pathlib import Path

    import onnxruntime as ort
    import rapidocr_onnxruntime

    model = _model_bytes(Path(rapidocr_onnxruntime.__file__).parent / "models" / "ch_PP-OCRv4_rec_infer.onnx")
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 4
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(model, opts, providers=["CPUExecutionProvider"])
    chars = session.get_modelmeta().custom_metadata_map["character"].splitlines()
    return Recogniser(session, ["blank", *chars, " "])


def _model_bytes(path) -> bytes:
    """The recogniser's model folded (ocr.model), from the user's cache folder where an earlier process left
    it (ocr.model_store), or as shipped where the onnx package is missing or the folds fail on a model of
    another shape (slower, the same readings; a warning says so)."""
    from .model_store import stored_model

    return stored_model(path, _folded) or path.read_bytes()


def _folded(path) -> bytes | None:
    """The model at `path` folded (ocr.model), or None with a warning where onnx is missing or the folds fail."""
    try:
        import onnx

        from .model import lean_model
    except ImportError:
        _log.warning("未安装 onnx：识别模型按原样运行（较慢，读数相同）；%s", INSTALL_HINT)
        return None
    try:
        return lean_model(onnx.load(path)).SerializeToString()
    except Exception as err:  # a model the folds do not expect: run it as shipped rather than not at all
        _log.warning("识别模型未能精简（%s）：按原样运行（较慢，读数相同）", err)
        return None


def text_lines(ink: np.ndarray, gap: float) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, y0, x1, y1) of the text lines in an ink image (255 ink): rows of ink separated by blank
    rows, each cut where a horizontal gap is wider than `gap` × the line's height; a piece that still holds
    several lines (a stamp or a tall word beside them bridged their gaps) is cut again (an XY cut)."""
    return [_widen(b, ink.shape) for b in _cut_rows(ink, 0, 0, ink.shape[1], gap, 3)]


def _cut_rows(ink: np.ndarray, x0: int, y0: int, x1: int, gap: float, depth: int) -> list[tuple[int, int, int, int]]:
    """The text lines of the region from row y0 down, columns x0..x1."""
    on = (ink[y0:, x0:x1] > 0).sum(axis=1) >= _MIN_INK_ROW
    boxes = []
    y, h = 0, len(on)
    while y < h:
        if not on[y]:
            y += 1
            continue
        top = y
        while y < h and on[y]:
            y += 1
        while y - top < _MIN_LINE_PX and (nxt := _next_bar(on, y)) is not None:
            y = nxt  # a sign of thin bars (=, ≤ printed thin) is one line, not specks
        if y - top < _MIN_LINE_PX:
            continue
        for piece in _split_line(ink[:, x0:x1], y0 + top, y0 + y, gap):
            px0, py0, px1, py1 = piece[0] + x0, piece[1], piece[2] + x0, piece[3]
            inner = _cut_rows(ink[:py1], px0, py0, px1, gap, depth - 1) if depth > 0 else []
            boxes.extend(inner or [(px0, py0, px1, py1)])  # the piece's own lines, each as tall as its ink
    return boxes


def _next_bar(on: np.ndarray, y: int) -> int | None:
    """Where the thin run of ink rows starting within _BAR_GAP blank rows below row y ends, or None."""
    k = y
    while k < len(on) and k - y < _BAR_GAP and not on[k]:
        k += 1
    if k >= len(on) or not on[k] or k == y:
        return None
    end = k
    while end < len(on) and on[end]:
        end += 1
    return end if end - k < _MIN_LINE_PX else None


def _widen(box: tuple[int, int, int, int], shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    """A line's box with a margin of the image around it (strokes too faint to binarise stay in the crop),
    inside the region."""
    x0, y0, x1, y1 = box
    m = max(3, (y1 - y0) // 4)
    return max(0, x0 - m), max(0, y0 - 2), min(shape[1], x1 + m), min(shape[0], y1 + 2)


def _split_line(ink: np.ndarray, y0: int, y1: int, gap: float) -> list[tuple[int, int, int, int]]:
    """The pieces of one text line, cut at gaps wider than `gap` × its height; specks dropped."""
    cols = np.flatnonzero((ink[y0:y1] > 0).sum(axis=0) > 0)
    if len(cols) == 0:
        return []
    height = y1 - y0
    cuts = np.flatnonzero(np.diff(cols) > gap * height)
    out = []
    start = 0
    for c in [*cuts, len(cols) - 1]:
        x0, x1 = int(cols[start]), int(cols[c]) + 1
        piece = ink[y0:y1, x0:x1]
        if (piece > 0).sum() >= max(12, height):  # a speck is no text
            out.append((x0, y0, x1, y1))
        start = c + 1
    return out


def clean_paper(crop: np.ndarray) -> np.ndarray:
    """A line crop with its paper made white: pixels no more than _PAPER_DROP darker than the crop's paper (its
    90th percentile of gray) are set to 255, so the paper's grain is gone and print keeps its gray."""
    paper = float(np.percentile(crop, 90))
    return np.where(crop >= paper - _PAPER_DROP, np.uint8(255), crop).astype(np.uint8)


def _on_clean_paper(crops: list[np.ndarray], reads: list[Reading]) -> list[Reading]:
    """The lines read with low confidence, or with a character nearly read and dropped, read again on clean
    paper (:func:`clean_paper`): the recogniser drops a thin 1 beside a character on grainy paper (1人 read as
    人). The second reading is kept where it is confident, more confident than the first, and the first with
    characters added (a lone 0 read again as o, or ≥2G as V2G, is no better reading) — and noted, so that its
    row is checked (a character was added to what the first reading saw)."""
    again = [i for i, (text, conf, note, *_) in enumerate(reads) if conf < _CLEAN_BELOW or note and "漏识" in note]
    if not again:
        return reads
    out = list(reads)
    for i, second in zip(again, engine()([clean_paper(crops[i]) for i in again])):
        if second[1] >= _CLEAN_BELOW and second[1] > reads[i][1] and _adds_to(second[0].strip(), reads[i][0].strip()):
            said = f"OCR修正：去除纸纹后重读，“{reads[i][0].strip()}”读作“{second[0].strip()}”，请人工核对"
            out[i] = (second[0], second[1], "；".join(filter(None, (second[2], said))), *second[3:5])
    return out


def _adds_to(longer: str, shorter: str) -> bool:
    """True when `longer` is `shorter` with one character or more added (its characters in order)."""
    if len(longer) <= len(shorter):
        return False
    it = iter(longer)
    return all(ch in it for ch in shorter)


def recognise(gray: np.ndarray, boxes: list[tuple[int, int, int, int]], scale: float,
              offset: tuple[int, int] = (0, 0)) -> list[OcrWord]:
    """Recognise each box of a grayscale image: words in PDF points (`scale` points a pixel, boxes relative
    to `offset` in the page). A box read as nothing is a word without text, confidence 0 and a note: ink no
    character was read from (a lone ≤ in a sign column), which the reader keeps out of every text but counts
    in its cell's confidence."""
    if not boxes:
        return []
    crops = [cv2.copyMakeBorder(gray[y0:y1, x0:x1], _PAD, _PAD, _PAD, _PAD, cv2.BORDER_CONSTANT, value=255)
             for x0, y0, x1, y1 in boxes]
    ox, oy = offset
    words = []
    for (x0, y0, x1, y1), (raw, conf, note, *known) in zip(boxes, _on_clean_paper(crops, engine()(crops))):
        text = fix_glyphs(raw.strip())
        if not text:
            conf, note = 0.0, UNREAD_NOTE
        size = (y1 - y0) * scale
        probs, alts = (*known, None, None)[:2]
        words.append(OcrWord(text, (x0 + ox) * scale, (x1 + ox) * scale, (y0 + oy) * scale, (y1 + oy) * scale,
                             size, conf, note, _chars_of(raw, text, probs), _chars_of(raw, text, alts)))
    return words


def _chars_of(raw: str, text: str, probs: tuple | None) -> tuple | None:
    """Each character's probability (or runner-up) of a line's `text` (its reading `raw` stripped and its glyphs
    fixed), or None where they are unknown or the fixing changed how many characters there are."""
    if not probs or len(probs) != len(raw):
        return None
    lead = len(raw) - len(raw.lstrip())
    kept = probs[lead:lead + len(raw.strip())]
    return tuple(kept) if len(kept) == len(text) else None
