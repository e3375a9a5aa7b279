"""``delegate log KIND``: a check-in, override, approval, review, note or pulse."""

from __future__ import annotations

import argparse

from delegate_tui.cli import Context
from delegate_tui.cli.common import _add_common, _add_context_options, _context, _positive_int, _reason, _text
from delegate_tui.i18n import _
from delegate_tui.model import MANAGER, PULSE_QUESTION, Event, EventKind, Initiator, InputError


def add_log(log: argparse.ArgumentParser) -> None:
    """The arguments of ``delegate log``."""
    log.add_argument("kind", metavar="KIND", help=_("checkin, override, approval, review, note or pulse"))
    log.add_argument("--member", metavar="NAME")
    log.add_argument("--task", metavar="TASK_ID")
    log.add_argument("--area", metavar="NAME")
    log.add_argument("--note", metavar="TEXT", help=_("private: left out of shared summaries"))
    log.add_argument("--by", metavar="WHO", help=_("who asked for a check-in or approval: manager (default) or member"))
    log.add_argument("--score", metavar="N", help=_("a pulse's answer, 1 (no room to decide) to 5 (full room)"))
    _add_context_options(log)
    _add_common(log, changes=True)
    log.set_defaults(handler=cmd_log)


def _task_id(value: object) -> int | None:
    """The id in ``12`` or ``#12``, read as :meth:`Workspace.task` reads it (None when it is not one)."""
    text = str(value).strip().lstrip("#")
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


_LOGGABLE = {
    EventKind.CHECKIN,
    EventKind.OVERRIDE,
    EventKind.APPROVAL,
    EventKind.REVIEW,
    EventKind.NOTE,
    EventKind.PULSE,
}
# Kinds someone asks for: the manager, or the member (``--by member``).
_STARTED_BY = {EventKind.CHECKIN, EventKind.APPROVAL}
_WITH_CONTEXT = {EventKind.CHECKIN, EventKind.OVERRIDE, EventKind.APPROVAL}


def cmd_log(ctx: Context) -> int:
    """Record something that happened: a check-in, an override, an approval, a review, a note."""
    args = ctx.args
    kind = EventKind.parse(args.kind, "KIND")
    if kind not in _LOGGABLE:
        verbs = {
            EventKind.LEVEL_CHANGE: "delegate task level",
            EventKind.REASSIGN: "delegate task reassign",
            EventKind.DUE_CHANGE: "delegate task due",
            EventKind.STATUS_CHANGE: "delegate task status",
        }
        if kind not in verbs:
            raise InputError(
                _("{kind} events are written by the program itself (archiving, restoring, undoing).").format(
                    kind=kind.value
                )
            )
        raise InputError(
            _("{kind} events are written by '{verb}', which also changes the task.").format(
                kind=kind.value, verb=verbs[kind]
            )
        )
    if args.by is not None and kind not in _STARTED_BY:
        raise InputError(_("--by applies to check-ins and approvals only (not to a {kind}).").format(kind=kind.value))
    by = Initiator.parse(args.by, "--by") if args.by is not None else None
    for option, given in (("--context", args.context), ("--reason", args.reason)):
        if given is not None and kind not in _WITH_CONTEXT:
            raise InputError(
                _("{option} applies to check-ins, overrides and approvals only (not to a {kind}).").format(
                    option=option, kind=kind.value
                )
            )
    context, reason = _context(args.context), _reason(args.reason)
    if args.score is not None and kind is not EventKind.PULSE:
        raise InputError(_("--score applies to a pulse only (not to a {kind}).").format(kind=kind.value))
    score = None
    if kind is EventKind.PULSE:
        if args.score is None:
            raise InputError(
                _(
                    'A pulse needs --score N: the member\'s answer from 1 (no room) to 5 (full room) to "{question}"'
                ).format(question=_(PULSE_QUESTION))
            )
        score = _positive_int(args.score, "--score", low=1, high=5)
        if not args.member:
            raise InputError(_("A pulse is a member's answer: add --member NAME."))
    # Only the named task is read: validating all of a large workspace's tasks cost more than the
    # rest of the verb put together. A review goes through set_agreement, which checks everything.
    store = ctx.open_store(validate=False)
    task_id = _task_id(args.task) if args.task else None
    ws = store.load_brief(() if task_id is None else (task_id,))
    task = ws.task(args.task) if args.task else None
    if args.member:
        member_id: int | None = ws.member_named(args.member).id
    elif task is not None and task.owner_id != MANAGER:
        member_id = task.owner_id
    else:
        raise InputError(_("--member is required (the person this {kind} is about).").format(kind=kind.value))
    area_id = ws.area_named(args.area).id if args.area else (task.area_id if task else None)
    note = _text(args.note, "--note")
    if kind is EventKind.NOTE and not note:
        raise InputError(_("A note needs its text: add --note TEXT."))
    assert member_id is not None
    if kind is EventKind.REVIEW and member_id in ws.agreements:
        ctx.store.set_agreement(member_id, lambda terms: terms, now=ctx.at, reviewed=ctx.at)
        print(_("Recorded a review with {name} on {date}.").format(name=ws.members[member_id].name, date=ctx.at.date()))
        return 0
    event = ctx.store.log_event(
        Event(
            kind=kind,
            at=ctx.at,
            member_id=member_id,
            task_id=task.id if task else None,
            area_id=area_id,
            note=note,
            by=by,
            context=context,
            reason=reason,
            score=score,
        )
    )
    from delegate_tui.localtime import local_zone, zone_name

    zone = local_zone(ws)
    when = "{moment} {zone}".format(
        moment=event.at.astimezone(zone).strftime("%Y-%m-%d %H:%M"), zone=zone_name(zone, event.at)
    )
    print(
        _("Logged {kind} {id} for {name} at {when}.").format(
            kind=kind.value, id=event.id, name=ws.members[member_id].name, when=when
        )
    )
    return 0
