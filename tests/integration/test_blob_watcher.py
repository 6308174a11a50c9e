"""The devhost's stand-in for Event Grid: each blob fires once, without listing the container every moment."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
import uuid
from datetime import UTC, datetime, timedelta

import azure.functions as func
import pytest

from devhost.blobs import BlobWatcher

pytestmark = pytest.mark.azurite


class Recorder:
    """A tiny app with one blob-triggered function that records what fired."""

    def __init__(self, container: str):
        self.fired: list[str] = []
        self.lock = threading.Lock()
        app = func.FunctionApp()

        @app.blob_trigger(arg_name="blob", path=f"{container}/{{name}}", connection="AzureWebJobsStorage")
        def on_blob(blob: func.InputStream) -> None:
            with self.lock:
                self.fired.append(blob.name)

        self.functions = app.get_functions()

    def wait_for(self, count: int, seconds: float = 10) -> list[str]:
        deadline = time.monotonic() + seconds
        while len(self.fired) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return sorted(self.fired)


@pytest.fixture
def container(azurite):
    from azure.storage.blob import BlobServiceClient

    name = f"watched-{uuid.uuid4().hex[:8]}"
    client = BlobServiceClient.from_connection_string(azurite.connection).get_container_client(name)
    client.create_container()
    yield client
    client.delete_container()


def sas_answer(container, name: str, permission: str) -> bytes:
    """An HTTP answer body handing out a SAS URL for one blob, as POST /api/uploads does."""
    from azure.storage.blob import generate_blob_sas

    sas = generate_blob_sas(
        account_name=container.account_name,
        container_name=container.container_name,
        blob_name=name,
        account_key=container.credential.account_key,
        permission=permission,
        expiry=datetime.now(UTC) + timedelta(minutes=10),
    )
    url = f"{container.url}/{urllib.parse.quote(name)}?{sas}"  # as the SDK builds blob URLs
    return json.dumps({"draft_id": "x", "upload_url": url}).encode()


def watch(recorder, azurite, tmp_path, **options) -> BlobWatcher:
    watcher = BlobWatcher(recorder.functions, azurite.connection, receipts=tmp_path / "receipts.txt", **options)
    watcher.start()
    return watcher


def test_blobs_there_at_start_fire_once_and_not_again_after_a_restart(azurite, container, tmp_path):
    container.upload_blob("me/old-1.png", b"1")
    container.upload_blob("me/old-2.png", b"2")
    first = Recorder(container.container_name)
    watcher = watch(first, azurite, tmp_path)
    try:
        assert first.wait_for(2) == [f"{container.container_name}/me/old-{i}.png" for i in (1, 2)]
    finally:
        watcher.close()
    container.upload_blob("me/while-down.png", b"3")
    again = Recorder(container.container_name)
    watcher = watch(again, azurite, tmp_path)
    try:
        assert again.wait_for(1) == [f"{container.container_name}/me/while-down.png"]
        time.sleep(1)
        assert len(again.fired) == 1  # the two old screenshots were not fired again
    finally:
        watcher.close()


def test_an_upload_handed_out_by_an_answer_fires_without_listing_the_container(azurite, container, tmp_path):
    recorder = Recorder(container.container_name)
    watcher = watch(recorder, azurite, tmp_path, scan_every=3600)
    try:
        deadline = time.monotonic() + 10
        while watcher.scans < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        watcher.hints.note(sas_answer(container, "me/new shot.png", "cw"))
        time.sleep(0.5)  # the watcher now awaits that blob; nothing is there yet
        assert recorder.fired == []
        container.upload_blob("me/new shot.png", b"png")
        assert recorder.wait_for(1) == [f"{container.container_name}/me/new shot.png"]
        assert watcher.scans == 1  # found by asking for that one blob, not by listing them all
    finally:
        watcher.close()


def test_read_urls_and_blobs_nobody_announced_wait_for_the_next_listing(azurite, container, tmp_path):
    recorder = Recorder(container.container_name)
    watcher = watch(recorder, azurite, tmp_path, scan_every=2)
    try:
        time.sleep(0.5)
        watcher.hints.note(sas_answer(container, "me/viewed.png", "r"))  # an image URL in a draft: not an upload
        watcher.hints.note(sas_answer(container, "me/coming.png", "cw"))
        deadline = time.monotonic() + 5
        while not watcher.expected and time.monotonic() < deadline:
            time.sleep(0.05)
        assert set(watcher.expected) == {(container.container_name, "me/coming.png")}
        container.upload_blob("me/quiet.png", b"png")
        assert recorder.wait_for(1, seconds=10) == [f"{container.container_name}/me/quiet.png"]
        assert watcher.scans >= 2
    finally:
        watcher.close()


def test_many_uploads_at_once_are_found_by_one_listing_each_round(azurite, container, tmp_path):
    recorder = Recorder(container.container_name)
    watcher = watch(recorder, azurite, tmp_path, scan_every=3600)
    names = [f"me/burst-{index}.png" for index in range(12)]
    try:
        time.sleep(0.5)
        for name in names:
            watcher.hints.note(sas_answer(container, name, "cw"))
        for name in names:
            container.upload_blob(name, b"png")
        assert recorder.wait_for(len(names)) == sorted(f"{container.container_name}/{name}" for name in names)
        time.sleep(1)
        assert len(recorder.fired) == len(names)  # each once
    finally:
        watcher.close()
