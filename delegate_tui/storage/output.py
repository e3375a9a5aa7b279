"""Writing an export where the user asked: a file, a device, a named pipe or standard output.

A regular file is replaced atomically (a crash leaves the old export or the new one); a
character device or a named pipe (``/dev/null``, ``/dev/stdout``, ``mkfifo`` pipes) is written
into, as a shell redirection would, and never replaced by a regular file; a symbolic link is
followed and its target replaced, keeping the target's mode. No export may land on a file that
belongs to a workspace: that would destroy the data it summarises.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import IO

from delegate_tui.i18n import _


class OutputError(Exception):
    """The export could not be written where asked; the message is one line naming the path."""


def _workspace_names(db: Path) -> tuple[str, str, str]:
    # The workspace file, its events folder and its output cache; every other file of the workspace (backup,
    # lock, journal, staging and temp files, old schema backups) carries one of them at the front of its name.
    from delegate_tui.quick.cache import cache_folder  # only for an export to a file

    return db.name, db.stem + ".events", cache_folder(db).name


def _belongs_to(candidate: Path, db: Path) -> bool:
    names = _workspace_names(db)
    for part in (candidate, *candidate.parents):
        if part.parent != db.parent:
            continue
        bare = part.name.lstrip(".")
        if any(bare == name or bare.startswith(name + ".") for name in names):
            return True
    return False


def is_workspace_file(out: Path, db: Path) -> bool:
    """True when ``out`` (after following symbolic links) is the workspace ``db``, one of its
    companion files (backup, lock, journal, temp files), its events folder, its output cache or anything in them."""
    out_abs = Path(os.path.abspath(out))
    db_abs = Path(os.path.abspath(db))
    out_real = Path(os.path.realpath(out))
    db_real = Path(os.path.realpath(db))
    return any(_belongs_to(candidate, base) for candidate in (out_abs, out_real) for base in (db_abs, db_real))


def _problem(path: Path, error: OSError) -> OutputError:
    if error.errno == errno.ENOSPC:
        text = _("Cannot write {path}: the disk is full; the export was not written.")
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        text = _("Cannot write {path}: permission denied.")
    else:
        text = _("Cannot write {path}: {problem}.")
    return OutputError(text.format(path=path, problem=error.strerror or str(error)))


def write_export(out: Path, payload: bytes, *, db: Path, field: str = "--out") -> Path:
    """Write ``payload`` to ``out`` as described in the module docstring; returns the path written.

    Raises :class:`OutputError` for a workspace file, a folder, a block device, a missing folder
    or any failure of the write."""
    if is_workspace_file(out, db):
        raise OutputError(
            _(
                "{field} {path} is a file of the workspace {db}; writing there would destroy it. Choose another file."
            ).format(field=field, path=out, db=db)
        )
    target = Path(os.path.realpath(out)) if out.is_symlink() else out
    try:
        info: os.stat_result | None = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise _problem(out, error) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(_("{field} {path} is a folder; give a file name.").format(field=field, path=out))
    if info is not None and stat.S_ISBLK(info.st_mode):
        raise OutputError(_("{field} {path} is a disk device; give a file name.").format(field=field, path=out))
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_into(target, payload, out)
        return out
    if not target.parent.is_dir():
        raise OutputError(
            _("{field} {path}: the folder {folder} does not exist.").format(field=field, path=out, folder=target.parent)
        )
    _replace(target, payload, stat.S_IMODE(info.st_mode) if info is not None else 0o600, out)
    return target


def _write_into(target: Path, payload: bytes, shown: Path) -> None:
    """Write into a character device or named pipe as a shell redirection would (no create, no rename)."""
    try:
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise _problem(shown, error) from None
    try:
        _write_all(fd, payload)
    except OSError as error:
        raise _problem(shown, error) from None
    finally:
        os.close(fd)


def _replace(target: Path, payload: bytes, mode: int, shown: Path) -> None:
    folder = target.parent
    try:
        fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".export.tmp")
    except OSError as error:
        raise _problem(shown, error) from None
    try:
        try:
            _write_all(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(temp_name, mode)
        os.replace(temp_name, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise _problem(shown, error) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    with contextlib.suppress(OSError):
        folder_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(folder_fd)
        finally:
            os.close(folder_fd)


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def write_stdout(payload: bytes, stream: IO[str]) -> None:
    """Write ``payload`` to standard output; a full disk or a closed pipe raises :class:`OutputError`.

    The bytes go straight to the file descriptor when there is one, so nothing stays buffered for
    Python to fail on again (with a second message) when it flushes at exit."""
    shown = _("standard output")
    try:
        stream.flush()
        try:
            fd = stream.fileno()
        except (AttributeError, OSError, ValueError):
            fd = -1
        if fd >= 0:
            _write_all(fd, payload)
        else:
            stream.write(payload.decode("utf-8"))
            stream.flush()
    except BrokenPipeError:
        raise OutputError(
            _("Cannot write to {path}: it was closed before the export was complete.").format(path=shown)
        ) from None
    except OSError as error:
        if error.errno == errno.ENOSPC:
            raise OutputError(
                _("Cannot write to {path}: the disk is full; the export is incomplete.").format(path=shown)
            ) from None
        raise OutputError(
            _("Cannot write to {path}: {problem}.").format(path=shown, problem=error.strerror or str(error))
        ) from None
