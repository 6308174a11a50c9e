"""Issue 17 on the page: category names per language, filters that do not outlive their screen, numbers that
say what they are, and English on every screen. Chromium at 390 and 320 px against the module's accounts-mode
devhost, each test signed in as a person of its own, so what other tests leave on a shared devhost never shows.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, Phone
from tests.browser.test_sign_in import GOOD, add_person, host, sign_in  # noqa: F401 (host: the accounts-mode devhost)

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}
VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, NARROW], ids=["390px", "320px"])
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff01-\uff0a\uff0c-\uffef]+")  # not the ＋ icon


def tag() -> str:
    """A short unique suffix for names (people, merchants, files) made by a test."""
    return uuid.uuid4().hex[:6]


def now_in_ledger() -> str:
    """This minute in the ledger's zone, as the API takes it (records of this month show on 首页)."""
    return datetime.now(ZoneInfo("Asia/Shanghai")).replace(second=0, microsecond=0).isoformat()


@pytest.fixture
def english(request, device, host):  # noqa: F811 (host: the accounts-mode devhost)
    """A phone in English at the test's viewport (390 px unless the test is parametrized), signed in as a new person
    with a personal book of their own: no other test's records, drafts or budgets reach its screens."""
    viewport = request.getfixturevalue("viewport") if "viewport" in request.fixturenames else PHONE
    name = f"en{tag()}"
    add_person(host, name)
    phone = device(lang="en", viewport=viewport)
    answer = phone.page.request.post(f"{host.url}/api/session", data={"username": name, "password": GOOD})
    assert answer.ok, answer.text()
    return phone


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
def test_default_categories_read_in_english_and_uncategorized_is_one_word(english, viewport):
    t = tag()
    create_record(english, merchant=f"Noodles {t}", category="餐饮", amount="9100.00")
    create_record(english, merchant=f"Mystery {t}", category=None, amount="9000.00")
    page = english.page
    english.open("#/")
    # 首页: the top categories name 餐饮 in English, and a record with none is "Uncategorized" (not 其他 / Other).
    bars = page.locator("#top-cats")
    expect(bars).to_contain_text("Food & drink")
    expect(bars).to_contain_text("Uncategorized")
    expect(bars).not_to_contain_text("餐饮")
    expect(bars).not_to_contain_text("Other")

    go_tab(english, "Records")
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
    # Choosing by the English name stores the key.
    select.select_option(label="Transport")
    with page.expect_response(lambda r: r.request.method == "PATCH"):
        row.get_by_role("button", name="Save").click()
    expect(row.locator(".rec-sub")).to_contain_text("Transport")
    stored = page.request.get(f"{english.base_url}/api/records", params={"q": f"Noodles {t}"}).json()["records"]
    assert [r["category"] for r in stored] == ["交通"]

    assert english.horizontal_overflow() == 0


@VIEWPORTS
def test_stats_and_budgets_name_categories_in_english(english, viewport):
    t = tag()
    create_record(english, merchant=f"Taxi {t}", category="交通", amount="33.00")
    page = english.page
    english.open("#/stats")
    screen = page.locator("#stats-screen")
    expect(screen.locator(".st-list").first).to_contain_text("Transport", timeout=30000)
    expect(screen.locator(".st-list").first).not_to_contain_text("交通")
    screen.get_by_role("button", name="Set monthly budgets").click()
    expect(screen.get_by_label("Transport", exact=True)).to_be_visible()
    expect(screen.get_by_label("Food & drink", exact=True)).to_be_visible()
    assert english.horizontal_overflow() == 0


def year_document(tmp_path, start: date, end: date) -> dict:
    """The statistics of a ledger with a coffee habit and, on 2 November, one ¥899 payment far above it."""
    from records.reports import budgets, stats
    from tests.browser.test_stats_screen import ledger_engine
    from tests.records.reports.test_stats import insert

    engine = ledger_engine(tmp_path)
    usual = [(f"2026-10-{d:02d} 08:00:00", "expense", "18.00", "餐饮", "Coffee", "微信支付") for d in range(1, 21)]
    insert(
        engine,
        usual
        + [
            ("2026-11-01 08:00:00", "expense", "18.00", "餐饮", "Coffee", "微信支付"),
            ("2026-11-02 08:00:00", "expense", "899.00", "餐饮", "Coffee", "微信支付"),
            ("2026-11-02 20:00:00", "expense", "18.00", "餐饮", "Coffee", "微信支付"),
        ],
    )
    today = date(2026, 11, 2)
    budgets.put(engine, "alice", {"budgets": [{"amount": "3000"}]}, today)
    document = stats.stats(engine, "alice", start, end, today=today)
    engine.dispose()
    return json.loads(json.dumps(document))


# The colour ECharts gave each heat map cell, with the cell's amount (the vendored module is the page's own).
HEAT_FILLS = """async () => {
  const echarts = await import('/vendor/echarts/echarts.esm.min.js');
  const box = [...document.querySelectorAll('#stats-host .st-chart')].find((b) => {
    const chart = echarts.getInstanceByDom(b);
    return chart && chart.getOption().series[0].type === 'heatmap';
  });
  const data = echarts.getInstanceByDom(box).getModel().getSeriesByIndex(0).getData();
  return Array.from({ length: data.count() }, (_, i) => [data.get('value', i) ?? data.getRawDataItem(i)[2],
    data.getItemVisual(i, 'style').fill]);
}"""


@VIEWPORTS
def test_stats_numbers_say_what_they_are(english, viewport, tmp_path):
    from tests.browser.test_stats_screen import MOUNT_STATS

    page = english.page
    year = year_document(tmp_path / "year", date(2026, 1, 1), date(2026, 11, 2))
    english.open("#/")
    page.evaluate(MOUNT_STATS, year)
    stats_host = page.locator("#stats-host")
    totals = stats_host.locator(".st-totals")
    # 今年: the per-day figure says over how many days; no second, different per-day figure stands beside it.
    expect(totals).to_contain_text("Per day (306 days)")
    pace = year["forecast"]["daily_pace"]
    assert pace == "18.00" and year["totals"]["daily_average"] != pace
    expect(totals.locator(".st-forecast")).not_to_contain_text(f"¥{pace}")
    # The forecast leaves the ¥899 payment out of the pace, and says so: the month heads for ¥1,439, not ¥14,025.
    expect(totals.locator(".st-forecast")).to_contain_text("¥1,439.00")
    expect(totals.locator(".st-forecast")).to_contain_text("1 unusual payment (¥899.00) counts once")
    # The overall gauge says what its figure is.
    gauge = stats_host.locator(".st-gauge").first
    said = "Overall: 31.2% used, ¥2,065.00 left of ¥3,000.00"
    expect(gauge.locator(".st-gauge-chart")).to_have_attribute("aria-label", said)
    # The heat map's scale is written out in amounts, and the one ¥899 hour (¥953 with its coffees) does not leave
    # every other hour the palest shade: the scale ends where nine in ten hours stay, the rest share its deepest.
    legend = stats_host.locator(".st-heat-legend")
    expect(legend).to_contain_text("Darker means more spent")
    expect(legend.locator(".st-heat-value")).to_have_text(["¥0.00", "¥36.00", "¥72.00+"])
    fills = page.evaluate(HEAT_FILLS)
    # (amount, colour) per cell: the busiest hour is the deepest green, a ¥18 hour a different, paler one.
    assert max(fills)[1] == "rgba(11,79,44,1)" and min(fills)[1] != max(fills)[1], fills
    # Setting budgets is a real button that opens the form.
    button = stats_host.get_by_role("button", name="Set monthly budgets")
    expect(button).to_have_attribute("aria-expanded", "false")
    button.click()
    expect(stats_host.get_by_label("Monthly budget overall")).to_be_visible()
    assert english.horizontal_overflow() == 0
    stats_host.locator(".st-totals").scroll_into_view_if_needed()
    english.screenshot(f"stats-numbers-{viewport['width']}")
    legend.scroll_into_view_if_needed()
    english.screenshot(f"stats-heatmap-{viewport['width']}")

    # 本月: the pace is named, the month being the span it is measured over.
    page.evaluate("() => { window.__stats.destroy(); document.getElementById('stats-host').remove(); }")
    month = year_document(tmp_path / "month", date(2026, 11, 1), date(2026, 11, 2))
    page.evaluate(MOUNT_STATS, month)
    forecast = page.locator("#stats-host .st-forecast")
    expect(forecast).to_contain_text("usual ¥18.00 a day")
    expect(page.locator("#stats-host .st-totals")).to_contain_text("Per day (2 days)")


def test_the_trend_labels_its_newest_period_inside_the_chart(english):
    english.open("#/")
    shown = english.page.evaluate(
        """async () => {
            const { trendOption } = await import('/js/stats/charts.js');
            const days = Array.from({ length: 30 }, (_, i) => ({ period: `2026-11-${String(i + 1).padStart(2, '0')}`,
              expense: '1', income: '0' }));
            const label = trendOption(days).xAxis.axisLabel;
            return { labelled: days.map((d, i) => i).filter((i) => label.interval(i)), align: label.alignMaxLabel };
        }"""
    )
    # Labels are counted back from the newest day, which is always labelled and aligned inside the chart.
    assert shown == {"labelled": [5, 13, 21, 29], "align": "right"}


@VIEWPORTS
def test_filters_end_with_the_visit_to_the_records_screen(english, viewport):
    t = tag()
    create_record(english, merchant=f"Cinema {t}", category="娱乐", amount="4321.00")
    create_record(english, merchant=f"Bakery {t}", category="餐饮", amount="12.00")
    page = english.page
    english.open("#/stats")
    # A tap on the 统计 category list (the slices' rows) opens 账单 filtered to that category...
    screen = page.locator("#stats-screen")
    with page.expect_response(lambda r: "/api/records?" in r.url and "category=" in r.url):
        screen.locator(".st-row-btn", has_text="Entertainment").first.click(timeout=30000)
    expect(page).to_have_url(re.compile(r"#/records$"))
    expect(page.locator(".rec", has_text=f"Cinema {t}")).to_be_visible()
    expect(page.locator(".rec", has_text=f"Bakery {t}")).to_have_count(0)
    expect(page.locator("#f-category")).to_have_value("娱乐")
    # ...and after a visit elsewhere the tab shows the whole list, no filter left on.
    go_tab(english, "Home")
    with page.expect_response(lambda r: "/api/records?" in r.url and "category=" not in r.url):
        go_tab(english, "Records")
    expect(page.locator(".rec", has_text=f"Bakery {t}")).to_be_visible()
    expect(page.locator("#f-category")).to_have_value("")
    expect(page.locator("#filter-more summary")).to_have_text("Filters")

    # The same for a filter and a search set on 账单 itself.
    page.locator("#filter-more summary").click()
    with page.expect_response(lambda r: "direction=income" in r.url):
        page.locator("#f-direction").select_option("income")
    page.get_by_role("searchbox").fill(t)
    go_tab(english, "Stats")
    with page.expect_response(lambda r: "/api/records?" in r.url and "direction" not in r.url and "q=" not in r.url):
        go_tab(english, "Records")
    expect(page.get_by_role("searchbox")).to_have_value("")
    expect(page.locator(".rec", has_text=f"Cinema {t}")).to_be_visible()
    assert english.horizontal_overflow() == 0


# Every visible text of the page, and the labels a screen reader or a hover shows, with where it sits. Text inside
# an element marked lang="zh…" (the 中文 switch) is Chinese on purpose; values typed into inputs are data.
VISIBLE_TEXT = """() => {
  const out = [];
  const chinese = (el) => Boolean(el.closest('[lang^="zh"]')) && el.closest('[lang]') !== document.documentElement;
  const where = (el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${[...el.classList].join('.')}`;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || ['SCRIPT', 'STYLE', 'TEMPLATE'].includes(el.tagName) || el.closest('template')) continue;
    const select = el.closest('select, datalist');
    const shown = select ? select.tagName === 'SELECT' && select.checkVisibility() : el.checkVisibility();
    if (shown && !chinese(el) && node.textContent.trim()) out.push([where(el), node.textContent.trim()]);
  }
  for (const el of document.querySelectorAll('[placeholder], [aria-label], [title], img[alt], [aria-description]')) {
    if (!el.checkVisibility() || chinese(el)) continue;
    for (const name of ['placeholder', 'aria-label', 'title', 'alt', 'aria-description']) {
      const value = el.getAttribute(name);
      if (value) out.push([`${where(el)}[${name}]`, value]);
    }
  }
  out.push(['title', document.title]);
  return out;
}"""


def chinese_left(phone: Phone, data: set[str]) -> list[tuple[str, str]]:
    """The visible texts that still hold CJK once every piece of `data` (what a person or a screenshot wrote)
    is taken out."""
    left = []
    for where, text in phone.page.evaluate(VISIBLE_TEXT):
        rest = text
        for value in sorted(data, key=len, reverse=True):
            rest = rest.replace(value, "")
        if CJK.search(rest):
            left.append((where, text))
    return left


def data_of(value) -> set[str]:
    """Every string inside an API answer (fields of drafts, records, bill rows): data, not the page's words."""
    if isinstance(value, str):
        return {value} if value else set()
    if isinstance(value, dict):
        return set().union(*(data_of(v) for k, v in value.items() if k not in {"message", "error"}), set())
    if isinstance(value, list):
        return set().union(*(data_of(v) for v in value), set())
    return set()


@VIEWPORTS
def test_every_screen_speaks_english(english, viewport, tmp_path):
    from tests.browser.test_page import RECOGNITION_TIMEOUT, wechat_bill
    from tests.fixtures.render import render_png

    t = tag()
    for category, amount in (("餐饮", "38.00"), ("交通", "12.00"), (None, "5.00"), ("收入", "100.00")):
        create_record(
            english,
            merchant=f"Shop {t}",
            category=category,
            amount=amount,
            direction="income" if category == "收入" else "expense",
        )
    page = english.page
    seen: dict[str, list] = {}
    data: set[str] = set()

    def look(screen: str) -> None:
        found = chinese_left(english, data)
        if found:
            seen[screen] = found

    english.open("#/")
    expect(page.locator("#top-cats li").first).to_be_visible()
    look("home")

    # 拍照 / upload, then 核对 with a recognized draft.
    shot = tmp_path / f"pay-{t}.png"
    shot.write_bytes(render_png("wechat_detail", merchant=f"Cafe {t}", amount="23.50"))
    go_tab(english, "Add")
    look("upload")
    page.set_input_files("#file-input", [str(shot)])
    row = page.locator(".q-item", has_text=shot.name)
    expect(row.locator(".q-open")).to_be_visible(timeout=RECOGNITION_TIMEOUT)
    look("upload queue")
    draft_id = row.locator(".q-open").get_attribute("href").rsplit("/", 1)[-1]
    data |= data_of(page.request.get(f"{english.base_url}/api/drafts/{draft_id}").json().get("items"))
    row.locator(".q-open").click()
    expect(page.locator("[data-view=review] .field").first).to_be_visible()
    look("review")
    go_tab(english, "Home")
    expect(page.locator("#inbox li").first).to_be_visible()
    look("home with inbox")

    # 手动记一笔 (manual entry).
    english.open("#/new")
    look("manual entry")

    # 账单 and a record's edit.
    go_tab(english, "Records")
    with page.expect_response(lambda r: "/api/records?" in r.url and t in r.url):
        page.get_by_role("searchbox").fill(t)
    data |= data_of(page.request.get(f"{english.base_url}/api/records", params={"q": t}).json()["records"])
    page.locator("#filter-more summary").click()
    page.locator(".rec .rec-row").first.click()
    expect(page.locator(".rec-editor .field").first).to_be_visible()
    look("records and edit")

    # 统计 with data, budgets, bill import and export.
    go_tab(english, "Stats")
    expect(page.locator("#stats-screen canvas").first).to_be_visible(timeout=30000)
    page.locator("#stats-screen").get_by_role("button", name="Set monthly budgets").click()
    expect(page.get_by_label("Monthly budget overall")).to_be_visible()
    look("stats and budgets")
    rows = [("2025-05-12 08:05:00", "商户消费", f"Soy {t}", "Breakfast", "支出", "¥6.50", "零钱", "支付成功")]
    bill = wechat_bill(tmp_path / "wechat.csv", [(*r, f"4200002501{t}{i}", "/", "/") for i, r in enumerate(rows)])
    panel = page.locator("#stats-import")
    panel.locator("input[type=file]").set_input_files(str(bill))
    expect(panel.locator(".im-count").first).to_be_visible(timeout=30000)
    data |= {"零钱", "商户消费", "支付成功"}
    panel.locator("details.im-accounts summary").click()
    expect(panel.locator(".im-account").first).to_be_visible()
    look("import and export")

    # 账户 (signed in: sessions, password, two-step sign-in).
    english.open("#/account")
    look("account")
    assert seen == {}, json.dumps(seen, ensure_ascii=False, indent=1)


@VIEWPORTS
def test_the_sign_in_and_account_screens_speak_english(device, host, viewport):  # noqa: F811
    name = f"walker{tag()}"
    add_person(host, name)
    phone = device(lang="en", viewport=viewport)
    page = phone.page
    page.goto(f"{host.url}/#/account")
    expect(page.locator("#signin").get_by_role("heading", name="Sign in")).to_be_visible()
    assert chinese_left(phone, set()) == []
    sign_in(page, name, "wrong password", en=True)
    expect(page.locator("#signin").get_by_role("alert")).to_be_visible()
    assert chinese_left(phone, set()) == []
    sign_in(page, name, GOOD, en=True)
    expect(page.locator("#account-link")).to_have_text(name)
    page.locator("#account-link").click()
    expect(page.locator("[data-view=account] h1")).to_be_visible()
    expect(page.locator("[data-view=account] li").first).to_be_visible()
    assert chinese_left(phone, {name}) == []
    overflow = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .map((el) => el.tagName + '.' + el.className + ' ' + el.getBoundingClientRect().right)""")
    assert phone.horizontal_overflow() == 0, overflow
