"""Imports are bounded before they are parsed: the byte cap while the body streams, the row cap while rows are read,
one running import per person, and per-minute budgets on imports, retries and exports (429 with Retry-After).
Every refusal is a sentence in zh and en and changes nothing, on SQLite and MariaDB.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from bench.import_memory import one_cell_lines, wechat_bill
from tests.handlers.multipart import BOUNDARY, FORM, multipart
from tests.security.conftest import UPLOAD, snapshot, table_counts

BILLS = Path(__file__).resolve().parent.parent / "fixtures" / "bills"
MB = 1024 * 1024


def send(api, body: bytes, lang: str = "en", who: str = "alice", content_type: str = FORM):
    return api(
        "create_import", "POST", "/api/imports", body=body, headers={"content-type": content_type}, lang=lang, who=who
    )


def bill(api, data: bytes, lang: str = "en", who: str = "alice"):
    return send(api, multipart("bill.csv", data)[0], lang, who)


def unchanged(api, answer_of):
    """Call `answer_of()` and prove it changed no table (imports, records, drafts…)."""
    before, counts = snapshot(), table_counts()
    answer = answer_of()
    assert snapshot() == before
    counts_after = table_counts()
    counts_after.pop("rate_events"), counts.pop("rate_events")  # a refused request still spent its budget
    assert counts_after == counts
    return answer


def test_a_bill_over_ten_megabytes_is_refused_in_both_languages(easyauth):
    over = b"x" * (10 * MB + 1)
    answer = unchanged(easyauth, lambda: bill(easyauth, over))
    assert (answer.status, answer.code) == (413, "bill_too_large")
    assert answer.body["error"]["message"] == "Bill files must be 10 MB or smaller."
    assert bill(easyauth, over, lang="zh").body["error"]["message"] == "账单文件不能超过 10 MB"
    # An 11 MB body is refused from its length before any parsing.
    assert bill(easyauth, over + b"x" * MB).code == "bill_too_large"


def test_a_bill_of_more_than_twenty_thousand_rows_stops_being_read_at_row_20001(easyauth):
    # Past row 20,001 the file turns into something the reader would refuse otherwise (a line of 100,000 cells):
    # too_many_rows proves it stopped at the cap instead of reading on.
    rows = wechat_bill(20001) + b"," * 100_000 + b"\n"
    answer = unchanged(easyauth, lambda: bill(easyauth, rows))
    assert (answer.status, answer.code) == (422, "too_many_rows")
    assert answer.body["error"]["message"] == "The bill has over 20,000 rows; split it by date."
    assert bill(easyauth, rows, lang="zh").body["error"]["message"] == "账单超过 20000 行，请按时间分成几个文件导入"
    assert bill(easyauth, b"," * 100_000 + b"\n").code == "unknown_bill_format"


def test_three_megabytes_of_one_cell_lines_are_refused_as_too_many_rows(easyauth):
    answer = unchanged(easyauth, lambda: bill(easyauth, one_cell_lines()))
    assert (answer.status, answer.code) == (422, "too_many_rows")


def test_an_xlsx_of_more_than_twenty_thousand_rows_is_refused(easyauth, tmp_path):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("账单")
    sheet.append(["交易时间", "交易类型", "交易对方", "商品", "收/支", "金额(元)", "支付方式", "当前状态", "交易单号"])
    for n in range(20001):
        sheet.append(
            ["2026-10-30 08:05:00", "商户消费", "瑞幸咖啡", "/", "支出", "¥9.90", "零钱", "支付成功", f"42{n}"]
        )
    book.save(tmp_path / "big.xlsx")
    answer = unchanged(easyauth, lambda: bill(easyauth, (tmp_path / "big.xlsx").read_bytes()))
    assert (answer.status, answer.code) == (422, "too_many_rows")


def test_exactly_twenty_thousand_rows_are_allowed(easyauth):
    answer = bill(easyauth, wechat_bill(20000))
    assert answer.status == 201, answer.body
    assert answer.body["new"] == 20000 and len(answer.body["rows"]) == 200


def part(name: str, data: bytes, filename: str | None = None) -> bytes:
    disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
    return f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + data + b"\r\n"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        # Many small parts: refused at the fifth, however many follow.
        (b"".join(part(f"f{n}", b"x") for n in range(10_000)) + f"--{BOUNDARY}--\r\n".encode(), "bad_request"),
        # Two files.
        (part("file", b"a", "a.csv") + part("other", b"b", "b.csv") + f"--{BOUNDARY}--\r\n".encode(), "bad_request"),
        # A body cut short before its closing boundary.
        (part("file", (BILLS / "wechat_2026-10.csv").read_bytes(), "a.csv")[:-40], "bad_request"),
        # Not multipart at all, though it says so.
        (b"hello", "bad_request"),
    ],
    ids=["ten_thousand_parts", "two_files", "cut_short", "not_multipart"],
)
def test_malformed_multipart_bodies_are_refused(easyauth, body, code):
    answer = unchanged(easyauth, lambda: send(easyauth, body))
    assert (answer.status, answer.code) == (400, code)
    assert answer.body["error"]["message"]


def test_the_pages_own_form_fields_around_the_file_are_fine(easyauth):
    data = (BILLS / "wechat_2026-10.csv").read_bytes()
    body = part("lang", b"en") + part("file", data, "微信支付账单.csv") + f"--{BOUNDARY}--\r\n".encode()
    answer = send(easyauth, body)
    assert answer.status == 201 and answer.body["format"] == "wechat"


# ------------------------------------------------------------------ one running import per person


def test_a_second_import_while_one_runs_is_refused_and_changes_nothing(easyauth):
    from records import limits
    from records.db import get_engine

    data = (BILLS / "alipay_2026-10.csv").read_bytes()
    first = bill(easyauth, data)
    assert first.status == 201
    # Another worker process is in the middle of alice's next import.
    with limits.one_import(get_engine(), "alice"):
        answer = unchanged(easyauth, lambda: bill(easyauth, data))
        assert (answer.status, answer.code) == (409, "import_running")
        assert answer.body["error"]["message"] == (
            "Another bill import of yours is still running; try again when it is done."
        )
        assert int(answer.headers["Retry-After"]) >= 1
        assert bill(easyauth, data, lang="zh").body["error"]["message"].startswith("你的另一个账单导入还在进行")
        commit = easyauth("commit_import", "POST", route_params={"import_id": first.body["import_id"]})
        assert (commit.status, commit.code) == (409, "import_running")
        # Bob's imports are his own.
        assert bill(easyauth, data, who="bob").status == 201
    assert easyauth("commit_import", "POST", route_params={"import_id": first.body["import_id"]}).status == 201
    assert bill(easyauth, data).status == 201


def test_an_import_left_running_by_a_stopped_process_is_taken_over(easyauth):
    from records.dates import utcnow
    from records.db import get_engine
    from records.schema import running_imports

    with get_engine().begin() as conn:
        conn.execute(running_imports.insert().values(owner="alice", token="gone", started_at=utcnow()))
    assert bill(easyauth, (BILLS / "wechat_2026-10.csv").read_bytes()).code == "import_running"
    with get_engine().begin() as conn:
        conn.execute(running_imports.update().values(started_at=utcnow() - timedelta(hours=1)))
    assert bill(easyauth, (BILLS / "wechat_2026-10.csv").read_bytes()).status == 201
    with get_engine().connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(running_imports)).scalar() == 0


def test_a_failed_import_lets_the_next_one_run(easyauth):
    assert bill(easyauth, b"hello,world\n1,2\n").code == "unknown_bill_format"
    assert bill(easyauth, (BILLS / "wechat_2026-10.csv").read_bytes()).status == 201


# ------------------------------------------------------------------ per-minute budgets


@pytest.fixture
def budgets(easyauth, monkeypatch):
    from records.db import reset_engine
    from settings import get_settings

    for kind in ("IMPORT", "RETRY", "EXPORT"):
        monkeypatch.setenv(f"{kind}_RATE_PER_MINUTE", "2")
    get_settings.cache_clear()
    reset_engine()
    return easyauth


def refused_with_retry_after(answer, code: str, message: str) -> None:
    assert (answer.status, answer.code) == (429, code)
    assert answer.body["error"]["message"] == message
    assert 1 <= int(answer.headers["Retry-After"]) <= 61


def test_imports_past_the_budget_answer_429_with_retry_after(budgets):
    data = (BILLS / "wechat_2026-10.csv").read_bytes()
    assert [bill(budgets, data).status for _ in range(2)] == [201, 201]
    answer = unchanged(budgets, lambda: bill(budgets, data))
    refused_with_retry_after(answer, "imports_rate_limited", "Too many bill imports; wait a minute and try again.")
    assert bill(budgets, data, lang="zh").body["error"]["message"] == "导入账单太频繁了，请稍等一分钟再试"
    assert bill(budgets, data, who="bob").status == 201


def test_exports_past_the_budget_answer_429_with_retry_after(budgets):
    assert [budgets("export_records", params={"format": "csv"}).status for _ in range(2)] == [200, 200]
    answer = budgets("export_records", params={"format": "csv"})
    refused_with_retry_after(answer, "exports_rate_limited", "Too many exports; wait a minute and try again.")
    assert budgets("export_records", params={"format": "xlsx"}, who="bob").status == 200
    # A Beancount ledger is an export like the others: the same budget.
    answer = budgets("export_records", params={"format": "beancount"})
    refused_with_retry_after(answer, "exports_rate_limited", "Too many exports; wait a minute and try again.")
    assert budgets("export_records", params={"format": "beancount"}, who="bob").status == 200


def test_retries_past_the_budget_answer_429_with_retry_after(budgets):
    started = budgets("create_upload", "POST", body=UPLOAD).body["draft_id"]
    route = {"id": started}
    for _ in range(2):
        retried = budgets("retry_draft", "POST", route_params=route)
        assert retried.status == 200 and retried.body["error"]["code"] == "not_uploaded"
    answer = unchanged(budgets, lambda: budgets("retry_draft", "POST", route_params=route))
    refused_with_retry_after(
        answer, "retries_rate_limited", "Too many recognition retries; wait a minute, or fill it in by hand."
    )
    zh = budgets("retry_draft", "POST", route_params=route, lang="zh").body["error"]["message"]
    assert zh == "重新识别太频繁了，请稍等一分钟再试，或手动填写"


def test_budgets_default_to_ten_imports_ten_retries_and_twenty_exports(monkeypatch):
    from settings import get_settings

    for kind in ("IMPORT", "RETRY", "EXPORT"):
        monkeypatch.delenv(f"{kind}_RATE_PER_MINUTE", raising=False)
    get_settings.cache_clear()
    try:
        settings = get_settings()
        assert (settings.import_rate_per_minute, settings.retry_rate_per_minute, settings.export_rate_per_minute) == (
            10,
            10,
            20,
        )
    finally:
        get_settings.cache_clear()
