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
        raise Refused(400, f"not a SPARQL text: {e}") from None


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
                what = "federated queries (SERVICE)" if word == "service" else "LOAD (it fetches a URL)"
                raise Refused(403, f"{what} are refused by this server ({t.text!r} at character {t.pos + 1}); "
                              "start it with `pikg serve --allow-federated` to allow them")


def checked_query(text: str, allow_federated: bool = False) -> str:
    """The query text the SPARQL server is to receive: `text` with its \\u escapes undone, once its tokens
    show a query (not an update) with no SERVICE (unless allowed). Refused otherwise."""
    plain = _unescaped(text)
    tokens = _tokens(plain)
    form = _form(tokens)
    if form in UPDATE_FORMS:
        raise Refused(400, "this is an update, not a query: send it to /update (a server started with --writable)")
    if form not in QUERY_FORMS:
        raise Refused(400, "not a SPARQL query: after the prefixes it begins with SELECT, CONSTRUCT, DESCRIBE or ASK")
    if not allow_federated:
        _federated(tokens, ("service",))
    return plain


def checked_update(text: str, allow_federated: bool = False) -> str:
    """The update text the SPARQL server is to receive, once its tokens show no SERVICE and no LOAD (unless
    federation is allowed). Refused otherwise."""
    plain = _unescaped(text)
    tokens = _tokens(plain)
    if not tokens:
        raise Refused(400, "an empty update")
    if _form(tokens) in QUERY_FORMS:
        raise Refused(400, "this is a query, not an update: send it to /query")
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
        raise Refused(400, f"not a SPARQL text: {e}") from None
