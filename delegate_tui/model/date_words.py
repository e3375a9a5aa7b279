"""The words people write dates and moments in, per language, mapped onto the English the parsers read.

English is the parsers' own vocabulary (:func:`~delegate_tui.model.dates.parse_due`,
:func:`~delegate_tui.model.dates.parse_when`); every other language is one table here that maps each
of its words onto English words, so that ``over 2 weken`` reads as ``in 2 weeks`` and ``vrijdag`` as
``friday``. All tables apply whatever the UI language, so a script written in either keeps working.
"""

from __future__ import annotations

_DUTCH: dict[str, str] = {
    # Days.
    "maandag": "monday",
    "ma": "mon",
    "dinsdag": "tuesday",
    "di": "tue",
    "woensdag": "wednesday",
    "wo": "wed",
    "donderdag": "thursday",
    "do": "thu",
    "vrijdag": "friday",
    "vr": "fri",
    "zaterdag": "saturday",
    "za": "sat",
    "zondag": "sunday",
    "zo": "sun",
    "vandaag": "today",
    "morgen": "tomorrow",
    "overmorgen": "in 2 days",
    "gisteren": "yesterday",
    "eergisteren": "2 days ago",
    "nu": "now",
    # Which one.
    "volgende": "next",
    "komende": "this",
    "aanstaande": "this",
    "deze": "this",
    "op": "on",
    # "eind(e) van de maand", "einde maand", "eind deze week": the articles carry no meaning here.
    "eind": "end of",
    "einde": "end of",
    "van": "",
    "de": "",
    "het": "",
    # Relative phrases: "over 2 weken", "3 dagen geleden", "2 dagen vanaf nu", "gisteren om 15:00".
    "over": "in",
    "geleden": "ago",
    "vanaf": "from",
    "om": "at",
    "en": "and",
    "seconde": "second",
    "seconden": "seconds",
    "minuut": "minute",
    "minuten": "minutes",
    "uur": "hour",  # also the plural: "3 uur"
    "uren": "hours",
    "dag": "day",
    "dagen": "days",
    "weken": "weeks",
    "maand": "month",
    "maanden": "months",
    "jaar": "year",  # also the plural: "3 jaar"
    "jaren": "years",
    # Counts.
    "een": "one",
    "één": "one",
    "eén": "one",
    "twee": "two",
    "drie": "three",
    "vier": "four",
    "vijf": "five",
    "zes": "six",
    "zeven": "seven",
    "acht": "eight",
    "negen": "nine",
    "tien": "ten",
    "elf": "eleven",
    "twaalf": "twelve",
}
"""Dutch (no Dutch word here is also an English word the parsers read, so English passes unchanged)."""

_WORDS: dict[str, str] = {**_DUTCH}
"""Every language's words in one look-up; a later language may add its own table here."""


def as_english(text: str) -> str:
    """``text`` (lower case, single spaces) with every known word of another language put in English."""
    return " ".join(" ".join(_WORDS.get(word, word) for word in text.split(" ")).split())
