"""The page's accent colour: the hue most of its saturated pixels share (WeChat Pay draws its 支付成功 check and its
完成 button in one green), a weak hint of which app drew a page whose words name none."""

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
