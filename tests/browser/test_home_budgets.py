"""Budgets on 首页: every budget of the month with a bar, a warning from 80% and when it is passed."""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Phone
from tests.browser.test_page import create_record

pytestmark = pytest.mark.browser

NARROW_PHONE = {"width": 320, "height": 568}


def test_home_warns_as_a_category_nears_and_passes_its_budget(phone):
    tag = uuid.uuid4().hex[:4]
    near, over, calm = f"吃饭{tag}", f"打车{tag}", f"看书{tag}"
    now = datetime.now(ZoneInfo("Asia/Shanghai"))  # the ledger zone's month
    month = now.strftime("%Y-%m")
    when = now.replace(microsecond=0).isoformat()
    for category, amount in ((near, "85.00"), (over, "120.50"), (calm, "10.00")):
        create_record(phone, category=category, amount=amount, occurred_at=when)
    body = {
        "month": month,
        "budgets": [
            {"category": near, "amount": "100"},
            {"category": over, "amount": "100"},
            {"category": calm, "amount": "100"},
        ],
    }
    assert phone.page.request.put(f"{phone.base_url}/api/budgets", data=body).ok
    page = phone.page
    phone.open("#/")
    rows = page.locator("#home-budgets li")
    near_row = rows.filter(has_text=near)
    over_row = rows.filter(has_text=over)
    calm_row = rows.filter(has_text=calm)
    expect(near_row.locator(".budget-flag")).to_have_text("快用完了")
    expect(near_row).to_contain_text("¥85.00 / ¥100.00 · 还剩 ¥15.00")
    expect(over_row.locator(".budget-flag")).to_have_text("已超支")
    expect(over_row).to_contain_text("超出 ¥20.50")
    expect(calm_row.locator(".budget-flag")).to_be_hidden()
    # What needs attention comes first.
    names = [name for name in rows.locator(".budget-name").all_inner_texts() if tag in name]
    assert names == [over, near, calm]
    assert phone.horizontal_overflow() == 0
    phone.screenshot("home-budgets")
    page.get_by_role("button", name="English").click()
    expect(near_row.locator(".budget-flag")).to_have_text("Almost used up")
    expect(over_row).to_contain_text("¥120.50 of ¥100.00 · ¥20.50 over")


def test_the_budgets_card_fits_a_narrow_phone(browser, devhost_url):
    device = Phone(browser, devhost_url, NARROW_PHONE)
    try:
        device.open("#/")
        expect(device.page.get_by_role("heading", name="本月预算")).to_be_visible()
        assert device.horizontal_overflow() == 0
        assert device.errors == [] and device.csp_violations() == []
    finally:
        device.close()
