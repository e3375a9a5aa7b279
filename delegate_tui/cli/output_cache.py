"""The full command's half of the output cache (:mod:`delegate_tui.quick.cache`): after ``check`` or
``export`` has written its output, record it with the span over which it holds, when the run's
replay missed. Costs nothing when it did not (tests, ``python -m``, ``DELEGATE_CACHE=off``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from delegate_tui.quick import cache

if TYPE_CHECKING:
    from delegate_tui.cli import Context

# Two clocks far apart: a --now that reads the same at both does not depend on the clock.
_PROBES = (datetime(1950, 6, 1, 12, 0, tzinfo=timezone.utc), datetime(2150, 6, 1, 12, 0, tzinfo=timezone.utc))
# The moments put in a rendering to find where the output shows now and generated_at.
SENTINELS = {
    "now": datetime(1901, 2, 3, 4, 5, 6, tzinfo=timezone.utc),
    "generated": datetime(1902, 3, 4, 5, 6, 7, tzinfo=timezone.utc),
}


def recording() -> bool:
    """True when the output of this run is to be recorded."""
    return cache.recording()


def record_output(
    ctx: Context,
    workspace: Any,
    events: Sequence[Any],
    parts: Sequence[cache.Part],
    expected: str | bytes,
    code: int,
    *,
    text: bool = False,
    generated: datetime | None = None,
) -> None:
    """Record ``expected`` (``parts`` with its slots), written by a run at ``ctx.now`` on ``workspace``
    and ``events``, unless anything makes it unsafe to replay (a notice printed, a --now read from the clock)."""
    from delegate_tui.cli import clock

    try:
        from delegate_tui.patterns.span import unchanged_span
    except ImportError:
        return
    store = ctx.store
    if store.notices:
        return  # printed after the verb, and once: a replay would not
    now = ctx.now
    fixed_now = None
    given = getattr(ctx.args, "now", None)
    if given is not None:
        try:
            if any(ctx.moment(given, "--now", probe) != now for probe in _PROBES):
                return
        except Exception:
            return
        fixed_now = now
    cache.record(
        parts,
        code,
        text=text,
        now=now,
        generated=clock() if generated is None else generated,
        span=unchanged_span(workspace, events, now),
        fixed_now=fixed_now,
        expected=expected,
        db=store.path,
        events_dir=store.events_dir,
    )
