"""The import, export, statistics and budget handlers, called as the Functions host calls them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import azure.functions as func
import pytest

BILLS = Path(__file__).resolve().parent.parent / "fixtures" / "bills"
BOUNDARY = "----snapledgerTestBoundary7MA4YWxkTrZu0gW"


@pytest.fixture(scope="module")
def functions():
    """The blueprint's functions by name, registered on a FunctionApp the way function_app.py does."""
    from records.io_api import bp

    app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)
    app.register_functions(bp)
    return {fn.get_function_name(): fn.get_user_function() for fn in app.get_functions()}


def multipart(filename: str, data: bytes, field: str = "file") -> tuple[bytes, str]:
    """A multipart/form-data body as a browser's FormData sends it."""
    body = (
        (
            f"--{BOUNDARY}\r\n"
            f'Content-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={BOUNDARY}"


@pytest.fixture
def call(app_env, functions):
    def call(name, method="GET", url="/api", *, body=b"", content_type="application/json", lang="zh", **kwargs):
        headers = {"accept-language": "en-US,en" if lang == "en" else "zh-CN,zh", "content-type": content_type}
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        request = func.HttpRequest(
            method=method,
            url=f"http://localhost{url}",
            headers=headers,
            params=kwargs.pop("params", {}),
            route_params=kwargs.pop("route_params", {}),
            body=raw,
        )
        return functions[name](request)

    return call


def as_json(response) -> dict:
    return json.loads(response.get_body())


def upload(call, name: str, data: bytes | None = None, **kwargs):
    body, content_type = multipart(name, data if data is not None else (BILLS / name).read_bytes())
    return call("create_import", "POST", "/api/imports", body=body, content_type=content_type, **kwargs)


def test_upload_preview_then_commit_once(call):
    response = upload(call, "alipay_2026-10.csv")
    assert response.status_code == 201
    preview = as_json(response)
    assert (preview["format"], preview["new"], preview["duplicate"]) == ("alipay", 9, 0)
    assert [s["line"] for s in preview["skipped"]] == [28, 33]
    route = {"import_id": preview["import_id"]}
    first = call("commit_import", "POST", route_params=route)
    again = call("commit_import", "POST", route_params=route)
    assert (first.status_code, again.status_code) == (201, 200)
    assert as_json(first)["imported"] == 9 and as_json(again) == as_json(first)
    # The same file again: nothing new.
    assert as_json(upload(call, "alipay_old_company.csv"))["new"] == 0


def test_skip_reasons_follow_the_request_language(call):
    preview = as_json(upload(call, "wechat_2026-10.xlsx", lang="en"))
    assert preview["skipped"][1] == {
        "line": 26,
        "code": "closed",
        "reason": "Closed or unsuccessful (支付失败); no money moved",
    }


FORM = f"multipart/form-data; boundary={BOUNDARY}"


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        (b'{"file": 1}', "application/json", 400, "file_required"),
        (multipart("a.csv", b"x", field="other")[0], FORM, 400, "file_required"),
        (multipart("a.csv", b"hello,world\n1,2\n")[0], FORM, 422, "unknown_bill_format"),
        (multipart("a.csv", b"")[0], FORM, 400, "empty_file"),
    ],
)
def test_bad_uploads_say_why(call, body, content_type, status, code):
    response = call("create_import", "POST", "/api/imports", body=body, content_type=content_type)
    assert response.status_code == status
    error = as_json(response)["error"]
    assert error["code"] == code and error["message"]


def test_a_bill_over_ten_megabytes_is_refused(call):
    response = upload(call, "big.csv", b"x" * (10 * 1024 * 1024 + 1))
    assert response.status_code == 413
    assert as_json(response)["error"]["message"] == "账单文件不能超过 10 MB"


def test_committing_an_unknown_import_is_not_found(call):
    response = call("commit_import", "POST", route_params={"import_id": "00000000-0000-0000-0000-000000000000"})
    assert response.status_code == 404


def test_export_downloads_an_attachment(call):
    call("commit_import", "POST", route_params={"import_id": as_json(upload(call, "wechat_2026-10.csv"))["import_id"]})
    response = call("export_records", params={"format": "csv", "direction": "expense", "lang": "en"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="snapledger_')
    assert response.headers["Cache-Control"] == "no-store"
    table = list(csv.reader(io.StringIO(response.get_body().decode("utf-8-sig"))))
    assert table[0][:3] == ["occurred_at", "direction", "amount"]
    assert sorted(row[2] for row in table[1:]) == ["15.50", "32.00", "9.90"]
    xlsx = call("export_records", params={"format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.get_body().startswith(b"PK\x03\x04")
    assert call("export_records", params={"format": "pdf"}).status_code == 400


def test_stats_for_a_range(call):
    call("commit_import", "POST", route_params={"import_id": as_json(upload(call, "alipay_2026-10.csv"))["import_id"]})
    response = call("get_stats", params={"from": "2026-10-01", "to": "2026-10-31"})
    assert response.status_code == 200
    result = as_json(response)
    assert (result["totals"]["expense"], result["totals"]["income"], result["totals"]["transfer"]) == (
        "171.30",
        "5000.00",
        "1000.00",
    )
    assert len(result["trend"]["day"]) == 31 and result["trend"]["month"][0]["period"] == "2026-10"
    assert result["by_platform"][0]["name"] == "支付宝"
    bad = call("get_stats", params={"from": "2026-10-31", "to": "2026-10-01"}, lang="en")
    assert bad.status_code == 400 and as_json(bad)["error"]["message"] == "The date range is not valid."


def test_budgets_put_and_get(call):
    body = {"budgets": [{"category": None, "amount": "3000.00"}, {"category": "餐饮", "amount": "800"}]}
    response = call("put_budgets", "PUT", "/api/budgets", body=body)
    assert response.status_code == 200
    got = as_json(call("get_budgets"))
    assert [(b["category"], b["amount"], b["left"]) for b in got["budgets"]] == [
        (None, "3000.00", "3000.00"),
        ("餐饮", "800.00", "800.00"),
    ]
    bad = call("put_budgets", "PUT", "/api/budgets", body={"budgets": [{"amount": "-1"}]})
    assert bad.status_code == 422 and "budgets[0].amount" in as_json(bad)["error"]["fields"]
    assert call("get_budgets", params={"month": "2026-1"}).status_code == 400


def test_the_uploaded_bytes_arrive_exactly():
    from records.io_api import form_file

    data = bytes(range(256)) * 4 + b"\r\n--" + BOUNDARY.encode()[:-1] + b"\r\n\r\n"
    body, content_type = multipart("账单.xlsx", data)
    request = func.HttpRequest(
        method="POST", url="http://localhost/api/imports", headers={"content-type": content_type}, body=body
    )
    assert form_file(request) == ("账单.xlsx", data)


@pytest.mark.parametrize(
    ("method", "path", "name"),
    [
        ("GET", "/api/records/export", "export_records"),
        ("GET", "/api/records/12", "get_record"),
        ("POST", "/api/imports", "create_import"),
        ("POST", "/api/imports/0b0e0c8e-1111-4222-8333-444455556666/commit", "commit_import"),
        ("GET", "/api/stats", "get_stats"),
        ("PUT", "/api/budgets", "put_budgets"),
    ],
)
def test_routes_win_over_the_api_catch_all_once_registered(method, path, name):
    # The blueprint registered next to the existing ones, the way function_app.py will register it.
    from devhost.routing import build_routes, match
    from records.api import bp as api_bp
    from records.io_api import bp
    from records.site import bp as site_bp

    app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)
    for blueprint in (api_bp, bp, site_bp):
        app.register_functions(blueprint)
    route, _, _ = match(build_routes(app.get_functions()), method, path)
    assert route is not None and route.function.__name__ == name
