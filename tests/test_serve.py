"""`pikg serve`: the child server dies with it, federated queries are refused, the page lists the named
queries, a rebuilt store is followed, a busy port is a one-line error; with --memory, a copy in memory answers
as the store on disk does, and the disk answers whenever the copy is not there."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import CORPUS, run_pikg
from tests.helpers.serve import Server, alive, children, gone
from graph.build.builder import build
from graph.store.child_server import free_port
from graph.serve.app import is_federated
from graph.store.base import StoreError
from graph.store.tsv import rows_from_tsv

DOC = CORPUS / "001_163e4aab9eba8502.txt"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("served") / "store"
    assert not build([DOC], store=str(path)).failed  # with the analysis: targets-lowered lists its findings
    return path


@pytest.mark.slow
def test_sigterm_takes_the_oxigraph_child_with_it(store):
    s = Server(store)
    child = s.child
    assert alive(child) and "oxigraph" in Path(f"/proc/{child}/cmdline").read_bytes().decode()
    s.proc.send_signal(signal.SIGTERM)
    assert s.proc.wait(timeout=15) == 0
    s.proc.stderr.close()
    assert gone(child), "the oxigraph child outlived pikg serve"


@pytest.mark.slow
def test_a_killed_server_takes_the_child_with_it(store):
    s = Server(store)
    child = s.child
    os.kill(s.proc.pid, signal.SIGKILL)  # no handler runs: the kernel's parent-death signal does the work
    s.proc.wait(timeout=15)
    s.proc.stderr.close()
    assert gone(child), "the oxigraph child outlived a killed pikg serve"


@pytest.mark.slow
def test_federated_queries_never_reach_the_named_service(store):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(1.0)
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    s = Server(store)
    try:
        for q in (f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
                  f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",  # an escape the parser would undo
                  f"select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}"):
            code, body = s.post("/query", {"query": q})
            assert code == 403 and b"--allow-federated" in body
            code, _ = s.post("/query", q.encode(), {"Content-Type": "application/sparql-query"})
            assert code == 403
        with pytest.raises(socket.timeout):
            listener.accept()  # nobody came
        code, _ = s.post("/update", {"update": "DROP ALL"})
        assert code == 403
    finally:
        s.stop()
        listener.close()


def test_is_federated():
    assert is_federated("SELECT * { SERVICE <http://x> { ?s ?p ?o } }")
    assert is_federated("SELECT * { \\U00000053ERVICE <http://x> { ?s ?p ?o } }")
    assert not is_federated("SELECT ?s { ?s a <https://w3id.org/pikg/ontology#Project> }")


@pytest.mark.slow
def test_the_page_lists_the_named_queries_and_runs_one(store):
    s = Server(store)
    try:
        page = urllib.request.urlopen(s.base + "/", timeout=10).read().decode("utf-8")
        assert "pikg" in page and "常用查询" in page
        cat = json.loads(urllib.request.urlopen(s.base + "/api/queries", timeout=10).read())
        names = {q["name"]: q for q in cat["queries"]}
        assert names["department-summary"]["title_zh"] == "部门概况" and "PREFIX pi:" in cat["prefixes"]
        code, body = s.post("/api/run", json.dumps({"name": "targets-lowered", "params": {"document": ""}}).encode(),
                            {"Content-Type": "application/json"})
        rows = json.loads(body)["results"]["bindings"]
        assert code == 200 and [r["indicator"]["value"] for r in rows] == ["引育重点企业"]  # 001 l.536: ≥30家 → ≥20家
        code, body = s.post("/api/run", json.dumps({"name": "indicator-reuse", "params": {"min_projects": "x"}}).encode())
        assert code == 400 and "不是有效的 integer" in body.decode("utf-8")
        # a program may ask for TSV or CSV instead: the same rows
        ask = json.dumps({"name": "targets-lowered", "params": {}}).encode()
        code, head, body = s.exchange("/api/run", ask, {"Accept": "text/tab-separated-values"})
        assert code == 200 and head["Content-Type"].startswith("text/tab-separated-values")
        assert rows_from_tsv(body, 9) and [r[3] for r in rows_from_tsv(body, 9)] == ["引育重点企业"]
        assert body.decode("utf-8").split("\n")[0].split("\t")[3] == "?indicator"
        code, head, body = s.exchange("/api/run", ask, {"Accept": "text/csv;q=0.9, */*;q=0.1"})
        assert code == 200 and head["Content-Type"].startswith("text/csv") and "引育重点企业" in body.decode("utf-8")
    finally:
        s.stop()


@pytest.mark.slow
def test_a_named_listing_a_page_at_a_time(tmp_path):
    """/api/run with a page: that page's documents only, and where it stands in X-Pikg-* headers."""
    path = tmp_path / "store"
    assert not build([DOC, CORPUS / "003_e05c3001711df7b2.txt"], store=str(path), analysis=False).failed
    s = Server(path)
    ask = lambda **page: s.exchange("/api/run", json.dumps({"name": "department-summary", "params": {}, **page}).encode())  # noqa: E731
    try:
        code, _, body = ask()
        whole = [r["doc_id"]["value"] for r in json.loads(body)["results"]["bindings"]]
        assert code == 200 and whole == ["001_163e4aab9eba8502", "003_e05c3001711df7b2"]
        for n in (1, 2):
            code, head, body = ask(page=n, page_size=1)
            assert code == 200 and [r["doc_id"]["value"] for r in json.loads(body)["results"]["bindings"]] == whole[n - 1:n]
            assert (head["X-Pikg-Page"], head["X-Pikg-Pages"], head["X-Pikg-Units"], head["X-Pikg-Page-Size"]) == (str(n), "2", "2", "1")
        code, _, body = ask(page=0)
        assert code == 400 and "页码从 1 开始" in body.decode("utf-8")
        code, _, body = ask(page="2")
        assert code == 400 and "须是整数" in body.decode("utf-8")
        code, _, body = s.exchange("/api/run", json.dumps({"name": "indicator-reuse", "page": 1}).encode())
        assert code == 400 and b"page" in body
    finally:
        s.stop()


@pytest.mark.slow
def test_a_rebuilt_store_is_followed(tmp_path):
    path = tmp_path / "store"
    build([DOC], store=str(path), analysis=False)
    s = Server(path)
    q = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?d a <https://w3id.org/pikg/ontology#BudgetDocument> }"}
    try:
        count = lambda: s.post("/query", q, {"Accept": "text/csv"})[1].decode().split()[-1]  # noqa: E731
        assert count() == "1"
        build([CORPUS / "003_e05c3001711df7b2.txt"], store=str(path), analysis=False)
        assert count() == "2"
        time.sleep(0.5)
        assert count() == "2"  # the new child outlives the request that started it
    finally:
        s.stop()


@pytest.mark.slow
def test_a_runaway_query_is_stopped_and_the_server_answers_again(store):
    s = Server(store, "--timeout-s", "2")
    try:
        started = time.monotonic()
        code, body = s.post("/query", {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
        assert code == 504 and "在 2 秒后被停止" in body.decode("utf-8") and time.monotonic() - started < 15, (code, body[:300])
        time.sleep(0.5)
        code, body = s.post("/query", {"query": "ASK { ?s ?p ?o }"}, {"Accept": "application/sparql-results+json"})
        assert code == 200 and json.loads(body)["boolean"] is True
        busy = [c for c in children(s.proc.pid) if alive(c)]
        assert len(busy) == 1  # the runaway's server is gone, one fresh one serves
    finally:
        s.stop()


@pytest.mark.slow
def test_a_busy_port_is_a_one_line_error(store):
    s = Server(store)
    try:
        r = run_pikg("serve", "--store", str(store), "--port", str(s.port))
        err = r.stderr.decode()
        assert r.returncode == 1 and "无法在" in err and "监听" in err and "--port" in err and "Traceback" not in err
    finally:
        s.stop()


# ---------------------------------------------------------------- --memory

PARAMS = {"indicator-history": {"indicator": "引育重点企业"}, "project-tree": {"project": "产业发展专项资金"}}


def _run_named(s: Server, name: str) -> tuple[str, list]:
    """Where /api/run's answer came from, and its rows."""
    code, head, body = s.exchange("/api/run", json.dumps({"name": name, "params": PARAMS.get(name, {})}).encode())
    assert code == 200, (name, body[:300])
    return head["X-Pikg-Answered-From"], json.loads(body)["results"]["bindings"]


def _copy_ready(s: Server, within: float = 60) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if _run_named(s, "department-summary")[0] == "memory":
            return
        time.sleep(0.2)
    raise AssertionError("the in-memory copy was not made within a minute")


def _copy_server(s: Server) -> int:
    """The pid of the in-memory Oxigraph server: the child serving without a --location."""
    kids = [c for c in children(s.proc.pid) if alive(c)]
    copies = [c for c in kids if b"--location" not in Path(f"/proc/{c}/cmdline").read_bytes()]
    assert len(copies) == 1, kids
    return copies[0]


@pytest.mark.slow
def test_the_memory_copy_answers_as_the_disk_does(tmp_path):
    from graph.query.named import named_queries

    path = tmp_path / "store"
    assert not build([DOC, CORPUS / "003_e05c3001711df7b2.txt"], store=str(path)).failed
    s = Server(path, "--memory")
    try:
        _copy_ready(s)
        names = sorted(named_queries())
        from_memory = {n: _run_named(s, n) for n in names}
        assert {where for where, _ in from_memory.values()} == {"memory"}
        os.kill(_copy_server(s), signal.SIGKILL)  # as the kernel would if memory ran out
        from_disk = {n: _run_named(s, n) for n in names}
        assert {where for where, _ in from_disk.values()} == {"disk"}
        for n in names:
            assert sorted(map(json.dumps, from_memory[n][1])) == sorted(map(json.dumps, from_disk[n][1])), n
        assert sum(bool(rows) for _, rows in from_disk.values()) >= 7  # the comparison is not of empty answers
        code, head, _ = s.exchange("/query", {"query": "ASK { ?s ?p ?o }"})
        assert code == 200 and head["X-Pikg-Answered-From"] == "disk"
    finally:
        s.stop()
    assert "已在内存中" in s.err and "已停止" in s.err and "查询改由磁盘上的存储回答" in s.err


@pytest.mark.slow
def test_a_rebuilt_store_is_copied_again(tmp_path):
    path = tmp_path / "store"
    build([DOC], store=str(path), analysis=False)
    s = Server(path, "--memory")
    ask = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?d a <https://w3id.org/pikg/ontology#BudgetDocument> }"}

    def count() -> tuple[str, str]:
        code, head, body = s.exchange("/query", ask, {"Accept": "text/csv"})
        assert code == 200
        return head["X-Pikg-Answered-From"], body.decode().split()[-1]

    try:
        _copy_ready(s)
        assert count() == ("memory", "1")
        build([CORPUS / "003_e05c3001711df7b2.txt"], store=str(path), analysis=False)
        assert count() == ("disk", "2")  # the old copy is dropped at once; the new one is being made
        deadline = time.monotonic() + 60
        while count()[0] != "memory" and time.monotonic() < deadline:
            time.sleep(0.2)
        assert count() == ("memory", "2")
    finally:
        s.stop()


@pytest.mark.slow
def test_sigterm_takes_the_memory_copy_with_it(store):
    s = Server(store, "--memory")
    _copy_ready(s)
    kids = [c for c in children(s.proc.pid) if alive(c)]
    assert len(kids) >= 2
    s.proc.send_signal(signal.SIGTERM)
    assert s.proc.wait(timeout=15) == 0
    s.proc.stderr.close()
    assert all(gone(c) for c in kids), "an oxigraph child outlived pikg serve --memory"


@pytest.mark.slow
def test_memory_and_writable_are_refused_together(store):
    r = run_pikg("serve", "--store", str(store), "--memory", "--writable", "--port", str(free_port()))
    err = r.stderr.decode()
    assert r.returncode == 1 and "--memory 与 --writable 只能选一个" in err and "Traceback" not in err


@pytest.mark.slow
def test_waiting_for_a_child_server():
    from graph.store.child_server import ServerDidNotStart, wait_until_listening

    port = free_port()
    gone = subprocess.Popen([sys.executable, "-c", "import sys; sys.exit('no such store: /x')"], stderr=subprocess.PIPE)
    with pytest.raises(ServerDidNotStart, match=r"进程已退出（退出码 1）：no such store: /x"):
        wait_until_listening(gone, port, timeout=10)
    gone.stderr.close()
    listens = subprocess.Popen([sys.executable, "-c", f"import socket, time; s = socket.socket(); s.bind(('127.0.0.1', {port})); "
                                "s.listen(); time.sleep(30)"])
    try:
        wait_until_listening(listens, port, timeout=10)
        silent = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
        try:
            with pytest.raises(ServerDidNotStart, match="1 秒内没有应答"):
                wait_until_listening(silent, free_port(), timeout=1)

            class GivenUp(Exception):
                pass

            def no_longer_wanted():
                raise GivenUp

            with pytest.raises(GivenUp):
                wait_until_listening(silent, free_port(), still_wanted=no_longer_wanted)
        finally:
            silent.kill()
            silent.wait()
    finally:
        listens.kill()
        listens.wait()


@pytest.mark.slow
def test_a_failed_request_remakes_a_live_copy_and_leaves_a_dead_one_down(tmp_path, monkeypatch):
    """MemoryCopy.lost: a copy whose server died (out of memory) is not made again, even when the request saw
    only a refused connection while the server was going; a live server that failed a request is remade."""
    from concurrent.futures import ThreadPoolExecutor

    from graph.serve.memory_copy import MemoryCopy

    said, remade = [], []
    with ThreadPoolExecutor(1) as spawner:
        copy = MemoryCopy(tmp_path / "store", "oxigraph", 60, spawner, say=said.append)
        monkeypatch.setattr(copy, "remake", lambda why="": remade.append(why))
        live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
        try:
            copy.proc, copy.ready, copy.port = live, True, 1
            copy.lost("the in-memory server did not answer")
            assert remade == ["the in-memory server did not answer"] and not said
        finally:
            live.kill()
            live.wait()
        remade.clear()
        dying = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
        copy.proc, copy.ready = dying, True
        os.kill(dying.pid, signal.SIGKILL)  # not yet reaped: poll() may still say it runs
        copy.lost("the in-memory server did not answer")
        assert not remade and copy.url() is None
        assert len(said) == 1 and "已停止（退出码 -9）" in said[0]
        remade.clear()
        copy.ready = False  # dropped already, or being made again after a rebuild: nothing more to do
        copy.lost("the in-memory server did not answer")
        assert not remade and len(said) == 1


@pytest.mark.slow
def test_an_oxigraph_server_as_endpoint_answers_the_named_queries_as_the_store_does(tmp_path):
    """`--endpoint` naming an Oxigraph server (here one started without --union-default-graph, whose default
    graph is empty) or `pikg serve`: the union of the graphs through Oxigraph's union-default-graph parameter,
    answers read from TSV; every named query gives the rows, of the same types, that the store gives."""
    from graph.query.named import named_queries, run_query
    from graph.serve.app import oxigraph_command
    from graph.store.endpoint import OxigraphEndpointStore
    from graph.store.oxigraph import OxigraphStore
    from graph.store.registry import open_store

    path = tmp_path / "store"
    assert not build([DOC, CORPUS / "003_e05c3001711df7b2.txt"], store=str(path)).failed
    local = OxigraphStore(path, read_only=True)
    expected = {n: run_query(local, q, PARAMS.get(n, {})) for n, q in named_queries().items()}
    local.close()
    assert sum(bool(r.rows) for r in expected.values()) >= 7  # the comparison is not of empty answers
    port = free_port()
    plain = subprocess.Popen([oxigraph_command(), "serve-read-only", "--location", str(path), "--bind", f"127.0.0.1:{port}"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    served = Server(path)
    try:
        for url in (f"http://127.0.0.1:{port}/query", served.base + "/query"):
            deadline = time.monotonic() + 30
            while True:
                try:
                    st = open_store(None, url)
                    break
                except StoreError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
            assert isinstance(st, OxigraphEndpointStore), url
            for n, q in named_queries().items():
                got = run_query(st, q, PARAMS.get(n, {}))
                assert got.vars == expected[n].vars and got.rows == expected[n].rows, (url, n)
                assert [list(map(type, r)) for r in got.rows] == [list(map(type, r)) for r in expected[n].rows], (url, n)
            assert st.query("ASK { ?s a <https://w3id.org/pikg/ontology#Project> }").rows == [[True]]
            assert st.query("ASK { ?s a <urn:pikg-test:nothing> }").rows == [[False]]
    finally:
        served.stop()
        plain.terminate()
        plain.wait(timeout=10)
