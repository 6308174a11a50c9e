"""The whole loop over real HTTP: devhost + Azurite + SQLite + the offline recognizer."""

import urllib.error
import urllib.request

import pytest

from tests.fixtures.render import render_png
from tests.http_client import api, put, settled

pytestmark = pytest.mark.azurite


def upload(base, data, filename="wechat.png", content_type="image/png"):
    status, started = api(
        base, "POST", "/api/uploads", {"filename": filename, "content_type": content_type, "size": len(data)}
    )
    assert status == 201, started
    assert put(started, data) == 201
    return started["draft_id"]


def test_wechat_screenshot_to_listed_record(devhost_url):
    image = render_png(
        "wechat_detail",
        merchant="瑞幸咖啡",
        amount="23.90",
        occurred_at="2026-11-03 08:15:42",
        payment_method="招商银行信用卡(6789)",
        order_no="4200002468202611030815420001",
    )
    draft_id = upload(devhost_url, image)
    draft = settled(devhost_url, draft_id, seconds=180)
    assert draft["status"] == "ready", draft["error"]
    fields = draft["items"][0]["fields"]
    assert fields["amount"] == "23.90"
    assert fields["direction"] == "expense"
    assert fields["occurred_at"] == "2026-11-03T08:15:42+08:00"
    assert fields["platform"] == "微信支付"
    assert draft["image_url"]
    assert urllib.request.urlopen(draft["image_url"]).read() == image

    fields["memo"] = "早上的咖啡"
    status, saved = api(devhost_url, "POST", f"/api/drafts/{draft_id}/confirm", {"items": [{"fields": fields}]})
    assert status == 201
    status, page = api(devhost_url, "GET", "/api/records?q=" + urllib.request.quote("早上的咖啡"))
    assert [r["id"] for r in page["records"]] == [saved["records"][0]["id"]]
    assert page["records"][0]["amount"] == "23.90"


def test_a_picture_without_a_payment_fails_readably_and_can_be_filled_by_hand(devhost_url):
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (360, 640), "white").save(buffer, "PNG")
    draft_id = upload(devhost_url, buffer.getvalue(), filename="blank.png")
    draft = settled(devhost_url, draft_id, seconds=180)
    assert draft["status"] == "failed"
    assert draft["error"]["code"] == "no_payment_found"
    status, english = api(devhost_url, "GET", f"/api/drafts/{draft_id}", headers={"accept-language": "en"})
    assert english["error"]["message"].startswith("No payment")
    by_hand = {"amount": "5.00", "occurred_at": "2026-11-03T09:00:00+08:00", "merchant": "早餐摊"}
    status, saved = api(devhost_url, "POST", f"/api/drafts/{draft_id}/confirm", {"items": [{"fields": by_hand}]})
    assert status == 201 and saved["records"][0]["merchant"] == "早餐摊"


def test_the_page_is_served_with_a_strict_policy(devhost_url):
    with urllib.request.urlopen(devhost_url + "/") as response:
        policy = response.headers["Content-Security-Policy"]
        assert "<html" in response.read().decode().lower()
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "object-src 'none'" in policy
    status, body = api(devhost_url, "GET", "/api/no-such-thing")
    assert status == 404 and body["error"]["code"] == "not_found"
    status, health = api(devhost_url, "GET", "/api/health")
    assert status == 200


def test_page_assets_are_compressed_and_revalidated_by_etag(devhost_url):
    request = urllib.request.Request(devhost_url + "/", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        etag = response.headers["ETag"]
        import gzip

        assert b"<html" in gzip.decompress(response.read()).lower()
    again = urllib.request.Request(devhost_url + "/", headers={"If-None-Match": etag})
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(again)
    assert caught.value.code == 304
