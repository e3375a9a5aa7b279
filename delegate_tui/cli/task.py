"""``delegate task add | list | level | due | status | reassign | remove | restore``."""

from __future__ import annotations

import argparse
import sys

from delegate_tui.cli import Context, _Parser
from delegate_tui.cli.common import (
    _add_common,
    _add_context_options,
    _context,
    _due,
    _due_echo,
    _print_json,
    _reason,
    _table,
)
from delegate_tui.i18n import _
from delegate_tui.model import MANAGER, DelegationLevel, NothingChanged, TaskStatus, day_label


def add_task(parser: argparse.ArgumentParser) -> None:
    """The actions of ``delegate task`` and their arguments."""
    task = parser.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    add = task.add_parser("add", help=_("add a task; prints its id"))
    add.add_argument("title", metavar="TITLE")
    add.add_argument("--member", metavar="NAME", required=True, help=_("the owner: a member, or 'manager'"))
    add.add_argument("--level", metavar="LEVEL", required=True, help=_("1-7 or Tell, Sell, ..., Delegate"))
    add.add_argument("--area", metavar="NAME")
    add.add_argument("--due", metavar="DATE", help=_("YYYY-MM-DD, or e.g. friday, next week, in 2 weeks, end of month"))
    add.add_argument("--status", metavar="STATUS", help=_("open, in progress, blocked or done"))
    _add_common(add, changes=True)
    add.set_defaults(handler=cmd_task_add)
    listing = task.add_parser("list", help=_("list open tasks"))
    listing.add_argument("--member", metavar="NAME")
    listing.add_argument("--all", action="store_true", help=_("include done tasks"))
    listing.add_argument(
        "--archived", action="store_true", help=_("list the archived tasks (and those of archived members and areas)")
    )
    _add_common(listing, fmt=("text", "json"))
    listing.set_defaults(handler=cmd_task_list)
    for name, handler, value, value_help in (
        ("level", cmd_task_level, "level", _("the new level: 1-7 or its name")),
        (
            "due",
            cmd_task_due,
            "date",
            _("the new due date: YYYY-MM-DD, friday, next week, in 2 weeks, end of month; or 'none'"),
        ),
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
    remove = task.add_parser("remove", help=_("archive a task (history kept), or --delete one without history"))
    remove.add_argument("task_id", metavar="TASK_ID")
    remove.add_argument(
        "--delete", action="store_true", help=_("delete a task entered by mistake; refused once it has history")
    )
    _add_common(remove, changes=True)
    remove.set_defaults(handler=cmd_task_remove)
    restore = task.add_parser("restore", help=_("bring an archived task back"))
    restore.add_argument("task_id", metavar="TASK_ID")
    _add_common(restore, changes=True)
    restore.set_defaults(handler=cmd_task_restore)


def cmd_task_remove(ctx: Context) -> int:
    """Archive a task, or delete one that has no history."""
    task = ctx.workspace.task(ctx.args.task_id)
    if ctx.args.delete:
        ctx.store.delete_task(task.id, now=ctx.at)
        print(_("Deleted task {task_id} {title}.").format(task_id=task.id, title=task.title))
        return 0
    ctx.store.archive_task(task.id, now=ctx.at)
    print(
        _("Archived task {task_id} {title}; bring it back with: delegate task restore {task_id}").format(
            task_id=task.id, title=task.title
        )
    )
    return 0


def cmd_task_restore(ctx: Context) -> int:
    """Bring an archived task back."""
    task = ctx.everything.task(ctx.args.task_id)
    ctx.store.restore_task(task.id, now=ctx.at)
    print(_("Restored task {task_id} {title}.").format(task_id=task.id, title=task.title))
    return 0


def cmd_task_add(ctx: Context) -> int:
    """Add a task and print its id alone."""
    args = ctx.args
    ws = ctx.workspace
    owner = ws.owner_named(args.member)
    level = DelegationLevel.parse(args.level, "--level")
    area_id = ws.area_named(args.area).id if args.area else None
    due = _due(ctx, args.due, "--due") if args.due else None
    status = TaskStatus.parse(args.status, "--status") if args.status else TaskStatus.OPEN
    task = ctx.store.add_task(
        args.title, owner_id=owner, level=level, area_id=area_id, due=due, status=status, now=ctx.at
    )
    if due is not None:
        echo = _due_echo(args.due, due)
        if echo is not None:  # on stderr: stdout is the id alone, for scripts
            print(_("Due {interpretation}.").format(interpretation=echo), file=sys.stderr)
    print(task.id)
    return 0


def cmd_task_list(ctx: Context) -> int:
    """List tasks, optionally for one member."""
    args = ctx.args
    ws = ctx.workspace
    tasks = sorted(ws.tasks.values(), key=lambda t: t.id)
    if args.archived:
        active = ws
        ws = ctx.everything
        tasks = sorted((t for t in ws.tasks.values() if t.id not in active.tasks), key=lambda t: t.id)
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
    cut = sys.stdout.isatty()  # piped output keeps whole titles, for grep and scripts
    rows = [
        [
            str(t.id),
            t.title if len(t.title) <= 32 or not cut else t.title[:31] + "…",
            ws.owner_name(t.owner_id),
            ws.area_name(t.area_id),
            t.level.display,
            t.status.label,
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
    # Whether it changes anything is known only under the lock: another process may have just set it.
    try:
        event = ctx.store.set_task_level(task.id, level, reason=_reason(args.reason), now=ctx.at, context=context)
    except NothingChanged:
        if args.at is not None:
            raise  # a backdated change to the level it had then is refused, as before
        print(
            _("Task {task_id} is already at level {level}; nothing changed.").format(
                task_id=task.id, level=level.display
            )
        )
        return 0
    old = event.from_level or task.level
    print(
        _("Task {task_id} moved from level {old} to {new}.").format(task_id=task.id, old=old.display, new=level.display)
    )
    return 0


def cmd_task_due(ctx: Context) -> int:
    """Change or clear a task's due date."""
    args = ctx.args
    task = ctx.workspace.task(args.task_id)
    due = None if args.date.strip().lower() in ("none", "clear", "-") else _due(ctx, args.date, "DATE")
    try:
        ctx.store.set_task_due(task.id, due, reason=_reason(args.reason), now=ctx.at, context=_context(args.context))
    except NothingChanged:
        if due is None:
            print(_("Task {task_id} has no due date; nothing changed.").format(task_id=task.id))
        else:
            print(
                _("Task {task_id} is already due on {due}; nothing changed.").format(
                    task_id=task.id, due=due.isoformat()
                )
            )
        return 0
    if due is None:
        print(_("Task {task_id} no longer has a due date.").format(task_id=task.id))
    else:
        print(
            _("Task {task_id} is now due on {date} ({due}).").format(
                task_id=task.id, date=day_label(due), due=due.isoformat()
            )
        )
    return 0


def cmd_task_reassign(ctx: Context) -> int:
    """Give a task to another member or to the manager."""
    args = ctx.args
    ws = ctx.workspace
    task = ws.task(args.task_id)
    owner = ws.owner_named(args.member)
    try:
        ctx.store.reassign_task(task.id, owner, reason=_reason(args.reason), now=ctx.at, context=_context(args.context))
    except NothingChanged:
        print(
            _("Task {task_id} already belongs to {owner}; nothing changed.").format(
                task_id=task.id, owner=ws.owner_name(owner)
            )
        )
        return 0
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
    print(_("Task {task_id} is now {status}.").format(task_id=task.id, status=status.label))
    return 0
