"""The API's URLs under /api/ (namespace "api"), its OpenAPI schema at /api/schema/ and documentation at /api/docs/."""
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from . import documents, views
from .docs import ArchiveAPIRootView, ArchiveSwaggerView

app_name = "api"

router = DefaultRouter()
router.APIRootView = ArchiveAPIRootView  # /api/ in the archive's look for browsers (docs.py)
router.register("events", views.EventViewSet, basename="event")
router.register("agenda-items", views.AgendaItemViewSet, basename="agendaitem")
router.register("resolutions", views.ResolutionViewSet, basename="resolution")
router.register("people", views.PersonViewSet, basename="person")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("attendance", views.AttendanceViewSet, basename="attendance")
router.register("documents", documents.DocumentViewSet, basename="document")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ArchiveSwaggerView.as_view(), name="docs"),
    *router.urls,
    re_path(r"^(?P<path>[\s\S]*)$", views.not_found),  # [\s\S]: a path holding a newline too
]
