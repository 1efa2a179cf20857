"""The peer audit's pure rules: the sample a round draws, the assignment of audits to
reviewers, and the roll-up by team and quarter. No database."""

import itertools
import random
from collections import Counter
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peer_audit.core.assignment import assign, may_review
from peer_audit.core.sampling import (
    TeamPopulation,
    TeamSample,
    draw,
    new_seed,
    preview,
    sample_size,
)

TEN = Decimal(10)

# Sampling


@pytest.mark.parametrize(
    ("qualifying", "percent_", "minimum", "size"),
    [
        (35, TEN, 2, 4),  # 3.5 rounded up
        (20, TEN, 2, 2),  # exactly 2: not rounded up to 3
        (21, TEN, 2, 3),
        (12, TEN, 2, 2),  # 1.2 → 2, and the minimum is 2 anyway
        (1, TEN, 2, 1),  # fewer than the minimum qualify: all of them
        (0, TEN, 2, 0),
        (8, Decimal("12.5"), 0, 1),
        (9, Decimal("12.5"), 0, 2),  # 1.125 → 2
        (10, Decimal(0), 2, 2),
        (10, Decimal(0), 0, 0),
        (10, Decimal(100), 2, 10),
        (3, Decimal("33.34"), 0, 2),  # 1.0002: a hair over one is two
    ],
)
def test_sample_size_is_the_share_rounded_up_but_at_least_the_minimum(
    qualifying, percent_, minimum, size
):
    assert sample_size(qualifying, percent_, minimum) == size


@given(
    qualifying=st.integers(0, 100_000),
    percent_=st.decimals(0, 100, places=2),
    minimum=st.integers(0, 50),
)
def test_sample_size_agrees_with_exact_fractions(qualifying, percent_, minimum):
    exact = Fraction(qualifying) * Fraction(percent_) / 100
    ceiling = -(-exact.numerator // exact.denominator)
    assert sample_size(qualifying, percent_, minimum) == min(qualifying, max(ceiling, minimum))


@pytest.mark.parametrize(
    ("args", "error"),
    [
        ((10, 10.0, 2), TypeError),  # a float's 10% is not quite ten per cent
        ((10, Decimal("100.01"), 2), ValueError),
        ((10, Decimal(-1), 2), ValueError),
        ((10, Decimal("NaN"), 2), ValueError),
        ((-1, TEN, 2), ValueError),
        ((10, TEN, -1), ValueError),
    ],
)
def test_sample_size_refuses_what_is_not_a_count_or_a_percentage(args, error):
    with pytest.raises(error):
        sample_size(*args)


def teams_of(draws: list[TeamSample]) -> dict[int, tuple[int, ...]]:
    return {sample.team: sample.drawn for sample in draws}


# Team 1: 35 plans, 2 always included; team 2: 12 plans; team 3: a single plan.
POPULATIONS = [
    TeamPopulation(1, tuple(range(100, 135)), always=(101, 120)),
    TeamPopulation(2, tuple(range(200, 212))),
    TeamPopulation(3, (300,)),
]


def test_the_preview_says_per_team_how_many_qualify_and_will_be_drawn():
    assert preview(POPULATIONS, TEN, 2) == [
        TeamSample(team=1, qualifying_count=35, always_count=2, to_draw=4),
        TeamSample(team=2, qualifying_count=12, always_count=0, to_draw=2),
        TeamSample(team=3, qualifying_count=1, always_count=0, to_draw=1),
    ]


def test_the_draw_is_stratified_per_team_with_the_minimum_and_the_always_included():
    samples = draw(POPULATIONS, seed="round-1", percent=TEN, minimum=2)
    assert [(s.team, s.to_draw, len(s.drawn)) for s in samples] == [(1, 4, 4), (2, 2, 2), (3, 1, 1)]
    drawn = teams_of(samples)
    assert {101, 120} <= set(drawn[1])
    assert set(drawn[1]) <= set(range(100, 135))  # only the team's own qualifying plans
    assert set(drawn[2]) <= set(range(200, 212))
    assert drawn[3] == (300,)
    assert [s.drawn for s in samples] == [tuple(sorted(s.drawn)) for s in samples]
    # The preview promised the same numbers.
    assert [(s.team, s.to_draw) for s in preview(POPULATIONS, TEN, 2)] == [
        (s.team, s.to_draw) for s in samples
    ]


def test_always_included_plans_are_all_drawn_even_beyond_the_share():
    population = TeamPopulation(7, tuple(range(1, 21)), always=(2, 4, 6, 8, 10))
    (sample,) = draw([population], seed="s", percent=TEN, minimum=2)
    assert sample.to_draw == 5
    assert sample.drawn == (2, 4, 6, 8, 10)


def test_a_pinned_seed_draws_the_same_plans_as_it_always_has():
    """A round stores its seed and population so its draw can be checked later: a change
    to how the draw works would make every earlier round fail that check."""
    populations = [
        TeamPopulation(1, tuple(range(1, 41))),
        TeamPopulation(2, tuple(range(41, 61)), always=(45,)),
    ]
    samples = draw(populations, seed="0123456789abcdef", percent=TEN, minimum=2)
    assert teams_of(samples) == {1: (4, 9, 14, 28), 2: (45, 53)}


def _disjoint(teams: list[tuple[set[int], int]]) -> list[TeamPopulation]:
    """Teams 1, 2, ... each with the plans no earlier team has, the first ``always_percent``
    per cent of them always included."""
    seen: set[int] = set()
    populations = []
    for team, (plans, always_percent) in enumerate(teams, start=1):
        own = sorted(plans - seen)
        seen |= plans
        always = tuple(own[: len(own) * always_percent // 100])
        populations.append(TeamPopulation(team, tuple(own), always))
    return populations


populations_strategy = st.lists(
    st.tuples(st.sets(st.integers(1, 10_000), max_size=60), st.integers(0, 40)),
    min_size=1,
    max_size=5,
).map(_disjoint)


@given(
    populations=populations_strategy,
    seed=st.text(min_size=1, max_size=20),
    percent_=st.decimals(0, 100, places=1),
    minimum=st.integers(0, 5),
    shuffle_seed=st.integers(),
)
def test_the_same_seed_and_population_in_any_order_give_the_same_sample(
    populations, seed, percent_, minimum, shuffle_seed
):
    shuffler = random.Random(shuffle_seed)
    shuffled = []
    for population in populations:
        plans = list(population.qualifying) * 2  # repeats are one plan
        shuffler.shuffle(plans)
        shuffled.append(TeamPopulation(population.team, tuple(plans), population.always[::-1]))
    shuffler.shuffle(shuffled)
    first = draw(populations, seed=seed, percent=percent_, minimum=minimum)
    again = draw(shuffled, seed=seed, percent=percent_, minimum=minimum)
    assert first == again
    every = [plan for sample in first for plan in sample.drawn]
    assert len(every) == len(set(every))  # no plan twice in a round
    for population, sample in zip(populations, first, strict=True):
        assert set(population.always) <= set(sample.drawn) <= set(population.qualifying)
        assert (
            len(sample.drawn)
            == sample.to_draw
            == max(
                sample_size(len(population.qualifying), percent_, minimum), len(population.always)
            )
        )


def test_another_seed_usually_draws_another_sample():
    population = [TeamPopulation(1, tuple(range(1, 101)))]
    samples = {
        draw(population, seed=f"seed-{n}", percent=TEN, minimum=2)[0].drawn for n in range(20)
    }
    assert len(samples) == 20  # 10 of 100: a repeat is a chance in 10^12 per pair


def test_one_teams_population_does_not_change_another_teams_draw():
    team_1 = TeamPopulation(1, tuple(range(1, 51)))
    before = draw(
        [team_1, TeamPopulation(2, tuple(range(100, 130)))], seed="x", percent=TEN, minimum=2
    )
    after = draw(
        [team_1, TeamPopulation(2, tuple(range(100, 190)))], seed="x", percent=TEN, minimum=2
    )
    assert before[0] == after[0]
    assert before[1].drawn != after[1].drawn


@pytest.mark.parametrize(
    "populations",
    [
        [TeamPopulation(1, (1, 2, 3)), TeamPopulation(2, (3, 4))],  # plan 3 in two teams
        [TeamPopulation(1, (1, 2)), TeamPopulation(1, (5, 6))],  # one team given twice
    ],
)
def test_no_plan_can_be_drawn_twice_in_a_round(populations):
    with pytest.raises(ValueError, match=r"Plan 3|two populations"):
        draw(populations, seed="s", percent=TEN, minimum=2)
    with pytest.raises(ValueError, match=r"Plan 3|two populations"):
        preview(populations, TEN, 2)


def test_a_population_keeps_its_plans_sorted_once_each_and_always_within_them():
    assert TeamPopulation(1, (3, 1, 3, 2), (3, 3)) == TeamPopulation(1, (1, 2, 3), (3,))
    with pytest.raises(ValueError, match="must qualify"):
        TeamPopulation(1, (1, 2), always=(9,))  # e.g. audited in the last 12 months
    with pytest.raises(TypeError):
        TeamPopulation(1, ("1", "2"))


def test_a_draw_needs_a_seed_and_new_seeds_differ():
    with pytest.raises(ValueError, match="seed"):
        draw(POPULATIONS, seed="", percent=TEN, minimum=2)
    seeds = {new_seed() for _ in range(10)}
    assert len(seeds) == 10
    assert all(len(seed) == 16 and int(seed, 16) >= 0 for seed in seeds)


# Assignment


def loads(given_: dict, reviewers, load=None) -> dict:
    totals = Counter({r: (load or {}).get(r, 0) for r in reviewers})
    totals.update(given_.values())
    return totals


def test_a_reviewer_is_never_given_their_home_team_even_when_that_is_uneven():
    audits = [(f"a{n}", 1) for n in range(4)]
    assert assign(audits, {"A": 1, "B": 2}) == dict.fromkeys(["a0", "a1", "a2", "a3"], "B")
    assert may_review(None, 1)
    assert may_review(2, 1)
    assert not may_review(1, 1)


def test_audits_no_reviewer_may_take_are_left_out():
    assert assign([("a", 1), ("b", 2)], {"A": 1}) == {"b": "A"}
    assert assign([("a", 1)], {}) == {}


def test_without_home_teams_the_audits_go_round_evenly_counting_current_load():
    audits = [(n, 1) for n in range(7)]
    given_ = assign(audits, {"A": None, "B": None, "C": None}, load={"A": 2})
    assert loads(given_, "ABC", {"A": 2}) == {"A": 3, "B": 3, "C": 3}


def test_an_audit_is_passed_on_when_greedy_order_leaves_someone_two_behind():
    """Most-constrained first, least-loaded reviewer: "a" (team 1, for B or C) goes to B
    on the tie, then "b" (team 3, for A or B) to B, as A already holds 5: B 2, C 0. The
    fix hands "a" to C."""
    given_ = assign([("a", 1), ("b", 3)], {"A": 1, "B": 2, "C": 3}, load={"A": 5})
    assert given_ == {"a": "C", "b": "B"}


def test_an_audit_is_passed_on_along_a_chain():
    """A (home 1) and B (home 2) may take team 3's audits; only B and C (home 3) may take
    team 1's. Two of team 3 and one of team 1 are even (one each) only if team 1's goes
    to C and B takes a team 3 audit: no single audit can move straight from the
    heaviest to the lightest."""
    reviewers = {"A": 1, "B": 2, "C": 3}
    for audits in ([("x", 3), ("y", 3), ("z", 1)], [("z", 3), ("y", 3), ("x", 1)]):
        given_ = assign(audits, reviewers)
        assert loads(given_, reviewers) == {"A": 1, "B": 1, "C": 1}


def test_assignment_refuses_an_audit_twice_and_a_negative_load():
    with pytest.raises(ValueError, match="twice"):
        assign([("a", 1), ("a", 2)], {"A": None})
    with pytest.raises(ValueError, match="load"):
        assign([("a", 1)], {"A": None}, load={"A": -1})


reviewers_strategy = st.dictionaries(
    st.sampled_from("ABCDEFGH"), st.none() | st.integers(1, 3), min_size=1, max_size=8
)


def audits_strategy(max_size: int):
    return st.lists(st.integers(1, 3), max_size=max_size).map(
        lambda teams: [(f"audit-{n:03d}", team) for n, team in enumerate(teams)]
    )


def load_strategy(reviewers):
    return st.fixed_dictionaries({r: st.integers(0, 4) for r in reviewers})


@given(data=st.data())
def test_assignment_respects_home_teams_and_no_eligible_reviewer_is_two_behind(data):
    reviewers = data.draw(reviewers_strategy)
    audits = data.draw(audits_strategy(40))
    load = data.draw(load_strategy(reviewers))
    given_ = assign(audits, reviewers, load)
    teams = dict(audits)
    totals = loads(given_, reviewers, load)
    for key, team in audits:
        anyone = [r for r in reviewers if may_review(reviewers[r], team)]
        assert (key in given_) == bool(anyone)  # every audit that can be given is
        if key not in given_:
            continue
        assert reviewers[given_[key]] != teams[key]
        for other in anyone:
            assert totals[other] >= totals[given_[key]] - 1


@given(data=st.data())
def test_assignment_is_as_even_as_any_other_that_keeps_the_home_team_rule(data):
    """Against every possible assignment of a small round: none has a smaller sum of
    squared loads, nor a smaller largest load."""
    reviewers = data.draw(reviewers_strategy.filter(lambda r: len(r) <= 4))
    audits = data.draw(audits_strategy(6))
    load = data.draw(load_strategy(reviewers))
    given_ = assign(audits, reviewers, load)
    totals = loads(given_, reviewers, load)
    possible = [
        [(key, r) for r in reviewers if may_review(reviewers[r], team)] for key, team in audits
    ]
    best_squares = best_max = None
    for choice in itertools.product(*[options for options in possible if options]):
        other = loads(dict(choice), reviewers, load)
        squares = sum(n * n for n in other.values())
        best_squares = squares if best_squares is None else min(best_squares, squares)
        biggest = max(other.values())
        best_max = biggest if best_max is None else min(best_max, biggest)
    assert sum(n * n for n in totals.values()) == best_squares
    assert max(totals.values()) == best_max


@given(
    reviewers=st.sets(st.sampled_from("ABCDEFGH"), min_size=1),
    audits=audits_strategy(40),
)
def test_with_no_home_teams_no_reviewer_is_more_than_one_ahead(reviewers, audits):
    totals = loads(assign(audits, dict.fromkeys(reviewers)), reviewers)
    assert max(totals.values()) - min(totals.values()) <= 1


@given(data=st.data())
def test_assignment_does_not_depend_on_the_order_it_is_given_things(data):
    reviewers = data.draw(reviewers_strategy)
    audits = data.draw(audits_strategy(30))
    load = data.draw(load_strategy(reviewers))
    shuffled_audits = data.draw(st.permutations(audits))
    shuffled_reviewers = dict(data.draw(st.permutations(list(reviewers.items()))))
    assert assign(audits, reviewers, load) == assign(shuffled_audits, shuffled_reviewers, load)
