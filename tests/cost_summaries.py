"""The cost summaries as dictionaries, and the same sums counted one event at a time, for
the tests of the summaries."""

from costing.core.years import FinancialYear
from participants.models import CareCostSummary, DirectPayment, DirectPaymentSummary, ServiceEvent
from participants.services import ServiceUseEntry, service_use_record


def use_summary() -> dict[tuple[int, int, int], int]:
    return {
        (row.participant_id, row.year, row.tariff_price_id): row.quantity
        for row in CareCostSummary.objects.all()
    }


def paid_summary() -> dict[tuple[int, int], int]:
    return {
        (row.participant_id, row.year): row.pennies for row in DirectPaymentSummary.objects.all()
    }


def use_counted() -> dict[tuple[int, int, int], int]:
    """The events summed in Python, one by one: what the summary must hold."""
    totals: dict[tuple[int, int, int], int] = {}
    for event in ServiceEvent.objects.all():
        key = (event.participant_id, FinancialYear.of(event.date).start_year, event.tariff_price_id)
        totals[key] = totals.get(key, 0) + event.quantity
    return totals


def paid_counted() -> dict[tuple[int, int], int]:
    totals: dict[tuple[int, int], int] = {}
    for payment in DirectPayment.objects.all():
        key = (payment.participant_id, FinancialYear.of(payment.date).start_year)
        totals[key] = totals.get(key, 0) + int(payment.amount * 100)
    return totals


def record(people, person, code, day, quantity, tariffs):
    return service_use_record(
        user=people.coordinator,
        entries=[ServiceUseEntry(person, tariffs[code].intervention, day, quantity)],
    )
