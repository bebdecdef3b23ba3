"""Sign-in: Django's login view, landing officers at the admin and partners at the home page."""
from django.contrib.auth import views as auth_views
from django.urls import reverse


class LoginView(auth_views.LoginView):
    """A safe ?next= wins (Django checks it stays on this site); otherwise officers, who work in the
    admin, go there, and partners to the home page (settings.LOGIN_REDIRECT_URL)."""

    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        if self.request.user.is_staff:
            return reverse("admin:index")
        return super().get_default_redirect_url()
