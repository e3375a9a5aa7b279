"""The summary document, its JSON Schema and the full backup (delegate_tui.summary), without the CLI."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from delegate_tui import demo, patterns, summary
from delegate_tui.model import (
    MANAGER,
    DecisionArea,
    DelegationLevel,
    Event,
    EventKind,
    FlagAck,
    InputError,
    Member,
    Task,
    Workspace,
)
from delegate_tui.storage.migrations import CURRENT_SCHEMA
from delegate_tui.storage.store import Store
from tests.conftest import NOW

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema" / "summary.schema.json"
LATER = NOW + timedelta(hours=5)


@pytest.fixture
def sample(sample_store: Store) -> tuple[Workspace, list[Event]]:
    """The sample team as the store gives it back (events with their ids)."""
    return sample_store.load(), sample_store.events()


def _validator() -> Draft202012Validator:
    return Draft202012Validator(summary.summary_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def _private_texts(events: list[Event]) -> set[str]:
    return {text for event in events for text in (event.note, event.reason) if text}


# ---------------------------------------------------------------------------- the schema


def test_committed_schema_is_the_generated_one() -> None:
    # After changing the summary models, regenerate the committed file with:
    #     delegate schema > schema/summary.schema.json
    expected = json.dumps(summary.summary_schema(), indent=2, ensure_ascii=False) + "\n"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == expected


def test_schema_is_a_valid_draft_2020_12_schema_with_descriptions() -> None:
    schema = summary.summary_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] and schema["title"] == "delegate-tui summary"
    assert schema["properties"]["schema"]["const"] == "delegate-tui/summary"
    assert schema["properties"]["schema_version"]["const"] == "1.2"  # 1.2: the review meetings
    missing = [
        f"{name}.{prop}"
        for name, definition in [("Summary", schema), *schema["$defs"].items()]
        for prop, body in definition.get("properties", {}).items()
        if not body.get("description")
    ]
    assert missing == []


def test_the_document_validates(sample: tuple[Workspace, list[Event]]) -> None:
    workspace, events = sample
    validator = _validator()
    for member_id in (None, demo.JONAS):
        for private in (False, True):
            document = summary.build_summary(
                workspace, events, NOW, generated_at=LATER, member_id=member_id, include_private=private
            )
            data = json.loads(summary.summary_json(document))
            assert list(validator.iter_errors(data)) == []


def test_an_invalid_document_fails_the_schema(sample: tuple[Workspace, list[Event]]) -> None:
    data = json.loads(summary.summary_json(summary.build_summary(*sample, NOW, generated_at=LATER)))
    data["members"][0]["agreement"]["areas"][0]["level"]["number"] = 9
    del data["totals"]["flags_by_severity"]
    assert len(list(_validator().iter_errors(data))) == 2


# ---------------------------------------------------------------------------- content


def test_structure_of_the_team_document(sample: tuple[Workspace, list[Event]]) -> None:
    workspace, events = sample
    document = summary.build_summary(workspace, events, NOW, generated_at=LATER)
    assert (document.schema_name, document.schema_version, document.scope) == ("delegate-tui/summary", "1.2", "team")
    assert document.now == NOW and document.generated_at == LATER
    assert document.team.manager == "Sam Rivera" and document.team.size == 8
    assert [(lvl.number, lvl.name, lvl.holder) for lvl in document.levels][::3] == [
        (1, "Tell", "manager"),
        (4, "Agree", "shared"),
        (7, "Delegate", "member"),
    ]
    names = [member.name for member in document.members]
    assert names == sorted(names, key=str.casefold) and len(names) == 8
    jonas = next(m for m in document.members if m.id == demo.JONAS)
    assert jonas.role == "Backend Engineer"
    assert jonas.agreement is not None and jonas.agreement.cadence == "weekly"
    release = next(a for a in jonas.agreement.areas if a.area_id == demo.RELEASE)
    assert (release.level.number, release.level.name) == (4, "Agree")
    assert release.desired is not None and (release.desired.number, release.desired.name) == (5, "Advise")
    assert release.readiness.manager is not None and release.readiness.manager.value == "D3"
    assert {task.title for task in jonas.open_tasks} == {
        t.title for t in workspace.tasks.values() if t.owner_id == demo.JONAS and t.status.is_open
    }
    assert all(task.status.value != "done" for task in jonas.open_tasks)
    assert [flag.rule for flag in jonas.flags] == ["MM001"]
    assert jonas.flags[0].evidence and all(item.text for item in jonas.flags[0].evidence)
    assert jonas.recent_events is None


def test_metrics_and_flags_match_the_engine(sample: tuple[Workspace, list[Event]]) -> None:
    workspace, events = sample
    document = summary.build_summary(workspace, events, NOW, generated_at=LATER)
    metrics = patterns.member_metrics(workspace, events, NOW)
    flags = patterns.evaluate(workspace, events, NOW)
    for member in document.members:
        expected = metrics[member.id]
        assert member.metrics.autonomy_index == round(expected.autonomy_index, 3)
        assert member.metrics.checkins_last_28_days == expected.checkins_last_28
        assert member.metrics.checkins_per_week == expected.checkins_per_week
        assert member.metrics.weekly_checkins == expected.weekly_checkins
        assert len(member.metrics.weekly_autonomy) == 12
        assert [flag.id for flag in member.flags] == [flag.id for flag in flags if flag.member_id == member.id]
    assert [flag.id for flag in document.team_flags] == [flag.id for flag in flags if flag.member_id is None]
    for member_id, rules in demo.SAMPLE_FLAGS.items():
        member = next(m for m in document.members if m.id == member_id)
        assert {flag.rule for flag in member.flags} == rules


def test_totals_add_up(sample: tuple[Workspace, list[Event]]) -> None:
    workspace, events = sample
    document = summary.build_summary(workspace, events, NOW, generated_at=LATER)
    totals = document.totals
    open_tasks = [t for t in workspace.tasks.values() if t.status.is_open]
    assert totals.members == 8 and totals.open_tasks == len(open_tasks)
    assert [row.number for row in totals.level_distribution] == list(range(1, 8))
    assert sum(row.open_tasks for row in totals.level_distribution) == len(open_tasks)
    all_flags = [flag for m in document.members for flag in m.flags] + document.team_flags
    assert totals.flags == len(all_flags) == sum(totals.flags_by_rule.values())
    severity = totals.flags_by_severity
    assert severity.info + severity.warning + severity.critical == totals.flags
    assert sorted(totals.flags_by_rule) == sorted(patterns.RULES)
    assert totals.manager_open_tasks == sum(1 for t in open_tasks if t.owner_id == MANAGER)
    team = patterns.team_metrics(workspace, events, NOW)
    assert totals.manager_share_open == round(team.manager_share_open, 3)
    assert totals.autonomy_index == round(team.autonomy_index, 3)
    assert totals.acknowledged_flags == 0


def test_review_dates_follow_the_stale_agreement_rule(sample: tuple[Workspace, list[Event]]) -> None:
    document = summary.build_summary(*sample, NOW, generated_at=LATER)
    for member in document.members:
        assert member.agreement is not None
        overdue = member.agreement.review_overdue
        assert overdue == (member.agreement.next_review_due < NOW.date())
        assert overdue == any(flag.rule == "MM009" for flag in member.flags), member.name
    lena = next(m for m in document.members if m.id == demo.LENA)
    assert lena.agreement is not None and lena.agreement.last_review is not None
    assert lena.agreement.next_review_due == lena.agreement.last_review + timedelta(days=90)


def test_acknowledged_flags_are_left_out_and_counted(sample: tuple[Workspace, list[Event]]) -> None:
    workspace, events = sample
    flag = next(f for f in patterns.evaluate(workspace, events, NOW) if f.member_id == demo.JONAS)
    ack = FlagAck(flag_id=flag.id, reason="Talked it through.", at=NOW, evidence=[e.ref for e in flag.evidence])
    acked = workspace.model_copy(update={"acks": {flag.id: ack}})
    document = summary.build_summary(acked, events, NOW, generated_at=LATER)
    jonas = next(m for m in document.members if m.id == demo.JONAS)
    assert jonas.flags == []
    assert document.totals.acknowledged_flags == 1
    assert "Talked it through." not in summary.summary_json(document)


def test_empty_workspace() -> None:
    document = summary.build_summary(Workspace(), [], NOW, generated_at=LATER)
    assert document.members == [] and document.areas == [] and document.team_flags == []
    assert document.totals.open_tasks == 0 and document.totals.manager_share_open == 0.0
    assert document.team.size == 0 and len(document.levels) == 7
    assert list(_validator().iter_errors(json.loads(summary.summary_json(document)))) == []
    assert "# Delegation summary" in summary.summary_markdown(document)


def test_unknown_member_is_refused(sample: tuple[Workspace, list[Event]]) -> None:
    with pytest.raises(InputError, match="no member with id 99"):
        summary.build_summary(*sample, NOW, generated_at=LATER, member_id=99)


# ---------------------------------------------------------------------------- stability


def test_json_is_stable_apart_from_generated_at(sample: tuple[Workspace, list[Event]]) -> None:
    workspace, events = sample
    first = summary.summary_json(summary.build_summary(workspace, events, NOW, generated_at=LATER))
    again = summary.summary_json(
        summary.build_summary(workspace, list(reversed(events)), NOW, generated_at=LATER + timedelta(days=3))
    )
    assert first.endswith("}\n") and again.endswith("}\n")
    assert first != again
    pattern = re.compile(r'"generated_at": "[^"]*"')
    assert pattern.sub("", first) == pattern.sub("", again)
    assert json.loads(first) == summary.summary_data(summary.build_summary(workspace, events, NOW, generated_at=LATER))


def test_a_later_now_gives_another_document(sample: tuple[Workspace, list[Event]]) -> None:
    workspace, events = sample
    first = summary.build_summary(workspace, events, NOW, generated_at=LATER)
    later = summary.build_summary(workspace, events, NOW + timedelta(days=40), generated_at=LATER)
    assert first.now != later.now
    assert summary.summary_json(first) != summary.summary_json(later)


# ---------------------------------------------------------------------------- privacy


def test_private_text_is_absent_by_default(sample: tuple[Workspace, list[Event]]) -> None:
    workspace, events = sample
    text = summary.summary_json(summary.build_summary(workspace, events, NOW, generated_at=LATER))
    markdown = summary.summary_markdown(summary.build_summary(workspace, events, NOW, generated_at=LATER))
    secrets = _private_texts(events)
    assert len(secrets) > 20
    assert [s for s in secrets if s in text or s in markdown] == []
    assert '"recent_events"' not in text and '"note"' not in text and '"reason"' not in text


def test_the_engine_never_quotes_private_text(sample: tuple[Workspace, list[Event]]) -> None:
    # Every note and reason replaced by a unique marker: none may reach any flag text.
    workspace, events = sample
    marked = [
        event.model_copy(
            update={
                "note": f"NOTE-MARK-{i}" if event.note else None,
                "reason": f"REASON-MARK-{i}" if event.reason else None,
            }
        )
        for i, event in enumerate(events)
    ]
    flags = patterns.evaluate(workspace, marked, NOW, include_acknowledged=True)
    texts = [f.message + f.suggestion + "".join(e.text for e in f.evidence) for f in flags]
    assert flags and not any("-MARK-" in text for text in texts)
    document = summary.summary_json(summary.build_summary(workspace, marked, NOW, generated_at=LATER))
    assert "-MARK-" not in document


def test_quoted_private_text_would_be_removed(
    sample: tuple[Workspace, list[Event]], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A second line of defence: if a rule ever quoted the note of its evidence event, the summary drops it.
    workspace, events = sample
    noted = next(e for e in events if e.note and e.member_id == demo.DIEGO and e.kind is EventKind.OVERRIDE)
    assert noted.note is not None
    real = patterns.evaluate

    def leaky(*args: Any, **kwargs: Any) -> list[patterns.Flag]:
        flags = real(*args, **kwargs)
        for flag in flags:
            if any(item.ref == noted.id for item in flag.evidence):
                flag.message += f' (note: "{noted.note}")'
                for item in flag.evidence:
                    item.text += f" - {noted.note}"
        return flags

    monkeypatch.setattr(summary, "evaluate", leaky)
    text = summary.summary_json(summary.build_summary(workspace, events, NOW, generated_at=LATER))
    assert noted.note not in text and "[private]" in text
    private = summary.summary_json(
        summary.build_summary(workspace, events, NOW, generated_at=LATER, include_private=True)
    )
    assert noted.note in private


def test_include_private_adds_recent_events(sample: tuple[Workspace, list[Event]]) -> None:
    workspace, events = sample
    document = summary.build_summary(workspace, events, NOW, generated_at=LATER, include_private=True)
    assert document.include_private
    # The window holds whole local days (TZ=UTC here): today and the days before it, from midnight.
    start = datetime.combine(NOW.date() - timedelta(days=summary.PRIVATE_WINDOW_DAYS - 1), time(0), timezone.utc)
    for member in document.members:
        expected = [e for e in events if e.member_id == member.id and start <= e.at <= NOW]
        assert member.recent_events is not None
        assert [e.id for e in member.recent_events] == [e.id for e in expected]
        assert [e.at for e in member.recent_events] == sorted(e.at for e in member.recent_events)
    text = summary.summary_json(document)
    window = {t for e in events if e.member_id is not None and start <= e.at <= NOW for t in (e.note, e.reason) if t}
    assert window and [t for t in window if t not in text] == []
    markdown = summary.summary_markdown(document)
    assert "### Private notes" in markdown
    assert "Jonas seemed stressed about the search migration deadline." in markdown


def test_member_document_holds_nobody_else(sample: tuple[Workspace, list[Event]]) -> None:
    workspace, events = sample
    for member in workspace.members.values():
        for private in (False, True):
            document = summary.build_summary(
                workspace, events, NOW, generated_at=LATER, member_id=member.id, include_private=private
            )
            assert [m.id for m in document.members] == [member.id] and document.scope == "member"
            assert document.team_flags == [] and document.totals.manager_share_open is None
            assert document.totals.members == 1
            text = summary.summary_json(document) + summary.summary_markdown(document)
            assert member.name in text and "Sam Rivera" in text
            for other in workspace.members.values():
                if other.id != member.id:
                    assert other.name not in text and other.name.split()[0] not in text, (member.name, other.name)
            for task in workspace.tasks.values():
                if task.owner_id != member.id:
                    assert task.title not in text, (member.name, task.title)


def test_member_document_names_colleagues_generically(sample: tuple[Workspace, list[Event]]) -> None:
    workspace, events = sample
    diego = summary.build_summary(*sample, NOW, generated_at=LATER, member_id=demo.DIEGO)
    assert diego.members[0].agreement is not None
    assert "Coach a colleague on on-call." in diego.members[0].agreement.growth_goals
    kwame = summary.build_summary(workspace, events, NOW, generated_at=LATER, member_id=demo.KWAME)
    assert kwame.members[0].agreement is not None
    assert (
        kwame.members[0].agreement.support
        == "A buddy (a colleague), pairing sessions, and a colleague for on-call questions."
    )
    # The same text in the team document is untouched.
    team = summary.build_summary(workspace, events, NOW, generated_at=LATER)
    assert "Coach Kwame on on-call." in summary.summary_json(team)


def test_a_colleague_name_inside_the_members_own_name_is_kept() -> None:
    since = date(2020, 1, 1)
    workspace = Workspace(
        manager="Boss",
        members={
            1: Member(id=1, name="Ana", since=since),
            2: Member(id=2, name="Ana Lopez", since=since),
        },
        areas={1: DecisionArea(id=1, name="Tooling")},
        tasks={
            1: Task(
                id=1,
                title="Pair with Ana on the Ana Lopez plan",
                owner_id=2,
                area_id=1,
                level=DelegationLevel.ADVISE,
                created_at=datetime(2026, 1, 1, tzinfo=timezone.utc),
            )
        },
    )
    document = summary.build_summary(workspace, [], NOW, generated_at=LATER, member_id=2)
    assert document.members[0].name == "Ana Lopez"
    assert document.members[0].open_tasks[0].title == "Pair with a colleague on the Ana Lopez plan"


# ---------------------------------------------------------------------------- Markdown


def test_markdown_has_a_section_per_member_and_the_level_table(sample: tuple[Workspace, list[Event]]) -> None:
    workspace, events = sample
    markdown = summary.summary_markdown(summary.build_summary(workspace, events, NOW, generated_at=LATER))
    assert markdown.startswith("# Delegation summary: Sam Rivera's team\n") and markdown.endswith("\n")
    for member in workspace.members.values():
        assert f"\n## {member.name} ({member.role})\n" in markdown
    for level in DelegationLevel:
        assert f"| {int(level)} | {level.label} | {level.who_decides} |" in markdown
    assert "| 4 Agree |" in markdown and "### Flags" in markdown
    assert "**MM001 over-monitoring** (warning)" in markdown
    assert "- Suggestion: " in markdown


def test_markdown_escapes_table_cells() -> None:
    workspace = Workspace(
        members={1: Member(id=1, name="Robin")},
        tasks={
            1: Task(
                id=1,
                title="Split A | B",
                owner_id=1,
                level=DelegationLevel.TELL,
                created_at=datetime(2026, 1, 1, tzinfo=timezone.utc),
            )
        },
    )
    markdown = summary.summary_markdown(summary.build_summary(workspace, [], NOW, generated_at=LATER))
    assert "| 1 | Split A \\| B |  | 1 Tell | open |  |" in markdown
    assert "No trust agreement yet." in markdown


# ---------------------------------------------------------------------------- the backup


def test_backup_round_trip(sample: tuple[Workspace, list[Event]]) -> None:
    workspace, events = sample
    backup = summary.build_backup(workspace, events, generated_at=LATER)
    assert backup.format == "delegate-tui/backup" and backup.schema_version == CURRENT_SCHEMA
    raw = summary.backup_json(backup)
    assert raw.endswith("}\n")
    parsed = summary.parse_backup(raw.encode("utf-8"), source="backup.json")
    assert parsed == backup
    assert parsed.workspace == workspace and parsed.events == events


def _raw(data: dict[str, Any]) -> bytes:
    return json.dumps(data).encode("utf-8")


@pytest.fixture
def backup_data(sample: tuple[Workspace, list[Event]]) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(summary.backup_json(summary.build_backup(*sample, generated_at=LATER)))
    return data


def _refused(raw: bytes) -> str:
    with pytest.raises(InputError) as caught:
        summary.parse_backup(raw, source="backup.json")
    message = str(caught.value)
    assert "\n" not in message and message.startswith("backup.json: ")
    return message


def test_parse_backup_names_where_it_is_wrong(backup_data: dict[str, Any]) -> None:
    data = json.loads(json.dumps(backup_data))
    data["events"][12]["at"] = "not a time"
    assert _refused(_raw(data)).startswith("backup.json: events[12].at: Input should be a valid datetime")

    data = json.loads(json.dumps(backup_data))
    data["workspace"]["tasks"]["7"]["owner_id"] = 42
    assert _refused(_raw(data)) == "backup.json: workspace.tasks.7.owner_id 42 is not a member."

    data = json.loads(json.dumps(backup_data))
    del data["workspace"]["members"]["3"]["name"]
    assert _refused(_raw(data)) == "backup.json: workspace.members.3.name: Field required."

    data = json.loads(json.dumps(backup_data))
    data["events"][5]["id"] = data["events"][4]["id"]
    assert "events[5].id" in _refused(_raw(data))

    data = json.loads(json.dumps(backup_data))
    data["events"][0]["task_id"] = 999
    assert _refused(_raw(data)) == "backup.json: events[0].task_id 999 is not a task."

    data = json.loads(json.dumps(backup_data))
    data["workspace"]["agreements"]["2"]["levels"]["77"] = {"level": 3}
    assert "workspace.agreements.2.levels.77" in _refused(_raw(data))


def test_parse_backup_refuses_what_is_not_a_backup(
    backup_data: dict[str, Any], sample: tuple[Workspace, list[Event]]
) -> None:
    assert "empty" in _refused(b"")
    assert "not valid JSON at line 1" in _refused(b"{nope")
    assert "not a JSON object" in _refused(b"[1, 2]")
    document = summary.summary_json(summary.build_summary(*sample, NOW, generated_at=LATER))
    assert "summary, not a full backup" in _refused(document.encode("utf-8"))
    newer = dict(backup_data, schema_version=CURRENT_SCHEMA + 1)
    message = _refused(_raw(newer))
    assert "newer delegate-tui" in message and str(CURRENT_SCHEMA + 1) in message
    assert "format" in _refused(_raw(dict(backup_data, format="something-else")))
    assert "schema_version" in _refused(_raw(dict(backup_data, schema_version="2")))
    assert "unexpected" in _refused(_raw(dict(backup_data, unexpected=1))) or "Extra" in _refused(
        _raw(dict(backup_data, unexpected=1))
    )
