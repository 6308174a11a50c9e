"""账单: a month switcher (‹ 2026年11月 ›) and the totals of everything the filters match, summed by the server."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, Phone
from tests.browser.test_page import create_record, search

pytestmark = pytest.mark.browser

NARROW_PHONE = {"width": 320, "height": 568}


def months() -> tuple[datetime, datetime]:
    """The first day of this month and of the one before, in the ledger zone."""
    this = datetime.now(ZoneInfo("Asia/Shanghai")).replace(day=1, hour=9, minute=0, second=0, microsecond=0)
    return this, (this - timedelta(days=1)).replace(day=1)


def test_the_month_switcher_narrows_the_list_and_the_totals_count_every_page(phone):
    shop = f"月账{uuid.uuid4().hex[:6]}"
    this, last = months()
    for i in range(31):  # more than one page (30) of last month
        when = last + timedelta(hours=i * 5)
        create_record(phone, merchant=shop, amount="2.00", occurred_at=when.isoformat())
    create_record(phone, merchant=shop, amount="100.00", direction="income", occurred_at=last.isoformat())
    for _ in range(2):
        create_record(phone, merchant=shop, amount="5.00", occurred_at=this.isoformat())
    page = phone.page
    phone.open("#/records")
    totals = page.locator("#list-totals")
    label = page.locator("#month-label")
    expect(label).to_have_text("全部日期")
    search(phone, shop)
    expect(totals).to_have_text("支出 ¥72.00 · 收入 ¥100.00 · 共 34 笔")

    label.click()  # all dates → this month
    expect(label).to_have_text(f"{this.year}年{this.month}月")
    expect(totals).to_have_text("支出 ¥10.00 · 收入 ¥0.00 · 共 2 笔")
    expect(page.locator(".rec")).to_have_count(2)

    page.get_by_role("button", name="上个月").click()
    expect(label).to_have_text(f"{last.year}年{last.month}月")
    # The first page holds 30 of last month's 32 records: the totals are of all 32, summed by the server.
    expect(totals).to_have_text("支出 ¥62.00 · 收入 ¥100.00 · 共 32 笔")
    assert phone.horizontal_overflow() == 0
    phone.screenshot("records-month")

    page.get_by_role("button", name="下个月").click()
    expect(label).to_have_text(f"{this.year}年{this.month}月")
    label.click()  # back to all dates
    expect(label).to_have_text("全部日期")
    expect(totals).to_have_text("支出 ¥72.00 · 收入 ¥100.00 · 共 34 笔")

    # Deleting a record brings the totals down at once.
    page.locator(".rec").first.locator(".rec-row").click()
    page.get_by_role("button", name="删除").click()
    expect(totals).to_contain_text("共 33 笔")


@pytest.mark.parametrize("viewport", [PHONE, NARROW_PHONE], ids=["390x844", "320x568"])
def test_the_switcher_speaks_english_and_fits_a_narrow_phone(browser, devhost_url, viewport):
    this, _ = months()
    device = Phone(browser, devhost_url, viewport, lang="en")
    try:
        page = device.page
        device.open("#/records")
        label = page.locator("#month-label")
        expect(label).to_have_text("All dates")
        label.click()
        expect(label).to_have_text(f"{this:%B} {this.year}")
        expect(page.locator("#list-totals")).to_contain_text("Spent ¥")
        page.get_by_role("button", name="Previous month").click()
        expect(label).not_to_have_text(f"{this:%B} {this.year}")
        assert device.horizontal_overflow() == 0
        assert device.errors == [] and device.csp_violations() == []
    finally:
        device.close()


def test_the_calendar_shows_each_days_spending_and_a_tap_lists_that_day(phone):
    shop = f"逐日{uuid.uuid4().hex[:6]}"
    _, last = months()
    create_record(phone, merchant=shop, amount="12.00", occurred_at=(last + timedelta(days=2)).isoformat())
    create_record(phone, merchant=shop, amount="3.50", occurred_at=(last + timedelta(days=2, hours=3)).isoformat())
    create_record(phone, merchant=shop, amount="20.00", occurred_at=(last + timedelta(days=9)).isoformat())
    page = phone.page
    phone.open("#/records")
    search(phone, shop)
    page.get_by_role("button", name="日历", exact=True).click()
    calendar = page.locator("#calendar")
    expect(calendar).to_be_visible()  # this month, shown at once
    page.get_by_role("button", name="上个月").click()
    third = calendar.locator(f'.cal-day[data-day="{last:%Y-%m}-03"]')
    expect(third).to_contain_text("¥16")
    expect(third).to_have_accessible_name(re.compile(r"支出 ¥15\.50，收入 ¥0\.00，2 笔"))
    expect(calendar.locator(f'.cal-day[data-day="{last:%Y-%m}-10"]')).to_contain_text("¥20")
    expect(calendar.locator(f'.cal-day[data-day="{last:%Y-%m}-04"]')).to_have_accessible_name(re.compile("没有账单"))
    assert phone.horizontal_overflow() == 0
    phone.screenshot("records-calendar")
    third.click()
    expect(page.locator(".rec")).to_have_count(2)
    expect(page.locator("#list-totals")).to_have_text("支出 ¥15.50 · 收入 ¥0.00 · 共 2 笔")
    page.get_by_role("button", name="上个月").click()  # from a day, the arrows lead back to its month
    expect(page.locator("#month-label")).to_have_text(f"{last.year}年{last.month}月")
    expect(calendar).to_be_visible()
