"""What `pikg serve` lets a query or an update do, judged on its tokens (graph.serve.sparql_lexer).

- No SERVICE unless --allow-federated: the SPARQL server would fetch any URL a client names. For updates,
  LOAD is refused on the same ground (it fetches a URL too).
- /query carries queries only (SELECT, CONSTRUCT, DESCRIBE, ASK); updates go to /update, which answers only
  with --writable (the route decides that, in graph.serve.app).

The word SERVICE inside a string, an IRI, a comment or a variable is not a SERVICE clause and is allowed.
Oxigraph's parser matches a keyword without looking at what follows it (`SERVICEex:x` is SERVICE then
`ex:x`; `?o trueSERVICE <…> {…}` is `true` then a SERVICE clause), so a bare word, a prefix, or a name
that could be split at a dot with the word in it is refused as well.
"""
from __future__ import annotations

from dataclasses import dataclass

from graph.serve.sparql_lexer import LexError, Token, tokenize, unescape

QUERY_FORMS = ("select", "construct", "describe", "ask")
UPDATE_FORMS = ("insert", "delete", "load", "clear", "create", "drop", "copy", "move", "add", "with")


@dataclass
class Refused(Exception):
    """A request the server will not pass on: the HTTP status and a one-line message."""

    status: int
    message: str

    def __str__(self) -> str:
        return self.message


def _hides(token: Token, word: str) -> bool:
    """True when Oxigraph could read `word` as a keyword somewhere in this token."""
    text = token.text.lower()
    if token.kind == "WORD":
        return word in text
    if token.kind in ("PNAME", "BNODE"):
        prefix, _, local = text.partition(":")
        return word in prefix or any(word in piece for piece in local.split(".")[1:])
    return False


def _tokens(text: str) -> list[Token]:
    try:
        return tokenize(text)
    except LexError as e:
        raise Refused(400, f"不是 SPARQL 文本：{e}") from None


def _form(tokens: list[Token]) -> str:
    """The first keyword after the prologue (BASE <…>, PREFIX p: <…>), lower-cased; '' when there is none."""
    i = 0
    while i < len(tokens) and tokens[i].kind == "WORD" and tokens[i].text.lower() in ("base", "prefix"):
        i += 3 if tokens[i].text.lower() == "prefix" else 2
    return tokens[i].text.lower() if i < len(tokens) and tokens[i].kind == "WORD" else ""


def _federated(tokens: list[Token], words: tuple[str, ...]) -> None:
    for t in tokens:
        for word in words:
            if _hides(t, word):
                what = "联邦查询（SERVICE）" if word == "service" else "LOAD（它会抓取 URL）"
                raise Refused(403, f"本服务器拒绝{what}（第 {t.pos + 1} 个字符处的 {t.text!r}）；"
                              "要允许，请用 `pikg serve --allow-federated` 启动")


def checked_query(text: str, allow_federated: bool = False) -> str:
    """The query text the SPARQL server is to receive: `text` with its \\u escapes undone, once its tokens
    show a query (not an update) with no SERVICE (unless allowed). Refused otherwise."""
    plain = _unescaped(text)
    tokens = _tokens(plain)
    form = _form(tokens)
    if form in UPDATE_FORMS:
        raise Refused(400, "这是更新而不是查询：请发到 /update（以 --writable 启动的服务器）")
    if form not in QUERY_FORMS:
        raise Refused(400, "不是 SPARQL 查询：前缀之后应以 SELECT、CONSTRUCT、DESCRIBE 或 ASK 开头")
    if not allow_federated:
        _federated(tokens, ("service",))
    return plain


def checked_update(text: str, allow_federated: bool = False) -> str:
    """The update text the SPARQL server is to receive, once its tokens show no SERVICE and no LOAD (unless
    federation is allowed). Refused otherwise."""
    plain = _unescaped(text)
    tokens = _tokens(plain)
    if not tokens:
        raise Refused(400, "更新是空的")
    if _form(tokens) in QUERY_FORMS:
        raise Refused(400, "这是查询而不是更新：请发到 /query")
    if not allow_federated:
        _federated(tokens, ("service", "load"))
    return plain


def is_federated(query: str) -> bool:
    """True when the query's tokens hold a SERVICE clause (or what Oxigraph could read as one)."""
    try:
        _federated(_tokens(_unescaped(query)), ("service",))
    except Refused as e:
        return e.status == 403
    return False


def _unescaped(text: str) -> str:
    try:
        return unescape(text)
    except LexError as e:
        raise Refused(400, f"不是 SPARQL 文本：{e}") from None
