"""The drawing surface of the independent generator: a phone screen in dp with fonts, widgets and scrolling.

A `Canvas` is measured in dp (its width in dp depends on the device) and drawn top to bottom with a y cursor.
Text can be tied to a truth field (`see=(row, "amount")`): the canvas remembers where each value was drawn,
so after scrolling and clipping the truth keeps only what is visible on the final screen.
Nothing here imports tests/fixtures/render.py: the evaluation material must not share its drawing code.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont


@dataclass(frozen=True)
class Theme:
    """The colours of one screen (light or dark)."""

    bg: str
    card: str
    fg: str
    gray: str
    line: str
    dark: bool


LIGHT = Theme(bg="#f2f2f2", card="#ffffff", fg="#1a1a1a", gray="#888888", line="#e6e6e6", dark=False)
DARK = Theme(bg="#0f0f0f", card="#1c1c1e", fg="#e2e2e2", gray="#8e8e93", line="#2c2c2e", dark=True)


@dataclass(frozen=True)
class Fonts:
    """The fontconfig patterns a screen draws with: CJK text, and optionally a separate face for ASCII runs."""

    cjk: str
    cjk_bold: str
    latin: str | None = None
    latin_bold: str | None = None


@lru_cache(maxsize=32)
def font_file(pattern: str) -> tuple[str, int]:
    """Resolve a fontconfig pattern to (file, face index) with fc-match."""
    out = subprocess.run(
        ["fc-match", "-f", "%{file}|%{index}", pattern], capture_output=True, text=True, check=True
    ).stdout
    path, _, index = out.partition("|")
    return path, int(index or 0)


@lru_cache(maxsize=48)
def load_font(pattern: str, px: int) -> ImageFont.FreeTypeFont:
    """A Pillow font for `pattern` at `px` pixels (few kept: each CJK face holds megabytes of glyph cache)."""
    path, index = font_file(pattern)
    return ImageFont.truetype(path, max(6, px), index=index)


def runs(text: str, split_ascii: bool) -> list[tuple[str, bool]]:
    """Cut text into (chunk, is_ascii) runs so digits and Latin letters can use their own face."""
    if not split_ascii or not text:
        return [(text, False)]
    out: list[tuple[str, bool]] = []
    for ch in text:
        ascii_ = ch.isascii() and ch != " "
        if out and out[-1][1] == ascii_:
            out[-1] = (out[-1][0] + ch, ascii_)
        else:
            out.append((ch, ascii_))
    return out


Spot = tuple  # (row, field name)


class Canvas:
    """A phone screen: width × height pixels, `dp_width` dp across, a fixed header and a scrollable body."""

    def __init__(self, width: int, height: int, dp_width: float, theme: Theme, fonts: Fonts):
        self.width, self.height = width, height
        self.scale = width / dp_width
        self.w = dp_width
        self.h = height / self.scale
        self.theme = theme
        self.fonts = fonts
        self.image = Image.new("RGB", (width, height), theme.bg)
        self.draw = ImageDraw.Draw(self.image)
        self.y = 0.0
        self.shift = 0.0
        self.recording = True
        self.view_top = 0.0
        self.view_bottom = self.h
        self._header: Callable[[Canvas], None] | None = None
        self._footer: Callable[[Canvas], None] | None = None

    # -- units and fonts ---------------------------------------------------------------------------------------

    def px(self, dp: float) -> int:
        """dp → pixels."""
        return round(dp * self.scale)

    def font(self, size: float, bold: bool = False, ascii_: bool = False) -> ImageFont.FreeTypeFont:
        """The screen's font at `size` dp (the Latin face for ASCII runs when there is one)."""
        f = self.fonts
        if ascii_ and f.latin:
            return load_font((f.latin_bold or f.latin) if bold else f.latin, self.px(size))
        return load_font(f.cjk_bold if bold else f.cjk, self.px(size))

    def width_of(self, text: str, size: float, bold: bool = False) -> float:
        """Width of `text` in dp."""
        total = 0.0
        for chunk, ascii_ in runs(text, bool(self.fonts.latin)):
            total += self.draw.textlength(chunk, font=self.font(size, bold, ascii_))
        return total / self.scale

    # -- drawing -----------------------------------------------------------------------------------------------

    def text(self, x, y, text, size, *, color=None, bold=False, anchor="l", see=None) -> float:
        """Draw `text` vertically centred on y (dp), anchored left/middle/right at x; returns its width in dp."""
        width = self.width_of(text, size, bold)
        left = x - (width / 2 if anchor == "m" else width if anchor == "r" else 0)
        baseline = y + self.shift + size * 0.36
        cursor = self.px(left)
        for chunk, ascii_ in runs(text, bool(self.fonts.latin)):
            font = self.font(size, bold, ascii_)
            self.draw.text((cursor, self.px(baseline)), chunk, font=font, fill=color or self.theme.fg, anchor="ls")
            cursor += round(self.draw.textlength(chunk, font=font))
        self.saw(see, y, size)
        return width

    def saw(self, see, y: float, size: float) -> None:
        """Remember that the fields in `see` were drawn on a line centred at y (dp, before the scroll shift); the
        line counts as its em box (glyphs sit inside it), not with the line spacing around it."""
        if not see or not self.recording:
            return
        for row, name in see if isinstance(see, list) else [see]:
            row.spots.setdefault(name, []).append((y + self.shift - size * 0.5, y + self.shift + size * 0.5))

    def rect(self, x0, y0, x1, y1, color, radius: float = 0, outline=None) -> None:
        """Fill a (rounded) rectangle given in dp."""
        box = (self.px(x0), self.px(y0 + self.shift), self.px(x1), self.px(y1 + self.shift))
        if radius:
            self.draw.rounded_rectangle(box, radius=self.px(radius), fill=color, outline=outline)
        else:
            self.draw.rectangle(box, fill=color, outline=outline)

    def circle(self, cx, cy, r, color, glyph: str = "", glyph_color: str = "#ffffff", see=None) -> None:
        """A round avatar or logo, optionally with one letter or character inside."""
        y = cy + self.shift
        self.draw.ellipse((self.px(cx - r), self.px(y - r), self.px(cx + r), self.px(y + r)), fill=color)
        if glyph:
            self.text(cx, cy, glyph, r * 1.05, color=glyph_color, bold=True, anchor="m", see=see)

    def line(self, points: list[tuple[float, float]], color, width: float = 1.0) -> None:
        """A polyline in dp."""
        pts = [(self.px(x), self.px(y + self.shift)) for x, y in points]
        self.draw.line(pts, fill=color, width=max(1, self.px(width)))

    def hline(self, y: float, x0: float = 16, x1: float | None = None, color=None) -> None:
        """A thin separator."""
        self.rect(x0, y, self.w - 16 if x1 is None else x1, y + 0.6, color or self.theme.line)

    def strike(self, x, y, text, size, *, color=None, anchor="l") -> None:
        """Struck-through text: an original price beside the paid one."""
        color = color or self.theme.gray
        width = self.text(x, y, text, size, color=color, anchor=anchor)
        left = x - (width / 2 if anchor == "m" else width if anchor == "r" else 0)
        self.rect(left, y, left + width, y + max(0.6, size / 16), color)

    def check(self, cx, cy, r, color) -> None:
        """A filled circle with a check mark (the 'payment succeeded' sign)."""
        self.circle(cx, cy, r, color)
        pts = [(cx - r * 0.45, cy), (cx - r * 0.1, cy + r * 0.35), (cx + r * 0.5, cy - r * 0.35)]
        self.line(pts, "#ffffff", r * 0.16)

    def wrap(self, text: str, size: float, room: float) -> list[str]:
        """Split text into lines no wider than `room` dp."""
        lines, line = [], ""
        for ch in text:
            if line and self.width_of(line + ch, size) > room:
                lines.append(line)
                line = ""
            line += ch
        return [*lines, line] if line else lines or [""]

    # -- header, body, footer ----------------------------------------------------------------------------------

    def header(self, draw: Callable[[Canvas], None], scroll: float = 0.0) -> None:
        """Draw the fixed header now; the body below it scrolls up by `scroll` dp."""
        self._header = draw
        self.y = 0.0
        draw(self)
        self.view_top = self.y
        self.shift = -scroll

    def footer(self, draw: Callable[[Canvas], None], height: float) -> None:
        """A bar fixed at the bottom (tab bar, button, home indicator) drawn over the body when finishing."""
        self._footer = draw
        self.view_bottom = self.h - height

    def finish(self) -> Image.Image:
        """Paint the fixed header and footer over the scrolled body and return the image."""
        self.recording = False
        saved = self.y, self.shift
        self.shift = 0.0
        if self._header and self.view_top:
            self.rect(0, 0, self.w, self.view_top, self.theme.bg)
            self.y = 0.0
            self._header(self)
        if self._footer:
            self.rect(0, self.view_bottom, self.w, self.h, self.theme.card)
            self.y = self.view_bottom
            self._footer(self)
        self.y, self.shift = saved
        return self.image

    def visible(self, spot: tuple[float, float]) -> bool:
        """True when a drawn line (top, bottom in dp on the final screen) is wholly inside the view."""
        return spot[0] >= self.view_top - 0.5 and spot[1] <= self.view_bottom + 0.5
