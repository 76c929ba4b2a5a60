"""
The API fuzzed against its own live schema (schemathesis), on the real database: for every
operation, values made up from the schema and beyond it, no 5xx, and every answer (its
status, type, headers and body) as the schema says. Bounded: a few dozen examples an
operation, so that it runs in CI on both PostgreSQL servers.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from documents.models import Document
from tests.documents.factories import (
    AttachmentFactory,
    DeclarationFactory,
    InitiativeFactory,
    ProgressNoteFactory,
)
from tests.forum.factories import HIDDEN_STATES, PageFactory, SessionFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

EXAMPLES = 40
# No 5xx; the status, type, headers and body as documented; values outside the schema
# refused. (Not "every value the schema allows is accepted": a session number that is
# an integer but no published session's is a 400, as on the site's list.)
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
    checks.negative_data_rejection,
]


@pytest.fixture
def api_schema(demo, settings):
    settings.ALLOWED_HOSTS = ["*"]
    # Something of everything, hidden things too: an answer must never show them.
    declaration = Document.objects.get(kind="declaration")
    ProgressNoteFactory(initiative=InitiativeFactory(declaration=declaration, number=9))
    AttachmentFactory(document=declaration)
    for number, state in enumerate(HIDDEN_STATES.values(), start=50):
        DeclarationFactory(**state)
        SessionFactory(number=number, **state)
        PageFactory(**state)
    # As Django's test client does: the test's transaction holds the data, so a request
    # must not close the connection at its end.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_its_schema_says(case):
    case.call_and_validate(checks=CHECKS)
