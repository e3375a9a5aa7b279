"""The ``delegate`` console script: a verb's fast path when it has one, else the full command line.

The full command line (:mod:`delegate_tui.cli`) imports pydantic and the model, about 100-150 ms
before any work (docs/speed.md). ``check`` and ``export`` can replay a cached result without
either (:mod:`delegate_tui.quick.cache`). A fast path answers only what
it is sure of, exactly as the full command would; anything else (bad input, an unusual workspace,
a cache miss) returns None and the full command runs instead, with its messages.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

# Options that may come before the verb, each followed by its value.
_LEADING = ("--db", "--lang")


def verb_of(argv: Sequence[str]) -> str | None:
    """The verb of ``argv`` when only ``--db`` and ``--lang`` (with their values) come before it, else None."""
    index = 0
    while index < len(argv):
        word = argv[index]
        if word in _LEADING:
            index += 2
        elif word.startswith(tuple(f"{option}=" for option in _LEADING)):
            index += 1
        elif word.startswith("-"):
            return None  # -h, an abbreviation, ...: argparse's to read
        else:
            return word
    return None


def main() -> int:
    """Run ``delegate`` with the process's arguments; the console script's entry point."""
    argv = sys.argv[1:]
    verb = verb_of(argv)
    if verb in ("check", "export"):
        from delegate_tui.quick.cache import replay

        code = replay(argv)
        if code is not None:
            return code
    from delegate_tui.cli import main as full_command

    return full_command()


if __name__ == "__main__":
    raise SystemExit(main())
