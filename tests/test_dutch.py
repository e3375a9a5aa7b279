"""Dutch and English (issue 15): choosing the language, the CLI and its errors in Dutch, plurals,
JSON that keeps its English keys, and the language switched in the UI and remembered."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from delegate_tui import i18n
from delegate_tui.model import DelegationLevel
from delegate_tui.patterns import RULES
from delegate_tui.storage.store import Store
from tests.helpers.clock import NOW, NOW_ARG
from tests.helpers.ui import make_app, run_command, settle

AT = "--now=" + NOW_ARG


# ---------------------------------------------------------------- choosing the language


@pytest.mark.parametrize(
    ("option", "environ", "remembered", "expected"),
    [
        ("nl", {"DELEGATE_LANG": "en", "LANG": "en_US.UTF-8"}, "en", "nl"),  # --lang wins
        (None, {"DELEGATE_LANG": "nl", "LANG": "en_US.UTF-8"}, "en", "nl"),  # then $DELEGATE_LANG
        (None, {"LANG": "en_US.UTF-8"}, "nl", "nl"),  # then the choice the UI remembered
        (None, {"LANG": "nl_NL.UTF-8"}, None, "nl"),  # then the system locale
        (None, {"LC_ALL": "nl_BE.UTF-8", "LANG": "en_GB.UTF-8"}, None, "nl"),  # LC_ALL before LANG
        (None, {"LANGUAGE": "fr:nl", "LANG": "en_GB.UTF-8"}, None, "nl"),  # the first LANGUAGE with a catalogue
        (None, {"LANG": "fr_FR.UTF-8"}, None, "en"),  # no catalogue for French: English
        (None, {"LANG": "C.UTF-8"}, None, "en"),
        (None, {}, None, "en"),  # nothing set: English
        (None, {"DELEGATE_LANG": "Nederlands"}, None, "nl"),
    ],
)
def test_the_language_is_the_option_the_environment_the_remembered_choice_the_locale_then_english(
    option: str | None, environ: dict[str, str], remembered: str | None, expected: str
) -> None:
    assert i18n.choose(option, environ, remembered) == expected


def test_check_in_dutch_words_the_flags_and_levels_in_dutch(cli: Any, sample_store: Store) -> None:
    english = cli("check", AT)
    dutch = cli("check", AT, "--lang", "nl")
    assert english.code == dutch.code == 0
    assert "Suggestion:" in english.out and "Suggestion:" not in dutch.out
    assert "Suggestie:" in dutch.out
    flat = " ".join(dutch.out.split())  # the check text is wrapped
    assert "draaide je een beslissing terug over taak #14" in flat
    assert "op niveau 5 Adviseren" in flat or "op niveau 6 Navragen" in flat
    # The rule ids and names are the same in both languages: they are identifiers.
    assert "MM002 decision-overridden" in dutch.out and "MM002 decision-overridden" in english.out
    # The language is the run's alone: the next run without --lang is English again.
    assert "Suggestion:" in cli("check", AT).out


def test_lang_before_the_verb_works_too(cli: Any, sample_store: Store) -> None:
    assert "Suggestie:" in cli("--lang", "nl", "check", AT).out
    assert "Suggestie:" in cli("--lang=nl", "check", AT).out


def test_delegate_lang_in_the_environment_chooses_dutch(
    cli: Any, sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DELEGATE_LANG", "nl")
    assert "Suggestie:" in cli("check", AT).out
    assert "Suggestion:" in cli("check", AT, "--lang", "en").out  # --lang wins over the environment


def test_the_system_locale_chooses_dutch_for_a_real_delegate_process(sample_store: Store, db_path: Path) -> None:
    environment = {
        key: value for key, value in os.environ.items() if key not in ("DELEGATE_LANG", "LANGUAGE", "LC_ALL")
    }
    environment |= {"LANG": "nl_NL.UTF-8", "LC_MESSAGES": "nl_NL.UTF-8", "DELEGATE_DB": str(db_path)}
    result = subprocess.run(
        [sys.executable, "-m", "delegate_tui", "rules"], capture_output=True, text=True, env=environment, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "Je checkt veel vaker in bij een teamlid" in result.stdout
    environment["LANG"] = environment["LC_MESSAGES"] = "fr_FR.UTF-8"  # no French: English
    result = subprocess.run(
        [sys.executable, "-m", "delegate_tui", "rules"], capture_output=True, text=True, env=environment, timeout=60
    )
    assert "You keep checking in with a member" in result.stdout


def test_markdown_export_in_dutch(cli: Any, sample_store: Store) -> None:
    result = cli("export", AT, "--format", "markdown", "--lang", "nl")
    assert result.code == 0, result.err
    text = result.out
    assert text.startswith("# Delegatiesamenvatting: het team van ")
    assert "Wie beslist" in text and "| 1 Vertellen |" in text and "Delegeren" in text
    assert "Bewijs:" in text and "Suggestie:" in text
    assert "## Totalen" in text and "### Cijfers" in text
    assert "Evidence:" not in text and "Who decides" not in text


def test_plurals_come_from_ngettext_in_both_languages(cli: Any, sample_store: Store) -> None:
    """ "1 check-in" / "3 check-ins" and "1 keer" / "3 keer": one text with its plural forms."""
    english = cli("export", AT, "--format", "markdown").out
    dutch = cli("export", AT, "--format", "markdown", "--lang", "nl").out
    assert "check-ins in the last 28 days" in english and "check-ins in de afgelopen 28 dagen" in dutch
    assert i18n.ngettext("- {count} check-in in the last 28 days, {per_week}", "", 1).startswith("- {count} check-in ")
    i18n.use("nl")
    one = i18n.ngettext(
        "- {count} check-in in the last 28 days, {per_week}", "- {count} check-ins in the last 28 days, {per_week}", 1
    )
    three = i18n.ngettext(
        "- {count} check-in in the last 28 days, {per_week}", "- {count} check-ins in the last 28 days, {per_week}", 3
    )
    assert one.format(count=1, per_week="") == "- 1 check-in in de afgelopen 28 dagen, "
    assert three.format(count=3, per_week="") == "- 3 check-ins in de afgelopen 28 dagen, "
    singular = "You took work back from {member} once in the last {days} days, outside a review and without a reason."
    plural = (
        "You took work back from {member} {count} times in the last {days} days, outside a review and without a reason."
    )
    assert "1 keer werk terug" in i18n.ngettext(singular, plural, 1).format(member="Omar", count=1, days=90)
    assert "3 keer werk terug" in i18n.ngettext(singular, plural, 3).format(member="Omar", count=3, days=90)
    i18n.use("en")
    assert "once in the last 90 days" in i18n.ngettext(singular, plural, 1).format(member="Omar", count=1, days=90)
    assert "3 times in the last" in i18n.ngettext(singular, plural, 3).format(member="Omar", count=3, days=90)


def test_json_keeps_its_english_keys_and_rule_ids_in_dutch(cli: Any, sample_store: Store) -> None:
    english = json.loads(cli("export", AT).out)
    dutch = json.loads(cli("export", AT, "--lang", "nl").out)

    def keys(value: object) -> set[str]:
        if isinstance(value, dict):
            return set(value) | {f"{k}.{sub}" for k, v in value.items() for sub in keys(v)}
        if isinstance(value, list):
            return {sub for item in value for sub in keys(item)}
        return set()

    assert keys(dutch) == keys(english)
    rule_ids = [flag["rule"] for member in english["members"] for flag in member["flags"]]
    assert rule_ids and rule_ids == [flag["rule"] for member in dutch["members"] for flag in member["flags"]]
    check_en = json.loads(cli("check", AT, "--format", "json").out)
    check_nl = json.loads(cli("check", AT, "--format", "json", "--lang", "nl").out)
    assert keys(check_en) == keys(check_nl)
    assert check_nl != check_en  # the human text is translated


def test_cli_errors_in_dutch_are_one_line_with_exit_code_2(
    cli: Any, sample_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    bad_level = cli("task", "add", "Nieuwe taak", "--member", "Priya Natarajan", "--level", "9", "--lang", "nl")
    assert bad_level.code == 2
    assert bad_level.err.startswith("delegate: --level moet 1-7 zijn of een van Vertellen, Verkopen, Raadplegen")
    assert len(bad_level.err.strip().splitlines()) == 1
    # argparse's own messages come through the catalogue too.
    missing = cli("task", "add", "--lang", "nl")
    assert missing.code == 2
    assert "de volgende argumenten zijn verplicht" in missing.err and "Traceback" not in missing.err
    unknown = cli("--lang", "fr", "check")
    assert unknown.code == 2
    assert unknown.err.strip() == "delegate: --lang must be nl (Nederlands) or en (English) (got 'fr')."
    from delegate_tui.cli import main

    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["--lang", "nl", "check", "--help"])
    help_text = capsys.readouterr().out
    assert "gebruik: delegate check" in help_text and "deze hulptekst tonen en stoppen" in help_text


def test_level_names_in_dutch_and_english_names_are_still_understood() -> None:
    i18n.use("nl")
    assert [level.label for level in DelegationLevel] == [
        "Vertellen",
        "Verkopen",
        "Raadplegen",
        "Akkoord",
        "Adviseren",
        "Navragen",
        "Delegeren",
    ]
    assert DelegationLevel.parse("raadplegen") is DelegationLevel.CONSULT
    assert DelegationLevel.parse("advise") is DelegationLevel.ADVISE  # the English name, in Dutch too
    assert RULES["MM001"].summary == "Je checkt veel vaker in bij een teamlid dan je afspraak zegt."
    assert "zelfdeterminatietheorie" in RULES["MM001"].why_it_matters
    i18n.use("en")
    assert RULES["MM001"].summary == "You keep checking in with a member far more often than your agreement says."


def test_the_rule_pages_in_dutch_are_current() -> None:
    from delegate_tui.patterns.docs import pages

    folder = Path(__file__).resolve().parents[1] / "docs" / "rules" / "nl"
    expected = pages("nl")
    on_disk = {path.name: path.read_text(encoding="utf-8") for path in folder.glob("*.md")}
    assert on_disk == expected, "docs/rules/nl/ is out of date; run: .venv/bin/python -m delegate_tui.patterns.docs"
    assert "## Wat het excuseert" in expected["MM001.md"]


def test_relative_times_are_dutch_in_dutch() -> None:
    from datetime import timedelta

    from delegate_tui.screens.log_text import _ago

    i18n.use("nl")
    assert _ago(NOW - timedelta(days=7), NOW) == "een week geleden"
    i18n.use("en")
    assert _ago(NOW - timedelta(days=7), NOW) == "a week ago"


# ---------------------------------------------------------------- the UI


async def test_switching_the_language_in_the_palette_remembers_it_and_starts_the_ui_again(
    sample_store: Store,
) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await run_command(pilot, "Language: Nederlands", "Nederlands")
        await settle(pilot, lambda: app.return_code is not None, what="the app to stop for the restart")
    assert app.return_code == i18n.RESTART_CODE
    assert sample_store.load().settings.language == "nl"
    assert i18n.current() == "nl"


def test_the_ui_opens_in_the_remembered_language_unless_one_is_given(
    sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from delegate_tui.cli import ui

    sample_store.update_settings(lambda s: s.model_copy(update={"language": "nl"}), now=NOW)
    seen: list[str] = []
    monkeypatch.setattr(ui, "_open_app", lambda store, **_kwargs: seen.append(i18n.current()) or 0)
    assert ui.run_ui(str(sample_store.path)) == 0
    i18n.use("en")
    assert ui.run_ui(str(sample_store.path), language_given=True) == 0
    assert seen == ["nl", "en"]
