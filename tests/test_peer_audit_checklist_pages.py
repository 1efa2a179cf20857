"""The checklist page: the current version's questions and pass rule, and editing them,
which makes a new version (all or nothing, with errors on the fields)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from peer_audit.models import Checklist
from tests.peer_audit_commissioner_helpers import opened

pytestmark = pytest.mark.django_db


def checklist_form(questions, *, percent="80", no_not_met=True, show=False) -> dict:
    """The form as posted: ``questions`` are (text, guidance, number, remove) rows."""
    data = {
        "questions-TOTAL_FORMS": str(len(questions)),
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        "min_met_percent": percent,
    }
    if no_not_met:
        data["no_not_met"] = "on"
    if show:
        data["show_reviewer_to_team"] = "on"
    for n, (text, guidance, number, remove) in enumerate(questions):
        data[f"questions-{n}-text"] = text
        data[f"questions-{n}-guidance"] = guidance
        data[f"questions-{n}-ORDER"] = number
        if remove:
            data[f"questions-{n}-DELETE"] = "on"
    return data


def test_the_checklist_starts_with_the_default_questions(client, people):
    client.force_login(people.commissioner)
    page = client.get(reverse("peer_audit:checklist"))
    assert page.status_code == 200
    assert "The outcomes are in the person&#x27;s own words." in page.text
    assert len(page.context["questions"]) == 12
    assert page.context["formset"].total_form_count() == 12 + 3
    assert not Checklist.objects.exists()  # reading makes nothing


def test_editing_the_checklist_makes_a_new_version_and_a_round_keeps_its_own(client, people):
    first_round = opened(people)
    version_1 = first_round.checklist
    client.force_login(people.commissioner)
    sent = client.post(
        reverse("peer_audit:checklist"),
        checklist_form(
            [
                ("Every risk has a plan.", "Look at the risks.", "2", False),
                ("The outcomes are in the person's own words.", "", "1", False),
                ("A question to remove", "", "3", True),
                ("A new question", "With guidance", "4", False),
                ("", "", "", False),
            ],
            percent="75",
            no_not_met=False,
            show=True,
        ),
    )
    assert sent.status_code == 302
    version_2 = Checklist.objects.get(version=2)
    assert [(q.position, q.text, q.guidance) for q in version_2.questions.all()] == [
        (1, "The outcomes are in the person's own words.", ""),
        (2, "Every risk has a plan.", "Look at the risks."),
        (3, "A new question", "With guidance"),
    ]
    assert version_2.min_met_percent == Decimal("75")
    assert not version_2.no_not_met
    assert version_2.show_reviewer_to_team
    assert version_2.created_by == people.commissioner
    first_round.refresh_from_db()
    assert first_round.checklist == version_1
    assert version_1.questions.count() == 12
    assert opened(people).checklist == version_2
    page = client.get(reverse("peer_audit:checklist"))
    assert "The checklist is now version 2." in page.text
    assert [c.version for c in page.context["versions"].rows] == [2, 1]


@pytest.mark.parametrize(
    ("questions", "percent", "field", "message"),
    [
        (
            [("Same", "", "1", False), ("same ", "", "2", False)],
            "80",
            "questions-1-text",
            "already",
        ),
        ([("", "Guidance alone", "1", False)], "80", "questions-0-text", "Write the question"),
        ([("Only one", "", "1", True)], "80", None, "at least one question"),
        ([("A question", "", "1", False)], "101", "min_met_percent", "less than or equal to 100"),
        ([("A question", "", "x", False)], "80", "questions-0-ORDER", "whole number"),
        ([("A\u202equestion", "", "1", False)], "80", "questions-0-text", ""),
    ],
)
def test_a_bad_checklist_is_refused_whole_with_the_error_on_its_field(
    client, people, questions, percent, field, message
):
    client.force_login(people.commissioner)
    sent = client.post(reverse("peer_audit:checklist"), checklist_form(questions, percent=percent))
    assert sent.status_code == 400
    assert "There is a problem" in sent.text
    assert message in sent.text
    if field:
        assert f'href="#id_{field}"' in sent.text
        assert f'id="id_{field}"' in sent.text
    assert not Checklist.objects.exists()


def test_saving_the_checklist_unchanged_makes_no_version(client, people):
    checklist = opened(people).checklist
    questions = [(q.text, q.guidance, str(q.position), False) for q in checklist.questions.all()]
    client.force_login(people.commissioner)
    sent = client.post(reverse("peer_audit:checklist"), checklist_form(questions), follow=True)
    assert "Nothing changed: the checklist is still version 1." in sent.text
    assert Checklist.objects.count() == 1
