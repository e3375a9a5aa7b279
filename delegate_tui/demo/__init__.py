"""Deterministic demo data: a believable sample team, and large generated data sets for benchmarks.

Pure: no Textual, no TinyDB, no file I/O. Both builders return a :class:`~delegate_tui.model.Workspace`
and its events (in time order, with ``id=""``: the store assigns ids). Only ``random.Random(seed)``
and the given ``now`` are used, so the same seed and ``now`` always give the same data.

The sample team's people and story are data (:mod:`~delegate_tui.demo.sample_team`), played out by
:mod:`~delegate_tui.demo.play`; :mod:`~delegate_tui.demo.generate` makes the large sets.
"""

from __future__ import annotations

from delegate_tui.demo.arguments import MAX_EVENTS, MAX_MEMBERS, MAX_TASKS
from delegate_tui.demo.generate import large
from delegate_tui.demo.play import sample
from delegate_tui.demo.sample_team import (
    AIKO,
    BUDGET,
    DIEGO,
    ESCALATIONS,
    FATIMA,
    HIRING,
    JONAS,
    KWAME,
    LENA,
    PRIYA,
    RELEASE,
    SAMPLE_FLAGS,
    TOMASZ,
    TOOLING,
)

__all__ = [
    "AIKO",
    "BUDGET",
    "DIEGO",
    "ESCALATIONS",
    "FATIMA",
    "HIRING",
    "JONAS",
    "KWAME",
    "LENA",
    "MAX_EVENTS",
    "MAX_MEMBERS",
    "MAX_TASKS",
    "PRIYA",
    "RELEASE",
    "SAMPLE_FLAGS",
    "TOMASZ",
    "TOOLING",
    "large",
    "sample",
]
