"""Financial years: 1 April to 31 March, named ``2010-11``."""

import re
from dataclasses import dataclass
from datetime import date

_LABEL = re.compile(r"([0-9]{4})-([0-9]{2})")

FIRST_YEAR = 2000
"""The first financial year the product knows, 2000-01 (the pilot's are 2010-11 on)."""
LAST_YEAR = 2099
"""The last, 2099-00: a year named by its last two digits is unambiguous in one century."""


class FinancialYearError(ValueError):
    """Text that does not name a financial year."""


@dataclass(frozen=True, order=True, slots=True)
class FinancialYear:
    """The financial year that starts on 1 April of ``start_year``."""

    start_year: int

    @classmethod
    def of(cls, day: date) -> "FinancialYear":
        """The year a date falls in: 31 March 2011 is in 2010-11, 1 April 2011 in 2011-12."""
        return cls(day.year if day.month >= 4 else day.year - 1)

    @classmethod
    def parse(cls, label: str) -> "FinancialYear":
        """Read ``"2010-11"`` strictly: four digits, a hyphen, the next year's last two digits."""
        match = _LABEL.fullmatch(str(label).strip())
        if not match:
            raise FinancialYearError(f"“{label}” is not a financial year such as 2010-11")
        start = int(match[1])
        if int(match[2]) != (start + 1) % 100:
            raise FinancialYearError(
                f"“{label}” is not a financial year: {start} is followed by "
                f"{(start + 1) % 100:02d}, as in {start}-{(start + 1) % 100:02d}"
            )
        if not FIRST_YEAR <= start <= LAST_YEAR:
            raise FinancialYearError(
                f"“{label}” is outside the years the service knows: "
                f"{FinancialYear(FIRST_YEAR)} to {FinancialYear(LAST_YEAR)}"
            )
        return cls(start)

    @property
    def first_day(self) -> date:
        return date(self.start_year, 4, 1)

    @property
    def last_day(self) -> date:
        return date(self.start_year + 1, 3, 31)

    @property
    def label(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    def __contains__(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    def next(self) -> "FinancialYear":
        return FinancialYear(self.start_year + 1)

    def previous(self) -> "FinancialYear":
        return FinancialYear(self.start_year - 1)

    def __str__(self) -> str:
        return self.label


EARLIEST_DAY = FinancialYear(FIRST_YEAR).first_day
LATEST_DAY = FinancialYear(LAST_YEAR).last_day


def check_day(day: date) -> date:
    """A date of care (an event, a payment, a price, a plan, a review) within the years the
    service knows: 1 April 2000 to 31 March 2100."""
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise FinancialYearError(
            f"Enter a date from {EARLIEST_DAY:%-d %B %Y} to {LATEST_DAY:%-d %B %Y}"
        )
    return day
