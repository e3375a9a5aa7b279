"""``delegate member add | away | list``: the team."""

from __future__ import annotations

import argparse

from delegate_tui.cli import Context, _Parser
from delegate_tui.cli.common import _add_common, _print_json, _reason, _table, _text
from delegate_tui.i18n import _
from delegate_tui.model import TEXT_LIMITS, AwayPeriod, InputError, cadence_label, parse_date


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
    _add_common(listing, fmt=("text", "json"))
    listing.set_defaults(handler=cmd_member_list)


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
