"""Security headers on the page and the API, one-blob SAS with minutes of life, and the upload rate limit."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta

import pytest

from tests.security.conftest import ITEM, UPLOAD, put_blob, snapshot

pytestmark = pytest.mark.azurite


def fetch(url, method="GET", body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url, data=data, method=method, headers={"content-type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def test_the_page_and_its_assets_carry_a_strict_policy(devhost_url):
    for path in ("/", "/js/app.js", "/css/app.css", "/some/client/screen"):
        status, headers, _ = fetch(devhost_url + path)
        assert status == 200, path
        policy = directives(headers["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"] and policy["form-action"] == ["'self'"]
        for name, sources in policy.items():
            assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:", "data:"} & set(sources) or (
                name == "img-src" and set(sources) & {"data:"} == {"data:"} and "*" not in sources
            ), (name, sources)
        # Only our origin and the storage account may be talked to.
        assert all(s == "'self'" or s.startswith("http://127.0.0.1:") for s in policy["connect-src"])
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "no-referrer"


def test_the_page_needs_no_inline_script_or_style(devhost_url):
    _, _, html = fetch(devhost_url + "/")
    text = html.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline <script> would be blocked by the CSP"
    assert not re.search(r"\son[a-z]+\s*=", text), "inline event handlers would be blocked by the CSP"
    assert not re.search(r"\sstyle\s*=", text), "inline style attributes would be blocked by the CSP"


def test_every_api_answer_is_never_cached(devhost_url):
    status, _, body = fetch(devhost_url + "/api/records", "POST", ITEM)
    assert status == 201
    record = json.loads(body)
    calls = [
        ("GET", "/api/records", None),
        ("GET", f"/api/records/{record['id']}", None),
        ("PATCH", f"/api/records/{record['id']}", {"memo": "x", "version": 1}),
        ("PATCH", f"/api/records/{record['id']}", {"memo": "x", "version": 1}),  # 409 with the record
        ("DELETE", f"/api/records/{record['id']}", None),
        ("POST", f"/api/records/{record['id']}/restore", None),
        ("GET", "/api/records/999999", None),
        ("POST", "/api/records", {"amount": "-1"}),
        ("POST", "/api/uploads", UPLOAD),
        ("POST", "/api/uploads", {**UPLOAD, "size": 99 << 20}),
        ("GET", "/api/drafts", None),
        ("GET", "/api/drafts/nope", None),
        ("GET", "/api/summary", None),
        ("GET", "/api/me", None),
        ("GET", "/api/categories", None),
        ("GET", "/api/health", None),
        ("GET", "/api/no-such-route", None),
    ]
    seen = set()
    for method, path, body in calls:
        status, headers, _ = fetch(devhost_url + path, method, body)
        seen.add(status)
        assert headers["Cache-Control"] == "no-store", (method, path, status)
        assert headers["X-Content-Type-Options"] == "nosniff", (method, path)
    assert {200, 201, 404, 409, 413, 422} <= seen


def sas_of(url: str) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))


def test_upload_and_image_urls_are_one_blob_minutes_long_and_least_privilege(devhost_url):
    status, _, body = fetch(devhost_url + "/api/uploads", "POST", UPLOAD)
    started = json.loads(body)
    upload = sas_of(started["upload_url"])
    now = datetime.now(UTC)
    assert upload["sr"] == "b" and set(upload["sp"]) == {"c", "w"}
    expires = datetime.fromisoformat(upload["se"].replace("Z", "+00:00"))
    assert now < expires <= now + timedelta(minutes=15)
    assert started["expires_at"].startswith(upload["se"][:16])
    assert put_blob(started, b"\x89PNG\r\n\x1a\n" + b"\0" * 92) == 201
    # The upload signature cannot delete, read or list anything.
    blob = started["upload_url"].split("?")[0]
    container = blob.rsplit("/", 2)[0]
    query = started["upload_url"].split("?", 1)[1]
    for method, url in (
        ("DELETE", started["upload_url"]),
        ("GET", started["upload_url"]),
        ("GET", f"{container}?restype=container&comp=list&{query}"),
    ):
        status, _, _ = fetch(url, method)
        assert status == 403, (method, url)
    deadline = time.monotonic() + 60
    while True:
        draft = json.loads(fetch(devhost_url + f"/api/drafts/{started['draft_id']}")[2])
        if draft["image_url"] or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert draft["image_url"], "the trigger never picked the blob up"
    read = sas_of(draft["image_url"])
    assert read["sr"] == "b" and read["sp"] == "r"
    assert datetime.fromisoformat(read["se"].replace("Z", "+00:00")) <= now + timedelta(minutes=31)
    assert fetch(draft["image_url"], "DELETE")[0] == 403
    assert fetch(draft["image_url"], "PUT", headers={"x-ms-blob-type": "BlockBlob"})[0] == 403


# ------------------------------------------------------------------ rate limit per owner


def test_uploads_default_to_thirty_a_minute(monkeypatch):
    from settings import get_settings

    monkeypatch.delenv("UPLOAD_RATE_PER_MINUTE", raising=False)
    get_settings.cache_clear()
    try:
        assert get_settings().upload_rate_per_minute == 30
    finally:
        get_settings.cache_clear()


def test_uploads_are_rate_limited_per_owner(easyauth, monkeypatch):
    from settings import get_settings

    monkeypatch.setenv("UPLOAD_RATE_PER_MINUTE", "3")
    get_settings.cache_clear()
    for _ in range(3):
        assert easyauth("create_upload", "POST", body=UPLOAD).status == 201
    before = snapshot()
    limited = easyauth("create_upload", "POST", body=UPLOAD)
    assert (limited.status, limited.code) == (429, "rate_limited")
    assert limited.body["error"]["message"] == "Too many uploads; wait a minute and try again."
    assert limited.headers["Cache-Control"] == "no-store"
    assert easyauth("create_upload", "POST", body=UPLOAD, lang="zh").body["error"]["message"].startswith("上传太频繁")
    assert snapshot() == before
    # Bob is not slowed down by Alice, and Alice can still read and confirm what she has.
    assert easyauth("create_upload", "POST", who="bob", body=UPLOAD).status == 201
    assert len(easyauth("list_drafts").body["drafts"]) == 3
    assert easyauth("create_record", "POST", body=ITEM).status == 201
