"""The reviewer's decisions: keyed by the printed row and the flag, kept beside the store through a rebuild,
and listed (not dropped) when no row matches them any more."""
from __future__ import annotations

import pytest

from graph.review.decisions import Decision, DecisionError, DecisionStore, FlagKey, review_path, unmatched


def key(name: str = "培训人次", flag: str = "vague", goal: str = "1") -> FlagKey:
    return FlagKey("dept-2026", "project", "培训项目", "annual", goal, name, flag)


def test_a_decision_is_keyed_by_row_and_flag(tmp_path):
    store = DecisionStore(tmp_path / "s.review.sqlite")
    store.put(Decision(key(), "accept", "请量化", standard="培训人数", target="显著提升", line=12))
    store.put(Decision(key(flag="finding-no-basis"), "reject", ""))
    store.put(Decision(key(), "reject", "已说明"))  # the same flag again: replaces, not a second decision
    got = {d.key: d for d in store.all()}
    assert len(got) == 2
    assert got[key()].decision == "reject" and got[key()].comment == "已说明" and got[key()].label == "不采纳"
    assert got[key(flag="finding-no-basis")].label == "不采纳"
    assert got[key()].decided_at  # stamped when stored
    assert store.remove(key()) and not store.remove(key())
    assert [d.key for d in store.all()] == [key(flag="finding-no-basis")]


def test_the_standard_indicator_is_an_attribute_not_part_of_the_key(tmp_path):
    store = DecisionStore(tmp_path / "r.sqlite")
    store.put(Decision(key(), "accept", standard="培训人数"))
    store.put(Decision(key(), "accept", standard="培训人次数"))  # a rebuild merged the name elsewhere
    assert [d.standard for d in store.all()] == ["培训人次数"]


def test_documents_are_read_apart(tmp_path):
    store = DecisionStore(tmp_path / "r.sqlite")
    other = FlagKey("dept-2025", "department", "", "long_term", "", "满意度", "vague")
    store.put(Decision(key(), "accept"))
    store.put(Decision(other, "reject"))
    assert [d.key for d in store.all(["dept-2025"])] == [other]
    assert len(store.all()) == 2


def test_bad_values_are_refused_in_chinese(tmp_path):
    store = DecisionStore(tmp_path / "r.sqlite")
    with pytest.raises(DecisionError, match="采纳"):
        store.put(Decision(key(), "maybe"))
    with pytest.raises(DecisionError, match="没有审核意见文件"):
        store.all(must_exist=True)
    assert store.all() == [] and not (tmp_path / "r.sqlite").exists()


def test_decisions_survive_a_rebuild_and_unmatched_ones_are_listed(tmp_path):
    """The file sits beside the store directory, which a build swaps whole; after the rebuild a decision whose
    row is gone (renamed) or no longer flagged is listed as unmatched; the others stay attached."""
    from graph.store.directory import replace_dir

    path = tmp_path / "pikg-store"
    path.mkdir()
    (path / "data").write_text("old")
    file = review_path(path)
    assert file == tmp_path / "pikg-store.review.sqlite"
    store = DecisionStore(file)
    kept, renamed, cleared = key("培训人次"), key("培训质量"), key("满意度", "finding-flat")
    for k in (kept, renamed, cleared):
        store.put(Decision(k, "accept", "意见"))
    new = tmp_path / ".pikg-store.build-1"
    new.mkdir()
    (new / "data").write_text("new")
    replace_dir(new, path)
    assert (path / "data").read_text() == "new"
    # the rebuilt document: the first row as before, the second renamed, the third no longer flagged
    current = {kept, key("培训质量合格率"), key("满意度", "vague")}
    left = unmatched(DecisionStore(review_path(path)).all(["dept-2026"]), current)
    assert [d.key for d in left] == sorted([renamed, cleared], key=lambda k: (k.name, k.flag))
    assert len(DecisionStore(file).all()) == 3  # listed, never dropped


def test_the_review_file_follows_a_linked_store(tmp_path):
    real = tmp_path / "real" / "store"
    real.parent.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    assert review_path(link) == real.parent / "store.review.sqlite"


def test_a_file_that_is_not_a_review_file_is_said_with_its_name(tmp_path):
    bad = tmp_path / "s.review.sqlite"
    bad.write_bytes(b"not a database, but a file someone put here" * 100)
    with pytest.raises(DecisionError, match="无法读写审核意见文件 .*s.review.sqlite"):
        DecisionStore(bad).all()
    with pytest.raises(DecisionError, match="无法读写审核意见文件"):
        DecisionStore(bad).put(Decision(key(), "accept"))
