"""Check image bytes before anything decodes them: magic numbers, pixel limits, truncation."""

from __future__ import annotations

import io

from recognize.errors import CorruptImage, ImageTooLarge, UnsupportedImage

MAX_PIXELS = 30_000_000
MAX_SIDE = 12_000


def sniff(data: bytes) -> str | None:
    """Return 'png', 'jpeg', 'webp', 'heic', 'pdf', 'ofd' or 'xml' from the leading bytes, else None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"):
        return "heic"
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") and b"OFD.xml" in data[:4096]:
        return "ofd"  # a zip whose first entry is the OFD package's OFD.xml (GB/T 33190)
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<?xml") or head.startswith(b"<EInvoice"):
        return "xml"
    return None


def open_image(data: bytes):
    """Decode image bytes into an RGB Pillow image with EXIF orientation applied.

    Raises UnsupportedImage, ImageTooLarge or CorruptImage; never decodes more than MAX_PIXELS.
    """
    kind = sniff(data)
    if kind not in ("png", "jpeg", "webp", "heic"):
        raise UnsupportedImage("not a png, jpeg, webp or heic image")
    from PIL import Image, ImageOps

    if kind == "heic":
        try:
            import pillow_heif
        except ImportError as exc:  # pragma: no cover - pillow-heif ships in requirements
            raise UnsupportedImage("HEIC support is not installed") from exc
        pillow_heif.register_heif_opener()
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        image = Image.open(io.BytesIO(data))
        width, height = image.size
        if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
            raise ImageTooLarge(f"{width}x{height} pixels")
        if getattr(image, "n_frames", 1) > 1:
            raise UnsupportedImage("animated images are not screenshots")
        image.load()
    except Image.DecompressionBombError as exc:
        raise ImageTooLarge(str(exc)) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise CorruptImage(str(exc)) from exc
    image = ImageOps.exif_transpose(image)
    return image.convert("RGB")
