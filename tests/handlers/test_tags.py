"""Tags through the record routes: POST and PATCH /api/records take them, the list filters by tag=, a bad tag is a
sentence in the reader's language and changes nothing."""

from __future__ import annotations

RECORD = {"amount": "3.00", "occurred_at": "2026-11-03T12:00:00+08:00", "merchant": "标签测试"}


def test_tags_are_set_edited_and_filtered_over_http(call):
    status, record = call("create_record", "POST", body={**RECORD, "tags": ["出差"]})
    assert status == 201 and record["tags"] == ["出差"]
    status, edited = call(
        "update_record",
        "PATCH",
        route_params={"id": str(record["id"])},
        body={"version": record["version"], "tags": ["出差", "报销"]},
    )
    assert status == 200 and edited["tags"] == ["出差", "报销"]
    status, page = call("list_records", params={"tag": "报销"})
    assert [r["id"] for r in page["records"]] == [record["id"]]


def test_a_bad_tag_is_refused_in_the_readers_language(call, respond):
    status, body = call("create_record", "POST", body={**RECORD, "tags": ["两 个"]})
    assert status == 422 and body["error"]["fields"]["tags"].startswith("最多 10 个标签")
    answer = respond("create_record", "POST", body={**RECORD, "tags": "one"}, lang="en")
    assert answer.status_code == 422 and b"up to 10 tags" in answer.get_body()
    assert call("list_records", params={"q": "标签测试"})[1]["records"] == []
