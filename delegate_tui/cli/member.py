"""``delegate member add | away | list | remove | restore | erase``: the team."""

from __future__ import annotations

import argparse
import shlex

from delegate_tui.cli import Context, _Parser
from delegate_tui.cli.common import _add_common, _print_json, _reason, _table, _text
from delegate_tui.i18n import _
from delegate_tui.model import (
    TEXT_LIMITS,
    AwayPeriod,
    InputError,
    Workspace,
    cadence_label,
    names_the_manager,
    parse_date,
)


def add_member(parser: argparse.ArgumentParser) -> None:
    """The actions of ``delegate member`` and their arguments."""
    member = parser.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
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
    _add_archive_options(listing, _("list only the archived members"), _("list the archived members too"))
    _add_common(listing, fmt=("text", "json"))
    listing.set_defaults(handler=cmd_member_list)
    remove = member.add_parser(
        "remove", help=_("archive a member who left: off the board and out of the rules, history kept")
    )
    remove.add_argument("name", metavar="NAME")
    remove.add_argument(
        "--reassign-to", metavar="NAME", help=_("give their open tasks to this member, or 'manager', first")
    )
    _add_common(remove, changes=True)
    remove.set_defaults(handler=cmd_member_remove)
    restore = member.add_parser("restore", help=_("bring an archived member back"))
    restore.add_argument("name", metavar="NAME")
    _add_common(restore, changes=True)
    restore.set_defaults(handler=cmd_member_restore)
    erase = member.add_parser(
        "erase", help=_("erase a member and everything about them from every file of the workspace")
    )
    erase.add_argument("name", metavar="NAME")
    erase.add_argument("--confirm", metavar="NAME", help=_("the member's full name again, exactly"))
    _add_common(erase, changes=True)
    erase.set_defaults(handler=cmd_member_erase)


def _add_archive_options(parser: argparse.ArgumentParser, archived: str, every: str) -> None:
    """``--archived`` and ``--all`` of a list verb (mutually exclusive)."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--archived", action="store_true", help=archived)
    group.add_argument("--all", action="store_true", help=every)


def cmd_member_add(ctx: Context) -> int:
    """Add a team member."""
    args = ctx.args
    since = parse_date(args.since, "--since") if args.since else None
    if names_the_manager(args.name, ctx.workspace.manager):
        raise InputError(
            _("name {name!r} is taken by you, the manager: give the member another name.").format(name=args.name)
        )
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


def _member_named(ws: Workspace, name: str) -> int:
    """The id of a member on the team, or of an archived one (a unique prefix works for either)."""
    try:
        return ws.active().member_named(name).id
    except InputError:
        try:
            return ws.archived_member_named(name).id
        except InputError:
            raise InputError(_("There is no member named {name!r}.").format(name=name)) from None


def cmd_member_remove(ctx: Context) -> int:
    """Archive a member who left the team."""
    ws = ctx.workspace
    member = ws.member_named(ctx.args.name)
    target = ws.owner_named(ctx.args.reassign_to) if ctx.args.reassign_to is not None else None
    ctx.store.archive_member(member.id, now=ctx.at, reassign_to=target)
    print(
        _(
            "Archived {name}: off the board, the lists and the rules; their history is kept. "
            "Bring them back with: delegate member restore {quoted}"
        ).format(name=member.name, quoted=_quoted(member.name))
    )
    return 0


def cmd_member_restore(ctx: Context) -> int:
    """Bring an archived member back onto the team."""
    member = ctx.everything.archived_member_named(ctx.args.name)
    ctx.store.restore_member(member.id, now=ctx.at)
    print(_("Restored {name}: back on the board, the lists and the rules.").format(name=member.name))
    return 0


def cmd_member_erase(ctx: Context) -> int:
    """Erase a member from every file of the workspace, after the exact name is confirmed."""
    args = ctx.args
    ws = ctx.everything
    member = ws.members[_member_named(ws, args.name)]
    if args.confirm != member.name:
        raise InputError(
            _("Erasing cannot be undone: repeat the member's full name exactly, as --confirm {quoted}.").format(
                quoted=_quoted(member.name)
            )
        )
    erasure = ctx.store.erase_member(member.id, now=ctx.at)
    print(_("Erased {name} from the workspace, its backup file and every month file.").format(name=member.name))
    print(
        _("Removed with them: tasks {tasks}, events {events}, flag acknowledgements {acks}.").format(
            tasks=erasure.tasks, events=erasure.events_removed, acks=erasure.acks
        )
    )
    return 0


def _quoted(name: str) -> str:
    """A name as a shell reads it back: quoted when it has a space or a quote."""
    return shlex.quote(name)


def cmd_member_list(ctx: Context) -> int:
    """List the members with their role, start date, open tasks and cadence."""
    args = ctx.args
    whole = ctx.everything
    shows_archived = bool(args.archived or args.all)
    ws = whole if shows_archived else whole.active()
    open_tasks: dict[int, int] = {}
    for task in ws.tasks.values():
        if task.status.is_open and task.archived_at is None:
            open_tasks[task.owner_id] = open_tasks.get(task.owner_id, 0) + 1
    members = sorted(
        (m for m in ws.members.values() if not args.archived or m.archived_at is not None),
        key=lambda m: m.name.casefold(),
    )
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
                    | ({"archived_at": m.archived_at.isoformat() if m.archived_at else None} if shows_archived else {})
                    for m in members
                ],
            }
        )
        return 0
    if not members:
        if args.archived:
            print(_("No archived members."))
        else:
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
    headers = [_("Name"), _("Role"), _("Since"), _("Open"), _("Check-ins")]
    if args.archived or args.all:
        for row, m in zip(rows, members, strict=True):
            row.append(m.archived_at.date().isoformat() if m.archived_at else "")
        headers.append(_("Archived"))
    print(_table(rows, headers))
    return 0
