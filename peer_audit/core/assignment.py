"""Sharing a round's audits among the peer reviewers: never a plan of a reviewer's own
(home) team, and as evenly as that rule allows.

"As evenly as the rule allows" is exact: the loads (the audits a reviewer already holds
plus those given here) are the most even possible, in the sense that no other
assignment respecting the home-team rule has a smaller sum of squared loads, and so
none has a smaller largest load either. When no home team gets in the way, no reviewer
ends more than one audit ahead of another who received any.

How: most-constrained audits first, each to the least-loaded reviewer who may take it;
then, while some reviewer could pass an audit along a chain of reviewers (each handing
one on to the next, every hand-over allowed) to someone two or more audits lighter,
do so. That chain is the only way an assignment can be uneven beyond need (Harvey,
Ladner, Lovász and Tamir, "Semi-matchings for bipartite graphs and load balancing",
2003), and each hand-over lowers the sum of squares, so the loop ends.
"""

from collections.abc import Mapping, Sequence


def may_review(home: int | None, team: int) -> bool:
    """A reviewer may audit any team's plan but their home team's."""
    return home is None or home != team


def assign[K, R](
    audits: Sequence[tuple[K, int]],
    reviewers: Mapping[R, int | None],
    load: Mapping[R, int] | None = None,
) -> dict[K, R]:
    """Audit key → reviewer, for ``audits`` given as (key, team id) among ``reviewers``
    (reviewer key → home team id or None), counting the audits each already holds
    (``load``). Keys of both kinds must sort: ties go to the smaller key, so the answer
    does not depend on the order things were given in. Audits that no reviewer may take
    are left out, for the caller to report."""
    names: list[R] = sorted(reviewers)
    rank = {name: index for index, name in enumerate(names)}
    total = _loads(names, load or {})
    keys = [key for key, _ in audits]
    if len(set(keys)) != len(keys):
        raise ValueError("An audit is given twice")
    teams = sorted({team for _, team in audits})
    eligible = {t: [r for r in names if may_review(reviewers[r], t)] for t in teams}

    # held[reviewer][team]: the audits given here (the load given in cannot move).
    held: dict[R, dict[int, list[K]]] = {name: {} for name in names}
    given: dict[K, R] = {}
    for key, team in sorted(audits, key=lambda a: (len(eligible[a[1]]), a[0])):
        if not eligible[team]:
            continue
        chosen = min(eligible[team], key=lambda r: (total[r], rank[r]))
        held[chosen].setdefault(team, []).append(key)
        total[chosen] += 1
        given[key] = chosen

    while (chain := _uneven_chain(names, rank, total, held, eligible)) is not None:
        # From the far end back, so each reviewer hands on an audit they held before.
        for giver, team, taker in reversed(chain):
            key = max(held[giver][team])
            held[giver][team].remove(key)
            held[taker].setdefault(team, []).append(key)
            given[key] = taker
        total[chain[0][0]] -= 1
        total[chain[-1][2]] += 1
    return {key: given[key] for key in sorted(given)}


def _loads[R](names: list[R], load: Mapping[R, int]) -> dict[R, int]:
    totals = {}
    for name in names:
        count = load.get(name, 0)
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"A reviewer's load is a whole number ≥ 0: {count!r}")
        totals[name] = count
    return totals


def _uneven_chain[K, R](
    names: list[R],
    rank: Mapping[R, int],
    total: Mapping[R, int],
    held: Mapping[R, Mapping[int, list[K]]],
    eligible: Mapping[int, list[R]],
) -> list[tuple[R, int, R]] | None:
    """A chain of hand-overs (giver, team of the audit, taker) from a reviewer to one at
    least two audits lighter, heaviest reviewers tried first; None when there is none."""
    for source in sorted(names, key=lambda r: (-total[r], rank[r])):
        came_from: dict[R, tuple[R, int]] = {}
        queue = [source]
        for giver in queue:  # breadth first: the list grows as it is read
            for team in sorted(t for t, keys in held[giver].items() if keys):
                for taker in eligible[team]:
                    if taker != source and taker not in came_from:
                        came_from[taker] = (giver, team)
                        queue.append(taker)
        if not came_from:
            continue
        lightest = min(came_from, key=lambda r: (total[r], rank[r]))
        if total[source] - total[lightest] < 2:
            continue
        chain: list[tuple[R, int, R]] = []
        taker = lightest
        while taker != source:
            giver, team = came_from[taker]
            chain.append((giver, team, taker))
            taker = giver
        return chain[::-1]
    return None
