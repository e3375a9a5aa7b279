"""The tasks screen's filter: the ``/`` input read into a :class:`TaskFilter` (no Textual here).

Free words match the title; ``@name`` an owner (``@manager`` for the manager), ``area:name``
(``area:none`` for tasks without one), ``status:open``, ``level:5``, ``level:>=5``, ``level:3-5`` or
``level:advise``, ``#12`` a task id. Tokens of one kind widen the filter (``@priya @jonas``), tokens
of different kinds narrow it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from delegate_tui.i18n import _
from delegate_tui.model import MANAGER, DelegationLevel, TaskStatus, Workspace

if TYPE_CHECKING:
    from delegate_tui.screens.task_index import TaskEntry

# --------------------------------------------------------------------------- filters

_TOKEN = re.compile(r'(?:[A-Za-z]+:|@|#)?"[^"]*"?|\S+')
_LEVEL_RANGE = re.compile(r"^(\d)\s*-\s*(\d)$")
_LEVEL_COMPARE = re.compile(r"^(>=|<=|>|<|=)?\s*(.+)$")


@dataclass
class TaskFilter:
    """A parsed filter: the tests to apply, what to say about them, and any problems."""

    text: str = ""
    words: list[str] = field(default_factory=list)
    owners: set[int] | None = None
    areas: set[int | None] | None = None
    statuses: set[TaskStatus] | None = None
    levels: set[int] | None = None
    ids: set[int] | None = None
    parts: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """True when nothing is filtered."""
        return not self.words and all(
            value is None for value in (self.owners, self.areas, self.statuses, self.levels, self.ids)
        )

    def matcher(self) -> Callable[[TaskEntry], bool]:
        """One function that tests an entry against every part of the filter."""
        words, owners, areas = self.words, self.owners, self.areas
        statuses, levels, ids = self.statuses, self.levels, self.ids

        def test(entry: TaskEntry) -> bool:
            if owners is not None and entry.owner_id not in owners:
                return False
            if areas is not None and entry.area_id not in areas:
                return False
            if statuses is not None and entry.status not in statuses:
                return False
            if levels is not None and entry.level not in levels:
                return False
            if ids is not None and entry.row.key not in ids:
                return False
            if words:
                search = entry.search
                for word in words:
                    if word not in search:
                        return False
            return True

        return test


def _unquote(text: str) -> str:
    return text.strip().strip('"').strip()


def _matches_name(name: str, wanted: str) -> bool:
    folded = name.casefold()
    return folded.startswith(wanted) or any(word.startswith(wanted) for word in folded.split()) or wanted in folded


def _parse_levels(text: str) -> set[int] | None:
    text = text.strip().casefold()
    ranged = _LEVEL_RANGE.match(text)
    if ranged:
        low, high = sorted((int(ranged.group(1)), int(ranged.group(2))))
        return {n for n in range(low, high + 1) if 1 <= n <= 7} or None
    compare = _LEVEL_COMPARE.match(text)
    if not compare:
        return None
    operator, value = compare.group(1) or "=", compare.group(2).strip()
    try:
        level = int(DelegationLevel.parse(value))
    except ValueError:
        return None
    tests: dict[str, Callable[[int], bool]] = {
        "=": lambda n: n == level,
        ">=": lambda n: n >= level,
        "<=": lambda n: n <= level,
        ">": lambda n: n > level,
        "<": lambda n: n < level,
    }
    found = {n for n in range(1, 8) if tests[operator](n)}
    return found or None


def _levels_text(levels: set[int]) -> str:
    ordered = sorted(levels)
    if len(ordered) == 1:
        return DelegationLevel(ordered[0]).display
    if ordered == list(range(ordered[0], ordered[-1] + 1)):
        return _("{low} to {high}").format(
            low=DelegationLevel(ordered[0]).display, high=DelegationLevel(ordered[-1]).display
        )
    return ", ".join(DelegationLevel(n).display for n in ordered)


def parse_filter(text: str, workspace: Workspace) -> TaskFilter:
    """Read the filter input (see the module docstring for the syntax)."""
    flt = TaskFilter(text=text)
    owner_names: list[str] = []
    owner_tokens: list[str] = []
    area_names: list[str] = []
    status_names: list[str] = []
    for token in _TOKEN.findall(text):
        lowered = token.casefold()
        if lowered.startswith("@") and len(token) > 1:
            wanted = _unquote(token[1:]).casefold()
            found: set[int] = set()
            if wanted in ("manager", "me") or (wanted and workspace.manager.casefold().startswith(wanted)):
                found.add(MANAGER)
            found |= {m.id for m in workspace.members.values() if _matches_name(m.name, wanted)}
            flt.owners = (flt.owners or set()) | found
            owner_tokens.append(token)
            if not found:
                flt.problems.append(_("Nobody on the team matches {token}.").format(token=token))
            owner_names += sorted(workspace.owner_name(owner) for owner in found)
        elif lowered.startswith("area:"):
            wanted = _unquote(token[5:]).casefold()
            areas: set[int | None] = set()
            if wanted in ("none", "-", ""):
                areas.add(None)
                area_names.append(_("none"))
            else:
                matched = [a for a in workspace.areas.values() if _matches_name(a.name, wanted)]
                areas |= {a.id for a in matched}
                area_names += sorted(a.name for a in matched)
                if not matched:
                    flt.problems.append(_("No decision area matches {token}.").format(token=token))
            flt.areas = (flt.areas or set()) | areas
        elif lowered.startswith("status:"):
            wanted = _unquote(token[7:]).casefold().replace("-", " ").replace("_", " ")
            statuses = {s for s in TaskStatus if s.value.startswith(wanted) or s.value.replace(" ", "") == wanted}
            if not wanted or not statuses:
                flt.problems.append(
                    _("{token} is not a status: use open, in-progress, blocked or done.").format(token=token)
                )
                continue
            flt.statuses = (flt.statuses or set()) | statuses
            status_names += [s.label for s in TaskStatus if s in statuses]
        elif lowered.startswith("level:"):
            levels = _parse_levels(_unquote(token[6:]))
            if levels is None:
                flt.problems.append(
                    _("{token} is not a level: use 1-7, a name, >=5 or a range such as 3-5.").format(token=token)
                )
                continue
            flt.levels = (flt.levels or set()) | levels
        elif lowered.startswith("#") and lowered[1:].isdigit() and lowered[1:].isascii():
            flt.ids = (flt.ids or set()) | {int(lowered[1:])}
        else:
            word = _unquote(token).casefold()
            if word:
                flt.words.append(word)
    if flt.owners is not None:
        names = list(dict.fromkeys(owner_names))
        if len(names) > 3:
            flt.parts.append(
                _("{count} owners matching {tokens}").format(count=len(names), tokens=" ".join(owner_tokens))
            )
        else:
            flt.parts.append(_("owner {names}").format(names=", ".join(names) or _("(nobody)")))
    if flt.areas is not None:
        flt.parts.append(_("area {names}").format(names=", ".join(dict.fromkeys(area_names)) or _("(none matches)")))
    if flt.statuses is not None:
        flt.parts.append(_("status {names}").format(names=", ".join(dict.fromkeys(status_names))))
    if flt.levels is not None:
        flt.parts.append(_("level {levels}").format(levels=_levels_text(flt.levels)))
    if flt.ids is not None:
        flt.parts.append(_("task {ids}").format(ids=", ".join(f"#{n}" for n in sorted(flt.ids))))
    if flt.words:
        flt.parts.append(_("title contains “{text}”").format(text=" ".join(flt.words)))
    return flt
