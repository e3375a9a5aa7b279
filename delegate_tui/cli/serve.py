"""``delegate serve``: the UI in the browser for remote review meetings (:mod:`delegate_tui.serve`)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from delegate_tui.cli.common import _add_common
from delegate_tui.i18n import _
from delegate_tui.model import InputError

if TYPE_CHECKING:
    from delegate_tui.cli import Context


def add_serve(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``delegate serve``."""
    parser.add_argument("--host", default="127.0.0.1", help=_("the address to listen on (default: 127.0.0.1)"))
    parser.add_argument("--port", default="8000", help=_("the port to listen on (default: 8000)"))
    # For tests: the token check of a non-loopback address, on a loopback one.
    parser.add_argument("--require-token", action="store_true", help=argparse.SUPPRESS)
    _add_common(parser)
    parser.set_defaults(handler=cmd_serve)


def _port(text: str) -> int:
    cleaned = text.strip()
    if not (cleaned.isascii() and cleaned.isdigit()) or not 1 <= int(cleaned) <= 65535:
        raise InputError(_("--port must be a number from 1 to 65535 (got {value!r}).").format(value=text))
    return int(cleaned)


def cmd_serve(ctx: Context) -> int:
    """Serve the workspace's UI to browsers until Ctrl+C."""
    from delegate_tui.cli import check_db, resolve_db
    from delegate_tui.serve import base_url, is_loopback, make_server

    port = _port(ctx.args.port)
    host = ctx.args.host.strip()
    if not host:
        raise InputError(_("--host must name an address (got an empty one)."))
    path = resolve_db(ctx.args.db).absolute()
    check_db(path, reading=True)
    ctx.store.load()  # a workspace this version cannot open is refused here, not in every tab
    protected = ctx.args.require_token or not is_loopback(host)
    server = make_server(path, host=host, port=port, protected=protected)
    try:
        server.serve()
    except OSError as error:
        raise InputError(
            _("cannot listen on {url}: {problem}.").format(url=base_url(host, port), problem=error.strerror or error)
        ) from None
    return 0
