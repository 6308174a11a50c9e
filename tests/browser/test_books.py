"""Two people share one book from two browsers (Chromium, phone viewport, AUTH_MODE=accounts): Mum creates a book
and an invite link, Dad opens it and joins, what one records the other sees with who recorded it, and once Dad
is only a viewer his edit is refused with the sentence. A partner joins a person's personal book and sees the
screenshot she confirmed there, and the book is handed over to him.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_page import field, pick, queued, screenshot_file
from tests.browser.test_sign_in import GOOD, add_person, sign_in
from tests.conftest import Devhost

pytestmark = [pytest.mark.browser, pytest.mark.azurite]


@pytest.fixture(scope="module")
def host(tmp_path_factory, azurite):
    folder = tmp_path_factory.mktemp("books")
    server = Devhost(folder, azurite, AUTH_MODE="accounts")
    server.folder = folder
    add_person(server, "妈妈")
    add_person(server, "爸爸")
    yield server
    server.stop()


def view(page):
    return page.locator("main > .view:not([hidden])")


def enter_by_hand(page, amount: str, merchant: str) -> None:
    page.get_by_role("navigation").get_by_role("link", name="记一笔").click()
    page.get_by_role("link", name="没有截图？手动记一笔").click()
    view(page).get_by_label("金额").fill(amount)
    page.get_by_text("更多：").click()  # quick entry folds the merchant away
    view(page).get_by_label("商户").fill(merchant)
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".rec", has_text=merchant)).to_be_visible()


def test_two_people_share_a_book_and_a_viewer_is_told_they_cannot_edit(device, host):
    mum = device()
    page = mum.page
    page.goto(f"{host.url}/#/books")
    sign_in(page, "妈妈", GOOD)
    expect(view(page).get_by_role("heading", name="账本与成员")).to_be_visible()
    view(page).get_by_label("新账本的名称").fill("我们家")
    view(page).get_by_role("button", name="新建账本").click()
    # The page reloads in the new book: the header says so, and the snackbar survives the reload.
    expect(page.locator("#book-select option:checked")).to_have_text("我们家")
    expect(page.locator("#snackbar-text")).to_have_text("已新建账本“我们家”")
    expect(view(page).locator("#book-detail-title")).to_have_text("我们家")
    view(page).get_by_label("邀请的角色").select_option("editor")
    view(page).get_by_role("button", name="生成邀请链接").click()
    expect(page.locator("#invite-qr")).to_have_attribute("src", re.compile(r"^data:image/svg\+xml"))
    link = page.locator("#invite-url").input_value()
    assert "/#/invite/" in link
    assert mum.horizontal_overflow() == 0
    mum.screenshot("books-invite")

    dad = device()
    other = dad.page
    other.goto(link)
    sign_in(other, "爸爸", GOOD)
    expect(view(other).get_by_text("妈妈 邀请你以“编辑”的身份加入账本“我们家”。")).to_be_visible()
    view(other).get_by_role("button", name="加入").click()
    expect(other.locator("#book-select option:checked")).to_have_text("我们家")
    expect(other.locator("#snackbar-text")).to_have_text("已加入账本“我们家”")
    expect(view(other).get_by_role("heading", name="账单")).to_be_visible()

    # What Dad records in the shared book, Mum sees, and with who recorded it.
    enter_by_hand(other, "23", "菜市场")
    page.get_by_role("navigation").get_by_role("link", name="账单").click()
    page.reload()
    expect(page.locator(".rec", has_text="菜市场")).to_contain_text("爸爸 记")
    expect(page.locator("#f-member-field")).to_be_attached()
    # Her personal book is one tap away and does not hold it.
    page.locator("#book-select").select_option(label="个人账本")
    expect(page.locator("#book-select option:checked")).to_have_text("个人账本")
    expect(page.locator("#snackbar-text")).to_have_text("现在是“个人账本”")
    expect(page.locator(".rec", has_text="菜市场")).to_have_count(0)
    page.locator("#book-select").select_option(label="我们家")
    expect(page.locator(".rec", has_text="菜市场")).to_be_visible()

    # Mum makes Dad a viewer; his next edit is refused with the sentence and changes nothing.
    page.goto(f"{host.url}/#/books")
    member = page.locator("#member-list .member", has_text="爸爸")
    with page.expect_response(lambda r: "/members/" in r.url and r.request.method == "PATCH") as changed:
        member.get_by_role("combobox").select_option("viewer")
    assert changed.value.status == 200
    other.reload()
    other.locator(".rec", has_text="菜市场").locator(".rec-row").click()
    editor = other.locator(".rec", has_text="菜市场").locator(".editor")
    editor.get_by_label("商户").fill("超市")
    editor.get_by_role("button", name="保存").click()
    expect(other.locator("#error-text")).to_have_text("你在这个账本里只能查看，不能修改；什么都没有改动")
    other.reload()
    expect(other.locator(".rec", has_text="菜市场")).to_be_visible()
    assert dad.horizontal_overflow() == 0

    # Mum removes Dad: on his next load the page is back in his personal book and shows nothing of hers.
    member = page.locator("#member-list .member", has_text="爸爸")
    member.get_by_role("button", name="移出").click()
    page.locator("#confirm-ok").click()
    expect(page.locator("#member-list .member", has_text="爸爸")).to_have_count(0)
    other.reload()
    expect(other.locator("#book-select option:checked")).to_have_text("个人账本")
    expect(other.locator("#book-select option")).to_have_text(["个人账本", "管理账本和成员…"])
    expect(view(other).get_by_role("heading", name="账单")).to_be_visible()
    expect(other.locator(".rec", has_text="菜市场")).to_have_count(0)


def test_a_late_list_of_books_does_not_take_back_the_book_just_switched_to(device, host):
    """Creating or joining a book switches to it and reloads; a /api/books asked before (so without the new book)
    and answered in between must not put the page back in the personal book."""
    page = device().page
    page.goto(f"{host.url}/")
    fell, chosen = page.evaluate(
        """async () => {
          const books = await import('/js/books.js');
          books.switchBook('new-book-id');
          const fell = books.rememberBooks([{ id: 'me', name: '个人账本', personal: true, role: 'owner' }]);
          const chosen = books.currentBook();
          books.setBook('');
          return [fell, chosen];
        }"""
    )
    assert (fell, chosen) == (False, "new-book-id")


def test_the_books_screens_speak_english(device, host):
    mum = device(lang="en")
    page = mum.page
    page.goto(f"{host.url}/#/books")
    sign_in(page, "妈妈", GOOD, en=True)
    expect(view(page).get_by_role("heading", name="Books and members")).to_be_visible()
    view(page).get_by_label("Name of the new book").fill("Home")
    view(page).get_by_role("button", name="Create book").click()
    expect(page.locator("#book-select option:checked")).to_have_text("Home")
    expect(page.locator("#book-select option").first).to_have_text("Personal book")
    view(page).get_by_label("Role of the invited person").select_option("viewer")
    view(page).get_by_role("button", name="Make an invite link").click()
    expect(page.locator("#invite-intro")).to_contain_text("It works once")
    link = page.locator("#invite-url").input_value()

    dad = device(lang="en")
    other = dad.page
    other.goto(link)
    sign_in(other, "爸爸", GOOD, en=True)
    expect(view(other).get_by_text("妈妈 invites you to the book “Home” as Viewer.")).to_be_visible()
    view(other).get_by_role("button", name="Join").click()
    expect(other.locator("#book-select option:checked")).to_have_text("Home")
    # The same link does nothing a second time, and says so.
    other.goto(link)
    expect(view(other).get_by_role("alert")).to_have_text(
        "This invite link is not valid, has expired or was used already; ask the book's owner for a new one."
    )
    assert dad.horizontal_overflow() == 0
    # Dad leaves the book himself: the page starts again in his personal book.
    other.goto(f"{host.url}/#/books")
    view(other).get_by_role("button", name="Leave this book").click()
    other.locator("#confirm-ok").click()
    expect(other.locator("#book-select option:checked")).to_have_text("Personal book")
    expect(view(other).locator("#book-detail-title")).to_have_text("Personal book")


def test_a_partner_joins_a_personal_book_sees_its_records_and_it_is_handed_over(device, host, tmp_path):
    add_person(host, "小林")
    add_person(host, "小周")
    lin = device()
    page = lin.page
    page.goto(f"{host.url}/#/records")
    sign_in(page, "小林", GOOD)
    expect(page.locator("#book-select option:checked")).to_have_text("个人账本")
    # She confirms a screenshot with no book chosen: it goes into her personal book.
    pick(lin, screenshot_file(tmp_path, "lin.png", merchant="瑞幸咖啡", amount="88.00"))
    queued(lin, "lin.png").locator(".q-open").click()
    expect(field(page, "金额")).to_have_value("88.00")
    field(page, "商户").fill("多年的老店")
    page.get_by_role("button", name="确认").click()
    expect(page.locator(".rec", has_text="多年的老店")).to_be_visible()
    page.goto(f"{host.url}/#/books")
    expect(view(page).locator("#book-detail-title")).to_have_text("个人账本")
    expect(view(page).locator("#book-personal-note")).to_contain_text("可以邀请家人一起记")
    view(page).get_by_label("邀请的角色").select_option("editor")
    view(page).get_by_role("button", name="生成邀请链接").click()
    expect(page.locator("#invite-url")).to_have_value(re.compile(r"/#/invite/"))
    link = page.locator("#invite-url").input_value()

    # Her partner, whose page speaks English, joins her personal book and sees what she recorded there.
    zhou = device(lang="en")
    other = zhou.page
    other.goto(link)
    sign_in(other, "小周", GOOD, en=True)
    expect(view(other).get_by_text("小林 invites you to the book “小林’s personal book” as Editor.")).to_be_visible()
    view(other).get_by_role("button", name="Join").click()
    expect(other.locator("#book-select option:checked")).to_have_text("小林’s personal book")
    expect(other.locator("#snackbar-text")).to_have_text("You joined “小林’s personal book”")
    expect(other.locator(".rec", has_text="多年的老店")).to_contain_text("by 小林")
    expect(other.locator("#book-select option").first).to_have_text("Personal book")  # his own stays his
    assert zhou.horizontal_overflow() == 0

    # She hands it over: it becomes his book with every record, she is its editor and starts a fresh personal book.
    page.reload()
    member = page.locator("#member-list .member", has_text="小周")
    expect(member.get_by_role("combobox")).to_have_value("editor")
    member.get_by_role("button", name="转让给 TA").click()
    expect(page.locator("#confirm-text")).to_have_text(
        "把个人账本转让给 小周？它会连同所有记录变成 TA 的账本“小林 的账本”，"
        "你在里面变成编辑；你会得到一个新的空个人账本。"
    )
    assert lin.horizontal_overflow() == 0
    page.locator("#confirm-ok").click()
    expect(page.locator("#snackbar-text")).to_have_text("已转让给 小周：现在是账本“小林 的账本”，你是编辑")
    expect(page.locator("#book-select option:checked")).to_have_text("小林 的账本")
    expect(view(page).locator("#member-list .member", has_text="小周")).to_contain_text("所有者")
    page.get_by_role("navigation").get_by_role("link", name="账单").click()
    expect(page.locator(".rec", has_text="多年的老店")).to_be_visible()
    page.locator("#book-select").select_option(label="个人账本")
    expect(page.locator("#book-select option:checked")).to_have_text("个人账本")
    expect(page.locator(".rec", has_text="多年的老店")).to_have_count(0)

    other.goto(f"{host.url}/#/books")
    other.reload()
    mine = other.locator("#book-list li", has_text="小林 的账本")
    expect(mine).to_contain_text("Owner")
    mine.get_by_role("button", name="Switch to this book").click()
    expect(other.locator("#book-select option:checked")).to_have_text("小林 的账本")
    other.get_by_role("navigation").get_by_role("link", name="Records").click()
    expect(other.locator(".rec", has_text="多年的老店")).to_be_visible()
