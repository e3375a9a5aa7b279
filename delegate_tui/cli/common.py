"""Shared option parsing and printing for the ``delegate`` verbs."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TextIO

from delegate_tui.i18n import _
from delegate_tui.model import TEXT_LIMITS, EventContext, InputError, day_label, parse_due
from delegate_tui.text import VisibleWriter, visible

if TYPE_CHECKING:
    from delegate_tui.cli import Context

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


def _due(ctx: Context, text: str, option: str) -> date:
    """A due date as people write it (``friday``, ``in 2 weeks``, ISO), counted from the manager's
    local day at the command's moment (``--now`` / ``$DELEGATE_NOW``)."""
    from delegate_tui.localtime import local_day, local_zone

    today = local_day(ctx.now, local_zone(ctx.open_store().load_brief()))
    return parse_due(text, today, option)


def _due_echo(text: str, due: date) -> str | None:
    """What a phrase was read as (``'friday' = Fri 4 Dec 2026``); None for an ISO date, which says it already."""
    if text.strip() == due.isoformat():
        return None
    return _("{phrase!r} = {date} ({iso})").format(phrase=text.strip(), date=day_label(due), iso=due.isoformat())


def _print_json(data: Any) -> bytes:
    """Write ``data`` as indented JSON to standard output; returns the bytes written."""
    import orjson

    payload = orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"
    sys.stdout.flush()
    sys.stdout.buffer.write(payload)
    sys.stdout.flush()
    return payload


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
