"""Modal forms: a member, a decision area, a trust agreement.

Each form checks every field with the same parsers (and so the same messages) as the CLI,
shows a problem under its field and stays open without changing anything; ctrl+s or the Save
button saves through the store, escape cancels. A saved form reloads the app and closes with
the saved record; a cancelled one closes with None.
"""

from __future__ import annotations

from datetime import date

from pydantic import ValidationError
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from delegate_tui.i18n import _
from delegate_tui.model import (
    CADENCE_DAYS,
    ON_REQUEST,
    TEXT_LIMITS,
    AgreementTerms,
    AreaAgreement,
    DecisionArea,
    DelegationLevel,
    Member,
    Readiness,
    TrustAgreement,
    cadence_label,
    explain,
    names_the_manager,
    parse_cadence,
)
from delegate_tui.model.goals import goal_problem
from delegate_tui.screens.dialog_form import DialogForm, limited, optional_date, whole_number
from delegate_tui.screens.form_base import FORM, FieldError, form_today, read_due
from delegate_tui.screens.host import host
from delegate_tui.screens.ticks import TickBox
from delegate_tui.storage.edits import agreement_edit

LEVEL_OPTIONS: list[tuple[str, int]] = [(level.display, int(level)) for level in DelegationLevel]
READINESS_OPTIONS: list[tuple[str, str]] = [(r.value, r.value) for r in Readiness]
CADENCES: list[str] = [*CADENCE_DAYS, ON_REQUEST]


class MemberForm(DialogForm[Member | None]):
    """Add a member, or edit one (name, role, start date)."""

    def __init__(self, member: Member | None = None) -> None:
        super().__init__()
        self.member = member

    def compose(self) -> ComposeResult:
        member = self.member
        title = _("Add a member") if member is None else _("Edit {name}").format(name=member.name)
        with Vertical(classes="dialog", id="member-form"):
            yield Static(title, classes="dialog-title", markup=False)
            yield Label(_("Name"), classes="field-label")
            yield Input(member.name if member else "", id="name", placeholder=_("e.g. Priya Natarajan"))
            yield self.error_label("name")
            yield Label(_("Role"), classes="field-label")
            yield Input(member.role if member else "", id="role", placeholder=_("e.g. Backend Engineer"))
            yield self.error_label("role")
            yield Label(_("Start date"), classes="field-label")
            since = member.since.isoformat() if member and member.since else ""
            yield Input(since, id="since", placeholder=_("YYYY-MM-DD, optional"))
            yield self.error_label("since")
            yield from self.buttons()

    def submit(self) -> None:
        since = optional_date(self.text("since"), "since", _("start date"))
        role = limited(self.text("role"), "role", _("role"), TEXT_LIMITS["role"])
        try:
            name = Member(name=self.text("name")).name
        except ValidationError as error:
            raise FieldError("name", explain(error)) from None
        app = host(self)
        if names_the_manager(name, app.data.workspace.manager):
            raise FieldError(
                "name",
                _("name {name!r} is taken by you, the manager: give the member another name.").format(name=name),
            )
        now = app.now()
        if self.member is None:
            saved = self.store_call(lambda: app.store.add_member(name, role=role, since=since, now=now), "name")
            message = _("Added {name} to the team.")
        else:
            # Only the fields the user changed: another process may have changed the others meanwhile.
            shown = self.member
            saved = self.store_call(
                lambda: app.store.update_member(
                    shown.id,
                    name=name if name != shown.name else None,
                    role=role if role != shown.role else None,
                    since=since if since != shown.since else "unchanged",
                    now=now,
                ),
                "name",
            )
            message = _("Saved the details of {name}.")
        if saved is None:
            return
        app.reload()
        app.notify(message.format(name=saved.name))
        self.dismiss(saved)


class ManagerForm(DialogForm[str | None]):
    """Name the workspace's manager: the owner shown for tasks the manager keeps."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="manager-form"):
            yield Static(_("Your name as the manager"), classes="dialog-title", markup=False)
            yield Static(
                _("Tasks you keep show this name as their owner, in the app and in exported summaries."),
                classes="dialog-text",
            )
            yield Label(_("Name"), classes="field-label")
            yield Input(host(self).data.workspace.manager, id="name", placeholder=_("e.g. Sam Rivera"))
            yield self.error_label("name")
            yield from self.buttons()

    def submit(self) -> None:
        try:
            name = Member(name=self.text("name")).name
        except ValidationError as error:
            raise FieldError("name", explain(error)) from None
        app = host(self)
        now = app.now()

        def rename() -> bool:
            app.store.set_manager(name, now=now)
            return True

        if self.store_call(rename, "name") is None:
            return
        app.reload()
        app.notify(_("Tasks you keep now show {name} as their owner.").format(name=name))
        self.dismiss(name)


class AreaForm(DialogForm[DecisionArea | None]):
    """Add a decision area, or edit one (name, description)."""

    def __init__(self, area: DecisionArea | None = None) -> None:
        super().__init__()
        self.area = area

    def compose(self) -> ComposeResult:
        area = self.area
        title = _("Add a decision area") if area is None else _("Edit {name}").format(name=area.name)
        with Vertical(classes="dialog", id="area-form"):
            yield Static(title, classes="dialog-title", markup=False)
            yield Label(_("Name"), classes="field-label")
            yield Input(area.name if area else "", id="name", placeholder=_("e.g. Hiring, Tooling, Budget up to 1k"))
            yield self.error_label("name")
            yield Label(_("Description"), classes="field-label")
            yield Input(
                area.description if area else "", id="description", placeholder=_("What kind of decisions it covers")
            )
            yield self.error_label("description")
            yield from self.buttons()

    def submit(self) -> None:
        description = limited(self.text("description"), "description", _("description"), TEXT_LIMITS["description"])
        try:
            name = DecisionArea(name=self.text("name")).name
        except ValidationError as error:
            raise FieldError("name", explain(error)) from None
        app = host(self)
        now = app.now()
        if self.area is None:
            saved = self.store_call(lambda: app.store.add_area(name, description=description, now=now), "name")
            message = _("Added the decision area {name}.")
        else:
            shown = self.area
            saved = self.store_call(
                lambda: app.store.update_area(
                    shown.id,
                    name=name if name != shown.name else None,
                    description=description if description != shown.description else None,
                    now=now,
                ),
                "name",
            )
            message = _("Saved the decision area {name}.")
        if saved is None:
            return
        app.reload()
        app.notify(message.format(name=saved.name))
        self.dismiss(saved)


class AgreementForm(DialogForm[TrustAgreement | None]):
    """Edit a member's trust agreement; saving makes a new version (the old one is kept)."""

    def __init__(self, member_id: int) -> None:
        super().__init__()
        self.member_id = member_id
        self.shown_terms = AgreementTerms()

    def compose(self) -> ComposeResult:
        workspace = host(self).data.workspace
        member = workspace.members[self.member_id]
        agreement = workspace.agreements.get(self.member_id)
        terms = agreement.terms() if agreement else AgreementTerms()
        self.shown_terms = terms  # what the user edits: saving applies only the difference to the latest terms
        if agreement is None:
            title = _("New trust agreement with {name}").format(name=member.name)
        else:
            title = _("Trust agreement with {name}, version {version}").format(
                name=member.name, version=agreement.version
            )
        with Vertical(classes="dialog wide", id="agreement-form"):
            yield Static(title, classes="dialog-title", markup=False)
            with VerticalScroll(id="agreement-fields", can_focus=False):
                yield Label(_("Levels per decision area"), classes="section-title")
                yield Static(
                    _("Readiness D1-D4: how ready you think they are (You), and how ready they feel (Self)."),
                    classes="field-hint",
                )
                # Explains the level or readiness being chosen, and follows the focus and the choice.
                yield Static(self.choice_hint(None), id="choice-hint", classes="choice-hint", markup=False)
                with Horizontal(classes="area-row area-head"):
                    yield Label(_("Area"), classes="area-name")
                    yield Label(_("Level"), classes="area-level")
                    yield Label(_("Desired"), classes="area-level")
                    yield Label(_("by date"), classes="area-date")
                    yield Label(_("You"), classes="area-readiness")
                    yield Label(_("Self"), classes="area-readiness")
                if not workspace.areas:
                    yield Static(
                        _("There are no decision areas yet: add one on the board with n."), classes="dialog-text"
                    )
                for area in sorted(workspace.areas.values(), key=lambda a: a.name.casefold()):
                    entry = terms.levels.get(area.id)
                    with Horizontal(classes="area-row"):
                        yield Label(area.name, classes="area-name", markup=False)
                        yield Select(
                            LEVEL_OPTIONS,
                            value=int(entry.level) if entry else Select.NULL,
                            prompt="·",
                            id=f"level-{area.id}",
                            classes="area-level",
                            compact=True,
                        )
                        yield Select(
                            LEVEL_OPTIONS,
                            value=int(entry.desired) if entry and entry.desired else Select.NULL,
                            prompt="·",
                            id=f"desired-{area.id}",
                            classes="area-level",
                            compact=True,
                        )
                        yield Input(
                            entry.desired_by.isoformat() if entry and entry.desired_by else "",
                            placeholder=_("YYYY-MM-DD"),
                            id=f"by-{area.id}",
                            classes="area-date",
                            compact=True,
                        )
                        yield Select(
                            READINESS_OPTIONS,
                            value=entry.readiness.value if entry and entry.readiness else Select.NULL,
                            prompt="·",
                            id=f"readiness-{area.id}",
                            classes="area-readiness",
                            compact=True,
                        )
                        yield Select(
                            READINESS_OPTIONS,
                            value=entry.self_readiness.value if entry and entry.self_readiness else Select.NULL,
                            prompt="·",
                            id=f"self-{area.id}",
                            classes="area-readiness",
                            compact=True,
                        )
                    yield self.error_label(f"area-{area.id}")
                yield Label(_("Terms"), classes="section-title")
                cadences = CADENCES if terms.cadence in CADENCES else [*CADENCES, terms.cadence]
                with Horizontal(classes="field-row"):
                    yield Label(_("Check-ins"), classes="field-name")
                    yield Select(
                        [(cadence_label(c), c) for c in cadences],
                        value=terms.cadence,
                        allow_blank=False,
                        id="cadence",
                        compact=True,
                    )
                with Horizontal(classes="field-row"):
                    yield Label(_("Review every"), classes="field-name")
                    yield Input(str(terms.review_every_days), id="review-every", compact=True)
                    yield Label(_("days"), classes="field-unit")
                yield self.error_label("review-every")
                with Horizontal(classes="field-row"):
                    yield Label(_("Channel"), classes="field-name")
                    yield Input(terms.channel, id="channel", placeholder=_("e.g. 1:1 on Tuesdays, Slack"), compact=True)
                yield self.error_label("channel")
                with Horizontal(classes="field-row"):
                    yield Label(_("Support you offer"), classes="field-name")
                    yield Input(
                        terms.support, id="support", placeholder=_("e.g. pairing on the first two hires"), compact=True
                    )
                yield self.error_label("support")
                with Horizontal(classes="field-row lines-row"):
                    yield Label(_("Guardrails\n(one per line)"), classes="field-name")
                    yield TextArea("\n".join(terms.guardrails), id="guardrails", classes="lines", compact=True)
                yield self.error_label("guardrails")
                with Horizontal(classes="field-row lines-row"):
                    yield Label(_("Growth goals\n(one per line)"), classes="field-name")
                    yield TextArea("\n".join(terms.growth_goals), id="growth", classes="lines", compact=True)
                yield self.error_label("growth")
                last = terms.last_review.isoformat() if terms.last_review else _("never")
                yield TickBox(
                    Content(_("Reviewed today (last review: {date})").format(date=last)),
                    False,
                    id="reviewed",
                    compact=True,
                )
                # Unticked: saving makes a new version, which the member has not seen yet.
                yield TickBox(
                    Content(_("Acknowledged by {name}").format(name=member.name)),
                    False,
                    id="acknowledged",
                    compact=True,
                )
            yield from self.buttons()

    @staticmethod
    def choice_hint(widget_id: str | None, value: object = None) -> str:
        """What the level or readiness select ``widget_id`` means with ``value`` chosen."""
        kind = (widget_id or "").split("-", 1)[0]
        if kind in ("level", "desired"):
            if isinstance(value, int):
                level = DelegationLevel(value)
                return _("{level}: {meaning}").format(level=level.display, meaning=level.meaning)
            return _("Level 1 Tell (you decide) .. 7 Delegate (they decide); Desired: where you both want it to go.")
        if kind in ("readiness", "self"):
            if isinstance(value, str):
                readiness = Readiness(value)
                return _("{readiness}: {meaning}").format(readiness=readiness.value, meaning=readiness.meaning)
            return _("Readiness: D1 new to it, D2 learning, D3 capable but cautious, D4 self-reliant.")
        return _("Level: who decides, 1 Tell .. 7 Delegate. Readiness: D1 new to it .. D4 self-reliant.")

    def _hint(self, widget: object) -> None:
        if isinstance(widget, Input) and (widget.id or "").startswith("by-"):
            self.query_one("#choice-hint", Static).update(
                _("by date: when the desired level should be reached, e.g. 2027-06-30, in 3 months, end of month.")
            )
        elif isinstance(widget, Select) and widget.id:
            value = None if widget.value is Select.NULL else widget.value
            self.query_one("#choice-hint", Static).update(self.choice_hint(widget.id, value))

    @on(Select.Changed)
    def _choice_changed(self, event: Select.Changed) -> None:
        self._hint(event.select)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._hint(event.widget)

    def _select(self, field: str) -> object:
        value = self.query_one(f"#{field}", Select).value
        return None if value is Select.NULL else value

    def _lines(self, field: str, option: str) -> list[str]:
        lines: list[str] = []
        for line in self.query_one(f"#{field}", TextArea).text.splitlines():
            cleaned = limited(line, field, option, TEXT_LIMITS["guardrail"])  # growth goals: the same
            if cleaned and cleaned not in lines:
                lines.append(cleaned)
        return lines

    def _levels(self) -> dict[int, AreaAgreement]:
        app = host(self)
        workspace = app.data.workspace
        today = form_today(app.now(), workspace)
        levels: dict[int, AreaAgreement] = {}
        for area in sorted(workspace.areas.values(), key=lambda a: a.name.casefold()):
            field = f"area-{area.id}"
            level = self._select(f"level-{area.id}")
            desired = self._select(f"desired-{area.id}")
            readiness = self._select(f"readiness-{area.id}")
            self_readiness = self._select(f"self-{area.id}")
            by = read_due(self.text(f"by-{area.id}"), today, field, _("desired date for {area}").format(area=area.name))
            if level is None:
                if desired is not None or by is not None or readiness is not None or self_readiness is not None:
                    raise FieldError(
                        field,
                        _("Set a level for {area} first: the desired level and readiness belong to it.").format(
                            area=area.name
                        ),
                    )
                continue
            if by is not None and desired is None:
                raise FieldError(
                    field, _("Choose the desired level for {area} before its date.").format(area=area.name)
                )
            entry = AreaAgreement(
                level=DelegationLevel.parse(level),
                desired=DelegationLevel.parse(desired) if desired is not None else None,
                desired_by=by,
                readiness=Readiness.parse(readiness) if readiness is not None else None,
                self_readiness=Readiness.parse(self_readiness) if self_readiness is not None else None,
            )
            shown = self.shown_terms.levels.get(area.id)
            # Checked when the row is edited: an old agreement whose date has passed still saves.
            if shown is None or (shown.level, shown.desired, shown.desired_by) != (
                entry.level,
                entry.desired,
                entry.desired_by,
            ):
                self._check_goal(area.name, field, entry, today)
            levels[area.id] = entry
        return levels

    @staticmethod
    def _check_goal(area: str, field: str, entry: AreaAgreement, today: date) -> None:
        """A desired level is a step up, and its date is still ahead."""
        problem = goal_problem(area, entry.level, entry.desired, entry.desired_by, today)
        if problem is not None:
            raise FieldError(field, problem)

    def submit(self) -> None:
        app = host(self)
        workspace = app.data.workspace
        member = workspace.members[self.member_id]
        levels = self._levels()
        channel = limited(self.text("channel"), "channel", _("channel"), TEXT_LIMITS["channel"])
        support = limited(self.text("support"), "support", _("support"), TEXT_LIMITS["support"])
        guardrails = self._lines("guardrails", _("guardrail"))
        growth = self._lines("growth", _("growth goal"))
        review_every = whole_number(self.text("review-every"), "review-every", _("review interval"), low=1, high=3650)
        cadence = parse_cadence(self._select("cadence") or "weekly")
        reviewed = self.query_one("#reviewed", Checkbox).value
        acknowledged = self.query_one("#acknowledged", Checkbox).value
        now = app.now()
        last_review = self.shown_terms.last_review  # a review sets it (set_agreement)
        try:
            terms = AgreementTerms(
                levels=levels,
                cadence=cadence,
                channel=channel,
                support=support,
                guardrails=guardrails,
                growth_goals=growth,
                review_every_days=review_every,
                last_review=last_review,
                # A tick acknowledges; no tick leaves the shown state, so only other edits make a version.
                acknowledged=acknowledged or self.shown_terms.acknowledged,
            )
        except ValidationError as error:
            raise FieldError(FORM, explain(error)) from None
        change = agreement_edit(self.shown_terms, terms)
        result = self.store_call(
            lambda: app.store.set_agreement(
                self.member_id, change, now=now, reviewed=now if reviewed else None, acknowledged=acknowledged
            )
        )
        if result is None:
            return
        saved = result.agreement
        app.reload()
        if not result.changed:
            app.notify(_("The agreement with {name} already says this; nothing changed.").format(name=member.name))
        else:
            app.notify(
                _("Saved version {version} of the agreement with {name}.").format(
                    version=saved.version, name=member.name
                )
            )
        self.dismiss(saved)
