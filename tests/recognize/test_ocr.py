"""The offline engine reads rendered WeChat Pay and Alipay screenshots into the right fields."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from recognize import ocr
from recognize.errors import CorruptImage, NoPaymentFound, UnsupportedImage
from recognize.ocr import reader
from tests.fixtures.render import KINDS, expected, render_jpeg, render_png

ROOT = Path(__file__).resolve().parents[2]
SCREENS = ROOT / "tests" / "fixtures" / "screens"
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
COMPARED = ("direction", "amount", "currency", "occurred_at", "merchant", "platform", "payment_method", "order_no")


@pytest.fixture(scope="session")
def read():
    """Recognize image bytes with the one shared OCR engine (loaded once for the session)."""
    pytest.importorskip("rapidocr")
    reader.get_engine()

    results = {}

    def run(data: bytes):
        # Renders are deterministic: a screen several tests look at is read once.
        if data not in results:
            try:
                results[data] = ocr.recognize(data, now=NOW)
            except Exception as exc:  # noqa: BLE001 - replayed to every test that reads these bytes
                results[data] = exc
        if isinstance(results[data], Exception):
            raise results[data]
        return results[data]

    return run


def fields_of(extraction) -> list[dict]:
    """The compared fields of every item."""
    return [{name: item.fields[name] for name in COMPARED} for item in extraction.items]


@pytest.mark.parametrize("name", sorted(p.stem for p in SCREENS.glob("*.png")))
def test_golden_screens(read, name):
    truth = json.loads((SCREENS / f"{name}.json").read_text(encoding="utf-8"))
    extraction = read((SCREENS / f"{name}.png").read_bytes())
    assert fields_of(extraction) == truth["items"]
    assert extraction.engine == "ocr"


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        ("wechat_detail", {}),
        ("wechat_detail", {"amount": "8.00", "payment_method": "零钱", "merchant": "全家便利店"}),
        ("wechat_detail", {"amount": "12345.60", "occurred_at": "2026-02-28 00:00:01", "merchant": "京东商城"}),
        ("alipay_detail", {}),
        ("alipay_detail", {"payment_method": "中国银行储蓄卡(1234)", "occurred_at": "2025-12-31 18:30:00"}),
        ("alipay_detail", {"direction": "refund", "amount": "99.90"}),
    ],
)
def test_rendered_detail_pages(read, kind, fields):
    assert fields_of(read(render_png(kind, **fields))) == expected(kind, **fields)


APP_SCREENS = sorted(kind for kind in KINDS if KINDS[kind][1])


@pytest.mark.parametrize("kind", APP_SCREENS)
def test_every_app_layout_is_read(read, kind):
    """WeChat (detail, success, transfer, red packet, refund, bill list), Alipay, 云闪付, 美团, 京东, 滴滴, banks."""
    assert fields_of(read(render_png(kind))) == expected(kind)


@pytest.mark.parametrize("kind", ["wechat_bill_list", "alipay_bill_list"])
def test_bill_list_gives_one_item_per_row(read, kind):
    items = read(render_png(kind)).items
    assert len(items) == len(expected(kind)) > 2
    assert [item.fields["merchant"] for item in items] == [truth["merchant"] for truth in expected(kind)]


def test_transfers_refunds_and_gifts_are_not_spending(read):
    directions = {
        kind: read(render_png(kind)).items[0].fields["direction"]
        for kind in ("wechat_transfer", "wechat_red_packet", "wechat_refund", "alipay_transfer", "icbc_transfer")
    }
    assert directions == {
        "wechat_transfer": "income",
        "wechat_red_packet": "income",
        "wechat_refund": "refund",
        "alipay_transfer": "transfer",
        "icbc_transfer": "transfer",
    }


def test_long_scrolling_bill_list_reads_every_row(read):
    names = ("美团外卖", "瑞幸咖啡", "滴滴出行", "转账-来自李四", "全家便利店", "盒马鲜生", "星巴克-退款", "喜茶")
    items = [
        {
            "merchant": name,
            "amount": f"{n * 7.31 + 3:.2f}",
            "direction": "refund" if "退款" in name else "income" if "来自" in name else "expense",
            "occurred_at": f"2026-11-{20 - n:02d} {8 + n:02d}:{n * 3:02d}",
        }
        for n, name in enumerate(names * 2)
    ]
    # 720×2640: taller than a phone screen, as a stitched long screenshot is.
    got = read(render_png("wechat_bill_list", width=720, height=2640, items=items))
    assert fields_of(got) == expected("wechat_bill_list", items=items)


def test_order_page_reads_the_paid_amount_not_the_items_or_discounts(read):
    item = read(render_png("meituan_order", amount="41.50", fee="5.00", discount="8.00")).items[0]
    assert item.fields["amount"] == "41.50"
    assert item.fields["merchant"] == "老王麻辣烫(望京店)"


def test_dark_mode_jpeg_is_read(read):
    data = render_jpeg("wechat_detail", dark=True, quality=55, amount="66.60")
    assert fields_of(read(data)) == expected("wechat_detail", amount="66.60")


def test_status_bar_clock_is_not_the_payment_time(read):
    # The clock shows 23:47 on a later day; the page itself says when the payment happened.
    fields = {"clock": "23:47", "occurred_at": "2026-11-03 08:15:00"}
    item = read(render_png("alipay_detail", **fields)).items[0]
    assert item.fields["occurred_at"] == "2026-11-03T08:15:00+08:00"


def test_discount_line_is_not_the_paid_amount(read):
    item = read(render_png("wechat_detail", amount="88.00", discount="12.00")).items[0]
    assert item.fields["amount"] == "88.00"
    assert item.fields["direction"] == "expense"


def test_item_carries_category_and_confidences(read):
    item = read(render_png("wechat_detail")).items[0]
    assert item.fields["category"] == "餐饮"
    assert item.fields["memo"]
    assert all(0 < item.confidence[name] <= 1 for name in COMPARED)


def test_screen_without_a_payment_says_so(read):
    with pytest.raises(NoPaymentFound):
        read(render_png("wechat_settings"))


@pytest.mark.parametrize(
    ("data", "error"), [(b"", UnsupportedImage), (b"GIF89a not a screenshot", UnsupportedImage)], ids=["empty", "gif"]
)
def test_bad_bytes_are_refused_before_ocr(read, data, error):
    with pytest.raises(error):
        read(data)


def test_truncated_png_is_corrupt(read):
    data = render_png("wechat_detail")
    with pytest.raises(CorruptImage):
        read(data[: len(data) // 2])


def run_cli(*args: str, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """Run `python -m recognize` from the repository root."""
    env = {"PATH": "/usr/bin:/bin", "RECOGNIZER": "ocr", "HOME": "/tmp", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [*prefix, sys.executable, "-m", "recognize", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def can_unshare_network() -> bool:
    """True when this process may create a network namespace (root, or user namespaces allowed)."""
    if not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0


def test_cli_reads_files_without_network(tmp_path):
    """The OCR path needs no network at all: models come from the wheel, nothing is downloaded."""
    if not can_unshare_network():
        pytest.skip("unshare -n is not permitted here (needs root or user namespaces)")
    bad = tmp_path / "notes.txt"
    bad.write_text("not an image")
    golden = SCREENS / "wechat_detail.png"
    result = run_cli("--engine", "ocr", str(golden), str(bad), prefix=("unshare", "-n"))
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 1, result.stderr
    assert [line["file"] for line in lines] == [str(golden), str(bad)]
    good, failed = lines
    assert good["error"] is None and good["engine"] == "ocr"
    assert good["items"][0]["amount"] == "128.50"
    assert good["items"][0]["occurred_at"] == "2026-11-03T12:34:56+08:00"
    assert set(good["confidence"][0]) >= set(COMPARED)
    assert failed["items"] == [] and failed["error"]["code"] == "unsupported_type"
