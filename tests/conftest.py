"""Shared fixtures: the built site, its pages, a browser, and a way to build broken copies."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib import util
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

import browser_support

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from rules import PROJECT_FILES  # noqa: E402  (what a copy of the project needs in order to build)

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("HANDBOOK_SITE_DIR", ROOT / "site"))
# GitHub project pages serve the site under /<repository>/; the sub-path build uses this.
SUBPATH = "/handbook/"
# What `make lint` (pre-commit) reads besides PROJECT_FILES.
LINT_FILES = [".pre-commit-config.yaml", ".codespellrc", ".codespell-words.txt", ".pymarkdown.yml", "ruff.toml"]


def load_hook(name: str) -> ModuleType:
    """Import overrides/hooks/NAME.py (hooks are files, not a package) as MkDocs does."""
    hooks = str(ROOT / "overrides" / "hooks")
    if hooks not in sys.path:
        sys.path.insert(0, hooks)  # MkDocs puts a hook's folder on the path while importing it
    spec = util.spec_from_file_location(name, ROOT / "overrides" / "hooks" / f"{name}.py")
    module = util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses in a hook look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def site() -> Path:
    if not (SITE / "index.html").exists():
        pytest.fail(f"No built site in {SITE}: run `make build` first (`make test` does it for you).")
    return SITE


@pytest.fixture(scope="session")
def base_url(site: Path) -> str:
    """The site's address as the build wrote it (the home page's canonical link), ending in /.

    Tests take URLs from here, never from mkdocs.yml or the environment: the
    build derives site_url (overrides/hooks/repository.py), and a second
    derivation would check a configuration that never ships.
    """
    return browser_support.built_base_url(site)


@dataclass
class BuiltPage:
    path: Path  # the HTML file
    url: str  # its path relative to the site root, e.g. "skills/evaluation/"
    soup: BeautifulSoup


@pytest.fixture(scope="session")
def pages(site: Path) -> list[BuiltPage]:
    """Every HTML page of the built site except the 404 page."""
    found = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        if relative == "404.html":
            continue
        url = relative.removesuffix("index.html")
        found.append(BuiltPage(path, url, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")))
    assert found, f"{site} holds no HTML pages"
    return found


@dataclass
class BuildResult:
    returncode: int
    output: str
    project: Path


MINI_SITE = ROOT / "tests" / "fixtures" / "mini-site"
# What the mini site brings of its own; the rest of PROJECT_FILES comes from the project.
MINI_SITE_FILES = ["docs", "examples", "includes/abbreviations.md", "includes/glossary-links.yml"]


class ProjectCopy:
    """A throw-away copy of the project in which a test can make one mistake.

    It holds the mini site (tests/fixtures/mini-site: five pages, one tiny
    notebook, a short glossary) built with the project's real mkdocs.yml,
    hooks, theme and scripts, so a build takes seconds.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        for name in PROJECT_FILES:
            source = ROOT / name
            if source.is_dir() and name not in MINI_SITE_FILES:
                shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
            elif source.is_file():
                shutil.copy2(source, root / name)
        for name in MINI_SITE_FILES:
            source, target = MINI_SITE / name, root / name
            if source.is_dir():
                shutil.rmtree(target, ignore_errors=True)
                shutil.copytree(source, target)
            else:
                shutil.copy2(source, target)
        config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        nav = config.index("\nnav:\n")
        assert "\n" not in config[nav + 1 :].replace("\n  ", "").rstrip("\n"), (
            "mkdocs.yml: nav is no longer its last key; update ProjectCopy"
        )
        (root / "mkdocs.yml").write_text(
            config[: nav + 1] + (MINI_SITE / "nav.yml").read_text(encoding="utf-8"), encoding="utf-8"
        )

    def path(self, relative: str) -> Path:
        return self.root / relative

    def write(self, relative: str, text: str) -> Path:
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    def edit(self, relative: str, old: str, new: str) -> None:
        target = self.root / relative
        text = target.read_text(encoding="utf-8")
        assert old in text, f"{relative} no longer contains {old!r}: update the test"
        target.write_text(text.replace(old, new, 1), encoding="utf-8")

    def add_to_nav(self, entry: str) -> None:
        """Append a nav entry to the Reference section (the last one)."""
        self.edit(
            "mkdocs.yml",
            "      - About this handbook: reference/about.md\n",
            f"      - About this handbook: reference/about.md\n      - {entry}\n",
        )

    def build(self) -> BuildResult:
        env = dict(os.environ)
        # Share executed notebooks with the real project so that only the
        # notebooks a test changes are executed again.
        env.setdefault("HANDBOOK_CACHE_DIR", str(ROOT / ".cache"))
        env.pop("SITE_URL", None)
        return self._run([sys.executable, "scripts/build.py", "--site-dir", "site"], env)

    def lint(self, hook: str | None = None) -> BuildResult:
        """Run one pre-commit hook (or all, as `make lint` does) on every file of the copy, from the shared .venv."""
        for name in LINT_FILES:
            shutil.copy2(ROOT / name, self.root / name)
        if not (self.root / ".venv").exists():
            (self.root / ".venv").symlink_to(ROOT / ".venv")
        env = dict(os.environ, PRE_COMMIT_HOME=str(self.root.parent / "pre-commit-home"))
        for git in (["git", "init", "--quiet"], ["git", "add", "--all", "--", ".", ":!.venv", ":!site", ":!.cache"]):
            subprocess.run(git, cwd=self.root, env=env, check=True, capture_output=True)
        return self._run(
            [str(ROOT / ".venv" / "bin" / "pre-commit"), "run", *([hook] if hook else []), "--all-files", "--color=never"], env
        )

    def linkcheck(self, *args: str) -> BuildResult:
        return self._run([sys.executable, "scripts/linkcheck.py", *args, "site"])

    def _run(self, command: list[str], env: dict | None = None) -> BuildResult:
        """Run COMMAND in the copy; its exit code and everything it printed."""
        finished = subprocess.run(command, cwd=self.root, env=env, capture_output=True, text=True, check=False)
        return BuildResult(finished.returncode, finished.stdout + finished.stderr, self.root)


@pytest.fixture
def project(tmp_path: Path) -> ProjectCopy:
    return ProjectCopy(tmp_path / "handbook")


# --- A real browser (tests/test_browser*.py) -----------------------------------

_BROWSER_CHECKS_SKIPPED: list[str] = []


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """A Chromium to drive. Missing: the test fails under CI, and is skipped loudly elsewhere."""
    path = browser_support.find_chromium()
    if path:
        return path
    message = f"No Chromium found, so the browser checks cannot run. {browser_support.HOW_TO_ENABLE}"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI is set: browser checks are required here.)", pytrace=False)
    _BROWSER_CHECKS_SKIPPED.append(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser(chromium_path: str, tmp_path_factory: pytest.TempPathFactory):
    """Chromium with the pinned fonts, UTC and an English locale (browser_support.browser_environment)."""
    from playwright.sync_api import sync_playwright

    missing = browser_support.missing_fonts()
    if missing:
        pytest.fail(
            f"The browser checks run with the fonts of fonts-dejavu-core, and {', '.join(missing)} "
            f"is missing. {browser_support.HOW_TO_GET_FONTS}",
            pytrace=False,
        )
    env = browser_support.browser_environment(tmp_path_factory.mktemp("browser"))
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, args=browser_support.CHROMIUM_ARGS, env=env)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def site_url(site: Path, base_url: str) -> str:
    """The built site served on loopback under the path of its site_url (/REPO/ for a GitHub project page,
    / otherwise), as GitHub Pages serves it; the loopback base URL ends in /."""
    with browser_support.serve(site, urlsplit(base_url).path) as url:
        yield url


@pytest.fixture
def page(browser, site_url: str):
    """A fresh tab on the built site (its own context: localStorage starts empty); ``page.visit`` records requests."""
    with browser_support.open_tab(browser, site_url) as tab:
        yield tab


@pytest.fixture(scope="session")
def subpath_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built for https://example.test/handbook/, as a GitHub project page (slow: a full build)."""
    built = tmp_path_factory.mktemp("subpath") / "site"
    env = {**os.environ, "SITE_URL": f"https://example.test{SUBPATH}", "REPO_URL": "https://github.com/octo-org/handbook"}
    finished = subprocess.run(
        [sys.executable, "scripts/build.py", "--site-dir", str(built)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]
    return built


@pytest.fixture(scope="session")
def subpath_url(subpath_site: Path) -> str:
    """The sub-path build served under /handbook/ on loopback; its base URL ends in /handbook/."""
    with browser_support.serve(subpath_site, SUBPATH) as url:
        yield url


BROWSER_FIXTURES = {"browser", "page", "chromium_path", "site_url", "subpath_url"}


def pytest_collection_modifyitems(config, items) -> None:  # noqa: ANN001, ARG001 - pytest's hook
    """Mark every test that drives Chromium as `browser`, so a tier can be chosen with -m."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


def pytest_report_header(config) -> str:  # noqa: ANN001, ARG001 - pytest's hook
    """What the browser verdicts depend on, at the top of every run."""
    path = browser_support.find_chromium()
    if not path:
        return "browser checks: no Chromium found"
    version = subprocess.run([path, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    fonts = "pinned to fonts-dejavu-core" if not browser_support.missing_fonts() else "MISSING fonts-dejavu-core"
    return f"browser checks: {version or path}; fonts {fonts}; TZ=UTC; locale en-US; scale 1"


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ANN001, ARG001 - pytest's hook
    """Say loudly, at the end, that the browser checks did not run (xdist workers report through their skips)."""
    skipped = [report for report in terminalreporter.stats.get("skipped", []) if "No Chromium found" in str(report.longrepr)]
    if skipped or _BROWSER_CHECKS_SKIPPED:
        terminalreporter.write_sep("!", "BROWSER CHECKS WERE NOT RUN", red=True, bold=True)
        terminalreporter.write_line(f"{len(skipped)} browser tests were skipped. {browser_support.HOW_TO_ENABLE}", red=True)
