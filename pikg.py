#!/usr/bin/env python3
"""pikg — a performance-indicator knowledge graph for Chinese public budgets.

Reads the performance-target tables (绩效目标表) of departmental budget documents (部门预算) and turns
them into records and an RDF graph of project → goal → indicator → target values.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _progress(items: list, enabled: bool, desc: str):
    """Wrap items in a tqdm progress bar on stderr when it is a terminal and there are several items."""
    if not enabled or len(items) < 2 or not sys.stderr.isatty():
        return items
    try:
        from tqdm import tqdm
    except ImportError:
        return items
    return tqdm(items, desc=desc, unit="file", file=sys.stderr)


def cmd_extract(args: argparse.Namespace) -> int:
    """pikg extract FILE... [-o OUT.jsonl]"""
    from extractors import InputError, extract_document

    out_path = args.output
    tmp = None
    if out_path:
        out_dir = Path(out_path).resolve().parent
        if not out_dir.is_dir():
            print(f"pikg extract: the output folder {out_dir} does not exist", file=sys.stderr)
            return EXIT_USAGE
        tmp = Path(out_dir, f".{Path(out_path).name}.{os.getpid()}.tmp")
        fh = open(tmp, "w", encoding="utf-8")
    else:
        fh = sys.stdout
    failed = damaged_files = 0
    counts = {"project": 0, "goal": 0, "indicator": 0}
    try:
        for f in _progress(args.files, not args.quiet, "extract"):
            try:
                records, warnings = extract_document(f, args.layout)
            except InputError as e:
                print(f"error: {e}", file=sys.stderr)
                failed += 1
                continue
            damaged = False
            for w in warnings:
                damaged = damaged or w.startswith("error:")
                if not args.quiet or w.startswith("error:"):
                    print(w if w.startswith("error:") else f"warning: {w}", file=sys.stderr)
            damaged_files += damaged
            for r in records:
                counts[r["type"]] = counts.get(r["type"], 0) + 1
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    finally:
        if tmp:
            fh.close()
    if tmp:
        if failed == len(args.files):
            tmp.unlink()  # nothing was extracted: leave an existing output as it was
        else:
            os.replace(tmp, out_path)
    if not args.quiet:
        print(
            f"pikg extract: {len(args.files) - failed}/{len(args.files)} files extracted, {counts['project']} projects, "
            f"{counts['goal']} goals, {counts['indicator']} indicator rows"
            + (f"; {failed} failed" if failed else "")
            + (f"; {damaged_files} damaged (see the errors above)" if damaged_files else ""),
            file=sys.stderr,
        )
    return EXIT_FAILED if failed or damaged_files else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="pikg",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")

    ex = sub.add_parser(
        "extract",
        help="extract project, goal and indicator records from budget documents as JSON lines",
        description="Extract the 表11 department table and every 表12 project table (long-term and annual "
        "targets, 前年/上年/当年 values, basis) as JSON lines, one record a line, with the source line of "
        "each record. Layouts (plain text, tab-separated, markdown pipe tables) are detected automatically. "
        "Exit status 1 when any file failed; the others are still extracted.",
    )
    ex.add_argument("files", nargs="+", metavar="FILE", help="text conversions of budget documents (UTF-8 or GB18030)")
    ex.add_argument("-o", "--output", metavar="OUT.jsonl", help="write here (atomically) instead of standard output")
    ex.add_argument("--layout", choices=["plain", "tsv", "markdown", "html"], help="override the detected converter layout")
    ex.add_argument("-q", "--quiet", action="store_true", help="no progress bar, warnings or summary on stderr")
    ex.set_defaults(func=cmd_extract)
    return ap


def main(argv: list[str] | None = None) -> int:
    ap = build_parser()
    args = ap.parse_args(argv)
    if not getattr(args, "func", None):
        ap.print_help()
        return EXIT_USAGE
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
