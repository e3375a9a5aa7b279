"""Every screen, the meeting and the poker round in Dutch, at 120x40 and 80x24 (issue 15).

The pictures are taken in a process of their own (tests/helpers/dutch_shots.py), which chooses Dutch
before the app's modules make their texts; here each is compared with its SVG in
tests/__snapshots__/test_snapshots_dutch/ and read: Dutch on screen, no English left where a
translation exists, and no level name cut off (Dutch names are longer: "3 Raadplegen").
Update deliberately with ``pytest tests/test_snapshots_dutch.py --snapshot-update`` after reading
the new SVGs' text.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pytest_textual_snapshot import SVGImageExtension

from tests.helpers.dutch_shots import SCENARIOS

# One worker takes every test of this module (make test: --dist loadgroup), so the pictures below
# are taken once, not once per worker (about 20 s each).
pytestmark = pytest.mark.xdist_group("dutch-shots")

ROOT = Path(__file__).resolve().parents[1]
SIZES = {"120x40": (120, 40), "80x24": (80, 24)}

# What each picture must show in Dutch (a phrase of its own, not a shared footer key).
DUTCH = {
    "welcome": "Welkom bij delegate",
    "board": "Beslisgebied",
    "team": "teamleden",
    "member_page": "Vertrouwensafspraak",
    "tasks": "Eigenaar",
    "task_add": "Nieuwe taak",
    "task_level": "Het niveau van taak #14 wijzigen",
    "task_override": "Leg vast wat er gebeurde",
    "flags": "Suggestie",
    "acknowledge": "bevestigen",
    "help": "Op dit scherm",
    "member_form": "Een teamlid toevoegen",
    "area_form": "Omschrijving",
    "agreement_form": "Vertrouwensafspraak met",
    "manager_form": "manager",
    "export": "exporteren",
    "meeting_agenda": "Evaluatiegesprek #1",
    "meeting_item": "Groeidoelen",
    "poker_face_down": "hebben gestemd",
    "poker_revealed": "Spreiding: 3",
    "participant": "Je bent Aiko Tanaka.",
}
ENGLISH_LEFT = ("Suggestion", "Evidence", "Decision area", "Review meeting", "Save", "Cancel", " Tasks ")
CUT_LEVEL = re.compile(r"\b[1-7] (Vert|Verk|Raad|Akko|Advi|Navr|Dele)[a-z]*…")


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each size's folder of Dutch pictures, taken once for the module."""
    folders = {}
    environment = {key: value for key, value in os.environ.items() if key not in ("DELEGATE_LANG", "NO_COLOR")}
    for name, (width, height) in SIZES.items():
        folder = tmp_path_factory.mktemp(f"dutch-{name}")
        result = subprocess.run(
            [sys.executable, "-m", "tests.helpers.dutch_shots", str(width), str(height), str(folder)],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        folders[name] = folder
    return folders


def test_every_scenario_has_its_dutch_phrase() -> None:
    assert set(DUTCH) == set(SCENARIOS)


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_dutch_screen(scenario: str, size: str, shots: dict[str, Path], snapshot: Any) -> None:
    folder = shots[size]
    svg = (folder / f"{scenario}.svg").read_text(encoding="utf-8")
    text = (folder / f"{scenario}.txt").read_text(encoding="utf-8")
    flat = " ".join(text.split())
    assert DUTCH[scenario].casefold() in flat.casefold(), text
    assert not [word for word in ENGLISH_LEFT if word in text], text
    assert not CUT_LEVEL.search(text), f"a level name is cut off:\n{text}"
    assert snapshot.use_extension(SVGImageExtension) == svg
