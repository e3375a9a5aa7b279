"""Hostile text: markup, terminal escapes, HTML and Markdown in every text field are shown as typed.

A workspace whose names, roles, areas, titles, notes, reasons, agreement terms and manager name
hold Rich markup (``[@click=app.quit]Q[/]``, ``[/]``, ``Ana [PT]``), terminal escapes (a title set
by OSC 2, the clipboard written by OSC 52, ``ESC [2J``), HTML and Markdown. New input with control
characters is refused; a workspace an earlier version wrote with them still opens, and every
screen, toast, CLI line and Markdown export shows them visibly. The UI checks read what the
compositor sends to the terminal, not the widgets' values.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from pydantic import ValidationError
from textual.app import App
from textual.pilot import Pilot

from delegate_tui.app import DelegateApp
from delegate_tui.cli import main
from delegate_tui.model import (
    MANAGER,
    STORED,
    AgreementTerms,
    AreaAgreement,
    DecisionArea,
    DelegationLevel,
    Event,
    EventKind,
    Member,
    Readiness,
    Task,
    TaskStatus,
    TrustAgreement,
    Workspace,
    explain,
)
from delegate_tui.storage.store import Store
from delegate_tui.summary import build_summary, summary_markdown
from delegate_tui.text import CONTROL_CHARACTERS, visible
from tests.conftest import NOW

ESC, BEL, LF, NUL = "⟪ESC⟫", "⟪BEL⟫", "⟪LF⟫", "⟪NUL⟫"
"""Stand-ins written through the (strict) model and swapped for the real characters in the files
afterwards, the way a workspace written by an earlier version holds them."""

TITLE_ESCAPE = f"B{ESC}]2;pwned{BEL}"
CLEAR_SCREEN = f"{ESC}[2J"
CLIPBOARD = f"{ESC}]52;c;cHduZWQ={BEL}"
MARKUP = ["[bold]x[/]", "[/]", "[@click=app.quit]Q[/]", "Ana [PT]", "<b>", "**x**", "[l](http://e)"]

ANA = "Ana [PT]"
LEE = "Lee [@click=app.quit]Q[/]"
BOLD = "Bo [bold]x[/] [/]"
ESCAPER = f"Esc {TITLE_ESCAPE}"
AREA = "Hiring <b>**x**</b> [l](http://e)"
TASK_TITLE = f"Ship [/] `v2` {CLEAR_SCREEN} <i>now</i>"


def hostile_workspace() -> tuple[Workspace, list[Event]]:
    """Every text field of a workspace holding markup, HTML, Markdown and escape stand-ins."""
    members = {
        1: Member(id=1, name=ANA, role=f"dev {CLIPBOARD}", since=date(2025, 1, 6)),
        2: Member(id=2, name=LEE, role="[bold]x[/] <b>lead</b>"),
        3: Member(id=3, name=BOLD, role="**x** [l](http://e)"),
        4: Member(id=4, name=ESCAPER, role=CLEAR_SCREEN + NUL),
    }
    areas = {
        1: DecisionArea(id=1, name=AREA, description=f"who [/] hires{LF}{TITLE_ESCAPE}"),
        2: DecisionArea(id=2, name=f"Release {CLEAR_SCREEN}", description="[@click=app.quit]Q[/]"),
    }
    tasks = {
        1: Task(id=1, title=TASK_TITLE, owner_id=1, area_id=1, level=DelegationLevel.DELEGATE, created_at=NOW),
        2: Task(id=2, title="[l](http://e) # not a heading", owner_id=2, area_id=2, level=3, created_at=NOW),
        3: Task(id=3, title=f"Budget {TITLE_ESCAPE}", owner_id=MANAGER, level=1, created_at=NOW),
        4: Task(id=4, title="**x** [/]", owner_id=4, area_id=1, level=5, status=TaskStatus.BLOCKED, created_at=NOW),
    }
    terms = {
        "cadence": "weekly",
        "channel": f"#team [/] {CLIPBOARD}",
        "support": f"pairing [bold]x[/]{LF}<b>html</b> {CLEAR_SCREEN}",
        "guardrails": ["- no [@click=app.quit]Q[/]", f"1. budget {TITLE_ESCAPE}"],
        "growth_goals": ["Ana [PT] leads", "**x** `code` [l](http://e)"],
    }
    agreements = {
        member_id: TrustAgreement(
            member_id=member_id,
            changed_at=NOW,
            levels={
                1: AreaAgreement(level=DelegationLevel.CONSULT, readiness=Readiness.D2, self_readiness=Readiness.D4),
                2: AreaAgreement(level=DelegationLevel.DELEGATE),
            },
            **terms,  # type: ignore[arg-type]
        )
        for member_id in (1, 2, 3, 4)
    }
    workspace = Workspace(
        manager=f"Boss [/] {TITLE_ESCAPE}", members=members, areas=areas, tasks=tasks, agreements=agreements
    )
    events = [
        Event(
            kind=EventKind.CHECKIN if day % 3 else EventKind.OVERRIDE,
            at=NOW.replace(day=1 + day),
            member_id=1 + day % 4,
            task_id=1 + day % 4,
            area_id=1 if day % 2 else 2,
            note=f"note [/] {CLEAR_SCREEN} <b>x</b> {day}",
            reason=None if day % 3 else f"reason [@click=app.quit]Q[/] {TITLE_ESCAPE}",
        )
        for day in range(20)
    ]
    return workspace, events


def with_real_escapes(folder: Path) -> None:
    """Swap the stand-ins for real ESC and BEL characters in every workspace file (as JSON escapes)."""
    for path in folder.rglob("*.json*"):
        if path.is_file() and not path.name.endswith(".lock"):
            text = path.read_text(encoding="utf-8")
            if ESC in text or BEL in text or LF in text or NUL in text:
                text = text.replace(ESC, "\\u001b").replace(BEL, "\\u0007").replace(LF, "\\n")
                text = text.replace(NUL, "\\u0000")
                path.write_text(text, encoding="utf-8")


@pytest.fixture
def hostile_store(tmp_path: Path) -> Store:
    """A workspace written by an earlier version: markup everywhere, real escape characters in it."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    path = folder / "team.json"
    workspace, events = hostile_workspace()
    Store(path).replace_everything(workspace, events, NOW)
    with_real_escapes(folder)
    assert "\\u001b" in path.read_text(encoding="utf-8")
    return Store(path)


def shown(text: str) -> str:
    """What a text with stand-ins looks like once visible: ESC as ␛, BEL as ␇ and a line break as ␊."""
    return text.replace(ESC, "\u241b").replace(BEL, "\u2407").replace(LF, "\u240a").replace(NUL, "\u2400")


# --------------------------------------------------------------------------- the terminal UI


def rendered_lines(app: App[Any]) -> list[str]:
    """The characters the compositor draws for the current screen (toasts included), line by line."""
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]


def region_text(app: App[Any], selector: str) -> str:
    """What is drawn where the widget ``selector`` of the current screen is."""
    region = app.screen.query_one(selector).region
    lines = rendered_lines(app)[region.y : region.bottom]
    return "\n".join(line[region.x : region.right] for line in lines)


def toast_text(app: App[Any]) -> str:
    """What the toasts on screen draw, their wrapped lines joined with single spaces."""
    from textual.widgets._toast import Toast

    lines = [
        "".join(segment.text for segment in toast.render_line(y))
        for toast in app.screen.query(Toast)
        for y in range(toast.size.height)
    ]
    return " ".join(" ".join(lines).split())


def terminal_output(app: App[Any]) -> str:
    """The bytes a full repaint would send to the terminal (styles as ANSI codes)."""
    return app.screen._compositor.render_full_update().render_segments(app.console)


def assert_nothing_reaches_the_terminal(app: App[Any], where: str) -> str:
    """No control character in what is drawn, and no escape but styling and cursor moves sent;
    returns the screen's text for further checks."""
    lines = rendered_lines(app)
    for number, line in enumerate(lines):
        bad = CONTROL_CHARACTERS.search(line)
        assert bad is None, f"{where}: line {number} draws {bad.group()!r}: {line!r}"
    output = terminal_output(app)
    without_styles = re.sub(r"\x1b\[[0-9;:?]*[A-HJKSTfhlmsu]", "", output)
    assert "\x1b" not in without_styles.replace("\x1b[2J", ""), f"{where}: an escape other than styling was sent"
    assert "\x1b]" not in output and "\x07" not in output, f"{where}: an OSC sequence was sent"
    assert "\x1b[2J" not in output, f"{where}: the screen would be cleared"
    return "\n".join(lines)


async def settle(pilot: Pilot[Any], condition: Any, what: str) -> None:
    for _ in range(200):
        if condition():
            return
        await pilot.pause()
    raise AssertionError(f"still waiting for {what}")


def make_app(store: Store) -> DelegateApp:
    return DelegateApp(store, clock=lambda: NOW, watch_interval=None)


async def test_every_screen_modal_and_toast_shows_markup_and_escapes_literally(hostile_store: Store) -> None:
    app = make_app(hostile_store)
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await settle(pilot, lambda: app.data is not None and app.data.complete, "the history")
        text = assert_nothing_reaches_the_terminal(app, "board")
        assert "Ana [PT]" in text  # a column heading: the name as typed
        assert "Release ␛[2J" in text  # an area name: the escape drawn as pictures
        assert 'task #1 "Ship [/] `v2` ␛[2J <i>now</i>", which Ana [PT] held' in text  # the flag in the details

        await pilot.press("m")
        await settle(pilot, lambda: "Ana [PT]" in "\n".join(rendered_lines(app)), "the team screen")
        text = assert_nothing_reaches_the_terminal(app, "team")
        assert ANA in text and LEE in text and BOLD in text  # whole where there is room, never styled
        assert shown(ESCAPER) in text and "[bold]x[/] <b>lead</b>" in text

        app.action_open_member(2)
        await settle(pilot, lambda: LEE in "\n".join(rendered_lines(app)), "the member page")
        text = assert_nothing_reaches_the_terminal(app, "member page")
        assert "Lee [@click=app.quit]Q[/], [bold]x[/] <b>lead</b>" in text
        assert shown("#team [/] ␛]52;c;cHduZWQ=␇") in text  # the channel
        assert "pairing [bold]x[/]␊<b>html</b> ␛[2J" in text  # support is one line: the stored line break shows
        assert "• - no [@click=app.quit]Q[/]" in text and "• Ana [PT] leads" in text
        assert AREA in text

        await pilot.press("?")
        await pilot.pause()
        text = assert_nothing_reaches_the_terminal(app, "help over the member page")
        assert "Keys: Lee [@click=app.quit]Q[/]" in text
        await pilot.press("escape")
        await pilot.pause()

        app.action_edit_agreement(2)
        await settle(pilot, lambda: "Levels per decision area" in "\n".join(rendered_lines(app)), "the agreement form")
        text = assert_nothing_reaches_the_terminal(app, "agreement form")
        assert AREA[:20] in text
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: "already says this" in toast_text(app), "the toast")
        assert_nothing_reaches_the_terminal(app, "toast after saving the agreement")
        assert "The agreement with Lee [@click=app.quit]Q[/] already says this" in toast_text(app)
        assert app.is_running  # clicking the toast's text is not an action any more

        from delegate_tui.screens.forms import MemberForm

        app.push_screen(MemberForm(hostile_store.load().members[3]))
        await pilot.pause()
        assert_nothing_reaches_the_terminal(app, "member form")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: "Saved the details of" in toast_text(app), "the save toast")
        assert_nothing_reaches_the_terminal(app, "toast after saving a member with [/] in the name")
        assert f"Saved the details of {BOLD}." in toast_text(app)

        app.action_add_area()
        await pilot.pause()
        assert_nothing_reaches_the_terminal(app, "area form")
        await pilot.press("escape")

        app.action_export_summary(2)
        await pilot.pause()
        text = assert_nothing_reaches_the_terminal(app, "export dialog")
        assert "Export the summary of Lee [@click=app.quit]Q[/]" in text
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("t")
        await settle(pilot, lambda: "Ship [/]" in "\n".join(rendered_lines(app)), "the tasks screen")
        text = assert_nothing_reaches_the_terminal(app, "tasks")
        assert "**x** [/]" in text
        screen = app.screen
        assert screen.table.move_to_key(1)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        text = assert_nothing_reaches_the_terminal(app, "task details")
        assert "Task #1: " + shown(TASK_TITLE) in text
        assert "note [/] ␛[2J <b>x</b>" in text
        await pilot.press("c")
        await pilot.pause()
        assert_nothing_reaches_the_terminal(app, "check-in form")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert_nothing_reaches_the_terminal(app, "level form")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("e")
        await settle(pilot, lambda: bool(app.screen.query("#owner")), "the task form")
        assert_nothing_reaches_the_terminal(app, "task form")
        assert "Ana [PT]" in region_text(app, "#owner")  # a select's option, not markup
        assert "Hiring <b>**x**</b>" in region_text(app, "#area")
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("f")
        await pilot.pause()
        text = assert_nothing_reaches_the_terminal(app, "flags")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"open member")
        await settle(pilot, lambda: "Open member: Lee" in "\n".join(rendered_lines(app)), "the palette")
        text = assert_nothing_reaches_the_terminal(app, "command palette")
        assert "Open member: Lee [@click=app.quit]Q[/]" in text
        assert "Open member: Ana [PT]" in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running


async def test_a_name_with_markup_added_in_the_form_is_saved_and_shown_as_typed(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        app.action_add_member()
        await pilot.pause()
        await pilot.click("#name")
        await pilot.press(*"Lee [/] [@click=app.quit]Q[/]")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: "to the team" in toast_text(app), "the toast")
        assert_nothing_reaches_the_terminal(app, "toast after adding")
        assert "Added Lee [/] [@click=app.quit]Q[/] to the team." in toast_text(app)
        assert [m.name for m in store.load().members.values()] == ["Lee [/] [@click=app.quit]Q[/]"]


# --------------------------------------------------------------------------- the store and the model


def test_a_workspace_written_with_escapes_opens_with_them_made_visible(hostile_store: Store) -> None:
    workspace = hostile_store.load()
    assert workspace.members[4].name == shown(ESCAPER)
    assert workspace.manager == shown(f"Boss [/] {TITLE_ESCAPE}")
    assert workspace.areas[1].description == shown(f"who [/] hires{LF}{TITLE_ESCAPE}")  # one line: ␊ shows
    notes = [event.note or "" for event in hostile_store.events()]
    assert notes and all("\x1b" not in note and "␛[2J" in note for note in notes)


def test_a_backup_of_such_a_workspace_imports_again(hostile_store: Store, tmp_path: Path, capsys: Any) -> None:
    backup = tmp_path / "backup.json"
    assert main(["export", "--full", "--out", str(backup), "--db", str(hostile_store.path)]) == 0
    assert main(["import", str(backup), "--db", str(tmp_path / "copy.json")]) == 0
    copy = Store(tmp_path / "copy.json").load()
    assert copy.members == hostile_store.load().members


def test_one_members_summary_exports_from_a_workspace_holding_nul_and_escapes(
    hostile_store: Store, capsys: Any
) -> None:
    assert hostile_store.load().members[4].role == shown(CLEAR_SCREEN + NUL) == "␛[2J␀"
    for fmt, role in (("json", "␛[2J␀"), ("markdown", "␛\\[2J␀")):
        code, out, err = run(capsys, "export", "--member", "Esc", "--format", fmt, "--db", str(hostile_store.path))
        assert code == 0, err
        assert role in out and "\x00" not in out and "\x1b" not in out


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("name", "B\x1b]2;pwned\x07", "name must not contain control characters such as U+001B"),
        ("name", "Ana\nLee", "name must be a single line"),
        ("name", "Ana\tLee", "name must not contain control characters such as U+0009"),
        ("name", "evil\u202egnp.exe", "name must not contain control characters such as U+202E"),
        ("name", "x\u2066y", "name must not contain control characters such as U+2066"),
        ("role", "dev\x00", "role must not contain control characters such as U+0000"),
        ("role", "dev\x9b2J", "role must not contain control characters such as U+009B"),
        ("role", "r" * 81, "role must be at most 80 characters"),
    ],
)
def test_a_one_line_field_refuses_control_characters_naming_the_field(field: str, value: str, problem: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Member.model_validate({"name": "Ana", field: value})
    assert explain(caught.value).startswith(problem)


def test_free_text_keeps_line_breaks_and_tabs_but_refuses_other_controls() -> None:
    event = Event(kind=EventKind.NOTE, at=NOW, note="first line\r\nsecond\tline")
    assert event.note == "first line\nsecond\tline"
    for bad in ("\x00", "\x1b[2J", "\x7f", "\u202e"):
        with pytest.raises(ValidationError, match="note must not contain control characters"):
            Event(kind=EventKind.NOTE, at=NOW, note=f"a {bad} b")
    with pytest.raises(ValidationError, match="support must be at most 500 characters"):
        AgreementTerms(support="s" * 501)
    with pytest.raises(ValidationError, match="growth goal must not contain"):
        AgreementTerms(growth_goals=["ok", "bad\x1b"])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_visible_text_holds_no_control_character_and_leaves_plain_text_alone(text: str) -> None:
    shown_text = visible(text)
    assert CONTROL_CHARACTERS.search(shown_text) is None
    if CONTROL_CHARACTERS.search(text) is None:
        assert shown_text == text
    assert CONTROL_CHARACTERS.search(visible(text, multiline=True).replace("\n", "").replace("\t", "")) is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_a_name_is_either_refused_with_its_field_named_or_kept_free_of_controls(text: str) -> None:
    try:
        member = Member(name=text)
    except ValidationError as error:
        assert explain(error).startswith("name ")
    else:
        assert CONTROL_CHARACTERS.search(member.name) is None
        assert member.name == " ".join(text.split())
    stored = Member.model_validate({"name": text or "x"}, context=STORED) if text.strip() else None
    assert stored is None or CONTROL_CHARACTERS.search(stored.name) is None


# --------------------------------------------------------------------------- the CLI


def run(capsys: Any, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    "verb",
    [
        ("member", "list"),
        ("member", "show", "Ana"),
        ("member", "show", "Esc"),
        ("area", "list"),
        ("task", "list"),
        ("task", "list", "--all"),
        ("agreement", "show", "Lee"),
        ("check",),
        ("log", "list"),
        ("export", "--format", "markdown", "--include-private"),
        ("member", "show", "B\x1b]2;pwned\x07"),
        ("member", "show", "\x1b[2J"),
    ],
)
def test_cli_text_output_shows_escapes_visibly(hostile_store: Store, capsys: Any, verb: tuple[str, ...]) -> None:
    code, out, err = run(capsys, *verb, "--db", str(hostile_store.path))
    assert code in (0, 1, 2), err
    for stream in (out, err):
        bad = CONTROL_CHARACTERS.search(stream.replace("\n", "").replace("\t", ""))
        assert bad is None, f"{verb}: {bad.group()!r} reached the terminal"


def test_cli_lists_show_markup_as_typed_and_json_keeps_the_exact_text(hostile_store: Store, capsys: Any) -> None:
    db = str(hostile_store.path)
    code, out, _err = run(capsys, "member", "list", "--db", db)
    assert code == 0
    assert ANA in out and LEE in out and BOLD in out and shown(ESCAPER) in out
    code, out, _err = run(capsys, "task", "list", "--db", db)
    assert code == 0
    assert shown(TASK_TITLE) in out
    code, out, _err = run(capsys, "export", "--db", db)
    assert code == 0
    members = {m["name"]: m for m in json.loads(out)["members"]}
    assert LEE in members and members[ANA]["role"] == shown(f"dev {CLIPBOARD}")


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (("member", "add", "B\x1b]2;pwned\x07"), "name must not contain control characters such as U+001B"),
        (("member", "add", "Ana", "--role", "a\nb"), "role must be a single line"),
        (("area", "add", "Hiring\u202e"), "name must not contain control characters such as U+202E"),
        (("task", "add", "Ship\x00", "--member", "Ana", "--level", "3"), "title must not contain control"),
    ],
)
def test_cli_refuses_control_characters_and_changes_nothing(
    tmp_path: Path, capsys: Any, args: tuple[str, ...], problem: str
) -> None:
    db = tmp_path / "team.json"
    assert main(["member", "add", "Ana", "--db", str(db)]) == 0
    before = db.read_bytes()
    code, _out, err = run(capsys, *args, "--db", str(db))
    assert code == 2
    assert problem in err
    assert "Traceback" not in err and "\x1b" not in err
    assert db.read_bytes() == before


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(max_size=90), role=st.text(max_size=90))
def test_member_add_with_any_text_succeeds_or_refuses_cleanly(
    tmp_path: Path, capsys: Any, name: str, role: str
) -> None:
    db = tmp_path / "any.json"
    if not db.exists():
        assert main(["member", "add", "Zed", "--db", str(db)]) == 0
    before = db.read_bytes()
    code, out, err = run(capsys, "member", "add", name, f"--role={role}", "--db", str(db))
    assert code in (0, 2), err
    assert "Traceback" not in err
    assert CONTROL_CHARACTERS.search((out + err).replace("\n", "")) is None
    if code == 2:
        assert db.read_bytes() == before
        assert err.startswith("delegate") and len(err.splitlines()) == 1, err
    else:
        added = Store(db).load().members
        assert any(member.name == " ".join(name.split()) for member in added.values())


def backup_with(tmp_path: Path, mutate: Any) -> Path:
    workspace, events = hostile_workspace()
    data = json.loads(
        json.dumps(
            {
                "format": "delegate-tui/backup",
                "schema_version": 2,
                "generated_at": NOW.isoformat(),
                "workspace": workspace.model_dump(mode="json"),
                "events": [event.model_dump(mode="json") for event in events],
            }
        )
    )
    mutate(data)
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("mutate", "where"),
    [
        (lambda d: d["workspace"]["members"]["1"].update(role="r" * 100_000), "workspace.members.1.role"),
        (lambda d: d["events"][3].update(note="before\x00after"), "events[3].note"),
        (lambda d: d["workspace"]["members"]["2"].update(name="Lee\x1b]2;x\x07"), "workspace.members.2.name"),
        (lambda d: d["workspace"]["agreements"]["1"]["guardrails"].append("g\x1b"), "guardrails"),
    ],
)
def test_import_refuses_hostile_text_with_the_fields_path(tmp_path: Path, capsys: Any, mutate: Any, where: str) -> None:
    from delegate_tui.storage.migrations import CURRENT_SCHEMA

    path = backup_with(tmp_path, lambda d: (d.update(schema_version=CURRENT_SCHEMA), mutate(d)))
    db = tmp_path / "team.json"
    code, _out, err = run(capsys, "import", str(path), "--db", str(db))
    assert code == 2, err
    assert where in err
    assert len(err) < 600 and "\x1b" not in err and "\x00" not in err
    assert not db.exists() or Store(db).load().is_empty


# --------------------------------------------------------------------------- Markdown


def markdown_text(markdown: str) -> Iterator[tuple[str, str]]:
    """(token type, content) of every inline piece a CommonMark renderer makes of ``markdown``."""
    parser = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    for token in parser.parse(markdown):
        for child in token.children or []:
            yield child.type, child.content


def test_the_markdown_summary_renders_what_was_typed(hostile_store: Store) -> None:
    workspace = hostile_store.load()
    summary = build_summary(workspace, hostile_store.events(), NOW, generated_at=NOW, include_private=True)
    markdown = summary_markdown(summary)
    assert "\x1b" not in markdown and "\x07" not in markdown
    pieces = list(markdown_text(markdown))
    kinds = {kind for kind, _content in pieces}
    assert not kinds & {"html_inline", "link_open", "image", "code_inline", "s_open"}, kinds
    headings = [token for token in MarkdownIt("commonmark").parse(markdown) if token.type == "heading_open"]
    assert len(headings) == len([line for line in markdown.splitlines() if line.startswith("#")])  # no extra
    text = "".join(content for kind, content in pieces if kind == "text")
    for typed in (
        ANA,
        LEE,
        BOLD,
        "<b>lead</b>",
        "**x** [l](http://e)",
        shown(TASK_TITLE),
        "- no [@click=app.quit]Q[/]",
    ):
        assert typed in text, typed
    rendered = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "<b>" not in rendered and "<a " not in rendered and "<i>" not in rendered
    assert "&lt;b&gt;lead&lt;/b&gt;" in rendered


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.one_of(
        st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30),
        st.lists(
            max_size=6,
            elements=st.sampled_from([*MARKUP, "&amp;", "&", "<", "\\", "`", "*", "_", "#", "|", "~", "1.", "- ", "x"]),
        )
        .map("".join)
        .filter(str.strip),
    )
)
def test_any_member_name_renders_in_markdown_as_typed(name: str) -> None:
    one_line = " ".join(visible(" ".join(name.split())).split())[:80]
    if not one_line.strip():
        return
    workspace = Workspace(members={1: Member(id=1, name=one_line)})
    markdown = summary_markdown(build_summary(workspace, [], NOW, generated_at=NOW, member_id=1))
    heading = markdown.splitlines()[0]  # "# Delegation summary: NAME"
    parser = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    tokens = parser.parse(heading)
    inline = [child for token in tokens for child in token.children or []]
    assert {child.type for child in inline} <= {"text", "softbreak"}, heading
    title = "".join(child.content for child in inline)  # markdown-it decodes entities and escapes
    assert title == "Delegation summary: " + one_line.strip()


def test_markdown_escapes_list_starts_and_html_entities() -> None:
    workspace = Workspace(
        members={1: Member(id=1, name="Ana")},
        agreements={
            1: TrustAgreement(
                member_id=1, changed_at=NOW, growth_goals=["- nested", "1. ordered", "# heading", "&amp; kept"]
            )
        },
    )
    markdown = summary_markdown(build_summary(workspace, [], NOW, generated_at=NOW))
    rendered = MarkdownIt("commonmark").render(markdown)
    for typed in ("- nested", "1. ordered", "# heading"):
        assert f"<li>{typed}</li>" in rendered, typed
    assert "<li>&amp;amp; kept</li>" in rendered
