"""The ``delegate`` command: argument parsing and the verbs of DESIGN.md section 3.

Exit codes: 0 success; 1 ``check`` found flags at or above ``--fail-on``; 2 bad input or an
unusable workspace, with one line on stderr. Data verbs never import Textual: only the bare
``delegate`` (the UI) and ``delegate serve`` do.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn, TextIO, cast

from pydantic import ValidationError

from delegate_tui.i18n import _
from delegate_tui.model import (
    MANAGER,
    PULSE_QUESTION,
    TEXT_LIMITS,
    AgreementTerms,
    AreaAgreement,
    AwayPeriod,
    DelegationLevel,
    Event,
    EventContext,
    EventKind,
    Initiator,
    InputError,
    Member,
    Readiness,
    TaskStatus,
    Workspace,
    cadence_label,
    explain,
    parse_cadence,
    parse_date,
    parse_when,
    utcnow,
)
from delegate_tui.storage.files import WorkspaceError
from delegate_tui.storage.output import OutputError, write_export, write_stdout
from delegate_tui.storage.store import Store
from delegate_tui.text import VisibleWriter, visible

ENV_DB = "DELEGATE_DB"
ENV_NOW = "DELEGATE_NOW"


class UsageError(Exception):
    """A command-line argument that argparse itself rejected."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit code 2, via :class:`UsageError`."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(_("{command}: {problem} (see '{command} --help').").format(command=self.prog, problem=message))


def default_db_path() -> Path:
    """Where the workspace lives without ``--db`` or ``DELEGATE_DB``."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("delegate-tui", appauthor=False)) / "workspace.json"


def resolve_db(arg: str | None) -> Path:
    """``--db``, else ``$DELEGATE_DB``, else the user data folder."""
    if arg is not None:
        if not arg.strip():
            raise InputError(_("--db must name a workspace file (got an empty path)."))
        return Path(arg).expanduser()
    if os.environ.get(ENV_DB):
        return Path(os.environ[ENV_DB]).expanduser()
    return default_db_path()


def check_db(path: Path, *, reading: bool) -> None:
    """Refuse a workspace path that cannot be meant: a missing file for a verb that only reads
    (it would otherwise show an empty team as if the data were gone), a missing folder other than
    the default data folder (a misspelt path), or something that is not a regular file (a named
    pipe would block forever)."""
    import stat

    try:
        info = path.stat()  # follows a symbolic link, as the store does
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise InputError(_("Cannot use {path}: {problem}.").format(path=path, problem=error.strerror)) from None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise InputError(_("Cannot use {path}: it is a folder, not a workspace file.").format(path=path))
        if not stat.S_ISREG(info.st_mode):
            raise InputError(_("{path} is not a regular file; give the path of a workspace file.").format(path=path))
        return
    if reading:
        raise InputError(
            _(
                "no workspace at {path}; check the path, or create one with `delegate demo` or `delegate member add`."
            ).format(path=path)
        )
    if not path.parent.is_dir() and path != default_db_path():
        raise InputError(
            _("no workspace at {path}, and its folder {folder} does not exist; check the path.").format(
                path=path, folder=path.parent
            )
        )


def _reads_only(args: argparse.Namespace) -> bool:
    """True for the verbs and forms that never change the workspace."""
    verb, action = args.verb, getattr(args, "action", None)
    if verb in ("check", "export") or action in ("list", "show"):
        return True
    if verb == "manager":
        return args.name is None and args.timezone is None
    if verb == "rules":
        return not args.words or args.words[0].lower() not in ("set", "off", "on")
    return False


# ---------------------------------------------------------------------------- parsing helpers


def _pair(text: str, option: str) -> tuple[str, str]:
    if "=" not in text:
        raise InputError(_("{option} expects AREA=VALUE (got {value!r}).").format(option=option, value=text))
    key, value = text.split("=", 1)
    if not key.strip():
        raise InputError(_("{option} expects AREA=VALUE (got {value!r}).").format(option=option, value=text))
    return key.strip(), value.strip()


def _positive_int(text: str, option: str, *, low: int, high: int) -> int:
    try:
        number = int(text)
    except ValueError:
        number = low - 1
    if not low <= number <= high:
        raise InputError(
            _("{option} must be a whole number from {low} to {high} (got {value!r}).").format(
                option=option, low=low, high=high, value=text
            )
        )
    return number


def _text(value: str | None, option: str, limit: int = TEXT_LIMITS["note"]) -> str | None:
    if value is None:
        return None
    cleaned = value.strip()
    if len(cleaned) > limit:
        raise InputError(_("{option} must be at most {limit} characters.").format(option=option, limit=limit))
    return cleaned or None


def _context(value: str | None) -> EventContext | None:
    return None if value is None else EventContext.parse(value, "--context")


def _reason(value: str | None) -> str | None:
    return _text(value, "--reason", TEXT_LIMITS["reason"])


def _print_json(data: Any) -> None:
    import orjson

    sys.stdout.flush()
    sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
    sys.stdout.flush()


def _exact(stream: TextIO) -> TextIO:
    """``stream`` without the :class:`VisibleWriter` that :func:`main` puts around it."""
    return stream.wrapped if isinstance(stream, VisibleWriter) else stream


def _table(rows: Sequence[Sequence[str]], headers: Sequence[str]) -> str:
    """Plain aligned columns, readable at 80 characters when the content allows; a line break or
    control character in a cell shows as its control picture, so every row stays one line."""
    rows = [[visible(cell) for cell in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip()]
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    return "\n".join(lines)


def clock() -> datetime:
    """The moment of the command: ``$DELEGATE_NOW`` when set (tests and scripts fix the clock with it), else now.

    Read only here, by the CLI: the UI and the library always take an explicit moment.
    """
    fixed = os.environ.get(ENV_NOW, "").strip()
    return parse_when(fixed, utcnow(), ENV_NOW) if fixed else utcnow()


class Context:
    """What every verb gets: the parsed arguments, the store and the moment of the command."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._clock = clock()
        self._now: datetime | None = None
        self._at: datetime | None = None
        self._store: Store | None = None
        self._created = False
        self._collector_paused = False

    def moment(self, value: str, option: str, now: datetime | None = None) -> datetime:
        """``value`` read as the manager types it: a date alone or a day with a clock time is their
        local day (the workspace's time zone), relative phrases count from ``now`` (default: the command's)."""
        from delegate_tui.localtime import local_zone, parse_local_when

        zone = local_zone(self.open_store().load_brief())
        return parse_local_when(value, self.now if now is None else now, zone, option)

    @property
    def now(self) -> datetime:
        """The moment of the command: ``--now`` when given, else the clock."""
        if self._now is None:
            given = getattr(self.args, "now", None)
            self._now = self._clock if given is None else self.moment(given, "--now", self._clock)
        return self._now

    @property
    def at(self) -> datetime:
        """When the change happened: ``--at`` when given, else :attr:`now`."""
        if self._at is None:
            given = getattr(self.args, "at", None)
            self._at = self.now if given is None else self.moment(given, "--at")
        return self._at

    @property
    def store(self) -> Store:
        """The workspace, opened (and fully validated) on first use."""
        return self.open_store()

    def open_store(self, *, validate: bool = True) -> Store:
        """The workspace, opened on first use; ``validate=False`` leaves validation to the reads
        (see :class:`Store`), for verbs that use :meth:`Store.load_brief`."""
        if self._store is None:
            path = resolve_db(self.args.db)
            check_db(path, reading=_reads_only(self.args))
            self._created = not path.exists()
            self._store = Store(path, validate=validate)
        return self._store

    @property
    def workspace(self) -> Workspace:
        """The workspace's current data."""
        return self.store.load()

    def events(self) -> list[Event]:
        """Every recorded event, in time order; the cyclic garbage collector stays paused until
        the verb returns (see :meth:`close`).

        The events (some 300,000 objects on the scale set) live as long as the verb and form no
        reference cycles, yet every collection set off by the rule engine's and the summary's
        many allocations scanned them again: about a tenth of ``delegate check``. Reference
        counting still frees everything that is not part of a cycle.
        """
        events = self.store.events()
        if gc.isenabled():
            gc.disable()
            self._collector_paused = True
        return events

    def discard_new_workspace(self) -> None:
        """After a refused change, remove the empty workspace file that opening the store created,
        so that a refused command leaves the folder as it found it (the lock file stays: removing a
        lock another process may be waiting on would let two writers in)."""
        store = self._store
        if store is None or not self._created:
            return
        with contextlib.suppress(OSError, WorkspaceError), store.lock.held():
            untouched = store.load() == Workspace() and not store.events() and not store.events_dir.exists()
            if untouched:
                store.path.unlink()

    def close(self) -> None:
        """Undo what the verb changed in the process (the collector paused by :meth:`events`), and
        tell what the store noticed on the way (permissions tightened, history written later)."""
        if self._collector_paused:
            self._collector_paused = False
            gc.enable()
        if self._store is not None:
            for notice in self._store.take_notices():
                print(_("delegate: {problem}").format(problem=notice), file=sys.stderr)


# ---------------------------------------------------------------------------- verbs: demo, members, areas


def cmd_demo(ctx: Context) -> int:
    """Fill the workspace with the sample team, or a large generated set."""
    from delegate_tui import demo

    args = ctx.args
    if not ctx.workspace.is_empty and not args.force:
        raise InputError(
            _("The workspace {path} is not empty; add --force to replace everything in it with demo data.").format(
                path=ctx.store.path
            )
        )
    seed = _positive_int(args.seed, "--seed", low=0, high=2**31 - 1)
    if args.members is None and args.tasks is None and args.events is None:
        workspace, events = demo.sample(seed, ctx.at)
    else:
        members = _positive_int(args.members or "6", "--members", low=1, high=10_000)
        tasks = _positive_int(args.tasks or "30", "--tasks", low=0, high=1_000_000)
        count = _positive_int(args.events or "200", "--events", low=0, high=1_000_000)
        workspace, events = demo.large(members, tasks, count, seed, ctx.at)
    ctx.store.replace_everything(workspace, events, ctx.at)
    print(
        _("Created {members} members, {areas} decision areas, {tasks} tasks and {events} events in {path}.").format(
            members=len(workspace.members),
            areas=len(workspace.areas),
            tasks=len(workspace.tasks),
            events=len(events),
            path=ctx.store.path,
        )
    )
    return 0


def cmd_manager(ctx: Context) -> int:
    """Show the manager's name, or set it and the time zone their days are judged in."""
    from delegate_tui.model import parse_timezone

    args = ctx.args
    if args.name is None and args.timezone is None:
        print(ctx.workspace.manager)
        return 0
    system = args.timezone is not None and args.timezone.strip().lower() == "system"
    zone = None if args.timezone is None or system else parse_timezone(args.timezone, "--timezone")
    if args.name is not None:
        Member(name=args.name)  # refused before anything changes, as the store would refuse it
    if args.timezone is not None:
        ctx.store.set_timezone(zone, now=ctx.at)
    if args.name is not None:
        ctx.store.set_manager(args.name, now=ctx.at)
        print(_("The manager of this workspace is now {name}.").format(name=ctx.store.load().manager))
    if system:
        print(_("Days are now judged in this machine's time zone."))
    elif zone is not None:
        print(_("Days are now judged in the time zone {zone}.").format(zone=zone))
    return 0


def cmd_member_add(ctx: Context) -> int:
    """Add a team member."""
    args = ctx.args
    since = parse_date(args.since, "--since") if args.since else None
    member = ctx.store.add_member(
        args.name, role=_text(args.role, "--role", TEXT_LIMITS["role"]) or "", since=since, now=ctx.at
    )
    print(_("Added member {name} (id {id}).").format(name=member.name, id=member.id))
    return 0


def cmd_member_away(ctx: Context) -> int:
    """Record, list or remove the days a member is away."""
    args = ctx.args
    ws = ctx.workspace
    member = ws.member_named(args.name)
    if args.remove is not None:
        if args.start or args.end or args.reason is not None:
            raise InputError(_("--remove takes no --from, --to or --reason."))
        start = parse_date(args.remove, "--remove")
        removed = ctx.store.remove_away(member.id, start, now=ctx.at)
        print(
            _("Removed the time away of {name} from {start} to {end}.").format(
                name=member.name, start=removed.start.isoformat(), end=removed.end.isoformat()
            )
        )
        return 0
    if not args.start and not args.end:
        if args.reason is not None:
            raise InputError(_("--reason needs --from and --to."))
        if not member.away:
            print(_("{name} has no time away recorded.").format(name=member.name))
        for period in member.away:
            line = _("{start} to {end}").format(start=period.start.isoformat(), end=period.end.isoformat())
            print(f"{line}  {period.reason}" if period.reason else line)
        return 0
    if not args.start or not args.end:
        raise InputError(_("Time away needs both --from DATE and --to DATE."))
    start, end = parse_date(args.start, "--from"), parse_date(args.end, "--to")
    if end < start:
        raise InputError(
            _("--to ({end}) must not be before --from ({start}).").format(end=end.isoformat(), start=start.isoformat())
        )
    period = AwayPeriod(start=start, end=end, reason=_reason(args.reason))
    ctx.store.add_away(member.id, period, now=ctx.at)
    print(
        _("{name} is away from {start} to {end}.").format(
            name=member.name, start=start.isoformat(), end=end.isoformat()
        )
    )
    return 0


def cmd_member_list(ctx: Context) -> int:
    """List the members with their role, start date, open tasks and cadence."""
    ws = ctx.workspace
    open_tasks: dict[int, int] = {}
    for task in ws.tasks.values():
        if task.status.is_open:
            open_tasks[task.owner_id] = open_tasks.get(task.owner_id, 0) + 1
    members = sorted(ws.members.values(), key=lambda m: m.name.casefold())
    if ctx.args.format == "json":
        _print_json(
            {
                "manager": ws.manager,
                "members": [
                    {
                        "id": m.id,
                        "name": m.name,
                        "role": m.role,
                        "since": m.since.isoformat() if m.since else None,
                        "open_tasks": open_tasks.get(m.id, 0),
                        "cadence": ws.agreements[m.id].cadence if m.id in ws.agreements else None,
                    }
                    for m in members
                ],
            }
        )
        return 0
    if not members:
        print(_("No members yet. Add one with: delegate member add NAME --role ROLE"))
        return 0
    rows = [
        [
            m.name,
            m.role,
            m.since.isoformat() if m.since else "",
            str(open_tasks.get(m.id, 0)),
            cadence_label(ws.agreements[m.id].cadence) if m.id in ws.agreements else _("no agreement"),
        ]
        for m in members
    ]
    print(_table(rows, [_("Name"), _("Role"), _("Since"), _("Open"), _("Check-ins")]))
    return 0


def cmd_area_add(ctx: Context) -> int:
    """Add a decision area."""
    args = ctx.args
    area = ctx.store.add_area(
        args.name, description=_text(args.description, "--description", TEXT_LIMITS["description"]) or "", now=ctx.at
    )
    print(_("Added decision area {name} (id {id}).").format(name=area.name, id=area.id))
    return 0


def cmd_area_list(ctx: Context) -> int:
    """List the decision areas."""
    ws = ctx.workspace
    areas = sorted(ws.areas.values(), key=lambda a: a.name.casefold())
    if ctx.args.format == "json":
        _print_json({"areas": [{"id": a.id, "name": a.name, "description": a.description} for a in areas]})
    elif not areas:
        print(_("No decision areas yet. Add one with: delegate area add NAME"))
    else:
        print(_table([[a.name, a.description] for a in areas], [_("Area"), _("Description")]))
    return 0


# ---------------------------------------------------------------------------- verbs: tasks


def cmd_task_add(ctx: Context) -> int:
    """Add a task and print its id alone."""
    args = ctx.args
    ws = ctx.workspace
    owner = ws.owner_named(args.member)
    level = DelegationLevel.parse(args.level, "--level")
    area_id = ws.area_named(args.area).id if args.area else None
    due = parse_date(args.due, "--due") if args.due else None
    status = TaskStatus.parse(args.status, "--status") if args.status else TaskStatus.OPEN
    task = ctx.store.add_task(
        args.title, owner_id=owner, level=level, area_id=area_id, due=due, status=status, now=ctx.at
    )
    print(task.id)
    return 0


def cmd_task_list(ctx: Context) -> int:
    """List tasks, optionally for one member."""
    args = ctx.args
    ws = ctx.workspace
    tasks = sorted(ws.tasks.values(), key=lambda t: t.id)
    if args.member:
        owner = ws.owner_named(args.member)
        tasks = [t for t in tasks if t.owner_id == owner]
    if not args.all:
        tasks = [t for t in tasks if t.status.is_open]
    if args.format == "json":
        _print_json(
            {
                "tasks": [
                    {
                        "id": t.id,
                        "title": t.title,
                        "owner": ws.owner_name(t.owner_id),
                        "owner_is_manager": t.owner_id == MANAGER,
                        "area": ws.area_name(t.area_id) or None,
                        "level": int(t.level),
                        "level_name": t.level.label,
                        "status": t.status.value,
                        "due": t.due.isoformat() if t.due else None,
                    }
                    for t in tasks
                ]
            }
        )
        return 0
    if not tasks:
        print(_("No open tasks. Add one with: delegate task add TITLE --member NAME --level LEVEL"))
        return 0
    rows = [
        [
            str(t.id),
            t.title if len(t.title) <= 32 else t.title[:31] + "…",
            ws.owner_name(t.owner_id),
            ws.area_name(t.area_id),
            t.level.display,
            t.status.value,
            t.due.isoformat() if t.due else "",
        ]
        for t in tasks
    ]
    print(_table(rows, ["#", _("Title"), _("Owner"), _("Area"), _("Level"), _("Status"), _("Due")]))
    return 0


def cmd_task_level(ctx: Context) -> int:
    """Change a task's level."""
    args = ctx.args
    task = ctx.workspace.task(args.task_id)
    level = DelegationLevel.parse(args.level, "LEVEL")
    context = _context(args.context)
    event = ctx.store.set_task_level(task.id, level, reason=_reason(args.reason), now=ctx.at, context=context)
    old = event.from_level or task.level
    print(
        _("Task {task_id} moved from level {old} to {new}.").format(task_id=task.id, old=old.display, new=level.display)
    )
    return 0


def cmd_task_due(ctx: Context) -> int:
    """Change or clear a task's due date."""
    args = ctx.args
    task = ctx.workspace.task(args.task_id)
    due = None if args.date.strip().lower() in ("none", "clear", "-") else parse_date(args.date, "DATE")
    ctx.store.set_task_due(task.id, due, reason=_reason(args.reason), now=ctx.at, context=_context(args.context))
    if due is None:
        print(_("Task {task_id} no longer has a due date.").format(task_id=task.id))
    else:
        print(_("Task {task_id} is now due on {due}.").format(task_id=task.id, due=due.isoformat()))
    return 0


def cmd_task_reassign(ctx: Context) -> int:
    """Give a task to another member or to the manager."""
    args = ctx.args
    ws = ctx.workspace
    task = ws.task(args.task_id)
    owner = ws.owner_named(args.member)
    ctx.store.reassign_task(task.id, owner, reason=_reason(args.reason), now=ctx.at, context=_context(args.context))
    print(
        _("Task {task_id} moved from {old} to {new}.").format(
            task_id=task.id, old=ws.owner_name(task.owner_id), new=ws.owner_name(owner)
        )
    )
    return 0


def cmd_task_status(ctx: Context) -> int:
    """Change a task's status."""
    args = ctx.args
    task = ctx.workspace.task(args.task_id)
    status = TaskStatus.parse(args.status, "STATUS")
    reason, context = _reason(args.reason), _context(args.context)
    ctx.store.update_task(task.id, status=status, now=ctx.at, reason=reason, context=context)
    print(_("Task {task_id} is now {status}.").format(task_id=task.id, status=status.value))
    return 0


# ---------------------------------------------------------------------------- verbs: agreements and events


def _apply_agreement_options(ws: Workspace, terms: AgreementTerms, args: argparse.Namespace) -> AgreementTerms:
    levels = {area_id: entry.model_copy() for area_id, entry in terms.levels.items()}
    for text in args.area or []:
        name, value = _pair(text, "--area")
        area = ws.area_named(name)
        level = DelegationLevel.parse(value, f"--area {area.name}")
        levels[area.id] = (levels[area.id] if area.id in levels else AreaAgreement(level=level)).model_copy(
            update={"level": level}
        )

    def entry_for(name: str, option: str) -> tuple[int, AreaAgreement]:
        area = ws.area_named(name)
        if area.id not in levels:
            raise InputError(
                _("{option}: set a level for {area} first with --area '{area}=LEVEL'.").format(
                    option=option, area=area.name
                )
            )
        return area.id, levels[area.id]

    for text in args.desired or []:
        name, value = _pair(text, "--desired")
        area_id, entry = entry_for(name, "--desired")
        level_text, _sep, by_text = value.partition("@")
        desired = DelegationLevel.parse(level_text, "--desired")
        by = parse_date(by_text, "--desired date") if by_text else None
        levels[area_id] = entry.model_copy(update={"desired": desired, "desired_by": by})
    for option, field, values in (
        ("--readiness", "readiness", args.readiness),
        ("--self-readiness", "self_readiness", args.self_readiness),
    ):
        for text in values or []:
            name, value = _pair(text, option)
            area_id, entry = entry_for(name, option)
            levels[area_id] = entry.model_copy(update={field: Readiness.parse(value, option)})
    update: dict[str, Any] = {"levels": levels}
    if args.check_in:
        update["cadence"] = parse_cadence(args.check_in, "--check-in")
    if args.review_every:
        update["review_every_days"] = _positive_int(args.review_every, "--review-every", low=1, high=3650)
    if args.growth:
        goals = [g for g in (_text(text, "--growth", TEXT_LIMITS["growth goal"]) for text in args.growth) if g]
        update["growth_goals"] = [*terms.growth_goals, *[g for g in goals if g not in terms.growth_goals]]
    if args.guardrail:
        rails = [g for g in (_text(text, "--guardrail", TEXT_LIMITS["guardrail"]) for text in args.guardrail) if g]
        update["guardrails"] = [*terms.guardrails, *[g for g in rails if g not in terms.guardrails]]
    if args.channel is not None:
        update["channel"] = _text(args.channel, "--channel", TEXT_LIMITS["channel"]) or ""
    if args.support is not None:
        update["support"] = _text(args.support, "--support", TEXT_LIMITS["support"]) or ""
    if args.acknowledged:
        update["acknowledged"] = True
    return AgreementTerms.model_validate({**dict(terms), **update})


def cmd_agreement_set(ctx: Context) -> int:
    """Create or revise a member's trust agreement."""
    args = ctx.args
    ws = ctx.workspace
    member = ws.member_named(args.name)
    reviewed = ctx.moment(args.reviewed, "--reviewed") if args.reviewed else None
    reason, context = _reason(args.reason), _context(args.context)
    # The options are applied to the terms read under the lock, not to those read above: another
    # process may have changed the agreement in between, and its change must survive. A new
    # version is acknowledged only when --acknowledged says the member saw this very version.
    saved = ctx.store.set_agreement(
        member.id,
        lambda terms: _apply_agreement_options(ws, terms, args),
        now=ctx.at,
        reviewed=reviewed,
        context=context,
        acknowledged=bool(args.acknowledged),
        reason=reason,
    )
    agreement = saved.agreement
    if not saved.changed:
        print(_("The agreement with {name} already says this; nothing changed.").format(name=member.name))
    else:
        print(
            _("Saved version {version} of the agreement with {name}.").format(
                version=agreement.version, name=member.name
            )
        )
    return 0


def agreement_document(ws: Workspace, member_id: int) -> dict[str, Any]:
    """A member's agreement as JSON-ready data with area and level names."""
    agreement = ws.agreements[member_id]

    def levels(entries: dict[int, AreaAgreement]) -> list[dict[str, Any]]:
        return [
            {
                "area": ws.area_name(area_id),
                "level": int(entry.level),
                "level_name": entry.level.label,
                "desired": int(entry.desired) if entry.desired else None,
                "desired_name": entry.desired.label if entry.desired else None,
                "desired_by": entry.desired_by.isoformat() if entry.desired_by else None,
                "readiness": entry.readiness.value if entry.readiness else None,
                "self_readiness": entry.self_readiness.value if entry.self_readiness else None,
            }
            for area_id, entry in sorted(entries.items(), key=lambda item: ws.area_name(item[0]).casefold())
        ]

    return {
        "member": ws.members[member_id].name,
        "version": agreement.version,
        "changed_at": agreement.changed_at.isoformat(),
        "levels": levels(agreement.levels),
        "cadence": agreement.cadence,
        "channel": agreement.channel,
        "support": agreement.support,
        "guardrails": agreement.guardrails,
        "growth_goals": agreement.growth_goals,
        "review_every_days": agreement.review_every_days,
        "last_review": agreement.last_review.isoformat() if agreement.last_review else None,
        "acknowledged": agreement.acknowledged,
        "history": [
            {
                "version": v.version,
                "changed_at": v.changed_at.isoformat(),
                "levels": levels(v.levels),
                "cadence": v.cadence,
            }
            for v in agreement.history
        ],
    }


def cmd_agreement_show(ctx: Context) -> int:
    """Show a member's trust agreement."""
    ws = ctx.workspace
    member = ws.member_named(ctx.args.name)
    if member.id not in ws.agreements:
        raise InputError(
            _(
                "{name} has no trust agreement yet; create one with: delegate agreement set '{name}' --area AREA=LEVEL"
            ).format(name=member.name)
        )
    doc = agreement_document(ws, member.id)
    if ctx.args.format == "json":
        _print_json(doc)
        return 0
    agreement = ws.agreements[member.id]
    lines = [
        _("Trust agreement with {name}, version {version} ({date}).").format(
            name=member.name, version=agreement.version, date=agreement.changed_at.date().isoformat()
        ),
        "",
    ]
    rows = []
    for entry in doc["levels"]:
        desired = ""
        if entry["desired"]:
            desired = f"{entry['desired']} {entry['desired_name']}"
            if entry["desired_by"]:
                desired = _("{level} by {date}").format(level=desired, date=entry["desired_by"])
        rows.append(
            [
                entry["area"],
                f"{entry['level']} {entry['level_name']}",
                desired,
                entry["readiness"] or "",
                entry["self_readiness"] or "",
            ]
        )
    if rows:
        lines.append(_table(rows, [_("Area"), _("Level"), _("Desired"), _("Readiness"), _("Self")]))
    else:
        lines.append(_("No decision areas agreed yet."))
    lines.append("")
    never = _("never")
    details = [
        (_("Check-ins"), cadence_label(agreement.cadence)),
        (_("Channel"), agreement.channel or "-"),
        (_("Support"), agreement.support or "-"),
        (_("Guardrails"), "; ".join(agreement.guardrails) or "-"),
        (_("Growth goals"), "; ".join(agreement.growth_goals) or "-"),
        (_("Review every"), _("{days} days").format(days=agreement.review_every_days)),
        (_("Last review"), agreement.last_review.isoformat() if agreement.last_review else never),
        (_("Acknowledged"), _("yes") if agreement.acknowledged else _("no")),
        (_("Earlier versions"), str(len(agreement.history))),
    ]
    width = max(len(label) for label, _value in details)
    lines += [f"{label.ljust(width)}  {value}" for label, value in details]
    print("\n".join(lines))
    return 0


def _task_id(value: object) -> int | None:
    """The id in ``12`` or ``#12``, read as :meth:`Workspace.task` reads it (None when it is not one)."""
    text = str(value).strip().lstrip("#")
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


_LOGGABLE = {
    EventKind.CHECKIN,
    EventKind.OVERRIDE,
    EventKind.APPROVAL,
    EventKind.REVIEW,
    EventKind.NOTE,
    EventKind.PULSE,
}
# Kinds someone asks for: the manager, or the member (``--by member``).
_STARTED_BY = {EventKind.CHECKIN, EventKind.APPROVAL}
_WITH_CONTEXT = {EventKind.CHECKIN, EventKind.OVERRIDE, EventKind.APPROVAL}


def cmd_log(ctx: Context) -> int:
    """Record something that happened: a check-in, an override, an approval, a review, a note."""
    args = ctx.args
    kind = EventKind.parse(args.kind, "KIND")
    if kind not in _LOGGABLE:
        verbs = {
            EventKind.LEVEL_CHANGE: "delegate task level",
            EventKind.REASSIGN: "delegate task reassign",
            EventKind.DUE_CHANGE: "delegate task due",
            EventKind.STATUS_CHANGE: "delegate task status",
        }
        raise InputError(
            _("{kind} events are written by '{verb}', which also changes the task.").format(
                kind=kind.value, verb=verbs[kind]
            )
        )
    if args.by is not None and kind not in _STARTED_BY:
        raise InputError(_("--by applies to check-ins and approvals only (not to a {kind}).").format(kind=kind.value))
    by = Initiator.parse(args.by, "--by") if args.by is not None else None
    for option, given in (("--context", args.context), ("--reason", args.reason)):
        if given is not None and kind not in _WITH_CONTEXT:
            raise InputError(
                _("{option} applies to check-ins, overrides and approvals only (not to a {kind}).").format(
                    option=option, kind=kind.value
                )
            )
    context, reason = _context(args.context), _reason(args.reason)
    if args.score is not None and kind is not EventKind.PULSE:
        raise InputError(_("--score applies to a pulse only (not to a {kind}).").format(kind=kind.value))
    score = None
    if kind is EventKind.PULSE:
        if args.score is None:
            raise InputError(
                _(
                    'A pulse needs --score N: the member\'s answer from 1 (no room) to 5 (full room) to "{question}"'
                ).format(question=PULSE_QUESTION)
            )
        score = _positive_int(args.score, "--score", low=1, high=5)
        if not args.member:
            raise InputError(_("A pulse is a member's answer: add --member NAME."))
    # Only the named task is read: validating all of a large workspace's tasks cost more than the
    # rest of the verb put together. A review goes through set_agreement, which checks everything.
    store = ctx.open_store(validate=False)
    task_id = _task_id(args.task) if args.task else None
    ws = store.load_brief(() if task_id is None else (task_id,))
    task = ws.task(args.task) if args.task else None
    if args.member:
        member_id: int | None = ws.member_named(args.member).id
    elif task is not None and task.owner_id != MANAGER:
        member_id = task.owner_id
    else:
        raise InputError(_("--member is required (the person this {kind} is about).").format(kind=kind.value))
    area_id = ws.area_named(args.area).id if args.area else (task.area_id if task else None)
    note = _text(args.note, "--note")
    if kind is EventKind.NOTE and not note:
        raise InputError(_("A note needs its text: add --note TEXT."))
    assert member_id is not None
    if kind is EventKind.REVIEW and member_id in ws.agreements:
        ctx.store.set_agreement(member_id, lambda terms: terms, now=ctx.at, reviewed=ctx.at)
        print(_("Recorded a review with {name} on {date}.").format(name=ws.members[member_id].name, date=ctx.at.date()))
        return 0
    event = ctx.store.log_event(
        Event(
            kind=kind,
            at=ctx.at,
            member_id=member_id,
            task_id=task.id if task else None,
            area_id=area_id,
            note=note,
            by=by,
            context=context,
            reason=reason,
            score=score,
        )
    )
    from delegate_tui.localtime import local_zone, zone_name

    zone = local_zone(ws)
    when = "{moment} {zone}".format(
        moment=event.at.astimezone(zone).strftime("%Y-%m-%d %H:%M"), zone=zone_name(zone, event.at)
    )
    print(
        _("Logged {kind} {id} for {name} at {when}.").format(
            kind=kind.value, id=event.id, name=ws.members[member_id].name, when=when
        )
    )
    return 0


# ---------------------------------------------------------------------------- verbs: flags and rules


def cmd_check(ctx: Context) -> int:
    """Run the micromanagement rules and report the flags; exit 1 at or above ``--fail-on``."""
    from delegate_tui import patterns

    args = ctx.args
    ws = ctx.workspace
    member_id = ws.member_named(args.member).id if args.member else None
    fail_on = patterns.Severity.parse(args.fail_on, "--fail-on") if args.fail_on else None
    flags = patterns.evaluate(ws, ctx.events(), ctx.now, include_acknowledged=args.all, member_id=member_id)
    if args.format == "json":
        _print_json(
            {
                "now": ctx.now.isoformat(),
                "flags": [{**flag.model_dump(mode="json"), "task": flag.task_id} for flag in flags],
            }
        )
    else:
        print(format_flags(flags))
    if fail_on is not None and any(flag.severity.rank >= fail_on.rank and not flag.acknowledged for flag in flags):
        return 1
    return 0


def format_flags(flags: Sequence[Any]) -> str:
    """Flags as text grouped by person, most severe first, readable at 80 columns."""
    from delegate_tui.wrap import wrap  # the standard wrap's lines, faster for thousands of flags

    if not flags:
        return _("No flags: nothing looks like micromanagement right now.")
    groups: dict[str, list[Any]] = {}
    for flag in flags:
        groups.setdefault(flag.member or _("Team"), []).append(flag)
    lines: list[str] = []
    for person, found in groups.items():
        lines.append(_("{person} ({count})").format(person=person, count=len(found)))
        for flag in sorted(found, key=lambda f: (-f.severity.rank, f.rule, f.id)):
            marker = {"critical": "!!", "warning": "! ", "info": "i "}[flag.severity.value]
            head = f"  {marker} {flag.severity.value.upper():8} {flag.rule} {flag.name}  [{flag.id}]"
            lines.append(head)
            lines += wrap(flag.message, 76, initial_indent="     ", subsequent_indent="     ")
            for item in flag.evidence[:5]:
                lines += wrap(item.text, 76, initial_indent="     - ", subsequent_indent="       ")
            if len(flag.evidence) > 5:
                lines.append("     " + _("... and {count} more").format(count=len(flag.evidence) - 5))
            lines += wrap(
                _("Suggestion: {text}").format(text=flag.suggestion),
                76,
                initial_indent="     ",
                subsequent_indent="     ",
            )
            if flag.acknowledged is not None:
                lines.append("     " + _("Acknowledged: {reason}").format(reason=flag.acknowledged.reason))
        lines.append("")
    return "\n".join(lines).rstrip()


def cmd_rules(ctx: Context) -> int:
    """``rules [RULE_ID]``, ``rules set RULE_ID KEY=VALUE``, ``rules off|on RULE_ID``."""
    words = list(ctx.args.words)
    action = words[0].lower() if words else ""
    expected = {"set": 3, "off": 2, "on": 2}.get(action, 1 if words else 0)
    if len(words) != expected:
        raise InputError(
            _(
                "rules takes no argument (list), a rule id (explain), 'set RULE_ID KEY=VALUE', 'off RULE_ID' "
                "or 'on RULE_ID' (got {words!r})."
            ).format(words=" ".join(words))
        )
    if action == "set":
        return _rules_set(ctx, words[1], words[2])
    if action in ("off", "on"):
        return _rules_toggle(ctx, words[1], enabled=action == "on")
    return _rules_show(ctx, words[0] if words else None)


def _rules_show(ctx: Context, rule_arg: str | None) -> int:
    from delegate_tui import patterns

    args = ctx.args
    settings = ctx.workspace.settings
    if rule_arg:
        rule_id = _rule_id(rule_arg)
        rule = patterns.RULES[rule_id]
        values = patterns.rule_params(settings, rule_id)
        enabled = patterns.rule_enabled(settings, rule_id)
        if args.format == "json":
            _print_json({**rule.model_dump(mode="json"), "enabled": enabled, "settings": values})
            return 0
        import textwrap

        from delegate_tui.patterns.docs import rule_document

        document = rule_document(rule, settings)
        out = [
            _("{id} {name} ({severity}){off}").format(
                id=rule.id, name=rule.name, severity=rule.severity.value, off="" if enabled else _(" - switched off")
            ),
            "",
            *textwrap.wrap(rule.summary, 78),
        ]
        for heading, text in document.sections:
            out += ["", heading, *textwrap.wrap(text, 78, initial_indent="  ", subsequent_indent="  ")]
        if document.settings:
            out += ["", document.settings_heading]
            for line in document.settings:
                out += textwrap.wrap(line, 78, initial_indent="  ", subsequent_indent="    ")
            out.append(document.settings_hint)
        print("\n".join(out))
        return 0
    rows = []
    for rule in patterns.RULES.values():
        enabled = patterns.rule_enabled(settings, rule.id)
        rows.append([rule.id, rule.name, rule.severity.value, _("on") if enabled else _("off"), rule.summary])
    if args.format == "json":
        _print_json(
            {
                "rules": [
                    {"id": r[0], "name": r[1], "severity": r[2], "enabled": r[3] == _("on"), "summary": r[4]}
                    for r in rows
                ]
            }
        )
        return 0
    import textwrap

    lines = _table([r[:4] for r in rows], [_("Rule"), _("Name"), _("Severity"), _("State")]).splitlines()
    out = [lines[0]]
    for line, row in zip(lines[1:], rows):
        out.append(line)
        out += textwrap.wrap(row[4], 76, initial_indent="       ", subsequent_indent="       ")
    out += ["", _("Explain one with: delegate rules RULE_ID")]
    print("\n".join(out))
    return 0


def _rule_id(text: str) -> str:
    from delegate_tui import patterns

    return patterns.lookup_rule(text).id


def _rules_set(ctx: Context, rule_arg: str, setting: str) -> int:
    from delegate_tui import patterns
    from delegate_tui.model import RuleSettings

    rule_id = _rule_id(rule_arg)
    key, value = _pair(setting, "KEY=VALUE")
    number = patterns.validate_rule_setting(rule_id, key, value)

    def change(settings: Any) -> Any:
        current = settings.rules.get(rule_id) or RuleSettings()
        settings.rules[rule_id] = current.model_copy(update={"params": {**current.params, key: number}})
        return settings

    ctx.store.update_settings(change, now=ctx.at)
    from delegate_tui.patterns.text import format_number

    print(_("{rule} {key} is now {value}.").format(rule=rule_id, key=key, value=format_number(number)))
    return 0


def _rules_toggle(ctx: Context, rule_arg: str, *, enabled: bool) -> int:
    from delegate_tui.model import RuleSettings

    rule_id = _rule_id(rule_arg)

    def change(settings: Any) -> Any:
        current = settings.rules.get(rule_id) or RuleSettings()
        settings.rules[rule_id] = current.model_copy(update={"enabled": enabled})
        return settings

    ctx.store.update_settings(change, now=ctx.at)
    if enabled:
        print(_("{rule} is switched on.").format(rule=rule_id))
    else:
        print(_("{rule} is switched off.").format(rule=rule_id))
    return 0


def cmd_flag_ack(ctx: Context) -> int:
    """Acknowledge a flag with a reason; it returns after --until or when its evidence grows."""
    from delegate_tui import patterns
    from delegate_tui.model import FlagAck

    args = ctx.args
    reason = _text(args.reason, "--reason", TEXT_LIMITS["acknowledgement reason"])
    if not reason:
        raise InputError(_("--reason must say why this flag is acknowledged."))
    until = parse_date(args.until, "--until") if args.until else None
    flags = patterns.evaluate(ctx.workspace, ctx.events(), ctx.at, include_acknowledged=True)
    matches = [flag for flag in flags if flag.id.casefold() == args.flag_id.strip().casefold()]
    if not matches:
        raise InputError(
            _("There is no current flag {flag!r}; run 'delegate check' to see the flag ids.").format(flag=args.flag_id)
        )
    flag = matches[0]
    ack = FlagAck(flag_id=flag.id, reason=reason, at=ctx.at, until=until, evidence=[e.ref for e in flag.evidence])
    ctx.store.acknowledge_flag(ack, now=ctx.at)
    if until is not None:
        print(_("Acknowledged {flag} until {date}.").format(flag=flag.id, date=until.isoformat()))
    else:
        print(_("Acknowledged {flag}; it returns when its evidence grows.").format(flag=flag.id))
    return 0


# ---------------------------------------------------------------------------- verbs: export, import, schema


def cmd_export(ctx: Context) -> int:
    """Write the JSON or Markdown summary, or a full backup with --full."""
    from delegate_tui import summary

    args = ctx.args
    ws = ctx.workspace
    events = ctx.events()
    generated = clock()
    if args.full:
        if args.member or args.format != "json":
            raise InputError(_("--full makes a complete JSON backup; it cannot be combined with --member or --format."))
        backup = summary.build_backup(ws, events, generated_at=generated)
        problem = summary.backup_problem(backup)
        if problem is not None:
            # A backup that 'import' would refuse is no backup: say what to repair instead.
            raise InputError(
                _("The workspace cannot be backed up as it is ({problem}); no backup was written.").format(
                    problem=problem
                )
            )
        payload = summary.backup_json(backup)
    else:
        member_id = ws.member_named(args.member).id if args.member else None
        document = summary.build_summary(
            ws, events, ctx.now, generated_at=generated, member_id=member_id, include_private=args.include_private
        )
        payload = summary.summary_markdown(document) if args.format == "markdown" else summary.summary_json(document)
    if args.out in (None, "-"):
        # The exact text: JSON keeps it, and the Markdown has already escaped every control character.
        write_stdout(payload.encode("utf-8"), _exact(sys.stdout))
        return 0
    if not args.out.strip():
        raise InputError(_("--out must name a file, or - for standard output."))
    written = write_export(Path(args.out).expanduser(), payload.encode("utf-8"), db=ctx.store.path)
    print(_("Wrote {path}.").format(path=written), file=sys.stderr)
    return 0


def cmd_import(ctx: Context) -> int:
    """Restore a full backup made by ``delegate export --full``."""
    from delegate_tui import summary

    args = ctx.args
    source = Path(args.file).expanduser()
    try:
        raw = sys.stdin.buffer.read() if args.file == "-" else source.read_bytes()
    except OSError as error:
        raise InputError(
            _("Cannot read {path}: {problem}.").format(path=source, problem=error.strerror or str(error))
        ) from None
    backup = summary.parse_backup(raw, source=_("standard input") if args.file == "-" else str(source))
    if not ctx.workspace.is_empty and not args.replace:
        raise InputError(
            _("The workspace {path} is not empty; add --replace to replace everything in it with {file}.").format(
                path=ctx.store.path, file=source
            )
        )
    ctx.store.replace_everything(backup.workspace, backup.events, ctx.now)
    print(
        _("Imported {members} members, {tasks} tasks and {events} events into {path}.").format(
            members=len(backup.workspace.members),
            tasks=len(backup.workspace.tasks),
            events=len(backup.events),
            path=ctx.store.path,
        )
    )
    return 0


def cmd_schema(ctx: Context) -> int:
    """Print the JSON Schema of the summary document."""
    from delegate_tui import summary

    _print_json(summary.summary_schema())
    return 0


# ---------------------------------------------------------------------------- the parser


def _add_common(parser: argparse.ArgumentParser, *, changes: bool = False, fmt: Sequence[str] = ()) -> None:
    parser.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=_("the workspace file"))
    if changes:
        parser.add_argument("--at", metavar="WHEN", help=_("when it happened (default: now), e.g. '3 days ago'"))
    if fmt:
        parser.add_argument("--format", choices=list(fmt), default=fmt[0], help=_("output format"))


def _add_context_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--context",
        metavar="WHY",
        help=_("why: {choices}").format(choices=", ".join(item.value for item in EventContext)),
    )
    parser.add_argument("--reason", metavar="TEXT", help=_("private: left out of shared summaries"))


Handler = Callable[[Context], int]


def build_parser() -> argparse.ArgumentParser:
    """The whole command line of ``delegate``."""
    parser = _Parser(
        prog="delegate",
        description=_(
            "Plan delegation with your team and spot micromanagement. Without a verb, opens the terminal UI."
        ),
    )
    parser.add_argument(
        "--db", metavar="PATH", help=_("the workspace file (default: $DELEGATE_DB or the user data folder)")
    )
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", parser_class=_Parser)

    demo = verbs.add_parser("demo", help=_("load the sample team, or a large generated set"))
    _add_common(demo, changes=True)
    demo.add_argument("--members", metavar="N")
    demo.add_argument("--tasks", metavar="N")
    demo.add_argument("--events", metavar="N")
    demo.add_argument("--seed", metavar="N", default="1")
    demo.add_argument("--force", action="store_true", help=_("replace a workspace that is not empty"))
    demo.set_defaults(handler=cmd_demo)

    manager = verbs.add_parser("manager", help=_("show or set the manager's name"))
    manager.add_argument("name", metavar="NAME", nargs="?")
    manager.add_argument(
        "--timezone",
        metavar="ZONE",
        help=_("the time zone your days are judged in, e.g. Europe/Amsterdam, or 'system' (the default)"),
    )
    _add_common(manager, changes=True)
    manager.set_defaults(handler=cmd_manager)

    member = verbs.add_parser("member", help=_("add or list team members")).add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=_Parser
    )
    add = member.add_parser("add", help=_("add a member"))
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", metavar="TEXT")
    add.add_argument("--since", metavar="DATE", help=_("start date, YYYY-MM-DD"))
    _add_common(add, changes=True)
    add.set_defaults(handler=cmd_member_add)
    away = member.add_parser("away", help=_("record, list or remove the days a member is away"))
    away.add_argument("name", metavar="NAME")
    away.add_argument("--from", dest="start", metavar="DATE", help=_("the first day away, YYYY-MM-DD"))
    away.add_argument("--to", dest="end", metavar="DATE", help=_("the last day away, YYYY-MM-DD"))
    away.add_argument("--reason", metavar="TEXT", help=_("private: left out of shared summaries"))
    away.add_argument("--remove", metavar="DATE", help=_("remove the time away starting on DATE"))
    _add_common(away, changes=True)
    away.set_defaults(handler=cmd_member_away)
    listing = member.add_parser("list", help=_("list the members"))
    _add_common(listing, fmt=("text", "json"))
    listing.set_defaults(handler=cmd_member_list)

    area = verbs.add_parser("area", help=_("add or list decision areas")).add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=_Parser
    )
    add = area.add_parser("add", help=_("add a decision area"))
    add.add_argument("name", metavar="NAME")
    add.add_argument("--description", metavar="TEXT")
    _add_common(add, changes=True)
    add.set_defaults(handler=cmd_area_add)
    listing = area.add_parser("list", help=_("list the decision areas"))
    _add_common(listing, fmt=("text", "json"))
    listing.set_defaults(handler=cmd_area_list)

    task = verbs.add_parser("task", help=_("add, list and change tasks")).add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=_Parser
    )
    add = task.add_parser("add", help=_("add a task; prints its id"))
    add.add_argument("title", metavar="TITLE")
    add.add_argument("--member", metavar="NAME", required=True, help=_("the owner: a member, or 'manager'"))
    add.add_argument("--level", metavar="LEVEL", required=True, help=_("1-7 or Tell, Sell, ..., Delegate"))
    add.add_argument("--area", metavar="NAME")
    add.add_argument("--due", metavar="DATE")
    add.add_argument("--status", metavar="STATUS", help=_("open, in progress, blocked or done"))
    _add_common(add, changes=True)
    add.set_defaults(handler=cmd_task_add)
    listing = task.add_parser("list", help=_("list open tasks"))
    listing.add_argument("--member", metavar="NAME")
    listing.add_argument("--all", action="store_true", help=_("include done tasks"))
    _add_common(listing, fmt=("text", "json"))
    listing.set_defaults(handler=cmd_task_list)
    for name, handler, value, value_help in (
        ("level", cmd_task_level, "level", _("the new level: 1-7 or its name")),
        ("due", cmd_task_due, "date", _("the new due date, YYYY-MM-DD, or 'none'")),
        ("status", cmd_task_status, "status", _("open, in progress, blocked or done")),
    ):
        verb = task.add_parser(name, help=_("change a task's {what}").format(what=name))
        verb.add_argument("task_id", metavar="TASK_ID")
        verb.add_argument(value, metavar=value.upper(), help=value_help)
        _add_context_options(verb)
        _add_common(verb, changes=True)
        verb.set_defaults(handler=handler)
    reassign = task.add_parser("reassign", help=_("give a task to another member or the manager"))
    reassign.add_argument("task_id", metavar="TASK_ID")
    reassign.add_argument("--member", metavar="NAME", required=True, help=_("a member, or 'manager'"))
    _add_context_options(reassign)
    _add_common(reassign, changes=True)
    reassign.set_defaults(handler=cmd_task_reassign)

    agreement = verbs.add_parser("agreement", help=_("set or show a trust agreement")).add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=_Parser
    )
    setter = agreement.add_parser("set", help=_("create or revise a member's agreement (a new version)"))
    setter.add_argument("name", metavar="NAME")
    setter.add_argument("--area", metavar="AREA=LEVEL", action="append")
    setter.add_argument("--desired", metavar="AREA=LEVEL[@DATE]", action="append")
    setter.add_argument("--readiness", metavar="AREA=D1..D4", action="append", help=_("your assessment"))
    setter.add_argument("--self-readiness", metavar="AREA=D1..D4", action="append", help=_("the member's own view"))
    setter.add_argument(
        "--check-in", metavar="CADENCE", help=_("daily, twice-weekly, weekly, biweekly, monthly, on-request or N days")
    )
    setter.add_argument("--review-every", metavar="DAYS")
    setter.add_argument("--reviewed", metavar="WHEN", help=_("record a review of the agreement"))
    setter.add_argument("--growth", metavar="TEXT", action="append", help=_("add a growth goal"))
    setter.add_argument("--guardrail", metavar="TEXT", action="append", help=_("add a guardrail"))
    setter.add_argument("--channel", metavar="TEXT")
    setter.add_argument("--support", metavar="TEXT")
    setter.add_argument("--acknowledged", action="store_true", help=_("the member has acknowledged this new version"))
    _add_context_options(setter)
    _add_common(setter, changes=True)
    setter.set_defaults(handler=cmd_agreement_set)
    show = agreement.add_parser("show", help=_("show a member's agreement"))
    show.add_argument("name", metavar="NAME")
    _add_common(show, fmt=("text", "json"))
    show.set_defaults(handler=cmd_agreement_show)

    log = verbs.add_parser("log", help=_("record a check-in, override, approval, review or note"))
    log.add_argument("kind", metavar="KIND", help=_("checkin, override, approval, review, note or pulse"))
    log.add_argument("--member", metavar="NAME")
    log.add_argument("--task", metavar="TASK_ID")
    log.add_argument("--area", metavar="NAME")
    log.add_argument("--note", metavar="TEXT", help=_("private: left out of shared summaries"))
    log.add_argument("--by", metavar="WHO", help=_("who asked for a check-in or approval: manager (default) or member"))
    log.add_argument("--score", metavar="N", help=_("a pulse's answer, 1 (no room to decide) to 5 (full room)"))
    _add_context_options(log)
    _add_common(log, changes=True)
    log.set_defaults(handler=cmd_log)

    check = verbs.add_parser("check", help=_("flag patterns that look like micromanagement"))
    check.add_argument("--now", metavar="WHEN", help=_("the moment to check at (default: now)"))
    check.add_argument(
        "--fail-on", metavar="SEVERITY", help=_("exit 1 when a flag is at least info, warning or critical")
    )
    check.add_argument("--member", metavar="NAME")
    check.add_argument("--all", action="store_true", help=_("include acknowledged flags"))
    _add_common(check, fmt=("text", "json"))
    check.set_defaults(handler=cmd_check)

    rules = verbs.add_parser(
        "rules",
        help=_("list, explain and tune the rules"),
        usage="delegate rules [RULE_ID] | rules set RULE_ID KEY=VALUE | rules off RULE_ID | rules on RULE_ID",
    )
    rules.add_argument("words", metavar="ARGS", nargs="*", help=_("a rule id, or set/off/on and a rule id"))
    _add_common(rules, changes=True, fmt=("text", "json"))
    rules.set_defaults(handler=cmd_rules)

    flag = verbs.add_parser("flag", help=_("acknowledge a flag")).add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=_Parser
    )
    ack = flag.add_parser("ack", help=_("acknowledge a flag with a reason"))
    ack.add_argument("flag_id", metavar="FLAG_ID")
    ack.add_argument("--reason", metavar="TEXT", required=True)
    ack.add_argument("--until", metavar="DATE", help=_("the flag returns after this date"))
    _add_common(ack, changes=True)
    ack.set_defaults(handler=cmd_flag_ack)

    export = verbs.add_parser("export", help=_("write the JSON summary (or a full backup)"))
    export.add_argument("--out", metavar="FILE", help=_("a file, or - for standard output (default)"))
    export.add_argument("--now", metavar="WHEN")
    export.add_argument("--member", metavar="NAME", help=_("only this member's page"))
    export.add_argument("--include-private", action="store_true", help=_("include private notes"))
    export.add_argument("--full", action="store_true", help=_("a lossless backup of the whole workspace"))
    _add_common(export, fmt=("json", "markdown"))
    export.set_defaults(handler=cmd_export)

    restore = verbs.add_parser("import", help=_("restore a full backup made by 'delegate export --full'"))
    restore.add_argument("file", metavar="FILE")
    restore.add_argument("--replace", action="store_true", help=_("replace a workspace that is not empty"))
    _add_common(restore)
    restore.set_defaults(handler=cmd_import)

    schema = verbs.add_parser("schema", help=_("print the JSON Schema of the summary"))
    _add_common(schema)
    schema.set_defaults(handler=cmd_schema)

    from delegate_tui.cli_review import add_review_verbs

    add_review_verbs(verbs, _add_common)
    return parser


def _confirm_new_workspace(path: Path) -> bool:
    """Ask on the terminal before the UI creates a workspace at a path the user typed."""
    if not sys.stdin.isatty():
        raise InputError(
            _(
                "no workspace at {path}; check the path, or create one with `delegate demo` or `delegate member add`."
            ).format(path=path)
        )
    try:
        answer = input(_("There is no workspace at {path}. Create a new, empty one there? [y/N] ").format(path=path))
    except EOFError:
        return False
    return answer.strip().casefold() in (_("y"), _("yes"), "y", "yes")


def run_ui(db: str | None) -> int:
    """Open the terminal UI (the only path that imports Textual); its exit code is non-zero after a crash."""
    path = resolve_db(db)
    explicit = db is not None or bool(os.environ.get(ENV_DB))
    check_db(path, reading=False)
    if explicit and not path.exists() and not _confirm_new_workspace(path):
        print(_("Nothing was created."), file=sys.stderr)
        return 2
    return _open_app(Store(path))


def _open_app(store: Store) -> int:
    """Run the terminal UI on ``store``; Textual sets a non-zero return code when the app crashed."""
    from delegate_tui.app import DelegateApp

    app = DelegateApp(store)
    app.run()
    return app.return_code or 0


def _undecodable_argument(argv: Sequence[str]) -> str | None:
    """The first argument that is not valid UTF-8 (Python keeps such bytes as lone surrogates), shown safely."""
    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return repr(os.fsencode(arg))[1:]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``delegate`` with ``argv`` and return its exit code."""
    # User text (names, notes, paths, echoed arguments) reaches these streams in many places;
    # filtering the streams themselves makes sure none of it can send the terminal an escape.
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = cast(TextIO, VisibleWriter(streams[0])), cast(TextIO, VisibleWriter(streams[1]))
    try:
        return _run(argv)
    finally:
        sys.stdout, sys.stderr = streams


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:
        bad = _undecodable_argument(sys.argv[1:] if argv is None else argv)
        if bad is not None:
            raise InputError(
                _("the argument {value} is not valid UTF-8 text; check the terminal's character encoding.").format(
                    value=bad
                )
            )
        args = parser.parse_args(argv)
        if not getattr(args, "verb", None):
            return run_ui(args.db)
        handler: Handler = args.handler
        ctx = Context(args)
        try:
            return handler(ctx)
        except (InputError, WorkspaceError, OutputError, ValidationError):
            ctx.discard_new_workspace()
            raise
        finally:
            ctx.close()
    except UsageError as error:
        print(str(error), file=sys.stderr)
        return 2
    except (InputError, WorkspaceError, OutputError) as error:
        print(_("delegate: {problem}").format(problem=str(error)), file=sys.stderr)
        return 2
    except ValidationError as error:
        print(_("delegate: {problem}").format(problem=explain(error)), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
