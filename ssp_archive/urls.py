"""The archive's URLs: the officers' admin, the public site, feeds, downloads and API.

No URL serves uploaded files, even with DEBUG on: minutes documents are read only through the
officers' admin view (meetings/storage.py).
"""
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from .views import LoginView

admin.site.site_header = "SSP Archive administration"
admin.site.site_title = "SSP Archive"
admin.site.index_title = "Minutes of the Safer Stockton Partnership"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("meetings.download_urls")),
    path("", include("meetings.reports.urls")),
    path("api/", include("meetings.api.urls")),
    # Partners and officers sign in here; officers then reach the admin from the header.
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Password reset, with Django's views: a link by email (EMAIL_URL), valid for PASSWORD_RESET_TIMEOUT.
    path("accounts/password-reset/", auth_views.PasswordResetView.as_view(
        template_name="registration/password_reset_form.html",
        email_template_name="registration/password_reset_email.txt",
        subject_template_name="registration/password_reset_subject.txt",
    ), name="password_reset"),
    path("accounts/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("accounts/password-reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        success_url=reverse_lazy("password_reset_complete"),
    ), name="password_reset_confirm"),
    path("accounts/password-reset/done/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("", include("meetings.urls")),
]

