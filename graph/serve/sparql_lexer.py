"""A SPARQL 1.1 lexer: the query text as tokens, for the server's check of what a query may do.

It knows the terminals of the SPARQL grammar (§19.8): strings in their four quotings with their escapes,
IRIs <…>, prefixed names, blank node labels, variables, language tags, numbers, comments and the
punctuation; a bare word (a keyword, `a`, `true`) is a WORD. Codepoint escapes (\\uXXXX, \\UXXXXXXXX) may
stand anywhere in a query and are undone before tokenizing, as the spec says (§19.2): `unescape` does that
and `tokenize` works on its result. What it cannot tokenize is refused (LexError), never guessed at.

A token is the longest text its terminal matches; strings, IRIs and numbers never give back a character to
let a later token match (possessive repetition, as in the PEG parser Oxigraph uses), names end as the spec
says (not on a dot).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
         "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_U = _BASE + "_"
_CHARS = _U + r"\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PREFIX = rf"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_LOCAL = rf"(?:[{_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_ECHAR = r"""\\[tbnrf\\"']"""

# (kind, pattern), tried in this order at each position; the first that matches is the token
_TERMINALS: list[tuple[str, str]] = [
    ("STRING", rf"'''(?:(?:''|')?+(?:[^'\\]|{_ECHAR}))*+'''"),
    ("STRING", rf'"""(?:(?:""|")?+(?:[^"\\]|{_ECHAR}))*+"""'),
    ("STRING", rf"'(?:[^'\\\n\r]|{_ECHAR})*+'"),
    ("STRING", rf'"(?:[^"\\\n\r]|{_ECHAR})*+"'),
    ("IRI", r'<[^<>"{}|^`\\\x00-\x20]*+>'),
    ("PNAME", rf"(?:{_PREFIX})?:(?:{_LOCAL})?"),
    ("BNODE", rf"_:[{_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?"),
    ("VAR", rf"[?$][{_U}0-9][{_U}0-9\u00B7\u0300-\u036F\u203F-\u2040]*+"),
    ("LANGTAG", r"@[a-zA-Z]++(?:-[a-zA-Z0-9]++)*+"),
    ("NUMBER", r"[0-9]*+\.[0-9]++[eE][+-]?[0-9]++|[0-9]++(?:\.[0-9]*+)?[eE][+-]?[0-9]++|[0-9]*+\.[0-9]++|[0-9]++"),
    ("WORD", _PREFIX),
    ("PUNCT", r"\^\^|&&|\|\||!=|<=|>=|[{}()\[\],;.*=<>!+\-/|^?]"),
]
_SPACE = re.compile(r"(?:[ \t\r\n]|#[^\r\n]*+)*+")
_TOKEN = re.compile("|".join(f"(?P<{kind}{i}>{pattern})" for i, (kind, pattern) in enumerate(_TERMINALS)))


class LexError(ValueError):
    """The text is not a sequence of SPARQL tokens; the message says where."""


@dataclass(frozen=True)
class Token:
    kind: str  # STRING IRI PNAME BNODE VAR LANGTAG NUMBER WORD PUNCT
    text: str
    pos: int


def _codepoint(m: re.Match) -> str:
    n = int(m.group(1) or m.group(2), 16)
    if 0xD800 <= n <= 0xDFFF or n > 0x10FFFF:
        raise LexError(f"第 {m.start() + 1} 个字符处的 {m.group(0)} 不是字符（代理项或超出范围）")
    return chr(n)


def unescape(text: str) -> str:
    """The text with its \\u and \\U escapes undone. One pass: an escape that produces another escape is
    refused, since a second reading would give a different text."""
    out = _ESCAPE.sub(_codepoint, text)
    if out != text and _ESCAPE.search(out):
        raise LexError("一个 \\u 转义写出的是另一个 \\u 转义；请直接写出该字符")
    return out


def _where(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return f"第 {line} 行第 {col} 列"


def tokenize(text: str) -> list[Token]:
    """The tokens of an already unescaped SPARQL text, comments and white space dropped. LexError on a
    lone surrogate, an unterminated string or IRI, a bad escape, or a character no token begins with."""
    bad = next((i for i, c in enumerate(text) if "\ud800" <= c <= "\udfff"), None)
    if bad is not None:
        raise LexError(f"{_where(text, bad)}有孤立的代理项（surrogate，U+{ord(text[bad]):04X}）")
    tokens: list[Token] = []
    pos = _SPACE.match(text, 0).end()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise LexError(f"无法读取查询的{_where(text, pos)}：{text[pos:pos + 20]!r}")
        kind = m.lastgroup.rstrip("0123456789")
        tokens.append(Token(kind, m.group(), pos))
        pos = _SPACE.match(text, m.end()).end()
    return tokens
