"""Fill the empty translations of a catalogue from a second PO file (a translator's fragment).

    python scripts/merge_po.py FRAGMENT.po [--into delegate_tui/locale/nl/LC_MESSAGES/delegate-tui.po]

Only entries of the main catalogue whose translation is empty (or fuzzy) and whose msgid (and
msgctxt) the fragment translates are filled; translations already in the main catalogue are kept,
and the fragment's entries the catalogue does not hold are listed, not added (extract first).
Run `make translations` afterwards to compile the .mo.

Babel takes a brace-format text with a percent sign before a letter ("{share}% of") for a printf
one too, and ``pybabel compile`` then wants the translation to have the same "% o": word it so.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

MAIN = Path(__file__).resolve().parent.parent / "delegate_tui/locale/nl/LC_MESSAGES/delegate-tui.po"


def _translated(message: Message) -> bool:
    if isinstance(message.string, (list, tuple)):
        return all(message.string)
    return bool(message.string)


def merge(catalog: Catalog, fragment: Catalog) -> tuple[int, list[str]]:
    """Copy ``fragment``'s translations into ``catalog``'s empty or fuzzy entries; returns the number
    filled and the msgids the catalogue lacks."""
    filled = 0
    unknown: list[str] = []
    for source in fragment:
        if not source.id or not _translated(source):
            continue
        target = catalog.get(source.id, source.context)
        if target is None:
            unknown.append(str(source.id if isinstance(source.id, str) else source.id[0]))
            continue
        if _translated(target) and not target.fuzzy:
            continue
        if isinstance(target.id, (list, tuple)) != isinstance(source.id, (list, tuple)):
            unknown.append(str(source.id))
            continue
        target.string = source.string
        target.flags.discard("fuzzy")
        filled += 1
    return filled, unknown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("fragment", type=Path)
    parser.add_argument("--into", type=Path, default=MAIN)
    args = parser.parse_args(argv)
    with args.into.open("rb") as handle:
        catalog = read_po(handle)
    with args.fragment.open("rb") as handle:
        fragment = read_po(handle)
    filled, unknown = merge(catalog, fragment)
    with args.into.open("wb") as handle:
        write_po(handle, catalog, width=110)
    print(f"filled {filled} translations in {args.into}")
    for msgid in unknown:
        print(f"not in the catalogue (re-extract?): {msgid[:80]!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
