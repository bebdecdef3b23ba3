"""Anonymous pages served near static speed: a shared cache of public responses, and conditional GET.

The public (a request with no session cookie) sees the same page at a URL until the archive changes,
so `AnonymousCacheMiddleware` keeps each public 200 response in Django's cache framework (local memory,
or Redis when REDIS_URL is set), keyed by the URL, the host, the day, the release and the archive's
version number (`meetings.ArchiveStamp`, bumped by database triggers on every write to anything the
pages show). A change makes a new version and so new keys: nothing stale is ever looked up again.
The same stamp gives ETag and Last-Modified, so a browser's revalidation is a 304 without a render.

Fail closed: only GET/HEAD, only the public paths in `ANONYMOUS_CACHE_PATHS`, never with a session or
messages cookie or an Authorization header, never inside an open transaction (its writes have not bumped
the stamp yet), and only 200 responses that set no cookie, say nothing of no-cache, vary on nothing but
Cookie, and were built for an anonymous user. Signed-in users get no validators and no cache at all.

The middleware sits inside PrivateCacheMiddleware (so browsers still get `Cache-Control: private`,
`Vary: Cookie`) and inside django-csp's middleware: a cached page's script nonce is replaced by this
request's fresh nonce, which django-csp then puts in the header, so no two responses share a nonce.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date

CACHE_HEADER = "X-Archive-Cache"  # hit, miss or bypass: for the benchmark and the tests, says nothing private
# Headers a stored response keeps; everything else is rebuilt per response (Content-Length) or added
# by the middleware outside this one (CSP, Cache-Control, security headers).
KEPT_HEADERS = {"content-type", "content-disposition", "content-language", "x-frame-options", "vary",
                "x-robots-tag", "link"}
ALLOWED_VARY = {"cookie", "accept-encoding"}


def archive_stamp() -> tuple[int, dt.datetime] | None:
    """(version, changed_at) of the archive, one primary-key query; None if the row is missing.

    Every public request asks this before its cached page is served, so it is plain SQL: building
    the same query through the ORM was half the time a cached meeting page took (0.27 of 0.54 ms).
    """
    from meetings.models import ArchiveStamp

    meta = ArchiveStamp._meta
    connection = connections[DEFAULT_DB_ALIAS]
    quote = connection.ops.quote_name
    sql = (f"SELECT {quote(meta.get_field('version').column)}, {quote(meta.get_field('changed_at').column)} "
           f"FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} = %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, [1])
        row = cursor.fetchone()
    if row is None:
        return None
    version, changed_at = row
    if isinstance(changed_at, str):  # SQLite returns the text its trigger or Django wrote, in UTC
        changed_at = parse_datetime(changed_at)
    if timezone.is_naive(changed_at):
        changed_at = timezone.make_aware(changed_at, dt.UTC)
    return version, changed_at


def code_release() -> str:
    """A short fingerprint of the templates and code, so a deploy never serves pages of the last one.

    RELEASE (settings, from the environment) wins; else the newest modification time of the templates and
    the Python of the apps, read once at start-up.
    """
    if settings.RELEASE:
        return settings.RELEASE
    base = Path(settings.BASE_DIR)
    newest = max(
        (path.stat().st_mtime_ns for folder in ("templates", "meetings", "people", "ssp_archive")
         for pattern in ("**/*.html", "**/*.py") for path in (base / folder).glob(pattern)),
        default=0,
    )
    return hashlib.sha256(str(newest).encode()).hexdigest()[:12]


class AnonymousCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.release = code_release()

    def __call__(self, request):
        if not self.request_is_public(request):
            return self.mark(self.get_response(request), "bypass")
        stamp = archive_stamp()
        if stamp is None:  # the row is gone (a flushed test database): nothing to key on
            return self.mark(self.get_response(request), "bypass")
        version, changed_at = stamp
        today = timezone.localdate()
        # Pages show "today" (the home page's next meeting), so the day is part of every validator and key.
        midnight = dt.datetime.combine(today, dt.time(), tzinfo=timezone.get_current_timezone())
        last_modified = int(max(changed_at, midnight).timestamp())
        etag = f'W/"{version}-{today:%Y%m%d}-{self.release}"'

        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return self.validators(not_modified, etag, last_modified)

        cache = caches[settings.ANONYMOUS_CACHE_ALIAS]
        key = self.key(request, f"{version}:{changed_at.isoformat()}", today)
        entry = cache.get(key)
        if entry is not None:
            return self.validators(self.mark(self.from_entry(request, entry), "hit"), etag, last_modified)

        response = self.get_response(request)
        if request.method == "GET" and self.response_is_public(request, response):
            cache.set(key, self.to_entry(request, response), settings.ANONYMOUS_CACHE_SECONDS)
            return self.validators(self.mark(response, "miss"), etag, last_modified)
        return self.mark(response, "bypass")

    # --- what may be cached --------------------------------------------------------------------

    @staticmethod
    def request_is_public(request) -> bool:
        if request.method not in ("GET", "HEAD"):
            return False
        path = request.path_info
        if not any(path == prefix or (prefix != "/" and prefix.endswith("/") and path.startswith(prefix))
                   for prefix in settings.ANONYMOUS_CACHE_PATHS):
            return False
        if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
            return False
        if "HTTP_AUTHORIZATION" in request.META:
            return False
        # In an open transaction (ATOMIC_REQUESTS, or a test) writes made in it have not bumped the stamp.
        return not connections[DEFAULT_DB_ALIAS].in_atomic_block

    @staticmethod
    def response_is_public(request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        cache_control = response.get("Cache-Control", "").lower()
        if any(word in cache_control for word in ("no-store", "no-cache", "private")):
            return False
        vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
        if not vary <= ALLOWED_VARY:
            return False
        user = getattr(request, "user", None)
        if user is not None and (user.is_authenticated or getattr(user, "preview_meeting_id", None) is not None):
            return False
        return len(response.content) <= settings.ANONYMOUS_CACHE_MAX_BYTES

    # --- keys and entries --------------------------------------------------------------------------

    def key(self, request, version: str, today: dt.date) -> str:
        # The version with its time: a stamp row deleted and begun again at 1 (a flushed database) never
        # meets the entries of the first 1.
        raw = "\n".join((self.release, version, today.isoformat(), request.scheme, request.get_host(),
                         request.get_full_path()))
        return "anon-page:" + hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def to_entry(request, response) -> dict:
        nonce = getattr(request, "_csp_nonce", None)  # set by django-csp only if the page used it
        return {
            "content": response.content,
            "headers": [(name, value) for name, value in response.items() if name.lower() in KEPT_HEADERS],
            "nonce": nonce if isinstance(nonce, str) else None,
        }

    @staticmethod
    def from_entry(request, entry) -> HttpResponse:
        content = entry["content"]
        if entry["nonce"]:
            # A fresh nonce for this response, in the body here and in the header by django-csp.
            content = content.replace(entry["nonce"].encode(), str(request.csp_nonce).encode())
        response = HttpResponse(content)
        for name, value in entry["headers"]:
            response[name] = value
        response["Content-Length"] = str(len(content))
        return response

    @staticmethod
    def validators(response, etag: str, last_modified: int):
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        return response

    @staticmethod
    def mark(response, state: str):
        response[CACHE_HEADER] = state
        return response
