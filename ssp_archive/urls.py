"""The archive's URLs: the officers' admin, and (in later modules) the public site, feeds and API."""
from django.conf import settings
from django.contrib import admin
from django.urls import path

admin.site.site_header = "SSP Archive administration"
admin.site.site_title = "SSP Archive"
admin.site.index_title = "Minutes of the Safer Stockton Partnership"

urlpatterns = [
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
