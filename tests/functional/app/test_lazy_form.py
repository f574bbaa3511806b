"""LazyForm holds a field's state until its widget is mounted exactly as the widget would:
the same values after the same loads as a Form whose widgets are all mounted, before and
after its own widgets are made; a value set between the making and the mount is shown."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Select, TextArea

from qitui.widgets.form import FieldSpec, Form
from qitui.widgets.lazy_form import LazyForm

CHOICES = [("adopt", "adopt"), ("adapt", "adapt"), ("abandon", "abandon")]


def specs() -> list[FieldSpec]:
    return [
        FieldSpec("title", "Title"),
        FieldSpec("notes", "Notes", kind="area"),
        FieldSpec("start", "Start", kind="date"),
        FieldSpec("people", "People", kind="int"),
        FieldSpec("decision", "Decision", kind="select", options=CHOICES),
        FieldSpec("status", "Status", kind="select", options=CHOICES, required=True),
        FieldSpec("ok", "OK", kind="check"),
        FieldSpec("named", "Named", value="from the dialog"),
    ]


LOADS: list[dict[str, Any]] = [
    {
        "title": "A title",
        "notes": "one\r\ntwo\nthree\u2028four\n",
        "start": date(2026, 2, 2),
        "people": 20,
        "decision": "adapt",
        "status": "abandon",
        "ok": True,
    },
    {
        "title": "",
        "notes": "",
        "start": None,
        "people": None,
        "decision": "not a choice",  # not required: no choice
        "status": "not a choice",  # required: left as it was
        "ok": False,
    },
    {"title": "x\ty", "notes": "\n", "decision": None, "status": "adopt"},
]


class Forms(App[None]):
    """A Form with every widget mounted beside a LazyForm of the same fields, none made."""

    def compose(self) -> ComposeResult:
        self.plain = Form(specs(), prefix="p-")
        self.lazy = LazyForm(specs(), prefix="l-")
        yield Vertical(*self.plain.rows(), id="plain")
        yield Vertical(id="lazy")


async def test_lazy_form_holds_what_its_widgets_would() -> None:
    app = Forms()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.lazy.texts() == app.plain.texts()
        for values in LOADS:
            app.plain.load(values)
            app.lazy.load(values)
            assert app.lazy.texts() == app.plain.texts(), values
            assert app.lazy.read() == app.plain.read()
            assert not app.lazy.made("title")
        app.plain.set("title", "edited")
        app.lazy.set("title", "edited")
        assert app.lazy.dirty and app.lazy.edited() == app.plain.edited() == {"title"}
        # now make and mount them: the same state, the same dirtiness
        await app.query_one("#lazy").mount(*app.lazy.rows())
        await pilot.pause()
        for name in app.lazy.specs:
            assert app.lazy.made(name)
        assert app.lazy.texts() == app.plain.texts()
        assert app.lazy.edited() == {"title"}
        lazy_title = app.lazy.widget("title")
        plain_title = app.plain.widget("title")
        assert isinstance(lazy_title, Input) and isinstance(plain_title, Input)
        assert lazy_title.cursor_position == plain_title.cursor_position == 0  # loaded: home
        status = app.lazy.widget("status")
        assert isinstance(status, Select) and status.value == "adopt"
        # typed into, the widget is what counts
        lazy_title.value = "typed"
        assert app.lazy.raw("title") == "typed"
        app.lazy.load(LOADS[0])
        assert app.lazy.raw("title") == "A title" and not app.lazy.dirty


async def test_a_value_set_before_the_mount_is_shown() -> None:
    app = Forms()
    async with app.run_test() as pilot:
        await pilot.pause()
        decision, notes = app.lazy.widget("decision"), app.lazy.widget("notes")
        app.lazy.set("decision", "abandon")  # made, not mounted yet
        app.lazy.set("notes", "later")
        assert app.lazy.raw("decision") == "abandon"
        await app.query_one("#lazy").mount(app.lazy.row("decision"), app.lazy.row("notes"))
        await pilot.pause()
        assert isinstance(decision, Select) and decision.value == "abandon"
        assert "abandon" in str(decision.query_one("SelectCurrent #label").render())  # shown
        assert isinstance(notes, TextArea) and notes.text == "later"
        assert app.lazy.raw("decision") == "abandon"
        decision.value = "adopt"
        assert app.lazy.raw("decision") == "adopt"


async def test_fields_added_and_removed() -> None:
    app = Forms()
    async with app.run_test() as pilot:
        await pilot.pause()
        app.lazy.mark_clean()
        app.lazy.declare(FieldSpec("q0-question", "question", "How many?"))
        assert app.lazy.raw("q0-question") == "How many?" and not app.lazy.dirty
        widget = app.lazy.add(FieldSpec("q1-question", "question", "Why?"))
        assert isinstance(widget, Input) and widget.value == "Why?"
        app.lazy.remove("q0-question")
        assert "q0-question" not in app.lazy.texts()
        assert not app.lazy.dirty
