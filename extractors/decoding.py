"""Bytes of a text conversion → text: UTF-8 (with or without BOM), UTF-16/32 with a BOM, GB18030.

A file damaged in a few places (cut in the middle of a character, a stray byte) is decoded anyway: the
bad bytes become U+FFFD and each damaged line is reported by its real number. A file that is mostly
undecodable, or binary, is refused with the line where decoding first failed.
"""
from __future__ import annotations

import codecs

from .errors import InputError
from .problems import Problem, damaged

_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]
MAX_BAD_SHARE = 0.001  # damaged characters tolerated per character of text
MAX_REPORTED = 5


def _bad_lines(text: str) -> list[int]:
    out = []
    for no, line in enumerate(text.split("\n"), 1):
        if "\ufffd" in line:
            out.append(no)
    return out


def _tolerable(text: str) -> bool:
    return text.count("\ufffd") <= max(1, MAX_BAD_SHARE * len(text))


def decode_text(data: bytes, path: str) -> tuple[str, list[Problem]]:
    """The text of a file and the problems of its damaged lines. Raises InputError for an empty, binary or
    undecodable file."""
    if not data.strip():
        raise InputError(path, None, "文件是空的")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = data.decode(enc, errors="replace")
            if enc == "utf-8-sig":
                break  # UTF-8 goes through the checks below
            return text, _warnings(text, path, enc)
    if b"\x00" in data[:4096]:
        raise InputError(path, None, "这是二进制文件，不是预算文件的文本转换稿"
                         "（UTF-16 文本须带字节顺序标记 BOM）")
    first_error: tuple[str, int] | None = None
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc), []
        except UnicodeDecodeError as e:
            if first_error is None:
                first_error = (enc, data[: e.start].count(b"\n") + 1)
    for enc in ("utf-8-sig", "gb18030"):
        text = data.decode(enc, errors="replace")
        if _tolerable(text):
            return text, _warnings(text, path, enc)
    enc, line = first_error
    raise InputError(path, line, f"文件既不是 UTF-8 也不是 GB18030 文本（按 {enc} 解码时第一处无法解码的字节在此行）")


def _warnings(text: str, path: str, enc: str) -> list[Problem]:
    bad = _bad_lines(text)
    if not bad:
        return []
    name = {"utf-8-sig": "UTF-8", "gb18030": "GB18030"}.get(enc, enc.upper())
    shown = "、".join(str(n) for n in bad[:MAX_REPORTED]) + (f" 行及另外 {len(bad) - MAX_REPORTED}" if len(bad) > MAX_REPORTED else "")
    return [damaged("bytes-replaced", f"{path}:{bad[0]}", f"第 {shown} 行中不属于 {name} 的字节已替换为 "
                    "\ufffd（文件在字符中间被截断或已损坏）；其余内容照常读取")]
