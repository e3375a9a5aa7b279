"""A replace killed while it wrote its journal or its staged workspace file leaves nothing behind.

``write_atomically`` removes its temp file when it fails, but a SIGKILL gives it no chance: the
next open of the workspace (under the lock) removes the temp files of the replace, which no one
else can be writing while the lock is held. The old workspace is kept whole.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from delegate_tui.storage.store import Store
from tests.conftest import NOW


@pytest.mark.parametrize("staged", ["journal", "new"], ids=["while-writing-the-journal", "while-staging-the-file"])
def test_a_replace_killed_mid_write_leaves_no_temp_file_and_the_old_team(tmp_path: Path, staged: str) -> None:
    path = tmp_path / "team.json"
    store = Store(path)
    store.add_member("Ann", now=NOW)
    # What a killed replace leaves: the temp file mkstemp made for the hidden staged name.
    hidden = f".{path.name}.replace-0123456789abcdef.{staged}"
    handle, leftover = tempfile.mkstemp(dir=tmp_path, prefix=f".{hidden}.", suffix=".tmp")
    with open(handle, "wb") as file:
        file.write(b'{"half": ')
    unrelated = tmp_path / ".other-program.tmp"
    unrelated.write_text("theirs")

    reopened = Store(path)

    assert not Path(leftover).exists()
    assert [member.name for member in reopened.load().members.values()] == ["Ann"]
    assert unrelated.read_text() == "theirs"
