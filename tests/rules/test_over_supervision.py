"""MM006 over-supervision (delegate_tui/patterns/rules/over_supervision.py): when it fires and what excuses it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from delegate_tui.model import (
    AreaAgreement,
    DelegationLevel,
    Readiness,
    RuleSettings,
    Settings,
)
from delegate_tui.patterns.rules.over_supervision import is_over_supervised
from tests.helpers.scenario import (
    NOW,
    PRIYA,
    TOOLING,
    Builder,
    ago,
    only,
    team,
)


def scenario() -> Builder:
    """The manager rates Priya D4 in Tooling, yet the agreement keeps Tooling at 3 Consult. (The rule's scenario: tests/rules/test_registry.py checks it fires.)"""
    b = team()
    b.agree(PRIYA, at=ago(5), levels={TOOLING: AreaAgreement(level=3, readiness=Readiness.D4)})
    return b


@pytest.mark.parametrize(
    ("readiness", "level", "fires"),
    [
        (Readiness.D3, 3, True),
        (Readiness.D3, 4, False),
        (Readiness.D4, 4, True),
        (Readiness.D4, 5, False),
        (Readiness.D2, 1, False),
        (None, 1, False),
    ],
)
def test_mm006_ready_member_held_at_a_low_level(readiness: Readiness | None, level: int, fires: bool) -> None:
    b = team()
    b.agree(PRIYA, at=ago(5), levels={TOOLING: AreaAgreement(level=level, readiness=readiness)})
    flags = b.rule("MM006")
    assert len(flags) == int(fires)
    if fires:
        assert flags[0].area == "Tooling"
        assert flags[0].message == (
            f"You rate Priya {readiness.value if readiness else ''} in Tooling, yet the agreed level there is only "
            f"{DelegationLevel(level).display}."
        )


def test_mm006_suggests_the_next_level_and_can_be_tuned() -> None:
    b = team()
    b.agree(PRIYA, at=ago(5), levels={TOOLING: AreaAgreement(level=2, readiness=Readiness.D4)})
    assert "offer level 5 Advise in Tooling" in only(b.rule("MM006")).suggestion
    b.configure("MM006", d4_max_level=1)
    assert b.rule("MM006") == []


# --------------------------------------------------------------------------- the board shares the rule's judgement


def test_mm006_board_marks_agree_with_delegate_check_after_rules_set(
    cli: Any, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A manager widens MM006 with `delegate rules set`: the board's readiness mark follows, as check does."""
    from delegate_tui.screens.board import MARK_MISMATCH, cell_marks
    from delegate_tui.storage.store import Store

    monkeypatch.setenv("DELEGATE_NOW", NOW.isoformat())
    b = team()
    b.agree(PRIYA, at=ago(5), levels={TOOLING: AreaAgreement(level=5, readiness=Readiness.D4)})
    store = Store(db_path)
    store.replace_everything(b.ws, b.events, NOW)

    def marked_and_flagged() -> tuple[bool, bool]:
        result = cli("check", "--format", "json")
        flags = [f for f in json.loads(result.out)["flags"] if f["rule"] == "MM006"]
        flagged = any(f["member_id"] == PRIYA and f["area_id"] == TOOLING for f in flags)
        ws = store.load()
        marks = cell_marks(ws.agreements[PRIYA].levels[TOOLING], False, ws.settings)
        return MARK_MISMATCH in marks, flagged

    assert marked_and_flagged() == (False, False)  # D4 at 5 Advise is fine by default (d4_max_level 4)
    assert cli("rules", "set", "MM006", "d4_max_level=5").code == 0
    assert marked_and_flagged() == (True, True)
    assert cli("rules", "off", "MM006").code == 0
    assert marked_and_flagged() == (False, False)


def test_mm006_is_over_supervised_takes_the_workspace_settings() -> None:
    entry = AreaAgreement(level=4, readiness=Readiness.D3)
    settings = Settings()
    assert not is_over_supervised(entry, settings)
    settings.rules["MM006"] = RuleSettings(params={"d3_max_level": 4})
    assert is_over_supervised(entry, settings)
    assert not is_over_supervised(AreaAgreement(level=4, readiness=Readiness.D2), settings)
