"""The delegation board: levels with digits, marks, the detail line, wide teams, empty states."""

from __future__ import annotations

from pathlib import Path

from delegate_tui.model import (
    AgreementTerms,
    AreaAgreement,
    DecisionArea,
    DelegationLevel,
    EventKind,
    Member,
    Readiness,
    Settings,
    TrustAgreement,
    Workspace,
)
from delegate_tui.screens.board import (
    AREA_WIDTH,
    BoardGrid,
    BoardScreen,
    cell_marks,
    fit_name,
    readiness_mismatch,
)
from delegate_tui.screens.forms import AgreementForm, AreaForm, MemberForm
from delegate_tui.screens.host import host
from delegate_tui.storage.store import Store
from tests.conftest import NOW
from tests.helpers.ui import SIZE, make_app, screen_text

DEFAULTS = Settings()


def board(app: object) -> BoardScreen:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, BoardScreen)
    return screen


async def select(app: object, member: str, area: str) -> None:
    """Put the cursor on a member's column and an area's row."""
    screen = board(app)
    workspace = host(screen).data.workspace
    member_id = workspace.member_named(member).id
    area_id = workspace.area_named(area).id
    screen.query_one(BoardGrid).select(screen._members.index(member_id), screen._areas.index(area_id))


# ---------------------------------------------------------------------------- pure helpers


def test_readiness_mismatch_follows_the_over_supervision_and_gap_rules() -> None:
    assert readiness_mismatch(AreaAgreement(level=3, readiness=Readiness.D3), DEFAULTS)
    assert not readiness_mismatch(AreaAgreement(level=4, readiness=Readiness.D3), DEFAULTS)
    assert readiness_mismatch(AreaAgreement(level=4, readiness=Readiness.D4), DEFAULTS)
    assert not readiness_mismatch(AreaAgreement(level=5, readiness=Readiness.D4), DEFAULTS)
    assert readiness_mismatch(AreaAgreement(level=2, readiness=Readiness.D2, self_readiness=Readiness.D4), DEFAULTS)
    assert not readiness_mismatch(AreaAgreement(level=2, readiness=Readiness.D2, self_readiness=Readiness.D1), DEFAULTS)
    assert not readiness_mismatch(AreaAgreement(level=2), DEFAULTS)


def test_cell_marks_and_names() -> None:
    entry = AreaAgreement(level=3, desired=5, readiness=Readiness.D3)
    assert cell_marks(entry, flagged=True, settings=DEFAULTS) == "↗!⚑"
    assert cell_marks(None, flagged=False, settings=DEFAULTS) == ""
    assert fit_name("Priya Natarajan", 12) == "Priya N."
    assert fit_name("Aiko Tanaka", 12) == "Aiko Tanaka"
    assert fit_name("Bartholomew-Alexander", 12) == "Bartholomew…"


# ---------------------------------------------------------------------------- on screen


async def test_cells_show_number_and_name_with_marks_and_a_legend(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        lines = text.splitlines()
        header = next(line for line in lines if line.startswith("Decision area") or " Decision area" in line)
        assert "Aiko Tanaka" in header
        escalations = next(line for line in lines if "Customer escalations" in line)
        assert "2 Sell      !⚑" in escalations  # Kwame: readiness gap and an open perception-gap flag
        hiring = next(line for line in lines if line.lstrip().startswith("Hiring"))
        assert "4 Agree      ↗" in hiring  # Aiko: a desired level is set
        assert "·" in hiring  # Kwame has nothing agreed for Hiring
        assert "↗ desired level" in text
        assert "! readiness mismatch" in text
        assert "⚑ open flag" in text


async def test_the_detail_line_explains_the_selected_cell(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await select(app, "Kwame Mensah", "Customer escalations")
        await pilot.pause()
        text = screen_text(app)
        assert "Kwame Mensah · Customer escalations: 2 Sell. The manager decides and explains why" in text
        assert "Readiness: D2 in your view, D4 in theirs." in text
        assert "⚑ Kwame Mensah rates their own readiness in Customer escalations as D4" in text
        await select(app, "Aiko Tanaka", "Hiring")
        await pilot.pause()
        assert "Heading for 5 Advise by 2027-04-27." in screen_text(app)


async def test_a_digit_sets_the_level_as_a_new_agreement_version(sample_store: Store, db_path: Path) -> None:
    before = sample_store.load()
    aiko = before.member_named("Aiko Tanaka")
    hiring = before.area_named("Hiring")
    old = before.agreements[aiko.id]
    events_before = len(sample_store.events())
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await select(app, "Aiko Tanaka", "Hiring")
        await pilot.press("6")
        await pilot.pause()
        hiring_line = next(line for line in screen_text(app).splitlines() if line.lstrip().startswith("Hiring"))
        assert "6 Inquire" in hiring_line
    after = Store(db_path)
    agreement = after.load().agreements[aiko.id]
    assert agreement.version == old.version + 1
    assert agreement.levels[hiring.id].level == DelegationLevel.INQUIRE
    # The desired level and readiness of the cell are kept.
    assert agreement.levels[hiring.id].desired == old.levels[hiring.id].desired
    assert agreement.levels[hiring.id].readiness == old.levels[hiring.id].readiness
    events = after.events()
    assert len(events) == events_before + 1
    change = events[-1]
    assert change.kind == EventKind.LEVEL_CHANGE
    assert (change.member_id, change.area_id) == (aiko.id, hiring.id)
    assert (change.from_level, change.to_level) == (DelegationLevel.AGREE, DelegationLevel.INQUIRE)


async def test_the_same_digit_again_changes_nothing(sample_store: Store, db_path: Path) -> None:
    app = make_app(sample_store)
    version = sample_store.load().agreements[2].version
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await select(app, "Aiko Tanaka", "Hiring")
        await pilot.press("4")
        await pilot.pause()
        assert any("already has 4 Agree in Hiring" in n.message for n in app._notifications)
    assert Store(db_path).load().agreements[2].version == version


async def test_a_digit_on_an_empty_cell_creates_the_entry_and_the_agreement(store: Store, db_path: Path) -> None:
    store.add_area("Hiring", now=NOW)
    store.add_member("Noor", now=NOW)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "·" in next(line for line in screen_text(app).splitlines() if "Hiring" in line)
        await pilot.press("3")
        await pilot.pause()
        assert "3 Consult" in next(line for line in screen_text(app).splitlines() if "Hiring" in line)
    agreement = Store(db_path).load().agreements[1]
    assert agreement.version == 1
    assert agreement.levels[1].level == DelegationLevel.CONSULT


async def test_clearing_a_cell_removes_the_area_from_the_agreement(sample_store: Store, db_path: Path) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await select(app, "Aiko Tanaka", "Tooling")
        await pilot.press("0")
        await pilot.pause()
    workspace = Store(db_path).load()
    assert workspace.area_named("Tooling").id not in workspace.agreements[2].levels


async def test_arrows_move_the_cursor_and_enter_opens_the_agreement(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        grid = app.screen.query_one(BoardGrid)
        assert grid.cursor == (0, 0)
        await pilot.press("right", "right", "down")
        await pilot.pause()
        assert grid.cursor == (2, 1)
        assert "Fatima Al-Sayed · Tooling" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AgreementForm)
        assert "Trust agreement with Fatima Al-Sayed" in screen_text(app)


async def test_clicking_a_cell_selects_it_and_a_second_click_opens_the_agreement(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        grid = app.screen.query_one(BoardGrid)
        await pilot.click(BoardGrid, offset=(AREA_WIDTH + 14 + 3, 2))
        await pilot.pause()
        assert grid.cursor == (1, 1)
        await pilot.click(BoardGrid, offset=(AREA_WIDTH + 14 + 3, 2))
        await pilot.pause()
        assert isinstance(app.screen, AgreementForm)


async def test_keys_open_the_area_and_member_forms(sample_store: Store) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, AreaForm)
        await pilot.press("escape")
        await pilot.press("N")
        await pilot.pause()
        assert isinstance(app.screen, MemberForm)
        await pilot.press("escape")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, AreaForm)
        assert "Edit Hiring" in screen_text(app)
        await pilot.press("escape")
        await pilot.press("o")
        await pilot.pause()
        assert app.current_mode == "team"
        assert "Aiko Tanaka, Product Designer" in screen_text(app)


def _wide_workspace(members: int, areas: int) -> Workspace:
    area_map = {i: DecisionArea(id=i, name=f"Area {i:02d}") for i in range(1, areas + 1)}
    member_map = {i: Member(id=i, name=f"Person {i:03d}") for i in range(1, members + 1)}
    agreements = {
        i: TrustAgreement(
            member_id=i,
            changed_at=NOW,
            **dict(AgreementTerms(levels={a: AreaAgreement(level=(i + a) % 7 + 1) for a in area_map})),
        )
        for i in member_map
    }
    return Workspace(members=member_map, areas=area_map, agreements=agreements)


async def test_a_wide_team_scrolls_sideways_keeping_the_area_names(store: Store) -> None:
    store.replace_everything(_wide_workspace(200, 10), [], NOW)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = screen_text(app)
        assert "Person 001" in first
        assert "Person 200" not in first
        await pilot.press("end")
        await pilot.pause()
        text = screen_text(app)
        assert "Person 200" in text
        assert "Person 001" not in text
        assert "Area 01" in text and "Area 10" in text
        assert "Person 200 · Area 01" in text
        await pilot.press("pageup", "home")
        await pilot.pause()
        assert "Person 001" in screen_text(app)


async def test_empty_states_say_what_to_add(store: Store) -> None:
    store.add_member("Noor", now=NOW)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "No decision areas yet. Press n to add one" in screen_text(app)
        before = store.path.read_bytes()
        await pilot.press("3")  # no cell to set: nothing is written
        await pilot.pause()
        assert store.path.read_bytes() == before
        assert Store(store.path).load().agreements == {}
        assert app.is_running and app._exception is None
        app.store.add_area("Hiring", now=NOW)
        app.reload()
        await pilot.pause()
        assert "Hiring" in screen_text(app)
        assert "No decision areas yet" not in screen_text(app)


async def test_members_without_areas_and_areas_without_members(store: Store) -> None:
    store.add_area("Hiring", now=NOW)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "No members yet. Press N to add a member" in screen_text(app)


async def test_a_mark_never_touches_the_level_name_in_either_language(sample_store: Store) -> None:
    from delegate_tui import i18n

    for language, level in (("en", "3 Consult"), ("nl", "3 Raadplegen")):
        i18n.use(language)
        app = make_app(sample_store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            budget = next(line for line in screen_text(app).splitlines() if "Budget up to 1k" in line)
            assert f"{level}  " in budget and f"{level}↗" not in budget  # Diego: a desired level
            # Every level name with all three marks fits a cell, a space between them.
            grid = app.screen.query_one(BoardGrid)
            assert all(len(f" {lvl.display} ↗!⚑ ") <= grid.cell_width for lvl in DelegationLevel)
