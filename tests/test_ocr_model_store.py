"""The folded recogniser model kept in the cache folder (extractors/ocr/model_store.py): folded once, read
back by the next process, named by the model's hash, never left half-written. Models here are a few bytes
written by the test; the folding is a stand-in that counts its calls."""
from __future__ import annotations

from extractors.ocr import model_store


def _counting_fold(calls: list):
    """A stand-in for the folding: the model's bytes prefixed, each call counted in `calls`."""
    def fold(path):
        calls.append(path)
        return b"folded " + path.read_bytes()
    return fold


def _model(tmp_path, monkeypatch):
    """A shipped model of a few bytes, the cache folder in tmp_path."""
    monkeypatch.setenv("PIKG_CACHE_DIR", str(tmp_path / "cache"))
    model = tmp_path / "rec.onnx"
    model.write_bytes(b"shipped model")
    return model


def test_the_folded_model_is_folded_once_and_read_back(tmp_path, monkeypatch):
    model = _model(tmp_path, monkeypatch)
    calls: list = []
    fold = _counting_fold(calls)
    assert model_store.stored_model(model, fold) == b"folded shipped model"
    assert model_store.stored_model(model, fold) == b"folded shipped model" and len(calls) == 1
    (stored,) = (tmp_path / "cache").iterdir()  # one whole file, no temporary left beside it
    assert stored.name == f"ocr-rec-{model_store.model_key(model)}.onnx"
    model.write_bytes(b"another model")  # another model: another name, folded again
    assert model_store.stored_model(model, fold) == b"folded another model" and len(calls) == 2


def test_a_model_that_could_not_be_folded_is_not_stored(tmp_path, monkeypatch):
    monkeypatch.setenv("PIKG_CACHE_DIR", str(tmp_path / "cache"))
    model = tmp_path / "rec.onnx"
    model.write_bytes(b"shipped model")
    assert model_store.stored_model(model, lambda p: None) is None
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


def test_a_cache_folder_that_cannot_be_written_still_gives_the_folded_model(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("PIKG_CACHE_DIR", str(blocked / "cache"))
    model = tmp_path / "rec.onnx"
    model.write_bytes(b"shipped model")
    assert model_store.stored_model(model, lambda p: b"folded") == b"folded"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "rec.onnx"]


def test_the_cache_folder_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("PIKG_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert model_store.cache_dir() == tmp_path / "pikg"
    monkeypatch.setenv("PIKG_CACHE_DIR", str(tmp_path / "mine"))
    assert model_store.cache_dir() == tmp_path / "mine"


def test_a_stored_model_damaged_on_disk_is_folded_and_stored_again(tmp_path, monkeypatch, caplog):
    model = _model(tmp_path, monkeypatch)
    calls: list = []
    fold = _counting_fold(calls)
    model_store.stored_model(model, fold)
    (stored,) = (tmp_path / "cache").iterdir()
    whole = stored.read_bytes()
    for damaged in (whole[:-3], whole[:-3] + b"xyz", b""):  # cut short, overwritten, emptied
        stored.write_bytes(damaged)
        assert model_store.stored_model(model, fold) == b"folded shipped model"
        assert stored.read_bytes() == whole  # stored again whole
        assert "已损坏" in caplog.text
    assert len(calls) == 4
