"""What a character read by OCR may have been printed as, from the recogniser's own doubt: the runner-up it
keeps for each character (ocr/recognize.py ``OcrWord.alts``: the character its frame gave the next most
probability) and its probability. A mend that puts one character of a reading right from the same text
printed elsewhere asks this before it changes the character: a character read fairly surely whose runner-up
is the printed one (目 behind 自 at 0.94) may be changed, as may one read weakly (a seal letter over 完 read
院 at 0.4); a character read surely as another with another runner-up (合规 beside a document full of 合格)
is not. The runner-up never vetoes a weak character: a seal letter that spoils a character leaves other
wrong guesses behind it (完 read 院 at 0.40, runner-up 党; 户 read 严 at 0.91, runner-up 产).

Pure Python, called by the mends of ocr/restamped.py.
"""
from __future__ import annotations

from typing import Sequence

from ..text import nfkc

# where the recogniser kept no runner-up, a character read with less probability than this may be another:
# far below the 0.9 under which a character counts as unsure, since a seal lowers the probability of
# characters read right too (合规 under a seal, 规 at 0.85)
UNSURE_CHAR = 0.7
# a runner-up given less probability than this is the recogniser's next guess by rank only, no doubt it had
RUNNER_UP_MIN = 0.001
# … and behind a character read with at least SURE_CHAR, a runner-up given less than RUNNER_UP_SURE is no doubt
# either (合规 under a seal, 规 at 0.97, its runner-up 格 at 0.002, is no misread 合格)
SURE_CHAR, RUNNER_UP_SURE = 0.9, 0.05

Alt = tuple[str, float]  # a character's runner-up and the probability its frame gave it


def may_be(prob: float | None, alt: Alt | None, printed: str) -> bool:
    """True where a character read with probability `prob` and runner-up `alt` may have been printed as
    `printed`: its runner-up is `printed` (in any width, given at least RUNNER_UP_MIN, and at least
    RUNNER_UP_SURE where the character was read with SURE_CHAR or more), or it was read with less than
    UNSURE_CHAR."""
    least = RUNNER_UP_SURE if prob is not None and prob >= SURE_CHAR else RUNNER_UP_MIN
    if _is_runner_up(alt, printed, least):
        return True
    return prob is not None and prob < UNSURE_CHAR


def seconds(prob: float | None, alt: Alt | None, printed: str) -> bool:
    """True where the recogniser's runner-up for a character read unsurely (its probability `prob` unknown or
    below SURE_CHAR) is `printed`, given at least BACKING_MIN: its own second reading, not only doubt."""
    return (prob is None or prob < SURE_CHAR) and _is_runner_up(alt, printed, BACKING_MIN)


def _is_runner_up(alt: Alt | None, printed: str, least: float) -> bool:
    return alt is not None and bool(alt[0]) and nfkc(alt[0]) == nfkc(printed) and alt[1] >= least


def doubtful_at(text: str, probs: Sequence[float] | None, alts: Sequence[Alt] | None, at: int, printed: str) -> bool:
    """True where character `at` of a reading `text` may have been printed as `printed` (:func:`may_be`), from
    the reading's per-character probabilities and runners-up (each None where unknown, or ignored where it
    does not hold one per character)."""
    prob = probs[at] if probs is not None and len(probs) == len(text) else None
    alt = alts[at] if alts is not None and len(alts) == len(text) else None
    return may_be(prob, alt, printed)


def seconds_at(text: str, probs: Sequence[float] | None, alts: Sequence[Alt] | None, at: int, printed: str) -> bool:
    """True where the recogniser's runner-up for character `at` of a reading `text` is `printed`
    (:func:`seconds`), from the reading's per-character probabilities and runners-up (as :func:`doubtful_at`:
    False where no runner-up is kept for each character)."""
    if alts is None or len(alts) != len(text):
        return False
    prob = probs[at] if probs is not None and len(probs) == len(text) else None
    return seconds(prob, alts[at], printed)


# a mend copied from the same text printed elsewhere is backed by the recogniser where the one character it
# changes had the printed character as its runner-up with at least this probability
BACKING_MIN = 0.01
_BACKED = "的次选字即"  # what the note of a backed mend says


def backing(read: str, alts: Sequence[Alt] | None, printed: str, probs: Sequence[float] | None = None) -> str | None:
    """Where `read` is `printed` but for one character whose runner-up is `printed`'s (compared in NFKC) and
    :func:`seconds` it (`probs`, the characters' probabilities, where known: a character read surely is not
    settled by its runner-up): the phrase a mend's note adds to say so; else None. Such a mend is the
    recogniser's own second reading agreeing with the text printed elsewhere, not a guess."""
    a, b = nfkc(read), nfkc(printed)
    if alts is None or len(alts) != len(read) or len(a) != len(read) or len(b) != len(a):
        return None
    apart = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    if len(apart) != 1:
        return None
    i = apart[0]
    prob = probs[i] if probs is not None and len(probs) == len(read) else None
    if not seconds(prob, alts[i], b[i]):
        return None
    return f"“{read[i]}”{_BACKED}“{printed[i]}”（次选概率{alts[i][1]:.2f}）"


def is_backed(note: str | None) -> bool:
    """True where a mend's note says the recogniser's runner-up backs it (:func:`backing`)."""
    return _BACKED in (note or "")
