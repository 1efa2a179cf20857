"""When reviews fall due: 3 months after approval, 12 after each review, sooner for a
cluster with a shorter maximum review period."""

from datetime import date

import pytest

from costing.core.schedule import add_months, days_overdue, first_review, next_review


def test_the_first_review_falls_within_3_months_of_approval():
    due = first_review(date(2026, 11, 24))
    assert (due.on, due.rule) == (date(2027, 2, 24), "within 3 months of approval")


def test_the_plans_own_first_review_date_when_it_is_sooner():
    due = first_review(date(2026, 11, 24), planned=date(2026, 12, 15))
    assert (due.on, due.rule) == (date(2026, 12, 15), "the date in the plan")


@pytest.mark.parametrize("planned", [date(2026, 1, 1), date(2027, 6, 1)])
def test_a_planned_date_in_the_past_or_beyond_3_months_gives_way(planned):
    assert first_review(date(2026, 11, 24), planned=planned).on == date(2027, 2, 24)


def test_psychotic_crisis_is_reviewed_within_4_weeks():
    due = first_review(date(2026, 11, 24), cluster_weeks=4, cluster="14")
    assert (due.on, due.rule) == (date(2026, 12, 22), "cluster 14: at most 4 weeks")
    later = next_review(date(2026, 12, 22), cluster_weeks=4, cluster="14")
    assert later.on == date(2027, 1, 19)


def test_later_reviews_fall_within_12_months():
    due = next_review(date(2026, 11, 24), cluster_weeks=52, cluster="11")
    assert due.on == date(2027, 11, 23)  # 52 weeks is a day sooner than 12 months
    due = next_review(date(2026, 11, 24))
    assert (due.on, due.rule) == (date(2027, 11, 24), "within 12 months of the last review")


def test_months_end_on_the_last_day_when_the_day_is_missing():
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)


def test_days_overdue():
    assert days_overdue(date(2026, 11, 20), date(2026, 11, 24)) == 4
    assert days_overdue(date(2026, 12, 20), date(2026, 11, 24)) == 0
