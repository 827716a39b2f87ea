"""The GitHub workflows lint clean and follow the project's security rules."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def run(tool: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    executable = shutil.which(tool, path=str(BIN)) or shutil.which(tool)
    assert executable, f"{tool} is not installed: run `make install`"
    return subprocess.run([executable, *args], cwd=cwd, capture_output=True, text=True, check=False)


def test_there_are_ci_pages_and_link_workflows() -> None:
    assert {path.name for path in WORKFLOWS} >= {"ci.yml", "pages.yml", "external-links.yml"}


def test_actionlint_reports_nothing() -> None:
    result = run("actionlint", "-no-color")
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_reports_nothing() -> None:
    result = run("zizmor", "--offline", "--no-progress", ".github/workflows")
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_catches_an_unpinned_action(tmp_path: Path) -> None:
    """Guards the guard: the check above must be able to fail."""
    workflows = tmp_path / ".github/workflows"
    workflows.mkdir(parents=True)
    text = (ROOT / ".github/workflows/ci.yml").read_text()
    text = re.sub(r"actions/checkout@[0-9a-f]{40}", "actions/checkout@v5", text)
    (workflows / "ci.yml").write_text(text)
    result = run("zizmor", "--offline", "--no-progress", str(workflows), cwd=tmp_path)
    assert result.returncode != 0 and "unpinned" in result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path: Path) -> None:
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        match = re.search(r"uses:\s*(\S+)", line)
        if match and not match[1].startswith("./"):
            pinned = re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", match[1])
            assert pinned, f"{path.name}:{number}: {match[1]} is not pinned to a full commit SHA"
            assert re.search(r"#\s*v\d", line), f"{path.name}:{number}: add the version as a comment, e.g. # v5.0.0"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_permissions_start_empty_and_no_pull_request_target(path: Path) -> None:
    workflow = yaml.safe_load(path.read_text())
    assert workflow.get("permissions") == {}, f"{path.name}: set top-level `permissions: {{}}`"
    triggers = workflow.get(True) or workflow.get("on")  # YAML 1.1 reads `on` as True
    assert "pull_request_target" not in (triggers or {}), f"{path.name}: pull_request_target is not allowed"
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, f"{path.name}: job {name} must declare its permissions"


def test_pages_workflow_deploys_with_least_privilege() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert "concurrency" in workflow
    steps = " ".join(step.get("uses", "") for step in build["steps"] + deploy["steps"])
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in steps
    checkout = next(step for step in build["steps"] if "actions/checkout" in step.get("uses", ""))
    assert checkout["with"]["fetch-depth"] == 0, "last-updated dates need the full git history"


def test_ci_and_pages_share_the_notebook_cache_key() -> None:
    def cache_step(workflow: str) -> dict:
        jobs = yaml.safe_load((ROOT / ".github/workflows" / workflow).read_text(encoding="utf-8"))["jobs"]
        steps = [step for job in jobs.values() for step in job.get("steps", []) if "actions/cache@" in step.get("uses", "")]
        assert len(steps) == 1, f"{workflow}: expected one actions/cache step"
        return steps[0]["with"]

    ci, pages = cache_step("ci.yml"), cache_step("pages.yml")
    assert ci["path"] == pages["path"] == ".cache"
    assert ci["key"].replace("${{ matrix.python }}", "3.11") == pages["key"], "pages.yml would not reuse CI's executed notebooks"
    for script in (
        "scripts/run_notebooks.py",
        "scripts/notebook_sandbox.py",
        "requirements.lock",
        "requirements-torch.lock",
        "examples/**",
    ):
        assert script in ci["key"], f"the cache key ignores {script}"
