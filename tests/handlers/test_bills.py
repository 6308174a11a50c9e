"""The bill routes: import a file (preview, then commit once) and export records, as the Functions host calls them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.handlers.multipart import FORM, multipart

BILLS = Path(__file__).resolve().parent.parent / "fixtures" / "bills"


def as_json(response) -> dict:
    return json.loads(response.get_body())


def upload(respond, name: str, data: bytes | None = None, **kwargs):
    body, content_type = multipart(name, data if data is not None else (BILLS / name).read_bytes())
    return respond("create_import", "POST", "/api/imports", body=body, headers={"content-type": content_type}, **kwargs)


def test_upload_preview_then_commit_once(respond):
    response = upload(respond, "alipay_2026-10.csv")
    assert response.status_code == 201
    preview = as_json(response)
    assert (preview["format"], preview["new"], preview["duplicate"]) == ("alipay", 9, 0)
    assert [s["line"] for s in preview["skipped"]] == [28, 33]
    route = {"import_id": preview["import_id"]}
    first = respond("commit_import", "POST", route_params=route)
    again = respond("commit_import", "POST", route_params=route)
    assert (first.status_code, again.status_code) == (201, 200)
    assert as_json(first)["imported"] == 9 and as_json(again) == as_json(first)
    # The same file again: nothing new.
    assert as_json(upload(respond, "alipay_old_company.csv"))["new"] == 0


def test_skip_reasons_follow_the_request_language(respond):
    preview = as_json(upload(respond, "wechat_2026-10.xlsx", lang="en"))
    assert preview["skipped"][1] == {
        "line": 26,
        "code": "closed",
        "reason": "Closed or unsuccessful (支付失败); no money moved",
    }


@pytest.mark.parametrize(
    ("name", "kind", "new"),
    [
        ("jd_2026-10.csv", "jd", 9),
        ("meituan_2026-10.csv", "meituan", 4),
        ("cmb_credit_2026-10.csv", "cmb", 7),
        ("icbc_debit_2026-10.csv", "icbc", 6),
    ],
)
def test_jd_meituan_and_bank_bills_upload_preview_and_commit(respond, name, kind, new):
    preview = as_json(upload(respond, name))
    assert (preview["format"], preview["new"], preview["duplicate"]) == (kind, new, 0)
    committed = respond("commit_import", "POST", route_params={"import_id": preview["import_id"]})
    assert committed.status_code == 201 and as_json(committed)["imported"] == new
    again = as_json(upload(respond, name))
    assert (again["new"], again["duplicate"]) == (0, new)


def test_a_card_statement_after_the_wallet_bills_adds_only_what_the_wallets_did_not_have(respond):
    for name in ("alipay_2026-10.csv", "wechat_2026-10.csv"):
        respond("commit_import", "POST", route_params={"import_id": as_json(upload(respond, name))["import_id"]})
    preview = as_json(upload(respond, "cmb_credit_2026-10.csv"))
    assert (preview["new"], preview["duplicate"]) == (4, 3)


def test_the_unknown_format_sentence_names_the_formats_it_reads(respond):
    body, content_type = multipart("a.csv", b"hello,world\n1,2\n")
    response = respond("create_import", "POST", "/api/imports", body=body, headers={"content-type": content_type})
    message = as_json(response)["error"]["message"]
    assert all(word in message for word in ("京东", "美团", "招商银行信用卡", "工商银行借记卡"))


def test_the_import_panel_names_the_new_formats():
    strings = (Path(__file__).resolve().parents[2] / "static_site" / "js" / "bills" / "strings.js").read_text()
    for key in ("'import.pick'", "'import.hint'"):
        zh, en = [line for line in strings.splitlines() if line.strip().startswith(key)]
        assert all(word in zh for word in ("京东", "美团", "招商银行", "工商银行"))
        assert all(word in en for word in ("JD", "Meituan", "ICBC"))
    for kind in ("jd", "meituan", "cmb", "icbc"):
        assert strings.count(f"'import.format.{kind}'") == 2


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        (b'{"file": 1}', "application/json", 400, "file_required"),
        (multipart("a.csv", b"x", field="other")[0], FORM, 400, "file_required"),
        (multipart("a.csv", b"hello,world\n1,2\n")[0], FORM, 422, "unknown_bill_format"),
        (multipart("a.csv", b"")[0], FORM, 400, "empty_file"),
    ],
)
def test_bad_uploads_say_why(respond, body, content_type, status, code):
    response = respond("create_import", "POST", "/api/imports", body=body, headers={"content-type": content_type})
    assert response.status_code == status
    error = as_json(response)["error"]
    assert error["code"] == code and error["message"]


def test_a_bill_over_ten_megabytes_is_refused(respond):
    response = upload(respond, "big.csv", b"x" * (10 * 1024 * 1024 + 1))
    assert response.status_code == 413
    assert as_json(response)["error"]["message"] == "账单文件不能超过 10 MB"


def test_committing_an_unknown_import_is_not_found(respond):
    response = respond("commit_import", "POST", route_params={"import_id": "00000000-0000-0000-0000-000000000000"})
    assert response.status_code == 404


def test_export_downloads_an_attachment(respond):
    preview = as_json(upload(respond, "wechat_2026-10.csv"))
    respond("commit_import", "POST", route_params={"import_id": preview["import_id"]})
    response = respond("export_records", params={"format": "csv", "direction": "expense", "lang": "en"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="snapledger_')
    assert response.headers["Cache-Control"] == "no-store"
    table = list(csv.reader(io.StringIO(response.get_body().decode("utf-8-sig"))))
    assert table[0][:3] == ["occurred_at", "direction", "amount"]
    assert sorted(row[2] for row in table[1:]) == ["15.50", "32.00", "9.90"]
    xlsx = respond("export_records", params={"format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.get_body().startswith(b"PK\x03\x04")
    assert respond("export_records", params={"format": "pdf"}).status_code == 400
