"""How long a computed result stays the same: the span of moments that give the same flags and summary.

The rules, the metrics and the summary depend on ``now`` only through two things: the manager's
local day of ``now`` (windows, weeks, grace days, review dates and acknowledgments count whole
local days) and which events are at or before ``now`` (later ones are ignored). So every moment of
the same local day between the same two events gives the same result, apart from the fields that
are ``now`` itself (the summary's ``now``). A cache of ``delegate check`` or ``delegate export``
output can keep a result for that span.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from delegate_tui.localtime import day_end, day_start, local_day, local_zone
from delegate_tui.model import Event, Workspace, utc


def unchanged_span(workspace: Workspace, events: Sequence[Event], now: datetime) -> tuple[datetime, datetime]:
    """[start, end) around now (UTC moments): evaluate() and member_metrics()/build_summary() give the
    same result (apart from fields that are `now` itself) at every moment in it, for these events.

    ``start`` is the later of the start of now's local day (the workspace's zone, as the rules use
    it) and the latest event at or before now; ``end`` the earlier of the next local midnight and
    the earliest event after now. ``events`` are those the callers pass (any order); one pass.
    """
    now = utc(now)
    zone = local_zone(workspace)
    today = local_day(now, zone)
    start, end = day_start(today, zone), day_end(today, zone)
    # One pass, no sort: the events may be 100,000, and in any order.
    for event in events:
        at = event.at
        if at <= now:
            if at > start:
                start = at  # a moment before it would leave it out
        elif at < end:
            end = at  # from it on, it counts
    return start, end
