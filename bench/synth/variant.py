"""The two splits and what differs between them: seeds, devices, fonts, and every template's layout options.

A template asks `v.pick(name, dev=…, eval=…)` for a layout option; the two pools must not share a value, so
the evaluation set only holds layouts nobody looked at while writing rules on the development set. Dark mode,
blur and the like go through `v.coin` / `v.rng` and may appear in both.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from bench.synth.canvas import Fonts

SPLITS = {"dev": 20250607, "eval": 7_310_419}


@dataclass(frozen=True)
class Device:
    """A screen: pixels, its width in dp, and the status-bar style of its OS."""

    width: int
    height: int
    dp: float
    os: str

    @property
    def name(self) -> str:
        """'1080x2400@360' — pixels and dp width."""
        return f"{self.width}x{self.height}@{self.dp:g}"


DEVICES = {
    "dev": (
        Device(1080, 2400, 360, "android"),
        Device(1080, 2400, 360, "android"),
        Device(720, 1600, 360, "android"),
        Device(1080, 2340, 393, "android"),
        Device(1170, 2532, 390, "ios"),
    ),
    "eval": (
        Device(1179, 2556, 393, "ios"),
        Device(1080, 2400, 411, "android"),
        Device(1080, 2400, 411, "android"),
        Device(1440, 3200, 411, "android"),
        Device(828, 1792, 414, "ios"),
        Device(1290, 2796, 430, "ios"),
    ),
}

FONTS = {
    "dev": (
        Fonts("Noto Sans CJK SC:style=Regular", "Noto Sans CJK SC:style=Bold"),
        Fonts("Noto Sans CJK SC:style=Regular", "Noto Sans CJK SC:style=Bold", "DejaVu Sans", "DejaVu Sans:style=Bold"),
        Fonts("WenQuanYi Zen Hei", "WenQuanYi Zen Hei"),
    ),
    "eval": (
        Fonts(
            "Noto Sans CJK JP:style=Regular",
            "Noto Sans CJK JP:style=Bold",
            "Liberation Sans",
            "Liberation Sans:style=Bold",
        ),
        Fonts(
            "WenQuanYi Zen Hei Sharp",
            "WenQuanYi Zen Hei Sharp",
            "DejaVu Sans Condensed",
            "DejaVu Sans:style=Condensed Bold",
        ),
        Fonts("Noto Sans Mono CJK SC:style=Regular", "Noto Sans Mono CJK SC:style=Bold"),
        Fonts("Noto Sans CJK TC:style=Regular", "Noto Sans CJK TC:style=Bold", "Liberation Sans Narrow"),
    ),
}

# Printed invoices use a Song/Kai-like face; the screen fonts above stand in for the on-screen parts.
PAPER_FONTS = {
    "dev": (Fonts("Noto Serif CJK SC:style=Regular", "Noto Serif CJK SC:style=Bold"),),
    "eval": (
        Fonts("Noto Serif CJK JP:style=Regular", "Noto Serif CJK JP:style=Bold"),
        Fonts("WenQuanYi Zen Hei Mono", "WenQuanYi Zen Hei Mono"),
    ),
}


@dataclass
class Variant:
    """One screen's random choices: the split's pools, a seeded rng, and a record of what was picked."""

    split: str
    rng: random.Random
    chosen: dict[str, str] = field(default_factory=dict)
    flags: dict[str, bool] = field(default_factory=dict)
    # The app a page drew when one template draws several (美团 or 饿了么, 招商银行 or 工商银行 …).
    app: str | None = None

    def pick(self, name: str, *, dev: tuple, eval: tuple):
        """Choose layout option `name` from this split's pool (the two pools never share a value)."""
        if set(dev) & set(eval):
            raise ValueError(f"option {name!r}: dev and eval pools share {set(dev) & set(eval)}")
        value = self.rng.choice(dev if self.split == "dev" else eval)
        self.chosen[name] = value if isinstance(value, str | int | float | bool) else repr(value)
        return value

    def coin(self, name: str, share: float) -> bool:
        """A yes/no choice true `share` of the time (recorded, allowed in both splits)."""
        value = self.rng.random() < share
        self.flags[name] = value
        return value

    def pool(self, pools: dict[str, tuple]):
        """One value from this split's half of a data pool (names, shops, items)."""
        return self.rng.choice(pools[self.split])

    def device(self) -> Device:
        """The device this screen was captured on."""
        return self.rng.choice(DEVICES[self.split])

    def fonts(self, paper: bool = False) -> Fonts:
        """The font set this screen is drawn with."""
        return self.rng.choice((PAPER_FONTS if paper else FONTS)[self.split])

    def aside(self, name: str) -> Variant:
        """This screen's choices for options added after a template's draws were fixed: its own rng, seeded from
        this one's state without drawing from it, so a screen that does not take the option renders as before."""
        rng = random.Random(f"{name}:{self.split}:{hash(self.rng.getstate())}")
        return Variant(self.split, rng, self.chosen, self.flags, self.app)
