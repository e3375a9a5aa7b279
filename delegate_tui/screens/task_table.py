"""A fast table for thousands of rows: only the visible lines are ever rendered.

The built-in ``DataTable`` measures every cell of every new row, which froze the app for about a
second per 10,000 rows. :class:`TaskTable` is a ``ScrollView`` on the line API:
``render_line(y)`` draws one line from plain, pre-computed cell texts, the virtual height is the
row count, and column widths come from the widget's width, not from the content. Replacing the
rows (a new filter, a new sort order) costs a list assignment and one refresh.

Styles come from component classes (see ``task_table.tcss``, which every screen that shows a
table lists in its ``CSS_PATH``), so colours stay out of Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.cells import cell_len
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
from delegate_tui.screens.widgets import fit, fit_name, fit_words, list_keys

SEPARATOR = " "


@dataclass(frozen=True)
class Column:
    """One column: a key, a title, and how wide it may be.

    The ``flex`` column takes whatever width is left; the others get their ``ideal`` width when
    there is room and shrink towards ``minimum`` when there is not.
    """

    key: str
    title: str
    minimum: int
    ideal: int
    flex: bool = False
    align: Literal["left", "right"] = "left"
    cut: Literal["cells", "words", "name", "phrase"] = "cells"
    """How a text too long for the column is shortened (see :func:`fit_cell`)."""
    hide_below: int = 0
    """Below this table width the column is left out (a secondary column gives its room to the others)."""


def fit_cell(text: str, width: int, column: Column) -> str:
    """A cell's text in ``width`` cells, shortened the column's way: ``words`` after its last whole
    word, ``name`` as "Priya N.", ``phrase`` to the part before the first " · " ("19 Dec" of
    "19 Dec · in 3 weeks"), ``cells`` cut where it must."""
    if cell_len(text) > width:
        if column.cut == "words":
            text = fit_words(text, width)
        elif column.cut == "name":
            text = fit_name(text, width)
        elif column.cut == "phrase" and " · " in text:
            text = text.split(" · ", 1)[0]
    return fit(text, width, column.align)


@dataclass(slots=True)
class Row:
    """One row: its key (a task id), the text of each cell, and optional component classes.

    ``styles`` holds, per cell, the name of a component class (or ``None``); ``row_style`` is a
    component class for the whole row (e.g. done tasks drawn dimmed). A row that is not
    ``selectable`` is a heading: the cursor skips it and its last non-empty cell spans the line.
    """

    key: int
    cells: tuple[str, ...]
    styles: tuple[str | None, ...] = ()
    row_style: str | None = None
    selectable: bool = True


def column_widths(columns: Sequence[Column], width: int, separator: int = len(SEPARATOR)) -> list[int]:
    """Widths for ``columns`` that fill ``width`` cells (separators included).

    A column whose ``hide_below`` is above ``width`` gets 0 (it is not drawn). Every other column
    starts at its ideal width. While the flex column is narrower than its own ideal,
    the other columns give up cells one at a time (the one furthest above its minimum first),
    down to their minimum. Whatever is left goes to the flex column.
    """
    if not columns:
        return []
    shown = [index for index, column in enumerate(columns) if width >= column.hide_below]
    if len(shown) < len(columns):
        # Hidden columns get no width and no separator.
        widths = column_widths([columns[index] for index in shown], width, separator)
        result = [0] * len(columns)
        for index, size in zip(shown, widths, strict=True):
            result[index] = size
        return result
    available = max(0, width - separator * (len(columns) - 1))
    widths = [column.ideal for column in columns]
    flex = [index for index, column in enumerate(columns) if column.flex]
    flex_ideal = sum(columns[index].ideal for index in flex)
    fixed = [index for index in range(len(columns)) if index not in flex]
    total = sum(widths[index] for index in fixed)
    while total + flex_ideal > available:
        slack, index = max(((widths[i] - columns[i].minimum, i) for i in fixed), default=(0, -1))
        if slack <= 0:
            break
        widths[index] -= 1
        total -= 1
    left = max(0, available - total)
    if flex:
        share, extra = divmod(left, len(flex))
        for position, index in enumerate(flex):
            widths[index] = share + (1 if position < extra else 0)
    return widths


class TaskTable(ScrollView, can_focus=True, inherit_bindings=False):
    """A read-only table with a row cursor that renders only the rows on screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", _("Up"), show=False, id="task-table.cursor-up"),
        Binding("down", "cursor_down", _("Down"), show=False, id="task-table.cursor-down"),
        Binding("pageup", "page_up", _("Page up"), show=False, id="task-table.page-up"),
        Binding("pagedown", "page_down", _("Page down"), show=False, id="task-table.page-down"),
        Binding("home", "first", _("First"), show=False, id="task-table.first"),
        Binding("end", "last", _("Last"), show=False, id="task-table.last"),
        *list_keys("task-table", down="cursor_down", up="cursor_up", first="first", last="last"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "task-table--header",
        "task-table--cursor",
        "task-table--cursor-blurred",
        "task-table--empty",
        "task-table--done",
        "task-table--group",
        "task-table--critical",
        "task-table--warning",
        "task-table--info",
        "task-table--acknowledged",
        "task-table--overdue",
        "task-table--level-1",
        "task-table--level-2",
        "task-table--level-3",
        "task-table--level-4",
        "task-table--level-5",
        "task-table--level-6",
        "task-table--level-7",
    }

    cursor_row: reactive[int] = reactive(0, always_update=False, init=False)
    """The index of the highlighted row within the current rows."""

    class Highlighted(Message):
        """The cursor moved to another row (or the rows changed under it)."""

        def __init__(self, table: TaskTable, index: int, key: int | None) -> None:
            super().__init__()
            self.table = table
            self.index = index
            self.key = key

        @property
        def control(self) -> TaskTable:
            return self.table

    class Selected(Message):
        """A row was chosen (enter, or a click on the highlighted row)."""

        def __init__(self, table: TaskTable, index: int, key: int) -> None:
            super().__init__()
            self.table = table
            self.index = index
            self.key = key

        @property
        def control(self) -> TaskTable:
            return self.table

    def __init__(
        self,
        columns: Sequence[Column] = (),
        *,
        empty_text: str = "",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._columns: list[Column] = list(columns)
        self._rows: Sequence[Row] = []
        self._all_selectable = True
        self._sort_key: str | None = None
        self._sort_reverse = False
        self._widths: list[int] = []
        self._widths_for = -1
        self.empty_text = empty_text

    # ------------------------------------------------------------------ data

    @property
    def columns(self) -> list[Column]:
        """The columns, left to right."""
        return list(self._columns)

    @property
    def rows(self) -> Sequence[Row]:
        """The rows shown, top to bottom."""
        return self._rows

    @property
    def row_count(self) -> int:
        """How many rows there are."""
        return len(self._rows)

    @property
    def cursor_key(self) -> int | None:
        """The key of the highlighted row, or None when the table is empty."""
        if not self._rows:
            return None
        row = self._rows[min(self.cursor_row, len(self._rows) - 1)]
        return row.key if row.selectable else None

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Replace the columns."""
        self._columns = list(columns)
        self._widths_for = -1
        self.refresh()

    def set_sort(self, key: str | None, reverse: bool = False) -> None:
        """Show which column the rows are sorted by (the caller sorts)."""
        self._sort_key = key
        self._sort_reverse = reverse
        self.refresh_line(self.scroll_offset.y)
        self.refresh()

    def set_rows(self, rows: Sequence[Row], *, keep_key: int | None = None) -> None:
        """Show ``rows``; the cursor stays on ``keep_key`` if it is still there, else on its index."""
        self._rows = rows
        self._all_selectable = all(row.selectable for row in rows)
        index = self.cursor_row
        if keep_key is not None:
            found = self._index_of(keep_key)
            if found is not None:
                index = found
        index = self._selectable(max(0, min(index, len(rows) - 1)), 1) if rows else 0
        self.virtual_size = Size(0, len(rows) + 1)
        self.set_reactive(TaskTable.cursor_row, index)
        self._scroll_cursor_into_view()
        self.refresh()
        self.post_message(self.Highlighted(self, index, self.cursor_key))

    def _index_of(self, key: int) -> int | None:
        for index, row in enumerate(self._rows):
            if row.key == key and row.selectable:
                return index
        return None

    def _selectable(self, index: int, direction: int) -> int:
        """The nearest selectable row from ``index``, looking in ``direction`` first."""
        rows = self._rows
        if self._all_selectable or not rows:
            return index
        index = max(0, min(index, len(rows) - 1))
        for step in (direction, -direction):
            probe = index
            while 0 <= probe < len(rows):
                if rows[probe].selectable:
                    return probe
                probe += step
        return index

    def move_to_key(self, key: int) -> bool:
        """Put the cursor on the row with ``key``; False when there is none."""
        index = self._index_of(key)
        if index is None:
            return False
        self.cursor_row = index
        return True

    # ------------------------------------------------------------------ cursor

    @property
    def page_height(self) -> int:
        """How many rows fit on screen below the header."""
        return max(1, self.scrollable_content_region.height - 1)

    def validate_cursor_row(self, value: int) -> int:
        if not self._rows:
            return 0
        return max(0, min(value, len(self._rows) - 1))

    def watch_cursor_row(self, old: int, new: int) -> None:
        top = round(self.scroll_y)
        self._refresh_row(old, top)
        self._refresh_row(new, top)
        self._scroll_cursor_into_view()
        self.post_message(self.Highlighted(self, new, self.cursor_key))

    def _refresh_row(self, index: int, top: int) -> None:
        y = index - top + 1
        if 1 <= y < self.scrollable_content_region.height:
            self.refresh_line(y + top)

    def _scroll_cursor_into_view(self) -> None:
        if self.scrollable_content_region.height < 2:
            return  # not laid out yet: the resize that follows scrolls
        visible = self.page_height
        top = round(self.scroll_y)
        cursor = self.cursor_row
        if cursor > 0 and cursor - 1 < len(self._rows) and not self._rows[cursor - 1].selectable:
            cursor -= 1  # show the heading above the row too
        if cursor < top:
            target = cursor
        elif self.cursor_row >= top + visible:
            target = self.cursor_row - visible + 1
        else:
            return
        self.scroll_to(y=target, animate=False, force=True, immediate=True)

    def _move(self, index: int, direction: int) -> None:
        if self._rows:
            self.cursor_row = self._selectable(max(0, min(index, len(self._rows) - 1)), direction)

    def action_cursor_up(self) -> None:
        self._move(self.cursor_row - 1, -1)

    def action_cursor_down(self) -> None:
        self._move(self.cursor_row + 1, 1)

    def action_page_up(self) -> None:
        page = self.page_height
        self.scroll_to(y=max(0, round(self.scroll_y) - page), animate=False, force=True, immediate=True)
        self._move(self.cursor_row - page, -1)

    def action_page_down(self) -> None:
        page = self.page_height
        self.scroll_to(y=round(self.scroll_y) + page, animate=False, force=True, immediate=True)
        self._move(self.cursor_row + page, 1)

    def action_first(self) -> None:
        self._move(0, 1)

    def action_last(self) -> None:
        self._move(len(self._rows) - 1, -1)

    def action_select(self) -> None:
        """Post :class:`Selected` for the highlighted row."""
        key = self.cursor_key
        if key is not None:
            self.post_message(self.Selected(self, self.cursor_row, key))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        index = round(self.scroll_y) + offset.y - 1
        if 0 <= index < len(self._rows) and self._rows[index].selectable:
            event.stop()
            if index == self.cursor_row and event.chain >= 2:
                self.action_select()
            self.cursor_row = index
            self.focus()

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh()

    def _on_resize(self, event: events.Resize) -> None:
        self._widths_for = -1
        self._scroll_cursor_into_view()

    # ------------------------------------------------------------------ rendering

    @property
    def widths(self) -> list[int]:
        """The current column widths (recomputed when the width changes)."""
        width = self.scrollable_content_region.width
        if width != self._widths_for:
            self._widths = column_widths(self._columns, width)
            self._widths_for = width
        return self._widths

    def header_text(self) -> str:
        """The header line as plain text (titles, with ▲/▼ on the sorted column)."""
        cells = []
        for column, width in zip(self._columns, self.widths):
            if not width:
                continue
            title = column.title
            if column.key == self._sort_key:
                title = f"{title} {'▼' if self._sort_reverse else '▲'}"
            cells.append(fit(title, width, column.align))
        return SEPARATOR.join(cells)

    def row_text(self, index: int) -> str:
        """One row as plain text, exactly as drawn (for tests and debugging)."""
        row = self._rows[index]
        if not row.selectable:
            return fit(next((cell for cell in reversed(row.cells) if cell), ""), self.scrollable_content_region.width)
        return SEPARATOR.join(
            fit_cell(text, width, column) for text, width, column in zip(row.cells, self.widths, self._columns) if width
        )

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("task-table--header")
            return Strip([Segment(self.header_text(), style)]).adjust_cell_length(width, style)
        index = round(self.scroll_y) + y - 1
        if not self._rows:
            if y == 1 and self.empty_text:
                style = base + self.get_component_rich_style("task-table--empty")
                return Strip([Segment(fit(self.empty_text, width), style)])
            return Strip.blank(width, base)
        if index >= len(self._rows):
            return Strip.blank(width, base)
        return self._render_row(index, width, base)

    def _render_row(self, index: int, width: int, base: Style) -> Strip:
        row = self._rows[index]
        style = base
        if row.row_style:
            style = style + self.get_component_rich_style(row.row_style)
        if not row.selectable:
            # A heading: its text (the last non-empty cell) spans the whole line.
            text = next((cell for cell in reversed(row.cells) if cell), "")
            return Strip([Segment(fit(text, width), style)])
        cursor = index == self.cursor_row
        cursor_style: Style | None = None
        if cursor:
            name = "task-table--cursor" if self.has_focus else "task-table--cursor-blurred"
            cursor_style = self.get_component_rich_style(name)
            style = style + cursor_style
        separator = Segment(SEPARATOR, style)
        segments: list[Segment] = []
        styles = row.styles
        for position, (text, column_width, column) in enumerate(zip(row.cells, self.widths, self._columns)):
            if not column_width:
                continue
            if segments:
                segments.append(separator)
            cell_style = style
            cell_class = styles[position] if position < len(styles) else None
            if cell_class:
                cell_style = style + self.get_component_rich_style(cell_class)
                if cursor_style is not None:
                    # The cursor's background wins; the cell keeps its colour and weight.
                    cell_style = cell_style + Style(bgcolor=cursor_style.bgcolor)
            segments.append(Segment(fit_cell(text, column_width, column), cell_style))
        return Strip(segments).adjust_cell_length(width, style)
