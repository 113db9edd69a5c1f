"""One PDF page (or one page of a scanned image: .png, .jpg, .tif) as a PNG picture with boxes outlined on it
(where a row, its name and its target were read), for a person who checks a row against the printed page.
Rendered by pypdfium2 (a dependency of pdfplumber), drawn on with Pillow."""
from __future__ import annotations

import io
from pathlib import Path

Box = tuple[float, float, float, float]

OUTLINE = (220, 0, 0)  # red
_POINTS_PER_INCH = 72.0
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"})
SCAN_DPI = 200.0  # what the OCR reader takes an image's resolution to be when the file says none it believes


class PageImageError(ValueError):
    """The page cannot be rendered: the message (in Chinese) names the file and the page."""


def render_page(pdf_path: str | Path, page: int, boxes: list[Box], dpi: int = 110) -> bytes:
    """Page `page` (1-based) of a PDF as PNG bytes at `dpi`, each box (x0, top, x1, bottom in PDF points
    from the page's top-left corner, pdfplumber's coordinates) outlined in red. The whole media box is
    rendered, as pdfplumber measures from it. Raises PageImageError naming the file and page for a page out
    of range or a file that is not a readable PDF."""
    import pypdfium2 as pdfium

    if dpi <= 0:
        raise PageImageError(f"{pdf_path}：分辨率须为正数（收到 {dpi}）")
    if Path(pdf_path).suffix.lower() in IMAGE_SUFFIXES:
        image, scale = _image_page(Path(pdf_path), page, dpi)
        return _outlined(image, scale, boxes)
    try:
        pdf = pdfium.PdfDocument(str(pdf_path))
    except (OSError, pdfium.PdfiumError) as e:
        raise PageImageError(f"{pdf_path}：无法打开 PDF 文件（{e}）") from e
    try:
        n = len(pdf)
        if not 1 <= page <= n:
            raise PageImageError(f"{pdf_path}：没有第 {page} 页（全文共 {n} 页）")
        p = pdf[page - 1]
        try:
            p.set_cropbox(*p.get_mediabox())
            scale = dpi / _POINTS_PER_INCH
            image = p.render(scale=scale).to_pil().convert("RGB")
        finally:
            p.close()
    finally:
        pdf.close()
    return _outlined(image, scale, boxes)


def _image_page(path: Path, page: int, dpi: int):
    """Page `page` of an image file scaled to `dpi`, and the scale from points to its pixels. The OCR reader
    measured its boxes in points of the image at the file's resolution (SCAN_DPI where the file carries none
    it believes, as extractors.ocr.pages does); the page's slight deskew is not undone."""
    from PIL import Image, ImageSequence

    try:
        with Image.open(path) as im:
            n = sum(1 for _ in ImageSequence.Iterator(im))
            if not 1 <= page <= n:
                raise PageImageError(f"{path}：没有第 {page} 页（全文共 {n} 页）")
            im.seek(page - 1)
            res = float(im.info.get("dpi", (SCAN_DPI, SCAN_DPI))[0] or SCAN_DPI)
            if res < 100 or res > 1200:
                res = SCAN_DPI
            image = im.convert("RGB")
    except OSError as e:
        raise PageImageError(f"{path}：无法打开图像文件（{e}）") from e
    factor = dpi / res
    image = image.resize((max(1, round(image.width * factor)), max(1, round(image.height * factor))))
    return image, dpi / _POINTS_PER_INCH


def _outlined(image, scale: float, boxes: list[Box]) -> bytes:
    """The picture with each box (in points) outlined in red, as PNG bytes."""
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    width = max(2, round(scale))
    for x0, top, x1, bottom in boxes:
        draw.rectangle([round(x0 * scale), round(top * scale), round(x1 * scale), round(bottom * scale)],
                       outline=OUTLINE, width=width)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
