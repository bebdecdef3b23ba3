"""The report download URL: /reports/<id>/<slug>.<ext> (the slug is the title's; a stale one redirects)."""
from django.urls import re_path

from . import views

urlpatterns = [
    re_path(r"^reports/(?P<pk>[0-9]+)/(?P<slug>[-a-zA-Z0-9_]+)\.(?P<ext>[a-z0-9]{1,5})$", views.report_download,
            name="report_download"),
]

