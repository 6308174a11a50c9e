"""Why a field is marked: every field the page marks 请核对 carries one reason, from the engine that doubted it;
fields the page does not mark carry none; confidences are never changed by it."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from recognize import engine, llm
from recognize.errors import EngineUnavailable
from recognize.models import DOUBTFUL, FIELDS, REQUIRED, Extraction, Item, doubt, explained
from recognize.ocr import confidence as calibration
from recognize.ocr import reader
from recognize.ocr.reading import Reading, finish
from settings import get_settings

pytest_plugins = ("tests.fakes.openai_server",)  # the fake_openai fixture

SCREENS = Path(__file__).resolve().parents[1] / "fixtures" / "screens"
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def marked(item: Item) -> set[str]:
    """The fields the page marks: low confidence, and a value or required (static_site/js/fields.js)."""
    return {
        name
        for name in FIELDS
        if item.confidence.get(name, 1.0) < DOUBTFUL and (item.fields.get(name) or name in REQUIRED)
    }


def settings_for(fake=None):
    """Settings with the fake as Azure OpenAI (or no model at all)."""
    return dataclasses.replace(
        get_settings(),
        azure_openai_endpoint=fake.azure_endpoint if fake else None,
        azure_openai_deployment=fake.deployment if fake else "gpt-4o",
        azure_openai_api_key="test-key",
        openai_base_url=None,
        openai_model=None,
        recognizer="auto",
        ledger_tz="Asia/Shanghai",
    )


def model_item(**overrides) -> dict:
    """One item as the model answers it, every field filled and sure."""
    item = {
        "direction": "expense",
        "amount": "-128.50",
        "currency": "CNY",
        "occurred_at": "2026年11月3日 12:34:56",
        "merchant": "星巴克(国贸店)",
        "platform": "微信",
        "payment_method": "招商银行信用卡(6789)",
        "category": "餐饮",
        "memo": "拿铁 大杯",
        "order_no": "4200001234202611031234567890",
        "confidence": dict.fromkeys(FIELDS, 0.95),
    }
    item.update(overrides)
    return item


@pytest.fixture
def trusting(monkeypatch):
    """An empty calibration table: every source trusted, so only the rules' own certainties count."""
    monkeypatch.setattr(calibration, "caps", lambda: {})


@pytest.fixture(scope="module")
def offline():
    """Skip unless the offline engine runs here; load its model once for the module."""
    pytest.importorskip("rapidocr")
    try:
        reader.get_engine()
    except EngineUnavailable as exc:  # pragma: no cover - depends on the machine
        pytest.skip(f"offline engine unavailable: {exc}")


# -- the rule -----------------------------------------------------------------------------------------------


def test_a_marked_field_without_a_cause_is_unclear_and_an_empty_required_one_not_found():
    fields = {"amount": None, "merchant": "星巴克", "memo": None, "platform": "微信支付", "order_no": "42"}
    scores = {"amount": 0.0, "merchant": 0.4, "memo": 0.0, "platform": 0.95, "order_no": 0.2}

    reasons = explained(fields, scores, {"order_no": "guessed", "platform": "guessed", "memo": "invalid"})

    # platform is sure and memo empty and optional: the page marks neither, so neither has a reason.
    assert reasons == {"amount": "not_found", "merchant": "unclear", "order_no": "guessed"}


def test_a_more_specific_cause_wins_and_is_never_replaced_by_a_vaguer_one():
    reasons = {"category": "guessed"}

    doubt(reasons, "category", "engines_disagree")
    doubt(reasons, "category", "unclear")
    doubt(reasons, "amount", "invalid")
    doubt(reasons, "amount", "far_from_capture")

    assert reasons == {"category": "engines_disagree", "amount": "invalid"}


def test_reasons_travel_in_the_items_json_form():
    item = Item(fields={"merchant": "全家"}, confidence={"merchant": 0.3}, reasons={"merchant": "unclear"})

    data = item.to_dict()

    assert data["reasons"] == {"merchant": "unclear"}
    assert Item.from_dict(data).reasons == {"merchant": "unclear"}
    assert Item.from_dict({"fields": {}, "reasons": {"merchant": "nonsense"}}).reasons == {}


# -- the offline engine -------------------------------------------------------------------------------------


def test_offline_low_certainty_far_date_and_guessed_category_each_say_why(trusting):
    draft = Reading(kind="detail")
    draft.set("amount", "36.00", 0.98, "plain")
    draft.set("direction", "expense", 0.95, "minus")
    draft.set("merchant", "全家", 0.45, "first_name")  # weak layout evidence
    draft.set("occurred_at", "2024-01-03T12:34:56+08:00", 0.9, "label")  # nearly three years before the shot

    finish(draft, "expense", NOW)
    item = draft.item()

    assert item.confidence["occurred_at"] == 0.27 and item.confidence["merchant"] == 0.45  # unchanged by reasons
    assert item.reasons == {"merchant": "unclear", "occurred_at": "far_from_capture", "category": "guessed"}
    assert set(item.reasons) == marked(item)


def test_offline_fields_capped_by_calibration_are_marked_with_a_reason(monkeypatch):
    monkeypatch.setattr(calibration, "caps", lambda: {"merchant|list:row_name": 0.55, "platform|list:cue1": 0.55})
    draft = Reading(kind="list")
    draft.set("amount", "23.40", 0.97, "row")
    draft.set("direction", "expense", 0.9, "sign-")
    draft.set("occurred_at", "2026-11-03T12:34:56+08:00", 0.85, "below")
    draft.set("merchant", "滴滴出行", 0.9, "row_name")
    draft.set("platform", "微信支付", 0.7, "cue1")
    draft.set("category", "交通", 0.9, "printed")

    item = draft.item()

    assert item.confidence["merchant"] == 0.55
    assert item.reasons == {"merchant": "unclear", "platform": "guessed"}


def test_sure_offline_fields_have_no_reason(trusting):
    draft = Reading(kind="detail")
    draft.set("amount", "36.00", 0.98, "plain")
    draft.set("direction", "expense", 0.95, "minus")
    draft.set("occurred_at", "2026-11-03T12:34:56+08:00", 0.95, "label")
    draft.set("category", "餐饮", 0.9, "printed")

    assert draft.item().reasons == {}


def test_a_real_screen_gives_a_reason_for_exactly_the_marked_fields(offline):
    data = (SCREENS / "wechat_detail.png").read_bytes()

    result = engine.recognize(data, engine="ocr", now=NOW, settings=settings_for(None))

    for item in result.items:
        assert set(item.reasons) == marked(item)


# -- two engines ------------------------------------------------------------------------------------------


def item_of(**fields) -> Item:
    """An expense with every given field at confidence 0.9."""
    values = dict.fromkeys(FIELDS)
    values.update(direction="expense", **fields)
    return Item(fields=values, confidence={k: (0.9 if v is not None else 0.0) for k, v in values.items()})


def test_fields_the_engines_disagree_on_say_the_two_readings_differ():
    primary = Extraction(items=[item_of(amount="12.85", merchant="星巴巴", platform="微信支付")], engine="llm")
    second = Extraction(items=[item_of(amount="128.50", merchant="星巴克", platform="微信支付")], engine="ocr")

    [item] = engine.cross_check(primary, second).items

    assert item.reasons["amount"] == "engines_disagree" and item.reasons["merchant"] == "engines_disagree"
    assert "platform" not in item.reasons


def test_a_blank_filled_from_the_other_engine_keeps_its_cause():
    primary = Extraction(items=[item_of(amount="10.00", category="餐饮")], engine="llm")
    other = item_of(amount="10.00", occurred_at="2024-01-03T12:34:56+08:00", merchant="全家")
    other.reasons["occurred_at"] = "far_from_capture"

    [item] = engine.cross_check(primary, Extraction(items=[other], engine="ocr")).items

    assert item.reasons == {"occurred_at": "far_from_capture", "merchant": "unclear"}


def test_auto_marks_a_disagreement_on_a_real_screen(fake_openai, offline):
    data = (SCREENS / "wechat_detail.png").read_bytes()
    truth = json.loads((SCREENS / "wechat_detail.json").read_text(encoding="utf-8"))["items"][0]
    read = {name: truth.get(name) for name in FIELDS}
    read.update(occurred_at=truth["occurred_at"][:19].replace("T", " "), category="餐饮", memo=None)
    read.update(amount="-12.85", confidence=dict.fromkeys(FIELDS, 0.9))
    fake_openai.answer({"is_payment": True, "reason": None, "items": [read]})

    [item] = engine.recognize(data, now=NOW, settings=settings_for(fake_openai)).items

    assert item.reasons["amount"] == "engines_disagree"
    assert set(item.reasons) == marked(item)


# -- the language model -------------------------------------------------------------------------------------


def test_the_models_own_doubt_is_hard_to_read_and_its_other_causes_are_named(fake_openai):
    scores = {**dict.fromkeys(FIELDS, 0.95), "merchant": 0.3}
    fake_openai.answer(
        {
            "is_payment": True,
            "reason": None,
            "items": [model_item(amount="元", occurred_at="2016年11月3日 12:34", category="奇怪的", confidence=scores)],
        }
    )

    [item] = llm.recognize(
        (SCREENS / "wechat_detail.png").read_bytes(), now=NOW, settings=settings_for(fake_openai)
    ).items

    assert item.confidence["merchant"] == 0.3
    assert item.reasons == {
        "merchant": "unclear",
        "amount": "invalid",
        "occurred_at": "far_from_capture",
        "category": "guessed",
    }


def test_a_sure_model_reading_has_no_reasons(fake_openai):
    fake_openai.answer({"is_payment": True, "reason": None, "items": [model_item()]})

    [item] = llm.recognize(
        (SCREENS / "wechat_detail.png").read_bytes(), now=NOW, settings=settings_for(fake_openai)
    ).items

    assert item.reasons == {}
