"""``delegate area add | list | remove | restore``: the decision areas."""

from __future__ import annotations

import argparse

from delegate_tui.cli import Context, _Parser
from delegate_tui.cli.common import _add_common, _print_json, _table, _text
from delegate_tui.cli.member import _add_archive_options
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
    _add_archive_options(listing, _("list only the retired areas"), _("list the retired areas too"))
    _add_common(listing, fmt=("text", "json"))
    listing.set_defaults(handler=cmd_area_list)
    remove = area.add_parser("remove", help=_("retire a decision area: off the board and out of the rules"))
    remove.add_argument("name", metavar="NAME")
    _add_common(remove, changes=True)
    remove.set_defaults(handler=cmd_area_remove)
    restore = area.add_parser("restore", help=_("bring a retired decision area back"))
    restore.add_argument("name", metavar="NAME")
    _add_common(restore, changes=True)
    restore.set_defaults(handler=cmd_area_restore)


def cmd_area_remove(ctx: Context) -> int:
    """Retire a decision area."""
    area = ctx.workspace.area_named(ctx.args.name)
    ctx.store.archive_area(area.id, now=ctx.at)
    print(
        _("Retired the decision area {name}: off the board and out of the rules; its history is kept.").format(
            name=area.name
        )
    )
    return 0


def cmd_area_restore(ctx: Context) -> int:
    """Bring a retired decision area back."""
    area = ctx.everything.archived_area_named(ctx.args.name)
    ctx.store.restore_area(area.id, now=ctx.at)
    print(_("Restored the decision area {name}.").format(name=area.name))
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
    args = ctx.args
    ws = ctx.everything
    shows_archived = bool(args.archived or args.all)
    shown = [
        a
        for a in ws.areas.values()
        if (a.archived_at is not None if args.archived else args.all or a.archived_at is None)
    ]
    areas = sorted(shown, key=lambda a: a.name.casefold())
    if args.format == "json":
        _print_json(
            {
                "areas": [
                    {"id": a.id, "name": a.name, "description": a.description}
                    | ({"archived_at": a.archived_at.isoformat() if a.archived_at else None} if shows_archived else {})
                    for a in areas
                ]
            }
        )
    elif not areas:
        if args.archived:
            print(_("No retired decision areas."))
        else:
            print(_("No decision areas yet. Add one with: delegate area add NAME"))
    elif args.archived or args.all:
        rows = [[a.name, a.description, a.archived_at.date().isoformat() if a.archived_at else ""] for a in areas]
        print(_table(rows, [_("Area"), _("Description"), _("Retired")]))
    else:
        print(_table([[a.name, a.description] for a in areas], [_("Area"), _("Description")]))
    return 0
