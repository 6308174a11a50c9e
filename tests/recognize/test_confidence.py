"""Calibrated confidence: a source the table distrusts always shows 请核对; a trusted one keeps its certainty;
values never change; the most specific entry decides."""

from __future__ import annotations

import json

import pytest

from recognize.models import Item
from recognize.ocr import confidence


@pytest.fixture
def table(monkeypatch):
    def use(caps: dict):
        monkeypatch.setattr(confidence, "caps", lambda: caps)

    return use


def item(**evidence) -> Item:
    fields = {"merchant": "张三", "amount": "12.00", "platform": "微信支付", "direction": "expense"}
    return Item(fields=fields, confidence=dict.fromkeys(fields, 0.95), evidence=evidence)


def test_a_distrusted_source_is_capped_below_the_mark_and_its_value_is_kept(table):
    table({"merchant|list:row_name": 0.55, "amount": None})

    read = confidence.calibrated(item(merchant="list:row_name", amount="list:row"))

    assert read.confidence["merchant"] == 0.55 and read.fields["merchant"] == "张三"
    assert read.confidence["amount"] == 0.95


def test_the_most_specific_entry_decides(table):
    table({"merchant": 0.55, "merchant|detail:above": None, "merchant|detail:above|美团": 0.55})

    trusted = confidence.calibrated(item(merchant="detail:above"))
    on_meituan = item(merchant="detail:above")
    on_meituan.fields["platform"] = "美团"

    assert trusted.confidence["merchant"] == 0.95
    assert confidence.calibrated(on_meituan).confidence["merchant"] == 0.55
    assert confidence.calibrated(item(merchant="list:row_name")).confidence["merchant"] == 0.55


def test_a_cap_never_raises_a_low_certainty(table):
    table({"merchant": 0.55})
    low = item(merchant="detail:first_name")
    low.confidence["merchant"] = 0.4

    assert confidence.calibrated(low).confidence["merchant"] == 0.4


def test_the_shipped_table_marks_what_it_distrusts_below_the_pages_threshold():
    payload = json.loads(confidence.TABLE.read_text(encoding="utf-8"))
    caps = payload["caps"]
    assert payload["target"] <= 0.01 and payload["observations"] > 1000
    assert {value for value in caps.values()} <= {None, payload["cap"]}
    assert payload["cap"] < 0.6  # the page marks confidences below 0.6
    # Every engine source the offline rules name appears with a decision, field by field.
    for name in ("amount", "direction", "merchant", "occurred_at", "platform"):
        assert name in caps
