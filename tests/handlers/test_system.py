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
