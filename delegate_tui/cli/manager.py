"""``delegate manager``: the manager's name and the time zone their days are judged in."""

from __future__ import annotations

import argparse

from delegate_tui.cli import Context
from delegate_tui.cli.common import _add_common
from delegate_tui.i18n import _
from delegate_tui.model import Member


def add_manager(manager: argparse.ArgumentParser) -> None:
    """The arguments of ``delegate manager``."""
    manager.add_argument("name", metavar="NAME", nargs="?")
    manager.add_argument(
        "--timezone",
        metavar="ZONE",
        help=_("the time zone your days are judged in, e.g. Europe/Amsterdam, or 'system' (the default)"),
    )
    _add_common(manager, changes=True)
    manager.set_defaults(handler=cmd_manager)


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
