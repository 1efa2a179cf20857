"""The pricing core, on plain values: financial years, dated tariffs, cost of care,
indicative budgets and the 15% rule."""

import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from costing.core.care import (
    CostLine,
    PricedUse,
    ServiceUse,
    cost_lines,
    cost_of_care,
    summarise,
    totals,
)
from costing.core.indicative import (
    IndicativeBudgetError,
    Method,
    cluster_based,
    manual,
    service_based,
)
from costing.core.money import (
    MAX_AMOUNT,
    MoneyError,
    format_pounds,
    parse_amount,
    percent_change,
    to_pennies,
)
from costing.core.quantities import MAX_PURCHASE_QUANTITY, QuantityError, check_quantity
from costing.core.signoff import Route, limit, route
from costing.core.spending import (
    MAX_LINES,
    MAX_PLAN_TOTAL,
    Frequency,
    Line,
    line_cost,
    line_problem,
)
from costing.core.tariffs import (
    DatedPrice,
    NoTariffError,
    PriceChangeError,
    add_price,
    check_no_overlap,
    price_on,
)
from costing.core.years import FIRST_YEAR, FinancialYear, FinancialYearError, check_day

PILOT = {
    "cmht": [DatedPrice(Decimal("202.04"), date(2010, 4, 1))],
    "crisis": [DatedPrice(Decimal("180.71"), date(2010, 4, 1))],
    "inpatient": [DatedPrice(Decimal("481.18"), date(2010, 4, 1))],
}
Y2010 = FinancialYear(2010)
Y2011 = FinancialYear(2011)


def uses(code: str, count: int, day: date) -> list[ServiceUse]:
    return [ServiceUse(code, day, 1) for _ in range(count)]


def test_the_pricing_core_imports_no_django():
    code = (
        "import sys; import costing.core.care, costing.core.indicative, costing.core.signoff; "
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


class TestFinancialYears:
    def test_a_year_runs_from_1_april_to_31_march(self):
        assert FinancialYear.of(date(2010, 4, 1)).label == "2010-11"
        assert FinancialYear.of(date(2011, 3, 31)).label == "2010-11"
        assert FinancialYear.of(date(2011, 4, 1)).label == "2011-12"
        assert Y2010.first_day == date(2010, 4, 1)
        assert Y2010.last_day == date(2011, 3, 31)

    def test_the_turn_of_the_century_is_named_like_any_other(self):
        assert FinancialYear(2099).label == "2099-00"
        assert FinancialYear.parse("2099-00") == FinancialYear(2099)

    def test_the_years_the_service_knows_run_from_2000_01_to_2099_00(self):
        assert FinancialYear.parse("2000-01") == FinancialYear(FIRST_YEAR)
        for text in ("1999-00", "2100-01", "0001-02", "9998-99"):
            with pytest.raises(FinancialYearError, match="2000-01 to 2099-00"):
                FinancialYear.parse(text)

    def test_a_year_is_written_in_plain_digits(self):
        with pytest.raises(FinancialYearError):
            FinancialYear.parse("２０１０-１１")  # full-width digits  # noqa: RUF001

    def test_dates_of_care_fall_within_those_years(self):
        assert check_day(date(2000, 4, 1)) == date(2000, 4, 1)
        assert check_day(date(2100, 3, 31)) == date(2100, 3, 31)
        for day in (date(2000, 3, 31), date(2100, 4, 1), date(1, 1, 1), date(9999, 12, 31)):
            with pytest.raises(FinancialYearError, match="1 April 2000 to 31 March 2100"):
                check_day(day)

    @pytest.mark.parametrize("text", ["2010-11", " 2010-11 "])
    def test_parses_a_year(self, text):
        assert FinancialYear.parse(text) == Y2010

    @pytest.mark.parametrize("text", ["2010-12", "2010/11", "10-11", "2010-2011", "2010", "", "x"])
    def test_refuses_anything_else(self, text):
        with pytest.raises(FinancialYearError):
            FinancialYear.parse(text)

    @given(st.dates(min_value=date(2000, 4, 1), max_value=date(2100, 3, 31)))
    def test_every_date_is_in_exactly_its_own_year(self, day):
        year = FinancialYear.of(day)
        assert day in year
        assert day not in year.next()
        assert day not in year.previous()
        assert FinancialYear.parse(year.label) == year


class TestMoney:
    def test_rounds_half_up_at_the_penny(self):
        assert to_pennies(Decimal("0.005")) == Decimal("0.01")
        assert to_pennies(Decimal("5576.304")) == Decimal("5576.30")
        assert to_pennies(Decimal("2.675")) == Decimal("2.68")

    def test_refuses_floats(self):
        with pytest.raises(TypeError):
            to_pennies(0.1)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            parse_amount(0.1)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("4800", "4800.00"),
            ("£1,234.50", "1234.50"),
            (" 0.01 ", "0.01"),
            ("£ 12", "12.00"),
            ("1,000,000.00", "1000000.00"),
            (Decimal("7.5"), "7.50"),
            (12, "12.00"),
        ],
    )
    def test_reads_amounts(self, text, expected):
        assert parse_amount(text) == Decimal(expected)

    @pytest.mark.parametrize(
        "text",
        [
            "12.345",
            "0",
            "-5",
            "abc",
            "NaN",
            "Infinity",
            "-Infinity",
            "sNaN",
            "",
            "1e3",
            "1E3",
            "+5",
            "１２",  # full-width digits  # noqa: RUF001
            "٣",  # an Arabic-Indic three
            "1_000",
            "12,34",
            "1,2345.00",
            ".5",
            "5.",
            "0x10",
            "1000000.01",
            "99999999999999999999999999999999",
            Decimal("NaN"),
            Decimal("1E+7"),
            Decimal("-1"),
        ],
    )
    def test_refuses_bad_amounts_without_rounding(self, text):
        with pytest.raises(MoneyError):
            parse_amount(text)

    def test_no_amount_is_more_than_a_million_pounds(self):
        assert parse_amount(str(MAX_AMOUNT)) == Decimal("1000000.00")
        with pytest.raises(MoneyError, match=r"at most £1,000,000\.00"):
            parse_amount("1000000.01")

    def test_formats_pounds(self):
        assert format_pounds(Decimal("4774.2")) == "£4,774.20"
        assert format_pounds(Decimal("-25.8")) == "-£25.80"

    def test_percent_change_to_one_decimal(self):
        assert percent_change(Decimal("78461.72"), Decimal("89340.20")) == Decimal("13.9")
        assert percent_change(Decimal("199094.47"), Decimal("91772.01")) == Decimal("-53.9")
        assert percent_change(Decimal("0"), Decimal("10")) is None


class TestTariffs:
    def test_the_price_in_force_on_a_date(self):
        prices = [
            DatedPrice(Decimal("202.04"), date(2010, 4, 1), date(2010, 9, 30)),
            DatedPrice(Decimal("210.00"), date(2010, 10, 1)),
        ]
        assert price_on(prices, date(2010, 9, 30), intervention="cmht").price == Decimal("202.04")
        assert price_on(prices, date(2010, 10, 1), intervention="cmht").price == Decimal("210.00")

    def test_no_price_in_force_is_an_error_never_zero(self):
        with pytest.raises(NoTariffError, match="no cmht tariff in force on 31 March 2010"):
            price_on(PILOT["cmht"], date(2010, 3, 31), intervention="cmht")

    def test_a_new_price_closes_the_current_one_the_day_before(self):
        closed, new = add_price(PILOT["cmht"], Decimal("210.00"), date(2010, 10, 1))
        assert closed == DatedPrice(Decimal("202.04"), date(2010, 4, 1), date(2010, 9, 30))
        assert new == DatedPrice(Decimal("210.00"), date(2010, 10, 1), None)
        check_no_overlap([closed, new])

    def test_a_new_price_cannot_start_before_the_current_one(self):
        with pytest.raises(PriceChangeError, match="must start after"):
            add_price(PILOT["cmht"], Decimal("210.00"), date(2010, 4, 1))

    def test_a_price_is_above_zero(self):
        with pytest.raises(PriceChangeError):
            add_price(PILOT["cmht"], Decimal("0"), date(2011, 4, 1))

    def test_overlapping_periods_are_refused(self):
        with pytest.raises(PriceChangeError):
            check_no_overlap(
                [
                    DatedPrice(Decimal("1.00"), date(2010, 4, 1), date(2010, 12, 31)),
                    DatedPrice(Decimal("2.00"), date(2010, 10, 1)),
                ]
            )


class TestCostOfCare:
    def test_participant_8_in_2010_11(self):
        events = [
            *uses("cmht", 49, date(2010, 5, 1)),
            *uses("crisis", 5, date(2010, 8, 1)),
            *uses("inpatient", 18, date(2011, 1, 10)),
        ]
        cost = cost_of_care(Y2010, events, PILOT)
        assert [(line.intervention, line.quantity, line.cost) for line in cost.lines] == [
            ("cmht", 49, Decimal("9899.96")),
            ("crisis", 5, Decimal("903.55")),
            ("inpatient", 18, Decimal("8661.24")),
        ]
        assert cost.direct_payments == Decimal("0.00")
        assert cost.total == Decimal("19464.75")

    def test_participant_11_in_2011_12_with_a_direct_payment(self):
        events = uses("cmht", 2, date(2011, 7, 1))
        cost = cost_of_care(Y2011, events, PILOT, [(date(2011, 6, 1), Decimal("3855.00"))])
        assert cost.total == Decimal("4259.08")
        assert cost.direct_payments == Decimal("3855.00")

    def test_a_price_change_mid_year_gives_two_lines(self):
        tariffs = {
            "cmht": [
                DatedPrice(Decimal("202.04"), date(2010, 4, 1), date(2010, 9, 30)),
                DatedPrice(Decimal("210.00"), date(2010, 10, 1)),
            ]
        }
        events = [*uses("cmht", 3, date(2010, 9, 30)), *uses("cmht", 2, date(2010, 10, 1))]
        cost = cost_of_care(Y2010, events, tariffs)
        assert cost.lines == (
            CostLine("cmht", 3, Decimal("202.04"), Decimal("606.12")),
            CostLine("cmht", 2, Decimal("210.00"), Decimal("420.00")),
        )
        assert cost.total == Decimal("1026.12")

    def test_events_and_payments_outside_the_year_are_left_out(self):
        events = [ServiceUse("cmht", date(2011, 3, 31), 1), ServiceUse("cmht", date(2011, 4, 1), 5)]
        payments = [(date(2011, 3, 31), Decimal("10.00")), (date(2011, 4, 1), Decimal("99.00"))]
        cost = cost_of_care(Y2010, events, PILOT, payments)
        assert cost.total == Decimal("212.04")

    def test_an_event_with_no_tariff_cannot_be_priced(self):
        with pytest.raises(NoTariffError):
            cost_of_care(FinancialYear(2009), [ServiceUse("cmht", date(2010, 3, 1), 1)], PILOT)

    def test_each_line_is_rounded_half_up(self):
        lines = cost_lines([_priced("therapy", "10.005", 1)])
        assert lines[0].cost == Decimal("10.01")


def _priced(code, price, quantity):
    from costing.core.care import PricedUse

    return PricedUse(code, Decimal(price), quantity)


money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999.99"), places=2)
service_use = st.builds(
    ServiceUse,
    intervention=st.sampled_from(["cmht", "crisis", "inpatient", "split"]),
    day=st.dates(min_value=date(2010, 4, 1), max_value=date(2011, 3, 31)),
    quantity=st.integers(min_value=1, max_value=40),
)
SPLIT_PRICES = {
    **PILOT,
    "split": [
        DatedPrice(Decimal("99.99"), date(2010, 4, 1), date(2010, 9, 30)),
        DatedPrice(Decimal("101.01"), date(2010, 10, 1)),
    ],
}


class TestCostOfCareProperties:
    @given(st.lists(service_use, max_size=40), st.lists(money, max_size=3))
    def test_the_total_is_the_sum_of_its_lines_and_payments(self, events, payments):
        cost = cost_of_care(Y2010, events, SPLIT_PRICES, [(date(2010, 6, 1), p) for p in payments])
        assert cost.total == sum((line.cost for line in cost.lines), Decimal(0)) + sum(
            payments, Decimal(0)
        )
        assert cost.total == cost.services + cost.direct_payments

    @given(st.lists(service_use, max_size=40), st.integers(min_value=0, max_value=40))
    def test_pricing_two_halves_adds_up_to_the_whole(self, events, cut):
        whole = cost_of_care(Y2010, events, SPLIT_PRICES).total
        first = cost_of_care(Y2010, events[:cut], SPLIT_PRICES).total
        second = cost_of_care(Y2010, events[cut:], SPLIT_PRICES).total
        assert first + second == whole

    @given(st.lists(service_use, max_size=20))
    def test_no_float_anywhere(self, events):
        cost = cost_of_care(Y2010, events, SPLIT_PRICES, [(date(2010, 6, 1), Decimal("1.50"))])
        values = [cost.total, cost.direct_payments]
        for line in cost.lines:
            values += [line.unit_price, line.cost]
            assert isinstance(line.quantity, int)
        assert all(isinstance(v, Decimal) for v in values)
        assert all(
            v.as_tuple().exponent == -2 for v in (cost.total, *[ln.cost for ln in cost.lines])
        )

    @given(
        st.lists(
            st.tuples(
                st.integers(0, 4),
                st.sampled_from(["cmht", "crisis"]),
                st.sampled_from([Decimal("202.04"), Decimal("10.005"), Decimal("0.333")]),
                st.integers(min_value=1, max_value=40),
            ),
            max_size=40,
        ),
        st.dictionaries(st.integers(0, 4), money, max_size=3),
    )
    def test_many_peoples_totals_at_once_are_each_ones_summary(self, priced, paid):
        """Lines at a price with a fraction of a penny are added before they are rounded,
        in both; lines at whole pennies add up the same either way."""
        summed = totals(priced, paid)
        for key in range(5):
            uses = [PricedUse(code, price, n) for k, code, price, n in priced if k == key]
            expected = summarise(Y2010, uses, [paid.get(key, Decimal("0.00"))]).total
            assert summed.get(key, Decimal("0.00")) == expected
            assert key not in summed or summed[key].as_tuple().exponent == -2

    def test_summarise_takes_lines_already_priced(self):
        cost = summarise(Y2011, [_priced("cmht", "202.04", 2)], [Decimal("3855")])
        assert cost.total == Decimal("4259.08")


class TestIndicativeBudgets:
    @pytest.mark.parametrize(
        ("contacts", "amount"),
        [(12, "2424.48"), (30, "6061.20"), (48, "9697.92"), (24, "4848.96"), (84, "16971.36")],
    )
    def test_table_11_budgets_are_whole_numbers_of_cmht_contacts(self, contacts, amount):
        calc = service_based({"cmht": contacts}, PILOT, date(2012, 4, 1), names={"cmht": "CMHT"})
        assert calc.method == Method.SERVICE
        assert calc.amount == Decimal(amount)
        assert calc.workings[0].description == f"{contacts} × CMHT at £202.04"

    def test_service_based_adds_each_intervention(self):
        calc = service_based({"cmht": 4, "crisis": 1, "inpatient": 0}, PILOT, date(2012, 4, 1))
        assert [w.amount for w in calc.workings] == [Decimal("808.16"), Decimal("180.71")]
        assert calc.amount == Decimal("988.87")

    def test_service_based_needs_something_expected(self):
        with pytest.raises(IndicativeBudgetError):
            service_based({"cmht": 0}, PILOT, date(2012, 4, 1))

    def test_service_based_refuses_part_contacts(self):
        with pytest.raises(IndicativeBudgetError) as error:
            service_based({"cmht": Decimal("1.5")}, PILOT, date(2012, 4, 1))  # type: ignore[dict-item]
        assert error.value.field == "cmht"

    def test_service_based_expects_at_most_a_years_contacts_or_bed_days(self):
        units = {"cmht": "contact", "inpatient": "bed_day"}
        calc = service_based(
            {"cmht": 1_000, "inpatient": 366}, PILOT, date(2012, 4, 1), units=units
        )
        assert calc.amount == Decimal("378151.88")  # 202,040.00 + 176,111.88
        with pytest.raises(IndicativeBudgetError, match="at most 366 bed days") as error:
            service_based({"inpatient": 367}, PILOT, date(2012, 4, 1), units=units)
        assert error.value.field == "inpatient"
        with pytest.raises(IndicativeBudgetError, match="at most 1,000 contacts"):
            service_based({"cmht": 10**30}, PILOT, date(2012, 4, 1), units=units)

    def test_no_indicative_budget_is_more_than_a_million_pounds(self):
        dear = {"cmht": [DatedPrice(Decimal("1000.00"), date(2010, 4, 1))]}
        assert service_based({"cmht": 1_000}, dear, date(2012, 4, 1)).amount == MAX_AMOUNT
        dearer = {"cmht": [DatedPrice(Decimal("1000.01"), date(2010, 4, 1))]}
        with pytest.raises(IndicativeBudgetError, match=r"at most £1,000,000\.00"):
            service_based({"cmht": 1_000}, dearer, date(2012, 4, 1))
        with pytest.raises(IndicativeBudgetError, match=r"at most £1,000,000\.00"):
            manual("1000000.01", "A dear package")

    def test_service_based_with_no_tariff_on_the_date(self):
        with pytest.raises(NoTariffError):
            service_based({"cmht": 1}, PILOT, date(2009, 4, 1))

    def test_cluster_based_is_the_whole_cluster_cost_by_default(self):
        calc = cluster_based("8", FinancialYear(2012), Decimal("12045"))
        assert calc.amount == Decimal("12045.00")
        assert "2012-13" in calc.workings[0].description

    def test_cluster_based_takes_the_community_share_rounded_half_up(self):
        calc = cluster_based("1", FinancialYear(2012), Decimal("5475"), Decimal("0.333"))
        assert calc.amount == Decimal("1823.18")  # 1823.175

    @pytest.mark.parametrize("share", ["0", "1.01", "-0.5"])
    def test_cluster_share_between_nothing_and_all(self, share):
        with pytest.raises(IndicativeBudgetError):
            cluster_based("1", FinancialYear(2012), Decimal("5475"), Decimal(share))

    def test_manual_needs_a_reason(self):
        assert manual("4800.00", "Agreed at panel").amount == Decimal("4800.00")
        with pytest.raises(IndicativeBudgetError) as error:
            manual("4800.00", "  ")
        assert error.value.field == "reason"
        with pytest.raises(IndicativeBudgetError) as error:
            manual("4800.005", "Too precise")
        assert error.value.field == "amount"


class TestSignOffRule:
    @pytest.mark.parametrize(
        ("indicative", "total", "expected"),
        [
            ("4000.00", "4600.00", Route.FACILITATOR),
            ("4000.00", "4600.01", Route.COMMISSIONER),
            ("4848.96", "5576.30", Route.FACILITATOR),
            ("4848.96", "5576.31", Route.COMMISSIONER),
            ("4800.00", "4774.20", Route.FACILITATOR),
        ],
    )
    def test_the_acceptance_figures(self, indicative, total, expected):
        assert route(Decimal(total), Decimal(indicative)) == expected

    def test_the_limit_is_not_rounded(self):
        assert limit(Decimal("4848.96")) == Decimal("5576.304")

    @given(money, st.integers(min_value=-100, max_value=100))
    def test_exactly_15_percent_over_is_the_facilitators(self, indicative, pennies):
        total = indicative * Decimal("1.15") + Decimal(pennies) / 1000
        expected = Route.FACILITATOR if pennies <= 0 else Route.COMMISSIONER
        assert route(total, indicative) == expected


def test_dates_are_contiguous_when_a_price_is_closed():
    closed, new = add_price(PILOT["inpatient"], Decimal("500.00"), date(2012, 4, 1))
    assert closed.valid_to + timedelta(days=1) == new.valid_from


class TestQuantities:
    def test_an_entry_holds_at_most_1000_contacts_or_366_bed_days(self):
        assert check_quantity(1_000, "contact") == 1_000
        assert check_quantity(366, "bed_day") == 366
        with pytest.raises(QuantityError, match="at most 1,000 contacts"):
            check_quantity(1_001, "contact")
        with pytest.raises(QuantityError, match="at most 366 bed days"):
            check_quantity(367, "bed_day")

    @pytest.mark.parametrize("quantity", [0, -1, True, 1.5, "3", None, 2**63])
    def test_a_quantity_is_a_whole_number_from_1(self, quantity):
        with pytest.raises(QuantityError):
            check_quantity(quantity, "contact")

    def test_a_purchase_buys_at_most_1000_each_time(self):
        assert check_quantity(MAX_PURCHASE_QUANTITY, "purchase") == 1_000
        with pytest.raises(QuantityError, match="at most 1,000 each time"):
            check_quantity(1_001, "purchase")


class TestSpendingLimits:
    def test_a_line_costs_at_most_a_million_pounds_a_year_or_once(self):
        weekly = Line(Decimal("1000000.00"), 1_000, Frequency.WEEKLY)
        assert line_cost(weekly).per_year == Decimal("52000000000.00")
        assert line_problem(weekly) == (
            "This line comes to £52,000,000,000.00: a line may cost at most £1,000,000.00 "
            "a year (or once)."
        )
        assert line_problem(Line(Decimal("19230.76"), 1, Frequency.WEEKLY)) is None
        assert line_problem(Line(Decimal("1000000.00"), 1, Frequency.ONE_OFF)) is None
        assert line_problem(Line(Decimal("1000000.00"), 2, Frequency.ONE_OFF)) is not None

    def test_so_a_plan_of_the_most_lines_fits_its_stored_total(self):
        assert MAX_PLAN_TOTAL == MAX_LINES * MAX_AMOUNT == Decimal("100000000.00")
        assert len(str(MAX_PLAN_TOTAL).replace(".", "")) <= 12  # submitted_total's digits
