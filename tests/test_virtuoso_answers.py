"""How pikg reads Virtuoso's answers, without a server: TSV typed by a JSON probe's first rows, read fast
where every cell splits whole, and the TSV request sent beside a slow probe."""
import json
import random
import threading
from decimal import Decimal

from graph.store.virtuoso import VirtuosoStore, simple_tsv_rows, tsv_rows

XSD = "http://www.w3.org/2001/XMLSchema#"


def test_tsv_values_are_typed_by_the_probe_or_refused():
    probe = {"head": {"vars": ["s", "n", "m", "b", "u"]}, "results": {"bindings": [
        {"s": {"type": "literal", "value": "x"}, "n": {"type": "typed-literal", "datatype": XSD + "integer", "value": "1"},
         "m": {"type": "typed-literal", "datatype": XSD + "decimal", "value": "2.5"},
         "b": {"type": "typed-literal", "datatype": XSD + "boolean", "value": "1"}}]}}
    body = ('"s"\t"n"\t"m"\t"b"\t"u"\n'
            '"a ""q""\tb\nc"\t7\t13905400.00\t0\t\n'
            '""\t\t-1\t1\t"http://ex/a"\n').encode()
    assert tsv_rows(body, probe) == [['a "q"\tb\nc', 7, Decimal("13905400.00"), False, None],
                                     ["", None, Decimal("-1"), True, "http://ex/a"]]
    assert type(tsv_rows(body, probe)[0][1]) is int
    # a bare value in a column the probe saw only as text or unbound cannot be typed: the caller asks for JSON
    assert tsv_rows('"s"\t"n"\t"m"\t"b"\t"u"\n1\t1\t1\t1\t\n'.encode(), probe) is None
    assert tsv_rows('"s"\t"n"\t"m"\t"b"\t"u"\n"x"\t1\t1\t1\t5\n'.encode(), probe) is None
    assert tsv_rows('"s"\t"n"\t"m"\t"b"\t"u"\n"x"\t1.5\t1\t1\t\n'.encode(), probe) is None  # not an integer
    assert tsv_rows('"s"\t"n"\n"x"\t1\n'.encode(), probe) is None  # another answer's header
    assert tsv_rows('"s"\t"n"\t"m"\t"b"\t"u"\n"x"\t1\t1\t1\n'.encode(), probe) is None  # a short row
    dated = {"head": {"vars": ["d"]}, "results": {"bindings": [{"d": {"type": "typed-literal", "datatype": XSD + "date", "value": "2024-01-01"}}]}}
    assert tsv_rows('"d"\n2024-01-01\n'.encode(), dated) is None  # Virtuoso's TSV drops the date's type


def test_tsv_split_at_tabs_and_line_breaks_reads_what_the_exact_reading_reads():
    """The fast reading (cut at line breaks and tabs) gives the values written, or gives way to the exact
    reading: cells of quotes, tabs and line breaks in every place, written as Virtuoso writes TSV."""
    rnd = random.Random(7)
    names = ["s", "n", "t", "u"]
    probe = {"head": {"vars": names}, "results": {"bindings": [
        {"s": {"type": "literal", "value": "x"}, "n": {"type": "typed-literal", "datatype": XSD + "integer", "value": "1"},
         "t": {"type": "literal", "value": "y"}, "u": {"type": "literal", "value": "z"}}]}}
    pieces = ["a", "指标", '"', '""', "\t", "\n", " ", "1", '"\t"', '""\n']

    def text_cell() -> str:
        return rnd.choice(["", "".join(rnd.choices(pieces, k=rnd.randint(1, 5)))])

    def quote(v: str) -> str:
        return '"' + v.replace('"', '""') + '"'

    # a last cell cut at its line break whose pieces both look whole: 'a""' (a, then a quote doubled?) and a
    # second line of four cells; only the run of quotes before the cut tells that the cell goes on
    crafted = [["x", 1, "y", 'a"\n\t1\t\t"']]
    text = '"s"\t"n"\t"t"\t"u"\n"x"\t1\t"y"\t"a""\n\t1\t\t"""\n'
    assert simple_tsv_rows(text, names, [None, int, None, None]) is None
    assert tsv_rows(text.encode(), probe) == crafted
    fast_reads = exact_reads = 0
    for _ in range(6000):
        rows = [[text_cell(), rnd.choice([None, rnd.randint(-9, 99)]), text_cell(), text_cell()] for _ in range(rnd.randint(1, 3))]
        text = '"s"\t"n"\t"t"\t"u"\n' + "".join(f"{quote(s)}\t{'' if n is None else n}\t{quote(t)}\t{quote(u)}\n"
                                                   for s, n, t, u in rows)
        fast = simple_tsv_rows(text, names, [None, int, None, None])
        assert fast is None or fast == rows, text
        assert tsv_rows(text.encode(), probe) == rows, text
        fast_reads += fast is not None
        exact_reads += fast is None
    assert fast_reads > 500 and exact_reads > 500  # both readings were exercised


def _fake_answers(monkeypatch, store: VirtuosoStore, rows: int, cut: bool, probe_waits_for_tsv: bool = False) -> list[str]:
    """store.post_query answering a probe of `rows` JSON rows (cut at the probe's limit or not) and a TSV request
    of three rows; returns the list of formats asked for, in the order asked."""
    asked: list[str] = []
    tsv_started = threading.Event()
    bindings = [{"s": {"type": "literal", "value": f"r{k}"}, "n": {"type": "typed-literal", "datatype": XSD + "integer", "value": str(k)}}
                for k in range(rows)]
    probe = json.dumps({"head": {"vars": ["s", "n"]}, "results": {"bindings": bindings}}).encode()

    def post(text: str, accept: str, maxrows: int | None = None):
        asked.append(accept)
        if accept == "text/tab-separated-values":
            tsv_started.set()
            return b'"s"\t"n"\n"r0"\t0\n"r1"\t1\n"r2"\t2\n', False
        if probe_waits_for_tsv:
            asked.append("overlapped" if tsv_started.wait(5) else "one after the other")
        return probe, cut

    monkeypatch.setattr(store, "post_query", post)
    return asked


def test_a_slow_probe_has_the_tsv_request_beside_it(monkeypatch):
    store = VirtuosoStore("http://127.0.0.1:9/sparql")
    asked = _fake_answers(monkeypatch, store, rows=2, cut=True, probe_waits_for_tsv=True)
    res = store.query("SELECT ?s ?n WHERE { ?s ?p ?n }")
    assert "overlapped" in asked and asked.count("text/tab-separated-values") == 1
    assert res.rows == [["r0", 0], ["r1", 1], ["r2", 2]]
    assert not [t for t in threading.enumerate() if t.name.startswith("pikg-virtuoso")]  # no request left running


def test_a_quick_answer_costs_one_request_and_a_quick_long_one_two(monkeypatch):
    store = VirtuosoStore("http://127.0.0.1:9/sparql")
    monkeypatch.setattr(VirtuosoStore, "HEDGE_SECONDS", 5.0)  # the probe answers long before this
    asked = _fake_answers(monkeypatch, store, rows=2, cut=False)
    assert store.query("SELECT ?s ?n WHERE { ?s ?p ?n }").rows == [["r0", 0], ["r1", 1]]
    assert asked == ["application/sparql-results+json"]
    asked = _fake_answers(monkeypatch, store, rows=2, cut=True)
    assert len(store.query("SELECT ?s ?n WHERE { ?s ?p ?n }").rows) == 3
    assert asked == ["application/sparql-results+json", "text/tab-separated-values"]
