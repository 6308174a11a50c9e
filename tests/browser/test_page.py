"""The mobile page in Chromium at phone viewports, against the real devhost (Azurite, SQLite, offline OCR)."""

from __future__ import annotations

import base64
import re
import uuid
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, SMALL_PHONE, Phone
from tests.fixtures.bills.make_bills import WECHAT_HEADER, WECHAT_PREAMBLE
from tests.fixtures.render import render_png

pytestmark = pytest.mark.browser

RECOGNITION_TIMEOUT = 120_000  # offline OCR on a busy two-core machine


def tag() -> str:
    """A short unique suffix so tests sharing one devhost never see each other's data."""
    return uuid.uuid4().hex[:6]


def screenshot_file(tmp_path, name: str, kind: str = "wechat_detail", **fields):
    """Write a rendered payment screenshot to a file the page can pick, with an order number of its own unless given
    (tests share one devhost: a shared default number would make every later screenshot a likely duplicate)."""
    fields.setdefault("order_no", f"42000{uuid.uuid4().int % 10**23:023d}")
    path = tmp_path / name
    path.write_bytes(render_png(kind, **fields))
    return path


def blank_png(tmp_path, name: str = "blank.png"):
    """A plain white image: nothing on it is a payment."""
    path = tmp_path / name
    Image.new("RGB", (360, 640), "white").save(path)
    return path


def pick(phone: Phone, *paths) -> None:
    """Open 记一笔 from the tab bar and choose files in the picker."""
    phone.page.get_by_role("navigation").get_by_role("link", name="记一笔").click()
    expect(phone.page.get_by_role("heading", name="记一笔")).to_be_visible()
    phone.page.set_input_files("#file-input", [str(p) for p in paths])


def queued(phone: Phone, filename: str):
    """The upload-queue row of `filename`, once recognition has settled (its 核对/手动填写 link shows)."""
    row = phone.page.locator(".q-item", has_text=filename)
    expect(row.locator(".q-open")).to_be_visible(timeout=RECOGNITION_TIMEOUT)
    return row


def field(scope, label: str):
    """A form control by its visible label, on the screen showing now (or inside `scope`)."""
    if hasattr(scope, "locator") and hasattr(scope, "goto"):
        scope = scope.locator("main > .view:not([hidden])")
    return scope.get_by_label(label, exact=False)


def search(phone: Phone, text: str) -> None:
    """Type into the records search box and wait for the filtered list to arrive."""
    with phone.page.expect_response(lambda r: "/api/records?" in r.url and "q=" in r.url):
        phone.page.get_by_role("searchbox").fill(text)


def api_records(phone: Phone, q: str) -> list[dict]:
    """What the server holds for a search, read over HTTP beside the page."""
    answer = phone.page.request.get(f"{phone.base_url}/api/records", params={"q": q})
    assert answer.ok
    return answer.json()["records"]


def test_screenshot_to_record_and_back(phone, tmp_path):
    """Upload → review shows the amount → edit → confirm → listed → edit in place → delete → undo."""
    merchant = f"山顶咖啡{tag()}"
    shot = screenshot_file(
        tmp_path,
        "wechat.png",
        merchant="瑞幸咖啡",
        amount="128.50",
        occurred_at="2026-11-03 12:34:56",
        payment_method="招商银行信用卡(6789)",
        order_no=f"42000{uuid.uuid4().int % 10**12:012d}",
    )
    page = phone.page
    phone.open()
    pick(phone, shot)
    row = page.locator(".q-item", has_text="wechat.png")
    expect(row.locator("progress")).to_have_count(1)
    queued(phone, "wechat.png").locator(".q-open").click()

    expect(page.get_by_role("heading", name="核对")).to_be_visible()
    expect(field(page, "金额")).to_have_value("128.50")
    expect(field(page, "时间")).to_have_value(re.compile(r"^2026-11-03T12:34(:56)?$"))
    expect(page.locator("#review-img")).to_be_visible()
    for label in ("收支", "商户", "支付平台", "支付方式", "分类", "备注", "订单号"):
        expect(field(page, label)).to_be_visible()
    assert field(page, "金额").get_attribute("inputmode") == "decimal"
    assert field(page, "时间").get_attribute("type") == "datetime-local"
    phone.screenshot("review")

    field(page, "商户").fill(merchant)
    page.get_by_role("button", name="确认").click()

    expect(page).to_have_url(re.compile(r"#/records$"))
    record = page.locator(".rec", has_text=merchant)
    expect(record).to_be_visible()
    expect(record.locator(".rec-amount")).to_have_text("-¥128.50")
    phone.screenshot("records")

    search(phone, merchant)
    expect(page.locator(".rec")).to_have_count(1)
    day = page.locator("section.day", has=record)
    expect(day.locator(".day-total")).to_contain_text("¥128.50")

    record.locator(".rec-row").click()
    editor = record.locator("form.editor")
    field(editor, "金额").fill("99")
    editor.get_by_role("button", name="保存").click()
    expect(record.locator(".rec-amount")).to_have_text("-¥99.00")
    expect(day.locator(".day-total")).to_contain_text("¥99.00")
    assert [r["amount"] for r in api_records(phone, merchant)] == ["99.00"]

    record.locator(".rec-row").click()
    record.locator("form.editor").get_by_role("button", name="删除").click()
    expect(page.locator(".rec", has_text=merchant)).to_have_count(0)
    assert api_records(phone, merchant) == []
    snackbar = page.locator("#snackbar")
    expect(snackbar).to_contain_text(merchant)
    snackbar.get_by_role("button", name="撤销").click()
    expect(page.locator(".rec", has_text=merchant)).to_be_visible()
    assert [r["amount"] for r in api_records(phone, merchant)] == ["99.00"]

    page.get_by_role("navigation").get_by_role("link", name="首页").click()
    expect(page.locator("#month-expense")).not_to_have_text("—")
    phone.screenshot("home")


def test_several_screenshots_at_once(phone, tmp_path):
    """Two screenshots picked together each get a progress bar and fill in as recognition finishes."""
    first = screenshot_file(tmp_path, "one.png", "wechat_detail", merchant="全家便利店", amount="12.30")
    second = screenshot_file(tmp_path, "two.png", "alipay_detail", merchant="滴滴出行", amount="45.60")
    phone.open()
    pick(phone, first, second)
    expect(phone.page.locator(".q-item")).to_have_count(2)
    expect(phone.page.locator(".q-item progress")).to_have_count(2)
    expect(queued(phone, "one.png").locator(".q-summary")).to_contain_text("¥12.30")
    expect(queued(phone, "two.png").locator(".q-summary")).to_contain_text("¥45.60")
    phone.screenshot("upload")

    page = phone.page
    page.get_by_role("navigation").get_by_role("link", name="首页").click()
    inbox = page.locator("#inbox")
    expect(inbox).to_contain_text("¥12.30")
    expect(inbox).to_contain_text("¥45.60")

    inbox.get_by_role("link", name=re.compile("12.30")).click()
    expect(field(page, "金额")).to_have_value("12.30")
    page.get_by_role("button", name="确认").click()
    page.locator("#snackbar").get_by_role("button", name="核对下一张").click()
    expect(field(page, "金额")).to_have_value("45.60")
    page.get_by_role("button", name="确认").click()
    expect(page.locator("#snackbar")).to_be_hidden()
    page.get_by_role("navigation").get_by_role("link", name="记一笔").click()
    expect(page.locator(".q-item .q-state")).to_have_text(["已确认", "已确认"])


def test_failed_recognition_opens_an_empty_form(small_phone, tmp_path):
    """A picture with no payment in it says so, and the same form opens empty to fill in by hand."""
    phone = small_phone
    page = phone.page
    merchant = f"菜市场{tag()}"
    phone.open()
    pick(phone, blank_png(tmp_path))
    queued(phone, "blank.png").locator(".q-open").click()

    expect(page.locator("#review-state")).to_contain_text("没能")
    expect(field(page, "金额")).to_have_value("")
    expect(field(page, "收支")).to_have_value("expense")
    expect(field(page, "时间")).not_to_have_value("")
    assert phone.horizontal_overflow() == 0

    page.get_by_role("button", name="确认").click()
    expect(field(page, "金额")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#error")).to_be_visible()

    field(page, "金额").fill("23.5")
    field(page, "商户").fill(merchant)
    field(page, "分类").select_option("餐饮")
    page.get_by_role("button", name="确认").click()
    expect(page).to_have_url(re.compile(r"#/records$"))
    expect(page.locator(".rec", has_text=merchant).locator(".rec-amount")).to_have_text("-¥23.50")
    assert phone.horizontal_overflow() == 0
    [saved] = api_records(phone, merchant)
    assert saved["amount"] == "23.50" and saved["category"] == "餐饮" and saved["occurred_at"].endswith("+08:00")


def test_same_order_number_twice_warns(phone, tmp_path):
    """A second screenshot of an already recorded order shows a duplicate warning before confirming."""
    order_no = f"42000{uuid.uuid4().int % 10**12:012d}"
    page = phone.page
    phone.open()
    pick(phone, screenshot_file(tmp_path, "first.png", merchant="肯德基", amount="36.00", order_no=order_no))
    queued(phone, "first.png").locator(".q-open").click()
    expect(page.locator(".dup-warning")).to_be_hidden()
    page.get_by_role("button", name="确认").click()
    expect(page).to_have_url(re.compile(r"#/records$"))

    pick(phone, screenshot_file(tmp_path, "again.png", merchant="肯德基", amount="36.00", order_no=order_no))
    queued(phone, "again.png").locator(".q-open").click()
    warning = page.locator(".dup-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("可能重复")
    expect(warning).to_contain_text(order_no)

    with page.expect_response(lambda r: r.url.endswith("/retry")) as retried:
        page.get_by_role("button", name="重新识别").click()
    assert retried.value.ok
    expect(field(page, "金额")).to_have_value("36.00", timeout=RECOGNITION_TIMEOUT)
    expect(page.locator(".dup-warning")).to_be_visible()
    page.get_by_role("button", name="放弃").click()
    page.get_by_role("dialog").get_by_role("button", name="放弃").click()
    expect(page).to_have_url(re.compile(r"#/$"))


def test_edit_conflict_shows_current_values(phone):
    """Saving over a record changed elsewhere shows what is saved now, and the person can re-apply."""
    merchant = f"书店{tag()}"
    page = phone.page
    created = page.request.post(
        f"{phone.base_url}/api/records",
        data={
            "direction": "expense",
            "amount": "58.00",
            "occurred_at": "2026-11-20T09:00:00+08:00",
            "merchant": merchant,
        },
    )
    assert created.status == 201
    record = created.json()
    phone.open("#/records")
    search(phone, merchant)
    expect(page.locator(".rec")).to_have_count(1)
    row = page.locator(".rec", has_text=merchant)
    row.locator(".rec-row").click()
    editor = row.locator("form.editor")
    field(editor, "备注").fill("我的备注")

    elsewhere = page.request.patch(
        f"{phone.base_url}/api/records/{record['id']}", data={"amount": "60.00", "version": record["version"]}
    )
    assert elsewhere.ok
    editor.get_by_role("button", name="保存").click()
    conflict = editor.locator(".conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("¥60.00")
    conflict.get_by_role("button", name="用我的修改覆盖").click()
    expect(row.locator(".rec-amount")).to_have_text("-¥58.00")
    [saved] = api_records(phone, merchant)
    assert saved["memo"] == "我的备注" and saved["amount"] == "58.00"


def test_english_switch_is_remembered(phone):
    """The language button turns the page English, and a reload keeps it."""
    page = phone.page
    phone.open()
    expect(page.get_by_role("navigation").get_by_role("link", name="账单")).to_be_visible()
    page.get_by_role("button", name=re.compile("English")).click()
    nav = page.get_by_role("navigation")
    expect(nav.get_by_role("link", name="Records")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.reload()
    expect(page.get_by_role("navigation").get_by_role("link", name="Records")).to_be_visible()
    page.get_by_role("navigation").get_by_role("link", name="Add").click()
    expect(page.get_by_role("heading", name="Add")).to_be_visible()
    page.get_by_role("link", name="No screenshot? Add one by hand").click()
    expect(field(page, "Amount")).to_be_visible()
    expect(page.get_by_text("More: merchant, memo, time, payment method")).to_be_visible()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#error")).to_contain_text("fixing")
    # The API answers in the page's language too (Accept-Language follows the switch).
    page.goto(f"{phone.base_url}/#/review/00000000-0000-4000-8000-000000000000")
    expect(page.locator("#error")).to_be_visible()
    assert not re.search(r"[\u4e00-\u9fff]", page.locator("#error-text").inner_text())
    page.get_by_role("button", name=re.compile("中文")).click()
    expect(page.get_by_role("navigation").get_by_role("link", name="账单")).to_be_visible()


@pytest.mark.parametrize(
    ("viewport", "lang"),
    [(PHONE, None), (SMALL_PHONE, None), (SMALL_PHONE, "en")],
    ids=["390x844", "360x800", "360x800-en"],
)
def test_no_screen_scrolls_sideways(browser, devhost_url, viewport, lang):
    """Every screen fits the phone's width, even with a very long merchant name; no CSP violation on the way."""
    device = Phone(browser, devhost_url, viewport, lang=lang)
    try:
        long_name = "非常非常长的商户名称" * 5 + "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" * 2
        answer = device.page.request.post(
            f"{devhost_url}/api/records",
            data={
                "direction": "expense",
                "amount": "1234567.89",
                "occurred_at": "2026-11-21T10:00:00+08:00",
                "merchant": long_name,
                "payment_method": "招商银行信用卡(6789)" * 3,
            },
        )
        assert answer.status == 201
        for route in ("#/", "#/upload", "#/new", "#/stats", "#/records"):
            device.open(route)
            device.page.wait_for_load_state("networkidle")
            assert device.horizontal_overflow() == 0, route
        # All four tabs fit side by side, each label whole on its tab.
        tabs = device.page.eval_on_selector_all(
            ".tabs a",
            """(links) => links.map((a) => {
                const box = a.getBoundingClientRect();
                return [box.left >= 0 && box.right <= window.innerWidth + 0.5, a.scrollWidth <= a.clientWidth];
            })""",
        )
        assert tabs == [[True, True]] * 4
        device.page.locator(".rec", has_text=long_name[:20]).first.locator(".rec-row").click()
        assert device.horizontal_overflow() == 0
        # The Beancount account editor, opened, lists that long payment method within the width too.
        device.open("#/stats/import")
        summary = device.page.locator("#stats-import details.im-accounts summary")
        expect(summary).to_be_visible(timeout=30000)
        summary.click()
        expect(device.page.locator("#stats-import input.im-account-input").first).to_be_visible()
        assert device.horizontal_overflow() == 0, "#/stats/import with the Beancount accounts open"
        assert device.errors == []
        assert device.csp_violations() == []
    finally:
        device.close()


def create_record(phone: Phone, **fields) -> dict:
    """Add a record over the API beside the page (manual source)."""
    body = {"direction": "expense", "amount": "10.00", "occurred_at": "2026-11-10T08:00:00+08:00", **fields}
    answer = phone.page.request.post(f"{phone.base_url}/api/records", data=body)
    assert answer.status == 201, answer.text()
    return answer.json()


def test_manual_entry_shows_on_home(phone):
    """Adding a payment by hand lists it and counts it in today's spending on the home screen."""
    merchant = f"早餐铺{tag()}"
    page = phone.page
    phone.open("#/new")
    field(page, "金额").fill("18")
    page.get_by_text("更多：").click()  # merchant, memo, time and method are folded away
    field(page, "商户").fill(merchant)
    page.get_by_role("button", name="保存").click()
    expect(page).to_have_url(re.compile(r"#/records$"))
    expect(page.locator(".rec", has_text=merchant).locator(".rec-amount")).to_have_text("-¥18.00")
    page.get_by_role("navigation").get_by_role("link", name="首页").click()
    expect(page.locator("#today-expense")).not_to_have_text(re.compile(r"^(—|¥0\.00)$"))
    expect(page.locator("#month-count")).not_to_have_text("共 0 笔")


def test_filters_narrow_the_list(phone):
    """Direction and date-range filters combine with the search box."""
    t = tag()
    create_record(phone, merchant=f"早餐{t}", occurred_at="2026-11-10T08:00:00+08:00")
    create_record(
        phone, merchant=f"工资{t}", direction="income", amount="8000.00", occurred_at="2026-11-15T09:00:00+08:00"
    )
    page = phone.page
    phone.open("#/records")
    search(phone, t)
    expect(page.locator(".rec")).to_have_count(2)
    page.get_by_text("筛选", exact=True).click()
    with page.expect_response(lambda r: "direction=income" in r.url):
        field(page, "收支").select_option("income")
    expect(page.locator(".rec")).to_have_count(1)
    expect(page.locator(".rec-amount")).to_have_text("+¥8,000.00")
    with page.expect_response(lambda r: "/api/records?" in r.url and "direction" not in r.url):
        field(page, "收支").select_option("")
    with page.expect_response(lambda r: "to=2026-11-12" in r.url):
        field(page, "结束日期").fill("2026-11-12")
    expect(page.locator(".rec")).to_have_count(1)
    expect(page.locator(".rec")).to_contain_text(f"早餐{t}")


def test_scrolling_loads_the_next_page(phone):
    """More records than one page arrive as the person scrolls, grouped by day with each day's total."""
    t = tag()
    for i in range(36):
        # March 2025: far from the months other browser tests count in their statistics.
        when = f"2025-03-{1 + i // 4:02d}T08:{i:02d}:00+08:00"
        create_record(phone, merchant=f"地铁{t}-{i:02d}", amount="3.00", occurred_at=when)
    page = phone.page
    phone.open("#/records")
    search(phone, t)
    expect(page.locator(".rec")).to_have_count(30)
    expect(page.locator("section.day").first.locator(".day-total")).to_contain_text("¥12.00")
    page.locator("#records-sentinel").scroll_into_view_if_needed()
    expect(page.locator(".rec")).to_have_count(36)
    expect(page.locator("#records-end")).to_be_visible()
    assert page.locator("section.day").count() == 9


def test_shared_screenshots_land_in_the_upload_queue(phone, tmp_path):
    """Files shared into the installed app (Web Share Target via the service worker) join the upload queue."""
    page = phone.page
    phone.open()
    # The worker claims the page once active (wait_for_function would need eval, which the CSP forbids).
    page.evaluate(
        """async () => {
            await navigator.serviceWorker.ready;
            if (!navigator.serviceWorker.controller) {
                await new Promise((done) => navigator.serviceWorker.addEventListener('controllerchange', done));
            }
        }"""
    )
    png = base64.b64encode(render_png("wechat_detail", merchant="奈雪的茶", amount="27.00")).decode()
    redirected = page.evaluate(
        """async (b64) => {
            const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
            const form = new FormData();
            form.append('screenshots', new File([bytes], 'shared.png', { type: 'image/png' }));
            const answer = await fetch('/share-target', { method: 'POST', body: form });
            return answer.ok && answer.redirected && new URL(answer.url).pathname;
        }""",
        png,
    )
    assert redirected == "/"  # the service worker answered with its redirect to the page
    page.goto(f"{phone.base_url}/?source=share#/upload?shared=1")
    expect(queued(phone, "shared.png").locator(".q-summary")).to_contain_text("¥27.00")


def test_installable_manifest(phone):
    """The manifest names the app, its icons exist, and it declares the share target."""
    manifest = phone.page.request.get(f"{phone.base_url}/manifest.webmanifest")
    assert manifest.ok and "manifest+json" in manifest.headers["content-type"]
    body = manifest.json()
    assert body["display"] == "standalone" and body["start_url"].startswith("/")
    assert body["share_target"]["action"] == "/share-target"
    sizes = {icon["sizes"] for icon in body["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in body["icons"]:
        assert phone.page.request.get(f"{phone.base_url}/{icon['src']}").ok


def test_dark_theme_follows_the_system(browser, devhost_url):
    """With a dark system theme the page turns dark too (and stays readable)."""
    device = Phone(browser, devhost_url, PHONE)
    try:
        device.page.emulate_media(color_scheme="dark")
        device.open("#/records")
        background = device.page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(16, 19, 17)"
        device.page.wait_for_load_state("networkidle")
        device.screenshot("records-dark")
    finally:
        device.close()


def test_low_confidence_fields_are_marked(phone):
    """A field read with confidence under 0.6 carries a visible badge and a screen-reader description."""
    page = phone.page
    phone.open("#/new")
    # Build the review editor through the page's own module, with scores a recognizer might give.
    page.evaluate(
        """async () => {
            const { createFieldEditor } = await import('/js/fields.js');
            const editor = createFieldEditor(
                { direction: 'expense', amount: '12.00', occurred_at: '2026-11-03T12:34:56+08:00', merchant: '某商户' },
                { confidence: { amount: 0.95, merchant: 0.3, occurred_at: 0.59 } },
            );
            document.getElementById('new-form').replaceChildren(editor.element);
        }"""
    )
    view = page.locator("#view-new")
    merchant = view.locator(".field[data-field=merchant]")
    expect(merchant.locator(".low-badge")).to_be_visible()
    expect(merchant.locator(".low-badge")).to_have_text("请核对 · 看不清")
    expect(field(page, "商户")).to_have_accessible_description(re.compile("请核对"))
    expect(view.locator(".field[data-field=occurred_at] .low-badge")).to_be_visible()
    expect(view.locator(".field[data-field=amount] .low-badge")).to_be_hidden()
    expect(field(page, "时间")).to_have_value("2026-11-03T12:34:56")


def test_files_that_are_not_screenshots_are_refused_in_place(phone, tmp_path):
    """A text file or an oversized image is refused on the phone with a sentence, without uploading."""
    text = tmp_path / "notes.txt"
    text.write_text("not an image")
    big = tmp_path / "huge.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * (10 * 1024 * 1024 + 1))
    page = phone.page
    phone.open()
    uploads = []
    page.on("request", lambda r: uploads.append(r.url) if "/api/uploads" in r.url else None)
    pick(phone, text, big)
    expect(page.locator(".q-item", has_text="notes.txt")).to_contain_text("只支持 PNG、JPEG、WebP、HEIC 图片")
    expect(page.locator(".q-item", has_text="huge.png")).to_contain_text("10 MB")
    assert uploads == []


def test_errors_are_sentences(phone):
    """A missing draft shows the server's sentence; a lost connection shows the page's own sentence."""
    page = phone.page
    phone.open("#/review/00000000-0000-4000-8000-000000000000")
    error = page.locator("#error")
    expect(error).to_be_visible()
    expect(error).not_to_contain_text("{")
    expect(error).not_to_contain_text("Traceback")

    phone.open("#/")
    phone.context.set_offline(True)
    try:
        page.get_by_role("navigation").get_by_role("link", name="账单").click()
        expect(error).to_contain_text("网络连接失败")
    finally:
        phone.context.set_offline(False)


def test_times_stay_in_the_ledger_zone_on_a_travelling_phone(browser, devhost_url):
    """A phone set to Los Angeles still shows and edits Shanghai wall-clock times (no day shifts)."""
    device = Phone(browser, devhost_url, PHONE, timezone="America/Los_Angeles")
    try:
        merchant = f"夜宵{tag()}"
        record = create_record(device, merchant=merchant, occurred_at="2026-11-03T00:30:00+08:00")
        device.open("#/records")
        search(device, merchant)
        row = device.page.locator(".rec", has_text=merchant)
        expect(row).to_contain_text("00:30")
        expect(device.page.locator("section.day", has=row).locator(".day-label")).to_contain_text("11月3日")
        row.locator(".rec-row").click()
        editor = row.locator("form.editor")
        expect(field(editor, "时间")).to_have_value(re.compile(r"^2026-11-03T00:30(:00)?$"))
        field(editor, "时间").fill("2026-11-04T23:59:00")
        with device.page.expect_request(lambda r: r.method == "PATCH") as patch:
            editor.get_by_role("button", name="保存").click()
        assert patch.value.post_data_json == {"occurred_at": "2026-11-04T23:59:00+08:00", "version": record["version"]}
        [saved] = api_records(device, merchant)
        assert saved["occurred_at"] == "2026-11-04T23:59:00+08:00"
        assert device.errors == [] and device.csp_violations() == []
    finally:
        device.close()


def test_a_days_heading_nets_refunds_as_the_server_does(phone):
    """The 账单 day heading's spending: refunds count against it (never below zero), transfers not at all, as
    records/money.py counts the totals the server sends."""
    phone.open("#/records")
    sums = phone.page.evaluate(
        """async () => {
            const { netTotals } = await import('/js/money.js');
            const day = [
                { direction: 'expense', amount: '100.00' }, { direction: 'refund', amount: '30.00' },
                { direction: 'income', amount: '50.00' }, { direction: 'transfer', amount: '20.00' },
            ];
            return [netTotals(day), netTotals([{ direction: 'refund', amount: '5.00' }])];
        }"""
    )
    assert sums == [{"expense": 7000, "income": 5000}, {"expense": 0, "income": 0}]


def test_amounts_typed_loosely_are_read_exactly(phone):
    """Amounts are parsed as text into cents (no floating point): what a person types becomes the wire form."""
    phone.open("#/new")
    parsed = phone.page.evaluate(
        """async () => {
            const { parseAmountInput } = await import('/js/money.js');
            const cases = ['128.5', '¥1,234.56', '０.１', '0.29', ' 7 ', '1.005', '0', 'abc', '', '10000000000'];
            return cases.map((text) => parseAmountInput(text));
        }"""
    )
    assert parsed == [
        {"value": "128.50"},
        {"value": "1234.56"},
        {"value": "0.10"},
        {"value": "0.29"},
        {"value": "7.00"},
        {"error": "f.amountInvalid"},
        {"error": "f.amountZero"},
        {"error": "f.amountInvalid"},
        {"error": "f.amountRequired"},
        {"error": "f.amountTooBig"},
    ]


def test_every_module_is_preloaded():
    """index.html preloads exactly the page's modules, so a slow network fetches them in one round; the 统计
    screen's modules (js/stats/, js/bills/) load when that screen first opens and are never preloaded."""
    site = Path(__file__).resolve().parents[2] / "static_site"
    html = (site / "index.html").read_text(encoding="utf-8")
    preloaded = set(re.findall(r'<link rel="modulepreload" href="([^"]+)">', html))
    modules = {str(p.relative_to(site)) for p in (site / "js").rglob("*.js")} - {"js/app.js"}
    lazy = {name for name in modules if name.startswith(("js/stats/", "js/bills/"))}
    assert lazy and preloaded == modules - lazy


def test_wall_clock_conversion_follows_the_ledger_zone(phone):
    """datetime-local values gain the ledger zone's offset (DST included) and API instants show as its wall time."""
    phone.open("#/new")
    converted = phone.page.evaluate(
        """async () => {
            const time = await import('/js/time.js');
            const out = [
                time.localInputToIso('2026-11-03T12:34:56'),
                time.localInputToIso('2026-11-03T12:34'),
                time.isoToLocalInput('2026-11-03T04:34:56Z'),
                time.isoToLocalInput('2026-11-03T12:34:56+08:00'),
                time.isoToLocalInput('2026-11-02T23:30:00-05:00'),
            ];
            time.setLedgerTz('Europe/Berlin');
            out.push(time.localInputToIso('2026-07-01T12:00'), time.localInputToIso('2026-01-01T12:00'));
            time.setLedgerTz('Asia/Shanghai');
            return out;
        }"""
    )
    assert converted == [
        "2026-11-03T12:34:56+08:00",
        "2026-11-03T12:34:00+08:00",
        "2026-11-03T12:34:56",
        "2026-11-03T12:34:56",
        "2026-11-03T12:30:00",
        "2026-07-01T12:00:00+02:00",
        "2026-01-01T12:00:00+01:00",
    ]


def test_other_screens_can_open_a_filtered_list(phone):
    """A `snapledger:filter` event (the statistics screen's "show these records") opens 账单 filtered."""
    t = tag()
    create_record(phone, merchant=f"电影院{t}", category="娱乐", occurred_at="2026-11-08T20:00:00+08:00")
    create_record(phone, merchant=f"面馆{t}", category="餐饮", occurred_at="2026-11-08T12:00:00+08:00")
    page = phone.page
    phone.open("#/")
    with page.expect_response(lambda r: "category=" in r.url and "from=2026-11-08" in r.url):
        page.evaluate(
            """() => document.querySelector('main').dispatchEvent(new CustomEvent('snapledger:filter', {
                bubbles: true, detail: { category: '娱乐', from: '2026-11-08', to: '2026-11-08' },
            }))"""
        )
    expect(page).to_have_url(re.compile(r"#/records$"))
    expect(page.locator(".rec", has_text=f"面馆{t}")).to_have_count(0)
    expect(page.locator(".rec", has_text=f"电影院{t}")).to_be_visible()
    expect(field(page, "分类")).to_have_value("娱乐")


def test_a_bill_list_confirms_only_the_kept_items(phone, tmp_path):
    """A screenshot of a bill list gives one form per payment, each with a keep switch; only kept ones are saved."""
    rows = [
        {"merchant": "老街早市", "amount": "12.80", "direction": "expense", "occurred_at": "2025-04-03 07:40"},
        {"merchant": "仁心药房", "amount": "56.00", "direction": "expense", "occurred_at": "2025-04-02 19:15"},
        {"merchant": "西西弗书店", "amount": "88.00", "direction": "expense", "occurred_at": "2025-04-01 15:30"},
    ]
    page = phone.page
    phone.open()
    pick(phone, screenshot_file(tmp_path, "list.png", "wechat_bill_list", items=rows))
    queued(phone, "list.png").locator(".q-open").click()

    items = page.locator("#review-items > .item")
    expect(items).to_have_count(3)
    expect(page.locator("#review-state")).to_contain_text("3 笔")
    expect(items.nth(1).get_by_label("金额", exact=False)).to_have_value("56.00")
    switch = items.nth(1).get_by_role("switch", name="保留这一笔")
    expect(switch).to_be_checked()
    items.nth(1).locator(".switch").click()
    expect(switch).not_to_be_checked()
    expect(items.nth(1).get_by_label("金额", exact=False)).to_be_disabled()
    page.get_by_role("button", name="确认").click()

    expect(page).to_have_url(re.compile(r"#/records$"))
    assert [r["amount"] for r in api_records(phone, "老街早市")] == ["12.80"]
    assert api_records(phone, "仁心药房") == []
    assert [r["amount"] for r in api_records(phone, "西西弗书店")] == ["88.00"]


def wechat_bill(path: Path, rows: list[tuple]) -> Path:
    """A WeChat Pay bill CSV as the app exports it (UTF-8 with BOM, preamble, tab after order numbers)."""
    width = len(WECHAT_HEADER)
    lines = [line + "," * (width - 1) for line in WECHAT_PREAMBLE]
    lines.append(",".join(WECHAT_HEADER))
    for row in rows:
        cells = list(row)
        cells[8] += "\t"
        lines.append(",".join(cells))
    path.write_bytes(("\ufeff" + "\n".join(lines) + "\n").encode("utf-8"))
    return path


def test_a_bill_imported_from_the_records_screen_lands_in_the_list(phone, tmp_path):
    """账单 links to the import panel; a WeChat bill previews its counts, imports, and its payments are listed."""
    t = tag()
    order = f"42000025012025{uuid.uuid4().int % 10**13:013d}"
    # June 2025: a month no other browser test counts in. (time, 交易类型, 对方, 商品, 收/支, 金额, 状态)
    lines = [
        ("2025-06-12 08:05:00", "商户消费", f"豆浆店{t}", "早餐", "支出", "¥6.50", "支付成功"),
        ("2025-06-11 19:30:00", "扫二维码付款", f"水果摊{t}", "/", "支出", "¥23.80", "支付成功"),
        ("2025-06-09 12:10:00", "商户消费", f"美团外卖{t}", "午餐", "支出", "¥32.00", "支付成功"),
        ("2025-06-07 21:40:00", "商户消费", f"滴滴出行{t}", "快车", "支出", "¥45.60", "支付成功"),
        ("2025-06-03 15:00:00", "商户消费", f"优衣库{t}", "T恤", "支出", "¥99.00", "支付成功"),
        ("2025-06-01 18:00:00", "商户消费", f"加油站{t}", "加油", "支出", "¥300.00", "支付失败"),
    ]
    rows = [(*line[:5], line[5], "零钱", line[6], f"{order}{i}", "/", "/") for i, line in enumerate(lines)]
    bill = wechat_bill(tmp_path / "wechat_2025-06.csv", rows)
    page = phone.page
    phone.open("#/records")
    page.get_by_role("link", name="导入 / 导出账单").click()
    expect(page).to_have_url(re.compile(r"#/stats/import$"))
    panel = page.locator("#stats-import")
    expect(panel.get_by_role("heading", name="导入账单")).to_be_in_viewport()
    expect(panel).to_be_focused()

    panel.locator("input[type=file]").set_input_files(str(bill))
    expect(panel.locator(".im-count")).to_have_text(["5", "0", "1"], timeout=30000)
    expect(panel).to_contain_text("微信支付账单")
    expect(panel).to_contain_text("第 24 行：")  # 17 preamble lines and the header come first
    expect(panel.locator(".im-row")).to_have_count(5)
    # The figures above are redrawn once the payments are in.
    with page.expect_response(lambda r: "/api/stats?" in r.url):
        panel.get_by_role("button", name="导入 5 笔").click()
    expect(panel.locator(".im-result")).to_contain_text("已导入 5 笔")

    # The statistics of that month count them (and make the README's picture of the screen).
    stats = page.locator("#stats-screen")
    stats.get_by_role("button", name="自定义").click()
    stats.get_by_label("开始日期").fill("2025-06-01")
    stats.get_by_label("结束日期").fill("2025-06-30")
    with page.expect_response(lambda r: "/api/stats?from=2025-06-01&to=2025-06-30" in r.url):
        stats.get_by_role("button", name="查看").click()
    expect(stats.locator(".st-totals")).to_contain_text("¥206.90")
    expect(stats.locator("canvas").first).to_be_visible()
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_load_state("networkidle")
    phone.screenshot("stats")

    page.get_by_role("navigation").get_by_role("link", name="账单").click()
    search(phone, t)
    expect(page.locator(".rec")).to_have_count(5)
    expect(page.locator(".rec", has_text=f"豆浆店{t}").locator(".rec-amount")).to_have_text("-¥6.50")
    expect(page.locator(".rec", has_text=f"水果摊{t}").locator(".rec-amount")).to_have_text("-¥23.80")
    assert api_records(phone, f"加油站{t}") == []
    [saved] = api_records(phone, f"豆浆店{t}")
    assert saved["occurred_at"] == "2025-06-12T08:05:00+08:00" and saved["platform"] == "微信支付"


def test_empty_optional_fields_are_not_marked_but_an_empty_amount_is(phone):
    """A mark asks the person to look at a value: empty 备注/订单号 carry none; an empty amount still does."""
    page = phone.page
    phone.open("#/new")
    page.evaluate(
        """async () => {
            const { createFieldEditor } = await import('/js/fields.js');
            const editor = createFieldEditor(
                { direction: 'expense', amount: '', occurred_at: '2026-11-03T12:34:56+08:00', merchant: '某商户' },
                { confidence: { amount: 0.0, memo: 0.0, order_no: 0.0, merchant: 0.3 } },
            );
            document.getElementById('new-form').replaceChildren(editor.element);
        }"""
    )
    view = page.locator("#view-new")
    expect(view.locator(".field[data-field=memo] .low-badge")).to_be_hidden()
    expect(view.locator(".field[data-field=order_no] .low-badge")).to_be_hidden()
    expect(view.locator(".field[data-field=amount] .low-badge")).to_be_visible()
    expect(view.locator(".field[data-field=merchant] .low-badge")).to_be_visible()


def test_enter_in_the_review_moves_to_the_next_field_and_never_confirms(phone, tmp_path):
    # A picture of its own: a likely duplicate of an earlier one would open unkept, its fields disabled.
    shot = screenshot_file(
        tmp_path, "enter.png", merchant=f"瑞幸咖啡{tag()}", amount="18.37", occurred_at="2026-11-03 08:15:00"
    )
    page = phone.page
    phone.open()
    pick(phone, shot)
    queued(phone, "enter.png").locator(".q-open").click()
    expect(page.get_by_role("heading", name="核对")).to_be_visible()
    confirms = []
    page.on("request", lambda r: confirms.append(r.url) if r.url.endswith("/confirm") else None)

    review = page.url
    field(page, "金额").focus()
    page.keyboard.press("Enter")

    # One press moves on to the next field (收支) and the draft stays open, unsaved.
    expect(field(page, "收支")).to_be_focused()
    assert page.url == review
    field(page, "商户").focus()
    page.keyboard.press("Enter")
    expect(field(page, "商户")).not_to_be_focused()
    expect(page.get_by_role("heading", name="核对")).to_be_visible()
    assert page.url == review and confirms == []


def test_a_text_file_renamed_png_is_refused_before_it_is_uploaded(phone, tmp_path):
    fake = tmp_path / "receipt.png"
    fake.write_text("this is not a picture, only text with a .png name")
    page = phone.page
    phone.open()
    uploads = []
    page.on("request", lambda r: uploads.append(r.url) if "/api/uploads" in r.url or r.method == "PUT" else None)
    pick(phone, fake)
    expect(page.locator(".q-item", has_text="receipt.png")).to_contain_text("不是它的扩展名所说的图片或发票")
    assert uploads == []


def test_a_filtered_list_says_so_when_the_filters_are_folded_away(phone):
    page = phone.page
    phone.open("#/records")
    summary = page.locator("#filter-more summary")
    expect(summary).to_have_text("筛选")
    summary.click()
    with page.expect_response(lambda r: "direction=income" in r.url):
        field(page, "收支").select_option("income")
    summary.click()  # folded away again
    expect(summary).to_have_text(re.compile("已选 1 项"))
    summary.click()
    with page.expect_response(lambda r: "/api/records?" in r.url and "direction" not in r.url):
        field(page, "收支").select_option("")
    expect(summary).to_have_text("筛选")
    # A month is one filter (a date range from its first to its last day), not two.
    with page.expect_response(lambda r: "/api/records?" in r.url and "from=" in r.url and "to=" in r.url):
        page.get_by_role("button", name="上个月").click()
    expect(summary).to_have_text(re.compile("已选 1 项"))


def test_a_likely_duplicate_starts_unkept_and_the_button_says_it_will_save_nothing(phone, tmp_path):
    order_no = f"42000{uuid.uuid4().int % 10**12:012d}"
    page = phone.page
    phone.open()
    pick(phone, screenshot_file(tmp_path, "once.png", merchant="肯德基", amount="41.00", order_no=order_no))
    queued(phone, "once.png").locator(".q-open").click()
    page.get_by_role("button", name="确认").click()
    expect(page).to_have_url(re.compile(r"#/records$"))

    pick(phone, screenshot_file(tmp_path, "twice.png", merchant="肯德基", amount="41.00", order_no=order_no))
    queued(phone, "twice.png").locator(".q-open").click()
    expect(page.locator(".dup-warning")).to_be_visible()
    keep = page.locator("#review-items .keep").first
    expect(keep).not_to_be_checked()
    button = page.locator("#review-confirm")
    expect(button).to_have_text("不保存这张截图")
    confirms = []
    page.on("request", lambda r: confirms.append(r.url) if r.url.endswith("/confirm") else None)
    button.click()
    page.get_by_role("dialog").get_by_role("button", name="放弃").click()
    expect(page).to_have_url(re.compile(r"#/$"))
    assert confirms == []
    phone.open("#/records")
    search(phone, order_no)
    expect(page.locator(".rec")).to_have_count(1)  # still the one record

    # Keeping it anyway is a choice: the switch turns the button back into a confirm of one payment.
    pick(phone, screenshot_file(tmp_path, "thrice.png", merchant="肯德基", amount="41.00", order_no=order_no))
    queued(phone, "thrice.png").locator(".q-open").click()
    page.locator("#review-items .switch").first.click()
    expect(button).to_have_text("确认 1 笔")


def test_the_inbox_shows_each_drafts_picture_and_a_failed_ones_file_name(phone, tmp_path):
    page = phone.page
    phone.open()
    pick(phone, screenshot_file(tmp_path, "inbox-ready.png", merchant="全家", amount="9.90"), blank_png(tmp_path))
    queued(phone, "inbox-ready.png")
    queued(phone, "blank.png")
    page.get_by_role("navigation").get_by_role("link", name="首页").click()
    ready = page.locator("#inbox li", has_text="9.90").first
    failed = page.locator("#inbox li", has_text="blank.png").first
    expect(ready.locator(".inbox-thumb.loaded")).to_be_visible()
    assert ready.locator(".inbox-thumb").evaluate("(img) => img.naturalWidth") > 0
    expect(failed).to_be_visible()  # the failed draft is named by its file
    expect(failed.locator(".inbox-thumb.loaded")).to_be_visible()
