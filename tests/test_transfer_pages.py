"""Transfers between teams on the pages: asking, seeing what waits, agreeing and refusing,
who may see what, and the way in from the page that adds a person."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from participants import transfers
from participants.models import TransferRequest
from people.models import Role
from tests.factories import ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db

NHS_NUMBER = "9990000018"
REASON = "Moved into our area."


@pytest.fixture
def hillside_facilitator(people):
    return UserFactory(username="hana", role=Role.FACILITATOR, team=people.other_team)


@pytest.fixture
def bea(people):
    return ParticipantFactory(
        nhs_number=NHS_NUMBER,
        team=people.other_team,
        care_coordinator=people.other_coordinator,
        given_name="Bea",
        family_name="Moving",
    )


def asked(people) -> TransferRequest:
    return transfers.transfer_ask(user=people.coordinator, nhs_number=NHS_NUMBER, reason=REASON)


def detail(transfer) -> str:
    return reverse("transfers:detail", args=[transfer.pk])


def test_the_whole_transfer_on_the_pages(client, people, bea, hillside_facilitator):
    client.force_login(people.coordinator)
    form = client.get(reverse("transfers:ask"))
    assert form.status_code == 200
    sent = client.post(reverse("transfers:ask"), {"nhs_number": "999 000 0018", "reason": REASON})
    transfer = TransferRequest.objects.get()
    assert sent.status_code == 302
    assert sent["Location"] == detail(transfer)
    mine = client.get(detail(transfer))
    assert "999 000 0018" in mine.text
    assert "Bea" not in mine.text
    assert people.other_team.name not in mine.text
    assert client.get(reverse("participants:detail", args=[bea.pk])).status_code == 404

    client.force_login(hillside_facilitator)
    waiting = client.get(reverse("transfers:list"))
    assert "Bea Moving" in waiting.text
    assert waiting.context["to_decide"].rows == [transfer]
    home = client.get(reverse("home"))
    assert "1 transfer request waiting for your decision" in home.text
    menu = {item["text"]: item["count"] for item in home.context["nav_items"]}
    assert menu["Transfers"] == 1
    assert '(1<span class="nhsuk-u-visually-hidden"> waiting for your decision</span>)' in home.text
    page = client.get(detail(transfer))
    assert page.context["decide_now"]
    assert people.team.name in page.text
    agreed = client.post(detail(transfer), {"decision": "agree", "reason": ""})
    assert agreed.status_code == 302

    bea.refresh_from_db()
    assert (bea.team, bea.care_coordinator) == (people.team, people.coordinator)
    client.force_login(people.coordinator)
    assert client.get(reverse("participants:detail", args=[bea.pk])).status_code == 200
    assert "Bea Moving" in client.get(detail(transfer)).text
    client.force_login(people.other_coordinator)
    assert client.get(reverse("participants:detail", args=[bea.pk])).status_code == 404


def test_refusing_needs_reasons_on_the_field(client, people, bea, hillside_facilitator):
    transfer = asked(people)
    client.force_login(hillside_facilitator)
    no_reason = client.post(detail(transfer), {"decision": "refuse", "reason": ""})
    assert no_reason.status_code == 200
    assert no_reason.context["form"].errors["reason"] == ["Say why the transfer is refused."]
    refused = client.post(detail(transfer), {"decision": "refuse", "reason": "Not before March."})
    assert refused.status_code == 302
    assert "stays with Hillside CMHT" in client.get(refused["Location"]).text
    bea.refresh_from_db()
    assert bea.team == people.other_team

    client.force_login(people.coordinator)
    page = client.get(detail(transfer))
    assert "Refused" in page.text
    assert "Not before March." in page.text
    assert hillside_facilitator.get_full_name() not in page.text
    assert people.other_team.name not in page.text


def test_a_decision_already_made_is_said_so(client, people, bea, hillside_facilitator):
    transfer = asked(people)
    transfers.transfer_decide(user=people.commissioner, transfer=transfer, agree=True)
    client.force_login(hillside_facilitator)
    page = client.get(detail(transfer))
    assert not page.context["decide_now"]
    assert "Agreed by" in page.text
    late = client.post(detail(transfer), {"decision": "refuse", "reason": "No"})
    assert late.status_code == 409
    assert "already been agreed" in late.text
    assert TransferRequest.objects.get().status == "agreed"


def test_a_second_decision_on_an_open_page_is_told_the_first_won(
    client, people, bea, hillside_facilitator, monkeypatch
):
    transfer = asked(people)
    client.force_login(hillside_facilitator)
    decide = transfers.transfer_decide

    def someone_else_first(**kwargs):
        decide(user=people.commissioner, transfer=transfer, agree=False, reason="Stays with us")
        return decide(**kwargs)

    monkeypatch.setattr(transfers, "transfer_decide", someone_else_first)
    late = client.post(detail(transfer), {"decision": "agree", "reason": ""})
    assert late.status_code == 409
    assert "already been refused" in late.text
    bea.refresh_from_db()
    assert bea.team == people.other_team


@pytest.mark.parametrize(
    "who", ["other_coordinator", "foreign_commissioner", "peer_reviewer", "administrator"]
)
def test_anyone_outside_the_rule_gets_404(client, people, bea, who):
    transfer = asked(people)
    client.force_login(getattr(people, who))
    assert client.get(detail(transfer)).status_code == 404
    assert client.post(detail(transfer), {"decision": "agree"}).status_code == 404


def test_the_asking_team_may_read_but_not_decide(client, people, bea):
    transfer = asked(people)
    client.force_login(people.facilitator)
    page = client.get(detail(transfer))
    assert page.status_code == 200
    assert not page.context["decide_now"]
    assert client.post(detail(transfer), {"decision": "agree"}).status_code == 403


def test_the_add_page_offers_to_ask_for_the_person(client, people, bea):
    client.force_login(people.coordinator)
    refused = client.post(
        reverse("participants:add"),
        {
            "nhs_number": "999 000 0018",
            "given_name": "Bea",
            "family_name": "Moving",
            "date_of_birth": "03/02/1980",
            "phb_category": "mental_health",
            "cohort": "none",
        },
    )
    assert "Ask for a transfer" in refused.text
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.KNOWN_ELSEWHERE).count() == 1

    prefilled = client.post(
        reverse("transfers:ask"), {"nhs_number": "999 000 0018", "prefill": "1"}
    )
    assert prefilled.status_code == 200
    assert prefilled.context["form"]["nhs_number"].value() == "999 000 0018"
    assert not prefilled.context["form"].errors
    assert not TransferRequest.objects.exists()


def test_a_bad_request_says_why_on_the_field(client, people, bea):
    client.force_login(people.coordinator)
    response = client.post(reverse("transfers:ask"), {"nhs_number": "999 000 0026", "reason": "x"})
    assert response.context["form"].errors["nhs_number"] == [transfers.NO_ONE_HOLDS]
    assert not TransferRequest.objects.exists()


@pytest.mark.parametrize("who", ["coordinator", "facilitator", "commissioner"])
def test_care_teams_and_commissioners_have_transfers_in_the_menu(client, people, who):
    client.force_login(getattr(people, who))
    home = client.get(reverse("home"))
    assert f'href="{reverse("transfers:list")}"' in home.text


@pytest.mark.parametrize("who", ["peer_reviewer", "administrator"])
def test_others_have_no_transfers(client, people, who):
    client.force_login(getattr(people, who))
    assert client.get(reverse("transfers:list")).status_code == 403
    assert client.get(reverse("transfers:ask")).status_code == 403


def test_only_care_teams_ask(client, people):
    client.force_login(people.commissioner)
    assert client.get(reverse("transfers:ask")).status_code == 403
    assert client.get(reverse("transfers:list")).status_code == 200


def test_reading_a_request_is_in_the_audit_trail(client, people, bea):
    transfer = asked(people)
    client.force_login(people.coordinator)
    client.get(detail(transfer))
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.VIEW)
    assert event.object_id == str(transfer.pk)


def test_the_lists_of_requests_sort_and_download_as_csv(client, people, bea, hillside_facilitator):
    asked(people)
    client.force_login(hillside_facilitator)
    page = client.get(reverse("transfers:list"), {"to_decide_sort": "-person"})
    assert page.context["to_decide"].sorted_on == "person"
    assert page.context["to_decide"].descending
    assert "csv=to_decide" in page.text
    download = client.get(reverse("transfers:list"), {"csv": "to_decide"})
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    lines = download.content.decode("utf-8").lstrip("\ufeff").splitlines()
    assert lines[0] == "Person,Held by,Asked by,Asking team,Asked on,Status"
    assert len(lines) == 2
    assert lines[1].startswith("Bea Moving,Hillside CMHT,")
