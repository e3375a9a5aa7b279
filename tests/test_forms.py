"""The modal forms: member, decision area, trust agreement; inline validation with the CLI's messages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Checkbox, Input, Select, Static, TextArea

from delegate_tui.app import DelegateApp
from delegate_tui.model import DelegationLevel, EventKind, Readiness
from delegate_tui.screens.board import BoardScreen
from delegate_tui.screens.forms import AgreementForm, AreaForm, ManagerForm, MemberForm
from delegate_tui.storage.store import Store
from tests.conftest import NOW
from tests.helpers.files import files_in
from tests.helpers.ui import SIZE, make_app, run_command, screen_text


def error(app: DelegateApp, field: str) -> str:
    """The text under a field ("" when hidden)."""
    label = app.screen.query_one(f"#error-{field}", Static)
    return str(label.content) if label.has_class("-shown") else ""


async def fill(app: DelegateApp, pilot: object, field: str, value: str) -> None:
    app.screen.query_one(f"#{field}", Input).value = value


# ---------------------------------------------------------------------------- members


async def test_add_a_member(sample_store: Store, db_path: Path) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_add_member()
        await pilot.pause()
        await pilot.press(*"Noor Haddad")
        await pilot.press("tab", *"Data Engineer", "tab", *"2026-09-01")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert any(n.message == "Added Noor Haddad to the team." for n in app._notifications)
        # The board shows as many member columns as fit; the team list shows everyone.
        await pilot.press("m")
        await pilot.pause()
        assert "Noor Haddad" in screen_text(app)
    noor = Store(db_path).load().member_named("Noor Haddad")
    assert (noor.role, noor.since) == ("Data Engineer", date(2026, 9, 1))


async def test_an_empty_name_is_refused_inline(sample_store: Store, db_path: Path) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = files_in(db_path.parent)
        app.action_add_member()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MemberForm)
        assert error(app, "name") == "name must not be empty."
        assert files_in(db_path.parent) == before, "a refused form wrote something"
        assert "name must not be empty." in screen_text(app)
    assert len(Store(db_path).load().members) == 8


async def test_a_date_that_does_not_exist_is_refused_inline(sample_store: Store, db_path: Path) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = files_in(db_path.parent)
        app.action_add_member()
        await pilot.pause()
        await fill(app, pilot, "name", "Noor")
        await fill(app, pilot, "since", "2026-02-30")
        await pilot.click("#save")
        await pilot.pause()
        assert isinstance(app.screen, MemberForm)
        assert error(app, "since") == "start date 2026-02-30 is not a date: use YYYY-MM-DD, e.g. 2026-03-01."
        assert files_in(db_path.parent) == before, "a refused form wrote something"
        assert error(app, "name") == ""
        assert app.screen.focused is app.screen.query_one("#since")
        # Fixing it saves.
        await fill(app, pilot, "since", "2026-02-28")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, MemberForm)
    assert Store(db_path).load().member_named("Noor").since == date(2026, 2, 28)


async def test_a_duplicate_member_is_refused_inline(sample_store: Store, db_path: Path) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = files_in(db_path.parent)
        app.action_add_member()
        await pilot.pause()
        await fill(app, pilot, "name", "priya natarajan")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MemberForm)
        assert error(app, "name") == "There is already a member named 'priya natarajan'."
        assert files_in(db_path.parent) == before, "a refused form wrote something"
    assert len(Store(db_path).load().members) == 8


async def test_a_too_long_role_is_refused_inline(sample_store: Store, db_path: Path) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = files_in(db_path.parent)
        app.action_add_member()
        await pilot.pause()
        await fill(app, pilot, "name", "Noor")
        await fill(app, pilot, "role", "x" * 81)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert error(app, "role") == "role must be at most 80 characters."
        assert files_in(db_path.parent) == before, "a refused form wrote something"


async def test_escape_cancels_without_saving(sample_store: Store, db_path: Path) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_add_member()
        await pilot.pause()
        await pilot.press(*"Someone")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
    assert len(Store(db_path).load().members) == 8


async def test_edit_a_member(sample_store: Store, db_path: Path) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        member = sample_store.load().members[3]
        app.push_screen(MemberForm(member))
        await pilot.pause()
        assert app.screen.query_one("#name", Input).value == "Jonas Lindqvist"
        await fill(app, pilot, "role", "Tech Lead")
        await fill(app, pilot, "since", "")
        await pilot.press("ctrl+s")
        await pilot.pause()
    jonas = Store(db_path).load().members[3]
    assert (jonas.name, jonas.role, jonas.since) == ("Jonas Lindqvist", "Tech Lead", None)


# ---------------------------------------------------------------------------- areas


async def test_add_edit_and_refuse_a_duplicate_area(sample_store: Store, db_path: Path) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Vendor choice", "tab", *"Which suppliers we use.", "ctrl+s")
        await pilot.pause()
        assert "Vendor choice" in screen_text(app)
        before = files_in(db_path.parent)
        await pilot.press("n")
        await pilot.pause()
        await fill(app, pilot, "name", "HIRING")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AreaForm)
        assert error(app, "name") == "There is already a decision area named 'HIRING'."
        assert files_in(db_path.parent) == before, "a refused form wrote something"
        await pilot.press("escape")
        await pilot.pause()
        app.push_screen(AreaForm(Store(db_path).load().area_named("Vendor choice")))
        await pilot.pause()
        await fill(app, pilot, "name", "Vendors")
        await pilot.press("ctrl+s")
        await pilot.pause()
    areas = {area.name: area for area in Store(db_path).load().areas.values()}
    assert "Vendors" in areas and areas["Vendors"].description == "Which suppliers we use."


# ---------------------------------------------------------------------------- agreements


async def test_agreement_form_saves_a_new_version(sample_store: Store, db_path: Path) -> None:
    workspace = sample_store.load()
    jonas = workspace.member_named("Jonas Lindqvist")
    budget = workspace.area_named("Budget up to 1k")
    hiring = workspace.area_named("Hiring")
    old = workspace.agreements[jonas.id]
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_edit_agreement(jonas.id)
        await pilot.pause()
        form = app.screen
        assert isinstance(form, AgreementForm)
        form.query_one(f"#level-{budget.id}", Select).value = 4
        form.query_one(f"#readiness-{budget.id}", Select).value = "D3"
        form.query_one(f"#level-{hiring.id}", Select).value = 5
        form.query_one(f"#desired-{hiring.id}", Select).value = 6
        form.query_one(f"#by-{hiring.id}", Input).value = "2027-03-01"
        form.query_one("#cadence", Select).value = "biweekly"
        form.query_one("#growth", TextArea).text = "Lead the next hire\n\nOwn the on-call budget\n"
        # Jonas acknowledged the current version, but not the one being written: the box starts empty.
        assert old.acknowledged
        assert not form.query_one("#acknowledged", Checkbox).value
        form.query_one("#acknowledged", Checkbox).value = True  # he read it with the manager
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, AgreementForm)
        assert any(f"Saved version {old.version + 1}" in n.message for n in app._notifications)
    store = Store(db_path)
    agreement = store.load().agreements[jonas.id]
    assert agreement.version == old.version + 1
    assert agreement.levels[budget.id].level == DelegationLevel.AGREE
    assert agreement.levels[budget.id].readiness == Readiness.D3
    assert agreement.levels[hiring.id].level == DelegationLevel.ADVISE
    assert agreement.levels[hiring.id].desired == DelegationLevel.INQUIRE
    assert agreement.levels[hiring.id].desired_by == date(2027, 3, 1)
    assert agreement.cadence == "biweekly"
    assert agreement.growth_goals == ["Lead the next hire", "Own the on-call budget"]
    assert agreement.acknowledged
    assert agreement.channel == old.channel  # untouched fields stay
    changes = [e for e in store.events() if e.kind == EventKind.LEVEL_CHANGE and e.member_id == jonas.id]
    assert changes[-1].area_id == hiring.id
    assert (changes[-1].from_level, changes[-1].to_level) == (DelegationLevel.CONSULT, DelegationLevel.ADVISE)


async def test_an_agreement_saved_without_the_tick_waits_for_the_members_acknowledgement(
    sample_store: Store, db_path: Path
) -> None:
    workspace = sample_store.load()
    jonas = workspace.member_named("Jonas Lindqvist")
    old = workspace.agreements[jonas.id]
    assert old.acknowledged
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_edit_agreement(jonas.id)
        await pilot.pause()
        form = app.screen
        assert isinstance(form, AgreementForm)
        form.query_one("#cadence", Select).value = "monthly"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any(f"Saved version {old.version + 1}" in n.message for n in app._notifications)
        app.action_edit_agreement(jonas.id)
        await pilot.pause()
        assert not app.screen.query_one("#acknowledged", Checkbox).value
        await pilot.press("ctrl+s")  # nothing changed, nothing ticked: no new version
        await pilot.pause()
        assert any("already says this; nothing changed" in n.message for n in app._notifications)
    agreement = Store(db_path).load().agreements[jonas.id]
    assert (agreement.version, agreement.cadence, agreement.acknowledged) == (old.version + 1, "monthly", False)


async def test_agreement_form_refuses_bad_fields_inline(sample_store: Store, db_path: Path) -> None:
    workspace = sample_store.load()
    kwame = workspace.member_named("Kwame Mensah")
    hiring = workspace.area_named("Hiring")  # Kwame has no level there
    tooling = workspace.area_named("Tooling")
    version = workspace.agreements[kwame.id].version
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = files_in(db_path.parent)
        app.action_edit_agreement(kwame.id)
        await pilot.pause()
        form = app.screen
        form.query_one(f"#by-{tooling.id}", Input).value = "2026-02-30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert (
            error(app, f"area-{tooling.id}")
            == "desired date for Tooling 2026-02-30 is not a date: use YYYY-MM-DD, e.g. 2026-03-01."
        )
        form.query_one(f"#by-{tooling.id}", Input).value = ""
        form.query_one(f"#readiness-{hiring.id}", Select).value = "D2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert error(app, f"area-{hiring.id}").startswith("Set a level for Hiring first")
        assert files_in(db_path.parent) == before, "a refused form wrote something"
        form.query_one(f"#readiness-{hiring.id}", Select).value = Select.NULL
        form.query_one("#review-every", Input).value = "0"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert error(app, "review-every") == "review interval must be a whole number from 1 to 3650 (got '0')."
        assert "review interval must be a whole number" in screen_text(app)
        assert isinstance(app.screen, AgreementForm)
        await pilot.press("escape")
        await pilot.pause()
    assert Store(db_path).load().agreements[kwame.id].version == version


async def test_reviewed_today_stamps_the_review(sample_store: Store, db_path: Path) -> None:
    lena = sample_store.load().member_named("Lena Fischer")
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_edit_agreement(lena.id)
        await pilot.pause()
        app.screen.query_one("#reviewed", Checkbox).value = True
        await pilot.click("#save")
        await pilot.pause()
    store = Store(db_path)
    assert store.load().agreements[lena.id].last_review == NOW.date()
    reviews = [e for e in store.events() if e.kind == EventKind.REVIEW and e.member_id == lena.id]
    assert reviews[-1].at == NOW


async def test_saving_an_unchanged_agreement_says_so(sample_store: Store, db_path: Path) -> None:
    app = make_app(sample_store)
    version = sample_store.load().agreements[1].version
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_edit_agreement(1)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("already says this; nothing changed" in n.message for n in app._notifications)
    assert Store(db_path).load().agreements[1].version == version


async def test_a_first_agreement_for_a_new_member(store: Store, db_path: Path) -> None:
    store.add_area("Hiring", now=NOW)
    store.add_member("Noor", now=NOW)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_edit_agreement(1)
        await pilot.pause()
        assert "New trust agreement with Noor" in screen_text(app)
        app.screen.query_one("#level-1", Select).value = 2
        await pilot.press("ctrl+s")
        await pilot.pause()
    agreement = Store(db_path).load().agreements[1]
    assert (agreement.version, agreement.levels[1].level, agreement.cadence) == (1, DelegationLevel.SELL, "weekly")


async def test_the_manager_names_themselves_from_the_palette(sample_store: Store, db_path: Path) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = files_in(db_path.parent)
        await run_command(pilot, "your name", expect="name")
        await pilot.pause()
        assert isinstance(app.screen, ManagerForm)
        name = app.screen.query_one("#name", Input)
        assert name.value == "Sam Rivera"
        name.value = "   "
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert error(app, "name") == "name must not be empty."
        assert files_in(db_path.parent) == before, "a refused form wrote something"
        assert Store(db_path).load().manager == "Sam Rivera"
        name.value = "Samira  Rivera"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        assert any("Samira Rivera" in str(n.message) for n in app._notifications)
    assert Store(db_path).load().manager == "Samira Rivera"
