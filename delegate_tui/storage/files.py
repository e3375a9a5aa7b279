"""A TinyDB storage that keeps the workspace's storage promises (docs/storage.md).

TinyDB's stock ``JSONStorage`` rewrites its file in place and knows nothing about other
processes. :class:`AtomicJSONStorage` instead

* writes a temporary file in the same folder (mode 0600), fsyncs it, keeps the previous
  file as ``NAME.bak`` (a hard link, so it costs nothing) and ``os.replace``s it into
  place, then fsyncs the folder: a crash leaves the old file or the new one, never half;
* caches the parsed data together with the file's identity (inode, size, mtime), so a
  repeated read is free and a change by another process is noticed (a version younger than
  :data:`RACY_NANOSECONDS` is checked against the bytes, as a later one may share its identity);
* refuses to write when the file changed since it was read: callers hold the workspace
  lock (:class:`WorkspaceLock`) and re-read before they modify, so this never fires in
  correct use, and when it does it stops a lost update instead of causing one;
* never writes at all when the file on disk could not be understood.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import time
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from tinydb.storages import Storage

from delegate_tui.i18n import _

if TYPE_CHECKING:
    from filelock import FileLock

Signature = tuple[int, int, int, int]
"""What identifies one version of a file on disk: device, inode, size, mtime in ns."""

LOCK_TIMEOUT_SECONDS = 15.0

RACY_NANOSECONDS = 2_000_000_000
"""A version read less than this long after it was written may share its signature with a later one
(file-system clocks tick coarsely and inodes are reused at once), so such a cached version is
checked against the bytes on disk instead of trusted on its signature."""


class WorkspaceError(Exception):
    """The workspace cannot be used (damaged, foreign, newer, unreadable, locked)."""


class ConcurrentChangeError(WorkspaceError):
    """The file changed on disk after it was read: writing now would lose that change."""


class WriteFailedError(WorkspaceError):
    """A file could not be written (nothing of it changed); ``reason`` says why in a few words."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class ReadOnlyError(WorkspaceError):
    """The user made a file of the workspace read-only: it is read, never replaced."""


def signature(path: Path) -> Signature | None:
    """The identity of the file's current version, or None when it does not exist."""
    try:
        st = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise WorkspaceError(_describe_os_error(path, error)) from None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def refuse_read_only(path: Path) -> None:
    """Refuse to replace a file its owner made read-only (root ignores the mode, so it is checked here)."""
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as error:
        raise WorkspaceError(_describe_os_error(path, error)) from None
    if stat.S_ISREG(mode) and not mode & stat.S_IWUSR:
        raise ReadOnlyError(_("{path} is read-only; nothing was changed.").format(path=path))


def make_private(path: Path) -> bool:
    """Take away every permission of group and others on ``path``; True when there was one to take."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return False
    if not mode & 0o077:
        return False
    try:
        os.chmod(path, mode & 0o700)
    except OSError:
        return False
    return True


def make_folder(path: Path) -> None:
    """Create a private folder (0700 whatever the umask)."""
    path.mkdir(mode=0o700)
    os.chmod(path, 0o700)


def _describe_os_error(path: Path, error: OSError) -> str:
    if error.errno in (errno.EACCES, errno.EPERM):
        return _("Cannot use {path}: permission denied.").format(path=path)
    if error.errno == errno.EISDIR:
        return _("Cannot use {path}: it is a folder, not a workspace file.").format(path=path)
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return _("Cannot write {path}: the disk is full; nothing was changed.").format(path=path)
    if error.errno == errno.EROFS:
        return _("Cannot write {path}: the file system is read-only; nothing was changed.").format(path=path)
    return _("Cannot use {path}: {problem}.").format(path=path, problem=error.strerror or str(error))


def dumps(data: Any) -> bytes:
    """Stable, readable JSON: sorted keys, two-space indent, UTF-8, final newline."""
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS) + b"\n"


def write_atomically(path: Path, payload: bytes, *, backup: bool = True) -> None:
    """Replace ``path`` with ``payload`` so that a crash leaves either the old or the new file."""
    if path.is_symlink():
        path = path.resolve()  # replace the file the link points to, not the link
    folder = path.parent
    fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, 0o600)
        if backup and path.exists():
            # A hard link keeps the previous version without copying megabytes.
            link_name = f"{temp_name}.bak"
            os.link(path, link_name)
            os.replace(link_name, path.with_name(path.name + ".bak"))
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    fsync_folder(folder)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stray_temp_files(folder: Path, name: str | None = None) -> int:
    """Delete temp files left by writers that died; call only while holding the lock.

    With ``name``, only the temp files of that file (``.NAME.*.tmp``) go: the workspace may sit in
    a folder shared with other programs, whose temp files are none of our business.
    """
    removed = 0
    prefix = f".{name}." if name else "."
    try:
        entries = list(folder.iterdir())
    except OSError:
        return 0  # missing or unreadable: the step that needs the folder says so clearly
    for entry in entries:
        if entry.name.startswith(prefix) and (entry.name.endswith(".tmp") or entry.name.endswith(".tmp.bak")):
            with contextlib.suppress(OSError):
                entry.unlink()
                removed += 1
    return removed


class WorkspaceLock:
    """The inter-process lock that serialises every write to one workspace (re-entrant)."""

    def __init__(self, path: Path) -> None:
        self.path = path.with_name(path.name + ".lock")
        self._lock: FileLock | None = None

    def _file_lock(self) -> FileLock:
        # Made (and the lock library imported, about 10 ms) at the first change: a process that
        # only reads, such as the UI until its first edit, never needs it.
        if self._lock is None:
            from filelock import FileLock

            self._lock = FileLock(str(self.path), timeout=LOCK_TIMEOUT_SECONDS, mode=0o600)
        return self._lock

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Hold the lock for the duration of the block."""
        if not self.path.parent.is_dir():
            # The lock library would create the folder again, and a change would then write a
            # fresh half-workspace into it.
            raise WorkspaceError(
                _("The folder {folder} of the workspace is gone (moved or deleted); nothing was changed.").format(
                    folder=self.path.parent
                )
            )
        from filelock import Timeout

        lock = self._file_lock()
        try:
            lock.acquire()
        except Timeout:
            raise WorkspaceError(
                _("The workspace {path} stayed locked by another process for {seconds} seconds; try again.").format(
                    path=self.path.with_suffix(""), seconds=int(LOCK_TIMEOUT_SECONDS)
                )
            ) from None
        except OSError as error:
            raise WorkspaceError(_describe_os_error(self.path, error)) from None
        try:
            yield
        finally:
            lock.release()

    @property
    def is_held(self) -> bool:
        """True while this process holds the lock."""
        return self._lock is not None and bool(self._lock.is_locked)


class AtomicJSONStorage(Storage):
    """TinyDB storage with atomic replacement, change detection and a parsed-data cache.

    Writes are buffered while a batch is open (:meth:`batch`), so one logical change costs
    one file write however many TinyDB operations it takes.
    """

    def __init__(self, path: Path, *, kind: str = "workspace") -> None:
        self.path = path
        self.kind = kind
        self._data: dict[str, dict[str, Any]] | None = None
        self._signature: Signature | None = None
        self._raw: bytes | None = None  # kept while the cached version is too recent to trust its signature
        self._batching = 0
        self._dirty = False
        # read_without's last answer: (table left out, signature, bytes while racy, tables).
        self._without: tuple[str, Signature, bytes | None, dict[str, dict[str, Any]]] | None = None

    # -- reading

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The parsed file (cached while the file is unchanged), or None when it does not exist."""
        if self._batching and self._data is not None:
            return self._data
        current = signature(self.path)
        if current is None:
            self._data, self._signature, self._raw = None, None, None
            return None
        if self._data is not None and current == self._signature and self._raw is None:
            return self._data
        try:
            raw = self.path.read_bytes()
        except OSError as error:
            raise WorkspaceError(_describe_os_error(self.path, error)) from None
        if self._data is None or self._raw is None or raw != self._raw:
            self._data = self._parse(raw)
        self._signature = current
        self._raw = raw if time.time_ns() - current[3] < RACY_NANOSECONDS else None
        return self._data

    def read_without(self, name: str, *, needs: Collection[str] = ()) -> dict[str, dict[str, Any]] | None:
        """The parsed file less its table ``name``, which is neither parsed nor checked (None when
        the file does not exist); cached while the file is unchanged, as :meth:`read` is.

        When the file is laid out as the store writes it (:func:`dumps`: sorted keys, two-space
        indent) and ``name`` is its last table, only the bytes before that table are parsed: the
        UI's first screen needs every table but the tasks, two thirds of the file on the scale set.
        A table at the top level is the only place where ``,`` newline, two spaces and a quoted key
        can come together (text holds no raw newline), and the bytes before it, closed, parse only
        if it is at the top level. Those bytes must hold the tables ``needs`` and have their keys
        in order, before ``name``, as the store writes them (a table moved by hand after the tasks
        is not silently left out). In any other case the whole file is parsed, as by :meth:`read`.
        """
        if self._data is not None or self._batching:
            return self._whole_without(name)
        current = signature(self.path)
        if current is None:
            return None
        cached = self._without
        if cached is not None and not all(key in cached[3] for key in needs):
            cached = None
        if cached is not None and cached[0] == name and cached[1] == current and cached[2] is None:
            return cached[3]
        try:
            raw = self.path.read_bytes()
        except OSError as error:
            raise WorkspaceError(_describe_os_error(self.path, error)) from None
        if cached is not None and cached[0] == name and cached[1] == current and cached[2] == raw:
            return cached[3]
        marker = b',\n  "' + name.encode() + b'": {'
        cut = raw.find(marker)
        tables: dict[str, dict[str, Any]] | None = None
        if cut > 0 and raw.endswith(b"\n  }\n}\n") and raw.find(b'\n  "', cut + len(marker)) < 0:
            try:
                tables = self._parse(raw[:cut] + b"\n}")
            except WorkspaceError:
                tables = None  # not as the store writes it after all: read it whole, with read()'s message
            if tables is not None:
                keys = list(tables)
                if keys != sorted(keys) or (keys and keys[-1] >= name) or not all(key in tables for key in needs):
                    tables = None
        if tables is None:
            return self._whole_without(name)
        racy = time.time_ns() - current[3] < RACY_NANOSECONDS
        self._without = (name, current, raw if racy else None, tables)
        return tables

    def _whole_without(self, name: str) -> dict[str, dict[str, Any]] | None:
        whole = self.read()
        return None if whole is None else {key: table for key, table in whole.items() if key != name}

    def table(self, name: str) -> dict[str, dict[str, Any]]:
        """The table ``name`` of the file ({} when the file or the table is missing).

        When the file is not parsed already and its bytes cannot hold the table's name as a key
        (not there at all, nor any ``\\u`` escape that could spell it), it is not parsed: the
        history reader asks every time for the pending events, a table that is nearly always
        absent, and parsing the workspace file for it made a second copy of it (6 MiB for 10,000
        tasks) beside the history just read, the UI's peak.
        """
        if self._data is None and not self._batching:
            try:
                raw = self.path.read_bytes()
            except FileNotFoundError:
                return {}
            except OSError as error:
                raise WorkspaceError(_describe_os_error(self.path, error)) from None
            if f'"{name}"'.encode() not in raw and b"\\u" not in raw:
                return {}  # whatever else is wrong with the file, read() says when it is read whole
        return (self.read() or {}).get(name, {})

    def _parse(self, raw: bytes) -> dict[str, dict[str, Any]]:
        if not raw.strip():
            raise WorkspaceError(
                _("The {kind} file {path} is empty or truncated.").format(kind=self.kind, path=self.path)
            )
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            raise WorkspaceError(
                _("The {kind} file {path} is not valid JSON ({problem}); it was left unchanged.").format(
                    kind=self.kind, path=self.path, problem=str(error).split(":")[0]
                )
            ) from None
        if not isinstance(data, dict) or not all(
            isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values()) for table in data.values()
        ):
            raise WorkspaceError(
                _(
                    "The file {path} is not a delegate-tui {kind} file (unexpected shape); it was left unchanged."
                ).format(path=self.path, kind=self.kind)
            )
        return data

    # -- writing

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Store ``data``: at once, or at the end of the open batch."""
        self._data = data
        if self._batching:
            self._dirty = True
            return
        self._flush()

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Collect the writes of the block into one atomic file write; on error, write nothing."""
        self.read()
        self._batching += 1
        try:
            yield
        except BaseException:
            self._batching -= 1
            if not self._batching:
                self._forget()
            raise
        self._batching -= 1
        if not self._batching and self._dirty:
            self._flush()

    @property
    def parsed(self) -> dict[str, dict[str, Any]] | None:
        """The file as last parsed here (None when not parsed, or forgotten)."""
        return self._data

    @property
    def racy_bytes(self) -> bytes | None:
        """The bytes last read or written, when the file's signature alone cannot tell a later
        version from them (see :data:`RACY_NANOSECONDS`); None when it can."""
        return self._raw

    def forget(self) -> None:
        """Drop the parsed file (the next read parses it again): for a reader done with it for now."""
        if not self._batching:
            self._forget()

    def _forget(self) -> None:
        # The cached data may hold half-applied changes: drop it so the next read is fresh.
        self._data, self._signature, self._raw, self._dirty = None, None, None, False
        self._without = None

    def _flush(self) -> None:
        data = self._data if self._data is not None else {}
        try:
            refuse_read_only(self.path)
        except WorkspaceError:
            self._forget()
            raise
        if signature(self.path) != self._signature:
            self._forget()
            raise ConcurrentChangeError(
                _(
                    "The {kind} file {path} was changed by another process during this change; nothing was written."
                ).format(kind=self.kind, path=self.path)
            )
        payload = dumps(data)
        try:
            write_atomically(self.path, payload)
        except OSError as error:
            self._forget()
            raise WriteFailedError(_describe_os_error(self.path, error), error.strerror or str(error)) from None
        self._signature = signature(self.path)
        self._raw = payload  # just written: the next read checks the bytes (see RACY_NANOSECONDS)
        self._dirty = False
        self._without = None

    def close(self) -> None:
        """Nothing to release: every write is already on disk."""

    @property
    def current_signature(self) -> Signature | None:
        """The identity of the version last read or written by this process."""
        return self._signature
