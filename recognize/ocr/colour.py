"""The page's colours: its accent (the hue most of its saturated pixels share: WeChat Pay draws its 支付成功 check and
its 完成 button in one green), a weak hint of which app drew a page whose words name none; and an invoice picture
without its red seal, for a second read of the names the seal covers."""

from __future__ import annotations

# Hue ranges (degrees) of the accents an app's own pages are drawn in, and the app. Only colours no other app in
# the vocabulary paints its payment pages with: WeChat Pay's green (#07C160, about 147°); blue and red are shared
# by Alipay, 饿了么, 云闪付 and most banks, so they say nothing.
ACCENTS = (("green", 130.0, 165.0),)
# At least this share of the sampled pixels must be saturated and coloured, and this share of those in one accent.
MIN_COLOURED = 0.002
MIN_SHARE = 0.6
# Inside the title and button words, at least this many coloured pixels (a word's strokes, at phone resolution).
MIN_WORD_PIXELS = 40


def accent(image, words=()) -> str | None:
    """'green' when most strongly coloured pixels below the status bar are one accent's hue; else when most
    coloured pixels inside `words` (boxes of the page's status title and buttons, which an app draws in its own
    colour even where a shop's colourful logo outweighs it on the page) are; else None."""
    found = _page_accent(image)
    if found or not words:
        return found
    hues = []
    for box in words:
        part = image.crop((int(box.x0), int(box.y0), int(box.x1) + 1, int(box.y1) + 1)).convert("HSV").tobytes()
        hues += _coloured(part)
    return _shared(hues) if len(hues) >= MIN_WORD_PIXELS else None


def _coloured(raw: bytes) -> list[float]:
    """Hues (degrees) of the strongly coloured pixels of HSV bytes."""
    return [raw[i] * 360 / 255 for i in range(0, len(raw), 3) if raw[i + 1] > 140 and raw[i + 2] > 110]


def _shared(hues: list[float]) -> str | None:
    """The accent most of these hues fall in, if any."""
    for name, low, high in ACCENTS:
        if sum(low <= hue <= high for hue in hues) >= MIN_SHARE * len(hues):
            return name
    return None


def _page_accent(image) -> str | None:
    """The accent of the whole page below the status bar, or None."""
    small = image.convert("RGB")
    small.thumbnail((96, 96 * max(1, image.height) // max(1, image.width)))
    hsv = small.convert("HSV")
    width, height = hsv.size
    # Leave out the status bar (battery and signal icons are often green) and the home indicator.
    top, bottom = int(height * 0.06), int(height * 0.97)
    raw = hsv.crop((0, top, width, bottom)).tobytes()
    count = len(raw) // 3
    if not count:
        return None
    coloured = _coloured(raw)
    if len(coloured) < MIN_COLOURED * count:
        return None
    return _shared(coloured)


# A red seal pressed on paper: red well above green and blue, which stay close (pink-red, not the form's brown
# captions, whose green is well above their blue).
STAMP_MIN_RED, STAMP_MIN_LEAD, STAMP_MAX_GB = 130, 40, 28
MIN_STAMP = 0.001  # share of the pixels, below which there is no seal to take off


def without_stamp(image):
    """A copy of an invoice picture with its red seal turned to grey by its red channel (near paper, the print under
    it dark), or None when it has no seal."""
    import numpy as np
    from PIL import Image

    rgb = np.asarray(image.convert("RGB")).astype(np.int16)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    seal = (r > STAMP_MIN_RED) & (r - g > STAMP_MIN_LEAD) & (r - b > STAMP_MIN_LEAD + 5) & (abs(g - b) < STAMP_MAX_GB)
    if seal.mean() < MIN_STAMP:
        return None
    # Red ink passes red light: through the red channel, the seal on paper turns as light as paper and the print
    # under the seal stays dark.
    cleaned = rgb.copy()
    cleaned[seal] = r[seal][:, None]
    return Image.fromarray(cleaned.astype("uint8"))
