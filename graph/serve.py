"""`pikg serve`: Oxigraph's SPARQL HTTP server (the `oxigraph` command from the PyPI package) over a store."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .stores import StoreError, is_oxigraph_dir


def oxigraph_command() -> str:
    """Path of the `oxigraph` server command: beside this Python, or on PATH."""
    here = Path(sys.executable).with_name("oxigraph")
    if here.exists():
        return str(here)
    found = shutil.which("oxigraph")
    if not found:
        raise StoreError("the `oxigraph` server command is not installed (pip install oxigraph)")
    return found


def server_command(store: str, host: str = "127.0.0.1", port: int = 7878, writable: bool = False) -> list[str]:
    path = Path(store)
    if not is_oxigraph_dir(path):
        raise StoreError(f"{path}: not an Oxigraph store; run `pikg build FILE... --store {path}` first")
    mode = "serve" if writable else "serve-read-only"
    return [oxigraph_command(), mode, "--location", str(path), "--bind", f"{host}:{port}", "--union-default-graph"]


def serve(store: str, host: str = "127.0.0.1", port: int = 7878, writable: bool = False) -> int:
    """Run the server in the foreground until interrupted."""
    cmd = server_command(store, host, port, writable)
    print(f"pikg serve: SPARQL endpoint http://{host}:{port}/query, query page http://{host}:{port}/ "
          f"({'read-write' if writable else 'read-only'}; Ctrl-C stops)", file=sys.stderr)
    try:
        return subprocess.call(cmd)
    except KeyboardInterrupt:
        return 0
