"""A form whose widgets are made when they are first placed on the screen.

A form shown a part at a time (the PDSA worksheet: five sections, one shown) need not make,
mount and style the widgets of the parts nobody has looked at. :class:`LazyForm` is a
:class:`~qitui.widgets.form.Form` whose field widget is made by ``row(name)`` or
``widget(name)``; until that widget is mounted, the form keeps the field's state itself,
exactly as the widget would hold it (the same text, the same choice), so that loading,
reading, checking, dirtiness and saving are those of every other form, whether the field was
ever shown or not.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.widget import Widget
from textual.widgets import Input
from textual.widgets.text_area import Document

from qitui.widgets.form import FieldSpec, Form


def shown_state(spec: FieldSpec, state: Any) -> Any:
    """The state a widget of ``spec`` shows once built with ``state`` and mounted: a text
    area's text split into lines and joined again, a select that must have a choice on its
    first option."""
    if spec.kind == "area":
        return Document(state).text
    if spec.kind == "select" and state is None and spec.required and spec.options:
        return spec.options[0][1]
    return state


class LazyForm(Form):
    """A :class:`Form` whose widgets are made on demand (see the module's docstring)."""

    def __init__(self, specs: Iterable[FieldSpec], prefix: str, **kwargs: Any) -> None:
        #: a field's state while its widget is not mounted (not made, or made and waiting)
        self._pending: dict[str, Any] = {}
        #: fields set while their widget was made and not mounted: (value) set once it is
        self._waiting: dict[str, Any] = {}
        #: text fields given a value by ``set``: the cursor starts at the text's start
        self._homed: set[str] = set()
        super().__init__([], prefix, **kwargs)
        for spec in specs:
            self.declare(spec)

    # ------------------------------------------------------------------ building
    def declare(self, spec: FieldSpec) -> None:
        """Add a field without making its widget (``row`` or ``widget`` makes it)."""
        self.specs[spec.name] = spec
        self._pending[spec.name] = shown_state(spec, self.built_state(spec))
        if self._clean is not None:
            self._clean[spec.name] = self._pending[spec.name]

    def add(self, spec: FieldSpec) -> Widget:
        self.declare(spec)
        return self.widget(spec.name)

    def remove(self, name: str) -> None:
        super().remove(name)
        self._pending.pop(name, None)
        self._waiting.pop(name, None)
        self._homed.discard(name)

    def made(self, name: str) -> bool:
        """True once the field's widget exists (it was placed, or asked for)."""
        return name in self.widgets

    def widget(self, name: str) -> Widget:
        widget = self.widgets.get(name)
        if widget is None:
            widget = self.widgets[name] = self._build(self.specs[name], self._pending[name])
            if name in self._homed and isinstance(widget, Input):
                widget.cursor_position = 0  # as Form.set leaves a loaded text field
        return widget

    @staticmethod
    def _choices(spec: FieldSpec) -> list[Any]:
        return [v for _label, v in spec.options]

    # ------------------------------------------------------------------ values
    def _live(self, name: str) -> Widget | None:
        """The field's widget if it now holds the field's state, else None (the form does)."""
        widget = self.widgets.get(name)
        if name not in self._pending:
            return widget
        if widget is None or not widget.is_mounted or name in self._waiting:
            return None
        del self._pending[name]  # mounted: from now on the widget holds the state
        return widget

    def raw(self, name: str) -> Any:
        widget = self._live(name)
        if widget is None:
            return self._pending[name]
        return self._raw(self.specs[name], widget)

    def set(self, name: str, value: Any) -> None:
        if self._live(name) is not None:
            super().set(name, value)
            return
        spec = self.specs[name]
        self._pending[name] = self._state_after_set(spec, self._pending[name], value)
        if spec.kind not in ("select", "check", "area") and self.cursor_home:
            self._homed.add(name)
        widget = self.widgets.get(name)
        if widget is not None:  # made, not mounted yet: shown once it is
            if name not in self._waiting:
                widget.call_later(self._set_when_mounted, name)
            self._waiting[name] = value

    def _set_when_mounted(self, name: str) -> None:
        if name in self._waiting and self.widgets.get(name) is not None:
            value = self._waiting.pop(name)
            self._pending.pop(name, None)
            super().set(name, value)

    def _state_after_set(self, spec: FieldSpec, state: Any, value: Any) -> Any:
        """The state a widget holding ``state`` holds after ``Form.set(value)``."""
        if spec.kind == "select":
            choice = spec.format(value) if spec.format else value
            if choice in self._choices(spec):
                return choice
            return state if spec.required else None
        if spec.kind == "check":
            return bool(value)
        return shown_state(spec, spec.to_text(value))
