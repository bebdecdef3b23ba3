"""The OpenAPI schema is valid, and every operation it documents answers as documented.

schemathesis generates requests from the schema served at /api/schema/ (path and query parameters,
valid and odd) and checks each response: no server error, a documented status code and content
type, and a body matching the documented schema; once for the public, once for a partner.
"""
import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from schemathesis.specs.openapi.checks import ignored_auth, negative_data_rejection, positive_data_acceptance

from ssp_archive.wsgi import application

SCHEMA_URL = "/api/schema/"
# Signing in is optional (each operation's security lists `{}`): the public is served without it,
# which schemathesis's "ignored_auth" check would report as authentication not enforced.
# A value the schema allows may still be refused with a documented 400: a slug of no meeting, a
# year outside 1-9999, a NUL byte (ssp_archive.middleware). What is checked is that it is a 400, not a 500.
# And the other way: an empty filter (`?date_to=`, as a page's form submits it) means "no filter", not
# an error. Invalid values (generated too, since schemathesis 4) must still never be a 5xx or undocumented.
EXCLUDED_CHECKS = (ignored_auth, positive_data_acceptance, negative_data_rejection)
# Query and path values are fuzzed, NUL bytes included (they arrive as %00); the session cookie is
# not: it is Django's session framework, not the API, and gunicorn refuses NUL bytes in headers.
GENERATION = {"with_security_parameters": False}
EXAMPLES_PER_OPERATION = 25


def served_schema(client) -> dict:
    response = client.get(SCHEMA_URL, {"format": "json"})
    assert response.status_code == 200
    return response.json()


@pytest.mark.django_db
def test_schema_is_valid_openapi(client):
    schema = served_schema(client)
    validate(schema)
    assert schema["openapi"].startswith("3.")


@pytest.mark.django_db
def test_schema_documents_every_endpoint_and_its_errors(client):
    paths = served_schema(client)["paths"]
    assert sorted(paths) == sorted(
        f"/api/{name}/{suffix}"
        for name, lookup in [("events", "{slug}"), ("agenda-items", "{id}"), ("resolutions", "{id}"),
                             ("people", "{slug}"), ("organizations", "{slug}"), ("attendance", "{id}"),
                             ("documents", "{id}")]
        for suffix in ("", lookup + "/")
    )
    for path, operations in paths.items():
        assert set(operations) == {"get"}, f"{path} is read-only"
        assert "404" in operations["get"]["responses"]


@pytest.fixture
def api_schema(client, archive, partner):
    """The served schema, bound to the real WSGI application running inside the test's transaction.

    Django's WSGI handler closes "old" database connections as each request starts and ends,
    which inside a test's transaction drops it (PostgreSQL; SQLite's in-memory database is never
    closed). Django's test client switches that handler off around its own requests and back on
    after, so it is switched off here only once the schema has been fetched with the client.
    """
    raw_schema = served_schema(client)
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    schema = schemathesis.openapi.from_dict(raw_schema)
    schema.app = application
    schema.config.generation.update(**GENERATION)
    yield schema
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def partner_cookie(client, partner):
    client.force_login(partner)
    return "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())


api = schemathesis.pytest.from_fixture("api_schema")


@api.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@pytest.mark.django_db
def test_every_operation_answers_as_documented(case, partner_cookie):
    case.call_and_validate(excluded_checks=EXCLUDED_CHECKS)
    case.call_and_validate(headers={"Cookie": partner_cookie}, excluded_checks=EXCLUDED_CHECKS)
