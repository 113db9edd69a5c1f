#!/usr/bin/env python3
"""Execute the notebooks, write every figure they draw to PNG files for a reviewer to look at, and store
each notebook with its outputs (so that a code host shows the tables and figures without running it).

Usage: python notebooks/render_figures.py [-o OUTDIR] [--no-store]   (default: notebooks/figures/)
"""
from __future__ import annotations

import argparse
import base64
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def execute(path: Path, timeout: int = 600):
    """Run a notebook top to bottom in its folder; a failing cell raises."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    os.environ["PIKG_HEADLESS"] = "1"  # the kernel inherits it: widgets need a live front end
    NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-o", "--out", type=Path, default=HERE / "figures")
    ap.add_argument("--no-store", action="store_true", help="leave the .ipynb files as they are")
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    for nb_path in sorted(HERE.glob("*.ipynb")):
        nb = execute(nb_path)
        k = 0
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                png = out.get("data", {}).get("image/png")
                if png:
                    k += 1
                    target = a.out / f"{nb_path.stem}-{k}.png"
                    target.write_bytes(base64.b64decode(png))
                    print(target, file=sys.stderr)
        print(f"{nb_path.name}: {k} figures", file=sys.stderr)
        if not a.no_store:
            import nbformat

            nb.metadata.pop("widgets", None)  # widget state means nothing without a live kernel
            nbformat.write(nb, nb_path)


if __name__ == "__main__":
    main()
