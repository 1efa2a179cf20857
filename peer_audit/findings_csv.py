"""The findings of an audit and the team's actions, as a CSV file: UTF-8 (with the byte
order mark spreadsheets look for), and never a cell a spreadsheet would run as a formula."""

from django.http import HttpResponse
from django.utils import timezone

from common.csv import csv_response
from peer_audit.findings import Findings

HEADER = [
    "Question",
    "Question text",
    "Answer",
    "Reviewer's comment",
    "Team's action",
    "Due by",
    "Done on",
]


def findings_rows(findings: Findings) -> list[list[str]]:
    rows = []
    for finding in findings.questions:
        action = finding.action
        rows.append(
            [
                str(finding.question.position),
                finding.question.text,
                finding.answer_label,
                finding.comment,
                action.action if action else "",
                action.due.isoformat() if action else "",
                timezone.localtime(action.done_at).date().isoformat()
                if action and action.done_at
                else "",
            ]
        )
    return rows


def findings_csv(findings: Findings) -> HttpResponse:
    month = findings.submitted_month.strftime("%Y-%m")
    return csv_response([HEADER, *findings_rows(findings)], f"peer-audit-findings-{month}.csv")
