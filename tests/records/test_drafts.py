"""Drafts from upload to records, on SQLite and MariaDB, with a real Azurite behind the SAS URLs."""

import dataclasses
import json
import threading
import urllib.request

import pytest

from recognize import Extraction, Item
from recognize.errors import NoPaymentFound
from records import drafts, ledger, storage
from records.errors import BadRequest, Invalid, NotFound, TooLarge, Unsupported, WrongState

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
ITEM = {
    "direction": "expense",
    "amount": "128.50",
    "currency": "CNY",
    "occurred_at": "2026-11-03T12:34:56+08:00",
    "merchant": "星巴克",
    "platform": "微信支付",
    "payment_method": "招商银行信用卡(6789)",
    "category": "餐饮",
    "memo": None,
    "order_no": "4200001234202611031234",
}


@pytest.fixture
def settings(db_settings, azurite):
    storage.reset_service()
    from devhost.azurite import provision

    provision(azurite.connection, "uploads", ["http://localhost:7071"])
    yield dataclasses.replace(db_settings, storage_connection=azurite.connection, uploads_container="uploads")
    storage.reset_service()


def reads(*items, engine_name="ocr"):
    def recognize_fn(data, *, now, settings, **_):
        return Extraction(items=[Item(fields=dict(i), confidence={"amount": 0.99}) for i in items], engine=engine_name)

    return recognize_fn


def fails(exc):
    def recognize_fn(data, *, now, settings, **_):
        raise exc

    return recognize_fn


def upload(engine, settings, owner="alice", data=PNG, **body):
    body = {"filename": "shot.png", "content_type": "image/png", "size": len(data), **body}
    started = drafts.start_upload(engine, settings, owner, body)
    request = urllib.request.Request(started["upload_url"], data=data, method="PUT", headers=started["headers"])
    with urllib.request.urlopen(request) as response:
        assert response.status == 201
    return started


def blob_of(engine, settings, owner, draft_id):
    return drafts.get(engine, settings, owner, draft_id)["image_url"]


def test_upload_creates_a_draft_and_a_one_blob_url(engine, settings):
    started = upload(engine, settings)
    assert f"/uploads/alice/{started['draft_id']}.png?" in started["upload_url"]
    assert "sp=cw" in started["upload_url"]
    draft = drafts.get(engine, settings, "alice", started["draft_id"])
    assert draft["status"] == "awaiting_upload"
    assert draft["items"] == []


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({"content_type": "image/gif", "filename": "a.gif"}, Unsupported),
        ({"content_type": "application/zip", "filename": "a.zip"}, Unsupported),
        ({"content_type": "application/pdf", "filename": "a.ofd"}, Unsupported),
        ({"content_type": "image/png", "filename": "a.exe"}, Unsupported),
        ({"size": 10 * 1024 * 1024 + 1}, TooLarge),
        ({"size": 0}, BadRequest),
        ({"size": "12"}, Invalid),
        ({"filename": ""}, Invalid),
    ],
)
def test_bad_upload_requests_create_nothing(engine, settings, body, error):
    request = {"filename": "a.png", "content_type": "image/png", "size": 100, **body}
    with pytest.raises(error):
        drafts.start_upload(engine, settings, "alice", request)
    assert drafts.list_open(engine, settings, "alice") == []


def test_blob_becomes_a_ready_draft_once(engine, settings):
    started = upload(engine, settings)
    name = f"alice/{started['draft_id']}.png"
    assert drafts.on_blob(engine, settings, name, recognize_fn=reads(ITEM)).startswith("ready")
    # The trigger firing again (or late) changes nothing.
    assert drafts.on_blob(engine, settings, name, recognize_fn=fails(AssertionError("ran twice"))).startswith("ignored")
    draft = drafts.get(engine, settings, "alice", started["draft_id"])
    assert draft["status"] == "ready"
    assert draft["items"][0]["fields"]["amount"] == "128.50"
    assert draft["items"][0]["fields"]["payment_method"] == "招商银行信用卡(6789)"
    assert draft["image_url"].startswith("http://127.0.0.1:")


def test_unknown_blobs_are_ignored(engine, settings):
    assert drafts.on_blob(engine, settings, "alice/not-a-draft.png").startswith("ignored")
    assert drafts.on_blob(engine, settings, "alice/00000000-0000-0000-0000-000000000000.png").startswith("ignored")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty_file"),
        (b"GIF89a" + b"\0" * 20, "unsupported_type"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 20, "type_mismatch"),
    ],
)
def test_bad_bytes_fail_with_a_reason(engine, settings, data, code):
    started = upload(engine, settings, data=data, size=len(data) or 100)
    drafts.on_blob(engine, settings, f"alice/{started['draft_id']}.png", recognize_fn=reads(ITEM))
    draft = drafts.get(engine, settings, "alice", started["draft_id"], lang="en")
    assert draft["status"] == "failed"
    assert draft["error"]["code"] == code
    assert draft["error"]["message"]


def test_failed_recognition_keeps_a_draft_to_fill_by_hand(engine, settings):
    started = upload(engine, settings)
    drafts.on_blob(engine, settings, f"alice/{started['draft_id']}.png", recognize_fn=fails(NoPaymentFound()))
    draft = drafts.get(engine, settings, "alice", started["draft_id"])
    assert draft["status"] == "failed"
    assert draft["error"]["code"] == "no_payment_found"
    assert "手动" in draft["error"]["message"]
    saved, created = drafts.confirm(engine, settings, "alice", started["draft_id"], {"items": [{"fields": ITEM}]})
    assert created and saved[0]["amount"] == "128.50"


def test_recognized_values_are_validated_like_user_input(engine, settings):
    started = upload(engine, settings)
    bad = {**ITEM, "amount": "-0", "occurred_at": "2026-13-45", "merchant": "x" * 500}
    drafts.on_blob(engine, settings, f"alice/{started['draft_id']}.png", recognize_fn=reads(bad))
    item = drafts.get(engine, settings, "alice", started["draft_id"])["items"][0]
    assert item["fields"]["amount"] is None
    assert item["fields"]["occurred_at"] is None
    assert item["fields"]["merchant"] is None
    assert item["confidence"]["amount"] == 0.0
    assert item["fields"]["payment_method"] == ITEM["payment_method"]


def test_a_date_far_from_the_upload_is_flagged(engine, settings):
    started = upload(engine, settings)
    old = {**ITEM, "occurred_at": "2025-01-03T12:34:56+08:00"}
    drafts.on_blob(engine, settings, f"alice/{started['draft_id']}.png", recognize_fn=reads(old))
    item = drafts.get(engine, settings, "alice", started["draft_id"])["items"][0]
    assert "date_far_from_upload" in item["warnings"]


def test_each_marked_field_of_a_draft_says_why(engine, settings):
    started = upload(engine, settings)
    read = {**ITEM, "amount": "-0", "occurred_at": "2025-01-03T12:34:56+08:00", "platform": "微信支付"}

    def recognize_fn(data, *, now, settings, **_):
        scores = {"amount": 0.99, "occurred_at": 0.9, "merchant": 0.4, "platform": 0.5, "category": 0.95}
        item = Item(fields=read, confidence=scores, reasons={"platform": "guessed"})
        return Extraction(items=[item], engine="ocr")

    drafts.on_blob(engine, settings, f"alice/{started['draft_id']}.png", recognize_fn=recognize_fn)
    item = drafts.get(engine, settings, "alice", started["draft_id"])["items"][0]

    assert item["reasons"] == {
        "amount": "invalid",
        "occurred_at": "far_from_capture",
        "merchant": "unclear",
        "platform": "guessed",
    }
    assert item["confidence"]["merchant"] == 0.4 and item["confidence"]["category"] == 0.95
    assert item["confidence"]["occurred_at"] <= 0.3


def test_confirm_is_idempotent_and_writes_one_record_per_kept_item(engine, settings):
    started = upload(engine, settings)
    second = {**ITEM, "amount": "20.00", "order_no": "2"}
    drafts.on_blob(engine, settings, f"alice/{started['draft_id']}.png", recognize_fn=reads(ITEM, second))
    body = {"items": [{"fields": ITEM}, {"fields": second}]}
    saved, created = drafts.confirm(engine, settings, "alice", started["draft_id"], body)
    again, created_again = drafts.confirm(engine, settings, "alice", started["draft_id"], body)
    assert created and not created_again
    assert [r["id"] for r in saved] == [r["id"] for r in again]
    assert [r["amount"] for r in saved] == ["128.50", "20.00"]
    assert all(r["source"] == "screenshot" and r["draft_id"] == started["draft_id"] for r in saved)
    assert len(ledger.list_records(engine, "alice", {})["records"]) == 2
    assert drafts.list_open(engine, settings, "alice") == []


def test_racing_confirms_write_once(engine, settings):
    started = upload(engine, settings)
    drafts.on_blob(engine, settings, f"alice/{started['draft_id']}.png", recognize_fn=reads(ITEM))
    results, errors = [], []

    def go():
        try:
            results.append(drafts.confirm(engine, settings, "alice", started["draft_id"], {"items": [ITEM]}))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=go) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(created for _, created in results) == [False, False, False, True]
    assert len(ledger.list_records(engine, "alice", {})["records"]) == 1


def test_invalid_confirm_leaves_the_draft_intact(engine, settings):
    started = upload(engine, settings)
    drafts.on_blob(engine, settings, f"alice/{started['draft_id']}.png", recognize_fn=reads(ITEM))
    with pytest.raises(Invalid) as caught:
        drafts.confirm(engine, settings, "alice", started["draft_id"], {"items": [ITEM, {**ITEM, "amount": "abc"}]})
    assert "items[1].amount" in caught.value.fields
    draft = drafts.get(engine, settings, "alice", started["draft_id"])
    assert draft["status"] == "ready"
    assert draft["items"][0]["fields"]["amount"] == "128.50"
    assert ledger.list_records(engine, "alice", {})["records"] == []
    with pytest.raises(BadRequest):
        drafts.confirm(engine, settings, "alice", started["draft_id"], {"items": []})


def test_duplicates_are_warned_not_merged(engine, settings):
    ledger.create(engine, "alice", {k: v for k, v in ITEM.items() if v is not None}, tz="Asia/Shanghai")
    started = upload(engine, settings)
    drafts.on_blob(engine, settings, f"alice/{started['draft_id']}.png", recognize_fn=reads(ITEM))
    item = drafts.get(engine, settings, "alice", started["draft_id"])["items"][0]
    assert [d["reason"] for d in item["duplicates"]] == ["order_no"]
    # The same image uploaded again is pointed out too.
    again = upload(engine, settings)
    drafts.on_blob(engine, settings, f"alice/{again['draft_id']}.png", recognize_fn=reads(ITEM))
    assert drafts.get(engine, settings, "alice", again["draft_id"])["same_image_as"] == [started["draft_id"]]


def test_retry_reruns_recognition_on_the_stored_image(engine, settings):
    started = upload(engine, settings)
    drafts.on_blob(engine, settings, f"alice/{started['draft_id']}.png", recognize_fn=fails(NoPaymentFound()))
    draft = drafts.retry(engine, settings, "alice", started["draft_id"], recognize_fn=reads(ITEM))
    assert draft["status"] == "ready"
    assert draft["items"][0]["fields"]["merchant"] == "星巴克"


def test_retry_before_upload_says_so(engine, settings):
    started = drafts.start_upload(
        engine, settings, "alice", {"filename": "a.png", "content_type": "image/png", "size": 10}
    )
    draft = drafts.retry(engine, settings, "alice", started["draft_id"], recognize_fn=reads(ITEM))
    assert draft["status"] == "awaiting_upload"
    assert draft["error"]["code"] == "not_uploaded"


def test_discard_and_confirmed_states(engine, settings):
    started = upload(engine, settings)
    drafts.on_blob(engine, settings, f"alice/{started['draft_id']}.png", recognize_fn=reads(ITEM))
    drafts.discard(engine, settings, "alice", started["draft_id"])
    assert drafts.get(engine, settings, "alice", started["draft_id"])["status"] == "discarded"
    with pytest.raises(WrongState):
        drafts.confirm(engine, settings, "alice", started["draft_id"], {"items": [ITEM]})
    kept = upload(engine, settings)
    drafts.confirm(engine, settings, "alice", kept["draft_id"], {"items": [ITEM]})
    with pytest.raises(WrongState):
        drafts.discard(engine, settings, "alice", kept["draft_id"])
    with pytest.raises(WrongState):
        drafts.retry(engine, settings, "alice", kept["draft_id"], recognize_fn=reads(ITEM))


def test_other_owners_drafts_are_not_found(engine, settings):
    started = upload(engine, settings)
    drafts.on_blob(engine, settings, f"alice/{started['draft_id']}.png", recognize_fn=reads(ITEM))
    for call in (
        lambda: drafts.get(engine, settings, "bob", started["draft_id"]),
        lambda: drafts.confirm(engine, settings, "bob", started["draft_id"], {"items": [ITEM]}),
        lambda: drafts.retry(engine, settings, "bob", started["draft_id"], recognize_fn=reads(ITEM)),
        lambda: drafts.discard(engine, settings, "bob", started["draft_id"]),
    ):
        with pytest.raises(NotFound):
            call()
    assert drafts.list_open(engine, settings, "bob") == []
    assert json.dumps(drafts.list_open(engine, settings, "alice"))


def test_uploads_are_rate_limited_per_owner(engine, settings):
    from records.errors import RateLimited

    limited = dataclasses.replace(settings, upload_rate_per_minute=3)
    body = {"filename": "a.png", "content_type": "image/png", "size": 10}
    for _ in range(3):
        drafts.start_upload(engine, limited, "alice", body)
    with pytest.raises(RateLimited):
        drafts.start_upload(engine, limited, "alice", body)
    assert len(drafts.list_open(engine, limited, "alice")) == 3
    drafts.start_upload(engine, limited, "bob", body)


def test_a_corrected_category_is_used_for_that_merchant_next_time(engine, settings):
    first = upload(engine, settings)
    drafts.on_blob(engine, settings, f"alice/{first['draft_id']}.png", recognize_fn=reads(ITEM))
    assert drafts.get(engine, settings, "alice", first["draft_id"])["items"][0]["fields"]["category"] == "餐饮"
    drafts.confirm(engine, settings, "alice", first["draft_id"], {"items": [{**ITEM, "category": "娱乐"}]})
    second = upload(engine, settings, data=PNG + b"2")
    drafts.on_blob(engine, settings, f"alice/{second['draft_id']}.png", recognize_fn=reads(ITEM))
    item = drafts.get(engine, settings, "alice", second["draft_id"])["items"][0]
    assert item["fields"]["category"] == "娱乐"
    # Another owner's guesses are not touched.
    third = upload(engine, settings, owner="bob")
    drafts.on_blob(engine, settings, f"bob/{third['draft_id']}.png", recognize_fn=reads(ITEM))
    assert drafts.get(engine, settings, "bob", third["draft_id"])["items"][0]["fields"]["category"] == "餐饮"


def test_editing_a_records_category_teaches_it(engine, settings):
    record = ledger.create(engine, "alice", {**{k: v for k, v in ITEM.items() if v}}, tz="Asia/Shanghai")
    ledger.update(engine, "alice", record["id"], {"category": "购物", "version": 1}, tz="Asia/Shanghai")
    started = upload(engine, settings)
    drafts.on_blob(engine, settings, f"alice/{started['draft_id']}.png", recognize_fn=reads(ITEM))
    assert drafts.get(engine, settings, "alice", started["draft_id"])["items"][0]["fields"]["category"] == "购物"


@pytest.mark.parametrize(("evidence", "expected"), [("detail:printed", "交通"), ("detail:guess", "餐饮")])
def test_a_printed_category_comes_before_what_the_person_taught(engine, settings, evidence, expected):
    from records import learning

    with engine.begin() as conn:
        learning.learn(conn, "alice", "全家", "餐饮")
    started = upload(engine, settings)

    def recognize_fn(data, *, now, settings, **_):
        fields = {**ITEM, "merchant": "全家", "category": "交通"}
        item = Item(fields=fields, confidence={"amount": 0.99, "category": 0.9}, evidence={"category": evidence})
        return Extraction(items=[item], engine="ocr")

    drafts.on_blob(engine, settings, f"alice/{started['draft_id']}.png", recognize_fn=recognize_fn)

    draft = drafts.get(engine, settings, "alice", started["draft_id"])
    assert draft["items"][0]["fields"]["category"] == expected


def test_the_files_last_modified_reaches_the_recognizer_as_a_capture_hint(engine, settings):
    seen = {}

    def recognize_fn(data, *, now, settings, last_modified=None, **_):
        seen["last_modified"] = last_modified
        return Extraction(items=[Item(fields=dict(ITEM), confidence={"amount": 0.99})], engine="ocr")

    started = upload(engine, settings, last_modified=1735689600000)  # 2025-01-01T00:00:00Z
    drafts.on_blob(engine, settings, f"alice/{started['draft_id']}.png", recognize_fn=recognize_fn)

    assert seen["last_modified"].isoformat() == "2025-01-01T08:00:00+08:00"


@pytest.mark.parametrize("value", [-1, 4102444800000, 10**30])
def test_an_implausible_last_modified_is_no_hint(engine, settings, value):
    seen = {}

    def recognize_fn(data, *, now, settings, last_modified=None, **_):
        seen["last_modified"] = last_modified
        return Extraction(items=[Item(fields=dict(ITEM), confidence={"amount": 0.99})], engine="ocr")

    started = upload(engine, settings, last_modified=value)
    drafts.on_blob(engine, settings, f"alice/{started['draft_id']}.png", recognize_fn=recognize_fn)

    assert seen["last_modified"] is None


def test_a_last_modified_that_is_not_a_number_is_refused(engine, settings):
    with pytest.raises(Invalid):
        drafts.start_upload(
            engine,
            settings,
            "alice",
            {"filename": "a.png", "content_type": "image/png", "size": 10, "last_modified": "x"},
        )


def test_the_inbox_list_says_which_drafts_are_likely_duplicates(engine, settings):
    ledger.create(engine, "alice", {k: v for k, v in ITEM.items() if v is not None}, tz="Asia/Shanghai")
    repeat = upload(engine, settings)
    drafts.on_blob(engine, settings, f"alice/{repeat['draft_id']}.png", recognize_fn=reads(ITEM))
    fresh = upload(engine, settings, data=PNG + b"\0")  # another picture, another payment
    other = {**ITEM, "amount": "7.00", "order_no": "99", "occurred_at": "2026-11-05T08:00:00+08:00"}
    drafts.on_blob(engine, settings, f"alice/{fresh['draft_id']}.png", recognize_fn=reads(other))
    listed = {d["id"]: d["likely_duplicate"] for d in drafts.list_open(engine, settings, "alice")}
    assert listed == {repeat["draft_id"]: True, fresh["draft_id"]: False}
    # The same picture again is a likely duplicate even before anything of it is in the ledger.
    again = upload(engine, settings, data=PNG + b"\0")
    drafts.on_blob(engine, settings, f"alice/{again['draft_id']}.png", recognize_fn=reads(other))
    assert drafts.get(engine, settings, "alice", again["draft_id"])["likely_duplicate"] is True


def test_a_draft_viewed_for_a_shared_book_takes_the_category_that_book_taught(engine, settings):
    from records import learning

    with engine.begin() as conn:
        learning.learn(conn, "family-book", "瑞幸咖啡", "娱乐")  # the family files coffee under 娱乐
    started = upload(engine, settings)

    def recognize_fn(data, *, now, settings, **_):
        fields = {**ITEM, "merchant": "瑞幸咖啡", "category": "餐饮"}
        item = Item(fields=fields, confidence={"amount": 0.99, "category": 0.5}, reasons={"category": "guessed"})
        return Extraction(items=[item], engine="ocr")

    drafts.on_blob(engine, settings, f"alice/{started['draft_id']}.png", recognize_fn=recognize_fn)

    mine = drafts.get(engine, settings, "alice", started["draft_id"])["items"][0]
    assert (mine["fields"]["category"], mine["reasons"].get("category")) == ("餐饮", "guessed")
    shared = drafts.get(engine, settings, "alice", started["draft_id"], book="family-book")["items"][0]
    assert shared["fields"]["category"] == "娱乐" and "category" not in shared["reasons"]
    assert shared["confidence"]["category"] == learning.LEARNED_CONFIDENCE


def test_a_draft_read_before_its_category_was_renamed_merged_or_removed_suggests_the_current_one(engine, settings):
    from records import category_admin
    from records.categories import named_categories

    category_admin.add(engine, "alice", {"name": "咖啡"})
    category_admin.add(engine, "alice", {"name": "奶茶"})
    shots = []
    for n, category in enumerate(["餐饮", "咖啡", "奶茶"]):
        started = upload(engine, settings, data=PNG + bytes([n]))
        item = {**ITEM, "category": category, "order_no": f"42000{n}"}
        drafts.on_blob(engine, settings, f"alice/{started['draft_id']}.png", recognize_fn=reads(item))
        shots.append(started["draft_id"])
    other = upload(engine, settings, owner="bob")
    drafts.on_blob(engine, settings, f"bob/{other['draft_id']}.png", recognize_fn=reads(ITEM))
    category_admin.update(engine, "alice", "餐饮", {"name": "吃饭"})
    category_admin.merge(engine, "alice", "咖啡", {"into": "吃饭"})
    category_admin.remove(engine, "alice", "奶茶")  # nobody's record uses it: it goes

    def suggested(owner, draft_id):
        return drafts.get(engine, settings, owner, draft_id)["items"][0]["fields"]["category"]

    assert [suggested("alice", d) for d in shots] == ["吃饭", "吃饭", None]
    assert suggested("bob", other["draft_id"]) == "餐饮"  # another book's 餐饮 is its own
    fields = drafts.get(engine, settings, "alice", shots[0])["items"][0]["fields"]
    [record], _ = drafts.confirm(engine, settings, "alice", shots[0], {"items": [{"fields": fields}]})
    assert record["category"] == "吃饭"
    listing = named_categories(engine, "alice")
    assert "餐饮" not in listing["order"] and "咖啡" not in listing["order"] and "奶茶" not in listing["order"]
