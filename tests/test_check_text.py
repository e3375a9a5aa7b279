"""What `delegate check` prints for each flag, read as a manager reads it in a terminal.

`make mutate` found these unchecked: the order of one person's flags by severity, the marker in
front of each, the cut after five pieces of evidence and the count of the rest, the suggestion,
and the reason shown for an acknowledged flag with --all.
"""

from __future__ import annotations

import json
from typing import Any

from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW_ARG


def section(out: str, person: str) -> list[str]:
    """The lines of one person's section of the text output (without its header)."""
    lines = out.splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith(f"{person} ("))
    end = next((index for index in range(start + 1, len(lines)) if lines[index] and lines[index][0] != " "), len(lines))
    return [line for line in lines[start + 1 : end] if line]


def test_a_persons_flags_come_most_severe_first_each_with_its_marker(sample_store: Store, cli: Any) -> None:
    result = cli("check", "--now", NOW_ARG)
    assert result.code == 0
    heads = [line for line in section(result.out, "Diego Fernández") if line.startswith("  ") and line[2] != " "]
    assert [head.split("[")[0].rstrip() for head in heads] == [
        "  !! CRITICAL MM002 decision-overridden",
        "  i  INFO     MM002 decision-overridden",
    ]
    warning = [line for line in section(result.out, "Fatima Al-Sayed") if "MM004" in line]
    assert warning[0].startswith("  !  WARNING  MM004 taken-back  [MM004-")


def test_evidence_stops_after_five_items_and_counts_the_rest(sample_store: Store, cli: Any) -> None:
    flags = json.loads(cli("check", "--now", NOW_ARG, "--format", "json").out)["flags"]
    over = next(flag for flag in flags if flag["rule"] == "MM001")
    assert len(over["evidence"]) > 6
    lines = section(cli("check", "--now", NOW_ARG).out, "Jonas Lindqvist")
    items = [line for line in lines if line.startswith("     - ")]
    assert len(items) == 5
    assert items[0].startswith("     - " + over["evidence"][0]["text"][:30])
    assert f"     ... and {len(over['evidence']) - 5} more" in lines
    suggestion = next(line for line in lines if line.startswith("     Suggestion: "))
    assert suggestion.startswith("     Suggestion: Agree with Jonas Lindqvist on how")


def test_check_all_shows_why_an_acknowledged_flag_was_set_aside(sample_store: Store, cli: Any) -> None:
    flags = json.loads(cli("check", "--now", NOW_ARG, "--format", "json").out)["flags"]
    pulse = next(flag for flag in flags if flag["rule"] == "MM014")
    assert cli("flag", "ack", pulse["id"], "--reason", "talked it through on Monday", "--at", NOW_ARG).code == 0
    assert pulse["id"] not in cli("check", "--now", NOW_ARG).out
    shown = section(cli("check", "--now", NOW_ARG, "--all").out, "Kwame Mensah")
    assert "     Acknowledged: talked it through on Monday" in shown
