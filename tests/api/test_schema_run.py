"""A property-based run of the OpenAPI schema against the API (schemathesis): for every
operation, a few generated requests with a valid token, through the WSGI application; no
server error, and every documented response matches its schema. Small and deterministic."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from tests.certificates import scene

pytestmark = pytest.mark.django_db(transaction=False)

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def test_every_operation_conforms_to_the_schema(world, partner, client):
    scene.staffed(world.unit)
    scene.issued(world.unit)
    schema = schemathesis.openapi.from_dict(client.get("/api/schema/?format=json").json())
    app = get_wsgi_application()
    headers = {"Authorization": f"Token {partner.secret}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 12

    # As Django's test client does: the request signals would close the test's connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        for operation in operations:
            check(operation, app, headers)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def check(operation, app, headers):
    """A few generated requests of one operation, each validated."""

    @settings(
        max_examples=6,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case):
        response = case.call(app=app, headers=headers)
        case.validate_response(response, checks=CHECKS)

    run()
