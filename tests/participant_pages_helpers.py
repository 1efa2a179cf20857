"""What the participant page tests share: Ann Example, the addresses, query counts, add form."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from costing.models import Cluster
from participants.models import Participant
from participants.services import cluster_assign
from tests.dates import date_fields
from tests.factories import ParticipantFactory


@pytest.fixture
def person(people):
    """A person on the Riverside caseload, coordinated by Cara, in cluster 8."""
    participant = ParticipantFactory(
        team=people.team,
        given_name="Ann",
        family_name="Example",
        care_coordinator=people.coordinator,
        cohort=Participant.Cohort.BUDGET_HOLDER,
    )
    cluster_assign(
        participant=participant, cluster=Cluster.objects.get(number=8), start=date(2010, 4, 1)
    )
    return participant


def url(name: str, participant: Participant | None = None) -> str:
    return reverse(f"participants:{name}", args=[participant.pk] if participant else [])


def count_queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200
    return len(captured)


def add_form(**changes) -> dict:
    data = {
        "nhs_number": "999 000 0018",
        "given_name": "Nia",
        "family_name": "Jones",
        **date_fields("date_of_birth", date(1984, 3, 15)),
        "address": "1 High Street",
        "care_coordinator": "",
        "phb_category": "mental_health",
        "cohort": "none",
        "representative": "",
        "cluster": "",
        **date_fields("cluster_start", None),
    }
    return {**data, **changes}
