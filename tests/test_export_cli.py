"""``delegate export``, ``delegate import`` and ``delegate schema`` end to end (in-process CLI)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from delegate_tui import demo
from delegate_tui.storage.store import Store
from tests.conftest import NOW, Result

AT = "--now=2026-11-28T12:00:00Z"
SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema" / "summary.schema.json"
GENERATED = re.compile(r'"generated_at": "[^"]*"')

Cli = Any  # the conftest ``cli`` fixture: run(*args, db=None) -> Result


def _validator(cli: Cli) -> Draft202012Validator:
    result: Result = cli("schema")
    assert result.code == 0
    schema = json.loads(result.out)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _notes(store: Store) -> list[str]:
    return sorted({text for event in store.events() for text in (event.note, event.reason) if text})


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------------------- schema


def test_schema_output_is_the_committed_file_byte_for_byte(cli: Cli) -> None:
    # Regenerate after changing the summary models: delegate schema > schema/summary.schema.json
    result = cli("schema")
    assert result.code == 0 and result.err == ""
    assert result.out.encode("utf-8") == SCHEMA_FILE.read_bytes()


def test_export_validates_against_the_schema(cli: Cli, sample_store: Store) -> None:
    validator = _validator(cli)
    for extra in ([], ["--include-private"], ["--member", "jonas"], ["--member", "Kwame Mensah", "--include-private"]):
        result = cli("export", AT, *extra)
        assert result.code == 0, result.err
        errors = list(validator.iter_errors(json.loads(result.out)))
        assert errors == [], (extra, errors[:1])


def test_export_of_an_empty_workspace_validates(cli: Cli, store: Store) -> None:
    validator = _validator(cli)
    result = cli("export", AT)
    assert result.code == 0
    document = json.loads(result.out)
    assert list(validator.iter_errors(document)) == []
    assert document["members"] == [] and document["totals"]["open_tasks"] == 0


# ---------------------------------------------------------------------------- privacy and scope


def test_private_notes_are_absent_by_default_and_present_when_asked(cli: Cli, sample_store: Store) -> None:
    notes = _notes(sample_store)
    assert len(notes) > 20
    shared = cli("export", AT).out
    assert [note for note in notes if note in shared] == []
    markdown = cli("export", AT, "--format", "markdown").out
    assert [note for note in notes if note in markdown] == []
    private = cli("export", AT, "--include-private").out
    recent = sorted(
        {
            text
            for event in sample_store.events()
            if (NOW - event.at).days < 90 and event.member_id is not None
            for text in (event.note, event.reason)
            if text
        }
    )
    assert recent and [note for note in recent if note not in private] == []
    document = json.loads(private)
    assert document["include_private"] is True
    assert all("recent_events" in member for member in document["members"])


def test_member_export_holds_no_other_member(cli: Cli, sample_store: Store) -> None:
    workspace = sample_store.load()
    for member in workspace.members.values():
        result = cli("export", AT, "--member", member.name, "--include-private")
        assert result.code == 0
        document = json.loads(result.out)
        assert [m["name"] for m in document["members"]] == [member.name]
        assert document["team_flags"] == []
        for other in workspace.members.values():
            if other.id != member.id:
                assert other.name not in result.out, (member.name, other.name)
        for task in workspace.tasks.values():
            if task.owner_id != member.id:
                assert task.title not in result.out, (member.name, task.title)


def test_member_not_found(cli: Cli, sample_store: Store) -> None:
    result = cli("export", "--member", "nobody")
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1 and "nobody" in result.err


def test_same_data_and_now_give_the_same_document(cli: Cli, sample_store: Store) -> None:
    first, second = cli("export", AT).out, cli("export", AT).out
    assert GENERATED.sub("", first) == GENERATED.sub("", second)
    relative = cli("export", "--now", "2026-11-28T12:00:00+00:00").out
    assert GENERATED.sub("", relative) == GENERATED.sub("", first)
    assert json.loads(first)["now"] == "2026-11-28T12:00:00Z"


def test_markdown_export(cli: Cli, sample_store: Store) -> None:
    result = cli("export", AT, "--format", "markdown")
    assert result.code == 0
    for member in sample_store.load().members.values():
        assert f"## {member.name}" in result.out
    for name in ("Tell", "Sell", "Consult", "Agree", "Advise", "Inquire", "Delegate"):
        assert f"| {name} |" in result.out


# ---------------------------------------------------------------------------- --out


def test_out_writes_the_file_atomically(cli: Cli, sample_store: Store, tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    result = cli("export", AT, "--format", "markdown", "--out", str(target))
    assert result.code == 0 and result.out == ""
    assert result.err.strip() == f"Wrote {target}."
    assert target.read_text(encoding="utf-8").startswith("# Delegation summary")
    again = cli("export", AT, "--out", str(target))
    assert again.code == 0 and json.loads(target.read_text(encoding="utf-8"))["schema"] == "delegate-tui/summary"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_out_errors_are_one_line(cli: Cli, sample_store: Store, tmp_path: Path) -> None:
    folder = cli("export", "--out", str(tmp_path))
    assert folder.code == 2 and folder.out == ""
    assert folder.err.count("\n") == 1 and "is a folder" in folder.err
    missing = cli("export", "--out", str(tmp_path / "nope" / "summary.json"))
    assert missing.code == 2 and missing.err.count("\n") == 1
    assert "does not exist" in missing.err and "nope" in missing.err
    assert not (tmp_path / "nope").exists()
    dash = cli("export", AT, "--out", "-")
    assert dash.code == 0 and json.loads(dash.out)["scope"] == "team"


def test_full_cannot_be_combined(cli: Cli, sample_store: Store) -> None:
    for extra in (["--member", "jonas"], ["--format", "markdown"]):
        result = cli("export", "--full", *extra)
        assert result.code == 2 and result.err.count("\n") == 1 and "--full" in result.err


# ---------------------------------------------------------------------------- backup and import


def _without_generated(text: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(text)
    data.pop("generated_at")
    return data


def test_full_round_trip(cli: Cli, sample_store: Store, tmp_path: Path) -> None:
    backup = tmp_path / "backup.json"
    assert cli("export", "--full", "--out", str(backup)).code == 0
    fresh = tmp_path / "fresh" / "team.json"
    fresh.parent.mkdir()
    result = cli("import", str(backup), db=fresh)
    assert result.code == 0, result.err
    assert result.out.startswith("Imported 8 members, 33 tasks and ")
    again = cli("export", "--full", db=fresh)
    assert _without_generated(again.out) == _without_generated(backup.read_text(encoding="utf-8"))
    # The summaries agree too, flags and their evidence (event ids) included.
    before, after = cli("export", AT).out, cli("export", AT, db=fresh).out
    assert GENERATED.sub("", before) == GENERATED.sub("", after)


def test_import_into_a_non_empty_workspace_needs_replace(cli: Cli, tmp_path: Path) -> None:
    source_db = tmp_path / "source" / "team.json"
    store = Store(source_db)
    workspace, events = demo.sample(2, NOW)
    store.replace_everything(workspace, events, NOW)
    backup = tmp_path / "backup.json"
    assert cli("export", "--full", "--out", str(backup), db=source_db).code == 0

    target = tmp_path / "target" / "team.json"
    target.parent.mkdir()
    assert cli("member", "add", "Robin", db=target).code == 0
    before = _tree(target.parent)
    refused = cli("import", str(backup), db=target)
    assert refused.code == 2 and refused.err.count("\n") == 1
    assert "not empty" in refused.err and "--replace" in refused.err
    assert _tree(target.parent) == before
    replaced = cli("import", str(backup), "--replace", db=target)
    assert replaced.code == 0, replaced.err
    names = json.loads(cli("member", "list", "--format", "json", db=target).out)
    assert "Robin" not in json.dumps(names)
    assert _without_generated(cli("export", "--full", db=target).out) == _without_generated(
        backup.read_text(encoding="utf-8")
    )


def test_import_refuses_a_summary(cli: Cli, sample_store: Store, tmp_path: Path) -> None:
    summary_file = tmp_path / "summary.json"
    assert cli("export", "--out", str(summary_file)).code == 0
    result = cli("import", str(summary_file), db=tmp_path / "other" / "team.json")
    assert result.code == 2 and "summary, not a full backup" in result.err
    assert not (tmp_path / "other").exists()


def test_import_of_a_missing_file(cli: Cli, tmp_path: Path) -> None:
    result = cli("import", str(tmp_path / "missing.json"))
    assert result.code == 2 and result.err.count("\n") == 1 and "missing.json" in result.err


@pytest.mark.parametrize("stdin", [False, True])
def test_import_from_stdin(cli: Cli, sample_store: Store, tmp_path: Path, stdin: bool, monkeypatch: Any) -> None:
    backup = tmp_path / "backup.json"
    assert cli("export", "--full", "--out", str(backup)).code == 0
    fresh = tmp_path / "fresh.json"
    if stdin:
        import io
        import sys

        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(backup.read_bytes())))
        result = cli("import", "-", db=fresh)
    else:
        result = cli("import", str(backup), db=fresh)
    assert result.code == 0, result.err
    # What a user checks after an import: the same team, tasks, agreements and history as the original.
    original, imported = sample_store, Store(fresh)
    assert imported.load().model_dump() == original.load().model_dump()
    assert [e.model_dump() for e in imported.events()] == [e.model_dump() for e in original.events()]
    assert cli("member", "list", db=fresh).out == cli("member", "list").out


def test_a_damaged_backup_on_stdin_is_named(cli: Cli, tmp_path: Path, monkeypatch: Any) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"format": "delegate-tui/backup"')))
    result = cli("import", "-", db=tmp_path / "fresh.json")
    assert result.code == 2
    assert result.err.startswith("delegate: standard input: not valid JSON at line 1")
    assert not (tmp_path / "fresh.json").exists()


# ---------------------------------------------------------------------------- where --out may write


def _workspace_bytes(db: Path) -> dict[str, bytes]:
    return _tree(db.parent)


@pytest.mark.parametrize(
    "name",
    ["team.json", "team.json.bak", "team.json.lock", ".team.json.1234.tmp", "team.events", "team.events/2026-11.json"],
)
def test_export_refuses_to_write_over_any_file_of_the_workspace(
    cli: Cli, sample_store: Store, db_path: Path, name: str
) -> None:
    before = _workspace_bytes(db_path)
    result = cli("export", AT, "--full", "--out", str(db_path.parent / name))
    assert result.code == 2
    assert "is a file of the workspace" in result.err and len(result.err.strip().splitlines()) == 1
    assert _workspace_bytes(db_path) == before


def test_export_refuses_the_workspace_through_a_symlink_or_a_detour(
    cli: Cli, sample_store: Store, db_path: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "looks-harmless.json").symlink_to(db_path)
    (elsewhere / "history").symlink_to(db_path.parent / "team.events")
    before = _workspace_bytes(db_path)
    month = next((db_path.parent / "team.events").glob("*.json")).name
    for out in (elsewhere / "looks-harmless.json", elsewhere / "history" / month, tmp_path / "x" / ".." / "team.json"):
        result = cli("export", AT, "--out", str(out))
        assert result.code == 2, out
        assert "is a file of the workspace" in result.err
    assert _workspace_bytes(db_path) == before


def test_export_through_a_symlink_replaces_its_target_and_keeps_the_mode(
    cli: Cli, sample_store: Store, tmp_path: Path
) -> None:
    target = tmp_path / "shared" / "summary.json"
    target.parent.mkdir()
    target.write_text("old")
    target.chmod(0o644)
    link = tmp_path / "summary-link.json"
    link.symlink_to(target)
    assert cli("export", AT, "--out", str(link)).code == 0
    assert link.is_symlink()
    assert json.loads(target.read_text())["schema"] == "delegate-tui/summary"
    assert target.stat().st_mode & 0o777 == 0o644


def test_export_into_a_named_pipe_writes_into_it(cli: Cli, sample_store: Store, tmp_path: Path) -> None:
    import os
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = cli("export", AT, "--out", str(fifo))
    reader.join(timeout=30)
    assert result.code == 0, result.err
    assert json.loads(received[0])["schema"] == "delegate-tui/summary"
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still a pipe, not replaced by a regular file


def test_export_into_a_character_device_writes_into_it(cli: Cli, sample_store: Store, tmp_path: Path) -> None:
    import os
    import stat

    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # a private null device in the temp folder
    except (PermissionError, OSError) as error:
        pytest.skip(f"cannot make a device node here: {error}")
    try:
        with device.open("wb") as handle:
            handle.write(b"")
    except OSError as error:
        pytest.skip(f"device nodes are not usable on this file system: {error}")
    result = cli("export", AT, "--full", "--out", str(device))
    assert result.code == 0, result.err
    info = device.stat()
    assert stat.S_ISCHR(info.st_mode) and info.st_rdev == os.makedev(1, 3)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".null")] == []


def test_export_to_a_full_disk_on_standard_output_is_one_line(cli: Cli, sample_store: Store, monkeypatch: Any) -> None:
    import errno
    import io
    import sys

    class FullDisk(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sys, "stdout", FullDisk())
    result = cli("export", AT)
    assert result.code == 2
    assert (
        result.err.strip() == "delegate: Cannot write to standard output: the disk is full; the export is incomplete."
    )


def test_export_to_a_closed_pipe_is_one_line_without_traceback(sample_store: Store, db_path: Path) -> None:
    import os
    import subprocess
    import sys

    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will ever read: every write fails with EPIPE
    try:
        done = subprocess.run(
            [sys.executable, "-m", "delegate_tui", "export", AT, "--full", "--db", str(db_path)],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write_end)
    assert done.returncode == 2
    assert (
        done.stderr.strip()
        == "delegate: Cannot write to standard output: it was closed before the export was complete."
    )


def test_full_export_refuses_a_workspace_whose_events_name_a_missing_member(
    cli: Cli, store: Store, db_path: Path
) -> None:
    from delegate_tui.model import Event, EventKind

    store.add_member("Ann", now=NOW)
    store.log_event(Event(kind=EventKind.CHECKIN, at=NOW, member_id=1))
    month = db_path.parent / "team.events" / "2026-11.json"
    month.write_text(month.read_text().replace('"member_id": 1', '"member_id": 77'))
    result = cli("export", AT, "--full", "--out", str(db_path.parent / "backup.json"))
    assert result.code == 2
    assert "member_id 77 is not a member" in result.err and "no backup was written" in result.err
    assert not (db_path.parent / "backup.json").exists()


def _backup_data(cli: Cli, tmp_path: Path) -> dict[str, Any]:
    backup = tmp_path / "backup.json"
    assert cli("export", AT, "--full", "--out", str(backup)).code == 0
    data: dict[str, Any] = json.loads(backup.read_text())
    return data


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(schema_version=True), "schema_version: must be a whole number (got True)"),
        (lambda d: d["events"][0].update(at="0001-01-01T00:00:00+05:00"), "events[0].at: "),
        (lambda d: d["events"][0].update(at="9999-12-31T23:00:00-05:00"), "events[0].at: "),
        (lambda d: d["workspace"]["tasks"]["1"].update(due="2201-01-01"), "workspace.tasks.1.due: "),
        (
            lambda d: d["workspace"]["members"].update({str(10**19): {"id": 10**19, "name": "Huge"}}),
            "ids must be whole numbers from 1 to",
        ),
    ],
)
def test_import_refuses_what_the_loader_would_refuse(
    cli: Cli, sample_store: Store, tmp_path: Path, change: Any, expected: str
) -> None:
    data = _backup_data(cli, tmp_path)
    change(data)
    damaged = tmp_path / "damaged.json"
    damaged.write_text(json.dumps(data))
    target = tmp_path / "target.json"
    result = cli("import", str(damaged), db=target)
    assert result.code == 2
    assert expected in result.err and len(result.err.strip().splitlines()) == 1, result.err


def test_a_stored_date_beyond_the_supported_years_is_refused_when_opened_not_later(
    cli: Cli, sample_store: Store, db_path: Path
) -> None:
    data = json.loads(db_path.read_text())
    task = next(iter(data["tasks"].values()))
    task["due"] = "9999-12-31"
    db_path.write_text(json.dumps(data))
    for verb in (("check", AT), ("export", AT), ("task", "list")):
        result = cli(*verb)
        assert result.code == 2, verb
        assert "is out of range: dates must be from 1900-01-01 to 2200-12-31" in result.err
        assert "Traceback" not in result.err
