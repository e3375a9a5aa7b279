"""One member's item of a review meeting: their agreement on the wall, and the changes the meeting makes to it."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from delegate_tui.i18n import _
from delegate_tui.meeting import with_decision, with_item_status, with_note
from delegate_tui.model import (
    MANAGER,
    PULSE_QUESTION,
    AgendaItem,
    AgreementTerms,
    DelegationLevel,
    EventContext,
    InputError,
    Readiness,
    ReviewMeeting,
    cadence_label,
    parse_cadence,
)
from delegate_tui.screens.data import WorkspaceData
from delegate_tui.screens.host import host
from delegate_tui.screens.meeting_prompt import MeetingPrompt, level_problem
from delegate_tui.screens.meeting_wall import _level_change, _self_readiness_change, agreement_view, wall_title
from delegate_tui.screens.widgets import KeyFooter


class ItemScreen(Screen[None]):
    """One member's agreement in the meeting, and the changes the meeting makes to it."""

    CSS_PATH = "meeting.tcss"
    DEFAULT_CLASSES = "meeting-screen meeting-item-screen"
    BINDINGS: ClassVar[list[BindingType]] = [
        *[
            Binding(str(level), f"set_level({level})", _("Set level"), id=f"meeting.level-{level}", show=False)
            for level in range(1, 8)
        ],
        Binding("r", "reviewed(False)", _("Reviewed"), id="meeting.reviewed", tooltip=_("Confirm the agreement.")),
        Binding(
            "R",
            "reviewed(True)",
            _("Reviewed + ack"),
            id="meeting.acknowledged",
            tooltip=_("Confirm it; the member acknowledges this version."),
        ),
        Binding("d", "desired", _("Desired"), id="meeting.desired", tooltip=_("Change the desired level.")),
        Binding("c", "cadence", _("Cadence"), id="meeting.cadence", tooltip=_("Change the check-in cadence.")),
        Binding("g", "add_goal('growth_goals')", _("Goal"), id="meeting.goal", tooltip=_("Add a growth goal.")),
        Binding("G", "add_goal('guardrails')", _("Guardrail"), id="meeting.guardrail", tooltip=_("Add a guardrail.")),
        Binding("k", "poker('current')", _("Poker"), id="meeting.item-poker", tooltip=_("Poker on the level.")),
        Binding(
            "K",
            "poker('desired')",
            _("Poker desired"),
            id="meeting.item-poker-desired",
            tooltip=_("Poker on the desired level."),
        ),
        Binding("u", "pulse", _("Pulse"), id="meeting.pulse", tooltip=_("The member's pulse and own readiness.")),
        Binding("n", "note", _("Note"), id="meeting.note", tooltip=_("A private note, typed masked.")),
        Binding("f", "toggle_flags", _("Flags"), id="meeting.flags", tooltip=_("Show or hide this member's flags.")),
        Binding(
            "F",
            "reveal_flags",
            _("Others' flags"),
            id="meeting.reveal-flags",
            tooltip=_("Show another person's flags on the wall, after a confirmation."),
        ),
        Binding("up", "area(-1)", _("Area up"), id="meeting.area-up", show=False, priority=True),
        Binding("down", "area(1)", _("Area down"), id="meeting.area-down", show=False, priority=True),
        Binding("escape", "back", _("Agenda"), id="meeting.back", tooltip=_("Back to the agenda.")),
    ]

    def __init__(self, meeting_id: int, index: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.index = index
        self.area_index = 0
        self.show_flags = True
        # Other people whose flags the facilitator chose to show on the wall: never by default.
        self.revealed: list[int] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="item-body"):
            yield Static("", id="item-head", markup=False)
            yield Static("", id="item-agreement", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = _("Review meeting")
        self.show_data(host(self).data)

    def item(self) -> AgendaItem | None:
        """The agenda item on screen."""
        meeting = host(self).data.workspace.reviews.get(self.meeting_id)
        if meeting is None or not 0 <= self.index < len(meeting.agenda):
            return None
        return meeting.agenda[self.index]

    @property
    def member_id(self) -> int:
        """The member on screen."""
        item = self.item()
        return item.member_id if item is not None and item.member_id is not None else MANAGER

    def areas(self) -> list[int]:
        """The areas of the member's agreement, by name."""
        workspace = host(self).data.workspace
        agreement = workspace.agreements.get(self.member_id)
        if agreement is None:
            return []
        return sorted(agreement.levels, key=lambda area_id: workspace.area_name(area_id).casefold())

    def area_id(self) -> int | None:
        """The area the cursor is on, starting on the item's own area."""
        areas = self.areas()
        if not areas:
            return None
        return areas[max(0, min(self.area_index, len(areas) - 1))]

    def show_data(self, data: WorkspaceData) -> None:
        """Redraw from a new snapshot."""
        item = self.item()
        if item is None:
            return
        if item.area_id is not None and getattr(self, "_placed", False) is False:
            self._placed = True
            if item.area_id in self.areas():
                self.area_index = self.areas().index(item.area_id)
        head = Text(wall_title(data.workspace, item), style="bold")
        head.append("\n")
        head.append(
            _("1-7 set the level of the marked area; arrows move the mark."),
            style="italic",
        )
        self.query_one("#item-head", Static).update(head)
        self.query_one("#item-agreement", Static).update(
            agreement_view(
                data, self.member_id, with_flags=self.show_flags, area_id=self.area_id(), revealed=self.revealed
            )
        )

    def _member_name(self) -> str:
        return host(self).data.workspace.owner_name(self.member_id)

    def _change_agreement(
        self,
        change: Callable[[AgreementTerms], AgreementTerms],
        decision: str,
        *,
        reviewed: bool = False,
        acknowledged: bool | None = None,
        area_id: int | None = None,
        status: str | None = None,
    ) -> bool:
        """A change of the agreement with the review context, then the decision in the minutes."""
        app = host(self)
        member_id = self.member_id
        now = app.now()

        def both() -> None:
            app.store.set_agreement(
                member_id,
                change,
                now=now,
                reviewed=now if reviewed else None,
                context=EventContext.REVIEW,
                acknowledged=acknowledged,
            )

            def minutes(meeting: ReviewMeeting) -> ReviewMeeting:
                meeting = with_decision(meeting, decision, now, member_id=member_id, area_id=area_id)
                return with_item_status(meeting, self.index, status) if status else meeting

            app.store.update_meeting(self.meeting_id, minutes, now=now)

        return app.apply(both, success=decision)

    def _has_agreement(self) -> bool:
        if self.member_id not in host(self).data.workspace.agreements:
            host(self).notify(
                _("{member} has no trust agreement yet: make one from the board first.").format(
                    member=self._member_name()
                ),
                severity="warning",
            )
            return False
        return True

    def action_area(self, offset: int) -> None:
        """Move the area mark."""
        areas = self.areas()
        if areas:
            self.area_index = max(0, min(len(areas) - 1, self.area_index + offset))
            self.show_data(host(self).data)

    def action_set_level(self, level: int) -> None:
        """Agree a new level for the marked area."""
        area_id = self.area_id()
        if area_id is None or not self._has_agreement():
            self.app.bell()
            return
        chosen = DelegationLevel(level)
        workspace = host(self).data.workspace
        entry = workspace.agreements[self.member_id].levels[area_id]
        if entry.level == chosen:
            return
        decision = _("{member}, {area}: level {before} became {after}.").format(
            member=self._member_name(),
            area=workspace.area_name(area_id),
            before=entry.level.display,
            after=chosen.display,
        )
        self._change_agreement(_level_change(area_id, chosen, "current"), decision, area_id=area_id)

    def action_desired(self) -> None:
        """Ask for the desired level of the marked area."""
        area_id = self.area_id()
        if area_id is None or not self._has_agreement():
            self.app.bell()
            return
        workspace = host(self).data.workspace

        def answered(value: str | None) -> None:
            if not value:
                return
            chosen = DelegationLevel.parse(value)
            decision = _("{member}, {area}: desired level {level}.").format(
                member=self._member_name(), area=workspace.area_name(area_id), level=chosen.display
            )
            self._change_agreement(_level_change(area_id, chosen, "desired"), decision, area_id=area_id)

        self.app.push_screen(
            MeetingPrompt(
                _("Desired level in {area} (1-7)?").format(area=workspace.area_name(area_id)), check=level_problem
            ),
            answered,
        )

    def action_cadence(self) -> None:
        """Ask for a new check-in cadence."""
        if not self._has_agreement():
            return

        def check(value: str) -> str | None:
            try:
                parse_cadence(value)
            except InputError as error:
                return str(error)
            return None

        def answered(value: str | None) -> None:
            if not value:
                return
            cadence = parse_cadence(value)
            decision = _("{member}: check-ins {cadence}.").format(
                member=self._member_name(), cadence=cadence_label(cadence)
            )
            self._change_agreement(lambda terms: terms.model_copy(update={"cadence": cadence}), decision)

        self.app.push_screen(
            MeetingPrompt(_("Check-in cadence?"), placeholder="weekly, biweekly, 10d ...", check=check), answered
        )

    def action_add_goal(self, field: str) -> None:
        """Ask for a growth goal or a guardrail to add."""
        if not self._has_agreement():
            return
        goal = field == "growth_goals"

        def check(value: str) -> str | None:
            if not value.strip():
                return _("the text must not be empty.")
            try:
                AgreementTerms.model_validate({field: [value]})
            except ValueError as error:
                return str(error).splitlines()[-1]
            return None

        def answered(value: str | None) -> None:
            if not value:
                return
            text = AgreementTerms.model_validate({field: [value]}).model_dump()[field][0]

            def change(terms: AgreementTerms) -> AgreementTerms:
                items = list(getattr(terms, field))
                return terms.model_copy(update={field: [*items, text] if text not in items else items})

            template = _("{member}: growth goal added: {text}") if goal else _("{member}: guardrail added: {text}")
            self._change_agreement(change, template.format(member=self._member_name(), text=text))

        question = _("Which growth goal?") if goal else _("Which guardrail?")
        self.app.push_screen(MeetingPrompt(question, check=check), answered)

    def action_reviewed(self, acknowledged: bool) -> None:
        """Confirm the agreement as reviewed (stamps the review date; with the member's acknowledgement)."""
        if not self._has_agreement():
            return
        name = self._member_name()
        decision = (
            _("{member}'s agreement was reviewed; {member} acknowledged this version.").format(member=name)
            if acknowledged
            else _("{member}'s agreement was reviewed.").format(member=name)
        )
        self._change_agreement(
            lambda terms: terms, decision, reviewed=True, acknowledged=True if acknowledged else None, status="reviewed"
        )

    def action_poker(self, about: str) -> None:
        """Delegation Poker on the marked area's level (or desired level)."""
        from delegate_tui.screens.poker import PokerScreen

        area_id = self.area_id()
        if area_id is None:
            self.app.bell()
            return
        app = host(self)
        topic = app.data.workspace.area_name(area_id)
        started: list[int] = []
        member_id = self.member_id
        if app.apply(
            lambda: started.append(
                app.store.start_poker_round(
                    self.meeting_id,
                    topic=topic,
                    area_id=area_id,
                    member_id=member_id,
                    about="desired" if about == "desired" else "current",
                    now=app.now(),
                ).id
            )
        ):
            self.app.push_screen(PokerScreen(self.meeting_id, started[0]))

    def action_pulse(self) -> None:
        """The member's pulse (1-5) and, if they give it, their own readiness (D1-D4)."""
        name = self._member_name()

        def parts(value: str) -> tuple[int, Readiness | None]:
            words = value.split()
            if not words or not (words[0].isascii() and words[0].isdigit() and 1 <= int(words[0]) <= 5):
                raise InputError(_("the pulse must be a whole number from 1 to 5, then D1-D4 if given."))
            readiness = Readiness.parse(words[1], "own readiness") if len(words) > 1 else None
            if len(words) > 2:
                raise InputError(_("the pulse must be a whole number from 1 to 5, then D1-D4 if given."))
            return int(words[0]), readiness

        def check(value: str) -> str | None:
            try:
                parts(value)
            except InputError as error:
                return str(error)
            return None

        area_id = self.area_id()
        in_agreement = area_id is not None and self.member_id in host(self).data.workspace.agreements

        def answered(value: str | None) -> None:
            if not value:
                return
            score, readiness = parts(value)
            app = host(self)
            member_id, now = self.member_id, app.now()

            def both() -> None:
                app.store.record_meeting_pulse(self.meeting_id, member_id, score, readiness=readiness, now=now)
                if readiness is not None and area_id is not None and in_agreement:
                    # The member's own view goes into the agreement too, as `agreement set
                    # --self-readiness` does, so the perception-gap rule reads it.
                    app.store.set_agreement(
                        member_id, _self_readiness_change(area_id, readiness), now=now, context=EventContext.REVIEW
                    )

            app.apply(both, success=_("{member}'s pulse is kept.").format(member=name))

        question = (
            _(
                "{member}: {question}? 1 (not at all) to 5 (fully), then own readiness in {area} D1-D4 if you like."
            ).format(member=name, question=_(PULSE_QUESTION), area=host(self).data.workspace.area_name(area_id))
            if in_agreement
            else _("{member}: {question}? 1 (not at all) to 5 (fully), then own readiness D1-D4 if you like.").format(
                member=name, question=_(PULSE_QUESTION)
            )
        )
        self.app.push_screen(
            MeetingPrompt(
                question,
                placeholder="4 D3",
                check=check,
            ),
            answered,
        )

    def action_note(self) -> None:
        """A private note: typed masked, kept for the manager's copy of the minutes only."""

        def answered(value: str | None) -> None:
            if not value:
                return
            app = host(self)
            member_id = self.member_id
            app.apply(
                lambda: app.store.update_meeting(
                    self.meeting_id, lambda m: with_note(m, value, app.now(), member_id), now=app.now()
                ),
                success=_("The private note is kept for the manager's copy of the minutes."),
            )

        self.app.push_screen(
            MeetingPrompt(_("A private note (hidden while typed; only in the manager's minutes):"), secret=True),
            answered,
        )

    def action_toggle_flags(self) -> None:
        """Show or hide the flags about the member on screen (hiding them hides the revealed ones too)."""
        self.show_flags = not self.show_flags
        if not self.show_flags:
            self.revealed = []
        self.show_data(host(self).data)

    def action_reveal_flags(self) -> None:
        """Show another person's flags on the wall: asked by name, then confirmed, never by default."""
        workspace = host(self).data.workspace

        def person(value: str) -> int:
            member = workspace.member_named(value)
            if member.id == self.member_id:
                raise InputError(_("{member}'s own flags are shown with f.").format(member=member.name))
            return member.id

        def check(value: str) -> str | None:
            try:
                person(value)
            except InputError as error:
                return str(error)
            return None

        def confirmed(member_id: int, answer: str | None) -> None:
            if answer is None or answer.casefold() not in ("y", "yes", _("y"), _("yes")):
                return
            if member_id not in self.revealed:
                self.revealed.append(member_id)
            self.show_data(host(self).data)

        def named(value: str | None) -> None:
            if not value:
                return
            member_id = person(value)
            self.app.push_screen(
                MeetingPrompt(
                    _("The wall will show {member}'s flags to everyone in the room. Show them? (y/n)").format(
                        member=workspace.owner_name(member_id)
                    ),
                    placeholder="y",
                ),
                lambda answer: confirmed(member_id, answer),
            )

        self.app.push_screen(MeetingPrompt(_("Whose flags should the wall show?"), check=check), named)

    def action_back(self) -> None:
        """Back to the agenda."""
        self.dismiss(None)
