"""Sign in and out through forms: /login (GET shows the form, POST signs in) and POST /logout.

The session is the API's: the same cookie (`picturelock_session`), the same rate limiting and
lockouts (a locked login reads "too many attempts"), the same audit of lockouts.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from picturelock.api.deps import SESSION_COOKIE, client_address, gate, hand_session_cookie
from picturelock.api.errors import ApiError
from picturelock.web.pages import current_caller, local_path, page_caller, render

router = APIRouter()


def same_origin(request: Request) -> bool:
    """A browser's Origin (sent on every form post) must be this site: no signing in from elsewhere."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    parts = urlsplit(origin)
    return parts.netloc == request.url.netloc and parts.scheme == request.url.scheme


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> Response:
    """The sign-in form; already signed in: straight on to `next`."""
    target = local_path(next)
    if current_caller(request) is not None:
        return RedirectResponse(target, status_code=303)
    return render(request, "login.html", next=target, error=None, login_value="")


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    login: str = Form("", max_length=320),
    password: str = Form("", max_length=1024),
    next: str = Form("/", max_length=2000),
) -> Response:
    """Sign in; on success a redirect to `next` (a path on this site) with the session cookie."""
    target = local_path(next)
    if not same_origin(request):
        return render(
            request,
            "login.html",
            403,
            next=target,
            error="This sign-in form did not come from this site.",
            login_value="",
        )
    if not login.strip() or not password:
        return render(
            request, "login.html", 422, next=target, error="Enter your login and password.", login_value=login
        )
    try:
        signed = gate(request).sign_in(login, password, client_address(request))
    except ApiError as refused:
        headers = refused.headers or {}
        page = render(
            request, "login.html", refused.status, next=target, error=refused.message, login_value=login
        )
        page.headers.update(headers)
        return page
    response = RedirectResponse(target, status_code=303)
    hand_session_cookie(response, request, signed.token)
    return response


@router.post("/logout")
def logout(request: Request, csrf_token: str = Form("")) -> Response:
    """End this session (the form in the header carries the CSRF token) and show the sign-in form."""
    caller = page_caller(request)
    gate(request).sign_out(caller.token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
