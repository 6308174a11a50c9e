"""Issue 17 on the page: category names per language, filters that do not outlive their screen, numbers that
say what they are, and English on every screen. Chromium at 390 and 320 px against the session's devhost.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, Phone

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}
VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, NARROW], ids=["390px", "320px"])
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")


def tag() -> str:
    """A short unique suffix so tests sharing one devhost never see each other's data."""
    return uuid.uuid4().hex[:6]


def now_in_ledger() -> str:
    """This minute in the ledger's zone, as the API takes it (records of this month show on 首页)."""
    return datetime.now(ZoneInfo("Asia/Shanghai")).replace(second=0, microsecond=0).isoformat()


@pytest.fixture
def device(request, browser, devhost_url):
    """A phone in English at the test's viewport (390 px unless the test is parametrized)."""
    viewport = request.getfixturevalue("viewport") if "viewport" in request.fixturenames else PHONE
    phone = Phone(browser, devhost_url, viewport, lang="en")
    yield phone
    try:
        assert phone.errors == [], f"uncaught errors in the page: {phone.errors}"
        assert phone.csp_violations() == []
    finally:
        phone.close()


def create_record(phone: Phone, **fields) -> dict:
    """Add a record over the API beside the page."""
    body = {"direction": "expense", "amount": "10.00", "occurred_at": now_in_ledger(), **fields}
    answer = phone.page.request.post(f"{phone.base_url}/api/records", data=body)
    assert answer.status == 201, answer.text()
    return answer.json()


def go_tab(phone: Phone, name: str) -> None:
    """Tap a tab of the bottom navigation."""
    phone.page.get_by_role("navigation").get_by_role("link", name=name, exact=True).click()


@VIEWPORTS
def test_default_categories_read_in_english_and_uncategorized_is_one_word(device, viewport):
    t = tag()
    create_record(device, merchant=f"Noodles {t}", category="餐饮", amount="9100.00")
    create_record(device, merchant=f"Mystery {t}", category=None, amount="9000.00")
    page = device.page
    device.open("#/")
    # 首页: the top categories name 餐饮 in English, and a record with none is "Uncategorized" (not 其他 / Other).
    bars = page.locator("#top-cats")
    expect(bars).to_contain_text("Food & drink")
    expect(bars).to_contain_text("Uncategorized")
    expect(bars).not_to_contain_text("餐饮")
    expect(bars).not_to_contain_text("Other")

    go_tab(device, "Records")
    with page.expect_response(lambda r: "/api/records?" in r.url and t in r.url):
        page.get_by_role("searchbox").fill(t)
    row = page.locator(".rec", has_text=f"Noodles {t}")
    expect(row.locator(".rec-sub")).to_contain_text("Food & drink")
    expect(page.locator(".rec", has_text=f"Mystery {t}").locator(".rec-sub")).to_contain_text("Uncategorized")
    # The filter and the editor's select list the English names and keep the stored key as the value.
    options = page.locator("#f-category option")
    expect(options.filter(has_text="Food & drink")).to_have_attribute("value", "餐饮")
    expect(options.filter(has_text="Transport")).to_have_count(1)
    row.locator(".rec-row").click()
    select = row.get_by_label("Category")
    expect(select).to_have_value("餐饮")
    expect(select.locator("option:checked")).to_have_text("Food & drink")

    assert device.horizontal_overflow() == 0


@VIEWPORTS
def test_stats_and_budgets_name_categories_in_english(device, viewport):
    t = tag()
    create_record(device, merchant=f"Taxi {t}", category="交通", amount="33.00")
    page = device.page
    device.open("#/stats")
    screen = page.locator("#stats-screen")
    expect(screen.locator(".st-list").first).to_contain_text("Transport", timeout=30000)
    expect(screen.locator(".st-list").first).not_to_contain_text("交通")
    screen.get_by_text("Set monthly budgets").click()
    expect(screen.get_by_label("Transport", exact=True)).to_be_visible()
    expect(screen.get_by_label("Food & drink", exact=True)).to_be_visible()
    assert device.horizontal_overflow() == 0
