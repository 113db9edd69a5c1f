"""The SPARQL lexer and the guard of `pikg serve`: the word SERVICE in a string, a comment, an IRI, a variable
or a local name is allowed; a SERVICE clause, however written, is refused; what cannot be tokenized is refused."""
from __future__ import annotations

import pytest

from graph.query.named import named_queries
from graph.serve.guard import Refused, checked_query, checked_update
from graph.serve.sparql_lexer import LexError, tokenize, unescape

URL = "http://127.0.0.1:9/sparql"

ALLOWED = [
    'SELECT * WHERE { ?s ?p "SERVICE" }',
    "SELECT * WHERE { ?s ?p 'a SERVICE <x> { }' }",
    'SELECT * WHERE { ?s ?p """SERVICE\n<http://x> { ?a ?b ?c }""" }',
    "SELECT * WHERE { ?s ?p '''it''s SERVICE''' }",
    'SELECT * WHERE { ?s ?p "say \\"SERVICE\\"" }',
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x> { }",
    "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
    "SELECT ?service WHERE { ?service ?p ?o }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s a ex:PublicService }",
    "ASK { ?s ?p ?o FILTER(?o < 3 && ?o >= 1) }",
]

REFUSED = [
    f"SELECT * WHERE {{ SERVICE <{URL}> {{ ?s ?p ?o }} }}",
    f"select * where {{ service silent <{URL}> {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ SERVI\\u0043E <{URL}> {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ \\U00000053ERVICE <{URL}> {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ ?s ?p 'x' . SERVICE<{URL}>{{}} }}",
    f'SELECT * WHERE {{ ?s ?p "SERVICE" . SERVICE <{URL}> {{}} }} # "SERVICE"',
    f"SELECT * WHERE {{ ?s ?p ?o # comment\nSERVICE <{URL}> {{}} }}",
    f"PREFIX ex: <{URL}> SELECT * WHERE {{ SERVICEex:x {{}} }}",  # Oxigraph reads SERVICE, then ex:x
    f"PREFIX ex: <{URL}> SELECT * WHERE {{ ?s ?p trueSERVICE ex:x {{}} }}",  # true, then a SERVICE clause
    f"SELECT * WHERE {{ ?s ?p <{URL}>SERVICE<{URL}>{{}} }}",
]


@pytest.mark.parametrize("query", ALLOWED)
def test_the_word_service_in_strings_comments_iris_and_names_is_allowed(query):
    assert checked_query(query) == unescape(query)


@pytest.mark.parametrize("query", REFUSED)
def test_a_service_clause_however_written_is_refused(query):
    with pytest.raises(Refused) as e:
        checked_query(query)
    assert e.value.status == 403 and "--allow-federated" in e.value.message
    assert checked_query(query, allow_federated=True) == unescape(query)


def test_escapes_are_undone_before_tokenizing():
    assert [t.text for t in tokenize(unescape("SERVI\\u0043E"))] == ["SERVICE"]
    assert checked_query("ASK { ?s ?p \"\\u4E2D\" }") == 'ASK { ?s ?p "中" }'  # the child gets the text checked
    with pytest.raises(LexError, match="代理项"):
        unescape("ASK { ?s ?p '\\uD800' }")
    with pytest.raises(LexError, match="另一个"):
        unescape("ASK { ?s ?p '\\u005Cu0053' }")  # \u005C is a backslash: a second reading would differ


@pytest.mark.parametrize("text, message", [
    ("ASK { ?s ?p 'unterminated }", "无法读取查询"),
    ('ASK { ?s ?p "bad \\q escape" }', "无法读取查询"),
    ("ASK { ?s ?p ?o } `", "无法读取查询"),
    ("ASK { ?s ?p ?o } \\", "无法读取查询"),
    ("ASK { ?s ?p '\ud800' }", "孤立的代理项"),
    ("ASK { ?s ?p ?o } ~", "无法读取查询"),
])
def test_what_cannot_be_tokenized_is_refused(text, message):
    with pytest.raises(Refused) as e:
        checked_query(text)
    assert e.value.status == 400 and message in e.value.message and "\n" not in e.value.message


def test_tokens():
    got = [(t.kind, t.text) for t in tokenize(
        "PREFIX pi: <https://w3id.org/pikg/ontology#>\nSELECT ?d (COUNT(*) AS ?n) WHERE { ?d a pi:Project. "
        "?d pi:name \"中文\"@zh, 1.5e3, -2, _:b1 ; pi:x/^pi:y* ?o FILTER(?o != 'a''') } # note")]
    assert got[:5] == [("WORD", "PREFIX"), ("PNAME", "pi:"), ("IRI", "<https://w3id.org/pikg/ontology#>"),
                       ("WORD", "SELECT"), ("VAR", "?d")]
    assert ("PNAME", "pi:Project") in got and ("PUNCT", ".") in got  # a name does not end on a dot
    assert ("STRING", '"中文"') in got and ("LANGTAG", "@zh") in got and ("NUMBER", "1.5e3") in got
    assert ("BNODE", "_:b1") in got and ("STRING", "'a'") in got and ("STRING", "''") in got
    assert got[-1] == ("PUNCT", "}")


def test_queries_and_updates_go_to_their_own_routes():
    with pytest.raises(Refused, match="/update"):
        checked_query("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(Refused, match="/query"):
        checked_update("PREFIX x: <urn:x> SELECT * { ?s ?p ?o }")
    with pytest.raises(Refused) as e:
        checked_update(f"INSERT {{ <urn:a> <urn:b> ?o }} WHERE {{ SERVICE <{URL}> {{ ?s ?p ?o }} }}")
    assert e.value.status == 403
    with pytest.raises(Refused, match="LOAD"):
        checked_update(f"LOAD <{URL}> INTO GRAPH <urn:g>")
    assert checked_update("INSERT DATA { <urn:a> <urn:b> 'SERVICE' }") == "INSERT DATA { <urn:a> <urn:b> 'SERVICE' }"


def test_every_named_query_tokenizes():
    for q in named_queries().values():
        assert tokenize(unescape(q.text)), q.name
