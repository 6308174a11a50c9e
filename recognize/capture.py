"""When a screenshot was taken, from the file itself: EXIF DateTimeOriginal, a PNG tIME or text chunk, or a
file name such as Screenshot_20250731_133916.png, IMG_20250731_133916.jpg, 'Screenshot 2025-09-14 at 11.30.58'
or mmexport1690000000000.jpg (milliseconds since 1970).

That moment, not the upload, anchors the year of dates printed without one and the meaning of 今天 / 昨天 / 本月:
a screenshot of last December's bill list sent in January is about last December.
"""

from __future__ import annotations

import io
import re
import struct
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from recognize.models import EARLIEST

EXIF_IFD, DATE_TIME_ORIGINAL, DATE_TIME = 0x8769, 0x9003, 0x0132

NAMED = (
    # Screenshot_20250731_133916, IMG_20250731_133916, Screenshot_2025-07-31-13-39-16, wx_camera_20250731133916
    re.compile(
        r"(?P<y>20\d\d)[-_]?(?P<m>[01]\d)[-_]?(?P<d>[0-3]\d)[-_ ]?"
        r"(?P<H>[0-2]\d)[-_.:]?(?P<M>[0-5]\d)[-_.:]?(?P<S>[0-5]\d)"
    ),
    # macOS: 'Screenshot 2025-09-14 at 11.30.58'
    re.compile(r"(?P<y>20\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d) at (?P<H>[0-2]?\d)\.(?P<M>[0-5]\d)\.(?P<S>[0-5]\d)"),
)
EPOCH_MS = re.compile(r"(?:mmexport|wx_camera_|IMG_|Screenshot_)?(?P<ms>1[5-9]\d{11})(?!\d)")


def captured_at(data: bytes, filename: str | None, tz: str, *, not_after: datetime | None = None) -> datetime | None:
    """The capture time in the ledger's zone `tz`, or None when the file does not say.

    A time after `not_after` (the upload) or before EARLIEST is a wrong clock, not a capture time, and is ignored.
    """
    zone = ZoneInfo(tz)
    for found in (_from_image(data, zone), _from_name(filename or "", zone)):
        if found is None:
            continue
        if found.replace(tzinfo=None) < EARLIEST:
            continue
        if not_after is not None and found > not_after + timedelta(minutes=5):
            continue
        return found
    return None


def _from_image(data: bytes, zone: ZoneInfo) -> datetime | None:
    """EXIF DateTimeOriginal (wall time on the phone) or a PNG tIME chunk (UTC)."""
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return _png_time(data, zone)
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            exif = image.getexif()
            value = exif.get_ifd(EXIF_IFD).get(DATE_TIME_ORIGINAL) or exif.get(DATE_TIME)
    except Exception:  # noqa: BLE001 - a file whose metadata cannot be read simply has no capture time
        return None
    return _exif_time(value, zone)


def _exif_time(value, zone: ZoneInfo) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.strptime(value.strip()[:19], "%Y:%m:%d %H:%M:%S").replace(tzinfo=zone)
    except ValueError:
        return None


def _png_time(data: bytes, zone: ZoneInfo) -> datetime | None:
    """The tIME chunk (last modification, UTC) among the chunks before the image data."""
    position = 8
    while position + 8 <= len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"tIME" and length == 7:
            year, month, day, hour, minute, second = struct.unpack(">HBBBBB", body)
            try:
                return datetime(year, month, day, hour, minute, second, tzinfo=UTC).astimezone(zone)
            except ValueError:
                return None
        if kind in (b"IDAT", b"IEND"):
            return None
        position += 12 + length
    return None


def _from_name(name: str, zone: ZoneInfo) -> datetime | None:
    """A time written into the file name: the phone's wall time, or milliseconds since 1970."""
    base = name.rsplit("/", 1)[-1]
    for pattern in NAMED:
        match = pattern.search(base)
        if match:
            try:
                parts = {k: int(v) for k, v in match.groupdict().items()}
                return datetime(parts["y"], parts["m"], parts["d"], parts["H"], parts["M"], parts["S"], tzinfo=zone)
            except ValueError:
                continue
    match = EPOCH_MS.search(base)
    if match:
        return datetime.fromtimestamp(int(match["ms"]) / 1000, tz=UTC).astimezone(zone)
    return None
