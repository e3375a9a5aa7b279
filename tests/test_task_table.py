"""The fast table widget: widths, truncation, render_line, the cursor, scrolling 10,000 rows."""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

import pytest
from rich.style import Style
from textual.app import App, ComposeResult
from textual.strip import Strip

from delegate_tui.screens.task_table import Column, Row, TaskTable, column_widths
from delegate_tui.screens.widgets import fit
from tests.helpers.ui import settle

COLUMNS = [
    Column("id", "#", minimum=4, ideal=6, align="right"),
    Column("title", "Title", minimum=10, ideal=30, flex=True),
    Column("owner", "Owner", minimum=6, ideal=12),
]


def rows(count: int) -> list[Row]:
    return [
        Row(key=n, cells=(str(n), f"Task number {n} with a rather long title that goes on", f"Owner {n % 7}"))
        for n in range(1, count + 1)
    ]


class TableApp(App[None]):
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        PurePath(__file__).parent.parent / "delegate_tui" / "screens" / "task_table.tcss"
    ]

    def __init__(self, table_rows: list[Row]) -> None:
        super().__init__()
        self.table_rows = table_rows
        self.highlighted: list[int | None] = []
        self.selected: list[int] = []

    def compose(self) -> ComposeResult:
        yield TaskTable(COLUMNS, empty_text="Nothing here.")

    def on_mount(self) -> None:
        table = self.query_one(TaskTable)
        table.set_rows(self.table_rows)
        table.focus()

    def on_task_table_highlighted(self, message: TaskTable.Highlighted) -> None:
        self.highlighted.append(message.key)

    def on_task_table_selected(self, message: TaskTable.Selected) -> None:
        self.selected.append(message.key)


# --------------------------------------------------------------------------- pure helpers


def test_fit_pads_and_truncates_with_an_ellipsis() -> None:
    assert fit("abc", 5) == "abc  "
    assert fit("abc", 5, "right") == "  abc"
    assert fit("abcdefgh", 5) == "abcd…"
    assert fit("abc", 0) == ""
    # Wide characters are measured in cells, not code points.
    assert fit("日本語のタイトル", 7) == "日本語…"
    assert fit("Fernández", 12) == "Fernández   "


def test_fit_without_alignment_cuts_but_does_not_pad() -> None:
    # The member page's task titles and the board's names: cut to the room, never padded.
    assert fit("Book the venue", 40, align=None) == "Book the venue"
    assert fit("Run the interview loop for the senior role", 20, align=None) == "Run the interview l…"
    assert fit("日本語のタイトル", 7, align=None) == "日本語…"
    assert fit("a\x1b[2Jb", 10, align=None) == "a␛[2Jb"


def test_column_widths_fill_the_width_and_shrink_fixed_columns_first() -> None:
    wide = column_widths(COLUMNS, 100)
    assert wide[0] == 6 and wide[2] == 12
    assert sum(wide) + 2 == 100
    narrow = column_widths(COLUMNS, 26)
    assert narrow[1] >= 10  # the flex column keeps its minimum
    assert narrow[0] >= 4 and narrow[2] >= 6
    assert sum(narrow) + 2 == 26


# --------------------------------------------------------------------------- the widget


async def test_render_line_draws_the_header_and_the_visible_rows() -> None:
    app = TableApp(rows(50))
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(TaskTable)
        header = table.render_line(0).text
        assert header.startswith("     # Title")
        assert "Owner" in header
        first = table.render_line(1).text
        assert first.startswith("     1 Task number 1 with")
        assert "…" in first  # the long title is cut to fit
        assert len(first) == table.scrollable_content_region.width
        assert table.row_text(0) == first


async def test_cursor_moves_with_keys_and_scrolls_10000_rows() -> None:
    app = TableApp(rows(10_000))
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(TaskTable)
        assert table.row_count == 10_000
        assert table.cursor_key == 1
        await pilot.press("down", "down")
        assert table.cursor_row == 2
        await pilot.press("up")
        assert table.cursor_row == 1
        page = table.page_height
        await pilot.press("pagedown")
        assert table.cursor_row == 1 + page
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == 9_999
        assert table.cursor_key == 10_000
        # The last row is drawn on the last line; the header stays on top.
        height = table.scrollable_content_region.height
        assert table.render_line(height - 1).text.startswith(" 10000 Task number 10000")
        assert table.render_line(0).text.startswith("     # Title")
        await pilot.press("pageup")
        assert table.cursor_row == 9_999 - page
        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0
        assert round(table.scroll_y) == 0
        assert app.highlighted[-1] == 1


async def test_a_screen_of_10000_rows_draws_only_the_rows_in_view(monkeypatch: pytest.MonkeyPatch) -> None:
    """Speed by construction, not by a stopwatch: a redraw touches the visible rows, never the other 9,960."""
    drawn: list[int] = []
    draw_row = TaskTable._render_row

    def counting(table: TaskTable, index: int, width: int, base: Style) -> Strip:
        drawn.append(index)
        return draw_row(table, index, width, base)

    monkeypatch.setattr(TaskTable, "_render_row", counting)
    app = TableApp(rows(10_000))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.query_one(TaskTable)
        visible = table.scrollable_content_region.height
        table.scroll_to(y=5_000, animate=False)
        await settle(pilot, lambda: round(table.scroll_y) == 5_000, what="the scroll")
        drawn.clear()
        table.refresh()
        await settle(pilot, lambda: drawn, what="a redraw")
        assert min(drawn) >= 5_000 and max(drawn) < 5_000 + visible
        assert len(set(drawn)) <= visible

        # A new order of all 10,000 rows (a sort) keeps the cursor's task and redraws a screen, not the list.
        table.move_to_key(5_001)
        drawn.clear()
        table.set_rows(rows(10_000)[::-1], keep_key=5_001)
        await settle(pilot, lambda: drawn, what="a redraw")
        assert table.cursor_key == 5_001
        assert len(set(drawn)) <= visible
        assert 5_001 - 1 - visible <= min(drawn) <= max(drawn) <= 5_001 + visible


async def test_set_rows_keeps_the_cursor_on_the_same_key() -> None:
    app = TableApp(rows(100))
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(TaskTable)
        table.move_to_key(40)
        await pilot.pause()
        table.set_rows(rows(100)[::-1], keep_key=40)
        assert table.cursor_key == 40
        table.set_rows(rows(10), keep_key=40)  # gone: the cursor stays in range
        assert table.cursor_key is not None
        table.set_rows([])
        assert table.cursor_key is None
        await pilot.pause()
        assert table.render_line(1).text.startswith("Nothing here.")


async def test_headings_are_skipped_by_the_cursor() -> None:
    data = [
        Row(key=-1, cells=("", "", "Group A"), selectable=False),
        Row(key=1, cells=("1", "one", "x")),
        Row(key=-2, cells=("", "", "Group B"), selectable=False),
        Row(key=2, cells=("2", "two", "y")),
    ]
    app = TableApp(data)
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(TaskTable)
        assert table.cursor_key == 1
        # The heading above the first row stays on screen, spanning the line.
        assert table.render_line(1).text.startswith("Group A ")
        assert table.row_text(0).startswith("Group A ")
        await pilot.press("down")
        assert table.cursor_key == 2
        await pilot.press("up")
        assert table.cursor_key == 1
        await pilot.press("home")
        assert table.cursor_key == 1


async def test_a_heading_stays_visible_when_scrolling_back_up() -> None:
    data: list[Row] = []
    for group in range(20):
        data.append(Row(key=-1 - group, cells=("", "", f"Group {group}"), selectable=False))
        data += [Row(key=group * 10 + n, cells=(str(n), f"flag {n}", "x")) for n in range(5)]
    app = TableApp(data)
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(TaskTable)
        assert table.render_line(1).text.startswith("Group 0")
        await pilot.press("end")
        await pilot.pause()
        await pilot.press("home")
        await pilot.pause()
        assert round(table.scroll_y) == 0
        assert table.render_line(1).text.startswith("Group 0")


async def test_a_click_selects_a_row_and_a_second_click_chooses_it() -> None:
    app = TableApp(rows(30))
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(TaskTable)
        await pilot.click(TaskTable, offset=(10, 4))  # line 4 = the 4th row
        assert table.cursor_key == 4
        await pilot.click(TaskTable, offset=(10, 0))  # the header does nothing
        assert table.cursor_key == 4
        await pilot.click(TaskTable, offset=(10, 4), times=2)
        await pilot.pause()
        assert app.selected == [4]


async def test_narrow_terminal_truncates_titles() -> None:
    app = TableApp(rows(5))
    async with app.run_test(size=(34, 8)) as pilot:
        await pilot.pause()
        table = app.query_one(TaskTable)
        line = table.render_line(1).text
        assert "…" in line
        assert len(line) == table.scrollable_content_region.width
