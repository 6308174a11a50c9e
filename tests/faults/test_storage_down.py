"""Blob Storage stops for real (our own Azurite process): clear 503s, nothing half-made, and recovery after restart."""

from __future__ import annotations

import pytest

from tests.conftest import Azurite
from tests.security.conftest import GIF, UPLOAD, put_blob, table_counts

pytestmark = pytest.mark.azurite


class StoppableAzurite(Azurite):
    """Azurite stopped with Ctrl+C, which it handles at once and which keeps its data (SIGTERM waits 10 s)."""

    def stop(self) -> None:
        import signal
        import subprocess

        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture(scope="module")
def own_azurite(tmp_path_factory):
    """An Azurite only this module uses, so stopping it breaks no other test."""
    server = StoppableAzurite(tmp_path_factory.mktemp("faultblob"))
    yield server
    server.stop()


@pytest.fixture
def api(own_azurite, monkeypatch, app_on):
    from devhost.azurite import provision
    from records import storage

    monkeypatch.setenv("AzureWebJobsStorage", own_azurite.connection)
    storage.reset_service()
    provision(own_azurite.connection, "uploads", ["http://localhost:7071"])
    yield app_on(None)
    storage.reset_service()


def test_storage_down_at_upload_answers_503_creates_nothing_and_works_after_restart(api, own_azurite):
    own_azurite.stop()
    try:
        answer = api("create_upload", "POST", body=UPLOAD, who=None)
        assert (answer.status, answer.code) == (503, "storage_unavailable")
        assert answer.body["error"]["message"] == "Storage is unavailable; try again shortly."
        assert table_counts().get("drafts", 0) == 0
        assert api("list_drafts", who=None).body == {"drafts": []}
        health = api("health", who=None)
        assert health.status == 503 and health.body["checks"] == {"database": "ok", "storage": "down"}
    finally:
        own_azurite.start()
    started = api("create_upload", "POST", body=UPLOAD, who=None)
    assert started.status == 201
    assert put_blob(started.body, GIF) == 201
    assert api("health", who=None).status == 200
    assert [d["id"] for d in api("list_drafts", who=None).body["drafts"]] == [started.body["draft_id"]]


def test_retry_while_storage_is_down_keeps_the_draft(api, own_azurite):
    started = api("create_upload", "POST", body=UPLOAD, who=None)
    assert put_blob(started.body, GIF) == 201
    route = {"id": started.body["draft_id"]}
    own_azurite.stop()
    try:
        answer = api("retry_draft", "POST", route_params=route, who=None)
        assert (answer.status, answer.code) == (503, "storage_unavailable")
        draft = api("get_draft", route_params=route, who=None)
        assert draft.status == 200 and draft.body["status"] == "awaiting_upload"
        assert draft.body["error"] is None
    finally:
        own_azurite.start()
    again = api("retry_draft", "POST", route_params=route, who=None)
    assert again.status == 200
    assert again.body["status"] == "failed" and again.body["error"]["code"] == "unsupported_type"
