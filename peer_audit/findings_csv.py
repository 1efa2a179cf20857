"""The findings of an audit and the team's actions, as a CSV file: UTF-8 (with the byte
order mark spreadsheets look for), and never a cell a spreadsheet would run as a formula."""

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone

from peer_audit.findings import Findings

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER = [
    "Question",
    "Question text",
    "Answer",
    "Reviewer's comment",
    "Team's action",
    "Due by",
    "Done on",
]


def safe_cell(value: object) -> str:
    """The value as text, with a leading apostrophe if it starts as a formula would."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


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


def csv_text(header: list[str], rows: Iterable[list[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return out.getvalue()


def findings_csv(findings: Findings) -> HttpResponse:
    month = findings.submitted_month.strftime("%Y-%m")
    response = HttpResponse(
        csv_text(HEADER, findings_rows(findings)).encode("utf-8-sig"),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="peer-audit-findings-{month}.csv"'
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response
