"""What the screens show: one immutable snapshot of the workspace and what follows from it.

The app builds a :class:`WorkspaceData` from the store (never from TinyDB directly) and hands
it to every screen that has a ``show_data(data)`` method whenever anything changes, in this
process or in another one. Screens read from the snapshot and write through the store.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from delegate_tui.model import Event, EventKind, Workspace
from delegate_tui.storage.store import Store

if TYPE_CHECKING:
    # Imported when first needed (compute_data): a large workspace paints before the rule engine loads.
    from delegate_tui.patterns import Flag, MemberMetrics, TeamMetrics


@dataclass(frozen=True)
class WorkspaceData:
    """A consistent snapshot: the workspace, its history, the flags and the metrics at ``now``."""

    workspace: Workspace
    events: list[Event]
    now: datetime
    flags: list[Flag] = field(default_factory=list)
    all_flags: list[Flag] = field(default_factory=list)
    metrics: dict[int, MemberMetrics] = field(default_factory=dict)
    team: TeamMetrics | None = None
    complete: bool = True
    """False while the history, flags and metrics are still being computed (a large workspace
    paints first and fills them in from a background thread): ``events``, ``flags`` and
    ``metrics`` are then empty or those of the previous snapshot."""
    archive: Workspace | None = None
    """The whole workspace, archived members, areas and tasks included (``workspace`` is its
    :meth:`Workspace.active` view, which every screen draws from); None when nothing is archived."""
    history: list[Event] | None = None
    """Every event, those about archived records included (``events`` leaves them out), for the
    page of an archived member; None when nothing is archived. Complete from ``history_since``, as
    ``events`` is."""
    history_since: datetime | None = None
    """From when ``events`` (and ``history``) is complete. None: every event is in it. Else it holds
    every event from that moment on, plus those of :data:`KEPT_KINDS` of all time: what the flags
    and metrics read (:func:`read_history`); a screen that shows older events reads them from the
    store when it needs them (``AppHost.older_events``)."""
    tasks_pending: bool = False
    """True in the first snapshot of a large workspace when it was drawn before its tasks were read
    (the board, the first screen, shows none): ``workspace`` then has no tasks, and is
    otherwise complete. The app reads the tasks with the history, or at once when another screen
    is about to show (``DelegateApp.read_pending_tasks``)."""

    @property
    def everything(self) -> Workspace:
        """The whole workspace, archived records included (for showing them on request, and restoring)."""
        return self.workspace if self.archive is None else self.archive

    def flags_for(self, member_id: int | None) -> list[Flag]:
        """Open (unacknowledged) flags about one member, or team-level flags for None."""
        return [flag for flag in self.flags if flag.member_id == member_id]

    def events_for(self, *, member_id: int | None = None, task_id: int | None = None) -> list[Event]:
        """Events about a member or a task, newest first (those in ``events``: see ``history_since``)."""
        found = [
            event
            for event in self.events
            if (member_id is None or event.member_id == member_id) and (task_id is None or event.task_id == task_id)
        ]
        return found[::-1]


KEPT_KINDS = frozenset(
    {EventKind.LEVEL_CHANGE, EventKind.REASSIGN, EventKind.STATUS_CHANGE, EventKind.UNDO, EventKind.REVIEW}
)
"""The kinds of event a windowed snapshot keeps of all time: the task timelines the rules read from
the start (:data:`~delegate_tui.patterns.engine.TIMELINE_KINDS`), and the reviews, whose latest
orders a review meeting's agenda (:func:`~delegate_tui.meeting.build_agenda`)."""


def load_data(store: Store, now: datetime) -> WorkspaceData:
    """Read the store (every event) and compute flags and metrics for ``now``."""
    workspace = store.load()
    return compute_data(workspace, store.events(), now)


def quick_data(
    store: Store, now: datetime, previous: WorkspaceData | None = None, *, opened: Workspace | None = None
) -> WorkspaceData:
    """Only the workspace (one fast read), marked incomplete; the history, flags and metrics are
    those of ``previous`` (or empty) until :func:`compute_data` has run.

    ``opened``: the workspace without its tasks (``Store.load_brief``), just read to open the UI;
    the first snapshot is then that, with ``tasks_pending``. Decoding 10,000 tasks was a sixth of
    the time before the first paint, for a board that shows none of them."""
    if opened is not None and previous is None:
        # What was parsed to read it is not kept: the tasks are read again, off the UI thread.
        store.release_workspace_file()
        archive = opened if opened.has_archived else None
        return WorkspaceData(
            workspace=opened.active(), events=[], now=now, complete=False, archive=archive, tasks_pending=True
        )
    whole = store.load()
    # The store keeps what it validated and drops the file as parsed, until a change parses it again:
    # the UI keeps its store for as long as it runs (6 MiB for 10,000 tasks).
    store.release_parsed_file()
    workspace, archive = whole.active(), (whole if whole.has_archived else None)
    if previous is None:
        return WorkspaceData(workspace=workspace, events=[], now=now, complete=False, archive=archive)
    return replace(previous, workspace=workspace, now=now, complete=False, archive=archive, tasks_pending=False)


def read_size(store: Store) -> int:
    """How many bytes the workspace file and its event history take on disk: a cheap measure of
    how long :func:`load_data` will take (the rules walk the tasks as well as the events)."""
    workspace, months = store.state()
    return (workspace[2] if workspace is not None else 0) + sum(sig[2] for _name, sig in months if sig is not None)


def read_history(store: Store, workspace: Workspace, now: datetime) -> tuple[list[Event], datetime | None]:
    """The events the flags and metrics at ``now`` read, and from when they are complete (the
    ``history_since`` of :func:`compute_data`): every event from
    :func:`~delegate_tui.patterns.engine.evaluation_start` on and those of :data:`KEPT_KINDS` of all
    time; every event (and None) when a rule needs the whole history. The same flags and metrics as
    every event gives (tests/test_ui_history_window.py), for half the memory on the scale set: its
    100,000 events over 13 months took 62 MiB, the 38,000 of the default window 30 MiB."""
    from delegate_tui.patterns.engine import evaluation_start

    since = evaluation_start(workspace, now)
    if since is None:
        return store.events(), None
    return store.events(since=since, history=KEPT_KINDS), since


def with_older(events: Iterable[Event], older: Iterable[Event], since: datetime | None) -> list[Event]:
    """``events`` (a snapshot's, complete from ``since``) with those of ``older`` (read of all time by
    ``AppHost.older_events``) from before ``since``, each once, newest first as
    :meth:`WorkspaceData.events_for` gives them."""
    found = {event.id: event for event in older if since is not None and event.at < since}
    found.update((event.id, event) for event in events)
    return sorted(found.values(), key=lambda event: (event.at, event.id), reverse=True)


def compute_data(
    workspace: Workspace, events: list[Event], now: datetime, *, history_since: datetime | None = None
) -> WorkspaceData:
    """The complete snapshot: flags and metrics computed from the workspace and its history,
    archived members, areas and tasks left out (see :meth:`Workspace.active`). ``events`` is every
    event, or with ``history_since`` those :func:`read_history` gives (see ``WorkspaceData.history_since``)."""
    from delegate_tui.patterns import evaluate, member_metrics, team_metrics
    from delegate_tui.patterns.context import Context

    archive = workspace if workspace.has_archived else None
    history = events if archive is not None else None
    if archive is not None:
        workspace = archive.active()
        events = workspace.active_events(events)

    context = Context(workspace, events, now)  # one index of the history for the flags and the metrics
    all_flags = evaluate(workspace, events, now, include_acknowledged=True, context=context)
    return WorkspaceData(
        workspace=workspace,
        events=events,
        now=now,
        flags=[flag for flag in all_flags if flag.acknowledged is None],
        all_flags=all_flags,
        metrics=member_metrics(workspace, events, now, context=context),
        team=team_metrics(workspace, events, now),
        archive=archive,
        history=history,
        history_since=history_since,
    )


@runtime_checkable
class ShowsData(Protocol):
    """A screen that redraws itself from a new snapshot."""

    def show_data(self, data: WorkspaceData) -> None:
        """Redraw from ``data`` (called on the UI thread)."""
