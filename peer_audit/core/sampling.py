"""The sample of approved plans a round audits: a share of each team's qualifying plans,
at least a minimum, every always-included plan, drawn at random from a stored seed.

The draw is reproducible: the same seed and population give the same sample whatever
order the ids arrive in, and each team is drawn with its own generator, so one team's
population cannot change another team's sample.
"""

import random
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, Context, Decimal

# Exact for any count of plans and any percentage a person would type.
_CONTEXT = Context(prec=60)
_HUNDRED = Decimal(100)


def sample_size(qualifying: int, percent: Decimal, minimum: int) -> int:
    """``percent`` of ``qualifying`` rounded up, but at least ``minimum`` (all, if fewer
    qualify): 10% of 35 is 4; 10% of 12 with a minimum of 2 is 2; 1 qualifying with a
    minimum of 2 is 1."""
    _check_count(qualifying, "The number of qualifying plans")
    _check_count(minimum, "The minimum per team")
    share = _percent(percent)
    by_share = _CONTEXT.divide(_CONTEXT.multiply(Decimal(qualifying), share), _HUNDRED)
    drawn = int(by_share.to_integral_value(rounding=ROUND_CEILING))
    return min(qualifying, max(drawn, minimum))


def _check_count(value: int, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{what} must be a whole number ≥ 0: {value!r}")


def _percent(percent: Decimal) -> Decimal:
    """A percentage from 0 to 100, as a Decimal or int: never a float, whose 10% is not
    quite ten per cent."""
    if isinstance(percent, bool) or not isinstance(percent, Decimal | int):
        raise TypeError(f"A sample percentage is a Decimal, not {type(percent).__name__}")
    value = Decimal(percent)
    if not value.is_finite() or not Decimal(0) <= value <= _HUNDRED:
        raise ValueError(f"A sample percentage is from 0 to 100: {percent}")
    return value


@dataclass(frozen=True)
class TeamPopulation:
    """A team's plans that qualify for the round (exclusions already made), and those of
    them that are always included. Ids are kept sorted and without repeats, so two
    populations with the same plans are equal whatever order they were given in."""

    team: int
    qualifying: tuple[int, ...]
    always: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        qualifying = _ids(self.qualifying, "qualifying")
        always = _ids(self.always, "always-included")
        outside = sorted(set(always) - set(qualifying))
        if outside:
            raise ValueError(
                f"Team {self.team}: always-included plans must qualify: {outside} do not"
            )
        object.__setattr__(self, "qualifying", qualifying)
        object.__setattr__(self, "always", always)


def _ids(ids: Iterable[int], what: str) -> tuple[int, ...]:
    ids = tuple(ids)
    if any(isinstance(i, bool) or not isinstance(i, int) for i in ids):
        raise TypeError(f"Plan ids ({what}) are integers")
    return tuple(sorted(set(ids)))


@dataclass(frozen=True)
class TeamSample:
    """How many of a team's plans qualify, how many are always included, how many the
    round takes, and (once drawn) which, in ascending order."""

    team: int
    qualifying_count: int
    always_count: int
    to_draw: int
    drawn: tuple[int, ...] = ()


def _checked(populations: Iterable[TeamPopulation]) -> list[TeamPopulation]:
    """The populations in team order; a team given twice, or a plan in two teams, is an
    error (a plan would be audited twice in a round)."""
    populations = sorted(populations, key=lambda p: p.team)
    teams: set[int] = set()
    owner: dict[int, int] = {}
    for population in populations:
        if population.team in teams:
            raise ValueError(f"Team {population.team} has two populations")
        teams.add(population.team)
        for plan in population.qualifying:
            if plan in owner:
                raise ValueError(
                    f"Plan {plan} is in the populations of teams {owner[plan]} and "
                    f"{population.team}"
                )
            owner[plan] = population.team
    return populations


def _planned(population: TeamPopulation, percent: Decimal, minimum: int) -> TeamSample:
    size = sample_size(len(population.qualifying), percent, minimum)
    return TeamSample(
        team=population.team,
        qualifying_count=len(population.qualifying),
        always_count=len(population.always),
        to_draw=max(size, len(population.always)),
    )


def preview(
    populations: Iterable[TeamPopulation], percent: Decimal, minimum: int
) -> list[TeamSample]:
    """Per team, how many plans qualify and how many will be drawn; nothing drawn yet."""
    return [_planned(p, percent, minimum) for p in _checked(populations)]


def draw(
    populations: Iterable[TeamPopulation], *, seed: str, percent: Decimal, minimum: int
) -> list[TeamSample]:
    """Each team's sample: its always-included plans, then a random choice of the rest up
    to the number to draw, from a generator seeded with ``"{seed}:{team}"``."""
    if not isinstance(seed, str) or not seed:
        raise ValueError("A draw needs its seed: a non-empty string")
    samples = []
    for population in _checked(populations):
        planned = _planned(population, percent, minimum)
        always = set(population.always)
        rest = [plan for plan in population.qualifying if plan not in always]
        # A str seed is hashed with SHA-512: the same on every run and Python version.
        generator = random.Random(f"{seed}:{population.team}")  # noqa: S311 (not a secret)
        chosen = generator.sample(rest, planned.to_draw - len(always))
        samples.append(
            TeamSample(
                team=planned.team,
                qualifying_count=planned.qualifying_count,
                always_count=planned.always_count,
                to_draw=planned.to_draw,
                drawn=tuple(sorted([*population.always, *chosen])),
            )
        )
    return samples


def new_seed() -> str:
    """A fresh seed for a round's draw, stored with the round."""
    return secrets.token_hex(8)
