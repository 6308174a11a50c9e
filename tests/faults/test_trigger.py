"""The blob trigger fires twice, late, or for a re-uploaded blob: the draft is recognized once and never undone."""

from __future__ import annotations

import io
import threading

import pytest
import sqlalchemy as sa

from tests.fakes.openai_server import model_item
from tests.security.conftest import GIF, ITEM, UPLOAD, put_blob, trigger

pytestmark = pytest.mark.azurite


@pytest.fixture
def api(app_on, monkeypatch, fake_openai):
    monkeypatch.setenv("RECOGNIZER", "llm")
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", fake_openai.azure_endpoint)
    monkeypatch.setenv("AZURE_OPENAI_DEPLOYMENT", fake_openai.deployment)
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "test-key")
    return app_on(None)


def screenshot() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.effect_noise((120, 200), 40).convert("RGB").save(buffer, "PNG")
    return buffer.getvalue()


def uploaded(api, data):
    started = api("create_upload", "POST", body={**UPLOAD, "size": len(data)}, who=None).body
    assert put_blob(started, data) == 201
    return started["draft_id"], f"local/{started['draft_id']}.png"


def attempts(draft_id):
    from records.db import get_engine
    from records.schema import drafts

    with get_engine().connect() as conn:
        return conn.execute(sa.select(drafts.c.attempts).where(drafts.c.id == draft_id)).scalar()


def test_the_trigger_firing_twice_at_once_asks_the_model_once(api, app_functions, fake_openai):
    fake_openai.answer({"is_payment": True, "reason": None, "items": [model_item()]})
    image = screenshot()
    draft_id, blob = uploaded(api, image)
    threads = [threading.Thread(target=trigger, args=(app_functions, blob)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    draft = api("get_draft", route_params={"id": draft_id}, who=None).body
    assert draft["status"] == "ready" and draft["items"][0]["fields"]["amount"] == "23.90"
    assert attempts(draft_id) == 1
    assert len(fake_openai.requests) == 1
    # Much later, the host delivers the same event again (at-least-once): still nothing changes.
    trigger(app_functions, blob)
    again = api("get_draft", route_params={"id": draft_id}, who=None).body
    # The picture's read URL is signed afresh on every answer (its start and expiry move with the clock).
    assert {**again, "image_url": None} == {**draft, "image_url": None}
    assert again["image_url"].split("?")[0] == draft["image_url"].split("?")[0]


def test_a_late_trigger_after_a_manual_confirm_changes_nothing(api, app_functions):
    image = screenshot()
    draft_id, blob = uploaded(api, image)
    saved = api("confirm_draft", "POST", route_params={"id": draft_id}, body={"items": [{"fields": ITEM}]}, who=None)
    assert saved.status == 201
    trigger(app_functions, blob)  # the fake answers nothing: a model call would fail the test
    draft = api("get_draft", route_params={"id": draft_id}, who=None).body
    assert draft["status"] == "confirmed" and draft["items"] == []
    assert api("list_records", who=None).body["records"] == saved.body["records"]


def test_a_late_trigger_after_discard_changes_nothing(api, app_functions):
    image = screenshot()
    draft_id, blob = uploaded(api, image)
    assert api("discard_draft", "DELETE", route_params={"id": draft_id}, who=None).status == 204
    trigger(app_functions, blob)
    assert api("get_draft", route_params={"id": draft_id}, who=None).body["status"] == "discarded"
    assert api("list_drafts", who=None).body == {"drafts": []}


def test_a_re_uploaded_blob_does_not_overwrite_what_was_recognized(api, app_functions, fake_openai):
    fake_openai.answer({"is_payment": True, "reason": None, "items": [model_item()]})
    first = screenshot()
    draft_id, blob = uploaded(api, first)
    trigger(app_functions, blob)
    before = api("get_draft", route_params={"id": draft_id}, who=None).body
    assert before["status"] == "ready"
    trigger(app_functions, blob, GIF)
    after = api("get_draft", route_params={"id": draft_id}, who=None).body
    assert after["status"] == "ready" and after["items"] == before["items"] and after["error"] is None
    assert attempts(draft_id) == 1


def test_a_blob_in_another_owners_folder_does_not_touch_the_draft(api, app_functions):
    image = screenshot()
    draft_id, _ = uploaded(api, image)
    trigger(app_functions, f"bob/{draft_id}.png", GIF)
    trigger(app_functions, "local/not-a-draft.png", GIF)
    trigger(app_functions, f"local/{draft_id}.jpeg", GIF)
    draft = api("get_draft", route_params={"id": draft_id}, who=None).body
    assert draft["status"] == "awaiting_upload" and attempts(draft_id) == 0
