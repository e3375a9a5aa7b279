"""Translation hook for user-facing text, and the choice of language.

Every sentence shown to a user goes through :func:`_` as a whole sentence with named
placeholders, so that a translator sees complete sentences and can reorder the placeholders
freely::

    _("{name} has {count} open tasks.").format(name=name, count=count)

The catalogues are gettext's (domain ``delegate-tui``, ``delegate_tui/locale``; docs/translating.md).
English is the source language; Dutch (``nl``) is the one translation.

The language is chosen once, when the process starts and before the modules that build texts at
import (key bindings, titles) are loaded: ``--lang``, else ``$DELEGATE_LANG``, else the workspace's
remembered choice (the UI), else the system locale, else English (:func:`choose`). Texts a module
keeps from import time (the rules' documentation, the level names) are stored as English
(:func:`N_`) and translated where they are shown, so they follow :func:`use` as well.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from pathlib import Path

_DOMAIN = "delegate-tui"
_LOCALE_DIR = Path(__file__).parent / "locale"

LANGUAGES: dict[str, str] = {"en": "English", "nl": "Nederlands"}
"""The languages there is a catalogue for, each with its own name for itself."""

DEFAULT = "en"
RESTART_CODE = 75
"""The UI's exit code after the language was switched in it: ``delegate`` starts the UI again in the new one."""
ENV_LANG = "DELEGATE_LANG"
# The order gettext itself reads the locale in (LANGUAGE may list several, separated by colons).
_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def _load(language: str) -> gettext.NullTranslations:
    if language == DEFAULT:
        return gettext.NullTranslations()
    return gettext.translation(_DOMAIN, localedir=_LOCALE_DIR, languages=[language], fallback=True)


def normalize(value: str | None) -> str | None:
    """``nl``, ``nl_NL.UTF-8``, ``Dutch``, ``en-GB`` ... as one of :data:`LANGUAGES`, or None."""
    if not value:
        return None
    text = value.strip().casefold()
    for code, name in LANGUAGES.items():
        if text == name.casefold():
            return code
    if text in ("dutch", "nederlands", "english", "engels"):
        return "nl" if text in ("dutch", "nederlands") else "en"
    head = text.replace("-", "_").split(".")[0].split("@")[0].split("_")[0]
    return head if head in LANGUAGES else None


def system_language(environ: Mapping[str, str]) -> str | None:
    """The language the system locale asks for (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``,
    the first set one decides), when there is a catalogue for it."""
    for variable in _LOCALE_VARIABLES:
        value = environ.get(variable)
        if not value:
            continue
        if value in ("C", "POSIX") or value.startswith(("C.", "POSIX.")):
            return DEFAULT
        for part in value.split(":"):  # LANGUAGE=nl:en
            found = normalize(part)
            if found is not None:
                return found
        return None  # the locale names a language without a catalogue: English
    return None


def choose(option: str | None = None, environ: Mapping[str, str] | None = None, remembered: str | None = None) -> str:
    """The language to use: ``--lang``, ``$DELEGATE_LANG``, the remembered choice, the system locale, English."""
    import os

    env = os.environ if environ is None else environ
    for candidate in (option, env.get(ENV_LANG), remembered):
        found = normalize(candidate)
        if found is not None:
            return found
    return system_language(env) or DEFAULT


def explicit(option: str | None = None, environ: Mapping[str, str] | None = None) -> bool:
    """Whether ``--lang`` or ``$DELEGATE_LANG`` chose the language (a remembered choice then gives way)."""
    import os

    env = os.environ if environ is None else environ
    return normalize(option) is not None or normalize(env.get(ENV_LANG)) is not None


def lang_from_argv(argv: list[str]) -> str | None:
    """The value of ``--lang`` in a command line, found before the parser exists (``--lang nl``,
    ``--lang=nl``); None when absent. The parser itself checks the value."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


_language = choose()
_translation = _load(_language)


def use(language: str) -> None:
    """Translate from now on into ``language`` (one of :data:`LANGUAGES`); argparse's own messages too."""
    global _language, _translation
    if language not in LANGUAGES:
        raise ValueError(f"no catalogue for {language!r}")
    _language = language
    _translation = _load(language)
    _translate_argparse()


def current() -> str:
    """The language texts are translated into now (``en`` or ``nl``)."""
    return _language


def arrow_locale() -> str:
    """The locale name arrow's ``humanize`` takes for the current language."""
    return "nl" if _language == "nl" else "en_us"


def _(message: str) -> str:
    """Return the translation of one whole sentence (or the sentence itself)."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Return the translation of a sentence whose form depends on ``count`` (each language has its own rules)."""
    return _translation.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark a text for translation without translating it yet: a module-level text keeps its English
    original and is passed through :func:`_` where it is shown, in the language of that moment."""
    return message


def _translate_argparse() -> None:
    # argparse's own messages ("usage:", "the following arguments are required") use gettext's
    # global functions in the "argparse" domain; our catalogue carries them, so point them at it.
    import argparse

    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


_translate_argparse()
