"""The peer audit rounds' tables: sorted by any column, downloaded, queries."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from peer_audit import rounds
from peer_audit.models import AuditRound, PeerAudit
from tests import peer_audit_commissioner_helpers
from tests.approved_plans import approved_plans, drawn_round, submitted_audit
from tests.peer_audit_commissioner_helpers import FEB, csv_of

pytestmark = pytest.mark.django_db
plans = peer_audit_commissioner_helpers.plans  # the fixture, found by pytest here


ALL_MET = ["met"] * 12


# -- Tables: sorted and downloaded --------------------------------------------------------------


def test_the_rounds_sort_by_any_column_and_download(client, people, plans):
    drawn_round(people.commissioner, start=date(2013, 1, 1), end=date(2013, 3, 31))
    rounds.round_open(
        user=people.commissioner,
        name='=HYPERLINK("http://x")',
        period_start=date(2013, 4, 1),
        period_end=date(2013, 6, 30),
    )
    client.force_login(people.commissioner)
    latest_first = client.get(reverse("peer_audit:rounds")).context["table"].rows
    assert [r.period_end for r in latest_first] == [date(2013, 6, 30), date(2013, 3, 31)]
    by_drawn = client.get(reverse("peer_audit:rounds"), {"rounds_sort": "-drawn"})
    assert [r.drawn_count for r in by_drawn.context["table"].rows] == [4, 0]
    assert 'aria-sort="descending"' in by_drawn.text
    rows = csv_of(client.get(reverse("peer_audit:rounds"), {"csv": "rounds"}))
    assert rows[0] == ["Round", "Period", "Status", "Drawn", "Submitted", "Passed"]
    assert rows[1][0] == '\'=HYPERLINK("http://x")'
    assert rows[2][3:] == ["4", "0", "0"]


def test_a_sort_the_table_does_not_have_falls_back_to_its_default(client, people, plans):
    audit_round = drawn_round(people.commissioner, start=date(2013, 1, 1), end=date(2013, 3, 31))
    client.force_login(people.commissioner)
    page = client.get(
        reverse("peer_audit:round", args=[audit_round.pk]), {"audits_sort": "password"}
    )
    assert page.status_code == 200
    teams = [audit.team.name for audit in page.context["audits"].rows]
    assert teams == sorted(teams, key=str.casefold)


def test_the_audits_download_as_csv_and_the_download_is_in_the_trail(client, people, plans):
    audit_round = drawn_round(people.commissioner, start=date(2013, 1, 1), end=date(2013, 3, 31))
    client.force_login(people.commissioner)
    response = client.get(reverse("peer_audit:round", args=[audit_round.pk]), {"csv": "audits"})
    assert f"peer-audit-round-{audit_round.pk}-audits.csv" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    rows = csv_of(response)
    assert rows[0] == ["Team", "Plan", "Reviewer", "Assigned on", "Status"]
    assert sorted(int(row[1]) for row in rows[1:]) == sorted(
        PeerAudit.objects.values_list("plan_id", flat=True)
    )
    downloaded = AuditEvent.objects.get(kind=AuditEvent.Kind.DOWNLOAD)
    assert downloaded.content_type.model == "peeraudit"
    assert len(downloaded.object_ids) == 4
    viewed = AuditEvent.objects.filter(kind=AuditEvent.Kind.VIEW)
    assert [event.content_type.model for event in viewed] == ["auditround"]


def test_the_round_pages_queries_do_not_grow_with_its_audits(client, people):
    """The rounds list and a drawn, assigned round with an audit submitted: as many queries
    with 4 audits as with 16."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(count: int) -> tuple[int, int]:
        plans = approved_plans(people.team, people.facilitator, count, on=FEB)
        opened = drawn_round(
            people.commissioner,
            start=FEB,
            end=FEB,
            sample_percent=Decimal("100"),
        )
        rounds.round_assign(user=people.commissioner, audit_round=opened)
        audit = PeerAudit.objects.get(round=opened, plan=plans[0].plan)
        submitted_audit(audit, people.peer_reviewer, ["not_met", *ALL_MET[1:]], "good")
        client.force_login(people.commissioner)
        counted = []
        for url in (reverse("peer_audit:rounds"), reverse("peer_audit:round", args=[opened.pk])):
            client.get(url)  # the content types the audit trail names, cached
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counted.append(len(captured))
        return tuple(counted)

    few = queries(4)
    PeerAudit.objects.all().delete()
    AuditRound.objects.all().delete()
    assert (
        queries(12) == few
    )  # 4 plans more than 12: all 16 are drawn  # 4 plans more than 12: all 16 are drawn
