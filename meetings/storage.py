"""Where minutes documents are kept: a folder no URL serves, read back only by the officers' admin view."""
import os
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register
from django.core.files.storage import FileSystemStorage

NO_PUBLIC_URL = "Source documents have no public URL: officers open them from the meeting's admin page."


class SourceDocumentStorage(FileSystemStorage):
    """A FileSystemStorage rooted at settings.MINUTES_DOCUMENTS_DIR, with no URL at all.

    The originals hold restricted items in full, so nothing may serve them but the permission-checked
    view (MeetingAdmin.source_document_view). The folder is read from settings on each use, so a
    test's (or a deployment's) setting applies without restarting anything.
    """

    @property
    def base_location(self):
        return os.fspath(settings.MINUTES_DOCUMENTS_DIR)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        # Fail closed: a template or widget asking for a link gets an error, never a guessable path.
        raise ValueError(NO_PUBLIC_URL)


_storage = SourceDocumentStorage()


def source_document_storage() -> SourceDocumentStorage:
    """The storage of Meeting.source_document (a callable, so migrations do not freeze a path)."""
    return _storage


def _served_folders() -> list[tuple[str, Path]]:
    folders = [("MEDIA_ROOT", settings.MEDIA_ROOT), ("STATIC_ROOT", settings.STATIC_ROOT)]
    folders += [("STATICFILES_DIRS", entry if not isinstance(entry, tuple) else entry[1])
                for entry in settings.STATICFILES_DIRS]
    return [(name, Path(folder).resolve()) for name, folder in folders if folder]


@register()
def check_private_folders(app_configs=None, **kwargs):
    """Refuse to start when uploads or staged files would sit in a folder that is served."""
    errors = []
    for setting in ("MINUTES_DOCUMENTS_DIR", "MINUTES_STAGING_DIR"):
        private = Path(getattr(settings, setting)).resolve()
        for served_name, served in _served_folders():
            if private == served or served in private.parents or private in served.parents:
                errors.append(Error(
                    f"{setting} ({private}) overlaps {served_name} ({served}), which is served.",
                    hint="Keep minutes documents and staged uploads in folders no URL serves.",
                    id="meetings.E001",
                ))
    return errors
