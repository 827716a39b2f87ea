"""A real Chromium for the browser tests: finding it, serving the site, auditing a page.

The tests in tests/test_browser*.py drive Chromium through Playwright. Playwright's
own browser download is not needed: a system Chromium (Debian's ``chromium``) is
used when present. ``find_chromium()`` says where it looked when it finds none.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

# Where a Chromium may be, in the order tried. CHROMIUM (an executable path) wins.
CANDIDATES = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome", "chrome")

HOW_TO_ENABLE = (
    "Install a Chromium to run them: `sudo apt install chromium` (Debian/Ubuntu), "
    "or `.venv/bin/playwright install chromium`, or set CHROMIUM=/path/to/chrome."
)

# Every host name resolves to nothing except loopback: a request that tries to
# leave the machine fails in the browser even if the test's routing missed it.
CHROMIUM_ARGS = [
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-gpu",
    "--lang=en-US",
    "--force-device-scale-factor=1",
    "--font-render-hinting=none",
]


# The fonts every verdict is reached with: Debian's fonts-dejavu-core, the one
# font package a minimal Debian with Chromium has (.ci/run installs it). A page
# checked with richer fonts (a math font, condensed faces) can pass here and
# overflow on a reader's phone, so Chromium sees these six files and no other,
# on every machine. Readers' devices use their own fonts: the site must not
# depend on these; the checks just mean the same everywhere.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
PINNED_FONTS = tuple(
    FONT_DIR / f"DejaVu{face}.ttf" for face in ("Sans", "Sans-Bold", "SansMono", "SansMono-Bold", "Serif", "Serif-Bold")
)
HOW_TO_GET_FONTS = "Install them with `sudo apt install fonts-dejavu-core` (Debian/Ubuntu); .ci/run does it."

_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>{font_dir}</dir>
  <cachedir>{cache}</cachedir>
  <selectfont>
    <rejectfont><glob>*</glob></rejectfont>
    <acceptfont>{accepted}</acceptfont>
  </selectfont>
  <include ignore_missing="yes">/etc/fonts/conf.d</include>
</fontconfig>
"""


def missing_fonts() -> list[str]:
    return [str(path) for path in PINNED_FONTS if not path.is_file()]


def browser_environment(scratch: Path) -> dict[str, str]:
    """Chromium's environment: the pinned fonts (a fontconfig file written to SCRATCH), UTC, an English locale."""
    accepted = "".join(f"<glob>{path}</glob>" for path in PINNED_FONTS)
    config = scratch / "fonts.conf"
    config.write_text(
        _FONTCONFIG.format(font_dir=FONT_DIR, cache=scratch / "fontconfig-cache", accepted=accepted), encoding="utf-8"
    )
    return {**os.environ, "FONTCONFIG_FILE": str(config), "TZ": "UTC", "LANG": "en_US.UTF-8", "LANGUAGE": "en_US"}


def find_chromium() -> str | None:
    """The path of a Chromium to drive, or None."""
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    try:  # a browser installed by `playwright install chromium`
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            path = playwright.chromium.executable_path
        return path if Path(path).exists() else None
    except Exception:  # noqa: BLE001 - any failure here means "no Playwright browser"
        return None


def built_base_url(site: Path) -> str:
    """The base URL a built site was made for: its home page's canonical link (what sitemap.xml lists first)."""
    home = (site / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<link rel="canonical" href="([^"]+)"', home)
    if not match:
        raise AssertionError(f"{site}/index.html has no canonical link: was it built with a site_url?")
    return match[1] if match[1].endswith("/") else match[1] + "/"


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serve a built site under PREFIX, answering unknown paths with 404.html as GitHub Pages does."""

    prefix = "/"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def translate_path(self, path: str) -> str:
        url_path = urlsplit(path).path
        if not url_path.startswith(self.prefix):
            return str(Path(self.directory) / "\0outside-prefix")
        return super().translate_path("/" + url_path[len(self.prefix) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found = Path(self.directory) / "404.html"
        if code != 404 or not not_found.exists():
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve(directory: Path, prefix: str = "/") -> Iterator[str]:
    """Serve DIRECTORY on a free loopback port under PREFIX; yield the site's base URL."""
    handler = type("Handler", (_SiteHandler,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class PageVisit:
    """What happened while one page loaded."""

    url: str
    status: int | None = None
    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)


def watch(page, base_url: str) -> PageVisit:  # noqa: ANN001 - a playwright Page
    """Record, on PAGE, every request that leaves BASE_URL's origin (and abort it), console errors and failed loads."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base_url))
    visit = PageVisit(url="")

    def route(route) -> None:  # noqa: ANN001
        url = route.request.url
        if url.startswith(("data:", "blob:")) or url.startswith(origin + "/"):
            route.continue_()
        else:
            visit.foreign_requests.append(url)
            route.abort()

    page.route("**/*", route)
    page.on("console", lambda message: message.type == "error" and visit.console_errors.append(message.text))
    page.on("pageerror", lambda error: visit.console_errors.append(f"uncaught: {error}"))
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and response.url.startswith(origin)
            and visit.failed_requests.append(f"{response.status} {response.url}")
        ),
    )
    return visit


# --- Accessibility audit with axe-core ------------------------------------------

# WCAG 2.2 AA and axe's best practices: what the handbook promises (CONTRIBUTING.md).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@dataclass
class Violation:
    """One element that breaks one axe rule."""

    page: str  # the page's URL path, e.g. "skills/evaluation/"
    rule: str
    help: str
    target: str  # a CSS selector for the element
    summary: str  # axe's failure summary: what to fix

    def __str__(self) -> str:
        summary = " ".join(self.summary.split())
        summary = summary if len(summary) <= 300 else summary[:297] + "..."
        return f"{self.page or '/'}: {self.rule} ({self.help}) at {self.target}: {summary}"


def axe_violations(page, name: str) -> list[Violation]:  # noqa: ANN001 - a playwright Page
    """Run axe-core on PAGE (already loaded) and return its violations, each naming the page as NAME."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options).response
    return [
        Violation(name, rule["id"], rule["help"], " ".join(map(str, node["target"])), node.get("failureSummary", ""))
        for rule in results["violations"]
        for node in rule["nodes"]
    ]


@dataclass
class PageAudit:
    """One page's visit: what axe found, and what happened on the network and the console."""

    url: str  # relative to the site's base URL, e.g. "skills/evaluation/"
    violations: list[Violation]
    visit: PageVisit


def audit(context, base_url: str, url: str) -> PageAudit:  # noqa: ANN001 - a playwright BrowserContext
    """Load BASE_URL + URL in a new tab of CONTEXT, watching it, and run axe on it once it has loaded."""
    tab = context.new_page()
    try:
        visit = watch(tab, base_url)
        response = tab.goto(base_url + url, wait_until="load")
        visit.url, visit.status = url, response.status if response else None
        return PageAudit(url, axe_violations(tab, url), visit)
    finally:
        tab.close()


@contextmanager
def open_tab(browser, base_url: str) -> Iterator:  # noqa: ANN001 - a playwright Browser
    """A page in a fresh browser context (empty localStorage), watched by ``watch`` as ``page.visit``."""
    context = browser.new_context(accept_downloads=True)
    try:
        tab = context.new_page()
        tab.visit = watch(tab, base_url)
        yield tab
    finally:
        context.close()
