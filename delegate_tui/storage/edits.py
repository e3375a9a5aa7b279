"""Changes that carry only what the user changed, to be applied to the latest data under the lock.

A screen or a verb shows (or reads) a workspace, the user edits it, and the store applies the
edit inside its transaction to what is on disk then. Applying the whole edited record instead
would silently undo whatever another process changed in between (a lost update).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from delegate_tui.model import AgreementTerms, AreaAgreement, TrustAgreement

AgreementChange = Callable[[AgreementTerms], AgreementTerms]
"""A change of a trust agreement: the latest terms (read under the lock) in, the new terms out."""


class SavedAgreement(NamedTuple):
    """What :meth:`Store.set_agreement` saved, and whether it made a new version."""

    agreement: TrustAgreement
    changed: bool


def _merged_list(latest: list[str], before: list[str], after: list[str]) -> list[str]:
    removed = [item for item in before if item not in after]
    added = [item for item in after if item not in before]
    kept = [item for item in latest if item not in removed]
    return [*kept, *[item for item in added if item not in kept]]


def agreement_edit(before: AgreementTerms, after: AgreementTerms) -> AgreementChange:
    """The change a user made by editing ``before`` into ``after``, to apply to the latest terms.

    Only what differs between the two is applied, field by field (and area by area, list item by
    list item), so another process's change to anything else survives.
    """

    def change(latest: AgreementTerms) -> AgreementTerms:
        update: dict[str, Any] = {}
        for field in AgreementTerms.model_fields:
            if field == "levels" or getattr(before, field) == getattr(after, field):
                continue
            if field in ("guardrails", "growth_goals"):
                update[field] = _merged_list(getattr(latest, field), getattr(before, field), getattr(after, field))
            else:
                update[field] = getattr(after, field)
        levels = dict(latest.levels)
        for area_id in before.levels.keys() | after.levels.keys():
            was, now = before.levels.get(area_id), after.levels.get(area_id)
            if was == now:
                continue
            if now is None:
                levels.pop(area_id, None)
            elif was is None or area_id not in levels:
                levels[area_id] = now
            else:
                fields = {
                    name: getattr(now, name)
                    for name in AreaAgreement.model_fields
                    if getattr(was, name) != getattr(now, name)
                }
                levels[area_id] = levels[area_id].model_copy(update=fields)
        update["levels"] = levels
        return latest.model_copy(update=update)

    return change
