"""The Log dialog's texts: the kinds and contexts as its lists show them, moments on the manager's clock."""

from __future__ import annotations

from datetime import datetime, tzinfo

from delegate_tui.i18n import _, arrow_locale
from delegate_tui.localtime import zone_name
from delegate_tui.model import EventContext, EventKind, utc


def kind_names() -> dict[EventKind, str]:
    """The kinds as the kind list shows them."""
    return {
        EventKind.CHECKIN: _("Check-in"),
        EventKind.OVERRIDE: _("Override: you took or reversed the decision"),
        EventKind.APPROVAL: _("Approval: sign-off on a decision"),
        EventKind.REVIEW: _("Review of the trust agreement"),
        EventKind.NOTE: _("Note"),
        EventKind.PULSE: _("Pulse: the member's own view"),
    }


def context_names() -> dict[EventContext, str]:
    """The contexts with what each means."""
    return {
        EventContext.INCIDENT: _("incident: something was on fire"),
        EventContext.GUARDRAIL: _("guardrail: an agreed guardrail required it"),
        EventContext.MEMBER_REQUEST: _("member-request: the member asked for it"),
        EventContext.LEAVE: _("leave: covering while someone is away"),
        EventContext.COMPLIANCE: _("compliance: a rule from outside the team"),
        EventContext.REVIEW: _("review: part of a review"),
    }


def moment_text(moment: datetime, zone: tzinfo) -> str:
    """A moment on the manager's clock: ``2026-11-27 15:00 Europe/Amsterdam``."""
    local = utc(moment).astimezone(zone)
    return _("{day} {time} {zone}").format(
        day=local.date().isoformat(), time=local.strftime("%H:%M"), zone=zone_name(zone, moment)
    )


def _ago(moment: datetime, now: datetime) -> str:
    minutes = int((utc(now) - utc(moment)).total_seconds() // 60)
    if minutes <= 0:
        return _("now")
    import arrow  # only when the text changes; it costs start-up time

    return str(arrow.get(utc(moment)).humanize(arrow.get(utc(now)), locale=arrow_locale()))
