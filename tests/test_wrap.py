"""The greedy wrap of the CLI's flag text gives exactly the lines ``textwrap.wrap`` gives."""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from delegate_tui.wrap import wrap

_WORDS = st.lists(
    st.sampled_from(["a", "check-ins", "well--known", "MM001", "task #12", "Zoë", "—", "x" * 30, "-", "e.g."])
    | st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
    max_size=25,
)
_SEPARATORS = st.sampled_from([" ", " ", " ", "  ", "\t", "\n", "\u00a0"])


@settings(max_examples=500, deadline=None)
@given(
    words=_WORDS,
    separators=st.lists(_SEPARATORS, min_size=25, max_size=25),
    width=st.integers(9, 90),  # two columns beside the longest indent; below that see the next test
    initial=st.sampled_from(["", "     ", "     - ", "  "]),
    subsequent=st.sampled_from(["", "     ", "       "]),
)
def test_the_greedy_wrap_gives_textwraps_lines(
    words: list[str], separators: list[str], width: int, initial: str, subsequent: str
) -> None:
    text = "".join(word + separator for word, separator in zip(words, separators)).rstrip(" ")
    assert wrap(text, width, initial, subsequent) == textwrap.wrap(
        text, width, initial_indent=initial, subsequent_indent=subsequent
    )


def test_a_width_narrower_than_the_indent_ends_and_leaves_two_columns() -> None:
    # textwrap.wrap loops forever on this text at width 3 with a five-space indent.
    lines = wrap("\u00a0 - e.g.    a —    -", 3, "     ", "     ")
    assert lines and all(len(line) <= 7 for line in lines)


def test_a_flag_message_wraps_at_76_columns_with_its_indent() -> None:
    message = "Priya Natarajan had 9 manager-started contact days in the last 28 days, above the weekly cadence."
    lines = wrap(message, 76, "     ", "     ")
    assert lines == [
        "     Priya Natarajan had 9 manager-started contact days in the last 28 days,",
        "     above the weekly cadence.",
    ]
    assert all(len(line) <= 76 for line in lines)
