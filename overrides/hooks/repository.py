"""Derive repo_url, edit_uri and site_url instead of hard-coding an owner.

Order of precedence for the repository:

1. ``REPO_URL`` in the environment (any forge, e.g. ``https://gitlab.com/o/r``);
2. GitHub Actions' own variables ``GITHUB_SERVER_URL`` + ``GITHUB_REPOSITORY``;
3. the ``origin`` remote of the local git checkout, when it points at GitHub;
4. none: the site is built without "edit this page" links.

``site_url`` comes from ``SITE_URL`` (see mkdocs.yml). When it is not set and
the repository is on github.com, a build (not ``mkdocs serve``) uses the
GitHub Pages address ``https://OWNER.github.io/REPO/``.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.repository")

_GITHUB_REMOTE = re.compile(
    r"^(?:https://github\.com/|git@github\.com:|ssh://git@github\.com/)"
    r"(?P<owner>[A-Za-z0-9_.-]+)/(?P<repo>[A-Za-z0-9_.-]+?)(?:\.git)?/?$"
)
_command = "build"


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def github_repo_from_remote(remote: str) -> tuple[str, str] | None:
    """Return (owner, repo) for a GitHub remote URL, or None for anything else."""
    match = _GITHUB_REMOTE.match(remote.strip())
    return (match["owner"], match["repo"]) if match else None


def _origin_remote(project_dir: Path) -> str:
    try:
        result = subprocess.run(
            ["git", "-C", str(project_dir), "remote", "get-url", "origin"],
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:  # no git on this machine
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def derive_repo_url(env: dict[str, str], project_dir: Path) -> str:
    if env.get("REPO_URL"):
        url = env["REPO_URL"].rstrip("/")
        if not url.startswith(("https://", "http://")):
            raise PluginError(f"REPO_URL must be an http(s) URL, got {url!r}")
        return url
    if env.get("GITHUB_REPOSITORY"):
        server = env.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
        return f"{server}/{env['GITHUB_REPOSITORY']}"
    parsed = github_repo_from_remote(_origin_remote(project_dir))
    return f"https://github.com/{parsed[0]}/{parsed[1]}" if parsed else ""


def branch() -> str:
    """The branch that edit links (and the notebooks' Colab links) point to."""
    return os.environ.get("EDIT_BRANCH", "main")


def github_pages_url(repo_url: str) -> str | None:
    parsed = github_repo_from_remote(repo_url)
    if not parsed:
        return None
    owner, repo = parsed
    if repo.lower() == f"{owner.lower()}.github.io":  # a user or organization site
        return f"https://{owner.lower()}.github.io/"
    return f"https://{owner.lower()}.github.io/{repo}/"


# First of every on_config: plugins read site_url in theirs (mkdocs-llmstxt keeps
# it as the base of llms.txt), and at equal priority MkDocs runs plugins before hooks.
@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    project_dir = Path(config.config_file_path).parent
    repo_url = derive_repo_url(dict(os.environ), project_dir)
    if repo_url:
        config.repo_url = repo_url
        config.repo_name = "/".join(repo_url.split("/")[-2:])
        docs = Path(os.path.relpath(config.docs_dir, project_dir)).as_posix()
        if "gitlab" in repo_url:
            config.edit_uri = f"-/edit/{branch()}/{docs}/"
        else:
            config.edit_uri = f"edit/{branch()}/{docs}/"
    if not os.environ.get("SITE_URL") and _command != "serve":
        pages_url = github_pages_url(repo_url)
        if pages_url:
            config.site_url = pages_url
    log.debug("repo_url=%r site_url=%r", config.repo_url, config.site_url)
    return config
