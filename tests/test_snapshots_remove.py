"""SVG snapshots of the confirmations before something is removed, and of the team list with the
archived members shown, at 80x24 and 120x40.

Update deliberately with ``pytest tests/test_snapshots_remove.py --snapshot-update`` and read the
new SVGs' text before committing them.
"""

from __future__ import annotations

from typing import Any

import pytest

from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW
from tests.helpers.ui import make_app
from tests.test_snapshots_board_team_forms import SIZES, steps


@pytest.mark.parametrize("size", SIZES)
def test_archive_member_dialog(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(sample_store), terminal_size=size, run_before=steps("m", "x"))


@pytest.mark.parametrize("size", SIZES)
def test_erase_member_dialog(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(sample_store), terminal_size=size, run_before=steps("m", "E"))


@pytest.mark.parametrize("size", SIZES)
def test_remove_task_dialog(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(sample_store), terminal_size=size, run_before=steps("t", "delete"))


@pytest.mark.parametrize("size", SIZES)
def test_team_with_archived_members_shown(snap_compare: Any, sample_store: Store, size: tuple[int, int]) -> None:
    priya = sample_store.load().member_named("Priya").id
    sample_store.archive_member(priya, now=NOW, reassign_to=0)
    assert snap_compare(make_app(sample_store), terminal_size=size, run_before=steps("m", "A"))
