"""Opening the terminal UI: the only module of the CLI that imports Textual, and only when it runs."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

from delegate_tui import i18n
from delegate_tui.cli import ENV_DB, check_db, resolve_db
from delegate_tui.i18n import _
from delegate_tui.model import InputError, Workspace
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


def run_ui(db: str | None, *, language_given: bool = False) -> int:
    """Open the terminal UI (the only path that imports Textual); its exit code is non-zero after a crash.

    Unless ``--lang`` or ``$DELEGATE_LANG`` chose the language (``language_given``), the UI speaks the
    language last chosen in it, remembered in the workspace settings. That is settled here, before
    the app's modules (whose key bindings and titles are texts made at import) are loaded.
    """
    path = resolve_db(db)
    explicit = db is not None or bool(os.environ.get(ENV_DB))
    check_db(path, reading=False)
    if explicit and not path.exists() and not _confirm_new_workspace(path):
        print(_("Nothing was created."), file=sys.stderr)
        return 2
    # Opening checks the schema version; everything but the tasks is validated here (an error
    # ends the command before the UI opens, as any verb's would), and the tasks after the first
    # paint (see WorkspaceData.tasks_pending).
    store = Store(path, validate=False)
    opened = store.load_brief()
    if not language_given:
        remembered = i18n.normalize(opened.settings.language)
        if remembered is not None:
            i18n.use(remembered)
    code = _open_app(store, opened=opened)
    if code == i18n.RESTART_CODE:
        _restart(i18n.current())
    return code


def _open_app(store: Store, *, opened: Workspace | None = None) -> int:
    """Run the terminal UI on ``store`` (``opened``: its workspace without the tasks, just read);
    Textual sets a non-zero return code when the app crashed. A workspace found broken once the
    UI was open (its tasks) ends it with the message any verb gives, and exit code 2."""
    from delegate_tui.app import DelegateApp

    # The console script turns the collector off for the UI's start (delegate_tui.launch); the app
    # turns it back on at its first paint. Asked here, before any thread of the app exists.
    app = DelegateApp(store, resume_collector=not gc.isenabled(), opened=opened)
    app.run()
    if app.broken is not None:
        print(_("delegate: {problem}").format(problem=app.broken), file=sys.stderr)
        return 2
    return app.return_code or 0


def _restart(language: str) -> None:
    """Start the UI again, in this process, in ``language``: every text is made anew, the key
    bindings and titles that modules make when they are imported included. The command line is
    kept, less a ``--lang`` (the choice just made wins), and ``$DELEGATE_LANG`` names the new language."""
    args: list[str] = []
    words = sys.argv[1:]
    skip = False
    for word in words:
        if skip:
            skip = False
            continue
        if word == "--lang":
            skip = True
            continue
        if word.startswith("--lang="):
            continue
        args.append(word)
    environment = dict(os.environ, **{i18n.ENV_LANG: language})
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, [sys.executable, "-m", "delegate_tui", *args], environment)
