"""``delegate review list`` and ``delegate review show ID``: the minutes of the review meetings.

Private notes taken in a meeting appear only with
``--include-private``; the cards of a round nobody revealed stay hidden everywhere.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from delegate_tui.cli.common import _add_common, _print_json
from delegate_tui.i18n import _, ngettext
from delegate_tui.model import InputError, ReviewMeeting, Workspace

if TYPE_CHECKING:
    from delegate_tui.cli import Context


def add_review(parser: argparse.ArgumentParser) -> None:
    """The actions of ``delegate review`` and their arguments."""
    review = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = review.add_parser("list", help=_("list the review meetings"))
    _add_common(listing, fmt=("text", "json"))
    listing.set_defaults(handler=cmd_review_list)
    show = review.add_parser("show", help=_("show one meeting's minutes (private notes left out)"))
    show.add_argument("meeting_id", metavar="ID")
    show.add_argument("--include-private", action="store_true", help=_("include the meeting's private notes"))
    _add_common(show, fmt=("markdown", "json"))
    show.set_defaults(handler=cmd_review_show)


def _meeting(workspace: Workspace, text: str) -> ReviewMeeting:
    cleaned = text.strip().lstrip("#")
    if not (cleaned.isascii() and cleaned.isdigit() and len(cleaned) <= 18) or int(cleaned) not in workspace.reviews:
        raise InputError(
            _("There is no review meeting with id {id}; 'delegate review list' shows them.").format(id=text)
        )
    return workspace.reviews[int(cleaned)]


def cmd_review_list(ctx: Context) -> int:
    """List the review meetings, oldest first."""
    workspace = ctx.workspace
    meetings = sorted(workspace.reviews.values(), key=lambda m: (m.started_at, m.id))
    if ctx.args.format == "json":
        _print_json(
            [
                {
                    "id": meeting.id,
                    "started_at": meeting.started_at.isoformat().replace("+00:00", "Z"),
                    "ended_at": meeting.ended_at.isoformat().replace("+00:00", "Z") if meeting.ended_at else None,
                    "status": meeting.status,
                    "facilitator": meeting.facilitator,
                    "participants": meeting.participants,
                    "agenda_items": len(meeting.agenda),
                    "rounds": len(meeting.rounds),
                    "decisions": len(meeting.decisions),
                }
                for meeting in meetings
            ]
        )
        return 0
    if not meetings:
        print(_("No review meetings yet; start one in the app (palette: Start a review meeting)."))
        return 0
    for meeting in meetings:
        print(
            _("#{id}  {date}  {status}  {facilitator} with {count}  {rounds}").format(
                id=meeting.id,
                date=meeting.started_at.strftime("%Y-%m-%d %H:%M"),
                status=meeting.status,
                facilitator=meeting.facilitator,
                count=ngettext("{n} participant", "{n} participants", len(meeting.participants)).format(
                    n=len(meeting.participants)
                ),
                rounds=ngettext("{n} poker round", "{n} poker rounds", len(meeting.rounds)).format(
                    n=len(meeting.rounds)
                ),
            )
        )
    return 0


def cmd_review_show(ctx: Context) -> int:
    """Show one meeting's minutes as Markdown or JSON."""
    from delegate_tui.summary import review_markdown, review_summary

    workspace = ctx.workspace
    meeting = _meeting(workspace, ctx.args.meeting_id)
    document = review_summary(workspace, meeting, include_private=ctx.args.include_private)
    if ctx.args.format == "json":
        _print_json(document.model_dump(mode="json", exclude={"notes"} if document.notes is None else None))
        return 0
    sys.stdout.write(review_markdown(document))
    return 0
