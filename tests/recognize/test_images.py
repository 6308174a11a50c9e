"""Image bytes are checked before anything decodes them: type, size, truncation, animation."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from recognize.errors import CorruptImage, ImageTooLarge, UnsupportedImage
from recognize.images import open_image, sniff


def encode(image: Image.Image, fmt: str, **kw) -> bytes:
    """Encode a Pillow image to bytes."""
    out = io.BytesIO()
    image.save(out, fmt, **kw)
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims width×height but carries almost no data (a decompression bomb's shape)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("fmt", "kind"), [("PNG", "png"), ("JPEG", "jpeg"), ("WEBP", "webp")], ids=["png", "jpeg", "webp"]
)
def test_screenshots_decode_to_rgb(fmt, kind):
    data = encode(Image.new("RGBA" if fmt == "PNG" else "RGB", (60, 120), "white"), fmt)
    assert sniff(data) == kind
    image = open_image(data)
    assert image.mode == "RGB" and image.size == (60, 120)


def test_exif_orientation_is_applied():
    image = Image.new("RGB", (60, 120), "white")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90° clockwise: the upright picture is 120 wide
    data = encode(image, "JPEG", exif=exif.tobytes())
    assert open_image(data).size == (120, 60)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"hello, this is text",
        b"%PDF-1.7\n%fake",
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        b"GIF89a\x01\x00\x01\x00",
    ],
    ids=["zero-bytes", "text", "pdf", "svg", "gif"],
)
def test_non_images_are_unsupported(data):
    with pytest.raises(UnsupportedImage):
        open_image(data)


def test_spoofed_type_is_judged_by_content_not_name():
    # A GIF saved as screenshot.png: the bytes say GIF, so it is refused.
    gif = encode(Image.new("RGB", (10, 10), "red"), "GIF")
    with pytest.raises(UnsupportedImage):
        open_image(gif)


def test_png_magic_with_garbage_is_corrupt():
    with pytest.raises(CorruptImage):
        open_image(b"\x89PNG\r\n\x1a\n" + b"\0garbage" * 20)


def test_truncated_png_is_corrupt():
    data = encode(Image.effect_noise((200, 200), 64).convert("RGB"), "PNG")
    with pytest.raises(CorruptImage):
        open_image(data[: len(data) // 2])


def test_decompression_bomb_is_refused_without_decoding():
    with pytest.raises(ImageTooLarge):
        open_image(png_header_only(20_000, 20_000))


def test_absurdly_tall_image_is_refused():
    # 30,000 px tall fits the pixel budget at 100 px wide but no phone screen is that tall.
    data = encode(Image.new("RGB", (100, 30_000), "white"), "PNG")
    with pytest.raises(ImageTooLarge):
        open_image(data)


def test_animated_webp_is_refused():
    frames = [Image.new("RGB", (40, 40), colour) for colour in ("red", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "WEBP", save_all=True, append_images=frames[1:], duration=100)
    with pytest.raises(UnsupportedImage):
        open_image(out.getvalue())


def test_animated_gif_is_refused():
    frames = [Image.new("RGB", (40, 40), colour) for colour in ("red", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100)
    with pytest.raises(UnsupportedImage):
        open_image(out.getvalue())
