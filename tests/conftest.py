"""Fixtures shared by the whole suite: the three kinds of user the archive serves."""
import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories import user_in_group


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def partner(db):
    return user_in_group("Partners", username="partner")


@pytest.fixture
def officer(db):
    return user_in_group("Democratic services", username="officer", staff=True)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests sign in hundreds of times (the lockout tests above all); a deliberately slow hash is
    the production setting, not something the tests measure."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded minutes go to a throwaway folder, never to var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MINUTES_DOCUMENTS_DIR = tmp_path / "minutes-documents"
    settings.MINUTES_STAGING_DIR = tmp_path / "staging"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_page_cache():
    """The anonymous page cache (ssp_archive/anonymous_cache.py) starts empty in every test: a test
    database flushed and rebuilt could otherwise meet another test's pages."""
    from django.core.cache import caches

    caches["default"].clear()
