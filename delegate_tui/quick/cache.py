"""``delegate check`` and ``delegate export`` replayed from a cache of their output (docs/speed.md).

The full command takes seconds on a large history; most runs repeat the last one on unchanged
files. :func:`replay` answers such a run from ``NAME.cache/`` beside the workspace ``NAME.json``
(and its ``NAME.events/``) without importing pydantic, the model or the storage; anything it is
not sure of returns None and the full command runs, which then records its output
(:func:`record`, called by the full command's ``check`` and ``export`` through
:mod:`delegate_tui.cli.output_cache`).

An entry is derived and disposable, never trusted over the data:

- its **key** is everything the output depends on besides the data and the moment: the exact
  command line, the environment variables that choose the workspace, the language and the time
  zone, /etc/localtime, and a signature of the program itself (its version and the size and
  modification time of every module and catalogue of the installed package, the interpreter);
- it holds the **signature of the data** (inode, size, mtime and ctime of the workspace file, of the
  events folder and of every file in it), taken before the full command read anything and
  compared after it had computed its output (a writer in between: nothing is recorded); a replay
  stats the same files and must find the same;
- it holds the **span** of moments ``[start, end)`` over which the rules and the summary give the
  same result (:func:`delegate_tui.patterns.span.unchanged_span`): a replay at a moment outside
  it is a miss. The values that are the moment itself (``now``, ``generated_at``) are slots in
  the stored output, filled with the replaying run's values, formatted as the full command does.

Entries are written atomically (temp file and rename; a crc32 and the length guard against a
file torn by a crash), private (0600 in a 0700 folder), at most :data:`KEEP` per workspace.
``DELEGATE_CACHE=off`` turns the cache off. Not cached: ``export --include-private`` (private
notes never reach a cache file), ``--full``, ``--out FILE``, failed runs, runs with a notice.
"""

from __future__ import annotations

import contextlib
import hashlib
import json  # not orjson: its import (dataclasses, inspect) costs a replay a quarter of its time
import os
import stat
import sys
import zlib
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timezone
from pathlib import Path
from time import time_ns
from typing import Any

from delegate_tui.quick import derived
from delegate_tui.quick.derived import ENV_DEBUG, enabled

"""When set, a replay says so on stderr (``delegate: replayed from the cache``): tests use it."""
KEEP = 32
"""Entries kept per workspace: the newest by modification time."""
FORMAT = b"delegate-tui output cache 1\n"
_SUFFIX = ".entry"
# The environment a check's or an export's output depends on (besides the command line): the
# workspace (DELEGATE_DB, the data folder), the language (i18n.choose), the time zone
# (localtime.system_zone), the program (PYTHONPATH may put other sources first).
_ENVIRONMENT = (
    "DELEGATE_DB",
    "DELEGATE_LANG",
    "LANGUAGE",
    "LC_ALL",
    "LC_MESSAGES",
    "LANG",
    "TZ",
    "PYTHONTZPATH",
    "XDG_DATA_HOME",
    "HOME",
    "PYTHONPATH",
)
# Options each verb's replay understands (a value follows), and its switches; anything else
# (an abbreviation, --include-private, --full, a positional word) leaves the run to the full command.
_VALUED = {
    "check": ("--db", "--lang", "--now", "--fail-on", "--member", "--format"),
    "export": ("--db", "--lang", "--now", "--member", "--format", "--out"),
}
_SWITCHES = {"check": ("--all",), "export": ()}
# DELEGATE_NOW as an ISO date or timestamp (what parse_when reads without a clock); anything
# else (a phrase like "3 days ago") is left to the full command.
_ISO = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})?)?"
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _iso(moment: datetime) -> str:
    return moment.isoformat()  # check --format json's "now"


def _zulu(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")  # pydantic's JSON (the export's)


def _markdown(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")  # the Markdown summary's "As of" line


SLOT_FORMATS: dict[str, Callable[[datetime], str]] = {"iso": _iso, "z": _zulu, "md": _markdown}
"""How the output shows a moment, by slot format; a slot is ``(value, format)``, value ``now`` or ``generated``."""

Slot = tuple[str, str]
Part = str | Slot


class Pending:
    """What a replay that missed learnt, for the full command to record its output with (not a
    dataclass: importing dataclasses costs a replay more than all its work)."""

    __slots__ = ("db", "events_dir", "fixed_clock", "folder", "key", "now_given", "signature")

    def __init__(
        self,
        key: str,
        db: Path,
        events_dir: Path,
        folder: Path,
        signature: list[list[object]],
        fixed_clock: datetime | None,
        now_given: bool,
    ) -> None:
        self.key = key
        self.db = db
        self.events_dir = events_dir
        self.folder = folder
        self.signature = signature
        self.fixed_clock = fixed_clock
        """``$DELEGATE_NOW`` read as the replay reads it (None: the clock)."""
        self.now_given = now_given


_pending: Pending | None = None


def cache_folder(db: Path) -> Path:
    """The cache folder of the workspace file ``db``: ``NAME.cache`` beside ``NAME.json`` and ``NAME.events``."""
    return Path(derived.cache_folder(str(db)))


# ---------------------------------------------------------------------------- the key


def parse_argv(argv: Sequence[str]) -> tuple[str, dict[str, str | bool]] | None:
    """The verb and options of a ``check`` or ``export`` line the replay understands, or None."""
    options: dict[str, str | bool] = {}
    verb: str | None = None
    index = 0
    while index < len(argv):
        word = argv[index]
        index += 1
        if verb is None and not word.startswith("-"):
            if word not in _VALUED:
                return None
            verb = word
            continue
        name, equals, value = word.partition("=")
        allowed = _VALUED[verb] if verb is not None else ("--db", "--lang")
        if name in options:
            return None  # argparse takes the last one, or the verb's over the top level's: not worth it
        if name in allowed:
            if not equals:
                if index >= len(argv) or (argv[index].startswith("-") and argv[index] != "-"):
                    return None
                value = argv[index]
                index += 1
            options[name] = value
        elif verb is not None and name in _SWITCHES[verb] and not equals:
            options[name] = True
        else:
            return None
    if verb is None:
        return None
    if verb == "export" and options.get("--out", "-") != "-":
        return None  # a file: written atomically by the full command, which says so
    return verb, options


def default_db() -> Path:
    """The workspace without ``--db`` or ``$DELEGATE_DB`` (as :func:`delegate_tui.cli.default_db_path`)."""
    if sys.platform.startswith("linux"):
        # platformdirs' rule on Linux, without its import (a tenth of a replay); the recording checks
        # that the full command opened the same file.
        base = os.environ.get("XDG_DATA_HOME", "")
        if not base.strip():
            base = os.path.expanduser("~/.local/share")
        return Path(base) / "delegate-tui" / "workspace.json"
    from platformdirs import user_data_dir

    return Path(user_data_dir("delegate-tui", appauthor=False)) / "workspace.json"


def resolve_db(given: str | bool | None) -> Path | None:
    """The workspace file the full command would open (its real path when a link), or None for a bad ``--db``."""
    if isinstance(given, str):
        if not given.strip():
            return None
        path = Path(given).expanduser()
    elif os.environ.get("DELEGATE_DB"):
        path = Path(os.environ["DELEGATE_DB"]).expanduser()
    else:
        path = default_db()
    if path.is_symlink():
        path = path.resolve()  # as the Store does
    return path


def _stat(path: Path | str) -> list[object]:
    try:
        info = os.stat(path)
    except OSError:
        return [None]
    return [info.st_mode, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


def program_signature() -> list[object]:
    """The version and the sources of the program that computes the output: any edited rule,
    module or catalogue (or another interpreter, another set of installed packages) gives another key."""
    from delegate_tui import __version__

    package = Path(__file__).resolve().parent.parent
    files: list[object] = [__version__, sys.version, sys.executable, _stat(package.parent)]
    stack = [str(package)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        stack.append(entry.path)
                elif entry.name.endswith((".py", ".mo")):
                    info = entry.stat()
                    files.append([entry.path, info.st_size, info.st_mtime_ns])
    files[4:] = sorted(files[4:], key=str)
    return files


def make_key(argv: Sequence[str]) -> str:
    """The key of ``argv``'s output in this environment and with this program (a sha256 in hex)."""
    material = [
        list(argv),
        [os.environ.get(name) for name in _ENVIRONMENT],
        _stat("/etc/localtime"),
        program_signature(),
    ]
    return hashlib.sha256(repr(material).encode("utf-8", "surrogateescape")).hexdigest()


def data_signature(db: Path, events_dir: Path) -> list[list[object]] | None:
    """The workspace file's, the events folder's and every month file's signature, or None without a workspace."""
    first = _stat(db)
    if first[0] is None or not stat.S_ISREG(int(first[0])):  # type: ignore[call-overload]
        return None
    signature = [["", *first], [".events", *_stat(events_dir)]]
    try:
        with os.scandir(events_dir) as entries:
            names = sorted(entry.name for entry in entries)
    except OSError:
        names = []
    signature += [[name, *_stat(events_dir / name)] for name in names]
    return signature


def clock_from_environment() -> datetime | bool | None:
    """``$DELEGATE_NOW`` as the full command reads it (an ISO date or moment, in UTC); None when it
    is not set (the clock); False when it says something else, which the full command must read."""
    text = os.environ.get("DELEGATE_NOW", "").strip()
    if not text:
        return None
    import re  # only here and when recording: a replay at the clock's moment does without it

    if not re.fullmatch(_ISO, text):
        return False
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    if len(text) <= 10:
        parsed = datetime.combine(parsed.date(), time(12, 0))
    if parsed.tzinfo is None or not parsed.utcoffset():
        parsed = parsed.replace(tzinfo=timezone.utc)
    else:
        parsed = parsed.astimezone(timezone.utc)
    if not date(1900, 1, 1) <= parsed.date() <= date(2200, 12, 31):
        return False
    return parsed


def _clock(fixed: datetime | None) -> datetime:
    return fixed if fixed is not None else datetime.now(timezone.utc).replace(microsecond=0)


def _micros(moment: datetime) -> int:
    return (moment - _EPOCH) // _TICK


_TICK = datetime(1970, 1, 1, 0, 0, 0, 1, tzinfo=timezone.utc) - _EPOCH


# ---------------------------------------------------------------------------- replay


def replay(argv: Sequence[str]) -> int | None:
    """Write the cached output of ``argv`` and return its exit code, or None to leave it to the full command."""
    global _pending
    _pending = None
    if not enabled():
        return None
    try:
        return _replay(list(argv))
    except Exception:
        return None


def _replay(argv: list[str]) -> int | None:
    global _pending
    parsed = parse_argv(argv)
    if parsed is None:
        return None
    verb, options = parsed
    found = clock_from_environment()
    if isinstance(found, bool):
        return None
    fixed = found
    db = resolve_db(options.get("--db"))
    if db is None:
        return None
    events_dir = db.with_name(db.stem + ".events")
    signature = data_signature(db, events_dir)
    if signature is None:
        return None  # no workspace: the full command says so (and no cache is ever made for it)
    key = make_key(argv)
    folder = cache_folder(db)
    _pending = Pending(key, db, events_dir, folder, signature, fixed, "--now" in options)
    entry = _read_entry(folder / (key + _SUFFIX), key)
    if entry is None:
        return None
    header, body = entry
    if header["signature"] != signature:
        return None
    clock = _clock(fixed)
    if "--now" in options:
        if header["fixed_now"] is None:
            return None
        now = _EPOCH + header["fixed_now"] * _TICK
    else:
        now = clock
    if not header["start"] <= _micros(now) < header["end"]:
        return None
    values = {"now": now, "generated": clock}
    out = _fill(header["parts"], body, values)
    if header["text"]:
        try:
            data = out.decode("utf-8").encode(sys.stdout.encoding, sys.stdout.errors or "strict")
        except (UnicodeError, LookupError):
            return None
    else:
        data = out
    _pending = None
    if os.environ.get(ENV_DEBUG):
        sys.stderr.write("delegate: replayed from the cache\n")
        sys.stderr.flush()
    try:
        _write(data)
    except BrokenPipeError:  # `delegate export | head`: answered as the full command answers it
        return 0 if verb == "check" else _closed(argv)
    return int(header["code"])


def _closed(argv: list[str]) -> int:
    from delegate_tui import i18n

    i18n.use(i18n.choose(i18n.lang_from_argv(argv)))
    problem = i18n._("Cannot write to {path}: it was closed before the export was complete.")
    message = i18n._("delegate: {problem}").format(problem=problem.format(path=i18n._("standard output")))
    sys.stderr.write(message + "\n")
    return 2


def _read_entry(path: Path, key: str) -> tuple[dict[str, Any], memoryview] | None:
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError:
        return None
    # FORMAT, the crc32 of the rest in hex and a newline, the header (JSON) and a newline, the body.
    start = len(FORMAT) + 9
    if not raw.startswith(FORMAT) or raw[start - 1 : start] != b"\n":
        return None
    whole = memoryview(raw)
    if raw[len(FORMAT) : start - 1] != b"%08x" % zlib.crc32(whole[start:]):
        return None
    end = raw.find(b"\n", start)
    if end < 0:
        return None
    try:
        header = json.loads(bytes(whole[start:end]))
    except ValueError:
        return None
    body = whole[end + 1 :]
    if not isinstance(header, dict) or header.get("key") != key or header.get("length") != len(body):
        return None
    return header, body


def _fill(parts: list[list[Any]], body: memoryview, values: dict[str, datetime]) -> bytes:
    pieces: list[bytes] = []
    offset = 0
    for part in parts:
        if part[0] == "text":
            length = int(part[1])
            pieces.append(bytes(body[offset : offset + length]))
            offset += length
        else:
            pieces.append(SLOT_FORMATS[str(part[2])](values[str(part[1])]).encode("utf-8"))
    return b"".join(pieces)


def _write(data: bytes) -> None:
    """Write ``data`` to standard output's file descriptor, as the full command's export does."""
    sys.stdout.flush()
    fd = sys.stdout.fileno()
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


# ---------------------------------------------------------------------------- recording


def recording() -> bool:
    """True when this process's replay missed and the full command should record its output."""
    return _pending is not None


def template(text: str, sentinels: dict[str, datetime]) -> list[Part]:
    """``text`` (rendered with the ``sentinels`` in place of the moments) as literal text and slots."""
    import re

    choices: dict[str, Slot] = {}
    for name, moment in sentinels.items():
        for style, shown in SLOT_FORMATS.items():
            choices[shown(moment)] = (name, style)
    pattern = re.compile("|".join(re.escape(shown) for shown in sorted(choices, key=len, reverse=True)))
    parts: list[Part] = []
    offset = 0
    for found in pattern.finditer(text):
        parts.append(text[offset : found.start()])
        parts.append(choices[found.group()])
        offset = found.end()
    parts.append(text[offset:])
    return parts


def fill(parts: Sequence[Part], values: dict[str, datetime]) -> str:
    """The text of ``parts`` with each slot's value shown in its format."""
    return "".join(part if isinstance(part, str) else SLOT_FORMATS[part[1]](values[part[0]]) for part in parts)


def record(
    parts: Sequence[Part],
    code: int,
    *,
    text: bool,
    now: datetime,
    generated: datetime,
    span: tuple[datetime, datetime],
    fixed_now: datetime | None,
    expected: str | bytes,
    db: Path,
    events_dir: Path,
) -> bool:
    """Store the output of the full command that replay missed (True when stored).

    ``parts`` filled with ``now`` and ``generated`` must give ``expected``, what the command wrote;
    ``text`` output goes through standard output's encoding, else it is UTF-8 bytes. ``span``
    is where the result holds (see the module docstring), ``fixed_now`` the moment ``--now`` names
    whatever the clock (None: ``--now`` is not given or depends on the clock). ``db`` and
    ``events_dir`` are the files the command read: they must be the replay's. Never raises.
    """
    global _pending
    pending, _pending = _pending, None
    if pending is None or not enabled():
        return False
    try:
        return _record(pending, parts, code, text, now, generated, span, fixed_now, expected, db, events_dir)
    except Exception:
        return False


def _record(
    pending: Pending,
    parts: Sequence[Part],
    code: int,
    text: bool,
    now: datetime,
    generated: datetime,
    span: tuple[datetime, datetime],
    fixed_now: datetime | None,
    expected: str | bytes,
    db: Path,
    events_dir: Path,
) -> bool:
    if (db, events_dir) != (pending.db, pending.events_dir):
        return False
    if pending.now_given and fixed_now is None:
        return False  # "--now '3 days ago'": replay could not tell the moment without the full parser
    # The replay must find the moments the full command used.
    if pending.fixed_clock is not None and generated != pending.fixed_clock:
        return False
    if not pending.now_given and pending.fixed_clock is not None and now != pending.fixed_clock:
        return False
    for moment in (now, generated):
        if moment.tzinfo is not timezone.utc:
            return False
    start, end = span
    if not start <= now < end:
        return False
    values = {"now": now, "generated": generated}
    filled = fill(parts, values)
    if (filled.encode("utf-8") if isinstance(expected, bytes) else filled) != expected:
        return False
    # A writer between the replay's signature and now: the output may mix old and new data.
    if data_signature(db, events_dir) != pending.signature:
        return False
    body: list[bytes] = []
    header_parts: list[list[object]] = []
    for part in parts:
        if isinstance(part, str):
            encoded = part.encode("utf-8")
            if encoded:
                body.append(encoded)
                header_parts.append(["text", len(encoded)])
        else:
            header_parts.append(["slot", part[0], part[1]])
    blob = b"".join(body)
    header = {
        "key": pending.key,
        "signature": pending.signature,
        "start": _micros(start),
        "end": _micros(end),
        "fixed_now": None if fixed_now is None else _micros(fixed_now),
        "code": code,
        "text": text,
        "parts": header_parts,
        "length": len(blob),
    }
    rest = json.dumps(header, separators=(",", ":")).encode("ascii") + b"\n" + blob
    _write_entry(pending.folder, pending.key + _SUFFIX, FORMAT + b"%08x\n" % zlib.crc32(rest) + rest)
    return True


def _write_entry(folder: Path, name: str, data: bytes) -> None:
    """Write one entry atomically (temp file and rename: a reader sees the old entry or the new one)
    and keep the :data:`KEEP` newest. No fsync: a disposable cache, and a torn entry fails its crc."""
    import tempfile

    with contextlib.suppress(FileExistsError):
        os.mkdir(folder, 0o700)
    descriptor, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)  # 0600
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temp, folder / name)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    _prune(folder)


def _prune(folder: Path) -> None:
    entries: list[tuple[int, str]] = []
    with os.scandir(folder) as found:
        for entry in found:
            try:
                modified = entry.stat(follow_symlinks=False).st_mtime_ns
            except OSError:
                continue
            if entry.name.endswith(_SUFFIX):
                entries.append((modified, entry.path))
            elif entry.name.endswith(".tmp") and modified < time_ns() - 3600 * 10**9:
                # Left by a writer that died an hour ago or more.
                Path(entry.path).unlink(missing_ok=True)
    entries.sort(reverse=True)
    for _modified, path in entries[KEEP:]:
        Path(path).unlink(missing_ok=True)
