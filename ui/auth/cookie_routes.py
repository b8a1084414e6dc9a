"""The two HTTP routes behind sign-in that survives a reload (``serve.py`` mounts them).

A Streamlit script cannot set an HttpOnly cookie: it only reads the cookies its tab's
websocket opened with (``st.context.cookies``).  So the page hands the browser a one-time code
at sign-in (``classroom.accounts.Accounts.cookie_code``: a minute to live, used once), and a
script in the page posts it here:

- ``POST /auth/session`` (body: the code) answers ``204`` with the session cookie: HttpOnly,
  SameSite=Lax, Secure when the page was served over https, ``Max-Age`` the longest a session
  may last.  The token is made here and never reaches the page's scripts or the address bar.
- ``POST /auth/signout`` deletes the server-side row of the cookie's session and the cookie.

Both refuse a request whose ``Origin`` is another site (login CSRF: nobody can sign a browser
in to an account of theirs from their own page), and neither answers ``GET``.  Behind a proxy
(``CANCEL_DESK_TRUST_PROXY``) ``X-Forwarded-Proto`` says whether the browser used https
(docs/deploy.md, "Sign-in that survives a reload").
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from classroom.accounts import SESSION_MAX_S, Accounts
from classroom.store.errors import StoreError

COOKIE = "cancel_desk_session"
SESSION_PATH = "/auth/session"
SIGNOUT_PATH = "/auth/signout"
TRUST_PROXY = "CANCEL_DESK_TRUST_PROXY"  # as ui/auth/session.py: our own proxy sets the headers
MAX_CODE = 100  # a code is 43 characters; anything longer is not one


def _same_origin(request: Request) -> bool:
    """The request comes from a page of this site: its Origin names the host it was sent to."""
    origin = urlsplit(request.headers.get("origin") or "").hostname
    host = urlsplit("//" + (request.headers.get("host") or "")).hostname
    return bool(origin) and origin == host


def _https(request: Request) -> bool:
    if request.url.scheme == "https":
        return True
    proto = request.headers.get("x-forwarded-proto") or ""
    return bool(os.environ.get(TRUST_PROXY)) and proto.split(",")[0].strip() == "https"


def _cookie_args(request: Request) -> dict:
    return {"path": "/", "httponly": True, "samesite": "lax", "secure": _https(request)}


def _refused(why: str, status: int) -> Response:
    return PlainTextResponse(why, status_code=status, headers={"Cache-Control": "no-store"})


async def session(request: Request) -> Response:
    """Trade a one-time code for the session cookie."""
    if not _same_origin(request):
        return _refused("Sign-in is only taken from this site's own pages.", 403)
    code = (await request.body())[:MAX_CODE].decode("ascii", "replace").strip()
    try:
        token = await run_in_threadpool(Accounts().redeem, code)
    except StoreError:
        return _refused("The accounts database is unavailable; try again shortly.", 503)
    if token is None:
        return _refused("That sign-in code is used or expired; sign in again.", 400)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    response.set_cookie(COOKIE, token, max_age=SESSION_MAX_S, **_cookie_args(request))
    return response


async def signout(request: Request) -> Response:
    """End the cookie's session: its row goes, and so does the cookie."""
    if not _same_origin(request):
        return _refused("Sign-out is only taken from this site's own pages.", 403)
    try:
        await run_in_threadpool(Accounts().sign_out, request.cookies.get(COOKIE))
    except StoreError:
        return _refused("The accounts database is unavailable; try again shortly.", 503)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    response.delete_cookie(COOKIE, **_cookie_args(request))
    return response


ROUTES = [
    Route(SESSION_PATH, session, methods=["POST"]),
    Route(SIGNOUT_PATH, signout, methods=["POST"]),
]
