"""Uploads are bounded before a byte is read: a blob written past the SAS's promises (too large, a page or append
blob, another content type, overwritten after its check) fails its draft with a sentence, unread, on SQLite and
MariaDB with a real Azurite; the blob trigger binds a reference, so the Functions host reads nothing either.
"""

from __future__ import annotations

import io
import typing

import pytest
from azure.storage.blob import BlobClient, BlobServiceClient, ContentSettings

from tests.fakes.openai_server import model_item
from tests.security.conftest import snapshot, trigger

pytestmark = pytest.mark.azurite
MB = 1024 * 1024


@pytest.fixture
def api(easyauth, monkeypatch, fake_openai):
    """The app in easyauth mode with the model behind the fake server (which answers nothing unless told)."""
    from records.db import reset_engine
    from settings import get_settings

    monkeypatch.setenv("RECOGNIZER", "llm")
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", fake_openai.azure_endpoint)
    monkeypatch.setenv("AZURE_OPENAI_DEPLOYMENT", fake_openai.deployment)
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "test-key")
    get_settings.cache_clear()
    reset_engine()
    return easyauth


@pytest.fixture
def downloads(monkeypatch):
    """Every download the SDK is asked for during the test (blob names); the downloads still happen."""
    asked: list[str] = []
    real = BlobClient.download_blob

    def counted(self, *args, **kwargs):
        asked.append(self.blob_name)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(BlobClient, "download_blob", counted)
    return asked


def screenshot() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.effect_noise((120, 200), 40).convert("RGB").save(buffer, "PNG")
    return buffer.getvalue()


def started(api, size: int = 1000, content_type: str = "image/png", filename: str = "pay.png") -> tuple[str, str]:
    """A draft awaiting its upload: (draft id, blob name)."""
    answer = api("create_upload", "POST", body={"filename": filename, "content_type": content_type, "size": size})
    assert answer.status == 201, answer.body
    draft_id = answer.body["draft_id"]
    return draft_id, f"alice/{draft_id}.{'png' if content_type == 'image/png' else 'jpeg'}"


def blob_client(blob_name: str) -> BlobClient:
    from settings import get_settings

    return BlobServiceClient.from_connection_string(get_settings().storage_connection).get_blob_client(
        "uploads", blob_name
    )


def draft(api, draft_id: str, lang: str = "en") -> dict:
    return api("get_draft", route_params={"id": draft_id}, lang=lang).body


def test_a_block_blob_over_the_limit_is_refused_unread_and_deleted(api, app_functions, downloads):
    draft_id, blob = started(api)
    blob_client(blob).upload_blob(
        b"\x89PNG\r\n\x1a\n" + b"\0" * (10 * MB), content_settings=ContentSettings(content_type="image/png")
    )
    trigger(app_functions, blob)
    failed = draft(api, draft_id)
    assert failed["status"] == "failed" and failed["error"]["code"] == "too_large"
    assert failed["error"]["message"] == "Images must be 10 MB or smaller."
    assert draft(api, draft_id, "zh")["error"]["message"] == "图片不能超过 10 MB"
    assert downloads == []
    assert not blob_client(blob).exists()
    assert api("list_records").body["records"] == []


def test_a_sparse_page_blob_of_a_terabyte_is_refused_at_once_and_deleted(api, app_functions, downloads):
    draft_id, blob = started(api)
    blob_client(blob).create_page_blob(size=2**40, content_settings=ContentSettings(content_type="image/png"))
    trigger(app_functions, blob)
    failed = draft(api, draft_id)
    assert failed["status"] == "failed" and failed["error"]["code"] == "too_large"
    assert downloads == [] and not blob_client(blob).exists()


@pytest.mark.parametrize("kind", ["PageBlob", "AppendBlob"])
def test_a_small_page_or_append_blob_is_refused_as_not_an_image_upload(api, app_functions, downloads, kind):
    draft_id, blob = started(api)
    client = blob_client(blob)
    settings = ContentSettings(content_type="image/png")
    if kind == "PageBlob":
        client.create_page_blob(size=512, content_settings=settings)
    else:
        client.create_append_blob(content_settings=settings)
        client.append_block(screenshot())
    trigger(app_functions, blob)
    failed = draft(api, draft_id)
    assert (failed["status"], failed["error"]["code"]) == ("failed", "unsupported_type")
    assert failed["error"]["message"] == "Only PNG, JPEG, WebP or HEIC images are supported."
    assert downloads == [] and not client.exists()


@pytest.mark.parametrize(
    ("content_type", "code"),
    [
        ("image/jpeg", "type_mismatch"),
        ("text/html", "unsupported_type"),
        ("application/octet-stream", "unsupported_type"),
    ],
)
def test_a_blob_whose_content_type_is_not_the_drafts_is_refused_unread(
    api, app_functions, downloads, content_type, code
):
    draft_id, blob = started(api)
    blob_client(blob).upload_blob(screenshot(), content_settings=ContentSettings(content_type=content_type))
    trigger(app_functions, blob)
    failed = draft(api, draft_id)
    assert (failed["status"], failed["error"]["code"]) == ("failed", code)
    assert failed["error"]["message"]
    assert downloads == [] and not blob_client(blob).exists()


def test_a_blob_written_again_after_its_check_is_not_read(api, app_functions, monkeypatch, fake_openai):
    from records import storage

    draft_id, blob = started(api)
    first = screenshot()
    blob_client(blob).upload_blob(first, content_settings=ContentSettings(content_type="image/png"))
    real = storage.blob_facts

    def then_overwritten(settings, name):
        facts = real(settings, name)
        # Between the check and the read, the SAS holder writes other bytes (a GIF, say) over the checked blob.
        blob_client(name).upload_blob(b"GIF89a" + b"\0" * 64, overwrite=True)
        return facts

    monkeypatch.setattr(storage, "blob_facts", then_overwritten)
    trigger(app_functions, blob)  # the fake model answers nothing: a model call would fail the test
    failed = draft(api, draft_id)
    assert (failed["status"], failed["error"]["code"]) == ("failed", "image_changed")
    assert failed["error"]["message"] == (
        "The image was written again after it was checked, so it was not read; retry, or upload it again."
    )
    assert draft(api, draft_id, "zh")["error"]["message"].startswith("图片在检查之后又被改写了")
    assert fake_openai.requests == []
    # Once the blob holds still, a retry checks it again and reads what it checked.
    monkeypatch.setattr(storage, "blob_facts", real)
    blob_client(blob).upload_blob(first, overwrite=True, content_settings=ContentSettings(content_type="image/png"))
    fake_openai.answer({"is_payment": True, "reason": None, "items": [model_item()]})
    retried = api("retry_draft", "POST", route_params={"id": draft_id})
    assert retried.status == 200 and retried.body["status"] == "ready"
    assert len(fake_openai.requests) == 1


def test_a_retry_refuses_a_blob_replaced_by_a_huge_one(api, app_functions, fake_openai, downloads):
    fake_openai.answer({"is_payment": True, "reason": None, "items": [model_item()]})
    image = screenshot()
    draft_id, blob = started(api, size=len(image))
    blob_client(blob).upload_blob(image, content_settings=ContentSettings(content_type="image/png"))
    trigger(app_functions, blob)
    assert draft(api, draft_id)["status"] == "ready"
    blob_client(blob).delete_blob()
    blob_client(blob).create_page_blob(size=2**40, content_settings=ContentSettings(content_type="image/png"))
    downloads.clear()
    before = snapshot()["records"]
    retried = api("retry_draft", "POST", route_params={"id": draft_id})
    assert retried.status == 200 and retried.body["error"]["code"] == "too_large"
    assert downloads == [] and not blob_client(blob).exists()
    assert snapshot()["records"] == before
    assert len(fake_openai.requests) == 1


def test_a_refused_blob_changes_no_other_draft_or_record(api, app_functions):
    kept, kept_blob = started(api)
    refused, blob = started(api)
    blob_client(blob).create_page_blob(size=2**40, content_settings=ContentSettings(content_type="image/png"))
    before = [row for row in snapshot()["drafts"] if row[0] == kept]
    trigger(app_functions, blob)
    assert [row for row in snapshot()["drafts"] if row[0] == kept] == before
    assert draft(api, refused)["status"] == "failed"
    assert api("list_records").body["records"] == []


def test_the_trigger_binds_a_reference_so_the_host_sends_no_bytes(app_function_metadata):
    from azurefunctions.extensions.base import meta

    (function,) = [fn for fn in app_function_metadata if fn.get_function_name() == "on_upload"]
    trigger_binding = function.get_trigger()
    kind = typing.get_type_hints(function.get_user_function())[trigger_binding.name]
    # What the Python worker checks before it tells the host "SupportsDeferredBinding": the host then passes the
    # blob's name and container (model binding data), never its content.
    assert trigger_binding.type in meta._ConverterMeta._bindings
    assert meta._ConverterMeta.check_supported_type(kind)
    assert issubclass(kind, BlobClient)


def test_a_page_blob_written_over_a_recognized_draft_is_deleted_and_the_draft_kept(api, app_functions, fake_openai):
    fake_openai.answer({"is_payment": True, "reason": None, "items": [model_item()]})
    draft_id, blob = started(api)
    blob_client(blob).upload_blob(screenshot(), content_settings=ContentSettings(content_type="image/png"))
    trigger(app_functions, blob)
    ready = draft(api, draft_id)
    assert ready["status"] == "ready"
    # While the SAS lasts, the same URL can write a page blob, which no lifecycle rule could ever remove.
    blob_client(blob).create_page_blob(size=2**40, content_settings=ContentSettings(content_type="image/png"))
    trigger(app_functions, blob)
    assert not blob_client(blob).exists()
    after = draft(api, draft_id)
    assert (after["status"], after["items"]) == ("ready", ready["items"])
    assert len(fake_openai.requests) == 1
