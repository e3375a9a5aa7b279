"""argparse's own user-facing messages, listed so that the extraction (docs/translating.md) puts them
in our catalogue: :func:`delegate_tui.i18n.use` points argparse's gettext at it, so "usage:", "the
following arguments are required" and "invalid choice" read in the chosen language too.

Nothing imports this module; it only feeds ``pybabel extract``. The texts are argparse's (Python 3.10
to 3.13), printf-style as argparse formats them.
"""

from __future__ import annotations

from delegate_tui.i18n import N_, ngettext

ARGPARSE_TEXTS = (
    N_("usage: "),
    N_("argument %(argument_name)s: %(message)s"),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("can't open '%(filename)s': %(error)s"),
)


def _plurals(count: int) -> tuple[str, ...]:
    # Only for the extraction: argparse's plural messages, exactly as it asks for them.
    return (ngettext("expected %s argument", "expected %s arguments", count),)
