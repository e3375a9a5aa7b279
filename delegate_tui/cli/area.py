"""``delegate area add | list``: the decision areas."""

from __future__ import annotations

import argparse

from delegate_tui.cli import Context, _Parser
from delegate_tui.cli.common import _add_common, _print_json, _table, _text
from delegate_tui.i18n import _
from delegate_tui.model import TEXT_LIMITS


def add_area(parser: argparse.ArgumentParser) -> None:
    """The actions of ``delegate area`` and their arguments."""
    area = parser.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    add = area.add_parser("add", help=_("add a decision area"))
    add.add_argument("name", metavar="NAME")
    add.add_argument("--description", metavar="TEXT")
    _add_common(add, changes=True)
    add.set_defaults(handler=cmd_area_add)
    listing = area.add_parser("list", help=_("list the decision areas"))
    _add_common(listing, fmt=("text", "json"))
    listing.set_defaults(handler=cmd_area_list)


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
