"""The folded recogniser model (ocr.model) kept in the user's cache folder, so that a process reading scans —
each page worker of ``--jobs N`` among them — loads the folded bytes instead of importing onnx and folding the
model again (about half a CPU-second a process).

The file is named by a hash of the shipped model's bytes, of the folding code and of the onnx version that
folded it: another model, other folds or another onnx never find a stale file. It is written to a temporary
file beside it and moved into place, so that a process never reads a half-written model (two workers folding
at once each move a whole file in), headed by the SHA-256 of the model's bytes: a file damaged on disk (cut,
overwritten) fails that check and is folded and stored again, never handed to ONNX Runtime. The folder is ``$PIKG_CACHE_DIR``, else ``$XDG_CACHE_HOME/pikg``, else
``~/.cache/pikg``; where it cannot be written, the model is folded in memory as before.
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Callable

_log = logging.getLogger(__name__)


def cache_dir() -> Path:
    """The folder pikg keeps its caches in (see the module)."""
    if os.environ.get("PIKG_CACHE_DIR"):
        return Path(os.environ["PIKG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pikg"


def model_key(model: Path) -> str:
    """The hash naming the folded form of `model`: its bytes, the folding code (ocr/model.py) and onnx's
    version."""
    h = hashlib.sha256(model.read_bytes())
    h.update((Path(__file__).parent / "model.py").read_bytes())
    try:
        h.update(metadata.version("onnx").encode())
    except metadata.PackageNotFoundError:
        h.update(b"no onnx")
    return h.hexdigest()[:24]


def stored_model(model: Path, fold: Callable[[Path], bytes | None]) -> bytes | None:
    """The folded bytes of `model`: read from the cache folder, or made by `fold` (None where it could not
    fold: nothing is stored) and stored there for the next process."""
    path = cache_dir() / f"ocr-rec-{model_key(model)}.onnx"
    try:
        stored = path.read_bytes()
    except OSError:
        stored = None
    if stored is not None:
        digest, data = stored[:_DIGEST], stored[_DIGEST:]
        if hashlib.sha256(data).digest() == digest:
            return data
        _log.warning("缓存的识别模型文件 %s 已损坏，重新生成", path)
    data = fold(model)
    if data is not None:
        _store(path, hashlib.sha256(data).digest() + data)
    return data


_DIGEST = 32  # bytes of the SHA-256 heading a stored model


def _store(path: Path, data: bytes) -> None:
    """`data` written to `path` whole or not at all (a temporary file moved into place); a folder that cannot
    be written is skipped with a debug message."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        tmp = None
    except OSError as err:
        _log.debug("folded model not cached in %s: %s", path.parent, err)
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
