"""Scans made from text PDFs, seeded, as a reviewer's scanner gives them: each page rendered at 200 dpi
(colour or grayscale), turned by a small angle, paper noise, a red official seal (ring, star and a line of
text round the ring) stamped over the page — at a corner, over a project-name cell or anywhere — with the
seal's ink multiplied over the print (the text under it stays dark), JPEG pages wrapped into a PDF without a
text layer. With --score, every scan is read by pikg and scored against its source's gold
(../shared/fixtures/gold, the gold's ``doc`` set to the scan's stem).

    python benchmarks/scan_maker.py PDF... --out DIR [--seed 1] [--count 1] [--score] [--jobs 2]

Used by tests/test_ocr.py (:func:`scan_of`) and to measure the OCR reader on print styles it has not seen.
"""
from __future__ import annotations

import argparse
import io
import json
import math
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEAL_FONTS = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
PLACES = ("corner", "name", "anywhere")


@dataclass(frozen=True)
class ScanStyle:
    """How a scan is made: ``angle`` the largest turn in degrees, ``noise`` the paper noise's deviation,
    ``colour`` colour pages (else grayscale), ``seal`` where the seal goes (PLACES or None), ``seed``."""

    angle: float = 0.4
    noise: float = 10.0
    colour: bool = True
    seal: str | None = "name"
    seed: int = 1
    quality: int = 85


def _seal(size: int, rng, colour: bool):
    """A round seal as an RGBA image: red ring, five-pointed star, a line of text round the ring."""
    from PIL import Image, ImageDraw, ImageFont

    ink = (205 + int(rng.integers(0, 40)), int(rng.integers(10, 50)), int(rng.integers(20, 60)))
    if not colour:
        g = int(0.3 * ink[0] + 0.59 * ink[1] + 0.11 * ink[2])
        ink = (g, g, g)
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    r = size // 2 - 4
    c = size // 2
    d.ellipse((c - r, c - r, c + r, c + r), outline=ink + (230,), width=max(6, size // 40))
    d.regular_polygon((c, c, size // 7), 5, fill=ink + (230,), rotation=float(rng.uniform(-8, 8)))
    font_path = next((f for f in SEAL_FONTS if Path(f).exists()), None)
    if font_path:
        font = ImageFont.truetype(font_path, size // 9)
        text = "某某区财政局预算专用章"
        for i, ch in enumerate(text):
            a = math.radians(200 + i * 140 / (len(text) - 1))
            x, y = c + 0.72 * r * math.cos(a), c + 0.72 * r * math.sin(a)
            glyph = Image.new("RGBA", (size // 8, size // 8), (0, 0, 0, 0))
            ImageDraw.Draw(glyph).text((0, 0), ch, font=font, fill=ink + (230,))
            glyph = glyph.rotate(-math.degrees(a) - 90, expand=True)
            img.alpha_composite(glyph, (int(x - glyph.width / 2), int(y - glyph.height / 2)))
    return img.rotate(float(rng.uniform(-30, 30)))


def _name_cells(page, scale: float) -> list[tuple[float, float]]:
    """Centres (pixels) just right of each 项目名称 label on a pdfplumber page: where a project's name is."""
    return [((w["x1"] + 60) * scale, (w["top"] + w["bottom"]) / 2 * scale)
            for w in page.extract_words() if "项目名称" in w["text"]]


def _stamp(img, spots: list[tuple[float, float]], rng, style: ScanStyle):
    """The page with a seal multiplied over it at one of `spots` (or a corner, or anywhere)."""
    import numpy as np
    from PIL import Image

    size = int(img.width * rng.uniform(0.13, 0.17))
    if style.seal == "name" and spots:
        cx, cy = spots[int(rng.integers(0, len(spots)))]
        cx += rng.uniform(-size * 0.2, size * 0.2)
    elif style.seal == "corner":
        cx, cy = img.width * rng.uniform(0.72, 0.85), img.height * rng.uniform(0.08, 0.2)
    else:
        cx, cy = img.width * rng.uniform(0.15, 0.85), img.height * rng.uniform(0.15, 0.85)
    seal = _seal(size, rng, style.colour)
    layer = Image.new("RGBA", img.size, (255, 255, 255, 0))
    layer.alpha_composite(seal, (int(cx - size / 2), int(cy - size / 2)))
    alpha = np.asarray(layer, dtype=np.float32)[..., 3:] / 255
    tint = alpha * np.asarray(layer, dtype=np.float32)[..., :3] + (1 - alpha) * 255
    out = np.asarray(img.convert("RGB"), dtype=np.float32) * tint / 255  # ink multiplied: the print stays dark
    return Image.fromarray(out.clip(0, 255).astype(np.uint8))


def scan_of(pdf: Path, out: Path, style: ScanStyle = ScanStyle(), pages: list[int] | None = None) -> Path:
    """Pages (1-based; default all) of a text PDF made into a scan PDF at `out` as `style` says."""
    import numpy as np
    import pdfplumber
    import pypdfium2 as pdfium
    from PIL import Image

    rng = np.random.default_rng(style.seed)
    doc = pdfium.PdfDocument(str(pdf))
    plumb = pdfplumber.open(str(pdf))
    frames = []
    try:
        for n in pages or range(1, len(doc) + 1):
            scale = 200 / 72
            img = doc[n - 1].render(scale=scale).to_pil().convert("RGB")
            if style.seal:
                img = _stamp(img, _name_cells(plumb.pages[n - 1], scale), rng, style)
            img = img.rotate(float(rng.uniform(-style.angle, style.angle)), resample=Image.BICUBIC, fillcolor=(255, 255, 255))
            a = np.asarray(img, dtype=np.int16) + rng.normal(0, style.noise, (img.height, img.width, 1)).astype(np.int16)
            img = Image.fromarray(a.clip(0, 255).astype(np.uint8))
            if not style.colour:
                img = img.convert("L")
            buf = io.BytesIO()
            img.save(buf, "JPEG", quality=style.quality)
            frames.append(Image.open(buf))
    finally:
        plumb.close()
        doc.close()
    frames[0].save(out, "PDF", resolution=200, save_all=True, append_images=frames[1:])
    return out


def _shared() -> Path:
    return next(d for d in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if (d / "tools").is_dir())


def _gold_for(scan: Path, source_stem: str, gold_dir: Path) -> None:
    """The source's gold copied under the scan's stem."""
    for f in (_shared() / "fixtures" / "gold").glob(f"{source_stem}.*.jsonl"):
        kind = f.name.split(".")[-2]
        if f.name != f"{source_stem}.{kind}.jsonl":
            continue
        rows = [json.loads(x) for x in f.read_text(encoding="utf-8").splitlines() if x.strip()]
        with open(gold_dir / f"{scan.stem}.{kind}.jsonl", "w", encoding="utf-8") as g:
            for r in rows:
                g.write(json.dumps({**r, "doc": scan.stem}, ensure_ascii=False) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdfs", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=1, help="scans of each PDF, seeds seed, seed+1, …")
    ap.add_argument("--seal", choices=[*PLACES, "none"], default=None, help="default: name, corner, anywhere in turn")
    ap.add_argument("--gray", action="store_true", help="grayscale pages (default colour)")
    ap.add_argument("--score", action="store_true", help="read each scan with pikg and score it against its gold")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    gold = args.out / "gold"
    gold.mkdir(exist_ok=True)
    for pdf in args.pdfs:
        for i in range(args.count):
            seed = args.seed + i
            place = args.seal or PLACES[seed % len(PLACES)]
            style = ScanStyle(seal=None if place == "none" else place, colour=not args.gray, seed=seed)
            scan = scan_of(pdf, args.out / f"{pdf.stem}.scan{seed}.pdf", style)
            _gold_for(scan, pdf.stem, gold)
            print(f"{scan.name}: seal {place}, {'gray' if args.gray else 'colour'}", flush=True)
            if args.score:
                pred = scan.with_suffix(".jsonl")
                subprocess.run([sys.executable, "-m", "pikg", "extract", str(scan), "-o", str(pred), "-q",
                                "--jobs", str(args.jobs)], cwd=ROOT, check=False)
                subprocess.run([sys.executable, str(_shared() / "tools" / "score_extraction.py"), "--gold", str(gold),
                                "--pred", str(pred), "--docs", scan.stem, "--show", "0"], check=False)


if __name__ == "__main__":
    main()
