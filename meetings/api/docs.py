"""The API's own pages: the root at /api/ in the archive's look, and interactive documentation.

Browsers get pages in the site's design (GOV.UK Frontend, the partnership's header and footer);
programs asking for JSON (or `?format=json`) get the stock root, a map of the endpoints. The
documentation page is Swagger UI from drf-spectacular-sidecar's installed copy, served as this
site's static files: no CDN, and nothing the Content-Security-Policy must open up (its start-up
script is a separate same-origin file, not inline; our scripts carry the request's nonce).
"""
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.renderers import JSONRenderer, TemplateHTMLRenderer
from rest_framework.reverse import reverse
from rest_framework.routers import APIRootView

# What each endpoint lists, for the root page (the schema has the details).
ENDPOINT_NOTES = {
    "events": "Meetings, newest first, with how many agenda items you may see.",
    "agenda-items": "Agenda items with their minutes (the published text) and resolutions.",
    "resolutions": "Resolutions with their meeting, item and reference.",
    "people": "People minuted at meetings, with their other spellings.",
    "organizations": "Organisations represented at meetings, with their other spellings.",
    "attendance": "Who attended which meeting, in what role, for which organisation.",
}


class ArchiveAPIRootView(APIRootView):
    """/api/: a page in the archive's design for browsers; the endpoint map as JSON for programs."""

    renderer_classes = [JSONRenderer, TemplateHTMLRenderer]
    template_name = "api/root.html"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if getattr(request.accepted_renderer, "format", "") == "html":
            response.data = {
                "endpoints": [(name, url, ENDPOINT_NOTES.get(name, "")) for name, url in response.data.items()],
                "schema_url": reverse("api:schema", request=request),
                "docs_url": reverse("api:docs", request=request),
            }
        return response


class ArchiveSwaggerView(SpectacularSwaggerSplitView):
    """/api/docs/: Swagger UI over /api/schema/, from the locally installed sidecar assets."""

    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
    title = "SSP Archive API documentation"
