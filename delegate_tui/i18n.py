"""Translation hook for user-facing text.

Every sentence shown to a user goes through :func:`_` as a whole sentence with named
placeholders, so that a translator (Dutch comes first) sees complete sentences and can
reorder the placeholders freely::

    _("{name} has {count} open tasks.").format(name=name, count=count)
"""

from __future__ import annotations

import gettext
from pathlib import Path

_DOMAIN = "delegate-tui"
_LOCALE_DIR = Path(__file__).parent / "locale"

_translation = gettext.translation(_DOMAIN, localedir=_LOCALE_DIR, fallback=True)


def _(message: str) -> str:
    """Return the translation of one whole sentence (or the sentence itself)."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Return the translation of a sentence whose form depends on ``count`` (each language has its own rules)."""
    return _translation.ngettext(singular, plural, count)
