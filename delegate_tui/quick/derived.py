"""What the fast paths share: the switch that turns their derived files off, and where those files
and the history lie beside a workspace file. Cheap to import (the standard library's ``os`` only:
``pathlib`` alone costs a ``log`` append a tenth of its time)."""

from __future__ import annotations

import os

ENV_CACHE = "DELEGATE_CACHE"
"""``off`` (or 0, no, false): the fast paths neither read nor write their derived files."""
ENV_DEBUG = "DELEGATE_CACHE_DEBUG"
"""When set, a fast path that answered says so on stderr (tests use it)."""
_OFF = ("off", "0", "no", "false")


def enabled() -> bool:
    """False when ``$DELEGATE_CACHE`` turns the derived files off."""
    return os.environ.get(ENV_CACHE, "").strip().casefold() not in _OFF


def beside(db: str, suffix: str) -> str:
    """``NAME`` + ``suffix`` beside ``NAME.json``: ``Path(db).with_name(Path(db).stem + suffix)``."""
    folder, name = os.path.split(db)
    dot = name.rfind(".")
    stem = name[:dot] if 0 < dot < len(name) - 1 else name
    return os.path.join(folder, stem + suffix)


def cache_folder(db: str) -> str:
    """The folder of derived files of the workspace file ``db``: ``NAME.cache`` beside ``NAME.json``."""
    return beside(db, ".cache")


def events_folder(db: str) -> str:
    """``NAME.events`` beside ``NAME.json`` (as ``storage.month_files.events_folder`` names it)."""
    return beside(db, ".events")
