"""Every read of a care record is an audit event, whatever page or API route it takes.

The walk below visits every URL pattern of the service (pages and API) with a
person whose records are all filled in. Any response that shows their care
data (their name, an outcome in their words, or a PDF) must leave a read event
naming the record, and answer ``Cache-Control: no-store``, and so must any success
at the address of one care record (a person's, a plan's, a review's, a pack's); the same address
asked by another team's coordinator must answer 404 and leave a refusal. A new
route is walked as soon as it exists: one whose address cannot be built here
fails the walk until it is taught how.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from audit.models import AuditEvent
from careplans import decisions, drafting
from careplans.models import CarePlan, CarePlanVersion, Decision, Reconsideration
from costing.core.years import FinancialYear
from participants.models import Participant, TransferRequest
from participants.transfers import transfer_ask
from peer_audit import auditing
from peer_audit.models import PeerAudit
from people.models import ApiToken, Role
from people.services import token_create
from reviews import packs, services
from reviews.models import Review, ReviewPack
from tests.builders import appendix_1_lines, complete_draft, signed_off_appendix_1
from tests.factories import ParticipantFactory, TeamFactory, UserFactory
from tests.findings_builders import Audited, audit_round, audit_submitted

SENTINEL = "Pendragon"
OUTCOME_WORDS = "Feeling safe at home and seeing my friends."
# Django's admin and sign-in, the schema, health; the trail's own pages (administrators', with
# tests of their own).
NOT_WALKED = ("admin", "api-schema", "api-docs", "api:api-root", "healthz", "log", "audit:")


@dataclass
class Records:
    person: Participant
    signed_off: CarePlanVersion
    draft: CarePlanVersion
    returned: Decision
    review: Review
    reconsideration: Reconsideration
    pack: ReviewPack
    token: ApiToken
    transfer: TransferRequest
    audited: Audited


@pytest.fixture
def records(people, pilot_tariffs, settings, tmp_path) -> Records:
    settings.REVIEW_PACK_ROOT = tmp_path / "review-packs"
    person = ParticipantFactory(
        team=people.team, care_coordinator=people.coordinator, family_name=SENTINEL
    )
    cmht = pilot_tariffs["cmht"].intervention
    signed_off = signed_off_appendix_1(people, person, cmht)
    this = FinancialYear.of(timezone.localdate())
    review = services.review_record(
        user=people.coordinator,
        plan=signed_off.plan,
        held_on=timezone.localdate(),
        attendees="Cara and the person",
        what_is_working="The gym",
        what_is_not_working="",
        progress=[services.Progress(o, 4, "Better") for o in signed_off.outcomes.all()],
        spending=[services.Spent(line, "100.00") for line in signed_off.lines.all()],
        decision=Review.Decision.CHANGE_BUDGET,
        taper=[(this, "4000.00")],
    )
    pack, _ = packs.pack_request(user=people.coordinator, version=signed_off, review=review)
    pack.refresh_from_db()
    if pack.status != ReviewPack.Status.READY:
        packs.render_and_store(packs.start_render(pack.pk))
    # A second plan: returned, asked to be reconsidered, and drafted again.
    first, outcome = complete_draft(people, person)
    appendix_1_lines(people, first, outcome, cmht)
    decisions.submit(user=people.coordinator, version=first)
    returned = decisions.decide(
        user=people.facilitator, version=first, kind="return", reason="Say more about respite"
    )
    reconsideration = decisions.reconsideration_request(
        user=people.coordinator, reasons="Respite is what keeps me well.", decision=returned
    )
    draft = drafting.draft_start(user=people.coordinator, plan=first.plan)
    # A third plan waits in the queue, and the first one's review is overdue.
    waiting, outcome = complete_draft(people, person)
    appendix_1_lines(people, waiting, outcome, cmht)
    decisions.submit(user=people.coordinator, version=waiting)
    CarePlan.objects.filter(pk=signed_off.plan_id).update(
        review_due=timezone.localdate() - timedelta(days=10)
    )
    token, _ = token_create(user=people.coordinator, name="The walk")
    # A team of the organisation asks to take the person over.
    eastgate = TeamFactory(organisation=people.team.organisation, name="Eastgate CMHT")
    asker = UserFactory(username="eve", role=Role.COORDINATOR, team=eastgate)
    transfer = transfer_ask(user=asker, nhs_number=person.nhs_number, reason="Moving to Eastgate")
    # The signed-off plan is sampled for peer audit, audited and found wanting.
    opened = audit_round(people)
    audited = audit_submitted(people, PeerAudit.objects.get(round=opened, plan=signed_off.plan))
    auditing.action_record(
        user=people.coordinator,
        audit=audited.audit,
        question=audited.not_met,
        action="Rewrite the outcomes with the person",
        due=timezone.localdate() + timedelta(days=14),
    )
    return Records(
        person, signed_off, draft, returned, review, reconsideration, pack, token, transfer, audited
    )


def _routes(patterns=None, namespace=""):
    """Every (name, pattern) of the service, with its namespace."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def _editing(name: str) -> bool:
    """Routes about the draft of a plan rather than its signed-off version."""
    parts = ("edit", "outcome", "risk", "line", "submit", "new_draft", "reconsider")
    return name.startswith("careplans:") and any(part in name for part in parts)


REPORT_WALKED = "budgets"
"""The section of the reports the walk opens (one address serves them all)."""


def _kwargs(name: str, keys: set[str], r: Records) -> dict | None:
    """The address's arguments for this route, or ``None`` if the walk cannot build them."""
    plan_version = r.draft if _editing(name) else r.signed_off
    draft_part = {"outcome": r.draft.outcomes, "risk": r.draft.risks, "line": r.draft.lines}
    values = {
        "participant_pk": r.person.pk,
        "plan_pk": r.signed_off.plan_id,
        "decision_pk": r.returned.pk,
        "review_pk": r.review.pk,
        "reconsideration_pk": r.reconsideration.pk,
        "reconsideration_id": r.reconsideration.pk,
        "number": plan_version.number,
        "outcome_id": r.signed_off.outcomes.first().pk,
        "risk_id": r.signed_off.risks.first().pk,
        "line_id": r.signed_off.lines.first().pk,
        "code": "cmht",
        "audit": r.audited.audit.pk,
        "question": r.audited.not_met.pk,
        "slug": REPORT_WALKED,
    }
    by_prefix = {
        "participants:": r.person.pk,
        "api:participant-": r.person.pk,
        "careplans:": plan_version.plan_id,
        "api:care-plan-": r.signed_off.plan_id,
        "reviews:pack": r.pack.pk,
        "api:review-pack-": r.pack.pk,
        "reviews:": r.review.pk,
        "api:review-": r.review.pk,
        "people:": r.person.team_id,
        "api:team-": r.person.team_id,
        "api:token-": r.token.pk,
        "transfers:": r.transfer.pk,
        "api:transfer-": r.transfer.pk,
        "peer_audit:round": r.audited.audit.round_id,
        "peer_audit:audit_reassign": r.audited.audit.round_id,
        "peer_audit:": r.audited.audit.pk,
        "api:audit-round-": r.audited.audit.round_id,
        "api:audit-checklist-": r.audited.audit.round.checklist_id,
        "api:peer-audit-": r.audited.audit.pk,
    }
    pk = next((value for prefix, value in by_prefix.items() if name.startswith(prefix)), None)
    if "part_pk" in keys:
        kind = next(k for k in draft_part if k in name)
        values["part_pk"] = draft_part[kind].first().pk
    values["pk"] = pk
    if name.startswith("api:cluster-"):
        values["number"] = 8
    kwargs = {key: values.get(key) for key in keys if key != "format"}
    if any(value is None for value in kwargs.values()):
        return None
    return kwargs


CARE_ADDRESSES = (
    "/participants/",
    "/care-plans/",
    "/reviews/",
    "/api/v1/participants/",
    "/api/v1/care-plans/",
    "/api/v1/sign-off-queue/",
    "/api/v1/reviews/",
    "/api/v1/review-packs/",
    "/api/v1/reports/",
    "/peer-audit/audits/",
    "/peer-audit/findings/",
    "/api/v1/peer-audits/",
)


def _lists_some(response) -> bool:
    """An API list that returned at least one record."""
    if not response.get("Content-Type", "").startswith("application/json"):
        return False
    body = response.json()
    return bool(body.get("results") if isinstance(body, dict) else body)


def _shows_care_data(response) -> bool:
    if response.get("Content-Type", "").startswith("application/pdf"):
        return True
    body = b"".join(response) if response.streaming else response.content
    return SENTINEL.encode() in body or OUTCOME_WORDS.encode() in body


def _get(client, people, url):
    """The page as the first of the person's team (or their commissioner, or the peer reviewer
    of their plan) allowed to read it."""
    for user in (people.coordinator, people.facilitator, people.commissioner, people.peer_reviewer):
        client.force_login(user)
        response = client.get(url)
        if response.status_code not in (403, 404):
            return user, response
    return user, response


def _refused_to_another_team(client, people, url: str, lists: bool) -> list[str]:
    """Another team's coordinator: a list leaves the person out; a record is 404, refused."""
    client.force_login(people.other_coordinator)
    refused = AuditEvent.objects.filter(kind=AuditEvent.Kind.REFUSED)
    before = refused.count()
    response = client.get(url)
    if lists:
        return [f"{url}: another team sees the person"] if _shows_care_data(response) else []
    if response.status_code != 404:
        return [f"{url}: another team's coordinator was not answered 404"]
    if refused.count() == before:
        return [f"{url}: the refusal was not kept"]
    return []


def test_every_read_of_a_care_record_is_in_the_audit_trail(client, people, records):
    unbuildable, walked, care_reads, faults = [], 0, [], []
    for name, pattern in _routes():
        if name.startswith(NOT_WALKED) or "format" in pattern.pattern.regex.groupindex:
            continue
        kwargs = _kwargs(name, set(pattern.pattern.regex.groupindex), records)
        if kwargs is None:
            unbuildable.append(name)
            continue
        url = reverse(name, kwargs=kwargs)
        last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        user, response = _get(client, people, url)
        walked += 1
        assert response.status_code < 500, f"{url}: {response.status_code}"
        if response.status_code != 200:
            continue
        at_care_address = url.startswith(CARE_ADDRESSES) and (kwargs or _lists_some(response))
        if not (at_care_address or _shows_care_data(response)):
            continue
        care_reads.append(url)
        read = AuditEvent.objects.filter(
            pk__gt=last,
            kind__in=[AuditEvent.Kind.VIEW, AuditEvent.Kind.DOWNLOAD],
            user=user,
            path=url,
        )
        if not read.exists():
            faults.append(f"{url}: no read event")
        if "no-store" not in response.get("Cache-Control", ""):
            faults.append(f"{url}: not marked no-store")
        faults += _refused_to_another_team(client, people, url, lists=not kwargs)
    assert not unbuildable, f"teach the walk these routes: {unbuildable}"
    assert walked > 60
    assert len(care_reads) > 30
    assert not faults, "\n".join(faults)
    print(f"walked {walked} routes; {len(care_reads)} showed care data")  # noqa: T201


def test_a_list_names_every_record_it_returned_in_one_event(api, people, records):
    others = [ParticipantFactory(team=people.team) for _ in range(3)]
    api.force_authenticate(people.coordinator)
    AuditEvent.objects.all().delete()
    body = api.get("/api/v1/participants/").json()
    (event,) = AuditEvent.objects.all()
    assert event.kind == AuditEvent.Kind.VIEW
    assert event.channel == AuditEvent.Channel.API
    assert sorted(event.object_ids) == sorted(str(row["id"]) for row in body["results"])
    assert {str(p.pk) for p in [records.person, *others]} <= set(event.object_ids)
    assert event.object_repr == f"{len(body['results'])} participants"


def test_a_record_out_of_scope_is_refused_and_the_refusal_kept(api, people, records):
    api.force_authenticate(people.other_coordinator)
    response = api.get(f"/api/v1/participants/{records.person.pk}/")
    assert response.status_code == 404
    refusal = AuditEvent.objects.get(kind=AuditEvent.Kind.REFUSED)
    assert refusal.user == people.other_coordinator
    assert refusal.object_id == f"pk={records.person.pk}"
    assert refusal.content_type.model == "participant"
    # A record that does not exist is 404 too, and is not a refusal.
    assert api.get("/api/v1/participants/999999/").status_code == 404
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.REFUSED).count() == 1


def test_the_pack_status_is_a_read_of_the_pack(api, people, records):
    api.force_authenticate(people.coordinator)
    AuditEvent.objects.all().delete()
    assert api.get(f"/api/v1/review-packs/{records.pack.pk}/").status_code == 200
    event = AuditEvent.objects.get()
    assert (event.kind, event.object_id) == (AuditEvent.Kind.VIEW, str(records.pack.pk))
