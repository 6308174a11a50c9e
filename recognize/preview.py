"""The first page of an e-invoice as a PNG picture, for the review screen (a browser shows no PDF or OFD in an <img>).

A PDF's page is rendered with pypdfium2. An OFD's page is drawn from its own text: each TextCode at its place and
size on a white page the size of a 数电票 (210 × 140 mm, or the page's PhysicalBox), in the first font that has a
glyph for (nearly) every character on the page: the CJK fonts the Makefile installs (fonts-noto-cjk,
fonts-wqy-zenhei) at their Debian paths, any other font fontconfig lists for zh, then a font embedded in the OFD
(trusted less than the machine's, so tried last). With none, there is no preview — a page of empty boxes reads worse
than no picture, and the recognized fields are still there. XML has no page. Both are bounded in pixels like
recognition is. Imported only on the blob trigger's path: PIL and pdfium stay off the HTTP paths.
"""

from __future__ import annotations

import io
import logging
import re
import subprocess
import zipfile
from functools import lru_cache
from pathlib import Path

from recognize.ocr.documents import MAX_MEMBER, first_page, page_texts

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
FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
# Share of the page's distinct characters a font must draw: a rare glyph missing is a box, most missing is no text.
COVERAGE = 0.95
NOT_A_CHARACTER = "\U0010fffd"  # mapped by no font: what it draws is the font's "missing glyph" box


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
def system_fonts() -> tuple[str, ...]:
    """Font files on this machine that may draw Chinese: the known paths, then what fontconfig lists for zh.

    Never `fc-match`: it always answers with some font, on a machine without CJK fonts one with no Chinese glyphs.
    """
    found = [name for name in FONT_FILES if Path(name).is_file()]
    try:
        listed = subprocess.run(
            ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=5, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        listed = ""
    for line in sorted(listed.splitlines()):
        name = line.strip().rstrip(":").strip()
        if name.lower().endswith(FONT_SUFFIXES) and name not in found and Path(name).is_file():
            found.append(name)
    return tuple(found)


def _embedded_fonts(data: bytes) -> list[bytes]:
    """The font files an OFD package carries (its Res/ fonts), each within the member bound."""
    package = zipfile.ZipFile(io.BytesIO(data))
    fonts = []
    for info in package.infolist()[:500]:
        if info.filename.lower().endswith(FONT_SUFFIXES) and 0 < info.file_size <= MAX_MEMBER:
            with package.open(info) as member:
                fonts.append(member.read(MAX_MEMBER + 1))
    return fonts[:4]


def covers(font, characters: set[str]) -> bool:
    """True when `font` draws its own glyph, not its missing-glyph box, for at least COVERAGE of `characters`."""
    from PIL import Image, ImageDraw

    def ink(character: str) -> bytes:
        canvas = Image.new("L", (2 * font.size, 2 * font.size))
        ImageDraw.Draw(canvas).text((0, 0), character, font=font, fill=255)
        return canvas.tobytes()

    missing = ink(NOT_A_CHARACTER)
    wanted = sorted(c for c in characters if not c.isspace())[:400]
    drawn = sum(ink(c) != missing for c in wanted)
    return not wanted or drawn >= COVERAGE * len(wanted)


def _font_for(data: bytes, texts: list) -> object | None:
    """A loader (pixels → FreeTypeFont) for the first font that draws the page's characters, or None."""
    from PIL import ImageFont

    characters = set("".join(text for *_, text in texts))
    sources: list = list(system_fonts())
    try:
        sources += _embedded_fonts(data)
    except Exception:  # an unreadable font list leaves the machine's fonts
        logger.warning("no embedded fonts read from an OFD", exc_info=True)
    for source in sources:
        try:
            probe = ImageFont.truetype(io.BytesIO(source) if isinstance(source, bytes) else source, 24)
        except (OSError, ValueError):  # not a font FreeType can read
            continue
        if covers(probe, characters):
            return lambda px, source=source: ImageFont.truetype(
                io.BytesIO(source) if isinstance(source, bytes) else source, px
            )
    return None


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

    xml = first_page(data)
    if xml is None:
        return None
    texts = page_texts(xml)
    font_at = _font_for(data, texts) if texts else None
    if font_at is None:
        logger.info("no font draws this OFD's text: no preview")
        return None
    width_mm, height_mm = _page_mm(data)
    scale = min(PX_PER_MM, (MAX_PIXELS / (width_mm * height_mm)) ** 0.5)
    image = Image.new("RGB", (round(width_mm * scale), round(height_mm * scale)), "white")
    draw = ImageDraw.Draw(image)
    fonts: dict[int, ImageFont.FreeTypeFont] = {}
    for x, y, size, text in texts[:2000]:
        px = max(6, min(200, round(size * scale)))
        if px not in fonts:
            fonts[px] = font_at(px)
        # OFD places a TextCode by its baseline.
        draw.text((x * scale, y * scale), text[:500], fill=(40, 40, 40), font=fonts[px], anchor="ls")
    return _png(image)
