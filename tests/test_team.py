"""The team list and a member's page: metrics, agreement, version history, tasks, events."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import DataTable

from delegate_tui.model import AgreementTerms, AreaAgreement, DecisionArea, Readiness, Workspace
from delegate_tui.screens.forms import AgreementForm, MemberForm
from delegate_tui.screens.member import MemberScreen, describe_changes
from delegate_tui.screens.team import TeamScreen, flags_text, team_columns
from delegate_tui.screens.widgets import rate_text, sparkline
from delegate_tui.storage.store import Store
from tests.conftest import NOW
from tests.helpers.ui import SIZE, make_app, screen_text


def test_sparkline_puts_the_cadence_at_half_height() -> None:
    assert sparkline([0, 0, 1, 2], cadence_per_week=1.0) == "··▄█"
    assert sparkline([1, 4], cadence_per_week=1.0) == "▂█"
    assert sparkline([0] * 12) == "·" * 12
    assert len(sparkline([3] * 12, cadence_per_week=None)) == 12


def test_rate_and_flag_texts() -> None:
    assert rate_text(None, "weekly") == "…"
    assert flags_text([]) == "none"


def test_describe_changes_names_areas_levels_and_terms() -> None:
    workspace = Workspace(areas={1: DecisionArea(id=1, name="Hiring"), 2: DecisionArea(id=2, name="Tooling")})
    before = AgreementTerms(levels={1: AreaAgreement(level=3)}, cadence="weekly", growth_goals=["Lead a hire"])
    after = AgreementTerms(
        levels={1: AreaAgreement(level=5, readiness=Readiness.D3), 2: AreaAgreement(level=4)},
        cadence="biweekly",
        growth_goals=["Lead a hire", "Own the budget"],
        acknowledged=True,
    )
    changes = describe_changes(before, after, workspace)
    assert changes == [
        "Hiring 3 Consult → 5 Advise (readiness none → D3)",
        "Tooling set to 4 Agree",
        "check-ins weekly → biweekly",
        "growth goal added: “Own the budget”",
        "acknowledged",
    ]
    assert describe_changes(None, before, workspace) == ["first version: Hiring 3 Consult"]


async def test_team_lists_members_with_metrics(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, TeamScreen)
        lines = screen_text(app).splitlines()
        jonas = next(line for line in lines if "Jonas Lindqvist" in line)
        assert "Backend Engineer" in jonas
        assert "0%" in jonas
        assert "2.2/wk vs weekly" in jonas
        assert "1 warning" in jonas
        diego = next(line for line in lines if "Diego Fernández" in line)
        assert "75%" in diego
        assert "2 critical" in diego  # two flags, the worst critical (the incident override is info)
        assert "8 members · team autonomy" in screen_text(app)


async def test_enter_opens_the_member_page_and_escape_goes_back(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m", "down")  # Aiko, then Diego
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MemberScreen)
        text = screen_text(app)
        assert "Diego Fernández, Site Reliability Engineer, on the team since 2022-10-20" in text
        assert "Release to production  5 Advise" in text
        assert "Next review due" in text
        assert "critical MM002" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TeamScreen)


async def test_member_page_shows_versions_tasks_and_events_with_notes(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(120, 120)) as pilot:
        await pilot.pause()
        app.action_open_member(2)  # Aiko: three versions
        await pilot.pause()
        text = screen_text(app)
        # Newest first, each version with its date and what changed (written out, not computed by
        # version_history, the function under test).
        shown = [
            "v3 2026-11-08  Budget up to 1k 3 Consult → 4 Agree",
            "v2 2026-08-10  Budget up to 1k: self-readiness D2 → D3",
            "v1 2026-05-12  first version: Budget up to 1k 3 Consult",
        ]
        for line in shown:
            assert line in text, line
        assert [text.index(line) for line in shown] == sorted(text.index(line) for line in shown)
        assert "Open tasks" in text and "Recent events" in text
        events = [e for e in sample_store.events() if e.member_id == 2 and e.note]
        assert events, "the sample has notes for Aiko"
        assert f"Note: “{events[-1].note}”"[:50] in text


async def test_team_keys_edit_member_and_agreement(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, MemberForm)
        assert "Edit Aiko Tanaka" in screen_text(app)
        await pilot.press("escape")
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AgreementForm)
        await pilot.press("escape")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MemberForm)
        assert "Add a member" in screen_text(app)


async def test_member_page_keys(sample_store: Store, db_path: Path) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_open_member(8)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, MemberForm)
        await pilot.press("escape", "a")
        await pilot.pause()
        assert isinstance(app.screen, AgreementForm)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MemberScreen)
        # The member's own change elsewhere shows on the page.
        Store(db_path).set_agreement(8, lambda terms: terms.model_copy(update={"cadence": "weekly"}), now=NOW)
        app.reload()
        await pilot.pause()
        assert "check-ins twice-weekly → weekly" in screen_text(app)


async def test_an_empty_team_says_how_to_add_someone(store: Store) -> None:
    store.add_area("Hiring", now=NOW)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert "No members yet. Press n to add the first person on your team." in screen_text(app)


async def test_a_member_without_an_agreement(store: Store) -> None:
    store.add_member("Noor", role="Designer", now=NOW)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert "no agreement" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "No trust agreement yet. Press a to write one." in text
        assert "No versions yet." in text
        assert "Nothing logged yet." in text


async def test_at_80_columns_flags_check_ins_and_review_dates_read_whole_in_either_language(
    sample_store: Store,
) -> None:
    from delegate_tui import i18n

    for language, warning in (("en", "1 warning"), ("nl", "1 waarschuwing")):
        i18n.use(language)
        app = make_app(sample_store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("m")
            await pilot.pause()
            assert isinstance(app.screen, TeamScreen)
            lines = screen_text(app).splitlines()
            fatima = next(line for line in lines if "Fatima" in line)
            assert f"{warning} " in fatima
            assert re.search(r" \d{4}-\d\d-\d\d$", fatima.rstrip())  # the review date, whole
            for key, _title, size in team_columns(80):
                table = app.screen.query_one("DataTable")
                assert isinstance(table, DataTable)
                for row in range(table.row_count):
                    cell = table.get_cell_at((row, [c.key.value for c in table.columns.values()].index(key)))
                    assert cell.cell_len <= size, (key, str(cell))


async def test_at_80_columns_the_agreement_headings_and_marks_read_whole_in_dutch(sample_store: Store) -> None:
    from delegate_tui import i18n

    i18n.use("nl")
    member = next(m for m in sample_store.load().members.values() if m.name == "Diego Fernández")
    app = make_app(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_open_member(member.id)
        await pilot.pause()
        lines = screen_text(app).splitlines()
        heading = next(line for line in lines if "Gebied" in line and "Niveau" in line)
        assert "Gereed " in heading + " " and "Zelf" in heading
        assert any("D4" in line and "⚑" in line for line in lines)  # Release to production: an open flag
        assert "3 Raadplegen" in " ".join(lines)


def test_long_names_read_whole_when_the_terminal_has_room_and_shorten_only_when_it_does_not() -> None:
    name = "Maximiliane Oberhauser-Lindqvist"  # 32 characters
    wide = dict((key, size) for key, _title, size in team_columns(200, len(name)))
    assert wide["name"] == len(name) and "role" in wide
    narrow = dict((key, size) for key, _title, size in team_columns(80, len(name)))
    assert narrow["name"] <= 16 and {"review", "flags", "rate"} <= narrow.keys()
    assert dict((key, size) for key, _title, size in team_columns(120, 12))["name"] == 16
