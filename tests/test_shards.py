"""Documents → shards in workers (this process, a process pool, a Dask cluster), each checked against the
shapes where it was made, and bulk-loaded one at a time."""
import pytest

from tests.helpers import CORPUS, run_pikg
from graph.build.builder import build
from graph.build.shards import check_document, check_documents, group_size, make_shard, make_shard_group, make_shards
from graph.store.oxigraph import OxigraphStore

FILES = [str(p) for p in sorted(CORPUS.glob("*.txt"))]


def test_pool_gives_the_same_shards_in_input_order():
    one = list(make_shards(FILES, jobs=1))
    two = list(make_shards(FILES, jobs=2))
    assert [s.path for s in two] == FILES
    assert [(s.stem, s.own, s.catalogue) for s in two] == [(s.stem, s.own, s.catalogue) for s in one]
    assert all(s.seconds["extract"] > 0 and not s.violations for s in two)


def test_a_shard_file_holds_both_graphs(tmp_path):
    s = make_shard(FILES[1], out_dir=str(tmp_path))
    assert s.file and s.own == b"" and (tmp_path / f"{s.stem}.nq").is_file()
    own, cat = s.graph_texts()
    assert len(own.splitlines()) == s.triples and cat
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_a_failed_document_is_an_error_shard(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    s = make_shard(str(bad))
    assert s.error and "empty.txt" in s.error and not s.own


def test_the_document_check_names_the_file_and_the_rule():
    s = make_shard(FILES[1], validate=False)
    broken = b"\n".join(line for line in s.own.splitlines() if b"ontology#sourceLine" not in line or b"/use/" not in line) + b"\n"
    found = check_document(broken, s.catalogue, FILES[1])
    assert found and all(f.startswith(FILES[1]) for f in found)
    assert any("sourceLine" in f and "所在行" in f for f in found)


def test_a_group_checked_at_once_gives_each_document_its_own_results():
    alone = [make_shard(f) for f in FILES]
    group = make_shard_group(FILES)
    assert [(s.stem, s.own, s.catalogue, s.violations) for s in group] == [(s.stem, s.own, s.catalogue, s.violations) for s in alone]
    assert all(set(s.seconds) == {"extract", "rdf", "validate", "write"} for s in group)
    s1, s2 = (make_shard(f, validate=False) for f in FILES[1:3])
    broken = b"\n".join(line for line in s2.own.splitlines() if b"ontology#sourceLine" not in line or b"/use/" not in line) + b"\n"
    first, second = check_documents([(s1.own + s1.catalogue, FILES[1]), (broken + s2.catalogue, FILES[2])])
    assert not first  # the other document's broken rows are not charged to this one
    assert second == check_document(broken, s2.catalogue, FILES[2]) and second


def test_a_failed_file_in_a_group_leaves_the_others(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    made = make_shard_group([FILES[0], str(bad), FILES[1]], out_dir=str(tmp_path))
    assert [bool(s.error) for s in made] == [False, True, False]
    assert made[0].file and made[2].file and not made[0].violations


def test_groups_only_when_every_worker_has_many_of_them():
    assert group_size(5, 2) == 1  # the five samples: one document a task, both cores busy
    assert group_size(40, 2) == 5
    assert group_size(4000, 2) == group_size(4000, 64) == 8


def test_build_reports_phases_and_loads_one_document_at_a_time(tmp_path):
    rep = build(FILES, store=str(tmp_path / "st"), jobs=2)
    assert not rep.failed and not rep.violations and len(rep.documents) == 5
    assert {"extract", "load", "prune", "analyze", "optimize"} <= set(rep.phases)
    assert set(rep.worker_seconds) == {"extract", "rdf", "validate", "write"}


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


@pytest.mark.slow
def test_dask_cluster_builds_the_same_store(cluster, tmp_path):
    local = OxigraphStore()
    build(FILES, target=local, analysis=False)
    shard_dir = tmp_path / "shards"
    shard_dir.mkdir()
    r = run_pikg("build", *FILES, "--store", str(tmp_path / "st"), "--scheduler", cluster.scheduler_address,
                 "--shard-dir", str(shard_dir), "--no-analysis", "-q")
    assert r.returncode == 0, r.stderr
    assert len(list(shard_dir.glob("*.nq"))) == 5
    st = OxigraphStore(tmp_path / "st", read_only=True)
    assert st.count() == local.count()
    assert st.graph_names() == local.graph_names()
