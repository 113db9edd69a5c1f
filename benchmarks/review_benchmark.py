#!/usr/bin/env python3
"""The reviewer's desk (/review of `pikg serve`) on a built store: how long each of its requests takes, the
whole answer over HTTP, best of N.

For the document with the most indicator rows: the document list, the document's projects (with the
decisions matched), the rows of its largest project, a row's source, its page image when the source is a
PDF (the first render, then from the cache), and recording a decision. The document's first request reads its
rows from the store; the server keeps them (until a build replaces the store) for the requests after it (then withdrawing it, so the review file is left as it was).

Usage:
  python benchmarks/review_benchmark.py --store DIR [--runs 3]
  (a store of a synthetic corpus: python benchmarks/synth_corpus.py W --triples 1000000 && pikg build W --store S)
Results: JSON on stdout, a table on stderr.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.review.decisions import review_path  # noqa: E402 - after the path to the project
from graph.store.child_server import free_port  # noqa: E402


def timed(fn, runs: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def get(base: str, path: str) -> bytes:
    with urllib.request.urlopen(base + path, timeout=300) as r:
        return r.read()


def post(base: str, path: str, data: dict) -> bytes:
    req = urllib.request.Request(base + path, json.dumps(data).encode(), method="POST",
                                 headers={"Content-Type": "application/json", "Origin": base})
    with urllib.request.urlopen(req, timeout=300) as r:
        return r.read()


def measure(base: str, runs: int) -> dict:
    """Each request of a review session, timed."""
    out: dict[str, float] = {}
    out["documents"], docs = timed(lambda: json.loads(get(base, "/api/review/documents")), runs)
    doc = max(docs["documents"], key=lambda d: d["rows"])
    q = urllib.parse.urlencode
    # the first request reads the document's rows from the store; the server keeps them for the next ones
    out["document_first"], found = timed(lambda: json.loads(get(base, "/api/review/document?" + q({"id": doc["id"]}))), 1)
    out["document"], found = timed(lambda: json.loads(get(base, "/api/review/document?" + q({"id": doc["id"]}))), runs)
    project = max(found["projects"], key=lambda p: p["rows"])
    out["rows"], rows = timed(lambda: json.loads(get(base, "/api/review/rows?" + q({"id": doc["id"], "project": project["name"]}))), runs)
    row = next((r for g in rows["goals"] for r in g["rows"] if r["flags"]), rows["goals"][0]["rows"][0])
    out["source"], src = timed(lambda: json.loads(get(base, "/api/review/source?" + q({"id": doc["id"], "use": row["use"]}))), runs)
    if src.get("image"):  # the first render, then from the server's cache
        out["page_image_first"], _ = timed(lambda: get(base, src["image"]), 1)
        out["page_image"], _ = timed(lambda: get(base, src["image"]), runs)
    if row["flags"]:
        ask = {"document": doc["id"], "use": row["use"], "flag": row["flags"][0]["code"], "decision": "accept", "comment": "基准"}
        out["decision"], _ = timed(lambda: post(base, "/api/review/decision", ask), runs)
        post(base, "/api/review/decision", {**ask, "decision": ""})
    return {"document": doc["id"], "document_rows": doc["rows"], "documents": len(docs["documents"]),
            "project_rows": project["rows"], "seconds": out}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", required=True)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    review_file = review_path(args.store)
    had_file = review_file.exists()
    port = free_port()
    server = subprocess.Popen([sys.executable, str(ROOT / "pikg.py"), "serve", "--store", args.store, "--port", str(port),
                               "--decisions"], stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                get(base, "/")
                break
            except OSError:
                time.sleep(0.1)
        result = measure(base, args.runs)
    finally:
        server.terminate()
        server.wait(timeout=30)
        if not had_file:  # the decision recorded and withdrawn made it
            review_file.unlink(missing_ok=True)
    print(json.dumps(result, ensure_ascii=False))
    print(f"{result['documents']} documents; the largest, {result['document']}: {result['document_rows']} rows, "
          f"its largest project {result['project_rows']} rows (best of {args.runs})", file=sys.stderr)
    for name, s in result["seconds"].items():
        print(f"  {name:18s} {s * 1000:8.1f} ms", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
