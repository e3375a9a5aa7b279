"""`delegate check`, `delegate rules` and `delegate flag ack` as a scripting user meets them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW_ARG


def _files(db_path: Path) -> dict[str, bytes]:
    folder = db_path.parent
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _flags(cli: Any, *args: str) -> list[dict[str, Any]]:
    result = cli("check", "--now", NOW_ARG, "--format", "json", *args)
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert isinstance(document["flags"], list)
    return list(document["flags"])


def test_check_json_lists_the_sample_findings_with_every_field(sample_store: Store, cli: Any) -> None:
    flags = _flags(cli)
    assert {flag["rule"] for flag in flags} == {"MM001", "MM002", "MM004", "MM006", "MM009", "MM013", "MM014"}
    for flag in flags:
        for key in ("id", "rule", "name", "severity", "member", "task", "area", "message", "evidence", "suggestion"):
            assert key in flag, key
        assert flag["evidence"], flag["id"]
    over = next(flag for flag in flags if flag["rule"] == "MM001")
    assert over["member"] == "Jonas Lindqvist"
    assert "on 9 days where the cadence allows 4" in over["message"]


def test_check_text_groups_by_person_most_severe_first_within_80_columns(sample_store: Store, cli: Any) -> None:
    result = cli("check", "--now", NOW_ARG)
    assert result.code == 0
    lines = result.out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "Jonas Lindqvist (1)" in lines
    assert any("CRITICAL MM002" in line for line in lines)
    # Healthy people get no section of their own.
    assert not any(line.startswith(("Priya Natarajan (", "Aiko Tanaka (")) for line in lines)
    headers = [line for line in lines if line and not line.startswith(" ")]
    assert headers == sorted(headers, key=str.casefold)


def test_fail_on_sets_exit_code_1_only_at_or_above_the_level(sample_store: Store, cli: Any) -> None:
    assert cli("check", "--now", NOW_ARG, "--fail-on", "critical").code == 1
    assert cli("check", "--now", NOW_ARG, "--fail-on", "info").code == 1
    assert cli("check", "--now", NOW_ARG, "--fail-on", "critical", "--member", "kwame").code == 0
    assert cli("check", "--now", NOW_ARG, "--fail-on", "info", "--member", "priya").code == 0


def test_check_member_limits_the_output_to_that_person(sample_store: Store, cli: Any) -> None:
    flags = _flags(cli, "--member", "lena")
    assert [flag["member"] for flag in flags] == ["Lena Fischer"]
    assert flags[0]["severity"] == "warning"  # an overdue, never acknowledged agreement: upkeep, never critical


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--fail-on", "severe"), "--fail-on"),
        (("--member", "nobody"), "nobody"),
        (("--now", "the day after"), "--now"),
        (("--format", "yaml"), "--format"),
    ],
)
def test_check_bad_input_exit_2_with_one_line(
    sample_store: Store, cli: Any, args: tuple[str, ...], expected: str
) -> None:
    result = cli("check", *args)
    assert result.code == 2
    assert result.out == ""
    assert len(result.err.strip().splitlines()) == 1
    assert expected in result.err
    assert "Traceback" not in result.err


def test_an_empty_workspace_has_no_flags(store: Store, cli: Any) -> None:
    result = cli("check", "--now", NOW_ARG)
    assert result.code == 0
    assert "No flags" in result.out


def test_rules_list_and_explain(store: Store, cli: Any) -> None:
    listing = cli("rules")
    assert listing.code == 0
    for number in range(1, 14):
        assert f"MM{number:03d}" in listing.out
    assert max(len(line) for line in listing.out.splitlines()) <= 80
    explained = cli("rules", "mm001")
    assert explained.code == 0
    for heading in ("What it checks", "Why it matters", "Example", "Settings"):
        assert heading in explained.out
    assert "factor = 1.5 (default 1.5)" in explained.out
    document = json.loads(cli("rules", "MM004", "--format", "json").out)
    assert document["id"] == "MM004" and document["enabled"] is True


def test_rules_set_off_and_on_change_what_check_reports(sample_store: Store, cli: Any, db_path: Path) -> None:
    assert cli("rules", "set", "MM001", "factor=3").code == 0
    assert "MM001" not in {flag["rule"] for flag in _flags(cli)}
    assert "factor = 3 (default 1.5)" in cli("rules", "MM001").out
    assert cli("rules", "off", "MM009").code == 0
    assert "MM009" not in {flag["rule"] for flag in _flags(cli)}
    assert "switched off" in cli("rules", "MM009").out
    assert cli("rules", "on", "MM009").code == 0
    assert "MM009" in {flag["rule"] for flag in _flags(cli)}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("set", "MM001", "factor=abc"), "factor must be a number"),
        (("set", "MM001", "speed=2"), "speed"),
        (("set", "MM001", "factor"), "KEY=VALUE"),
        (("set", "MM099", "factor=2"), "MM099"),
        (("off", "MM099"), "MM099"),
        (("set", "MM001"), "rules takes"),
        (("explain", "MM001"), "rules takes"),
    ],
)
def test_rules_bad_input_leaves_the_workspace_unchanged(
    sample_store: Store, cli: Any, db_path: Path, args: tuple[str, ...], expected: str
) -> None:
    before = _files(db_path)
    result = cli("rules", *args)
    assert result.code == 2
    assert expected in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert _files(db_path) == before


def test_flag_ack_hides_the_flag_until_the_date_and_check_all_shows_it(sample_store: Store, cli: Any) -> None:
    flag = next(flag for flag in _flags(cli) if flag["rule"] == "MM006")
    result = cli(
        "flag",
        "ack",
        flag["id"],
        "--reason",
        "Tomasz asked to stay at Consult until Q1",
        "--until",
        "2026-12-31",
        "--at",
        NOW_ARG,
    )
    assert result.code == 0, result.err
    assert flag["id"] not in {f["id"] for f in _flags(cli)}
    shown = {f["id"]: f for f in _flags(cli, "--all")}
    assert shown[flag["id"]]["acknowledged"]["reason"] == "Tomasz asked to stay at Consult until Q1"
    later = json.loads(cli("check", "--now", "2027-01-02T12:00:00Z", "--format", "json").out)["flags"]
    assert flag["id"] in {f["id"] for f in later}
    assert cli("check", "--now", NOW_ARG, "--fail-on", "warning", "--member", "tomasz").code == 0


def test_an_acknowledged_flag_returns_when_its_evidence_grows(sample_store: Store, cli: Any) -> None:
    flag = next(flag for flag in _flags(cli) if flag["rule"] == "MM001")
    assert cli("flag", "ack", flag["id"], "--reason", "Migration week", "--at", NOW_ARG).code == 0
    assert flag["id"] not in {f["id"] for f in _flags(cli)}
    assert cli("log", "checkin", "--member", "jonas", "--at", "2026-11-28T11:00:00Z").code == 0
    assert flag["id"] in {f["id"] for f in _flags(cli)}


def test_flag_ack_records_the_severity_it_acknowledged(sample_store: Store, cli: Any) -> None:
    # The acknowledgement returns when the flag grows worse than this severity (an --until one too).
    flag = next(flag for flag in _flags(cli) if flag["rule"] == "MM006")
    assert cli("flag", "ack", flag["id"], "--reason", "Agreed in our 1:1", "--at", NOW_ARG).code == 0
    assert sample_store.load().acks[flag["id"]].severity == flag["severity"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("MM001-00000000", "--reason", "x"), "no current flag"),
        (("{flag}", "--reason", "  "), "--reason"),
        (("{flag}", "--reason", "ok", "--until", "2026-13-01"), "--until"),
        (("{flag}",), "--reason"),
    ],
)
def test_flag_ack_bad_input(sample_store: Store, cli: Any, db_path: Path, args: tuple[str, ...], expected: str) -> None:
    flag_id = _flags(cli)[0]["id"]
    before = _files(db_path)
    result = cli("flag", "ack", *(arg.format(flag=flag_id) for arg in args))
    assert result.code == 2
    assert expected in result.err
    assert _files(db_path) == before


def test_check_text_puts_a_persons_control_flags_before_upkeep_even_when_less_severe() -> None:
    from types import SimpleNamespace

    from delegate_tui.cli.check import format_flags
    from delegate_tui.patterns import Severity

    def flag(rule: str, severity: str, category: str) -> SimpleNamespace:
        return SimpleNamespace(
            member="Lena Fischer",
            rule=rule,
            name=f"rule {rule}",
            id=f"{rule}-1",
            severity=Severity(severity),
            category=category,
            message="A message.",
            evidence=[],
            suggestion="A suggestion.",
            acknowledged=None,
        )

    text = format_flags([flag("MM009", "warning", "upkeep"), flag("MM002", "info", "control")])
    assert text.index("MM002") < text.index("MM009")
