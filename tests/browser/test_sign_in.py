"""AUTH_MODE=accounts on a phone in Chromium, in 简体中文 and English: the first-run link creates the first
account, the page signs in, works, signs out; a session that ends mid-edit asks to sign in and loses nothing.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ROOT
from tests.conftest import Devhost

pytestmark = [pytest.mark.browser, pytest.mark.azurite]
GOOD = "correct horse battery"


@pytest.fixture(scope="module")
def host(tmp_path_factory, azurite):
    folder = tmp_path_factory.mktemp("signin")
    server = Devhost(folder, azurite, AUTH_MODE="accounts")
    server.folder = folder
    yield server
    server.stop()


def printed_link(host) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = re.search(
            r"http://127\.0\.0\.1:\d+/(#/setup\?token=[A-Za-z0-9_-]+)", (host.folder / "devhost.log").read_text()
        )
        if found:
            return found.group(1)
        time.sleep(0.2)
    raise AssertionError("the devhost printed no setup link")


def add_person(host, name: str, password: str = GOOD) -> None:
    """`python -m records user add NAME` against the devhost's database, the password on standard input."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYSQL")}
    env["DATA_DIR"] = str(host.folder / "data")
    done = subprocess.run(
        [sys.executable, "-m", "records", "user", "add", name],
        input=password + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def form(page):
    """The sign-in screen's form showing now (sign-in or first-run setup)."""
    return page.locator("#signin form:not([hidden])")


def sign_in(page, username: str, password: str, *, en: bool = False) -> None:
    expect(page.locator("#signin").get_by_role("heading", name="Sign in" if en else "登录")).to_be_visible()
    screen = form(page)
    screen.get_by_label("Username" if en else "用户名").fill(username)
    screen.get_by_label("Password" if en else "密码").fill(password)
    screen.get_by_role("button", name="Sign in" if en else "登录").click()


def test_first_run_link_then_work_sign_out_and_back_in_zh(device, host):
    phone = device()
    page = phone.page
    page.goto(f"{host.url}/{printed_link(host)}")
    screen = page.locator("#signin")
    expect(screen.get_by_role("heading", name="创建第一个账户")).to_be_visible()
    assert page.locator("main").is_hidden() and page.locator("nav.tabs").is_hidden()
    screen = form(page)
    screen.get_by_label("用户名").fill("妈妈")
    screen.get_by_label("设置密码").fill(GOOD)
    screen.get_by_label("再输入一次密码").fill(GOOD + "x")
    screen.get_by_role("button", name="创建账户并登录").click()
    expect(screen.get_by_role("alert")).to_have_text("两次输入的密码不一样。")
    screen.get_by_label("再输入一次密码").fill(GOOD)
    screen.get_by_role("button", name="创建账户并登录").click()

    expect(page.locator("#account-link")).to_have_text("妈妈")
    expect(page.get_by_role("button", name="退出", exact=True)).to_be_visible()
    expect(page.locator("#auth-note")).to_be_hidden()
    assert "token=" not in page.url
    phone.screenshot("signed-in-home")
    # Works: a payment entered by hand is saved and listed.
    page.get_by_role("navigation").get_by_role("link", name="记一笔").click()
    page.get_by_role("link", name="没有截图？手动记一笔").click()
    page.locator("main > .view:not([hidden])").get_by_label("金额").fill("18")
    page.get_by_text("更多：").click()
    page.locator("main > .view:not([hidden])").get_by_label("商户").fill("早餐铺")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".rec", has_text="早餐铺")).to_be_visible()
    assert phone.horizontal_overflow() == 0

    page.get_by_role("button", name="退出", exact=True).click()

    sign_in_screen = page.locator("#signin")
    expect(sign_in_screen.get_by_role("heading", name="登录")).to_be_visible()
    expect(page.locator(".rec", has_text="早餐铺")).to_have_count(0)
    assert phone.horizontal_overflow() == 0
    phone.screenshot("sign-in")
    sign_in(page, "妈妈", "wrong password")
    expect(sign_in_screen.get_by_role("alert")).to_have_text("用户名或密码不正确")
    sign_in(page, "妈妈", GOOD)
    expect(page.locator("#account-link")).to_have_text("妈妈")
    page.get_by_role("navigation").get_by_role("link", name="账单").click()
    expect(page.locator(".rec", has_text="早餐铺")).to_be_visible()


def test_sign_in_in_english_and_an_ended_session_loses_nothing_typed(device, host):
    add_person(host, "dad")
    phone = device(lang="en")
    page = phone.page
    page.goto(f"{host.url}/#/records")
    sign_in(page, "dad", "not it", en=True)
    expect(page.locator("#signin").get_by_role("alert")).to_have_text("The username or password is not right.")
    sign_in(page, "dad", GOOD, en=True)
    expect(page.get_by_role("heading", name="Records")).to_be_visible()  # back where the person was
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    page.get_by_role("navigation").get_by_role("link", name="Add").click()
    page.get_by_role("link", name=re.compile("by hand")).click()
    view = page.locator("main > .view:not([hidden])")
    view.get_by_label("Amount").fill("42.50")
    view.get_by_text("More:").click()
    view.get_by_label("Merchant").fill("Night market")
    phone.context.clear_cookies()  # the session ends (expired, or signed out from another device)
    page.get_by_role("button", name="Save").click()

    sign_in(page, "dad", GOOD, en=True)
    # The save that met "please sign in" went through once signed in, with what was typed.
    expect(page.locator(".rec", has_text="Night market").locator(".rec-amount")).to_have_text("-¥42.50")
    assert phone.horizontal_overflow() == 0

    page.locator("#account-link").click()
    expect(page.get_by_role("heading", name="Account")).to_be_visible()
    expect(page.locator("#session-list")).to_contain_text("This device")
    expect(page.locator("#history-list")).to_contain_text("Wrong password")
    assert phone.horizontal_overflow() == 0
    phone.screenshot("account-en")
    page.get_by_role("button", name="Sign out everywhere").click()
    page.locator("#confirm-dialog").get_by_role("button", name="Sign out everywhere").click()
    expect(page.locator("#signin").get_by_role("heading", name="Sign in")).to_be_visible()


def test_two_step_sign_in_is_turned_on_from_the_account_screen(device, host):
    from records import totp
    from records.dates import utcnow

    add_person(host, "nana")
    phone = device()
    page = phone.page
    page.goto(f"{host.url}/#/account")
    sign_in(page, "nana", GOOD)
    expect(page.get_by_role("heading", name="账户")).to_be_visible()
    page.get_by_role("button", name="开启两步验证").click()
    qr = page.get_by_role("img", name="两步验证的二维码")
    expect(qr).to_be_visible()
    assert page.evaluate("document.getElementById('totp-qr').naturalWidth") > 0
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label("App 上显示的 6 位验证码").fill(totp.code_at(secret, totp.step_at(utcnow())))
    page.get_by_role("button", name="确认开启").click()
    codes = page.locator("#totp-code-list li")
    expect(codes).to_have_count(10)
    recovery = codes.nth(0).inner_text()
    expect(page.locator("#totp-state")).to_contain_text("已开启")
    assert phone.horizontal_overflow() == 0

    page.get_by_role("button", name="退出", exact=True).click()
    sign_in(page, "nana", GOOD)
    expect(form(page).get_by_role("alert")).to_contain_text("6 位验证码")
    form(page).get_by_label("验证码").fill(recovery)
    form(page).get_by_role("button", name="登录").click()
    expect(page.locator("#account-link")).to_have_text("nana")
