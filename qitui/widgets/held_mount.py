"""Mounts that hold the app's drawing back until they are done.

A part of a screen laid out when it is first shown (a PDSA worksheet's section, a measure's
Definition tab) is mounted a level at a time, and each level would lay the whole screen out
and draw it again. :class:`HeldMounts` mounts it inside ``App.batch_update`` and lets the
drawing go once the mount is done, after a guard (a mount that never ends must not freeze
the app), or when the screen closes (:meth:`HeldMounts.cancel`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import AbstractContextManager

from textual.widget import AwaitMount, Widget

#: the longest a mount holds the drawing back (it takes about a tenth of a second)
MOUNT_GUARD = 2.0


class HeldMounts:
    """The held mounts of one screen (see the module's docstring)."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()

    def mount(
        self, parent: Widget, widget: Widget, then: Callable[[], None] | None = None
    ) -> AwaitMount:
        """Mount ``widget`` in ``parent`` with the drawing held back; ``then`` runs once it
        is mounted, before the drawing goes."""
        batch = parent.app.batch_update()
        batch.__enter__()
        try:
            mounted = parent.mount(widget)
        except BaseException:
            batch.__exit__(None, None, None)
            raise
        task = asyncio.get_running_loop().create_task(self._release(mounted, batch, then))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return mounted

    @staticmethod
    async def _release(
        mounted: AwaitMount,
        batch: AbstractContextManager[None],
        then: Callable[[], None] | None,
    ) -> None:
        try:
            await asyncio.wait_for(mounted(), MOUNT_GUARD)
            if then is not None:
                then()
        except TimeoutError:
            pass
        finally:
            batch.__exit__(None, None, None)

    def cancel(self) -> None:
        """The screen closed while a mount was held: the drawing goes at once."""
        for task in list(self._tasks):
            task.cancel()
