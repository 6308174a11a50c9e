"""分类 (issue 17): a book's own categories on the page. Add one with a sub-category and see both in quick entry,
rename and see its records follow, merge it into another; at 390 and 320 px in 简体中文, and once in English.
Names carry a per-test suffix: the tests share one devhost, and other tests' categories stay as they were.
"""

from __future__ import annotations

import re
import uuid
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, Phone

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}


def records_of(phone: Phone, category: str) -> list[dict]:
    answer = phone.page.request.get(f"{phone.base_url}/api/records", params={"category": category})
    assert answer.ok
    return answer.json()["records"]


def add_category(page, name: str, *, parent: str | None = None, icon: str = "", colour: str | None = None) -> None:
    form = page.locator("#cat-add-form")
    form.get_by_label("名称（1 到 16 个字）").fill(name)
    if parent:
        form.get_by_label("上级分类").select_option(label=parent)
    form.get_by_label("图标（一个表情或字，可不填）").fill(icon)
    if colour:
        form.get_by_label("颜色").select_option(label=colour)
    form.get_by_role("button", name="添加").tap()
    expect(page.locator(f'#cat-list li[data-category="{name}"]')).to_be_visible()


@pytest.mark.parametrize("viewport", [PHONE, NARROW], ids=["390px", "320px"])
def test_a_category_with_a_sub_category_is_offered_in_quick_entry_and_renaming_and_merging_carry_records(
    browser, devhost_url, viewport
):
    phone = Phone(browser, devhost_url, viewport)
    page = phone.page
    suffix = uuid.uuid4().hex[:6]
    pet, food, kitten = f"宠物{suffix}", f"猫粮{suffix}", f"猫咪{suffix}"
    saved = None
    try:
        phone.open("#/new")
        page.get_by_role("link", name="管理分类").tap()
        expect(page.get_by_role("heading", name="分类", exact=True)).to_be_visible()
        add_category(page, pet, icon="🐱", colour="蓝")
        add_category(page, food, parent=pet)
        expect(page.locator(f'#cat-list li[data-category="{food}"]')).to_contain_text(f"{pet} 的子分类")
        assert phone.horizontal_overflow() == 0
        # 上移: the order quick entry and the selects use (its sub-category moves with it).
        tops = page.locator("#cat-list li:not(.cat-sub)")
        before = tops.evaluate_all("(items) => items.map((li) => li.dataset.category)")
        above = before[before.index(pet) - 1]
        page.get_by_role("button", name=f"上移 {pet}").tap()
        expect(page.locator("#cat-list li:not(.cat-sub)").nth(before.index(pet) - 1)).to_have_attribute(
            "data-category", pet
        )

        # Quick entry offers the sub-category right after its parent, with the parent's chosen icon.
        phone.open("#/new")
        grid = page.locator("#new-cats .q-cat")
        keys = grid.evaluate_all("(buttons) => buttons.map((b) => b.dataset.category)")
        assert keys.index(food) == keys.index(pet) + 1 and keys.index(pet) < keys.index(above)
        expect(page.locator(f'#new-cats [data-category="{pet}"] .q-cat-icon')).to_have_text("🐱")
        for key in "42":
            page.locator("#new-keypad").get_by_role("button", name=key, exact=True).tap()
        page.get_by_role("button", name=re.compile(food)).tap()
        page.get_by_role("button", name="保存").tap()
        expect(page).to_have_url(re.compile(r"#/records$"))
        [saved] = records_of(phone, food)
        assert saved["amount"] == "42.00"

        # Renamed, the record follows.
        phone.open("#/categories")
        item = page.locator(f'#cat-list li[data-category="{food}"]')
        item.get_by_text("修改").tap()
        item.get_by_label("名称（1 到 16 个字）").fill(kitten)
        item.get_by_role("button", name="保存").tap()
        expect(page.locator(f'#cat-list li[data-category="{kitten}"]')).to_be_visible()
        assert [r["id"] for r in records_of(phone, kitten)] == [saved["id"]]
        assert records_of(phone, food) == []

        # Merged into its parent, the record is the parent's and the sub-category is gone.
        item = page.locator(f'#cat-list li[data-category="{kitten}"]')
        item.get_by_text("修改").tap()
        item.get_by_label(re.compile("合并到")).select_option(label=pet)
        item.get_by_role("button", name="合并").tap()
        page.locator("#confirm-ok").tap()
        expect(page.locator(f'#cat-list li[data-category="{kitten}"]')).to_have_count(0)
        assert [r["category"] for r in records_of(phone, pet)] == [pet]
        assert phone.horizontal_overflow() == 0
        assert phone.errors == [] and phone.csp_violations() == []
    finally:
        # Out of the shared book again (its record deleted, the categories hidden), so later tests, the English walk
        # among them, see only the defaults and their own.
        if saved:
            phone.page.request.delete(f"{phone.base_url}/api/records/{saved['id']}")
        for name in (kitten, food, pet):
            phone.page.request.delete(f"{phone.base_url}/api/categories/{quote(name)}")
        phone.close()


def test_in_english_a_refused_name_is_said_in_english_and_nothing_is_added(browser, devhost_url):
    phone = Phone(browser, devhost_url, PHONE, lang="en")
    page = phone.page
    try:
        phone.open("#/categories")
        expect(page.get_by_role("heading", name="Categories", exact=True)).to_be_visible()
        expect(page.locator('#cat-list li[data-category="餐饮"]')).to_contain_text("Food & drink")
        before = page.locator("#cat-list li").count()
        form = page.locator("#cat-add-form")
        form.get_by_label("Name (1 to 16 characters)").fill("餐饮")
        form.get_by_role("button", name="Add").tap()
        expect(page.locator("#cats-note")).to_have_text(
            "A category with that name already exists. Nothing was changed."
        )
        assert page.locator("#cat-list li").count() == before
        assert phone.errors == [] and phone.csp_violations() == []
    finally:
        phone.close()


def test_a_hidden_category_leaves_quick_entry_and_comes_back(phone):
    page = phone.page
    phone.open("#/categories")
    item = page.locator('#cat-list li[data-category="教育"]')
    item.get_by_text("修改").tap()
    item.get_by_role("button", name="隐藏").tap()
    page.locator("#confirm-ok").tap()
    hidden = page.locator('#cat-hidden li[data-category="教育"]')
    try:
        expect(hidden).to_be_visible()
        phone.open("#/new")
        expect(page.locator("#new-cats .q-cat").first).to_be_visible()
        expect(page.locator('#new-cats [data-category="教育"]')).to_have_count(0)
        phone.open("#/categories")
        hidden.get_by_role("button", name="恢复显示").tap()
        expect(page.locator('#cat-list li[data-category="教育"]')).to_be_visible()
    finally:
        page.request.patch(f"{phone.base_url}/api/categories/{quote('教育')}", data={"hidden": False})
    phone.open("#/new")
    expect(page.locator('#new-cats [data-category="教育"]')).to_have_count(1)


def key_path(phone: Phone, name: str) -> str:
    """The API path of category `name` as the page writes it: '~' and the base64url of the name."""
    import base64

    return f"{phone.base_url}/api/categories/~" + base64.urlsafe_b64encode(name.encode()).decode().rstrip("=")


def test_a_name_with_a_slash_or_a_percent_from_an_old_import_is_renamed_on_the_page(phone):
    page = phone.page
    suffix = uuid.uuid4().hex[:4]
    odd, plain = f"外卖/夜宵%{suffix}", f"夜宵{suffix}"
    made = page.request.post(
        f"{phone.base_url}/api/records",
        data={"amount": "18.00", "occurred_at": "2026-11-03T21:00:00+08:00", "category": odd},
    )
    assert made.ok
    record = made.json()
    try:
        phone.open("#/categories")
        item = page.locator(f'#cat-list li[data-category="{odd}"]')
        item.get_by_text("修改").tap()
        item.get_by_label("名称（1 到 16 个字）").fill(plain)
        item.get_by_role("button", name="保存").tap()
        expect(page.locator(f'#cat-list li[data-category="{plain}"]')).to_be_visible()
        assert [r["id"] for r in records_of(phone, plain)] == [record["id"]]
    finally:
        page.request.delete(f"{phone.base_url}/api/records/{record['id']}")
        for name in (plain, odd):
            page.request.delete(key_path(phone, name))


def test_a_hidden_category_still_names_its_records_but_no_new_entry_offers_it(phone):
    page = phone.page
    suffix = uuid.uuid4().hex[:4]
    pet = f"宠物{suffix}"
    saved = None
    try:
        phone.open("#/categories")
        add_category(page, pet)
        # Saved once from quick entry, so this phone remembers it as the last category.
        phone.open("#/new")
        for key in "27":
            page.locator("#new-keypad").get_by_role("button", name=key, exact=True).tap()
        page.get_by_role("button", name=re.compile(pet)).tap()
        page.get_by_role("button", name="保存").tap()
        expect(page).to_have_url(re.compile(r"#/records$"))
        [saved] = records_of(phone, pet)
        # Removed on the 分类 screen while a record carries it: hidden, not gone.
        phone.open("#/categories")
        item = page.locator(f'#cat-list li[data-category="{pet}"]')
        item.get_by_text("修改").tap()
        item.get_by_role("button", name="删除").tap()
        page.locator("#confirm-ok").tap()
        expect(page.locator(f'#cat-hidden li[data-category="{pet}"]')).to_be_visible()

        # Quick entry neither offers nor presses it: a new entry is never saved under a hidden category unseen.
        phone.open("#/new")
        expect(page.locator("#new-cats .q-cat").first).to_be_visible()
        expect(page.locator(f'#new-cats [data-category="{pet}"]')).to_have_count(0)
        expect(page.locator('#new-cats .q-cat[aria-pressed="true"]')).to_have_count(0)

        # 账单 names it on the record, and the editor keeps it chosen.
        phone.open("#/records")
        row = page.locator(f'#records-list [data-id="{saved["id"]}"]')
        expect(row).to_contain_text(pet)
        row.locator(".rec-row").click()
        expect(page.locator("#records-list select[name=category]")).to_have_value(pet)
        selected = page.locator("#records-list select[name=category] option:checked")
        expect(selected).to_have_text(pet)
        assert phone.horizontal_overflow() == 0
    finally:
        if saved:
            page.request.delete(f"{phone.base_url}/api/records/{saved['id']}")
        page.request.delete(key_path(phone, pet))
