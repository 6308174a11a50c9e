"""The ledger says it is busy (503 database_busy with Retry-After, its connection budget spent): the page asks a
read again after the wait and shows the list; a write, or a read still refused, shows the server's sentence."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_page import create_record, field, search, tag

pytestmark = pytest.mark.browser

BUSY = {
    "error": {
        "code": "database_busy",
        "message": "现在使用的人太多，请几秒后再试，你的内容没有丢失",
    }
}


def answer_busy(phone, matches, times: int | None = None) -> list[str]:
    """Answer the page's requests whose URL `matches` with 503 database_busy (Retry-After: 1), the first `times`
    of them (all when None), and pass later ones to the devhost; returns the URLs seen, in order."""
    seen: list[str] = []

    def handle(route):
        seen.append(route.request.method + " " + route.request.url)
        if times is None or len(seen) <= times:
            route.fulfill(
                status=503, headers={"Retry-After": "1"}, content_type="application/json", body=json.dumps(BUSY)
            )
        else:
            route.continue_()

    phone.page.route(matches, handle)
    return seen


def test_a_busy_answer_to_a_read_is_asked_again_and_the_list_shows(phone):
    shop = f"忙时{tag()}"
    create_record(phone, merchant=shop, amount="12.50")
    phone.open("#/records")
    seen = answer_busy(phone, lambda url: "/api/records?" in url and "q=" in url, times=1)
    search(phone, shop)
    expect(phone.page.locator(".rec", has_text=shop).locator(".rec-amount")).to_have_text("-¥12.50")
    expect(phone.page.locator("#error")).to_be_hidden()
    assert len(seen) == 2 and seen[0] == seen[1]


def test_a_read_still_busy_after_the_retries_shows_the_servers_sentence(phone):
    shop = f"一直忙{tag()}"
    phone.open("#/records")
    seen = answer_busy(phone, lambda url: "/api/records?" in url and "q=" in url)
    search(phone, shop)
    expect(phone.page.locator("#error-text")).to_have_text(BUSY["error"]["message"])
    assert len(seen) == 3  # the first ask and two more


def test_a_busy_answer_to_a_write_is_not_sent_again(phone):
    shop = f"忙时记账{tag()}"
    page = phone.page
    phone.open("#/new")
    seen = answer_busy(phone, lambda url: re.search(r"/api/records(\?|$)", url) is not None)
    field(page, "金额").fill("18")
    page.get_by_text("更多：").click()
    field(page, "商户").fill(shop)
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#error-text")).to_have_text(BUSY["error"]["message"])
    assert [s.split(" ")[0] for s in seen] == ["POST"]
    # The person's entry is still on the screen to save again.
    expect(field(page, "商户")).to_have_value(shop)
