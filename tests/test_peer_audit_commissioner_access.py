"""Only a commissioner of the round's organisation reaches the peer audit pages."""

from datetime import date

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from peer_audit.models import AuditRound, Checklist, PeerAudit
from tests import peer_audit_commissioner_helpers
from tests.approved_plans import drawn_round
from tests.peer_audit_commissioner_helpers import opened

pytestmark = pytest.mark.django_db
plans = peer_audit_commissioner_helpers.plans  # the fixture, found by pytest here


# -- Who may -------------------------------------------------------------------------------------


def _addresses(audit_round, audit) -> list[tuple[str, str]]:
    return [
        ("get", reverse("peer_audit:rounds")),
        ("get", reverse("peer_audit:checklist")),
        ("post", reverse("peer_audit:checklist")),
        ("get", reverse("peer_audit:round_new")),
        ("post", reverse("peer_audit:round_new")),
        ("get", reverse("peer_audit:results")),
        ("get", reverse("peer_audit:round", args=[audit_round.pk])),
        ("post", reverse("peer_audit:round_draw", args=[audit_round.pk])),
        ("post", reverse("peer_audit:round_assign", args=[audit_round.pk])),
        ("get", reverse("peer_audit:audit_reassign", args=[audit_round.pk, audit.pk])),
        ("post", reverse("peer_audit:audit_reassign", args=[audit_round.pk, audit.pk])),
    ]


@pytest.mark.parametrize("role", ["coordinator", "facilitator", "peer_reviewer", "administrator"])
def test_anyone_but_a_commissioner_gets_404_everywhere(client, people, plans, role):
    audit_round = drawn_round(people.commissioner, start=date(2013, 1, 1), end=date(2013, 3, 31))
    audit = PeerAudit.objects.filter(round=audit_round).first()
    client.force_login(getattr(people, role))
    for method, address in _addresses(audit_round, audit):
        assert getattr(client, method)(address).status_code == 404, (method, address)
    assert not AuditRound.objects.exclude(pk=audit_round.pk).exists()
    assert PeerAudit.objects.filter(reviewer__isnull=False).count() == 0
    assert Checklist.objects.count() == 1


def test_a_commissioner_of_another_organisation_sees_none_of_it(client, people, plans):
    audit_round = drawn_round(people.commissioner, start=date(2013, 1, 1), end=date(2013, 3, 31))
    audit = PeerAudit.objects.filter(round=audit_round).first()
    client.force_login(people.foreign_commissioner)
    for method, address in _addresses(audit_round, audit)[6:]:
        assert getattr(client, method)(address).status_code == 404, (method, address)
    listed = client.get(reverse("peer_audit:rounds"))
    assert audit_round.name not in listed.text
    results = client.get(reverse("peer_audit:results"))
    assert results.context["quarters"] == []
    refused = AuditEvent.objects.filter(kind=AuditEvent.Kind.REFUSED)
    assert refused.filter(object_id=f"pk={audit_round.pk}").exists()


def test_an_audit_of_another_round_is_not_found_under_this_one(client, people, plans):
    first = drawn_round(people.commissioner, start=date(2013, 1, 1), end=date(2013, 3, 31))
    second = opened(people)
    audit = PeerAudit.objects.filter(round=first).first()
    client.force_login(people.commissioner)
    address = reverse("peer_audit:audit_reassign", args=[second.pk, audit.pk])
    assert client.get(address).status_code == 404
