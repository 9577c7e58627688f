"""Who is asking: a session cookie (pages, and the desk's own scripts) or an API token
(``Authorization: Bearer``). Posts made with a session carry its CSRF token (a form field, or the
``X-CSRF-Token`` header); a token-authenticated API call needs none (no browser sends it by
itself). Failed logins are limited per address and name (:func:`accounts.login_wait`)."""

from __future__ import annotations

import hmac
import os
from dataclasses import dataclass

from fastapi import Request

from congvan.pipeline.desk.accounts import Session, User, api_user, session
from congvan.pipeline.web.context import desk_of
from congvan.search.ledger import Ledger

COOKIE = "congvan_session"


@dataclass(frozen=True)
class Caller:
    user: User
    session: Session | None      # None: an API token


class NotSignedIn(Exception):
    pass


class BadCsrf(Exception):
    pass


def caller(request: Request, ledger: Ledger) -> Caller | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = api_user(ledger, header[7:].strip())
        return Caller(user, None) if user else None
    token = request.cookies.get(COOKIE)
    found = session(ledger, token) if token else None
    return Caller(found.user, found) if found else None


def signed_in(request: Request) -> Caller:
    """Who is asking; :class:`NotSignedIn` (a redirect to the sign-in page, or 401) when nobody."""
    who = caller(request, desk_of(request).store().ledger)
    if who is None:
        raise NotSignedIn()
    return who


def check_csrf(who: Caller, sent: str | None) -> None:
    """A session's post must carry its CSRF token; an API token's needs none."""
    if who.session is None:
        return
    if not sent or not hmac.compare_digest(sent, who.session.csrf):
        raise BadCsrf()


def secure_cookies(request: Request) -> bool:
    return request.url.scheme == "https" or os.environ.get("CONGVAN_SECURE_COOKIES") == "1"
