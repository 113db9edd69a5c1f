"""Errors that name the file (and line) where extraction could not go on."""
from __future__ import annotations


import errno
import os
import stat
from pathlib import Path

# what to do about an operating-system error at a file boundary, by its errno
_ADVICE = {
    errno.ENOSPC: "磁盘已满：请腾出空间后重新运行命令",
    errno.EROFS: "文件系统是只读的：请选择一个可写的文件夹",
    errno.EACCES: "没有权限：请选择一个可读写的路径，或申请访问权限",
    errno.EPERM: "不允许此操作：请选择一个可读写的路径",
    errno.ENOENT: "文件或文件夹不存在",
    errno.EISDIR: "这是一个文件夹：请给出文件名",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.ENXIO: "没有进程在读取这个 fifo（已等待 5 秒）：请先启动读取方，或改为写入文件",
    errno.ELOOP: "符号链接指向了自身",
    errno.EDQUOT: "磁盘配额已用完：请腾出空间",
}


def os_error_advice(e: OSError) -> str:
    """What an OSError means for the user and what to do about it (also for a library's OSError that carries
    the system's message but no errno, as Oxigraph's storage errors do)."""
    code = e.errno or next((n for n in _ADVICE if os.strerror(n) in str(e)), 0)
    return _ADVICE.get(code, e.strerror or str(e))


def os_error_text(e: OSError, path: str | None = None) -> str:
    """An OSError as one line that names the path and says what to do (no traceback)."""
    where = path or e.filename or ""
    return f"{where}：{os_error_advice(e)}" if where else os_error_advice(e)


class InputError(Exception):
    """Bad input: the message names the file and, where it applies, the line."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}：{message}")


def check_input(path: str | Path) -> None:
    """Refuse, without opening it, an input that is not a regular file: a fifo or a device would make pikg wait
    for a writer (`-` reads standard input instead), a folder is no document."""
    try:
        mode = os.stat(path).st_mode
    except OSError as e:
        raise InputError(str(path), None, f"无法读取文件：{os_error_advice(e)}") from None
    if stat.S_ISFIFO(mode):
        raise InputError(str(path), None, "是一个 fifo（管道），不是文件；要读取标准输入请给出 `-`")
    if stat.S_ISDIR(mode):
        raise InputError(str(path), None, "是一个文件夹；请给出其中的文件，或把文件夹交给 extract 或 build")
    if not stat.S_ISREG(mode):
        raise InputError(str(path), None, "是设备或套接字，不是文件")
