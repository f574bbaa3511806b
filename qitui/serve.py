"""``qitui serve``: textual-serve, with a websocket that only the page's own origin may open.

A browser lets any web page open a websocket to any address, ``127.0.0.1`` included, and
sends the page's origin with it. textual-serve accepts every origin, so a page open in the
coach's browser could reach ``ws://127.0.0.1:8000/ws`` through the SSH tunnel and type into
the app. :class:`OriginCheckedServer` refuses (HTTP 403) a websocket whose ``Origin`` is not
one of the addresses the app is served at: the public URL, ``localhost``/``127.0.0.1``/
``[::1]`` on the served port, and any ``--origin`` given for a proxy. Checking the origin
against a fixed list, not against the request's ``Host``, also defeats DNS rebinding.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}
LOOPBACK = ("localhost", "127.0.0.1", "[::1]")


def normalise_origin(origin: str) -> str | None:
    """``scheme://host:port`` in lower case with the port explicit, or None if malformed."""
    try:
        parts = urlsplit(origin.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname or parts.path not in ("", "/"):
        return None
    if parts.username or parts.password or parts.query or parts.fragment:
        return None
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    return f"{scheme}://{host}:{port or _DEFAULT_PORTS[scheme]}"


def allowed_origins(port: int, public_url: str | None, extra: list[str]) -> set[str]:
    """The origins whose pages may drive the app."""
    found = {f"http://{host}:{port}" for host in LOOPBACK}
    for url in [public_url or "", *extra]:
        norm = normalise_origin(url) if url else None
        if norm:
            found.add(norm)
    return {n for n in (normalise_origin(o) for o in found) if n}


def origin_ok(origin: str | None, allowed: set[str]) -> bool:
    """A websocket may open only from an allowed page (no Origin, or ``null``: refused)."""
    if not origin:
        return False
    norm = normalise_origin(origin)
    return norm is not None and norm in allowed


def make_server(
    command: str,
    host: str,
    port: int,
    public_url: str | None = None,
    origins: list[str] | None = None,
    title: str = "qitui",
) -> Any:
    """A textual-serve ``Server`` whose websocket checks the ``Origin`` header."""
    from aiohttp import web
    from textual_serve.server import Server

    class OriginCheckedServer(Server):
        def __init__(self) -> None:
            super().__init__(command, host=host, port=port, title=title, public_url=public_url)
            self.allowed = allowed_origins(port, self.public_url, origins or [])

        async def handle_websocket(self, request: web.Request) -> Any:
            origin = request.headers.get("Origin")
            if not origin_ok(origin, self.allowed):
                return web.Response(
                    status=403,
                    text="qitui serve: this page's origin may not open the app "
                    "(see qitui serve --help: --origin)\n",
                )
            return await super().handle_websocket(request)

    return OriginCheckedServer()
