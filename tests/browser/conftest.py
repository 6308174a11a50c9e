"""Chromium (Debian's, driven by playwright) at phone viewports against the session's devhost."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 360, "height": 800}
# The README's screenshots are refreshed on request only, so a plain test run leaves the tree clean.
SCREENSHOTS = ROOT / ("docs/screenshots" if os.environ.get("UPDATE_SCREENSHOTS") else "tests/artifacts/screenshots")
LEDGER_TZ = "Asia/Shanghai"

# Recorded before any page script runs, so a violation anywhere in the page's life is caught.
CSP_PROBE = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the browser tests."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Phone:
    """A page at a phone viewport that records console errors, uncaught exceptions and CSP violations."""

    def __init__(self, browser, base_url: str, viewport: dict, lang: str | None = None, timezone: str = LEDGER_TZ):
        self.base_url = base_url
        self.context = browser.new_context(
            viewport=viewport,
            device_scale_factor=1,
            is_mobile=True,
            has_touch=True,
            locale="zh-CN",
            timezone_id=timezone,
        )
        self.context.set_default_timeout(15000)
        self.context.add_init_script(CSP_PROBE)
        if lang:
            self.context.add_init_script(f"localStorage.setItem('snapledger.lang', '{lang}');")
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.console.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, route: str = "#/") -> None:
        """Load the page at a client-side route."""
        self.page.goto(f"{self.base_url}/{route}")
        self.page.wait_for_selector("main > .view:not([hidden])")

    def csp_violations(self) -> list[str]:
        """Violations the page saw plus console reports of blocked content."""
        seen = self.page.evaluate("window.__cspViolations || []")
        return seen + [m for m in self.console if "Content Security Policy" in m or "Content-Security-Policy" in m]

    def horizontal_overflow(self) -> int:
        """How many CSS pixels the document is wider than the viewport (0 means no sideways scrolling)."""
        return self.page.evaluate(
            "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
            " - document.documentElement.clientWidth"
        )

    def screenshot(self, name: str) -> None:
        """Save the viewport as <name>.png (docs/screenshots/ with UPDATE_SCREENSHOTS=1, else tests/artifacts/)."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def phone(browser, devhost_url):
    """A fresh 390×844 phone; fails the test if the page threw or broke its CSP."""
    device = Phone(browser, devhost_url, PHONE)
    yield device
    try:
        assert device.errors == [], f"uncaught errors in the page: {device.errors}"
        assert device.csp_violations() == []
    finally:
        device.close()


@pytest.fixture
def small_phone(browser, devhost_url):
    """A fresh 360×800 phone; fails the test if the page threw or broke its CSP."""
    device = Phone(browser, devhost_url, SMALL_PHONE)
    yield device
    try:
        assert device.errors == [], f"uncaught errors in the page: {device.errors}"
        assert device.csp_violations() == []
    finally:
        device.close()


@pytest.fixture
def device(browser, host):
    """Make phones (`device(lang=None, viewport=PHONE)`) on the module's own `host` (a devhost with accounts):
    several people on several phones in one test. Each fails the test if its page threw or broke its CSP."""
    made = []

    def device(lang=None, viewport=PHONE) -> Phone:
        phone = Phone(browser, host.url, viewport, lang=lang)
        made.append(phone)
        return phone

    yield device
    for phone in made:
        try:
            assert phone.errors == [], f"uncaught errors in the page: {phone.errors}"
            assert phone.csp_violations() == []
        finally:
            phone.close()
