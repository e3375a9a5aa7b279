"""A summary written with `delegate export --out` to a new file is readable by its owner only.

(`make mutate` found nothing checking the mode of a new file: 0o601 passed every test.)
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW_ARG


def test_a_new_export_file_is_private_to_its_owner(cli: Any, sample_store: Store, tmp_path: Path) -> None:
    target = tmp_path / "exports" / "summary.json"
    target.parent.mkdir()
    result = cli("export", "--now", NOW_ARG, "--out", str(target))
    assert result.code == 0, result.err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    # Nothing else was left in the folder: no temporary file beside it.
    assert [path.name for path in target.parent.iterdir()] == ["summary.json"]
