"""Settings read from the environment, and the production checks Django itself runs."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x7!kq-production-like-secret-key-for-the-deploy-check-9f3a2b1c0d8e7f6a5b4c",
    "ALLOWED_HOSTS": "archive.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://archive.example.org",
    "DATABASE_URL": "postgres://ssp:secret@db.example.org:5432/ssp_archive",
}


def _manage(*args, env_overrides):
    """Run manage.py in a clean environment: only the variables a server would have, plus overrides.

    The test process's own variables (DATABASE_URL, DJANGO_ALLOW_ASYNC_UNSAFE set for the browser
    tests, ...) must not leak into what is meant to look like production.
    """
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_reports_no_issues_in_production():
    """`manage.py check --deploy` under production-like variables is clean."""
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_missing_secret_key_is_an_error_when_debug_is_off():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = _manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_database_url_selects_postgresql_through_psycopg3():
    code = (
        "from django.conf import settings; from django.db import connection; import psycopg;"
        "print(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'],"
        " psycopg.__version__.split('.')[0])"
    )
    result = _manage("shell", "-c", code, env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-3:] == ["django.db.backends.postgresql", "ssp_archive", "3"]


def test_no_database_url_means_sqlite_under_var():
    code = "from django.conf import settings; print(settings.DATABASES['default']['NAME'])"
    result = _manage("shell", "-c", code, env_overrides={"DEBUG": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == str(ROOT / "var" / "db.sqlite3")


def test_whitenoise_serves_static_files():
    from django.conf import settings

    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE
