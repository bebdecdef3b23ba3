"""WSGI entry point, served by gunicorn in production (`gunicorn ssp_archive.wsgi`)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ssp_archive.settings")
application = get_wsgi_application()
