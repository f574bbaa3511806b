"""Flows: async methods that await dialogs (``push_screen_wait``) in a worker.

``@flow`` runs the method as a Textual worker, so that it can write
``answer = await self.app.push_screen_wait(dialog)`` instead of nesting callbacks; an error
inside it shows the error panel instead of closing the app.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

from textual import work
from textual.dom import DOMNode
from textual.worker import Worker


def flow(
    method: Callable[..., Awaitable[Any]],
) -> Callable[..., Worker[None]]:
    """Run ``method`` (an async method of a screen, widget or the app) as a worker."""

    @functools.wraps(method)
    async def guarded(self: DOMNode, *args: Any, **kwargs: Any) -> None:
        try:
            await method(self, *args, **kwargs)
        except Exception as exc:  # shown, never raised into the app
            from qitui.widgets.dialogs import ErrorDialog

            self.app.push_screen(ErrorDialog(f"'{method.__name__}'", exc))

    return work(exit_on_error=False, group=method.__name__)(guarded)
