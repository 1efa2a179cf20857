"""CSV imports of service use, direct payments and PHB categories, checked whole before
anything is kept.

A file is read, every row is checked, and the result is a preview: the rows
as they would be recorded, or every bad row with its reason. Importing
checks the file again and records all of its rows, or none.
"""

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from common.text import unsafe_character
from costing.core.money import MoneyError, parse_amount
from costing.models import Intervention
from participants import nhs_number
from participants.categories import (
    CategoryEntry,
    categories_record,
    category_named,
    category_problems,
)
from participants.models import Participant
from participants.services import (
    DirectPaymentEntry,
    EntriesInvalid,
    ServiceUseEntry,
    direct_payment_problems,
    direct_payments_record,
    participants_visible_to,
    service_use_problems,
    service_use_record,
)
from people.models import User

MAX_ROWS = 50_000
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


@dataclass(frozen=True)
class Problem:
    """A reason a file cannot be imported: ``row`` is the line number in the file (1: header)."""

    row: int
    message: str


@dataclass
class Checked[E]:
    """A checked file: the entries it would record, with their line numbers, and its problems."""

    entries: list[E] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    prices: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.entries)


class ImportInvalid(Exception):  # noqa: N818
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problems")


def _read(
    text: str, columns: Sequence[str]
) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    """The data rows of a CSV file with exactly ``columns`` (in any order), by line number."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(reader)
    except StopIteration:
        return [], [Problem(1, "The file is empty.")]
    except csv.Error as error:
        return [], [Problem(1, f"The file is not CSV: {error}")]
    names = [name.strip().lower() for name in header]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        return [], [Problem(1, f"The header names a column twice: {', '.join(duplicated)}.")]
    missing = [c for c in columns if c not in names]
    extra = [n for n in names if n not in columns]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"missing {', '.join(missing)}")
        if extra:
            parts.append(f"unexpected {', '.join(extra)}")
        return [], [Problem(1, f"The header must be {', '.join(columns)} ({'; '.join(parts)}).")]
    rows: list[tuple[int, dict[str, str]]] = []
    problems: list[Problem] = []
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if [v.strip().lower() for v in values] == names:
                problems.append(Problem(line, "This row repeats the header."))
                continue
            if len(values) != len(names):
                problems.append(
                    Problem(
                        line, f"This row has {len(values)} values; the header has {len(names)}."
                    )
                )
                continue
            row = {n: v.strip() for n, v in zip(names, values, strict=True)}
            unsafe = [(n, reason) for n, v in row.items() if (reason := unsafe_character(v))]
            if unsafe:
                problems.extend(Problem(line, f"{name}: {reason}") for name, reason in unsafe)
                continue
            rows.append((line, row))
            if len(rows) > MAX_ROWS:
                return [], [Problem(line, f"A file can hold at most {MAX_ROWS:,} rows.")]
    except csv.Error as error:
        problems.append(Problem(reader.line_num, f"This row cannot be read: {error}"))
    if not rows and not problems:
        problems.append(Problem(1, "The file has a header but no rows."))
    return rows, problems


def _parse_date(text: str) -> date:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007  (a date, no time)
        except ValueError:
            continue
    raise ValueError(f"“{text}” is not a date: use 2011-04-01 or 01/04/2011")


def _participants_by_number(user: User, rows) -> dict[str, Participant]:
    numbers = set()
    for _, row in rows:
        try:
            numbers.add(nhs_number.normalise(row["nhs_number"]))
        except nhs_number.NHSNumberError:
            continue
    found = participants_visible_to(user).filter(nhs_number__in=numbers)
    return {p.nhs_number: p for p in found}


def _participant(row: dict, known: dict[str, Participant], errors: list[str]) -> Participant | None:
    try:
        digits = nhs_number.normalise(row["nhs_number"])
    except nhs_number.NHSNumberError as error:
        errors.append(f"NHS number “{row['nhs_number']}”: {error}.")
        return None
    if digits not in known:
        errors.append(
            f"Unknown NHS number {nhs_number.display(digits)}: no such person in your team."
        )
        return None
    return known[digits]


def _date(row: dict, errors: list[str]) -> date | None:
    try:
        return _parse_date(row["date"])
    except ValueError as error:
        errors.append(f"Bad date: {error}.")
        return None


def _with_entry_errors[E](checked: Checked[E], invalid: dict[int, dict[str, list[str]]]) -> None:
    for index, by_field in invalid.items():
        for messages in by_field.values():
            for message in messages:
                checked.problems.append(Problem(checked.lines[index], message))


def check_service_use(*, user: User, text: str) -> Checked[ServiceUseEntry]:
    """Check a file of ``nhs_number, intervention, date, quantity``."""
    checked: Checked[ServiceUseEntry] = Checked()
    rows, checked.problems = _read(text, ("nhs_number", "intervention", "date", "quantity"))
    known = _participants_by_number(user, rows)
    interventions = {i.code: i for i in Intervention.objects.all()}
    for line, row in rows:
        errors: list[str] = []
        participant = _participant(row, known, errors)
        intervention = interventions.get(row["intervention"].lower())
        if intervention is None:
            errors.append(f"Unknown intervention “{row['intervention']}”.")
        day = _date(row, errors)
        quantity = row["quantity"]
        if not re.fullmatch("[0-9]{1,18}", quantity) or int(quantity) <= 0:
            errors.append(f"Quantity “{quantity}” must be a whole number more than 0.")
        if errors:
            checked.problems.extend(Problem(line, e) for e in errors)
            continue
        checked.entries.append(ServiceUseEntry(participant, intervention, day, int(quantity)))
        checked.lines.append(line)
    checked.prices, invalid = service_use_problems(user=user, entries=checked.entries)
    _with_entry_errors(checked, invalid)
    checked.problems.sort(key=lambda p: p.row)
    return checked


def check_direct_payments(*, user: User, text: str) -> Checked[DirectPaymentEntry]:
    """Check a file of ``nhs_number, date, amount, description``."""
    checked: Checked[DirectPaymentEntry] = Checked()
    rows, checked.problems = _read(text, ("nhs_number", "date", "amount", "description"))
    known = _participants_by_number(user, rows)
    for line, row in rows:
        errors: list[str] = []
        participant = _participant(row, known, errors)
        day = _date(row, errors)
        amount: Decimal | None = None
        try:
            amount = parse_amount(row["amount"])
        except MoneyError as error:
            errors.append(f"Amount “{row['amount']}”: {error}.")
        if not row["description"]:
            errors.append("Say what the payment was for (description).")
        if errors:
            checked.problems.extend(Problem(line, e) for e in errors)
            continue
        checked.entries.append(DirectPaymentEntry(participant, day, amount, row["description"]))
        checked.lines.append(line)
    _with_entry_errors(checked, direct_payment_problems(user=user, entries=checked.entries))
    checked.problems.sort(key=lambda p: p.row)
    return checked


def check_categories(*, user: User, text: str) -> Checked[CategoryEntry]:
    """Check a file of ``nhs_number, phb_category`` (the category's code or its label)."""
    checked: Checked[CategoryEntry] = Checked()
    rows, checked.problems = _read(text, ("nhs_number", "phb_category"))
    known = _participants_by_number(user, rows)
    first_line: dict[int, int] = {}
    for line, row in rows:
        errors: list[str] = []
        participant = _participant(row, known, errors)
        if participant is not None and participant.pk in first_line:
            errors.append(
                f"{participant.nhs_number_display} is on line {first_line[participant.pk]} "
                "already: give each person once."
            )
        category = category_named(row["phb_category"])
        if category is None:
            errors.append(
                f"Unknown PHB category “{row['phb_category']}”: use one of "
                f"{', '.join(Participant.PhbCategory.values)}, or its name."
            )
        if participant is not None:
            first_line.setdefault(participant.pk, line)
        if errors:
            checked.problems.extend(Problem(line, e) for e in errors)
            continue
        checked.entries.append(CategoryEntry(participant, category))
        checked.lines.append(line)
    _with_entry_errors(checked, category_problems(user=user, entries=checked.entries))
    checked.problems.sort(key=lambda p: p.row)
    return checked


def _import[E](checked: Checked[E], record: Callable[..., list], user: User) -> list:
    if not checked.ok:
        raise ImportInvalid(checked.problems or [Problem(1, "The file has no rows.")])
    try:
        return record(user=user, entries=checked.entries)
    except EntriesInvalid as invalid:
        _with_entry_errors(checked, invalid.errors)
        checked.problems.sort(key=lambda p: p.row)
        raise ImportInvalid(checked.problems) from None


def import_service_use(*, user: User, text: str) -> list:
    """Record every row of the file, or none (``ImportInvalid`` lists every bad row)."""
    return _import(check_service_use(user=user, text=text), service_use_record, user)


def import_direct_payments(*, user: User, text: str) -> list:
    return _import(check_direct_payments(user=user, text=text), direct_payments_record, user)


def import_categories(*, user: User, text: str) -> list:
    """Set the category of every person of the file, or of none."""
    return _import(check_categories(user=user, text=text), categories_record, user)
