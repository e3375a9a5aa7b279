"""The participant app: what a remote participant's browser tab runs under ``delegate serve``.

A Textual app of its own, not the manager's: it has the join screen and the participant's view
of the meeting (:mod:`delegate_tui.screens.join`, :mod:`delegate_tui.screens.participant`) and
nothing else: no board, no team, no flags, no command palette, no private text. It reads the
workspace through the store and writes only the participant's own card (``Store.cast_vote``,
under the store's lock). A timer compares the store's file signatures, so another tab's card and
the facilitator's reveal show here within ``watch_interval`` seconds.

``python -m delegate_tui.participant_app --db PATH`` runs it; the participant's name comes from
``$DELEGATE_PARTICIPANT`` (the server sets it from ``?join=NAME``), else the join screen asks.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import ClassVar

from pydantic import ValidationError
from textual.app import App
from textual.binding import BindingType

from delegate_tui import model
from delegate_tui.i18n import _
from delegate_tui.meeting import open_meeting
from delegate_tui.model import InputError, Workspace, explain
from delegate_tui.serve import PARTICIPANT_ENV
from delegate_tui.storage.files import WorkspaceError
from delegate_tui.storage.store import Store
from delegate_tui.store_watch import StoreWatch


class ParticipantApp(App[None]):
    """One participant's tab: the open meeting's current poker round and their own card prompt."""

    TITLE = _("Review meeting")
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = []

    def __init__(
        self,
        store: Store,
        participant: str | None,
        *,
        clock: Callable[[], datetime] = model.utcnow,
        watch_interval: float = 0.5,
    ) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.watch_interval = watch_interval
        wanted = " ".join((participant or "").split())
        self.participant: str | None = wanted or None
        self.workspace: Workspace = store.load()
        self._files = StoreWatch(store)

    def now(self) -> datetime:
        """The app's clock."""
        return self.clock()

    def apply(self, change: Callable[[], object]) -> str | None:
        """Run a store change and re-read the workspace; the problem in one sentence, or None."""
        try:
            change()
        except InputError as error:
            return str(error)
        except ValidationError as error:
            return explain(error)
        except WorkspaceError as error:
            return str(error)
        self.reload()
        return None

    def reload(self) -> None:
        """Re-read the workspace and redraw the screen that shows it."""
        from delegate_tui.screens.join import JoinScreen
        from delegate_tui.screens.participant import ParticipantScreen

        self._files.read()
        self.workspace = self.store.load()
        screen = self.screen
        if isinstance(screen, ParticipantScreen) and self._unknown_participant():
            self.participant = None
            self.switch_screen(JoinScreen(self._not_a_participant_message()))
            return
        if isinstance(screen, (ParticipantScreen, JoinScreen)):
            screen.show_workspace(self.workspace)

    def _unknown_participant(self) -> bool:
        """Whether a meeting is open and the name given is not one of its participants."""
        meeting = open_meeting(self.workspace)
        if meeting is None or self.participant is None:
            return False
        for name in meeting.participants:
            if name.casefold() == self.participant.casefold():
                self.participant = name
                return False
        return True

    def _not_a_participant_message(self) -> str:
        return _("That name is not among the meeting's participants: pick yours below.")

    def _watch(self) -> None:
        self._files.check(self)

    def on_mount(self) -> None:
        from delegate_tui.screens.join import JoinScreen
        from delegate_tui.screens.participant import ParticipantScreen

        self.set_interval(self.watch_interval, self._watch, name="watch-store")
        if self.participant is None:
            self.push_screen(JoinScreen())
        elif self._unknown_participant():
            self.participant = None
            self.push_screen(JoinScreen(self._not_a_participant_message()))
        else:
            self.push_screen(ParticipantScreen())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the participant app on ``--db PATH`` (the server starts one per participant's tab)."""
    parser = argparse.ArgumentParser(prog="delegate-participant")
    parser.add_argument("--db", required=True, metavar="PATH")
    args = parser.parse_args(argv)
    app = ParticipantApp(Store(args.db, create=False), os.environ.get(PARTICIPANT_ENV))
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    raise SystemExit(main())
