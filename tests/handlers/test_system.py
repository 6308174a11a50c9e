"""The routes about the app itself: health, categories, the OpenAPI document, the JSON 404 under /api."""


def test_health_openapi_and_categories(call):
    status, health = call("health")
    assert status == 200 and health["checks"] == {"database": "ok", "storage": "ok"}
    status, cats = call("list_categories")
    assert "餐饮" in cats["categories"]
    status, spec = call("openapi")
    assert spec["openapi"].startswith("3.1")
    assert {"/api/uploads", "/api/drafts/{id}/confirm", "/api/records/{id}/restore"} <= set(spec["paths"])


def test_unknown_api_paths_answer_json_404(call):
    status, body = call("not_found", route_params={"rest": "nope"})
    assert status == 404 and body["error"]["code"] == "not_found"


def test_categories_carry_a_stored_key_and_a_name_per_language(call):
    """Defaults keep their Chinese key and get an English name; a person's own category reads as typed."""
    assert (
        call(
            "create_record",
            "POST",
            body={"amount": "3.00", "occurred_at": "2026-11-03T12:00:00+08:00", "category": "猫粮"},
        )[0]
        == 201
    )
    _status, cats = call("list_categories")
    names = {entry["key"]: entry for entry in cats["names"]}
    assert [entry["key"] for entry in cats["names"]] == cats["categories"]
    assert names["餐饮"]["names"] == {"zh": "餐饮", "en": "Food & drink"} and names["餐饮"]["default"]
    assert names["其他"]["names"]["en"] == "Other"
    assert names["猫粮"]["names"] == {"zh": "猫粮", "en": "猫粮"} and not names["猫粮"]["default"]
    assert cats["uncategorized"] == {"zh": "未分类", "en": "Uncategorized"}
