"""Quick entry (手动记一笔): amount keypad, category grid, expense/income, remembered choices, 保存 in thumb reach."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, Phone

pytestmark = pytest.mark.browser

NARROW_PHONE = {"width": 320, "height": 568}

# Every tap the person makes, except the amount's own keys (the brief counts "four taps plus the amount").
TAP_COUNTER = """
window.__taps = [];
document.addEventListener('click', (e) => {
  if (!e.isTrusted) return;
  const target = e.target instanceof Element ? e.target : null;
  if (target && target.closest('#new-keypad')) return;
  window.__taps.push(target ? (target.closest('a,button,summary,input,select') || target).textContent.trim() : '?');
}, true);
"""


def api_records(phone: Phone, q: str) -> list[dict]:
    answer = phone.page.request.get(f"{phone.base_url}/api/records", params={"q": q})
    assert answer.ok
    return answer.json()["records"]


def keypad(phone: Phone, digits: str) -> None:
    for key in digits:
        phone.page.locator("#new-keypad").get_by_role("button", name=key, exact=True).tap()


def test_a_cash_expense_is_the_amount_plus_at_most_four_taps_and_the_choices_are_remembered(phone):
    memo = f"快记{uuid.uuid4().hex[:6]}"
    number = uuid.uuid4().int
    amount = f"{number % 9000 + 1000}.{number % 90 + 10}"  # this test's own, among the session's records
    page = phone.page
    page.add_init_script(TAP_COUNTER)
    phone.open("#/")
    page.evaluate("localStorage.removeItem('snapledger.quick')")
    phone.open("#/")
    page.get_by_role("link", name="手动记一笔").tap()
    expect(page.get_by_role("heading", name="手动记一笔")).to_be_visible()
    keypad(phone, amount)
    expect(page.get_by_label("金额")).to_have_value(amount)
    page.get_by_role("button", name=re.compile("交通")).tap()
    page.get_by_role("button", name="保存").tap()
    expect(page).to_have_url(re.compile(r"#/records$"))
    taps = page.evaluate("window.__taps")
    assert len(taps) <= 4, taps
    [saved] = [r for r in api_records(phone, "交通") if r["amount"] == amount]
    assert (saved["direction"], saved["platform"], saved["source"]) == ("expense", "现金", "manual")

    # The next entry starts from the last category and platform: the amount and 保存 are enough.
    page.get_by_role("navigation").get_by_role("link", name="首页").click()
    page.get_by_role("link", name="手动记一笔").tap()
    expect(page.get_by_role("button", name=re.compile("交通"))).to_have_attribute("aria-pressed", "true")
    keypad(phone, "8")
    page.get_by_text("更多：").tap()
    page.get_by_label("备注").fill(memo)
    page.get_by_role("button", name="保存").tap()
    expect(page).to_have_url(re.compile(r"#/records$"))
    [again] = api_records(phone, memo)
    assert (again["amount"], again["category"], again["platform"]) == ("8.00", "交通", "现金")


def test_income_has_its_own_category_and_a_missing_amount_is_said_without_saving(phone):
    page = phone.page
    phone.open("#/new")
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" and "/api/records" in r.url else None)
    page.get_by_role("button", name="保存").tap()
    expect(page.locator("#new-amount-note")).to_have_text("请填写金额。")
    expect(page.get_by_role("alert")).to_contain_text("有内容需要修改")
    assert posts == []
    page.get_by_role("group", name="收支").get_by_role("button", name="收入").tap()
    income = page.get_by_role("group", name="分类").get_by_role("button", name="收入")
    expect(income).to_have_attribute("aria-pressed", "true")
    keypad(phone, "0.05")  # a leading zero is replaced, not kept: 0 then . then 0 5
    expect(page.get_by_label("金额")).to_have_value("0.05")
    keypad(phone, "9")  # two decimals at most
    expect(page.get_by_label("金额")).to_have_value("0.05")
    page.locator("#new-keypad").get_by_role("button", name="删除一位").tap()
    expect(page.get_by_label("金额")).to_have_value("0.0")


@pytest.mark.parametrize("viewport", [PHONE, NARROW_PHONE], ids=["390x844", "320x568"])
def test_save_is_within_thumb_reach_and_nothing_scrolls_sideways(browser, devhost_url, viewport):
    for lang, save in (("zh", "保存"), ("en", "Save")):
        device = Phone(browser, devhost_url, viewport, lang=lang)
        try:
            device.open("#/new")
            button = device.page.get_by_role("button", name=save, exact=True)
            expect(button).to_be_visible()
            box = button.bounding_box()
            # On screen without scrolling, in the lower half where a thumb reaches, above the tab bar.
            assert viewport["height"] / 2 < box["y"] and box["y"] + box["height"] <= viewport["height"] - 60, box
            keys = device.page.locator("#new-keypad button")
            assert keys.count() == 12
            last = keys.nth(11).bounding_box()
            assert last["y"] + last["height"] <= viewport["height"], last
            # The first row of categories stays in sight above the keypad: the three taps need no scrolling.
            first = device.page.locator("#new-cats .q-cat").first.bounding_box()
            assert first["y"] + first["height"] <= keys.first.bounding_box()["y"], first
            assert device.horizontal_overflow() == 0
            if viewport == PHONE:
                device.screenshot(f"quick-entry-{lang}")
            assert device.errors == [] and device.csp_violations() == []
        finally:
            device.close()
