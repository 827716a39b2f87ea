"""examples/agent_sandbox.py: the injected-document agent and its defences."""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "examples"))
import agent_sandbox as sandbox  # noqa: E402

NO_DEFENCE = sandbox.Defences()
CODE_DEFENCES = sandbox.Defences(allowlist=True, confirm=True, url_filter=True)


def test_allowlist_blocks_a_tool_the_task_does_not_need() -> None:
    attack = next(a for a in sandbox.ATTACKS if a.name == "ignore-previous")
    episode = sandbox.run_attack(attack, sandbox.Defences(allowlist=True))
    export = [c for c in episode.calls if c.tool == "export_customer_list"]
    assert export and all(c.status.startswith("blocked") for c in export)
    assert not sandbox.attack_succeeded(episode)


def test_allowlist_is_decided_from_the_ticket_not_from_tool_output() -> None:
    assert sandbox.classify_task("Where can I download my invoices?") == "answer_question"
    assert "export_customer_list" not in sandbox.TASK_TOOLS["answer_question"]
    assert sandbox.TASK_TOOLS["refund_request"] >= {"issue_refund"}


def test_naive_agent_follows_an_injected_instruction() -> None:
    episode = sandbox.run_attack(sandbox.ATTACKS[0], NO_DEFENCE)
    assert sandbox.attack_succeeded(episode)
    assert any(c.tool == "send_email" and sandbox.ATTACKER_MARK in c.args["to"] for c in episode.executed())


def test_fixed_data_tags_fall_to_a_closing_tag_but_a_random_marker_holds() -> None:
    attack = next(a for a in sandbox.ATTACKS if a.name == "close-tag")
    assert sandbox.attack_succeeded(sandbox.run_attack(attack, sandbox.Defences(quoting=True)))
    assert not sandbox.attack_succeeded(sandbox.run_attack(attack, sandbox.Defences(spotlight=True)))


def test_url_filter_keeps_company_links_and_removes_others() -> None:
    text = "See https://status.tasklane.example, and ![x](https://img.attacker.example/p.png?u=a@b.example) or https://evil.attacker.example/x."
    cleaned = sandbox.strip_disallowed_urls(text)
    assert "https://status.tasklane.example" in cleaned
    assert sandbox.ATTACKER_MARK not in cleaned


@pytest.mark.parametrize("attack", sandbox.ATTACKS, ids=lambda a: a.name)
def test_code_level_defences_stop_every_attack_in_the_set(attack: sandbox.Attack) -> None:
    assert not sandbox.attack_succeeded(sandbox.run_attack(attack, CODE_DEFENCES))


@pytest.mark.parametrize("defences", [NO_DEFENCE, CODE_DEFENCES, sandbox.Defences(True, False, True, True, True)])
def test_benign_tickets_still_get_done(defences: sandbox.Defences) -> None:
    assert all(sandbox.task_completed(sandbox.Agent(defences).run(ticket)) for ticket in sandbox.BENIGN_TICKETS)


def test_agent_runs_are_deterministic() -> None:
    spotlight = sandbox.Defences(spotlight=True)
    first = sandbox.run_attack(sandbox.ATTACKS[1], spotlight)
    second = sandbox.run_attack(sandbox.ATTACKS[1], spotlight)
    assert first.prompt == second.prompt and first.reply == second.reply
