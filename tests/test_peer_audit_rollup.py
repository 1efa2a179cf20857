"""The peer audit's roll-up by team and financial quarter, on plain values: no database."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peer_audit.core.checklist import Rating
from peer_audit.core.rollup import (
    AuditRow,
    PopulationRow,
    csv_rows,
    percent,
    quarter_days,
    quarter_label,
    quarter_of,
    roll_up,
)

Q4 = (2012, 4)  # January to March 2013
Q1 = (2013, 1)  # April to June 2013
QUESTIONS = [("words", "Outcomes in the person's own words"), ("risk", "Every risk has a plan")]


def audit(team, submitted, passed, rating, words, risk, quarter=Q4) -> AuditRow:
    return AuditRow(team, quarter, submitted, passed, rating, {"words": words, "risk": risk})


def test_quarters_run_april_to_march():
    assert quarter_of(date(2013, 2, 1)) == (2012, 4)
    assert quarter_of(date(2013, 3, 31)) == (2012, 4)
    assert quarter_of(date(2013, 4, 1)) == (2013, 1)
    assert quarter_of(date(2012, 9, 30)) == (2012, 2)
    assert quarter_of(date(2012, 10, 1)) == (2012, 3)
    assert quarter_of(date(2012, 12, 31)) == (2012, 3)
    assert quarter_label((2012, 4)) == "Q4 2012-13"
    assert quarter_label((2099, 1)) == "Q1 2099-00"
    assert quarter_days((2012, 4)) == (date(2013, 1, 1), date(2013, 3, 31))
    assert quarter_days((2012, 1)) == (date(2012, 4, 1), date(2012, 6, 30))
    assert quarter_days((2012, 3)) == (date(2012, 10, 1), date(2012, 12, 31))
    with pytest.raises(ValueError, match="1 to 4"):
        quarter_days((2012, 5))


@given(st.dates(date(2000, 1, 1), date(2099, 12, 31)))
def test_every_day_falls_within_its_quarters_days(day):
    first, last = quarter_days(quarter_of(day))
    assert first <= day <= last


@pytest.mark.parametrize(
    ("share", "shown"),
    [
        (Decimal(2) / Decimal(3), "66.7%"),
        (Decimal(1) / Decimal(3), "33.3%"),
        (Decimal("0.6665"), "66.7%"),  # half up
        (Decimal("0.5"), "50.0%"),
        (Decimal(1), "100.0%"),
        (Decimal(0), "0.0%"),
        (None, ""),
    ],
)
def test_a_share_is_shown_as_a_percentage_to_one_place(share, shown):
    assert percent(share) == shown


def test_the_roll_up_matches_a_hand_worked_example():
    """Q4 2012-13, two questions ("words", "risk"). Team A had two rounds: 6 + 4 = 10
    qualified, 1 + 1 = 2 drawn. Team B: 20 qualified, 4 drawn, one audit still open
    (its answers do not count).

    audit  team  passed  rating                words       risk
    a1     A     yes     good                  met         met
    a2     A     no      requires improvement  partly met  not met
    b1     B     yes     outstanding           met         met
    b2     B     yes     good                  met         not applicable
    b3     B     no      inadequate            not met     partly met
    (b4    B     open                          not met     not met)

    Team A: 10, 2, 2 audited, 1 passed: 1/2 = 50.0%.
      words: met 1, partly 1 of 2 applicable: 50.0%, 50.0%, 0.0%.
      risk: met 1, not met 1 of 2: 50.0%, 0.0%, 50.0%.
    Team B: 20, 4, 3 audited, 2 passed: 2/3 = 66.7%.
      words: met 2, not met 1 of 3: 66.7%, 0.0%, 33.3%.
      risk: met 1, partly 1 of 2 applicable (1 not applicable): 50.0%, 50.0%, 0.0%.
    Organisation: 30, 6, 5 audited, 3 passed: 3/5 = 60.0%.
      words: met 3, partly 1, not met 1 of 5: 60.0%, 20.0%, 20.0%.
      risk: met 2, partly 1, not met 1 of 4 (1 not applicable): 50.0%, 25.0%, 25.0%.
      ratings: outstanding 1, good 2, requires improvement 1, inadequate 1.
    Q1 2013-14: team B only, 5 qualified, 2 drawn, none audited yet: no pass rate.
    """
    populations = [
        PopulationRow("B", Q4, 20, 4),
        PopulationRow("A", Q4, 6, 1),
        PopulationRow("A", Q4, 4, 1),
        PopulationRow("B", Q1, 5, 2),
    ]
    audits = [
        audit("B", True, False, "inadequate", "not_met", "partly_met"),
        audit("A", True, True, "good", "met", "met"),
        audit("B", True, True, "outstanding", "met", "met"),
        audit("A", True, False, "requires_improvement", "partly_met", "not_met"),
        audit("B", False, None, "", "not_met", "not_met"),
        audit("B", True, True, "good", "met", "not_applicable"),
        audit("B", False, None, "", "", "", quarter=Q1),
    ]
    rollup = roll_up(populations, audits, QUESTIONS)
    assert [q.label for q in rollup.quarters] == ["Q4 2012-13", "Q1 2013-14"]
    q4, q1 = rollup.quarters
    a, b, org = q4.rows
    assert [f.team for f in q4.rows] == ["A", "B", None]
    assert (a.qualified, a.drawn, a.audited, a.passed) == (10, 2, 2, 1)
    assert (b.qualified, b.drawn, b.audited, b.passed) == (20, 4, 3, 2)
    assert (org.qualified, org.drawn, org.audited, org.passed) == (30, 6, 5, 3)
    assert a.pass_rate == Decimal("0.5")
    assert b.pass_rate == Decimal(2) / Decimal(3)
    assert org.pass_rate == Decimal("0.6")
    assert [percent(f.pass_rate) for f in q4.rows] == ["50.0%", "66.7%", "60.0%"]

    def shares(figures):
        return [
            (
                q.met,
                q.partly_met,
                q.not_met,
                q.not_applicable,
                q.met_share,
                q.partly_met_share,
                q.not_met_share,
            )
            for q in figures.questions
        ]

    third = Decimal(1) / Decimal(3)
    zero, half, quarter = Decimal(0), Decimal("0.5"), Decimal("0.25")
    assert shares(a) == [(1, 1, 0, 0, half, half, zero), (1, 0, 1, 0, half, zero, half)]
    assert shares(b) == [
        (2, 0, 1, 0, Decimal(2) / Decimal(3), zero, third),
        (1, 1, 0, 1, half, half, zero),
    ]
    assert shares(org) == [
        (3, 1, 1, 0, Decimal("0.6"), Decimal("0.2"), Decimal("0.2")),
        (2, 1, 1, 1, half, quarter, quarter),
    ]
    assert org.ratings == {
        Rating.OUTSTANDING: 1,
        Rating.GOOD: 2,
        Rating.REQUIRES_IMPROVEMENT: 1,
        Rating.INADEQUATE: 1,
    }
    assert list(a.ratings.values()) == [0, 1, 1, 0]
    assert list(b.ratings.values()) == [1, 1, 0, 1]

    (b_q1, org_q1) = q1.rows
    assert (b_q1.team, b_q1.qualified, b_q1.drawn, b_q1.audited, b_q1.passed) == ("B", 5, 2, 0, 0)
    assert b_q1.pass_rate is None
    assert org_q1.pass_rate is None
    assert b_q1.questions[0].met_share is None

    assert csv_rows(rollup) == [
        [
            "Quarter", "Team", "Qualified", "Drawn", "Audited", "Passed", "Pass rate",
            "Outcomes in the person's own words: met",
            "Outcomes in the person's own words: partly met",
            "Outcomes in the person's own words: not met",
            "Every risk has a plan: met",
            "Every risk has a plan: partly met",
            "Every risk has a plan: not met",
            "Outstanding", "Good", "Requires improvement", "Inadequate",
        ],
        ["Q4 2012-13", "A", "10", "2", "2", "1", "50.0%",
         "50.0%", "50.0%", "0.0%", "50.0%", "0.0%", "50.0%", "0", "1", "1", "0"],
        ["Q4 2012-13", "B", "20", "4", "3", "2", "66.7%",
         "66.7%", "0.0%", "33.3%", "50.0%", "50.0%", "0.0%", "1", "1", "0", "1"],
        ["Q4 2012-13", "All teams", "30", "6", "5", "3", "60.0%",
         "60.0%", "20.0%", "20.0%", "50.0%", "25.0%", "25.0%", "1", "2", "1", "1"],
        ["Q1 2013-14", "B", "5", "2", "0", "0", "",
         "", "", "", "", "", "", "0", "0", "0", "0"],
        ["Q1 2013-14", "All teams", "5", "2", "0", "0", "",
         "", "", "", "", "", "", "0", "0", "0", "0"],
    ]  # fmt: skip


def test_the_roll_up_does_not_depend_on_the_order_of_its_rows():
    populations = [PopulationRow("B", Q4, 20, 4), PopulationRow("A", Q4, 10, 2)]
    audits = [
        audit("A", True, True, "good", "met", "met"),
        audit("B", True, False, "inadequate", "not_met", "met", quarter=Q1),
    ]
    assert roll_up(populations, audits, QUESTIONS) == roll_up(
        populations[::-1], audits[::-1], QUESTIONS
    )


def test_the_roll_up_refuses_what_is_not_an_answer_or_a_rating():
    with pytest.raises(ValueError, match="maybe"):
        roll_up([], [audit("A", True, True, "good", "maybe", "met")], QUESTIONS)
    with pytest.raises(ValueError, match="superb"):
        roll_up([], [audit("A", True, True, "superb", "met", "met")], QUESTIONS)
    with pytest.raises(ValueError, match="twice"):
        roll_up([], [], [("words", "x"), ("words", "y")])
