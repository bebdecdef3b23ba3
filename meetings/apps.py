"""The meetings app: bodies, meetings, items and the pages built on them."""
from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "meetings"
    verbose_name = "Meetings and minutes"

    def ready(self):
        from . import redaction

        redaction.connect_signals()
