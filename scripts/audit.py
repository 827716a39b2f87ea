#!/usr/bin/env python3
"""Score key pages of the built site with Lighthouse and take screenshots of them.

Serves SITE_DIR on a loopback port with gzip (as a real host compresses text),
then, for the home page, a chapter, the examples index, the largest notebook
page and the glossary:

* runs Lighthouse (tools/audit, pinned in its package-lock.json; installed
  there with `npm ci` on first use) with its default mobile settings, and
  prints a Markdown table of the four category scores, with the audits that
  cost points; the JSON reports go to OUT_DIR/lighthouse/;
* takes full-page screenshots at 1280 and 390 CSS pixels wide, in the light
  and the dark scheme, into OUT_DIR/screenshots/ (Playwright, system Chromium).

Chromium resolves every host name except 127.0.0.1 to nothing, so no request
leaves the machine. The scores are reported, not enforced: a busy machine
lowers the performance score. The targets are in TARGETS below.

Usage: scripts/audit.py [--site-dir site] [--out .cache/audit] [--no-lighthouse] [--no-screenshots] [PAGE ...]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools" / "audit"
LIGHTHOUSE = TOOLS / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}  # the project's goals
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    '--host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"',
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
WIDTHS = (1280, 390)
SCHEMES = ("light", "dark")
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ipynb", ".map"}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """A static server that gzips text files for clients that accept it."""

    _compressed: dict[tuple, bytes] = {}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def send_head(self):  # noqa: ANN201 - returns a file-like object, as the base class does
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in COMPRESSED or not path.is_file():
            return super().send_head()
        stat = path.stat()
        key = (path, stat.st_mtime_ns, stat.st_size)
        if key not in self._compressed:
            self._compressed[key] = gzip.compress(path.read_bytes(), 6)
        body = self._compressed[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve DIRECTORY with gzip on a free loopback port; yield its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def key_pages(site: Path) -> list[str]:
    """The pages audited by default: home, a chapter, the examples index, the largest notebook page, the glossary."""
    notebooks = sorted(site.glob("examples/*/index.html"), key=lambda path: path.stat().st_size, reverse=True)
    if not notebooks:
        sys.exit(f"{site} has no notebook pages (examples/*/index.html): is it a built site?")
    largest = notebooks[0].parent.relative_to(site).as_posix() + "/"
    return ["", "skills/evaluation/", "examples/", largest, "reference/glossary/"]


def slug(page: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", page.lower()).strip("-") or "home"


def find_chromium() -> str:
    sys.path.insert(0, str(ROOT / "tests"))
    from browser_support import HOW_TO_ENABLE
    from browser_support import find_chromium as find

    path = find()
    if not path:
        sys.exit(f"No Chromium found. {HOW_TO_ENABLE}")
    return path


def install_lighthouse() -> None:
    """npm ci in tools/audit unless node_modules already holds the locked Lighthouse."""
    locked = json.loads((TOOLS / "package-lock.json").read_text())["packages"]["node_modules/lighthouse"]["version"]
    installed = TOOLS / "node_modules" / "lighthouse" / "package.json"
    if installed.exists() and json.loads(installed.read_text())["version"] == locked:
        return
    if not shutil.which("npm"):
        sys.exit("Lighthouse needs Node.js 18.20 or newer and npm: install them (e.g. `sudo apt install nodejs npm`).")
    print(f"Installing Lighthouse {locked} into {TOOLS.relative_to(ROOT)}/node_modules (npm ci)", flush=True)
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=TOOLS, check=True)


def lighthouse(url: str, report: Path, chromium: str) -> dict:
    """Run Lighthouse on URL (mobile, its default); return the JSON report."""
    with tempfile.TemporaryDirectory(prefix="audit-chromium-") as profile:
        flags = " ".join([*CHROME_FLAGS, f"--user-data-dir={profile}"])
        finished = subprocess.run(
            ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
             f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}"],
            env={**os.environ, "CHROME_PATH": chromium},
            capture_output=True,
            text=True,
            check=False,
        )  # fmt: skip
    if finished.returncode != 0 or not report.exists():
        sys.exit(f"Lighthouse failed on {url} (exit {finished.returncode}):\n{finished.stderr[-2000:]}")
    result = json.loads(report.read_text())
    if result.get("runtimeError"):
        sys.exit(f"Lighthouse could not audit {url}: {result['runtimeError']}")
    return result


def scores(result: dict) -> dict[str, int | None]:
    found = {}
    for category in CATEGORIES:
        score = result["categories"][category]["score"]
        found[category] = None if score is None else round(score * 100)
    return found


def lost_points(result: dict) -> list[str]:
    """The weighted audits that did not pass fully, as 'category: audit-id (value)'."""
    lost = []
    for category in CATEGORIES:
        for ref in result["categories"][category]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                value = audit.get("displayValue") or f"score {audit['score']:.2f}"
                lost.append(f"{category}: {ref['id']} ({value})")
    return lost


def table(rows: list[tuple[str, dict[str, int | None]]]) -> str:
    """A Markdown table of scores; a score below its target is marked with an asterisk."""
    lines = ["| Page | Performance | Accessibility | Best practices | SEO |", "| --- | ---: | ---: | ---: | ---: |"]
    for page, found in rows:
        cells = []
        for category in CATEGORIES:
            score = found[category]
            cells.append("n/a" if score is None else f"{score}{'*' if score < TARGETS[category] else ''}")
        lines.append(f"| /{page} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


# Before a full-page screenshot: load the lazy images and draw the diagrams below
# the fold (a full-page screenshot does not scroll; Mermaid loads when a diagram
# nears the screen), then let Material's fade-in transitions finish.
_SETTLE = """async () => {
  await Promise.all([...document.images].map((image) => { image.loading = "eager"; return image.decode().catch(() => {}); }));
  for (const diagram of document.querySelectorAll("pre.mermaid")) {
    diagram.scrollIntoView();
    for (let tries = 0; tries < 100 && diagram.isConnected; tries++) await new Promise((done) => setTimeout(done, 100));
  }
  window.scrollTo(0, 0);
  await Promise.all(document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity)
    .map((a) => a.finished.catch(() => {})));
}"""


def screenshots(base_url: str, pages: list[str], out: Path, chromium: str) -> list[Path]:
    """Full-page PNGs of PAGES at each width and color scheme; the palette follows the system's by default."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    taken = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--disable-gpu"]
        )
        try:
            for width in WIDTHS:
                for scheme in SCHEMES:
                    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
                    tab = context.new_page()
                    for page in pages:
                        tab.goto(base_url + page, wait_until="networkidle")
                        tab.evaluate(_SETTLE)
                        path = out / f"{slug(page)}-{width}-{scheme}.png"
                        tab.screenshot(path=str(path), full_page=True)
                        taken.append(path)
                    context.close()
        finally:
            browser.close()
    return taken


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "pages", nargs="*", metavar="PAGE", help="paths under the site root, e.g. skills/math/ (default: the key pages)"
    )
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site", help="the built site (default: site)")
    parser.add_argument("--out", type=Path, default=ROOT / ".cache" / "audit", help="where reports go (default: .cache/audit)")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    parser.add_argument("--no-screenshots", action="store_true", help="skip the screenshots")
    args = parser.parse_args(argv)

    site = args.site_dir.resolve()
    if not (site / "index.html").exists():
        sys.exit(f"No built site in {site}: run `make build` first.")
    pages = args.pages or key_pages(site)
    for page in pages:
        if not (site / page / "index.html").exists():
            sys.exit(f"{site / page / 'index.html'} does not exist: give PAGE as a path like skills/math/")
    chromium = find_chromium()
    if not args.no_lighthouse:
        install_lighthouse()

    with serve(site) as base_url:
        print(f"Serving {site} at {base_url} (gzip)", flush=True)
        if not args.no_lighthouse:
            reports = args.out / "lighthouse"
            reports.mkdir(parents=True, exist_ok=True)
            rows, notes = [], []
            for page in pages:
                print(f"Lighthouse: /{page}", flush=True)
                result = lighthouse(base_url + page, reports / f"{slug(page)}.json", chromium)
                rows.append((page, scores(result)))
                notes += [f"- /{page}: {lost}" for lost in lost_points(result)]
            print(f"\nLighthouse {result['lighthouseVersion']}, mobile; * = below the target "
                  f"({', '.join(f'{name} {value}' for name, value in TARGETS.items())})\n")  # fmt: skip
            print(table(rows))
            if notes:
                print("\nAudits that cost points:\n" + "\n".join(notes))
            print(f"\nReports: {reports.relative_to(ROOT) if reports.is_relative_to(ROOT) else reports}/")
        if not args.no_screenshots:
            shots = screenshots(base_url, pages, args.out / "screenshots", chromium)
            print(f"{len(shots)} screenshots in {shots[0].parent}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
