"""The peer audit's results for a commissioner: the roll-up by team and financial quarter
(``peer_audit.core.rollup``) of an organisation's drawn rounds.

A round counts in the financial quarter of its period's end. What qualified and what was
drawn come from the population kept with each round; audited, passed, answers and
ratings from its submitted audits. Questions are matched across checklist versions by
their text (the same words, whatever the case or spacing), worded as the latest version
that asks them.

Five queries whatever the number of rounds, audits or answers: values only, then the
pure roll-up.
"""

from collections import defaultdict
from datetime import date

from costing.core.years import FinancialYear
from peer_audit.core.rollup import AuditRow, PopulationRow, RollUp, quarter_of, roll_up
from peer_audit.models import AuditAnswer, AuditRound, PeerAudit, Question
from people.models import Organisation, Team


def question_key(text: str) -> str:
    """The words of a question, whatever their case or spacing: how versions are matched."""
    return " ".join(text.split()).casefold()


def rounds_counted(organisation: Organisation, year: FinancialYear | None = None):
    """The organisation's rounds that have been drawn, in ``year`` (by their period's
    end) if one is given."""
    rounds = AuditRound.objects.filter(organisation=organisation).exclude(
        status=AuditRound.Status.OPEN
    )
    if year is not None:
        rounds = rounds.filter(period_end__gte=year.first_day, period_end__lte=year.last_day)
    return rounds


def years_with_rounds(organisation: Organisation) -> list[FinancialYear]:
    """The financial years in which a drawn round of the organisation ends, latest first."""
    ends = rounds_counted(organisation).values_list("period_end", flat=True).distinct()
    return sorted({FinancialYear.of(end) for end in ends}, reverse=True)


def peer_audit_results(organisation: Organisation, year: FinancialYear | None) -> RollUp:
    """The organisation's roll-up for a financial year (every year if ``year`` is None)."""
    rounds = rounds_counted(organisation, year)
    round_rows = list(rounds.values_list("pk", "period_end", "population"))
    if not round_rows:
        return roll_up([], [], [])
    quarter_of_round = {pk: quarter_of(end) for pk, end, _ in round_rows}
    names = dict(Team.objects.filter(organisation=organisation).values_list("pk", "name"))
    questions, key_of_question = _questions(rounds)
    populations = [
        PopulationRow(
            team=names.get(entry["team"], entry.get("team_name", "")),
            quarter=quarter_of_round[pk],
            qualified=len(entry.get("qualifying", ())),
            drawn=len(entry.get("drawn", ())),
        )
        for pk, _, population in round_rows
        for entry in population or ()
    ]
    # An audit is known by its round and plan (one audit a plan in a round): whole numbers,
    # which the database sends far faster than the audits' random ids.
    answers: dict[tuple[int, int], dict[str, str]] = defaultdict(dict)
    for round_id, plan_id, question_id, answer in AuditAnswer.objects.filter(
        audit__round__in=rounds, audit__status=PeerAudit.Status.SUBMITTED
    ).values_list("audit__round_id", "audit__plan_id", "question_id", "answer"):
        answers[round_id, plan_id][key_of_question[question_id]] = answer
    audits = [
        AuditRow(
            team=names.get(team, ""),
            quarter=quarter_of_round[round_id],
            submitted=status == PeerAudit.Status.SUBMITTED,
            passed=passed,
            rating=rating if status == PeerAudit.Status.SUBMITTED else "",
            answers=answers.get((round_id, plan_id), {}),
        )
        for round_id, plan_id, team, status, passed, rating in PeerAudit.objects.filter(
            round__in=rounds
        ).values_list("round_id", "plan_id", "team_id", "status", "passed", "overall_rating")
    ]
    return roll_up(populations, audits, questions)


def _questions(rounds) -> tuple[list[tuple[str, str]], dict[int, str]]:
    """(key, text) of every question the rounds' checklists ask: the latest version's in
    its order, then any that only earlier versions asked; and the key of each question."""
    asked = Question.objects.filter(checklist__rounds__in=rounds).values_list(
        "pk", "text", "checklist__version", "position"
    )
    found: dict[str, str] = {}
    key_of: dict[int, str] = {}
    for pk, text, _, _ in sorted(set(asked), key=lambda q: (-q[2], q[3])):
        key_of[pk] = question_key(text)
        found.setdefault(key_of[pk], " ".join(text.split()))
    return list(found.items()), key_of


def results_file_name(year: FinancialYear | None, today: date) -> str:
    """``peer-audit-results-2012-13-2013-04-02.csv``."""
    return f"peer-audit-results-{year.label if year else 'all-years'}-{today:%Y-%m-%d}.csv"
