"""Audits assigned to a peer reviewer, made through the commissioner's services: a round
over the period of today's sign-offs, drawn at 100% and assigned."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from peer_audit.models import AuditRound, PeerAudit
from peer_audit.rounds import round_assign, round_draw, round_open
from tests.builders import signed_off_appendix_1
from tests.factories import ParticipantFactory


def drawn_round(people, name: str = "Spring audit") -> AuditRound:
    """Every plan of the organisation signed off in the last 30 days, drawn and given to the
    organisation's peer reviewers."""
    today = timezone.localdate()
    audit_round = round_open(
        user=people.commissioner,
        name=name,
        period_start=today - timedelta(days=30),
        period_end=today,
        sample_percent=Decimal("100"),
        minimum_per_team=1,
    )
    round_draw(user=people.commissioner, audit_round=audit_round)
    round_assign(user=people.commissioner, audit_round=audit_round)
    audit_round.refresh_from_db()
    return audit_round


def audit_of(version) -> PeerAudit:
    return PeerAudit.objects.get(version=version)


def morwenna_s_audit(people, pilot_tariffs) -> PeerAudit:
    """Morwenna Trelawney's signed-off plan (Appendix 1), drawn and assigned to the reviewer."""
    person = ParticipantFactory(
        team=people.team,
        care_coordinator=people.coordinator,
        given_name="Morwenna",
        family_name="Trelawney",
    )
    version = signed_off_appendix_1(people, person, pilot_tariffs["cmht"].intervention)
    drawn_round(people)
    return audit_of(version)


def page_url(audit) -> str:
    return f"/peer-audit/audits/{audit.pk}/"


def submit_url(audit) -> str:
    return f"/peer-audit/audits/{audit.pk}/submit/"


def api_url(audit, tail: str = "") -> str:
    return f"/api/v1/peer-audits/{audit.pk}/{tail}"
