"""The ``delegate`` command: :func:`main`, the parser's assembly, the :class:`Context` every verb
gets, and the errors.

Each noun has a module of this package that declares its verbs' arguments next to their
handlers (``log.py``: ``add_log`` and ``cmd_log``); :func:`build_parser` imports only the module
of the verb being run, so a verb pays for nothing it does not use (docs/speed.md).

Exit codes: 0 success; 1 ``check`` found flags at or above ``--fail-on``; 2 bad input or an
unusable workspace, with one line on stderr. Data verbs never import Textual: only the bare
``delegate`` (the UI, :mod:`delegate_tui.cli.ui`) and ``delegate serve`` do, when they run.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Callable, Collection, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn, TextIO, cast

from pydantic import ValidationError

from delegate_tui import i18n
from delegate_tui.i18n import _
from delegate_tui.model import Event, EventKind, InputError, Workspace, explain, parse_when, utcnow
from delegate_tui.storage.files import WorkspaceError
from delegate_tui.storage.output import OutputError
from delegate_tui.storage.store import Store
from delegate_tui.text import VisibleWriter

ENV_DB = "DELEGATE_DB"
ENV_NOW = "DELEGATE_NOW"


class UsageError(Exception):
    """A command-line argument that argparse itself rejected."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit code 2, via :class:`UsageError`."""

    def error(self, message: str) -> NoReturn:
        import re

        from delegate_tui.model.text import closest

        # argparse names the choices but not the one meant: "delegate tsk" -> "did you mean 'task'?"
        wrong = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        suggestion = closest(wrong.group(1), re.findall(r"'([^']*)'", wrong.group(2))) if wrong else None
        if suggestion is not None:
            raise UsageError(
                _("{command}: {problem}; did you mean {suggestion!r}? (see '{command} --help').").format(
                    command=self.prog, problem=message, suggestion=suggestion
                )
            )
        raise UsageError(_("{command}: {problem} (see '{command} --help').").format(command=self.prog, problem=message))


def default_db_path() -> Path:
    """Where the workspace lives without ``--db`` or ``DELEGATE_DB``."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("delegate-tui", appauthor=False)) / "workspace.json"


def resolve_db(arg: str | None) -> Path:
    """``--db``, else ``$DELEGATE_DB``, else the user data folder."""
    if arg is not None:
        if not arg.strip():
            raise InputError(_("--db must name a workspace file (got an empty path)."))
        return Path(arg).expanduser()
    if os.environ.get(ENV_DB):
        return Path(os.environ[ENV_DB]).expanduser()
    return default_db_path()


def check_db(path: Path, *, reading: bool) -> None:
    """Refuse a workspace path that cannot be meant: a missing file for a verb that only reads
    (it would otherwise show an empty team as if the data were gone), a missing folder other than
    the default data folder (a misspelt path), or something that is not a regular file (a named
    pipe would block forever)."""
    import stat

    try:
        info = path.stat()  # follows a symbolic link, as the store does
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise InputError(_("Cannot use {path}: {problem}.").format(path=path, problem=error.strerror)) from None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise InputError(_("Cannot use {path}: it is a folder, not a workspace file.").format(path=path))
        if not stat.S_ISREG(info.st_mode):
            raise InputError(_("{path} is not a regular file; give the path of a workspace file.").format(path=path))
        return
    if reading:
        raise InputError(
            _(
                "no workspace at {path}; check the path, or create one with `delegate demo` or `delegate member add`."
            ).format(path=path)
        )
    if not path.parent.is_dir() and path != default_db_path():
        raise InputError(
            _("no workspace at {path}, and its folder {folder} does not exist; check the path.").format(
                path=path, folder=path.parent
            )
        )


def _reads_only(args: argparse.Namespace) -> bool:
    """True for the verbs and forms that never change the workspace."""
    verb, action = args.verb, getattr(args, "action", None)
    if verb in ("check", "export") or action in ("list", "show"):
        return True
    if verb == "manager":
        return args.name is None and args.timezone is None
    if verb == "rules":
        return not args.words or args.words[0].lower() not in ("set", "off", "on")
    return False


def clock() -> datetime:
    """The moment of the command: ``$DELEGATE_NOW`` when set (tests and scripts fix the clock with it), else now.

    Read only here, by the CLI: the UI and the library always take an explicit moment.
    """
    fixed = os.environ.get(ENV_NOW, "").strip()
    return parse_when(fixed, utcnow(), ENV_NOW) if fixed else utcnow()


class Context:
    """What every verb gets: the parsed arguments, the store and the moment of the command."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._clock = clock()
        self._now: datetime | None = None
        self._at: datetime | None = None
        self._store: Store | None = None
        self._created = False
        self._collector_paused = False
        self.read_history = False
        """True once the verb has read every event (see :func:`_end_process`)."""

    def moment(self, value: str, option: str, now: datetime | None = None) -> datetime:
        """``value`` read as the manager types it: a date alone or a day with a clock time is their
        local day (the workspace's time zone), relative phrases count from ``now`` (default: the command's)."""
        from delegate_tui.localtime import local_zone, parse_local_when

        zone = local_zone(self.open_store().load_brief())
        return parse_local_when(value, self.now if now is None else now, zone, option)

    @property
    def now(self) -> datetime:
        """The moment of the command: ``--now`` when given, else the clock."""
        if self._now is None:
            given = getattr(self.args, "now", None)
            self._now = self._clock if given is None else self.moment(given, "--now", self._clock)
        return self._now

    @property
    def at(self) -> datetime:
        """When the change happened: ``--at`` when given, else :attr:`now`."""
        if self._at is None:
            given = getattr(self.args, "at", None)
            self._at = self.now if given is None else self.moment(given, "--at")
        return self._at

    @property
    def store(self) -> Store:
        """The workspace, opened (and fully validated) on first use."""
        return self.open_store()

    def open_store(self, *, validate: bool = True) -> Store:
        """The workspace, opened on first use; ``validate=False`` leaves validation to the reads
        (see :class:`Store`), for verbs that use :meth:`Store.load_brief`."""
        if self._store is None:
            path = resolve_db(self.args.db)
            check_db(path, reading=_reads_only(self.args))
            self._created = not path.exists()
            self._store = Store(path, validate=validate)
        return self._store

    @property
    def workspace(self) -> Workspace:
        """The workspace's current data as every verb sees it: archived members, areas and tasks
        left out (:meth:`Workspace.active`); :attr:`everything` has them."""
        return self.store.load().active()

    @property
    def everything(self) -> Workspace:
        """The whole workspace, archived records included (restore, ``--archived``, the full backup)."""
        return self.store.load()

    def events(
        self,
        *,
        since: datetime | None = None,
        history: Collection[EventKind] = (),
        kinds: Collection[EventKind] | None = None,
    ) -> list[Event]:
        """Every recorded event (or those from ``since`` on, and those of ``history`` from the start;
        only those of ``kinds``: see :meth:`Store.events`), in time order; the cyclic garbage
        collector stays paused until the verb returns (see :meth:`close`).

        The events (some 300,000 objects on the scale set) live as long as the verb and form no
        reference cycles, yet every collection set off by the rule engine's and the summary's
        many allocations scanned them again: about a tenth of ``delegate check``. Reference
        counting still frees everything that is not part of a cycle.
        """
        events = self.store.events(since=since, history=history, kinds=kinds)
        whole = self.store.load()
        if whole.has_archived:
            events = whole.active().active_events(events)
        self.read_history = True
        if gc.isenabled():
            gc.disable()
            self._collector_paused = True
        return events

    def discard_new_workspace(self) -> None:
        """After a refused change, remove the empty workspace file that opening the store created,
        so that a refused command leaves the folder as it found it (the lock file stays: removing a
        lock another process may be waiting on would let two writers in)."""
        store = self._store
        if store is None or not self._created:
            return
        with contextlib.suppress(OSError, WorkspaceError), store.lock.held():
            untouched = store.load() == Workspace() and not store.events() and not store.events_dir.exists()
            if untouched:
                store.path.unlink()

    def close(self) -> None:
        """Undo what the verb changed in the process (the collector paused by :meth:`events`), and
        tell what the store noticed on the way (permissions tightened, history written later)."""
        if self._collector_paused:
            self._collector_paused = False
            gc.enable()
        if self._store is not None:
            for notice in self._store.take_notices():
                print(_("delegate: {problem}").format(problem=notice), file=sys.stderr)


Handler = Callable[[Context], int]


def _verbs() -> list[tuple[str, str, str]]:
    """Each verb of ``delegate``: its name, the module of this package that declares its arguments
    next to its handler, and its one-line help (shown by ``delegate --help`` without importing the module)."""
    return [
        ("demo", "demo", _("load the sample team, or a large generated set")),
        ("manager", "manager", _("show or set the manager's name")),
        ("member", "member", _("add or list team members")),
        ("area", "area", _("add or list decision areas")),
        ("task", "task", _("add, list and change tasks")),
        ("agreement", "agreement", _("set or show a trust agreement")),
        ("log", "log", _("record a check-in, override, approval, review or note")),
        ("check", "check", _("flag patterns that look like micromanagement")),
        ("rules", "check", _("list, explain and tune the rules")),
        ("flag", "check", _("acknowledge a flag")),
        ("export", "export", _("write the JSON summary (or a full backup)")),
        ("import", "export", _("restore a full backup made by 'delegate export --full'")),
        ("schema", "export", _("print the JSON Schema of the summary")),
        ("review", "review", _("the minutes of the review meetings")),
        ("serve", "serve", _("serve the UI to browsers, for remote review meetings")),
    ]


def _top_parser(*, add_help: bool = True) -> tuple[_Parser, Any]:
    parser = _Parser(
        prog="delegate",
        add_help=add_help,
        description=_(
            "Plan delegation with your team and spot micromanagement. Without a verb, opens the terminal UI."
        ),
    )
    parser.add_argument(
        "--db", metavar="PATH", help=_("the workspace file (default: $DELEGATE_DB or the user data folder)")
    )
    parser.add_argument(
        "--lang",
        metavar="nl|en",
        help=_(
            "the language of the text: nl (Nederlands) or en (English); default: $DELEGATE_LANG, "
            "the language chosen in the UI, the system locale, English"
        ),
    )
    return parser, parser.add_subparsers(dest="verb", metavar="VERB", parser_class=_Parser)


def _verb_named(argv: Sequence[str] | None) -> str | None:
    """The verb ``argv`` asks for, found the way argparse finds it (``--db PATH`` may come first), or None."""
    parser, verbs = _top_parser(add_help=False)  # ``-h`` is the real parser's to answer
    for name, _module, _help in _verbs():
        verbs.add_parser(name, add_help=False)
    try:
        args, _rest = parser.parse_known_args(argv)
    except (UsageError, SystemExit):
        return None
    verb = getattr(args, "verb", None)
    return verb if isinstance(verb, str) else None


def build_parser(verb: str | None = None) -> argparse.ArgumentParser:
    """The command line of ``delegate``. Only ``verb``'s module is imported and declares its arguments
    (every verb when None, none when ""); the others appear by name and help, so that a verb pays only for itself."""
    import importlib

    parser, verbs = _top_parser()
    for name, module, help_text in _verbs():
        sub = verbs.add_parser(name, help=help_text)
        if verb is None or name == verb:
            declare = getattr(importlib.import_module(f"{__name__}.{module}"), f"add_{name}")
            declare(sub)
    return parser


def _undecodable_argument(argv: Sequence[str]) -> str | None:
    """The first argument that is not valid UTF-8 (Python keeps such bytes as lone surrogates), shown safely."""
    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return repr(os.fsencode(arg))[1:]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``delegate`` with ``argv`` and return its exit code.

    Without ``argv`` this is the ``delegate`` process itself (the console script, ``python -m``):
    after a verb that read the whole history it ends the process at once (:func:`_end_process`).
    """
    # User text (names, notes, paths, echoed arguments) reaches these streams in many places;
    # filtering the streams themselves makes sure none of it can send the terminal an escape.
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = cast(TextIO, VisibleWriter(streams[0])), cast(TextIO, VisibleWriter(streams[1]))
    read_history: list[bool] = []
    language = i18n.current()
    try:
        code = _run(argv, read_history)
    finally:
        sys.stdout, sys.stderr = streams
        if argv is not None:  # called in-process (tests): leave the language as it was
            i18n.use(language)
    if argv is None and any(read_history):
        _end_process(code)
    return code


def _end_process(code: int) -> None:
    """End the process with ``code`` now, without the interpreter's teardown.

    After ``check`` or ``export`` on a long history, freeing its objects one by one at exit took
    0.2-0.5 s (docs/speed.md) that nobody waits for. Every file the verb wrote is closed by now (the
    store and ``export --out`` write, fsync and rename before the verb returns); the standard
    streams are flushed here. When a flush fails (a closed pipe) or coverage is measuring this
    process (it writes its data at exit), this returns and the process ends the usual way.
    """
    if "coverage" in sys.modules:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(code)


def _choose_language(argv: Sequence[str]) -> tuple[str | None, list[str]]:
    """Use the language ``--lang`` (anywhere on the line: ``delegate task add ... --lang nl``) or the
    environment asks for, before any verb's module (and its texts) is loaded. Returns a problem (a
    ``--lang`` that names no language) or None, and the command line without ``--lang``."""
    words = list(argv)
    option = i18n.lang_from_argv(words)
    rest: list[str] = []
    skip = False
    for index, word in enumerate(words):
        if skip:
            skip = False
        elif word == "--":
            rest += words[index:]
            break
        elif word == "--lang" and index + 1 < len(words):
            skip = True
        elif not word.startswith("--lang="):
            rest.append(word)
    if option is not None and i18n.normalize(option) is None:
        i18n.use(i18n.choose(None))
        problem = _("delegate: --lang must be nl (Nederlands) or en (English) (got {value!r}).").format(value=option)
        return problem, rest
    i18n.use(i18n.choose(option))
    return None, rest


def _run(argv: Sequence[str] | None, read_history: list[bool]) -> int:
    words = sys.argv[1:] if argv is None else argv
    problem, argv = _choose_language(words)
    language_given = i18n.explicit(i18n.lang_from_argv(list(words)))
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    parser = build_parser(_verb_named(argv) or "")
    try:
        bad = _undecodable_argument(sys.argv[1:] if argv is None else argv)
        if bad is not None:
            raise InputError(
                _("the argument {value} is not valid UTF-8 text; check the terminal's character encoding.").format(
                    value=bad
                )
            )
        args = parser.parse_args(argv)
        if not getattr(args, "verb", None):
            from delegate_tui.cli.ui import run_ui

            return run_ui(args.db, language_given=language_given)
        handler: Handler = args.handler
        ctx = Context(args)
        try:
            return handler(ctx)
        except (InputError, WorkspaceError, OutputError, ValidationError):
            ctx.discard_new_workspace()
            raise
        finally:
            ctx.close()
            read_history.append(ctx.read_history)
    except UsageError as error:
        print(str(error), file=sys.stderr)
        return 2
    except (InputError, WorkspaceError, OutputError) as error:
        print(_("delegate: {problem}").format(problem=str(error)), file=sys.stderr)
        return 2
    except ValidationError as error:
        print(_("delegate: {problem}").format(problem=explain(error)), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
