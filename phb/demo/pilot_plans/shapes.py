"""The shapes of the budget holders' plans, as plain values."""

from typing import NamedTuple


class Said(NamedTuple):
    """An outcome, with the fields of ``careplans.models.Outcome``."""

    category: str
    in_their_words: str
    success_looks_like: str
    not_working_signs: str
    persons_part: str


class Risk(NamedTuple):
    risk: str
    how_managed: str
    managed_by: str


class About(NamedTuple):
    what_matters_to_person: str
    what_matters_for_health: str
    contingency_plan: str
    risks: tuple[Risk, ...]


class Purchase(NamedTuple):
    """A purchase line, with the fields of ``careplans.models.SpendingLine``."""

    description: str
    category: str
    provider: str
    unit_cost: str
    quantity: int
    frequency: str
    serves: tuple[str, ...]  # the outcome categories it serves
