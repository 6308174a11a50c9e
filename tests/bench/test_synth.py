"""The independent generator: deterministic per seed, truthful labels, and two splits that do not overlap."""

from __future__ import annotations

import json
import re
from datetime import datetime
from decimal import Decimal

import pytest

from bench.synth import plan
from bench.synth.canvas import LIGHT, Canvas
from bench.synth.truth import LABEL_FIELDS, resolve, row
from bench.synth.variant import DEVICES, FONTS, SPLITS, Variant
from recognize.models import DIRECTIONS

TIME = re.compile(r"^\d{4}-\d{2}(-\d{2}( \d{2}:\d{2}(:\d{2})?)?)?$")


@pytest.fixture(scope="module")
def screens() -> dict[str, list[dict]]:
    """The first two screens of every kind in both splits (labels only)."""
    return {split: [plan.make(split, kind, n)[1] for kind in plan.kinds() for n in range(2)] for split in SPLITS}


def test_the_same_seed_draws_the_same_screen_and_truth():
    for kind in ("wechat_bill_list", "invoice", "food_order"):
        first, second = plan.make("eval", kind, 3), plan.make("eval", kind, 3)
        assert first[0] == second[0]
        assert first[1] == second[1]
    assert plan.make("eval", "wechat_detail", 0)[0] != plan.make("eval", "wechat_detail", 1)[0]


def test_every_screen_states_its_truth_in_the_corpus_label_format(screens):
    for label in screens["dev"] + screens["eval"]:
        json.dumps(label, ensure_ascii=False)
        assert label["items"], label["file"]
        captured = datetime.fromisoformat(label["captured_at"])
        for item in label["items"]:
            assert set(LABEL_FIELDS) <= set(item), label["seed"]
            assert item["direction"] in DIRECTIONS
            if item["amount"] is not None:
                assert Decimal(item["amount"]) >= 0 and re.fullmatch(r"\d+\.\d\d", item["amount"])
            if item["occurred_at"] is not None:
                assert TIME.match(item["occurred_at"]), item["occurred_at"]
                # Nothing happened after the screenshot was taken (year-less dates resolve backwards).
                assert item["occurred_at"] <= f"{captured:%Y-%m-%d %H:%M:%S}", label["seed"]
            if label["kind"] not in ("invoice", "bus_ticket"):  # a bus ticket names no app
                assert item["platform"], label["seed"]


def test_the_kinds_of_screen_the_issue_names_are_all_there(screens):
    kinds = {label["kind"] for label in screens["eval"]}
    assert {"wechat_bill_list", "alipay_bill_list", "invoice", "food_order", "shop_order", "didi_trip"} <= kinds
    assert {"wechat_transfer_in", "alipay_fund", "alipay_earnings", "unionpay_success", "bank_spend"} <= kinds
    assert {"train_ticket", "train_eticket", "bus_ticket", "ride_receipt"} <= kinds
    assert "pay_sheet" in kinds
    lists = [label for label in screens["eval"] if label["kind"].endswith("bill_list")]
    assert all(len(label["items"]) >= 4 for label in lists)


def test_dev_and_eval_use_other_seeds_devices_fonts_and_layouts(screens):
    assert SPLITS["dev"] != SPLITS["eval"]
    assert set(FONTS["dev"]).isdisjoint(FONTS["eval"])
    assert set(DEVICES["dev"]) != set(DEVICES["eval"])
    dev = {(name, value) for label in screens["dev"] for name, value in label["variant"].items()}
    held_out = {(name, value) for label in screens["eval"] for name, value in label["variant"].items()}
    assert dev and held_out and dev.isdisjoint(held_out)
    assert {label["seed"] for label in screens["dev"]}.isdisjoint(label["seed"] for label in screens["eval"])


def test_a_template_cannot_give_both_splits_the_same_layout_option():
    import random

    with pytest.raises(ValueError, match="share"):
        Variant("dev", random.Random(1)).pick("rows", dev=("col", "right"), eval=("right",))


def test_a_value_scrolled_under_the_header_or_off_the_bottom_is_not_in_the_truth():
    c = Canvas(720, 1600, 360, LIGHT, FONTS["dev"][0])
    shown, hidden_row = (
        row(amount="9.90", merchant="全家", occurred_at="2025-01-02"),
        row(needs="amount", amount="1.00"),
    )

    def header(c: Canvas) -> None:
        c.y = 100

    c.header(header, scroll=60)
    c.text(20, 130, "全家", 14, see=(shown, "merchant"))  # drawn at 130 - 60 = 70: under the header
    c.text(20, 300, "9.90", 14, see=(shown, "amount"))
    c.text(20, c.h + 200, "1.00", 14, see=(hidden_row, "amount"))  # below the screen
    c.finish()
    items = resolve([shown, hidden_row], c.visible)
    assert len(items) == 1
    assert items[0]["merchant"] is None and items[0]["amount"] == "9.90" and items[0]["occurred_at"] == "2025-01-02"


def test_generate_writes_images_and_labels_jsonl(tmp_path, monkeypatch):
    monkeypatch.setattr(plan, "plan", lambda split: [("wechat_success", 0), ("invoice", 0)])
    folder = plan.generate("dev", tmp_path)
    lines = [json.loads(line) for line in (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [line["kind"] for line in lines] == ["wechat_success", "invoice"]
    assert all((folder / line["file"]).stat().st_size > 10_000 for line in lines)


def test_invoice_truth_is_what_a_person_books():
    for n in range(6):
        label = plan.make("dev", "invoice", n)[1]
        (item,) = label["items"]
        number = item["order_no"]
        # An older invoice's 8-digit 发票号码 repeats under other 发票代码: only a 备注 订单号 is an order number.
        if label["variant"]["invoice.layout"] == "classic":
            assert number is None or len(number) == 12
        else:
            assert len(number) in (12, 20)
        assert "税务" not in item["merchant"] and "代开" not in item["merchant"]  # a 代开 invoice's seller is in 备注
