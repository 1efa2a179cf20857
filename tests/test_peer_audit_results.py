"""The peer audit's results from the database (``peer_audit.results``), checked figure by
figure against an example worked by hand, and their page and CSV.

The example. Northshire has two teams, Riverside and Hillside.

- Checklist version 1 asks O (outcomes in the person's own words), R (every risk has a
  plan and someone who manages it) and D (a review date is set). Version 2 asks O, R
  written in capitals and with double spaces (the same question), and N (new).
- Round B, 1 October to 31 December 2012 (Q3 2012-13), version 1: Riverside's 4 plans
  approved in November qualify; 2 are drawn (10% of 4 is 1, the minimum is 2). B1 is
  submitted with O, R and D met (passes, good); B2 is still open (not audited).
- Round A, 1 January to 31 March 2013 (Q4 2012-13), version 2 (pass: 80% met, none not
  met): Riverside's 5 plans and Hillside's 3 qualify; 2 of each are drawn.
  Riverside: A1 met / partly met / met (2 of 3 met, 66.7%: fails, requires improvement);
  A2 met / met / not applicable (2 of 2: passes, outstanding).
  Hillside: A3 not met / met / met (fails: a question not met, inadequate);
  A4 met / met / partly met (66.7%: fails, good).
- Round C, April to June 2013, is in 2013-14: not in 2012-13's results.

Q3 2012-13 — Riverside (and so the organisation): qualified 4, drawn 2, audited 1,
passed 1, pass rate 100.0%; O, R and D 100.0% met; N asked of none; 1 good.

Q4 2012-13 (shares are met / partly met / not met, in per cent; ratings are outstanding,
good, requires improvement, inadequate):

| row       | qual. | drawn | audit. | pass. | rate  | O           | R           | N               |
| Hillside  | 3     | 2     | 2      | 0     | 0.0%  | 50 / 0 / 50 | 100 / 0 / 0 | 50 / 50 / 0     |
| Riverside | 5     | 2     | 2      | 1     | 50.0% | 100 / 0 / 0 | 50 / 50 / 0 | 100 / 0 / 0     |
| all teams | 8     | 4     | 4      | 1     | 25.0% | 75 / 0 / 25 | 75 / 25 / 0 | 66.7 / 33.3 / 0 |

Ratings: Hillside 0 1 0 1, Riverside 1 0 1 0, all teams 1 1 1 1.

N's shares are of the plans it applied to: A2 said not applicable, so Riverside's 1 met
of 1 is 100.0%, and all teams' 2 met, 1 partly met of 3. D was asked of no plan in Q4:
no share.
"""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from costing.core.years import FinancialYear
from peer_audit import rounds
from peer_audit.core.checklist import Rating
from peer_audit.core.rollup import percent
from peer_audit.models import PeerAudit
from peer_audit.results import peer_audit_results, results_file_name
from tests.approved_plans import approved_plans, drawn_round, submitted_audit

pytestmark = pytest.mark.django_db

OUTCOMES = "The outcomes are in the person's own words."
RISKS = "Every risk has a plan and someone who manages it."
REVIEW = "A review date is set."
NEW = "The person has a copy of their plan."
YEAR = FinancialYear(2012)


def new_version(people, questions):
    return rounds.checklist_new_version(
        user=people.commissioner,
        questions=[(text, "") for text in questions],
        min_met_percent=Decimal("80"),
        no_not_met=True,
        show_reviewer_to_team=False,
    )


def audits_of(audit_round, team) -> list[PeerAudit]:
    return list(PeerAudit.objects.filter(round=audit_round, team=team).order_by("pk"))


@pytest.fixture
def example(people):
    commissioner, facilitator, reviewer = (
        people.commissioner,
        people.facilitator,
        people.peer_reviewer,
    )
    riverside, hillside = people.team, people.other_team
    approved_plans(riverside, facilitator, 4, on=date(2012, 11, 15))
    approved_plans(riverside, facilitator, 5, on=date(2013, 2, 1))
    approved_plans(hillside, facilitator, 3, on=date(2013, 2, 1))
    approved_plans(riverside, facilitator, 2, on=date(2013, 5, 1))

    new_version(people, [OUTCOMES, RISKS, REVIEW])
    round_b = drawn_round(commissioner, start=date(2012, 10, 1), end=date(2012, 12, 31))
    b1, _ = audits_of(round_b, riverside)
    submitted_audit(b1, reviewer, ["met", "met", "met"], Rating.GOOD)

    new_version(people, [OUTCOMES, "  EVERY RISK has a plan and  someone who manages it. ", NEW])
    round_a = drawn_round(commissioner, start=date(2013, 1, 1), end=date(2013, 3, 31))
    a1, a2 = audits_of(round_a, riverside)
    a3, a4 = audits_of(round_a, hillside)
    submitted_audit(a1, reviewer, ["met", "partly_met", "met"], Rating.REQUIRES_IMPROVEMENT)
    submitted_audit(a2, reviewer, ["met", "met", "not_applicable"], Rating.OUTSTANDING)
    submitted_audit(a3, reviewer, ["not_met", "met", "met"], Rating.INADEQUATE)
    submitted_audit(a4, reviewer, ["met", "met", "partly_met"], Rating.GOOD)

    round_c = drawn_round(commissioner, start=date(2013, 4, 1), end=date(2013, 6, 30))
    c1, _ = audits_of(round_c, riverside)
    submitted_audit(c1, reviewer, ["met", "met", "met"], Rating.GOOD)
    return people.team.organisation


def shares(question) -> tuple[str, str, str]:
    return (
        percent(question.met_share),
        percent(question.partly_met_share),
        percent(question.not_met_share),
    )


def ratings(figures) -> tuple[int, int, int, int]:
    return tuple(figures.ratings[rating] for rating in Rating)


def test_the_worked_example_figure_by_figure(example):
    rollup = peer_audit_results(example, YEAR)

    assert [text for _, text in rollup.questions] == [
        OUTCOMES,
        "EVERY RISK has a plan and someone who manages it.",
        NEW,
        REVIEW,
    ]
    q3, q4 = rollup.quarters
    assert (q3.label, q4.label) == ("Q3 2012-13", "Q4 2012-13")

    (riverside,) = q3.teams
    for figures in (riverside, q3.organisation):
        assert (figures.qualified, figures.drawn, figures.audited, figures.passed) == (4, 2, 1, 1)
        assert percent(figures.pass_rate) == "100.0%"
        o, r, n, d = figures.questions
        assert shares(o) == shares(r) == shares(d) == ("100.0%", "0.0%", "0.0%")
        assert shares(n) == ("", "", "")
        assert ratings(figures) == (0, 1, 0, 0)
    assert riverside.team == "Riverside CMHT"

    hillside, riverside = q4.teams
    assert (hillside.team, riverside.team, q4.organisation.team) == (
        "Hillside CMHT",
        "Riverside CMHT",
        None,
    )
    expected = {
        "Hillside CMHT": (
            (3, 2, 2, 0),
            "0.0%",
            [("50.0%", "0.0%", "50.0%"), ("100.0%", "0.0%", "0.0%"), ("50.0%", "50.0%", "0.0%")],
            (0, 1, 0, 1),
        ),
        "Riverside CMHT": (
            (5, 2, 2, 1),
            "50.0%",
            [("100.0%", "0.0%", "0.0%"), ("50.0%", "50.0%", "0.0%"), ("100.0%", "0.0%", "0.0%")],
            (1, 0, 1, 0),
        ),
        None: (
            (8, 4, 4, 1),
            "25.0%",
            [("75.0%", "0.0%", "25.0%"), ("75.0%", "25.0%", "0.0%"), ("66.7%", "33.3%", "0.0%")],
            (1, 1, 1, 1),
        ),
    }
    for figures in q4.rows:
        counts, rate, answered, rated = expected[figures.team]
        assert (figures.qualified, figures.drawn, figures.audited, figures.passed) == counts
        assert percent(figures.pass_rate) == rate
        o, r, n, d = figures.questions
        assert [shares(o), shares(r), shares(n)] == answered
        assert shares(d) == ("", "", "")
        assert ratings(figures) == rated
    n_everywhere = q4.organisation.questions[2]
    assert (n_everywhere.met, n_everywhere.partly_met, n_everywhere.not_applicable) == (2, 1, 1)


def test_every_year_at_once_and_a_year_without_rounds(example, people):
    assert len(peer_audit_results(example, None).quarters) == 3
    assert peer_audit_results(example, FinancialYear(2010)).quarters == ()
    assert peer_audit_results(people.foreign_team.organisation, None).quarters == ()


def test_an_open_round_counts_nothing(people):
    approved_plans(people.team, people.facilitator, 3, on=date(2013, 2, 1))
    rounds.round_open(
        user=people.commissioner,
        name="Not drawn",
        period_start=date(2013, 1, 1),
        period_end=date(2013, 3, 31),
    )
    assert peer_audit_results(people.team.organisation, YEAR).quarters == ()


@pytest.mark.parametrize("audits", [2, 20])
def test_the_number_of_queries_does_not_grow_with_the_audits(
    people, django_assert_num_queries, audits
):
    approved_plans(people.team, people.facilitator, audits, on=date(2013, 2, 1))
    approved_plans(people.other_team, people.facilitator, audits, on=date(2012, 11, 1))
    for start, end in (
        (date(2013, 1, 1), date(2013, 3, 31)),
        (date(2012, 10, 1), date(2012, 12, 31)),
    ):
        audit_round = drawn_round(
            people.commissioner, start=start, end=end, minimum_per_team=audits
        )
        for audit in PeerAudit.objects.filter(round=audit_round):
            submitted_audit(audit, people.peer_reviewer, ["met"] * 12, Rating.GOOD)

    with django_assert_num_queries(5):
        rollup = peer_audit_results(people.team.organisation, YEAR)
    assert rollup.quarters[0].organisation.audited == audits
    assert rollup.quarters[1].organisation.audited == audits


# -- The page and its CSV -----------------------------------------------------------------------


def test_the_results_page_shows_a_table_per_quarter_for_the_chosen_year(client, people, example):
    client.force_login(people.commissioner)
    page = client.get(reverse("peer_audit:results"))
    assert page.status_code == 200
    assert page.context["year"] == FinancialYear(2013)  # the latest year with rounds
    assert [q["quarter"].label for q in page.context["quarters"]] == ["Q1 2013-14"]
    assert [choice[0] for choice in page.context["form"].fields["year"].choices] == [
        "2013-14",
        "2012-13",
    ]

    page = client.get(reverse("peer_audit:results"), {"year": "2012-13"})
    assert [q["quarter"].label for q in page.context["quarters"]] == ["Q3 2012-13", "Q4 2012-13"]
    assert "<h2>Q4 2012-13</h2>" in page.text
    q4 = page.context["quarters"][1]["figures"]
    assert [row.team for row in q4.rows] == ["Hillside CMHT", "Riverside CMHT"]
    assert "25.0%" in page.text
    by_rate = client.get(reverse("peer_audit:results"), {"year": "2012-13", "q4_sort": "-rate"})
    assert [row.team for row in by_rate.context["quarters"][1]["figures"].rows] == [
        "Riverside CMHT",
        "Hillside CMHT",
    ]


def test_a_year_without_rounds_is_refused_on_the_field(client, people, example):
    client.force_login(people.commissioner)
    page = client.get(reverse("peer_audit:results"), {"year": "2001-02"})
    assert page.status_code == 400
    assert 'href="#id_year"' in page.text
    assert "Choose a year from the list" in page.text


def test_the_results_download_as_csv(client, people, example):
    client.force_login(people.commissioner)
    response = client.get(reverse("peer_audit:results"), {"year": "2012-13", "format": "csv"})
    today = timezone.localdate()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="peer-audit-results-2012-13-{today:%Y-%m-%d}.csv"'
    )
    assert results_file_name(YEAR, today) in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert rows[0][:7] == [
        "Quarter",
        "Team",
        "Qualified",
        "Drawn",
        "Audited",
        "Passed",
        "Pass rate",
    ]
    assert rows[0][7:10] == [f"{OUTCOMES}: met", f"{OUTCOMES}: partly met", f"{OUTCOMES}: not met"]
    all_teams = [row for row in rows if row[:2] == ["Q4 2012-13", "All teams"]]
    assert all_teams[0][2:7] == ["8", "4", "4", "1", "25.0%"]
    assert len(rows) == 1 + 2 + 3


def test_a_team_named_like_a_formula_is_text_in_the_csv(client, people, example):
    people.other_team.name = "=1+2"
    people.other_team.save()
    client.force_login(people.commissioner)
    response = client.get(reverse("peer_audit:results"), {"year": "2012-13", "format": "csv"})
    body = response.content.decode("utf-8")
    assert "'=1+2" in body
    assert ",=1+2" not in body
    table = client.get(reverse("peer_audit:results"), {"year": "2012-13", "csv": "q4"})
    assert "'=1+2" in table.content.decode("utf-8")
