"""What makes a growth step in an agreement sensible: shared by the agreement form and the CLI."""

from __future__ import annotations

from datetime import date

from delegate_tui.i18n import _
from delegate_tui.model.levels import DelegationLevel


def goal_problem(
    area: str, level: DelegationLevel, desired: DelegationLevel | None, desired_by: date | None, today: date
) -> str | None:
    """Why a desired level for ``area`` is not a step ahead (None when it is): the desired level is
    above the agreed ``level``, and its date, when given, is after ``today``."""
    if desired is not None and desired <= level:
        return _(
            "desired level for {area} must be above its level {level} (got {desired}); "
            "clear it when the goal is reached."
        ).format(area=area, level=level.display, desired=desired.display)
    if desired_by is not None and desired_by <= today:
        return _("desired date for {area} must be in the future (got {date}).").format(
            area=area, date=desired_by.isoformat()
        )
    return None
