"""MM012 cadence-never-relaxes (delegate_tui/patterns/rules/cadence_never_relaxes.py): when it fires and what excuses it."""

from __future__ import annotations

from datetime import timedelta

from delegate_tui.model import (
    AreaAgreement,
    Readiness,
)
from delegate_tui.patterns import (
    Severity,
)
from tests.helpers.scenario import (
    NOW,
    Builder,
    ago,
    only,
)


def grown(cadence: str = "weekly") -> Builder:
    b = Builder()
    omar = b.member("Omar")
    tooling = b.area("Tooling")
    b.agree(omar, at=ago(200), cadence=cadence, levels={tooling: AreaAgreement(level=3, readiness=Readiness.D2)})
    return b


def scenario() -> Builder:
    """Omar has been checked on weekly for 200 days while Tooling went from 3 Consult to 5 Advise. (The rule's scenario: tests/rules/test_registry.py checks it fires.)"""
    b = grown()
    b.agree(1, at=ago(50), levels={1: AreaAgreement(level=5, readiness=Readiness.D2)})
    return b


def test_mm012_cadence_unchanged_while_levels_went_up() -> None:
    b = grown()
    b.agree(1, at=ago(50), levels={1: AreaAgreement(level=5, readiness=Readiness.D2)})
    flag = only(b.rule("MM012"))
    assert flag.severity is Severity.INFO
    assert flag.message == (
        "Omar's check-in cadence has been weekly for 200 days, while their agreed levels or your readiness "
        "ratings went up."
    )
    assert "for example biweekly" in flag.suggestion
    assert [e.ref for e in flag.evidence] == ["agreement.cadence", "agreement.levels.1"]


def test_mm012_readiness_going_up_counts_too() -> None:
    b = grown()
    b.agree(1, at=ago(50), levels={1: AreaAgreement(level=3, readiness=Readiness.D3)})
    assert [e.ref for e in only(b.rule("MM012")).evidence] == ["agreement.cadence", "agreement.readiness.1"]


def test_mm012_does_not_fire_when_cadence_relaxed_or_too_young_or_no_growth() -> None:
    relaxed = grown()
    relaxed.agree(1, at=ago(50), cadence="biweekly", levels={1: 5})
    assert relaxed.rule("MM012") == []
    young = Builder()
    young.member("Omar")
    young.area("Tooling")
    young.agree(1, at=ago(170), levels={1: 3})
    young.agree(1, at=ago(50), levels={1: 5})
    assert young.rule("MM012") == []
    same = grown()
    same.agree(1, at=ago(50), growth_goals=["Speak at a meetup"])
    assert same.rule("MM012") == []
    on_request = grown("on-request")
    on_request.agree(1, at=ago(50), levels={1: 6})
    assert on_request.rule("MM012") == []


def test_mm012_a_cadence_change_inside_the_period_counts_as_change() -> None:
    b = grown("daily")
    b.agree(1, at=ago(100), cadence="weekly")
    b.agree(1, at=ago(50), levels={1: 5})
    assert b.rule("MM012") == []
    # 180 days after the cadence became weekly, the levels went up since then.
    assert len(b.rule("MM012", now=NOW + timedelta(days=90))) == 1
    b.configure("MM012", days=60)
    assert len(b.rule("MM012")) == 1
