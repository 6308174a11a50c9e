"""The records routes: manual entry, list, edit with a version, delete, restore, and ids that cannot exist."""

ITEM = {"amount": "36.00", "occurred_at": "2026-11-03T12:34:56+08:00", "merchant": "全家", "category": "餐饮"}


def test_manual_entry_list_edit_delete_restore(call):
    status, record = call("create_record", "POST", "/api/records", body=ITEM)
    assert status == 201 and record["amount"] == "36.00"
    rid = str(record["id"])
    status, page = call("list_records", params={"q": "全家"})
    assert status == 200 and [r["id"] for r in page["records"]] == [record["id"]]
    status, edited = call("update_record", "PATCH", body={"memo": "午饭", "version": 1}, route_params={"id": rid})
    assert status == 200 and edited["memo"] == "午饭" and edited["version"] == 2
    status, body = call("update_record", "PATCH", body={"memo": "旧", "version": 1}, route_params={"id": rid})
    assert status == 409
    assert body["error"]["code"] == "conflict" and body["record"]["memo"] == "午饭"
    status, body = call("delete_record", "DELETE", route_params={"id": rid})
    assert status == 200 and body["record"]["deleted_at"]
    assert call("list_records")[1]["records"] == []
    status, body = call("restore_record", "POST", route_params={"id": rid})
    assert status == 200 and body["deleted_at"] is None
    assert call("get_record", route_params={"id": rid})[1]["memo"] == "午饭"


def test_missing_records_are_404(call):
    assert call("get_record", route_params={"id": "999"})[0] == 404
    assert call("restore_record", "POST", route_params={"id": "121874418755123806208"})[0] == 404
    assert call("get_draft", route_params={"id": "nope"})[0] == 404


def test_batch_edits_over_http(call):
    ids = [call("create_record", "POST", "/api/records", body=ITEM)[1]["id"] for _ in range(2)]
    body = {"action": "set_category", "ids": ids, "category": "日用"}
    status, answer = call("batch_records", "POST", "/api/records/batch", body=body)
    assert status == 200 and answer["count"] == 2 and {r["category"] for r in answer["records"]} == {"日用"}
    status, answer = call("batch_records", "POST", "/api/records/batch", body={"action": "delete", "ids": ids})
    assert status == 200 and call("list_records")[1]["records"] == []
    status, body = call("batch_records", "POST", "/api/records/batch", body={"action": "delete", "ids": ids})
    assert status == 404 and body["error"]["code"] == "not_found"
    status, body = call("batch_records", "POST", "/api/records/batch", body={"action": "nope"})
    assert status == 400 and body["error"]["message"]


def test_a_limit_outside_1_to_200_is_refused_in_the_persons_language(call):
    ids = [call("create_record", "POST", "/api/records", body=ITEM)[1]["id"] for _ in range(2)]
    for limit in ("0", "-5", "201", "abc", "1e9", "2.5", " 5", "+5", "５", "9" * 5000):
        status, body = call("list_records", params={"limit": limit})
        assert (status, body["error"]["code"]) == (400, "bad_limit"), limit
        assert body["error"]["message"] == "每页条数（limit）需是 1 到 200 之间的整数"
    status, body = call("list_records", params={"limit": "201"}, lang="en")
    assert (status, body["error"]["message"]) == (400, "limit must be a whole number from 1 to 200.")
    status, page = call("list_records", params={"limit": "1"})
    assert status == 200 and len(page["records"]) == 1 and page["next_cursor"]
    for limit in ("200", ""):  # the largest page, and no limit at all (the default)
        status, page = call("list_records", params={"limit": limit})
        assert status == 200 and sorted(r["id"] for r in page["records"]) == sorted(ids)
