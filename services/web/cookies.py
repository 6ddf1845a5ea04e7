"""How the staff pages set their cookies: HttpOnly, SameSite=Lax, and Secure.

Secure everywhere except a plain-HTTP request to a loopback host (127.0.0.0/8, ::1,
localhost): that is how the local demo and the tests run, the traffic never leaves the
machine, and a Secure cookie sent over plain HTTP would not come back. Behind a TLS
proxy the app sees plain HTTP with the public Host, so cookies are Secure there too;
WEB_SECURE_COOKIES=true makes them Secure even on loopback (a proxy that passes the
loopback address on as the Host).
"""

from __future__ import annotations

import ipaddress

from fastapi import Request, Response

from services.web.access import WebContext

_LOCALHOST_NAMES = frozenset({"localhost"})


def is_loopback(host: str) -> bool:
    """Whether `host` (a name or an address, as in the URL) is this machine."""
    if host.lower().rstrip(".") in _LOCALHOST_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def secure_cookies(request: Request, context: WebContext) -> bool:
    """Whether cookies set in answer to `request` are marked Secure."""
    if context.always_secure_cookies or request.url.scheme != "http":
        return True
    return not is_loopback(request.url.hostname or "")


def set_cookie(response: Response, request: Request, context: WebContext, name: str,
               value: str, max_age: int, path: str = "/") -> None:
    response.set_cookie(name, value, max_age=max_age, path=path, httponly=True,
                        samesite="lax", secure=secure_cookies(request, context))


def delete_cookie(response: Response, request: Request, context: WebContext, name: str,
                  path: str = "/") -> None:
    """Expire the cookie, with the attributes it was set with."""
    response.delete_cookie(name, path=path, httponly=True, samesite="lax",
                           secure=secure_cookies(request, context))
