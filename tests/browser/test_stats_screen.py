"""The 统计 screen module and the import panel in Chromium under the page's real CSP.

The modules are mounted on the served page with an injected `api` (as the page passes its own); the statistics
document comes from records.reports.stats on a real SQLite ledger, the import preview from records.bills.imports
on a real bill.
"""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

BILLS = Path(__file__).resolve().parents[1] / "fixtures" / "bills"

MOUNT_STATS = """async (data) => {
  const { mountStats } = await import('/js/stats/index.js');
  const host = document.createElement('section');
  host.id = 'stats-host';
  document.querySelector('main').prepend(host);
  window.__filters = [];
  window.__calls = [];
  host.addEventListener('snapledger:filter', (e) => window.__filters.push(e.detail));
  const api = async (method, path, body) => {
    window.__calls.push([method, path, body === undefined ? null : body]);
    if (path.startsWith('/stats')) return data;
    if (path === '/categories') return { categories: ['餐饮', '购物', '交通'] };
    if (path === '/budgets') return data.budgets;
    throw new Error('unexpected call ' + method + ' ' + path);
  };
  window.__stats = await mountStats(host, { api });
}"""


def ledger_engine(tmp_path):
    from records import db
    from settings import get_settings

    engine = db.build_engine(dataclasses.replace(get_settings(), data_dir=tmp_path, mysql_host=None))
    db.migrate(engine)
    return engine


def stats_document(tmp_path) -> dict:
    """The statistics of a small known ledger, with a budget and an anomaly, as the API answers it."""
    from records.reports import budgets, stats
    from tests.records.reports.test_stats import LEDGER, insert

    engine = ledger_engine(tmp_path)
    insert(engine, LEDGER)
    usual = [(f"2026-10-{d:02d} 08:00:00", "expense", "18.00", "餐饮", "瑞幸咖啡", "微信支付") for d in range(1, 9)]
    insert(
        engine,
        [*usual, ("2026-11-05 15:00:00", "expense", "360.00", "餐饮", "<img src=x onerror=alert(1)>", "微信支付")],
    )
    insert(engine, [("2026-11-06 15:00:00", "expense", "360.00", "餐饮", "瑞幸咖啡", "微信支付")])
    today = date(2026, 11, 10)
    budgets.put(engine, "alice", {"budgets": [{"amount": "1000"}, {"category": "餐饮", "amount": "300"}]}, today)
    document = stats.stats(engine, "alice", date(2026, 11, 1), date(2026, 11, 30), today=today)
    engine.dispose()
    return json.loads(json.dumps(document))


def test_echarts_is_not_loaded_with_the_page(phone):
    phone.open("#/")
    loaded = phone.page.evaluate("performance.getEntriesByType('resource').map((e) => e.name)")
    assert not [name for name in loaded if "echarts" in name or "/stats/" in name]


def test_the_stats_tab_draws_the_statistics_on_the_page(phone):
    # The page's own 统计 tab: modules and ECharts arrive only now, under the served CSP (checked by `phone`).
    page = phone.page
    phone.open("#/")
    with page.expect_request(lambda r: "echarts" in r.url):
        page.get_by_role("navigation").get_by_role("link", name="统计").click()
    expect(page).to_have_url(re.compile(r"#/stats$"))
    expect(page.get_by_role("heading", name="统计", exact=True)).to_be_focused()
    expect(page.locator("#stats-screen canvas").first).to_be_visible(timeout=30000)
    totals = page.locator("#stats-screen .st-totals")
    expect(totals).to_contain_text("支出")
    expect(totals).to_contain_text("结余")
    expect(totals).to_contain_text("¥")
    expect(page.get_by_role("link", name="统计")).to_have_attribute("aria-current", "page")
    # The import / export panel sits below the figures.
    expect(page.locator("#stats-import").get_by_role("heading", name="导入账单")).to_be_attached()
    expect(page.locator("#stats-import").get_by_role("link", name="导出 CSV")).to_be_attached()
    assert phone.horizontal_overflow() == 0

    # Back on the screen later, the figures are fetched again; in English they are redrawn in English.
    page.get_by_role("navigation").get_by_role("link", name="首页").click()
    with page.expect_response(lambda r: "/api/stats?" in r.url):
        page.get_by_role("navigation").get_by_role("link", name="统计").click()
    with page.expect_response(lambda r: "/api/stats?" in r.url):
        page.get_by_role("button", name=re.compile("English")).click()
    expect(page.locator("#stats-screen .st-totals")).to_contain_text("Balance")
    expect(page.locator("#stats-import")).to_contain_text("Import a bill")
    expect(page.get_by_role("navigation").get_by_role("link", name="Stats")).to_be_visible()


def test_stats_screen_draws_every_chart_under_the_csp(phone, tmp_path):
    data = stats_document(tmp_path)
    phone.open("#/")
    phone.page.evaluate(MOUNT_STATS, data)
    # Trend, category pie, platform bars, heat map and one gauge per budget.
    phone.page.wait_for_function("() => document.querySelectorAll('#stats-host canvas').length >= 6", timeout=30000)
    text = phone.page.inner_text("#stats-host")
    assert data["totals"]["expense"] == "990.00" and "¥990.00" in text
    assert "本月预计支出" in text and "剩余" in text
    assert data["anomalies"][0]["message"]["zh"] in text
    # A merchant name from the ledger stays text: no element was made from it.
    assert phone.page.locator("#stats-host img").count() == 0
    assert phone.horizontal_overflow() == 0


def test_tapping_a_category_asks_the_records_screen_to_filter(phone, tmp_path):
    data = stats_document(tmp_path)
    phone.open("#/")
    phone.page.evaluate(MOUNT_STATS, data)
    first = data["by_category"][0]["name"]
    phone.page.locator("#stats-host .st-row-btn", has_text=first).first.click()
    filters = phone.page.evaluate("window.__filters")
    assert filters == [{"category": first, "from": filters[0]["from"], "to": filters[0]["to"]}]
    assert filters[0]["from"].endswith("-01") and filters[0]["from"] <= filters[0]["to"]


def test_period_switch_asks_for_the_year(phone, tmp_path):
    data = stats_document(tmp_path)
    phone.open("#/")
    phone.page.evaluate(MOUNT_STATS, data)
    phone.page.get_by_role("button", name="今年").click()
    phone.page.wait_for_function("() => window.__calls.filter((c) => c[1].startsWith('/stats')).length >= 2")
    year_call = phone.page.evaluate("window.__calls.filter((c) => c[1].startsWith('/stats')).pop()[1]")
    assert "-01-01&to=" in year_call and year_call.startswith("/stats?from=")
    assert phone.page.get_by_role("button", name="今年").get_attribute("aria-pressed") == "true"


def test_budget_form_saves_recurring_budgets(phone, tmp_path):
    data = stats_document(tmp_path)
    phone.open("#/")
    phone.page.evaluate(MOUNT_STATS, data)
    phone.page.locator("#stats-host").get_by_role("button", name="设置每月预算").click()
    phone.page.get_by_label("每月总预算").fill("2,500")
    phone.page.get_by_role("button", name="保存预算").click()
    phone.page.wait_for_function("() => window.__calls.some((c) => c[0] === 'PUT')")
    put = phone.page.evaluate("window.__calls.find((c) => c[0] === 'PUT')")
    assert put[1] == "/budgets"
    assert {"category": None, "amount": "2500"} in put[2]["budgets"]


def test_import_panel_previews_skips_and_commits(phone, tmp_path):
    from records.bills import imports

    engine = ledger_engine(tmp_path)
    preview = imports.preview(engine, "alice", (BILLS / "alipay_2026-10.csv").read_bytes(), tz="Asia/Shanghai")
    engine.dispose()
    phone.open("#/")
    # The upload goes to POST /api/imports; answer it with the preview the server made of the real bill.
    phone.page.route(
        "**/api/imports",
        lambda route: route.fulfill(status=201, content_type="application/json", body=json.dumps(preview)),
    )
    phone.page.evaluate(
        """async () => {
          const { mountImport } = await import('/js/bills/import.js');
          const host = document.createElement('section');
          host.id = 'import-host';
          document.querySelector('main').prepend(host);
          window.__imported = [];
          host.addEventListener('snapledger:imported', (e) => window.__imported.push(e.detail));
          const page = await import('/js/api.js');
          const api = async (method, path, body) => {
            if (method === 'POST' && path.endsWith('/commit')) return { imported: 9, duplicate: 0, skipped: 2 };
            // The upload itself goes through the page's api() to the routed POST /api/imports above.
            if (method === 'POST' && path === '/imports') return page.api(method, path, body);
            throw new Error('unexpected ' + path);
          };
          mountImport(host, { api });
        }"""
    )
    phone.page.set_input_files("#import-host input[type=file]", str(BILLS / "alipay_2026-10.csv"))
    phone.page.wait_for_selector("#import-host .im-summary")
    text = phone.page.inner_text("#import-host")
    assert "支付宝账单" in text
    assert "第 28 行：交易关闭或未成功（交易关闭），没有发生资金变动" in text
    assert "第 33 行：" in text
    phone.page.get_by_role("button", name="导入 9 笔").click()
    phone.page.wait_for_function("() => window.__imported.length === 1")
    assert "已导入 9 笔" in phone.page.inner_text("#import-host .im-result")
    links = phone.page.eval_on_selector_all(
        "#import-host .im-export a", "(as) => as.map((a) => a.getAttribute('href'))"
    )
    assert links == [
        "/api/records/export?format=csv",
        "/api/records/export?format=xlsx",
        "/api/records/export?format=beancount",
    ]
    assert phone.page.locator("#import-host .im-export a").last.inner_text() == "导出 Beancount"


def test_the_beancount_accounts_are_edited_under_the_export_card(phone):
    # Over the devhost with the page's own api(): the editor lists the methods and categories of the records,
    # shows the server's sentence for a name Beancount refuses, and saves a good one.
    phone.open("#/")
    phone.page.evaluate(
        """async () => {
          const { api } = await import('/js/api.js');
          const { mountImport } = await import('/js/bills/import.js');
          await api('POST', '/records', { amount: '12.00', occurred_at: '2026-10-03T12:00:00+08:00',
            merchant: '测试', category: '测试分类', payment_method: '测试银行信用卡(4321)' });
          const host = document.createElement('section');
          host.id = 'import-host';
          document.querySelector('main').prepend(host);
          mountImport(host, { api });
        }"""
    )
    editor = phone.page.locator("#import-host details.im-accounts")
    editor.locator("summary").click()
    card = editor.get_by_label("测试银行信用卡(4321)")
    expect(card).to_have_attribute("placeholder", "Liabilities:CreditCard:Other:4321")
    expect(editor.get_by_label("测试分类")).to_have_attribute("placeholder", "Expenses:Uncategorized")
    card.fill("Liabilities:测试")
    editor.get_by_role("button", name="保存账户").click()
    status = editor.locator(".im-accounts-status")
    expect(status).to_contain_text("“Liabilities:测试”不能作为“测试银行信用卡(4321)”的 Beancount 账户")
    expect(status).to_contain_text("什么都没有保存")
    card.fill("Liabilities:Test:Card4321")
    editor.get_by_label("测试分类").fill("Expenses:Testing")
    editor.get_by_role("button", name="保存账户").click()
    expect(status).to_contain_text("已保存")
    mapping = phone.page.evaluate("async () => (await import('/js/api.js')).api('GET', '/beancount/accounts')")
    methods = {m["name"]: m["account"] for m in mapping["methods"]}
    categories = {c["name"]: c["account"] for c in mapping["categories"]}
    assert methods["测试银行信用卡(4321)"] == "Liabilities:Test:Card4321"
    assert categories["测试分类"] == "Expenses:Testing"
    # The input keeps what was saved after the page re-draws the editor from the server's answer.
    expect(editor.get_by_label("测试银行信用卡(4321)")).to_have_value("Liabilities:Test:Card4321")


def test_a_wechat_bill_imported_through_the_page_shows_in_the_stats(phone):
    # End to end over the devhost: the page's own api() and strings, the real upload, commit and statistics.
    phone.open("#/")
    phone.page.evaluate(
        """async () => {
          const { api } = await import('/js/api.js');
          const { mountImport } = await import('/js/bills/import.js');
          const { mountStats } = await import('/js/stats/index.js');
          const importHost = document.createElement('section');
          importHost.id = 'import-host';
          const statsHost = document.createElement('section');
          statsHost.id = 'stats-host';
          document.querySelector('main').prepend(importHost, statsHost);
          mountImport(importHost, { api });
          window.__mountStats = () => mountStats(statsHost, { api });
        }"""
    )
    phone.page.set_input_files("#import-host input[type=file]", str(BILLS / "wechat_2026-10.csv"))
    phone.page.wait_for_selector("#import-host .im-summary", timeout=30000)
    assert "微信支付账单" in phone.page.inner_text("#import-host")
    assert "第 24 行：交易关闭或未成功（对方已退还），没有发生资金变动" in phone.page.inner_text("#import-host")
    phone.page.get_by_role("button", name="导入 6 笔").click()
    phone.page.wait_for_function(
        "() => document.querySelector('#import-host .im-result').textContent.includes('已导入 6 笔')", timeout=30000
    )
    phone.page.evaluate("window.__mountStats()")
    phone.page.locator("#stats-host").get_by_role("button", name="自定义").click()
    phone.page.locator("#stats-host").get_by_label("开始日期").fill("2026-10-01")
    phone.page.locator("#stats-host").get_by_label("结束日期").fill("2026-10-31")
    phone.page.locator("#stats-host .st-custom button[type=submit]").click()
    phone.page.wait_for_function(
        "() => document.querySelector('#stats-host .st-status').textContent.includes('2026-10-01')", timeout=30000
    )
    phone.page.wait_for_function("() => document.querySelectorAll('#stats-host canvas').length >= 4", timeout=30000)
    text = phone.page.inner_text("#stats-host")
    # 9.90 + 32.00 + 15.50 spent, 32.00 refunded; the 500.00 top-up is a transfer, the red packet income.
    assert "¥25.40" in text and "¥200.00" in text and "转账 ¥500.00 不计入收支" in text


def test_stats_screen_speaks_english_when_the_page_does(browser, devhost_url, tmp_path):
    from tests.browser.conftest import PHONE, Phone

    data = stats_document(tmp_path)
    phone = Phone(browser, devhost_url, PHONE, lang="en")
    try:
        phone.open("#/")
        phone.page.evaluate(MOUNT_STATS, data)
        phone.page.wait_for_function("() => document.querySelectorAll('#stats-host canvas').length >= 6")
        text = phone.page.inner_text("#stats-host")
        assert "This month" in text and "Spent" in text and "Unusual payments" in text
        assert data["anomalies"][0]["message"]["en"] in text
        assert phone.errors == [] and phone.csp_violations() == []
    finally:
        phone.close()


def test_a_budget_spent_past_its_amount_says_so_and_does_not_read_100(phone, tmp_path):
    data = stats_document(tmp_path)
    first = data["budgets"]["budgets"][0]
    amount = float(first["amount"])
    first.update(used_share=1.5, over=True, left=f"-{amount / 2:.2f}", lasts_days=0, runs_out_on=None)
    phone.open("#/")
    phone.page.evaluate(MOUNT_STATS, data)
    gauge = phone.page.locator("#stats-host .st-gauge.st-over").first
    expect(gauge).to_contain_text("已用 150%")
    expect(gauge).to_contain_text("已超支")


def test_english_counts_of_one_are_singular(phone):
    phone.open("#/")
    said = phone.page.evaluate(
        """async () => {
            const i18n = await import('/js/i18n.js');
            i18n.setLang('en');
            return [i18n.t('home.count', { n: 1 }), i18n.t('home.count', { n: 2 }), i18n.t('review.saved', { n: 1 })];
        }"""
    )
    assert said == ["1 record", "2 records", "Saved 1 record."]
