"""The tables of the rounds pages: their columns, what each sorts on and shows."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.urls import reverse
from django.utils.html import format_html

from common.tables import Column, Table, day_text
from peer_audit import progress
from peer_audit.models import AuditAction, AuditRound, PeerAudit
from peer_audit.rounds import TeamLine

OVERDUE_TAG = '<strong class="nhsuk-tag nhsuk-tag--red">{}</strong>'


def rounds_table(request, found: Iterable[AuditRound]) -> Table:
    return Table(
        request,
        "rounds",
        "Rounds of the peer audit, latest first",
        [
            Column(
                "name",
                "Round",
                lambda r: r.name,
                show=lambda r: format_html(
                    '<a href="{}">{}</a>', reverse("peer_audit:round", args=[r.pk]), r.name
                ),
            ),
            Column(
                "period",
                "Period",
                lambda r: r.period_end,
                show=lambda r: format_html(
                    "{} to {}", day_text(r.period_start), day_text(r.period_end)
                ),
            ),
            Column("status", "Status", lambda r: r.get_status_display()),
            Column("drawn", "Drawn", lambda r: r.drawn_count, numeric=True),
            Column("submitted", "Submitted", lambda r: r.submitted_count, numeric=True),
            Column("passed", "Passed", lambda r: r.passed_count, numeric=True),
        ],
        found,
        default="-period",
    )


@dataclass(frozen=True)
class PopulationLine:
    """A team's line of a drawn round, from the population kept with it."""

    team: int
    team_name: str
    qualifying: int
    always: int
    recently_audited: int
    to_draw: int
    drawn: int | None = None


def _count_columns(with_drawn: bool) -> list[Column]:
    columns = [
        Column("team", "Team", lambda line: line.team_name),
        Column("qualifying", "Qualifying", lambda line: line.qualifying, numeric=True),
        Column("always", "Always included", lambda line: line.always, numeric=True),
        Column(
            "recent",
            "Left out: audited in the last 12 months",
            lambda line: line.recently_audited,
            numeric=True,
        ),
        Column("to_draw", "To draw", lambda line: line.to_draw, numeric=True),
    ]
    if with_drawn:
        columns.append(Column("drawn", "Drawn", lambda line: line.drawn, numeric=True))
    return columns


def _total(lines: Sequence[Any], with_drawn: bool) -> PopulationLine:
    return PopulationLine(
        team=0,
        team_name="All teams",
        qualifying=sum(line.qualifying for line in lines),
        always=sum(line.always for line in lines),
        recently_audited=sum(line.recently_audited for line in lines),
        to_draw=sum(line.to_draw for line in lines),
        drawn=sum(line.drawn for line in lines) if with_drawn else None,
    )


def preview_table(request, lines: Sequence[TeamLine]) -> Table:
    return Table(
        request,
        "preview",
        "What a draw would take now, per team",
        _count_columns(with_drawn=False),
        lines,
        default="team",
        footer=[_total(lines, with_drawn=False)] if lines else [],
    )


def population_lines(population: Sequence[dict]) -> list[PopulationLine]:
    return [
        PopulationLine(
            team=entry["team"],
            team_name=entry.get("team_name", ""),
            qualifying=len(entry.get("qualifying", ())),
            always=len(entry.get("always", ())),
            recently_audited=entry.get("recently_audited", 0),
            to_draw=entry.get("to_draw", 0),
            drawn=len(entry.get("drawn", ())),
        )
        for entry in population or ()
    ]


def population_table(request, population: Sequence[dict]) -> Table:
    lines = population_lines(population)
    return Table(
        request,
        "population",
        "The population per team, as drawn",
        _count_columns(with_drawn=True),
        lines,
        default="team",
        footer=[_total(lines, with_drawn=True)] if lines else [],
    )


def population_plans(population: Sequence[dict]) -> list[list[Any]]:
    """A row per qualifying plan: its team (id and name), whether it was always included
    and whether it was drawn."""
    rows: list[list[Any]] = [["Team id", "Team", "Plan", "Always included", "Drawn"]]
    for entry in sorted(population or (), key=lambda e: e["team"]):
        always, drawn = set(entry.get("always", ())), set(entry.get("drawn", ()))
        for plan in entry.get("qualifying", ()):
            rows.append(
                [
                    entry["team"],
                    entry.get("team_name", ""),
                    plan,
                    "Yes" if plan in always else "No",
                    "Yes" if plan in drawn else "No",
                ]
            )
    return rows


def progress_table(request, name: str, caption: str, items: Sequence[progress.Progress]) -> Table:
    who = "Reviewer" if name == "reviewers" else "Team"
    return Table(
        request,
        name,
        caption,
        [
            Column("name", who, lambda p: p.name),
            Column("assigned", "Assigned", lambda p: p.assigned, numeric=True),
            Column("open", "Open", lambda p: p.open, numeric=True),
            Column("submitted", "Submitted", lambda p: p.submitted, numeric=True),
            Column("passed", "Passed", lambda p: p.passed, numeric=True),
            Column(
                "late",
                "Open more than 14 days",
                lambda p: p.open_too_long,
                show=lambda p: (
                    format_html(OVERDUE_TAG, p.open_too_long) if p.open_too_long else "0"
                ),
                numeric=True,
            ),
        ],
        items,
        default="name",
    )


def _audit_status(audit: PeerAudit, now: datetime) -> str:
    if not audit.is_open:
        return "Passed" if audit.passed else "Did not pass"
    if audit.reviewer_id is None:
        return "Not assigned"
    return "Open more than 14 days" if progress.open_too_long(audit, now) else "Open"


def audits_table(
    request, audit_round: AuditRound, audits: Sequence[PeerAudit], now: datetime
) -> Table:
    def status(audit: PeerAudit):
        text = _audit_status(audit, now)
        if progress.open_too_long(audit, now):
            return format_html(OVERDUE_TAG, text)
        return text

    def reassign(audit: PeerAudit):
        if not audit.is_open:
            return ""
        address = reverse("peer_audit:audit_reassign", args=[audit_round.pk, audit.pk])
        action = "Reassign" if audit.reviewer_id else "Assign"
        return format_html(
            '<a href="{}">{}<span class="nhsuk-u-visually-hidden"> the audit of plan {}</span></a>',
            address,
            action,
            audit.plan_id,
        )

    return Table(
        request,
        "audits",
        "The round’s audits",
        [
            Column("team", "Team", lambda a: a.team.name),
            Column(
                "plan",
                "Plan",
                lambda a: a.plan_id,
                show=lambda a: format_html(
                    '<a href="{}">Plan {}</a>',
                    reverse("careplans:detail", args=[a.plan_id]),
                    a.plan_id,
                ),
            ),
            Column("reviewer", "Reviewer", lambda a: str(a.reviewer) if a.reviewer_id else None),
            Column(
                "assigned",
                "Assigned on",
                lambda a: a.assigned_at,
                show=lambda a: day_text(a.assigned_at),
            ),
            Column("status", "Status", lambda a: _audit_status(a, now), show=status),
            Column(
                "reassign",
                "Reviewer change",
                lambda a: "",
                show=reassign,
                sortable=False,
                in_csv=False,
            ),
        ],
        audits,
        default="team",
    )


def actions_table(request, actions: Sequence[AuditAction], today: date) -> Table:
    def due(action: AuditAction):
        if action.due < today:
            return format_html("{} " + OVERDUE_TAG, day_text(action.due), "Overdue")
        return day_text(action.due)

    return Table(
        request,
        "actions",
        "Actions teams have still to complete, soonest due first",
        [
            Column("team", "Team", lambda a: a.audit.team.name),
            Column(
                "plan",
                "Plan",
                lambda a: a.audit.plan_id,
                show=lambda a: format_html(
                    '<a href="{}">Plan {}</a>',
                    reverse("careplans:detail", args=[a.audit.plan_id]),
                    a.audit.plan_id,
                ),
            ),
            Column("question", "Question", lambda a: a.question.text),
            Column("action", "What the team will do", lambda a: a.action),
            Column("due", "Due by", lambda a: a.due, show=due),
        ],
        actions,
        default="due",
    )
