"""The periods reports are asked for: a financial year (``2012-13``) or one of its
quarters (``2012-13-Q4``: January to March 2013)."""

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from costing.core.years import FinancialYear, FinancialYearError

QUARTER_MONTHS = {1: (4, 6), 2: (7, 9), 3: (10, 12), 4: (1, 3)}
QUARTER_NAMES = {
    1: "April to June",
    2: "July to September",
    3: "October to December",
    4: "January to March",
}
_QUARTER = re.compile(r"(.+)-[Qq]([1-4])")


class PeriodError(ValueError):
    """Text that names no year or quarter."""


@dataclass(frozen=True, order=True)
class Period:
    """A financial year, or a quarter of one (``quarter`` 1 to 4)."""

    year: FinancialYear
    quarter: int | None = None

    @classmethod
    def parse(cls, text: str) -> "Period":
        """``2012-13`` or ``2012-13-Q4``."""
        text = str(text).strip()
        match = _QUARTER.fullmatch(text)
        try:
            if match:
                return cls(FinancialYear.parse(match[1]), int(match[2]))
            return cls(FinancialYear.parse(text))
        except FinancialYearError as error:
            raise PeriodError(
                f"“{text}” is not a financial year such as 2012-13, nor a quarter such as "
                "2012-13-Q4"
            ) from error

    @classmethod
    def quarter_of(cls, day: date) -> "Period":
        year = FinancialYear.of(day)
        quarter = next(
            q for q, (first, last) in QUARTER_MONTHS.items() if first <= day.month <= last
        )
        return cls(year, quarter)

    @property
    def first_day(self) -> date:
        if self.quarter is None:
            return self.year.first_day
        first_month = QUARTER_MONTHS[self.quarter][0]
        calendar_year = self.year.start_year + (1 if self.quarter == 4 else 0)
        return date(calendar_year, first_month, 1)

    @property
    def last_day(self) -> date:
        if self.quarter is None:
            return self.year.last_day
        last_month = QUARTER_MONTHS[self.quarter][1]
        calendar_year = self.year.start_year + (1 if self.quarter == 4 else 0)
        return date(calendar_year, last_month, monthrange(calendar_year, last_month)[1])

    @property
    def label(self) -> str:
        return self.year.label if self.quarter is None else f"{self.year.label}-Q{self.quarter}"

    @property
    def name(self) -> str:
        """As people say it: 2012-13, or Q4 2012-13 (January to March)."""
        if self.quarter is None:
            return self.year.label
        return f"Q{self.quarter} {self.year.label} ({QUARTER_NAMES[self.quarter]})"

    def __contains__(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    def __str__(self) -> str:
        return self.label
