"""``qitui serve``: only the page's own origin may open the websocket that drives the app."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qitui.serve import allowed_origins, normalise_origin, origin_ok

ALLOWED = allowed_origins(8000, "http://127.0.0.1:8000", ["https://qi.example.org"])


@pytest.mark.parametrize(
    "origin",
    [
        "http://127.0.0.1:8000",
        "http://localhost:8000",
        "http://LOCALHOST:8000/",
        "http://[::1]:8000",
        "https://qi.example.org",
        "https://qi.example.org:443",
    ],
)
def test_the_pages_own_origins_are_accepted(origin: str) -> None:
    assert origin_ok(origin, ALLOWED)


@pytest.mark.parametrize(
    "origin",
    [
        None,
        "",
        "null",
        "http://evil.example",
        "http://127.0.0.1:8001",
        "http://127.0.0.1",
        "https://127.0.0.1:8000",
        "http://localhost.evil.example:8000",
        "http://127.0.0.1:8000.evil.example",
        "http://user@127.0.0.1:8000",
        "http://qi.example.org",
        "file://",
        "chrome-extension://abc",
        "http://127.0.0.1:8000/path",
        "http://127.0.0.1:99999",
    ],
)
def test_other_origins_are_refused(origin: str | None) -> None:
    assert not origin_ok(origin, ALLOWED)


@given(st.text(max_size=60))
def test_no_arbitrary_text_is_accepted_unless_it_names_an_allowed_origin(text: str) -> None:
    if origin_ok(text, ALLOWED):
        assert normalise_origin(text) in ALLOWED


async def test_the_websocket_refuses_a_foreign_origin(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("textual_serve")
    from aiohttp import ClientSession, WSServerHandshakeError, web
    from aiohttp.test_utils import TestServer
    from textual_serve.server import Server

    from qitui.serve import make_server

    async def fake_websocket(self: Server, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str("app")
        await ws.close()
        return ws

    monkeypatch.setattr(Server, "handle_websocket", fake_websocket)
    server = make_server("true", "127.0.0.1", 8000)
    test_server = TestServer(await server._make_app())
    await test_server.start_server()
    try:
        url = str(test_server.make_url("/ws"))
        async with ClientSession() as session:
            with pytest.raises(WSServerHandshakeError) as refused:
                await session.ws_connect(url, headers={"Origin": "http://evil.example"})
            assert refused.value.status == 403
            with pytest.raises(WSServerHandshakeError):
                await session.ws_connect(url)  # no Origin at all
            ws = await session.ws_connect(url, headers={"Origin": "http://localhost:8000"})
            assert (await ws.receive_str()) == "app"
            await ws.close()
    finally:
        await test_server.close()
