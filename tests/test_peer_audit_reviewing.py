"""The peer reviewer's pages (their API: ``test_peer_audit_reviewing_api``): a reviewer
sees only their own audits (anyone else's is 404), saves as they go (htmx, and the Save
button without JavaScript), a save from a stale tab is refused and changes nothing,
submitting checks the audit is whole and makes it read-only, and the plan passes or fails
by the checklist's rule. Every read is in the audit trail, naming the audit."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from peer_audit.models import PeerAudit, Question
from peer_audit.reviewing import person_pseudonym
from people.models import Role
from tests.builders import signed_off_appendix_1
from tests.factories import ParticipantFactory, UserFactory
from tests.peer_review_builders import (
    api_url,
    audit_of,
    drawn_round,
    morwenna_s_audit,
    page_url,
    submit_url,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def audit(people, pilot_tariffs) -> PeerAudit:
    return morwenna_s_audit(people, pilot_tariffs)


@pytest.fixture
def questions(audit) -> list[Question]:
    return list(audit.round.checklist.questions.all())


def form_data(audit, questions, answers=None, **fields) -> dict[str, str]:
    """The audit form as a browser posts it: every question, met unless ``answers`` (by
    position) says otherwise, with a comment where it is needed."""
    answers = answers or {}
    data = {"revision": str(audit.revision), "overall_rating": "good", "summary": "A good plan."}
    for question in questions:
        answer = answers.get(question.position, "met")
        data[f"answer_{question.pk}"] = answer
        data[f"comment_{question.pk}"] = "" if answer == "met" else "Only in part."
    data.update(fields)
    return data


def stored(audit) -> dict[int, tuple[str, str]]:
    return {a.question.position: (a.answer, a.comment) for a in audit.answers.all()}


class TestWhoSeesAnAudit:
    def test_the_reviewer_sees_their_audit_by_pseudonym_and_never_by_name(
        self, client, people, audit
    ):
        client.force_login(people.peer_reviewer)
        listing = client.get("/peer-audit/audits/")
        assert listing.status_code == 200
        pseudonym = person_pseudonym(audit)
        assert pseudonym in listing.text
        assert page_url(audit) in listing.text
        detail = client.get(page_url(audit))
        assert detail.status_code == 200
        assert f"Audit of the plan of {pseudonym}" in detail.text
        for page in (listing, detail):
            assert "Trelawney" not in page.text
            assert "Morwenna" not in page.text

    def test_the_list_pseudonym_is_the_one_the_plan_shows(self, api, people, audit):
        api.force_authenticate(people.peer_reviewer)
        (row,) = api.get("/api/v1/peer-audits/").json()["results"]
        detail = api.get(api_url(audit)).json()
        assert row["pseudonym"] == detail["plan"]["pseudonym"] == person_pseudonym(audit)
        assert row["pseudonym"].startswith("Person ")

    @pytest.mark.parametrize("who", ["other_reviewer", "foreign_reviewer", "coordinator"])
    def test_anyone_else_is_answered_404_and_the_refusal_kept(
        self, client, api, people, audit, who
    ):
        users = {
            "other_reviewer": lambda: UserFactory(
                username="rhys", role=Role.PEER_REVIEWER, organisation=people.team.organisation
            ),
            "foreign_reviewer": lambda: UserFactory(
                username="tegan",
                role=Role.PEER_REVIEWER,
                organisation=people.foreign_team.organisation,
            ),
            "coordinator": lambda: people.coordinator,
        }
        user = users[who]()
        client.force_login(user)
        api.force_authenticate(user)
        for response in (
            client.get(page_url(audit)),
            client.get(submit_url(audit)),
            client.post(page_url(audit), form_data(audit, [])),
            client.post(submit_url(audit), {"confirm": "yes"}),
            api.get(api_url(audit)),
            api.patch(api_url(audit), {"summary": "Mine now"}, format="json"),
            api.post(api_url(audit, "submit/")),
        ):
            assert response.status_code == 404
        refusals = AuditEvent.objects.filter(kind=AuditEvent.Kind.REFUSED, user=user)
        assert refusals.count() == 7
        assert {e.content_type.model for e in refusals} == {"peeraudit"}
        audit.refresh_from_db()
        assert audit.summary == ""
        assert audit.is_open
        if who != "coordinator":
            client.force_login(user)
            assert "Person " not in client.get("/peer-audit/audits/").text
            assert api.get("/api/v1/peer-audits/").json()["results"] == []

    def test_the_list_of_audits_is_for_peer_reviewers(self, client, people, audit):
        client.force_login(people.coordinator)
        assert client.get("/peer-audit/audits/").status_code == 403


class TestTheListOfAudits:
    @pytest.fixture
    def two(self, people, pilot_tariffs):
        """Two plans, one in each team of the organisation; the first audit is submitted."""
        cmht = pilot_tariffs["cmht"].intervention
        first = ParticipantFactory(team=people.team, care_coordinator=people.coordinator)
        versions = [signed_off_appendix_1(people, first, cmht)]
        second = ParticipantFactory(team=people.other_team)
        versions.append(_signed_off_in_other_team(people, second, cmht))
        drawn_round(people)
        audits = [audit_of(v) for v in versions]
        PeerAudit.objects.filter(pk=audits[0].pk).update(status=PeerAudit.Status.SUBMITTED)
        return audits

    def test_open_audits_come_first_and_every_column_sorts(self, client, people, two):
        client.force_login(people.peer_reviewer)
        submitted, still_open = two
        page = client.get("/peer-audit/audits/").text
        assert page.index(page_url(still_open)) < page.index(page_url(submitted))
        assert 'aria-sort="ascending"' in page
        by_team = client.get("/peer-audit/audits/?audits_sort=team").text
        hillside, riverside = by_team.index("Hillside CMHT"), by_team.index("Riverside CMHT</td")
        assert hillside < riverside
        by_team_down = client.get("/peer-audit/audits/?audits_sort=-team").text
        assert by_team_down.index("Riverside CMHT</td") < by_team_down.index("Hillside CMHT")
        assert 'aria-sort="descending"' in by_team_down
        for column in ("pseudonym", "cluster", "round", "assigned", "status", "nonsense"):
            assert client.get(f"/peer-audit/audits/?audits_sort=-{column}").status_code == 200

    def test_the_list_s_queries_do_not_grow_with_its_rows(self, client, people, two):
        client.force_login(people.peer_reviewer)
        with CaptureQueriesContext(connection) as with_two:
            client.get("/peer-audit/audits/")
        PeerAudit.objects.filter(pk=two[0].pk).update(reviewer=None)
        with CaptureQueriesContext(connection) as with_one:
            assert client.get("/peer-audit/audits/").text.count("/peer-audit/audits/") > 1
        assert len(with_two) == len(with_one)

    def test_the_list_downloads_as_csv_pseudonymised(self, client, people, two):
        client.force_login(people.peer_reviewer)
        response = client.get("/peer-audit/audits/?audits_sort=-team&csv=audits")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert "attachment" in response["Content-Disposition"]
        text = response.content.decode("utf-8")
        assert text.startswith("\ufeffPerson,Team,Cluster,Round,Assigned,Status\r\n")
        rows = text.strip().splitlines()[1:]
        assert [row.split(",")[1] for row in rows] == ["Riverside CMHT", "Hillside CMHT"]
        assert {row.split(",")[0] for row in rows} == {person_pseudonym(a) for a in two}
        for audit in two:
            participant = audit.plan.participant
            assert participant.family_name not in text
            assert str(audit.plan_id) not in [c for row in rows for c in row.split(",")]
        download = AuditEvent.objects.get(kind=AuditEvent.Kind.DOWNLOAD)
        assert sorted(download.object_ids) == sorted(str(a.pk) for a in two)

    def test_a_round_named_like_a_formula_is_text_in_the_csv(self, client, people, two):
        two[0].round.__class__.objects.filter(pk=two[0].round_id).update(name="=HYPERLINK(1)")
        client.force_login(people.peer_reviewer)
        text = client.get("/peer-audit/audits/?csv=audits").content.decode("utf-8")
        assert ",'=HYPERLINK(1)," in text
        assert ",=HYPERLINK" not in text


def _signed_off_in_other_team(people, person, cmht):
    """As ``signed_off_appendix_1``, by the other team's coordinator and a facilitator there."""
    from dataclasses import replace

    facilitator = UserFactory(username="fion", role=Role.FACILITATOR, team=people.other_team)
    others = replace(people, coordinator=people.other_coordinator, facilitator=facilitator)
    person.care_coordinator = people.other_coordinator
    person.save()
    return signed_off_appendix_1(others, person, cmht)


class TestSaving:
    def test_the_save_button_saves_without_javascript(self, client, people, audit, questions):
        client.force_login(people.peer_reviewer)
        before = audit.revision
        data = form_data(audit, questions, answers={3: "partly_met"})
        response = client.post(page_url(audit), data)
        assert response.status_code == 302
        assert response["Location"] == page_url(audit)
        audit.refresh_from_db()
        assert audit.revision == before + 1
        assert stored(audit)[3] == ("partly_met", "Only in part.")
        assert stored(audit)[1] == ("met", "")
        assert (audit.overall_rating, audit.summary) == ("good", "A good plan.")
        page = client.get(response["Location"])
        assert "Your answers have been saved at" in page.text
        assert f'name="revision" value="{audit.revision}"' in page.text
        assert 'value="partly_met" checked' in page.text

    def test_htmx_saves_as_the_reviewer_goes_and_sends_back_the_revision(
        self, client, people, audit, questions
    ):
        client.force_login(people.peer_reviewer)
        data = form_data(audit, questions[:1])
        response = client.post(page_url(audit), data, **HTMX)
        assert response.status_code == 200
        audit.refresh_from_db()
        assert re.match(r"Saved at \d\d:\d\d", response.text)
        assert f'value="{audit.revision}" id="id_revision" hx-swap-oob="true"' in response.text
        assert stored(audit) == {1: ("met", "")}

    def test_a_save_from_a_stale_tab_is_refused_and_changes_nothing(
        self, client, people, audit, questions
    ):
        client.force_login(people.peer_reviewer)
        first_tab = form_data(audit, questions, answers={2: "not_met"})
        second_tab = form_data(audit, questions, answers={2: "partly_met"})
        assert client.post(page_url(audit), first_tab).status_code == 302
        audit.refresh_from_db()
        saved = (audit.revision, stored(audit))
        refused = client.post(page_url(audit), second_tab)
        assert refused.status_code == 409
        assert "saved in another tab or window" in refused.text
        assert "nhsuk-error-summary" in refused.text
        as_htmx = client.post(page_url(audit), second_tab, **HTMX)
        assert "saved in another tab or window" in as_htmx.text
        assert "hx-swap-oob" not in as_htmx.text
        audit.refresh_from_db()
        assert (audit.revision, stored(audit)) == saved
        assert stored(audit)[2][0] == "not_met"

    def test_text_too_long_or_with_control_characters_is_refused_on_its_field(
        self, client, people, audit, questions
    ):
        client.force_login(people.peer_reviewer)
        data = form_data(audit, questions, summary="x" * 10001)
        data[f"comment_{questions[0].pk}"] = "Bell\x07"
        response = client.post(page_url(audit), data)
        assert response.status_code == 400
        assert f'href="#id_comment_{questions[0].pk}"' in response.text
        assert 'href="#id_summary"' in response.text
        assert not audit.answers.exists()


class TestSubmitting:
    def test_what_is_missing_is_shown_on_each_question(self, client, people, audit, questions):
        client.force_login(people.peer_reviewer)
        data = form_data(audit, questions, answers={4: "not_met"}, overall_rating="")
        del data[f"answer_{questions[0].pk}"]
        data[f"comment_{questions[3].pk}"] = ""
        response = client.post(submit_url(audit), data)
        assert response.status_code == 400
        assert f'href="#id_answer_{questions[0].pk}_0">Answer question 1:' in response.text
        assert f'href="#id_comment_{questions[3].pk}">Say why for question 4' in response.text
        assert 'href="#id_overall_rating_0">Give the plan an overall rating' in response.text
        audit.refresh_from_db()
        assert audit.is_open
        assert stored(audit)[4] == ("not_met", "")  # what was typed is kept

    def test_checked_then_confirmed_it_is_submitted_and_read_only(
        self, client, people, audit, questions
    ):
        client.force_login(people.peer_reviewer)
        check = client.post(
            submit_url(audit), form_data(audit, questions, answers={5: "partly_met"})
        )
        assert check.status_code == 200
        assert "The plan passes" in check.text
        audit.refresh_from_db()
        assert audit.is_open
        done = client.post(submit_url(audit), {"confirm": "yes", "revision": audit.revision})
        assert done.status_code == 302
        audit.refresh_from_db()
        assert audit.status == PeerAudit.Status.SUBMITTED
        assert audit.passed is True
        page = client.get(page_url(audit))
        assert "The audit has been submitted" in page.text
        assert "answer_" not in page.text
        assert "<textarea" not in page.text
        assert "Partly met" in page.text
        revision = audit.revision
        late = client.post(page_url(audit), form_data(audit, questions, answers={1: "not_met"}))
        assert late.status_code == 302
        assert client.get(late["Location"]).text.count("can no longer change") == 1
        assert client.get(submit_url(audit)).status_code == 302
        audit.refresh_from_db()
        assert audit.revision == revision
        assert stored(audit)[1] == ("met", "")

    def test_a_confirmation_from_a_stale_page_is_refused(self, client, people, audit, questions):
        client.force_login(people.peer_reviewer)
        client.post(submit_url(audit), form_data(audit, questions))
        audit.refresh_from_db()
        stale = audit.revision
        client.post(page_url(audit), form_data(audit, questions, answers={1: "not_met"}))
        response = client.post(submit_url(audit), {"confirm": "yes", "revision": stale})
        assert response.status_code == 302
        audit.refresh_from_db()
        assert audit.is_open

    @pytest.mark.parametrize(
        ("answers", "passes"),
        [
            ({11: "partly_met", 12: "partly_met"}, True),  # 10 of 12 met: 83%
            ({10: "partly_met", 11: "partly_met", 12: "partly_met"}, False),  # 9 of 12: 75%
            ({12: "not_met"}, False),  # 11 met, but one not met
            ({9: "not_applicable", 10: "not_applicable", 11: "partly_met"}, True),  # 9 of 10
        ],
    )
    def test_the_plan_passes_by_the_checklist_s_rule(
        self, api, people, audit, questions, answers, passes
    ):
        api.force_authenticate(people.peer_reviewer)
        body = {
            "answers": [
                {
                    "question": q.pk,
                    "answer": answers.get(q.position, "met"),
                    "comment": "Why" if q.position in answers else "",
                }
                for q in questions
            ],
            "overall_rating": "good",
        }
        assert api.patch(api_url(audit), body, format="json").status_code == 200
        response = api.post(api_url(audit, "submit/"))
        assert response.status_code == 200
        assert response.json()["passed"] is passes
        assert response.json()["status"] == "submitted"


class TestTheAuditTrail:
    def test_every_read_names_the_audit(self, client, api, people, audit):
        client.force_login(people.peer_reviewer)
        api.force_authenticate(people.peer_reviewer)
        AuditEvent.objects.all().delete()
        kind = ContentType.objects.get_for_model(PeerAudit)
        for path, reader in (
            ("/", client),
            ("/peer-audit/audits/", client),
            (page_url(audit), client),
            ("/api/v1/peer-audits/", api),
            (api_url(audit), api),
        ):
            response = reader.get(path)
            assert response.status_code == 200, path
            assert "no-store" in response["Cache-Control"], path
            event = AuditEvent.objects.get(path=path)
            assert (event.kind, event.content_type, event.user) == (
                AuditEvent.Kind.VIEW,
                kind,
                people.peer_reviewer,
            )
            assert event.object_ids == [str(audit.pk)], path
            assert "Trelawney" not in event.object_repr


class TestTheHomePage:
    def test_the_reviewer_s_home_page_lists_their_open_audits(self, client, people, audit):
        client.force_login(people.peer_reviewer)
        home = client.get("/").text
        assert "1 open audit, 0 submitted" in home
        assert page_url(audit) in home
        assert person_pseudonym(audit) in home
        assert "All your audits" in home
        menu = home[home.index('aria-label="Menu"') :]
        assert re.search(
            r'href="/peer-audit/audits/">\s*My audits <span class="app-nav-count">\(1<span', menu
        )

    def test_no_one_else_has_a_list_of_audits_at_home(self, client, people, audit):
        client.force_login(people.coordinator)
        home = client.get("/").text
        assert "Your audits" not in home
        assert "My audits" not in home
