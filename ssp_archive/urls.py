"""The archive's URLs: the officers' admin, the public site, feeds, downloads and API.

No URL serves uploaded files, even with DEBUG on: minutes documents are read only through the
officers' admin view (meetings/storage.py).
"""
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

admin.site.site_header = "SSP Archive administration"
admin.site.site_title = "SSP Archive"
admin.site.index_title = "Minutes of the Safer Stockton Partnership"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("meetings.download_urls")),
    path("api/", include("meetings.api.urls")),
    # Partners and officers sign in here; officers then reach the admin from the header.
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("meetings.urls")),
]

