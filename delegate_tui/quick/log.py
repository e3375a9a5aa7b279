"""``delegate log checkin|override|approval --member NAME`` appended without the full program (docs/speed.md).

The full ``log`` imports pydantic, the model and the storage (about 400 ms on the scale set) to
append one record to one month file. :func:`append` writes the same bytes under the same lock
with the standard library only, for the common shapes of the command line, and returns None for
anything it is not sure of, before writing anything, so that the full command runs and says what
it says. What it cannot know without the full program comes from two derived files in the
workspace's cache folder ``NAME.cache/``, written by the full program (:mod:`delegate_tui.launch`
after a run that fell back) and never trusted over the data:

- the **index** (``log.index``): what the validated workspace says about its members (name as
  validated, start day, archived), its retired areas, its tasks (owner, area, creation, archived)
  and its time zone, for the exact bytes of the workspace file it was built from (size, crc32 and
  adler32 of the whole file, read again under the lock on every append), by this very program
  (the version and the size and modification time of every module and catalogue);
- the **month seals** (``log.months``): the size, checksums and highest event number of month
  files known to be exactly as the storage writes them (``storage.files.dumps``: sorted keys,
  two-space indent), checked with that serializer by the full program, or written so by an
  append. Only such a file is
  extended in place of being parsed and written again: the new event is spliced in where sorted
  keys put it, which gives the bytes the full command's rewrite would.

Either file missing, torn (a crc32 guards each), stale or of another program means a fall-back;
:func:`pending` then tells the launcher what to record once the full command has run.
"""

from __future__ import annotations

import _json  # the C scanner and string encoder: the json package's import costs a tenth of an append
import os
import stat
import sys
import time
import zlib
from datetime import date, datetime, timezone

from delegate_tui.quick.derived import ENV_DEBUG, cache_folder, enabled, events_folder

TYPE_CHECKING = False  # typing and collections.abc cost an append more than its file writes
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

INDEX = "log.index"
MONTHS = "log.months"
INDEX_FORMAT = b"delegate-tui log index 1\n"
MONTHS_FORMAT = b"delegate-tui log months 1\n"
LOCK_TIMEOUT_SECONDS = 15.0
"""As the store's lock (storage.files.LOCK_TIMEOUT_SECONDS); on timeout the full command waits and says so."""
_POLL_SECONDS = 0.05  # filelock's own poll interval
_KINDS = ("checkin", "override", "approval")
_VALUED = ("--member", "--task", "--note", "--db", "--lang")
_NOTE_LIMIT = 2000  # model.TEXT_LIMITS["note"]
_MANAGER = 0
# The fields of a stored event (model.Event without id, and without undoes when it undoes nothing),
# in sorted order: how storage.files.dumps writes them.
_FIELDS = (
    "area_id",
    "at",
    "by",
    "context",
    "from_due",
    "from_level",
    "from_owner",
    "from_status",
    "kind",
    "member_id",
    "note",
    "reason",
    "recorded_at",
    "score",
    "task_id",
    "to_due",
    "to_level",
    "to_owner",
    "to_status",
)
# Characters model.text refuses in a note (text.CONTROL_CHARACTERS_BUT_LINES): C0 but tab and
# newline, DEL, C1, the line and paragraph separators, the bidi controls.
_REFUSED = frozenset(
    [chr(code) for code in range(0x20) if chr(code) not in "\t\n"]
    + [chr(code) for code in range(0x7F, 0xA0)]
    + ["\u2028", "\u2029"]
    + [chr(code) for code in range(0x202A, 0x202F)]
    + [chr(code) for code in range(0x2066, 0x206A)]
)
_ENTRY = b'\n    "'  # how an event's key starts in a month file written by dumps (nothing else does)
_EMPTY_MONTH = b'{\n  "events": {}\n}\n'
_HEAD = b'{\n  "events": {'
_TAIL = b"\n  }\n}\n"
_TEMP_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"  # tempfile's


class Pending:
    """What an append that fell back for want of a current index or month seal leaves the launcher to record."""

    __slots__ = ("db", "db_option", "default_env", "month", "needs_index")

    def __init__(
        self, db: str, db_option: str | None, default_env: list[str | None] | None, month: str, needs_index: bool
    ) -> None:
        self.db = db
        self.db_option = db_option
        """``--db`` as given (None: ``$DELEGATE_DB`` or the default), for the full program to resolve again."""
        self.default_env = default_env
        """The environment that chose the default workspace (None when ``--db`` or ``$DELEGATE_DB`` did)."""
        self.month = month
        self.needs_index = needs_index


_pending: Pending | None = None
_written = False  # True once this process's append replaced the month file


def pending() -> Pending | None:
    """What the last :func:`append` that fell back wants recorded (None: nothing)."""
    return _pending


# ---------------------------------------------------------------------------- the command line


def parse_argv(argv: Sequence[str]) -> dict[str, str] | None:
    """The options of a ``log`` line this path understands (``kind`` among them), or None."""
    try:
        "".join(argv).encode("utf-8")
    except UnicodeEncodeError:
        return None  # bytes that are not UTF-8: the full command names the argument
    options: dict[str, str] = {}
    verb_seen = False
    index = 0
    while index < len(argv):
        word = argv[index]
        index += 1
        if not word.startswith("-"):
            if not verb_seen:
                if word != "log":
                    return None
                verb_seen = True
            elif "kind" in options or word not in _KINDS:
                return None
            else:
                options["kind"] = word
            continue
        name, equals, value = word.partition("=")
        if name not in _VALUED or name in options or (not verb_seen and name not in ("--db", "--lang")):
            return None  # an abbreviation, -h, --at, a repeat, another verb's option...
        if not equals:
            if index >= len(argv) or argv[index].startswith("-"):
                return None  # argparse reads a value that looks like an option as a missing value
            value = argv[index]
            index += 1
        options[name] = value
    if not verb_seen or "kind" not in options or not (options.get("--member") or options.get("--task")):
        return None
    return options


def language(option: str | None) -> str | None:
    """The language the full command would use (as ``i18n.choose``), or None for a ``--lang`` it refuses."""
    if option is not None:
        chosen = _normalize(option)
        if chosen is None:
            return None
        return chosen
    chosen = _normalize(os.environ.get("DELEGATE_LANG"))
    if chosen is not None:
        return chosen
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if not value:
            continue
        if value in ("C", "POSIX") or value.startswith(("C.", "POSIX.")):
            return "en"
        for part in value.split(":"):
            found = _normalize(part)
            if found is not None:
                return found
        return "en"
    return "en"


def _normalize(value: str | None) -> str | None:
    # i18n.normalize, without importing i18n (gettext and argparse).
    if not value:
        return None
    text = value.strip().casefold()
    if text in ("english", "engels"):
        return "en"
    if text in ("nederlands", "dutch"):
        return "nl"
    head = text.replace("-", "_").split(".")[0].split("@")[0].split("_")[0]
    return head if head in ("en", "nl") else None


def default_env() -> list[str | None]:
    """The environment the default workspace path depends on (platformdirs on Linux)."""
    return [os.environ.get("XDG_DATA_HOME"), os.environ.get("HOME")]


def resolve_db(option: str | None) -> tuple[str, list[str | None] | None] | None:
    """The workspace file (as ``cli.resolve_db``) and, for the default one, the environment that chose it."""
    if option is not None:
        if not option.strip():
            return None
        return os.path.expanduser(option), None
    if os.environ.get("DELEGATE_DB"):
        return os.path.expanduser(os.environ["DELEGATE_DB"]), None
    if not sys.platform.startswith("linux"):
        return None
    base = os.environ.get("XDG_DATA_HOME", "")
    if not base.strip():
        base = os.path.expanduser("~/.local/share")
    # Trusted only with an index the full program confirmed for this environment (launch.record_log).
    return os.path.join(base, "delegate-tui", "workspace.json"), default_env()


def clock() -> datetime | None:
    """The command's moment: ``$DELEGATE_NOW`` when it is a plain ISO date or UTC second, else the
    clock (whole seconds, UTC); None for any other ``$DELEGATE_NOW``, which the full command reads."""
    text = os.environ.get("DELEGATE_NOW", "").strip()
    if not text:
        return datetime.now(timezone.utc).replace(microsecond=0)
    digits = "0123456789"
    try:
        if len(text) == 10 and all(text[i] in digits for i in (0, 1, 2, 3, 5, 6, 8, 9)) and text[4] == text[7] == "-":
            moment = datetime.combine(date.fromisoformat(text), datetime.min.time().replace(hour=12), timezone.utc)
        elif (
            len(text) == 20
            and text.endswith("Z")
            and text[10] == "T"
            and all(text[i] in digits for i in (0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18))
            and text[4] == text[7] == "-"
            and text[13] == text[16] == ":"
        ):
            moment = datetime.fromisoformat(text[:-1] + "+00:00")
        else:
            return None
    except ValueError:
        return None
    if not 1900 <= moment.year <= 2200:
        return None
    return moment


def note_of(value: str | None) -> tuple[bool, str | None]:
    """Whether the full command takes the note, and the note as it stores it (None: no note)."""
    if value is None:
        return True, None
    cleaned = value.strip()
    if len(cleaned) > _NOTE_LIMIT:
        return False, None
    cleaned = cleaned.replace("\r\n", "\n")
    if any(character in _REFUSED for character in cleaned):
        return False, None
    return True, cleaned or None


# ---------------------------------------------------------------------------- derived files


def program_signature() -> str:
    """The version and the sources of the program (any edited module or catalogue gives another)."""
    from delegate_tui import __version__

    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    files: list[tuple[str, int, int]] = []
    stack = [package]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        stack.append(entry.path)
                elif entry.name.endswith((".py", ".mo")):
                    info = entry.stat()
                    files.append((entry.path, info.st_size, info.st_mtime_ns))
    files.sort()
    return repr([__version__, sys.version, sys.executable, files])


def checksum(data: bytes) -> list[int]:
    """Size, crc32 and adler32: what identifies a file's bytes here."""
    return [len(data), zlib.crc32(data), zlib.adler32(data)]


def _seal(format_line: bytes, lines: list[bytes]) -> bytes:
    rest = b"\n".join(lines) + b"\n"
    return format_line + b"%08x\n" % zlib.crc32(rest) + rest


def _unseal(raw: bytes, format_line: bytes) -> list[bytes] | None:
    start = len(format_line) + 9
    if not raw.startswith(format_line) or raw[start - 1 : start] != b"\n":
        return None
    rest = raw[start:]
    if raw[len(format_line) : start - 1] != b"%08x" % zlib.crc32(rest) or not rest.endswith(b"\n"):
        return None
    return rest[:-1].split(b"\n")


class _Context:
    # What _json.make_scanner reads; floats and constants are refused (none in these files).
    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_int = int

    @staticmethod
    def parse_float(text: str) -> object:
        raise ValueError(text)

    @staticmethod
    def parse_constant(text: str) -> object:
        raise ValueError(text)


_scan = _json.make_scanner(_Context())  # type: ignore[arg-type]


def loads(data: bytes) -> Any:
    """One JSON value (no floats), or ValueError."""
    text = data.decode("utf-8")
    try:
        value, end = _scan(text, 0)
    except StopIteration:
        raise ValueError("no JSON value") from None
    if text[end:].strip():
        raise ValueError("extra data")
    return value


def dumps_line(value: object) -> bytes:
    """``value`` as one line of JSON (for the derived files)."""
    encoder = _json.make_encoder(None, None, _json.encode_basestring, None, ":", ",", True, False, False)  # type: ignore[arg-type]
    return "".join(encoder(value, 0)).encode("utf-8")


def _write_private(folder: str, name: str, data: bytes) -> None:
    """Write a derived file atomically (temp file and rename), 0600 in a 0700 folder; no fsync: a
    torn file fails its crc32 and means a fall-back."""
    try:  # noqa: SIM105 (contextlib costs an append more than its writes)
        os.mkdir(folder, 0o700)
    except FileExistsError:
        pass
    fd, temp = _temp_file(folder, name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, os.path.join(folder, name))
    except BaseException:
        _unlink(temp)
        raise


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def write_index(
    db: str,
    workspace_bytes: bytes,
    default_for: list[str | None] | None,
    timezone_name: str | None,
    members: list[list[Any]],
    retired_areas: list[int],
    tasks: dict[str, list[Any]],
    pending_ids: list[str],
) -> None:
    """Store the index of a workspace the full program validated from ``workspace_bytes``; ``pending_ids``
    are the ids of its pending events (whose numbers the next event of their month must pass)."""
    header = {
        "program": program_signature(),
        "workspace": checksum(workspace_bytes),
        "default_for": default_for,
        "timezone": timezone_name,
        "members": members,
        "retired_areas": retired_areas,
        "pending_ids": pending_ids,
    }
    _write_private(cache_folder(db), INDEX, _seal(INDEX_FORMAT, [dumps_line(header), dumps_line(tasks)]))


def read_index(db: str) -> tuple[dict[str, Any], bytes] | None:
    """The index's header and its tasks line (parsed only when a task is named), or None."""
    raw = _read(os.path.join(cache_folder(db), INDEX))
    lines = _unseal(raw, INDEX_FORMAT) if raw is not None else None
    if lines is None or len(lines) != 2:
        return None
    try:
        header = loads(lines[0])
    except ValueError:
        return None
    if not isinstance(header, dict) or header.get("program") != program_signature():
        return None
    return header, lines[1]


def read_seals(db: str) -> dict[str, Any]:
    """The month seals (month -> checksum of a file known to be as dumps writes it)."""
    raw = _read(os.path.join(cache_folder(db), MONTHS))
    lines = _unseal(raw, MONTHS_FORMAT) if raw is not None else None
    if lines is None or len(lines) != 1:
        return {}
    try:
        seals = loads(lines[0])
    except ValueError:
        return {}
    return seals if isinstance(seals, dict) else {}


def write_seal(db: str, month: str, month_bytes: bytes, highest: int) -> None:
    """Remember that the month file with these bytes is as ``storage.files.dumps`` writes it, and its
    highest event number."""
    seals = read_seals(db)
    seals[month] = [*checksum(month_bytes), highest]
    _write_private(cache_folder(db), MONTHS, _seal(MONTHS_FORMAT, [dumps_line(seals)]))


# ---------------------------------------------------------------------------- the lock and the files


class _Lock:
    """The store's lock (filelock's FileLock on ``NAME.lock``, which is ``fcntl.flock`` on that file on Unix)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock, waiting as filelock does; False when the lock file is missing or odd, or on timeout."""
        import fcntl

        try:
            fd = os.open(self.path, os.O_RDWR | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            return False  # missing (the full command creates it), a link, not ours...
        deadline = time.monotonic() + LOCK_TIMEOUT_SECONDS
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
                raise OSError("not a lock file of ours")
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise OSError("timeout") from None
                    time.sleep(_POLL_SECONDS)
            # filelock too checks that the inode it locked is still the lock file.
            current = os.fstat(fd)
            if current.st_nlink == 0 or not os.path.samestat(current, os.stat(self.path)):
                raise OSError("the lock file was replaced")
        except OSError:
            os.close(fd)
            return False
        self.fd = fd
        return True

    def release(self) -> None:
        """Release the lock (the file stays, as filelock leaves it)."""
        if self.fd is not None:
            import fcntl

            try:  # noqa: SIM105
                fcntl.flock(self.fd, fcntl.LOCK_UN)  # closing releases it too
            except OSError:
                pass
            try:  # noqa: SIM105
                os.close(self.fd)
            except OSError:
                pass
            self.fd = None


def _temp_file(folder: str, name: str) -> tuple[int, str]:
    """A new temp file ``.NAME.XXXXXXXX.tmp`` in ``folder``, as tempfile.mkstemp makes it (0600)."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    for _attempt in range(100):
        random = "".join(_TEMP_LETTERS[byte % len(_TEMP_LETTERS)] for byte in os.urandom(8))
        path = os.path.join(folder, f".{name}.{random}.tmp")
        try:
            return os.open(path, flags, 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(folder)


def _unlink(path: str) -> None:
    try:  # noqa: SIM105
        os.unlink(path)
    except OSError:
        pass


def write_atomically(path: str, payload: bytes) -> None:
    """As ``storage.files.write_atomically(path, payload, backup=True)``: temp file, fsync, 0600, the
    old version hard-linked to ``NAME.bak``, rename, fsync the folder."""
    folder, name = os.path.split(path)
    fd, temp = _temp_file(folder, name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o600)
        if os.path.exists(path):
            os.link(path, temp + ".bak")
            os.replace(temp + ".bak", path + ".bak")
        os.replace(temp, path)
    except BaseException:
        _unlink(temp)
        raise
    try:
        folder_fd = os.open(folder or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(folder_fd)
    except OSError:
        pass
    finally:
        os.close(folder_fd)


def _private(path: str) -> bool:
    """True unless ``path`` is a file or folder that group or others may use (the store would tighten it
    and say so: storage.workspace_file._secure), or a link (skipped by the store, as here)."""
    try:
        info = os.lstat(path)
    except OSError:
        return True
    return stat.S_ISLNK(info.st_mode) or not info.st_mode & 0o077


def _writable(info: os.stat_result) -> bool:
    # storage.files.refuse_read_only: a regular file without its owner's write bit is refused.
    return not (stat.S_ISREG(info.st_mode) and not info.st_mode & stat.S_IWUSR)


# ---------------------------------------------------------------------------- the event


def _moment(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")  # pydantic's JSON for an aware UTC datetime


def event_entry(number: int, fields: dict[str, object]) -> bytes:
    """The event's entry in its month file, as dumps writes it inside ``events`` (without the separator)."""
    lines = []
    for name in _FIELDS:
        value = fields.get(name)
        if value is None:
            shown = "null"
        elif isinstance(value, str):
            shown = _json.encode_basestring(value)
        else:
            shown = str(int(value))  # type: ignore[call-overload]
        lines.append(f'      "{name}": {shown}')
    return (f'\n    "{number}": {{\n' + ",\n".join(lines) + "\n    }").encode("utf-8")


def month_with(
    raw: bytes | None, fields: dict[str, object], taken: int = 0, highest: int | None = None
) -> tuple[int, bytes] | None:
    """The event's number and the month file with it added, from a file ``raw`` (None: none yet) written
    by dumps whose highest event number is ``highest`` (None: read it from ``raw``), numbers up to
    ``taken`` being held by pending events; None when its shape is not the one dumps gives a month file."""
    if raw is None or raw == _EMPTY_MONTH:
        return taken + 1, _HEAD + event_entry(taken + 1, fields) + _TAIL
    if not raw.startswith(_HEAD + _ENTRY) or not raw.endswith(b"\n    }" + _TAIL):
        return None
    end = len(raw) - len(_TAIL)
    if highest is None:
        keys = [piece[: piece.find(b'"')] for piece in raw[len(_HEAD) : end].split(_ENTRY)[1:]]
        if not all(key.isdigit() for key in keys):
            return None
        highest = max(int(key) for key in keys)
    number = max(taken, highest) + 1
    entry = event_entry(number, fields)
    position = _first_after(raw, str(number).encode("ascii"), end)
    whole = memoryview(raw)  # one copy of a month of events, not two
    if position == end:
        return number, b"".join((whole[:end], b",", entry, _TAIL))
    return number, b"".join((whole[:position], entry, b",", whole[position:]))


def _first_after(raw: bytes, new_key: bytes, end: int) -> int:
    """Where the first entry whose key sorts after ``new_key`` starts (``end``: none does), found by
    halving: the keys are sorted as text, as dumps sorts them ("10" before "9")."""
    low, high = len(_HEAD), end  # entries starting before low sort before new_key; high starts one after it (or is end)
    while True:
        start = raw.find(_ENTRY, (low + high) // 2, high)
        if start < 0:
            start = raw.find(_ENTRY, low, high)
            if start < 0:
                return high
        key_start = start + len(_ENTRY)
        key = raw[key_start : raw.index(b'"', key_start)]
        if key < new_key:
            low = start + 1
        else:
            high = start


def _find_member(members: list[list[Any]], name: str) -> list[Any] | None:
    """Workspace.member_named: the exact name (any case, spaces collapsed), else a unique prefix; None otherwise."""
    wanted = " ".join(name.split()).casefold()
    for member in members:
        if str(member[1]).casefold() == wanted:
            return member
    partial = [member for member in members if str(member[1]).casefold().startswith(wanted)] if wanted else []
    return partial[0] if len(partial) == 1 else None


def pending_number(event_ids: list[str], month: str) -> int | None:
    """The highest number pending events hold in ``month`` (0: none), as the store's ``_next_number``
    counts them; None for an id it would trip over."""
    prefix = f"e{month.replace('-', '')}-"
    highest = 0
    for event_id in event_ids:
        rest = event_id[len(prefix) :] if event_id.startswith(prefix) else ""
        if rest.isdigit():
            if not rest.isascii():
                return None
            highest = max(highest, int(rest))
    return highest


def _task_id(value: str) -> int | None:
    text = value.strip().lstrip("#")
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


# ---------------------------------------------------------------------------- append


def append(argv: Sequence[str]) -> int | None:
    """Log the event ``argv`` asks for and return 0, or None (nothing written) to leave it to the full command."""
    global _pending, _written
    _pending, _written = None, False
    if not enabled():
        return None
    try:
        line = _append(list(argv))
    except KeyboardInterrupt:
        return 130  # as the full command answers ctrl+c (while waiting for the lock, say)
    except Exception:
        if _written:
            raise  # never None once the event is in its file: the full command would log it twice
        return None
    if line is None:
        return None
    if os.environ.get(ENV_DEBUG):
        sys.stderr.write("delegate: logged by the fast path\n")
    try:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        pass  # `delegate log ... | true`: the full command returns 0 too
    return 0


def _append(argv: list[str]) -> str | None:
    global _pending
    options = parse_argv(argv)
    if options is None or os.name != "posix":
        return None  # the lock is filelock's fcntl.flock on Unix only
    lang = language(options.get("--lang"))
    at = clock()
    note_taken, note = note_of(options.get("--note"))
    resolved = resolve_db(options.get("--db"))
    if lang is None or at is None or not note_taken or resolved is None:
        return None
    db, default_for = resolved
    try:
        info = os.lstat(db)
    except OSError:
        return None  # missing: the full command creates it or says so
    if not stat.S_ISREG(info.st_mode):
        return None  # a link (the store follows it), a folder, a pipe...
    folder, name = os.path.split(db)
    entries = os.listdir(folder or ".")
    # A replace that did not finish (the store finishes it on opening) or its temp files.
    if any(f"{name}.replace-" in entry for entry in entries):
        return None
    month = f"{at.year:04d}-{at.month:02d}"
    wanted = Pending(db, options.get("--db"), default_for, month, needs_index=True)
    found = read_index(db)
    if found is None or (default_for is not None and found[0].get("default_for") != default_for):
        _pending = wanted
        return None
    lock = _Lock(db + ".lock")
    if not lock.acquire():
        return None
    try:
        # Everything from here is read under the lock, as the store reads before a change.
        line = _append_locked(wanted, options, lang, at, note, entries, found)
    finally:
        lock.release()
    return line


def _append_locked(
    wanted: Pending,
    options: dict[str, str],
    lang: str,
    at: datetime,
    note: str | None,
    entries: list[str],
    found: tuple[dict[str, Any], bytes],
) -> str | None:
    """Under the lock: the store's checks before a change, the event's, then the append; the line to
    print, or None (nothing written)."""
    global _pending, _written
    db, month = wanted.db, wanted.month
    info = os.lstat(db)
    if not stat.S_ISREG(info.st_mode) or not _writable(info):
        return None
    workspace = _read(db)
    index, tasks_line = found
    if workspace is None or checksum(workspace) != index["workspace"]:
        _pending = wanted  # changed since the index was made: the full program makes it again
        return None
    task_id: int | None = None
    area_id: int | None = None
    owner_id: int | None = None
    task_text = options.get("--task")
    if task_text:  # an empty --task names no task, as in the full command
        task_id = _task_id(task_text)
        task = loads(tasks_line).get(str(task_id)) if task_id is not None else None
        if task is None:
            return None
        owner_id, area_id, created_at, task_archived = task
        if task_archived or area_id in index["retired_areas"] or at < datetime.fromisoformat(created_at):
            return None  # history.event_problem refuses it
    if options.get("--member"):
        member = _find_member(index["members"], options["--member"])
    else:
        # cmd_log: without --member, the task's owner (the manager is no member: the full command says so).
        found_owner = [entry for entry in index["members"] if owner_id not in (None, _MANAGER) and entry[0] == owner_id]
        member = found_owner[0] if found_owner else None
    if member is None:
        return None  # unknown or ambiguous: the full command says which
    member_id, member_name, since, member_archived = member
    from delegate_tui.zones import zone_name, zone_or_system

    zone = zone_or_system(index["timezone"])
    if member_archived or (since is not None and at.astimezone(zone).date() < date.fromisoformat(since)):
        return None
    when = "{moment} {zone}".format(moment=at.astimezone(zone).strftime("%Y-%m-%d %H:%M"), zone=zone_name(zone, at))
    template = "Logged {kind} {id} for {name} at {when}."
    if lang != "en":
        from delegate_tui import i18n

        i18n.use(lang)
        template = i18n._(template)
    # What VisibleWriter would change: the validated name shows no control character, nor does the rest.
    if any(character in _REFUSED for character in member_name):
        return None
    try:
        (template + member_name + when).encode(sys.stdout.encoding or "utf-8", sys.stdout.errors or "strict")
    except (UnicodeError, LookupError):
        return None  # the full command's print would fail after writing: let it
    name = os.path.basename(db)
    folder = os.path.dirname(db)
    events_dir = events_folder(db)
    # The files the store would make private on its first change (and say so): all must be already.
    candidates = [db, db + ".bak", db + ".lock", events_dir]
    candidates += [
        os.path.join(folder, entry)
        for entry in entries
        if entry.startswith(f"{name}.schema") and entry.endswith(".bak") and len(entry) >= len(name) + 11
    ]
    try:
        month_files = os.listdir(events_dir)
    except OSError:
        return None  # no history folder yet: the full command makes it
    if not os.path.isdir(events_dir) or os.path.islink(events_dir):
        return None
    candidates += [os.path.join(events_dir, entry) for entry in month_files]
    if not all(_private(path) for path in candidates):
        return None
    path = os.path.join(events_dir, f"{month}.json")
    try:
        month_info = os.lstat(path)
    except FileNotFoundError:
        month_info = None
    if month_info is not None and (not stat.S_ISREG(month_info.st_mode) or not _writable(month_info)):
        return None
    raw = _read(path) if month_info is not None else None
    seal = read_seals(db).get(month) if raw is not None else None
    if month_info is not None and (raw is None or not isinstance(seal, list) or seal[:3] != checksum(raw)):
        # Not known to be as dumps writes it: the full command rewrites it, then it is sealed.
        wanted.needs_index = False
        _pending = wanted
        return None
    recorded_at = datetime.now(timezone.utc)  # the store's utc(datetime.now().astimezone())
    fields: dict[str, object] = {
        "area_id": area_id,
        "at": _moment(at),
        "kind": options["kind"],
        "member_id": member_id,
        "note": note,
        "recorded_at": _moment(recorded_at),
        "task_id": task_id,
    }
    taken = pending_number(index["pending_ids"], month)
    highest = int(seal[3]) if raw is not None and seal is not None else None
    result = month_with(raw, fields, taken, highest) if taken is not None else None
    if result is None:
        return None
    number, payload = result
    line = template.format(kind=options["kind"], id=f"e{month.replace('-', '')}-{number}", name=member_name, when=when)
    # storage.files.remove_stray_temp_files(events_dir), as log_event does before it writes.
    for entry in month_files:
        if entry.startswith(".") and entry.endswith((".tmp", ".tmp.bak")):
            _unlink(os.path.join(events_dir, entry))
    try:
        write_atomically(path, payload)
    except OSError:
        return None  # nothing replaced: the full command tries and says why
    _written = True
    try:  # noqa: SIM105
        write_seal(db, month, payload, number)
    except Exception:
        pass  # a cache: the next append checks the month file through the full command
    return line
