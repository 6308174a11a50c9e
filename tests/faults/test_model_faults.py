"""The model times out or answers 429 (a fake Azure OpenAI behind the real SDK), end to end over the devhost."""

from __future__ import annotations

import pytest

from tests.conftest import Devhost
from tests.fakes.openai_server import FakeOpenAI, model_item
from tests.security.test_bad_images import api, upload

pytestmark = pytest.mark.azurite
ANSWER = {"is_payment": True, "reason": None, "items": [model_item()]}


@pytest.fixture(scope="module")
def fake():
    with FakeOpenAI() as server:
        yield server


@pytest.fixture(scope="module")
def host(tmp_path_factory, azurite, fake):
    server = Devhost(
        tmp_path_factory.mktemp("modelfaults"),
        azurite,
        RECOGNIZER="llm",
        AZURE_OPENAI_ENDPOINT=fake.azure_endpoint,
        AZURE_OPENAI_DEPLOYMENT=fake.deployment,
        AZURE_OPENAI_API_KEY="test-key",
        UPLOAD_RATE_PER_MINUTE="1000",
    )
    yield server.url
    server.stop()


@pytest.fixture
def model(fake):
    """The fake, checked after each test: every scripted answer used, nothing unexpected asked."""
    fake.requests.clear()
    yield fake
    fake.assert_clean()


def screenshot() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.effect_noise((120, 200), 40).convert("RGB").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_model_that_asks_to_wait_past_the_deadline_fails_as_a_timeout_and_retry_works(host, model):
    model.rate_limited(retry_after="3600")
    draft = upload(host, screenshot())
    assert draft["status"] == "failed" and draft["error"]["code"] == "model_timeout"
    assert draft["error"]["message"] == "Recognition timed out; retry or fill it in."
    model.answer(ANSWER)
    status, retried = api(host, "POST", f"/api/drafts/{draft['id']}/retry")
    assert status == 200 and retried["status"] == "ready", retried
    assert retried["items"][0]["fields"]["amount"] == "23.90" and retried["error"] is None


def test_short_429s_are_waited_out_without_the_person_noticing(host, model):
    model.rate_limited(retry_after_ms="30")
    model.rate_limited(retry_after=None, retry_after_ms="60")
    model.answer(ANSWER)
    draft = upload(host, screenshot())
    assert draft["status"] == "ready", draft["error"]
    assert len(model.requests) == 3


def test_a_model_that_keeps_answering_429_leaves_a_draft_to_fill_in_or_retry(host, model):
    for _ in range(5):
        model.rate_limited(retry_after_ms="10")
    draft = upload(host, screenshot())
    assert draft["status"] == "failed" and draft["error"]["code"] == "engine_unavailable"
    assert draft["items"] == []
    model.answer(ANSWER)
    status, retried = api(host, "POST", f"/api/drafts/{draft['id']}/retry")
    assert status == 200 and retried["status"] == "ready"
    fields = retried["items"][0]["fields"]
    status, saved = api(host, "POST", f"/api/drafts/{draft['id']}/confirm", {"items": [{"fields": fields}]})
    assert status == 201 and saved["records"][0]["merchant"] == "瑞幸咖啡"
