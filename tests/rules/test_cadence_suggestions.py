"""What MM012 suggests: the next lighter cadence, as a manager would read it in the flag.

(`make mutate` found that nothing checked the suggestion past weekly: a monthly cadence could be
told to stay monthly, and one of "every 10 days" to go to every 365 days.)
"""

from __future__ import annotations

import pytest

from delegate_tui.model import AreaAgreement, Readiness
from tests.helpers.scenario import Builder, ago, only


def grown_with(cadence: str) -> Builder:
    """Omar, checked on at ``cadence`` for 200 days while Tooling went from 3 Consult to 5 Advise."""
    b = Builder()
    omar = b.member("Omar")
    tooling = b.area("Tooling")
    b.agree(omar, at=ago(200), cadence=cadence, levels={tooling: AreaAgreement(level=3, readiness=Readiness.D2)})
    b.agree(omar, at=ago(50), levels={tooling: AreaAgreement(level=5, readiness=Readiness.D2)})
    return b


@pytest.mark.parametrize(
    ("cadence", "lighter"),
    [
        ("daily", "twice-weekly"),
        ("biweekly", "monthly"),
        ("monthly", "on-request"),
        ("10d", "every 20 days"),
        ("200d", "every 365 days"),
    ],
)
def test_mm012_suggests_the_next_lighter_cadence(cadence: str, lighter: str) -> None:
    flag = only(grown_with(cadence).rule("MM012"))
    assert flag.suggestion.endswith(f"for example {lighter}."), flag.suggestion
