"""The seven delegation levels and the Situational Leadership readiness levels."""

from __future__ import annotations

from enum import Enum, IntEnum
from typing import Annotated, Literal

from pydantic import Field

from delegate_tui.i18n import N_, _
from delegate_tui.model.base import InputError
from delegate_tui.model.text import closest


class DelegationLevel(IntEnum):
    """The seven Management 3.0 delegation levels, from Tell (1) to Delegate (7)."""

    TELL = 1
    SELL = 2
    CONSULT = 3
    AGREE = 4
    ADVISE = 5
    INQUIRE = 6
    DELEGATE = 7

    @property
    def label(self) -> str:
        """The level's name, e.g. ``Consult`` (``Raadplegen`` in Dutch)."""
        return _(_LEVEL_TEXT[self][0])

    @property
    def english(self) -> str:
        """The level's English name, in every language: parsing accepts it everywhere."""
        return _LEVEL_TEXT[self][0]

    @property
    def who_decides(self) -> str:
        """Who holds the decision at this level, in a few words."""
        return _(_LEVEL_TEXT[self][1])

    @property
    def meaning(self) -> str:
        """A one-line description of the level."""
        return _(_LEVEL_TEXT[self][2])

    @property
    def holder(self) -> Literal["manager", "shared", "member"]:
        """Who holds the decision: the manager (1-3), both (4) or the member (5-7)."""
        if self <= 3:
            return "manager"
        return "shared" if self == 4 else "member"

    @property
    def display(self) -> str:
        """Number and name together, e.g. ``5 Advise``: the way levels are always shown."""
        return f"{int(self)} {self.label}"

    @classmethod
    def parse(cls, value: object, field: str = "level") -> DelegationLevel:
        """Read a level given as its number (``5``) or its name (``advise``, any case)."""
        if isinstance(value, DelegationLevel):
            return value
        if type(value) is int and 1 <= value <= 7:
            return _BY_NUMBER[value]
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 7:
            return cls(value)
        text = str(value).strip()
        # ASCII digits only: str.isdigit() accepts "²", which int() rejects.
        if text.isascii() and text.isdigit() and len(text) <= 3 and 1 <= int(text) <= 7:
            return cls(int(text))
        for level in cls:
            # The English names keep working in every language (scripts, habit).
            names = (level.label, level.display, level.english, f"{int(level)} {level.english}")
            if text.casefold() in {name.casefold() for name in names}:
                return level
        suggestion = closest(text, (level.label for level in cls))
        if suggestion is not None:
            raise InputError(
                _("{field} must be 1-7 or one of {names} (got {value!r}; did you mean {suggestion}?).").format(
                    field=field, names=", ".join(level.label for level in cls), value=text, suggestion=suggestion
                )
            )
        raise InputError(
            _("{field} must be 1-7 or one of {names} (got {value!r}).").format(
                field=field, names=", ".join(level.label for level in cls), value=text
            )
        )


_LEVEL_TEXT: dict[DelegationLevel, tuple[str, str, str]] = {
    DelegationLevel.TELL: (N_("Tell"), N_("the manager"), N_("The manager decides and announces the decision.")),
    DelegationLevel.SELL: (N_("Sell"), N_("the manager"), N_("The manager decides and explains why, to win support.")),
    DelegationLevel.CONSULT: (N_("Consult"), N_("the manager"), N_("The manager asks for input, then decides.")),
    DelegationLevel.AGREE: (N_("Agree"), N_("both together"), N_("Manager and member decide together, by consensus.")),
    DelegationLevel.ADVISE: (N_("Advise"), N_("the member"), N_("The manager gives an opinion; the member decides.")),
    DelegationLevel.INQUIRE: (
        N_("Inquire"),
        N_("the member"),
        N_("The member decides and informs the manager afterwards."),
    ),
    DelegationLevel.DELEGATE: (
        N_("Delegate"),
        N_("the member"),
        N_("The member decides; the manager need not be told."),
    ),
}


_BY_NUMBER: dict[int, DelegationLevel] = {int(level): level for level in DelegationLevel}


class Readiness(str, Enum):
    """Situational Leadership development level for one member in one decision area."""

    D1 = "D1"
    D2 = "D2"
    D3 = "D3"
    D4 = "D4"

    @property
    def step(self) -> int:
        """1 to 4, so that two readiness views can be compared."""
        return int(self.value[1])

    @property
    def meaning(self) -> str:
        """What the development level means."""
        return {
            "D1": _("New to it: needs direction."),
            "D2": _("Learning: needs coaching."),
            "D3": _("Capable but cautious: needs support."),
            "D4": _("Self-reliant: can be trusted with it."),
        }[self.value]

    @classmethod
    def parse(cls, value: object, field: str = "readiness") -> Readiness:
        """Read ``D1``-``D4`` (any case)."""
        text = str(value).strip().upper()
        try:
            return cls(text)
        except ValueError:
            raise InputError(
                _("{field} must be one of D1, D2, D3, D4 (got {value!r}).").format(field=field, value=str(value))
            ) from None


Level = Annotated[DelegationLevel, Field(description="Delegation level, 1 (Tell) to 7 (Delegate).")]
