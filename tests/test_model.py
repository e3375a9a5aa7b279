"""The domain vocabulary: what a manager types is read the way they meant it, or refused clearly."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from delegate_tui.model import (
    MANAGER,
    AgreementTerms,
    AreaAgreement,
    DecisionArea,
    DelegationLevel,
    EventKind,
    InputError,
    Member,
    Readiness,
    Task,
    TaskStatus,
    TrustAgreement,
    Workspace,
    cadence_allowance,
    cadence_days,
    cadence_label,
    parse_cadence,
    parse_date,
    parse_when,
)
from tests.conftest import NOW

# --------------------------------------------------------------------------- levels


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", DelegationLevel.TELL),
        ("7", DelegationLevel.DELEGATE),
        (" 5 ", DelegationLevel.ADVISE),
        (3, DelegationLevel.CONSULT),
        ("tell", DelegationLevel.TELL),
        ("SELL", DelegationLevel.SELL),
        ("cOnSuLt", DelegationLevel.CONSULT),
        ("Agree", DelegationLevel.AGREE),
        ("5 Advise", DelegationLevel.ADVISE),
        ("6 inquire", DelegationLevel.INQUIRE),
        ("  delegate\t", DelegationLevel.DELEGATE),
        (DelegationLevel.SELL, DelegationLevel.SELL),
    ],
)
def test_level_is_read_from_number_name_or_display(text: object, expected: DelegationLevel) -> None:
    assert DelegationLevel.parse(text) is expected


@pytest.mark.parametrize("text", ["0", "8", "-1", "", "five", "5 Tell", "Advise 5", "²", "٣", "1.0", True, 9, None])
def test_bad_level_names_the_accepted_values(text: object) -> None:
    with pytest.raises(InputError) as error:
        DelegationLevel.parse(text, "--level")
    message = str(error.value)
    assert message.startswith("--level must be 1-7 or one of Tell, Sell, Consult, Agree, Advise, Inquire, Delegate")


def test_level_is_shown_as_number_and_name_with_holder() -> None:
    assert DelegationLevel.ADVISE.display == "5 Advise"
    assert [level.holder for level in DelegationLevel] == ["manager"] * 3 + ["shared"] + ["member"] * 3
    assert all(level.meaning and level.who_decides for level in DelegationLevel)


# --------------------------------------------------------------------------- readiness, status, kinds


@pytest.mark.parametrize("text", ["D1", "d2", " D3 ", "d4"])
def test_readiness_is_read_in_any_case(text: str) -> None:
    readiness = Readiness.parse(text)
    assert readiness.value == text.strip().upper()
    assert readiness.step == int(text.strip()[1])


@pytest.mark.parametrize("text", ["D5", "D0", "3", "ready", ""])
def test_bad_readiness_names_the_choices(text: str) -> None:
    with pytest.raises(InputError, match=r"--readiness must be one of D1, D2, D3, D4 \(got"):
        Readiness.parse(text, "--readiness")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("open", TaskStatus.OPEN), ("In-Progress", TaskStatus.IN_PROGRESS), ("in_progress", TaskStatus.IN_PROGRESS)],
)
def test_status_aliases(text: str, expected: TaskStatus) -> None:
    assert TaskStatus.parse(text) is expected


def test_bad_status_and_kind_are_refused() -> None:
    with pytest.raises(InputError, match=r"must be one of open, in progress, blocked, done"):
        TaskStatus.parse("finished")
    with pytest.raises(InputError, match=r"must be one of checkin, override"):
        EventKind.parse("meeting")
    assert EventKind.parse("Check-in") is EventKind.CHECKIN
    assert EventKind.parse("level change") is EventKind.LEVEL_CHANGE


# --------------------------------------------------------------------------- cadence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("daily", "daily"),
        ("Weekly", "weekly"),
        ("twice weekly", "twice-weekly"),
        ("twice-a-week", "twice-weekly"),
        ("every two weeks", "biweekly"),
        ("fortnightly", "biweekly"),
        ("MONTHLY", "monthly"),
        ("on request", "on-request"),
        ("on_request", "on-request"),
        ("10", "10d"),
        ("10 days", "10d"),
        ("3d", "3d"),
        ("1 day", "1d"),
        ("365", "365d"),
    ],
)
def test_cadence_names_aliases_and_days(text: str, expected: str) -> None:
    assert parse_cadence(text) == expected


@pytest.mark.parametrize("text", ["hourly", "0", "366", "-3", "3 weeks", "", "9" * 5000], ids=lambda t: t[:10])
def test_bad_cadence_lists_the_choices(text: str) -> None:
    with pytest.raises(InputError, match=r"--check-in must be daily, twice-weekly, weekly, biweekly, monthly"):
        parse_cadence(text, "--check-in")


def test_cadence_allowance_and_label() -> None:
    assert cadence_allowance("weekly", 28) == 4
    assert cadence_allowance("on-request", 28) == 1
    assert cadence_allowance("monthly", 7) == 1
    assert cadence_days("10d") == 10.0
    assert cadence_days("on-request") is None
    assert cadence_label("10d") == "every 10 days"
    assert cadence_label("biweekly") == "biweekly"


# --------------------------------------------------------------------------- dates and times


def test_dates_in_iso_form() -> None:
    assert parse_date("2026-03-01") == date(2026, 3, 1)
    assert parse_date(" 2024-02-29 ") == date(2024, 2, 29)
    assert parse_date("2026-03-01T23:30:00-05:00") == date(2026, 3, 2)  # the same moment in UTC
    assert parse_date(datetime(2026, 3, 1, 8, tzinfo=timezone.utc)) == date(2026, 3, 1)


@pytest.mark.parametrize("text", ["2026-02-30", "2025-02-29", "2026-13-01", "tomorrow", "01/03/2026", "", "²⁰²⁶"])
def test_bad_date_says_it_is_not_a_date(text: str) -> None:
    with pytest.raises(InputError) as error:
        parse_date(text, "--due")
    assert "is not a date: use YYYY-MM-DD" in str(error.value)
    assert str(error.value).startswith("--due ")


def test_invalid_calendar_date_is_named_in_the_message() -> None:
    with pytest.raises(InputError, match=r"^--due 2026-02-30 is not a date"):
        parse_date("2026-02-30", "--due")


def test_dates_out_of_range_after_zone_conversion_are_input_errors() -> None:
    with pytest.raises(InputError):
        parse_date("0001-01-01T00:00:00+01:00")
    with pytest.raises(InputError):
        parse_when("9999-12-31T23:00:00-05:00", NOW)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", NOW),
        ("today", NOW),
        ("yesterday", NOW - timedelta(days=1)),
        ("Tomorrow", NOW + timedelta(days=1)),
        ("3 days ago", NOW - timedelta(days=3)),
        ("1 day ago", NOW - timedelta(days=1)),
        ("a day ago", NOW - timedelta(days=1)),
        ("an hour ago", NOW - timedelta(hours=1)),
        ("90 minutes ago", NOW - timedelta(minutes=90)),
        ("in 2 weeks", NOW + timedelta(weeks=2)),
        ("in 1 week", NOW + timedelta(weeks=1)),
        ("3 DAYS AGO", NOW - timedelta(days=3)),
        ("2 months ago", datetime(2026, 9, 28, 12, tzinfo=timezone.utc)),
        ("in 1 year", datetime(2027, 11, 28, 12, tzinfo=timezone.utc)),
        ("2026-03-01", datetime(2026, 3, 1, 12, tzinfo=timezone.utc)),
        ("2026-03-01T09:15:00", datetime(2026, 3, 1, 9, 15, tzinfo=timezone.utc)),
        ("2026-03-01T09:15:00+02:00", datetime(2026, 3, 1, 7, 15, tzinfo=timezone.utc)),
        ("2026-03-01T09:15:00Z", datetime(2026, 3, 1, 9, 15, tzinfo=timezone.utc)),
    ],
)
def test_relative_and_absolute_times(text: str, expected: datetime) -> None:
    result = parse_when(text, NOW)
    assert result == expected
    assert result.tzinfo is not None and result.utcoffset() == timedelta(0)


def test_month_arithmetic_keeps_the_end_of_the_month() -> None:
    end_of_january = datetime(2026, 1, 31, 12, tzinfo=timezone.utc)
    assert parse_when("in a month", end_of_january) == datetime(2026, 2, 28, 12, tzinfo=timezone.utc)
    assert parse_when("1 month ago", end_of_january) == datetime(2025, 12, 31, 12, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "text", ["last tuesday", "2026-02-30", "3 fortnights ago", "soon", "", "-3 days ago", "in ago"]
)
def test_bad_times_explain_the_accepted_forms(text: str) -> None:
    with pytest.raises(InputError, match=r"--at .* is not a date or time: use YYYY-MM-DD"):
        parse_when(text, NOW, "--at")


@pytest.mark.parametrize("text", ["999999 years ago", "in 300 years", "9999-12-31", "0001-01-01T00:00:00+05:00"])
def test_times_beyond_the_supported_years_are_refused_by_name(text: str) -> None:
    with pytest.raises(InputError, match=r"--at .* is out of range: dates must be from 1900-01-01 to 2200-12-31"):
        parse_when(text, NOW, "--at")


# --------------------------------------------------------------------------- records


def test_names_and_titles_are_tidied_and_checked() -> None:
    assert Member(name="  Zoë   Ångström ").name == "Zoë Ångström"
    with pytest.raises(ValueError, match=r"name must not be empty"):
        Member(name="   ")
    with pytest.raises(ValueError, match=r"at most 80 characters"):
        DecisionArea(name="x" * 81)
    with pytest.raises(ValueError, match=r"title must not be empty"):
        Task(title=" ", level=3, created_at=NOW)
    assert Task(title="a", level="advise", created_at=NOW).level is DelegationLevel.ADVISE


def test_records_refuse_unknown_fields() -> None:
    with pytest.raises(ValueError, match=r"Extra inputs are not permitted"):
        Member.model_validate({"name": "Ann", "salary": 1})


# --------------------------------------------------------------------------- agreements


def _agreement() -> TrustAgreement:
    terms = AgreementTerms(levels={1: AreaAgreement(level=3)}, cadence="weekly")
    return TrustAgreement(**dict(terms), member_id=1, changed_at=NOW - timedelta(days=30))


def test_revised_agreement_keeps_the_earlier_version() -> None:
    first = _agreement()
    terms = first.terms().model_copy(update={"levels": {1: AreaAgreement(level=5)}, "cadence": "biweekly"})
    second = first.revised(terms, NOW)
    assert second.version == 2
    assert second.changed_at == NOW
    assert second.level_for(1) is DelegationLevel.ADVISE
    assert second.cadence == "biweekly"
    assert [(v.version, v.cadence, v.levels[1].level) for v in second.history] == [(1, "weekly", 3)]
    assert second.history[0].changed_at == first.changed_at
    third = second.revised(second.terms().model_copy(update={"acknowledged": True}), NOW + timedelta(days=1))
    assert third.version == 3
    assert [v.version for v in third.history] == [1, 2]


def test_unchanged_terms_keep_the_same_version() -> None:
    first = _agreement()
    same = first.revised(first.terms(), NOW)
    assert same is first
    assert same.version == 1 and same.history == []
    # The same terms written another way (a level by name, a cadence alias) are still the same.
    again = AgreementTerms.model_validate({"levels": {1: {"level": "consult"}}, "cadence": "Weekly"})
    assert first.revised(again, NOW).version == 1


def test_agreement_level_for_unknown_area() -> None:
    assert _agreement().level_for(None) is None
    assert _agreement().level_for(42) is None


def test_agreement_cadence_is_validated() -> None:
    with pytest.raises(ValueError, match=r"check-in cadence must be daily"):
        AgreementTerms(cadence="hourly")


# --------------------------------------------------------------------------- workspace lookups


@pytest.fixture
def workspace() -> Workspace:
    members = {
        1: Member(id=1, name="Priya Natarajan"),
        2: Member(id=2, name="Pablo Ruiz"),
        3: Member(id=3, name="Zoë Ångström"),
        4: Member(id=4, name="Ann"),
        5: Member(id=5, name="Anne-Marie Roy"),
    }
    areas = {1: DecisionArea(id=1, name="Hiring"), 2: DecisionArea(id=2, name="Release to production")}
    tasks = {7: Task(id=7, title="Ship it", owner_id=1, area_id=2, level=5, created_at=NOW)}
    return Workspace(manager="Sam Rivera", members=members, areas=areas, tasks=tasks)


def test_member_names_match_case_insensitively(workspace: Workspace) -> None:
    assert workspace.member_named("priya natarajan").id == 1
    assert workspace.member_named("ZOË ÅNGSTRÖM").id == 3
    assert workspace.member_named("  priya   natarajan ").id == 1


def test_unique_prefix_finds_a_member(workspace: Workspace) -> None:
    assert workspace.member_named("pri").id == 1
    assert workspace.member_named("zo").id == 3
    # An exact name wins over a longer name that starts with it.
    assert workspace.member_named("ann").id == 4


def test_ambiguous_prefix_lists_the_matches(workspace: Workspace) -> None:
    with pytest.raises(InputError, match=r"^member 'p' is ambiguous: it matches Pablo Ruiz, Priya Natarajan\.$"):
        workspace.member_named("p")


@pytest.mark.parametrize("name", ["Quentin", "", "Priya X"])
def test_unknown_member(workspace: Workspace, name: str) -> None:
    with pytest.raises(InputError, match=r"There is no member named"):
        workspace.member_named(name)


def test_owner_names_include_the_manager(workspace: Workspace) -> None:
    assert workspace.owner_named("manager") == MANAGER
    assert workspace.owner_named("Me") == MANAGER
    assert workspace.owner_named("sam rivera") == MANAGER
    assert workspace.owner_named("priya") == 1
    assert workspace.owner_name(MANAGER) == "Sam Rivera"
    assert workspace.owner_name(99) == "member #99"


def test_area_lookup(workspace: Workspace) -> None:
    assert workspace.area_named("release TO production").id == 2
    with pytest.raises(InputError, match=r"^There is no decision area named 'Budget'"):
        workspace.area_named("Budget")
    assert workspace.area_name(None) == ""
    assert workspace.area_name(9) == "area #9"


@pytest.mark.parametrize("task_id", ["7", "#7", 7, " 7 "])
def test_task_lookup(workspace: Workspace, task_id: object) -> None:
    assert workspace.task(task_id).title == "Ship it"


@pytest.mark.parametrize("task_id", ["8", "x", "", "²", "-7", "9" * 5000], ids=lambda t: t[:10])
def test_unknown_task(workspace: Workspace, task_id: str) -> None:
    with pytest.raises(InputError, match=r"^There is no task with id"):
        workspace.task(task_id)


def test_empty_workspace() -> None:
    assert Workspace().is_empty
    assert Workspace().manager == "Manager"
