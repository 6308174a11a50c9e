"""What happens to a screenshot after it is taken: forwarding through chat apps, blur, JPEG damage, noise,
and for paper invoices a photo (slight rotation, an angle, uneven light). Then the bytes, with the capture time where
phones put it (EXIF DateTimeOriginal, a PNG tIME chunk, a Screenshot_YYYYMMDD_HHMMSS file name) or nowhere.
"""

from __future__ import annotations

import io
import struct
import zlib
from datetime import datetime

from PIL import Image, ImageDraw, ImageFilter

from bench.synth.variant import Variant


def _noise(image: Image.Image, sigma: float, rng) -> Image.Image:
    """Gaussian sensor/compression noise."""
    import numpy as np

    gen = np.random.default_rng(rng.randrange(2**32))
    arr = np.asarray(image).astype(np.int16)
    arr = arr + gen.normal(0, sigma, arr.shape).astype(np.int16)
    return Image.fromarray(arr.clip(0, 255).astype("uint8"))


def screen(image: Image.Image, v: Variant) -> tuple[Image.Image, list[str]]:
    """Damage a phone screenshot the way sharing does; returns the image and what was done."""
    rng, steps = v.rng, []
    if v.coin("forwarded", 0.25):
        factor = rng.uniform(0.55, 0.8)
        image = image.resize((round(image.width * factor), round(image.height * factor)), Image.Resampling.BILINEAR)
        steps.append(f"downscaled {factor:.2f}")
    if v.coin("blur", 0.2):
        radius = rng.uniform(0.4, 0.9) if v.split == "dev" else rng.uniform(0.6, 1.3)
        image = image.filter(ImageFilter.GaussianBlur(radius * image.width / 1080))
        steps.append(f"blur {radius:.2f}")
    if v.coin("noise", 0.12):
        sigma = rng.uniform(2, 6)
        image = _noise(image, sigma, rng)
        steps.append(f"noise {sigma:.1f}")
    return image, steps


def _coefficients(out_pts, in_pts) -> list[float]:
    """PIL PERSPECTIVE data mapping each output corner to its input corner."""
    import numpy as np

    rows = []
    for (x, y), (u, w) in zip(out_pts, in_pts, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -w * x, -w * y])
    target = [c for point in in_pts for c in point]
    return [float(c) for c in np.linalg.solve(np.array(rows, dtype=float), np.array(target, dtype=float))]


def _warp(canvas: Image.Image, kind: str, rng, fill: str) -> Image.Image:
    """The page seen from an angle: one edge farther from the camera (shorter) than the other."""
    w, h = canvas.size
    k = rng.uniform(0.04, 0.08)
    if kind == "keystone_top":  # phone tilted back: the top edge narrower
        seen = [(w * k, 0), (w * (1 - k), 0), (w, h), (0, h)]
    elif kind == "keystone_side":  # phone to one side: the right edge shorter
        seen = [(0, 0), (w, h * k), (w, h * (1 - k)), (0, h)]
    else:
        return canvas
    data = _coefficients(seen, [(0, 0), (w, 0), (w, h), (0, h)])
    return canvas.transform(canvas.size, Image.Transform.PERSPECTIVE, data, Image.Resampling.BICUBIC, fillcolor=fill)


def _light(canvas: Image.Image, kind: str, rng) -> Image.Image:
    """Uneven light: a shadow falling across the page, a flash spot, or dark corners."""
    shade = Image.new("L", canvas.size, 0)
    draw = ImageDraw.Draw(shade)
    w, h = canvas.size
    if kind in ("side", "side_strong", "shadow_right"):
        depth = 70 if kind == "side" else rng.randrange(110, 150) if kind == "side_strong" else rng.randrange(80, 130)
        for n in range(0, w, max(1, w // 64)):
            share = n / w if kind != "shadow_right" else 1 - n / w
            draw.rectangle((n, 0, n + w // 64, h), fill=round(depth * share))
        return Image.composite(Image.new("RGB", canvas.size, "#000000"), canvas, shade.point(lambda p: p // 2))
    if kind == "flash_spot":
        cx, cy, r = rng.uniform(0.3, 0.7) * w, rng.uniform(0.3, 0.7) * h, min(w, h) * rng.uniform(0.15, 0.25)
        for step in range(12, 0, -1):
            grow = r * step / 12
            draw.ellipse((cx - grow, cy - grow, cx + grow, cy + grow), fill=round(140 * (1 - step / 12) + 20))
        return Image.composite(Image.new("RGB", canvas.size, "#ffffff"), canvas, shade.point(lambda p: p // 2))
    for step in range(16):  # vignette: dark corners
        inset = step * min(w, h) / 40
        draw.rectangle(
            (inset, inset, w - inset, h - inset), outline=round(120 * (1 - step / 16)), width=round(inset) or 1
        )
    return Image.composite(Image.new("RGB", canvas.size, "#000000"), canvas, shade.point(lambda p: p // 2))


def photo(image: Image.Image, v: Variant) -> tuple[Image.Image, list[str]]:
    """A phone photo of a printed page: on a desk, turned a little, seen at an angle, lit unevenly, slightly soft."""
    rng = v.rng
    angle = rng.uniform(-2.0, 2.0) if v.split == "dev" else rng.uniform(-3.5, 3.5)
    pad = round(image.width * 0.06)
    desk = rng.choice(("#6b5b4b", "#9a9a94", "#3c4a5a", "#c9b79c"))
    canvas = Image.new("RGB", (image.width + 2 * pad, image.height + 2 * pad), desk)
    canvas.paste(image, (pad, pad))
    canvas = canvas.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=desk, expand=False)
    warp = v.pick("photo.warp", dev=("keystone_top", "flat"), eval=("keystone_side", "level"))
    canvas = _warp(canvas, warp, rng, desk)
    light = v.pick("photo.light", dev=("side", "side_strong", "flash_spot"), eval=("shadow_right", "vignette"))
    canvas = _light(canvas, light, rng)
    canvas = canvas.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 1.2)))
    canvas = _noise(canvas, rng.uniform(3, 7), rng)
    return canvas, [f"photo rotated {angle:.1f}°, {warp}, {light}"]


def _png_time_chunk(when: datetime) -> bytes:
    """A PNG tIME chunk for `when`."""
    body = struct.pack(">HBBBBB", when.year, when.month, when.day, when.hour, when.minute, when.second)
    return struct.pack(">I", len(body)) + b"tIME" + body + struct.pack(">I", zlib.crc32(b"tIME" + body) & 0xFFFFFFFF)


def encode(
    image: Image.Image, v: Variant, captured: datetime, os: str, *, photo_: bool = False
) -> tuple[bytes, str, str]:
    """Encode as a phone would: (bytes, file name, where the capture time is kept: exif|png_time|file_name|none)."""
    rng = v.rng
    jpeg = photo_ or v.coin("jpeg", 0.55)
    out = io.BytesIO()
    hint = rng.choice(("exif", "none")) if jpeg else rng.choice(("png_time", "file_name", "none"))
    if jpeg:
        quality = rng.randrange(35, 92) if v.split == "eval" else rng.randrange(55, 95)
        exif = Image.Exif()
        if hint == "exif":
            exif[0x8769] = {0x9003: captured.strftime("%Y:%m:%d %H:%M:%S")}  # ExifIFD → DateTimeOriginal
        image.save(out, "JPEG", quality=quality, exif=exif.tobytes() if hint == "exif" else b"")
        data = out.getvalue()
        name = f"IMG_{rng.randrange(1000, 9999)}.JPG" if photo_ else f"mmexport{rng.randrange(10**12, 10**13)}.jpg"
        return data, name, hint
    image.save(out, "PNG", compress_level=3)
    data = out.getvalue()
    if hint == "png_time":
        data = data[:33] + _png_time_chunk(captured) + data[33:]  # right after IHDR (8 + 25 bytes)
    if hint == "file_name":
        name = (
            f"Screenshot_{captured:%Y%m%d_%H%M%S}.png"
            if os == "android"
            else f"Screenshot {captured:%Y-%m-%d at %H.%M.%S}.png"
        )
    else:
        name = (
            f"IMG_{rng.randrange(1000, 9999)}.PNG" if os == "ios" else f"Screenshot_{rng.randrange(10**6, 10**7)}.png"
        )
    return data, name, hint
