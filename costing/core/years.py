"""Financial years: 1 April to 31 March, named ``2010-11``."""

import re
from dataclasses import dataclass
from datetime import date

_LABEL = re.compile(r"(\d{4})-(\d{2})")


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
