"""Engine choice: `auto` reads with the LLM when configured, else offline, and cross-checks when both run."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from recognize import engine
from recognize.errors import EngineUnavailable, NoPaymentFound
from recognize.models import FIELDS, Extraction, Item
from recognize.ocr import reader
from settings import get_settings

pytest_plugins = ("tests.fakes.openai_server",)  # the fake_openai fixture

SCREENS = Path(__file__).resolve().parents[1] / "fixtures" / "screens"
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def golden(name: str) -> tuple[bytes, dict]:
    """A rendered screenshot and the fields a perfect reader gets from it."""
    truth = json.loads((SCREENS / f"{name}.json").read_text(encoding="utf-8"))
    return (SCREENS / f"{name}.png").read_bytes(), truth["items"][0]


def model_answer(truth: dict, **overrides) -> dict:
    """What the model answers for a screen whose true fields are `truth`, with `overrides` misread."""
    item = {name: truth.get(name) for name in FIELDS if name != "confidence"}
    item.update(category="餐饮", memo=None, confidence=dict.fromkeys(FIELDS, 0.9))
    item["occurred_at"] = truth["occurred_at"][:19].replace("T", " ")
    item.update(overrides)
    return {"is_payment": True, "reason": None, "items": [item]}


def settings_for(fake=None, **overrides):
    """Settings with the fake as Azure OpenAI (or no LLM at all when `fake` is None)."""
    values = {
        "azure_openai_endpoint": fake.azure_endpoint if fake else None,
        "azure_openai_deployment": fake.deployment if fake else "gpt-4o",
        "azure_openai_api_key": "test-key",
        "openai_base_url": None,
        "openai_model": None,
        "recognizer": "auto",
        "ledger_tz": "Asia/Shanghai",
    }
    values.update(overrides)
    return dataclasses.replace(get_settings(), **values)


@pytest.fixture(scope="module")
def offline():
    """Skip unless the offline engine runs here; load its model once for the module."""
    pytest.importorskip("rapidocr")
    try:
        reader.get_engine()
    except EngineUnavailable as exc:  # pragma: no cover - depends on the machine
        pytest.skip(f"offline engine unavailable: {exc}")


def test_auto_without_a_model_reads_offline_and_never_calls_out(fake_openai, offline):
    data, truth = golden("wechat_detail")

    result = engine.recognize(data, now=NOW, settings=settings_for(None))

    assert result.engine == "ocr"
    assert result.items[0].fields["amount"] == truth["amount"]
    assert fake_openai.requests == []


def test_auto_with_a_model_uses_it_and_agreeing_fields_keep_their_confidence(fake_openai, offline):
    data, truth = golden("wechat_detail")
    fake_openai.answer(model_answer(truth))

    result = engine.recognize(data, now=NOW, settings=settings_for(fake_openai))

    assert result.engine == "llm+ocr"
    assert len(fake_openai.requests) == 1
    [item] = result.items
    assert item.fields["amount"] == truth["amount"]
    assert item.confidence["amount"] == 0.9
    assert item.confidence["occurred_at"] == 0.9
    assert not any("disagree" in w for w in result.warnings)


def test_fields_the_engines_disagree_on_get_low_confidence(fake_openai, offline):
    data, truth = golden("wechat_detail")
    fake_openai.answer(model_answer(truth, amount="-12.85", merchant="星巴巴"))

    result = engine.recognize(data, now=NOW, settings=settings_for(fake_openai))

    [item] = result.items
    assert item.fields["amount"] == "12.85"  # the model's reading stays, flagged for the person
    assert item.confidence["amount"] <= engine.DISAGREE_CONFIDENCE
    assert item.confidence["merchant"] <= engine.DISAGREE_CONFIDENCE
    assert item.confidence["payment_method"] == 0.9
    assert "engines disagree on amount, merchant" in result.warnings


def test_auto_falls_back_to_the_offline_reading_when_the_model_refuses(fake_openai, offline):
    data, truth = golden("wechat_detail")
    fake_openai.content_filtered()

    result = engine.recognize(data, now=NOW, settings=settings_for(fake_openai))

    assert result.engine == "ocr"
    assert result.items[0].fields["amount"] == truth["amount"]
    assert any("model_refused" in w for w in result.warnings)


def test_auto_reports_no_payment_when_the_model_finds_none(fake_openai, offline):
    data, _ = golden("wechat_detail")
    fake_openai.answer({"is_payment": False, "reason": "a settings page", "items": []})

    with pytest.raises(NoPaymentFound):
        engine.recognize(data, now=NOW, settings=settings_for(fake_openai))


def test_explicit_llm_engine_reads_with_the_model_only(fake_openai):
    data, truth = golden("wechat_detail")
    fake_openai.answer(model_answer(truth))

    result = engine.recognize(data, engine="llm", now=NOW, settings=settings_for(fake_openai))

    assert result.engine == "llm"
    assert len(fake_openai.requests) == 1


def test_auto_with_a_model_and_no_offline_engine_uses_the_model(fake_openai, monkeypatch):
    data, truth = golden("wechat_detail")
    fake_openai.answer(model_answer(truth))
    monkeypatch.setattr(engine, "ocr_installed", lambda: False)  # as on Azure, where rapidocr is not deployed

    result = engine.recognize(data, now=NOW, settings=settings_for(fake_openai))

    assert result.engine == "llm"


def test_unknown_engine_is_unavailable():
    with pytest.raises(EngineUnavailable):
        engine.recognize(b"", engine="tesseract", settings=settings_for(None))


# -- cross_check on its own ------------------------------------------------------------------------------


def item(**fields) -> Item:
    """An item with every given field at confidence 0.9."""
    values = dict.fromkeys(FIELDS)
    values.update(fields)
    return Item(fields=values, confidence={k: (0.9 if v is not None else 0.0) for k, v in values.items()})


def test_cross_check_fills_blanks_from_the_other_engine_with_modest_confidence():
    primary = Extraction(items=[item(amount="10.00", order_no=None)], engine="llm")
    second = Extraction(items=[item(amount="10.00", order_no="4200 0012 34")], engine="ocr")

    checked = engine.cross_check(primary, second)

    assert checked.items[0].fields["order_no"] == "4200 0012 34"
    assert checked.items[0].confidence["order_no"] == engine.FILLED_CONFIDENCE


def test_cross_check_pairs_bill_list_rows_by_amount():
    primary = Extraction(
        items=[item(amount="35.00", merchant="美团外卖"), item(amount="23.40", merchant="滴滴出行")], engine="llm"
    )
    second = Extraction(items=[item(amount="23.40", merchant="滴滴快车")], engine="ocr")

    checked = engine.cross_check(primary, second)

    assert checked.items[0].confidence["merchant"] == 0.9
    assert checked.items[1].confidence["merchant"] <= engine.DISAGREE_CONFIDENCE


@pytest.mark.parametrize(
    ("name", "a", "b", "agree"),
    [
        ("amount", "128.50", "128.5", True),
        ("amount", "128.50", "12.85", False),
        ("payment_method", "招商银行信用卡(6789)", "招商银行信用卡", True),
        ("payment_method", "零钱", "花呗", False),
        ("occurred_at", "2026-11-03T12:34:56+08:00", "2026-11-03T12:34:00+08:00", True),
        ("occurred_at", "2026-11-03T12:34:56+08:00", "2026-11-03T00:00:00+08:00", True),
        ("occurred_at", "2026-11-03T12:34:56+08:00", "2026-11-08T12:34:56+08:00", False),
        ("order_no", "4200 0012 34", "4200001234", True),
        ("direction", "expense", "refund", False),
    ],
)
def test_same_reading(name, a, b, agree):
    assert engine.same(name, a, b) is agree
