"""Opening the terminal UI: the only module of the CLI that imports Textual, and only when it runs."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from delegate_tui.cli import ENV_DB, check_db, resolve_db
from delegate_tui.i18n import _
from delegate_tui.model import InputError
from delegate_tui.storage.store import Store


def _confirm_new_workspace(path: Path) -> bool:
    """Ask on the terminal before the UI creates a workspace at a path the user typed."""
    if not sys.stdin.isatty():
        raise InputError(
            _(
                "no workspace at {path}; check the path, or create one with `delegate demo` or `delegate member add`."
            ).format(path=path)
        )
    try:
        answer = input(_("There is no workspace at {path}. Create a new, empty one there? [y/N] ").format(path=path))
    except EOFError:
        return False
    return answer.strip().casefold() in (_("y"), _("yes"), "y", "yes")


def run_ui(db: str | None) -> int:
    """Open the terminal UI (the only path that imports Textual); its exit code is non-zero after a crash."""
    path = resolve_db(db)
    explicit = db is not None or bool(os.environ.get(ENV_DB))
    check_db(path, reading=False)
    if explicit and not path.exists() and not _confirm_new_workspace(path):
        print(_("Nothing was created."), file=sys.stderr)
        return 2
    return _open_app(Store(path))


def _open_app(store: Store) -> int:
    """Run the terminal UI on ``store``; Textual sets a non-zero return code when the app crashed."""
    from delegate_tui.app import DelegateApp

    app = DelegateApp(store)
    app.run()
    return app.return_code or 0
