"""Flows: async methods that await dialogs (``push_screen_wait``) in a worker.

``@flow`` runs the method as a Textual worker, so that it can write
``answer = await self.app.push_screen_wait(dialog)`` instead of nesting callbacks; an error
inside it goes to the app's ``report_error`` (the error panel, counted in ``app.errors``)
instead of closing the app. :func:`guarded` does the same for a coroutine started with
``run_worker``.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

from textual import work
from textual.dom import DOMNode
from textual.worker import Worker

from qitui.widgets.type_ahead import dialog_not_coming, expect_dialog


def report_flow_error(node: DOMNode, error: Exception, name: str) -> None:
    """An error in a flow of ``node``: only noted when ``node`` has gone (its screen was
    closed while the flow ran), shown in the error panel otherwise; when the app must stop
    (see ``QituiApp.report_error``), it stops with exit status 1."""
    from qitui.textual_compat import not_live

    app = node.app
    note = getattr(app, "note_dropped_error", None)
    if not_live(node) and callable(note):
        note(error)
        return
    report = getattr(app, "report_error", None)
    if not callable(report) or not report(error, f"'{name}'"):
        app.exit(return_code=1)


async def guarded(
    node: DOMNode, job: Awaitable[Any], name: str, owner: object | None = None
) -> None:
    """Await ``job`` (a flow's body, run in a worker of ``node``), reporting its errors.
    ``owner``: what :func:`qitui.widgets.type_ahead.expect_dialog` was told when the flow started;
    keys still held for it go back to the screen when the flow ends without a dialog."""
    try:
        await job
    except Exception as error:  # shown, never raised into the app
        report_flow_error(node, error, name)
    finally:
        if owner is not None:
            dialog_not_coming(node, owner)


def start_guarded(node: DOMNode, job: Awaitable[Any], name: str, group: str) -> Worker[None]:
    """Run ``job`` as a worker of ``node`` that will ask in a dialog: keys typed until the
    dialog is up are held for it (see :mod:`qitui.widgets.type_ahead`)."""
    owner = object()
    expect_dialog(node, owner)
    return node.run_worker(guarded(node, job, name, owner), group=group, exit_on_error=False)


def flow(
    method: Callable[..., Awaitable[Any]],
) -> Callable[..., Worker[None]]:
    """Run ``method`` (an async method of a screen, widget or the app) as a worker. Keys
    typed from the call until its first dialog is up are held for that dialog (see
    :mod:`qitui.widgets.type_ahead`)."""

    @functools.wraps(method)
    async def run(self: DOMNode, owner: object, *args: Any, **kwargs: Any) -> None:
        await guarded(self, method(self, *args, **kwargs), method.__name__, owner)

    start_worker = work(exit_on_error=False, group=method.__name__)(run)

    @functools.wraps(method)
    def start(self: DOMNode, *args: Any, **kwargs: Any) -> Worker[None]:
        owner = object()
        expect_dialog(self, owner)
        return start_worker(self, owner, *args, **kwargs)

    return start
