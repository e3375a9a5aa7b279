"""``delegate demo``: the sample team, or a large generated set."""

from __future__ import annotations

import argparse

from delegate_tui.cli import Context
from delegate_tui.cli.common import _add_common, _positive_int
from delegate_tui.i18n import _
from delegate_tui.model import InputError


def add_demo(demo: argparse.ArgumentParser) -> None:
    """The arguments of ``delegate demo``."""
    _add_common(demo, changes=True)
    demo.add_argument("--members", metavar="N")
    demo.add_argument("--tasks", metavar="N")
    demo.add_argument("--events", metavar="N")
    demo.add_argument("--seed", metavar="N", default="1")
    demo.add_argument("--force", action="store_true", help=_("replace a workspace that is not empty"))
    demo.set_defaults(handler=cmd_demo)


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
