"""The peer reviewer's audits through the API: their own only, pseudonymised; a read's
``ETag`` is the audit's revision, a change from an older one gets 412 and changes nothing,
a submitted audit answers 409, and bad answers get a message on their field."""

import pytest

from peer_audit.models import PeerAudit, Question
from peer_audit.reviewing import person_pseudonym
from tests.peer_review_builders import api_url, morwenna_s_audit

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit(people, pilot_tariffs) -> PeerAudit:
    return morwenna_s_audit(people, pilot_tariffs)


@pytest.fixture
def questions(audit) -> list[Question]:
    return list(audit.round.checklist.questions.all())


class TestTheApi:
    def test_the_list_is_the_reviewer_s_own_pseudonymised(self, api, people, audit):
        api.force_authenticate(people.peer_reviewer)
        (row,) = api.get("/api/v1/peer-audits/").json()["results"]
        assert set(row) == {"id", "status", "round", "pseudonym", "team", "cluster", "assigned"}
        assert row["id"] == str(audit.pk)
        assert (row["status"], row["round"], row["team"]) == (
            "open",
            "Spring audit",
            "Riverside CMHT",
        )

    def test_a_read_has_the_revision_as_its_etag(self, api, people, audit, questions):
        api.force_authenticate(people.peer_reviewer)
        response = api.get(api_url(audit))
        assert response["ETag"] == f'"{audit.pk}-{audit.revision}"'
        body = response.json()
        assert body["id"] == str(audit.pk)
        assert [q["id"] for q in body["questions"]] == [q.pk for q in questions]
        assert body["questions"][0]["answer"] == ""
        assert body["plan"]["pseudonym"] == person_pseudonym(audit)

    def test_a_change_with_if_match_saves_and_a_stale_one_gets_412(
        self, api, people, audit, questions
    ):
        api.force_authenticate(people.peer_reviewer)
        tag = api.get(api_url(audit))["ETag"]
        body = {"answers": [{"question": questions[0].pk, "answer": "met"}], "summary": "Fine"}
        saved = api.patch(api_url(audit), body, format="json", HTTP_IF_MATCH=tag)
        assert saved.status_code == 200
        assert saved["ETag"] != tag
        assert saved.json()["questions"][0]["answer"] == "met"
        stale = api.patch(
            api_url(audit), {"summary": "From the other tab"}, format="json", HTTP_IF_MATCH=tag
        )
        assert stale.status_code == 412
        assert (
            api.patch(
                api_url(audit), {"summary": "x"}, format="json", HTTP_IF_MATCH='"1-2"'
            ).status_code
            == 412
        )
        audit.refresh_from_db()
        assert audit.summary == "Fine"

    def test_bad_answers_get_a_message_on_their_field(self, api, people, audit, questions):
        api.force_authenticate(people.peer_reviewer)
        for body, field in (
            ({"answers": [{"question": questions[0].pk, "answer": "mostly"}]}, "answers"),
            ({"answers": [{"question": 999999, "answer": "met"}]}, "answers"),
            ({"overall_rating": "splendid"}, "overall_rating"),
            ({"summary": "x" * 10001}, "summary"),
            (
                {"answers": [{"question": questions[0].pk, "answer": "met"}] * 2},
                "answers",
            ),
        ):
            response = api.patch(api_url(audit), body, format="json")
            assert response.status_code == 400, body
            assert field in response.json()
        assert not audit.answers.exists()

    def test_submitting_lists_what_is_missing_then_submits_once(
        self, api, people, audit, questions
    ):
        api.force_authenticate(people.peer_reviewer)
        missing = api.post(api_url(audit, "submit/"))
        assert missing.status_code == 400
        assert f"answers.{questions[0].pk}" in missing.json()
        assert "overall_rating" in missing.json()
        body = {
            "answers": [{"question": q.pk, "answer": "met"} for q in questions],
            "overall_rating": "outstanding",
        }
        tag = api.patch(api_url(audit), body, format="json")["ETag"]
        submitted = api.post(api_url(audit, "submit/"), HTTP_IF_MATCH=tag)
        assert submitted.status_code == 200
        assert submitted.json()["passed"] is True
        assert api.post(api_url(audit, "submit/")).status_code == 409
        assert api.patch(api_url(audit), {"summary": "Later"}, format="json").status_code == 409
