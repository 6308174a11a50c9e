"""Talking to a running devhost over real HTTP, as a phone would: JSON calls, the blob PUT, waiting for a draft."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request


def api(base, method, path, body=None, *, lang=None, headers=None):
    """(status, parsed JSON answer or None) of one call to the app."""
    data = json.dumps(body).encode() if body is not None else None
    sent = {"content-type": "application/json", **({"accept-language": lang} if lang else {}), **(headers or {})}
    request = urllib.request.Request(base + path, data=data, method=method, headers=sent)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")


def put(upload, data):
    """PUT the bytes to the upload URL an upload answer handed out; the storage's status."""
    request = urllib.request.Request(upload["upload_url"], data=data, method="PUT", headers=upload["headers"])
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status


def settled(base, draft_id, seconds=120, *, lang=None):
    """The draft once it is read (ready or failed); fails the test if it is still waiting after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, draft = api(base, "GET", f"/api/drafts/{draft_id}", lang=lang)
        assert status == 200
        if draft["status"] in ("ready", "failed"):
            return draft
        time.sleep(0.3)
    raise AssertionError(f"draft {draft_id} is still {draft['status']}")
