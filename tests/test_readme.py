"""The README's examples run as written, in order, on a fresh sample team; the files it names exist.

Every ```sh block is run, in order, in one shell, unless the line before it says
``<!-- not run ...-->`` (``make run`` builds the project). Blocks that helpers add later are run
the same way: nothing here lists the verbs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.clock import NOW_ARG

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
FENCE = re.compile(r"^```sh\n(.*?)^```$", re.MULTILINE | re.DOTALL)
BRACKETS = re.compile(r"\[(?:--|[A-Z]{2,}|[a-z]+\|)")
"""Usage notation (``[--force]``, ``[RULE_ID]``, ``[text|json]``) that a shell would not run."""


def example_blocks(text: str) -> list[tuple[int, str]]:
    """The runnable ```sh blocks of ``text``, with the line number each starts on."""
    blocks = []
    for match in FENCE.finditer(text):
        before = text[: match.start()].rstrip().splitlines()
        if before and before[-1].startswith("<!-- not run"):
            continue
        blocks.append((text.count("\n", 0, match.start()) + 2, match.group(1)))
    return blocks


def command_lines(block: str) -> list[str]:
    return [line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_the_readme_has_examples_and_no_usage_notation_in_them() -> None:
    blocks = example_blocks(README.read_text(encoding="utf-8"))
    assert blocks, "the README has no example block"
    assert any("delegate demo" in block for _line, block in blocks)
    for start, block in blocks:
        for offset, line in enumerate(block.splitlines()):
            code = line.split("  #", 1)[0]  # a trailing comment may say anything
            assert not BRACKETS.search(code), f"README.md:{start + offset}: usage notation in a runnable line: {line}"


def test_every_readme_example_runs_in_order_on_a_fresh_sample_team(tmp_path: Path) -> None:
    blocks = example_blocks(README.read_text(encoding="utf-8"))
    unquoted = [re.sub(r"'[^']*'|\"[^\"]*\"", "", block) for _line, block in blocks]
    tools = {word for block in unquoted for word in re.findall(r"(?:\||\$\()\s*([a-z][a-z0-9-]*)", block)}
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    missing = sorted(tool for tool in tools if shutil.which(tool, path=path) is None)
    if missing:
        pytest.skip(f"the examples pipe into {', '.join(missing)}, which is not installed")
    script = ["set -euo pipefail", "trap 'echo \"README example failed: $BASH_COMMAND\" >&2' ERR"]
    for start, block in blocks:
        script += [f"# README.md line {start}", block]
    home = tmp_path / "home"
    home.mkdir()
    env = {
        **os.environ,
        "PATH": path,
        "HOME": str(home),  # nothing may reach the real default workspace
        "TMPDIR": str(tmp_path),  # mktemp -d: the scratch folder the examples work in
        "DELEGATE_DB": str(tmp_path / "default" / "team.json"),
        "DELEGATE_NOW": NOW_ARG,
        "DELEGATE_LANG": "en",
        "TZ": "UTC",
        "XDG_DATA_HOME": str(home / "data"),
    }
    result = subprocess.run(
        ["bash", "-c", "\n".join(script)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"{result.stderr}\n--- output ---\n{result.stdout[-3000:]}"
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "default").exists(), "an example wrote to the default workspace"
    assert not (home / "data").exists(), "an example wrote to the user data folder"


def test_the_files_the_readme_names_exist() -> None:
    text = README.read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#\s]+)\)", text)
    paths = re.findall(r"`((?:docs|schema|benchmarks|tests|delegate_tui|scripts)/[^`\s]*)`", text)
    named = [name for name in links + paths if "://" not in name]
    assert named
    missing = [name for name in named if not (ROOT / name).exists()]
    assert not missing, f"README.md names files that are not there: {missing}"
