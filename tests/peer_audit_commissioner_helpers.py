"""What the commissioner's peer audit page tests share: plans, a round, CSV."""

import csv
import io
from datetime import date

import pytest

from peer_audit import rounds
from peer_audit.models import AuditRound
from tests.approved_plans import approved_plans

FEB = date(2013, 2, 1)


@pytest.fixture
def plans(people):
    """Five plans of Riverside and three of Hillside, signed off on 1 February 2013."""
    return approved_plans(people.team, people.facilitator, 5, on=FEB) + approved_plans(
        people.other_team, people.facilitator, 3, on=FEB
    )


def opened(people, **settings) -> AuditRound:
    return rounds.round_open(
        user=people.commissioner,
        name="Q4 2012-13",
        period_start=date(2013, 1, 1),
        period_end=date(2013, 3, 31),
        **settings,
    )


def csv_of(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
