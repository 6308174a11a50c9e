"""Upload URLs against a real Azurite: one blob, create/write only, minutes of life, CORS for the page."""

import dataclasses
import urllib.error
import urllib.request

import pytest

from records import storage
from settings import get_settings

pytestmark = pytest.mark.azurite


@pytest.fixture
def settings(azurite):
    from devhost.azurite import provision

    storage.reset_service()
    provision(azurite.connection, "uploads", ["http://localhost:7071"])
    yield dataclasses.replace(get_settings(), storage_connection=azurite.connection, uploads_container="uploads")
    storage.reset_service()


def put(url, data=b"\x89PNG\r\n\x1a\n", **headers):
    request = urllib.request.Request(
        url, data=data, method="PUT", headers={"x-ms-blob-type": "BlockBlob", "content-type": "image/png", **headers}
    )
    try:
        return urllib.request.urlopen(request).status
    except urllib.error.HTTPError as exc:
        return exc.code


def get(url):
    try:
        return urllib.request.urlopen(url).status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_the_upload_url_writes_exactly_one_blob(settings):
    url, expires = storage.upload_url(settings, "alice/11111111-1111-1111-1111-111111111111.png")
    assert put(url) == 201
    # The same signature does not open another blob, nor reading.
    other = url.replace("11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222")
    assert put(other) == 403
    assert put(url.replace("/alice/", "/bob/")) == 403
    assert get(url) == 403
    facts = storage.blob_facts(settings, "alice/11111111-1111-1111-1111-111111111111.png")
    assert storage.read_checked(settings, "alice/11111111-1111-1111-1111-111111111111.png", facts)


def test_upload_urls_expire_in_minutes(settings):
    from datetime import UTC, datetime, timedelta

    _, expires = storage.upload_url(settings, "alice/x.png")
    assert timedelta(minutes=1) < expires - datetime.now(UTC) <= timedelta(minutes=settings.sas_minutes)
    expired = dataclasses.replace(settings, sas_minutes=-5)
    url, _ = storage.upload_url(expired, "alice/33333333-3333-3333-3333-333333333333.png")
    assert put(url) == 403


def test_read_url_reads_but_cannot_write(settings):
    name = "alice/44444444-4444-4444-4444-444444444444.png"
    url, _ = storage.upload_url(settings, name)
    assert put(url, data=b"\x89PNG\r\n\x1a\nabc") == 201
    read = storage.read_url(settings, name)
    assert urllib.request.urlopen(read).read() == b"\x89PNG\r\n\x1a\nabc"
    assert put(read) == 403


def preflight(url, origin):
    request = urllib.request.Request(
        url,
        method="OPTIONS",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "content-type,x-ms-blob-type",
        },
    )
    try:
        response = urllib.request.urlopen(request)
        return response.status, response.headers.get("Access-Control-Allow-Origin")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Access-Control-Allow-Origin")


def test_cors_preflight_allows_the_page_origin_only(settings):
    url, _ = storage.upload_url(settings, "alice/55555555-5555-5555-5555-555555555555.png")
    assert preflight(url, "http://localhost:7071") == (200, "http://localhost:7071")
    status, allowed = preflight(url, "https://evil.example")
    assert status == 403 and allowed is None


def test_a_second_host_on_the_same_azurite_keeps_the_first_hosts_uploads_working(settings):
    from devhost.azurite import provision

    # `make run` on :7071 is up; a second app (a test run, `make lan`) provisions the same Azurite for its own page.
    provision(settings.storage_connection, "uploads", ["http://127.0.0.1:9999"])
    url, _ = storage.upload_url(settings, "alice/66666666-6666-6666-6666-666666666666.png")
    assert preflight(url, "http://127.0.0.1:9999") == (200, "http://127.0.0.1:9999")
    assert preflight(url, "http://localhost:7071") == (200, "http://localhost:7071")
    assert preflight(url, "https://evil.example")[0] == 403


def test_owner_names_cannot_escape_their_folder():
    assert storage.blob_name_for("alice", "d", "png") == "alice/d.png"
    for owner in ("../bob", "a/b", "..", "名字", "x" * 200):
        segment = storage.blob_name_for(owner, "d", "png").split("/")[0]
        assert segment.startswith("u-") and "/" not in segment and ".." not in segment
