"""The cards of a Delegation Poker round as every screen of the meeting draws them.

The facilitator's poker screen and a participant's tab show the same row of cards and the same
count, so that the room and the browser tabs read alike.
"""

from __future__ import annotations

from rich.text import Text

from delegate_tui.i18n import ngettext
from delegate_tui.meeting import has_voted
from delegate_tui.model import PokerRound, ReviewMeeting

CARD_WIDTH = 13
"""Columns per card on screen, its gap included."""


def voted_count(meeting: ReviewMeeting, poker: PokerRound) -> str:
    """ "3 of 4 have voted"."""
    voted = sum(1 for name in meeting.participants if has_voted(poker, name))
    total = len(meeting.participants)
    return ngettext("{voted} of {total} has voted", "{voted} of {total} have voted", total).format(
        voted=voted, total=total
    )


def poker_cards(meeting: ReviewMeeting, poker: PokerRound, width: int) -> Text:
    """Every participant's card: blank while they think, "?" once played, the number after the reveal."""
    per_row = max(1, width // CARD_WIDTH)
    played = {vote.participant.casefold(): vote.card for vote in poker.votes}
    text = Text()
    names = list(meeting.participants)
    for start in range(0, len(names), per_row):
        top, middle, bottom, labels = Text(), Text(), Text(), Text()
        for name in names[start : start + per_row]:
            card = played.get(name.casefold())
            edge = "bold" if card is not None else "dim"
            if card is None:
                face, style = " ", "dim"
            elif poker.revealed_at is None:
                face, style = "?", "bold"
            else:
                face, style = str(int(card)), "bold reverse"
            top.append("┌─────────┐ ", style=edge)
            middle.append("│", style=edge)
            middle.append(f"    {face}    ", style=style)
            middle.append("│ ", style=edge)
            bottom.append("└─────────┘ ", style=edge)
            shown = name if len(name) <= CARD_WIDTH - 2 else name[: CARD_WIDTH - 3] + "…"
            labels.append(shown.ljust(CARD_WIDTH - 1) + " ")
        for line in (top, middle, bottom, labels):
            text.append_text(line)
            text.append("\n")
    return text
