"""What the notification tests share: tasks in process, and people with email addresses."""

import pytest

from tests.factories import ParticipantFactory


@pytest.fixture
def in_process():
    """Tasks run in this process whatever this run's broker, as with no REDIS_URL."""
    from phb.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def addressed(people):
    """Everyone of ``people`` has an email address."""
    for role in (
        "coordinator",
        "facilitator",
        "other_coordinator",
        "commissioner",
        "foreign_commissioner",
        "peer_reviewer",
        "administrator",
    ):
        user = getattr(people, role)
        user.email = f"{user.username}@nhs.example"
        user.save(update_fields=["email"])
    return people


@pytest.fixture
def ann(people, pilot_tariffs):
    """Ann Example, on the team's caseload: her initials are A. E."""
    return ParticipantFactory(
        team=people.team,
        care_coordinator=people.coordinator,
        given_name="Ann",
        family_name="Example",
    )
