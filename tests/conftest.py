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

import pytest
from bs4 import BeautifulSoup

import browser_support

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("HANDBOOK_SITE_DIR", ROOT / "site"))
# What a contributor's copy of the project needs in order to build.
# GitHub project pages serve the site under /<repository>/; the sub-path build uses this.
SUBPATH = "/handbook/"
PROJECT_FILES = [
    "docs",
    "examples",
    "includes",
    "overrides",
    "scripts",
    "mkdocs.yml",
    "requirements.lock",
    "requirements-torch.lock",
]
# What `make lint` (pre-commit) reads besides them.
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


class ProjectCopy:
    """A throw-away copy of the project in which a test can make one mistake."""

    def __init__(self, root: Path) -> None:
        self.root = root
        for name in PROJECT_FILES:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, root / name)

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
def browser(chromium_path: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, args=browser_support.CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def site_url(site: Path) -> str:
    """The built site served on loopback, at the root, as `make serve` does; its base URL ends in /."""
    with browser_support.serve(site) as url:
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


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ANN001, ARG001 - pytest's hook
    """Say loudly, at the end, that the browser checks did not run (xdist workers report through their skips)."""
    skipped = [report for report in terminalreporter.stats.get("skipped", []) if "No Chromium found" in str(report.longrepr)]
    if skipped or _BROWSER_CHECKS_SKIPPED:
        terminalreporter.write_sep("!", "BROWSER CHECKS WERE NOT RUN", red=True, bold=True)
        terminalreporter.write_line(f"{len(skipped)} browser tests were skipped. {browser_support.HOW_TO_ENABLE}", red=True)
