"""The API fuzzed from its own OpenAPI schema (schemathesis): every operation, as a
coordinator, a facilitator and a commissioner, on the demo's data, with data that fits
the schema and data that does not. A server error, or a response that the schema does
not describe (status code, media type or body), fails.

Requests go in process to the site's WSGI application inside the test's transaction, so
whatever the fuzzer writes is rolled back. The seed is fixed (derandomized) and the
examples are counted, so every run tries the same cases and keeps to its time budget.
"""

import contextlib
import json
import os
import time
from io import StringIO

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from careplans.models import CarePlan, Outcome, Reconsideration, Risk, SpendingLine
from costing.models import Cluster, Intervention
from participants.models import Participant
from people.models import Team, User
from people.services import token_create
from reviews.models import Review, ReviewPack

pytestmark = pytest.mark.django_db

POSITIVE, NEGATIVE = schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE
ROLES = {
    # Data that breaks the schema is refused before any role matters: one role sends it.
    "coordinator": (POSITIVE, NEGATIVE),
    "facilitator": (POSITIVE,),
    "commissioner": (POSITIVE,),
}
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
"""Examples per operation, role and mode: about 3,000 requests, under two minutes. Set
``FUZZ_EXAMPLES`` higher for a deeper search (the same seed, more cases)."""
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def openapi_schema() -> dict:
    """The schema that ``/api/schema/`` serves, generated in process."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated, renderer_context={}))


class SiteInTestTransaction(WSGIHandler):
    """The site's WSGI application, keeping the test's database connection open (as
    Django's test client does): closing it would end the test's transaction."""

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            return super().__call__(environ, start_response)
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


def records() -> dict[str, list]:
    """Ids of records that exist, by what a path parameter names."""
    return {
        "participants": list(Participant.objects.values_list("pk", flat=True)),
        "care-plans": list(CarePlan.objects.values_list("pk", flat=True)),
        "reviews": list(Review.objects.values_list("pk", flat=True)),
        "review-packs": [str(pk) for pk in ReviewPack.objects.values_list("pk", flat=True)],
        "teams": list(Team.objects.values_list("pk", flat=True)),
        "clusters": list(Cluster.objects.values_list("number", flat=True)),
        "interventions": list(Intervention.objects.values_list("code", flat=True)),
        "outcome_id": list(Outcome.objects.values_list("pk", flat=True)),
        "risk_id": list(Risk.objects.values_list("pk", flat=True)),
        "line_id": list(SpendingLine.objects.values_list("pk", flat=True)),
        "reconsideration_id": list(Reconsideration.objects.values_list("pk", flat=True)),
        "number": [1, 2],
    }


def existing_path_parameters(operation, known: dict[str, list]) -> st.SearchStrategy:
    """Path parameters naming records that exist, so that the fuzzer gets past the 404s
    (``{}`` where there is none)."""
    collection = operation.path.removeprefix("/api/v1/").split("/")[0]
    choices = {}
    for parameter in operation.path_parameters:
        first = parameter.name in ("id", "code") or collection == "clusters"
        values = known.get(collection if first else parameter.name)
        if not values:
            return st.just({})
        choices[parameter.name] = st.sampled_from(values)
    return st.fixed_dictionaries(choices)


def fuzz(operation, mode, token: str, known: dict[str, list], app) -> list[str]:
    """Send ``EXAMPLES`` cases of ``operation``; what failed, one line per distinct fault."""
    faults: dict[str, str] = {}

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(
        case=operation.as_strategy(generation_mode=mode),
        existing=existing_path_parameters(operation, known),
        use_existing=st.booleans(),
    )
    def send(case, existing, use_existing):
        if use_existing and existing:
            case.path_parameters = {**(case.path_parameters or {}), **existing}
        response = case.call(app=app, headers={"Authorization": f"Token {token}"})
        try:
            case.validate_response(response, checks=CHECKS)
        except (Failure, FailureGroup) as found:
            for failure in getattr(found, "exceptions", (found,)):
                key = f"{case.method} {operation.path}: {failure.title} ({response.status_code})"
                faults.setdefault(
                    key,
                    f"{key} [{mode.value}] {case.formatted_path} query={case.query} "
                    f"body={str(case.body)[:300]}\n{str(failure)[:800]}",
                )

    with contextlib.suppress(Unsatisfiable):  # no case of this mode can be made
        send()
    return list(faults.values())


@pytest.fixture
def demo_tokens(monkeypatch) -> dict[str, str]:
    """The demo loaded, and an API token for each role fuzzed. Throttling is off: the
    fuzzer sends more requests a minute than a person could."""
    call_command("load_demo", "--force", stdout=StringIO())
    monkeypatch.setattr(SimpleRateThrottle, "allow_request", lambda *args: True)
    return {
        role: token_create(user=User.objects.get(username=role), name="fuzzing")[1]
        for role in ROLES
    }


def test_no_request_makes_a_server_error_or_a_response_the_schema_does_not_describe(
    demo_tokens,
):
    schema = schemathesis.openapi.from_dict(openapi_schema())
    operations = [result.ok() for result in schema.get_all_operations()]
    app = SiteInTestTransaction()
    known = records()
    faults: list[str] = []
    started = time.monotonic()
    for operation in operations:
        for role, modes in ROLES.items():
            for mode in modes:
                faults.extend(fuzz(operation, mode, demo_tokens[role], known, app))
    elapsed = time.monotonic() - started
    assert len(operations) > 50
    assert not faults, "\n\n".join(faults)
    assert elapsed < 60 * EXAMPLES, f"the fuzzing took {elapsed:.0f} s: too long for CI"
