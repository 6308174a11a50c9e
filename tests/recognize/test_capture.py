"""When the screenshot was taken, read from the file: EXIF, PNG tIME, file names; it anchors year-less dates."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from recognize.capture import captured_at

TZ = "Asia/Shanghai"
SHANGHAI = ZoneInfo(TZ)
UPLOADED = datetime(2026, 1, 5, 9, 0, tzinfo=SHANGHAI)


def jpeg_with_exif(original: str) -> bytes:
    exif = Image.Exif()
    exif[0x8769] = {0x9003: original}
    out = io.BytesIO()
    Image.new("RGB", (40, 80), "white").save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def png_with_time(when_utc: tuple[int, ...]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 80), "white").save(out, "PNG")
    data = out.getvalue()
    body = struct.pack(">HBBBBB", *when_utc)
    chunk = struct.pack(">I", 7) + b"tIME" + body + struct.pack(">I", zlib.crc32(b"tIME" + body) & 0xFFFFFFFF)
    return data[:33] + chunk + data[33:]  # after the IHDR chunk


def plain_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 80), "white").save(out, "PNG")
    return out.getvalue()


def test_exif_date_time_original_is_the_phones_wall_time():
    found = captured_at(jpeg_with_exif("2025:12:30 21:14:05"), "IMG_0001.JPG", TZ, not_after=UPLOADED)
    assert found == datetime(2025, 12, 30, 21, 14, 5, tzinfo=SHANGHAI)


def test_png_time_is_utc_and_shown_in_the_ledger_zone():
    found = captured_at(png_with_time((2025, 12, 31, 15, 30, 0)), None, TZ, not_after=UPLOADED)
    assert found == datetime(2025, 12, 31, 23, 30, 0, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Screenshot_20251231_233916.png", datetime(2025, 12, 31, 23, 39, 16)),
        ("Screenshot_2025-12-31-23-39-16-123_com.tencent.mm.jpg", datetime(2025, 12, 31, 23, 39, 16)),
        ("Screenshot 2025-09-14 at 11.30.58.png", datetime(2025, 9, 14, 11, 30, 58)),
        ("wx_camera_20251230121314.jpg", datetime(2025, 12, 30, 12, 13, 14)),
        ("mmexport1767166800000.jpg", datetime(2025, 12, 31, 15, 40)),
    ],
)
def test_a_time_in_the_file_name(name, expected):
    assert captured_at(plain_png(), name, TZ, not_after=UPLOADED) == expected.replace(tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    "name", ["IMG_0001.PNG", "receipt.png", "Screenshot_20270101_000000.png", "x_19990101_101010.png"]
)
def test_no_time_or_a_wrong_clock_is_no_capture_time(name):
    # A time after the upload or before 2000 is a wrong clock, not when the screen was taken.
    assert captured_at(plain_png(), name, TZ, not_after=UPLOADED) is None


def test_the_engine_reads_a_year_less_date_in_the_year_the_screenshot_was_taken():
    from recognize import recognize
    from tests.fixtures.render import render_png

    # A bill list screenshot taken on 2025-01-05 and sent a year later: its 1月3日 is 2025's, not 2026's.
    data = render_png(
        "wechat_bill_list",
        items=[
            {"merchant": "全家便利店", "amount": "12.00", "direction": "expense", "occurred_at": "2025-01-03 08:30"}
        ],
    )
    later = datetime(2026, 1, 10, 9, 0, tzinfo=SHANGHAI)
    read = recognize(data, engine="ocr", now=later, filename="Screenshot_20250105_120000.png")
    unanchored = recognize(data, engine="ocr", now=later, filename="IMG_0001.PNG")
    assert read.captured_at == datetime(2025, 1, 5, 12, 0, tzinfo=SHANGHAI)
    assert read.items[0].fields["occurred_at"].startswith("2025-01-03")
    assert unanchored.captured_at is None and unanchored.items[0].fields["occurred_at"].startswith("2026-01-03")
