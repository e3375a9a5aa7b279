"""The board's grid: decision areas (rows) x members (columns), drawn line by line.

Only the visible cells are made and rendered, so a team of hundreds stays instant; the area names
stay visible while the members scroll sideways, and the header row while the areas scroll.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from delegate_tui.i18n import _
from delegate_tui.model import DelegationLevel
from delegate_tui.screens.widgets import fit, fit_name, fit_words, list_keys

AREA_WIDTH = 22
"""Width of the fixed first column (the area names)."""
MARK_ROOM = 3
"""Room for a cell's marks (desired level, readiness mismatch, open flag: "↗!⚑")."""


def cell_width() -> int:
    """Width of a member's column in the current language: a space, the longest level name
    ("7 Delegate", "3 Raadplegen"), a space, room for every mark, and a space before the next."""
    return 1 + max(len(level.display) for level in DelegationLevel) + 1 + MARK_ROOM + 1


@dataclass(frozen=True)
class Cell:
    """One cell of the grid: its text (already padded to the column) and its level (None: empty)."""

    text: str
    level: int | None


CellMaker = Callable[[int, int], Cell]
"""Makes the cell of a column (a member) and a row (an area), by their indexes."""


def no_cell(column: int, row: int) -> Cell:
    """The cell maker of an empty grid: there is no cell to make."""
    raise IndexError((column, row))


class BoardGrid(ScrollView, can_focus=True):
    """Areas (rows) x members (columns), drawn line by line: only the visible cells are rendered,
    so a team of hundreds stays instant. The area names stay visible while the members scroll
    sideways, and the header row stays visible while the areas scroll."""

    BINDING_GROUP_TITLE = _("Board")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(0, -1)", _("Up"), show=False, id="board.up"),
        Binding("down", "move(0, 1)", _("Down"), show=False, id="board.down"),
        Binding("left", "move(-1, 0)", _("Left"), show=False, id="board.left"),
        Binding("right", "move(1, 0)", _("Right"), show=False, id="board.right"),
        Binding("home", "jump('first')", _("First member"), show=False, id="board.first"),
        Binding("end", "jump('last')", _("Last member"), show=False, id="board.last"),
        Binding("pageup", "page(-1)", _("Members to the left"), show=False, id="board.page-left"),
        Binding("pagedown", "page(1)", _("Members to the right"), show=False, id="board.page-right"),
        *list_keys("board", down="move(0, 1)", up="move(0, -1)", first="jump('first')", last="jump('last')"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "board--header",
        "board--header-cursor",
        "board--area",
        "board--area-cursor",
        "board--cursor",
        "board--empty",
        *(f"board--level-{level}" for level in range(1, 8)),
    }

    cursor: reactive[tuple[int, int]] = reactive((0, 0), repaint=False)
    """(column, row): the selected member (column) and area (row)."""

    class Moved(Message):
        """The cursor moved to another cell."""

    class Chosen(Message):
        """enter (or a click on the selected cell) on a cell."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.area_names: list[str] = []
        self.member_names: list[str] = []
        self._make_cell: CellMaker = no_cell
        self._cells: dict[tuple[int, int], Cell] = {}
        self.cell_width = cell_width()

    # ------------------------------------------------------------------ content

    def set_content(self, area_names: list[str], member_names: list[str], make_cell: CellMaker) -> None:
        """Replace what the grid shows: ``make_cell(column, row)`` makes a cell when it is first
        drawn (200 members by 8 areas took 8 ms to make before the first paint, which shows 30)."""
        self.area_names, self.member_names = area_names, member_names
        self._make_cell, self._cells = make_cell, {}
        self.cell_width = cell_width()
        self.virtual_size = Size(AREA_WIDTH + self.cell_width * len(member_names), len(area_names) + 1)
        column, row = self.cursor
        self.set_reactive(
            BoardGrid.cursor,
            (max(0, min(column, len(member_names) - 1)), max(0, min(row, len(area_names) - 1))),
        )
        self.refresh()

    def cell(self, column: int, row: int) -> Cell:
        """The cell of a column (a member) and a row (an area), made the first time it is asked for."""
        found = self._cells.get((column, row))
        if found is None:
            found = self._cells[column, row] = self._make_cell(column, row)
        return found

    def select(self, column: int, row: int) -> None:
        """Move the cursor to a cell and scroll it into view."""
        if not self.member_names or not self.area_names:
            return
        column = max(0, min(column, len(self.member_names) - 1))
        row = max(0, min(row, len(self.area_names) - 1))
        self.cursor = (column, row)
        self._scroll_to_cursor()

    def watch_cursor(self, old: tuple[int, int], new: tuple[int, int]) -> None:
        if old != new:
            self.refresh()
            self.post_message(self.Moved())

    def _scroll_to_cursor(self) -> None:
        column, row = self.cursor
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        first, last, _offset = self._visible_columns(scroll_x, width)
        shown = max(1, last - first)
        # Scroll by whole columns, so that no column is ever shown in part.
        if column < first:
            first = column
        elif column >= first + shown:
            first = column - shown + 1
        x = first * self.cell_width
        visible_rows = max(1, self.scrollable_content_region.height - 1)
        y = scroll_y
        if row < scroll_y:
            y = row
        elif row >= scroll_y + visible_rows:
            y = row - visible_rows + 1
        if (x, y) != (scroll_x, scroll_y):
            self.scroll_to(x, y, animate=False, immediate=True)

    # ------------------------------------------------------------------ drawing

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x, scroll_y = self.scroll_offset
        base = self.rich_style
        if y == 0:
            return self._header(scroll_x, width, base)
        row = scroll_y + y - 1
        if row >= len(self.area_names):
            return Strip.blank(width, base)
        cursor_column, cursor_row = self.cursor
        area_style = base + self.get_component_rich_style(
            "board--area-cursor" if row == cursor_row else "board--area", partial=True
        )
        segments = [Segment(f" {fit_words(self.area_names[row], AREA_WIDTH - 2):<{AREA_WIDTH - 1}}", area_style)]
        first, last, offset = self._visible_columns(scroll_x, width)
        cells: list[Segment] = []
        for column in range(first, last):
            cell = self.cell(column, row)
            if column == cursor_column and row == cursor_row:
                name = "board--cursor"
            else:
                name = "board--empty" if cell.level is None else f"board--level-{cell.level}"
            cells.append(Segment(cell.text, base + self.get_component_rich_style(name, partial=True)))
        visible = max(0, width - AREA_WIDTH)
        strip = Strip.join([Strip(segments, AREA_WIDTH), Strip(cells).crop(offset, offset + visible)])
        return strip.extend_cell_length(width, base).crop(0, width)

    def _header(self, scroll_x: int, width: int, base: Style) -> Strip:
        header = base + self.get_component_rich_style("board--header", partial=True)
        current = base + self.get_component_rich_style("board--header-cursor", partial=True)
        first, last, offset = self._visible_columns(scroll_x, width)
        cursor_column = self.cursor[0]
        cells = [
            Segment(
                f" {fit_name(self.member_names[column], self.cell_width - 2):<{self.cell_width - 1}}",
                current if column == cursor_column else header,
            )
            for column in range(first, last)
        ]
        label = _("Decision area")  # outside the f-string, where the extraction sees it
        title = Segment(f" {fit(label, AREA_WIDTH - 2):<{AREA_WIDTH - 1}}", header)
        visible = max(0, width - AREA_WIDTH)
        strip = Strip.join([Strip([title], AREA_WIDTH), Strip(cells).crop(offset, offset + visible)])
        return strip.extend_cell_length(width, header).crop(0, width)

    def _visible_columns(self, scroll_x: int, width: int) -> tuple[int, int, int]:
        """The first and (one past) the last member column on screen, and how much of the first is
        scrolled off: always 0, only whole columns are drawn (a cut column would show a stray mark
        next to the area names, or half a name). A scroll position between two columns (the mouse
        wheel, the scroll bar) shows from the next whole column; the last one can always be reached."""
        shown = max(1, (width - AREA_WIDTH) // self.cell_width)
        count = len(self.member_names)
        first = max(0, min(-(-scroll_x // self.cell_width), count - shown))
        return first, min(count, first + shown), 0

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh()

    # ------------------------------------------------------------------ keys and mouse

    def action_move(self, dx: int, dy: int) -> None:
        """Move the cursor by one cell."""
        column, row = self.cursor
        self.select(column + dx, row + dy)

    def action_jump(self, where: str) -> None:
        """Go to the first or the last member."""
        self.select(0 if where == "first" else len(self.member_names) - 1, self.cursor[1])

    def action_page(self, direction: int) -> None:
        """Move a screenful of members left or right."""
        step = max(1, (self.scrollable_content_region.width - AREA_WIDTH) // self.cell_width)
        self.select(self.cursor[0] + direction * step, self.cursor[1])

    def on_click(self, event: events.Click) -> None:
        scroll_x, scroll_y = self.scroll_offset
        if event.y < 1 or event.x < AREA_WIDTH:
            return
        first, _last, _offset = self._visible_columns(scroll_x, self.scrollable_content_region.width)
        column = first + (event.x - AREA_WIDTH) // self.cell_width
        row = scroll_y + event.y - 1
        if 0 <= column < len(self.member_names) and 0 <= row < len(self.area_names):
            if (column, row) == self.cursor or event.chain > 1:
                self.post_message(self.Chosen())
            self.select(column, row)
