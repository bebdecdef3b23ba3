"""Site-wide guards: private caching of anything that can differ by user (issue 10, path 6), response
headers Django has no setting for, and a 400 for hostile query strings."""
from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.template import loader
from django.utils.cache import patch_cache_control, patch_vary_headers

QUERY_NUL = "The parameter “{name}” holds a NUL character, which no filter accepts."
QUERY_TOO_LONG = "The parameter “{name}” is {length:,} characters long; the longest accepted is {limit:,}."


def client_address(request) -> str:
    """The client's address for django-axes: with TRUSTED_PROXY_COUNT proxies in front, the entry that
    many from the end of X-Forwarded-For (entries before it are whatever the client sent, so never
    trusted); with none, or a header too short to hold it, the connection's address."""
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


class PrivateCacheMiddleware:
    """Mark every response the site builds `Cache-Control: private` and `Vary: Cookie`.

    Pages, feeds, the API and downloads show restricted items to signed-in partners at the same URL
    the public uses, so a proxy or CDN that kept one user's copy could hand it to another. Marking
    every response (not a list of views) fails closed: a new view is covered without anyone
    remembering to. Static files are served by WhiteNoise before this middleware runs and stay
    publicly cacheable. `no-cache`/`no-store` already set (the admin, the login page) are kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_cache_control(response, private=True)
        patch_vary_headers(response, ("Cookie",))
        return response


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response (Django sets Cross-Origin-Opener-Policy itself, from
    SECURE_CROSS_ORIGIN_OPENER_POLICY; django-csp sets Content-Security-Policy)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def query_string_problem(query) -> tuple[str, str] | None:
    """The parameter a query string is refused for and why, or None. A NUL byte reaches PostgreSQL as an error (text
    cannot hold one) and an overlong value costs every LIKE it is put in; neither is ever a real
    filter, so both are refused before any view or FilterSet sees them."""
    limit = settings.QUERY_PARAM_MAX_LENGTH
    for name, values in query.lists():
        if "\x00" in name:
            shown = name.replace("\x00", "\\0")
            return shown, QUERY_NUL.format(name=shown)
        if len(name) > limit:
            shown = name[:40] + "…"
            return shown, QUERY_TOO_LONG.format(name=shown, length=len(name), limit=limit)
        for value in values:
            if "\x00" in value:
                return name, QUERY_NUL.format(name=name)
            if len(value) > limit:
                return name, QUERY_TOO_LONG.format(name=name, length=len(value), limit=limit)
    return None


class QueryStringGuardMiddleware:
    """Every page, download, feed, API and admin URL: a bad query string is a 400 naming the parameter."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = query_string_problem(request.GET)
        if problem is not None:
            return bad_request_response(request, *problem)
        return self.get_response(request)


def bad_request_response(request, name: str, message: str) -> HttpResponseBadRequest | JsonResponse:
    """The 400 page (templates/400.html) for people; for the API its documented form (messages per
    filter, as DRF gives for an invalid filter); plain text for the downloads, as their own 400s."""
    if request.path.startswith("/api/"):
        return JsonResponse({name: [message]}, status=400)
    if request.path.startswith("/downloads/"):
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    html = loader.render_to_string("400.html", {"message": message}, request=request)
    return HttpResponseBadRequest(html)
