"""The research the rules' documentation cites, named once so every rule cites it the same way."""

from __future__ import annotations

from delegate_tui.i18n import N_, _

M30 = N_("Management 3.0 delegation levels (Jurgen Appelo, Management 3.0, 2011)")
SL = N_("Situational Leadership (Paul Hersey and Ken Blanchard)")
SDT = N_("self-determination theory (Edward Deci and Richard Ryan)")


def cited() -> dict[str, str]:
    """The sources by the placeholder a rule's text names them with (``{m30}``, ``{sl}``, ``{sdt}``),
    in the current language."""
    return {"m30": _(M30), "sl": _(SL), "sdt": _(SDT)}
