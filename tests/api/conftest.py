"""The API tests use the downloads' small archive."""
from tests.downloads.conftest import archive  # noqa: F401
