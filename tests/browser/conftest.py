"""Browser tests: Debian's Chromium, driven through Playwright, against Django's live server.

Every test gets a fresh browser context in Simplified Chinese and a `Site` helper that records
what a user would not see but must not happen: static files that fail to load, scripts blocked
by the Content Security Policy, uncaught script errors. Each test leaves a full-page screenshot
in test-artifacts/screenshots/<test name>.png.
"""

import gettext
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
VIEWPORT = {"width": 1366, "height": 768}
ENGLISH_PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="package")
def browser():
    """One Chromium for all browser tests, stopped as soon as they are done.

    Playwright's sync API keeps an event loop running in the main thread while it is started,
    and Django refuses ORM calls made from a thread with a running loop; the tests' and
    fixtures' ORM calls are ordinary synchronous ones, so they are allowed for exactly that
    time. (Set for the whole session, the variable would also reach later tests and their
    subprocesses, where `check --deploy` rightly rejects it.)
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()


class Site:
    """One browser context on the live server, and what went wrong in it."""

    def __init__(self, browser, base_url: str, name: str):
        self.base_url = base_url.rstrip("/")
        self.name = name
        self.context = browser.new_context(locale="zh-CN", viewport=VIEWPORT)
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.static_loaded: dict[str, int] = {}
        self.static_failures: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.page.on("response", self._on_response)
        self.page.on("requestfailed", self._on_request_failed)
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    # Listeners -------------------------------------------------------------------------------

    def _on_response(self, response):
        path = urlsplit(response.url).path
        if path.startswith(settings.STATIC_URL):
            self.static_loaded[path] = response.status
            if response.status >= 400:
                self.static_failures.append(f"{response.status} {path}")

    def _on_request_failed(self, request):
        path = urlsplit(request.url).path
        # ERR_ABORTED is the browser cancelling a load because the page moved on (a click
        # navigated before every script arrived); a missing or broken file still shows up as a
        # 4xx/5xx response above, and a refused connection as another failure here.
        if request.failure == "net::ERR_ABORTED":
            return
        if path.startswith(settings.STATIC_URL):
            self.static_failures.append(f"{request.failure} {path}")

    def _on_console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)

    # Actions ---------------------------------------------------------------------------------

    def url(self, path: str) -> str:
        return self.base_url + path

    def goto(self, path: str):
        return self.page.goto(self.url(path))

    def sign_in_as(self, user) -> None:
        """Start a session for `user` on the server and hand its cookie to the browser."""
        client = Client()
        client.force_login(user, backend="qingmiao.accounts.backends.RoleBackend")
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        self.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": cookie.value,
                    "url": self.base_url,
                    "httpOnly": True,
                    "sameSite": "Lax",
                }
            ]
        )

    def wait_for_charts(self, timeout_ms: int = 5_000) -> None:
        """ECharts animates its charts for about a second: wait until every chart's drawing
        stays the same between two looks, so that screenshots show the finished charts."""
        snapshot = "() => [...document.querySelectorAll('.qm-chart svg')].map(s => s.innerHTML)"
        previous = None
        for _ in range(timeout_ms // 250):
            current = self.page.evaluate(snapshot)
            if current and current == previous:
                return
            previous = current
            self.page.wait_for_timeout(250)
        raise AssertionError("the charts did not finish drawing")

    def screenshot(self, suffix: str = "") -> Path:
        name = f"{self.name}-{suffix}" if suffix else self.name
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=path, full_page=True)
        return path

    # Checks ----------------------------------------------------------------------------------

    def csp_violations(self) -> list[str]:
        return [text for text in self.console_errors if "Content Security Policy" in text]

    def assert_healthy(self) -> None:
        """No static file failed, nothing was blocked by the CSP, no script threw."""
        assert self.static_failures == [], f"static files failed: {self.static_failures}"
        assert self.csp_violations() == [], f"CSP violations: {self.csp_violations()}"
        assert self.page_errors == [], f"script errors: {self.page_errors}"

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def site(browser, live_server, live_db, request):
    """A fresh zh-CN browser context; ends with a full-page screenshot and the health checks."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    current = Site(browser, live_server.url, request.node.name)
    try:
        yield current
        current.screenshot()
        current.assert_healthy()
    finally:
        current.close()


@pytest.fixture(scope="session")
def english_mo(tmp_path_factory):
    """The English catalogue compiled from locale/en into a temporary locale directory, or None
    when there is no .po file (or it does not compile)."""
    msgfmt = shutil.which("msgfmt")
    if not ENGLISH_PO.exists() or msgfmt is None:
        return None
    locale_dir = tmp_path_factory.mktemp("locale")
    target = locale_dir / "en" / "LC_MESSAGES" / "django.mo"
    target.parent.mkdir(parents=True)
    result = subprocess.run(
        [msgfmt, "--check-format", "-o", str(target), str(ENGLISH_PO)],
        capture_output=True,
        check=False,
    )
    return target if result.returncode == 0 else None


@pytest.fixture
def english(english_mo, settings):
    """Serve the compiled English catalogue; returns a function translating a msgid, which
    gives back the msgid itself when the catalogue has no translation for it."""
    if english_mo is None:
        return lambda text: text
    locale_dir = english_mo.parents[2]
    settings.LOCALE_PATHS = [locale_dir, *settings.LOCALE_PATHS]
    with english_mo.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    return catalogue.gettext
