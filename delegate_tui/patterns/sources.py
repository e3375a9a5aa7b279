"""The research the rules' documentation cites, named once so every rule cites it the same way."""

from __future__ import annotations

from delegate_tui.i18n import _

M30 = _("Management 3.0 delegation levels (Jurgen Appelo, Management 3.0, 2011)")
SL = _("Situational Leadership (Paul Hersey and Ken Blanchard)")
SDT = _("self-determination theory (Edward Deci and Richard Ryan)")
