"""The Textual internals qitui hooks (qitui/textual_compat/) are all there, in the shape the
hooks expect: an upgrade of Textual that moves one fails here, loudly, not in a user's hands."""

from __future__ import annotations

import importlib.metadata

from qitui import textual_compat


def test_every_hooked_internal_is_there() -> None:
    assert textual_compat.missing() == [], (
        "Textual internals used by qitui/textual_compat/ are gone or changed: "
        f"{textual_compat.missing()} (Textual {importlib.metadata.version('textual')})"
    )


async def test_the_hooks_are_installed() -> None:
    from textual.app import App, ComposeResult
    from textual.message_pump import MessagePump
    from textual.widgets import Input, TextArea
    from textual.widgets._header import HeaderTitle

    from qitui.app import QituiApp

    QituiApp(".")  # building the app installs them
    textual_compat.install()  # TextArea is imported now
    assert textual_compat.installed() == {
        "dispatch",
        "exception",
        "input",
        "text_area",
        "dismiss",
        "after_refresh",
        "stdio",
        "push_screen_wait",
        "flush",
        "loop",
    }
    assert textual_compat.lighter_installed() == {
        "field_width",
        "styled_once",
        "laid_out_once",
        "styled_attached",
    }
    assert hasattr(MessagePump._dispatch_message, "__wrapped__")
    assert hasattr(App._handle_exception, "__wrapped__")
    assert hasattr(TextArea.get_line, "__wrapped__")

    class Fields(App[None]):
        def compose(self) -> ComposeResult:
            yield textual_compat.Header()
            yield Input("a\x1b[2Jb\x07")
            yield TextArea("x\x1by\tz\nsecond")

    async with Fields().run_test() as pilot:
        field = pilot.app.query_one(Input)
        assert field._value.plain == "a␛[2Jb␇"
        assert field.value == "a\x1b[2Jb\x07"  # the value itself is never changed
        area = pilot.app.query_one(TextArea)
        assert area.get_line(0).plain == "x␛y\tz"
        assert area.text == "x\x1by\tz\nsecond"
        # a title that changes while the header's title widget is gone (a screen being
        # removed in a storm of keys) is not an error
        await pilot.app.query_one(HeaderTitle).remove()
        pilot.app.screen.sub_title = "changed"
        pilot.app.title = "changed too"
        await pilot.pause()
        assert pilot.app.is_running


def test_textual_is_the_pinned_version() -> None:
    # the hooks were read against this release; a new one needs them read again
    assert importlib.metadata.version("textual") == "8.2.8"


async def test_a_screen_answers_once() -> None:
    """A second dismiss (a key that reaches a dialog after it has gone) neither calls back
    again nor pops the screen below."""
    from textual.app import App
    from textual.screen import ModalScreen

    textual_compat.install()
    answers: list[object] = []

    class Ask(ModalScreen[str]):
        pass

    async with App[None]().run_test() as pilot:
        app = pilot.app
        base = app.screen
        ask = Ask()
        app.push_screen(ask, answers.append)
        await pilot.pause()
        ask.dismiss("first")
        await pilot.pause()
        ask.dismiss("again")
        await pilot.pause()
        assert answers == ["first"]
        assert app.screen is base and len(app.screen_stack) == 1


async def test_a_callback_for_a_screen_that_has_gone_is_dropped() -> None:
    """Opened and left in one burst of keys: its after-refresh callbacks do not run."""
    from textual.app import App, ComposeResult
    from textual.screen import Screen
    from textual.widgets import Static

    textual_compat.install()
    ran: list[object] = []

    class Opened(Screen[None]):
        def compose(self) -> ComposeResult:
            yield Static(id="inside")

        def on_mount(self) -> None:
            self.call_after_refresh(lambda: ran.append(self.query_one("#inside")))

    async with App[None]().run_test() as pilot:
        app = pilot.app
        app.push_screen(Opened())
        app.pop_screen()
        await pilot.pause()
        await pilot.pause()
        assert app.is_running and len(app.screen_stack) == 1
        kept = Opened()
        await app.push_screen(kept)
        await pilot.pause()
        assert len(ran) == 1  # a screen that stays gets its callback


async def test_the_private_reads_behave() -> None:
    """What qitui reads of Textual's private state (palette, footer, table draw-ahead,
    keymap, TextArea) answers as the callers expect."""
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.widgets import DataTable, Footer

    class Keys(App[None]):
        BINDINGS = [
            Binding("a", "one", "One", id="k-one"),
            Binding("b", "two", "Two", id="k-two"),
        ]

        def compose(self) -> ComposeResult:
            yield DataTable()
            yield Footer()

    app = Keys()
    app.set_keymap({"k-two": "?"})
    assert dict(textual_compat.app_keymap(app)) == {"k-two": "question_mark"}
    async with app.run_test(size=(40, 12)) as pilot:
        own = [(k, b.action) for k, b in textual_compat.node_bindings(app) if b.id]
        assert own == [("a", "one"), ("b", "two")]  # as declared: the keymap is not applied
        await pilot.pause()
        assert textual_compat.footer_ready(app.query_one(Footer))
        table = app.query_one(DataTable)
        table.add_column("n")
        keys = [table.add_row(str(i)) for i in range(40)]
        stamp = textual_compat.table_view_stamp(table)
        table.add_row("one more")
        assert textual_compat.table_view_stamp(table) != stamp  # the rows changed
        await pilot.pause()
        assert keys[30] not in textual_compat.table_drawn_rows(table)
        strip = textual_compat.draw_table_line(table, 31, 0, 10)  # header is line 0
        assert strip.text.strip() == "30"
        assert keys[30] in textual_compat.table_drawn_rows(table)
    assert textual_compat.text_area_class() is not None  # imported by the test above


async def test_a_widget_is_styled_when_mounted_not_before() -> None:
    """A class changed on a widget not mounted yet applies no stylesheet then (lighter's
    ``styled_attached``), and the widget has its class's style once it is mounted; a class
    changed after the mount restyles it at once."""
    from typing import Any

    from textual.app import App
    from textual.widgets import Static

    class Styled(App[None]):
        CSS = ".tall { height: 3; } .taller { height: 5; }"

    async with Styled().run_test() as pilot:
        textual_compat.install()
        applied: list[object] = []
        stylesheet = pilot.app.stylesheet
        original = stylesheet.apply

        def counted(node: Any, *args: Any, **kwargs: Any) -> None:
            applied.append(node)
            original(node, *args, **kwargs)

        stylesheet.apply = counted  # type: ignore[method-assign]
        widget = Static("x")
        widget.add_class("tall")
        assert widget not in applied  # not attached: left to the mount
        await pilot.app.mount(widget)
        await pilot.pause()
        assert widget in applied
        assert widget.styles.height is not None and widget.styles.height.value == 3
        widget.add_class("taller")
        assert widget.styles.height.value == 5  # attached: at once
