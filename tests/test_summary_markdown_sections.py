"""The Markdown summary's member sections, read the way a manager pastes them into meeting notes.

`make mutate` found these lines unchecked: a role in brackets shown for a member without one, the
"(overdue)" mark on every review or on none, a member's section losing its heading when it has no
agreement or no open tasks, names that start a Markdown list left unescaped, the private notes
section saying "no notes" to the member who has some.
"""

from __future__ import annotations

from datetime import date

import pytest

from delegate_tui import summary
from delegate_tui.model import EventKind
from tests.helpers.clock import NOW
from tests.helpers.scenario import Builder, ago, day_ago


def team() -> Builder:
    """Priya (an engineer, review overdue, a private note), Ann (review not due, agreement not
    acknowledged), and "1. Sam" (no agreement, no tasks)."""
    b = Builder()
    priya = b.member("Priya")
    b.ws.members[priya] = b.ws.members[priya].model_copy(update={"role": "Engineer"})
    sam = b.member("1. Sam", since=date(2026, 1, 5))
    ann = b.member("-Ann")
    tooling = b.area("Tooling")
    b.agree(priya, at=ago(200), levels={tooling: 4}, review_every_days=30, last_review=day_ago(40))
    b.agree(ann, at=ago(20), levels={tooling: 3}, review_every_days=90, last_review=day_ago(10), acknowledged=False)
    b.task(priya, 4, tooling)
    b.task(ann, 3, tooling)
    b.event(EventKind.CHECKIN, ago(3), member_id=priya, note="Asked about the migration plan")
    assert sam == 2
    return b


def sections(include_private: bool = False) -> dict[str, list[str]]:
    """Each member's section of the Markdown summary, by its heading line."""
    b = team()
    text = summary.summary_markdown(
        summary.build_summary(b.ws, b.events, NOW, generated_at=NOW, include_private=include_private)
    )
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("## "):
            current = found.setdefault(line, [])
        elif current is not None:
            current.append(line)
    return found


def after(section: list[str], heading: str, count: int) -> list[str]:
    """The ``count`` lines after a heading inside a section."""
    start = section.index(heading) + 1
    return section[start : start + count]


def test_member_headings_show_the_role_only_when_there_is_one_and_escape_list_starts() -> None:
    headings = [heading for heading in sections() if heading not in ("## Delegation levels", "## Totals")]
    assert headings == ["## Team flags", "## \\-Ann", "## 1\\. Sam", "## Priya (Engineer)"]


def test_a_member_without_agreement_or_tasks_keeps_the_whole_section() -> None:
    sam = sections()["## 1\\. Sam"]
    assert sam[:4] == ["", "On the team since 2026-01-05.", "", "### Trust agreement"]
    assert after(sam, "### Trust agreement", 3) == ["", "No trust agreement yet.", ""]
    assert after(sam, "### Open tasks", 3) == ["", "No open tasks.", ""]
    assert [line for line in sam if line.endswith(" 0.00 a week")] != []


def test_the_agreement_lines_say_version_date_acknowledgement_and_whether_the_review_is_overdue() -> None:
    found = sections()
    priya, ann = found["## Priya (Engineer)"], found["## \\-Ann"]
    assert after(priya, "### Trust agreement", 4) == [
        "",
        "- Version 1 of 2026-05-12, acknowledged: yes",
        "- Check-ins: weekly",
        "- Review every 30 days; last review: 2026-10-19; next review due: 2026-11-18 (overdue)",
    ]
    assert after(ann, "### Trust agreement", 4) == [
        "",
        "- Version 1 of 2026-11-08, acknowledged: no",
        "- Check-ins: weekly",
        "- Review every 90 days; last review: 2026-11-18; next review due: 2027-02-16",
    ]
    assert [line for line in priya if line.endswith(" 0.25 a week (the cadence allows 1.00)")] != []


@pytest.mark.parametrize("include_private", [False, True])
def test_private_notes_appear_only_when_asked_and_no_notes_says_so(include_private: bool) -> None:
    found = sections(include_private)
    for heading, section in found.items():
        if heading.startswith(("## Priya", "## \\-Ann", "## 1\\. Sam")):
            assert ("### Private notes" in section) is include_private, heading
    if include_private:
        assert after(found["## 1\\. Sam"], "### Private notes", 2) == ["", "No notes in the last 90 days."]
        priya_notes = after(found["## Priya (Engineer)"], "### Private notes", 3)
        assert "Asked about the migration plan" in priya_notes[1]
        assert "No notes" not in " ".join(priya_notes)
