"""The on-disk store as a directory that builds replace whole: one writer at a time, an atomic swap, and
recovery from a build that was killed half-way.

Beside a store ``S`` live ``.S.lock`` (the writers' lock), ``.S.build-XXXX`` (a build's scratch copy) and,
only during a non-atomic swap, ``.S.old-PID`` (the previous store on its way out).
"""
from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from graph.store.base import StoreError

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def real_store_path(path: str | Path) -> Path:
    """The store a path names, resolved once: a symbolic link stands for the folder it points to (which a
    build creates when it does not exist yet), so that the lock and the swap sit beside the real store and
    builds through the link and through the real path exclude each other; the link itself is never replaced."""
    path = Path(path)
    if not path.is_symlink():
        return path
    target = path.resolve()
    if not target.parent.is_dir():
        raise StoreError(f"{path}：链接指向 {target}，其所在文件夹 {target.parent} 不存在")
    return target


def _lock_path(path: Path) -> Path:
    return path.absolute().parent / f".{path.name}.lock"


@contextmanager
def writer_lock(path: Path, say: Callable[[str], None] = lambda m: print(m, file=sys.stderr)) -> Iterator[None]:
    """Hold the store's writer lock; a second writer waits (and says so) until the first is done."""
    lock = _lock_path(path)
    with open(lock, "a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            say(f"pikg：{path} 正由另一个命令写入；等待其完成")
            fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def leftovers(path: Path, kind: str) -> list[Path]:
    """Scratch (``build``) or outgoing (``old``) directories of the store at `path`."""
    return sorted(path.absolute().parent.glob(f".{path.name}.{kind}-*"))


def recover(path: Path, is_store: Callable[[Path], bool], say: Callable[[str], None] = lambda m: print(m, file=sys.stderr)) -> None:
    """Undo what a killed build left (call with the writer lock held): a store caught between the two
    renames of a swap is put back; scratch copies and outgoing stores are removed."""
    olds = [p for p in leftovers(path, "old") if is_store(p)]
    if not path.exists() and olds:
        newest = max(olds, key=lambda p: p.stat().st_mtime)
        os.replace(newest, path)
        say(f"pikg：{path} 在一次中断的构建后缺失；已从 {newest.name} 恢复之前的存储")
    for p in leftovers(path, "old") + leftovers(path, "build"):
        shutil.rmtree(p, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.EXDEV):
        return False  # a file system or kernel without the flag
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(b))


def replace_dir(new: Path, target: Path) -> None:
    """Move a finished store directory into place. An existing store is swapped out in one atomic step
    where the system allows it; else by two renames, which `recover` completes after a crash between them."""
    if target.exists():
        if _exchange(new, target):
            shutil.rmtree(new, ignore_errors=True)  # `new` now holds the previous store
            return
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
        os.replace(new, target)
        shutil.rmtree(old, ignore_errors=True)
        return
    os.replace(new, target)
