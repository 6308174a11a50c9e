"""Page geometry: OCR boxes in image pixels, the rows they share, and the page without its status bar.

Pure Python over `Box`es, so the rules that read them can be tested without running the OCR model.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from functools import cached_property

from recognize import normalize
from recognize.ocr.colour import accent
from recognize.ocr.vocabulary import ACCENT_WORDS, CLOCK, RECOMMENDED


@dataclass
class Box:
    """One OCR text box in image pixels, with its recognition score."""

    text: str
    score: float
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def h(self) -> float:
        """Box height (a proxy for font size)."""
        return self.y1 - self.y0

    @property
    def cy(self) -> float:
        """Vertical centre."""
        return (self.y0 + self.y1) / 2

    @property
    def cx(self) -> float:
        """Horizontal centre."""
        return (self.x0 + self.x1) / 2


@dataclass
class Row:
    """Boxes that share a text line, left to right."""

    boxes: list[Box]

    @property
    def y0(self) -> float:
        """Top edge of the row."""
        return min(b.y0 for b in self.boxes)

    @property
    def y1(self) -> float:
        """Bottom edge of the row."""
        return max(b.y1 for b in self.boxes)

    @property
    def text(self) -> str:
        """The row's text, its boxes joined by spaces."""
        return " ".join(b.text for b in self.boxes)

    @property
    def score(self) -> float:
        """The weakest recognition score among the row's boxes."""
        return min(b.score for b in self.boxes)


class Page:
    """The OCR result of one image: boxes minus the status bar, grouped into rows."""

    def __init__(self, boxes: list[Box], width: int, height: int):
        self.width = width
        self.height = height
        cleaned = []
        for box in boxes:
            text = normalize.tidy_read(box.text)
            if text:
                cleaned.append(Box(text, box.score, box.x0, box.y0, box.x1, box.y1))
        self.status = [b for b in cleaned if self.in_status_bar(b)]
        self.boxes = [b for b in cleaned if b not in self.status]
        # Below a 为你推荐 header are offers ('领取信用卡还款券'), not the payment: they must not steer any cue.
        header = min((b.y0 for b in self.boxes if RECOMMENDED.fullmatch(b.text.replace(" ", ""))), default=None)
        if header is not None:
            self.boxes = [b for b in self.boxes if b.y0 < header]
        self.rows = group_rows(self.boxes)
        self.median_h = statistics.median([b.h for b in self.boxes]) if self.boxes else 0
        # The image's pixels, set by whoever has them: the accent colour is worked out from them only when a rule
        # asks (most pages name their app in words, and the colour costs 5–15 ms).
        self.image = None

    @cached_property
    def accent(self) -> str | None:
        """The image's accent colour (recognize.ocr.colour), or None unknown or without pixels; worked out once, on
        first use (a test may assign it)."""
        if self.image is None:
            return None
        # The status title and buttons are drawn in the app's colour even where a shop's logo outweighs it.
        words = [b for b in self.boxes if ACCENT_WORDS.match(b.text.replace(" ", ""))]
        return accent(self.image, words)

    def in_status_bar(self, box: Box) -> bool:
        """True for the phone's clock, signal and battery at the very top of the screen."""
        if box.cy > 0.04 * self.height:
            return False
        # Some Android status bars also show the date ('11月3日 周二'); none of it is about the payment.
        return bool(CLOCK.match(box.text.replace(" ", ""))) or len(box.text) <= 10

    def text(self) -> str:
        """All the text read, row by row (status bar included), for the draft's raw_text."""
        rows = group_rows(self.status) + self.rows
        return "\n".join(row.text for row in rows)

    def joined(self) -> str:
        """All text outside the status bar without spaces, for keyword cues."""
        return "".join(b.text.replace(" ", "") for b in self.boxes)


def group_rows(boxes: list[Box]) -> list[Row]:
    """Cluster boxes into text lines, top to bottom, each left to right.

    Two boxes share a line when each one's vertical centre lies inside the other: a tall logo glyph beside a
    name and its time line must not glue those two lines together.
    """
    rows: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: b.cy):
        for row in reversed(rows[-3:]):
            seed = row[0]
            if seed.y0 <= box.cy <= seed.y1 and box.y0 <= seed.cy <= box.y1:
                row.append(box)
                break
        else:
            rows.append([box])
    return [Row(sorted(r, key=lambda b: b.x0)) for r in rows]
