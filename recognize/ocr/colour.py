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


def accent(image) -> str | None:
    """'green' when most strongly coloured pixels below the status bar are one accent's hue, else None."""
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
    coloured = [raw[i] * 360 / 255 for i in range(0, len(raw), 3) if raw[i + 1] > 140 and raw[i + 2] > 110]
    if len(coloured) < MIN_COLOURED * count:
        return None
    for name, low, high in ACCENTS:
        if sum(low <= hue <= high for hue in coloured) >= MIN_SHARE * len(coloured):
            return name
    return None


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
