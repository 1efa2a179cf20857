from datetime import date
from decimal import Decimal

import factory
from django.contrib.auth.hashers import make_password
from django.db import models

from people.models import Organisation, Role, Team, User

PASSWORD = "correct-horse-battery"


class _PasswordHash:
    """Argon2 is slow on purpose: hash the test password once, not per user."""

    value: str | None = None

    @classmethod
    def get(cls) -> str:
        if cls.value is None:
            cls.value = make_password(PASSWORD)
        return cls.value


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Integrated Care Board {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Community Mental Health Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    """A coordinator of a new team unless told otherwise."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    role = Role.COORDINATOR
    team = factory.Maybe(
        factory.LazyAttribute(lambda user: user.role in (Role.COORDINATOR, Role.FACILITATOR)),
        yes_declaration=factory.SubFactory(TeamFactory),
        no_declaration=None,
    )
    organisation = factory.Maybe(
        factory.LazyAttribute(lambda user: user.role in (Role.COMMISSIONER, Role.PEER_REVIEWER)),
        yes_declaration=factory.SubFactory(OrganisationFactory),
        no_declaration=None,
    )
    is_staff = factory.LazyAttribute(lambda user: user.role == Role.ADMINISTRATOR)
    password = factory.LazyFunction(_PasswordHash.get)


def _unissued_numbers():
    from participants.nhs_number import unissued

    return unissued(9_998_000_000)


_NHS_NUMBERS = _unissued_numbers()


class InterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "costing.Intervention"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"service-{n}")
    name = factory.LazyAttribute(lambda i: f"Service {i.code}")
    unit = "contact"


class TariffPriceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "costing.TariffPrice"

    intervention = factory.SubFactory(InterventionFactory)
    price = Decimal("100.00")
    valid_from = date(2010, 4, 1)
    valid_to = None


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A person with an unissued NHS number (999 range), in a new team unless told."""

    class Meta:
        model = "participants.Participant"

    nhs_number = factory.LazyFunction(lambda: next(_NHS_NUMBERS))
    given_name = factory.Faker("first_name", locale="en_GB")
    family_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=18, maximum_age=80)
    address = factory.Faker("address", locale="en_GB")
    team = factory.SubFactory(TeamFactory)
    cohort = "none"


class ServiceEventFactory(factory.django.DjangoModelFactory):
    """An event priced at the tariff in force on its date (the intervention must have one)."""

    class Meta:
        model = "participants.ServiceEvent"

    participant = factory.SubFactory(ParticipantFactory)
    intervention = factory.SubFactory(InterventionFactory)
    date = date(2010, 6, 1)
    quantity = 1
    tariff_price = factory.LazyAttribute(
        lambda e: e.intervention.prices.get(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=e.date),
            valid_from__lte=e.date,
        )
    )
    entered_by = factory.SubFactory(UserFactory)


class DirectPaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "participants.DirectPayment"

    participant = factory.SubFactory(ParticipantFactory)
    date = date(2011, 6, 1)
    amount = Decimal("100.00")
    description = "Gym membership"
    entered_by = factory.SubFactory(UserFactory)


PILOT_TARIFFS = (
    ("cmht", "Community mental health team contact", "contact", Decimal("202.04"), False),
    ("crisis", "Crisis team contact", "contact", Decimal("180.71"), True),
    ("inpatient", "Inpatient bed stay", "bed_day", Decimal("481.18"), True),
)


def pilot_tariffs() -> dict:
    """The interventions and prices of Table 2, in force from 1 April 2010."""
    prices = {}
    for code, name, unit, price, acute in PILOT_TARIFFS:
        intervention = InterventionFactory(code=code, name=name, unit=unit, acute_or_crisis=acute)
        prices[code] = TariffPriceFactory(intervention=intervention, price=price)
    return prices
