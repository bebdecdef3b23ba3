"""Responses that can differ by user are never stored by shared caches (issue 10, path 6)."""
from django.utils.cache import patch_cache_control, patch_vary_headers


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
