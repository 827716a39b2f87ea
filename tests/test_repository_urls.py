"""repo_url, edit_uri and site_url are derived from the environment, never invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import load_hook

repository = load_hook("repository")


@pytest.mark.parametrize(
    ("remote", "expected"),
    [
        ("https://github.com/octo-org/handbook.git", ("octo-org", "handbook")),
        ("https://github.com/octo-org/handbook", ("octo-org", "handbook")),
        ("git@github.com:octo-org/handbook.git", ("octo-org", "handbook")),
        ("ssh://git@github.com/octo-org/ml.handbook.git", ("octo-org", "ml.handbook")),
        ("/tmp/some/local/clone", None),
        ("https://gitlab.com/octo-org/handbook.git", None),
        ("", None),
    ],
)
def test_github_remotes_are_recognised(remote: str, expected) -> None:
    assert repository.github_repo_from_remote(remote) == expected


def test_environment_wins_over_the_git_remote(tmp_path: Path) -> None:
    env = {"REPO_URL": "https://gitlab.com/team/handbook/", "GITHUB_REPOSITORY": "octo-org/handbook"}
    assert repository.derive_repo_url(env, tmp_path) == "https://gitlab.com/team/handbook"


def test_github_actions_variables_are_used(tmp_path: Path) -> None:
    env = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "octo-org/handbook"}
    assert repository.derive_repo_url(env, tmp_path) == "https://github.com/octo-org/handbook"


def test_no_repository_means_no_repo_url(tmp_path: Path) -> None:
    assert repository.derive_repo_url({}, tmp_path) == ""


def test_malformed_repo_url_is_refused(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="REPO_URL must be an http"):
        repository.derive_repo_url({"REPO_URL": "github.com/octo-org/handbook"}, tmp_path)


@pytest.mark.parametrize(
    ("repo_url", "pages_url"),
    [
        ("https://github.com/Octo-Org/handbook", "https://octo-org.github.io/handbook/"),
        ("https://github.com/octo-org/octo-org.github.io", "https://octo-org.github.io/"),
        ("https://gitlab.com/octo-org/handbook", None),
        ("", None),
    ],
)
def test_github_pages_address_is_derived(repo_url: str, pages_url) -> None:
    assert repository.github_pages_url(repo_url) == pages_url
