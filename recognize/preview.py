"""The first page of an e-invoice as a PNG picture, for the review screen (a browser shows no PDF or OFD in an <img>).

A PDF's page is rendered with pypdfium2. An OFD's page is drawn from its own text: each TextCode at its place and
size on a white page the size of a 数电票 (210 × 140 mm, or the page's PhysicalBox), with a CJK font when the
machine has one (none: no preview, the recognized fields are still there). XML has no page. Both are bounded in
pixels like recognition is. Imported only on the blob trigger's path: PIL and pdfium stay off the HTTP paths.
"""

from __future__ import annotations

import io
import logging
import re
import subprocess
import zipfile
from functools import lru_cache
from pathlib import Path

from recognize.ocr.documents import first_page, page_texts

logger = logging.getLogger(__name__)

MAX_PIXELS = 4_000_000  # ≈ 2400 × 1600: sharp on a phone, small enough to show at once
PX_PER_MM = 6
OFD_PAGE_MM = (210.0, 140.0)
FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)


def first_page_png(data: bytes, kind: str) -> bytes | None:
    """A PNG of the first page of a 'pdf' or 'ofd' document, or None when there is none to show."""
    try:
        if kind == "pdf":
            return _pdf(data)
        if kind == "ofd":
            return _ofd(data)
    except Exception:  # a preview is a convenience: an unreadable page leaves the review without one
        logger.warning("no preview of a %s document", kind, exc_info=True)
    return None


def _png(image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _pdf(data: bytes) -> bytes | None:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        if len(document) == 0:
            return None
        page = document[0]
        width, height = page.get_size()  # points
        if width <= 0 or height <= 0:
            return None
        scale = min(2.0, (MAX_PIXELS / (width * height)) ** 0.5)
        image = page.render(scale=scale).to_pil().convert("RGB")
    finally:
        document.close()
    return _png(image)


@lru_cache(maxsize=1)
def _font_file() -> str | None:
    """A font file with Chinese glyphs: a known path, else what fontconfig offers for zh."""
    for name in FONT_FILES:
        if Path(name).is_file():
            return name
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", ":lang=zh"], capture_output=True, text=True, timeout=5, check=False
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return found if found and Path(found).is_file() else None


def _page_mm(data: bytes) -> tuple[float, float]:
    """The page's size in millimetres from the document's PhysicalBox, else a 数电票's."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        names = [n for n in package.namelist() if n.endswith("Document.xml")]
        if names and package.getinfo(names[0]).file_size < 1_000_000:
            text = package.read(names[0]).decode("utf-8", "replace")
            box = re.search(r"PhysicalBox>\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", text)
            if box:
                width, height = float(box.group(3)), float(box.group(4))
                if 10 <= width <= 1000 and 10 <= height <= 1000:
                    return width, height
    except (zipfile.BadZipFile, ValueError, KeyError):
        pass
    return OFD_PAGE_MM


def _ofd(data: bytes) -> bytes | None:
    from PIL import Image, ImageDraw, ImageFont

    font_file = _font_file()
    xml = first_page(data)
    if font_file is None or xml is None:
        return None
    texts = page_texts(xml)
    if not texts:
        return None
    width_mm, height_mm = _page_mm(data)
    scale = min(PX_PER_MM, (MAX_PIXELS / (width_mm * height_mm)) ** 0.5)
    image = Image.new("RGB", (round(width_mm * scale), round(height_mm * scale)), "white")
    draw = ImageDraw.Draw(image)
    fonts: dict[int, ImageFont.FreeTypeFont] = {}
    for x, y, size, text in texts[:2000]:
        px = max(6, min(200, round(size * scale)))
        if px not in fonts:
            fonts[px] = ImageFont.truetype(font_file, px)
        # OFD places a TextCode by its baseline.
        draw.text((x * scale, y * scale), text[:500], fill=(40, 40, 40), font=fonts[px], anchor="ls")
    return _png(image)
