"""Draw templates and write documents with their gold: the randomiser's one entry for the benchmark and tests."""
from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .convert import CONVERSIONS, available, convert
from .layout import Printed, build
from .markup import chromium, write_chromium_pdf, write_html
from .office import write_csv, write_docx, write_export_xlsx, write_xlsx
from .pdf import write_pdf
from .source import SourceDoc
from .template import FAMILIES, PDF_PRODUCERS, PRODUCERS, Template, draw_template

SUFFIX = {"pdf_ruled": ".pdf", "pdf_chromium": ".pdf", "pdf_report": ".pdf", "xlsx": ".xlsx", "csv": ".csv", "docx": ".docx", "html": ".html",
          "export_xlsx": ".xlsx", "export_csv": ".csv"}
WRITERS = {"pdf_ruled": lambda p, t, f: write_pdf(p, t, f, report=False), "pdf_report": lambda p, t, f: write_pdf(p, t, f, report=True),
           "pdf_chromium": write_chromium_pdf,
           "xlsx": write_xlsx, "csv": write_csv, "docx": write_docx, "html": write_html,
           "export_xlsx": write_export_xlsx, "export_csv": write_csv}


@dataclass
class Generated:
    """One input file and what it was made from."""

    stem: str
    path: Path
    family: str
    producer: str  # the producer, or producer>conversion
    template: Template
    source: str
    rows: int


def unavailable_producers() -> dict[str, str]:
    """Producers that need a program this machine lacks → why (LibreOffice is not used at all)."""
    if not chromium():
        return {"pdf_chromium": "chromium not installed (HTML printed to PDF skipped)"}
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout if shutil.which("fc-list") else ""
    if not fonts.strip():
        return {"pdf_chromium": "no CJK font for chromium (Debian fonts-wqy-microhei): its PDF would lose the Chinese glyphs"}
    return {}


def write_gold(gold_dir: Path, stem: str, gold: dict[str, list[dict]]) -> None:
    """STEM.indicators/goals/projects.jsonl with doc = stem."""
    gold_dir.mkdir(parents=True, exist_ok=True)
    for kind, recs in gold.items():
        with open(gold_dir / f"{stem}.{kind}.jsonl", "w", encoding="utf-8") as f:
            for r in recs:
                f.write(json.dumps(dict(r, doc=stem), ensure_ascii=False) + "\n")


def pick_blocks(doc: SourceDoc, rng: random.Random, max_projects: int) -> list:
    """The department block (most of the time) and a few projects, in document order."""
    dept = [b for b in doc.blocks if b.scope == "department"]
    projs = [b for b in doc.blocks if b.scope == "project"]
    k = rng.randint(1, max(1, min(max_projects, len(projs))))
    chosen = set(map(id, rng.sample(projs, k))) if projs else set()
    keep_dept = rng.random() < 0.8 or not projs
    return [b for b in doc.blocks if (b.scope == "department" and keep_dept and b in dept) or id(b) in chosen]


def generate(sources: list[SourceDoc], out: Path, seed: int, count: int, families: tuple[str, ...] = FAMILIES,
             producers: tuple[str, ...] = PRODUCERS, conversions: tuple[str, ...] = CONVERSIONS, max_projects: int = 3,
             log=sys.stderr) -> list[Generated]:
    """Draw count templates (each axis independently, seeded) and write each document, its conversions and gold."""
    docs_dir, gold_dir = out / "docs", out / "gold"
    docs_dir.mkdir(parents=True, exist_ok=True)
    can = available()
    for k in conversions:
        if can.get(k) and any(p in PDF_PRODUCERS for p in producers):
            print(f"skipping conversion {k}: {can[k]}", file=log)
    conv = [k for k in conversions if not can.get(k)]
    made: list[Generated] = []
    for i in range(count):
        # the template and the content draw from their own streams, so a new axis leaves the content as it was
        t = draw_template(random.Random(f"{seed}:{i}:template"), families, producers)
        rng = random.Random(f"{seed}:{i}:content")
        src = rng.choice(sources)
        blocks = pick_blocks(src, rng, max_projects)
        stem = f"r{seed}_{i:03d}_{t.family}_{t.producer}"
        printed: Printed = build(src, blocks, t, stem, rng)
        path = docs_dir / (stem + SUFFIX[t.producer])
        WRITERS[t.producer](printed, t, path)
        write_gold(gold_dir, stem, printed.gold)
        made.append(Generated(stem, path, t.family, t.producer, t, src.stem, printed.rows_printed))
        print(f"[{i + 1}/{count}] {path.name}: {printed.rows_printed} rows from {src.stem}", file=log)
        if t.producer in PDF_PRODUCERS:
            for k in conv:
                cstem = f"{stem}.{k}"
                cpath = docs_dir / f"{cstem}.txt"
                convert(path, k, cpath)
                write_gold(gold_dir, cstem, printed.gold)
                made.append(Generated(cstem, cpath, t.family, f"{t.producer}>{k}", t, src.stem, printed.rows_printed))
    with open(out / "templates.jsonl", "w", encoding="utf-8") as f:
        for g in made:
            f.write(json.dumps({"stem": g.stem, "file": g.path.name, "family": g.family, "producer": g.producer,
                                "source": g.source, "rows": g.rows, "features": g.template.features()}, ensure_ascii=False) + "\n")
    return made
