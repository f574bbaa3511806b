"""The form engine: a form is a list of field specs; it builds the widgets, loads a model
object, reads and checks the values, knows when it is dirty and writes the values back.

Every form of the app (Aim, Measure definition, Cycle worksheet, and every dialog with
fields) is one :class:`Form`; the screens only lay its rows out and say what saving means.
Parsing is :mod:`qitui.parse`: what is refused while typing is what is refused on save.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Select, TextArea

from qitui.parse import fmt_date, fmt_number, parse_date, parse_number
from qitui.safetext import text as safe_text
from qitui.widgets.forms import ParseValidator, TextInput, Tick, field_row

Parser = Callable[[str], tuple[Any, "str | None"]]
KINDS = ("text", "area", "select", "check", "date", "number", "int")


@dataclass
class FieldSpec:
    """One field: ``kind`` is text | area | select | check, or date | number | int (a text
    field with that parser and formatter). ``value`` is the starting value (dialogs);
    ``attr`` is the dotted path of the value on the model object (default: ``name``)."""

    name: str
    label: str
    value: Any = None
    kind: str = "text"
    required: bool = False
    options: Sequence[tuple[str, Any]] = field(default_factory=list)
    placeholder: str = ""  # the field's help, shown while it is empty
    check: Callable[[Any], str | None] | None = None  # a further check of the parsed value
    parse: Parser | None = None  # text -> (value, error)
    format: Callable[[Any], str | None] | None = None  # value -> text (None: no choice)
    attr: str = ""
    row_classes: str = ""

    def __post_init__(self) -> None:
        assert self.kind in KINDS, self.kind
        if self.kind == "date":
            self.parse = self.parse or partial(parse_date, required=self.required)
            self.format = self.format or fmt_date
            self.placeholder = self.placeholder or "YYYY-MM-DD"
        elif self.kind in ("number", "int"):
            integer = self.kind == "int"
            self.parse = self.parse or partial(
                parse_number, required=self.required, integer=integer
            )
            self.format = self.format or fmt_number

    @property
    def path(self) -> str:
        return self.attr or self.name

    def to_text(self, value: Any) -> Any:
        if isinstance(value, str):
            return value  # already text (a dialog's starting value)
        if self.format is not None:
            return self.format(value)
        return "" if value is None else str(value)

    def read(self, raw: Any) -> tuple[Any, str | None]:
        """The value of the widget's state ``raw``, or an error (without the label)."""
        error: str | None = None
        value: Any = raw
        if self.kind == "select":
            if raw is None and self.required:
                error = "choose one"
            elif self.parse is not None:
                value, error = self.parse(raw)
        elif self.kind == "check":
            value = bool(raw)
        elif self.parse is not None:
            value, error = self.parse(raw)
        else:
            value = raw.strip()
            if self.required and not value:
                error = "cannot be empty"
        if error is None and self.check is not None:
            error = self.check(value)
        return value, error


Field = FieldSpec  # the name the dialogs' callers use


def get_path(obj: Any, path: str) -> Any:
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def set_path(obj: Any, path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        obj = getattr(obj, part)
    setattr(obj, last, value)


class Form:
    """The widgets of a list of fields, their values and their clean state.

    Widgets are made at once (``Form(...)`` in ``compose``; ``row(name)`` places them), with
    ids ``<prefix><name>``; nothing is looked up by id afterwards."""

    def __init__(
        self,
        specs: Iterable[FieldSpec],
        prefix: str,
        compact: bool = True,
        area_classes: str = "",
        cursor_home: bool = True,
    ) -> None:
        self.prefix = prefix
        self.cursor_home = cursor_home  # a loaded value shows its start (the cursor at 0)
        self.compact = compact
        self.area_classes = area_classes  # a dialog's areas: a classed, framed TextArea
        self.specs: dict[str, FieldSpec] = {}
        self.widgets: dict[str, Widget] = {}
        self._clean: dict[str, Any] | None = None
        for spec in specs:
            self.add(spec)

    # ------------------------------------------------------------------ building
    def add(self, spec: FieldSpec) -> Widget:
        """Add a field (also after the form is shown: e.g. one more question)."""
        self.specs[spec.name] = spec
        widget = self._make(spec)
        self.widgets[spec.name] = widget
        if self._clean is not None:
            self._clean[spec.name] = self.raw(spec.name)
        return widget

    def remove(self, name: str) -> None:
        self.specs.pop(name, None)
        self.widgets.pop(name, None)
        if self._clean is not None:
            self._clean.pop(name, None)

    def _make(self, spec: FieldSpec) -> Widget:
        return self._build(spec, self.built_state(spec))

    @staticmethod
    def built_state(spec: FieldSpec) -> Any:
        """What a new widget of ``spec`` is built with (its ``value``): the text of a text
        field, the choice of a select (None: no choice), the state of a tick box."""
        if spec.kind == "select":
            values = [v for _label, v in spec.options]
            choice = spec.format(spec.value) if spec.format else spec.value
            return choice if choice in values else None
        if spec.kind == "check":
            return bool(spec.value)
        return spec.to_text(spec.value)

    def _build(self, spec: FieldSpec, state: Any) -> Widget:
        """The widget of ``spec`` holding ``state`` (as :meth:`built_state` gives it)."""
        wid = f"{self.prefix}{spec.name}"
        if spec.kind == "select":
            return Select(
                [
                    (safe_text(label) if isinstance(label, str) else label, v)
                    for label, v in spec.options
                ],
                value=Select.NULL if state is None else state,
                allow_blank=not spec.required,
                prompt=spec.placeholder or "Select",
                id=wid,
                compact=self.compact,
            )
        if spec.kind == "area":
            hint = spec.placeholder
            if self.area_classes:
                return TextArea(state, id=wid, classes=self.area_classes, placeholder=hint)
            return TextArea(state, id=wid, compact=self.compact, placeholder=hint)
        if spec.kind == "check":
            return Tick(spec.label, state, id=wid, compact=self.compact)
        validators = [ParseValidator(spec.parse)] if spec.parse is not None else []
        return TextInput(
            state,
            placeholder=spec.placeholder,
            validators=validators,
            id=wid,
            compact=self.compact,
        )

    def row(self, name: str, label: str | None = None) -> Horizontal:
        """The field as a labelled one-line row (an area gets the ``area-row`` class)."""
        spec = self.specs[name]
        classes = spec.row_classes or ("area-row" if spec.kind == "area" else "")
        return field_row(spec.label if label is None else label, self.widget(name), classes)

    def rows(self, *names: str) -> list[Horizontal]:
        return [self.row(n) for n in (names or tuple(self.specs))]

    def widget(self, name: str) -> Widget:
        return self.widgets[name]

    def has_area(self) -> bool:
        return any(s.kind == "area" for s in self.specs.values())

    # ------------------------------------------------------------------ values
    @staticmethod
    def _raw(spec: FieldSpec, widget: Widget) -> Any:
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else widget.value
        if isinstance(widget, Tick):
            return widget.value
        assert isinstance(widget, Input)
        return widget.value

    def raw(self, name: str) -> Any:
        return self._raw(self.specs[name], self.widgets[name])

    def texts(self) -> dict[str, Any]:
        """Every field's state as typed (what dirtiness compares)."""
        return {n: self.raw(n) for n in self.specs}

    def set(self, name: str, value: Any) -> None:
        """Show ``value`` (a model value) in the field."""
        spec, widget = self.specs[name], self.widgets[name]
        if isinstance(widget, TextArea):
            widget.load_text(spec.to_text(value))
        elif isinstance(widget, Select):
            values = [v for _label, v in spec.options]
            choice = spec.format(value) if spec.format else value
            if choice in values:
                widget.value = choice
            elif not spec.required:
                widget.value = Select.NULL
        elif isinstance(widget, Tick):
            widget.value = bool(value)
        elif isinstance(widget, Input):
            widget.value = spec.to_text(value)
            if self.cursor_home:
                widget.cursor_position = 0

    def load(self, values: dict[str, Any]) -> None:
        """Show these values and take them as the clean state."""
        for name, value in values.items():
            if name in self.specs:
                self.set(name, value)
        self.mark_clean()

    def load_from(self, obj: Any, names: Iterable[str] | None = None) -> None:
        """Show the fields' values read from the model object ``obj`` (by ``attr`` path)."""
        chosen = list(self.specs) if names is None else list(names)
        self.load({n: get_path(obj, self.specs[n].path) for n in chosen})

    def read(self) -> tuple[dict[str, Any] | None, str | None]:
        """Every field's value, or the first error as ``Label: message``."""
        out: dict[str, Any] = {}
        for name, spec in self.specs.items():
            value, error = spec.read(self.raw(name))
            if error:
                return None, f"{spec.label}: {error}"
            out[name] = value
        return out, None

    def apply_to(
        self, obj: Any, values: dict[str, Any], names: Iterable[str] | None = None
    ) -> None:
        """Write ``values`` into the model object (only ``names`` if given)."""
        for name in values if names is None else names:
            spec = self.specs.get(name)
            if spec is not None:
                set_path(obj, spec.path, values[name])

    # ------------------------------------------------------------------ dirtiness
    def mark_clean(self) -> None:
        self._clean = self.texts()

    @property
    def loaded(self) -> bool:
        return self._clean is not None

    @property
    def dirty(self) -> bool:
        return self._clean is not None and self.texts() != self._clean

    def edited(self) -> builtins.set[str]:
        """The fields whose text differs from the clean state."""
        clean = self._clean or {}
        return {n for n, v in self.texts().items() if clean.get(n) != v}

    def message(self, dirty_hint: str = "unsaved edits · Ctrl+S saves") -> str:
        """What the form's message line says: the first error, else the dirty hint."""
        _, error = self.read()
        if error:
            return f"✗ {error}"
        return dirty_hint if self.dirty else ""
