"""``delegate serve``: the UI in the browser, for remote review meetings (textual-serve).

Each browser tab is an app process of its own on the same workspace file; the store's lock and
the apps' change detection keep them all correct. ``/`` runs the manager's app (the facilitator);
``/?join=NAME`` runs the participant app (:mod:`delegate_tui.participant_app`) as NAME, ``/?join=``
its join screen. The participant's name reaches the app process through its environment, never
through the shell command line.

Nobody else gets in: the server binds to loopback unless told otherwise, and on any other
address every request (the page, its websocket, its static files) needs an access token made
at start (``?token=...``, as Jupyter does; the first good request leaves a cookie, so the page's
own requests carry it), else it gets 403. There are two: the facilitator's, which opens the
manager's app, and the participants', which opens only the participant app (its join screen
without ``?join=``) and is refused the manager's app: a participant's tab is a participant's view.
"""

from __future__ import annotations

import ipaddress
import secrets
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from delegate_tui.i18n import _

if TYPE_CHECKING:
    from aiohttp import web

PARTICIPANT_ENV = "DELEGATE_PARTICIPANT"
"""The participant's name, as the server passes it to the tab's app process (read by the participant app)."""

NAME_LIMIT = 80
"""The longest ``?join=`` name taken (longer ones get the join screen)."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address (``localhost``, 127.0.0.0/8, ``::1``)."""
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def base_url(host: str, port: int) -> str:
    """``http://host:port`` (an IPv6 address in brackets)."""
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}"


def app_command(path: Path, *, participant: bool) -> str:
    """The shell command that runs one tab's app process."""
    module = "delegate_tui.participant_app" if participant else "delegate_tui"
    return shlex.join([sys.executable, "-m", module, "--db", str(path)])


def _server_class() -> type[Any]:
    """The server class, built when serving: textual-serve and aiohttp are imported only by ``serve``."""
    from aiohttp import web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    class Session(AppService):
        """One tab's app process; a participant's name goes into its environment."""

        def __init__(self, *args: Any, participant: str | None, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.participant = participant

        def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
            environment = super()._build_environment(width=width, height=height)
            environment.pop(PARTICIPANT_ENV, None)
            if self.participant:
                environment[PARTICIPANT_ENV] = self.participant
            return environment

    class Served(Server):
        """textual-serve's server with a token check in front of every route and one app per role."""

        def __init__(self, path: Path, *, host: str, port: int, protected: bool) -> None:
            super().__init__(
                app_command(path, participant=False),
                host=host,
                port=port,
                title=_("delegate: review meeting"),
                public_url=base_url(host, port),
            )
            self.path = path
            self.token = secrets.token_urlsafe(24) if protected else None
            """The facilitator's token: the manager's app (None on loopback: no token needed)."""
            self.participant_token = secrets.token_urlsafe(24) if protected else None
            """The participants' token: the participant app only."""
            self.cookie = f"delegate_token_{port}"

        @property
        def open_url(self) -> str:
            """The address to open (with the token when one is needed)."""
            return self.public_url + "/" + (f"?token={self.token}" if self.token else "")

        @property
        def join_url(self) -> str:
            """The address participants open, NAME to be replaced by their name."""
            if self.participant_token:
                return f"{self.public_url}/?token={self.participant_token}&join=NAME"
            return f"{self.public_url}/?join=NAME"

        def _role(self, given: str) -> str | None:
            """Whose token ``given`` is: "facilitator", "participant", or None."""
            found = None
            for role, token in (("facilitator", self.token), ("participant", self.participant_token)):
                if token is not None and secrets.compare_digest(given.encode(), token.encode()):
                    found = role
            return found

        async def _make_app(self) -> web.Application:
            import aiohttp_jinja2
            import jinja2

            app = web.Application(middlewares=[self._guard])
            aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
            app.add_routes(
                [
                    web.get("/", self.handle_index, name="index"),
                    web.get("/ws", self.handle_websocket, name="websocket"),
                    web.get("/ws/join/", self.handle_join_websocket, name="join-picker"),
                    web.get("/ws/join/{name}", self.handle_join_websocket, name="join"),
                    web.static("/static", self.statics_path, name="static"),
                ]
            )
            app.on_startup.append(self.on_startup)
            return app

        @web.middleware
        async def _guard(self, request: web.Request, handler: Any) -> web.StreamResponse:
            if self.token is None:
                request["role"] = "facilitator"
                return await handler(request)  # type: ignore[no-any-return]
            given = request.query.get("token") or request.cookies.get(self.cookie) or ""
            role = self._role(given)
            if role is None or (role == "participant" and request.path == "/ws"):
                return web.Response(
                    status=403, text=_("This meeting needs its access token: open the address the server printed.")
                )
            request["role"] = role
            response: web.StreamResponse = await handler(request)
            if request.path == "/" and isinstance(response, web.Response):
                response.set_cookie(self.cookie, given, httponly=True, samesite="Strict")
            return response

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            import aiohttp_jinja2

            router = request.app.router
            font_size = 16
            if "join" in request.query or request["role"] != "facilitator":
                name = " ".join(request.query.get("join", "").split())
                if name and len(name) <= NAME_LIMIT:
                    path = str(router["join"].url_for(name=name))
                else:
                    path = str(router["join-picker"].url_for())
            else:
                path = str(router["websocket"].url_for())
            # The address the browser used (not the one bound: 0.0.0.0 is no address to connect to).
            context = {
                "font_size": font_size,
                "app_websocket_url": f"ws://{request.host}{path}",
                "config": {"static": {"url": "/static/"}},
                "application": {"name": self.title},
            }
            return aiohttp_jinja2.render_template("app_index.html", request, context)

        async def handle_join_websocket(self, request: web.Request) -> web.WebSocketResponse:
            name = request.match_info.get("name", "")
            return await self._session(request, participant=name or None)

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            return await self._session(request, participant=None, full=True)

        async def _session(
            self, request: web.Request, *, participant: str | None, full: bool = False
        ) -> web.WebSocketResponse:
            import asyncio

            websocket = web.WebSocketResponse(heartbeat=15)
            width = _int(request.query.get("width", "80"), 80)
            height = _int(request.query.get("height", "24"), 24)
            session: Session | None = None
            try:
                await websocket.prepare(request)
                session = Session(
                    app_command(self.path, participant=not full),
                    write_bytes=websocket.send_bytes,
                    write_str=websocket.send_str,
                    close=websocket.close,
                    download_manager=self.download_manager,
                    debug=self.debug,
                    participant=participant,
                )
                await session.start(width, height)
                try:
                    await self._process_messages(websocket, session)
                finally:
                    await session.stop()
            except asyncio.CancelledError:
                await websocket.close()
            return websocket

        async def on_startup(self, app: web.Application) -> None:
            lines = [_("Serving {path} on {url}").format(path=self.path, url=self.public_url)]
            lines.append(_("Open: {url}").format(url=self.open_url))
            lines.append(_("Participants join the open meeting at: {url}").format(url=self.join_url))
            if self.token:
                lines.append(
                    _(
                        "Warning: the workspace holds sensitive notes about your team. The first address "
                        "opens everything: keep it to yourself. Share the participants' address only with "
                        "the people in the meeting."
                    )
                )
            lines.append(_("Press Ctrl+C to stop."))
            print("\n".join(lines), flush=True)

        def initialize_logging(self) -> None:
            import logging

            logging.basicConfig(level="WARNING", format="%(message)s")

    return Served


def _int(value: str, default: int) -> int:
    return int(value) if value.isascii() and value.isdigit() and 0 < int(value) < 10_000 else default


def make_server(path: Path, *, host: str, port: int, protected: bool) -> Any:
    """The server for ``path`` on ``host:port``; ``protected``: every request needs one of its two tokens."""
    return _server_class()(path, host=host, port=port, protected=protected)
