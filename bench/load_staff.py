"""The load benchmark's board: its staff, an audit round for its peer reviewers, and what
each account has to work on (given out so that no two people edit or decide the same
thing: each draft, waiting plan and audit is one account's)."""

from datetime import timedelta
from itertools import cycle
from typing import Any

PASSWORD = "load-bench-2026"  # noqa: S105 - accounts of a benchmark database, dropped after
COORDINATORS_A_TEAM = 6
FACILITATORS_A_TEAM = 2
COMMISSIONERS = 3
REVIEWERS = 4
PACKS_AN_ACCOUNT = 200
ROUND = "Load benchmark round"


def load_staff(password: str) -> dict[str, list[str]]:
    """The accounts by role (made once: a second run finds them)."""
    from people.models import Role, Team, User
    from people.services import user_create
    from phb.demo.people import DEMO_ORGANISATION

    teams = list(Team.objects.filter(organisation__name=DEMO_ORGANISATION).order_by("pk"))
    wanted: list[tuple[str, str, str]] = []
    for number, team in enumerate(teams, start=1):
        wanted += [
            (f"load-coordinator-{number}-{n}", Role.COORDINATOR, team.name)
            for n in range(1, COORDINATORS_A_TEAM + 1)
        ]
        wanted += [
            (f"load-facilitator-{number}-{n}", Role.FACILITATOR, team.name)
            for n in range(1, FACILITATORS_A_TEAM + 1)
        ]
    wanted += [
        (f"load-commissioner-{n}", Role.COMMISSIONER, "") for n in range(1, COMMISSIONERS + 1)
    ]
    wanted += [(f"load-reviewer-{n}", Role.PEER_REVIEWER, "") for n in range(1, REVIEWERS + 1)]
    existing = set(
        User.objects.filter(username__startswith="load-").values_list("username", flat=True)
    )
    for username, role, team in wanted:
        if username not in existing:
            user_create(
                username=username,
                role=role,
                password=password,
                team_name=team,
                organisation_name=DEMO_ORGANISATION,
                first_name="Load",
                last_name=username.removeprefix("load-").replace("-", " ").title(),
            )
    staff: dict[str, list[str]] = {}
    for username, role, _ in wanted:
        staff.setdefault(role, []).append(username)
    return staff


def draw_audits() -> int:
    """A round over the last year's approved plans (10% a team), drawn and given to the
    reviewers; the open audits of it."""
    from django.utils import timezone

    from peer_audit.models import AuditRound, PeerAudit
    from peer_audit.rounds import round_assign, round_draw, round_open
    from people.models import User

    commissioner = User.objects.get(username="load-commissioner-1")
    audit_round = AuditRound.objects.filter(name=ROUND).first()
    if audit_round is None:
        today = timezone.localdate()
        audit_round = round_open(
            user=commissioner,
            name=ROUND,
            period_start=today - timedelta(days=365),
            period_end=today,
        )
        round_draw(user=commissioner, audit_round=audit_round)
        round_assign(user=commissioner, audit_round=audit_round)
    return PeerAudit.objects.filter(round=audit_round, status=PeerAudit.Status.OPEN).count()


def _share(items: list, accounts: list[dict[str, Any]], key: str) -> None:
    for item, account in zip(items, cycle(accounts), strict=False):
        account[key].append(item)


def work_lists(staff: dict[str, list[str]], password: str) -> dict[str, Any]:
    """Each account's drafts, approved plans (for review packs), plans to decide and audits."""
    from careplans.choices import PlanStatus
    from careplans.models import CarePlanVersion
    from peer_audit.models import PeerAudit
    from people.models import Role, User
    from reports.sections import SECTIONS
    from reviews.models import ReviewPack

    users = {u.username: u for u in User.objects.filter(username__startswith="load-")}
    latest = (
        CarePlanVersion.objects.order_by("plan_id", "-number")
        .distinct("plan_id")
        .values(
            "plan_id",
            "status",
            "route",
            "plan__participant_id",
            "plan__participant__team_id",
            "plan__ended_at",
        )
    )
    packed = set(ReviewPack.objects.values_list("version__plan_id", flat=True))
    by_team: dict[tuple[int, str], list[dict]] = {}
    for version in latest:
        by_team.setdefault((version["plan__participant__team_id"], version["status"]), []).append(
            version
        )

    def accounts(role: str, *keys: str) -> list[dict[str, Any]]:
        return [{"username": name, **{key: [] for key in keys}} for name in staff.get(role, [])]

    coordinators = accounts(Role.COORDINATOR, "drafts", "approved")
    facilitators = accounts(Role.FACILITATOR, "waiting")
    commissioners = accounts(Role.COMMISSIONER, "waiting")
    reviewers = accounts(Role.PEER_REVIEWER, "audits")
    for team in {users[a["username"]].team_id for a in coordinators}:
        mine = [a for a in coordinators if users[a["username"]].team_id == team]
        drafts = [
            {"plan": v["plan_id"], "person": v["plan__participant_id"]}
            for v in by_team.get((team, PlanStatus.DRAFT), [])
        ]
        _share(drafts, mine, "drafts")
        approved = [
            v["plan_id"]
            for status in (PlanStatus.SIGNED_OFF, PlanStatus.APPROVED)
            for v in by_team.get((team, status), [])
            if v["plan__ended_at"] is None and v["plan_id"] not in packed
        ]
        _share(approved[: PACKS_AN_ACCOUNT * len(mine)], mine, "approved")
        waiting = by_team.get((team, PlanStatus.SUBMITTED), [])
        over_limit = [v["plan_id"] for v in waiting if v["route"] != "facilitator"]
        tenth = [v["plan_id"] for v in waiting if v["route"] == "facilitator"]
        _share(over_limit + tenth[: len(tenth) // 10], commissioners, "waiting")
        _share(
            tenth[len(tenth) // 10 :],
            [a for a in facilitators if users[a["username"]].team_id == team],
            "waiting",
        )
    for account in reviewers:
        account["audits"] = [
            str(pk)
            for pk in PeerAudit.objects.filter(
                reviewer=users[account["username"]], status=PeerAudit.Status.OPEN
            ).values_list("pk", flat=True)
        ]
    return {
        "password": password,
        "coordinators": coordinators,
        "facilitators": facilitators,
        "commissioners": commissioners,
        "reviewers": reviewers,
        "report_sections": [section.slug for section in SECTIONS],
    }
